//! Stage 2, check: the rules a machine can verify across the loaded site.
//!
//! Finance: totals, the balance equation, cash + bank, the chain from one period's closing to
//! the next period's opening, dates inside the period, unique vouchers, large expenses backed by
//! a decision. Decisions: the four deliberations in order, quorum and votes. Every message shows
//! the numbers that disagree and points at the wrong value.

use crate::diag::{Diagnostics, Msg, Pos};
use crate::model::*;
use crate::money::Money;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub fn check(
    site: &Site,
    ids_on_disk: &BTreeMap<String, BTreeSet<String>>,
    diags: &mut Diagnostics,
) {
    check_with(site, ids_on_disk, diags, None)
}

/// What a preview keeps between checks: each village's diagnostics, by a hash of what they
/// depend on, so a save checks again only its own village.
#[derive(Default)]
pub struct CheckCache(HashMap<String, (u64, Diagnostics)>);

/// [`check`], with the diagnostics of villages whose input is unchanged taken from `cache`.
pub fn check_with(
    site: &Site,
    ids_on_disk: &BTreeMap<String, BTreeSet<String>>,
    diags: &mut Diagnostics,
    mut cache: Option<&mut CheckCache>,
) {
    let mut seen = Vec::new();
    // A village's rules read the village, its documents (each what its file's path and bytes
    // make it), the ids of its files and one setting.
    let setting = format!("{:?}", site.config.large_expense_threshold);
    for town in &site.towns {
        for village in &town.villages {
            let key = format!("{}/{}", village.town, village.id);
            let empty = BTreeSet::new();
            let on_disk = ids_on_disk.get(&key).unwrap_or(&empty);
            let Some(cache) = cache.as_deref_mut() else {
                check_village(site, village, on_disk, diags);
                continue;
            };
            let print = {
                use std::hash::{Hash, Hasher};
                let mut h = std::hash::DefaultHasher::new();
                (&setting, &village.file, village.source_hash, on_disk).hash(&mut h);
                for d in &village.documents {
                    (&d.file, d.source_hash).hash(&mut h);
                }
                h.finish()
            };
            match cache.0.get(&key) {
                Some((p, found)) if *p == print => diags.extend(found.clone()),
                _ => {
                    let mut found = Diagnostics::new();
                    check_village(site, village, on_disk, &mut found);
                    diags.extend(found.clone());
                    cache.0.insert(key.clone(), (print, found));
                }
            }
            seen.push(key);
        }
    }
    if let Some(cache) = cache {
        let seen: BTreeSet<String> = seen.into_iter().collect();
        cache.0.retain(|k, _| seen.contains(k));
    }
    if let Some(e) = &site.enforcement {
        // The catalog, the department files and the towns are checked as one whole.
        let since = diags.len();
        enforcement(site, e, diags);
        diags.relate_since(since, "content/enforcement/");
        diags.relate_since(since, "content/towns/");
    }
}

/// The enforcement-power list: unique codes, counts that match what each department declared
/// and the county total, known towns, and a date for every item taken back.
fn enforcement(site: &Site, e: &Enforcement, diags: &mut Diagnostics) {
    let mut seen: HashMap<&str, &EnforcementItem> = HashMap::new();
    let mut total = 0u32;
    for d in &e.departments {
        let Some(file) = &d.file else { continue };
        let count = d.items.len() as u32;
        total += count;
        if count != d.declared.value {
            let short = file.rsplit('/').next().unwrap_or(file);
            diags.error(
                "E0702",
                &e.catalog_file,
                d.declared.pos.clone(),
                Msg::new(
                    format!(
                        "{}声明 {} 项，{} 中实际 {} 项",
                        d.name, d.declared.value, short, count
                    ),
                    format!(
                        "{} declares {} items, {} has {}",
                        d.name, d.declared.value, short, count
                    ),
                ),
                Msg::new(
                    format!("核对 {short} 的事项：补上遗漏的或删去多余的，或改正 declared"),
                    format!("check the items in {short}, or correct declared"),
                ),
            );
        }
        for item in &d.items {
            if let Some(first) = seen.get(item.code.value.as_str()) {
                diags.error(
                    "E0701",
                    &item.file,
                    item.code.pos.clone(),
                    Msg::new(
                        format!(
                            "事项编码 {} 重复：{} 第 {} 行已用过",
                            item.code.value, first.file, first.code.pos.line
                        ),
                        format!(
                            "item code {} is already used in {} line {}",
                            item.code.value, first.file, first.code.pos.line
                        ),
                    ),
                    Msg::new(
                        "全县的事项编码不能重复；给这一项换一个编码",
                        "codes are unique across the county; give this item another code",
                    ),
                );
            } else {
                seen.insert(&item.code.value, item);
            }
            if let TownScope::Some(towns) = &item.towns {
                for t in towns {
                    if !site.towns.iter().any(|x| x.id == t.value) {
                        let known: Vec<&str> = site.towns.iter().map(|x| x.id.as_str()).collect();
                        diags.error(
                            "E0705",
                            &item.file,
                            t.pos.clone(),
                            Msg::new(
                                format!("没有编号为 `{}` 的镇（街道）", t.value),
                                format!("no town has the id `{}`", t.value),
                            ),
                            Msg::new(
                                format!("可用的镇编号：{}", known.join("、")),
                                format!("known towns: {}", known.join(", ")),
                            ),
                        );
                    }
                }
            }
            match (&item.revoked, item.in_force()) {
                (None, false) => diags.error(
                    "E0706",
                    &item.file,
                    item.status.pos.clone(),
                    Msg::new(
                        format!(
                            "{} 状态为“{}”，但没有写收回或取消的日期",
                            item.code.value, item.status.value
                        ),
                        format!(
                            "{} is {} but has no date for it",
                            item.code.value, item.status.value
                        ),
                    ),
                    Msg::new(
                        "加上一行 revoked: 2024-01-01（收回或取消的日期）",
                        "add revoked: <date it was taken back>",
                    ),
                ),
                (Some(r), true) => diags.error(
                    "E0706",
                    &item.file,
                    r.pos.clone(),
                    Msg::new(
                        format!("{} 写了收回日期，但状态仍是“有效”", item.code.value),
                        format!("{} has a revoked date but is still 有效", item.code.value),
                    ),
                    Msg::new(
                        "把 status 改为 已收回 或 已取消，或删去 revoked",
                        "set status to 已收回 or 已取消, or remove revoked",
                    ),
                ),
                (Some(r), false) if r.value < item.effective => diags.error(
                    "E0706",
                    &item.file,
                    r.pos.clone(),
                    Msg::new(
                        format!(
                            "{} 的收回日期 {} 早于生效日期 {}",
                            item.code.value, r.value, item.effective
                        ),
                        format!(
                            "{} was taken back ({}) before it took effect ({})",
                            item.code.value, r.value, item.effective
                        ),
                    ),
                    Msg::new("核对两个日期", "check both dates"),
                ),
                _ => {}
            }
        }
    }
    let declared_sum: u32 = e.departments.iter().map(|d| d.declared.value).sum();
    let all_files = e.departments.iter().all(|d| d.file.is_some());
    if all_files && total != e.declared_total.value {
        diags.error(
            "E0703",
            &e.catalog_file,
            e.declared_total.pos.clone(),
            Msg::new(
                format!(
                    "下放事项总数 declared_total 为 {} 项，各部门文件合计 {} 项",
                    e.declared_total.value, total
                ),
                format!(
                    "declared_total is {} but the department files hold {} items",
                    e.declared_total.value, total
                ),
            ),
            Msg::new(
                "核对 declared_total 和各部门的事项",
                "check declared_total against the department files",
            ),
        );
    } else if declared_sum != e.declared_total.value {
        diags.error(
            "E0703",
            &e.catalog_file,
            e.declared_total.pos.clone(),
            Msg::new(
                format!(
                    "下放事项总数 declared_total 为 {} 项，各部门 declared 合计 {} 项",
                    e.declared_total.value, declared_sum
                ),
                format!(
                    "declared_total is {} but the departments declare {} in all",
                    e.declared_total.value, declared_sum
                ),
            ),
            Msg::new(
                "核对 declared_total 和各部门的 declared",
                "check declared_total against each department's declared",
            ),
        );
    }
    if e.sorted_total.value < e.declared_total.value {
        diags.error(
            "E0703",
            &e.catalog_file,
            e.sorted_total.pos.clone(),
            Msg::new(
                format!(
                    "梳理事项 sorted_total（{} 项）少于下放事项（{} 项）",
                    e.sorted_total.value, e.declared_total.value
                ),
                format!(
                    "sorted_total ({}) is less than declared_total ({})",
                    e.sorted_total.value, e.declared_total.value
                ),
            ),
            Msg::new(
                "下放的事项是从梳理的事项中选出的，不会更多",
                "delegated items are a subset of the sorted ones",
            ),
        );
    }
}

fn check_village(
    site: &Site,
    village: &Village,
    on_disk: &BTreeSet<String>,
    diags: &mut Diagnostics,
) {
    let by_id: HashMap<&str, &Document> = village
        .documents
        .iter()
        .map(|d| (d.id.as_str(), &**d))
        .collect();
    for doc in &village.documents {
        common(doc, &by_id, on_disk, village, diags);
        match &doc.content {
            Content::FinanceStatement(s) => statement(site, doc, s, &by_id, on_disk, diags),
            Content::Decision(d) => decision(doc, d, diags),
            Content::Beneficiaries(b) => beneficiaries(doc, b, village, diags),
            Content::PartyDues(d) => dues(doc, d, diags),
            Content::PartyDevelopment(p) => development(doc, p, diags),
            Content::Notice => {}
        }
    }
    chain(village, diags);
}

fn yuan(m: Money) -> String {
    format!("{m} 元")
}

fn unknown_reference(
    doc: &Document,
    pos: Pos,
    id: &str,
    what_zh: &str,
    what_en: &str,
    village: &Village,
    diags: &mut Diagnostics,
) {
    diags.error(
        "E0211",
        &doc.file,
        pos,
        Msg::new(
            format!("{what_zh}引用的 `{id}` 在{}找不到", village.name),
            format!("{what_en} refers to `{id}`, which does not exist in this village"),
        ),
        Msg::new(
            format!("填写本村另一份公开的文件名（不带 .yaml/.md），它应在 content/towns/{}/{}/ 下", village.town, village.id),
            format!("use the file name (without extension) of another disclosure under content/towns/{}/{}/", village.town, village.id),
        ),
    );
    diags.relate(format!("content/towns/{}/{}/", village.town, village.id));
}

fn common(
    doc: &Document,
    by_id: &HashMap<&str, &Document>,
    on_disk: &BTreeSet<String>,
    village: &Village,
    diags: &mut Diagnostics,
) {
    if let Some(s) = &doc.supersedes {
        if s.value == doc.id {
            diags.error(
                "E0211",
                &doc.file,
                s.pos.clone(),
                Msg::new(
                    "supersedes 不能指向自己",
                    "a document cannot supersede itself",
                ),
                Msg::new(
                    "填写被更正的那份公开的文件名",
                    "name the document this one corrects",
                ),
            );
        } else if !by_id.contains_key(s.value.as_str()) && !on_disk.contains(&s.value) {
            unknown_reference(
                doc,
                s.pos.clone(),
                &s.value,
                "supersedes ",
                "supersedes",
                village,
                diags,
            );
        }
    }
    if let Some(until) = &doc.posting_until
        && until.value < doc.published.value
    {
        diags.error(
            "E0215",
            &doc.file,
            until.pos.clone(),
            Msg::new(
                format!(
                    "公示截止日期 {} 早于公开日期 {}",
                    until.value, doc.published.value
                ),
                format!(
                    "posting_until {} is before published {}",
                    until.value, doc.published.value
                ),
            ),
            Msg::new("改正其中一个日期", "correct one of the dates"),
        );
    }
    if let Some(r) = &doc.reviewed_by
        && r.date > doc.published.value
    {
        diags.warning(
            "W0303",
            &doc.file,
            r.date_pos.clone(),
            Msg::new(
                format!(
                    "审核日期 {} 晚于公开日期 {}：应先审核、后公开",
                    r.date, doc.published.value
                ),
                format!(
                    "reviewed on {} but published on {}: review comes first",
                    r.date, doc.published.value
                ),
            ),
            Msg::new(
                "核对 reviewed_by 的 date 和 published",
                "check reviewed_by.date and published",
            ),
        );
    }
}

fn statement(
    site: &Site,
    doc: &Document,
    s: &FinanceStatement,
    by_id: &HashMap<&str, &Document>,
    on_disk: &BTreeSet<String>,
    diags: &mut Diagnostics,
) {
    let file = doc.file.as_str();
    let income = s.income_total();
    let expense = s.expense_total();
    for (total, sum, zh, en) in [
        (&s.totals_income, income, "收入合计", "the income total"),
        (&s.totals_expense, expense, "支出合计", "the expense total"),
    ] {
        if let Some(t) = total
            && t.value != sum
        {
            diags.error(
                "E0301",
                file,
                t.pos.clone(),
                Msg::new(
                    format!(
                        "{zh}应为 {}（各行相加），实际填写 {}",
                        yuan(sum),
                        yuan(t.value)
                    ),
                    format!(
                        "{en} should be {} (the sum of the lines), found {}",
                        yuan(sum),
                        yuan(t.value)
                    ),
                ),
                Msg::new(
                    "核对每一行的金额和合计；合计应等于各行之和",
                    "check each line and the total; the total is the sum of the lines",
                ),
            );
        }
    }
    for (b, zh) in [(&s.opening, "期初"), (&s.closing, "期末")] {
        if let (Some(c), Some(k), Some(t)) = (&b.cash, &b.bank, &b.total)
            && c.value + k.value != t.value
        {
            diags.error(
                "E0303",
                file,
                t.pos.clone(),
                Msg::new(
                    format!(
                        "{zh}合计应为现金 {} + 银行存款 {} = {}，实际填写 {}",
                        c.value,
                        k.value,
                        yuan(c.value + k.value),
                        yuan(t.value)
                    ),
                    format!(
                        "the {} total should be cash {} + bank {} = {}, found {}",
                        if zh == "期初" { "opening" } else { "closing" },
                        c.value,
                        k.value,
                        yuan(c.value + k.value),
                        yuan(t.value)
                    ),
                ),
                Msg::new(
                    "核对现金、银行存款和合计三个数",
                    "check cash, bank and total",
                ),
            );
        }
    }
    let expected = s.opening.amount() + income - expense;
    let actual = s.closing.amount();
    if expected != actual {
        let pos = s
            .closing
            .total
            .as_ref()
            .or(s.closing.cash.as_ref())
            .or(s.closing.bank.as_ref())
            .map(|a| a.pos.clone())
            .unwrap_or(s.closing.pos.clone());
        diags.error(
            "E0302",
            file,
            pos,
            Msg::new(
                format!(
                    "期末余额应为 {}，实际填写 {}（期初 {} + 收入 {} − 支出 {}）",
                    yuan(expected), yuan(actual), s.opening.amount(), income, expense
                ),
                format!(
                    "the closing balance should be {}, found {} (opening {} + income {} − expense {})",
                    yuan(expected), yuan(actual), s.opening.amount(), income, expense
                ),
            ),
            Msg::new("期初余额 + 本期收入 − 本期支出 = 期末余额；核对各行金额和期末余额", "opening + income − expense = closing; check the lines and the closing balance"),
        );
    }
    if let Some(period) = &doc.period {
        for (lines, zh) in [(&s.income, "收入"), (&s.expense, "支出")] {
            for l in lines.iter() {
                if !period.value.contains(l.date.value) {
                    diags.error(
                        "E0305",
                        file,
                        l.date.pos.clone(),
                        Msg::new(
                            format!(
                                "{zh} {} 的日期 {} 不在本期（{}，{} 至 {}）之内",
                                l.voucher.value,
                                l.date.value,
                                period.value.zh(),
                                period.value.start(),
                                period.value.end()
                            ),
                            format!(
                                "{} line {} is dated {}, outside the period {} to {}",
                                if zh == "收入" { "income" } else { "expense" },
                                l.voucher.value,
                                l.date.value,
                                period.value.start(),
                                period.value.end()
                            ),
                        ),
                        Msg::new(
                            "改正日期，或把这一笔放到它所属月份的公开里",
                            "correct the date, or move the line to its own period's statement",
                        ),
                    );
                }
            }
        }
    }
    let mut seen: HashMap<&str, &CashLine> = HashMap::new();
    for l in s.income.iter().chain(&s.expense) {
        if let Some(first) = seen.get(l.voucher.value.as_str()) {
            diags.error(
                "E0306",
                file,
                l.voucher.pos.clone(),
                Msg::new(
                    format!(
                        "凭证号 {} 重复（第 {} 行已用过）",
                        l.voucher.value, first.voucher.pos.line
                    ),
                    format!(
                        "voucher {} is used twice (first on line {})",
                        l.voucher.value, first.voucher.pos.line
                    ),
                ),
                Msg::new(
                    "一个凭证号在一份公开里只能出现一次；核对凭证号",
                    "each voucher number appears once per statement",
                ),
            );
        } else {
            seen.insert(&l.voucher.value, l);
        }
        if l.amount.value == Money::ZERO {
            diags.error(
                "E0307",
                file,
                l.amount.pos.clone(),
                Msg::new(
                    format!("凭证 {} 的金额是 0", l.voucher.value),
                    format!("voucher {} has a zero amount", l.voucher.value),
                ),
                Msg::new(
                    "填写实际金额，或删除这一行",
                    "write the real amount, or remove the line",
                ),
            );
        }
    }
    for l in &s.expense {
        match &l.decision {
            Some(d) => match by_id.get(d.value.as_str()) {
                Some(target) if target.kind == Kind::Decision => {}
                Some(target) => {
                    diags.error(
                        "E0311",
                        file,
                        d.pos.clone(),
                        Msg::new(
                            format!(
                                "decision 引用的 `{}` 是{}，不是四议两公开决议",
                                d.value,
                                target.kind.zh()
                            ),
                            format!(
                                "`{}` is a {}, not an affairs.decision",
                                d.value,
                                target.kind.as_str()
                            ),
                        ),
                        Msg::new(
                            "填写批准这笔支出的决议文件名（类型为 affairs.decision）",
                            "name the affairs.decision that approved this expense",
                        ),
                    );
                    diags.relate(target.file.clone());
                }
                None if on_disk.contains(&d.value) => {}
                None => {
                    diags.error(
                    "E0211",
                    file,
                    d.pos.clone(),
                    Msg::new(
                        format!("decision 引用的决议 `{}` 在本村找不到", d.value),
                        format!("the decision `{}` does not exist in this village", d.value),
                    ),
                    Msg::new(
                        format!("填写本村 affairs/ 文件夹里决议的文件名（不带扩展名），位置：content/towns/{}/{}/affairs/", doc.town, doc.village),
                        format!("use the file name of a decision under content/towns/{}/{}/affairs/", doc.town, doc.village),
                    ),
                );
                    diags.relate(format!("content/towns/{}/{}/", doc.town, doc.village));
                }
            },
            None => {
                if let Some(limit) = site.config.large_expense_threshold
                    && l.amount.value > limit
                {
                    diags.error(
                            "E0310",
                            file,
                            l.amount.pos.clone(),
                            Msg::new(
                                format!("支出 {} {} 金额 {} 超过大额支出标准 {}，必须注明批准它的决议（decision）", l.voucher.value, l.summary, yuan(l.amount.value), yuan(limit)),
                                format!("expense {} of {} exceeds {} and must name the decision that approved it", l.voucher.value, yuan(l.amount.value), yuan(limit)),
                            ),
                            Msg::new("在这一行加上 decision: <决议文件名>，例如 decision: 2025-03-road-repair（四议两公开）", "add decision: <id of the affairs.decision> to this line"),
                        );
                }
            }
        }
    }
}

/// Each period's opening must equal the previous period's closing, across files.
fn chain(village: &Village, diags: &mut Diagnostics) {
    let mut statements: Vec<(&Document, &FinanceStatement)> = village
        .documents
        .iter()
        .filter(|d| d.status != Status::Withdrawn)
        .filter_map(|d| match (&d.content, &d.period) {
            (Content::FinanceStatement(s), Some(_)) => Some((&**d, &**s)),
            _ => None,
        })
        .collect();
    statements.sort_by_key(|(d, _)| {
        (
            d.period.as_ref().unwrap().value.start(),
            d.period.as_ref().unwrap().value.end(),
        )
    });
    // The statement reaching furthest so far: a quarter overlaps every month it covers, not
    // only the next one in order.
    let mut furthest: Option<&Document> = None;
    for pair in statements.windows(2) {
        let (prev, ps) = pair[0];
        let (cur, cs) = pair[1];
        let pp = prev.period.as_ref().unwrap().value;
        let cp = cur.period.as_ref().unwrap().value;
        let end = |d: &Document| d.period.as_ref().unwrap().value.end();
        let reach = match furthest {
            Some(f) if end(f) > pp.end() => f,
            _ => prev,
        };
        furthest = Some(if end(cur) > end(reach) { cur } else { reach });
        let rp = reach.period.as_ref().unwrap().value;
        if cp.start() <= rp.end() {
            diags.error(
                "E0309",
                &cur.file,
                cur.period.as_ref().unwrap().pos.clone(),
                Msg::new(
                    format!("本期（{}）与 {} 的期间（{}）重叠", cp.zh(), reach.file, rp.zh()),
                    format!("this period ({cp}) overlaps the period of {} ({rp})", reach.file),
                ),
                Msg::new("同一时期只能有一份有效的收支公开；要更正请撤回旧的（status: withdrawn）并在新的写 supersedes", "one statement per period: withdraw the old one and set supersedes on the new one"),
            );
            diags.relate(reach.file.clone());
            continue;
        }
        if pp.end().add_days(1) != cp.start() {
            diags.warning(
                "W0301",
                &cur.file,
                cur.period.as_ref().unwrap().pos.clone(),
                Msg::new(
                    format!(
                        "{} 与上一份收支公开（{}）之间缺了 {} 至 {} 的公开",
                        cp.zh(),
                        pp.zh(),
                        pp.end().add_days(1),
                        cp.start().add_days(-1)
                    ),
                    format!(
                        "no statement covers {} to {} between {pp} and {cp}",
                        pp.end().add_days(1),
                        cp.start().add_days(-1)
                    ),
                ),
                Msg::new(
                    "补上缺少月份的财务公开",
                    "add the missing period's statement",
                ),
            );
            diags.relate(prev.file.clone());
        }
        let o = &cs.opening;
        let c = &ps.closing;
        let mut mismatches = Vec::new();
        match (&o.cash, &c.cash, &o.bank, &c.bank) {
            (Some(oc), Some(cc), Some(ob), Some(cb)) => {
                if oc.value != cc.value {
                    mismatches.push((oc.pos.clone(), "现金", "cash", cc.value, oc.value));
                }
                if ob.value != cb.value {
                    mismatches.push((ob.pos.clone(), "银行存款", "bank", cb.value, ob.value));
                }
            }
            _ => {
                if o.amount() != c.amount() {
                    let pos = o
                        .total
                        .as_ref()
                        .or(o.cash.as_ref())
                        .or(o.bank.as_ref())
                        .map(|a| a.pos.clone())
                        .unwrap_or(o.pos.clone());
                    mismatches.push((pos, "余额", "balance", c.amount(), o.amount()));
                }
            }
        }
        for (pos, zh, en, want, got) in mismatches {
            diags.error(
                "E0304",
                &cur.file,
                pos,
                Msg::new(
                    format!("期初{zh}应等于上期（{}）期末{zh} {}，实际填写 {}", pp.zh(), yuan(want), yuan(got)),
                    format!("the opening {en} should equal the previous period's ({pp}) closing {en} of {}, found {}", yuan(want), yuan(got)),
                ),
                Msg::new(
                    format!("核对本期期初和上期公开 {} 的期末余额", prev.file),
                    format!("compare with the closing balance in {}", prev.file),
                ),
            );
            diags.relate(prev.file.clone());
        }
    }
}

fn decision(doc: &Document, d: &Decision, diags: &mut Diagnostics) {
    let file = doc.file.as_str();
    let stage_index = |s: &str| {
        DECISION_STAGES
            .iter()
            .position(|x| *x == s)
            .map(|i| i.min(3))
            .unwrap_or(0)
    };
    let mut prev: Option<&DecisionStep> = None;
    let mut seen = [false; 4];
    for step in &d.steps {
        let i = stage_index(&step.stage.value);
        if let Some(p) = prev {
            let pi = stage_index(&p.stage.value);
            if i <= pi {
                let message = if i == pi {
                    Msg::new(
                        format!("“{}”写了两次", step.stage.value),
                        format!("{} is written twice", step.stage.value),
                    )
                } else {
                    Msg::new(
                        format!(
                            "“{}”应在“{}”之前，顺序不对",
                            step.stage.value, p.stage.value
                        ),
                        format!("{} must come before {}", step.stage.value, p.stage.value),
                    )
                };
                diags.error(
                    "E0401",
                    file,
                    step.stage.pos.clone(),
                    message,
                    Msg::new(
                        "四议的顺序是：支部提议 → 两委商议 → 党员大会审议 → 村民（代表）会议决议",
                        "the order is: 支部提议 → 两委商议 → 党员大会审议 → 村民(代表)会议决议",
                    ),
                );
            } else if step.date.value < p.date.value {
                diags.error(
                    "E0402",
                    file,
                    step.date.pos.clone(),
                    Msg::new(
                        format!(
                            "“{}”的日期 {} 早于上一步“{}”的 {}",
                            step.stage.value, step.date.value, p.stage.value, p.date.value
                        ),
                        format!(
                            "{} on {} is dated before the previous step {} on {}",
                            step.stage.value, step.date.value, p.stage.value, p.date.value
                        ),
                    ),
                    Msg::new(
                        "核对各步骤的日期，后一步不能早于前一步",
                        "each step happens on or after the previous one",
                    ),
                );
            }
        }
        seen[i] = true;
        prev = Some(step);
        if let (Some(e), Some(p)) = (&step.expected, &step.present) {
            if p.value > e.value {
                diags.error(
                    "E0403",
                    file,
                    p.pos.clone(),
                    Msg::new(
                        format!(
                            "“{}”实到 {} 人，多于应到 {} 人",
                            step.stage.value, p.value, e.value
                        ),
                        format!(
                            "{}: {} present but only {} expected",
                            step.stage.value, p.value, e.value
                        ),
                    ),
                    Msg::new("实到人数不能超过应到人数", "present cannot exceed expected"),
                );
            } else if step.stage.value == "党员大会审议" && p.value * 3 < e.value * 2 {
                diags.error(
                    "E0404",
                    file,
                    p.pos.clone(),
                    Msg::new(
                        format!("党员大会应到 {} 人，实到 {} 人，不足三分之二（至少 {} 人），会议无效", e.value, p.value, (e.value * 2).div_ceil(3)),
                        format!("the party members' meeting had {} of {} present, less than two thirds (at least {})", p.value, e.value, (e.value * 2).div_ceil(3)),
                    ),
                    Msg::new("核对人数；不足三分之二时需重新召开党员大会", "check the numbers; without two thirds the meeting must be held again"),
                );
            }
        }
        if let (Some(p), Some(a)) = (&step.present, &step.agree)
            && a.value > p.value
        {
            diags.error(
                "E0405",
                file,
                a.pos.clone(),
                Msg::new(
                    format!(
                        "“{}”同意 {} 人，多于实到 {} 人",
                        step.stage.value, a.value, p.value
                    ),
                    format!(
                        "{}: {} agreed but only {} present",
                        step.stage.value, a.value, p.value
                    ),
                ),
                Msg::new("同意人数不能超过实到人数", "agree cannot exceed present"),
            );
        }
    }
    let missing: Vec<&str> = (0..4)
        .filter(|i| !seen[*i])
        .map(|i| DECISION_STAGES[i])
        .collect();
    if !missing.is_empty() {
        diags.error(
            "E0406",
            file,
            d.steps_pos.clone(),
            Msg::new(
                format!("四议两公开决议缺少步骤：{}", missing.join("、")),
                format!("the decision is missing steps: {}", missing.join(", ")),
            ),
            Msg::new(
                "在 steps 里补上缺少的步骤及其日期",
                "add the missing steps with their dates under steps",
            ),
        );
    }
}

fn beneficiaries(doc: &Document, b: &BeneficiaryList, village: &Village, diags: &mut Diagnostics) {
    for row in &b.rows {
        if !village.groups.is_empty() && !village.groups.contains(&row.group.value) {
            diags.error(
                "E0501",
                &doc.file,
                row.group.pos.clone(),
                Msg::new(
                    format!("{}所在的“{}”不是本村的村民小组", row.name, row.group.value),
                    format!(
                        "`{}` (for {}) is not one of the village's groups",
                        row.group.value, row.name
                    ),
                ),
                Msg::new(
                    format!(
                        "本村的小组：{}（见 village.yaml 的 groups）",
                        village.groups.join("、")
                    ),
                    format!("the village's groups: {}", village.groups.join(", ")),
                ),
            );
            diags.relate(village.file.clone());
        }
        if row.amount.value == Money::ZERO {
            diags.error(
                "E0307",
                &doc.file,
                row.amount.pos.clone(),
                Msg::new(
                    format!("{}的金额是 0", row.name),
                    format!("{}'s amount is zero", row.name),
                ),
                Msg::new("填写实际发放金额", "write the amount paid"),
            );
        }
    }
}

fn dues(doc: &Document, d: &PartyDues, diags: &mut Diagnostics) {
    if !d.rows.is_empty() {
        let sum: Money = d.rows.iter().map(|r| r.amount.value).sum();
        if sum != d.collected.value {
            diags.error(
                "E0502",
                &doc.file,
                d.collected.pos.clone(),
                Msg::new(
                    format!(
                        "收缴合计 collected 应为 {}（各行相加），实际填写 {}",
                        yuan(sum),
                        yuan(d.collected.value)
                    ),
                    format!(
                        "collected should be {} (the sum of the rows), found {}",
                        yuan(sum),
                        yuan(d.collected.value)
                    ),
                ),
                Msg::new(
                    "核对每位党员的金额和 collected",
                    "check the rows and collected",
                ),
            );
        }
    }
    if d.remitted.value > d.collected.value {
        diags.error(
            "E0503",
            &doc.file,
            d.remitted.pos.clone(),
            Msg::new(
                format!(
                    "上缴党费 {} 多于收缴的 {}",
                    yuan(d.remitted.value),
                    yuan(d.collected.value)
                ),
                format!(
                    "remitted {} exceeds collected {}",
                    yuan(d.remitted.value),
                    yuan(d.collected.value)
                ),
            ),
            Msg::new("核对上缴金额", "check the remitted amount"),
        );
    }
}

fn development(doc: &Document, p: &PartyDevelopment, diags: &mut Diagnostics) {
    if let Some(o) = &p.objections_to
        && o.value < doc.published.value
    {
        diags.error(
            "E0505",
            &doc.file,
            o.pos.clone(),
            Msg::new(
                format!(
                    "意见反馈截止日期 {} 早于公示日期 {}",
                    o.value, doc.published.value
                ),
                format!(
                    "objections close on {}, before the notice is published on {}",
                    o.value, doc.published.value
                ),
            ),
            Msg::new(
                "公示期至少 5 个工作日，截止日期应在公开日期之后",
                "the notice runs at least 5 working days after publication",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::{Diagnostic, Diagnostics, Severity};

    const SITE: &str = "name: 测试县公开\ncounty: 测试县\nbase_url: https://example.org/\nfinance: { large_expense_threshold: \"50000.00\" }\n";
    const TOWN: &str = "name: 紫柏镇\nkind: 镇\n";
    const VILLAGE: &str = "name: 火烧店村\nkind: 村\ngroups: [一组, 二组]\n";
    const FEB: &str = "\
title: 2025年2月收支
kind: finance.statement
period: 2025-02
published: 2025-03-10
reviewed_by: { body: 村务监督委员会, members: [王某某], date: 2025-03-08 }
opening: { cash: \"1,000.00\", bank: \"35,000.00\" }
income:
  - { date: 2025-02-05, voucher: 记-01, account: 其他收入, summary: 租金, amount: \"200.00\" }
expense: []
closing: { cash: \"1,200.00\", bank: \"35,000.00\" }
";
    const MAR: &str = "\
title: 2025年3月收支
kind: finance.statement
period: 2025-03
published: 2025-04-10
reviewed_by: { body: 村务监督委员会, members: [王某某], date: 2025-04-08 }
opening: { cash: \"1,200.00\", bank: \"35,000.00\" }
income:
  - { date: 2025-03-05, voucher: 记-01, account: 发包及上交收入, summary: 鱼塘承包费, amount: \"6,000.00\" }
  - { date: 2025-03-18, voucher: 记-04, account: 补助收入, summary: 运转经费, amount: \"20,000.00\" }
expense:
  - { date: 2025-03-09, voucher: 记-02, account: 管理费用, summary: 办公用品, amount: \"320.50\" }
  - { date: 2025-03-25, voucher: 记-06, account: 公益支出, summary: 村道修补, amount: \"52,000.00\", decision: road }
closing: { cash: \"879.50\", bank: \"9,000.00\" }
totals: { income: \"26,000.00\", expense: \"52,320.50\" }
";
    const ROAD: &str = "\
title: 村道修补决议
kind: affairs.decision
published: 2025-03-20
matter: 村道修补
steps:
  - { stage: 支部提议, date: 2025-03-02 }
  - { stage: 两委商议, date: 2025-03-05 }
  - { stage: 党员大会审议, date: 2025-03-10, expected: 30, present: 20 }
  - { stage: 村民代表会议决议, date: 2025-03-15, expected: 45, present: 41, agree: 39 }
resolution: 同意
";

    /// Loads and checks a one-village site in which `file` (under the village) has `text`.
    fn run(edits: &[(&str, &str)]) -> Vec<Diagnostic> {
        run_with_dirs(edits, &[])
    }

    fn run_with_dirs(edits: &[(&str, &str)], extra_dirs: &[&str]) -> Vec<Diagnostic> {
        let dir = tempfile::tempdir().unwrap();
        for d in extra_dirs {
            std::fs::create_dir_all(dir.path().join("content").join(d)).unwrap();
        }
        let c = dir.path().join("content");
        let v = c.join("towns/zibai/hsd");
        for d in ["finance", "affairs", "party"] {
            std::fs::create_dir_all(v.join(d)).unwrap();
        }
        let mut files = vec![
            ("site.yaml".to_string(), SITE.to_string()),
            ("towns/zibai/town.yaml".into(), TOWN.into()),
            ("towns/zibai/hsd/village.yaml".into(), VILLAGE.into()),
            ("towns/zibai/hsd/finance/2025-02.yaml".into(), FEB.into()),
            ("towns/zibai/hsd/finance/2025-03.yaml".into(), MAR.into()),
            ("towns/zibai/hsd/affairs/road.yaml".into(), ROAD.into()),
        ];
        for (name, text) in edits {
            let name = format!("towns/zibai/hsd/{name}");
            files.retain(|(n, _)| *n != name);
            files.push((name, text.to_string()));
        }
        for (n, t) in files {
            std::fs::write(c.join(n), t).unwrap();
        }
        let mut diags = Diagnostics::new();
        let loaded = crate::load::load(dir.path(), &mut diags).unwrap();
        super::check(&loaded.site, &loaded.ids_on_disk, &mut diags);
        diags.sorted()
    }

    fn errors(d: &[Diagnostic]) -> Vec<(&'static str, u32)> {
        d.iter()
            .filter(|x| x.severity == Severity::Error)
            .map(|x| (x.code, x.pos.line))
            .collect()
    }

    fn only(d: &[Diagnostic], code: &str) -> Diagnostic {
        let found: Vec<_> = d.iter().filter(|x| x.code == code).collect();
        assert_eq!(found.len(), 1, "expected one {code}, got {d:#?}");
        found[0].clone()
    }

    #[test]
    fn the_valid_site_passes() {
        let d = run(&[]);
        assert!(d.is_empty(), "{d:#?}");
    }

    #[test]
    fn closing_balance_mismatch_shows_both_numbers() {
        let d = run(&[(
            "finance/2025-03.yaml",
            &MAR.replace("closing: { cash: \"879.50\"", "closing: { cash: \"897.50\""),
        )]);
        let e = only(&d, "E0302");
        assert_eq!(
            e.message.zh.split('（').next().unwrap(),
            "期末余额应为 9,879.50 元，实际填写 9,897.50 元"
        );
        assert_eq!((e.pos.line, e.pos.column), (13, 18));
    }

    #[test]
    fn totals_must_equal_the_lines() {
        let d = run(&[(
            "finance/2025-03.yaml",
            &MAR.replace("expense: \"52,320.50\"", "expense: \"52,230.50\""),
        )]);
        let e = only(&d, "E0301");
        assert!(
            e.message.zh.contains("支出合计应为 52,320.50 元"),
            "{}",
            e.message.zh
        );
        assert!(e.message.zh.contains("实际填写 52,230.50 元"));
        assert_eq!(e.pos.line, 14);
    }

    #[test]
    fn cash_plus_bank_must_equal_total() {
        let d = run(&[(
            "finance/2025-03.yaml",
            &MAR.replace(
                "bank: \"9,000.00\" }",
                "bank: \"9,000.00\", total: \"9,000.00\" }",
            ),
        )]);
        let e = only(&d, "E0303");
        assert!(
            e.message.zh.contains("= 9,879.50 元，实际填写 9,000.00 元"),
            "{}",
            e.message.zh
        );
    }

    #[test]
    fn the_chain_links_periods_across_files() {
        let d = run(&[(
            "finance/2025-02.yaml",
            &FEB.replace(
                "closing: { cash: \"1,200.00\"",
                "closing: { cash: \"1,100.00\"",
            )
            .replace(
                "opening: { cash: \"1,000.00\"",
                "opening: { cash: \"900.00\"",
            ),
        )]);
        let e = only(&d, "E0304");
        assert_eq!(e.file, "content/towns/zibai/hsd/finance/2025-03.yaml");
        assert_eq!(e.pos.line, 6);
        assert!(
            e.message.zh.contains(
                "期初现金应等于上期（2025年2月）期末现金 1,100.00 元，实际填写 1,200.00 元"
            ),
            "{}",
            e.message.zh
        );
    }

    #[test]
    fn a_gap_in_the_chain_is_a_warning() {
        let d = run(&[("finance/2025-02.yaml", &FEB.replace("2025-02", "2025-01"))]);
        assert!(d.iter().any(|x| x.code == "W0301"), "{d:#?}");
        assert!(errors(&d).is_empty(), "{d:#?}");
    }

    #[test]
    fn line_dates_stay_inside_the_period() {
        let d = run(&[(
            "finance/2025-03.yaml",
            &MAR.replace("2025-03-09", "2025-04-09"),
        )]);
        let e = only(&d, "E0305");
        assert_eq!(e.pos.line, 11);
        assert!(e.message.zh.contains("2025-04-09"));
    }

    #[test]
    fn vouchers_are_unique() {
        let d = run(&[(
            "finance/2025-03.yaml",
            &MAR.replace("voucher: 记-06", "voucher: 记-01"),
        )]);
        let e = only(&d, "E0306");
        assert_eq!(e.pos.line, 12);
        assert!(e.message.zh.contains("第 8 行已用过"), "{}", e.message.zh);
    }

    #[test]
    fn large_expense_needs_a_decision() {
        let d = run(&[("finance/2025-03.yaml", &MAR.replace(", decision: road", ""))]);
        let e = only(&d, "E0310");
        assert_eq!(e.pos.line, 12);
        assert!(
            e.message
                .zh
                .contains("52,000.00 元 超过大额支出标准 50,000.00 元"),
            "{}",
            e.message.zh
        );
    }

    #[test]
    fn decision_reference_must_exist_and_be_a_decision() {
        let d = run(&[(
            "finance/2025-03.yaml",
            &MAR.replace("decision: road", "decision: raod"),
        )]);
        let e = only(&d, "E0211");
        assert!(e.message.zh.contains("`raod`"));
        let d = run(&[(
            "finance/2025-03.yaml",
            &MAR.replace("decision: road", "decision: 2025-02"),
        )]);
        only(&d, "E0311");
    }

    #[test]
    fn supersedes_must_exist() {
        let note = "---\ntitle: 更正\nkind: affairs.notice\npublished: 2025-05-01\nsupersedes: nothing-here\n---\n正文\n";
        let d = run(&[("affairs/fix.md", note)]);
        assert_eq!(only(&d, "E0211").pos.line, 5);
        let ok = note.replace("nothing-here", "road");
        assert!(errors(&run(&[("affairs/fix.md", &ok)])).is_empty());
    }

    #[test]
    fn decision_steps_in_order_with_rising_dates() {
        let swapped = ROAD.replace(
            "{ stage: 支部提议, date: 2025-03-02 }\n  - { stage: 两委商议, date: 2025-03-05 }",
            "{ stage: 两委商议, date: 2025-03-05 }\n  - { stage: 支部提议, date: 2025-03-06 }",
        );
        let d = run(&[("affairs/road.yaml", &swapped)]);
        assert_eq!(only(&d, "E0401").pos.line, 7);
        let twice = ROAD.replace(
            "{ stage: 两委商议, date: 2025-03-05 }",
            "{ stage: 支部提议, date: 2025-03-05 }",
        );
        let d = run(&[("affairs/road.yaml", &twice)]);
        assert!(
            d.iter()
                .any(|x| x.code == "E0401" && x.message.zh == "“支部提议”写了两次"),
            "{d:#?}"
        );
        let earlier = ROAD.replace("date: 2025-03-10", "date: 2025-03-01");
        let d = run(&[("affairs/road.yaml", &earlier)]);
        assert_eq!(only(&d, "E0402").pos.line, 8);
    }

    #[test]
    fn quorum_and_votes() {
        let d = run(&[(
            "affairs/road.yaml",
            &ROAD.replace("present: 20", "present: 19"),
        )]);
        let e = only(&d, "E0404");
        assert!(e.message.zh.contains("至少 20 人"), "{}", e.message.zh);
        let d = run(&[(
            "affairs/road.yaml",
            &ROAD.replace("present: 41", "present: 46"),
        )]);
        only(&d, "E0403");
        let d = run(&[("affairs/road.yaml", &ROAD.replace("agree: 39", "agree: 42"))]);
        only(&d, "E0405");
        let d = run(&[(
            "affairs/road.yaml",
            &ROAD.replace("  - { stage: 两委商议, date: 2025-03-05 }\n", ""),
        )]);
        let e = only(&d, "E0406");
        assert!(e.message.zh.contains("两委商议"));
        // At the `steps:` key, where the step is to be added.
        assert_eq!((e.pos.line, e.pos.column), (5, 1));
    }

    #[test]
    fn reviewed_after_publication_points_at_the_review_date() {
        let d = run(&[(
            "finance/2025-02.yaml",
            &FEB.replace("date: 2025-03-08 }", "date: 2025-03-12 }"),
        )]);
        let w = only(&d, "W0303");
        assert_eq!(w.pos.line, 5);
        let line = FEB.lines().nth(4).unwrap();
        let column = line[..line.find("2025-03-08").unwrap()].chars().count() + 1;
        assert_eq!(w.pos.column as usize, column);
    }

    #[test]
    fn kind_outside_its_folder() {
        let d = run(&[("party/road.yaml", ROAD)]);
        // Also a duplicate id with affairs/road.yaml.
        assert!(
            d.iter().any(|x| x.code == "E0209" && x.pos.line == 2),
            "{d:#?}"
        );
        assert!(d.iter().any(|x| x.code == "E0210"), "{d:#?}");
    }

    #[test]
    fn beneficiary_groups_and_dues_sums() {
        let list = "title: 低保\nkind: affairs.beneficiaries\npublished: 2025-03-01\nprogram: 低保\nrows:\n  - { name: 张某某, group: 一组, amount: \"300.00\" }\n  - { name: 李某某, group: 九组, amount: \"300.00\" }\n";
        let d = run(&[("affairs/dibao.yaml", list)]);
        assert_eq!(only(&d, "E0501").pos.line, 7);
        let dues = "title: 党费\nkind: party.dues\npublished: 2025-04-01\nperiod: 2025-Q1\nmembers: 2\ncollected: \"60.00\"\nremitted: \"70.00\"\nrows:\n  - { name: 王某某, amount: \"30.00\" }\n  - { name: 李某某, amount: \"20.00\" }\n";
        let d = run(&[("party/dues.yaml", dues)]);
        assert_eq!(only(&d, "E0502").pos.line, 6);
        assert_eq!(only(&d, "E0503").pos.line, 7);
        let good = dues
            .replace("\"70.00\"", "\"50.00\"")
            .replace("\"60.00\"", "\"50.00\"");
        assert!(errors(&run(&[("party/dues.yaml", &good)])).is_empty());
    }

    #[test]
    fn a_quarter_overlaps_every_month_it_covers() {
        let q1 = FEB
            .replace("period: 2025-02", "period: 2025-Q1")
            .replace("date: 2025-02-05", "date: 2025-01-05")
            .replace("2025年2月", "2025年一季度");
        let d = run(&[
            ("finance/q1.yaml", &q1),
            ("finance/2025-02.yaml", FEB),
            ("finance/2025-03.yaml", MAR),
            ("affairs/road.yaml", ROAD),
        ]);
        let overlaps: Vec<&str> = d
            .iter()
            .filter(|x| x.code == "E0309")
            .map(|x| x.file.as_str())
            .collect();
        assert_eq!(overlaps.len(), 2, "{d:#?}");
        assert!(
            overlaps.iter().any(|f| f.ends_with("2025-03.yaml")),
            "{overlaps:?}"
        );
    }

    #[test]
    fn a_posting_deadline_before_publication_points_at_the_deadline() {
        let n = "---\ntitle: 通知\nkind: affairs.notice\npublished: 2025-05-01\nposting_until: 2025-04-20\n---\n正文\n";
        let d = run(&[("affairs/n.md", n)]);
        assert_eq!(only(&d, "E0215").pos.line, 5);
    }

    #[test]
    fn withdrawn_needs_date_and_reason() {
        let n = "---\ntitle: 通知\nkind: affairs.notice\npublished: 2025-05-01\nstatus: withdrawn\n---\n正文\n";
        let d = run(&[("affairs/n.md", n)]);
        assert_eq!(only(&d, "E0214").pos.line, 5);
        let ok = n.replace(
            "status: withdrawn\n",
            "status: withdrawn\nwithdrawn: { date: 2025-05-03, reason: 录入错误 }\n",
        );
        assert!(errors(&run(&[("affairs/n.md", &ok)])).is_empty());
    }

    #[test]
    fn an_empty_lines_key_means_no_lines_but_a_missing_one_is_an_error() {
        let d = run(&[(
            "finance/2025-02.yaml",
            &FEB.replace("expense: []", "expense:"),
        )]);
        assert!(d.is_empty(), "{d:#?}");
        let d = run(&[("finance/2025-02.yaml", &FEB.replace("expense: []\n", ""))]);
        assert!(only(&d, "E0205").message.zh.contains("`expense`"));
    }

    const CATALOG: &str = "title: 清单\nsorted_total: 10\ndeclared_total: 3\ndepartments:\n  - { id: nongye, name: 县农业农村局, declared: 2 }\n  - { id: linye, name: 县林业局, declared: 1 }\n";
    const NONGYE: &str = "department: nongye\nitems:\n  - { code: NY-CF-001, name: 对取土的处罚, power_type: 行政处罚, basis: [\"《土地管理法》第七十七条\"], towns: all, mode: 赋权, effective: 2021-07-01, status: 有效 }\n  - { code: NY-JC-001, name: 对农药的检查, power_type: 行政检查, basis: [\"《农药管理条例》第五十七条\"], towns: [zibai], mode: 委托, effective: 2021-07-01, status: 已收回, revoked: 2023-01-01 }\n";
    const LINYE: &str = "department: linye\nitems:\n  - { code: LY-CF-001, name: 对毁林的处罚, power_type: 行政处罚, basis: [\"《森林法》第七十四条\"], towns: [zibai], mode: 赋权, effective: 2021-07-01, status: 有效 }\n";

    /// The one-village site plus an enforcement list, with `edits` to its files.
    fn run_enforcement(edits: &[(&str, &str)]) -> Vec<Diagnostic> {
        let mut files = vec![
            ("catalog.yaml", CATALOG),
            ("nongye.yaml", NONGYE),
            ("linye.yaml", LINYE),
        ];
        for (n, t) in edits {
            files.retain(|(x, _)| x != n);
            if !t.is_empty() {
                files.push((n, t));
            }
        }
        let edits: Vec<(String, String)> = files
            .iter()
            .map(|(n, t)| (format!("../../../enforcement/{n}"), t.to_string()))
            .collect();
        let refs: Vec<(&str, &str)> = edits
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        run_with_dirs(&refs, &["enforcement"])
    }

    #[test]
    fn a_file_that_fails_to_read_is_not_also_called_missing() {
        let d = run_enforcement(&[("linye.yaml", &LINYE.replace("LY-CF-001", "LY CF 001"))]);
        assert!(d.iter().any(|x| x.code == "E0105"), "{d:#?}");
        assert!(!d.iter().any(|x| x.code == "E0704"), "{d:#?}");
        let d = run_enforcement(&[(
            "catalog.yaml",
            &format!("{CATALOG}  - {{ id: nongye, name: 重复, declared: 1 }}\n"),
        )]);
        assert!(d.iter().any(|x| x.code == "E0210"), "{d:#?}");
        assert!(!d.iter().any(|x| x.code == "E0704"), "{d:#?}");
    }

    #[test]
    fn the_valid_enforcement_list_passes() {
        let d = run_enforcement(&[]);
        assert!(d.is_empty(), "{d:#?}");
    }

    #[test]
    fn department_count_must_match_declared() {
        let d = run_enforcement(&[("linye.yaml", "department: linye\nitems: []\n")]);
        let e = only(&d, "E0702");
        assert_eq!(e.message.zh, "县林业局声明 1 项，linye.yaml 中实际 0 项");
        assert_eq!(
            (e.file.as_str(), e.pos.line),
            ("content/enforcement/catalog.yaml", 6)
        );
    }

    #[test]
    fn declared_total_must_match() {
        let d = run_enforcement(&[(
            "catalog.yaml",
            &CATALOG.replace("declared_total: 3", "declared_total: 4"),
        )]);
        let e = only(&d, "E0703");
        assert_eq!(e.pos.line, 3);
        assert!(
            e.message.zh.contains("各部门文件合计 3 项"),
            "{}",
            e.message.zh
        );
    }

    #[test]
    fn codes_are_unique_across_the_county() {
        let d = run_enforcement(&[("linye.yaml", &LINYE.replace("LY-CF-001", "NY-CF-001"))]);
        let e = only(&d, "E0701");
        assert_eq!(e.file, "content/enforcement/linye.yaml");
        assert!(
            e.message.zh.contains("nongye.yaml 第 3 行"),
            "{}",
            e.message.zh
        );
    }

    #[test]
    fn department_file_and_catalog_entry_go_together() {
        let d = run_enforcement(&[("linye.yaml", "")]);
        assert!(
            only(&d, "E0704")
                .message
                .zh
                .contains("找不到 enforcement/linye.yaml")
        );
        let d = run_enforcement(&[("shuili.yaml", "department: shuili\nitems: []\n")]);
        assert!(
            only(&d, "E0704")
                .message
                .zh
                .contains("`shuili` 不在 catalog.yaml")
        );
    }

    #[test]
    fn towns_must_exist() {
        let d = run_enforcement(&[(
            "linye.yaml",
            &LINYE.replace("towns: [zibai]", "towns: [zibai, mawei]"),
        )]);
        let e = only(&d, "E0705");
        assert!(e.message.zh.contains("`mawei`"));
        assert_eq!(e.pos.line, 3);
    }

    #[test]
    fn fixed_sets_for_type_mode_and_status() {
        let d = run_enforcement(&[(
            "linye.yaml",
            &LINYE
                .replace("power_type: 行政处罚", "power_type: 处罚")
                .replace("mode: 赋权", "mode: 授权")
                .replace("status: 有效", "status: 暂停"),
        )]);
        assert_eq!(d.iter().filter(|x| x.code == "E0206").count(), 3, "{d:#?}");
    }

    #[test]
    fn taken_back_needs_its_date() {
        let d = run_enforcement(&[("nongye.yaml", &NONGYE.replace(", revoked: 2023-01-01", ""))]);
        assert!(
            only(&d, "E0706")
                .message
                .zh
                .contains("没有写收回或取消的日期")
        );
        let d = run_enforcement(&[(
            "linye.yaml",
            &LINYE.replace("status: 有效 }", "status: 有效, revoked: 2024-01-01 }"),
        )]);
        only(&d, "E0706");
    }

    #[test]
    fn department_file_name_must_match_its_department() {
        let d = run_enforcement(&[(
            "linye.yaml",
            &LINYE.replace("department: linye", "department: lingye"),
        )]);
        let e = only(&d, "E0707");
        assert_eq!(
            (e.file.as_str(), e.pos.line),
            ("content/enforcement/linye.yaml", 1)
        );
        assert!(
            e.message.zh.contains("linye.yaml") && e.message.zh.contains("`lingye`"),
            "{}",
            e.message.zh
        );
    }
}
