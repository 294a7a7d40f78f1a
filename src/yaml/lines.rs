//! The YAML clerks write, read a line at a time.
//!
//! Nearly every file of a site is block mappings and lists whose values are one-line scalars,
//! one-line flow collections (`{ date: …, amount: "9,000.00" }`) and `|` texts. Every YAML
//! parser of the field reads such a file through the whole YAML grammar, token by token, at
//! about 35 MB/s (granit-parser, saphyr-parser and yaml-rust2 all measured alike), and parsing
//! was the largest single part of a build's CPU: every file, and every revision compared on
//! the history pages. Read by lines, the same files parse four times faster, tree included
//! (the 20 MB of a 10,000-document site's revisions: 180 ms instead of 730 ms).
//!
//! This reader accepts only what it is sure of and returns `None` for anything else: tabs,
//! carriage returns, a byte-order mark, document markers, anchors, aliases, tags, escapes,
//! folded (`>`) and kept (`|+`) texts, multi-line plain or quoted scalars, flow collections
//! over several lines, quoted keys, `key:` followed by a list at the key's own indentation,
//! colons and comments inside flow scalars, and any error. Those documents go to the
//! parser's event path ([`super::plain_document`]), and past it to serde-saphyr.
//!
//! What it accepts it reads exactly as [`super::plain_document`] does, positions included: a
//! test holds the two equal on tricky snippets and on every file of the sample county; by
//! hand they also agreed on a 10,000-document site's whole history and on the fuzz corpus.

use super::{Key, Node, Value};
use crate::diag::Pos;

/// The event path's limits: deeper, or larger, goes there to be decided.
const MAX_DEPTH: usize = super::PLAIN_MAX_DEPTH;
const MAX_NODES: usize = super::PLAIN_MAX_NODES / 4;

/// The document in `src`, whose first line is line `1 + line_offset`, or `None` when it is not
/// in the subset this reader is sure of.
pub(super) fn document(src: &str, line_offset: u32) -> Option<Node> {
    if !printable(src) {
        return None;
    }
    let lines: Vec<&str> = src.split('\n').collect();
    if lines
        .iter()
        .any(|l| l.starts_with("---") || l.starts_with("...") || l.starts_with('%'))
    {
        return None;
    }
    let mut reader = Reader {
        lines,
        line_offset,
        nodes: 0,
    };
    let first = reader.next_content(0)?;
    let at = indent(reader.lines[first]);
    let (root, next) = reader.block(first, at, 0)?;
    // Nothing may follow the root: a line less indented than it would be a second one.
    match reader.next_content(next) {
        None => Some(root),
        Some(_) => None,
    }
}

/// No tab, carriage return or other control character, no byte-order mark, no line or
/// paragraph separator, no noncharacter: none of what YAML forbids or treats specially.
fn printable(src: &str) -> bool {
    let b = src.as_bytes();
    !b.iter().enumerate().any(|(i, &c)| match c {
        b'\n' => false,
        0..0x20 | 0x7f => true,
        // U+0080 to U+009F.
        0xc2 => matches!(b.get(i + 1), Some(0x80..=0x9f)),
        // U+2028, U+2029.
        0xe2 => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xa8 | 0xa9)),
        // U+FEFF, U+FFFE, U+FFFF.
        0xef => matches!(
            (b.get(i + 1), b.get(i + 2)),
            (Some(0xbb), Some(0xbf)) | (Some(0xbf), Some(0xbe | 0xbf))
        ),
        _ => false,
    })
}

struct Reader<'a> {
    lines: Vec<&'a str>,
    line_offset: u32,
    nodes: usize,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Only spaces, or a comment.
fn is_blank(text: &str) -> bool {
    let t = text.trim_start_matches(' ');
    t.is_empty() || t.starts_with('#')
}

/// What may follow a value on its line: nothing, spaces, or a comment after a space.
fn ends_line(rest: &str) -> bool {
    rest.is_empty() || rest.starts_with(' ') && is_blank(rest)
}

/// A plain scalar may not start with these (YAML's indicators); `-`, `?` and `:` may when a
/// character other than a space follows, but `?` and `:` are left to the parser.
fn starts_plain(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        None => false,
        Some('-') => !matches!(chars.next(), None | Some(' ')),
        Some(c) => !"?:,[]{}#&*!|>'\"%@`".contains(c),
    }
}

fn is_null(text: &str) -> bool {
    matches!(text, "~" | "null" | "Null" | "NULL")
}

impl<'a> Reader<'a> {
    fn pos(&self, line: usize, byte: usize, len: usize) -> Pos {
        Pos::new(
            (line as u32 + 1).saturating_add(self.line_offset),
            self.lines[line][..byte].chars().count() as u32 + 1,
            len.min(u32::MAX as usize) as u32,
        )
    }

    /// The first line from `from` on that is neither blank nor a comment.
    fn next_content(&self, from: usize) -> Option<usize> {
        (from..self.lines.len()).find(|&l| !is_blank(self.lines[l]))
    }

    fn count(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= MAX_NODES).then_some(())
    }

    /// Where a block collection that ended before line `next` is followed: `None` when the
    /// document ends, else the next content line and its indentation.
    fn following(&self, next: usize) -> Option<(usize, usize)> {
        let n = self.next_content(next)?;
        Some((n, indent(self.lines[n])))
    }

    /// After an entry of a block collection indented `at` that ended before line `next`: the
    /// line of the next entry, or `None` at the collection's end; `None` outside when a line
    /// is indented deeper than the entry (a continuation, which this reader leaves).
    fn next_entry(&self, next: usize, at: usize) -> Option<Option<usize>> {
        match self.following(next) {
            Some((n, i)) if i == at => Some(Some(n)),
            Some((_, i)) if i > at => None,
            _ => Some(None),
        }
    }

    /// The block mapping or list whose first entry starts at byte `at` of line `l` (after its
    /// indentation, or after a list's `- `). Returns it and the line after it.
    fn block(&mut self, l: usize, at: usize, depth: usize) -> Option<(Node, usize)> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let rest = &self.lines[l][at..];
        if rest == "-" || rest.starts_with("- ") {
            self.list(l, at, depth + 1)
        } else {
            self.mapping(l, at, depth + 1)
        }
    }

    fn mapping(&mut self, mut l: usize, at: usize, depth: usize) -> Option<(Node, usize)> {
        self.count()?;
        let pos = self.pos(l, at, 0);
        let mut entries: Vec<(Key, Node)> = Vec::new();
        loop {
            let line = self.lines[l];
            let name = key(&line[at..])?;
            if name == "<<" || is_null(name) || entries.iter().any(|(k, _)| k.name == name) {
                return None;
            }
            self.count()?;
            let key_pos = self.pos(l, at, name.chars().count());
            let colon = at + name.len();
            let after = &line[colon + 1..];
            let value_at = line.len() - after.trim_start_matches(' ').len();
            let (value, next) = if is_blank(after) {
                match self.following(l + 1) {
                    Some((n, i)) if i > at => self.block(n, i, depth)?,
                    // A list at the key's own indentation.
                    Some((n, i)) if i == at && self.lines[n][at..].starts_with('-') => {
                        return None;
                    }
                    _ => {
                        self.count()?;
                        let null = Node {
                            value: Value::Null,
                            pos: self.pos(l, colon, 0),
                        };
                        (null, l + 1)
                    }
                }
            } else if line[value_at..].starts_with('|') {
                self.literal(l, value_at, at)?
            } else {
                (self.inline(l, value_at, depth)?, l + 1)
            };
            entries.push((
                Key {
                    name: name.to_string(),
                    pos: key_pos,
                },
                value,
            ));
            match self.next_entry(next, at)? {
                Some(n) => l = n,
                None => {
                    return Some((
                        Node {
                            value: Value::Map(entries),
                            pos,
                        },
                        next,
                    ));
                }
            }
        }
    }

    fn list(&mut self, mut l: usize, at: usize, depth: usize) -> Option<(Node, usize)> {
        self.count()?;
        let pos = self.pos(l, at, 0);
        let mut items = Vec::new();
        loop {
            let line = self.lines[l];
            let item = line[at..].strip_prefix("- ")?;
            let item_at = line.len() - item.trim_start_matches(' ').len();
            let text = &line[item_at..];
            if is_blank(text) || text == "-" || text.starts_with("- ") || text.starts_with('|') {
                return None;
            }
            let (node, next) = if key(text).is_some() {
                if depth >= MAX_DEPTH {
                    return None;
                }
                self.mapping(l, item_at, depth + 1)?
            } else {
                (self.inline(l, item_at, depth)?, l + 1)
            };
            items.push(node);
            match self.next_entry(next, at)? {
                Some(n) => l = n,
                None => {
                    return Some((
                        Node {
                            value: Value::Seq(items),
                            pos,
                        },
                        next,
                    ));
                }
            }
        }
    }

    /// A value that ends on its line: a scalar or a flow collection, then at most a comment.
    fn inline(&mut self, l: usize, at: usize, depth: usize) -> Option<Node> {
        let line = self.lines[l];
        let (node, end) = match line.as_bytes()[at] {
            b'{' | b'[' => self.flow(l, at, depth)?,
            b'"' | b'\'' => self.quoted(l, at)?,
            _ => {
                let text = &line[at..];
                let end = text.find(" #").unwrap_or(text.len());
                let text = text[..end].trim_end_matches(' ');
                if !starts_plain(text) || text.contains(": ") || text.ends_with(':') {
                    return None;
                }
                (self.plain(l, at, text)?, at + end)
            }
        };
        ends_line(&line[end..]).then_some(node)
    }

    fn plain(&mut self, l: usize, at: usize, text: &str) -> Option<Node> {
        self.count()?;
        Some(Node {
            value: if is_null(text) {
                Value::Null
            } else {
                Value::Scalar(text.to_string())
            },
            pos: self.pos(l, at, text.chars().count()),
        })
    }

    /// A quoted scalar closed on its line, without escapes; returns it and the byte after it.
    fn quoted(&mut self, l: usize, at: usize) -> Option<(Node, usize)> {
        self.count()?;
        let line = self.lines[l];
        let quote = line.as_bytes()[at];
        let body = &line[at + 1..];
        let (value, len) = if quote == b'"' {
            let close = body.find(['"', '\\'])?;
            if body.as_bytes()[close] == b'\\' {
                return None;
            }
            (body[..close].to_string(), close)
        } else {
            let mut value = String::new();
            let mut i = 0;
            loop {
                let close = i + body[i..].find('\'')?;
                value.push_str(&body[i..close]);
                if body[close + 1..].starts_with('\'') {
                    value.push('\'');
                    i = close + 2;
                } else {
                    break (value, close);
                }
            }
        };
        let end = at + 1 + len + 1;
        let node = Node {
            value: Value::Scalar(value),
            pos: self.pos(l, at, line[at..end].chars().count()),
        };
        Some((node, end))
    }

    /// A `{ … }` or `[ … ]` that closes on its line; returns it and the byte after it.
    fn flow(&mut self, l: usize, at: usize, depth: usize) -> Option<(Node, usize)> {
        if depth >= MAX_DEPTH {
            return None;
        }
        self.count()?;
        let line = self.lines[l];
        let bytes = line.as_bytes();
        let is_map = bytes[at] == b'{';
        let close = if is_map { b'}' } else { b']' };
        let skip = |mut i: usize| {
            while bytes.get(i) == Some(&b' ') {
                i += 1;
            }
            i
        };
        let mut entries: Vec<(Key, Node)> = Vec::new();
        let mut items = Vec::new();
        let mut i = skip(at + 1);
        if bytes.get(i) != Some(&close) {
            loop {
                if is_map {
                    let name = flow_key(&line[i..])?;
                    if is_null(name) || name == "<<" || entries.iter().any(|(k, _)| k.name == name)
                    {
                        return None;
                    }
                    self.count()?;
                    let key = Key {
                        name: name.to_string(),
                        pos: self.pos(l, i, name.chars().count()),
                    };
                    // The key, its colon and the space after it.
                    let (value, end) = self.flow_value(l, skip(i + name.len() + 2), depth)?;
                    entries.push((key, value));
                    i = end;
                } else {
                    let (value, end) = self.flow_value(l, i, depth)?;
                    items.push(value);
                    i = end;
                }
                i = skip(i);
                match bytes.get(i) {
                    Some(b',') => {
                        i = skip(i + 1);
                        // No empty entries, no trailing comma.
                        if matches!(bytes.get(i), None | Some(b',' | b'}' | b']')) {
                            return None;
                        }
                    }
                    Some(&b) if b == close => break,
                    _ => return None,
                }
            }
        }
        let node = Node {
            value: if is_map {
                Value::Map(entries)
            } else {
                Value::Seq(items)
            },
            pos: self.pos(l, at, 1),
        };
        Some((node, i + 1))
    }

    fn flow_value(&mut self, l: usize, at: usize, depth: usize) -> Option<(Node, usize)> {
        let line = self.lines[l];
        match *line.as_bytes().get(at)? {
            b'{' | b'[' => self.flow(l, at, depth + 1),
            b'"' | b'\'' => self.quoted(l, at),
            _ => {
                let text = &line[at..];
                let end = text.find([',', '}', ']', '{', '[', ':', '#'])?;
                if !matches!(text.as_bytes()[end], b',' | b'}' | b']') {
                    return None;
                }
                let text = text[..end].trim_end_matches(' ');
                if !starts_plain(text) {
                    return None;
                }
                Some((self.plain(l, at, text)?, at + end))
            }
        }
    }

    /// A `|` or `|-` text under a key indented `parent`, its indicator at byte `at` of line
    /// `l`. Returns it and the line after it.
    fn literal(&mut self, l: usize, at: usize, parent: usize) -> Option<(Node, usize)> {
        self.count()?;
        let strip = match self.lines[l][at..].trim_end_matches(' ') {
            "|" => false,
            "|-" => true,
            _ => return None,
        };
        let first = l + 1;
        let content = *self.lines.get(first)?;
        let margin = indent(content);
        if margin <= parent || margin == content.len() {
            return None;
        }
        let mut texts: Vec<&str> = Vec::new();
        let mut text_lines = 0;
        let mut end = first;
        while let Some(&line) = self.lines.get(end) {
            let spaces = indent(line);
            if spaces == line.len() {
                // Spaces only: an empty line, if no longer than the indentation.
                if spaces > margin {
                    return None;
                }
                texts.push("");
            } else if spaces < margin {
                break;
            } else {
                texts.push(&line[margin..]);
                text_lines = texts.len();
            }
            end += 1;
        }
        texts.truncate(text_lines);
        let mut value = texts.join("\n");
        if !strip {
            value.push('\n');
        }
        // The span runs from the text's first character to the line that ends it, over the
        // empty lines before that line; the last line of the file has no line break.
        let chars: usize = self.lines[first..end]
            .iter()
            .map(|line| line.chars().count() + 1)
            .sum::<usize>()
            - margin
            - usize::from(end == self.lines.len());
        let node = Node {
            value: Value::Scalar(value),
            pos: self.pos(first, margin, chars),
        };
        Some((node, end))
    }
}

/// The plain key at the start of `text`, up to the colon that a space or the end of the line
/// follows.
fn key(text: &str) -> Option<&str> {
    if !starts_plain(text) {
        return None;
    }
    let colon = text
        .match_indices(':')
        .map(|(i, _)| i)
        .find(|&i| matches!(text.as_bytes().get(i + 1), None | Some(b' ')))?;
    let name = &text[..colon];
    if name.ends_with(' ') || name.contains(['#', ',', '[', ']', '{', '}', '"', '\'']) {
        return None;
    }
    Some(name)
}

/// The plain key at the start of `text` inside braces: up to a colon and a space.
fn flow_key(text: &str) -> Option<&str> {
    if !starts_plain(text) {
        return None;
    }
    let end = text.find([':', ',', '{', '}', '[', ']', '#', '"', '\''])?;
    if !text[end..].starts_with(": ") {
        return None;
    }
    let name = &text[..end];
    (!name.ends_with(' ')).then_some(name)
}
