//! End-to-end history: temporary git repositories with scripted commits (fixed dates and
//! authors), built with the `sanwu` binary.

mod common;
use common::{copy_dir, sanwu, stderr};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const V: &str = "content/towns/zibai/huoshaodian";
const MAR: &str = "content/towns/zibai/huoshaodian/finance/2025-03-statement.yaml";

struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    /// The mini site, committed once on 2025-04-10 by 王会计.
    fn new() -> Repo {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini"),
            dir.path(),
        );
        let r = Repo { dir };
        r.git(&["init", "-q", "-b", "main"]);
        r.commit_all("2025-04-10T09:00:00+08:00", "王会计", "首次公开");
        r
    }
    fn root(&self) -> &Path {
        self.dir.path()
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }
    fn git(&self, args: &[&str]) -> Output {
        self.git_at(args, "2025-04-10T09:00:00+08:00", "王会计")
    }
    fn git_at(&self, args: &[&str], date: &str, author: &str) -> Output {
        let o = Command::new("git")
            .arg("-C")
            .arg(self.root())
            .args([
                "-c",
                "user.email=clerk@example.org",
                "-c",
                &format!("user.name={author}"),
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_NAME", author)
            .env("GIT_COMMITTER_NAME", author)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        o
    }
    fn commit_all(&self, date: &str, author: &str, message: &str) {
        self.git_at(&["add", "-A"], date, author);
        self.git_at(&["commit", "-q", "-m", message], date, author);
    }
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let p = self.path(rel);
        let t = std::fs::read_to_string(&p).unwrap();
        assert!(t.contains(from), "{rel} lacks {from}");
        std::fs::write(p, t.replacen(from, to, 1)).unwrap();
    }
    fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    /// On a new branch from `main`, the notice's text `from` becomes `to` in a commit (date,
    /// author, message); then back on `main`, for a merge.
    fn notice_edit_on_branch(
        &self,
        branch: &str,
        (from, to): (&str, &str),
        commit: (&str, &str, &str),
    ) {
        self.git(&["checkout", "-q", "-b", branch]);
        self.edit(&format!("{V}/affairs/notice.md"), from, to);
        self.commit_all(commit.0, commit.1, commit.2);
        self.git(&["checkout", "-q", "main"]);
    }
    fn build(&self) -> Output {
        let o = sanwu(&["build", "--root", self.root().to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        o
    }
    fn page(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path("public").join(rel))
            .unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
    fn revision_pages(&self, doc: &str) -> Vec<String> {
        let dir = self.path("public").join(doc).join("history");
        let mut pages: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path().join("index.html")).unwrap())
            .collect();
        pages.sort();
        pages
    }
}

/// The correction of an amount, with the balance and total that follow from it.
/// The March statement's office supplies corrected, not committed yet.
fn edit_office_supplies(r: &Repo) {
    r.edit(MAR, "amount: \"320.50\"", "amount: \"230.50\"");
    r.edit(
        MAR,
        "closing: { cash: \"879.50\"",
        "closing: { cash: \"969.50\"",
    );
    r.edit(MAR, "expense: \"52,320.50\"", "expense: \"52,230.50\"");
}

fn correct_office_supplies(r: &Repo) {
    edit_office_supplies(r);
    r.commit_all(
        "2025-04-15T16:30:00+08:00",
        "李文书",
        "更正三月账\n\nChange-Note: 更正办公用品支出金额",
    );
}

#[test]
fn revision_list_and_field_level_diff_of_an_amount() {
    let r = Repo::new();
    correct_office_supplies(&r);
    r.build();
    let doc = r.page("towns/zibai/huoshaodian/finance/2025-03-statement/index.html");
    assert!(
        doc.contains("首次公开 2025-04-10 · 最后更新 2025-04-15 · 共 1 次修改"),
        "{doc}"
    );
    let list = &doc[doc.find("id=\"history\"").unwrap()..];
    let newest = list.find("更正办公用品支出金额").unwrap();
    let oldest = list.find("未填写修改说明").unwrap();
    assert!(newest < oldest, "newest first");
    assert!(list.contains("李文书") && list.contains("王会计"));
    assert!(list.contains("查看修改内容") && list.contains("#full-text\">查看这一版全文"));

    let pages = r.revision_pages("towns/zibai/huoshaodian/finance/2025-03-statement");
    assert_eq!(pages.len(), 2);
    let change = pages
        .iter()
        .find(|p| p.contains("更正办公用品支出金额"))
        .unwrap();
    assert!(
        change.contains(
            "<li class=\"fc-changed fc-amount\">支出 记-02 办公用品：金额 320.50 → 230.50</li>"
        ),
        "{change}"
    );
    assert!(change.contains("期末余额：现金 879.50 → 969.50"));
    assert!(change.contains("id=\"full-text\""));
    assert!(change.contains("hl-"), "full text highlighted");
    let first = pages
        .iter()
        .find(|p| !p.contains("更正办公用品支出金额"))
        .unwrap();
    assert!(first.contains("这是首次公开的版本"));
}

#[test]
fn rows_added_and_removed_by_name() {
    let r = Repo::new();
    let list = "title: 2025年低保公示\nkind: affairs.beneficiaries\npublished: 2025-04-20\nprogram: 农村低保\nrows:\n  - { name: 张某某, group: 一组, amount: \"300.00\" }\n  - { name: 李某某, group: 二组, amount: \"300.00\" }\n";
    r.write(&format!("{V}/affairs/dibao.yaml"), list);
    r.commit_all("2025-04-20T10:00:00+08:00", "王会计", "低保公示");
    r.write(
        &format!("{V}/affairs/dibao.yaml"),
        &list.replace("  - { name: 张某某, group: 一组, amount: \"300.00\" }\n", "").replace("二组, amount: \"300.00\" }\n", "二组, amount: \"300.00\" }\n  - { name: 赵某某, group: 三组, amount: \"450.00\" }\n"),
    );
    r.commit_all(
        "2025-04-22T10:00:00+08:00",
        "王会计",
        "调整名单\n\nChange-Note: 张某某不再符合条件，新增赵某某",
    );
    r.build();
    let pages = r.revision_pages("towns/zibai/huoshaodian/affairs/dibao");
    let p = pages.iter().find(|p| p.contains("新增赵某某")).unwrap();
    assert!(p.contains("新增 名单 赵某某"), "{p}");
    assert!(p.contains("删除 名单 张某某"), "{p}");
    assert!(
        !p.contains("名单 李某某"),
        "unchanged row not reported: {p}"
    );
}

#[test]
fn markdown_body_diff_marks_the_changed_characters() {
    let r = Repo::new();
    r.edit(
        &format!("{V}/affairs/notice.md"),
        "各位村民：",
        "全体村民：",
    );
    r.commit_all("2025-04-16T10:00:00+08:00", "李文书", "措辞");
    r.build();
    let pages = r.revision_pages("towns/zibai/huoshaodian/affairs/notice");
    let p = pages.iter().find(|p| p.contains("正文的修改")).unwrap();
    assert!(
        p.contains("<del>各位</del><ins>全体</ins>") || p.contains("<del>各</del>"),
        "{p}"
    );
}

#[test]
fn renames_are_followed() {
    let r = Repo::new();
    r.edit(
        &format!("{V}/affairs/notice.md"),
        "各位村民：",
        "全体村民：",
    );
    r.commit_all("2025-04-16T10:00:00+08:00", "李文书", "措辞");
    r.git(&[
        "mv",
        &format!("{V}/affairs/notice.md"),
        &format!("{V}/affairs/2025-04-cleanup.md"),
    ]);
    r.commit_all("2025-04-18T10:00:00+08:00", "李文书", "改文件名");
    r.build();
    let doc = r.page("towns/zibai/huoshaodian/affairs/2025-04-cleanup/index.html");
    assert!(
        doc.contains("首次公开 2025-04-10 · 最后更新 2025-04-18 · 共 2 次修改"),
        "{doc}"
    );
    assert!(
        !r.path("public/towns/zibai/huoshaodian/affairs/notice")
            .exists(),
        "a renamed file is not a deleted one"
    );
}

#[test]
fn non_ascii_file_names_in_history() {
    let r = Repo::new();
    r.git(&[
        "mv",
        &format!("{V}/affairs/notice.md"),
        &format!("{V}/affairs/整治通知.md"),
    ]);
    r.commit_all("2025-04-11T10:00:00+08:00", "李文书", "中文文件名");
    r.git(&[
        "mv",
        &format!("{V}/affairs/整治通知.md"),
        &format!("{V}/affairs/zhengzhi.md"),
    ]);
    r.commit_all("2025-04-12T10:00:00+08:00", "李文书", "改为拼音文件名");
    r.build();
    let doc = r.page("towns/zibai/huoshaodian/affairs/zhengzhi/index.html");
    assert!(doc.contains("共 2 次修改"), "{doc}");
}

#[test]
fn withdrawal_deletion_changes_page_and_feeds() {
    let r = Repo::new();
    correct_office_supplies(&r);
    r.edit(
        &format!("{V}/affairs/notice.md"),
        "published: 2025-04-01\n",
        "published: 2025-04-01\nstatus: withdrawn\nwithdrawn: { date: 2025-04-25, reason: 活动延期 }\nchange_note: 活动延期，撤回通知\n",
    );
    r.commit_all("2025-04-25T09:00:00+08:00", "李文书", "撤回");
    r.git(&["rm", "-q", &format!("{V}/party/2025-q1-dues.yaml")]);
    r.commit_all(
        "2025-05-01T09:00:00+08:00",
        "王会计",
        "删除党费公开\n\nChange-Note: 误传，删除",
    );
    r.build();

    let notice = r.page("towns/zibai/huoshaodian/affairs/notice/index.html");
    assert!(notice.contains("活动延期，撤回通知"));
    assert!(notice.contains("change-撤回"));

    let dues = r.page("towns/zibai/huoshaodian/party/2025-q1-dues/index.html");
    assert!(dues.contains("此公开已于 2025-05-01 删除"), "{dues}");
    assert!(dues.contains("赵某某"), "the last content is shown");
    assert!(dues.contains("误传，删除"));

    let village = r.page("towns/zibai/huoshaodian/index.html");
    let gone = &village[village.find("已撤回 / 已删除</h2>").unwrap()..];
    assert!(gone.contains("2025年第一季度党费收缴公开") && gone.contains("已于 2025-05-01 删除"));
    assert!(gone.contains("关于开展人居环境整治的通知"));

    let changes = r.page("changes/index.html");
    let order: Vec<usize> = [
        "【",
        "change-删除",
        "change-撤回",
        "change-修改",
        "change-新增",
    ]
    .iter()
    .skip(1)
    .map(|k| changes.find(k).unwrap())
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "newest first: {order:?}"
    );
    assert!(changes.contains("更正办公用品支出金额"));

    let feed = r.page("changes.xml");
    assert!(feed.starts_with("<?xml"));
    assert!(
        feed.contains("<title>【删除】2025年第一季度党费收缴公开</title>"),
        "{feed}"
    );
    assert!(feed.contains("<title>【撤回】关于开展人居环境整治的通知</title>"));
    assert!(feed.contains("<title>【修改】2025年3月村级财务收支公开</title>"));
    assert!(feed.contains("<updated>2025-05-01T09:00:00+08:00</updated>"));
    let village_feed = r.page("towns/zibai/huoshaodian/changes.xml");
    assert_eq!(
        village_feed.matches("<entry>").count(),
        feed.matches("<entry>").count()
    );
}

#[test]
fn not_a_git_repository() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini"),
        dir.path(),
    );
    let o = sanwu(&["build", "--root", dir.path().to_str().unwrap()]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("警告[W0801]"), "{}", stderr(&o));
    let doc = std::fs::read_to_string(
        dir.path()
            .join("public/towns/zibai/huoshaodian/affairs/notice/index.html"),
    )
    .unwrap();
    assert!(doc.contains("修改记录不可用"));
}

#[test]
fn shallow_clone_warns_how_to_fetch_everything() {
    let r = Repo::new();
    correct_office_supplies(&r);
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.root().display());
    let o = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(clone.path().join("site"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = sanwu(&[
        "build",
        "--root",
        clone.path().join("site").to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("警告[W0802]") && err.contains("git fetch --unshallow"),
        "{err}"
    );
    let doc = std::fs::read_to_string(
        clone
            .path()
            .join("site/public/towns/zibai/huoshaodian/finance/2025-03-statement/index.html"),
    )
    .unwrap();
    assert!(doc.contains("修改记录不完整"));
}

#[test]
fn uncommitted_changes_and_future_dates_warn() {
    let r = Repo::new();
    r.edit(
        &format!("{V}/affairs/notice.md"),
        "各位村民：",
        "全体村民：",
    );
    let o = r.build();
    assert!(stderr(&o).contains("警告[W0803]"), "{}", stderr(&o));
    r.commit_all("2099-01-01T10:00:00+08:00", "李文书", "时钟错了");
    let o = r.build();
    assert!(stderr(&o).contains("警告[W0804]"), "{}", stderr(&o));
}

/// A revision's page shows what was committed, whatever the work tree holds now: the
/// document's page shows an uncommitted edit, its revision pages do not.
#[test]
fn a_revision_shows_its_committed_text_not_an_uncommitted_edit() {
    let r = Repo::new();
    correct_office_supplies(&r);
    r.edit(MAR, "summary: 鱼塘承包费", "summary: 鱼塘承包费（未提交）");
    r.build();
    let doc = "towns/zibai/huoshaodian/finance/2025-03-statement";
    // The page shows the file as it is; its revisions, what was committed.
    assert!(
        r.page(&format!("{doc}/index.html"))
            .contains("鱼塘承包费（未提交）")
    );
    let pages = r.revision_pages(doc);
    assert_eq!(pages.len(), 2);
    for page in &pages {
        let text = &page[page.find("id=\"full-text\"").unwrap()..];
        assert!(text.contains("鱼塘承包费"), "{text}");
        assert!(!text.contains("未提交"), "{text}");
    }
    let newest = pages
        .iter()
        .find(|p| p.contains("更正办公用品支出金额"))
        .unwrap();
    assert!(newest.contains("230.50") && newest.contains("52,230.50"));
    // A file the work tree holds as committed: its revision's full text is there too.
    let notice = std::fs::read_to_string(r.path(&format!("{V}/affairs/notice.md"))).unwrap();
    let pages = r.revision_pages("towns/zibai/huoshaodian/affairs/notice");
    assert_eq!(pages.len(), 1);
    for line in notice.lines().filter(|l| l.contains("4月5日")) {
        assert!(pages[0].contains(line), "{line} not in {}", pages[0]);
    }
}

#[test]
fn merge_commits() {
    let r = Repo::new();
    r.notice_edit_on_branch(
        "clerk",
        ("各位村民：", "全体村民："),
        ("2025-04-12T10:00:00+08:00", "李文书", "分支上的修改"),
    );
    correct_office_supplies(&r);
    r.git_at(
        &["merge", "-q", "--no-ff", "-m", "合并", "clerk"],
        "2025-04-16T10:00:00+08:00",
        "王会计",
    );
    r.build();
    let notice = r.page("towns/zibai/huoshaodian/affairs/notice/index.html");
    assert!(notice.contains("共 1 次修改"), "{notice}");
    let statement = r.page("towns/zibai/huoshaodian/finance/2025-03-statement/index.html");
    assert!(statement.contains("共 1 次修改"));

    // A branch whose change the merge dropped (`-s ours`) never reached the site: its
    // revision is not part of the notice's history.
    r.notice_edit_on_branch(
        "dropped",
        ("全体村民：", "各位乡亲："),
        ("2025-04-20T10:00:00+08:00", "赵主任", "没有采用的修改"),
    );
    r.git_at(
        &[
            "merge",
            "-q",
            "--no-ff",
            "-s",
            "ours",
            "-m",
            "不采用",
            "dropped",
        ],
        "2025-04-21T10:00:00+08:00",
        "王会计",
    );
    r.build();
    let notice = r.page("towns/zibai/huoshaodian/affairs/notice/index.html");
    assert!(notice.contains("共 1 次修改"), "{notice}");
    assert!(!notice.contains("赵主任"), "{notice}");
}

#[test]
fn the_cache_is_used_when_nothing_changed_and_refreshed_after_a_commit() {
    let r = Repo::new();
    r.build();
    let cache = r.path(&format!(
        ".sanwu-cache/history-{}.bin",
        env!("CARGO_PKG_VERSION")
    ));
    assert!(cache.exists());
    assert!(r.path(".sanwu-cache/texts.bin").exists());
    correct_office_supplies(&r);
    r.build();
    let doc = r.page("towns/zibai/huoshaodian/finance/2025-03-statement/index.html");
    assert!(doc.contains("共 1 次修改"), "the cache is keyed by HEAD");
    // The new revision's text was read into the texts cache: its page shows the new amount.
    let pages = r.revision_pages("towns/zibai/huoshaodian/finance/2025-03-statement");
    assert_eq!(pages.len(), 2);
    assert!(
        pages.iter().any(|p| p.contains("230.50")),
        "the new text is there"
    );
    // And a third build into an empty folder reads everything from the caches.
    std::fs::remove_dir_all(r.path("public")).unwrap();
    r.build();
    let again = r.revision_pages("towns/zibai/huoshaodian/finance/2025-03-statement");
    assert_eq!(again, pages);
}

/// A first build fingerprints its inputs from what it used (the files as its load read them,
/// the state of git its history was read at), and a next build with nothing changed finds the
/// site up to date, uncommitted edits and all; a commit since is a change.
#[test]
fn a_first_build_is_up_to_date_for_the_next_until_a_commit() {
    let r = Repo::new();
    let up_to_date = |o: &Output| stderr(o).contains("网站已是最新");
    // Uncommitted: `git status` is part of the state.
    edit_office_supplies(&r);
    assert!(!up_to_date(&r.build()));
    let o = r.build();
    assert!(up_to_date(&o), "{}", stderr(&o));
    r.commit_all("2025-04-15T16:30:00+08:00", "李文书", "更正三月账");
    let o = r.build();
    assert!(!up_to_date(&o), "{}", stderr(&o));
    let o = r.build();
    assert!(up_to_date(&o), "{}", stderr(&o));
}

/// The history's caches are written while a build goes on; `history::read` returns once they
/// are written, so that a caller may remove them, and a removed cache folder stays removed.
#[test]
fn the_history_caches_are_written_when_read_returns() {
    let r = Repo::new();
    let cache = tempfile::tempdir().unwrap();
    let folder = cache.path().join("cache");
    let mut diags = sanwu::diag::Diagnostics::new();
    let h = sanwu::history::read(r.root(), Some(&folder), &mut diags);
    assert!(!h.files.is_empty());
    assert!(folder.join("texts.bin").exists());
    let log = format!("history-{}.bin", env!("CARGO_PKG_VERSION"));
    assert!(folder.join(&log).exists());
    drop(cache);
    sanwu::history::saved();
    assert!(
        !folder.exists(),
        "nothing was written after the folder was removed"
    );
}

#[test]
fn a_site_in_a_folder_of_a_larger_repository_has_its_history() {
    // The repository holds other work beside the site, changed in the same commits.
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("村务公开");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini"),
        &site,
    );
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/notes.yaml"), "a: 1\n").unwrap();
    let r = Repo { dir };
    r.git(&["init", "-q", "-b", "main"]);
    r.commit_all("2025-04-10T09:00:00+08:00", "王会计", "首次公开");
    r.edit(
        &format!("村务公开/{MAR}"),
        "amount: \"320.50\"",
        "amount: \"230.50\"",
    );
    r.edit(
        &format!("村务公开/{MAR}"),
        "closing: { cash: \"879.50\"",
        "closing: { cash: \"969.50\"",
    );
    r.edit(
        &format!("村务公开/{MAR}"),
        "expense: \"52,320.50\"",
        "expense: \"52,230.50\"",
    );
    std::fs::write(r.path("content/notes.yaml"), "a: 2\n").unwrap();
    r.commit_all("2025-04-15T16:30:00+08:00", "李文书", "更正三月账");
    let o = sanwu(&["build", "--root", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = std::fs::read_to_string(
        site.join("public/towns/zibai/huoshaodian/finance/2025-03-statement/index.html"),
    )
    .unwrap();
    assert!(doc.contains("共 1 次修改"), "{doc}");
    assert!(doc.contains("李文书"));
    // Nothing outside the site's own content/ is taken for its history.
    let all = std::fs::read_to_string(site.join("public/changes/index.html")).unwrap();
    assert!(!all.contains("notes"), "{all}");
}
