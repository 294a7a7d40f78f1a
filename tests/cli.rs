//! End-to-end: run the `sanwu` binary on real folders and look at what it wrote and said.

mod common;
use common::{copy_dir, sanwu, stderr};

use std::path::{Path, PathBuf};
use std::process::Output;

/// A fresh copy of a site folder in a temporary directory.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn mini() -> Site {
        Site::copy_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini"))
    }
    fn sample() -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
            &dir.path().join("content"),
        );
        Site { dir }
    }
    fn copy_of(p: &Path) -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(p, dir.path());
        Site { dir }
    }
    fn root(&self) -> &Path {
        self.dir.path()
    }
    fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    fn read_out(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
    fn build(&self) -> Output {
        sanwu(&["build", "--root", self.root().to_str().unwrap()])
    }
    fn check_json(&self) -> Output {
        sanwu(&[
            "check",
            "--root",
            self.root().to_str().unwrap(),
            "--format",
            "json",
        ])
    }
}

const VILLAGE: &str = "content/towns/zibai/huoshaodian";

fn html_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

#[test]
fn builds_the_mini_site() {
    let s = Site::mini();
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let v = s.read_out("towns/zibai/huoshaodian/index.html");
    for title in [
        "2025年3月村级财务收支公开",
        "2025年2月村级财务收支公开",
        "关于村道修补工程的决议公开",
        "2025年第一季度党费收缴公开",
    ] {
        assert!(v.contains(title), "village page lacks {title}");
    }
    // Newest first within the finance list.
    assert!(v.find("2025年3月村级").unwrap() < v.find("2025年2月村级").unwrap());
    // Drafts stay out of `build`; the withdrawn notice is listed under 已撤回.
    assert!(!v.contains("草稿"));
    assert!(
        !s.out()
            .join("towns/zibai/huoshaodian/party/draft-plan")
            .exists()
    );
    let withdrawn_at = v.find("已撤回 / 已删除</h2>").expect("withdrawn section");
    assert!(v[withdrawn_at..].contains("关于收取卫生费的通知"));

    let f = s.read_out("towns/zibai/huoshaodian/finance/2025-03-statement/index.html");
    for figure in [
        "36,200.00",
        "6,000.00",
        "26,000.00",
        "52,320.50",
        "9,879.50",
        "320.50",
    ] {
        assert!(
            f.contains(&format!(">{figure}<")),
            "finance page lacks {figure}"
        );
    }
    assert!(f.contains("审核：村务监督委员会 王某某、李某某（2025-04-08）"));
    assert!(f.contains("依据：关于村道修补工程的决议公开"));

    let n = s.read_out("towns/zibai/huoshaodian/affairs/new-notice/index.html");
    assert!(n.contains("本公开更正了"));
    let old = s.read_out("towns/zibai/huoshaodian/affairs/old-notice/index.html");
    assert!(old.contains("此公开已于 2025-02-10 撤回"));
    assert!(old.contains("收费标准有误"));
    assert!(
        old.contains("new-notice/"),
        "withdrawn page links to its correction"
    );

    for p in html_files(&s.out()) {
        let h = std::fs::read_to_string(&p).unwrap();
        assert!(h.starts_with("<!DOCTYPE html>"), "{p:?}");
        assert!(h.contains("<html lang=\"zh-CN\">"), "{p:?}");
        assert!(h.contains("name=\"viewport\""), "{p:?}");
        assert!(h.contains("示例数据"), "{p:?} lacks the sample banner");
        assert!(!h.contains("<title> - "), "{p:?}");
    }
    assert!(
        s.read_out("sitemap.xml")
            .contains("<loc>https://example.org/towns/zibai/huoshaodian/</loc>")
    );
    assert!(s.read_out("sitemap.xml").contains(
        "<loc>https://example.org/towns/zibai/huoshaodian/finance/2025-03-statement/</loc>"
    ));
    // Every page a reader would look for is in the search index, and nothing else: not the
    // listings of changes, the search page, the enforcement list or the 404 page.
    let searchable = html_files(&s.out())
        .iter()
        .map(|p| {
            p.strip_prefix(s.out())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| p.ends_with("index.html"))
        .filter(|p| {
            !["changes/", "search/", "enforcement/index.html"]
                .iter()
                .any(|x| p.starts_with(x))
        })
        .count();
    let meta: serde_json::Value =
        serde_json::from_str(&s.read_out("search/index/meta.json")).unwrap();
    assert_eq!(meta["pages"], searchable, "{meta}");
    let dir = s
        .out()
        .join("search/index")
        .join(meta["dir"].as_str().unwrap());
    let texts = std::fs::read_dir(dir.join("p")).unwrap().count();
    assert_eq!(
        texts,
        searchable.div_ceil(4),
        "every page's text is there, 4 to a file"
    );
    assert!(s.read_out("404.html").contains("页面不存在"));
    assert!(s.out().join("static/style.css").exists());
    assert!(
        s.read_out("static/style.css").contains(".hl-"),
        "highlighting classes in the one stylesheet"
    );
}

#[test]
fn drafts_flag_includes_marked_drafts() {
    let s = Site::mini();
    let o = sanwu(&["build", "--root", s.root().to_str().unwrap(), "--drafts"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let d = s.read_out("towns/zibai/huoshaodian/party/draft-plan/index.html");
    assert!(d.contains("这是草稿"));
    assert!(
        s.read_out("towns/zibai/huoshaodian/index.html")
            .contains("草稿")
    );
}

#[test]
fn raw_html_in_markdown_comes_out_escaped() {
    let s = Site::mini();
    s.write(
        &format!("{VILLAGE}/affairs/hostile.md"),
        "---\ntitle: 测试\nkind: affairs.notice\npublished: 2025-04-02\n---\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)> [链接](javascript:alert(1)) {{ site.name }}\n",
    );
    assert!(s.build().status.success());
    let h = s.read_out("towns/zibai/huoshaodian/affairs/hostile/index.html");
    assert!(h.contains("&lt;script&gt;alert("), "{h}");
    assert!(h.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!h.contains("<script"));
    assert!(!h.contains("javascript:"));
    assert!(
        h.contains("{{ site.name }}"),
        "template syntax in content is shown literally"
    );
}

/// Builds once, breaks the site with `edit`, builds again: the second build must fail with
/// `code` at `file:line` and a message containing `zh`, and leave the first output untouched.
fn assert_broken(edit: impl FnOnce(&Site), code: &str, file_line: &str, zh: &str) {
    let s = Site::mini();
    assert!(s.build().status.success());
    let before = s.read_out("index.html");
    edit(&s);
    let o = s.build();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("[{code}]")),
        "expected {code} in:\n{err}"
    );
    assert!(
        err.contains(&format!("--> {file_line}")),
        "expected {file_line} in:\n{err}"
    );
    assert!(err.contains(zh), "expected {zh:?} in:\n{err}");
    assert!(err.contains("提示"), "{err}");
    assert_eq!(s.read_out("index.html"), before, "previous output changed");
    assert_no_temporary_folders(&s);
}

/// Nothing a build makes beside the output (the new output, the old one, the search index's
/// scratch folder) is left behind.
fn assert_no_temporary_folders(s: &Site) {
    let leftovers: Vec<_> = std::fs::read_dir(s.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".sanwu-") && n != ".sanwu-cache")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn replace_in(s: &Site, rel: &str, from: &str, to: &str) {
    let p = s.path(rel);
    let t = std::fs::read_to_string(&p).unwrap();
    assert!(t.contains(from), "{rel} lacks {from}");
    std::fs::write(p, t.replacen(from, to, 1)).unwrap();
}

const MAR: &str = "content/towns/zibai/huoshaodian/finance/2025-03-statement.yaml";

#[test]
fn wrong_closing_balance() {
    assert_broken(
        |s| {
            replace_in(
                s,
                MAR,
                "closing: { cash: \"879.50\"",
                "closing: { cash: \"897.50\"",
            )
        },
        "E0302",
        &format!("{MAR}:13:18"),
        "期末余额应为 9,879.50 元，实际填写 9,897.50 元",
    );
}

#[test]
fn broken_chain_across_files() {
    assert_broken(
        |s| {
            replace_in(
                s,
                MAR,
                "opening: { cash: \"1,200.00\"",
                "opening: { cash: \"1,300.00\"",
            )
        },
        "E0304",
        &format!("{MAR}:6:18"),
        "期初现金应等于上期（2025年2月）期末现金 1,200.00 元，实际填写 1,300.00 元",
    );
}

#[test]
fn malformed_yaml() {
    assert_broken(
        |s| replace_in(s, MAR, "period: 2025-03", "period: [2025-03"),
        "E0201",
        MAR,
        "YAML 格式错误",
    );
}

#[test]
fn front_matter_without_closing() {
    let f = format!("{VILLAGE}/affairs/notice.md");
    assert_broken(
        |s| {
            s.write(
                &f,
                "---\ntitle: 通知\nkind: affairs.notice\npublished: 2025-04-01\n正文\n",
            )
        },
        "E0202",
        &format!("{f}:1:1"),
        "找不到配对的 ---",
    );
}

#[test]
fn empty_file() {
    let f = format!("{VILLAGE}/affairs/empty.md");
    assert_broken(|s| s.write(&f, ""), "E0106", &f, "文件是空的");
}

#[test]
fn number_where_a_date_is_wanted() {
    assert_broken(
        |s| replace_in(s, MAR, "published: 2025-04-10", "published: 20250410"),
        "E0207",
        &format!("{MAR}:4:12"),
        "不是有效的日期",
    );
}

#[test]
fn a_day_that_does_not_exist() {
    assert_broken(
        |s| replace_in(s, MAR, "published: 2025-04-10", "published: 2025-02-30"),
        "E0207",
        &format!("{MAR}:4:12"),
        "日期 2025-02-30 不存在",
    );
}

#[test]
fn amount_with_three_decimals() {
    assert_broken(
        |s| replace_in(s, MAR, "amount: \"320.50\"", "amount: \"320.505\""),
        "E0208",
        &format!("{MAR}:11:"),
        "金额最多两位小数",
    );
}

#[test]
fn negative_amount() {
    assert_broken(
        |s| replace_in(s, MAR, "amount: \"320.50\"", "amount: -320.50"),
        "E0208",
        &format!("{MAR}:11:"),
        "金额不能为负数",
    );
}

#[test]
fn overflowing_amount() {
    let huge = "9".repeat(400);
    assert_broken(
        move |s| replace_in(s, MAR, "amount: \"320.50\"", &format!("amount: {huge}")),
        "E0208",
        &format!("{MAR}:11:"),
        "金额大得不合理",
    );
}

#[test]
fn gbk_file() {
    let f = format!("{VILLAGE}/affairs/notice.md");
    assert_broken(
        |s| {
            let text = std::fs::read_to_string(s.path(&f)).unwrap();
            let (gbk, _, _) = encoding_rs::GBK.encode(&text);
            s.write(&f, &gbk);
        },
        "E0101",
        &f,
        "文件是 GBK（GB18030）编码，不是 UTF-8",
    );
}

#[test]
fn utf16_file() {
    let f = format!("{VILLAGE}/affairs/notice.md");
    assert_broken(
        |s| {
            let text = std::fs::read_to_string(s.path(&f)).unwrap();
            let mut b = vec![0xFF, 0xFE];
            for u in text.encode_utf16() {
                b.extend(u.to_le_bytes());
            }
            s.write(&f, &b);
        },
        "E0102",
        &f,
        "UTF-16",
    );
}

#[test]
fn bom_and_crlf_are_accepted_and_lines_stay_right() {
    let s = Site::mini();
    let text = std::fs::read_to_string(s.path(MAR)).unwrap();
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    s.write(MAR, crlf.as_bytes());
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        s.read_out("towns/zibai/huoshaodian/finance/2025-03-statement/index.html")
            .contains("9,879.50")
    );
    // Now a mistake in the CRLF file: the line number must still be right.
    s.write(
        MAR,
        crlf.replace("closing: { cash: \"879.50\"", "closing: { cash: \"897.50\"")
            .as_bytes(),
    );
    let o = s.build();
    assert!(
        stderr(&o).contains(&format!("--> {MAR}:13:18")),
        "{}",
        stderr(&o)
    );
    let md = format!("{VILLAGE}/affairs/notice.md");
    let t = std::fs::read_to_string(s.path(&md))
        .unwrap()
        .replace('\n', "\r\n")
        .replace("published: 2025-04-01", "published: 2025-04-31");
    s.write(&md, format!("\u{feff}{t}"));
    let o = s.build();
    assert!(
        stderr(&o).contains(&format!("--> {md}:4:12")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn file_over_ten_megabytes() {
    let f = format!("{VILLAGE}/affairs/huge.md");
    assert_broken(
        |s| {
            s.write(
                &f,
                format!(
                    "---\ntitle: 大\nkind: affairs.notice\npublished: 2025-04-01\n---\n{}",
                    "很".repeat(4 * 1024 * 1024)
                ),
            )
        },
        "E0103",
        &f,
        "文件太大",
    );
}

#[cfg(unix)]
#[test]
fn symlink_outside_content() {
    let f = format!("{VILLAGE}/affairs/passwd.md");
    assert_broken(
        |s| std::os::unix::fs::symlink("/etc/passwd", s.path(&f)).unwrap(),
        "E0104",
        &f,
        "符号链接指向 content/ 以外",
    );
}

#[test]
fn folder_names_must_be_ids() {
    assert_broken(
        |s| {
            s.write(
                "content/towns/zibai/火烧 店/village.yaml",
                "name: 火烧店\nkind: 村\n",
            )
        },
        "E0105",
        "content/towns/zibai/火烧 店",
        "文件夹名“火烧 店”不能用作网址",
    );
}

#[test]
fn unknown_key_with_suggestion() {
    assert_broken(
        |s| replace_in(s, MAR, "published:", "publishd:"),
        "E0203",
        &format!("{MAR}:4:1"),
        "不认识的字段 `publishd`",
    );
}

#[test]
fn wrong_type_and_missing_field() {
    assert_broken(
        |s| {
            replace_in(s, MAR, "kind: finance.statement\n", "");
            replace_in(
                s,
                "content/towns/zibai/huoshaodian/village.yaml",
                "groups: [一组, 二组, 三组]",
                "groups: 一组",
            );
        },
        "E0205",
        MAR,
        "缺少必填字段 `kind`",
    );
}

#[test]
fn kind_outside_its_folder() {
    let f = format!("{VILLAGE}/party/notice2.md");
    assert_broken(
        |s| {
            s.write(
                &f,
                "---\ntitle: 通知\nkind: affairs.notice\npublished: 2025-04-01\n---\n正文\n",
            )
        },
        "E0209",
        &format!("{f}:3:7"),
        "不属于 party/ 文件夹",
    );
}

#[test]
fn duplicate_ids() {
    let f = format!("{VILLAGE}/party/notice.md");
    assert_broken(
        |s| {
            s.write(
                &f,
                "---\ntitle: 通知\nkind: party.notice\npublished: 2025-04-01\n---\n正文\n",
            )
        },
        "E0210",
        &f,
        "编号 `notice` 重复",
    );
}

#[test]
fn unknown_decision_reference() {
    assert_broken(
        |s| {
            replace_in(
                s,
                MAR,
                "decision: 2025-03-road-repair",
                "decision: 2025-03-road",
            )
        },
        "E0211",
        &format!("{MAR}:12:"),
        "决议 `2025-03-road` 在本村找不到",
    );
}

#[test]
fn all_errors_are_reported_at_once_sorted() {
    let s = Site::mini();
    replace_in(
        &s,
        MAR,
        "closing: { cash: \"879.50\"",
        "closing: { cash: \"897.50\"",
    );
    replace_in(&s, MAR, "published: 2025-04-10", "published: 2025-04-31");
    s.write(&format!("{VILLAGE}/affairs/empty.md"), "");
    let o = s.build();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    let first = err.find("affairs/empty.md").unwrap();
    let second = err.find(&format!("{MAR}:4:12")).unwrap();
    assert!(first < second, "sorted by file: {err}");
    assert!(err.contains("发现 2 个错误"), "{err}");
    // The balance check needs the whole statement; a statement that failed to load is not
    // checked further, so the closing error appears once its date is fixed.
}

#[test]
fn check_json_and_exit_codes() {
    let s = Site::mini();
    let o = s.check_json();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    assert!(!s.out().exists(), "check writes nothing");

    replace_in(
        &s,
        MAR,
        "closing: { cash: \"879.50\"",
        "closing: { cash: \"897.50\"",
    );
    let o = s.check_json();
    assert_eq!(o.status.code(), Some(1));
    let line = String::from_utf8(o.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    assert_eq!(v["code"], "E0302");
    assert_eq!(v["severity"], "error");
    assert_eq!(v["file"], MAR);
    assert_eq!(v["line"], 13);
    assert_eq!(v["column"], 18);
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("期末余额应为 9,879.50 元")
    );
    assert!(!v["hint"].as_str().unwrap().is_empty());

    let o = sanwu(&["check", "--root", "/nonexistent/site"]);
    assert_eq!(o.status.code(), Some(2));
    let o = sanwu(&["check", "--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn english_messages_with_lang_en() {
    let s = Site::mini();
    replace_in(
        &s,
        MAR,
        "closing: { cash: \"879.50\"",
        "closing: { cash: \"897.50\"",
    );
    let o = sanwu(&[
        "--lang",
        "en",
        "build",
        "--root",
        s.root().to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert!(
        err.contains("error[E0302]: the closing balance should be 9,879.50 元, found 9,897.50 元"),
        "{err}"
    );
    assert!(err.contains("= hint:"));
}

#[test]
fn help_and_version() {
    let o = sanwu(&["--help"]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("build") && out.contains("check"));
    let o = sanwu(&["--version"]);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("sanwu "));
}

#[test]
fn a_site_overrides_a_single_template() {
    let s = Site::mini();
    s.write("themes/default/templates/page.html", "{% extends \"base.html\" %}{% block content %}<h1 class=\"custom\">{{ title }}</h1>{% endblock content %}");
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        s.read_out("pages/about/index.html")
            .contains("<h1 class=\"custom\">关于本站</h1>")
    );
    // Other templates still come from the default theme.
    assert!(s.read_out("index.html").contains("最新公开"));
    s.write("themes/default/templates/page.html", "{% if %}");
    let o = s.build();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("E0601"), "{}", stderr(&o));
    // `check` parses the templates too: a hook catches the mistake before a build does.
    let o = sanwu(&["check", "--root", s.root().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("E0601") && stderr(&o).contains("page.html"),
        "{}",
        stderr(&o)
    );
}

/// A build writes pages into its new folder as it renders them: a template that fails late in
/// the build (the town page comes after every village's pages) must still leave the previous
/// output as it was, and nothing beside it.
#[test]
fn a_template_failing_after_pages_were_written_leaves_the_output_alone() {
    let s = Site::mini();
    assert!(s.build().status.success());
    let page = "towns/zibai/huoshaodian/finance/2025-03-statement/index.html";
    let before = s.read_out(page);
    // The document's page changes and is written before the town page fails.
    replace_in(
        &s,
        MAR,
        "2025年3月村级财务收支公开",
        "2025年3月村级财务收支公开（更正）",
    );
    // Parses (so `check` passes), fails when rendered: no such variable.
    s.write(
        "themes/default/templates/town.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such_thing.name }}{% endblock content %}",
    );
    let o = s.build();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("town.html"), "{}", stderr(&o));
    assert_eq!(s.read_out(page), before);
    assert_no_temporary_folders(&s);
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let s = Site::mini();
    s.write("public/thesis.doc", "important");
    let o = s.build();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(s.path("public/thesis.doc")).unwrap(),
        "important"
    );
}

#[test]
fn sample_county_builds_and_lists_every_document() {
    let s = Site::sample();
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    // A copy outside git has no history (W0801); anything else would be a flaw in the sample.
    let err = stderr(&o);
    let warnings: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("警告") && !l.starts_with("警告[W0801]"))
        .collect();
    assert!(
        warnings.is_empty(),
        "the sample county builds without warnings: {warnings:?}"
    );
    let towns = s.path("content/towns");
    let mut villages = 0;
    for town in std::fs::read_dir(&towns).unwrap() {
        let town = town.unwrap().path();
        for village in std::fs::read_dir(&town).unwrap() {
            let village = village.unwrap().path();
            if !village.is_dir() {
                continue;
            }
            villages += 1;
            let rel = village
                .strip_prefix(s.path("content"))
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let page = s.read_out(&format!("{rel}/index.html"));
            let mut statements = 0;
            for domain in ["finance", "affairs", "party"] {
                let Ok(files) = std::fs::read_dir(village.join(domain)) else {
                    continue;
                };
                for f in files {
                    let f = f.unwrap().path();
                    let text = std::fs::read_to_string(&f).unwrap();
                    if text.contains("status: draft") {
                        continue;
                    }
                    if text.contains("kind: finance.statement") {
                        statements += 1;
                    }
                    let id = f.file_stem().unwrap().to_string_lossy();
                    assert!(
                        page.contains(&format!("/{domain}/{id}/\"")),
                        "{rel} does not list {domain}/{id}"
                    );
                    assert!(
                        s.out()
                            .join(format!("{rel}/{domain}/{id}/index.html"))
                            .exists()
                    );
                }
            }
            assert!(
                statements >= 12,
                "{rel} has {statements} monthly statements"
            );
        }
    }
    assert!(villages >= 8, "{villages} villages");
    for p in html_files(&s.out()) {
        assert!(
            std::fs::read_to_string(&p).unwrap().contains("示例数据"),
            "{p:?}"
        );
    }
}

/// Codes of every item in the sample county's YAML, read independently of sanwu's loader.
fn sample_codes() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/enforcement");
    let mut codes = Vec::new();
    for f in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
        for line in text.lines() {
            if let Some(code) = line
                .trim_start()
                .strip_prefix("- code: ")
                .or_else(|| line.trim_start().strip_prefix("code: "))
            {
                codes.push(code.trim().to_string());
            }
        }
    }
    codes.sort();
    codes
}

#[test]
fn sample_enforcement_list() {
    let s = Site::sample();
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let codes = sample_codes();
    assert_eq!(codes.len(), 728);

    let list = s.read_out("enforcement/index.html");
    assert!(list.len() < 300 * 1024, "listing is {} bytes", list.len());
    assert_eq!(list.matches("<li data-t=").count(), 728);
    assert!(
        list.contains("梳理涉农行政执法事项 <strong>1,887</strong> 项"),
        "county totals"
    );
    assert!(list.contains("<strong>728</strong> 项下放"));
    assert!(
        list.contains("县林业局 <small>71 项</small>"),
        "grouped by department with counts"
    );
    for caption in [
        "按原主管部门",
        "按权力类型",
        "按状态和下放方式",
        "各镇（街道）承接的有效事项",
    ] {
        assert!(list.contains(caption), "{caption}");
    }
    assert!(list.contains("enforcement.csv") && list.contains("enforcement.json"));

    for code in &codes {
        let page = s.read_out(&format!(
            "enforcement/{}/index.html",
            code.to_ascii_lowercase()
        ));
        assert!(page.contains(&format!("<dd>{code}</dd>")), "{code}");
        assert!(page.contains("../../towns/"), "{code} links to its towns");
    }

    let csv_bytes = std::fs::read(s.out().join("enforcement/enforcement.csv")).unwrap();
    assert!(
        csv_bytes.starts_with(b"\xEF\xBB\xBF"),
        "CSV starts with a BOM for Excel"
    );
    let mut reader = csv::Reader::from_reader(&csv_bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    let code_col = headers.iter().position(|h| h == "事项编码").unwrap();
    let mut csv_codes: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[code_col].to_string())
        .collect();
    csv_codes.sort();
    assert_eq!(csv_codes, codes);

    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(s.out().join("enforcement/enforcement.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["items"].as_array().unwrap().len(), 728);
    assert_eq!(json["sorted_total"], 1887);

    let town = s.read_out("towns/zibai/index.html");
    assert!(
        town.contains("enforcement/?town=zibai"),
        "town page links to its filtered view"
    );
    let n: usize = town
        .split("执法事项 <strong>")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(n > 400 && n <= 728, "{n}");
}

#[test]
fn enforcement_count_mismatch_through_the_cli() {
    let s = Site::sample();
    let f = "content/enforcement/linye.yaml";
    let text = std::fs::read_to_string(s.path(f)).unwrap();
    // Drop the last item (from its `- code:` line to the end).
    let cut = text.rfind("  - code:").unwrap();
    s.write(f, &text[..cut]);
    let o = s.build();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("错误[E0702]: 县林业局声明 71 项，linye.yaml 中实际 70 项"),
        "{err}"
    );
    assert!(
        err.contains("--> content/enforcement/catalog.yaml:8:"),
        "{err}"
    );
    assert!(!s.out().exists());
}

#[test]
fn an_unknown_theme_is_named() {
    let s = Site::mini();
    replace_in(&s, "content/site.yaml", "theme: default", "theme: fancy");
    let o = s.build();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("[E0112]") && err.contains("找不到主题文件夹 themes/fancy/"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_folder_inside_content_is_ignored_with_a_warning() {
    let s = Site::mini();
    std::os::unix::fs::symlink(
        s.path("content/towns/zibai/huoshaodian/affairs"),
        s.path("content/towns/zibai/huoshaodian/party/linked"),
    )
    .unwrap();
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("警告[W0104]"), "{}", stderr(&o));
}

#[test]
fn a_page_can_stay_out_of_the_menu() {
    let s = Site::mini();
    s.write(
        "content/pages/second.md",
        "---\ntitle: 第二页\nmenu: false\n---\n只从别的页面链接过来。\n",
    );
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let home = s.read_out("index.html");
    assert!(
        home.contains("关于本站"),
        "the other pages stay in the menu"
    );
    assert!(!home.contains("第二页"));
    assert!(
        s.read_out("pages/second/index.html")
            .contains("只从别的页面链接过来")
    );
}

#[test]
fn a_build_with_nothing_changed_leaves_the_output_alone() {
    let s = Site::mini();
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let index = s.out().join("index.html");
    let before = std::fs::metadata(&index).unwrap().modified().unwrap();
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("网站已是最新"), "{}", stderr(&o));
    // The warnings of the last build are shown again (the mini site is not in git: W0801).
    assert!(stderr(&o).contains("W0801"), "{}", stderr(&o));
    assert_eq!(
        std::fs::metadata(&index).unwrap().modified().unwrap(),
        before
    );

    // Any change to the content builds again.
    s.write(
        "content/pages/about.md",
        "---\ntitle: 关于本站\n---\n新的说明。\n",
    );
    let o = s.build();
    assert!(!stderr(&o).contains("网站已是最新"), "{}", stderr(&o));
    assert!(s.read_out("pages/about/index.html").contains("新的说明"));
    // So does a file removed from the output by hand.
    std::fs::remove_file(&index).unwrap();
    let o = s.build();
    assert!(!stderr(&o).contains("网站已是最新"), "{}", stderr(&o));
    assert!(index.exists());
}

/// An unchanged build does not read files whose size and modification time are as recorded;
/// an edit that keeps the size is still seen, by its time.
#[test]
fn files_with_old_timestamps_are_not_read_again_but_edits_are_seen() {
    let s = Site::mini();
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let age = |dir: &Path, when: std::time::SystemTime| {
        for e in walkdir::WalkDir::new(dir) {
            let e = e.unwrap();
            if e.file_type().is_file() {
                let f = std::fs::File::options().write(true).open(e.path()).unwrap();
                f.set_modified(when).unwrap();
            }
        }
    };
    age(&s.path("content"), an_hour_ago);
    assert!(s.build().status.success());
    let o = s.build();
    assert!(stderr(&o).contains("网站已是最新"), "{}", stderr(&o));

    // The same number of bytes, another character; saved half an hour ago.
    let about = s.path("content/pages/about.md");
    let text = std::fs::read_to_string(&about).unwrap();
    let edited = text.replacen("本站", "此站", 1);
    assert_eq!(edited.len(), text.len());
    std::fs::write(&about, edited).unwrap();
    age(&about, an_hour_ago + std::time::Duration::from_secs(1800));
    let o = s.build();
    assert!(!stderr(&o).contains("网站已是最新"), "{}", stderr(&o));
    assert!(s.read_out("pages/about/index.html").contains("此站"));
    let o = s.build();
    assert!(stderr(&o).contains("网站已是最新"), "{}", stderr(&o));
}
