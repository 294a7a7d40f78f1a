//! Stage 4, index: site-wide search in Chinese on a static site, read in the browser by the
//! theme's `static/search.js`.
//!
//! A build indexes its pages as it writes them ([`Pages`]); the preview, which keeps its
//! pages in memory, indexes them from there ([`index_pages`]), after serving them.
//!
//! # Why sanwu makes its own index
//!
//! Until session 4 this stage handed the pages to Pagefind, the index Hugo, Zola and Astro
//! sites use. Pagefind holds about 250 KB per page and builds its index on one core: a county of
//! 50,000 disclosures needed 12 GiB and 70 s for search alone, 92 % of the build's memory, and the
//! preview of such a county could not index at all. No other crate makes a static, sharded
//! index for Chinese (tinysearch and elasticlunr load the whole index into the reader's
//! browser). So the index is made here, in the way Lucene's CJK analyser indexes Chinese:
//!
//! - **Terms.** Every Han character, every pair of neighbouring Han characters, and every run of
//!   other letters and digits (lower-cased; full-width forms folded to ASCII). A query is split
//!   the same way; a query of two or more characters looks up its pairs, so "低保户" finds pages
//!   with "低保" and "保户". No dictionary is needed, and no word is missed because a segmenter
//!   cut it differently in the page and in the query.
//! - **Text.** A page's `<main>`, without the parts that are not its content (its history,
//!   footer, print-only lines, breadcrumbs, navigation and drawings), read as the build
//!   renders it (see [`read_page`] for why by a scanner of sanwu's own, held by a test to what
//!   lol_html, an HTML parser, reads). Its title is its first `<h1>`.
//! - **Files** (under [`FOLDER`]; the reader downloads only what a query needs):
//!   - `meta.json`: `{"version", "dir", "pages", "shards", "chunk"}`. `dir` names the folder
//!     of this index's files, a hash of their content, so a browser never mixes files of two
//!     builds from its cache.
//!   - `<dir>/t/<n>.json`: the terms whose FNV-1a hash (32-bit, of their UTF-8) modulo `shards`
//!     is `n`, each with its postings.
//!   - `<dir>/p/<n>.json`: pages `n × chunk` to `n × chunk + chunk − 1`, each
//!     `[url, title, about, text]`, for the results' titles and excerpts.
//! - **Postings.** The pages a term occurs in, in ascending order, each as one number:
//!   gap from the previous page (the first from 0) × 8 + weight, the weight being the term's
//!   occurrences, 3 more for each in the title, at most 7. Each number is written in base 32,
//!   most significant digit first, the last digit from [`LAST`] and the others from [`MORE`].
//!   The reader ranks pages with BM25 over these weights.
//!
//! Pages are numbered in path order, so the index does not depend on the order pages were
//! rendered or found on disk: a site gives the same bytes built or previewed, on any machine.

use crate::diag::{Diagnostics, Msg, Pos};
use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// Where the index's files go in the site.
pub const FOLDER: &str = "search/index/";

/// The format's version, in `meta.json`: the reader refuses an index it cannot read.
const VERSION: u32 = 1;

/// Pages per file of page texts: ten results fetch a few small files, and a county of 50,000
/// pages gets 12,500 of them rather than 50,000.
const CHUNK: usize = 4;

/// A page's stored text is cut here: excerpts come from it, and a reader should not download a
/// whole long notice to see one line of it. Every word of the page is indexed all the same.
const MAX_STORED_CHARS: usize = 12_000;

/// Pages above this size are left out of the index: no disclosure a reader searches for is this
/// long, and one such page would make the file of texts it shares with others large.
const MAX_INDEXED_BYTES: usize = 1 << 20;

/// Digits of a posting's number: [`MORE`] for all but its last, [`LAST`] for its last.
const LAST: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
const MORE: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_";

/// What the index keeps of a page.
#[derive(Clone, Debug, PartialEq)]
struct Page {
    url: String,
    title: String,
    /// Where the page is: its breadcrumbs after the home page ("紫柏镇 › 刘家坪村").
    about: String,
    text: String,
}

/// The last index made, and the pages read for it (by path, with a hash of their bytes), so the
/// preview reads again only the pages that changed.
#[derive(Default)]
pub struct SearchCache {
    last: Option<(u64, Arc<Vec<OutputFile>>)>,
    pages: HashMap<String, Read>,
}

/// A page read for the index: the hash of its bytes, and what the index keeps of it.
type Read = (u64, Arc<Page>);

/// The index of the site's files (`path`, `bytes`): from the cache when no searchable page
/// changed. `Ok(None)` when `stop` said to stop, which it is asked as the work goes on (the
/// preview stops when a rebuild starts, and indexes that one's pages instead).
pub fn index_pages<'a>(
    files: impl Iterator<Item = (&'a str, &'a [u8])>,
    cache: &mut SearchCache,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<Option<Vec<OutputFile>>, String> {
    let mut searchable: Vec<(&str, &[u8], u64)> = files
        .filter(|(path, bytes)| indexed(path, bytes))
        .map(|(path, bytes)| (path, bytes, 0))
        .collect();
    searchable.sort_unstable_by_key(|(path, ..)| *path);
    searchable.par_iter_mut().for_each(|(_, bytes, hash)| {
        if !stop() {
            *hash = crate::load::content_hash(bytes);
        }
    });
    if stop() {
        return Ok(None);
    }
    let print = {
        use std::hash::Hasher;
        let mut h = std::hash::DefaultHasher::new();
        for (path, _, hash) in &searchable {
            h.write(path.as_bytes());
            h.write_u64(*hash);
        }
        h.finish()
    };
    if let Some((p, out)) = &cache.last
        && *p == print
    {
        return Ok(Some(out.to_vec()));
    }
    let pages: Option<Vec<(String, Read)>> = searchable
        .par_iter()
        .map(|(path, bytes, hash)| {
            let page = match cache.pages.get(*path) {
                Some((h, page)) if h == hash => page.clone(),
                _ if stop() => return None,
                _ => Arc::new(read_page(path, bytes)),
            };
            Some((path.to_string(), (*hash, page)))
        })
        .collect();
    let Some(pages) = pages.filter(|_| !stop()) else {
        return Ok(None);
    };
    cache.pages = pages.iter().cloned().collect();
    let Some(out) = build(pages.iter().map(|(_, (_, p))| &**p), stop)? else {
        return Ok(None);
    };
    let out = Arc::new(out);
    cache.last = Some((print, out.clone()));
    Ok(Some(out.to_vec()))
}

/// The pages of a build read for its index as they are written, on the threads that render
/// them ([`Pages::read`]): the index need not read back from disk the pages just written, and
/// reading overlaps rendering. [`Pages::index`] then makes the index.
#[derive(Default)]
pub struct Pages {
    read: std::sync::Mutex<Vec<(String, Page)>>,
}

impl Pages {
    /// Reads the searchable pages among `files`.
    pub fn read(&self, files: &[OutputFile]) {
        let mut pages: Vec<(String, Page)> = files
            .iter()
            .filter(|f| indexed(&f.path, &f.bytes))
            .map(|f| (f.path.clone(), read_page(&f.path, &f.bytes)))
            .collect();
        if !pages.is_empty() {
            let mut read = self.read.lock().unwrap_or_else(|e| e.into_inner());
            read.append(&mut pages);
        }
    }

    /// The index of the pages read.
    pub fn index(self) -> Result<Vec<OutputFile>, String> {
        let mut pages = self.read.into_inner().unwrap_or_else(|e| e.into_inner());
        pages.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Ok(build(pages.iter().map(|(_, page)| page), &|| false)?.unwrap_or_default())
    }
}

pub fn failed(e: &str, diags: &mut Diagnostics) {
    diags.error(
        "E0602",
        "content",
        Pos::file(),
        Msg::new(
            format!("生成搜索索引失败：{e}"),
            format!("building the search index failed: {e}"),
        ),
        Msg::new(
            "原因是磁盘已满或没有读写权限的，腾出空间或换一个 --out 文件夹；其他原因是 sanwu 的问题，请报告给维护者",
            "if the cause is a full disk or a permission, free space or choose another --out; otherwise this is a bug in sanwu: please report it",
        ),
    );
}

/// Whether the file at `path` goes into the index: a page worth finding, not too long. The
/// build and the preview index the same pages.
fn indexed(path: &str, bytes: &[u8]) -> bool {
    bytes.len() <= MAX_INDEXED_BYTES && is_searchable(path)
}

/// Pages worth finding: villages, towns, documents, free pages and enforcement items; not
/// revision pages, listings of changes, the search page, the enforcement list or the 404 page.
pub fn is_searchable(path: &str) -> bool {
    path.ends_with("index.html")
        && !path.contains("/history/")
        && !path.starts_with("changes/")
        && !path.starts_with("search/")
        && path != "enforcement/index.html"
}

/// Elements whose start and end separate words: "<td>日期</td><td>摘要</td>" is not "期摘".
/// Inline elements do not: "水渠<b>衬砌</b>" still has "渠衬".
fn separates(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "li"
            | "td"
            | "th"
            | "tr"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "br"
            | "caption"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "table"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "figure"
            | "figcaption"
            | "details"
            | "summary"
            | "aside"
            | "hr"
            | "main"
    )
}

/// What the index keeps of the page at `path` (in the site) with these bytes.
///
/// The page is read with a scanner of its own rather than an HTML parser: the pages are
/// sanwu's, rendered from its templates with every text escaped, so their tags are well
/// formed and balanced, and what is wanted (the text of `<main>` outside a few elements, the
/// first heading and the breadcrumbs) needs only a stack of open elements. lol_html, the
/// streaming parser used before, took about 170 µs of CPU per page, and the index was a fifth
/// of a build's time; this scan, decoding included, takes about 35 µs. A test holds the two
/// equal on every searchable page of the sample county.
fn read_page(path: &str, html: &[u8]) -> Page {
    let html = crate::source::lossy(html);
    let mut scan = Scan::default();
    scan.run(&html);
    page_of(path, &scan.text, &scan.title, &scan.crumbs)
}

/// The page at `path` with the text, title and breadcrumbs read from its HTML (undecoded).
fn page_of(path: &str, text: &str, title: &str, crumbs: &[String]) -> Page {
    Page {
        url: path.strip_suffix("index.html").unwrap_or(path).to_string(),
        title: squeeze(&decode(title)).replace('\n', " "),
        // The way to the page from the county's home, without the home: town and village.
        about: crumbs
            .iter()
            .skip(1)
            .map(|c| squeeze(&decode(c)))
            .collect::<Vec<_>>()
            .join(" › "),
        text: squeeze(&decode(text)),
    }
}

/// The parts of `<main>` that are not the page's content: elements of these names, or with
/// one of these classes.
const LEFT_OUT_TAGS: [&str; 4] = ["nav", "svg", "script", "style"];
const LEFT_OUT_CLASSES: [&str; 4] = ["history", "doc-footer", "print-only", "crumbs"];

/// Elements without an end tag.
fn is_void(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// An open element, and what its start began.
struct Open<'a> {
    tag: &'a str,
    main: bool,
    left_out: bool,
    title: bool,
    crumbs: bool,
    crumb: bool,
}

/// The state of [`read_page`]'s scan: how many open elements of each kind enclose the text.
#[derive(Default)]
struct Scan<'a> {
    open: Vec<Open<'a>>,
    main: usize,
    left_out: usize,
    in_crumbs: usize,
    in_crumb: usize,
    /// 0: no title yet; 1: in the first `<h1>` of `<main>`; 2: after it.
    title_state: u8,
    text: String,
    title: String,
    crumbs: Vec<String>,
}

impl<'a> Scan<'a> {
    fn run(&mut self, html: &'a str) {
        let mut rest = html;
        // memchr's vector search: a page is mostly text between tags.
        while let Some(lt) = memchr::memchr(b'<', rest.as_bytes()) {
            self.text_chunk(&rest[..lt]);
            let tag = &rest[lt..];
            if let Some(comment) = tag.strip_prefix("<!--") {
                rest = comment.find("-->").map_or("", |e| &comment[e + 3..]);
            } else if let Some(end) = tag.strip_prefix("</") {
                let close = memchr::memchr(b'>', end.as_bytes()).unwrap_or(end.len());
                self.end(end[..close].trim_end());
                rest = end.get(close + 1..).unwrap_or("");
            } else if tag[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
                rest = self.start(&tag[1..]);
            } else if tag.starts_with("<!") || tag.starts_with("<?") {
                rest = tag.find('>').map_or("", |e| &tag[e + 1..]);
            } else {
                self.text_chunk("<");
                rest = &tag[1..];
            }
        }
        self.text_chunk(rest);
    }

    /// A start tag: `tag` begins with its name. Returns what follows it.
    fn start(&mut self, tag: &'a str) -> &'a str {
        let name_end = tag
            .bytes()
            .position(|b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
            .unwrap_or(tag.len());
        let name = &tag[..name_end];
        // The attributes, up to the `>` outside quotes.
        let bytes = tag.as_bytes();
        let (mut i, mut class) = (name_end, None);
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'"' || b == b'\'' {
                // A quoted value, skipped in one search: a drawing's path is kilobytes long.
                i = memchr::memchr(b, &bytes[i + 1..]).map_or(bytes.len(), |end| i + 1 + end + 1);
                continue;
            } else if b == b'>' {
                break;
            } else if b == b'='
                && tag[..i]
                    .trim_end()
                    .strip_suffix("class")
                    .is_some_and(|name| name.ends_with(|c: char| c.is_ascii_whitespace()))
            {
                let value = tag[i + 1..].trim_start();
                class = match value.as_bytes().first() {
                    Some(&q @ (b'"' | b'\'')) => value[1..].split(q as char).next(),
                    _ => value
                        .split(|c: char| c.is_ascii_whitespace() || c == '>')
                        .next(),
                };
            }
            i += 1;
        }
        let self_closing = tag[..i].ends_with('/');
        let after = tag.get(i + 1..).unwrap_or("");
        let in_main = self.main > 0;
        let main = name == "main";
        if (in_main || main) && separates(name) {
            self.separate();
        }
        let left_out = in_main
            && (LEFT_OUT_TAGS.contains(&name)
                || class.is_some_and(|c| {
                    c.split_ascii_whitespace()
                        .any(|c| LEFT_OUT_CLASSES.contains(&c))
                }));
        let crumbs = class.is_some_and(|c| c.split_ascii_whitespace().any(|c| c == "crumbs"));
        let crumb = self.in_crumbs > 0 && name == "a";
        if is_void(name) || self_closing {
            // Nothing inside: only a crumb link written `<a/>` would count, and none is.
            return after;
        }
        let title =
            in_main && name == "h1" && self.title_state == 0 && self.left_out == 0 && !left_out;
        self.main += main as usize;
        self.left_out += left_out as usize;
        self.in_crumbs += crumbs as usize;
        self.in_crumb += crumb as usize;
        if title {
            self.title_state = 1;
        }
        if crumb {
            self.crumbs.push(String::new());
        }
        self.open.push(Open {
            tag: name,
            main,
            left_out,
            title,
            crumbs,
            crumb,
        });
        // Raw text: everything up to the end tag is text.
        if matches!(name, "script" | "style" | "textarea" | "title") {
            let close = format!("</{name}");
            let end = after.find(close.as_str()).unwrap_or(after.len());
            self.text_chunk(&after[..end]);
            return &after[end..];
        }
        after
    }

    /// An end tag: closes its element and any left open inside it.
    fn end(&mut self, name: &str) {
        let Some(at) = self.open.iter().rposition(|o| o.tag == name) else {
            return;
        };
        while self.open.len() > at {
            let Some(o) = self.open.pop() else { break };
            if self.main > 0 && separates(o.tag) {
                self.separate();
            }
            self.main -= o.main as usize;
            self.left_out -= o.left_out as usize;
            self.in_crumbs -= o.crumbs as usize;
            self.in_crumb -= o.crumb as usize;
            if o.title {
                self.title_state = 2;
            }
        }
    }

    fn text_chunk(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.main > 0 && self.left_out == 0 {
            self.text.push_str(text);
            if self.title_state == 1 {
                self.title.push_str(text);
            }
        }
        if self.in_crumb > 0
            && let Some(last) = self.crumbs.last_mut()
        {
            last.push_str(text);
        }
    }

    fn separate(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }
}

fn decode(html: &str) -> String {
    html_escape::decode_html_entities(html).into_owned()
}

/// Runs of blanks within a line become one space; blank lines go.
fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut words = line.split_whitespace().peekable();
        if words.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        for (i, w) in words.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

/// Whether `c` is a Han character (the CJK Unified Ideographs and their extensions, and the
/// compatibility ideographs). `static/search.js` has the same ranges.
fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF | 0x2A700..=0x2EBEF
            | 0x30000..=0x3134F)
}

/// The character as it is indexed: full-width ASCII folded, lower case where that is one
/// character (so that offsets in the text and in its folded form agree, for excerpts).
fn fold(c: char) -> char {
    // Most of a page is Han characters and ASCII: no case tables for them.
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if is_han(c) {
        return c;
    }
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Words longer than this are cut: they are codes or numbers, and a reader types their start.
const MAX_WORD_CHARS: usize = 32;

/// Calls `each` with every term of `text`, in order, with repeats.
#[cfg(test)]
fn terms(text: &str, each: impl FnMut(&str)) {
    let folded = folded(text);
    terms_of_folded(&folded, each);
}

fn folded(text: &str) -> String {
    text.chars().map(fold).collect()
}

/// [`terms`] of a text already [`folded`], as slices of it.
fn terms_of_folded<'a>(folded: &'a str, mut each: impl FnMut(&'a str)) {
    let mut chars = folded.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_han(c) {
            each(&folded[i..i + c.len_utf8()]);
            if let Some(&(j, d)) = chars.peek()
                && is_han(d)
            {
                each(&folded[i..j + d.len_utf8()]);
            }
        } else if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            let mut n = 1;
            while let Some(&(j, d)) = chars.peek() {
                if is_han(d) || !d.is_alphanumeric() {
                    break;
                }
                chars.next();
                n += 1;
                if n <= MAX_WORD_CHARS {
                    end = j + d.len_utf8();
                }
            }
            each(&folded[i..end]);
        }
    }
}

/// 32-bit FNV-1a of the term's UTF-8: which file of terms it is in. `static/search.js` computes
/// the same.
fn fnv1a(term: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in term.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Postings by term: page number × 8 + weight, in page order.
/// Hashed with FxHash, not std's SipHash: the keys are the site's own words, not an
/// attacker's, and hashing a page's thousand terms twice was a third of indexing it.
type Postings = rustc_hash::FxHashMap<Box<str>, Vec<u32>>;

/// Adds page `n`'s terms to `postings`.
fn index_terms(postings: &mut Postings, n: u32, page: &Page) {
    // Terms borrowed from the folded texts: a page has a thousand, and only a term new to the
    // index is copied.
    let (text, title) = (folded(&page.text), folded(&page.title));
    // About a term for every three bytes of Chinese text: sized once, not grown.
    let mut w: rustc_hash::FxHashMap<&str, u32> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(text.len() / 3, Default::default());
    terms_of_folded(&text, |t| *w.entry(t).or_default() += 1);
    terms_of_folded(&title, |t| *w.entry(t).or_default() += 3);
    for (term, weight) in w {
        let posting = n << 3 | weight.min(7);
        match postings.get_mut(term) {
            Some(list) => list.push(posting),
            None => {
                postings.insert(term.into(), vec![posting]);
            }
        }
    }
}

/// Appends `n` in the postings' base-32 digits.
fn push_number(out: &mut String, n: u32) {
    let mut digits = [0u8; 7];
    let mut len = 0;
    let mut v = n;
    loop {
        digits[len] = (v & 31) as u8;
        len += 1;
        v >>= 5;
        if v == 0 {
            break;
        }
    }
    for i in (1..len).rev() {
        out.push(MORE[digits[i] as usize] as char);
    }
    out.push(LAST[digits[0] as usize] as char);
}

/// A term's postings as the reader reads them.
fn encode(postings: &[u32]) -> String {
    let mut out = String::with_capacity(postings.len() * 2);
    let mut prev = 0;
    for &p in postings {
        let (page, weight) = (p >> 3, p & 7);
        push_number(&mut out, (page - prev) << 3 | weight);
        prev = page;
    }
    out
}

/// The index's files for `pages`, numbered in the order given (path order); `None` if `stop`
/// said to stop.
fn build<'a>(
    pages: impl Iterator<Item = &'a Page>,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<Option<Vec<OutputFile>>, String> {
    let pages: Vec<&Page> = pages.collect();
    let count = u32::try_from(pages.len())
        .ok()
        .filter(|n| *n < 1 << 28)
        .ok_or("more than 268 million pages")?;
    // Each worker indexes a run of pages in order; runs are joined in order, so every list of
    // postings stays in page order.
    let postings: Postings = pages
        .par_iter()
        .enumerate()
        .fold(Postings::default, |mut acc, (n, page)| {
            if !stop() {
                index_terms(&mut acc, n as u32, page);
            }
            acc
        })
        .reduce(Postings::default, |mut left, right| {
            if left.is_empty() {
                return right;
            }
            for (term, list) in right {
                match left.get_mut(&term) {
                    Some(l) => l.extend(list),
                    None => {
                        left.insert(term, list);
                    }
                }
            }
            left
        });
    if stop() {
        return Ok(None);
    }
    let mut encoded: Vec<(Box<str>, String)> = postings
        .into_par_iter()
        .map(|(term, mut list)| {
            list.sort_unstable();
            let e = encode(&list);
            (term, e)
        })
        .collect();
    encoded.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let bytes: usize = encoded.iter().map(|(t, e)| t.len() + e.len() + 6).sum();
    // About 24 KB of terms per file: a query of a few words fetches a few such files.
    let shards = (bytes / (24 << 10)).clamp(1, 4096).next_power_of_two() as u32;
    let mut by_shard: Vec<Vec<usize>> = vec![Vec::new(); shards as usize];
    for (i, (term, _)) in encoded.iter().enumerate() {
        by_shard[(fnv1a(term) % shards) as usize].push(i);
    }
    let mut files: Vec<(String, Vec<u8>)> = by_shard
        .par_iter()
        .enumerate()
        .map(|(n, members)| (format!("t/{n}.json"), json(&TermFile(&encoded, members))))
        .collect();
    files.par_extend(pages.par_chunks(CHUNK).enumerate().map(|(n, chunk)| {
        let list: Vec<[&str; 4]> = chunk
            .iter()
            .map(|p| {
                let text = match p.text.char_indices().nth(MAX_STORED_CHARS) {
                    Some((cut, _)) => &p.text[..cut],
                    None => p.text.as_str(),
                };
                [p.url.as_str(), p.title.as_str(), p.about.as_str(), text]
            })
            .collect();
        (format!("p/{n}.json"), json(&list))
    }));
    let dir = {
        // Each file hashed on its own, in parallel (a large site's index is 120 MB), then
        // the hashes in order.
        let hashes: Vec<u8> = files
            .par_iter()
            .map(|(path, bytes)| fnv1a_64(&[path.as_bytes(), bytes]))
            .collect::<Vec<u64>>()
            .iter()
            .flat_map(|h| h.to_le_bytes())
            .collect();
        format!("{:016x}", fnv1a_64(&[&hashes]))
    };
    let meta = serde_json::json!({
        "version": VERSION,
        "dir": dir,
        "pages": count,
        "shards": shards,
        "chunk": CHUNK,
    });
    let mut out: Vec<OutputFile> = files
        .into_iter()
        .map(|(path, bytes)| OutputFile {
            path: format!("{FOLDER}{dir}/{path}"),
            bytes: Arc::new(bytes),
        })
        .collect();
    out.push(OutputFile {
        path: format!("{FOLDER}meta.json"),
        bytes: Arc::new(json(&meta)),
    });
    Ok(Some(out))
}

/// A file of terms: the `members` of `encoded` (in term order), as a JSON object of each
/// term's postings; written from them, not from a copy of them in a JSON map.
struct TermFile<'a>(&'a [(Box<str>, String)], &'a [usize]);

impl serde::Serialize for TermFile<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(
            self.1
                .iter()
                .map(|&i| (&*self.0[i].0, self.0[i].1.as_str())),
        )
    }
}

/// 64-bit FNV-1a of `parts` in order. Not `DefaultHasher`: its output may change between Rust
/// versions, and then every reader's cached index would be fetched again for nothing.
fn fnv1a_64(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in parts.iter().flat_map(|p| p.iter()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn json(value: &impl serde::Serialize) -> Vec<u8> {
    serde_json::to_vec(value).expect("plain data serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parts of `<main>` that are not the page's content.
    const LEFT_OUT: &str = ".history, .doc-footer, .print-only, .crumbs, nav, svg, script, style";

    /// [`read_page`] with lol_html, an HTML parser: the reference the scanner is held to.
    fn read_page_with_lol_html(path: &str, html: &[u8]) -> Page {
        use lol_html::{HtmlRewriter, Settings, element, text};
        use std::cell::{Cell, RefCell};
        use std::rc::Rc;

        let text_buf = Rc::new(RefCell::new(String::new()));
        let title_buf = Rc::new(RefCell::new(String::new()));
        let crumbs = RefCell::new(Vec::<String>::new());
        let left_out = Rc::new(Cell::new(0usize));
        // 0: no h1 yet; 1: in the first h1; 2: after it.
        let title_state = Rc::new(Cell::new(0u8));
        fn separate(buf: &RefCell<String>) {
            let mut b = buf.borrow_mut();
            if !b.is_empty() && !b.ends_with('\n') {
                b.push('\n');
            }
        }
        let result = {
            let mut rewriter = HtmlRewriter::new(
                Settings::new()
                    .append_element_content_handler(element!(".crumbs a", |_| {
                        crumbs.borrow_mut().push(String::new());
                        Ok(())
                    }))
                    .append_element_content_handler(text!(".crumbs a", |t| {
                        if let Some(last) = crumbs.borrow_mut().last_mut() {
                            last.push_str(t.as_str());
                        }
                        Ok(())
                    }))
                    .append_element_content_handler(element!(
                        &format!("main {}", LEFT_OUT.replace(", ", ", main ")),
                        |el| {
                            // An element without an end tag (`<hr class="print-only">`) has no
                            // text to leave out.
                            let counter = left_out.clone();
                            if on_end(el, move || counter.set(counter.get() - 1)) {
                                left_out.set(left_out.get() + 1);
                            }
                            Ok(())
                        }
                    ))
                    .append_element_content_handler(element!("main h1", |el| {
                        if title_state.get() == 0 && left_out.get() == 0 {
                            title_state.set(1);
                            let state = title_state.clone();
                            on_end(el, move || state.set(2));
                        }
                        Ok(())
                    }))
                    .append_element_content_handler(element!("main, main *", |el| {
                        if separates(&el.tag_name()) {
                            separate(&text_buf);
                            let buf = text_buf.clone();
                            on_end(el, move || separate(&buf));
                        }
                        Ok(())
                    }))
                    .append_element_content_handler(text!("main", |t| {
                        if left_out.get() == 0 {
                            text_buf.borrow_mut().push_str(t.as_str());
                            if title_state.get() == 1 {
                                title_buf.borrow_mut().push_str(t.as_str());
                            }
                        }
                        Ok(())
                    })),
                |_: &[u8]| {},
            );
            rewriter.write(html).and_then(|()| rewriter.end())
        };
        // A page sanwu rendered is always well formed enough for lol_html, which recovers from
        // broken markup as browsers do; an error leaves what was read so far.
        let _ = result;
        page_of(
            path,
            &text_buf.borrow(),
            &title_buf.borrow(),
            &crumbs.borrow(),
        )
    }

    /// Runs `f` at the element's end tag; `false` for an element without one (`<br>`, `<hr>`).
    fn on_end(
        el: &mut lol_html::html_content::Element<'_, '_>,
        f: impl FnOnce() + 'static,
    ) -> bool {
        let Some(handlers) = el.end_tag_handlers() else {
            return false;
        };
        let handler: lol_html::EndTagHandler<'static> = Box::new(move |_| {
            f();
            Ok(())
        });
        handlers.push(handler);
        true
    }

    fn all_terms(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        terms(text, |t| v.push(t.to_string()));
        v
    }

    #[test]
    fn han_characters_give_themselves_and_their_pairs() {
        assert_eq!(all_terms("低保户"), ["低", "低保", "保", "保户", "户"]);
        assert_eq!(all_terms("村，道"), ["村", "道"], "punctuation separates");
    }

    #[test]
    fn other_letters_and_digits_are_words_folded() {
        assert_eq!(
            all_terms("ＬＹ-CF-００1 ２０２５年"),
            ["ly", "cf", "001", "2025", "年"]
        );
        assert_eq!(all_terms("x".repeat(40).as_str()), ["x".repeat(32)]);
    }

    #[test]
    fn postings_round_trip_through_the_readers_digits() {
        // The decoder `static/search.js` uses, in Rust.
        fn decode(s: &str) -> Vec<u32> {
            let (mut out, mut n, mut page) = (Vec::new(), 0u32, 0u32);
            for b in s.bytes() {
                if let Some(d) = LAST.iter().position(|&x| x == b) {
                    let v = n * 32 + d as u32;
                    page += v >> 3;
                    out.push(page << 3 | (v & 7));
                    n = 0;
                } else {
                    n = n * 32 + MORE.iter().position(|&x| x == b).unwrap() as u32;
                }
            }
            out
        }
        let list = [1u32, 9 << 3 | 7, 40_000 << 3 | 2, ((1 << 28) - 8) | 1];
        assert_eq!(decode(&encode(&list)), list);
        assert_eq!(
            encode(&[1 << 3 | 1]),
            "9",
            "a near neighbour costs one character"
        );
    }

    #[test]
    fn fnv_matches_the_published_vectors() {
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
        assert_eq!(fnv1a("foobar"), 0xbf9c_f968);
    }

    #[test]
    fn a_page_is_its_main_without_history_or_navigation() {
        let html = r#"<html><head><title>x</title></head>
<body><nav>首页</nav><nav class="crumbs"><ol><li><a href="/">示例县</a></li><li><a href="t/">紫柏镇</a></li>
<li><a href="v/">刘&amp;家坪村</a></li><li>本页</li></ol></nav><main><p class="crumbs">紫柏镇</p><h1>2025年3月<b>财务</b>公开</h1>
<table><tr><td>日期</td><td>水渠<b>衬砌</b> &lt;工程&gt;</td></tr></table>
<section class="history"><h2>修改记录</h2><p>删掉的字</p></section><svg><text>图</text></svg>
<hr class="print-only"><img class="print-only" alt="">
<p>结尾</p></main><footer>页脚</footer></body></html>"#;
        let page = read_page("towns/a/index.html", html.as_bytes());
        assert_eq!(
            page,
            read_page_with_lol_html("towns/a/index.html", html.as_bytes())
        );
        assert_eq!(page.url, "towns/a/");
        assert_eq!(page.title, "2025年3月财务公开");
        assert_eq!(page.about, "紫柏镇 › 刘&家坪村");
        assert_eq!(page.text, "2025年3月财务公开\n日期\n水渠衬砌 <工程>\n结尾");
    }

    #[test]
    fn the_scanner_reads_pages_as_an_html_parser_does() {
        let tricky = r#"<!DOCTYPE html><html><head><title>a < b</title><style>main{}</style></head>
<body><main><!-- <h1>注释</h1> --><h1 class="print-only">打印</h1><p data-class="history">留</p><h1 id='t' data-x="a>b">标<i>题</i></h1>
<script>if (a < b) { x = "</p>"; }</script><nav class=crumbs><a href=x>甲</a></nav>
<div class="note history-like">留下<br/>分开<span>连着</span></div><svg><path d="M0 0"/><text>图</text></svg>
<p>未闭合<b>粗</p><p>a&lt;b &amp; 1 &gt; 0</p><pre>  代码
  两行</pre></main><p>外面</p></body></html>"#;
        let page = read_page("a/index.html", tricky.as_bytes());
        assert_eq!(
            page,
            read_page_with_lol_html("a/index.html", tricky.as_bytes())
        );
        assert_eq!(page.title, "标题");

        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let site = crate::build::compile(root, true, &|_| {}).expect("the sample county builds");
        let mut read = 0;
        for f in site.files.iter().filter(|f| is_searchable(&f.path)) {
            assert_eq!(
                read_page(&f.path, &f.bytes),
                read_page_with_lol_html(&f.path, &f.bytes),
                "{}",
                f.path
            );
            read += 1;
        }
        assert!(read > 1000, "{read} pages");
    }

    fn page(url: &str, title: &str, text: &str) -> Page {
        Page {
            url: url.into(),
            title: title.into(),
            about: String::new(),
            text: text.into(),
        }
    }

    fn file<'a>(files: &'a [OutputFile], suffix: &str) -> &'a [u8] {
        files
            .iter()
            .find(|f| f.path.ends_with(suffix))
            .map(|f| f.bytes.as_slice())
            .unwrap_or_else(|| panic!("no {suffix}"))
    }

    #[test]
    fn the_index_finds_a_term_where_it_is_and_weighs_the_title() {
        let pages = [
            page("a/", "道路", "村道硬化"),
            page("b/", "低保", "低保户名单 低保"),
            page("c/", "其他", "没有"),
        ];
        let files = build(pages.iter(), &|| false).unwrap().unwrap();
        let meta: serde_json::Value = serde_json::from_slice(file(&files, "meta.json")).unwrap();
        assert_eq!(meta["pages"], 3);
        let shards = meta["shards"].as_u64().unwrap() as u32;
        let shard = file(&files, &format!("/t/{}.json", fnv1a("低保") % shards));
        let terms: serde_json::Value = serde_json::from_slice(shard).unwrap();
        // Page 1, twice in the text and once in the title: 2 + 3.
        assert_eq!(terms["低保"], "d", "{terms}");
        let texts: serde_json::Value = serde_json::from_slice(file(&files, "/p/0.json")).unwrap();
        assert_eq!(texts[1][0], "b/");
        assert_eq!(texts[1][1], "低保");
    }

    #[test]
    fn the_same_pages_give_the_same_bytes_whatever_the_threads() {
        let pages: Vec<Page> = (0..500)
            .map(|i| {
                page(
                    &format!("p{i}/"),
                    "公开",
                    &format!("第{i}号 村务公开 低保 {i}"),
                )
            })
            .collect();
        let a = build(pages.iter(), &|| false).unwrap().unwrap();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let b = pool.install(|| build(pages.iter(), &|| false).unwrap().unwrap());
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.path, y.path);
            assert_eq!(x.bytes, y.bytes, "{}", x.path);
        }
    }
}
