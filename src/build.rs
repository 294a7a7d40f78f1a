//! The pipeline, end to end: load → check → render → output.

use crate::diag::{Diagnostic, Diagnostics};
use crate::render::RenderOptions;
use crate::{check, history, load, output, render, search, theme};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Where a build is in the pipeline, for progress display.
#[derive(Clone, Copy, Debug)]
pub enum Stage {
    Load,
    Check,
    History,
    Render,
    Index,
    Write,
}

impl Stage {
    pub fn zh(self) -> &'static str {
        match self {
            Stage::Load => "读取内容",
            Stage::Check => "检查",
            Stage::History => "读取修改记录",
            Stage::Render => "生成页面",
            Stage::Index => "生成搜索索引",
            Stage::Write => "写入",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            Stage::Load => "loading",
            Stage::Check => "checking",
            Stage::History => "reading history",
            Stage::Render => "rendering",
            Stage::Index => "indexing for search",
            Stage::Write => "writing",
        }
    }
}

pub struct BuildRequest {
    pub root: PathBuf,
    pub out: PathBuf,
    pub drafts: bool,
}

pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    /// Nothing had changed since the last build into the same folder: it was left as it was.
    pub up_to_date: bool,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Vec<Diagnostic>,
}

pub enum BuildFailure {
    /// The content has errors; nothing was written.
    Content(Vec<Diagnostic>),
    /// The output could not be written; the previous output is untouched.
    Output(output::OutputError, Vec<Diagnostic>),
}

/// Loads and checks the site under `root`: what `sanwu check` runs, and the first half of a build.
pub fn validate(
    root: &Path,
    diags: &mut Diagnostics,
    progress: &dyn Fn(Stage),
) -> Option<crate::model::Site> {
    progress(Stage::Load);
    let loaded = load::load(root, diags)?;
    progress(Stage::Check);
    check::check(&loaded.site, &loaded.ids_on_disk, diags);
    Some(loaded.site)
}

/// A site ready to render, with the warnings so far.
struct Checked {
    site: crate::model::Site,
    history: history::History,
    theme: theme::Theme,
    diags: Diagnostics,
}

/// Gives this thread the lowest priority (Linux keeps one per thread): it then runs only on a
/// core nothing else wants.
fn lowest_priority() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 19);
}

/// A site built in memory: every output file, and the warnings of the build.
pub struct Compiled {
    pub files: Vec<render::OutputFile>,
    pub warnings: Vec<Diagnostic>,
}

/// Load, check, history and render, in memory: everything but writing. `build` writes the
/// result; the preview server serves it.
pub fn compile(
    root: &Path,
    drafts: bool,
    progress: &dyn Fn(Stage),
) -> Result<Compiled, Vec<Diagnostic>> {
    Session::new(root, drafts).compile(true, progress)
}

/// The history of the site at `root`, from its cache folder, reusing `previous` (see
/// [`history::read_reusing`]), with the warnings of reading it.
fn read_history(
    root: &Path,
    previous: Option<history::History>,
    changed: Option<&[String]>,
) -> (history::History, Diagnostics) {
    let mut diags = Diagnostics::new();
    let cache = root.join(".sanwu-cache");
    let h = history::read_reusing(root, Some(&cache), previous, changed, &mut diags);
    (h, diags)
}

/// A build, or the builds of one preview session ([`Session::preview`]). In a preview session
/// each build loads and checks everything again (files whose bytes are unchanged are not parsed
/// again), and renders again only the villages, documents, enforcement pages and search index
/// whose input changed: the rest comes from the previous build, byte for byte what rendering
/// would give.
pub struct Session {
    root: PathBuf,
    drafts: bool,
    loaded: load::LoadCache,
    checks: check::CheckCache,
    cache: render::RenderCache,
    /// The last build's history, which the next reuses while git's HEAD has not moved.
    history: Option<history::History>,
    /// The files changed since the last build, when a watcher knows them ([`Session::changed`]).
    changed: Option<Vec<String>>,
    /// A history read already under way ([`Session::start_history`]).
    reading: Option<std::thread::JoinHandle<(history::History, Diagnostics)>>,
    /// Whether the load keeps each file's stamp and hash, for the inputs' fingerprint.
    keep_hashes: bool,
}

impl Session {
    /// A session of one build: nothing is kept for a next one.
    pub fn new(root: &Path, drafts: bool) -> Session {
        Session {
            root: root.to_path_buf(),
            drafts,
            loaded: load::LoadCache::default(),
            checks: check::CheckCache::default(),
            cache: render::RenderCache::default(),
            history: None,
            changed: None,
            reading: None,
            keep_hashes: false,
        }
    }

    /// Starts reading the history now, for the next build to take: a first build has its
    /// history read while it fingerprints its inputs (at 50,000 documents the history, whose
    /// `git log` alone takes seconds, is what the pages wait for).
    pub fn start_history(&mut self) {
        let root = self.root.clone();
        let previous = self.history.take();
        self.reading = Some(std::thread::spawn(move || {
            read_history(&root, previous, None)
        }));
    }

    /// A session of many builds (the preview): each keeps what the next can reuse.
    pub fn preview(root: &Path, drafts: bool) -> Session {
        let mut s = Session::new(root, drafts);
        s.cache.keep = true;
        s
    }

    /// A build in memory. Without `search` it leaves out the search index, which the preview
    /// makes after serving the pages (see [`Indexer`]).
    pub fn compile(
        &mut self,
        search: bool,
        progress: &dyn Fn(Stage),
    ) -> Result<Compiled, Vec<Diagnostic>> {
        let compiled = self.compile_in_memory(search, progress);
        // The history's caches are written while the pages are made: written before the
        // caller may remove them.
        history::saved();
        compiled
    }

    fn compile_in_memory(
        &mut self,
        search: bool,
        progress: &dyn Fn(Stage),
    ) -> Result<Compiled, Vec<Diagnostic>> {
        let mut checked = self.check(progress)?;
        progress(Stage::Render);
        let Some(mut files) = self.render(&mut checked, None) else {
            self.keep_history(checked.history);
            return Err(checked.diags.sorted());
        };
        if search {
            progress(Stage::Index);
            let pages = files.iter().map(|f| (f.path.as_str(), f.bytes.as_slice()));
            match search::index_pages(pages, &mut search::SearchCache::default(), &|| false) {
                Ok(index) => files.extend(index.unwrap_or_default()),
                Err(e) => {
                    search::failed(&e, &mut checked.diags);
                    return Err(checked.diags.sorted());
                }
            }
        }
        self.keep_history(checked.history);
        Ok(Compiled {
            files,
            warnings: checked.diags.sorted(),
        })
    }

    /// Load and check (with the history read alongside): a site ready to render, or its errors.
    fn check(&mut self, progress: &dyn Fn(Stage)) -> Result<Checked, Vec<Diagnostic>> {
        let root = self.root.as_path();
        let mut diags = Diagnostics::new();
        // The history needs only git: it is read while the content is loaded and checked.
        let previous = self.history.take();
        // Only a preview keeps what a list of changed files would patch.
        let changed = self.changed.take().filter(|_| self.cache.keep);
        let reading = self.reading.take();
        let opts = RenderOptions {
            drafts: self.drafts,
        };
        let (site, ((history, history_diags), print_codes)) = std::thread::scope(|s| {
            let history = s.spawn(|| match reading {
                Some(reading) => reading.join().unwrap_or_else(|_| {
                    (history::History::unavailable("panic"), Diagnostics::new())
                }),
                None => read_history(root, previous, changed.as_deref()),
            });
            progress(Stage::Load);
            let keep = self.cache.keep;
            let cache = (keep || self.keep_hashes).then_some(&mut self.loaded);
            let site = load::load_with(root, &mut diags, cache, changed.as_deref()).map(|loaded| {
                progress(Stage::Check);
                let checks = keep.then_some(&mut self.checks);
                check::check_with(&loaded.site, &loaded.ids_on_disk, &mut diags, checks);
                loaded.site
            });
            // While git is still read, the QR codes are drawn, at the lowest priority: git's
            // processes keep their cores, and what is drawn is drawn on an idle one. A preview
            // draws only the codes of pages it renders again, with them.
            let history_read = AtomicBool::new(false);
            let (history, print_codes) = std::thread::scope(|inner| {
                let codes = site
                    .as_ref()
                    .filter(|_| !keep && !diags.has_errors())
                    .map(|site| {
                        inner.spawn(|| {
                            lowest_priority();
                            render::draw_print_codes(site, &opts, &history_read)
                        })
                    });
                let history = history.join().unwrap_or_else(|_| {
                    (history::History::unavailable("panic"), Diagnostics::new())
                });
                history_read.store(true, Ordering::Relaxed);
                (history, codes.and_then(|c| c.join().ok()))
            });
            (site, (history, print_codes))
        });
        let theme = site
            .as_ref()
            .map(|s| theme::load(root, &s.config.theme, &mut diags));
        let (Some(mut site), Some(theme)) = (site, theme) else {
            self.keep_history(history);
            return Err(diags.sorted());
        };
        if diags.has_errors() {
            self.keep_history(history);
            return Err(diags.sorted());
        }
        progress(Stage::History);
        self.cache.print_codes = print_codes.unwrap_or_default();
        diags.extend(history_diags);
        history::restore_deleted(&mut site, &history);
        Ok(Checked {
            site,
            history,
            theme,
            diags,
        })
    }

    /// Renders a checked site: the files not handed to `sink`, or `None` when a template failed
    /// (the error is in `checked.diags`).
    fn render(
        &mut self,
        checked: &mut Checked,
        sink: Option<&dyn render::Sink>,
    ) -> Option<Vec<render::OutputFile>> {
        let opts = RenderOptions {
            drafts: self.drafts,
        };
        render::render_with(
            &checked.site,
            &checked.history,
            &checked.theme,
            &opts,
            &mut self.cache,
            sink,
            &mut checked.diags,
        )
    }

    /// Tells the next build which files changed since the last one (paths from the site root,
    /// with `/`), as a file watcher saw them: it then reads only those when it can. `None` (the
    /// default) when that is not known, and every file is looked at.
    pub fn changed(&mut self, files: Option<Vec<String>>) {
        self.changed = files;
    }

    /// Keeps the history for the next build of a preview (while the clerk fixes an error too).
    fn keep_history(&mut self, history: history::History) {
        if self.cache.keep {
            self.history = Some(history);
        }
    }

    pub fn drafts(&self) -> bool {
        self.drafts
    }

    /// How many villages the last build rendered; the others were unchanged.
    pub fn rendered_villages(&self) -> usize {
        self.cache.rendered_villages
    }
}

pub fn build(req: &BuildRequest, progress: &dyn Fn(Stage)) -> Result<BuildReport, BuildFailure> {
    let mut session = Session::new(&req.root, req.drafts);
    // An output sanwu did not write (a first build) cannot be up to date: its history is read
    // from now on, and its inputs are fingerprinted from what the load reads.
    let first = output::built_from(&req.out).is_none();
    let (inputs, written) = if first {
        session.start_history();
        session.keep_hashes = true;
        let (at, themes) = theme_hashes(&req.root);
        write(req, session, Inputs::FromLoad(at, themes), progress)
    } else {
        // Both read every file of their folder: side by side.
        let (inputs, on_disk) = rayon::join(
            || inputs_fingerprint(&req.root, req.drafts, None),
            || count_files(&req.out),
        );
        if let Some(last) = up_to_date(&req.out, &last_build(&req.root), inputs, on_disk) {
            return Ok(last);
        }
        (
            inputs,
            write(req, session, Inputs::Known(inputs), progress).1,
        )
    };
    // The history's caches are written beside the build; the next build reads them.
    history::saved();
    let (pages, files, warnings) = written?;
    let report = BuildReport {
        pages,
        files,
        up_to_date: false,
        diagnostics: warnings,
    };
    if let Some(inputs) = inputs {
        let last = LastBuild {
            inputs,
            pages: report.pages,
            files: report.files,
            warnings: report.diagnostics.iter().map(Into::into).collect(),
        };
        if let Ok(json) = serde_json::to_vec(&last) {
            let cache = last_build(&req.root);
            let _ = std::fs::create_dir_all(cache.parent().unwrap_or(Path::new(".")));
            let _ = std::fs::write(&cache, json);
        }
    }
    Ok(report)
}

fn last_build(root: &Path) -> PathBuf {
    root.join(".sanwu-cache").join("last-build.json")
}

/// The fingerprint of a build's inputs: taken before the build, or from the hashes of the files
/// its load reads (a first build, which cannot be up to date: at 50,000 documents, reading every
/// file twice took half a second).
enum Inputs {
    Known(Option<u64>),
    /// With the theme's files, hashed before the theme is loaded.
    FromLoad(u128, Vec<(String, u64, Option<FileStamp>)>),
}

/// The pages and files written, and the warnings; or why the build failed.
type Written = Result<(usize, usize, Vec<Diagnostic>), BuildFailure>;

/// A build written as it is rendered: each village's pages go into the new output folder as
/// soon as they are made, so memory holds the site's model and not its pages, and what the
/// search index keeps of them. The folder replaces the output only when all is done.
/// Returns the inputs' fingerprint, and the pages and files written and the warnings.
fn write(
    req: &BuildRequest,
    mut session: Session,
    inputs: Inputs,
    progress: &dyn Fn(Stage),
) -> (Option<u64>, Written) {
    let checked = session.check(progress);
    let mut inputs = match inputs {
        Inputs::Known(inputs) => Fingerprint::Known(inputs),
        // A build that fails writes no marker.
        Inputs::FromLoad(..) if checked.is_err() => Fingerprint::Known(None),
        Inputs::FromLoad(themes_at, themes) => {
            let (root, drafts) = (req.root.clone(), req.drafts);
            let taken = Taken {
                // Taken out of the session: only a preview keeps its readings for a next load.
                read: std::mem::take(&mut session.loaded).files_read(),
                themes_at,
                themes,
                state: checked.as_ref().ok().and_then(|c| c.history.state.clone()),
            };
            // Beside the render; the output's marker needs it at the end.
            Fingerprint::Taking(Some(std::thread::spawn(move || {
                inputs_fingerprint(&root, drafts, Some(taken))
            })))
        }
    };
    let written = checked
        .map_err(BuildFailure::Content)
        .and_then(|checked| write_checked(req, session, checked, &mut inputs, progress));
    (inputs.get(), written)
}

/// An inputs' fingerprint, or one being taken.
enum Fingerprint {
    Known(Option<u64>),
    Taking(Option<std::thread::JoinHandle<Option<u64>>>),
}

impl Fingerprint {
    /// The fingerprint, once taken.
    fn get(&mut self) -> Option<u64> {
        if let Fingerprint::Taking(handle) = self {
            let taken = handle.take().and_then(|h| h.join().ok()).flatten();
            *self = Fingerprint::Known(taken);
        }
        match self {
            Fingerprint::Known(inputs) => *inputs,
            Fingerprint::Taking(_) => None,
        }
    }
}

fn write_checked(
    req: &BuildRequest,
    mut session: Session,
    mut checked: Checked,
    inputs: &mut Fingerprint,
    progress: &dyn Fn(Stage),
) -> Written {
    let staging = match output::Staging::open(&req.out, &req.root) {
        Ok(s) => s,
        Err(e) => return Err(BuildFailure::Output(e, checked.diags.sorted())),
    };
    progress(Stage::Render);
    let searched = search::Pages::default();
    let rendered = session.render(
        &mut checked,
        Some(&Indexed {
            staging: &staging,
            searched: &searched,
        }),
    );
    let Checked { mut diags, .. } = checked;
    let Some(rest) = rendered else {
        return Err(BuildFailure::Content(diags.sorted()));
    };
    searched.read(&rest);
    if let Err(e) = staging.write_all(&rest) {
        return Err(BuildFailure::Output(e, diags.sorted()));
    }
    drop(rest);
    progress(Stage::Index);
    let index = match searched.index() {
        Ok(index) => index,
        Err(e) => {
            search::failed(&e, &mut diags);
            return Err(BuildFailure::Content(diags.sorted()));
        }
    };
    let warnings = diags.sorted();
    progress(Stage::Write);
    if let Err(e) = staging.write_all(&index) {
        return Err(BuildFailure::Output(e, warnings));
    }
    let (pages, files) = (staging.pages(), staging.files());
    match staging.commit(inputs.get()) {
        Ok(()) => Ok((pages, files, warnings)),
        Err(e) => Err(BuildFailure::Output(e, warnings)),
    }
}

/// Where a build's pages go as they are rendered: into the new output folder, and through
/// the search index's reader.
struct Indexed<'a> {
    staging: &'a output::Staging,
    searched: &'a search::Pages,
}

impl render::Sink for Indexed<'_> {
    fn put(&self, files: Vec<render::OutputFile>) {
        self.searched.read(&files);
        self.staging.put(files);
    }
}

/// What the last build recorded, to answer a build of the same inputs without building.
#[derive(serde::Serialize, serde::Deserialize)]
struct LastBuild {
    inputs: u64,
    pages: usize,
    files: usize,
    warnings: Vec<crate::diag::Stored>,
}

/// The last build's report, if the output folder holds exactly what a build of `inputs` would
/// write: its marker names the same inputs and it still has every file.
/// `on_disk` counts the output's files.
fn up_to_date(
    out: &Path,
    cache: &Path,
    inputs: Option<u64>,
    on_disk: Option<usize>,
) -> Option<BuildReport> {
    let inputs = inputs?;
    if output::built_from(out)? != inputs {
        return None;
    }
    let last: LastBuild = serde_json::from_slice(&std::fs::read(cache).ok()?).ok()?;
    // The files and the marker: a file deleted from the output by hand means a build.
    (last.inputs == inputs && on_disk? == last.files + 1).then(|| BuildReport {
        pages: last.pages,
        files: last.files,
        up_to_date: true,
        diagnostics: last.warnings.into_iter().map(Into::into).collect(),
    })
}

/// The regular files under `dir`, counted with every core: a large site's output has hundreds
/// of thousands in as many folders, and one thread reading them took two seconds. (A parallel
/// walk is what the `jwalk` crate offers; counting needs only this recursion.)
fn count_files(dir: &Path) -> Option<usize> {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)
        .ok()?
        .collect::<Result<_, _>>()
        .ok()?;
    entries
        .par_iter()
        .map(|e| {
            let kind = e.file_type().ok()?;
            if kind.is_dir() {
                count_files(&e.path())
            } else {
                Some(usize::from(kind.is_file()))
            }
        })
        .sum()
}

/// A fingerprint of everything a build reads: every file under `content/` and `themes/`
/// (path and bytes), the state of the history (HEAD, shallow or not, uncommitted files),
/// this program (its version and built-in theme) and the options. `None` when it cannot be
/// taken (then the site is built).
/// `taken`: what a first build took of its inputs as it used them ([`Taken`]), used as it is.
pub fn inputs_fingerprint(root: &Path, drafts: bool, taken: Option<Taken>) -> Option<u64> {
    use rayon::prelude::*;
    use std::hash::Hasher;
    let files = files_under(root, &["content", "themes"])?;
    let known = FileHashes::read(root);
    // Taken before any file is read: a file modified while they are read counts as recent.
    let mut started = FileHashes::now();
    let mut built: rustc_hash::FxHashMap<String, (Option<FileStamp>, u64)> = Default::default();
    let mut state = None;
    if let Some(taken) = taken {
        started = started.min(taken.read.at).min(taken.themes_at);
        state = taken.state;
        built.extend(taken.read.files.into_iter().map(|f| {
            let stamp = FileStamp {
                size: f.size,
                modified_ns: f.modified_ns,
            };
            (f.rel, (Some(stamp), f.hash))
        }));
        built.extend(
            taken
                .themes
                .into_iter()
                .map(|(rel, hash, stamp)| (rel, (stamp, hash))),
        );
    }
    // A theme's file the build may have used, but not hashed when it was: no fingerprint.
    let unsure = AtomicBool::new(false);
    let hashes: Vec<(String, u64, Option<FileStamp>)> = files
        .into_par_iter()
        .map(|(path, rel, stamp)| {
            if let Some((stamp, hash)) = built.get(&rel) {
                return (rel, *hash, stamp.clone());
            }
            if !built.is_empty() && rel.starts_with("themes") {
                unsure.store(true, Ordering::Relaxed);
            }
            let hash = match (&stamp, known.get(&rel)) {
                (Some(s), Some((k, hash))) if k == s && !known.is_recent(s) => *hash,
                // A symbolic link or unreadable file hashes as such; the build reports it.
                _ => load::content_hash(&std::fs::read(path).unwrap_or_default()),
            };
            (rel, hash, stamp)
        })
        .collect();
    FileHashes::write(root, &known, started, &hashes);
    if unsure.into_inner() {
        return None;
    }
    let mut h = std::hash::DefaultHasher::new();
    for (rel, hash, _) in &hashes {
        h.write(rel.as_bytes());
        h.write_u64(*hash);
    }
    let state = state.unwrap_or_else(|| history::state(root));
    h.write(state.as_bytes());
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    h.write_u64(theme::built_in_fingerprint());
    h.write_u8(u8::from(drafts));
    Some(h.finish())
}

/// What a first build takes of its inputs as it uses them, for its fingerprint to be of what
/// was built: a file changed while the site is built then makes the next build build again.
/// - `read`: the hashes of the files its load read, as it read them;
/// - `themes`: the files of `themes/`, hashed before the theme was loaded (at `themes_at`);
/// - `state`: the state of git the history was read at ([`history::History::state`]).
pub struct Taken {
    read: load::FilesRead,
    themes_at: u128,
    themes: Vec<(String, u64, Option<FileStamp>)>,
    state: Option<String>,
}

/// The files of `themes/` with their hashes and stamps, read now: before the theme is loaded.
fn theme_hashes(root: &Path) -> (u128, Vec<(String, u64, Option<FileStamp>)>) {
    let at = FileHashes::now();
    let files = files_under(root, &["themes"]).unwrap_or_default();
    let hashes = files
        .into_iter()
        .map(|(path, rel, stamp)| {
            let hash = load::content_hash(&std::fs::read(path).unwrap_or_default());
            (rel, hash, stamp)
        })
        .collect();
    (at, hashes)
}

/// The files (not folders) under `root`'s folders `tops`, in order: each one's path, its path
/// from `root`, and its stamp if it is a regular file; `None` if a folder cannot be read.
fn files_under(root: &Path, tops: &[&str]) -> Option<Vec<(PathBuf, String, Option<FileStamp>)>> {
    let mut files = Vec::new();
    for top in tops {
        let dir = root.join(top);
        if !dir.exists() {
            continue;
        }
        for e in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let e = e.ok()?;
            if !e.file_type().is_dir() {
                let meta = e.file_type().is_file().then(|| e.metadata().ok()).flatten();
                let stamp = meta.as_ref().and_then(FileStamp::of);
                let path = e.into_path();
                let rel = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .into_owned();
                files.push((path, rel, stamp));
            }
        }
    }
    Some(files)
}

/// A file's size and modification time: while they are as recorded, its bytes are taken to be
/// too, and it is not read again (git's index does the same).
#[derive(Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct FileStamp {
    size: u64,
    modified_ns: u128,
}

impl FileStamp {
    fn of(meta: &std::fs::Metadata) -> Option<FileStamp> {
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        Some(FileStamp {
            size: meta.len(),
            modified_ns: modified.as_nanos(),
        })
    }
}

/// The content hashes of the last fingerprint, by path, with the stamps they were taken at:
/// an unchanged build of a large site would otherwise read every file (1.7 s of system time at
/// 50,000 documents).
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct FileHashes {
    /// When the hashes began to be taken. A file modified shortly before, or while they were,
    /// may have been modified again within its file system's clock resolution, so its stamp
    /// is not trusted.
    taken_ns: u128,
    files: std::collections::HashMap<String, (FileStamp, u64)>,
}

impl FileHashes {
    fn path(root: &Path) -> PathBuf {
        root.join(".sanwu-cache")
            .join(concat!("inputs-", env!("CARGO_PKG_VERSION"), ".bin"))
    }

    fn read(root: &Path) -> FileHashes {
        std::fs::read(Self::path(root))
            .ok()
            .and_then(|b| postcard::from_bytes(&b).ok())
            .unwrap_or_default()
    }

    fn get(&self, rel: &str) -> Option<&(FileStamp, u64)> {
        self.files.get(rel)
    }

    fn is_recent(&self, stamp: &FileStamp) -> bool {
        stamp.modified_ns + 2_000_000_000 >= self.taken_ns
    }

    fn now() -> u128 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    }

    /// Records `hashes`, taken from `taken_ns` on, unless they are what `known` already holds.
    fn write(
        root: &Path,
        known: &FileHashes,
        taken_ns: u128,
        hashes: &[(String, u64, Option<FileStamp>)],
    ) {
        let unchanged = known.files.len() == hashes.len()
            && hashes.iter().all(|(rel, hash, stamp)| {
                matches!((known.get(rel), stamp), (Some((s, h)), Some(t)) if s == t && h == hash)
                    && stamp.as_ref().is_some_and(|s| !known.is_recent(s))
            });
        if unchanged {
            return;
        }
        let files = hashes
            .iter()
            .filter_map(|(rel, hash, stamp)| Some((rel.clone(), (stamp.clone()?, *hash))))
            .collect();
        let record = FileHashes { taken_ns, files };
        if let Ok(bytes) = postcard::to_allocvec(&record) {
            let path = Self::path(root);
            if let Some(dir) = path.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = std::fs::write(path, bytes);
        }
    }
}

/// Makes the search index of a build's pages (`path`, `bytes`), again only if a searchable page
/// changed since the last time: the preview runs it beside the builds, on its own thread.
#[derive(Default)]
pub struct Indexer {
    cache: search::SearchCache,
}

impl Indexer {
    /// The index, or `Ok(None)` when `stop` said to stop (a rebuild started).
    pub fn index<'a>(
        &mut self,
        pages: impl Iterator<Item = (&'a str, &'a [u8])>,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Result<Option<Vec<render::OutputFile>>, Vec<Diagnostic>> {
        search::index_pages(pages, &mut self.cache, stop).map_err(|e| {
            let mut diags = Diagnostics::new();
            search::failed(&e, &mut diags);
            diags.sorted()
        })
    }
}
