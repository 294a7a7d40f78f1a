//! `sanwu explain CODE`: the error index (`docs/errors.md`), one code at a time, in the terminal.
//!
//! The index is compiled in, so the explanation always matches the binary that printed the code.

const INDEX: &str = include_str!("../docs/errors.md");

/// The section of the index for `code` (`E0203`, case-insensitive), heading included.
pub fn explain(code: &str) -> Option<&'static str> {
    let code = code.trim().to_ascii_uppercase();
    sections().find(|(c, _)| *c == code).map(|(_, s)| s)
}

/// Every code the index explains, with its section.
pub fn sections() -> impl Iterator<Item = (&'static str, &'static str)> {
    let mut starts: Vec<usize> = INDEX.match_indices("\n## ").map(|(i, _)| i + 1).collect();
    starts.push(INDEX.len());
    starts
        .windows(2)
        .filter_map(|w| {
            let section = INDEX[w[0]..w[1]].trim_end();
            let code = section[3..].split_whitespace().next()?;
            is_code(code).then_some((code, section))
        })
        .collect::<Vec<_>>()
        .into_iter()
}

fn is_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5 && (b[0] == b'E' || b[0] == b'W') && b[1..].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every code the source can report, found by reading the source itself.
    fn codes_in_source() -> BTreeSet<String> {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut codes = BTreeSet::new();
        for e in walkdir::WalkDir::new(src) {
            let e = e.unwrap();
            if e.path().extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(e.path()).unwrap();
            // Codes inside unit tests are placeholders, not diagnostics the tool reports.
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            for (i, _) in text.match_indices('"') {
                if let Some(c) = text.get(i + 1..i + 6)
                    && is_code(c)
                    && text[i + 6..].starts_with('"')
                {
                    codes.insert(c.to_string());
                }
            }
        }
        codes
    }

    #[test]
    fn every_code_in_the_source_has_an_entry_with_example_message_and_fix() {
        let codes = codes_in_source();
        assert!(codes.len() > 40, "{codes:?}");
        for code in codes {
            let s =
                explain(&code).unwrap_or_else(|| panic!("{code} has no entry in docs/errors.md"));
            for part in ["**错误示例**", "**sanwu 的提示**", "**改法**"] {
                assert!(s.contains(part), "{code}: the entry lacks {part}");
            }
        }
    }

    #[test]
    fn lookup_is_case_insensitive_and_stops_at_the_next_entry() {
        let s = explain("e0203").unwrap();
        assert!(s.starts_with("## E0203"));
        assert!(!s.contains("\n## E0204"));
        assert!(explain("E9999").is_none());
    }
}
