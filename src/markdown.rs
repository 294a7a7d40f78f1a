//! Markdown bodies to safe HTML.
//!
//! Raw HTML is never passed through: it becomes visible text. Links and images keep only
//! schemes that cannot run code. Fenced code is highlighted by syntect into CSS classes, so one
//! stylesheet (`static/style.css`, `.hl-*` rules) serves every page.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlights `code` as `lang` (a syntect token such as `yaml` or `rust`), HTML-escaped.
fn highlight(code: &str, lang: &str) -> String {
    let ss = syntaxes();
    let syntax = ss
        .find_syntax_by_token(lang)
        .unwrap_or_else(|| ss.find_syntax_plain_text());
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, ss, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return pulldown_cmark_escape_text(code);
        }
    }
    generator.finalize()
}

fn pulldown_cmark_escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // What pulldown-cmark writes for a text event; writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html_body_text(&mut out, s);
    out
}

/// Only these link schemes reach the page; anything else (`javascript:`, `data:`, `vbscript:`)
/// becomes `#`.
fn safe_url(url: &str) -> bool {
    let lower: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(i) => {
            // A colon after a slash, `?` or `#` is part of a relative path, not a scheme.
            let before = &lower[..i];
            if before.contains(['/', '?', '#']) {
                return true;
            }
            matches!(before, "http" | "https" | "mailto" | "tel")
        }
    }
}

/// A heading's anchor: its text, lowercased, with spaces as hyphens; Chinese stays as it is.
fn slug(text: &str) -> String {
    let s: String = text
        .trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() {
                Some(c.to_lowercase().next().unwrap_or(c))
            } else if c.is_whitespace() || c == '-' || c == '_' {
                Some('-')
            } else {
                None
            }
        })
        .collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() { "section".into() } else { s }
}

/// Renders a Markdown body to HTML that is safe to insert into a page.
pub fn to_html(md: &str) -> String {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    let events: Vec<Event> = Parser::new_ext(md, opts).collect();

    let mut out_events: Vec<Event> = Vec::with_capacity(events.len());
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Html(h) | Event::InlineHtml(h) => {
                out_events.push(Event::Text(h.clone()));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                // Collect the heading's text to make its anchor.
                let level = *level;
                let mut text = String::new();
                let mut j = i + 1;
                while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                    if let Event::Text(t) | Event::Code(t) = &events[j] {
                        text.push_str(t);
                    }
                    j += 1;
                }
                let mut id = slug(&text);
                let n = used.entry(id.clone()).or_insert(0);
                *n += 1;
                if *n > 1 {
                    id = format!("{id}-{}", *n - 1);
                }
                out_events.push(Event::Html(CowStr::from(format!(
                    "<{} id=\"{}\">",
                    heading_tag(level),
                    escape_attr(&id)
                ))));
                for e in &events[i + 1..j] {
                    match e {
                        Event::Html(h) | Event::InlineHtml(h) => {
                            out_events.push(Event::Text(h.clone()))
                        }
                        other => out_events.push(sanitize(other.clone())),
                    }
                }
                out_events.push(Event::Html(CowStr::from(format!(
                    " <a class=\"anchor\" href=\"#{}\" aria-hidden=\"true\">#</a></{}>\n",
                    escape_attr(&id),
                    heading_tag(level)
                ))));
                i = j;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                let mut j = i + 1;
                while j < events.len() && !matches!(events[j], Event::End(TagEnd::CodeBlock)) {
                    if let Event::Text(t) = &events[j] {
                        code.push_str(t);
                    }
                    j += 1;
                }
                let body = if lang.is_empty() {
                    pulldown_cmark_escape_text(&code)
                } else {
                    highlight(&code, &lang)
                };
                out_events.push(Event::Html(CowStr::from(format!(
                    "<pre class=\"code\"><code>{body}</code></pre>\n"
                ))));
                i = j;
            }
            other => out_events.push(sanitize(other.clone())),
        }
        i += 1;
    }
    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out_events.into_iter());
    html
}

fn heading_tag(level: HeadingLevel) -> &'static str {
    // The page title is the h1; body headings start one level below it.
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 => "h2",
        HeadingLevel::H3 => "h3",
        HeadingLevel::H4 => "h4",
        HeadingLevel::H5 => "h5",
        HeadingLevel::H6 => "h6",
    }
}

fn sanitize(e: Event) -> Event {
    match e {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_url(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::from("#"),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_url(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::from("#"),
            title,
            id,
        }),
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        other => other,
    }
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Plain text of a Markdown body, for descriptions and summaries.
pub fn plain_text(md: &str, max_chars: usize) -> String {
    let mut s = String::new();
    for e in Parser::new(md) {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => s.push(' '),
            _ => {}
        }
        if s.chars().count() > max_chars {
            break;
        }
    }
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > max_chars {
        format!("{}…", s.chars().take(max_chars).collect::<String>())
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_shown_as_text() {
        let h =
            to_html("说明 <script>alert(1)</script> 和 <b>加粗</b>\n\n<div onclick=x>块</div>\n");
        assert!(!h.contains("<script"), "{h}");
        assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{h}");
        assert!(h.contains("&lt;b&gt;加粗&lt;/b&gt;"), "{h}");
        assert!(!h.contains("<div"), "{h}");
    }

    #[test]
    fn dangerous_links_are_neutralised() {
        let h = to_html(
            "[点我](javascript:alert(1)) [图](data:text/html,x) ![i](JaVaScRiPt:x) [好](https://example.org/a:b) [相对](../a)",
        );
        assert!(!h.to_lowercase().contains("javascript:"), "{h}");
        assert!(!h.contains("data:"), "{h}");
        assert!(h.contains("href=\"https://example.org/a:b\""), "{h}");
        assert!(h.contains("href=\"../a\""), "{h}");
    }

    #[test]
    fn tables_footnotes_tasks_strikethrough_and_anchors() {
        let h = to_html(
            "## 收益分配\n\n| 组 | 金额 |\n|---|---:|\n| 一组 | 1,000.00 |\n\n- [x] 已完成\n\n~~旧~~ 注[^1]\n\n[^1]: 脚注\n\n## 收益分配\n",
        );
        assert!(h.contains("<table>"), "{h}");
        assert!(h.contains("<h2 id=\"收益分配\">"), "{h}");
        assert!(h.contains("<h2 id=\"收益分配-1\">"), "{h}");
        assert!(h.contains("type=\"checkbox\""), "{h}");
        assert!(h.contains("<del>旧</del>"), "{h}");
        assert!(h.contains("footnote"), "{h}");
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let h = to_html("```yaml\ntitle: 标题 <x>\n```\n");
        assert!(h.contains("class=\"hl-"), "{h}");
        assert!(h.contains("&lt;x&gt;"), "{h}");
        assert!(!h.contains("<x>"), "{h}");
    }

    #[test]
    fn template_syntax_stays_literal() {
        let h = to_html("{{ site.name }} {% if x %}");
        assert!(h.contains("{{ site.name }} {% if x %}"), "{h}");
    }
}
