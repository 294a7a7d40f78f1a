//! Stage 3, render: the validated model becomes pages, in memory.
//!
//! The renderer knows nothing of files on disk: it takes the site and a [`Theme`] and returns
//! [`OutputFile`]s. Views are built from borrowed model data; money and dates are formatted
//! here, once, so templates stay plain.

use crate::date::Date;
use crate::diag::Diagnostics;
use crate::load::posting_until;
use crate::markdown;
use crate::model::*;
use crate::money::Money;
use crate::theme::Theme;
mod chart;
mod enforcement;
mod fulltext;
mod history;
mod opendata;
mod qr;

use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// A file of the finished site: a path relative to the output folder, with `/` separators.
/// The bytes are shared: a preview's rebuild hands on unchanged pages without copying them.
#[derive(Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Arc<Vec<u8>>,
}

/// Where a build's files go as soon as they are rendered, so that a large site is never held in
/// memory whole (a build writes them into its new output folder). The files it is handed are
/// not in the result of [`render_with`], which keeps only their paths (for the sitemap).
pub trait Sink: Sync {
    fn put(&self, files: Vec<OutputFile>);
}

pub struct RenderOptions {
    /// Include documents with `status: draft`, marked as drafts.
    pub drafts: bool,
}

#[derive(Serialize, Debug)]
struct SiteView<'a> {
    name: &'a str,
    county: &'a str,
    base_url: &'a str,
    sample_data: bool,
    pages: Vec<Link>,
    generator: &'static str,
    has_enforcement: bool,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct Link {
    title: String,
    url: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct DocSummary {
    title: String,
    url: String,
    kind: &'static str,
    kind_zh: &'static str,
    domain_zh: &'static str,
    published: Date,
    period: Option<String>,
    status: Status,
    deleted: Option<Date>,
    place: String,
}

#[derive(Serialize)]
pub(crate) struct Crumb {
    pub(crate) name: String,
    pub(crate) url: String,
}

pub(crate) struct PageJob {
    pub(crate) template: String,
    pub(crate) url: String,
    pub(crate) ctx: tera::Context,
}

/// Entries in each Atom feed, and on the 最近更新 page.
const FEED_ENTRIES: usize = 50;
const RECENT_CHANGES: usize = 200;

/// Breadcrumbs of a page directly under the county: 县 › the page.
pub(crate) fn county_and(county: &str, name: &str, url: &str) -> Vec<Crumb> {
    vec![
        Crumb {
            name: county.to_string(),
            url: String::new(),
        },
        Crumb {
            name: name.to_string(),
            url: url.to_string(),
        },
    ]
}

fn root_for(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

fn doc_url(d: &Document) -> String {
    format!(
        "towns/{}/{}/{}/{}/",
        d.town,
        d.village,
        d.kind.domain().folder(),
        d.id
    )
}

fn visible(d: &Document, opts: &RenderOptions) -> bool {
    opts.drafts || d.status != Status::Draft
}

fn summary(d: &Document, place: &str) -> DocSummary {
    DocSummary {
        title: d.title.clone(),
        url: doc_url(d),
        kind: d.kind.as_str(),
        kind_zh: d.kind.zh(),
        domain_zh: d.kind.domain().zh(),
        published: d.published.value,
        period: d.period.as_ref().map(|p| p.value.zh()),
        status: d.status,
        deleted: d.deleted,
        place: place.to_string(),
    }
}

fn newest_first(list: &mut [DocSummary]) {
    list.sort_by(newer);
}

/// Newest first, then by address.
fn newer(a: &DocSummary, b: &DocSummary) -> std::cmp::Ordering {
    b.published
        .cmp(&a.published)
        .then_with(|| a.url.cmp(&b.url))
}

/// The first `n` of `items` in `order`, equal ones as they came: what a stable sort and a
/// truncation give, without sorting the many that are cut.
fn first_in_order<T>(
    items: Vec<&T>,
    n: usize,
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<&T> {
    let mut indexed: Vec<(usize, &T)> = items.into_iter().enumerate().collect();
    let by = |a: &(usize, &T), b: &(usize, &T)| order(a.1, b.1).then(a.0.cmp(&b.0));
    if indexed.len() > n && n > 0 {
        indexed.select_nth_unstable_by(n - 1, by);
    }
    indexed.truncate(n);
    indexed.sort_unstable_by(by);
    indexed.into_iter().map(|(_, item)| item).collect()
}

/// Builds the tera instance once: every template of the theme, checked before any page renders.
fn engine(theme: &Theme, site_view: &SiteView, diags: &mut Diagnostics) -> Option<tera::Tera> {
    let mut tera = crate::theme::compile(theme, diags)?;
    tera.global_context().insert("site", site_view);
    Some(tera)
}

/// QR codes of document pages (the SVG), by the page's permalink.
pub type PrintCodes = HashMap<String, Box<str>>;

/// Draws the QR code printed on each visible document's page, in order, until `stop` is set.
///
/// A build draws them while it waits for git's history, when a core is partly idle (at 50,000
/// documents, for about two seconds; the codes are 0.85 s of CPU), and the render takes them
/// from [`RenderCache::print_codes`]; a page whose code was not drawn by then draws its own.
pub fn draw_print_codes(
    site: &Site,
    opts: &RenderOptions,
    stop: &std::sync::atomic::AtomicBool,
) -> PrintCodes {
    let mut codes = PrintCodes::new();
    for d in visible_documents(site, opts) {
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            break;
        }
        let permalink = permalink(&site.config, d);
        let svg = qr::svg_for(&permalink).into_boxed_str();
        codes.insert(permalink, svg);
    }
    codes
}

/// The documents the site publishes, town by town and village by village.
fn visible_documents<'a>(
    site: &'a Site,
    opts: &'a RenderOptions,
) -> impl Iterator<Item = &'a Document> {
    site.towns
        .iter()
        .flat_map(|t| &t.villages)
        .flat_map(|v| &v.documents)
        .map(|d| &**d)
        .filter(|d| visible(d, opts))
}

/// The address a document's printed page points to, in its QR code.
fn permalink(c: &SiteConfig, d: &Document) -> String {
    format!("{}{}", c.base_url, doc_url(d))
}

/// Renders the whole site. Returns the files, or the diagnostics of failed templates.
pub fn render(
    site: &Site,
    history: &crate::history::History,
    theme: &Theme,
    opts: &RenderOptions,
    diags: &mut Diagnostics,
) -> Option<Vec<OutputFile>> {
    render_with(
        site,
        history,
        theme,
        opts,
        &mut RenderCache::default(),
        None,
        diags,
    )
}

/// What rendering keeps between the builds of a preview session: the finished files of each
/// village and of the enforcement list, each with a fingerprint of all it was made from. A part
/// whose fingerprint has not changed is not rendered again; everything else is, so the result
/// is the same as a full build's, byte for byte.
#[derive(Default)]
pub struct RenderCache {
    villages: HashMap<String, (u64, Arc<VillageOutput>)>,
    documents: HashMap<String, (u64, Arc<DocOutput>)>,
    enforcement: Option<(u64, Arc<Vec<OutputFile>>)>,
    /// `index.json` and `feed.xml`, by [`VillageOutput::listed_print`] of every village.
    listings: Option<(u64, Arc<Vec<OutputFile>>)>,
    /// `sitemap.xml`, by the paths of the pages it lists.
    sitemap: Option<(u64, OutputFile)>,
    /// The QR codes of document pages drawn before the render, by permalink
    /// ([`draw_print_codes`]); taken by the next render.
    pub print_codes: PrintCodes,
    /// How many villages the last build rendered (the others came from the cache).
    pub rendered_villages: usize,
    /// Keep what was rendered for the next build (the preview). A single build keeps nothing,
    /// so each part is freed once its files are in the result.
    pub keep: bool,
}

/// A document's pages (its page and its revision pages) and its entries in the change feeds.
struct DocOutput {
    files: Vec<OutputFile>,
    entries: Vec<history::ChangeEntry>,
}

/// A village's share of the site: its files, and what the town, home and feeds list of it.
struct VillageOutput {
    /// The village's own pages; its documents' pages are in `documents`.
    files: Vec<OutputFile>,
    /// The paths of the pages handed to the sink instead (the village's and its documents').
    sunk: Vec<String>,
    /// Each document's file, fingerprint and pages.
    documents: Vec<(String, u64, Arc<DocOutput>)>,
    card: VillageCard,
    latest: Vec<DocSummary>,
    listed: Vec<DocSummary>,
    /// A hash of `listed`: the site's document index and feed are made again only when one
    /// changes, which a village's re-rendering after an edit of a body does not.
    listed_print: u64,
    changes: Vec<history::ChangeEntry>,
}

#[derive(Serialize, Clone)]
struct VillageCard {
    name: String,
    kind: String,
    url: String,
    count: usize,
    latest: Option<Date>,
}

#[derive(Serialize)]
struct TownCard {
    name: String,
    kind: String,
    url: String,
    villages: Vec<VillageCard>,
}

/// A template that failed, and how.
type RenderError = (String, tera::Error);

/// Renders pages in parallel: every page is independent once its context is built.
fn render_jobs(tera: &tera::Tera, jobs: Vec<PageJob>) -> Result<Vec<OutputFile>, RenderError> {
    jobs.into_par_iter()
        .map(|job| render_job(tera, job))
        .collect()
}

/// Renders a document's pages on this thread: documents are rendered in parallel already, and
/// splitting a document's few pages among threads cost more than it gained.
fn render_jobs_here(tera: &tera::Tera, jobs: Vec<PageJob>) -> Result<Vec<OutputFile>, RenderError> {
    jobs.into_iter().map(|job| render_job(tera, job)).collect()
}

fn render_job(tera: &tera::Tera, mut job: PageJob) -> Result<OutputFile, RenderError> {
    // A revision page's full text is highlighted here, where pages are rendered in parallel,
    // rather than while the jobs are listed.
    if let Some(source) = job.ctx.remove("highlight_source") {
        let markdown = job
            .ctx
            .remove("highlight_lang")
            .is_some_and(|l| l.as_str() == Some("md"));
        let html = fulltext::highlight(source.as_str().unwrap_or(""), markdown);
        job.ctx.insert("full_text", &html);
    }
    job.ctx.insert("root", &root_for(&job.url));
    job.ctx.insert("page_url", &job.url);
    job.ctx.insert("is_home", &job.url.is_empty());
    // Into bytes directly: `render` would check the UTF-8 of every page it made.
    let mut html = Vec::with_capacity(16 << 10);
    tera.render_to(&job.template, &job.ctx, &mut html)
        .map(|()| OutputFile {
            path: if job.url.is_empty() || job.url.ends_with('/') {
                format!("{}index.html", job.url)
            } else {
                job.url.clone()
            },
            bytes: Arc::new(html),
        })
        .map_err(|e| (job.template, e))
}

/// A fingerprint of everything `parts` print with `{:?}`: the model types print all they hold,
/// so two equal fingerprints mean the same input. Hashed as it is printed, never stored.
fn fingerprint(parts: &[&dyn std::fmt::Debug]) -> u64 {
    use std::hash::Hasher;
    struct Feed(std::hash::DefaultHasher);
    impl std::fmt::Write for Feed {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.write(s.as_bytes());
            Ok(())
        }
    }
    let mut feed = Feed(std::hash::DefaultHasher::new());
    for p in parts {
        let _ = std::fmt::Write::write_fmt(&mut feed, format_args!("{p:?}\u{1f}"));
    }
    feed.0.finish()
}

/// [`fingerprint`] for the parts a preview checks on every save for every village and
/// document: hashed directly, where printing them first took most of an unchanged rebuild.
fn hashed(value: &impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// `print()` when there is a cache to compare it with, else 0: a single build keeps nothing,
/// and hashing each document's revisions and each village's listing for it was 2 % of the CPU
/// of a cold build of 50,000 documents.
fn print_if(keep: bool, print: impl FnOnce() -> u64) -> u64 {
    if keep { print() } else { 0 }
}

/// Renders the site, reusing from `cache` the parts whose input has not changed.
pub fn render_with(
    site: &Site,
    history: &crate::history::History,
    theme: &Theme,
    opts: &RenderOptions,
    cache: &mut RenderCache,
    sink: Option<&dyn Sink>,
    diags: &mut Diagnostics,
) -> Option<Vec<OutputFile>> {
    // What a preview keeps for its next build cannot also be handed on.
    let sink = sink.filter(|_| !cache.keep);
    // Each page takes its code out, so that they are freed as the pages are made (at 50,000
    // documents they are 125 MB).
    let print_codes = std::sync::Mutex::new(std::mem::take(&mut cache.print_codes));
    let c = &site.config;
    let site_view = SiteView {
        name: &c.name,
        county: &c.county,
        base_url: &c.base_url,
        sample_data: c.sample_data,
        pages: site
            .pages
            .iter()
            .filter(|p| p.menu)
            .map(|p| Link {
                title: p.title.clone(),
                url: format!("pages/{}/", p.id),
            })
            .collect(),
        generator: concat!("sanwu ", env!("CARGO_PKG_VERSION")),
        has_enforcement: site.enforcement.is_some(),
    };
    let tera = engine(theme, &site_view, diags)?;
    let templates: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|t| (t.name.as_str(), t.source.as_str()))
        .collect();
    // What every page depends on: the settings, the menu, the templates, the options.
    let shared = fingerprint(&[
        c,
        &site_view,
        &templates,
        &opts.drafts,
        &history.availability,
    ]);
    let fail = |(template, e): RenderError, diags: &mut Diagnostics| {
        let origin = theme
            .templates
            .iter()
            .find(|t| t.name == template)
            .map(|t| t.origin.clone())
            .unwrap_or(template);
        crate::theme::template_error(&origin, &e, &[], diags);
    };

    // Villages, in parallel, each from the cache when its input is unchanged.
    let places: Vec<(&Town, &Village)> = site
        .towns
        .iter()
        .flat_map(|t| t.villages.iter().map(move |v| (t, v)))
        .collect();
    let cached = &cache.villages;
    let doc_cache = &cache.documents;
    let keep = cache.keep;
    // (town/village, fingerprint, rendered now rather than reused, output)
    type Rendered = (String, u64, bool, Result<Arc<VillageOutput>, RenderError>);
    let outputs: Vec<Rendered> = places
        .par_iter()
        .map(|(town, village)| {
            let key = format!("{}/{}", town.id, village.id);
            // A document is its path and bytes (`source_hash`), a village its village.yaml;
            // the history adds each document's revisions and whether it has uncommitted edits.
            let print = print_if(keep, || {
                let documents: Vec<_> = village
                    .documents
                    .iter()
                    .map(|d| {
                        let uncommitted = history.uncommitted.contains(&d.file);
                        let revisions = history.revisions(&d.file);
                        (&d.file, d.source_hash, d.deleted, revisions, uncommitted)
                    })
                    .collect();
                hashed(&(
                    shared,
                    &town.id,
                    &town.name,
                    &village.id,
                    village.source_hash,
                    &documents,
                ))
            });
            match cached.get(&key) {
                Some((p, out)) if *p == print => (key, print, false, Ok(out.clone())),
                _ => {
                    let out = render_village(
                        &tera,
                        site,
                        town,
                        village,
                        history,
                        opts,
                        shared,
                        keep,
                        doc_cache,
                        &print_codes,
                        sink,
                    );
                    (key, print, true, out.map(Arc::new))
                }
            }
        })
        .collect();
    let mut by_place: HashMap<String, Arc<VillageOutput>> = HashMap::new();
    let mut failed = None;
    cache.rendered_villages = 0;
    for (key, print, rendered, out) in outputs {
        cache.rendered_villages += usize::from(rendered);
        match out {
            Ok(out) => {
                if cache.keep && rendered {
                    // The documents of this village's last output make way for its new ones;
                    // those of villages not rendered again stay as they are.
                    if let Some((_, old)) = cache.villages.get(&key) {
                        for (file, ..) in &old.documents {
                            cache.documents.remove(file);
                        }
                    }
                    for (file, print, doc) in &out.documents {
                        cache.documents.insert(file.clone(), (*print, doc.clone()));
                    }
                    cache.villages.insert(key.clone(), (print, out.clone()));
                }
                by_place.insert(key, out);
            }
            Err(e) => failed = failed.or(Some(e)),
        }
    }
    if let Some(e) = failed {
        fail(e, diags);
        return None;
    }
    if cache.villages.len() != by_place.len() {
        let gone: Vec<String> = cache
            .villages
            .keys()
            .filter(|k| !by_place.contains_key(*k))
            .cloned()
            .collect();
        for key in gone {
            if let Some((_, old)) = cache.villages.remove(&key) {
                for (file, ..) in &old.documents {
                    cache.documents.remove(file);
                }
            }
        }
    }

    // Each town's villages' outputs, in order; the listings borrow from them.
    let by_town: Vec<Vec<Arc<VillageOutput>>> = site
        .towns
        .iter()
        .map(|town| {
            town.villages
                .iter()
                .filter_map(|v| by_place.remove(&format!("{}/{}", town.id, v.id)))
                .collect()
        })
        .collect();
    let mut files: Vec<OutputFile> = Vec::new();
    let mut sunk: Vec<&str> = Vec::new();
    let mut jobs: Vec<PageJob> = Vec::new();
    let mut data_files = Vec::new();
    let home_crumb = Crumb {
        name: c.county.clone(),
        url: String::new(),
    };
    let mut all_latest: Vec<DocSummary> = Vec::new();
    // Borrowed, not copied: a county has an entry per document and per revision, and a
    // preview assembled them all again on every save.
    let mut all_changes: Vec<&history::ChangeEntry> = Vec::new();
    let mut all_docs: Vec<&DocSummary> = Vec::new();
    let mut town_cards = Vec::new();
    for (town, outputs) in site.towns.iter().zip(&by_town) {
        let town_url = format!("towns/{}/", town.id);
        let mut town_latest = Vec::new();
        let mut village_cards = Vec::new();
        for out in outputs {
            village_cards.push(out.card.clone());
            town_latest.extend(out.latest.iter().cloned());
            all_docs.extend(&out.listed);
            all_changes.extend(&out.changes);
            sunk.extend(out.sunk.iter().map(String::as_str));
            // Cheap clones: the bytes are shared with the cache.
            files.extend(out.files.iter().cloned());
            for (_, _, d) in &out.documents {
                files.extend(d.files.iter().cloned());
            }
        }
        newest_first(&mut town_latest);
        town_latest.truncate(10);
        all_latest.extend(town_latest.iter().cloned());

        let mut ctx = tera::Context::new();
        ctx.insert("title", &town.name);
        ctx.insert(
            "description",
            &format!("{}各村（社区）的阳光三务公开", town.name),
        );
        ctx.insert("crumbs", &county_and(&c.county, &town.name, &town_url));
        #[derive(Serialize)]
        struct TownView<'a> {
            name: &'a str,
            kind: &'a str,
            code: Option<&'a str>,
            enforcement_office: Option<&'a str>,
        }
        ctx.insert(
            "town",
            &TownView {
                name: &town.name,
                kind: &town.kind,
                code: town.code.as_deref(),
                enforcement_office: town.enforcement_office.as_deref(),
            },
        );
        ctx.insert("villages", &village_cards);
        let enforcement_count = site.enforcement.as_ref().map(|e| {
            e.departments
                .iter()
                .flat_map(|d| &d.items)
                .filter(|i| i.in_force() && i.exercised_by(&town.id))
                .count()
        });
        ctx.insert("enforcement_count", &enforcement_count);
        ctx.insert("town_id", &town.id);
        ctx.insert("latest", &town_latest);
        jobs.push(PageJob {
            template: "town.html".into(),
            url: town_url.clone(),
            ctx,
        });
        town_cards.push(TownCard {
            name: town.name.clone(),
            kind: town.kind.clone(),
            url: town_url,
            villages: village_cards,
        });
    }

    newest_first(&mut all_latest);
    all_latest.truncate(20);
    let mut ctx = tera::Context::new();
    ctx.insert("title", &c.name);
    ctx.insert(
        "description",
        &format!("{}各镇村财务、村务、党务公开", c.county),
    );
    ctx.insert("crumbs", &vec![home_crumb]);
    ctx.insert("towns", &town_cards);
    ctx.insert("latest", &all_latest);
    jobs.push(PageJob {
        template: "home.html".into(),
        url: String::new(),
        ctx,
    });

    let mut ctx = tera::Context::new();
    ctx.insert("title", "搜索");
    ctx.insert(
        "description",
        &format!("搜索{}各村的公开内容和执法事项", c.county),
    );
    ctx.insert("crumbs", &county_and(&c.county, "搜索", "search/"));
    jobs.push(PageJob {
        template: "search.html".into(),
        url: "search/".into(),
        ctx,
    });

    let all_changes = first_in_order(all_changes, RECENT_CHANGES, history::newer_entry);
    let mut ctx = tera::Context::new();
    ctx.insert("title", "最近更新");
    ctx.insert(
        "description",
        &format!("{}各村公开内容最近的新增、修改、撤回和删除", c.county),
    );
    ctx.insert("crumbs", &county_and(&c.county, "最近更新", "changes/"));
    ctx.insert("entries", &all_changes);
    ctx.insert(
        "history_available",
        &!matches!(
            history.availability,
            crate::history::Availability::Unavailable(_)
        ),
    );
    jobs.push(PageJob {
        template: "changes.html".into(),
        url: "changes/".into(),
        ctx,
    });
    let mut ctx = tera::Context::new();
    ctx.insert("title", &format!("{} 公开内容的修改", c.name));
    ctx.insert("feed_url", "changes.xml");
    ctx.insert("alternate", "changes/");
    ctx.insert(
        "entries",
        &all_changes[..all_changes.len().min(FEED_ENTRIES)],
    );
    jobs.push(PageJob {
        template: "changes.xml".into(),
        url: "changes.xml".into(),
        ctx,
    });

    data_files.push(opendata::robots(&c.base_url));
    let listings_print = hashed(&(
        shared,
        by_town
            .iter()
            .flatten()
            .map(|v| v.listed_print)
            .collect::<Vec<_>>(),
    ));
    let listings = match &cache.listings {
        Some((p, out)) if *p == listings_print => out.clone(),
        _ => {
            all_docs.sort_by(|a, b| newer(a, b));
            let mut feed = tera::Context::new();
            feed.insert("title", &format!("{} 新公开", c.name));
            feed.insert("feed_url", "feed.xml");
            feed.insert("alternate", "");
            feed.insert("entries", &all_docs[..all_docs.len().min(FEED_ENTRIES)]);
            let job = PageJob {
                template: "feed.xml".into(),
                url: "feed.xml".into(),
                ctx: feed,
            };
            let mut out = match render_jobs(&tera, vec![job]) {
                Ok(out) => out,
                Err(e) => {
                    fail(e, diags);
                    return None;
                }
            };
            out.push(opendata::document_index(&all_docs));
            let out = Arc::new(out);
            if cache.keep {
                cache.listings = Some((listings_print, out.clone()));
            }
            out
        }
    };
    data_files.extend(listings.iter().cloned());

    for p in &site.pages {
        let url = format!("pages/{}/", p.id);
        let mut ctx = tera::Context::new();
        ctx.insert("title", &p.title);
        ctx.insert("description", &markdown::plain_text(&p.body, 120));
        ctx.insert("crumbs", &county_and(&c.county, &p.title, &url));
        ctx.insert("body_html", &markdown::to_html(&p.body));
        jobs.push(PageJob {
            template: "page.html".into(),
            url,
            ctx,
        });
    }

    // The enforcement list: 728 pages that change only with its own files and the towns.
    if let Some(e) = &site.enforcement {
        let towns: Vec<(&str, &str, &Option<String>)> = site
            .towns
            .iter()
            .map(|t| (t.id.as_str(), t.name.as_str(), &t.enforcement_office))
            .collect();
        let print = fingerprint(&[&shared, &e.source_hash, &towns]);
        let out = match &cache.enforcement {
            Some((p, out)) if *p == print => out.clone(),
            _ => {
                let mut jobs = Vec::new();
                let mut data = Vec::new();
                enforcement::add(site, e, &mut jobs, &mut data);
                match render_jobs(&tera, jobs) {
                    Ok(mut pages) => {
                        pages.append(&mut data);
                        let out = Arc::new(pages);
                        if cache.keep {
                            cache.enforcement = Some((print, out.clone()));
                        }
                        out
                    }
                    Err(e) => {
                        fail(e, diags);
                        return None;
                    }
                }
            }
        };
        files.extend(out.iter().cloned());
    }

    match render_jobs(&tera, jobs) {
        Ok(pages) => files.extend(pages),
        Err(e) => {
            fail(e, diags);
            return None;
        }
    }
    files.append(&mut data_files);

    // Pages outside the folder tree link from the site's base path, wherever they are served.
    let base_path = c
        .base_url
        .splitn(4, '/')
        .nth(3)
        .map(|p| format!("/{p}"))
        .unwrap_or_else(|| "/".into());
    let mut ctx = tera::Context::new();
    ctx.insert("title", "页面不存在");
    ctx.insert("description", "您访问的页面不存在");
    ctx.insert("crumbs", &Vec::<Crumb>::new());
    ctx.insert("root", &base_path);
    ctx.insert("page_url", "404.html");
    ctx.insert("is_home", &false);
    match tera.render("404.html", &ctx) {
        Ok(html) => files.push(OutputFile {
            path: "404.html".into(),
            bytes: Arc::new(html.into_bytes()),
        }),
        Err(e) => {
            crate::theme::template_error("404.html", &e, &[], diags);
            return None;
        }
    }
    let mut urls: Vec<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .chain(sunk.iter().copied())
        .filter(|path| path.ends_with("index.html"))
        .map(|path| path.trim_end_matches("index.html"))
        .collect();
    // The pages come in the same order for the same site: their list, as it comes, tells
    // whether the sitemap is the last one.
    let sitemap_print = hashed(&(shared, &urls));
    match &cache.sitemap {
        Some((p, file)) if *p == sitemap_print => files.push(file.clone()),
        _ => {
            urls.sort();
            let mut ctx = tera::Context::new();
            ctx.insert("urls", &urls);
            match tera.render("sitemap.xml", &ctx) {
                Ok(xml) => {
                    let file = OutputFile {
                        path: "sitemap.xml".into(),
                        bytes: Arc::new(xml.into_bytes()),
                    };
                    if cache.keep {
                        cache.sitemap = Some((sitemap_print, file.clone()));
                    }
                    files.push(file);
                }
                Err(e) => {
                    crate::theme::template_error("sitemap.xml", &e, &[], diags);
                    return None;
                }
            }
        }
    }
    for (name, bytes) in &theme.assets {
        files.push(OutputFile {
            path: format!("static/{name}"),
            bytes: Arc::new(bytes.clone()),
        });
    }
    Some(files)
}

/// `files` handed on to `sink` if there is one: then none are kept, and their paths are
/// returned; else all are kept.
fn hand_on(sink: Option<&dyn Sink>, files: Vec<OutputFile>) -> (Vec<OutputFile>, Vec<String>) {
    match sink {
        Some(sink) => {
            let paths = files.iter().map(|f| f.path.clone()).collect();
            sink.put(files);
            (Vec::new(), paths)
        }
        None => (files, Vec::new()),
    }
}

/// Renders one village: its page, its documents with their history, and its feeds.
#[allow(clippy::too_many_arguments)]
fn render_village(
    tera: &tera::Tera,
    site: &Site,
    town: &Town,
    village: &Village,
    history: &crate::history::History,
    opts: &RenderOptions,
    shared: u64,
    keep: bool,
    doc_cache: &HashMap<String, (u64, Arc<DocOutput>)>,
    print_codes: &std::sync::Mutex<PrintCodes>,
    sink: Option<&dyn Sink>,
) -> Result<VillageOutput, RenderError> {
    let mut sunk = Vec::new();
    let c = &site.config;
    let town_url = format!("towns/{}/", town.id);
    let mut jobs: Vec<PageJob> = Vec::new();
    let mut data_files = Vec::new();
    let village_url = format!("towns/{}/{}/", town.id, village.id);
    let place = format!("{} · {}", town.name, village.name);
    let docs: Vec<&Document> = village
        .documents
        .iter()
        .map(|d| &**d)
        .filter(|d| visible(d, opts))
        .collect();
    let by_id: HashMap<&str, &Document> = docs.iter().map(|d| (d.id.as_str(), *d)).collect();
    let mut superseded_by: HashMap<&str, &Document> = HashMap::new();
    for d in &docs {
        if let Some(s) = &d.supersedes {
            superseded_by.insert(s.value.as_str(), d);
        }
    }

    #[derive(Serialize)]
    struct DomainList {
        name: &'static str,
        folder: &'static str,
        docs: Vec<DocSummary>,
    }
    let mut domains = Vec::new();
    let mut withdrawn = Vec::new();
    for domain in Domain::ALL {
        let mut list: Vec<DocSummary> = docs
            .iter()
            .filter(|d| {
                d.kind.domain() == domain && d.status != Status::Withdrawn && d.deleted.is_none()
            })
            .map(|d| summary(d, &place))
            .collect();
        newest_first(&mut list);
        domains.push(DomainList {
            name: domain.zh(),
            folder: domain.folder(),
            docs: list,
        });
    }
    for d in docs
        .iter()
        .filter(|d| d.status == Status::Withdrawn || d.deleted.is_some())
    {
        withdrawn.push(summary(d, &place));
    }
    newest_first(&mut withdrawn);
    let mut latest: Vec<DocSummary> = docs
        .iter()
        .filter(|d| d.status == Status::Published && d.deleted.is_none())
        .map(|d| summary(d, &place))
        .collect();
    newest_first(&mut latest);
    let card = VillageCard {
        name: village.name.clone(),
        kind: village.kind.clone(),
        url: village_url.clone(),
        count: docs.len(),
        latest: latest.first().map(|d| d.published),
    };
    latest.truncate(10);

    let mut village_changes: Vec<history::ChangeEntry> = Vec::new();
    let mut changes: Vec<history::ChangeEntry> = Vec::new();
    let crumbs_village = vec![
        Crumb {
            name: c.county.clone(),
            url: String::new(),
        },
        Crumb {
            name: town.name.clone(),
            url: town_url.clone(),
        },
        Crumb {
            name: village.name.clone(),
            url: village_url.clone(),
        },
    ];

    let mut ctx = tera::Context::new();
    ctx.insert("title", &format!("{}{}", town.name, village.name));
    ctx.insert(
        "description",
        &format!("{}{}的财务、村务、党务公开", town.name, village.name),
    );
    ctx.insert("crumbs", &crumbs_village);
    ctx.insert("village", &VillageView::of(village));
    ctx.insert("domains", &domains);
    ctx.insert("charts", &chart::finance_charts(&docs));
    data_files.extend(opendata::village_finance(&village_url, &docs));
    let mut village_new: Vec<DocSummary> = docs
        .iter()
        .filter(|d| d.status != Status::Draft && d.deleted.is_none())
        .map(|d| summary(d, &place))
        .collect();
    newest_first(&mut village_new);
    let listed = village_new.clone();
    village_new.truncate(FEED_ENTRIES);
    let mut feed = tera::Context::new();
    feed.insert("title", &format!("{}{} 新公开", town.name, village.name));
    feed.insert("feed_url", &format!("{village_url}feed.xml"));
    feed.insert("alternate", &village_url);
    feed.insert("entries", &village_new);
    jobs.push(PageJob {
        template: "feed.xml".into(),
        url: format!("{village_url}feed.xml"),
        ctx: feed,
    });
    ctx.insert("withdrawn", &withdrawn);
    jobs.push(PageJob {
        template: "village.html".into(),
        url: village_url.clone(),
        ctx,
    });

    // Each document's pages depend on it, its history, its village and town, and on the
    // titles and places of the documents it links to: the directory below.
    let base = print_if(keep, || {
        let directory: Vec<_> = docs
            .iter()
            .map(|d| {
                (
                    &d.file,
                    &d.id,
                    &d.title,
                    d.supersedes.as_ref().map(|s| &s.value),
                )
            })
            .collect();
        fingerprint(&[&shared, &town.name, &village.source_hash, &directory])
    });
    // In parallel, a document a task: a village's documents are the unit that balances the
    // two cores (a county of a dozen villages left one core idle while the other finished the
    // largest); each document's own pages are rendered on its task's thread.
    let made: Vec<(String, u64, Arc<DocOutput>, Vec<String>)> = docs
        .par_iter()
        .map(|d| -> Result<_, RenderError> {
            let print = print_if(keep, || {
                hashed(&(
                    base,
                    &d.file,
                    d.source_hash,
                    d.deleted,
                    history.revisions(&d.file),
                    history.uncommitted.contains(&d.file),
                ))
            });
            if let Some((p, out)) = doc_cache.get(&d.file)
                && *p == print
            {
                return Ok((d.file.clone(), print, out.clone(), Vec::new()));
            }
            let mut jobs: Vec<PageJob> = Vec::new();
            let url = doc_url(d);
            let mut crumbs = crumbs_village
                .iter()
                .map(|c| Crumb {
                    name: c.name.clone(),
                    url: c.url.clone(),
                })
                .collect::<Vec<_>>();
            crumbs.push(Crumb {
                name: d.title.clone(),
                url: url.clone(),
            });
            let mut ctx = tera::Context::new();
            ctx.insert("title", &d.title);
            let description = d
                .body
                .as_deref()
                .map(|b| markdown::plain_text(b, 120))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| format!("{}{} {}", town.name, village.name, d.kind.zh()));
            ctx.insert("description", &description);
            ctx.insert("crumbs", &crumbs);
            ctx.insert("village", &VillageView::of(village));
            ctx.insert("town_name", &town.name);
            ctx.insert("doc", &DocView::of(d, site, &by_id, &superseded_by));
            let revisions = history::rows(d, &url, history);
            ctx.insert("history", &history::view(d, &revisions, history));
            let permalink = permalink(c, d);
            let drawn = print_codes
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&permalink);
            match drawn {
                Some(svg) => ctx.insert("qr_svg", &*svg),
                None => ctx.insert("qr_svg", &qr::svg_for(&permalink)),
            }
            ctx.insert("permalink", &permalink);
            history::revision_jobs(d, &url, &revisions, &crumbs, history, &mut jobs);
            let entries = history::entries(d, &url, &revisions, &place, history);
            insert_content(&mut ctx, d, &by_id);
            jobs.push(PageJob {
                template: format!("{}.html", d.kind.as_str()),
                url,
                ctx,
            });
            let (files, sunk) = hand_on(sink, render_jobs_here(tera, jobs)?);
            let out = Arc::new(DocOutput { files, entries });
            Ok((d.file.clone(), print, out, sunk))
        })
        .collect::<Result<_, _>>()?;
    let mut documents = Vec::with_capacity(made.len());
    for (file, print, out, paths) in made {
        village_changes.extend(out.entries.iter().cloned());
        changes.extend(out.entries.iter().cloned());
        sunk.extend(paths);
        documents.push((file, print, out));
    }
    history::sort_entries(&mut village_changes);
    village_changes.truncate(FEED_ENTRIES);
    let mut ctx = tera::Context::new();
    ctx.insert(
        "title",
        &format!("{}{} 公开内容的修改", town.name, village.name),
    );
    ctx.insert("feed_url", &format!("{village_url}changes.xml"));
    ctx.insert("alternate", &village_url);
    ctx.insert("entries", &village_changes);
    jobs.push(PageJob {
        template: "changes.xml".into(),
        url: format!("{village_url}changes.xml"),
        ctx,
    });
    let mut files = render_jobs(tera, jobs)?;
    files.append(&mut data_files);
    let (files, paths) = hand_on(sink, files);
    sunk.extend(paths);
    let listed_print = print_if(keep, || {
        hashed(&serde_json::to_vec(&listed).unwrap_or_default())
    });
    Ok(VillageOutput {
        files,
        sunk,
        card,
        latest,
        listed,
        listed_print,
        changes,
        documents,
    })
}

#[derive(Serialize)]
struct VillageView<'a> {
    name: &'a str,
    kind: &'a str,
    code: Option<&'a str>,
    groups: &'a [String],
    supervisors: Option<&'a Committee>,
}

impl<'a> VillageView<'a> {
    fn of(v: &'a Village) -> Self {
        VillageView {
            name: &v.name,
            kind: &v.kind,
            code: v.code.as_deref(),
            groups: &v.groups,
            supervisors: v.supervisors.as_ref(),
        }
    }
}

#[derive(Serialize)]
struct DocView<'a> {
    id: &'a str,
    title: &'a str,
    kind: &'static str,
    kind_zh: &'static str,
    domain_zh: &'static str,
    published: Date,
    period: Option<String>,
    posting_until: Date,
    reviewed_by: Option<&'a Review>,
    status: Status,
    deleted: Option<Date>,
    withdrawn: Option<&'a Withdrawal>,
    supersedes: Option<Link>,
    superseded_by: Option<Link>,
    change_note: Option<&'a str>,
    tags: &'a [String],
    body_html: Option<String>,
    source_file: &'a str,
}

impl<'a> DocView<'a> {
    fn of(
        d: &'a Document,
        site: &Site,
        by_id: &HashMap<&str, &Document>,
        superseded_by: &HashMap<&str, &Document>,
    ) -> Self {
        let link = |x: &Document| Link {
            title: x.title.clone(),
            url: doc_url(x),
        };
        DocView {
            id: &d.id,
            title: &d.title,
            kind: d.kind.as_str(),
            kind_zh: d.kind.zh(),
            domain_zh: d.kind.domain().zh(),
            published: d.published.value,
            period: d.period.as_ref().map(|p| p.value.zh()),
            posting_until: posting_until(d, &site.config),
            reviewed_by: d.reviewed_by.as_ref(),
            status: d.status,
            deleted: d.deleted,
            withdrawn: d.withdrawn.as_ref(),
            supersedes: d
                .supersedes
                .as_ref()
                .and_then(|s| by_id.get(s.value.as_str()))
                .map(|x| link(x)),
            superseded_by: superseded_by.get(d.id.as_str()).map(|x| link(x)),
            change_note: d.change_note.as_deref(),
            tags: &d.tags,
            body_html: d.body.as_deref().map(markdown::to_html),
            source_file: &d.file,
        }
    }
}

fn fmt(m: Money) -> String {
    m.to_string()
}

fn fmt_opt(m: &Option<At<Money>>) -> Option<String> {
    m.as_ref().map(|a| fmt(a.value))
}

fn insert_content(ctx: &mut tera::Context, d: &Document, by_id: &HashMap<&str, &Document>) {
    match &d.content {
        Content::Notice => {}
        Content::FinanceStatement(s) => {
            #[derive(Serialize)]
            struct BalanceView {
                cash: Option<String>,
                bank: Option<String>,
                total: String,
            }
            #[derive(Serialize)]
            struct LineView {
                date: Date,
                voucher: String,
                account: String,
                summary: String,
                amount: String,
                decision: Option<Link>,
            }
            #[derive(Serialize)]
            struct StatementView {
                opening: BalanceView,
                closing: BalanceView,
                income: Vec<LineView>,
                expense: Vec<LineView>,
                income_total: String,
                expense_total: String,
            }
            let bal = |b: &Balance| BalanceView {
                cash: fmt_opt(&b.cash),
                bank: fmt_opt(&b.bank),
                total: fmt(b.amount()),
            };
            let lines = |ls: &[CashLine]| {
                ls.iter()
                    .map(|l| LineView {
                        date: l.date.value,
                        voucher: l.voucher.value.clone(),
                        account: l.account.clone(),
                        summary: l.summary.clone(),
                        amount: fmt(l.amount.value),
                        decision: l
                            .decision
                            .as_ref()
                            .and_then(|x| by_id.get(x.value.as_str()))
                            .map(|x| Link {
                                title: x.title.clone(),
                                url: doc_url(x),
                            }),
                    })
                    .collect::<Vec<_>>()
            };
            ctx.insert(
                "statement",
                &StatementView {
                    opening: bal(&s.opening),
                    closing: bal(&s.closing),
                    income: lines(&s.income),
                    expense: lines(&s.expense),
                    income_total: fmt(s.income_total()),
                    expense_total: fmt(s.expense_total()),
                },
            );
        }
        Content::Decision(dec) => {
            #[derive(Serialize)]
            struct StepView<'a> {
                stage: &'a str,
                date: Date,
                expected: Option<u32>,
                present: Option<u32>,
                agree: Option<u32>,
                result: Option<&'a str>,
            }
            #[derive(Serialize)]
            struct DecisionView<'a> {
                matter: &'a str,
                steps: Vec<StepView<'a>>,
                resolution: &'a str,
                result: Option<&'a str>,
            }
            ctx.insert(
                "decision",
                &DecisionView {
                    matter: &dec.matter,
                    steps: dec
                        .steps
                        .iter()
                        .map(|s| StepView {
                            stage: &s.stage.value,
                            date: s.date.value,
                            expected: s.expected.as_ref().map(|a| a.value),
                            present: s.present.as_ref().map(|a| a.value),
                            agree: s.agree.as_ref().map(|a| a.value),
                            result: s.result.as_deref(),
                        })
                        .collect(),
                    resolution: &dec.resolution,
                    result: dec.result.as_deref(),
                },
            );
        }
        Content::Beneficiaries(b) => {
            #[derive(Serialize)]
            struct RowView<'a> {
                name: &'a str,
                group: &'a str,
                amount: String,
                household_size: Option<u32>,
                note: Option<&'a str>,
            }
            #[derive(Serialize)]
            struct ListView<'a> {
                program: &'a str,
                rows: Vec<RowView<'a>>,
                total: String,
                count: usize,
                has_household: bool,
                has_note: bool,
            }
            ctx.insert(
                "list",
                &ListView {
                    program: &b.program,
                    rows: b
                        .rows
                        .iter()
                        .map(|r| RowView {
                            name: &r.name,
                            group: &r.group.value,
                            amount: fmt(r.amount.value),
                            household_size: r.household_size,
                            note: r.note.as_deref(),
                        })
                        .collect(),
                    total: fmt(b.rows.iter().map(|r| r.amount.value).sum()),
                    count: b.rows.len(),
                    has_household: b.rows.iter().any(|r| r.household_size.is_some()),
                    has_note: b.rows.iter().any(|r| r.note.is_some()),
                },
            );
        }
        Content::PartyDevelopment(p) => {
            #[derive(Serialize)]
            struct PersonView<'a> {
                name: &'a str,
                gender: &'a str,
                group: Option<&'a str>,
                since: Option<Date>,
            }
            #[derive(Serialize)]
            struct DevView<'a> {
                stage: &'a str,
                people: Vec<PersonView<'a>>,
                objections_to: Option<Date>,
            }
            ctx.insert(
                "development",
                &DevView {
                    stage: &p.stage,
                    people: p
                        .people
                        .iter()
                        .map(|x| PersonView {
                            name: &x.name,
                            gender: &x.gender,
                            group: x.group.as_deref(),
                            since: x.since,
                        })
                        .collect(),
                    objections_to: p.objections_to.as_ref().map(|a| a.value),
                },
            );
        }
        Content::PartyDues(du) => {
            #[derive(Serialize)]
            struct RowView<'a> {
                name: &'a str,
                amount: String,
                note: Option<&'a str>,
            }
            #[derive(Serialize)]
            struct DuesView<'a> {
                members: u32,
                collected: String,
                remitted: String,
                rows: Vec<RowView<'a>>,
            }
            ctx.insert(
                "dues",
                &DuesView {
                    members: du.members.value,
                    collected: fmt(du.collected.value),
                    remitted: fmt(du.remitted.value),
                    rows: du
                        .rows
                        .iter()
                        .map(|r| RowView {
                            name: &r.name,
                            amount: fmt(r.amount.value),
                            note: r.note.as_deref(),
                        })
                        .collect(),
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The QR codes drawn before the render are each page's own: the sample county renders
    /// the same with them as without, and the render takes every one of them.
    #[test]
    fn print_codes_drawn_early_are_the_pages_own() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut diags = Diagnostics::new();
        let site = crate::load::load(root, &mut diags).unwrap().site;
        let theme = crate::theme::load(root, &site.config.theme, &mut diags);
        let history = crate::history::History::unavailable("test");
        let opts = RenderOptions { drafts: false };
        let stop = std::sync::atomic::AtomicBool::new(false);
        let codes = draw_print_codes(&site, &opts, &stop);
        let documents: Vec<&Document> = visible_documents(&site, &opts).collect();
        assert!(documents.len() > 100);
        assert_eq!(codes.len(), documents.len());
        for d in &documents {
            let permalink = permalink(&site.config, d);
            assert_eq!(*codes[&permalink], qr::svg_for(&permalink));
        }

        let mut render = |cache: &mut RenderCache| {
            let mut files = render_with(&site, &history, &theme, &opts, cache, None, &mut diags)
                .expect("the sample county renders");
            files.sort_by(|a, b| a.path.cmp(&b.path));
            files
        };
        let plain = render(&mut RenderCache::default());
        let mut cache = RenderCache {
            print_codes: codes,
            ..RenderCache::default()
        };
        let early = render(&mut cache);
        assert!(cache.print_codes.is_empty());
        assert_eq!(plain.len(), early.len());
        for (a, b) in plain.iter().zip(&early) {
            assert_eq!(a.path, b.path);
            assert!(a.bytes == b.bytes, "{} differs", a.path);
        }
        let with_code = plain
            .iter()
            .filter(|f| f.path.ends_with(".html"))
            .filter(|f| String::from_utf8_lossy(&f.bytes).contains("class=\"print-qr"))
            .count();
        assert_eq!(with_code, documents.len());

        // Told to stop, it draws no more.
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        assert!(draw_print_codes(&site, &opts, &stop).is_empty());
    }

    #[test]
    fn first_in_order_is_a_stable_sort_cut_short() {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for n in [0, 1, 5, 50, 200, 1000] {
            // Many ties (keys 0..20), so that the order of equal ones shows.
            let items: Vec<(u8, usize)> = (0..500)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    ((seed % 20) as u8, i)
                })
                .collect();
            let mut expected: Vec<&(u8, usize)> = items.iter().collect();
            expected.sort_by_key(|x| std::cmp::Reverse(x.0));
            expected.truncate(n);
            let got = first_in_order(items.iter().collect(), n, |a, b| b.0.cmp(&a.0));
            assert_eq!(got, expected, "n = {n}");
        }
    }
}
