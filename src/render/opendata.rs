//! Open data: each village's finance statements as CSV and JSON, and the whole site's document
//! index as JSON, generated from the same model as the pages.

use super::{DocSummary, OutputFile};
use crate::date::Date;
use crate::model::{Content, Document};
use serde::Serialize;

#[derive(Serialize)]
struct FinanceLine<'a> {
    period: String,
    document: &'a str,
    title: &'a str,
    direction: &'static str,
    date: Date,
    voucher: &'a str,
    account: &'a str,
    summary: &'a str,
    amount: String,
    decision: Option<&'a str>,
}

/// `finance.csv` (UTF-8 with a BOM, for Excel) and `finance.json` of a village: every line of
/// every published statement.
pub(super) fn village_finance(village_url: &str, docs: &[&Document]) -> Vec<OutputFile> {
    let mut statements: Vec<&Document> = docs
        .iter()
        .copied()
        .filter(|d| {
            d.deleted.is_none()
                && d.status == crate::model::Status::Published
                && matches!(d.content, Content::FinanceStatement(_))
        })
        .collect();
    statements.sort_by_key(|d| (d.period.as_ref().map(|p| p.value.start()), d.id.clone()));
    let mut lines = Vec::new();
    for d in &statements {
        let Content::FinanceStatement(s) = &d.content else {
            continue;
        };
        for (list, direction) in [(&s.income, "收入"), (&s.expense, "支出")] {
            for l in list.iter() {
                lines.push(FinanceLine {
                    period: d
                        .period
                        .as_ref()
                        .map(|p| p.value.to_string())
                        .unwrap_or_default(),
                    document: &d.id,
                    title: &d.title,
                    direction,
                    date: l.date.value,
                    voucher: &l.voucher.value,
                    account: &l.account,
                    summary: &l.summary,
                    amount: l.amount.value.to_string(),
                    decision: l.decision.as_ref().map(|x| x.value.as_str()),
                });
            }
        }
    }
    let mut csv_bytes = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut csv_bytes);
        let _ = w.write_record([
            "期间",
            "公开编号",
            "公开标题",
            "收支",
            "日期",
            "凭证号",
            "科目",
            "摘要",
            "金额（元）",
            "决议",
        ]);
        for l in &lines {
            let _ = w.write_record([
                l.period.as_str(),
                l.document,
                l.title,
                l.direction,
                &l.date.to_string(),
                l.voucher,
                l.account,
                l.summary,
                &l.amount,
                l.decision.unwrap_or(""),
            ]);
        }
        let _ = w.flush();
    }
    let json = serde_json::to_vec_pretty(&lines).expect("lines serialise");
    vec![
        OutputFile {
            path: format!("{village_url}finance.csv"),
            bytes: std::sync::Arc::new(csv_bytes),
        },
        OutputFile {
            path: format!("{village_url}finance.json"),
            bytes: std::sync::Arc::new(json),
        },
    ]
}

/// `index.json`: every document of the site.
pub(super) fn document_index(all: &[&DocSummary]) -> OutputFile {
    OutputFile {
        path: "index.json".into(),
        bytes: std::sync::Arc::new(serde_json::to_vec_pretty(all).expect("index serialises")),
    }
}

/// `robots.txt`, pointing at the sitemap.
pub(super) fn robots(base_url: &str) -> OutputFile {
    OutputFile {
        path: "robots.txt".into(),
        bytes: std::sync::Arc::new(
            format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n").into_bytes(),
        ),
    }
}
