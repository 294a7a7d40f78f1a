//! `sanwu serve`: a live preview. Builds the site in memory (drafts included), serves it on
//! a local port, watches `content/` and `themes/`, rebuilds on every change and reloads the
//! open pages; while the content has errors, every page shows them over the last good build.
//!
//! ```text
//! notify events ─▶ build thread (debounce, compile, diff) ─▶ Snapshot ─▶ HTTP threads
//!                                                    └─▶ "reload" to every open page (SSE)
//! ```
//!
//! Requests are answered from the in-memory file map of the current [`Snapshot`], swapped
//! atomically after each build; the disk is never read to answer a request.

mod http;
pub mod site;
mod watch;

use crate::build::{self, Compiled};
use crate::diag::{self, Diagnostic, Lang, Severity};
use crate::search;
use std::collections::{BTreeSet, HashMap};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub use site::RELOAD_TAG;
use watch::{Msg, Watch};

/// The port `sanwu serve` tries first.
pub const DEFAULT_PORT: u16 = 8600;

/// The search index of the preview is made when no build came for this long.
const INDEX_AFTER: Duration = Duration::from_millis(1000);

/// A debounce window never keeps a build waiting longer than this, even if events keep coming.
const MAX_WAIT: Duration = Duration::from_secs(2);

/// Every file of a built site, by its path in the output (`towns/x/index.html`).
pub type FileMap = HashMap<String, Arc<Vec<u8>>>;

pub struct ServeOptions {
    /// The site folder, holding `content/`.
    pub root: PathBuf,
    /// Address to listen on; loopback unless the user asks otherwise.
    pub bind: IpAddr,
    /// First port to try; 0 lets the system pick a free one.
    pub port: u16,
    /// How many following ports to try when `port` is taken.
    pub port_attempts: u16,
    /// Use notify's poll watcher (network shares, WSL on Windows drives).
    pub poll: bool,
    pub poll_interval: Duration,
    /// A burst of changes quiet for this long becomes one rebuild.
    pub debounce: Duration,
    /// Include drafts (always, for `sanwu serve`).
    pub drafts: bool,
    pub lang: Lang,
    /// Print nothing (tests, benchmarks).
    pub quiet: bool,
}

impl ServeOptions {
    pub fn new(root: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            root: root.into(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            port_attempts: 20,
            poll: false,
            poll_interval: Duration::from_millis(500),
            // Editors' saves (a temporary file, then a rename) land within a few milliseconds;
            // longer bursts such as a `git pull` are caught by rebuilding once more.
            debounce: Duration::from_millis(20),
            drafts: true,
            lang: Lang::Zh,
            quiet: false,
        }
    }
}

#[derive(Debug)]
pub enum ServeError {
    /// The site folder does not exist or cannot be read.
    Root(PathBuf, std::io::Error),
    /// No port could be bound.
    Bind(SocketAddr, std::io::Error),
    /// Neither the native watcher nor polling could start.
    Watch(std::io::Error),
}

impl ServeError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ServeError::Root(p, e), Lang::Zh) => {
                format!("找不到站点文件夹 {}：{e}", p.display())
            }
            (ServeError::Root(p, e), Lang::En) => {
                format!("cannot open the site folder {}: {e}", p.display())
            }
            (ServeError::Bind(a, e), Lang::Zh) => format!("无法在 {a} 上启动预览：{e}"),
            (ServeError::Bind(a, e), Lang::En) => format!("cannot listen on {a}: {e}"),
            (ServeError::Watch(e), Lang::Zh) => format!("无法监视文件改动：{e}"),
            (ServeError::Watch(e), Lang::En) => format!("cannot watch for changes: {e}"),
        }
    }
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ServeError {}

/// What one build did.
#[derive(Clone, Debug)]
pub struct BuildEvent {
    /// 1 for the first build, then one more per rebuild.
    pub generation: u64,
    /// The build succeeded (and is what is served now).
    pub ok: bool,
    /// Errors of a failed build (the overlay lists them).
    pub errors: usize,
    /// Files whose bytes differ from the previous good build, new files, and files gone.
    pub changed: usize,
    pub added: usize,
    pub removed: usize,
    /// From the start of the build (after the debounce) until it was served.
    pub elapsed: Duration,
    /// The open pages were told to reload (every build but a successful one that changed
    /// nothing after a successful one).
    pub reloaded: bool,
    /// What is served includes the search index of these pages. A rebuild serves its pages
    /// first (with the previous index) and its index a moment later, as an event of the same
    /// generation with `indexed` set.
    pub indexed: bool,
    /// How many villages this build rendered; the others were unchanged and came from the
    /// previous build.
    pub villages_rendered: usize,
}

/// What is served now: the last good build's files, and the errors of the last build if it
/// failed.
pub(crate) struct Snapshot {
    /// Changes on every reload; pages compare it on reconnecting to catch a missed reload.
    pub build_id: String,
    /// `None` until a build has succeeded.
    pub files: Option<Arc<FileMap>>,
    /// The errors of the last build, empty when it succeeded.
    pub errors: Vec<Diagnostic>,
    /// What HTML pages get before `</body>`: the overlay (if any) and the reload script.
    pub inject: String,
}

pub(crate) struct Shared {
    root: PathBuf,
    lang: Lang,
    quiet: bool,
    /// Tells this server's builds from an earlier run's, for pages open across a restart.
    instance: String,
    current: RwLock<Arc<Snapshot>>,
    /// One sender per open event stream; dead ones are dropped at the next broadcast.
    clients: Mutex<Vec<Sender<String>>>,
    published: Mutex<u64>,
    last: Mutex<Option<BuildEvent>>,
    built: Condvar,
    /// Rebuilds started: the search index stops when it changes, leaving the cores to the
    /// rebuild a clerk waits for.
    builds_started: std::sync::atomic::AtomicU64,
}

impl Shared {
    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        self.current.read().unwrap().clone()
    }

    pub(crate) fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = mpsc::channel();
        self.clients.lock().unwrap().push(tx);
        rx
    }

    fn broadcast(&self, msg: &str) {
        self.clients
            .lock()
            .unwrap()
            .retain(|c| c.send(msg.to_string()).is_ok());
    }

    fn say(&self, zh: &str, en: &str) {
        if !self.quiet {
            eprintln!("{}", if self.lang == Lang::Zh { zh } else { en });
        }
    }

    fn print_diagnostics(&self, diags: &[Diagnostic]) {
        if self.quiet || diags.is_empty() {
            return;
        }
        eprint!("{}", render_all(diags, &self.root, self.lang));
    }

    /// Serves `files` (the files of `indexed`, with their search index) if `indexed` is still
    /// what is served, and says so to whoever waits for the index.
    fn publish_index(&self, indexed: &Arc<Snapshot>, files: FileMap) {
        let mut current = self.current.write().unwrap();
        if !Arc::ptr_eq(&current, indexed) {
            return;
        }
        *current = Arc::new(Snapshot {
            build_id: current.build_id.clone(),
            files: Some(Arc::new(files)),
            errors: current.errors.clone(),
            inject: current.inject.clone(),
        });
        // Still under the lock of what is served: the last event is the indexed build's.
        if let Some(event) = self.last.lock().unwrap().as_mut() {
            event.indexed = true;
            event.reloaded = false;
        }
        drop(current);
        self.built.notify_all();
    }

    /// Makes `files` and `errors` what is served, tells the pages to reload (when `reload`),
    /// and wakes whoever waits for this build.
    fn publish(&self, files: Option<Arc<FileMap>>, errors: Vec<Diagnostic>, event: BuildEvent) {
        let reload = event.reloaded;
        let build_id = {
            let mut current = self.current.write().unwrap();
            let build_id = if reload {
                let mut n = self.published.lock().unwrap();
                *n += 1;
                format!("{}-{}", self.instance, *n)
            } else {
                current.build_id.clone()
            };
            let inject = site::injection(&errors, files.is_some(), &self.root, self.lang);
            *current = Arc::new(Snapshot {
                build_id: build_id.clone(),
                files,
                errors,
                inject,
            });
            // Under the same lock: the indexing thread pairs what is served with its event.
            *self.last.lock().unwrap() = Some(event);
            build_id
        };
        if reload {
            self.broadcast(&format!("event: reload\ndata: {build_id}\n\n"));
        }
        self.built.notify_all();
    }
}

fn render_all(diags: &[Diagnostic], root: &Path, lang: Lang) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&diag::render_human(d, root, lang));
        out.push('\n');
    }
    out
}

struct SiteHandler(Arc<Shared>);

impl http::Handler for SiteHandler {
    fn respond(&self, req: &http::Request) -> http::Reply {
        site::respond(&self.0, req)
    }
}

/// A running preview. Dropping it stops the server.
pub struct ServerHandle {
    shared: Arc<Shared>,
    server: http::Server,
    tx: Sender<Msg>,
    builder: Option<JoinHandle<()>>,
    polling: bool,
}

impl ServerHandle {
    /// The address the server listens on (with the port actually bound).
    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// The URL to open on this computer.
    pub fn url(&self) -> String {
        let addr = self.addr();
        match addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => format!("http://127.0.0.1:{}/", addr.port()),
            IpAddr::V6(ip) if ip.is_unspecified() => format!("http://[::1]:{}/", addr.port()),
            IpAddr::V6(ip) => format!("http://[{ip}]:{}/", addr.port()),
            IpAddr::V4(ip) => format!("http://{ip}:{}/", addr.port()),
        }
    }

    /// Whether changes are found by polling (asked for, or the native watcher was unavailable).
    pub fn polling(&self) -> bool {
        self.polling
    }

    /// The last finished build.
    pub fn last_build(&self) -> Option<BuildEvent> {
        self.shared.last.lock().unwrap().clone()
    }

    /// The generation of the last finished build (0 before the first).
    pub fn generation(&self) -> u64 {
        self.last_build().map_or(0, |b| b.generation)
    }

    /// Waits until a build later than `after` has finished, at most `timeout`.
    pub fn wait_for_build(&self, after: u64, timeout: Duration) -> Option<BuildEvent> {
        self.wait_until(timeout, |b| b.generation > after)
    }

    /// Waits until what is served includes the search index of build `generation` or a
    /// later one, at most `timeout`.
    pub fn wait_for_index(&self, generation: u64, timeout: Duration) -> Option<BuildEvent> {
        self.wait_until(timeout, |b| b.generation >= generation && b.indexed)
    }

    /// Waits until the last finished build satisfies `done`, at most `timeout`.
    fn wait_until(
        &self,
        timeout: Duration,
        done: impl Fn(&BuildEvent) -> bool,
    ) -> Option<BuildEvent> {
        let deadline = Instant::now() + timeout;
        let mut last = self.shared.last.lock().unwrap();
        loop {
            if let Some(b) = last.as_ref().filter(|b| done(b)) {
                return Some(b.clone());
            }
            let now = Instant::now();
            if now >= deadline {
                return None;
            }
            last = self
                .shared
                .built
                .wait_timeout(last, deadline - now)
                .unwrap()
                .0;
        }
    }

    /// Every file served now (the last good build), as the build made it: before the reload
    /// script is added to pages.
    pub fn files(&self) -> Vec<(String, Arc<Vec<u8>>)> {
        let mut files: Vec<(String, Arc<Vec<u8>>)> = self
            .shared
            .snapshot()
            .files
            .as_ref()
            .map(|f| f.iter().map(|(p, b)| (p.clone(), b.clone())).collect())
            .unwrap_or_default();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }

    /// Paths of every file served now (the last good build), sorted.
    pub fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .shared
            .snapshot()
            .files
            .as_ref()
            .map(|f| f.keys().cloned().collect())
            .unwrap_or_default();
        paths.sort();
        paths
    }

    /// Blocks until the server stops (for the command line: until the process is ended).
    pub fn wait(mut self) {
        self.server.join();
    }

    /// Stops watching and serving; open event streams are closed.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let _ = self.tx.send(Msg::Stop);
        self.server.stop();
        self.shared.clients.lock().unwrap().clear();
        if let Some(b) = self.builder.take() {
            let _ = b.join();
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Builds the site, starts serving and watching. Returns once the first build is served
/// (successful or not: a failed first build serves a page listing the errors).
pub fn start(opts: ServeOptions) -> Result<ServerHandle, ServeError> {
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| ServeError::Root(opts.root.clone(), e))?;
    let instance = format!(
        "{:x}{:x}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64 & 0xffff_ffff)
    );
    let shared = Arc::new(Shared {
        root: root.clone(),
        lang: opts.lang,
        quiet: opts.quiet,
        instance: instance.clone(),
        current: RwLock::new(Arc::new(Snapshot {
            build_id: format!("{instance}-0"),
            files: None,
            errors: Vec::new(),
            inject: String::new(),
        })),
        clients: Mutex::new(Vec::new()),
        published: Mutex::new(0),
        last: Mutex::new(None),
        built: Condvar::new(),
        builds_started: std::sync::atomic::AtomicU64::new(0),
    });

    let listener = bind(&shared, opts.bind, opts.port, opts.port_attempts)?;
    if !opts.bind.is_loopback() {
        shared.say(
            &format!(
                "警告：预览监听在 {}，同一网络中的其他电脑也能打开这个预览（包括草稿）。只给自己看，请去掉 --bind。",
                opts.bind
            ),
            &format!(
                "warning: the preview listens on {}: other computers on the network can open it, drafts included. Drop --bind to keep it to this computer.",
                opts.bind
            ),
        );
    }

    // Watch before the first build, so that nothing saved during it is missed.
    let (tx, rx) = mpsc::channel();
    let (watch, fell_back) = Watch::start(&root, opts.poll, opts.poll_interval, tx.clone())
        .map_err(ServeError::Watch)?;
    if let Some(e) = fell_back {
        shared.say(
            &format!("无法使用系统的文件通知（{e}），改为定时扫描文件"),
            &format!("file notifications unavailable ({e}); polling for changes instead"),
        );
    }

    let (index_tx, index_rx) = mpsc::channel();
    let indexer = std::thread::Builder::new()
        .name("sanwu-serve-index".into())
        .spawn({
            let shared = shared.clone();
            move || index_loop(&shared, index_rx)
        })
        .map_err(|e| ServeError::Bind(SocketAddr::new(opts.bind, opts.port), e))?;
    drop(indexer);
    let mut builder = Builder {
        shared: shared.clone(),
        indexer: index_tx,
        session: build::Session::preview(&root, opts.drafts),
        debounce: opts.debounce,
        generation: 0,
        warnings: String::new(),
        pool: rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("sanwu-serve-build-{i}"))
            .build()
            .ok(),
        served: Vec::new(),
    };
    shared.say("正在生成预览…", "building the preview…");
    let (result, elapsed) = builder.compile(true);
    builder.publish(result, elapsed, true);

    let server = http::Server::start(listener, Arc::new(SiteHandler(shared.clone())))
        .map_err(|e| ServeError::Bind(SocketAddr::new(opts.bind, opts.port), e))?;
    let polling = watch.polling;
    let builder = std::thread::Builder::new()
        .name("sanwu-serve-build".into())
        .spawn(move || builder.run(rx, watch))
        .map_err(|e| ServeError::Bind(server.addr(), e))?;
    let handle = ServerHandle {
        shared,
        server,
        tx,
        builder: Some(builder),
        polling,
    };
    let url = handle.url();
    let how = if polling {
        ("（定时扫描）", " (polling)")
    } else {
        ("", "")
    };
    handle.shared.say(
        &format!(
            "预览地址：{url}\n正在监视 content/ 和 themes/{}，保存文件后自动重新生成并刷新页面；草稿也会显示（标为“草稿”）。按 Ctrl+C 停止。",
            how.0
        ),
        &format!(
            "preview at {url}\nwatching content/ and themes/{}: pages rebuild and reload on save; drafts are shown, marked 草稿. Ctrl+C to stop.",
            how.1
        ),
    );
    Ok(handle)
}

/// Binds `port`, or the next free one of `attempts` more, saying which when it differs.
fn bind(shared: &Shared, ip: IpAddr, port: u16, attempts: u16) -> Result<TcpListener, ServeError> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(attempts)
    };
    let mut first_error = None;
    for p in port..=last {
        let addr = SocketAddr::new(ip, p);
        match TcpListener::bind(addr) {
            Ok(l) => {
                if p != port {
                    shared.say(
                        &format!("端口 {port} 已被占用，改用 {p}"),
                        &format!("port {port} is in use; using {p}"),
                    );
                }
                return Ok(l);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                first_error.get_or_insert((addr, e));
            }
            Err(e) => return Err(ServeError::Bind(addr, e)),
        }
    }
    let (addr, e) = first_error.expect("at least one port was tried");
    Err(ServeError::Bind(addr, e))
}

/// The build thread: waits for changes, debounces them, rebuilds and publishes.
struct Builder {
    shared: Arc<Shared>,
    session: build::Session,
    /// Wakes the indexing thread after pages were served without their search index.
    indexer: Sender<()>,
    debounce: Duration,
    generation: u64,
    /// The warnings last printed, so that an unchanged list is not printed again.
    warnings: String,
    /// Rebuilds run on threads of their own. The search index works on the shared pool; there,
    /// a rebuild would queue behind the index's parallel work while the clerk waits for the
    /// page.
    pool: Option<rayon::ThreadPool>,
    /// The files of the build served, in the order the build made them: (hash of the path,
    /// bytes). A next build of the same pages makes them in the same order, and comparing the
    /// two lists side by side is much faster than looking every page up in the served map
    /// (a tenth of a second for a county of 150,000 pages).
    served: Vec<(u64, Arc<Vec<u8>>)>,
}

impl Builder {
    fn run(mut self, rx: Receiver<Msg>, mut watch: Watch) {
        let mut pending = false;
        // The files changed since the last build, as the events name them; `None` when an event
        // did not say, and the next build looks at every file.
        let mut changed: Option<BTreeSet<String>> = Some(BTreeSet::new());
        let note = |watch: &Watch,
                    e: &notify::Result<notify::Event>,
                    changed: &mut Option<BTreeSet<String>>| {
            match (watch.changed_files(e), changed.as_mut()) {
                (Some(files), Some(set)) => set.extend(files),
                _ => *changed = None,
            }
        };
        loop {
            if !pending {
                // Wait for the first change that matters.
                loop {
                    match rx.recv() {
                        Ok(Msg::Fs(e)) if watch.relevant(&e) => {
                            note(&watch, &e, &mut changed);
                            break;
                        }
                        Ok(Msg::Fs(_)) => {}
                        Ok(Msg::Stop) | Err(_) => return,
                    }
                }
            }
            // Then for the burst to settle: `debounce` without a relevant event.
            let first = Instant::now();
            let mut last = first;
            loop {
                let deadline = (last + self.debounce).min(first + MAX_WAIT);
                let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                    break;
                };
                match rx.recv_timeout(left) {
                    Ok(Msg::Fs(e)) => {
                        if watch.relevant(&e) {
                            note(&watch, &e, &mut changed);
                            last = Instant::now();
                        }
                    }
                    Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                    Err(RecvTimeoutError::Timeout) => break,
                }
            }
            // The pages first, the search index after: a clerk waits for the page, not for
            // the index of the whole county.
            self.session.changed(
                changed
                    .replace(BTreeSet::new())
                    .map(|s| s.into_iter().collect()),
            );
            let (result, elapsed) = self.compile(false);
            // Changes saved while building mean another build; a failed build that is already
            // out of date (say, a file deleted halfway through) is not shown at all.
            pending = false;
            loop {
                match rx.try_recv() {
                    Ok(Msg::Fs(e)) => {
                        if watch.relevant(&e) {
                            note(&watch, &e, &mut changed);
                            pending = true;
                        }
                    }
                    Ok(Msg::Stop) | Err(TryRecvError::Disconnected) => return,
                    Err(TryRecvError::Empty) => break,
                }
            }
            if pending && matches!(result, Some(Err(_))) {
                continue;
            }
            let ok = matches!(result, Some(Ok(_)));
            self.publish(result, elapsed, false);
            if ok && !pending {
                let _ = self.indexer.send(());
            }
        }
    }

    /// One build in memory; `None` if it panicked (a bug, reported; nothing is published).
    fn compile(&mut self, search: bool) -> (Option<Result<Compiled, Vec<Diagnostic>>>, Duration) {
        let started = Instant::now();
        self.shared
            .builds_started
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let session = &mut self.session;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut compile = || session.compile(search, &|_| {});
            match &self.pool {
                Some(pool) => pool.install(compile),
                None => compile(),
            }
        }));
        if result.is_err() {
            // Whatever the panic left in the cache is not trusted.
            self.session = build::Session::preview(&self.shared.root, self.session.drafts());
        }
        let result = match result {
            Ok(r) => Some(r),
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                self.shared.say(
                    &format!("内部错误，本次未能重新生成（{what}）；预览保持上一次的结果"),
                    &format!("internal error, the rebuild failed ({what}); the preview keeps the last result"),
                );
                None
            }
        };
        (result, started.elapsed())
    }

    /// Serves a build's result; `indexed` when its files include their search index, else
    /// the previous index is served with them until [`Builder::index`] replaces it.
    fn publish(
        &mut self,
        result: Option<Result<Compiled, Vec<Diagnostic>>>,
        elapsed: Duration,
        indexed: bool,
    ) {
        let Some(result) = result else { return };
        let first = self.generation == 0;
        self.generation += 1;
        let old = self.shared.snapshot();
        let was_ok = old.errors.is_empty() && old.files.is_some();
        let secs = elapsed.as_secs_f64();
        match result {
            Ok(compiled) => {
                let warnings = render_all(&compiled.warnings, &self.shared.root, self.shared.lang);
                if warnings != self.warnings {
                    if !self.shared.quiet {
                        eprint!("{warnings}");
                    }
                    self.warnings = warnings;
                }
                let order: Vec<(u64, Arc<Vec<u8>>)> = compiled
                    .files
                    .iter()
                    .map(|f| {
                        (
                            crate::load::content_hash(f.path.as_bytes()),
                            f.bytes.clone(),
                        )
                    })
                    .collect();
                let mut files: FileMap = compiled
                    .files
                    .into_iter()
                    .map(|f| (f.path, f.bytes))
                    .collect();
                if !indexed && let Some(old) = old.files.as_deref() {
                    files.extend(
                        old.iter()
                            .filter(|(p, _)| p.starts_with(search::FOLDER))
                            .map(|(p, b)| (p.clone(), b.clone())),
                    );
                }
                let side_by_side = (was_ok && !indexed)
                    .then(|| compare_in_order(&self.served, &order))
                    .flatten();
                let (changed, added, removed) =
                    side_by_side.unwrap_or_else(|| compare(old.files.as_deref(), &files));
                self.served = order;
                let total = changed + added + removed;
                if first {
                    let pages = files.keys().filter(|p| p.ends_with(".html")).count();
                    self.shared.say(
                        &format!(
                            "已生成 {pages} 个页面（共 {} 个文件），用时 {secs:.2} 秒",
                            files.len()
                        ),
                        &format!("built {pages} pages ({} files) in {secs:.2} s", files.len()),
                    );
                } else if !was_ok {
                    self.shared.say(
                        &format!("已重新生成：错误已改正，{total} 个页面有变化，用时 {secs:.2} 秒"),
                        &format!("rebuilt: errors fixed, {total} pages changed, in {secs:.2} s"),
                    );
                } else if total == 0 {
                    self.shared.say(
                        &format!("已重新生成：没有页面变化，用时 {secs:.2} 秒"),
                        &format!("rebuilt: no page changed, in {secs:.2} s"),
                    );
                } else {
                    let (zh, en) = if added + removed > 0 {
                        (
                            format!("（其中新增 {added} 个，删除 {removed} 个）"),
                            format!(" ({added} new, {removed} removed)"),
                        )
                    } else {
                        (String::new(), String::new())
                    };
                    self.shared.say(
                        &format!("已重新生成：{total} 个页面有变化{zh}，用时 {secs:.2} 秒"),
                        &format!("rebuilt: {total} pages changed{en} in {secs:.2} s"),
                    );
                }
                let event = BuildEvent {
                    generation: self.generation,
                    ok: true,
                    errors: 0,
                    changed,
                    added,
                    removed,
                    elapsed,
                    reloaded: !(was_ok && total == 0),
                    indexed,
                    villages_rendered: self.session.rendered_villages(),
                };
                self.shared
                    .publish(Some(Arc::new(files)), Vec::new(), event);
            }
            Err(diags) => {
                self.shared.print_diagnostics(&diags);
                let total = diags.len();
                let errors: Vec<Diagnostic> = diags
                    .into_iter()
                    .filter(|d| d.severity == Severity::Error)
                    .collect();
                let warnings = total - errors.len();
                if !self.shared.quiet {
                    eprintln!(
                        "{}",
                        diag::summary(errors.len(), warnings, self.shared.lang)
                    );
                }
                // Warnings of the next good build are printed again.
                self.warnings.clear();
                if old.files.is_some() {
                    self.shared.say(
                        "网站没有更新：浏览器中仍是上次成功生成的页面，页面上方列出这些错误",
                        "the site was not updated: the browser keeps the last good build, with these errors on top",
                    );
                } else {
                    self.shared.say(
                        "网站还没能生成：浏览器中显示这些错误；改正后自动重新生成",
                        "the site could not be built: the browser lists these errors; fix them and it rebuilds",
                    );
                }
                let event = BuildEvent {
                    generation: self.generation,
                    ok: false,
                    errors: errors.len(),
                    changed: 0,
                    added: 0,
                    removed: 0,
                    elapsed,
                    reloaded: true,
                    indexed: false,
                    villages_rendered: 0,
                };
                self.shared.publish(old.files.clone(), errors, event);
            }
        }
    }
}

/// The indexing thread: once builds have paused for [`INDEX_AFTER`], indexes what is served
/// and serves the index with it, unless a newer build was served meanwhile (its own wake-up
/// follows). It works on one thread: the other cores stay free for the next rebuild, which a
/// clerk waits for, where the index of a large county takes seconds. Ends with the builder.
fn index_loop(shared: &Shared, wake: Receiver<()>) {
    let mut indexer = build::Indexer::default();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "sanwu-serve-index".into())
        .build()
        .ok();
    while wake.recv().is_ok() {
        // A clerk saving again and again gets pages, not indexes of each save.
        loop {
            match wake.recv_timeout(INDEX_AFTER) {
                Ok(()) => {}
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let snapshot = shared.snapshot();
        let Some(files) = &snapshot.files else {
            continue;
        };
        let pages = files
            .iter()
            .filter(|(p, _)| !p.starts_with(search::FOLDER))
            .map(|(p, b)| (p.as_str(), b.as_slice()));
        let builds = |s: &Shared| s.builds_started.load(std::sync::atomic::Ordering::Relaxed);
        let started = builds(shared);
        let stop = || builds(shared) != started;
        let index = match &pool {
            Some(pool) => pool.install(|| indexer.index(pages, &stop)),
            None => indexer.index(pages, &stop),
        };
        let index = match index {
            // A rebuild started: its pages are indexed after it, once builds pause again.
            Ok(None) => continue,
            Ok(Some(index)) => index,
            Err(diags) => {
                shared.print_diagnostics(&diags);
                continue;
            }
        };
        let mut next: FileMap = files
            .iter()
            .filter(|(p, _)| !p.starts_with(search::FOLDER))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect();
        next.extend(index.into_iter().map(|f| (f.path, f.bytes)));
        shared.publish_index(&snapshot, next);
    }
}

/// [`compare`] for two builds' files in the order they were made, when both made the same
/// paths in the same order; `None` otherwise.
fn compare_in_order(
    old: &[(u64, Arc<Vec<u8>>)],
    new: &[(u64, Arc<Vec<u8>>)],
) -> Option<(usize, usize, usize)> {
    if old.len() != new.len() {
        return None;
    }
    let mut changed = 0;
    for ((path_before, before), (path, bytes)) in old.iter().zip(new) {
        if path_before != path {
            return None;
        }
        if !Arc::ptr_eq(before, bytes) && before != bytes {
            changed += 1;
        }
    }
    Some((changed, 0, 0))
}

/// (changed, added, removed) between two builds' files.
fn compare(old: Option<&FileMap>, new: &FileMap) -> (usize, usize, usize) {
    let Some(old) = old else {
        return (0, new.len(), 0);
    };
    let mut changed = 0;
    let mut added = 0;
    for (path, bytes) in new {
        match old.get(path) {
            // Unchanged pages are the same allocation; comparing the pointers spares reading them.
            Some(before) if Arc::ptr_eq(before, bytes) || before == bytes => {}
            Some(_) => changed += 1,
            None => added += 1,
        }
    }
    let removed = old.keys().filter(|p| !new.contains_key(*p)).count();
    (changed, added, removed)
}

/// Opens `url` in the default browser, or says how to open it by hand.
pub fn open_browser(url: &str, lang: Lang) {
    if let Err(e) = open::that_detached(url) {
        match lang {
            Lang::Zh => eprintln!("无法打开浏览器（{e}），请手动打开 {url}"),
            Lang::En => eprintln!("cannot open a browser ({e}); open {url} by hand"),
        }
    }
}

/// Parses `--bind`: an IP address, or `localhost`.
pub fn parse_bind(s: &str) -> Result<IpAddr, String> {
    if s.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    s.parse().map_err(|_| {
        format!("不是 IP 地址 / not an IP address: {s} (例如 / e.g. 127.0.0.1, 0.0.0.0, ::1)")
    })
}
