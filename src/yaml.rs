//! YAML into a tree that remembers where every key and value stands.
//!
//! The YAML clerks write is read a line at a time ([`lines`]); what that reader is not sure of
//! is read straight from the events of granit-parser (see [`plain_document`]); anything else
//! goes through serde-saphyr, which parses with the same
//! parser, has budgets against alias bombs and deep nesting, and gives the spans. We keep the
//! tree instead of deserialising straight into the model because serde stops at the first
//! error and speaks English, while clerks need every error of a file at once, in Chinese.
//! `fields` then reads this tree into the typed model.

use crate::diag::{Diagnostics, Msg, Pos};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};
use std::fmt;

mod lines;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    /// Every scalar as the clerk wrote it (unquoted), so `320.50` stays `320.50` and is
    /// never a float.
    Scalar(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

impl Node {
    pub fn as_map(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }
    pub fn kind_zh(&self) -> &'static str {
        match self.value {
            Value::Null => "空值",
            Value::Scalar(_) => "单个值",
            Value::Seq(_) => "列表",
            Value::Map(_) => "键值对",
        }
    }
    pub fn kind_en(&self) -> &'static str {
        match self.value {
            Value::Null => "an empty value",
            Value::Scalar(_) => "a single value",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// What serde-saphyr hands us before positions are resolved.
enum Raw {
    Null,
    Str(String),
    /// A number or boolean: its text is cut from the source by its span.
    Typed,
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<String>, Spanned<Raw>)>),
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }
    fn visit_i128<E>(self, _: i128) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }
    fn visit_u128<E>(self, _: u128) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }
    fn visit_str<E>(self, s: &str) -> Result<Raw, E> {
        Ok(Raw::Str(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Raw, E> {
        Ok(Raw::Str(s))
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(RawVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
        let mut v = Vec::new();
        while let Some(x) = a.next_element()? {
            v.push(x);
        }
        Ok(Raw::Seq(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
        let mut v = Vec::new();
        while let Some(k) = a.next_key()? {
            let x = a.next_value()?;
            v.push((k, x));
        }
        Ok(Raw::Map(v))
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

/// Parses `src` (one YAML document) whose first line is line `1 + line_offset` of `file`.
/// Returns `None` after recording a diagnostic when the YAML is malformed.
pub fn parse(src: &str, file: &str, line_offset: u32, diags: &mut Diagnostics) -> Option<Node> {
    lines::document(src, line_offset)
        .or_else(|| plain_document(src, line_offset))
        .or_else(|| parse_through_serde(src, file, line_offset, diags))
}

/// Deeper than this, or with more nodes, a document goes through serde-saphyr, whose budget
/// (`max_depth` 32, `max_nodes` 200,000) then decides.
const PLAIN_MAX_DEPTH: usize = 24;
const PLAIN_MAX_NODES: usize = 100_000;

/// The tree of a document in the plain subset of YAML that clerks write: one document of maps,
/// lists and scalars, read straight from the parser's events. serde-saphyr reads documents with
/// the same parser (granit-parser, with the same default limits), but its serde layer costs
/// 60 % of the time, and parsing YAML was a quarter of a build's CPU: the files of a large
/// site and every revision of their history.
///
/// Anything outside that subset returns `None`, and serde-saphyr reads the document as before,
/// with its budgets and its error messages: a parse error, anchors and aliases, tags, merge
/// keys (`<<`), keys that are not plain text, a key written twice, more than one document,
/// deep nesting, very many nodes. A test holds the two paths equal on every document the
/// plain path accepts.
fn plain_document(src: &str, line_offset: u32) -> Option<Node> {
    use granit_parser::{Event, Parser, ScalarStyle};
    enum Open {
        Seq(Pos, Vec<Node>),
        /// The entries so far, and the key waiting for its value.
        Map(Pos, Vec<(Key, Node)>, Option<Key>),
    }
    let pos = |span: &granit_parser::Span| {
        Pos::new(
            (span.start.line() as u32).saturating_add(line_offset),
            span.start.col() as u32 + 1,
            span.len().min(u32::MAX as usize) as u32,
        )
    };
    let is_null = |value: &str| matches!(value, "" | "~" | "null" | "Null" | "NULL");
    let mut stack: Vec<Open> = Vec::new();
    let mut root = None;
    let mut documents = 0;
    let mut nodes = 0;
    // The same limits as serde-saphyr's (its budget keeps the parser's defaults), and no
    // comment events.
    let mut options = granit_parser::Options::default();
    options.set_emit_comments(false);
    for event in Parser::new_from_str_with_options(src, options) {
        let (event, span) = event.ok()?;
        nodes += 1;
        if nodes > PLAIN_MAX_NODES {
            return None;
        }
        let awaiting_key = matches!(stack.last(), Some(Open::Map(_, _, None)));
        let node = match event {
            Event::StreamStart | Event::DocumentEnd => continue,
            Event::StreamEnd => break,
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            Event::Scalar(value, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                let plain = style == ScalarStyle::Plain;
                if let Some(Open::Map(_, entries, key @ None)) = stack.last_mut() {
                    if plain && (is_null(&value) || value == "<<")
                        || entries.iter().any(|(k, _)| k.name == value)
                    {
                        return None;
                    }
                    let p = pos(&span);
                    *key = Some(Key {
                        pos: Pos::new(p.line, p.column, value.chars().count() as u32),
                        name: value.into_owned(),
                    });
                    continue;
                }
                Node {
                    value: if plain && is_null(&value) {
                        Value::Null
                    } else {
                        Value::Scalar(value.into_owned())
                    },
                    pos: pos(&span),
                }
            }
            Event::SequenceStart(_, anchor, ref tag) | Event::MappingStart(_, anchor, ref tag) => {
                if anchor != 0 || tag.is_some() || awaiting_key || stack.len() >= PLAIN_MAX_DEPTH {
                    return None;
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Open::Seq(pos(&span), Vec::new())
                } else {
                    Open::Map(pos(&span), Vec::new(), None)
                });
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Open::Seq(pos, items)) => Node {
                    value: Value::Seq(items),
                    pos,
                },
                _ => return None,
            },
            Event::MappingEnd => match stack.pop() {
                Some(Open::Map(pos, entries, None)) => Node {
                    value: Value::Map(entries),
                    pos,
                },
                _ => return None,
            },
            _ => return None,
        };
        match stack.last_mut() {
            None if root.is_none() => root = Some(node),
            None => return None,
            Some(Open::Seq(_, items)) => items.push(node),
            Some(Open::Map(_, entries, key)) => entries.push((key.take()?, node)),
        }
    }
    root.filter(|_| stack.is_empty())
}

/// The whole of YAML, through serde-saphyr: see [`plain_document`] for when this is used.
fn parse_through_serde(
    src: &str,
    file: &str,
    line_offset: u32,
    diags: &mut Diagnostics,
) -> Option<Node> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 32,
            max_aliases: 1_000,
            max_nodes: 200_000,
        },
        // A 400-digit "number" reaches us as its text, and the money parser explains it.
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::PassThrough,
    };
    match serde_saphyr::from_str_with_options::<Spanned<Raw>>(src, options) {
        Ok(raw) => Some(resolve(raw, src, line_offset)),
        Err(e) => {
            report(&e, file, line_offset, diags);
            None
        }
    }
}

fn pos_of(loc: &Location, len: u64, line_offset: u32) -> Pos {
    Pos::new(
        loc.line() as u32 + line_offset,
        loc.column() as u32,
        len.min(u32::MAX as u64) as u32,
    )
}

fn resolve(raw: Spanned<Raw>, src: &str, line_offset: u32) -> Node {
    let loc = raw.referenced;
    let span = loc.span();
    let pos = pos_of(&loc, span.len(), line_offset);
    let value = match raw.value {
        Raw::Null => Value::Null,
        Raw::Str(s) => Value::Scalar(s),
        Raw::Typed => {
            let text = span
                .byte_offset()
                .zip(span.byte_len())
                .and_then(|(o, l)| src.get(o as usize..(o + l) as usize))
                .unwrap_or("")
                .trim()
                .to_string();
            Value::Scalar(text)
        }
        Raw::Seq(items) => Value::Seq(
            items
                .into_iter()
                .map(|x| resolve(x, src, line_offset))
                .collect(),
        ),
        Raw::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let kl = k.referenced;
                    let key = Key {
                        pos: pos_of(&kl, k.value.chars().count() as u64, line_offset),
                        name: k.value,
                    };
                    (key, resolve(v, src, line_offset))
                })
                .collect(),
        ),
    };
    Node { value, pos }
}

fn report(e: &serde_saphyr::Error, file: &str, line_offset: u32, diags: &mut Diagnostics) {
    let inner = e.without_snippet();
    let pos = inner
        .location()
        .map(|l| Pos::new(l.line() as u32 + line_offset, l.column() as u32, 1))
        .unwrap_or_else(|| Pos::new(1 + line_offset, 1, 1));
    let text = inner.to_string();
    // The parser's own words, without its "line N column M:" prefix, which we show ourselves.
    let detail = match text.find(": ") {
        Some(i) if text[..i].contains("line") => text[i + 2..].to_string(),
        _ => text.clone(),
    };
    let detail = detail.lines().next().unwrap_or("").to_string();
    if detail.contains("duplicate mapping key") {
        let key = detail
            .split("duplicate mapping key: ")
            .nth(1)
            .and_then(|s| s.split(',').next())
            .unwrap_or("")
            .to_string();
        diags.error(
            "E0212",
            file,
            pos,
            Msg::new(
                format!("字段 `{key}` 写了两次"),
                format!("the key `{key}` appears twice"),
            ),
            Msg::new(
                "删掉多余的一行，只保留正确的那个值",
                "remove one of the two lines, keeping the right value",
            ),
        );
    } else if matches!(inner, serde_saphyr::Error::Budget { .. })
        || matches!(inner, serde_saphyr::Error::AliasError { .. })
        || detail.contains("budget")
        || detail.contains("limit")
        || detail.contains("depth")
    {
        diags.error(
            "E0213",
            file,
            pos,
            Msg::new(
                "YAML 结构过深或别名（&/*）展开过多，无法处理",
                format!("the YAML is nested too deeply or expands too many aliases ({detail})"),
            ),
            Msg::new(
                "公开内容不需要 YAML 锚点和别名（& 与 *），请直接写出每一项；嵌套不要超过几层",
                "disclosures need no YAML anchors or aliases (& and *); write each entry out, and keep nesting shallow",
            ),
        );
    } else {
        diags.error(
            "E0201",
            file,
            pos,
            Msg::new(
                format!("YAML 格式错误：{}", parser_error_zh(&detail)),
                format!("malformed YAML: {detail}"),
            ),
            Msg::new(
                "检查这一行及上一行：冒号后要有空格，缩进要对齐（用空格，不要用 Tab），括号和引号要成对",
                "check this line and the one before: a space after each colon, aligned indentation (spaces, not tabs), matching brackets and quotes",
            ),
        );
    }
}

/// The parser's English explained to a clerk: the usual slips behind each message.
fn parser_error_zh(detail: &str) -> &'static str {
    const KNOWN: [(&str, &str); 12] = [
        (
            "unclosed bracket '{'",
            "花括号 { 没有配对，这一行可能缺少 }",
        ),
        (
            "unclosed bracket '['",
            "方括号 [ 没有配对，这一行可能缺少 ]",
        ),
        (
            "did not find expected ',' or '}'",
            "花括号 { } 里缺少逗号或 }",
        ),
        (
            "did not find expected ',' or ']'",
            "方括号 [ ] 里缺少逗号或 ]",
        ),
        (
            "unclosed quote",
            "引号没有配对：这一行有开头的引号，没有结尾的引号",
        ),
        ("tabs disallowed", "缩进用了 Tab 键，请全部改用空格"),
        (
            "multiple YAML documents",
            ".yaml 文件里不能用 --- 分成几段（只有 .md 文件开头用 --- 包住属性）",
        ),
        (
            "mapping values are not allowed",
            "冒号的位置不对：值里有“: ”时要给整个值加引号，或者这一行的缩进不对",
        ),
        (
            "did not find expected key",
            "缩进没有对齐：同一层的字段要从同一列开始",
        ),
        (
            "did not find expected '-' indicator",
            "列表的缩进不对：同一个列表的每一项都以 - 开头，并且左对齐",
        ),
        (
            "illegal placement of ':'",
            "冒号的位置不对：常见原因是上面某一行的 [ 或 { 没有配对",
        ),
        (
            "unexpected character",
            "这里有一个不能这样开头的符号（如 @、`）：给整个值加上引号",
        ),
    ];
    KNOWN
        .iter()
        .find(|(en, _)| detail.contains(en))
        .map_or("sanwu 读不懂这里的写法", |(_, zh)| zh)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(src: &str) -> (Option<Node>, Vec<crate::diag::Diagnostic>) {
        let mut d = Diagnostics::new();
        let n = parse(src, "t.yaml", 0, &mut d);
        (n, d.sorted())
    }

    #[test]
    fn scalars_keep_their_text_and_position() {
        let (n, _) = p(
            "title: 标题\r\namount: 320.50\r\nbig: 12345678901234567890123456789012345678901\r\n",
        );
        let n = n.unwrap();
        let m = n.as_map().unwrap();
        assert_eq!(m[0].1.value, Value::Scalar("标题".into()));
        assert_eq!(m[1].1.value, Value::Scalar("320.50".into()));
        assert_eq!(m[1].1.pos.line, 2);
        assert_eq!(m[1].1.pos.column, 9);
        assert_eq!(
            m[2].1.value,
            Value::Scalar("12345678901234567890123456789012345678901".into())
        );
    }

    /// Every YAML file and Markdown front matter of the sample county: (path, YAML).
    fn sample_yaml() -> Vec<(String, String)> {
        let mut found = Vec::new();
        for entry in walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/content")) {
            let entry = entry.unwrap();
            let path = entry.path();
            let text = match path.extension().and_then(|e| e.to_str()) {
                Some("yaml") | Some("yml") => std::fs::read_to_string(path).unwrap(),
                Some("md") => {
                    let text = std::fs::read_to_string(path).unwrap();
                    match text
                        .strip_prefix("---\n")
                        .and_then(|rest| rest.split_once("\n---\n"))
                    {
                        Some((front, _)) => front.to_string(),
                        None => continue,
                    }
                }
                _ => continue,
            };
            found.push((path.display().to_string(), text));
        }
        found
    }

    /// Where the plain path reads a document, it reads it as serde-saphyr does.
    fn paths_agree(src: &str, line_offset: u32) -> bool {
        let plain = plain_document(src, line_offset);
        let mut d = Diagnostics::new();
        let serde = parse_through_serde(src, "t.yaml", line_offset, &mut d);
        if let Some(plain) = &plain {
            assert_eq!(
                Some(plain),
                serde.as_ref(),
                "the two paths differ on {src:?}"
            );
        }
        plain.is_some()
    }

    #[test]
    fn the_plain_path_reads_as_serde_saphyr_does() {
        let taken = [
            "a: 1\nb: [x, 'y', \"z\"]\nc: {d: ~, e: null, f: ''}\ng:\n",
            "amount: 320.50\nbig: 1e400\nflag: yes\nneg: -0\noct: 0o17\nhex: 0x1F\ninf: .inf\n",
            "title: 标题 # 注释\nbody: |\n  第一行\n\n  第二行\nnote: >-\n  折叠\n  的行\n",
            "- a\n- - b\n  - c\n- k: v\n  l:\n    - 1\n",
            "\u{feff}a: 1\r\nb: 2\r\n",
            "---\na: 1\n...\n",
            "a: multi\n  line plain\n\"quoted key\": 1\n'1': 2\ntrue: 3\n",
            "\"\\u00e9\\t\": 1\n",
            "empty: []\nnone: {}\n",
            "x",
            "~",
        ];
        for src in taken {
            assert!(paths_agree(src, 0), "the plain path should read {src:?}");
            assert!(paths_agree(src, 3));
        }
        let left_to_serde = [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "base: {a: 1}\nc:\n  <<: *base\n",
            "a: 1\na: 2\n",
            "? [a, b]\n: c\n",
            "~: 1\n",
            "a: 1\n---\nb: 2\n",
            "a: [1, 2\n",
            "",
            "# only a comment\n",
        ];
        for src in left_to_serde {
            assert!(!paths_agree(src, 0), "the plain path should leave {src:?}");
        }
        let deep = format!("{}x\n", "- ".repeat(40));
        assert!(!paths_agree(&deep, 0));
        // Every YAML file and front matter of the sample county.
        let mut read = 0;
        for (path, text) in sample_yaml() {
            assert!(paths_agree(&text, 1), "{path}");
            read += 1;
        }
        assert!(read > 100, "only {read} files");
    }

    /// Where the line reader reads a document, it reads it as the event path does.
    fn readers_agree(src: &str, line_offset: u32) -> bool {
        let by_lines = lines::document(src, line_offset);
        if let Some(by_lines) = &by_lines {
            assert_eq!(
                Some(by_lines),
                plain_document(src, line_offset).as_ref(),
                "the two readers differ on {src:?}"
            );
        }
        by_lines.is_some()
    }

    #[test]
    fn the_line_reader_reads_as_the_event_path_does() {
        let taken = [
            "title: 标题 # 注释\nn: 12\nq: \"4,282.81\"\ns: 'a''b'\ne:\nf:   # 注释\nlast: 1",
            "r: { cash: \"1\", bank: 2 , m: [石, 钟梅], d: 2026-01-08 }\ne2: []\ne3: {}\nx: [ ]\n",
            "l:\n  - { a: 1 }\n  - x\n  -   y\nk:\n    - k1: v\n      k2: 中文\n    - k1:\n",
            "- a\n- b: 1\n  c: 2\n-   k: 1\n    j: 2\n",
            "b: |\n  第一行\n\n  二\nz: |-\n  x\nc: 1\n",
            "b: |\n  l1\n\n\nc: 1\n",
            "b: |\n  l1\n    more\n  \n   # 正文\nc: 1\n",
            "b: |-\n  l1\n\n",
            "b: |\n  l1",
            "b: |\n  l1\n# c\nc: 2\n",
            "m:\n  n:\n    o: ~\n    p: null\n  q: NULL\nr: Null\n",
            "url: http://example.org/a?b=c\ntime: 10:30\nneg: -5\ntext: a#b   \nbr: 买了[办公]用品, 共3件\n",
            "# 开头的注释\n\na: 1\n\n# 中间\nb:\n  # 缩进的注释\n  c: 2\n",
            "  indented: 1\n  root: 2\n",
            "j: 'x' # c\nk: \"\" \nl: ''\n",
            "- [a, [b, c], {d: e}]\n- {f: [], g: {}}\n",
        ];
        for src in taken {
            assert!(readers_agree(src, 0), "the line reader should read {src:?}");
            assert!(readers_agree(src, 3));
        }
        let left = [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: 1\na: 2\n",
            "~: 1\n",
            "<<: 1\n",
            "a: 1\n---\nb: 2\n",
            "---\na: 1\n",
            "a: [1, 2\n",
            "a: [1, 2,]\n",
            "a: {b: 1,, c: 2}\n",
            "a: {b: }\n",
            "a: {b:1}\n",
            "a: {b: 10:30}\n",
            "a: 'x'#c\n",
            "a: x\n  continued\n",
            "a: \"x\n  y\"\n",
            "a: \"\\u00e9\"\n",
            "\"quoted key\": 1\n",
            "a:\n- b\n",
            "a: - b\n",
            "a: b: c\n",
            "a: >\n  folded\n",
            "a: |+\n  kept\n",
            "a: |2\n  x\n",
            "a: |\n\n  x\n",
            "a: |\n  x\n      \n",
            "a:\tb\n",
            "a: 1\r\n",
            "\u{feff}a: 1\n",
            "- - a\n",
            "-\n  - a\n",
            "- |\n  a\n",
            "? a\n: b\n",
            "a: 1\n b: 2\n",
            "x",
            "",
            "# only a comment\n",
        ];
        for src in left {
            assert!(
                !readers_agree(src, 0),
                "the line reader should leave {src:?}"
            );
        }
        let deep = format!("{}x\n", "- ".repeat(40));
        assert!(!readers_agree(&deep, 0));
        // Every YAML file and front matter of the sample county: nearly all are read by lines.
        let (mut read, mut by_lines) = (0, 0);
        for (_, text) in sample_yaml() {
            read += 1;
            if readers_agree(&text, 1) {
                by_lines += 1;
            }
        }
        assert!(read > 100, "only {read} files");
        assert!(
            by_lines * 10 >= read * 9,
            "{by_lines} of {read} files read by lines"
        );
    }

    #[test]
    fn line_offset_is_added() {
        let mut d = Diagnostics::new();
        let n = parse("a: 1\nb: 2\n", "t.md", 1, &mut d).unwrap();
        assert_eq!(n.as_map().unwrap()[1].0.pos.line, 3);
    }

    #[test]
    fn malformed_yaml_points_at_a_line() {
        let (n, d) = p("a: [1, 2\nb: c\n");
        assert!(n.is_none());
        assert_eq!(d[0].code, "E0201");
        assert!(d[0].pos.line >= 1);
        assert!(d[0].message.zh.starts_with("YAML 格式错误"));
        assert!(
            d[0].message.zh.contains("没有配对"),
            "{} / {}",
            d[0].message.zh,
            d[0].message.en
        );
        assert!(d[0].message.zh.is_char_boundary(0) && !d[0].message.zh.contains("bracket"));
        let (_, d) = p("a:\n\t- b\n");
        assert!(d[0].message.zh.contains("Tab"), "{}", d[0].message.zh);
    }

    #[test]
    fn duplicate_key_is_named() {
        let (_, d) = p("title: a\ntitle: b\n");
        assert_eq!(d[0].code, "E0212");
        assert!(d[0].message.zh.contains("`title`"), "{:?}", d[0].message);
        assert_eq!(d[0].pos.line, 2);
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut s = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let names = ["b", "c", "d", "e", "f", "g", "h", "i", "j"];
        let mut prev = "a";
        for n in names {
            s.push_str(&format!(
                "{n}: &{n} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = n;
        }
        let (n, d) = p(&s);
        assert!(n.is_none());
        assert_eq!(d[0].code, "E0213", "{:?}", d[0]);
    }

    #[test]
    fn deep_block_nesting_is_refused_without_exhausting_the_stack() {
        let mut s = String::new();
        for i in 0..200 {
            s.push_str(&format!("{}k{i}:\n", "  ".repeat(i)));
        }
        s.push_str(&format!("{}end: 1\n", "  ".repeat(200)));
        let (n, d) = p(&s);
        assert!(n.is_none());
        assert_eq!(d[0].code, "E0213", "{:?}", d[0]);
        let seqs = format!("{}x\n", "- ".repeat(300));
        assert!(p(&seqs).0.is_none());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let s = format!("a: {}{}\n", "[".repeat(200), "]".repeat(200));
        let (n, d) = p(&s);
        assert!(n.is_none());
        assert!(d[0].code == "E0213" || d[0].code == "E0201");
    }
}
