//! Diagnostics: every problem a build finds, in the clerk's language, pointing at file:line:col.
//!
//! Stages never stop at the first problem; they push into a [`Diagnostics`] list and carry on,
//! so a clerk sees every error of a build at once, like a compiler's output.

use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::path::Path;

/// Language of the messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// A message in both languages; the CLI picks one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Msg {
    pub zh: String,
    pub en: String,
}

impl Msg {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Msg {
        Msg {
            zh: zh.into(),
            en: en.into(),
        }
    }
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a content file. Lines and columns are 1-based and count characters, not bytes;
/// 0 means "the whole file".
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    /// Width of the offending value in characters, for the caret line.
    pub len: u32,
}

impl Pos {
    pub fn new(line: u32, column: u32, len: u32) -> Pos {
        Pos { line, column, len }
    }
    pub fn file() -> Pos {
        Pos::default()
    }
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Stable code such as `E0301`; documented in docs/errors.md.
    pub code: &'static str,
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    pub pos: Pos,
    pub message: Msg,
    pub hint: Msg,
    /// Other files a cross-file check compared this one with (a folder when it ends in `/`):
    /// `check --changed` reports the diagnostic when any of them changed.
    pub related: Vec<String>,
}

/// A diagnostic as a cache keeps it.
#[derive(Serialize, Deserialize)]
pub struct Stored {
    code: String,
    severity: Severity,
    file: String,
    pos: Pos,
    message: Msg,
    hint: Msg,
}

impl From<&Diagnostic> for Stored {
    fn from(d: &Diagnostic) -> Stored {
        Stored {
            code: d.code.to_string(),
            severity: d.severity,
            file: d.file.clone(),
            pos: d.pos.clone(),
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }
}

impl From<Stored> for Diagnostic {
    fn from(s: Stored) -> Diagnostic {
        Diagnostic {
            // Codes are few, and a diagnostic read back lives as long as the program.
            code: s.code.leak(),
            severity: s.severity,
            file: s.file,
            pos: s.pos,
            message: s.message,
            hint: s.hint,
            related: Vec::new(),
        }
    }
}

/// The diagnostics that concern the `changed` files (paths relative to the site root): those in
/// a changed file, and those of cross-file checks a changed file took part in. A change to
/// `content/site.yaml` or to the theme can change any check, so it keeps them all.
pub fn about_changed(
    diags: Vec<Diagnostic>,
    changed: &std::collections::BTreeSet<String>,
) -> Vec<Diagnostic> {
    if changed
        .iter()
        .any(|f| f == "content/site.yaml" || f.starts_with("themes/"))
    {
        return diags;
    }
    let touches = |r: &String| {
        if r.ends_with('/') {
            changed.iter().any(|c| c.starts_with(r.as_str()))
        } else {
            changed.contains(r)
        }
    };
    diags
        .into_iter()
        .filter(|d| changed.contains(&d.file) || d.related.iter().any(touches))
        .collect()
}

/// The diagnostics of one build, in the order they were found.
#[derive(Default, Debug, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub fn error(&mut self, code: &'static str, file: &str, pos: Pos, message: Msg, hint: Msg) {
        self.push(Diagnostic {
            code,
            severity: Severity::Error,
            file: file.to_string(),
            pos,
            message,
            hint,
            related: Vec::new(),
        });
    }

    pub fn warning(&mut self, code: &'static str, file: &str, pos: Pos, message: Msg, hint: Msg) {
        self.push(Diagnostic {
            code,
            severity: Severity::Warning,
            file: file.to_string(),
            pos,
            message,
            hint,
            related: Vec::new(),
        });
    }

    /// Names another file the last diagnostic concerns.
    pub fn relate(&mut self, path: impl Into<String>) {
        if let Some(d) = self.items.last_mut() {
            d.related.push(path.into());
        }
    }

    /// Names a file that every diagnostic from the `since`-th on concerns.
    pub fn relate_since(&mut self, since: usize, path: &str) {
        for d in self.items.iter_mut().skip(since) {
            d.related.push(path.to_string());
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file, then line and column, the way a clerk fixes them.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.pos.line, a.pos.column, a.code).cmp(&(
                &b.file,
                b.pos.line,
                b.pos.column,
                b.code,
            ))
        });
        self.items.dedup_by(|a, b| {
            a.file == b.file && a.pos == b.pos && a.code == b.code && a.message == b.message
        });
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// Renders one diagnostic for a terminal: header, location, the source line with a caret
/// under the offending value, and the hint. `root` is where the file is read from to show
/// the source line; a file that cannot be read as UTF-8 simply shows no source line.
pub fn render_human(d: &Diagnostic, root: &Path, lang: Lang) -> String {
    let mut out = String::new();
    let label = match (d.severity, lang) {
        (Severity::Error, Lang::Zh) => "错误",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::Zh) => "警告",
        (Severity::Warning, Lang::En) => "warning",
    };
    let _ = writeln!(out, "{label}[{}]: {}", d.code, d.message.get(lang));
    if d.pos.line > 0 {
        let _ = writeln!(
            out,
            "  --> {}:{}:{}",
            d.file,
            d.pos.line,
            d.pos.column.max(1)
        );
        if let Some(excerpt) = source_excerpt(root, d) {
            let pad = " ".repeat(d.pos.line.to_string().len());
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{excerpt}");
        }
    } else {
        let _ = writeln!(out, "  --> {}", d.file);
    }
    let hint = d.hint.get(lang);
    if !hint.is_empty() {
        let word = if lang == Lang::Zh { "提示" } else { "hint" };
        let _ = writeln!(out, "  = {word}: {hint}");
    }
    out
}

/// The offending line with its number and a caret under the value:
/// `13 | closing: …` over `   |          ^^^^`. Personal numbers on the line are masked.
pub fn source_excerpt(root: &Path, d: &Diagnostic) -> Option<String> {
    if d.pos.line == 0 {
        return None;
    }
    let line = source_line(&root.join(&d.file), d.pos.line)?;
    let (before, value, after) = caret_split(&line, d.pos.column, d.pos.len);
    let gutter = d.pos.line.to_string();
    let shown: String = format!("{before}{value}{after}")
        .chars()
        .take(200)
        .collect();
    let indent = unicode_width::UnicodeWidthStr::width(before.as_str()).min(200);
    let carets = unicode_width::UnicodeWidthStr::width(value.as_str()).clamp(1, 80);
    Some(format!(
        "{gutter} | {shown}\n{} | {}{}",
        " ".repeat(gutter.len()),
        " ".repeat(indent),
        "^".repeat(carets)
    ))
}

/// The line as a terminal may show it ([`terminal_safe`]), in three parts: before the value
/// at `column` (`len` characters of the line as written), the value, and after it. Masking
/// changes lengths (`6222 0212 3456 7890 128` becomes `**** 0128`, a full-width digit an
/// asterisk, U+202E `<U+202E>`), so the value is marked before the line is made safe and
/// found again after.
fn caret_split(line: &str, column: u32, len: u32) -> (String, String, String) {
    // Noncharacters: no text has them, and they are not digits, so a number next to one is
    // found as it would be next to a space.
    const START: char = '\u{FDD0}';
    const END: char = '\u{FDD1}';
    let chars: Vec<char> = line.chars().collect();
    let a = (column.saturating_sub(1) as usize).min(chars.len());
    let b = (a + len.max(1) as usize).min(chars.len());
    let marked: String = chars[..a]
        .iter()
        .chain(&[START])
        .chain(&chars[a..b])
        .chain(&[END])
        .chain(&chars[b..])
        .collect();
    let safe = terminal_safe(line);
    let split = terminal_safe(&marked)
        .split_once(START)
        .and_then(|(before, rest)| {
            let (value, after) = rest.split_once(END)?;
            Some((before.to_string(), value.to_string(), after.to_string()))
        });
    match split {
        // Only if the marks changed nothing else: a mark inside a number could hide it from
        // the scanner, and then the whole line's masking is shown instead.
        Some((before, value, after)) if format!("{before}{value}{after}") == safe => {
            (before, value, after)
        }
        _ => {
            let shown: Vec<char> = safe.chars().collect();
            let a = a.min(shown.len());
            let b = b.min(shown.len());
            (
                shown[..a].iter().collect(),
                shown[a..b].iter().collect(),
                shown[b..].iter().collect(),
            )
        }
    }
}

fn source_line(path: &Path, line: u32) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = crate::source::normalize_line_breaks(text);
    text.split('\n')
        .nth(line as usize - 1)
        .map(|l| l.trim_end_matches('\r').to_string())
}

/// A source line as a terminal may show it: every personal number masked, the suspect ones a
/// file may keep (W0805) included, and invisible direction and control characters named
/// instead of reordering the line around them.
fn terminal_safe(line: &str) -> String {
    let masked = crate::mask::mask_text(line).0;
    let mut out = String::with_capacity(masked.len());
    let mut copied = 0;
    for f in crate::pii::scan(&masked) {
        out.push_str(&masked[copied..f.start]);
        out.push_str(&f.masked);
        copied = f.end;
    }
    out.push_str(&masked[copied..]);
    let mut shown = String::with_capacity(out.len());
    for c in out.chars() {
        match c {
            '\t' => shown.push(' '),
            c if crate::fields::is_deceptive(c) || c.is_control() => {
                let _ = write!(shown, "<U+{:04X}>", c as u32);
            }
            c => shown.push(c),
        }
    }
    shown
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: Severity,
    file: &'a str,
    line: u32,
    column: u32,
    message: &'a str,
    hint: &'a str,
}

/// One JSON object per line, for editors and CI.
pub fn render_json(d: &Diagnostic, lang: Lang) -> String {
    serde_json::to_string(&JsonDiagnostic {
        code: d.code,
        severity: d.severity,
        file: &d.file,
        line: d.pos.line,
        column: d.pos.column,
        message: d.message.get(lang),
        hint: d.hint.get(lang),
    })
    .expect("diagnostics serialise")
}

/// The closing line: "发现 3 个错误，1 个警告".
pub fn summary(errors: usize, warnings: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("发现 {errors} 个错误，{warnings} 个警告"),
        Lang::En => format!("{errors} error(s), {warnings} warning(s)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_by_file_then_line() {
        let mut d = Diagnostics::new();
        let m = || Msg::new("甲", "a");
        d.error("E9001", "b.yaml", Pos::new(3, 1, 1), m(), m());
        d.error("E9001", "a.yaml", Pos::new(9, 1, 1), m(), m());
        d.error("E9001", "a.yaml", Pos::new(2, 1, 1), m(), m());
        let v = d.sorted();
        let order: Vec<_> = v.iter().map(|x| (x.file.as_str(), x.pos.line)).collect();
        assert_eq!(order, vec![("a.yaml", 2), ("a.yaml", 9), ("b.yaml", 3)]);
    }

    #[test]
    fn excerpts_mask_suspect_ids_and_name_direction_overrides() {
        // 11010519491231002 followed by a wrong check character: a suspect, kept in the file.
        let line = terminal_safe("身份证 110105194912310021 名字\u{202E}abc");
        assert!(!line.contains("110105194912310021"), "{line}");
        assert!(line.contains("110105********0021"), "{line}");
        assert!(line.contains("<U+202E>abc"), "{line}");
    }

    #[test]
    fn carets_stay_under_values_after_masking() {
        // A grouped card number (masked shorter), full-width digits (masked narrower) and a
        // direction override (shown longer) before the value.
        let line =
            "卡号: 6222 0212 3456 7890 128 电话: １３８１２３４５６７８ \u{202E} 金额: 12.3.4";
        let value = "12.3.4";
        let column = line[..line.find(value).unwrap()].chars().count() as u32 + 1;
        let (before, shown, after) = caret_split(line, column, 6);
        assert_eq!(shown, value);
        assert!(after.is_empty());
        assert!(
            !before.contains("6222 0212") && !before.contains("１３８１２３"),
            "{before}"
        );
        assert!(before.contains("<U+202E>"), "{before}");
        // The value itself is masked when it is the number.
        let line = "电话: 13812345678";
        let (before, shown, _) = caret_split(line, 5, 11);
        assert_eq!(before, "电话: ");
        assert_eq!(shown, "138****5678");
    }

    #[test]
    fn caret_under_wide_characters() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.yaml"), "标题: 错误值\n").unwrap();
        let d = Diagnostic {
            code: "E0204",
            severity: Severity::Error,
            file: "x.yaml".into(),
            pos: Pos::new(1, 5, 3),
            message: Msg::new("值不对", "bad value"),
            hint: Msg::new("改正它", "fix it"),
            related: Vec::new(),
        };
        let s = render_human(&d, dir.path(), Lang::Zh);
        assert!(s.contains("错误[E0204]: 值不对"), "{s}");
        assert!(s.contains("--> x.yaml:1:5"), "{s}");
        // "标题: " is 6 cells wide, the value 3 characters of width 2.
        assert!(s.contains("  |       ^^^^^^\n"), "{s}");
        assert!(s.contains("= 提示: 改正它"), "{s}");
    }
}
