//! The enforcement-power list: the listing, one page per item, and the CSV and JSON downloads,
//! all from the same model.

use super::{Crumb, OutputFile, PageJob};
use crate::date::Date;
use crate::model::*;
use crate::money::group_digits;
use serde::Serialize;
use std::collections::BTreeMap;

/// Items get URLs from their codes: `NY-CF-001` → `enforcement/ny-cf-001/`.
pub fn item_url(code: &str) -> String {
    format!("enforcement/{}/", code.to_ascii_lowercase())
}

#[derive(Serialize)]
struct Count {
    key: String,
    name: String,
    count: usize,
}

#[derive(Serialize)]
struct ItemRow<'a> {
    code: &'a str,
    url: String,
    name: &'a str,
    power_type: &'a str,
    mode: &'a str,
    status: &'a str,
    basis: String,
    /// `all`, or town ids separated by spaces, for the filter script.
    towns: String,
    /// Town names when only some towns exercise the item.
    town_names: Option<String>,
}

#[derive(Serialize)]
struct DepartmentView<'a> {
    id: &'a str,
    name: &'a str,
    declared: u32,
    count: usize,
    items: Vec<ItemRow<'a>>,
}

/// One item as published in the downloads.
#[derive(Serialize)]
struct ItemRecord<'a> {
    code: &'a str,
    name: &'a str,
    power_type: &'a str,
    basis: &'a [String],
    department: &'a str,
    department_name: &'a str,
    towns: Vec<&'a str>,
    mode: &'a str,
    effective: Date,
    status: &'a str,
    revoked: Option<Date>,
    note: Option<&'a str>,
}

impl<'a> ItemRecord<'a> {
    fn of(d: &'a Department, i: &'a EnforcementItem, site: &'a Site) -> Self {
        ItemRecord {
            code: &i.code.value,
            name: &i.name,
            power_type: &i.power_type,
            basis: &i.basis,
            department: &d.id.value,
            department_name: &d.name,
            towns: town_ids(i, site),
            mode: &i.mode,
            effective: i.effective,
            status: &i.status.value,
            revoked: i.revoked.as_ref().map(|r| r.value),
            note: i.note.as_deref(),
        }
    }
}

fn town_ids<'a>(item: &'a EnforcementItem, site: &'a Site) -> Vec<&'a str> {
    match &item.towns {
        TownScope::All => site.towns.iter().map(|t| t.id.as_str()).collect(),
        TownScope::Some(list) => list.iter().map(|t| t.value.as_str()).collect(),
    }
}

fn town_name<'a>(site: &'a Site, id: &'a str) -> &'a str {
    site.towns
        .iter()
        .find(|t| t.id == id)
        .map(|t| t.name.as_str())
        .unwrap_or(id)
}

fn counts<'a>(keys: impl Iterator<Item = &'a str>, order: &[&str]) -> Vec<Count> {
    let mut m: BTreeMap<&str, usize> = BTreeMap::new();
    for k in keys {
        *m.entry(k).or_default() += 1;
    }
    order
        .iter()
        .filter_map(|k| {
            m.get(k).map(|c| Count {
                key: k.to_string(),
                name: k.to_string(),
                count: *c,
            })
        })
        .collect()
}

pub(super) fn add(
    site: &Site,
    e: &Enforcement,
    jobs: &mut Vec<PageJob>,
    files: &mut Vec<OutputFile>,
) {
    let county = &site.config.county;
    let list_url = "enforcement/".to_string();
    let all: Vec<(&Department, &EnforcementItem)> = e
        .departments
        .iter()
        .flat_map(|d| d.items.iter().map(move |i| (d, i)))
        .collect();

    let departments: Vec<DepartmentView> = e
        .departments
        .iter()
        .map(|d| DepartmentView {
            id: &d.id.value,
            name: &d.name,
            declared: d.declared.value,
            count: d.items.len(),
            items: d
                .items
                .iter()
                .map(|i| ItemRow {
                    code: &i.code.value,
                    url: item_url(&i.code.value),
                    name: &i.name,
                    power_type: &i.power_type,
                    mode: &i.mode,
                    status: &i.status.value,
                    basis: i.basis.join("；"),
                    towns: match &i.towns {
                        TownScope::All => "all".into(),
                        TownScope::Some(l) => l
                            .iter()
                            .map(|t| t.value.as_str())
                            .collect::<Vec<_>>()
                            .join(" "),
                    },
                    town_names: match &i.towns {
                        TownScope::All => None,
                        TownScope::Some(l) => Some(
                            l.iter()
                                .map(|t| town_name(site, &t.value))
                                .collect::<Vec<_>>()
                                .join("、"),
                        ),
                    },
                })
                .collect(),
        })
        .collect();

    let by_type = counts(all.iter().map(|(_, i)| i.power_type.as_str()), &POWER_TYPES);
    let by_status = counts(
        all.iter().map(|(_, i)| i.status.value.as_str()),
        &ITEM_STATUSES,
    );
    let by_mode = counts(all.iter().map(|(_, i)| i.mode.as_str()), &HANDOVER_MODES);
    let by_town: Vec<Count> = site
        .towns
        .iter()
        .map(|t| Count {
            key: t.id.clone(),
            name: t.name.clone(),
            count: all
                .iter()
                .filter(|(_, i)| i.in_force() && i.exercised_by(&t.id))
                .count(),
        })
        .collect();

    let mut ctx = tera::Context::new();
    ctx.insert("title", &e.title);
    ctx.insert(
        "description",
        &format!(
            "{county}各部门梳理执法事项 {} 项，下放镇（街道）综合执法办公室 {} 项",
            group_digits(e.sorted_total.value as u64),
            group_digits(all.len() as u64)
        ),
    );
    ctx.insert(
        "crumbs",
        &super::county_and(county, "执法事项清单", &list_url),
    );
    ctx.insert("sorted_total", &group_digits(e.sorted_total.value as u64));
    ctx.insert("declared_total", &group_digits(all.len() as u64));
    let in_force = all.iter().filter(|(_, i)| i.in_force()).count();
    ctx.insert("in_force", &group_digits(in_force as u64));
    ctx.insert("departments", &departments);
    ctx.insert("by_type", &by_type);
    ctx.insert("by_status", &by_status);
    ctx.insert("by_mode", &by_mode);
    ctx.insert("by_town", &by_town);
    jobs.push(PageJob {
        template: "enforcement.html".into(),
        url: list_url.clone(),
        ctx,
    });

    #[derive(Serialize)]
    struct TownLink<'a> {
        name: &'a str,
        url: String,
        office: Option<&'a str>,
    }
    for (d, i) in &all {
        let url = item_url(&i.code.value);
        let mut ctx = tera::Context::new();
        ctx.insert("title", &i.name);
        ctx.insert(
            "description",
            &format!(
                "{} · {} · {} · {}",
                i.code.value, i.power_type, d.name, i.status.value
            ),
        );
        ctx.insert(
            "crumbs",
            &vec![
                Crumb {
                    name: county.clone(),
                    url: String::new(),
                },
                Crumb {
                    name: "执法事项清单".into(),
                    url: list_url.clone(),
                },
                Crumb {
                    name: i.code.value.clone(),
                    url: url.clone(),
                },
            ],
        );
        ctx.insert("item", &ItemRecord::of(d, i, site));
        let towns: Vec<TownLink> = town_ids(i, site)
            .into_iter()
            .map(|id| {
                let t = site.towns.iter().find(|t| t.id == id);
                TownLink {
                    name: t.map(|t| t.name.as_str()).unwrap_or(id),
                    url: format!("towns/{id}/"),
                    office: t.and_then(|t| t.enforcement_office.as_deref()),
                }
            })
            .collect();
        ctx.insert("towns", &towns);
        ctx.insert("all_towns", &matches!(i.towns, TownScope::All));
        jobs.push(PageJob {
            template: "enforcement.item.html".into(),
            url,
            ctx,
        });
    }

    let records: Vec<ItemRecord> = all
        .iter()
        .map(|(d, i)| ItemRecord::of(d, i, site))
        .collect();
    files.push(OutputFile {
        path: "enforcement/enforcement.csv".into(),
        bytes: std::sync::Arc::new(csv_bytes(site, &records)),
    });
    #[derive(Serialize)]
    struct Download<'a> {
        title: &'a str,
        sorted_total: u32,
        declared_total: usize,
        items: &'a [ItemRecord<'a>],
    }
    let json = serde_json::to_vec_pretty(&Download {
        title: &e.title,
        sorted_total: e.sorted_total.value,
        declared_total: records.len(),
        items: &records,
    })
    .expect("the list serialises");
    files.push(OutputFile {
        path: "enforcement/enforcement.json".into(),
        bytes: std::sync::Arc::new(json),
    });
}

/// UTF-8 with a BOM, so Excel on Windows opens the Chinese text correctly.
fn csv_bytes(site: &Site, records: &[ItemRecord]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record([
            "序号",
            "事项编码",
            "事项名称",
            "权力类型",
            "实施依据",
            "原主管部门",
            "承接镇（街道）",
            "下放方式",
            "生效日期",
            "状态",
            "收回或取消日期",
            "备注",
        ])
        .expect("write to memory");
        for (n, r) in records.iter().enumerate() {
            let towns = if r.towns.len() == site.towns.len() {
                "全部镇（街道）".to_string()
            } else {
                r.towns
                    .iter()
                    .map(|t| town_name(site, t))
                    .collect::<Vec<_>>()
                    .join("、")
            };
            w.write_record([
                (n + 1).to_string(),
                r.code.to_string(),
                r.name.to_string(),
                r.power_type.to_string(),
                r.basis.join("；"),
                r.department_name.to_string(),
                towns,
                r.mode.to_string(),
                r.effective.to_string(),
                r.status.to_string(),
                r.revoked.map(|d| d.to_string()).unwrap_or_default(),
                r.note.unwrap_or("").to_string(),
            ])
            .expect("write to memory");
        }
        w.flush().expect("write to memory");
    }
    out
}
