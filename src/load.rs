//! Stage 1, load: walk `content/` and read every file into the typed model.
//!
//! Files are found with walkdir, then parsed in parallel; each file's problems are collected,
//! never thrown, so the build can report every error at once.

use crate::date::Date;
use crate::diag::{Diagnostics, Msg, Pos};
use crate::fields::{self, Cx, Obj};
use crate::model::*;
use crate::schema::Shape;
use crate::source;
use crate::yaml::{self, Node};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The loaded site, or as much of it as could be read.
#[derive(Clone)]
pub struct Loaded {
    pub site: Site,
    /// Per village (`town/village`), every document id that has a file, parsed or not, so a
    /// reference to a broken file is not also reported as a reference to a missing one.
    pub ids_on_disk: Arc<BTreeMap<String, BTreeSet<String>>>,
}

/// What a path under `content/` is, by where it stands.
#[derive(Debug, Clone)]
enum Entry {
    SiteConfig,
    Town {
        town: String,
    },
    Village {
        town: String,
        village: String,
    },
    Document {
        town: String,
        village: String,
        domain: Domain,
        id: String,
        markdown: bool,
    },
    Page {
        id: String,
    },
    Catalog,
    DepartmentItems {
        id: String,
    },
}

#[derive(Clone)]
struct Found {
    path: PathBuf,
    rel: String,
    entry: Entry,
}

#[derive(Clone)]
enum Parsed {
    SiteConfig(SiteConfig),
    Town(Town),
    Village(Village),
    Document(Arc<Document>),
    Page(Page),
    Catalog(Enforcement),
    DepartmentItems(At<String>, Vec<EnforcementItem>),
}

/// Loads the site under `root` (the folder holding `content/`).
pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Loaded> {
    load_with(root, diags, None, None)
}

/// What a preview session keeps between loads: each file's reading, by the hash of its bytes.
/// A file whose bytes are unchanged is not parsed or scanned again; the result is the same.
#[derive(Default)]
pub struct LoadCache {
    files: BTreeMap<String, Reading>,
    /// When the files were looked at (nanoseconds since 1970).
    at: u128,
    /// The last load, for a next one told which files changed ([`load_with`]'s `changed`).
    last: Option<LastLoad>,
}

impl LoadCache {
    /// The files the last load read.
    pub fn files_read(self) -> FilesRead {
        let files = self
            .files
            .into_iter()
            .filter_map(|(rel, r)| {
                let s = r.stamp?;
                Some(FileRead {
                    rel,
                    size: s.size,
                    modified_ns: s.modified,
                    hash: r.hash,
                })
            })
            .collect();
        FilesRead { at: self.at, files }
    }
}

/// The files a load read, and when it looked at them (nanoseconds since 1970).
pub struct FilesRead {
    pub at: u128,
    pub files: Vec<FileRead>,
}

/// A file a load read: its path from the site root, size, modification time (nanoseconds since
/// 1970) as it was before the file was read, and the [`content_hash`] of the bytes read.
pub struct FileRead {
    pub rel: String,
    pub size: u64,
    pub modified_ns: u128,
    pub hash: u64,
}

/// What a load found, made and reported, kept to patch instead of walking and assembling
/// again: a county of 50,000 files took a third of a second to list, look at and assemble,
/// on every save of one.
struct LastLoad {
    found: Vec<Found>,
    /// Where each file (by path from the site root) is in `found`.
    index: HashMap<String, usize>,
    loaded: Loaded,
    /// The diagnostics of single files (by file), and those of the whole (which depend only on
    /// which files there are and on files other than documents).
    per_file: Vec<(String, Diagnostics)>,
    whole: Diagnostics,
}

/// One file's reading: its size and modification time when read, its hash, what it says.
struct Reading {
    stamp: Option<Stamp>,
    hash: u64,
    parsed: Option<Parsed>,
    diags: Diagnostics,
}

/// A file's size and modification time, as git's index keeps them: a file whose stamp is as
/// recorded is not read again.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    size: u64,
    modified: u128,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some(Stamp {
            size: meta.len(),
            modified,
        })
    }
}

/// A file modified this close before it was looked at may have been modified again within the
/// same tick of the file system's clock, leaving the same stamp: such a file is read again.
const RACY_NANOS: u128 = 2_000_000_000;

fn now_nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// The hash of a file's bytes: what the render stage compares to know a file is unchanged.
pub fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

/// [`load`], reusing the readings in `cache` of files whose bytes have not changed, and
/// leaving this load's readings there for the next.
///
/// `changed`, when given, lists every file (by path from the site root) that may have changed
/// since the last load with this cache, as a file watcher saw them. When they are all documents
/// that were loaded last time and still are there, only they are read and the last site is
/// patched; anything else (a file added or removed, a village, the settings, a document that
/// no longer parses) loads the whole site.
pub fn load_with(
    root: &Path,
    out: &mut Diagnostics,
    mut cache: Option<&mut LoadCache>,
    changed: Option<&[String]>,
) -> Option<Loaded> {
    if let (Some(cache), Some(changed)) = (cache.as_deref_mut(), changed)
        && let Some(loaded) = reload_changed(cache, changed, out)
    {
        return Some(loaded);
    }
    let mut whole = Diagnostics::new();
    let diags = &mut whole;
    let content = root.join("content");
    let Some(found) = discover(root, &content, diags) else {
        out.extend(whole);
        return None;
    };

    let empty = BTreeMap::new();
    let known = cache.as_ref().map_or(&empty, |c| &c.files);
    let known_at = cache.as_ref().map_or(0, |c| c.at);
    let looked_at = now_nanos();
    let stamped = cache.is_some();
    let parse_all = || -> Vec<Reading> {
        found
            .par_iter()
            .map(|f| {
                // Taken before the file is read: a change while it is read gives a later stamp.
                let stamp = stamped.then(|| Stamp::of(&f.path)).flatten();
                let reading = |r: &Reading| Reading {
                    stamp,
                    hash: r.hash,
                    parsed: r.parsed.clone(),
                    diags: r.diags.clone(),
                };
                let before = known.get(&f.rel);
                if let (Some(s), Some(r)) = (stamp, before)
                    && r.stamp == Some(s)
                    && known_at.saturating_sub(s.modified) > RACY_NANOS
                {
                    return reading(r);
                }
                read_file(f, stamp, before)
            })
            .collect()
    };
    let results = with_deep_stacks(parse_all);

    let mut config = None;
    let mut towns: BTreeMap<String, Town> = BTreeMap::new();
    let mut villages: BTreeMap<(String, String), Village> = BTreeMap::new();
    let mut documents: Vec<Arc<Document>> = Vec::new();
    let mut pages = Vec::new();
    let mut catalog = None;
    let mut department_files: Vec<(String, At<String>, Vec<EnforcementItem>)> = Vec::new();
    let mut ids_on_disk: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut first_file_of: BTreeMap<(String, String, String), String> = BTreeMap::new();

    let results: Vec<(Option<Parsed>, Diagnostics, u64)> = match cache.as_deref_mut() {
        // The readings stay in the cache; the site gets copies, which share the documents.
        Some(cache) => {
            cache.files = found
                .iter()
                .zip(results)
                .filter(|(_, r)| r.hash != 0)
                .map(|(f, r)| (f.rel.clone(), r))
                .collect();
            cache.at = looked_at;
            found
                .iter()
                .map(|f| match cache.files.get(&f.rel) {
                    Some(r) => (r.parsed.clone(), r.diags.clone(), r.hash),
                    None => (None, Diagnostics::new(), 0),
                })
                .collect()
        }
        None => results
            .into_iter()
            .map(|r| (r.parsed, r.diags, r.hash))
            .collect(),
    };
    let mut enforcement_sources: Vec<(String, u64)> = Vec::new();
    let mut per_file: Vec<(String, Diagnostics)> = Vec::new();
    for (f, (parsed, d, hash)) in found.iter().zip(results) {
        if !d.is_empty() {
            per_file.push((f.rel.clone(), d));
        }
        if matches!(f.entry, Entry::Catalog | Entry::DepartmentItems { .. }) {
            enforcement_sources.push((f.rel.clone(), hash));
        }
        if let Entry::Document {
            town, village, id, ..
        } = &f.entry
        {
            ids_on_disk
                .entry(format!("{town}/{village}"))
                .or_default()
                .insert(id.clone());
            let key = (town.clone(), village.clone(), id.clone());
            if let Some(first) = first_file_of.get(&key) {
                diags.error(
                    "E0210",
                    &f.rel,
                    Pos::file(),
                    Msg::new(
                        format!("编号 `{id}` 重复：{first} 也用了这个文件名"),
                        format!("duplicate id `{id}`: {first} has the same file name"),
                    ),
                    Msg::new(
                        "同一个村的公开文件（财务、村务、党务三个文件夹合起来）文件名不能相同，请给其中一个改名",
                        "document file names must be unique within a village across its three folders; rename one",
                    ),
                );
                diags.relate(first.clone());
                continue;
            }
            first_file_of.insert(key, f.rel.clone());
        }
        match parsed {
            Some(Parsed::SiteConfig(c)) => config = Some(c),
            Some(Parsed::Town(t)) => {
                towns.insert(t.id.clone(), t);
            }
            Some(Parsed::Village(mut v)) => {
                v.source_hash = hash;
                villages.insert((v.town.clone(), v.id.clone()), v);
            }
            Some(Parsed::Document(doc)) => documents.push(doc),
            Some(Parsed::Page(p)) => pages.push(p),
            Some(Parsed::Catalog(c)) => catalog = Some(c),
            Some(Parsed::DepartmentItems(d, items)) => {
                department_files.push((f.rel.clone(), d, items))
            }
            None => {}
        }
    }

    for doc in documents {
        if let Some(v) = villages.get_mut(&(doc.town.clone(), doc.village.clone())) {
            v.documents.push(doc);
        }
    }
    for ((town, _), v) in villages {
        if let Some(t) = towns.get_mut(&town) {
            t.villages.push(v);
        }
    }
    let on_disk: BTreeSet<String> = enforcement_sources.iter().map(|(f, _)| f.clone()).collect();
    let mut enforcement = assemble_enforcement(catalog, department_files, &on_disk, diags);
    if let Some(e) = &mut enforcement {
        enforcement_sources.sort();
        e.source_hash = content_hash(format!("{enforcement_sources:?}").as_bytes());
    }
    pages.sort_by(|a: &Page, b: &Page| (a.weight, &a.id).cmp(&(b.weight, &b.id)));

    let config = config.unwrap_or_else(|| SiteConfig {
        file: "content/site.yaml".into(),
        name: String::new(),
        county: String::new(),
        base_url: "/".into(),
        theme: "default".into(),
        sample_data: false,
        large_expense_threshold: None,
        posting_days: Vec::new(),
    });
    let loaded = Loaded {
        site: Site {
            config,
            towns: towns.into_values().collect(),
            pages,
            enforcement,
        },
        ids_on_disk: Arc::new(ids_on_disk),
    };
    for (_, d) in &per_file {
        out.extend(d.clone());
    }
    out.extend(whole.clone());
    if let Some(cache) = cache {
        let index = found
            .iter()
            .enumerate()
            .map(|(i, f)| (f.rel.clone(), i))
            .collect();
        cache.last = Some(LastLoad {
            found,
            index,
            loaded: loaded.clone(),
            per_file,
            whole,
        });
    }
    Some(loaded)
}

/// The site after the documents `changed` changed, from `cache`'s last load, when that is all
/// that changed (see [`load_with`]); `None` when the whole site must be loaded.
fn reload_changed(
    cache: &mut LoadCache,
    changed: &[String],
    out: &mut Diagnostics,
) -> Option<Loaded> {
    let last = cache.last.as_ref()?;
    // The theme is not the loader's; everything else must be a document read last time.
    let docs: Vec<&Found> = changed
        .iter()
        .filter(|rel| !rel.starts_with("themes/"))
        .map(|rel| last.index.get(rel).map(|&i| &last.found[i]))
        .collect::<Option<_>>()?;
    if !docs
        .iter()
        .all(|f| matches!(f.entry, Entry::Document { .. }))
    {
        return None;
    }
    let stamps: Vec<Stamp> = docs
        .iter()
        .map(|f| Stamp::of(&f.path))
        .collect::<Option<_>>()?;
    let read: Vec<Reading> = with_deep_stacks(|| {
        docs.par_iter()
            .zip(&stamps)
            .map(|(f, &stamp)| read_file(f, Some(stamp), None))
            .collect()
    });
    let mut readings = Vec::with_capacity(docs.len());
    for (f, mut reading) in docs.iter().zip(read) {
        let Some(Parsed::Document(doc)) = reading.parsed.take() else {
            return None;
        };
        readings.push((f.rel.clone(), doc, reading));
    }
    let mut loaded = last.loaded.clone();
    for (rel, doc, _) in &readings {
        let slot = loaded
            .site
            .towns
            .iter_mut()
            .find(|t| t.id == doc.town)?
            .villages
            .iter_mut()
            .find(|v| v.id == doc.village)?
            .documents
            .iter_mut()
            .find(|d| d.file == *rel)?;
        *slot = doc.clone();
    }
    // All is read and in place: now the cache may change.
    let last = cache.last.as_mut()?;
    for (rel, doc, mut reading) in readings {
        last.per_file.retain(|(r, _)| *r != rel);
        if !reading.diags.is_empty() {
            last.per_file.push((rel.clone(), reading.diags.clone()));
        }
        reading.parsed = Some(Parsed::Document(doc));
        // Looked at after `cache.at`, and so read again by a load that lists every file.
        cache.files.insert(rel, reading);
    }
    for (_, d) in &last.per_file {
        out.extend(d.clone());
    }
    out.extend(last.whole.clone());
    last.loaded = loaded.clone();
    Some(loaded)
}

fn rel_of(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Editors' swap, backup and lock files, and hidden files: never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name == "4913"
        || name.starts_with("~$")
        || name.starts_with("#")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name == "Thumbs.db"
        || name == "desktop.ini"
}

fn discover(root: &Path, content: &Path, diags: &mut Diagnostics) -> Option<Vec<Found>> {
    let canonical_content = match content.canonicalize() {
        Ok(c) => c,
        Err(_) => {
            diags.error(
                "E0110",
                "content",
                Pos::file(),
                Msg::new(
                    format!("找不到内容文件夹 {}", content.display()),
                    format!("no content folder at {}", content.display()),
                ),
                Msg::new(
                    "用 --root 指定站点文件夹（里面应有 content/site.yaml）",
                    "point --root at the site folder (it holds content/site.yaml)",
                ),
            );
            return None;
        }
    };
    let mut found = Vec::new();
    let mut town_has_yaml: BTreeMap<String, bool> = BTreeMap::new();
    let mut village_has_yaml: BTreeMap<(String, String), bool> = BTreeMap::new();
    let mut saw_site = false;

    let walker = walkdir::WalkDir::new(content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    let mut walker = walker;
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e
                    .path()
                    .map(|p| rel_of(root, p))
                    .unwrap_or_else(|| "content".into());
                diags.error(
                    "E0107",
                    &rel,
                    Pos::file(),
                    Msg::new(
                        format!(
                            "无法读取：{}",
                            e.io_error().map_or("读取时出错", source::io_reason_zh)
                        ),
                        format!("cannot read: {e}"),
                    ),
                    Msg::new("检查文件权限", "check the file permissions"),
                );
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let path = entry.path().to_path_buf();
        let rel = rel_of(root, &path);
        let parts: Vec<String> = path
            .strip_prefix(content)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let mut is_dir = entry.file_type().is_dir();
        if entry.path_is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(&canonical_content) => {
                    if target.is_dir() {
                        diags.warning(
                            "W0104",
                            &rel,
                            Pos::file(),
                            Msg::new(
                                "指向文件夹的符号链接已忽略",
                                "symbolic link to a folder ignored",
                            ),
                            Msg::new("请把文件夹直接放在这里", "put the folder itself here"),
                        );
                        continue;
                    }
                    is_dir = false;
                }
                _ => {
                    diags.error(
                        "E0104",
                        &rel,
                        Pos::file(),
                        Msg::new(
                            "符号链接指向 content/ 以外的位置，已拒绝",
                            "symbolic link points outside content/; refused",
                        ),
                        Msg::new(
                            "把真正的文件复制到 content/ 里，删除这个链接",
                            "copy the real file into content/ and remove the link",
                        ),
                    );
                    continue;
                }
            }
        }
        let name = parts.last().cloned().unwrap_or_default();
        let stem = name
            .rsplit_once('.')
            .map(|(s, _)| s.to_string())
            .unwrap_or_else(|| name.clone());
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        let p: Vec<&str> = parts.iter().map(String::as_str).collect();

        // Ids make URLs: every folder and file name below towns/ and pages/ must be one.
        let needs_id = matches!(p.first(), Some(&"towns") | Some(&"pages")) && p.len() >= 2;
        let id_part = if is_dir { name.as_str() } else { stem.as_str() };
        let is_fixed_name = matches!(name.as_str(), "town.yaml" | "village.yaml")
            || (is_dir && p.len() == 4 && Domain::from_folder(&name).is_some());
        if needs_id && !is_fixed_name && !fields::is_id(id_part) {
            bad_id(&rel, id_part, is_dir, diags);
            if is_dir {
                // Nothing under a badly named folder can get a URL; report the folder once.
                walker.skip_current_dir();
            }
            continue;
        }

        let entry_kind = match (p.as_slice(), is_dir) {
            (["site.yaml"], false) => {
                saw_site = true;
                Some(Entry::SiteConfig)
            }
            (["towns"], true) | (["pages"], true) | (["enforcement"], true) => None,
            (["enforcement", "catalog.yaml"], false) => Some(Entry::Catalog),
            (["enforcement", _], false) if matches!(ext.as_deref(), Some("yaml") | Some("yml")) => {
                if fields::is_id(&stem) {
                    Some(Entry::DepartmentItems { id: stem.clone() })
                } else {
                    bad_id(&rel, &stem, false, diags);
                    None
                }
            }
            (["towns", t], true) => {
                town_has_yaml.entry(t.to_string()).or_insert(false);
                None
            }
            (["towns", t, "town.yaml"], false) => {
                town_has_yaml.insert(t.to_string(), true);
                Some(Entry::Town {
                    town: t.to_string(),
                })
            }
            (["towns", t, v], true) => {
                village_has_yaml
                    .entry((t.to_string(), v.to_string()))
                    .or_insert(false);
                None
            }
            (["towns", t, v, "village.yaml"], false) => {
                village_has_yaml.insert((t.to_string(), v.to_string()), true);
                Some(Entry::Village {
                    town: t.to_string(),
                    village: v.to_string(),
                })
            }
            (["towns", _, _, d], true) if Domain::from_folder(d).is_some() => None,
            (["towns", t, v, d, _], false) if Domain::from_folder(d).is_some() => {
                match ext.as_deref() {
                    Some("md") | Some("yaml") | Some("yml") => Some(Entry::Document {
                        town: t.to_string(),
                        village: v.to_string(),
                        domain: Domain::from_folder(d).unwrap(),
                        id: stem.clone(),
                        markdown: ext.as_deref() == Some("md"),
                    }),
                    _ => {
                        unknown_file(
                            &rel,
                            "只有 .md 和 .yaml 文件会被当作公开内容",
                            "only .md and .yaml files are disclosures",
                            diags,
                        );
                        None
                    }
                }
            }
            (["pages", _], false) if ext.as_deref() == Some("md") => {
                Some(Entry::Page { id: stem.clone() })
            }
            (["pages", ..], _) => {
                unknown_file(
                    &rel,
                    "pages/ 里只放 .md 页面",
                    "pages/ holds .md pages only",
                    diags,
                );
                if is_dir {
                    walker.skip_current_dir();
                }
                None
            }
            _ => {
                unknown_file(
                    &rel,
                    "这个位置不该有这个文件或文件夹；目录结构见文档",
                    "nothing belongs at this place; see the folder layout in the docs",
                    diags,
                );
                None
            }
        };
        if let Some(e) = entry_kind {
            found.push(Found {
                path,
                rel,
                entry: e,
            });
        }
    }

    if !saw_site {
        diags.error(
            "E0111",
            "content/site.yaml",
            Pos::file(),
            Msg::new(
                "缺少站点配置文件 content/site.yaml",
                "missing content/site.yaml",
            ),
            Msg::new(
                "创建 content/site.yaml，写上 name、county、base_url（示例见文档）",
                "create content/site.yaml with name, county and base_url (see the docs)",
            ),
        );
    }
    for (t, has) in town_has_yaml {
        if !has {
            missing_file(&format!("content/towns/{t}/town.yaml"), "town.yaml", diags);
        }
    }
    for ((t, v), has) in village_has_yaml {
        if !has {
            missing_file(
                &format!("content/towns/{t}/{v}/village.yaml"),
                "village.yaml",
                diags,
            );
        }
    }
    Some(found)
}

fn bad_id(rel: &str, name: &str, is_dir: bool, diags: &mut Diagnostics) {
    let suggestion: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let example = if suggestion.is_empty() || !name.is_ascii() {
        "huoshaodian".to_string()
    } else {
        suggestion
    };
    let (what_zh, what_en) = if is_dir {
        ("文件夹名", "folder name")
    } else {
        ("文件名", "file name")
    };
    diags.error(
        "E0105",
        rel,
        Pos::file(),
        Msg::new(
            format!("{what_zh}“{name}”不能用作网址：只能用小写英文字母、数字和连字符"),
            format!("the {what_en} `{name}` cannot be used in URLs: use lowercase ASCII letters, digits and hyphens"),
        ),
        Msg::new(
            format!("改名为英文或拼音，例如 `{example}`；中文名称写在 YAML 的 name 或 title 里"),
            format!("rename it, e.g. `{example}`; the Chinese name goes into the YAML's name or title"),
        ),
    );
}

fn unknown_file(rel: &str, why_zh: &str, why_en: &str, diags: &mut Diagnostics) {
    diags.warning(
        "W0102",
        rel,
        Pos::file(),
        Msg::new(format!("已忽略：{why_zh}"), format!("ignored: {why_en}")),
        Msg::new(
            "如果这是公开内容，请按文档放到正确的文件夹",
            "if this is a disclosure, move it where the docs say",
        ),
    );
}

fn missing_file(rel: &str, name: &str, diags: &mut Diagnostics) {
    diags.error(
        "E0111",
        rel,
        Pos::file(),
        Msg::new(format!("缺少 {name}"), format!("missing {name}")),
        Msg::new(
            format!("在这个文件夹里创建 {name}，至少写上 name 和 kind"),
            format!("create {name} in this folder with at least name and kind"),
        ),
    );
}

/// Runs `work` (which parses) on threads whose stacks are deep enough for it whatever the build
/// profile: parsing recurses once per level of YAML nesting, and the budget caps the depth.
fn with_deep_stacks<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    match rayon::ThreadPoolBuilder::new().stack_size(32 << 20).build() {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// Reads and parses the file `f` (stamped `stamp` before reading); `before` is its last
/// reading, kept when the bytes are the same.
fn read_file(f: &Found, stamp: Option<Stamp>, before: Option<&Reading>) -> Reading {
    let mut d = Diagnostics::new();
    let Some(bytes) = source::read_bytes(&f.path, &f.rel, &mut d) else {
        return Reading {
            stamp: None,
            hash: 0,
            parsed: None,
            diags: d,
        };
    };
    let hash = content_hash(&bytes);
    if let Some(r) = before
        && r.hash == hash
    {
        return Reading {
            stamp,
            hash,
            parsed: r.parsed.clone(),
            diags: r.diags.clone(),
        };
    }
    let parsed = parse_file(f, bytes, hash, &mut d);
    Reading {
        stamp,
        hash,
        parsed,
        diags: d,
    }
}

/// What the file `f` with these bytes (whose hash is `hash`) says.
fn parse_file(f: &Found, bytes: Vec<u8>, hash: u64, diags: &mut Diagnostics) -> Option<Parsed> {
    let text = source::decode(&bytes, &f.rel, diags)?;
    crate::guard::check_text(&f.rel, &text, diags);
    let mut cx = Cx {
        file: &f.rel,
        diags,
    };
    match &f.entry {
        Entry::SiteConfig => {
            let node = yaml::parse(&text, &f.rel, 0, cx.diags)?;
            site_config(&node, &f.rel, &mut cx).map(Parsed::SiteConfig)
        }
        Entry::Town { town } => {
            let node = yaml::parse(&text, &f.rel, 0, cx.diags)?;
            town_file(&node, town, &f.rel, &mut cx).map(Parsed::Town)
        }
        Entry::Village { town, village } => {
            let node = yaml::parse(&text, &f.rel, 0, cx.diags)?;
            village_file(&node, town, village, &f.rel, &mut cx).map(Parsed::Village)
        }
        Entry::Document {
            town,
            village,
            domain,
            id,
            markdown,
        } => {
            let (node, body) = if *markdown {
                let (fm, offset, body) = split_front_matter(&text, &mut cx)?;
                (yaml::parse(fm, &f.rel, offset, cx.diags)?, Some(body))
            } else {
                (yaml::parse(&text, &f.rel, 0, cx.diags)?, None)
            };
            let place = Place {
                town,
                village,
                domain: *domain,
                id,
                file: &f.rel,
                markdown: *markdown,
            };
            document(&node, body, &place, &mut cx).map(|mut d| {
                d.source_hash = hash;
                Parsed::Document(Arc::new(d))
            })
        }
        Entry::Catalog => {
            let node = yaml::parse(&text, &f.rel, 0, cx.diags)?;
            catalog(&node, &f.rel, &mut cx).map(Parsed::Catalog)
        }
        Entry::DepartmentItems { id } => {
            let node = yaml::parse(&text, &f.rel, 0, cx.diags)?;
            department_items(&node, id, &f.rel, &mut cx)
                .map(|(d, items)| Parsed::DepartmentItems(d, items))
        }
        Entry::Page { id } => {
            let (fm, offset, body) = split_front_matter(&text, &mut cx)?;
            let node = yaml::parse(fm, &f.rel, offset, cx.diags)?;
            page(&node, id, &f.rel, body, &mut cx).map(Parsed::Page)
        }
    }
}

/// Splits `---\nfront matter\n---\nbody`. Returns the front matter, the number of lines before
/// it (for positions), and the body with line endings normalised.
pub fn split_front_matter<'t>(text: &'t str, cx: &mut Cx) -> Option<(&'t str, u32, String)> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        cx.error(
            "E0202",
            Pos::new(1, 1, 3),
            Msg::new(
                "Markdown 文件应以 --- 开头，先写属性（标题、类型、日期），再写正文",
                "a Markdown file starts with a `---` line, then its fields, then `---` and the body",
            ),
            Msg::new(
                "在第一行写 ---，接着写 title、kind、published 等字段，再写一行 ---，然后是正文",
                "put `---` on line 1, then title, kind, published…, then `---`, then the body",
            ),
        );
        return None;
    }
    let fm_start = first_line_end + 1;
    let mut offset = fm_start;
    let mut line_no = 1u32;
    for line in text[fm_start.min(text.len())..].split_inclusive('\n') {
        line_no += 1;
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let fm = &text[fm_start..offset];
            let body = text[offset + line.len()..].replace("\r\n", "\n");
            return Some((fm, 1, body));
        }
        offset += line.len();
    }
    cx.error(
        "E0202",
        Pos::new(1, 1, 3),
        Msg::new(
            format!(
                "开头的属性部分没有结束：第 1 行的 --- 之后找不到配对的 ---（共 {line_no} 行）"
            ),
            "the front matter opened on line 1 is never closed with a `---` line".to_string(),
        ),
        Msg::new(
            "在属性（title、kind 等）之后、正文之前加一行 ---",
            "add a `---` line after the fields and before the body",
        ),
    );
    None
}

fn site_config(node: &Node, rel: &str, cx: &mut Cx) -> Option<SiteConfig> {
    let mut o = Obj::of(
        Shape::Site,
        node,
        cx,
        ("站点配置", "the site configuration"),
    )?;
    let name = o.req("name", cx).and_then(|n| fields::text(n, cx));
    let county = o.req("county", cx).and_then(|n| fields::text(n, cx));
    let base_url = o.req("base_url", cx).and_then(|n| {
        let s = fields::text(n, cx)?;
        if !(s.starts_with("https://") || s.starts_with("http://"))
            || s.contains(char::is_whitespace)
        {
            cx.error(
                "E0206",
                n.pos.clone(),
                Msg::new(
                    format!("base_url 应是完整的网址，实际是“{}”", fields::short(&s)),
                    format!(
                        "base_url must be an absolute URL, found `{}`",
                        fields::short(&s)
                    ),
                ),
                Msg::new(
                    "例如 https://sanwu.example.org/",
                    "e.g. https://sanwu.example.org/",
                ),
            );
            return None;
        }
        Some(if s.ends_with('/') { s } else { format!("{s}/") })
    });
    let theme = match o.opt("theme") {
        Some(n) => fields::id(n, cx).map(|a| a.value),
        None => Some("default".to_string()),
    };
    let sample_data = o
        .opt("sample_data")
        .and_then(|n| fields::boolean(n, cx))
        .unwrap_or(false);
    let mut threshold = None;
    if let Some(f) = o.opt("finance")
        && let Some(mut fo) = Obj::of(Shape::SiteFinance, f, cx, ("财务设置", "finance settings"))
    {
        threshold = fo
            .opt("large_expense_threshold")
            .and_then(|n| fields::money(n, cx))
            .map(|m| m.value);
        fo.finish(cx);
    }
    let mut posting_days = Vec::new();
    if let Some(p) = o.opt("posting_days") {
        if let Some(entries) = p.as_map() {
            for (k, v) in entries {
                let known = k.name == "default"
                    || Kind::ALL
                        .iter()
                        .any(|kind| kind.as_str() == k.name || kind.short() == k.name);
                if !known {
                    cx.error(
                        "E0203",
                        k.pos.clone(),
                        Msg::new(
                            format!("posting_days 里不认识的类型 `{}`", k.name),
                            format!("unknown kind `{}` in posting_days", k.name),
                        ),
                        Msg::new(
                            format!(
                                "可用：default 或公开类型，如 {}",
                                Kind::ALL.map(|k| k.as_str()).join("、")
                            ),
                            format!(
                                "use default or a kind, e.g. {}",
                                Kind::ALL.map(|k| k.as_str()).join(", ")
                            ),
                        ),
                    );
                    continue;
                }
                if let Some(d) = fields::uint(v, cx) {
                    posting_days.push((k.name.clone(), d.value));
                }
            }
        } else {
            Obj::new(p, cx, ("posting_days", "posting_days"));
        }
    }
    o.finish(cx);
    Some(SiteConfig {
        file: rel.to_string(),
        name: name?,
        county: county?,
        base_url: base_url?,
        theme: theme?,
        sample_data,
        large_expense_threshold: threshold,
        posting_days,
    })
}

fn admin_code(o: &mut Obj, cx: &mut Cx) -> Option<String> {
    let n = o.opt("code")?;
    let s = fields::scalar(
        n,
        cx,
        "12 位行政区划代码",
        "a 12-digit code",
        "\"610729100000\"",
    )?;
    if s.len() != 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
        cx.error(
            "E0206",
            n.pos.clone(),
            Msg::new(
                format!("行政区划代码应为 12 位数字，实际是“{}”", fields::short(s)),
                format!(
                    "an administrative code has 12 digits, found `{}`",
                    fields::short(s)
                ),
            ),
            Msg::new(
                "加上引号写 12 位数字，例如 code: \"610729100000\"",
                "write 12 digits in quotes, e.g. code: \"610729100000\"",
            ),
        );
        return None;
    }
    Some(s.to_string())
}

fn town_file(node: &Node, id: &str, rel: &str, cx: &mut Cx) -> Option<Town> {
    let mut o = Obj::of(Shape::Town, node, cx, ("town.yaml", "town.yaml"))?;
    let name = o.req("name", cx).and_then(|n| fields::text(n, cx));
    let kind = o
        .req("kind", cx)
        .and_then(|n| fields::one_of(n, cx, &["镇", "乡", "街道办"]));
    let code = admin_code(&mut o, cx);
    let office = o
        .opt("enforcement_office")
        .and_then(|n| fields::text(n, cx));
    o.finish(cx);
    Some(Town {
        id: id.to_string(),
        file: rel.to_string(),
        name: name?,
        kind: kind?.value,
        code,
        enforcement_office: office,
        villages: Vec::new(),
    })
}

fn committee(n: &Node, cx: &mut Cx) -> Option<Committee> {
    let mut o = Obj::of(Shape::Committee, n, cx, ("监督机构", "the committee"))?;
    let body = o.req("body", cx).and_then(|n| fields::text(n, cx));
    let members = o.req("members", cx).and_then(|n| fields::text_list(n, cx));
    o.finish(cx);
    Some(Committee {
        body: body?,
        members: members?,
    })
}

fn village_file(node: &Node, town: &str, id: &str, rel: &str, cx: &mut Cx) -> Option<Village> {
    let mut o = Obj::of(Shape::Village, node, cx, ("village.yaml", "village.yaml"))?;
    let name = o.req("name", cx).and_then(|n| fields::text(n, cx));
    let kind = o
        .req("kind", cx)
        .and_then(|n| fields::one_of(n, cx, &["村", "社区"]));
    let code = admin_code(&mut o, cx);
    let groups = o
        .opt("groups")
        .and_then(|n| fields::text_list(n, cx))
        .unwrap_or_default();
    let supervisors = o.opt("supervisors").and_then(|n| committee(n, cx));
    o.finish(cx);
    Some(Village {
        id: id.to_string(),
        town: town.to_string(),
        file: rel.to_string(),
        name: name?,
        kind: kind?.value,
        code,
        groups,
        supervisors,
        documents: Vec::new(),
        source_hash: 0,
    })
}

struct Place<'a> {
    town: &'a str,
    village: &'a str,
    domain: Domain,
    id: &'a str,
    file: &'a str,
    markdown: bool,
}

fn document(node: &Node, md_body: Option<String>, place: &Place, cx: &mut Cx) -> Option<Document> {
    let mut o = Obj::new(node, cx, ("公开文件", "a disclosure"))?;
    let title = o.req("title", cx).and_then(|n| fields::text(n, cx));
    let kind_names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    let kind = o.req("kind", cx).and_then(|n| {
        let k = fields::one_of(n, cx, &kind_names)?;
        let kind = Kind::parse(&k.value)?;
        if kind.domain() != place.domain {
            let fitting: Vec<&str> = Kind::ALL
                .iter()
                .filter(|k| k.domain() == place.domain)
                .map(|k| k.as_str())
                .collect();
            cx.error(
                "E0209",
                n.pos.clone(),
                Msg::new(
                    format!(
                        "类型 {}（{}）不属于 {}/ 文件夹（{}）",
                        kind.as_str(),
                        kind.zh(),
                        place.domain.folder(),
                        place.domain.zh()
                    ),
                    format!(
                        "kind {} does not belong in the {}/ folder",
                        kind.as_str(),
                        place.domain.folder()
                    ),
                ),
                Msg::new(
                    format!(
                        "把文件移到 {}/ 文件夹，或把类型改为 {}",
                        kind.domain().folder(),
                        fitting.join("、")
                    ),
                    format!(
                        "move the file to {}/, or use one of {}",
                        kind.domain().folder(),
                        fitting.join(", ")
                    ),
                ),
            );
            return None;
        }
        if place.markdown && !kind.allows_markdown() {
            cx.error(
                "E0209",
                n.pos.clone(),
                Msg::new(
                    format!(
                        "{}（{}）是表格数据，要写成 .yaml 文件，不能写成 .md",
                        kind.as_str(),
                        kind.zh()
                    ),
                    format!(
                        "{} is tabular data and must be a .yaml file, not .md",
                        kind.as_str()
                    ),
                ),
                Msg::new(
                    "把文件改名为 .yaml，去掉 --- 行，正文放进 body: 字段",
                    "rename to .yaml, drop the --- lines, put any text in a body: field",
                ),
            );
            return None;
        }
        Some(kind)
    });
    let published = o.req("published", cx).and_then(|n| fields::date(n, cx));
    let is_finance = place.domain == Domain::Finance;
    let period = if is_finance {
        o.req("period", cx)
    } else {
        o.opt("period")
    }
    .and_then(|n| fields::period(n, cx));
    let posting_until = o.opt("posting_until").and_then(|n| fields::date(n, cx));
    let reviewed_by = if is_finance {
        o.req("reviewed_by", cx)
    } else {
        o.opt("reviewed_by")
    }
    .and_then(|n| {
        let mut r = Obj::of(Shape::Review, n, cx, ("审核信息", "reviewed_by"))?;
        let body = r.req("body", cx).and_then(|n| fields::text(n, cx));
        let members = r.req("members", cx).and_then(|n| fields::text_list(n, cx));
        let date = r.req("date", cx).and_then(|n| fields::date(n, cx));
        r.finish(cx);
        let date = date?;
        Some(Review {
            body: body?,
            members: members?,
            date: date.value,
            date_pos: date.pos,
        })
    });
    let status_at = o
        .opt("status")
        .and_then(|n| fields::one_of(n, cx, &["published", "draft", "withdrawn"]));
    let status = match status_at.as_ref().map(|s| s.value.as_str()) {
        Some("draft") => Status::Draft,
        Some("withdrawn") => Status::Withdrawn,
        _ => Status::Published,
    };
    let withdrawn_pos = o.key_pos("withdrawn");
    let withdrawn = o.opt("withdrawn").and_then(|n| {
        let mut w = Obj::of(Shape::Withdrawal, n, cx, ("撤回信息", "withdrawn"))?;
        let date = w.req("date", cx).and_then(|n| fields::date(n, cx));
        let reason = w.req("reason", cx).and_then(|n| fields::text(n, cx));
        w.finish(cx);
        Some(Withdrawal {
            date: date?.value,
            reason: reason?,
        })
    });
    if status == Status::Withdrawn && withdrawn.is_none() && withdrawn_pos.is_none() {
        let pos = status_at
            .as_ref()
            .map(|s| s.pos.clone())
            .unwrap_or_else(|| o.pos());
        cx.error(
            "E0214",
            pos,
            Msg::new(
                "已撤回的公开必须写明撤回日期和原因",
                "a withdrawn disclosure must say when and why",
            ),
            Msg::new(
                "加上 withdrawn: { date: 2025-05-02, reason: 撤回原因 }",
                "add withdrawn: { date: 2025-05-02, reason: … }",
            ),
        );
    }
    if status != Status::Withdrawn
        && let Some(p) = withdrawn_pos
    {
        cx.error(
            "E0214",
            p,
            Msg::new(
                "写了撤回信息（withdrawn），但 status 不是 withdrawn",
                "withdrawn is given but status is not withdrawn",
            ),
            Msg::new(
                "要撤回就加上 status: withdrawn；否则删掉 withdrawn 这几行",
                "add status: withdrawn, or remove the withdrawn lines",
            ),
        );
    }
    let supersedes = o.opt("supersedes").and_then(|n| fields::id(n, cx));
    let change_note = o.opt("change_note").and_then(|n| fields::text(n, cx));
    let tags = o
        .opt("tags")
        .and_then(|n| fields::text_list(n, cx))
        .unwrap_or_default();
    let body = if place.markdown {
        md_body
    } else {
        o.opt("body").and_then(|n| fields::text(n, cx))
    };

    let content = match kind {
        Some(Kind::FinanceStatement) => {
            finance_statement(&mut o, cx).map(|s| Content::FinanceStatement(Box::new(s)))
        }
        Some(Kind::Decision) => decision(&mut o, cx).map(Content::Decision),
        Some(Kind::Beneficiaries) => beneficiaries(&mut o, cx).map(Content::Beneficiaries),
        Some(Kind::PartyDevelopment) => development(&mut o, cx).map(Content::PartyDevelopment),
        Some(Kind::PartyDues) => dues(&mut o, cx).map(Content::PartyDues),
        Some(_) => Some(Content::Notice),
        None => None,
    };
    if let Some(kind) = kind {
        o.shape(
            Shape::Document(kind),
            if place.markdown { &["body"] } else { &[] },
        );
        o.finish(cx);
    }
    Some(Document {
        id: place.id.to_string(),
        town: place.town.to_string(),
        village: place.village.to_string(),
        file: place.file.to_string(),
        kind: kind?,
        title: title?,
        published: published?,
        period,
        posting_until,
        reviewed_by,
        status,
        withdrawn,
        supersedes,
        change_note,
        tags,
        body,
        content: content?,
        deleted: None,
        source_hash: 0,
    })
}

fn balance(n: &Node, cx: &mut Cx, what: (&str, &str)) -> Option<Balance> {
    if let crate::yaml::Value::Scalar(_) = n.value {
        let total = fields::money(n, cx)?;
        return Some(Balance {
            cash: None,
            bank: None,
            total: Some(total),
            pos: n.pos.clone(),
        });
    }
    let mut o = Obj::of(Shape::Balance, n, cx, what)?;
    let cash = o.opt("cash").and_then(|n| fields::money(n, cx));
    let bank = o.opt("bank").and_then(|n| fields::money(n, cx));
    let total = o.opt("total").and_then(|n| fields::money(n, cx));
    let any = o.has("cash") || o.has("bank") || o.has("total");
    o.finish(cx);
    if !any {
        cx.error(
            "E0205",
            n.pos.clone(),
            Msg::new(format!("{}没有填写金额", what.0), format!("{} has no amount", what.1)),
            Msg::new("写成 { cash: \"1,200.00\", bank: \"35,000.00\" }（现金、银行存款），或 { total: … }", "write { cash: …, bank: … } or { total: … }"),
        );
        return None;
    }
    Some(Balance {
        cash,
        bank,
        total,
        pos: n.pos.clone(),
    })
}

fn cash_lines(n: &Node, cx: &mut Cx, what: (&str, &str)) -> Option<Vec<CashLine>> {
    let items = fields::list(
        n,
        cx,
        "- { date: 2025-03-05, voucher: 记-01, account: 补助收入, summary: 村级组织运转经费, amount: \"20,000.00\" }",
    )?;
    let mut lines = Vec::new();
    let mut ok = true;
    for item in items {
        let Some(mut o) = Obj::of(Shape::CashLine, item, cx, what) else {
            ok = false;
            continue;
        };
        let date = o.req("date", cx).and_then(|n| fields::date(n, cx));
        let voucher = o
            .req("voucher", cx)
            .and_then(|n| Some(At::new(fields::text(n, cx)?, n.pos.clone())));
        let account = o.req("account", cx).and_then(|n| fields::text(n, cx));
        let summary = o.req("summary", cx).and_then(|n| fields::text(n, cx));
        let amount = o.req("amount", cx).and_then(|n| fields::money(n, cx));
        let decision = o.opt("decision").and_then(|n| fields::id(n, cx));
        o.finish(cx);
        match (date, voucher, account, summary, amount) {
            (Some(date), Some(voucher), Some(account), Some(summary), Some(amount)) => {
                lines.push(CashLine {
                    date,
                    voucher,
                    account,
                    summary,
                    amount,
                    decision,
                })
            }
            _ => ok = false,
        }
    }
    ok.then_some(lines)
}

/// `income:` and `expense:` must be there; written empty they mean "no lines this period",
/// which is how a clerk naturally writes a month without income.
fn lines_field(
    o: &mut Obj,
    key: &'static str,
    cx: &mut Cx,
    what: (&str, &str),
) -> Option<Vec<CashLine>> {
    if !o.has(key) {
        o.req(key, cx);
        return None;
    }
    match o.opt(key) {
        Some(n) => cash_lines(n, cx, what),
        None => Some(Vec::new()),
    }
}

fn finance_statement(o: &mut Obj, cx: &mut Cx) -> Option<FinanceStatement> {
    let opening = o
        .req("opening", cx)
        .and_then(|n| balance(n, cx, ("期初余额", "the opening balance")));
    let income = lines_field(o, "income", cx, ("收入明细", "an income line"));
    let expense = lines_field(o, "expense", cx, ("支出明细", "an expense line"));
    let closing = o
        .req("closing", cx)
        .and_then(|n| balance(n, cx, ("期末余额", "the closing balance")));
    let (mut ti, mut te) = (None, None);
    if let Some(t) = o.opt("totals")
        && let Some(mut to) = Obj::of(Shape::Totals, t, cx, ("合计", "totals"))
    {
        ti = to.opt("income").and_then(|n| fields::money(n, cx));
        te = to.opt("expense").and_then(|n| fields::money(n, cx));
        to.finish(cx);
    }
    Some(FinanceStatement {
        opening: opening?,
        income: income?,
        expense: expense?,
        closing: closing?,
        totals_income: ti,
        totals_expense: te,
    })
}

fn decision(o: &mut Obj, cx: &mut Cx) -> Option<Decision> {
    let matter = o.req("matter", cx).and_then(|n| fields::text(n, cx));
    let steps = o.req("steps", cx).and_then(|n| {
        let items = fields::list(n, cx, "- { stage: 支部提议, date: 2025-03-02 }")?;
        let mut steps = Vec::new();
        let mut ok = true;
        for item in items {
            let Some(mut s) = Obj::of(Shape::DecisionStep, item, cx, ("决策步骤", "a step"))
            else {
                ok = false;
                continue;
            };
            let stage = s
                .req("stage", cx)
                .and_then(|n| fields::one_of(n, cx, &DECISION_STAGES));
            let date = s.req("date", cx).and_then(|n| fields::date(n, cx));
            let expected = s.opt("expected").and_then(|n| fields::uint(n, cx));
            let present = s.opt("present").and_then(|n| fields::uint(n, cx));
            let agree = s.opt("agree").and_then(|n| fields::uint(n, cx));
            let result = s.opt("result").and_then(|n| fields::text(n, cx));
            s.finish(cx);
            match (stage, date) {
                (Some(stage), Some(date)) => steps.push(DecisionStep {
                    stage,
                    date,
                    expected,
                    present,
                    agree,
                    result,
                }),
                _ => ok = false,
            }
        }
        ok.then_some(steps)
    });
    let steps_pos = o.key_pos("steps").unwrap_or_else(|| o.pos());
    let resolution = o.req("resolution", cx).and_then(|n| fields::text(n, cx));
    let result = o.opt("result").and_then(|n| fields::text(n, cx));
    Some(Decision {
        matter: matter?,
        steps: steps?,
        steps_pos,
        resolution: resolution?,
        result,
    })
}

fn beneficiaries(o: &mut Obj, cx: &mut Cx) -> Option<BeneficiaryList> {
    let program = o.req("program", cx).and_then(|n| fields::text(n, cx));
    let rows = o.req("rows", cx).and_then(|n| {
        let items = fields::list(
            n,
            cx,
            "- { name: 张某某, group: 一组, amount: \"1,200.00\" }",
        )?;
        let mut rows = Vec::new();
        let mut ok = true;
        for item in items {
            let Some(mut r) = Obj::of(Shape::Beneficiary, item, cx, ("名单中的一行", "a row"))
            else {
                ok = false;
                continue;
            };
            let name = r.req("name", cx).and_then(|n| fields::text(n, cx));
            let group = r
                .req("group", cx)
                .and_then(|n| Some(At::new(fields::text(n, cx)?, n.pos.clone())));
            let amount = r.req("amount", cx).and_then(|n| fields::money(n, cx));
            let household_size = r
                .opt("household_size")
                .and_then(|n| fields::uint(n, cx))
                .map(|a| a.value);
            let note = r.opt("note").and_then(|n| fields::text(n, cx));
            r.finish(cx);
            match (name, group, amount) {
                (Some(name), Some(group), Some(amount)) => rows.push(Beneficiary {
                    name,
                    group,
                    amount,
                    household_size,
                    note,
                }),
                _ => ok = false,
            }
        }
        ok.then_some(rows)
    });
    Some(BeneficiaryList {
        program: program?,
        rows: rows?,
    })
}

fn development(o: &mut Obj, cx: &mut Cx) -> Option<PartyDevelopment> {
    let stage = o
        .req("stage", cx)
        .and_then(|n| fields::one_of(n, cx, &DEVELOPMENT_STAGES));
    let people = o.req("people", cx).and_then(|n| {
        let items = fields::list(n, cx, "- { name: 李某某, gender: 女, group: 二组 }")?;
        let mut people = Vec::new();
        let mut ok = true;
        for item in items {
            let Some(mut p) = Obj::of(Shape::Candidate, item, cx, ("公示对象", "a person"))
            else {
                ok = false;
                continue;
            };
            let name = p.req("name", cx).and_then(|n| fields::text(n, cx));
            let gender = p
                .req("gender", cx)
                .and_then(|n| fields::one_of(n, cx, &["男", "女"]));
            let group = p.opt("group").and_then(|n| fields::text(n, cx));
            let since = p
                .opt("since")
                .and_then(|n| fields::date(n, cx))
                .map(|d| d.value);
            p.finish(cx);
            match (name, gender) {
                (Some(name), Some(gender)) => people.push(Candidate {
                    name,
                    gender: gender.value,
                    group,
                    since,
                }),
                _ => ok = false,
            }
        }
        ok.then_some(people)
    });
    let objections_to = o.req("objections_to", cx).and_then(|n| fields::date(n, cx));
    Some(PartyDevelopment {
        stage: stage?.value,
        people: people?,
        objections_to: Some(objections_to?),
    })
}

fn dues(o: &mut Obj, cx: &mut Cx) -> Option<PartyDues> {
    let members = o.req("members", cx).and_then(|n| fields::uint(n, cx));
    let collected = o.req("collected", cx).and_then(|n| fields::money(n, cx));
    let remitted = o.req("remitted", cx).and_then(|n| fields::money(n, cx));
    let rows = match o.opt("rows") {
        None => Some(Vec::new()),
        Some(n) => (|| {
            let items = fields::list(n, cx, "- { name: 王某某, amount: \"30.00\" }")?;
            let mut rows = Vec::new();
            let mut ok = true;
            for item in items {
                let Some(mut r) = Obj::of(Shape::DuesRow, item, cx, ("党费明细", "a dues row"))
                else {
                    ok = false;
                    continue;
                };
                let name = r.req("name", cx).and_then(|n| fields::text(n, cx));
                let amount = r.req("amount", cx).and_then(|n| fields::money(n, cx));
                let note = r.opt("note").and_then(|n| fields::text(n, cx));
                r.finish(cx);
                match (name, amount) {
                    (Some(name), Some(amount)) => rows.push(DuesRow { name, amount, note }),
                    _ => ok = false,
                }
            }
            ok.then_some(rows)
        })(),
    };
    Some(PartyDues {
        members: members?,
        collected: collected?,
        remitted: remitted?,
        rows: rows?,
    })
}

fn page(node: &Node, id: &str, rel: &str, body: String, cx: &mut Cx) -> Option<Page> {
    let mut o = Obj::of(Shape::Page, node, cx, ("页面属性", "the page fields"))?;
    let title = o.req("title", cx).and_then(|n| fields::text(n, cx));
    let weight = o
        .opt("weight")
        .and_then(|n| fields::int(n, cx))
        .unwrap_or(0);
    let menu = o
        .opt("menu")
        .and_then(|n| fields::boolean(n, cx))
        .unwrap_or(true);
    o.finish(cx);
    Some(Page {
        id: id.to_string(),
        file: rel.to_string(),
        title: title?,
        weight,
        menu,
        body,
    })
}

/// The date a document stops being posted: `posting_until`, or the site's default.
pub fn posting_until(doc: &Document, config: &SiteConfig) -> Date {
    doc.posting_until
        .as_ref()
        .map(|p| p.value)
        .unwrap_or_else(|| {
            doc.published
                .value
                .add_working_days(config.posting_days_for(doc.kind))
        })
}

/// Joins each department file to its catalog entry; a file without an entry, or an entry
/// without a file, is an error.
/// `on_disk`: the enforcement files that exist, read or not. A file that exists but could not
/// be read has its own errors; it is not also reported as missing.
fn assemble_enforcement(
    catalog: Option<Enforcement>,
    files: Vec<(String, At<String>, Vec<EnforcementItem>)>,
    on_disk: &BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Option<Enforcement> {
    let Some(mut catalog) = catalog else {
        if on_disk.contains("content/enforcement/catalog.yaml") {
            return None;
        }
        for (file, dept, _) in &files {
            diags.error(
                "E0704",
                file,
                dept.pos.clone(),
                Msg::new(
                    "有部门执法事项文件，但没有 enforcement/catalog.yaml",
                    "a department file exists but enforcement/catalog.yaml does not",
                ),
                Msg::new(
                    "创建 catalog.yaml，列出各部门及其下放事项数",
                    "create catalog.yaml listing the departments and their declared counts",
                ),
            );
        }
        return None;
    };
    for (file, dept, items) in files {
        match catalog.departments.iter_mut().find(|d| d.id.value == dept.value) {
            Some(d) if d.file.is_none() => {
                d.file = Some(file);
                d.items = items;
            }
            Some(d) => diags.error(
                "E0704",
                &file,
                dept.pos.clone(),
                Msg::new(
                    format!("部门 `{}` 的事项已在 {} 中列出，不能分在两个文件里", dept.value, d.file.as_deref().unwrap_or("")),
                    format!("department `{}` already has its items in {}", dept.value, d.file.as_deref().unwrap_or("")),
                ),
                Msg::new("把两个文件合并成一个", "merge the two files"),
            ),
            None => diags.error(
                "E0704",
                &file,
                dept.pos.clone(),
                Msg::new(
                    format!("部门 `{}` 不在 catalog.yaml 的部门名单里", dept.value),
                    format!("department `{}` is not listed in catalog.yaml", dept.value),
                ),
                Msg::new(
                    format!("在 catalog.yaml 的 departments 里加上 {{ id: {}, name: …, declared: … }}，或改正部门编号", dept.value),
                    format!("add {{ id: {}, name: …, declared: … }} to catalog.yaml, or correct the id", dept.value),
                ),
            ),
        }
    }
    for d in &catalog.departments {
        let rel = format!("content/enforcement/{}.yaml", d.id.value);
        if d.file.is_none() && !on_disk.contains(&rel) {
            diags.error(
                "E0704",
                &catalog.catalog_file,
                d.id.pos.clone(),
                Msg::new(
                    format!(
                        "{}（{}）在 catalog.yaml 里有，但找不到 enforcement/{}.yaml",
                        d.name, d.id.value, d.id.value
                    ),
                    format!(
                        "{} ({}) is listed but enforcement/{}.yaml does not exist",
                        d.name, d.id.value, d.id.value
                    ),
                ),
                Msg::new(
                    "创建这个部门的事项文件，或从 catalog.yaml 中删去它",
                    "create the department's file, or remove it from catalog.yaml",
                ),
            );
        }
    }
    Some(catalog)
}

fn catalog(node: &Node, rel: &str, cx: &mut Cx) -> Option<Enforcement> {
    let mut o = Obj::of(
        Shape::Catalog,
        node,
        cx,
        ("执法事项清单目录", "the catalog"),
    )?;
    let title = o.req("title", cx).and_then(|n| fields::text(n, cx));
    let sorted_total = o.req("sorted_total", cx).and_then(|n| fields::uint(n, cx));
    let declared_total = o
        .req("declared_total", cx)
        .and_then(|n| fields::uint(n, cx));
    let departments = o.req("departments", cx).and_then(|n| {
        let items = fields::list(n, cx, "- { id: nongye, name: 县农业农村局, declared: 96 }")?;
        let mut out: Vec<Department> = Vec::new();
        let mut ok = true;
        for item in items {
            let Some(mut d) = Obj::of(Shape::CatalogDepartment, item, cx, ("部门", "a department"))
            else {
                ok = false;
                continue;
            };
            let id = d.req("id", cx).and_then(|n| fields::id(n, cx));
            let name = d.req("name", cx).and_then(|n| fields::text(n, cx));
            let declared = d.req("declared", cx).and_then(|n| fields::uint(n, cx));
            d.finish(cx);
            match (id, name, declared) {
                (Some(id), Some(name), Some(declared)) => {
                    if let Some(first) = out.iter().find(|x| x.id.value == id.value) {
                        cx.error(
                            "E0210",
                            id.pos.clone(),
                            Msg::new(
                                format!(
                                    "部门编号 `{}` 重复（第 {} 行已有）",
                                    id.value, first.id.pos.line
                                ),
                                format!("department id `{}` is listed twice", id.value),
                            ),
                            Msg::new("每个部门只列一次", "list each department once"),
                        );
                        ok = false;
                        continue;
                    }
                    out.push(Department {
                        id,
                        name,
                        declared,
                        file: None,
                        items: Vec::new(),
                    })
                }
                _ => ok = false,
            }
        }
        ok.then_some(out)
    });
    o.finish(cx);
    Some(Enforcement {
        catalog_file: rel.to_string(),
        title: title?,
        sorted_total: sorted_total?,
        declared_total: declared_total?,
        departments: departments?,
        source_hash: 0,
    })
}

fn department_items(
    node: &Node,
    file_id: &str,
    rel: &str,
    cx: &mut Cx,
) -> Option<(At<String>, Vec<EnforcementItem>)> {
    let mut o = Obj::of(
        Shape::DepartmentFile,
        node,
        cx,
        ("部门执法事项文件", "a department file"),
    )?;
    let dept = o.req("department", cx).and_then(|n| fields::id(n, cx));
    if let Some(d) = &dept
        && d.value != file_id
    {
        cx.error(
            "E0707",
            d.pos.clone(),
            Msg::new(
                format!(
                    "文件名是 {file_id}.yaml，但 department 写的是 `{}`",
                    d.value
                ),
                format!(
                    "the file is {file_id}.yaml but department says `{}`",
                    d.value
                ),
            ),
            Msg::new(
                "文件名与 department 要一致",
                "the file name and department must match",
            ),
        );
    }
    let items = o.req("items", cx).and_then(|n| {
        let list = fields::list(n, cx, "- code: NY-CF-001")?;
        let mut items = Vec::new();
        let mut ok = true;
        for item in list {
            match enforcement_item(item, file_id, rel, cx) {
                Some(i) => items.push(i),
                None => ok = false,
            }
        }
        ok.then_some(items)
    });
    o.finish(cx);
    Some((dept?, items?))
}

fn enforcement_item(n: &Node, dept: &str, rel: &str, cx: &mut Cx) -> Option<EnforcementItem> {
    let mut o = Obj::of(
        Shape::EnforcementItem,
        n,
        cx,
        ("执法事项", "an enforcement item"),
    )?;
    let code = o.req("code", cx).and_then(|n| {
        let s = fields::text(n, cx)?;
        if !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            cx.error(
                "E0105",
                n.pos.clone(),
                Msg::new(
                    format!(
                        "事项编码“{}”只能用英文字母、数字和连字符",
                        fields::short(&s)
                    ),
                    format!(
                        "item code `{}` may use ASCII letters, digits and hyphens only",
                        fields::short(&s)
                    ),
                ),
                Msg::new("例如 NY-CF-001", "e.g. NY-CF-001"),
            );
            return None;
        }
        Some(At::new(s, n.pos.clone()))
    });
    let name = o.req("name", cx).and_then(|n| fields::text(n, cx));
    let power_type = o
        .req("power_type", cx)
        .and_then(|n| fields::one_of(n, cx, &POWER_TYPES));
    let basis = o.req("basis", cx).and_then(|n| match &n.value {
        crate::yaml::Value::Scalar(_) => fields::text(n, cx).map(|s| vec![s]),
        _ => fields::text_list(n, cx),
    });
    let towns = o.req("towns", cx).and_then(|n| match &n.value {
        crate::yaml::Value::Scalar(s) if s == "all" => Some(TownScope::All),
        _ => {
            let list = fields::list(n, cx, "all 或 [zibai, yunxi]")?;
            Some(TownScope::Some(
                list.iter().filter_map(|t| fields::id(t, cx)).collect(),
            ))
        }
    });
    let mode = o
        .req("mode", cx)
        .and_then(|n| fields::one_of(n, cx, &HANDOVER_MODES));
    let effective = o.req("effective", cx).and_then(|n| fields::date(n, cx));
    let status = o
        .req("status", cx)
        .and_then(|n| fields::one_of(n, cx, &ITEM_STATUSES));
    let revoked = o.opt("revoked").and_then(|n| fields::date(n, cx));
    let note = o.opt("note").and_then(|n| fields::text(n, cx));
    o.finish(cx);
    Some(EnforcementItem {
        code: code?,
        name: name?,
        power_type: power_type?.value,
        basis: basis?,
        towns: towns?,
        mode: mode?.value,
        effective: effective?.value,
        status: status?,
        revoked,
        note,
        department: dept.to_string(),
        file: rel.to_string(),
    })
}

/// Reads a disclosure from its text, as if it were at `rel` (`content/towns/<t>/<v>/<domain>/<id>.md`).
/// Used for files that exist only in the history: a deleted document keeps its page.
pub fn document_from_text(rel: &str, text: &str, diags: &mut Diagnostics) -> Option<Document> {
    let parts: Vec<&str> = rel.split('/').collect();
    let ["content", "towns", town, village, domain, name] = parts.as_slice() else {
        return None;
    };
    let domain = Domain::from_folder(domain)?;
    let (id, ext) = name.rsplit_once('.')?;
    let markdown = match ext {
        "md" => true,
        "yaml" | "yml" => false,
        _ => return None,
    };
    if !fields::is_id(town) || !fields::is_id(village) || !fields::is_id(id) {
        return None;
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = &*crate::source::normalize_line_breaks(text);
    let mut cx = Cx { file: rel, diags };
    let (node, body) = if markdown {
        let (fm, offset, body) = split_front_matter(text, &mut cx)?;
        (yaml::parse(fm, rel, offset, cx.diags)?, Some(body))
    } else {
        (yaml::parse(text, rel, 0, cx.diags)?, None)
    };
    let place = Place {
        town,
        village,
        domain,
        id,
        file: rel,
        markdown,
    };
    document(&node, body, &place, &mut cx).map(|mut d| {
        d.source_hash = content_hash(text.as_bytes());
        d
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the sample county's `content/` in a new folder.
    fn sample() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let to = dir
                .path()
                .join("content")
                .join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        dir
    }

    const NOTICE: &str = "content/towns/zibai/liujiaping/affairs/2025-06-shuiqu-chenqi-yanshou.md";
    const OTHER: &str = "content/towns/zibai/liujiaping/affairs/2025-02-shuiqu-chenqi.yaml";

    fn append(root: &Path, rel: &str, text: &str) -> String {
        let before = std::fs::read_to_string(root.join(rel)).unwrap();
        std::fs::write(root.join(rel), format!("{before}{text}")).unwrap();
        before
    }

    /// A load and its diagnostics, as text to compare.
    fn loaded(
        root: &Path,
        cache: Option<&mut LoadCache>,
        changed: Option<&[String]>,
    ) -> (String, String) {
        let mut d = Diagnostics::new();
        let site = load_with(root, &mut d, cache, changed).map(|l| format!("{:?}", l.site));
        (site.unwrap_or_default(), format!("{:?}", d.sorted()))
    }

    #[test]
    fn a_load_told_what_changed_reads_only_that_and_gives_what_a_full_load_gives() {
        let dir = sample();
        let root = dir.path();
        let mut cache = LoadCache::default();
        loaded(root, Some(&mut cache), None);
        append(root, NOTICE, "\n验收资料存村委会备查。\n");
        // Changed without being said: a load told what changed does not look at it.
        let other = std::fs::read_to_string(root.join(OTHER)).unwrap();
        std::fs::write(
            root.join(OTHER),
            other.replacen("title: ", "title: 没说的", 1),
        )
        .unwrap();
        let told = loaded(root, Some(&mut cache), Some(&[NOTICE.to_string()]));
        assert!(told.0.contains("验收资料存村委会备查"), "the edit is read");
        assert!(!told.0.contains("没说的"), "only what was said is read");
        std::fs::write(root.join(OTHER), other).unwrap();
        assert_eq!(told, loaded(root, None, None), "the same as a full load");

        // Told again (the file's time is now too recent to be trusted by a full load either).
        append(root, NOTICE, "\n第二次修改。\n");
        let told = loaded(root, Some(&mut cache), Some(&[NOTICE.to_string()]));
        assert!(told.0.contains("第二次修改"));
        assert_eq!(told, loaded(root, None, None));
    }

    #[test]
    fn a_load_told_of_more_than_documents_edited_loads_everything() {
        let dir = sample();
        let root = dir.path();
        let mut cache = LoadCache::default();
        loaded(root, Some(&mut cache), None);
        let village = "content/towns/zibai/liujiaping/village.yaml";
        let added = "content/towns/zibai/liujiaping/affairs/2025-07-xinde.md";
        std::fs::copy(root.join(NOTICE), root.join(added)).unwrap();
        let text = std::fs::read_to_string(root.join(village)).unwrap();
        std::fs::write(root.join(village), text.replace("刘家坪村", "刘家坪新村")).unwrap();
        for (what, changed) in [("a file added", added), ("a village's settings", village)] {
            let told = loaded(root, Some(&mut cache), Some(&[changed.to_string()]));
            assert_eq!(told, loaded(root, None, None), "{what}");
        }
        assert!(loaded(root, None, None).0.contains("2025-07-xinde"));
        // A document that no longer reads: its error, and the village without it.
        std::fs::write(root.join(NOTICE), "---\ntitle: [\n---\n").unwrap();
        let told = loaded(root, Some(&mut cache), Some(&[NOTICE.to_string()]));
        assert!(told.1.contains(NOTICE), "{}", told.1);
        assert_eq!(told, loaded(root, None, None), "a broken document");
        std::fs::remove_file(root.join(added)).unwrap();
        let told = loaded(root, Some(&mut cache), Some(&[added.to_string()]));
        assert_eq!(told, loaded(root, None, None), "a file removed");
    }

    /// Found by the `document` fuzz target: bare CRs counted as line breaks by the YAML parser
    /// but not by the rest, so diagnostics pointed past the end of the file.
    #[test]
    fn bare_carriage_returns_keep_positions_inside_the_file() {
        for text in [
            "\r\r\u{85}",
            "title: a\rkind: affairs.notice\rpublished: 2025-02-30\r",
            "---\rtitle: x\r---\rbody",
        ] {
            for rel in [
                "content/towns/t/v/finance/x.yaml",
                "content/towns/t/v/affairs/x.md",
            ] {
                let mut d = Diagnostics::new();
                let _ = document_from_text(rel, text, &mut d);
                let lines = crate::source::normalize_line_breaks(text)
                    .split('\n')
                    .count() as u32;
                for x in d.iter() {
                    assert!(
                        x.pos.line <= lines,
                        "{x:?} beyond {lines} lines of {text:?}"
                    );
                }
            }
        }
        let mut d = Diagnostics::new();
        let _ = document_from_text(
            "content/towns/t/v/affairs/x.yaml",
            "title: a\rkind: affairs.notice\rpublished: 2025-02-30\r",
            &mut d,
        );
        assert!(
            d.iter().any(|x| x.code == "E0207" && x.pos.line == 3),
            "{:?}",
            d.iter().collect::<Vec<_>>()
        );
    }
}
