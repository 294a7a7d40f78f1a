//! Reading a content file as text: size limit, encodings clerks' editors produce, BOM.
//!
//! Clerks often use Windows editors that save in GBK or UTF-16. The build never guesses:
//! such a file is refused with a message that names the encoding and says how to re-save it.

use crate::diag::{Diagnostics, Msg, Pos};
use std::path::Path;

/// Files above this size are refused: no disclosure needs more, and a runaway file
/// (a pasted spreadsheet export, a binary) should not stall the build.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Reads `path` and returns its text without a UTF-8 BOM, or records why it cannot.
/// `rel` is the path shown in diagnostics.
pub fn read_text(path: &Path, rel: &str, diags: &mut Diagnostics) -> Option<String> {
    decode(&read_bytes(path, rel, diags)?, rel, diags)
}

/// `bytes` as text, what is not UTF-8 replaced as `String::from_utf8_lossy` does. The bytes
/// are checked with simdutf8 first: std's check, on the Chinese text of the pages the search
/// index reads back and of the texts git gives, was 2 % of the CPU of a cold build.
pub fn lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// A file's bytes, within the size limit. The size is that of the file opened, not of its
/// path looked at first: one lookup of the path, not two, for each of a site's files.
pub fn read_bytes(path: &Path, rel: &str, diags: &mut Diagnostics) -> Option<Vec<u8>> {
    use std::io::Read;
    let opened = std::fs::File::open(path).and_then(|f| Ok((f.metadata()?, f)));
    let (meta, mut file) = match opened {
        Ok(o) => o,
        Err(e) => {
            io_error(rel, &e, diags);
            return None;
        }
    };
    if meta.len() > MAX_FILE_BYTES {
        diags.error(
            "E0103",
            rel,
            Pos::file(),
            Msg::new(
                format!(
                    "文件太大（{:.1} MB），超过 10 MB 的上限",
                    meta.len() as f64 / 1048576.0
                ),
                format!(
                    "file is too large ({:.1} MB); the limit is 10 MB",
                    meta.len() as f64 / 1048576.0
                ),
            ),
            Msg::new(
                "请把内容拆分成几份公开，或删去误粘贴的大段内容",
                "split the disclosure into several files, or remove pasted bulk content",
            ),
        );
        return None;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    match file.read_to_end(&mut bytes) {
        Ok(_) => Some(bytes),
        Err(e) => {
            io_error(rel, &e, diags);
            None
        }
    }
}

fn io_error(rel: &str, e: &std::io::Error, diags: &mut Diagnostics) {
    diags.error(
        "E0107",
        rel,
        Pos::file(),
        Msg::new(
            format!("无法读取文件：{}", io_reason_zh(e)),
            format!("cannot read file: {e}"),
        ),
        Msg::new(
            "检查文件是否存在、是否有读取权限",
            "check that the file exists and is readable",
        ),
    );
}

/// Decodes file bytes as UTF-8, refusing UTF-16 and GBK with a precise message.
pub fn decode(bytes: &[u8], rel: &str, diags: &mut Diagnostics) -> Option<String> {
    let resave = Msg::new(
        "请用编辑器“另存为”UTF-8 编码（记事本：文件 › 另存为 › 编码选“UTF-8”；WPS/VS Code：右下角编码 › 以 UTF-8 保存）",
        "re-save the file as UTF-8 (Notepad: File › Save As › Encoding: UTF-8; VS Code: click the encoding in the status bar › Save with Encoding › UTF-8)",
    );
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || looks_utf16(bytes) {
        diags.error(
            "E0102",
            rel,
            Pos::file(),
            Msg::new(
                "文件是 UTF-16 编码，不是 UTF-8",
                "the file is encoded as UTF-16, not UTF-8",
            ),
            resave,
        );
        return None;
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if bytes.is_empty() || bytes.iter().all(|b| b.is_ascii_whitespace()) {
        diags.error(
            "E0106",
            rel,
            Pos::file(),
            Msg::new("文件是空的", "the file is empty"),
            Msg::new(
                "填写内容，或删除这个文件（已公开的内容请改为撤回，不要删除）",
                "fill it in, or remove it (withdraw published disclosures instead of deleting them)",
            ),
        );
        return None;
    }
    match simdutf8::compat::from_utf8(bytes) {
        Ok(s) => Some(normalize_line_breaks(s).into_owned()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            let (_, _, gbk_failed) = encoding_rs::GB18030.decode(bytes);
            let (zh, en) = if gbk_failed {
                (
                    "文件不是 UTF-8 编码（含有无法识别的字节）".to_string(),
                    "the file is not valid UTF-8".to_string(),
                )
            } else {
                (
                    "文件是 GBK（GB18030）编码，不是 UTF-8".to_string(),
                    "the file is encoded as GBK (GB18030), not UTF-8".to_string(),
                )
            };
            diags.error("E0101", rel, Pos::new(line, 1, 0), Msg::new(zh, en), resave);
            None
        }
    }
}

/// Old Mac editors end lines with a bare CR. The YAML parser counts those as line breaks and
/// the rest of sanwu counts `\n`; turning a lone CR into `\n` makes every stage (and the
/// clerk's editor) agree on line numbers. CRLF is left alone: it counts once everywhere.
pub fn normalize_line_breaks(s: &str) -> std::borrow::Cow<'_, str> {
    let b = s.as_bytes();
    let lone = |i: usize| b[i] == b'\r' && b.get(i + 1) != Some(&b'\n');
    if !(0..b.len()).any(lone) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// UTF-16 without a BOM: many NUL bytes in alternating positions of an ASCII-heavy text.
fn looks_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(200)];
    if sample.len() < 4 {
        return false;
    }
    let even_nuls = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nuls = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let half = sample.len() / 2;
    even_nuls * 10 > half * 4 || odd_nuls * 10 > half * 4
}

/// Why a file could not be read, in words a clerk can act on.
pub fn io_reason_zh(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::PermissionDenied => "没有读取权限",
        K::NotFound => "文件不存在（可能刚被移动或删除）",
        K::IsADirectory => "这是一个文件夹，不是文件",
        K::InvalidData => "文件内容无法识别",
        K::OutOfMemory => "内存不足",
        _ => "读取时出错（文件可能在别的程序中打开，或磁盘有问题）",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(bytes: &[u8]) -> (Option<String>, Vec<crate::diag::Diagnostic>) {
        let mut d = Diagnostics::new();
        let r = decode(bytes, "x.yaml", &mut d);
        (r, d.sorted())
    }

    #[test]
    fn a_file_is_read_whole_and_what_cannot_be_read_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.yaml");
        let text = "标题: 一\n".repeat(5000);
        std::fs::write(&file, &text).unwrap();
        let mut d = Diagnostics::new();
        assert_eq!(
            read_bytes(&file, "a.yaml", &mut d).unwrap(),
            text.as_bytes()
        );
        for (path, rel) in [
            (dir.path().join("missing.yaml"), "missing.yaml"),
            (dir.path().to_path_buf(), "dir.yaml"),
        ] {
            assert!(read_bytes(&path, rel, &mut d).is_none());
        }
        let d = d.sorted();
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d.iter().all(|x| x.code == "E0107"), "{d:?}");
        assert_eq!(
            d.iter().map(|x| x.file.as_str()).collect::<Vec<_>>(),
            ["dir.yaml", "missing.yaml"]
        );
    }

    #[test]
    fn lossy_text_is_what_std_makes_of_the_bytes() {
        let long = "村务公开 ".repeat(40);
        let cut = &long.as_bytes()[..long.len() - 2];
        for bytes in [
            "".as_bytes(),
            "ascii only".as_bytes(),
            long.as_bytes(),
            cut,
            b"\xff\xfe GBK \xb4\xe5",
            &[b'a', 0xe6, 0x9d, b'b'],
        ] {
            assert_eq!(lossy(bytes), String::from_utf8_lossy(bytes), "{bytes:?}");
        }
        assert!(matches!(
            lossy(long.as_bytes()),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn utf8_with_bom_is_accepted_without_it() {
        let (t, d) = run("\u{feff}标题: 一\r\n".as_bytes());
        assert_eq!(t.unwrap(), "标题: 一\r\n");
        assert!(d.is_empty());
    }

    #[test]
    fn gbk_is_named() {
        let (gbk, _, _) = encoding_rs::GBK.encode("title: 紫柏镇\n名称: 火烧店村\n");
        let (t, d) = run(&gbk);
        assert!(t.is_none());
        assert_eq!(d[0].code, "E0101");
        assert!(d[0].message.zh.contains("GBK"), "{:?}", d[0].message);
        assert!(d[0].hint.zh.contains("UTF-8"));
        assert_eq!(d[0].pos.line, 1);
    }

    #[test]
    fn utf16_is_named() {
        let mut b = vec![0xFF, 0xFE];
        for u in "title: x\n".encode_utf16() {
            b.extend(u.to_le_bytes());
        }
        assert_eq!(run(&b).1[0].code, "E0102");
        let mut nobom = vec![];
        for u in "title: abc\nkind: x\n".encode_utf16() {
            nobom.extend(u.to_le_bytes());
        }
        assert_eq!(run(&nobom).1[0].code, "E0102");
    }

    #[test]
    fn bare_carriage_returns_become_line_breaks() {
        let (t, _) = run(b"a: 1\rb: 2\r\nc: 3\r");
        assert_eq!(t.unwrap(), "a: 1\nb: 2\r\nc: 3\n");
    }

    #[test]
    fn empty_file_is_an_error() {
        assert_eq!(run(b"").1[0].code, "E0106");
        assert_eq!(run(b"\n  \n").1[0].code, "E0106");
    }

    #[test]
    fn invalid_bytes_that_are_not_gbk() {
        let (_, d) = run(b"a: b\n\xff\xff\xff\n");
        assert_eq!(d[0].code, "E0101");
        assert_eq!(d[0].pos.line, 2);
        assert!(!d[0].message.zh.contains("GBK"));
    }
}
