//! Finance at a glance: SVG charts drawn at build time, no JavaScript. Every chart comes with
//! a text alternative and its numbers as a table (in the template).
//!
//! Written by hand: two simple chart shapes, and the one thing that matters for Chinese labels
//! is measuring their width by character (a CJK character is a full em, ASCII about half),
//! which charting crates aimed at Latin text do not do.

use crate::model::{Content, Document, FinanceStatement, Status};
use crate::money::Money;
use serde::Serialize;
use std::fmt::Write as _;

/// Width of a label in em: full-width characters count 1, others about 0.55.
pub fn label_em(s: &str) -> f64 {
    s.chars()
        .map(|c| {
            if unicode_width::UnicodeWidthChar::width(c).unwrap_or(1) >= 2 {
                1.0
            } else {
                0.55
            }
        })
        .sum()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn yuan(m: Money) -> f64 {
    m.fen() as f64 / 100.0
}

/// Rounds a maximum up to a readable axis top (1, 2 or 5 × 10ⁿ).
fn nice_top(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|v| *v >= max)
        .unwrap_or(10.0 * p)
}

fn short_yuan(v: f64) -> String {
    if v >= 10_000.0 {
        format!("{}万", (v / 10_000.0 * 10.0).round() / 10.0)
    } else {
        format!("{}", v.round())
    }
}

#[derive(Serialize)]
pub struct MonthRow {
    pub period: String,
    pub income: String,
    pub expense: String,
}

#[derive(Serialize)]
pub struct AccountRow {
    pub account: String,
    pub kind: &'static str,
    pub amount: String,
}

#[derive(Serialize)]
pub struct FinanceCharts {
    pub monthly_svg: String,
    pub monthly_alt: String,
    pub months: Vec<MonthRow>,
    pub accounts_svg: String,
    pub accounts_alt: String,
    pub accounts: Vec<AccountRow>,
    pub latest_period: String,
}

/// The charts of a village's finance page, from its last 12 statements.
pub fn finance_charts(docs: &[&Document]) -> Option<FinanceCharts> {
    let mut statements: Vec<(&Document, &FinanceStatement)> = docs
        .iter()
        .filter(|d| d.status == Status::Published && d.deleted.is_none())
        .filter_map(|d| match (&d.content, &d.period) {
            (Content::FinanceStatement(s), Some(_)) => Some((*d, &**s)),
            _ => None,
        })
        .collect();
    statements.sort_by_key(|(d, _)| d.period.as_ref().map(|p| p.value.start()));
    let last12: Vec<_> = statements.iter().rev().take(12).rev().collect();
    let (latest_doc, latest) = *last12.last()?;

    // Monthly income and expense, grouped bars.
    let (w, h, left, bottom, top) = (640.0, 260.0, 56.0, 40.0, 16.0);
    let max = last12
        .iter()
        .map(|(_, s)| yuan(s.income_total()).max(yuan(s.expense_total())))
        .fold(0.0, f64::max);
    let ymax = nice_top(max);
    let plot_h = h - bottom - top;
    let slot = (w - left - 8.0) / last12.len() as f64;
    let bar = (slot * 0.36).min(22.0);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" aria-labelledby="chart-monthly-title" class="chart"><title id="chart-monthly-title">近 {} 期收入与支出</title>"##,
        last12.len()
    );
    for i in 0..=4 {
        let v = ymax * i as f64 / 4.0;
        let y = top + plot_h - plot_h * i as f64 / 4.0;
        let _ = write!(
            svg,
            r##"<line x1="{left}" y1="{y:.1}" x2="{}" y2="{y:.1}" class="grid"/><text x="{}" y="{:.1}" class="axis" text-anchor="end">{}</text>"##,
            w - 8.0,
            left - 6.0,
            y + 4.0,
            short_yuan(v)
        );
    }
    for (i, (d, s)) in last12.iter().enumerate() {
        let x = left + slot * i as f64 + slot / 2.0;
        for (k, (v, class)) in [
            (yuan(s.income_total()), "income"),
            (yuan(s.expense_total()), "expense"),
        ]
        .into_iter()
        .enumerate()
        {
            let bh = plot_h * v / ymax;
            let bx = x - bar + k as f64 * bar;
            let _ = write!(
                svg,
                r##"<rect x="{bx:.1}" y="{:.1}" width="{bar:.1}" height="{bh:.1}" class="{class}"/>"##,
                top + plot_h - bh
            );
        }
        let label = d
            .period
            .as_ref()
            .map(|p| match p.value {
                crate::date::Period::Month(_, m) => format!("{m}月"),
                other => other.zh(),
            })
            .unwrap_or_default();
        // Labels that would not fit their slot are thinned out rather than overlapped.
        let every = ((label_em(&label) * 13.0 + 4.0) / slot).ceil().max(1.0) as usize;
        if i % every == 0 {
            let _ = write!(
                svg,
                r##"<text x="{x:.1}" y="{:.1}" class="axis" text-anchor="middle">{}</text>"##,
                h - bottom + 16.0,
                esc(&label)
            );
        }
    }
    let _ = write!(
        svg,
        r##"<rect x="{left}" y="{}" width="10" height="10" class="income"/><text x="{}" y="{}" class="axis">收入</text><rect x="{}" y="{}" width="10" height="10" class="expense"/><text x="{}" y="{}" class="axis">支出</text></svg>"##,
        h - 14.0,
        left + 14.0,
        h - 5.0,
        left + 60.0,
        h - 14.0,
        left + 74.0,
        h - 5.0
    );
    let months: Vec<MonthRow> = last12
        .iter()
        .map(|(d, s)| MonthRow {
            period: d.period.as_ref().map(|p| p.value.zh()).unwrap_or_default(),
            income: s.income_total().to_string(),
            expense: s.expense_total().to_string(),
        })
        .collect();
    let income_sum: Money = last12.iter().map(|(_, s)| s.income_total()).sum();
    let expense_sum: Money = last12.iter().map(|(_, s)| s.expense_total()).sum();
    let monthly_alt = format!(
        "柱状图：近 {} 期（{} 至 {}）每期收入和支出。合计收入 {} 元，支出 {} 元。具体数字见下表。",
        last12.len(),
        months.first().map(|m| m.period.as_str()).unwrap_or(""),
        months.last().map(|m| m.period.as_str()).unwrap_or(""),
        income_sum,
        expense_sum
    );

    // The latest period by account: horizontal bars, label column sized to the longest label.
    let mut accounts: Vec<(String, &'static str, Money)> = Vec::new();
    for (lines, kind) in [(&latest.income, "收入"), (&latest.expense, "支出")] {
        for l in lines.iter() {
            match accounts
                .iter_mut()
                .find(|(a, k, _)| *a == l.account && *k == kind)
            {
                Some(entry) => entry.2 = entry.2 + l.amount.value,
                None => accounts.push((l.account.clone(), kind, l.amount.value)),
            }
        }
    }
    let font = 13.0;
    let label_w = accounts
        .iter()
        .map(|(a, k, _)| label_em(&format!("{k}·{a}")))
        .fold(0.0, f64::max)
        * font
        + 12.0;
    let row = 24.0;
    let aw = 640.0;
    let ah = row * accounts.len().max(1) as f64 + 12.0;
    let amax = accounts
        .iter()
        .map(|(_, _, m)| yuan(*m))
        .fold(0.0, f64::max)
        .max(1.0);
    let value_w = 92.0;
    let mut asvg = String::new();
    let _ = write!(
        asvg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {aw} {ah}" role="img" aria-labelledby="chart-accounts-title" class="chart"><title id="chart-accounts-title">{}按科目的收支</title>"##,
        esc(&latest_doc
            .period
            .as_ref()
            .map(|p| p.value.zh())
            .unwrap_or_default())
    );
    for (i, (a, k, m)) in accounts.iter().enumerate() {
        let y = 6.0 + row * i as f64;
        let bw = (aw - label_w - value_w - 8.0) * yuan(*m) / amax;
        let class = if *k == "收入" { "income" } else { "expense" };
        let _ = write!(
            asvg,
            r##"<text x="{:.1}" y="{:.1}" class="axis" text-anchor="end">{}</text><rect x="{label_w:.1}" y="{y:.1}" width="{bw:.1}" height="16" class="{class}"/><text x="{:.1}" y="{:.1}" class="axis">{}</text>"##,
            label_w - 6.0,
            y + 12.5,
            esc(&format!("{k}·{a}")),
            label_w + bw + 4.0,
            y + 12.5,
            m
        );
    }
    asvg.push_str("</svg>");
    let latest_period = latest_doc
        .period
        .as_ref()
        .map(|p| p.value.zh())
        .unwrap_or_default();
    let accounts_alt = format!(
        "条形图：{latest_period}按科目的收入和支出：{}。",
        accounts
            .iter()
            .map(|(a, k, m)| format!("{k}{a} {m} 元"))
            .collect::<Vec<_>>()
            .join("；")
    );
    Some(FinanceCharts {
        monthly_svg: svg,
        monthly_alt,
        months,
        accounts_svg: asvg,
        accounts_alt,
        accounts: accounts
            .into_iter()
            .map(|(a, k, m)| AccountRow {
                account: a,
                kind: k,
                amount: m.to_string(),
            })
            .collect(),
        latest_period,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_measured_by_character() {
        assert_eq!(label_em("公益支出"), 4.0);
        assert!((label_em("12月") - 2.1).abs() < 1e-9);
        // Bytes would say 12 for four CJK characters.
        assert_ne!(label_em("公益支出"), "公益支出".len() as f64);
    }

    #[test]
    fn axis_tops_are_round() {
        assert_eq!(nice_top(8_700.0), 10_000.0);
        assert_eq!(nice_top(52_320.5), 100_000.0);
        assert_eq!(nice_top(1_500.0), 2_000.0);
        assert_eq!(nice_top(0.0), 1.0);
    }
}
