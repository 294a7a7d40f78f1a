//! The commands made for clerks: `new`, `schema`, `check --changed` and `explain`, on real folders.

mod common;

use common::{copy_dir, sanwu, stderr};
use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the mini site, committed, in a temporary git repository.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&manifest().join("tests/fixtures/mini"), dir.path());
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "init"]);
    dir
}

fn git(root: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "user.name=文书", "-c", "user.email=clerk@example.org"])
        .args(args)
        .status()
        .unwrap()
        .success();
    assert!(ok, "git {args:?}");
}

fn check(root: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["check", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    sanwu(&args)
}

fn new(root: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--root", root.to_str().unwrap(), "--yes"]);
    sanwu(&all)
}

const VILLAGE: &str = "content/towns/zibai/huoshaodian";

#[test]
fn new_for_every_kind_gives_a_file_that_check_accepts() {
    let site = repo();
    let root = site.path();
    let kinds = [
        "finance.statement",
        "finance.notice",
        "affairs.notice",
        "affairs.decision",
        "affairs.beneficiaries",
        "party.notice",
        "party.development",
        "party.dues",
    ];
    for kind in kinds {
        let o = new(
            root,
            &[kind, "zibai/huoshaodian", "--published", "2025-06-10"],
        );
        assert!(o.status.success(), "{kind}: {}", stderr(&o));
    }
    // The notices once more as YAML, and a new town and village with their first statement.
    for kind in ["affairs.notice", "party.notice"] {
        let o = new(
            root,
            &[
                kind,
                "zibai/huoshaodian",
                "--yaml",
                "--published",
                "2025-06-11",
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert!(
        new(root, &["town", "yunxi", "--name", "云溪镇"])
            .status
            .success()
    );
    let o = new(
        root,
        &[
            "village",
            "yunxi/shangba",
            "--name",
            "上坝村",
            "--groups",
            "一组，二组、三组",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(root.join("content/towns/yunxi/shangba/finance").is_dir());
    let v = std::fs::read_to_string(root.join("content/towns/yunxi/shangba/village.yaml")).unwrap();
    assert!(v.contains("groups: [一组, 二组, 三组]"), "{v}");
    let o = new(
        root,
        &["finance.statement", "yunxi/shangba", "--period", "2025-01"],
    );
    assert!(o.status.success(), "{}", stderr(&o));

    let o = check(root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("发现 0 个错误，0 个警告"),
        "{}",
        stderr(&o)
    );

    // The statement follows the last one, with its closing balance as the opening.
    let s =
        std::fs::read_to_string(root.join(VILLAGE).join("finance/2025-04-statement.yaml")).unwrap();
    assert!(s.contains("period: 2025-04\n"), "{s}");
    assert!(
        s.contains("opening: { cash: \"879.50\", bank: \"9,000.00\" }"),
        "{s}"
    );
    assert!(s.contains("status: draft"), "{s}");
    assert!(
        s.contains(
            "reviewed_by: { body: 村务监督委员会, members: [王某某, 李某某], date: 2025-06-10 }"
        ),
        "{s}"
    );
    // The beneficiary list names the village's groups.
    let b = std::fs::read_to_string(
        root.join(VILLAGE)
            .join("affairs/2025-06-10-beneficiaries.yaml"),
    )
    .unwrap();
    assert!(b.contains("一组、二组、三组"), "{b}");
    // And the next statement chains on from the new draft.
    assert!(
        new(root, &["finance.statement", "zibai/huoshaodian"])
            .status
            .success()
    );
    assert!(
        root.join(VILLAGE)
            .join("finance/2025-05-statement.yaml")
            .exists()
    );
}

#[test]
fn new_never_overwrites() {
    let site = repo();
    let root = site.path();
    let path = root.join(VILLAGE).join("finance/2025-03-statement.yaml");
    let before = std::fs::read(&path).unwrap();
    let o = new(
        root,
        &[
            "finance.statement",
            "zibai/huoshaodian",
            "--id",
            "2025-03-statement",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("已有名为 2025-03-statement"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let o = new(root, &["town", "zibai", "--name", "紫柏镇"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("已经存在"), "{}", stderr(&o));
    // A second statement for a month that has one would break the chain: refused.
    let o = new(
        root,
        &[
            "finance.statement",
            "zibai/huoshaodian",
            "--period",
            "2025-03",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("已有这一期的收支公开"),
        "{}",
        stderr(&o)
    );
    let o = new(root, &["finance.statment", "zibai/huoshaodian"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("finance.statement"), "{}", stderr(&o));
    let o = new(root, &["affairs.notice", "zibai/nowhere"]);
    assert!(stderr(&o).contains("没有村 nowhere"), "{}", stderr(&o));
}

/// Every YAML file of a site, with the schema that describes it.
fn files_and_schemas(root: &Path) -> Vec<(PathBuf, &'static str)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(root.join("content")) {
        let e = e.unwrap();
        let p = e.path();
        if p.extension().is_none_or(|x| x != "yaml") {
            continue;
        }
        let rel = p.strip_prefix(root).unwrap().to_str().unwrap().to_string();
        let parts: Vec<&str> = rel.split('/').collect();
        let schema = match parts.as_slice() {
            ["content", "site.yaml"] => "site.json",
            ["content", "enforcement", "catalog.yaml"] => "enforcement-catalog.json",
            ["content", "enforcement", _] => "enforcement-department.json",
            ["content", "towns", _, "town.yaml"] => "town.json",
            ["content", "towns", _, _, "village.yaml"] => "village.json",
            ["content", "towns", _, _, _, _] => "document.json",
            _ => panic!("no schema for {rel}"),
        };
        out.push((p.to_path_buf(), schema));
    }
    out
}

fn schema_validator(dir: &Path, name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(dir.join(name)).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn as_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn schemas_accept_every_file_of_the_sample_county_and_reject_a_misspelt_key() {
    let out = tempfile::tempdir().unwrap();
    let o = sanwu(&["schema", "--out", out.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = files_and_schemas(manifest());
    assert!(files.len() > 250, "{}", files.len());
    for (path, schema) in &files {
        let v = schema_validator(out.path(), schema);
        let doc = as_json(path);
        let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(
            errors.is_empty(),
            "{} against {schema}: {errors:?}",
            path.display()
        );
    }

    let statement = manifest()
        .join("tests/fixtures/mini")
        .join(VILLAGE)
        .join("finance/2025-03-statement.yaml");
    let good = as_json(&statement);
    let v = schema_validator(out.path(), "document.json");
    assert!(v.is_valid(&good));
    let misspelt: serde_json::Value = serde_saphyr::from_str(
        &std::fs::read_to_string(&statement)
            .unwrap()
            .replace("closing:", "clsoing:"),
    )
    .unwrap();
    assert!(!v.is_valid(&misspelt), "a misspelt key must be rejected");
    let wrong_kind = serde_json::json!({"kind": "finance.statment", "title": "x"});
    assert!(!v.is_valid(&wrong_kind));
    // Amounts: quoted with separators, or plain numbers; never three decimals.
    let mut bad_amount = good.clone();
    bad_amount["opening"]["cash"] = "1,200.005".into();
    assert!(!v.is_valid(&bad_amount));
}

#[test]
fn the_committed_schemas_are_what_the_binary_writes() {
    let out = tempfile::tempdir().unwrap();
    assert!(
        sanwu(&["schema", "--out", out.path().to_str().unwrap()])
            .status
            .success()
    );
    for e in std::fs::read_dir(out.path()).unwrap() {
        let e = e.unwrap();
        let committed = manifest().join("schema").join(e.file_name());
        assert_eq!(
            std::fs::read_to_string(&committed).unwrap_or_default(),
            std::fs::read_to_string(e.path()).unwrap(),
            "schema/{} is out of date: run `sanwu schema --out schema`",
            e.file_name().to_string_lossy()
        );
    }
}

#[test]
fn check_changed_reports_a_chain_broken_by_editing_the_previous_month() {
    let site = repo();
    let root = site.path();
    // An old, committed mistake elsewhere in the site: --changed does not report it.
    let notice = root.join(VILLAGE).join("affairs/old-mistake.md");
    std::fs::write(
        &notice,
        "---\ntitle: 旧通知\nkind: affairs.notice\npublished: 2025-13-01\n---\n正文\n",
    )
    .unwrap();
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "old mistake"]);

    let o = check(root, &["--changed"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("0 个改动的文件"), "{}", stderr(&o));

    // Editing February's closing balance breaks March's opening, in a file nobody touched.
    let feb = root.join(VILLAGE).join("finance/2025-02-statement.yaml");
    let text = std::fs::read_to_string(&feb).unwrap();
    let text = text
        .replace("amount: \"200.00\"", "amount: \"300.00\"")
        .replace(
            "closing: { cash: \"1,200.00\"",
            "closing: { cash: \"1,300.00\"",
        );
    std::fs::write(&feb, text).unwrap();

    let o = check(root, &["--changed", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let codes: Vec<&str> = lines.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["E0304"], "{lines:?}");
    assert!(
        lines[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("finance/2025-03-statement.yaml")
    );

    // A full check still sees the old mistake too.
    let o = check(root, &["--format", "json"]);
    let all = String::from_utf8_lossy(&o.stdout);
    assert!(all.contains("E0207") && all.contains("E0304"), "{all}");

    // Outside git, --changed says why it cannot work.
    let plain = tempfile::tempdir().unwrap();
    copy_dir(&manifest().join("tests/fixtures/mini"), plain.path());
    let o = check(plain.path(), &["--changed"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("git"), "{}", stderr(&o));
}

#[test]
fn check_changed_sees_new_and_deleted_files() {
    let site = repo();
    let root = site.path();
    // Deleting the decision that a large expense cites: the error is in the citing file.
    std::fs::remove_file(root.join(VILLAGE).join("affairs/2025-03-road-repair.yaml")).unwrap();
    let o = check(root, &["--changed", "--format", "json"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("\"E0211\""), "{out}");
    // A new, broken file.
    git(root, &["checkout", "--", "."]);
    std::fs::write(
        root.join(VILLAGE).join("party/new.md"),
        "---\ntitle: 新\nkind: party.notice\n---\n",
    )
    .unwrap();
    let o = check(root, &["--changed", "--format", "json"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("\"E0205\"") && out.contains("party/new.md"),
        "{out}"
    );
}

#[test]
fn explain_prints_the_entry_of_a_code() {
    let o = sanwu(&["explain", "E0304"]);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.starts_with("## E0304"), "{text}");
    assert!(
        text.contains("**错误示例**") && text.contains("**改法**"),
        "{text}"
    );
    let o = sanwu(&["explain", "e0203"]);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("## E0203"));
    let o = sanwu(&["explain", "E9999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("没有代码 E9999 的说明"),
        "{}",
        stderr(&o)
    );
}
