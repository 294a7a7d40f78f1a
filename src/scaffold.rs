//! `sanwu new`: a new town, village or disclosure from a template, prefilled from the site.
//!
//! A new disclosure starts as `status: draft`, so a half-filled file never reaches the public
//! site; every file this module writes passes `sanwu check` as it is. What the site already knows
//! is filled in: a statement's period follows the last one and its opening balance is the last
//! closing balance, the reviewers come from the last statement or the village's supervisors,
//! and the village's groups are listed where a list needs them.

use crate::date::{Date, Period};
use crate::diag::{Diagnostics, Msg};
use crate::fields::is_id;
use crate::model::{Balance, Content, Document, Kind, Site, Status, Village};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What to create.
#[derive(Clone, Debug)]
pub enum Target {
    Town {
        id: String,
    },
    Village {
        town: String,
        id: String,
    },
    Document {
        kind: Kind,
        town: String,
        village: String,
    },
}

impl Target {
    /// `town`, `village` or a kind, and the place (`<town>` or `<town>/<village>`).
    pub fn parse(what: &str, place: &str) -> Result<Target, Msg> {
        let parts: Vec<&str> = place.split('/').filter(|p| !p.is_empty()).collect();
        for p in &parts {
            if !is_id(p) {
                return Err(Msg::new(
                    format!("“{p}”不能作为编号：只能用小写英文字母、数字和连字符，通常用拼音"),
                    format!("`{p}` is not a valid id: lowercase letters, digits and hyphens"),
                ));
            }
        }
        let place_err = |zh: &str, en: &str| Err(Msg::new(zh, en));
        match (what, parts.as_slice()) {
            ("town", [t]) => Ok(Target::Town { id: t.to_string() }),
            ("town", _) => place_err(
                "乡镇写成一个编号，例如 sanwu new town zibai",
                "give the town as one id, e.g. sanwu new town zibai",
            ),
            ("village", [t, v]) => Ok(Target::Village {
                town: t.to_string(),
                id: v.to_string(),
            }),
            ("village", _) => place_err(
                "村写成 乡镇/村，例如 sanwu new village zibai/huoshaodian",
                "give the village as town/village, e.g. zibai/huoshaodian",
            ),
            (k, [t, v]) => match Kind::parse(k) {
                Some(kind) => Ok(Target::Document {
                    kind,
                    town: t.to_string(),
                    village: v.to_string(),
                }),
                None => Err(unknown_kind(k)),
            },
            (k, _) if Kind::parse(k).is_none() => Err(unknown_kind(k)),
            _ => place_err(
                "公开要放在某个村里：写成 乡镇/村，例如 zibai/huoshaodian",
                "a disclosure belongs to a village: give town/village, e.g. zibai/huoshaodian",
            ),
        }
    }
}

fn unknown_kind(k: &str) -> Msg {
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    Msg::new(
        format!(
            "不认识“{k}”：可以新建 town、village，或这些公开类型：{}",
            kinds.join("、")
        ),
        format!(
            "unknown `{k}`: use town, village, or one of {}",
            kinds.join(", ")
        ),
    )
}

/// Answers from flags or prompts; what is `None` gets a suggestion.
#[derive(Clone, Debug, Default)]
pub struct Answers {
    /// Town or village name (required for those).
    pub name: Option<String>,
    /// `镇`/`乡`/`街道办` or `村`/`社区`.
    pub kind_word: Option<String>,
    pub code: Option<String>,
    pub groups: Vec<String>,
    pub period: Option<Period>,
    pub title: Option<String>,
    pub id: Option<String>,
    pub published: Option<Date>,
    /// Write a notice as `.yaml` rather than `.md`.
    pub yaml: bool,
}

/// What the site suggests for the answers not given: shown as prompt defaults.
#[derive(Clone, Debug)]
pub struct Suggestion {
    pub title: String,
    pub period: Option<Period>,
    pub id: String,
}

/// A file ready to be written.
#[derive(Debug)]
pub struct NewFile {
    /// Relative to the site root.
    pub path: PathBuf,
    pub text: String,
    /// Folders to create beside it (a new village's three domains).
    pub folders: Vec<PathBuf>,
}

/// Reads what the site knows; errors in unrelated files do not stop scaffolding.
pub fn load_site(root: &Path) -> Result<Site, Msg> {
    let mut diags = Diagnostics::new();
    match crate::load::load(root, &mut diags) {
        Some(l) => Ok(l.site),
        None => Err(Msg::new(
            format!(
                "在 {} 找不到 content/ 文件夹：请在站点文件夹里运行，或用 --root 指定",
                root.display()
            ),
            format!(
                "no content/ folder under {}: run inside the site folder or pass --root",
                root.display()
            ),
        )),
    }
}

fn find_village<'s>(site: &'s Site, town: &str, village: &str) -> Result<&'s Village, Msg> {
    let t = site.towns.iter().find(|t| t.id == town).ok_or_else(|| {
        Msg::new(
            format!(
                "没有乡镇 {town}（content/towns/{town}/town.yaml）：先运行 sanwu new town {town}"
            ),
            format!("no town {town}: run sanwu new town {town} first"),
        )
    })?;
    t.villages.iter().find(|v| v.id == village).ok_or_else(|| {
        Msg::new(
            format!(
                "{} 没有村 {village}：先运行 sanwu new village {town}/{village}",
                t.name
            ),
            format!("no village {village} in {town}: run sanwu new village {town}/{village} first"),
        )
    })
}

/// The statements of a village that count, oldest first.
fn statements(v: &Village) -> Vec<&Document> {
    let mut s: Vec<&Document> = v
        .documents
        .iter()
        .map(|d| &**d)
        .filter(|d| d.kind == Kind::FinanceStatement && d.status != Status::Withdrawn)
        .filter(|d| d.period.is_some() && d.deleted.is_none())
        .collect();
    s.sort_by_key(|d| d.period.as_ref().map(|p| (p.value.start(), p.value.end())));
    s
}

fn next_month(p: Period) -> Period {
    let d = p.end().add_days(1);
    Period::Month(d.year, d.month)
}

pub fn suggest(site: &Site, target: &Target, a: &Answers, today: Date) -> Result<Suggestion, Msg> {
    let Target::Document {
        kind,
        town,
        village,
    } = target
    else {
        return Ok(Suggestion {
            title: String::new(),
            period: None,
            id: String::new(),
        });
    };
    let v = find_village(site, town, village)?;
    let published = a.published.unwrap_or(today);
    let period = match (a.period, kind) {
        (Some(p), _) => Some(p),
        (None, Kind::FinanceStatement) => Some(match statements(v).last() {
            Some(last) => next_month(last.period.as_ref().unwrap().value),
            // The month before publication: a month's accounts are published after it ends.
            None => {
                let d = Date::new(published.year, published.month, 1)
                    .unwrap_or(published)
                    .add_days(-1);
                Period::Month(d.year, d.month)
            }
        }),
        (None, Kind::FinanceNotice) => Some(Period::Month(published.year, published.month)),
        // Dues are published after the quarter they cover.
        (None, Kind::PartyDues) => {
            let q = Date::new(published.year, (published.month - 1) / 3 * 3 + 1, 1)
                .unwrap_or(published)
                .add_days(-1);
            Some(Period::Quarter(q.year, (q.month - 1) / 3 + 1))
        }
        (None, _) => None,
    };
    let title = match (kind, period) {
        (Kind::FinanceStatement, Some(p)) => format!("{}村级财务收支公开", p.zh()),
        (Kind::PartyDues, Some(p)) => format!("{}党费收缴情况公开", p.zh()),
        (Kind::FinanceNotice, _) => format!("{}财务公告", v.name),
        (Kind::AffairsNotice, _) => format!("{}村务公告", v.name),
        (Kind::Decision, _) => format!("{}“四议两公开”决议公开", v.name),
        (Kind::Beneficiaries, _) => format!("{}惠民资金发放名单公示", v.name),
        (Kind::PartyNotice, _) => format!("{}党支部党务公告", v.name),
        (Kind::PartyDevelopment, _) => format!("{}党支部发展党员公示", v.name),
        (Kind::PartyDues, None) | (Kind::FinanceStatement, None) => kind.zh().to_string(),
    };
    let base = match (kind, period) {
        (Kind::FinanceStatement, Some(p)) => format!("{p}-statement"),
        (Kind::PartyDues, Some(p)) => format!("{p}-dangfei").to_lowercase(),
        _ => format!("{published}-{}", kind.short()),
    };
    if *kind == Kind::FinanceStatement
        && let Some(p) = period
        && let Some(d) = statements(v).into_iter().find(|d| {
            d.period
                .as_ref()
                .is_some_and(|dp| dp.value.start() <= p.end() && p.start() <= dp.value.end())
        })
    {
        return Err(Msg::new(
            format!(
                "{} 已有这一期的收支公开（{}）：要改正它就直接修改那个文件，或撤回它再新建",
                p.zh(),
                d.file
            ),
            format!(
                "{} already has a statement for {p}: correct that file, or withdraw it first",
                d.file
            ),
        ));
    }
    let taken = |id: &str| v.documents.iter().any(|d| d.id == id);
    let mut id = base.clone();
    let mut n = 2;
    while taken(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    Ok(Suggestion { title, period, id })
}

/// The file for `target`, with `answers` filled in from `suggestion` where missing.
pub fn plan(site: &Site, target: &Target, a: &Answers, today: Date) -> Result<NewFile, Msg> {
    match target {
        Target::Town { id } => town(id, a),
        Target::Village { town, id } => village(site, town, id, a),
        Target::Document {
            kind,
            town,
            village,
        } => document(site, *kind, town, village, a, today),
    }
}

/// Writes the file; never overwrites one.
pub fn write(root: &Path, f: &NewFile) -> Result<(), Msg> {
    let path = root.join(&f.path);
    if path.exists() {
        return Err(Msg::new(
            format!("{} 已经存在，没有改动它", f.path.display()),
            format!("{} already exists and was left alone", f.path.display()),
        ));
    }
    let io = |e: std::io::Error| {
        Msg::new(
            format!("无法写入 {}：{e}", f.path.display()),
            format!("cannot write {}: {e}", f.path.display()),
        )
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    for d in &f.folders {
        std::fs::create_dir_all(root.join(d)).map_err(io)?;
    }
    // create_new: if the file appeared since the check above, it is still not overwritten.
    use std::io::Write as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(io)?;
    file.write_all(f.text.as_bytes()).map_err(io)
}

fn need_name(a: &Answers, what_zh: &str, what_en: &str) -> Result<String, Msg> {
    a.name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| {
            Msg::new(
                format!("请用 --name 写明{what_zh}名称"),
                format!("give the {what_en} name with --name"),
            )
        })
}

fn code_line(code: &Option<String>) -> Result<String, Msg> {
    match code {
        Some(c) if c.len() == 12 && c.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(format!("code: \"{c}\"\n"))
        }
        Some(c) => Err(Msg::new(
            format!("行政区划代码应为 12 位数字，“{c}”不是"),
            format!("an administrative code has 12 digits, `{c}` does not"),
        )),
        None => Ok("# code: \"000000000000\"    # 12 位行政区划代码（可选）\n".into()),
    }
}

fn town(id: &str, a: &Answers) -> Result<NewFile, Msg> {
    let name = need_name(a, "乡镇", "town")?;
    let kind = a.kind_word.clone().unwrap_or_else(|| {
        if name.ends_with('乡') {
            "乡".into()
        } else if name.ends_with("街道") || name.ends_with("街道办") {
            "街道办".into()
        } else {
            "镇".into()
        }
    });
    if !["镇", "乡", "街道办"].contains(&kind.as_str()) {
        return Err(Msg::new(
            format!("乡镇类别只能是 镇、乡 或 街道办，不能是“{kind}”"),
            format!("a town's kind is 镇, 乡 or 街道办, not `{kind}`"),
        ));
    }
    let mut t = String::from("# 由 sanwu new town 生成；字段说明见 docs/content.md\n");
    writeln!(t, "name: {}", yaml_text(&name)).unwrap();
    writeln!(t, "kind: {kind}").unwrap();
    t.push_str(&code_line(&a.code)?);
    writeln!(
        t,
        "enforcement_office: {}",
        yaml_text(&format!("{name}综合行政执法办公室"))
    )
    .unwrap();
    Ok(NewFile {
        path: PathBuf::from(format!("content/towns/{id}/town.yaml")),
        text: t,
        folders: vec![],
    })
}

fn village(site: &Site, town: &str, id: &str, a: &Answers) -> Result<NewFile, Msg> {
    if !site.towns.iter().any(|t| t.id == town) {
        return Err(Msg::new(
            format!("没有乡镇 {town}：先运行 sanwu new town {town}"),
            format!("no town {town}: run sanwu new town {town} first"),
        ));
    }
    let name = need_name(a, "村", "village")?;
    let kind = a.kind_word.clone().unwrap_or_else(|| {
        if name.ends_with("社区") {
            "社区"
        } else {
            "村"
        }
        .into()
    });
    if !["村", "社区"].contains(&kind.as_str()) {
        return Err(Msg::new(
            format!("村的类别只能是 村 或 社区，不能是“{kind}”"),
            format!("a village's kind is 村 or 社区, not `{kind}`"),
        ));
    }
    let groups = if a.groups.is_empty() {
        vec!["一组".to_string(), "二组".to_string()]
    } else {
        a.groups.clone()
    };
    let mut t = String::from("# 由 sanwu new village 生成；字段说明见 docs/content.md\n");
    writeln!(t, "name: {}", yaml_text(&name)).unwrap();
    writeln!(t, "kind: {kind}").unwrap();
    t.push_str(&code_line(&a.code)?);
    writeln!(
        t,
        "groups: [{}]    # 村民小组：名单里的 group 只能填这些",
        groups
            .iter()
            .map(|g| yaml_text(g))
            .collect::<Vec<_>>()
            .join(", ")
    )
    .unwrap();
    t.push_str("# 村务监督委员会：财务公开的审核默认取这里的成员\n");
    t.push_str("# supervisors: { body: 村务监督委员会, members: [姓名, 姓名, 姓名] }\n");
    let base = format!("content/towns/{town}/{id}");
    Ok(NewFile {
        path: PathBuf::from(format!("{base}/village.yaml")),
        text: t,
        folders: ["finance", "affairs", "party"]
            .iter()
            .map(|d| PathBuf::from(format!("{base}/{d}")))
            .collect(),
    })
}

/// A value as YAML text: plain when that reads back as the same string, else double-quoted.
fn yaml_text(s: &str) -> String {
    let needs_quotes = s.is_empty()
        || s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        // 2025 or 2025-04 would read back as a number or a date; 2025年4月 reads as text.
        || (s.starts_with(|c: char| c.is_ascii_digit()) && s.is_ascii())
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with([' ', ':'])
        || s.contains(['\n', '"', '\\', ',', '[', ']', '{', '}'])
        || matches!(s, "true" | "false" | "null" | "yes" | "no" | "~");
    if needs_quotes {
        serde_json::to_string(s).expect("a string serialises")
    } else {
        s.to_string()
    }
}

fn balance_text(b: &Balance) -> String {
    match (&b.cash, &b.bank) {
        (Some(c), Some(k)) => format!("{{ cash: \"{}\", bank: \"{}\" }}", c.value, k.value),
        (Some(c), None) => format!("{{ cash: \"{}\" }}", c.value),
        (None, Some(k)) => format!("{{ bank: \"{}\" }}", k.value),
        (None, None) => format!("{{ total: \"{}\" }}", b.amount()),
    }
}

fn period_text(p: Period) -> String {
    match p {
        Period::Range(a, b) => format!("{{ start: {a}, end: {b} }}"),
        p => p.to_string(),
    }
}

fn document(
    site: &Site,
    kind: Kind,
    town: &str,
    village: &str,
    a: &Answers,
    today: Date,
) -> Result<NewFile, Msg> {
    let v = find_village(site, town, village)?;
    let s = suggest(
        site,
        &Target::Document {
            kind,
            town: town.into(),
            village: village.into(),
        },
        a,
        today,
    )?;
    let id = a.id.clone().unwrap_or(s.id);
    if !is_id(&id) {
        return Err(Msg::new(
            format!("文件名“{id}”不能用：只能用小写英文字母、数字和连字符"),
            format!("`{id}` cannot be a file name: lowercase letters, digits and hyphens"),
        ));
    }
    if v.documents.iter().any(|d| d.id == id) {
        return Err(Msg::new(
            format!("本村已有名为 {id} 的公开（三个文件夹合起来不能重名），请换一个 --id"),
            format!("the village already has a disclosure named {id}; pick another --id"),
        ));
    }
    let title = a.title.clone().unwrap_or(s.title);
    let published = a.published.unwrap_or(today);
    let markdown = kind.allows_markdown() && !a.yaml;
    let ext = if markdown { "md" } else { "yaml" };
    let path = PathBuf::from(format!(
        "content/towns/{town}/{village}/{}/{id}.{ext}",
        kind.domain().folder()
    ));

    let mut h = String::new();
    h.push_str("# 由 sanwu new 生成。填好后删去 status: draft 这一行，才会在网站上公开。\n");
    h.push_str("# 字段说明见 docs/content.md；填好后运行 sanwu check 检查。\n");
    writeln!(h, "title: {}", yaml_text(&title)).unwrap();
    writeln!(h, "kind: {}", kind.as_str()).unwrap();
    if let Some(p) = s.period {
        writeln!(h, "period: {}", period_text(p)).unwrap();
    }
    writeln!(h, "published: {published}").unwrap();
    h.push_str("status: draft\n");

    let last = statements(v).into_iter().rev().find(|d| {
        s.period.is_none_or(|p| {
            d.period
                .as_ref()
                .is_some_and(|dp| dp.value.end() < p.start())
        })
    });
    if kind.is_finance() {
        // Reviewers: as on the last statement, else the village's supervisors.
        let (body, members) = match (last.and_then(|d| d.reviewed_by.as_ref()), &v.supervisors) {
            (Some(r), _) => (r.body.clone(), r.members.clone()),
            (None, Some(c)) => (c.body.clone(), c.members.clone()),
            (None, None) => ("民主理财小组".to_string(), vec!["审核人姓名".to_string()]),
        };
        let members: Vec<String> = members.iter().map(|m| yaml_text(m)).collect();
        writeln!(
            h,
            "reviewed_by: {{ body: {}, members: [{}], date: {published} }}",
            yaml_text(&body),
            members.join(", ")
        )
        .unwrap();
    }

    let groups = if v.groups.is_empty() {
        "（village.yaml 没有写 groups）".to_string()
    } else {
        v.groups.join("、")
    };
    let first_group = v.groups.first().cloned().unwrap_or_else(|| "一组".into());
    let threshold = site
        .config
        .large_expense_threshold
        .map(|m| format!("（{m} 元）"))
        .unwrap_or_default();
    let mut b = String::new();
    match kind {
        Kind::FinanceStatement => {
            let (opening, from) = match last.map(|d| (&d.content, d)) {
                Some((Content::FinanceStatement(st), d)) => (
                    balance_text(&st.closing),
                    format!(
                        "已从上期（{}）的期末余额复制",
                        d.file.rsplit('/').next().unwrap_or(&d.file)
                    ),
                ),
                _ => (
                    "{ cash: \"0.00\", bank: \"0.00\" }".to_string(),
                    "这是本村第一份收支公开：请按账簿填写".to_string(),
                ),
            };
            writeln!(b, "# 期初余额：{from}").unwrap();
            writeln!(b, "opening: {opening}").unwrap();
            b.push_str("# 收入明细，每笔一行，日期要在本期之内，例如：\n");
            b.push_str("#   - { date: 2025-04-03, voucher: 记-01, account: 补助收入, summary: 村级组织运转经费, amount: \"20,000.00\" }\n");
            b.push_str("income:\n");
            writeln!(
                b,
                "# 支出明细，每笔一行；超过大额支出标准{threshold}的支出要加 decision: <决议文件名>"
            )
            .unwrap();
            b.push_str("expense:\n");
            b.push_str("# 期末余额 = 期初余额 + 收入 − 支出：填好明细后改正\n");
            writeln!(b, "closing: {opening}").unwrap();
        }
        Kind::Decision => {
            b.push_str("matter: 决策事项（请改写）\n");
            b.push_str("# 四议：支部提议 → 两委商议 → 党员大会审议 → 村民代表会议决议；改成各步的实际日期\n");
            b.push_str("steps:\n");
            for stage in ["支部提议", "两委商议", "党员大会审议", "村民代表会议决议"]
            {
                writeln!(b, "  - {{ stage: {stage}, date: {published} }}").unwrap();
            }
            b.push_str("resolution: 决议内容（请改写）\n");
        }
        Kind::Beneficiaries => {
            b.push_str("program: 项目名称（请改写，如 2025年农村低保金）\n");
            writeln!(b, "# 本村的村民小组：{groups}（group 只能填这些）").unwrap();
            b.push_str("# 只写姓名，不写身份证号、银行卡号、手机号\n");
            b.push_str("rows:\n");
            writeln!(
                b,
                "  - {{ name: 张某某, group: {}, amount: \"100.00\" }}",
                yaml_text(&first_group)
            )
            .unwrap();
        }
        Kind::PartyDevelopment => {
            b.push_str("stage: 发展对象    # 入党积极分子、发展对象、预备党员 或 转正\n");
            writeln!(b, "# 本村的村民小组：{groups}").unwrap();
            b.push_str("people:\n");
            writeln!(
                b,
                "  - {{ name: 李某某, gender: 女, group: {} }}",
                yaml_text(&first_group)
            )
            .unwrap();
            writeln!(
                b,
                "objections_to: {}    # 意见反馈截止日期",
                published.add_working_days(5)
            )
            .unwrap();
        }
        Kind::PartyDues => {
            b.push_str("members: 0    # 党员人数\n");
            b.push_str("collected: \"0.00\"    # 收缴合计，等于明细之和\n");
            b.push_str("remitted: \"0.00\"    # 上缴金额\n");
            b.push_str("# 明细，每人一行，例如：\n#   - { name: 王某某, amount: \"30.00\" }\n");
            b.push_str("rows:\n");
        }
        Kind::FinanceNotice | Kind::AffairsNotice | Kind::PartyNotice => {}
    }

    let body = "正文（请改写）。写清楚公开的事项、依据、时间和金额；\
                村民有意见可以向村务监督委员会反映。\n";
    let text = if markdown {
        format!("---\n{h}{b}---\n\n{body}")
    } else if kind.allows_markdown() {
        format!("{h}{b}body: |\n  {body}")
    } else {
        format!("{h}{b}")
    };
    Ok(NewFile {
        path,
        text,
        folders: vec![],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_text_quotes_what_would_not_read_back() {
        assert_eq!(yaml_text("火烧店村"), "火烧店村");
        assert_eq!(yaml_text("a: b"), "\"a: b\"");
        assert_eq!(yaml_text("2025"), "\"2025\"");
        assert_eq!(yaml_text("yes"), "\"yes\"");
        assert_eq!(yaml_text("[x]"), "\"[x]\"");
    }

    #[test]
    fn places_are_parsed() {
        assert!(matches!(
            Target::parse("town", "zibai"),
            Ok(Target::Town { .. })
        ));
        assert!(Target::parse("town", "Zibai").is_err());
        assert!(Target::parse("village", "zibai").is_err());
        assert!(matches!(
            Target::parse("finance.statement", "zibai/huoshaodian"),
            Ok(Target::Document {
                kind: Kind::FinanceStatement,
                ..
            })
        ));
        assert!(Target::parse("finance.statment", "zibai/huoshaodian").is_err());
    }
}
