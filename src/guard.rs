//! The personal-information guard: no resident ID, mobile or bank card number reaches the site.
//!
//! Every content file is scanned as text before it is parsed, so string values, Markdown
//! bodies and even comments are covered. A real number is a build error at its line; the
//! message shows it masked. There is deliberately no option to turn the guard off.

use crate::diag::{Diagnostics, Msg, Pos};
use crate::pii::{self, PiiKind};

/// Records a diagnostic for every personal number in `text` (the content of `rel`).
pub fn check_text(rel: &str, text: &str, diags: &mut Diagnostics) {
    let findings = pii::scan(text);
    if findings.is_empty() {
        return;
    }
    // Line and column of each finding, in one pass over the text.
    let mut line = 1u32;
    let mut line_start = 0usize;
    let mut scanned = 0usize;
    for f in findings {
        for (i, b) in text.as_bytes()[scanned..f.start].iter().enumerate() {
            if *b == b'\n' {
                line += 1;
                line_start = scanned + i + 1;
            }
        }
        scanned = f.start;
        let column = text[line_start..f.start].chars().count() as u32 + 1;
        let len = text[f.start..f.end].chars().count() as u32;
        let pos = Pos::new(line, column, len);
        let (what_zh, what_en) = pii::describe(f.kind);
        let cmd = format!("sanwu mask --write {rel}");
        if f.kind == PiiKind::SuspectResidentId {
            diags.warning(
                "W0805",
                rel,
                pos,
                Msg::new(
                    format!("这里像是一个写错了的身份证号码（{}），校验位或出生日期不对", f.masked),
                    format!("this looks like a mistyped resident ID number ({})", f.masked),
                ),
                Msg::new(
                    "公开内容不能有身份证号码：如果这是身份证号，请删去或只保留前 6 位和后 4 位",
                    "disclosures must not carry ID numbers: if it is one, remove it or keep only the first 6 and last 4 digits",
                ),
            );
        } else {
            diags.error(
                "E0801",
                rel,
                pos,
                Msg::new(
                    format!("这里有未打码的{what_zh} {}（完整号码不予显示）", f.masked),
                    format!(
                        "an unmasked {what_en} {} (the full number is not shown)",
                        f.masked
                    ),
                ),
                Msg::new(
                    format!(
                        "公开内容不能有完整的身份证号、手机号和银行卡号：改为 {}，或运行 {cmd}",
                        f.masked
                    ),
                    format!("write it masked as {}, or run {cmd}", f.masked),
                ),
            );
        }
    }
}

/// The text with every certain personal number masked: for old revisions and commit messages,
/// which are published from the history and cannot be corrected.
pub fn masked(text: &str) -> std::borrow::Cow<'_, str> {
    if pii::scan(text).iter().any(|f| f.kind.is_certain()) {
        std::borrow::Cow::Owned(crate::mask::mask_text(text).0)
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;

    fn run(text: &str) -> Vec<crate::diag::Diagnostic> {
        let mut d = Diagnostics::new();
        check_text("content/x.md", text, &mut d);
        d.sorted()
    }

    #[test]
    fn a_real_number_is_an_error_at_its_line_shown_masked() {
        let d = run("---\ntitle: 名单\n---\n张三，身份证 11010519491231002X，电话 13812345678。\n");
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!((d[0].code, d[0].pos.line, d[0].pos.column), ("E0801", 4, 8));
        assert!(d[0].message.zh.contains("110105********002X"));
        assert!(d[1].message.zh.contains("138****5678"));
        for x in &d {
            let all = format!("{}{}{}{}", x.message.zh, x.message.en, x.hint.zh, x.hint.en);
            assert!(
                !all.contains("11010519491231002X") && !all.contains("13812345678"),
                "{all}"
            );
        }
        assert!(d[0].hint.zh.contains("sanwu mask --write content/x.md"));
    }

    #[test]
    fn masked_forms_and_everyday_numbers_pass() {
        let text = "身份证 110105********1234，电话 138****5678，卡号 **** 1234\n联系电话：0916-3212345\n日期 2025-03-05，凭证 记-01，金额 6,000.00，代码 610729100201\n";
        assert!(run(text).is_empty(), "{:#?}", run(text));
    }

    #[test]
    fn full_width_digits_are_caught() {
        let d = run("电话：１３８１２３４５６７８\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Error);
    }

    #[test]
    fn a_mistyped_id_is_a_warning() {
        let d = run("身份证 110105194912310021\n");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!((d[0].code, d[0].severity), ("W0805", Severity::Warning));
    }

    #[test]
    fn history_text_is_masked() {
        assert_eq!(
            masked("卡号 6222021234567890128 已发放"),
            "卡号 **** 0128 已发放"
        );
        assert!(matches!(masked("没有号码"), std::borrow::Cow::Borrowed(_)));
    }
}
