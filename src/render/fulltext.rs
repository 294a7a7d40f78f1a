//! The full text of a revision, as HTML: YAML keys and comments told apart from values.
//!
//! Written by hand instead of with syntect (which still highlights fenced code in Markdown
//! bodies): every revision page shows its whole file, and syntect's YAML grammar, run through
//! the pure-Rust regex engine, was a third of a 10,000-document build's CPU time. Its nested
//! scope spans also made a 2 KB statement a 51 KB page for readers on slow phone networks.
//! What a reader needs here (which word is a field, which line is a comment) is one linear pass
//! over the lines; the text is already validated YAML or it would not have been published.

/// `text` (a disclosure as committed) as escaped HTML with `hl-*` spans; a Markdown file's front
/// matter is highlighted as YAML and its headings are marked.
pub fn highlight(text: &str, markdown: bool) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut yaml = Yaml::default();
    if !markdown {
        for line in text.split_inclusive('\n') {
            yaml.line(line, &mut out);
        }
        return out;
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_start_matches('\u{feff}').trim_end() != "---" {
        // No front matter: all body.
        body_line(first, &mut out);
        lines.for_each(|l| body_line(l, &mut out));
        return out;
    }
    span(first, "hl-punctuation", &mut out);
    let mut in_front_matter = true;
    for line in lines {
        if in_front_matter {
            if line.trim_end() == "---" {
                span(line, "hl-punctuation", &mut out);
                in_front_matter = false;
            } else {
                yaml.line(line, &mut out);
            }
        } else {
            body_line(line, &mut out);
        }
    }
    out
}

/// A Markdown body line: headings marked, everything else as text.
fn body_line(line: &str, out: &mut String) {
    let trimmed = line.trim_start_matches(' ');
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    let heading = (1..=6).contains(&hashes)
        && line.len() - trimmed.len() < 4
        && matches!(
            trimmed.as_bytes().get(hashes),
            None | Some(b' ' | b'\t' | b'\n' | b'\r')
        );
    if heading {
        span(line, "hl-markup hl-heading", out);
    } else {
        escape_into(line, out);
    }
}

/// Line-by-line YAML state: inside a block scalar (`|` or `>`), every line indented deeper than
/// its key is text, even if it looks like `key: value`.
#[derive(Default)]
struct Yaml {
    block_scalar_over: Option<usize>,
}

impl Yaml {
    fn line(&mut self, line: &str, out: &mut String) {
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start_matches(' ').len();
        if let Some(parent) = self.block_scalar_over {
            if content.trim().is_empty() || indent > parent {
                escape_into(line, out);
                return;
            }
            self.block_scalar_over = None;
        }
        let rest = &content[indent..];
        if rest.starts_with('#') {
            out.push_str(&content[..indent]);
            span(rest, "hl-comment", out);
            escape_into(&line[content.len()..], out);
            return;
        }
        if rest == "---" || rest == "..." {
            span(line, "hl-punctuation", out);
            return;
        }
        // Sequence dashes before a key: `- name: 张三`, `- - x`.
        let mut key_at = indent;
        while let Some(after) = content[key_at..].strip_prefix('-') {
            if !(after.is_empty() || after.starts_with(' ')) {
                break;
            }
            key_at += 1 + (after.len() - after.trim_start_matches(' ').len());
        }
        escape_into(&content[..key_at], out);
        let item = &content[key_at..];
        let value = match key_length(item) {
            Some(len) => {
                span(&item[..len], "hl-entity", out);
                out.push(':');
                let value = &item[len + 1..];
                let v = value.trim_start();
                if v.starts_with(['|', '>']) {
                    self.block_scalar_over = Some(key_at);
                }
                value
            }
            None => item,
        };
        match comment_start(value) {
            Some(c) => {
                flow_value(&value[..c], out);
                span(&value[c..], "hl-comment", out);
            }
            None => flow_value(value, out),
        }
        escape_into(&line[content.len()..], out);
    }
}

/// A value, with the keys of flow mappings marked: the rows of statements and lists are
/// written `- { date: 2025-03-05, voucher: 记-01, … }`.
fn flow_value(value: &str, out: &mut String) {
    if !value.trim_start().starts_with('{') {
        escape_into(value, out);
        return;
    }
    let mut quote = None;
    // Where a key may start: after `{` or `,` and the spaces that follow.
    let mut key_may_start = false;
    let mut copied = 0;
    for (i, c) in value.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '{' | ',') => key_may_start = true,
            (None, ' ') => {}
            (None, '"' | '\'') => {
                quote = Some(c);
                key_may_start = false;
            }
            (None, _) if key_may_start => {
                key_may_start = false;
                if let Some(len) = key_length(&value[i..])
                    .filter(|&len| !value[i..i + len].contains(['{', '}', '[', ']', ',']))
                {
                    escape_into(&value[copied..i], out);
                    span(&value[i..i + len], "hl-entity", out);
                    copied = i + len;
                }
            }
            (None, _) => {}
        }
    }
    escape_into(&value[copied..], out);
}

/// The length of a mapping key at the start of `item` (`key: …`, `key:` at the end, or a
/// quoted key), if the item is a key-value pair.
fn key_length(item: &str) -> Option<usize> {
    let bytes = item.as_bytes();
    let end = match bytes.first()? {
        q @ (b'"' | b'\'') => 1 + item[1..].find(*q as char)? + 1,
        b'[' | b'{' | b'#' | b'|' | b'>' | b'&' | b'*' | b'!' => return None,
        _ => {
            let mut i = 0;
            loop {
                let c = item[i..].find(':')? + i;
                if item[..c].contains(" #") {
                    return None;
                }
                if matches!(bytes.get(c + 1), None | Some(b' ' | b'\t')) {
                    break c;
                }
                i = c + 1;
            }
        }
    };
    (bytes.get(end) == Some(&b':') && matches!(bytes.get(end + 1), None | Some(b' ' | b'\t')))
        .then_some(end)
}

/// Where a trailing comment starts in a value: a `#` after a space, outside quotes.
fn comment_start(value: &str) -> Option<usize> {
    let mut quote = None;
    let mut previous = b' ';
    for (i, b) in value.bytes().enumerate() {
        match (quote, b) {
            (None, b'#') if previous == b' ' || previous == b'\t' => return Some(i),
            (None, b'"' | b'\'') if previous == b' ' || i == 0 => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            _ => {}
        }
        previous = b;
    }
    None
}

fn span(text: &str, class: &str, out: &mut String) {
    let content = text.trim_end_matches(['\n', '\r']);
    out.push_str("<span class=\"");
    out.push_str(class);
    out.push_str("\">");
    escape_into(content, out);
    out.push_str("</span>");
    out.push_str(&text[content.len()..]);
}

/// Escaped as pulldown-cmark escapes attribute values (`& < > " '`): more than text inside
/// `<pre>` needs, and the same everywhere.
fn escape_into(s: &str, out: &mut String) {
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(out, s);
}

#[cfg(test)]
mod tests {
    use super::highlight;

    #[test]
    fn keys_values_and_comments() {
        let html = highlight(
            "# 示例\ntitle: 三月公开 # 注\nitems:\n  - name: \"a: b\"\n",
            false,
        );
        assert_eq!(
            html,
            "<span class=\"hl-comment\"># 示例</span>\n\
             <span class=\"hl-entity\">title</span>: 三月公开 <span class=\"hl-comment\"># 注</span>\n\
             <span class=\"hl-entity\">items</span>:\n\
             \x20 - <span class=\"hl-entity\">name</span>: &quot;a: b&quot;\n"
        );
    }

    #[test]
    fn a_block_scalar_is_text_even_when_it_looks_like_keys() {
        let html = highlight("body: |\n  时间: 三月\n\n  # 不是注释\nnext: 1\n", false);
        assert!(html.contains("\n  时间: 三月\n\n  # 不是注释\n"), "{html}");
        assert!(
            html.ends_with("<span class=\"hl-entity\">next</span>: 1\n"),
            "{html}"
        );
    }

    #[test]
    fn quotes_hide_hashes_and_urls_are_not_keys() {
        let html = highlight("a: \"x # y\"\nb: http://x.cn/a\n- http://y\n", false);
        assert!(!html.contains("hl-comment"), "{html}");
        assert!(html.contains("- http://y"), "{html}");
    }

    #[test]
    fn keys_of_flow_mappings() {
        let html = highlight(
            "income:\n  - { date: 2025-03-05, summary: \"租金, 含: 押金\", amount: \"200.00\" }\n",
            false,
        );
        assert!(
            html.contains(
                "  - { <span class=\"hl-entity\">date</span>: 2025-03-05, \
                 <span class=\"hl-entity\">summary</span>: &quot;租金, 含: 押金&quot;, \
                 <span class=\"hl-entity\">amount</span>: &quot;200.00&quot; }\n"
            ),
            "{html}"
        );
        // A value that is not a flow mapping is left as it is, colons and all.
        let html = highlight("note: 时间: 三月, 地点: 村委会\n", false);
        assert!(
            html.ends_with("</span>: 时间: 三月, 地点: 村委会\n"),
            "{html}"
        );
    }

    #[test]
    fn markup_is_escaped() {
        let html = highlight(
            "---\ntitle: <b>\n---\n# 标题\n<script>alert(1)</script>\n",
            true,
        );
        assert!(!html.contains("<script") && !html.contains("<b>"), "{html}");
        assert!(html.contains("<span class=\"hl-markup hl-heading\"># 标题</span>\n"));
        assert!(html.contains("<span class=\"hl-entity\">title</span>: &lt;b&gt;\n"));
    }

    #[test]
    fn crlf_and_no_final_newline_are_kept() {
        assert_eq!(
            highlight("a: 1\r\nb: 2", false),
            "<span class=\"hl-entity\">a</span>: 1\r\n<span class=\"hl-entity\">b</span>: 2"
        );
    }
}
