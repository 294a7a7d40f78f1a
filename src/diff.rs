//! What changed between two revisions of a disclosure, said the way a reader thinks of it.
//!
//! Data (YAML, and the front matter of Markdown files) is compared field by field, matching
//! list rows by their key (voucher, code, name, stage, id) rather than by position, so a row
//! inserted at the top does not make every row below it look changed:
//! "支出 记-02 办公用品：金额 320.50 → 230.50". Text is compared line by line and then, inside
//! changed lines, character by character, which is what Chinese text needs: a changed character
//! in a long paragraph marks that character, not the paragraph.

use crate::diag::Diagnostics;
use crate::money::Money;
use crate::yaml::{self, Node, Value};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use similar::{Algorithm, ChangeTag, DiffOp, TextDiff};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldChangeKind {
    Added,
    Removed,
    Changed,
}

/// One changed field or row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// Where: "支出 记-02 办公用品", or "" for a top-level field.
    pub place: String,
    /// Which field, in Chinese: "金额"; empty for a whole row added or removed.
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub kind: FieldChangeKind,
    /// An amount of money: shown so that it stands out.
    pub amount: bool,
}

impl FieldChange {
    /// "支出 记-02 办公用品：金额 320.50 → 230.50"
    pub fn sentence(&self) -> String {
        let head = match (self.place.is_empty(), self.field.is_empty()) {
            (true, _) => self.field.clone(),
            (false, true) => self.place.clone(),
            (false, false) => format!("{}：{}", self.place, self.field),
        };
        match self.kind {
            FieldChangeKind::Changed => format!(
                "{head} {} → {}",
                self.old.as_deref().unwrap_or(""),
                self.new.as_deref().unwrap_or("")
            ),
            FieldChangeKind::Added => format!("新增 {head} {}", self.new.as_deref().unwrap_or(""))
                .trim_end()
                .to_string(),
            FieldChangeKind::Removed => {
                format!("删除 {head} {}", self.old.as_deref().unwrap_or(""))
                    .trim_end()
                    .to_string()
            }
        }
    }
}

const AMOUNT_KEYS: [&str; 9] = [
    "amount",
    "cash",
    "bank",
    "total",
    "income",
    "expense",
    "collected",
    "remitted",
    "large_expense_threshold",
];
/// Keys that identify a row of a list, in order of preference.
const ROW_KEYS: [&str; 5] = ["voucher", "code", "id", "stage", "name"];
/// Fields that describe a row next to its key.
const ROW_LABELS: [&str; 3] = ["summary", "name", "program"];

/// The Chinese name of a field, for messages.
pub fn label(key: &str) -> &str {
    match key {
        "title" => "标题",
        "kind" => "类型",
        "published" => "公开日期",
        "period" => "期间",
        "posting_until" => "公示截止",
        "reviewed_by" => "审核",
        "body" => "正文",
        "members" => "人员",
        "date" => "日期",
        "status" => "状态",
        "withdrawn" => "撤回",
        "reason" => "原因",
        "supersedes" => "更正对象",
        "change_note" => "修改说明",
        "tags" => "标签",
        "opening" => "期初余额",
        "closing" => "期末余额",
        "income" => "收入",
        "expense" => "支出",
        "totals" => "合计",
        "cash" => "现金",
        "bank" => "银行存款",
        "total" => "合计",
        "voucher" => "凭证号",
        "account" => "科目",
        "summary" => "摘要",
        "amount" => "金额",
        "decision" => "决议",
        "matter" => "事项",
        "steps" => "步骤",
        "stage" => "阶段",
        "expected" => "应到",
        "present" => "实到",
        "agree" => "同意",
        "result" => "结果",
        "resolution" => "决议内容",
        "program" => "项目",
        "rows" => "名单",
        "name" => "姓名",
        "group" => "村民小组",
        "household_size" => "家庭人口",
        "note" => "备注",
        "people" => "人员",
        "gender" => "性别",
        "since" => "时间",
        "objections_to" => "意见反馈截止",
        "collected" => "收缴",
        "remitted" => "上缴",
        "code" => "编码",
        "power_type" => "权力类型",
        "basis" => "实施依据",
        "towns" => "承接镇（街道）",
        "mode" => "下放方式",
        "effective" => "生效日期",
        "revoked" => "收回日期",
        "items" => "事项",
        "departments" => "部门",
        "declared" => "声明数",
        other => other,
    }
}

/// A scalar, list or mapping written out on one line, amounts in the Chinese way.
fn show(key: &str, n: &Node) -> String {
    match &n.value {
        Value::Null => String::new(),
        Value::Scalar(s) if AMOUNT_KEYS.contains(&key) => Money::parse(s)
            .map(|m| m.to_string())
            .unwrap_or_else(|_| s.clone()),
        Value::Scalar(s) => s.clone(),
        Value::Seq(items) => items
            .iter()
            .map(|i| show(key, i))
            .collect::<Vec<_>>()
            .join("、"),
        Value::Map(entries) => entries
            .iter()
            .map(|(k, v)| format!("{} {}", label(&k.name), show(&k.name, v)))
            .collect::<Vec<_>>()
            .join("，"),
    }
}

fn same(a: &Node, b: &Node, key: &str) -> bool {
    match (&a.value, &b.value) {
        (Value::Scalar(x), Value::Scalar(y)) if AMOUNT_KEYS.contains(&key) => {
            match (Money::parse(x), Money::parse(y)) {
                (Ok(m), Ok(n)) => m == n,
                _ => x == y,
            }
        }
        (Value::Scalar(x), Value::Scalar(y)) => x == y,
        (Value::Null, Value::Null) => true,
        (Value::Seq(x), Value::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q, key))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, v)| {
                    y.iter()
                        .any(|(k2, v2)| k2.name == k.name && same(v, v2, &k.name))
                })
        }
        _ => false,
    }
}

fn get<'n>(entries: &'n [(yaml::Key, Node)], key: &str) -> Option<&'n Node> {
    entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v)
}

fn row_key(items: &[Node]) -> Option<&'static str> {
    if items.is_empty() {
        return None;
    }
    ROW_KEYS.into_iter().find(|k| {
        items.iter().all(|i| {
            i.as_map()
                .is_some_and(|m| matches!(get(m, k).map(|n| &n.value), Some(Value::Scalar(_))))
        })
    })
}

fn row_label(section: &str, key: &str, row: &Node) -> String {
    let m = row.as_map().unwrap_or(&[]);
    let id = get(m, key).map(|n| show(key, n)).unwrap_or_default();
    let extra = ROW_LABELS
        .iter()
        .filter(|l| **l != key)
        .find_map(|l| get(m, l).map(|n| show(l, n)))
        .map(|s| format!(" {s}"))
        .unwrap_or_default();
    format!("{section} {id}{extra}").trim().to_string()
}

fn compare(place: &str, key: &str, old: &Node, new: &Node, out: &mut Vec<FieldChange>) {
    if same(old, new, key) {
        return;
    }
    match (&old.value, &new.value) {
        (Value::Map(a), Value::Map(b)) => {
            for (k, v) in b {
                match get(a, &k.name) {
                    Some(ov) => compare(&sub_place(place, key), &k.name, ov, v, out),
                    None if v.value != Value::Null => out.push(FieldChange {
                        place: place.to_string(),
                        field: label(&k.name).to_string(),
                        old: None,
                        new: Some(show(&k.name, v)),
                        kind: FieldChangeKind::Added,
                        amount: AMOUNT_KEYS.contains(&k.name.as_str()),
                    }),
                    None => {}
                }
            }
            for (k, v) in a {
                if get(b, &k.name).is_none() && v.value != Value::Null {
                    out.push(FieldChange {
                        place: place.to_string(),
                        field: label(&k.name).to_string(),
                        old: Some(show(&k.name, v)),
                        new: None,
                        kind: FieldChangeKind::Removed,
                        amount: AMOUNT_KEYS.contains(&k.name.as_str()),
                    });
                }
            }
        }
        (Value::Seq(a), Value::Seq(b))
            if row_key(a).is_some() && row_key(a) == row_key(b)
                || (a.is_empty() && row_key(b).is_some())
                || (b.is_empty() && row_key(a).is_some()) =>
        {
            let rk = row_key(a).or(row_key(b)).unwrap();
            let section = label(key);
            let id_of = |n: &Node| {
                n.as_map()
                    .and_then(|m| get(m, rk))
                    .map(|v| show(rk, v))
                    .unwrap_or_default()
            };
            // Each row's key shown once, and the rows found by it in a map: a list of a few
            // hundred beneficiaries was compared row by row with every other, its keys shown
            // again for each comparison. The first row of a key is the one matched.
            let (ids_a, ids_b): (Vec<String>, Vec<String>) =
                (a.iter().map(id_of).collect(), b.iter().map(id_of).collect());
            let mut by_id: FxHashMap<&str, &Node> = FxHashMap::default();
            for (id, row) in ids_a.iter().zip(a) {
                by_id.entry(id.as_str()).or_insert(row);
            }
            let in_b: FxHashSet<&str> = ids_b.iter().map(String::as_str).collect();
            for (row, id) in b.iter().zip(&ids_b) {
                match by_id.get(id.as_str()) {
                    Some(&o) => {
                        let at = row_label(section, rk, row);
                        compare_rows(&at, o, row, out);
                    }
                    None => out.push(FieldChange {
                        place: row_label(section, rk, row),
                        field: String::new(),
                        old: None,
                        new: Some(show(key, row)),
                        kind: FieldChangeKind::Added,
                        amount: false,
                    }),
                }
            }
            for (row, id) in a.iter().zip(&ids_a) {
                if !in_b.contains(id.as_str()) {
                    out.push(FieldChange {
                        place: row_label(section, rk, row),
                        field: String::new(),
                        old: Some(show(key, row)),
                        new: None,
                        kind: FieldChangeKind::Removed,
                        amount: false,
                    });
                }
            }
        }
        _ => out.push(FieldChange {
            place: parent_of(place, key),
            field: label(key).to_string(),
            old: Some(show(key, old)).filter(|s| !s.is_empty()),
            new: Some(show(key, new)).filter(|s| !s.is_empty()),
            kind: FieldChangeKind::Changed,
            amount: AMOUNT_KEYS.contains(&key),
        }),
    }
}

/// Fields of two matched rows: each changed field is reported at the row's label.
fn compare_rows(at: &str, old: &Node, new: &Node, out: &mut Vec<FieldChange>) {
    let (Some(a), Some(b)) = (old.as_map(), new.as_map()) else {
        return;
    };
    let mut changes = Vec::new();
    for (k, v) in b {
        match get(a, &k.name) {
            Some(ov) if same(ov, v, &k.name) => {}
            ov => changes.push(FieldChange {
                place: at.to_string(),
                field: label(&k.name).to_string(),
                old: ov.map(|o| show(&k.name, o)).filter(|s| !s.is_empty()),
                new: Some(show(&k.name, v)).filter(|s| !s.is_empty()),
                kind: if ov.is_some() {
                    FieldChangeKind::Changed
                } else {
                    FieldChangeKind::Added
                },
                amount: AMOUNT_KEYS.contains(&k.name.as_str()),
            }),
        }
    }
    for (k, v) in a {
        if get(b, &k.name).is_none() {
            changes.push(FieldChange {
                place: at.to_string(),
                field: label(&k.name).to_string(),
                old: Some(show(&k.name, v)),
                new: None,
                kind: FieldChangeKind::Removed,
                amount: AMOUNT_KEYS.contains(&k.name.as_str()),
            });
        }
    }
    out.extend(changes);
}

/// The place of a nested field: "期末余额" for `closing.cash`.
fn sub_place(place: &str, key: &str) -> String {
    if key.is_empty() {
        place.to_string()
    } else if place.is_empty() {
        label(key).to_string()
    } else {
        format!("{place} {}", label(key))
    }
}

fn parent_of(place: &str, key: &str) -> String {
    let own = label(key);
    place
        .strip_suffix(own)
        .map(|p| p.trim_end().to_string())
        .unwrap_or_else(|| place.to_string())
}

/// Field-level changes between two YAML texts (a `.yaml` file, or a Markdown file's front
/// matter), leaving out `body`, which is compared as text. `None` when either side is not
/// valid YAML, so the caller falls back to a text diff.
pub fn data_changes(old: &str, new: &str) -> Option<Vec<FieldChange>> {
    Some(Data::parse(old)?.changes_to(&Data::parse(new)?))
}

/// A revision's data (its YAML, or a Markdown file's front matter), parsed once to be compared
/// with the revisions before and after it. The `body` field is left out: bodies are compared
/// as text ([`text_changes`]).
pub struct Data(Node);

impl Data {
    /// `None` if `yaml` is not valid YAML.
    pub fn parse(yaml: &str) -> Option<Data> {
        let mut d = Diagnostics::new();
        Some(Data::of(yaml::parse(yaml, "", 0, &mut d)?))
    }

    /// The data of a parsed file.
    pub fn of(n: Node) -> Data {
        Data(match n.value {
            Value::Map(m) => Node {
                value: Value::Map(m.into_iter().filter(|(k, _)| k.name != "body").collect()),
                pos: n.pos,
            },
            v => Node {
                value: v,
                pos: n.pos,
            },
        })
    }

    /// The fields that changed from `self` to `new`.
    pub fn changes_to(&self, new: &Data) -> Vec<FieldChange> {
        let mut out = Vec::new();
        compare("", "", &self.0, &new.0, &mut out);
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SegmentKind {
    Same,
    Removed,
    Added,
    /// Unchanged lines left out: the text says how many.
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub kind: SegmentKind,
    pub text: String,
}

/// Unchanged lines kept around a change.
const CONTEXT_LINES: usize = 2;

/// Text changes: lines first, then characters inside the changed lines. A deadline keeps a
/// pathological pair of texts from stalling the build; past it the diff is coarser, not wrong.
pub fn text_changes(old: &str, new: &str) -> Vec<Segment> {
    let deadline = Instant::now() + Duration::from_millis(300);
    let lines = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .deadline(deadline)
        .diff_lines(old, new);
    let mut out: Vec<Segment> = Vec::new();
    let push = |out: &mut Vec<Segment>, kind: SegmentKind, text: &str| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(text),
            _ => out.push(Segment {
                kind,
                text: text.to_string(),
            }),
        }
    };
    let ops = lines.ops();
    for (i, op) in ops.iter().enumerate() {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                let text_lines: Vec<&str> = (0..*len)
                    .filter_map(|k| lines.old_slice(old_index + k))
                    .collect();
                let keep_head = if i == 0 { 0 } else { CONTEXT_LINES };
                let keep_tail = if i + 1 == ops.len() { 0 } else { CONTEXT_LINES };
                if text_lines.len() > keep_head + keep_tail + 1 {
                    push(
                        &mut out,
                        SegmentKind::Same,
                        &text_lines[..keep_head].concat(),
                    );
                    let skipped = text_lines.len() - keep_head - keep_tail;
                    out.push(Segment {
                        kind: SegmentKind::Skipped,
                        text: format!("（{skipped} 行未改动）"),
                    });
                    push(
                        &mut out,
                        SegmentKind::Same,
                        &text_lines[text_lines.len() - keep_tail..].concat(),
                    );
                } else {
                    push(&mut out, SegmentKind::Same, &text_lines.concat());
                }
            }
            _ => {
                let (o, n) = (op.old_range(), op.new_range());
                let old_block: String = o.filter_map(|k| lines.old_slice(k)).collect();
                let new_block: String = n.filter_map(|k| lines.new_slice(k)).collect();
                let chars = TextDiff::configure()
                    .algorithm(Algorithm::Myers)
                    .deadline(deadline)
                    .diff_chars(&old_block, &new_block);
                for change in chars.iter_all_changes() {
                    let kind = match change.tag() {
                        ChangeTag::Equal => SegmentKind::Same,
                        ChangeTag::Delete => SegmentKind::Removed,
                        ChangeTag::Insert => SegmentKind::Added,
                    };
                    push(&mut out, kind, change.value());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "title: 2025年3月收支\nopening: { cash: \"1,200.00\", bank: \"35,000.00\" }\nexpense:\n  - { date: 2025-03-09, voucher: 记-02, account: 管理费用, summary: 办公用品, amount: \"320.50\" }\n  - { date: 2025-03-25, voucher: 记-06, account: 公益支出, summary: 村道修补, amount: \"52,000.00\" }\n";

    fn sentences(c: &[FieldChange]) -> Vec<String> {
        c.iter().map(FieldChange::sentence).collect()
    }

    #[test]
    fn a_changed_amount_is_named_by_its_voucher() {
        let new = OLD.replace("\"320.50\"", "\"230.5\"");
        let c = data_changes(OLD, &new).unwrap();
        assert_eq!(
            sentences(&c),
            vec!["支出 记-02 办公用品：金额 320.50 → 230.50"]
        );
        assert!(c[0].amount);
    }

    #[test]
    fn rows_are_matched_by_key_not_position() {
        // A row inserted at the top: only that row is new.
        let new = OLD.replace("expense:\n", "expense:\n  - { date: 2025-03-02, voucher: 记-01, account: 管理费用, summary: 电费, amount: \"88.00\" }\n");
        let c = data_changes(OLD, &new).unwrap();
        assert_eq!(c.len(), 1, "{c:#?}");
        assert_eq!(c[0].kind, FieldChangeKind::Added);
        assert_eq!(c[0].place, "支出 记-01 电费");
        // A removed row.
        let new = OLD.replace("  - { date: 2025-03-25, voucher: 记-06, account: 公益支出, summary: 村道修补, amount: \"52,000.00\" }\n", "");
        let c = data_changes(OLD, &new).unwrap();
        assert_eq!(
            sentences(&c),
            vec![
                "删除 支出 记-06 村道修补 日期 2025-03-25，凭证号 记-06，科目 公益支出，摘要 村道修补，金额 52,000.00"
            ]
        );
    }

    #[test]
    fn nested_fields_and_same_amount_written_differently() {
        let new = OLD
            .replace("cash: \"1,200.00\"", "cash: \"1,250.00\"")
            .replace("\"52,000.00\"", "52000");
        let c = data_changes(OLD, &new).unwrap();
        assert_eq!(sentences(&c), vec!["期初余额：现金 1,200.00 → 1,250.00"]);
    }

    #[test]
    fn beneficiaries_by_name() {
        let a = "rows:\n  - { name: 张某某, group: 一组, amount: \"300.00\" }\n  - { name: 李某某, group: 二组, amount: \"300.00\" }\n";
        let b = "rows:\n  - { name: 李某某, group: 三组, amount: \"300.00\" }\n  - { name: 王某某, group: 一组, amount: \"200.00\" }\n";
        let c = sentences(&data_changes(a, b).unwrap());
        assert!(
            c.contains(&"名单 李某某：村民小组 二组 → 三组".to_string()),
            "{c:#?}"
        );
        assert!(
            c.iter().any(|s| s.starts_with("新增 名单 王某某")),
            "{c:#?}"
        );
        assert!(
            c.iter().any(|s| s.starts_with("删除 名单 张某某")),
            "{c:#?}"
        );
    }

    #[test]
    fn a_long_list_in_another_order_is_matched_row_by_row() {
        let row = |i: usize, amount: &str| {
            format!("  - {{ name: 村民{i:03}, group: 一组, amount: \"{amount}\" }}\n")
        };
        let old: String = (0..300).map(|i| row(i, "100.00")).collect();
        // Reversed, row 7 changed, row 0 removed, row 300 added; row 5 written twice in the old
        // list, whose first is the one compared.
        let mut new: Vec<String> = (1..300)
            .map(|i| row(i, if i == 7 { "70.00" } else { "100.00" }))
            .collect();
        new.reverse();
        new.push(row(300, "100.00"));
        let old = format!("rows:\n{old}{}", row(5, "55.00"));
        let new = format!("rows:\n{}", new.concat());
        assert_eq!(
            sentences(&data_changes(&old, &new).unwrap()),
            [
                "名单 村民007：金额 100.00 → 70.00",
                "新增 名单 村民300 姓名 村民300，村民小组 一组，金额 100.00",
                "删除 名单 村民000 姓名 村民000，村民小组 一组，金额 100.00",
            ]
        );
    }

    #[test]
    fn a_top_level_field() {
        let c = data_changes(
            "title: 甲\nstatus: published\n",
            "title: 乙\nstatus: withdrawn\nwithdrawn: { date: 2025-05-02, reason: 录错 }\n",
        )
        .unwrap();
        assert_eq!(
            sentences(&c),
            vec![
                "标题 甲 → 乙",
                "状态 published → withdrawn",
                "新增 撤回 日期 2025-05-02，原因 录错"
            ]
        );
    }

    #[test]
    fn one_changed_character_in_a_long_chinese_paragraph() {
        let para = "经村民代表会议讨论通过，现将本村二〇二五年度集体经济收益分配方案公示如下，公示期内如有异议请向村务监督委员会反映。";
        let old = format!("第一段。\n\n{para}\n\n结尾。\n");
        let new = old.replace("二〇二五", "二〇二六");
        let segs = text_changes(&old, &new);
        let removed: Vec<&str> = segs
            .iter()
            .filter(|s| s.kind == SegmentKind::Removed)
            .map(|s| s.text.as_str())
            .collect();
        let added: Vec<&str> = segs
            .iter()
            .filter(|s| s.kind == SegmentKind::Added)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(removed, vec!["五"]);
        assert_eq!(added, vec!["六"]);
        let same: String = segs
            .iter()
            .filter(|s| s.kind == SegmentKind::Same)
            .map(|s| s.text.as_str())
            .collect();
        assert!(same.contains("经村民代表会议讨论通过"));
    }

    #[test]
    fn long_unchanged_stretches_are_skipped() {
        let old: String = (1..=30).map(|i| format!("第{i}行\n")).collect();
        let new = old.replace("第15行", "第十五行");
        let segs = text_changes(&old, &new);
        assert!(
            segs.iter().any(|s| s.kind == SegmentKind::Skipped),
            "{segs:#?}"
        );
        let shown: String = segs
            .iter()
            .filter(|s| s.kind != SegmentKind::Skipped)
            .map(|s| s.text.as_str())
            .collect();
        assert!(shown.len() < old.len());
    }

    #[test]
    fn invalid_yaml_gives_none() {
        assert!(data_changes("a: [", "a: 1").is_none());
    }
}
