//! Masking personal numbers in a file's text: the engine behind `sanwu mask [--write] FILE...`.
//!
//! [`mask_text`] replaces every resident ID, mobile and bank card number that [`pii::scan`]
//! finds with its masked form and leaves every other byte alone, so comments, key order,
//! quoting, indentation, line endings and a byte order mark all survive, and a clerk can fix a
//! 200-row list in one command. Suspect resident IDs (checksum or date fails) are not
//! replaced: they may be something else, so the clerk decides.
//!
//! [`pii::scan`]: crate::pii::scan

use std::borrow::Cow;

use crate::pii::{self, PiiKind};

/// One replacement made by [`mask_text`], located in the original text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaskEdit {
    /// 1-based line of the number's first character.
    pub line: u32,
    /// 1-based column of the number's first character, counting characters (not bytes) and
    /// not counting a byte order mark at the start of the text, the way editors and the build's
    /// diagnostics count.
    pub column: u32,
    pub kind: PiiKind,
    /// What the number was replaced with.
    pub masked: String,
}

/// Returns `text` with every certain personal number replaced by its masked form (a grouped
/// number such as `6222 0212 3456 7890 128` is replaced whole, separators included), and the
/// replacements made, in order. Everything outside the replaced spans is kept byte for byte.
///
/// Scanning the result finds no certain personal number, so masking is idempotent. That takes
/// more than one round when masking changes a neighbour: in `11010519491231002X6222…` the `X`
/// is not a check character while a digit follows it, but it is once the card after it is
/// masked to `**** 0128`. Each round removes digits, so the rounds end; an edit found in a
/// later round is located at its start in the original text, or at the start of the
/// replaced span it begins in.
pub fn mask_text(text: &str) -> (String, Vec<MaskEdit>) {
    let mut current = Cow::Borrowed(text);
    // The replacements of each round, to trace later rounds back to the original text.
    let mut rounds: Vec<Vec<Replacement>> = Vec::new();
    // (byte offset in the original text, kind, masked form)
    let mut found: Vec<(usize, PiiKind, String)> = Vec::new();
    loop {
        let findings: Vec<pii::Finding> = pii::scan(&current)
            .into_iter()
            .filter(|f| f.kind.is_certain())
            .collect();
        if findings.is_empty() {
            break;
        }
        let mut out = String::with_capacity(current.len());
        let mut round = Vec::with_capacity(findings.len());
        let mut copied = 0;
        for f in findings {
            out.push_str(&current[copied..f.start]);
            out.push_str(&f.masked);
            copied = f.end;
            let original = rounds.iter().rev().fold(f.start, |at, r| trace_back(r, at));
            round.push(Replacement {
                start: f.start,
                end: f.end,
                new_len: f.masked.len(),
            });
            found.push((original, f.kind, f.masked));
        }
        out.push_str(&current[copied..]);
        rounds.push(round);
        current = Cow::Owned(out);
    }
    found.sort_by_key(|&(at, _, _)| at);

    let mut edits = Vec::with_capacity(found.len());
    let (mut line, mut column) = (1u32, 1u32);
    // How far `line` and `column` have been advanced; a BOM is not a column.
    let mut counted = if text.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    };
    for (at, kind, masked) in found {
        for c in text[counted..at].chars() {
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        counted = at;
        edits.push(MaskEdit {
            line,
            column,
            kind,
            masked,
        });
    }
    (current.into_owned(), edits)
}

/// One replacement of a masking round: bytes `start..end` became `new_len` bytes.
struct Replacement {
    start: usize,
    end: usize,
    new_len: usize,
}

/// The offset before a round of replacements (in order) of `at`, an offset after them. An
/// offset inside a replacement traces back to the start of the span it replaced.
fn trace_back(round: &[Replacement], at: usize) -> usize {
    // `shift` is how much later text moved, new length minus old, so far.
    let mut shift: isize = 0;
    for r in round {
        let new_start = r.start.saturating_add_signed(shift);
        if at < new_start {
            break;
        }
        if at < new_start + r.new_len {
            return r.start;
        }
        shift += r.new_len as isize - (r.end - r.start) as isize;
    }
    at.saturating_add_signed(-shift)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pii::scan;

    /// (name, ID as written, masked; card as written, masked; phone as written, masked).
    /// Values that are not certain personal numbers are expected unchanged.
    const ROWS: [[&str; 7]; 20] = [
        [
            "张三",
            "11010519491231002X",
            "110105********002X",
            "6222021234567890128",
            "**** 0128",
            "13812345678",
            "138****5678",
        ],
        [
            "李四",
            "610729198503150010",
            "610729********0010",
            "6222 0212 3456 7890 128",
            "**** 0128",
            "138 1234 5678",
            "138****5678",
        ],
        [
            "王五",
            "61072920000229004x",
            "610729********004X",
            "6222-0212-3456-7890-128",
            "**** 0128",
            "138-1234-5678",
            "138****5678",
        ],
        [
            "赵六",
            "610729200402291236",
            "610729********1236",
            "6217 0012 3456 7893",
            "**** 7893",
            "+86 139 1234 5678",
            "+86 139****5678",
        ],
        [
            "钱七",
            "33010219770514671X",
            "330102********671X",
            "622202 1234567890128",
            "**** 0128",
            "+8615012345678",
            "+86150****5678",
        ],
        [
            "孙八",
            "１１０１０５１９４９１２３１００２Ｘ",
            "110105********002X",
            "６２１７００１２３４５６７８９３",
            "**** 7893",
            "１３８１２３４５６７８",
            "138****5678",
        ],
        [
            "周九",
            "110105 19491231 002X",
            "110105********002X",
            "9558801234567890128",
            "**** 0128",
            "0916-3212345",
            "0916-3212345",
        ],
        [
            "吴十",
            "110105491231002",
            "110105*****1002",
            "1033800000000000002",
            "**** 0002",
            "(0916)3212345",
            "(0916)3212345",
        ],
        [
            "郑一",
            "110105********002X",
            "110105********002X",
            "**** 0128",
            "**** 0128",
            "138****5678",
            "138****5678",
        ],
        [
            "王二",
            "610729197603136668",
            "610729********6668",
            "6228481909378657978",
            "**** 7978",
            "15912345678",
            "159****5678",
        ],
        [
            "冯三",
            "61070219410227548X",
            "610702********548X",
            "6217005432319487579",
            "**** 7579",
            "",
            "",
        ],
        [
            "陈四",
            "610721194706190590",
            "610721********0590",
            "6222024911862527607",
            "**** 7607",
            "",
            "",
        ],
        [
            "褚五",
            "110105199904020885",
            "110105********0885",
            "6230591895559797118",
            "**** 7118",
            "",
            "",
        ],
        [
            "卫六",
            "330102199007032466",
            "330102********2466",
            "6217994710497465076",
            "**** 5076",
            "",
            "",
        ],
        [
            "蒋七",
            "520103194609140607",
            "520103********0607",
            "6221885291703423666",
            "**** 3666",
            "",
            "",
        ],
        [
            "沈八",
            "440306200702086455",
            "440306********6455",
            "6212 2656 3212 2339",
            "**** 2339",
            "",
            "",
        ],
        [
            "韩九",
            "610727200901195991",
            "610727********5991",
            "6259-6507-9244-0262",
            "**** 0262",
            "",
            "",
        ],
        [
            "杨十",
            "610728198501080470",
            "610728********0470",
            "6227008599528907864",
            "**** 7864",
            "",
            "",
        ],
        // A suspect ID (check character fails) is left for the clerk to decide.
        [
            "朱一",
            "110105194912310021",
            "110105194912310021",
            "6236686661760313720",
            "**** 3720",
            "",
            "",
        ],
        [
            "秦二",
            "610730200603104295",
            "610730********4295",
            "6226 0915 9010 9280",
            "**** 9280",
            "",
            "",
        ],
    ];

    /// A beneficiary list as a clerk might write it: BOM, CRLF, comments, mixed quoting.
    /// `masked` picks the masked value of every field instead of the written one.
    fn beneficiaries(masked: bool) -> String {
        let pick = |written: usize| if masked { written + 1 } else { written };
        let mut s = String::from("\u{FEFF}# 2025 年第一季度低保金发放名单（一组至四组）\r\n");
        s.push_str("# 身份证号、银行卡号、手机号须脱敏后公开\r\n");
        s.push_str("title: 低保金发放\r\n");
        s.push_str("date: 2025-03-05\r\n");
        s.push_str("voucher: 记-01\r\n");
        s.push_str("area_code: '610729100201'\r\n");
        s.push_str("total: \"52,000.00\"\r\n");
        s.push_str("contact: 0916-3212345   # 村委会\r\n");
        s.push_str("beneficiaries:\r\n");
        for (i, row) in ROWS.iter().enumerate() {
            s.push_str(&format!("  - name: {}  # {}组\r\n", row[0], i % 4 + 1));
            if i % 2 == 0 {
                s.push_str(&format!("    id: \"{}\"\r\n", row[pick(1)]));
            } else {
                s.push_str(&format!("    id: {}\r\n", row[pick(1)]));
            }
            s.push_str(&format!("    card: '{}'\r\n", row[pick(3)]));
            if !row[5].is_empty() {
                s.push_str(&format!("    phone: {}\r\n", row[pick(5)]));
            }
            s.push_str(&format!("    amount: {}.00\r\n", 2000 + 100 * i));
        }
        s.push_str("# 以上共 20 户\r\n");
        s
    }

    /// The byte offset of a 1-based line and character column, not counting a BOM.
    fn offset(text: &str, line: u32, column: u32) -> usize {
        let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let line_start: usize = body
            .split_inclusive('\n')
            .take(line as usize - 1)
            .map(str::len)
            .sum();
        let in_line: usize = body[line_start..]
            .chars()
            .take(column as usize - 1)
            .map(char::len_utf8)
            .sum();
        text.len() - body.len() + line_start + in_line
    }

    #[test]
    fn beneficiary_list_round_trips_with_only_the_numbers_changed() {
        let original = beneficiaries(false);
        let expected = beneficiaries(true);
        assert!(original.starts_with('\u{FEFF}') && original.matches("\r\n").count() > 90);
        let (masked, edits) = mask_text(&original);
        assert_eq!(masked, expected);

        // One edit per changed field, in order, each pointing at the number as written.
        let changed: Vec<(&str, &str)> = ROWS
            .iter()
            .flat_map(|r| [(r[1], r[2]), (r[3], r[4]), (r[5], r[6])])
            .filter(|(written, masked)| written != masked)
            .collect();
        assert_eq!(edits.len(), changed.len());
        assert_eq!(edits.len(), 18 + 19 + 7);
        for (edit, (written, masked)) in edits.iter().zip(changed) {
            let number = written.strip_prefix("+86").unwrap_or(written).trim_start();
            let at = offset(&original, edit.line, edit.column);
            assert!(
                original[at..].starts_with(number),
                "{edit:?} at {:?}",
                &original[at..at + 20]
            );
            assert!(masked.ends_with(&edit.masked), "{edit:?}");
        }
        // The first edit: line 11 (after 8 header lines, `beneficiaries:` and the name), `    id: "`.
        assert_eq!((edits[0].line, edits[0].column), (11, 10));
        assert_eq!(edits[0].kind, PiiKind::ResidentId);
    }

    #[test]
    fn masked_list_scans_clean_and_masking_is_idempotent() {
        let (once, edits) = mask_text(&beneficiaries(false));
        assert!(!edits.is_empty());
        let left: Vec<PiiKind> = scan(&once).into_iter().map(|f| f.kind).collect();
        // Only the suspect ID is left, for the clerk.
        assert_eq!(left, [PiiKind::SuspectResidentId]);
        let (twice, edits) = mask_text(&once);
        assert_eq!(twice, once);
        assert!(edits.is_empty());
    }

    #[test]
    fn edit_kinds_and_masked_forms() {
        let text = "张三 11010519491231002X 138 1234 5678 6222-0212-3456-7890-128 110105491231002";
        let (masked, edits) = mask_text(text);
        assert_eq!(
            masked,
            "张三 110105********002X 138****5678 **** 0128 110105*****1002"
        );
        let kinds: Vec<PiiKind> = edits.iter().map(|e| e.kind).collect();
        use PiiKind::*;
        assert_eq!(kinds, [ResidentId, Mobile, BankCard, LegacyResidentId]);
        let columns: Vec<u32> = edits.iter().map(|e| e.column).collect();
        assert_eq!(columns, [4, 23, 37, 61]);
        assert!(edits.iter().all(|e| e.line == 1));
    }

    #[test]
    fn columns_count_characters_and_skip_a_bom() {
        let (_, edits) = mask_text("名单\n张三：13812345678\n");
        assert_eq!((edits[0].line, edits[0].column), (2, 4));
        let (_, edits) = mask_text("\u{FEFF}13812345678");
        assert_eq!((edits[0].line, edits[0].column), (1, 1));
        let (_, edits) = mask_text("a\r\nb\r\n\r\n  13812345678\r\n");
        assert_eq!((edits[0].line, edits[0].column), (4, 3));
        // Full-width digits count one column each.
        let (masked, edits) = mask_text("１３８１２３４５６７８ 13912345678");
        assert_eq!(masked, "138****5678 139****5678");
        assert_eq!(edits[1].column, 13);
    }

    #[test]
    fn text_without_numbers_or_with_only_suspects_is_unchanged() {
        for text in [
            "",
            "\u{FEFF}title: 低保金\r\n",
            "date: 2025-03-05\ncontact: 0916-3212345\n",
            "suspect: 110105194912310021\r\n",
            "masked: 110105********002X\n",
        ] {
            let (masked, edits) = mask_text(text);
            assert_eq!(masked, text);
            assert!(edits.is_empty(), "{text:?}");
        }
    }

    #[test]
    fn masking_that_changes_a_neighbour_masks_again() {
        // While a digit follows the X it is no check character; masking the card changes that.
        let text = "号11010519491231002X6222021234567890128。";
        assert_eq!(scan(text).len(), 1);
        let (masked, edits) = mask_text(text);
        assert_eq!(masked, "号110105********002X**** 0128。");
        let found: Vec<(u32, PiiKind)> = edits.iter().map(|e| (e.column, e.kind)).collect();
        assert_eq!(found, [(2, PiiKind::ResidentId), (20, PiiKind::BankCard)]);
    }

    #[test]
    fn trace_back_through_replacements() {
        // "ab1234cd5678ef" -> "ab**cdxxxxxxef"
        let round = [
            Replacement {
                start: 2,
                end: 6,
                new_len: 2,
            },
            Replacement {
                start: 8,
                end: 12,
                new_len: 6,
            },
        ];
        assert_eq!(trace_back(&round, 1), 1);
        assert_eq!(trace_back(&round, 3), 2); // inside the first replacement
        assert_eq!(trace_back(&round, 4), 6);
        assert_eq!(trace_back(&round, 7), 8); // inside the second
        assert_eq!(trace_back(&round, 12), 12);
    }

    /// Random strings of numbers, digits, separators and other characters.
    fn random_texts(count: usize) -> Vec<String> {
        const PIECES: [&str; 30] = [
            "0",
            "1",
            "2",
            "3",
            "5",
            "6",
            "8",
            "9",
            "１",
            "６",
            " ",
            " ",
            "-",
            "　",
            "－",
            "X",
            "ｘ",
            "+",
            "张",
            "，",
            "*",
            "\r\n",
            "11010519491231002X",
            "13812345678",
            "138 1234 5678",
            "6222021234567890128",
            "6222 0212 3456 7890 128",
            "110105491231002",
            "86",
            "1234",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..count)
            .map(|_| {
                let n = next() % 40;
                (0..n)
                    .map(|_| PIECES[next() as usize % PIECES.len()])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn random_text_masks_clean_and_idempotently() {
        for text in random_texts(30_000) {
            let (once, edits) = mask_text(&text);
            for edit in &edits {
                assert!(edit.line >= 1 && edit.column >= 1);
            }
            let left: Vec<_> = scan(&once)
                .into_iter()
                .filter(|f| f.kind.is_certain())
                .collect();
            assert!(left.is_empty(), "{text:?} -> {once:?}: {left:?}");
            assert_eq!(mask_text(&once).0, once, "{text:?}");
        }
    }
}
