//! History on the site: the revision list of each document, a page per revision with what
//! changed and the full text, the 最近更新 page and the Atom feeds of changes.

use super::{Crumb, PageJob};
use crate::date::Date;
use crate::diff::{self, FieldChange, Segment};
use crate::history::{Availability, Change, History, Revision, change_note};
use crate::model::Document;
use serde::Serialize;

#[derive(Serialize, Clone)]
pub(super) struct RevisionRow {
    short: String,
    date: Date,
    datetime: String,
    author: String,
    note: Option<String>,
    change: &'static str,
    /// The revision's page (diff and full text); none for a deletion.
    url: Option<String>,
}

#[derive(Serialize)]
pub(super) struct HistoryView {
    available: bool,
    /// Why there is no (complete) history, for the reader.
    caveat: Option<&'static str>,
    first: Option<Date>,
    last: Option<Date>,
    modifications: usize,
    revisions: Vec<RevisionRow>,
    uncommitted: bool,
}

fn revision_url(doc_url: &str, rev: &Revision) -> String {
    format!("{doc_url}history/{}/", rev.short())
}

/// What the history pages read from each revision's text: its change note field, and whether
/// it withdraws the document. Read once per revision, though each is compared with the next.
struct Fields {
    note: Option<String>,
    withdrawn: bool,
}

impl Fields {
    fn of(history: &History, rev: &Revision) -> Fields {
        let text = history.text(rev);
        Fields {
            note: text.and_then(|t| crate::history::top_level_field(t, "change_note")),
            withdrawn: text
                .and_then(|t| crate::history::top_level_field(t, "status"))
                .is_some_and(|s| s == "withdrawn"),
        }
    }
}

/// 新增 / 修改 / 撤回 / 删除: what a revision did, as the public would say it.
fn kind_of(rev: &Revision, this: &Fields, previous: Option<&Fields>) -> &'static str {
    match rev.change {
        Change::Added if previous.is_none() => "新增",
        Change::Deleted => "删除",
        _ if this.withdrawn && !previous.is_some_and(|p| p.withdrawn) => "撤回",
        _ => "修改",
    }
}

/// A document's revisions, newest first, with their change kind and note: computed once per
/// document and shared by its page, its revision pages and the change feeds.
pub(super) fn rows(doc: &Document, doc_url: &str, history: &History) -> Vec<RevisionRow> {
    let revs = history.revisions(&doc.file);
    let fields: Vec<Fields> = revs.iter().map(|r| Fields::of(history, r)).collect();
    revs.iter()
        .enumerate()
        .map(|(i, r)| {
            let previous = fields.get(i + 1);
            RevisionRow {
                short: r.short().to_string(),
                date: r.date(),
                datetime: r.datetime.clone(),
                author: r.author.clone(),
                note: change_note(
                    r,
                    fields[i].note.as_ref(),
                    previous.and_then(|p| p.note.as_ref()),
                ),
                change: kind_of(r, &fields[i], previous),
                url: r.blob.as_ref().map(|_| revision_url(doc_url, r)),
            }
        })
        .collect()
}

pub(super) fn view(doc: &Document, rows: &[RevisionRow], history: &History) -> HistoryView {
    let revs = history.revisions(&doc.file);
    let caveat = match &history.availability {
        Availability::Unavailable(_) => Some("修改记录不可用：本站不是从 git 仓库生成的。"),
        Availability::Shallow => Some("修改记录不完整：生成本站时只取得了部分历史。"),
        Availability::Complete if revs.is_empty() => {
            Some("这份公开还没有提交到仓库，暂无修改记录。")
        }
        Availability::Complete => None,
    };

    HistoryView {
        available: !matches!(history.availability, Availability::Unavailable(_)),
        caveat,
        first: revs.last().map(Revision::date),
        last: revs.first().map(Revision::date),
        modifications: revs.len().saturating_sub(1),
        revisions: rows.to_vec(),
        uncommitted: history.uncommitted.contains(&doc.file),
    }
}

/// A revision's text, split and parsed once for the comparisons with its neighbours: a
/// Markdown file's front matter and body, or a YAML file's data and its `body:` field.
struct Parsed {
    /// `None` when the data is not valid YAML: then the whole texts are compared.
    data: Option<diff::Data>,
    body: String,
}

impl Parsed {
    fn of(text: &str, markdown: bool) -> Parsed {
        let text = text
            .strip_prefix('\u{feff}')
            .unwrap_or(text)
            .replace("\r\n", "\n");
        if markdown {
            if let Some(rest) = text.strip_prefix("---\n")
                && let Some(end) = rest
                    .find("\n---\n")
                    .or_else(|| rest.strip_suffix("\n---").map(|r| r.len()))
            {
                return Parsed {
                    data: diff::Data::parse(&rest[..end]),
                    body: rest.get(end + 5..).unwrap_or("").to_string(),
                };
            }
            return Parsed {
                data: diff::Data::parse(""),
                body: text,
            };
        }
        let mut d = crate::diag::Diagnostics::new();
        let Some(node) = crate::yaml::parse(&text, "", 0, &mut d) else {
            return Parsed {
                data: None,
                body: String::new(),
            };
        };
        let body = node
            .as_map()
            .and_then(|m| m.iter().find(|(k, _)| k.name == "body"))
            .and_then(|(_, v)| match &v.value {
                crate::yaml::Value::Scalar(s) => Some(s.clone()),
                _ => None,
            })
            .unwrap_or_default();
        Parsed {
            data: Some(diff::Data::of(node)),
            body,
        }
    }
}

#[derive(Serialize)]
struct ChangeView {
    sentence: String,
    kind: diff::FieldChangeKind,
    amount: bool,
}

#[derive(Serialize)]
struct Neighbour {
    short: String,
    url: String,
    date: Date,
}

impl Neighbour {
    fn of(doc_url: &str, r: &Revision) -> Neighbour {
        Neighbour {
            short: r.short().to_string(),
            url: revision_url(doc_url, r),
            date: r.date(),
        }
    }
}

/// One page per revision: what changed against the revision before it, and the full text.
pub(super) fn revision_jobs(
    doc: &Document,
    doc_url: &str,
    rows: &[RevisionRow],
    crumbs: &[Crumb],
    history: &History,
    jobs: &mut Vec<PageJob>,
) {
    let revs = history.revisions(&doc.file);
    let markdown = doc.file.ends_with(".md");
    // Each text is parsed once, though it is compared twice (with the revisions before and
    // after it): parsing was half the cost of rendering a site's history. A text compared with
    // none (a document's only revision) is not parsed at all.
    let compared = revs.iter().filter(|r| history.text(r).is_some()).count() > 1;
    let parsed: Vec<Option<Parsed>> = revs
        .iter()
        .map(|r| {
            history
                .text(r)
                .filter(|_| compared)
                .map(|t| Parsed::of(t, markdown))
        })
        .collect();
    for (i, rev) in revs.iter().enumerate() {
        let Some(text) = history.text(rev) else {
            continue;
        };
        // The revision before this one that had text (a deletion has none).
        let previous = (i + 1..revs.len()).find(|&j| revs[j].blob.is_some());
        let (changes, segments): (Vec<FieldChange>, Vec<Segment>) = match previous.and_then(|j| {
            Some((
                history.text(&revs[j])?,
                parsed[j].as_ref()?,
                parsed[i].as_ref()?,
            ))
        }) {
            None => (Vec::new(), Vec::new()),
            Some((old_text, old, this)) => match (&old.data, &this.data) {
                (Some(a), Some(b)) => (
                    a.changes_to(b),
                    if old.body == this.body {
                        Vec::new()
                    } else {
                        diff::text_changes(&old.body, &this.body)
                    },
                ),
                // Not valid YAML on one side: compare the whole text.
                _ => (Vec::new(), diff::text_changes(old_text, text)),
            },
        };
        let previous = previous.map(|j| &revs[j]);
        let url = revision_url(doc_url, rev);
        let newer = revs[..i].iter().rev().find(|r| r.blob.is_some());
        let mut ctx = tera::Context::new();
        ctx.insert("title", &format!("{}（{} 版本）", doc.title, rev.date()));
        ctx.insert(
            "description",
            &format!("{} 在 {} 的修改", doc.title, rev.date()),
        );
        let mut crumbs: Vec<Crumb> = crumbs
            .iter()
            .map(|c| Crumb {
                name: c.name.clone(),
                url: c.url.clone(),
            })
            .collect();
        crumbs.push(Crumb {
            name: format!("{} 版本", rev.date()),
            url: url.clone(),
        });
        ctx.insert("crumbs", &crumbs);
        ctx.insert("doc_title", &doc.title);
        ctx.insert("doc_url", doc_url);
        ctx.insert("rev", &rows[i]);
        ctx.insert("commit", &rev.commit);
        ctx.insert("path", &rev.path);
        ctx.insert("first", &previous.is_none());
        ctx.insert(
            "changes",
            &changes
                .iter()
                .map(|c| ChangeView {
                    sentence: c.sentence(),
                    kind: c.kind,
                    amount: c.amount,
                })
                .collect::<Vec<_>>(),
        );
        ctx.insert("segments", &segments);
        ctx.insert("older", &previous.map(|p| Neighbour::of(doc_url, p)));
        ctx.insert("newer", &newer.map(|p| Neighbour::of(doc_url, p)));
        ctx.insert("highlight_source", &**text);
        ctx.insert("highlight_lang", if markdown { "md" } else { "yaml" });
        jobs.push(PageJob {
            template: "revision.html".into(),
            url,
            ctx,
        });
    }
}

/// An entry of the 最近更新 page and the change feeds.
#[derive(Serialize, Clone)]
pub(super) struct ChangeEntry {
    pub title: String,
    pub doc_url: String,
    pub url: String,
    pub change: &'static str,
    pub date: Date,
    pub datetime: String,
    pub author: String,
    pub note: Option<String>,
    pub place: String,
    pub village: String,
    pub id: String,
}

pub(super) fn entries(
    doc: &Document,
    doc_url: &str,
    rows: &[RevisionRow],
    place: &str,
    history: &History,
) -> Vec<ChangeEntry> {
    let revs = history.revisions(&doc.file);
    revs.iter()
        .zip(rows)
        .map(|(r, row)| ChangeEntry {
            title: doc.title.clone(),
            doc_url: doc_url.to_string(),
            url: row.url.clone().unwrap_or_else(|| doc_url.to_string()),
            change: row.change,
            date: row.date,
            datetime: row.datetime.clone(),
            author: row.author.clone(),
            note: row.note.clone(),
            place: place.to_string(),
            village: format!("towns/{}/{}/", doc.town, doc.village),
            id: format!("{}#{}", doc.file, r.commit),
        })
        .collect()
}

/// Newest first, by author time as written, then by document.
pub(super) fn sort_entries(list: &mut [ChangeEntry]) {
    list.sort_by(newer_entry);
}

/// Newest first, then by document.
pub(super) fn newer_entry(a: &ChangeEntry, b: &ChangeEntry) -> std::cmp::Ordering {
    b.datetime
        .cmp(&a.datetime)
        .then_with(|| a.doc_url.cmp(&b.doc_url))
}
