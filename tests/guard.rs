//! The public is protected: personal numbers never reach the site, the terminal or the history
//! unmasked, and hostile content never becomes active, crashes or hangs the build.

mod common;
use common::{copy_dir, sanwu};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn mini() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini"),
        dir.path(),
    );
    dir
}

const V: &str = "content/towns/zibai/huoshaodian";
const ID: &str = "11010519491231002X";
const MOBILE: &str = "13812345678";
const CARD: &str = "6222021234567890128";

fn list_with_numbers() -> String {
    format!(
        "# 低保名单（含错误的个人信息）\r\ntitle: 2025年低保公示\r\nkind: affairs.beneficiaries\r\npublished: 2025-04-20\r\nprogram: 农村低保\r\nrows:\r\n  - {{ name: 张某某, group: 一组, amount: \"300.00\", note: \"身份证 {ID}\" }}\r\n  - {{ name: 李某某, group: 二组, amount: \"300.00\", note: \"电话 {MOBILE}，卡号 6222 0212 3456 7890 128\" }}\r\n"
    )
}

fn all_output_text(dir: &Path) -> String {
    let mut all = String::new();
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if e.file_type().is_file() {
            all.push_str(&String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()));
        }
    }
    all
}

fn contains_any_number(s: &str) -> bool {
    s.contains(ID)
        || s.contains(MOBILE)
        || s.contains(CARD)
        || s.contains("6222 0212 3456 7890 128")
}

#[test]
fn a_list_with_personal_numbers_fails_with_masked_messages_only() {
    let dir = mini();
    let f = format!("{V}/affairs/dibao.yaml");
    std::fs::write(dir.path().join(&f), list_with_numbers()).unwrap();
    let o = sanwu(&["build", "--root", dir.path().to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("--> {f}:7:")), "{err}");
    assert!(
        err.contains("未打码的居民身份证号码 110105********002X"),
        "{err}"
    );
    assert!(
        err.contains("138****5678") && err.contains("**** 0128"),
        "{err}"
    );
    assert!(
        !contains_any_number(&err),
        "a full number reached the terminal:\n{err}"
    );
    assert!(!dir.path().join("public").exists());

    let o = sanwu(&[
        "check",
        "--root",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        out.lines().filter(|l| l.contains("\"E0801\"")).count(),
        3,
        "{out}"
    );
    assert!(!contains_any_number(&out));

    // `sanwu mask` prints what it would do, then rewrites only the numbers.
    let o = sanwu(&["mask", dir.path().join(&f).to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let printed = String::from_utf8_lossy(&o.stdout);
    assert!(
        printed.contains(":7:") && printed.contains("110105********002X"),
        "{printed}"
    );
    assert!(!contains_any_number(&printed));
    let o = sanwu(&["mask", "--write", dir.path().join(&f).to_str().unwrap()]);
    assert!(o.status.success());
    let fixed = std::fs::read_to_string(dir.path().join(&f)).unwrap();
    let expected = list_with_numbers()
        .replace(ID, "110105********002X")
        .replace(MOBILE, "138****5678")
        .replace("6222 0212 3456 7890 128", "**** 0128");
    assert_eq!(
        fixed, expected,
        "only the numbers changed; comments and CRLF kept"
    );
    let o = sanwu(&["build", "--root", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!contains_any_number(&all_output_text(
        &dir.path().join("public")
    )));
}

#[test]
fn the_history_of_a_corrected_list_does_not_leak_the_numbers() {
    let dir = mini();
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .arg("-C")
            .arg(dir.path())
            .args([
                "-c",
                "user.name=王会计",
                "-c",
                "user.email=c@example.org",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .env("GIT_AUTHOR_DATE", "2025-04-20T10:00:00+08:00")
            .env("GIT_COMMITTER_DATE", "2025-04-20T10:00:00+08:00")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    git(&["init", "-q"]);
    let f = format!("{V}/affairs/dibao.yaml");
    std::fs::write(dir.path().join(&f), list_with_numbers()).unwrap();
    git(&["add", "-A"]);
    git(&[
        "commit",
        "-q",
        "-m",
        &format!("名单\n\nChange-Note: 补充联系电话 {MOBILE}"),
    ]);
    assert!(
        sanwu(&["mask", "--write", dir.path().join(&f).to_str().unwrap()])
            .status
            .success()
    );
    git(&["commit", "-qam", "打码"]);
    let o = sanwu(&["build", "--root", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let site = all_output_text(&dir.path().join("public"));
    assert!(
        site.contains("补充联系电话 138****5678"),
        "the commit's note is published masked"
    );
    assert!(
        !contains_any_number(&site),
        "a full number reached the site through the history"
    );
}

fn build_with(files: &[(&str, String)]) -> (Output, PathBuf, tempfile::TempDir) {
    let dir = mini();
    for (rel, text) in files {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let o = sanwu(&["build", "--root", dir.path().to_str().unwrap()]);
    let out = dir.path().join("public");
    (o, out, dir)
}

fn notice(front: &str, body: &str) -> String {
    format!(
        "---\ntitle: 测试通知\nkind: affairs.notice\npublished: 2025-04-02\n{front}---\n{body}\n"
    )
}

fn no_active_content(html: &str) {
    let lower = html.to_ascii_lowercase();
    let scripts = lower.matches("<script").count();
    let ours = lower.matches("<script src=\"").count();
    assert_eq!(scripts, ours, "a script element that is not the theme's");
    for bad in [
        "javascript:",
        "onerror=",
        "onload=",
        "<iframe",
        "data:text/html",
        "<object",
        "<embed",
    ] {
        let tag_like = lower.match_indices(bad).any(|(i, _)| {
            // Escaped text (&lt;img onerror=…) is harmless; inside a real tag it is not.
            let before = &lower[..i];
            before.rfind('<').is_some_and(|lt| {
                before.rfind('>').is_none_or(|gt| lt > gt) && !before[lt..].contains("&lt;")
            })
        });
        assert!(!tag_like, "active `{bad}` in the page");
    }
}

#[test]
fn hostile_markdown_never_becomes_active() {
    let body = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "[点我](javascript:alert(1)) [再点](JAVASCRIPT:alert(2)) [又点](&#x6A;avascript:alert(3))",
        "![图](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "&lt;script&gt;alert('entity')&lt;/script&gt; &#60;script&#62;alert(4)&#60;/script&#62;",
        "{{ site.name }} {% for x in y %}{% endfor %} {# comment #}",
        "<a href=\"javascript:alert(5)\">链接</a>",
    ]
    .join("\n\n");
    let (o, out, _d) = build_with(&[(&format!("{V}/affairs/hostile.md"), notice("", &body))]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html =
        std::fs::read_to_string(out.join("towns/zibai/huoshaodian/affairs/hostile/index.html"))
            .unwrap();
    no_active_content(&html);
    assert!(
        html.contains("{{ site.name }} {% for x in y %}"),
        "template syntax shown literally"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn template_syntax_in_a_title_is_literal() {
    let (o, out, _d) = build_with(&[(&format!("{V}/affairs/t.md"), "---\ntitle: \"{{ site.name }}{% if true %}x{% endif %}<b>粗</b>\"\nkind: affairs.notice\npublished: 2025-04-02\n---\n正文\n".to_string())]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html =
        std::fs::read_to_string(out.join("towns/zibai/huoshaodian/affairs/t/index.html")).unwrap();
    assert!(
        html.contains("{{ site.name }}{% if true %}x{% endif %}&lt;b&gt;粗&lt;/b&gt;"),
        "{html}"
    );
}

#[test]
fn huge_and_deep_inputs_neither_crash_nor_hang() {
    let long_line = "很长的一行".repeat(5 * 1024 * 1024 / 15);
    let nested_list: String = (0..2000)
        .map(|i| format!("{}- 项\n", "  ".repeat(i)))
        .collect();
    let quotes = ">".repeat(10_000) + " 引用";
    let title = "长".repeat(10_000);
    let started = std::time::Instant::now();
    let (o, out, _d) = build_with(&[
        (&format!("{V}/affairs/long-line.md"), notice("", &long_line)),
        (
            &format!("{V}/affairs/nested.md"),
            notice("", &format!("{nested_list}\n\n{quotes}\n")),
        ),
        (
            &format!("{V}/affairs/long-title.md"),
            notice("", "正文").replace("title: 测试通知", &format!("title: {title}")),
        ),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        out.join("towns/zibai/huoshaodian/affairs/long-line/index.html")
            .exists()
    );
    assert!(
        std::fs::read_to_string(out.join("towns/zibai/huoshaodian/affairs/long-title/index.html"))
            .unwrap()
            .contains(&title)
    );
    // Not a timing test: a hang would never get here; this only reports.
    eprintln!("hostile build took {:?}", started.elapsed());
}

#[test]
fn deep_yaml_alias_bombs_nul_and_huge_numbers_are_errors_not_crashes() {
    let mut bomb = String::from(
        "title: 炸弹\nkind: affairs.notice\npublished: 2025-04-02\na: &a [x, x, x, x, x, x, x, x, x, x]\n",
    );
    let mut prev = "a".to_string();
    for n in ["b", "c", "d", "e", "f", "g", "h", "i"] {
        bomb.push_str(&format!("{n}: &{n} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        prev = n.to_string();
    }
    let deep = format!(
        "title: 深\nkind: affairs.notice\npublished: 2025-04-02\ntags: {}x{}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let cases = [
        ("bomb.yaml", bomb, "E0213"),
        ("deep.yaml", deep, "E0213"),
        (
            "nul.md",
            notice("", "正文\0有空字符").replace("title: 测试通知", "title: \"测试\\0通知\""),
            "E0216",
        ),
        (
            "digits.yaml",
            format!(
                "title: 数\nkind: affairs.beneficiaries\npublished: 2025-04-02\nprogram: 补贴\nrows:\n  - {{ name: 张某某, group: 一组, amount: {} }}\n",
                "9".repeat(400)
            ),
            "E0208",
        ),
        (
            "rtl.md",
            notice("", "正文").replace("title: 测试通知", "title: \"张\u{202E}某某\""),
            "E0216",
        ),
    ];
    for (name, text, code) in cases {
        let (o, _out, _d) = build_with(&[(&format!("{V}/affairs/{name}"), text)]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{name}: {err}");
        assert!(
            err.contains(&format!("[{code}]")),
            "{name}: expected {code} in {err}"
        );
    }
}

#[test]
fn a_village_name_with_a_direction_override_is_refused() {
    let (o, _out, _d) = build_with(&[(
        &format!("{V}/village.yaml"),
        "name: \"火烧\u{202E}店村\"\nkind: 村\ngroups: [一组, 二组, 三组]\n".to_string(),
    )]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("U+202E"));
}
