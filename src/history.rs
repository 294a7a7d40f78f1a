//! Stage 3, history: every revision of every content file, from the site's git repository.
//!
//! One `git log` reads the whole history of `content/` (with renames), and one
//! `git cat-file --batch` process reads the old contents, the way Hugo reads its git info.
//! The parsed log is cached under `.sanwu-cache/`, keyed by HEAD, so an unchanged repository
//! is not read again.

use crate::date::Date;
use crate::diag::{Diagnostics, Msg, Pos};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;

/// How a revision changed its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Change {
    Added,
    Modified,
    Renamed,
    Deleted,
}

impl Change {
    pub fn zh(self) -> &'static str {
        match self {
            Change::Added => "新增",
            Change::Modified => "修改",
            Change::Renamed => "移动",
            Change::Deleted => "删除",
        }
    }
}

/// One commit's change to one file.
#[derive(Clone, Debug, Hash, Serialize, Deserialize)]
pub struct Revision {
    pub commit: String,
    /// Author date as written (`2025-04-10T09:30:00+08:00`).
    pub datetime: String,
    pub author: String,
    /// The `Change-Note:` trailer of the commit message, if any.
    pub trailer_note: Option<String>,
    /// The file's path in this revision (it differs from today's after a rename).
    pub path: String,
    pub change: Change,
    /// The blob of the file after this revision (`None` for a deletion).
    pub blob: Option<String>,
}

impl Revision {
    pub fn date(&self) -> Date {
        Date::parse(self.datetime.get(..10).unwrap_or("")).unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    }
    pub fn short(&self) -> &str {
        &self.commit[..self.commit.len().min(10)]
    }
}

/// Whether history could be read, and how complete it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Availability {
    /// The site folder is not in a git repository (or git is not installed).
    Unavailable(String),
    /// A shallow clone: older revisions are missing.
    Shallow,
    Complete,
}

/// The history of every content file, keyed by the file's current path (or its last path,
/// for a deleted file). Revisions are newest first.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct History {
    pub availability: Availability,
    /// Shared with the thread that writes the log cache, while the build goes on.
    #[serde(
        serialize_with = "shared::serialize",
        deserialize_with = "shared::deserialize"
    )]
    pub files: Arc<BTreeMap<String, Vec<Revision>>>,
    /// Content files with changes not yet committed.
    pub uncommitted: Vec<String>,
    #[serde(skip)]
    pub texts: Texts,
    /// The commit (and depth) this history was read at: a preview's next build reuses it
    /// while that has not changed ([`read_reusing`]).
    #[serde(skip)]
    at: String,
    /// What [`state`] said when this history was read, if it was read whole: a first build's
    /// fingerprint takes it, so that it is of the history built from.
    #[serde(skip)]
    pub state: Option<String>,
}

/// Revisions' texts by blob id. The ids are git's hashes, not chosen by anyone: hashed with
/// FxHash, which costs less than the default hasher on 100,000 of them.
pub type Texts = HashMap<String, Arc<str>, rustc_hash::FxBuildHasher>;

impl History {
    pub fn unavailable(why: &str) -> History {
        History {
            availability: Availability::Unavailable(why.to_string()),
            files: Default::default(),
            uncommitted: Vec::new(),
            texts: Texts::default(),
            at: String::new(),
            state: None,
        }
    }

    pub fn revisions(&self, path: &str) -> &[Revision] {
        self.files.get(path).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The text of a file after `rev`, if it was read.
    pub fn text(&self, rev: &Revision) -> Option<&Arc<str>> {
        rev.blob.as_ref().and_then(|b| self.texts.get(b))
    }

    /// Files whose newest revision deletes them.
    pub fn deleted(&self) -> impl Iterator<Item = (&String, &Vec<Revision>)> {
        self.files
            .iter()
            .filter(|(_, revs)| revs.first().is_some_and(|r| r.change == Change::Deleted))
    }
}

fn git(root: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C").arg(root);
    // Commit messages and names come back as UTF-8, whatever the machine's locale.
    c.env("LC_ALL", "C.UTF-8").env("GIT_PAGER", "cat");
    c
}

pub(crate) fn git_out(root: &Path, args: &[&str]) -> Option<String> {
    let out = git(root).args(args).stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Reads the history of `root/content/`. Never fails: problems become warnings and the site
/// is built without (complete) history.
pub fn read(root: &Path, cache_dir: Option<&Path>, diags: &mut Diagnostics) -> History {
    let history = read_reusing(root, cache_dir, None, None, diags);
    // Its caches written, so that the caller may remove them.
    saved();
    history
}

/// [`read`], reusing `previous` (the preview's last history) when the repository is still at
/// the commit it was read at: then only the uncommitted files are looked up again, where
/// reading the cached log and the texts of every revision took a large site's preview most of
/// a second on each save. `changed`, when given, lists every file that may have changed since
/// `previous` was read (paths from the site root): only their status is asked of git.
pub fn read_reusing(
    root: &Path,
    cache_dir: Option<&Path>,
    previous: Option<History>,
    changed: Option<&[String]>,
    diags: &mut Diagnostics,
) -> History {
    let Ok(repository) = Repository::of(root) else {
        warn_unavailable(diags, "没有安装 git 程序", "git is not installed");
        return History::unavailable("git");
    };
    let Some(prefix) = repository.prefix.clone() else {
        warn_unavailable(
            diags,
            "站点文件夹不是 git 仓库",
            "the site folder is not a git repository",
        );
        return History::unavailable("not-a-repository");
    };
    let Some(head) = repository.head.clone() else {
        warn_unavailable(
            diags,
            "git 仓库里还没有任何提交",
            "the git repository has no commits yet",
        );
        return History::unavailable("no-commits");
    };
    let shallow = repository.shallow == "true";
    if shallow {
        diags.warning(
            "W0802",
            "content",
            Pos::file(),
            Msg::new(
                "这个仓库只取回了最近的提交（浅克隆），较早的修改记录缺失，网页上的修改历史不完整",
                "this is a shallow clone: older revisions are missing and the published history is incomplete",
            ),
            Msg::new("在站点文件夹运行 git fetch --unshallow 取回全部历史", "run git fetch --unshallow to fetch the whole history"),
        );
    }

    let key = format!("{head}-{}", if shallow { "shallow" } else { "full" });
    let previous = previous.filter(|p| p.at == key);
    let reused = previous.is_some();
    // Since `previous`, only the changed files can have become committed or uncommitted.
    let known = match (&previous, changed) {
        (Some(p), Some(changed)) => Some((
            p.uncommitted.clone(),
            changed
                .iter()
                .filter(|c| c.starts_with("content/"))
                .cloned()
                .collect::<Vec<_>>(),
        )),
        _ => None,
    };
    // `git status` stats every file of the work tree: let it run while the rest is read.
    let status = std::thread::spawn({
        let root = root.to_path_buf();
        let prefix = prefix.clone();
        move || match known {
            Some((before, changed)) if changed.is_empty() => (before, None),
            Some((before, changed)) => {
                let now = uncommitted(&root, &prefix, Some(&changed)).0;
                // A changed path may be a folder (one removed, say): what was under it is
                // asked again too.
                let asked = |f: &str| {
                    changed.iter().any(|c| {
                        f.strip_prefix(c.as_str())
                            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
                    })
                };
                let mut files: Vec<String> = before
                    .into_iter()
                    .filter(|f| !asked(f))
                    .chain(now)
                    .collect();
                files.sort();
                files.dedup();
                (files, None)
            }
            None => {
                let (files, status) = uncommitted(&root, &prefix, None);
                (files, Some(status))
            }
        }
    });
    // A cache still being written by the last read is read once written.
    saved();
    let cached_texts = std::thread::spawn({
        let dir = cache_dir.filter(|_| !reused).map(Path::to_path_buf);
        move || dir.as_deref().map(load_texts).unwrap_or_default()
    });
    let cached = previous.or_else(|| cache_dir.and_then(|d| load_cache(d, &key)));
    let (mut history, streamed) = match cached {
        Some(h) => (h, Texts::default()),
        None => {
            // Without a cache of texts (a first build), every text the log names is read as
            // the log goes; with one, only those it lacks, afterwards.
            let fetch_texts = !reused && cache_dir.is_none_or(|d| !d.join(TEXTS_FILE).exists());
            let Some((files, streamed)) = read_log(root, &prefix, &head, fetch_texts) else {
                let _ = (status.join(), cached_texts.join());
                warn_unavailable(diags, "读取 git 历史失败", "reading the git history failed");
                return History::unavailable("log-failed");
            };
            let h = History {
                availability: if shallow {
                    Availability::Shallow
                } else {
                    Availability::Complete
                },
                files: Arc::new(files),
                uncommitted: Vec::new(),
                texts: Texts::default(),
                at: String::new(),
                state: None,
            };
            if let Some(d) = cache_dir {
                save_cache(d, &key, &h);
            }
            (h, streamed)
        }
    };
    let mut cached_texts = cached_texts.join().unwrap_or_default();
    cached_texts.1.extend(streamed);
    if !reused {
        history.texts = texts(root, cache_dir, &history, &key, cached_texts);
    }
    let (uncommitted, status) = status.join().unwrap_or_default();
    // As `state` gives it, from the answers this history was read by.
    history.state =
        status.map(|status| state_of(&head, &repository.shallow, &status.unwrap_or_default()));
    history.at = key;
    history.uncommitted = uncommitted;
    if !history.uncommitted.is_empty() {
        diags.warning(
            "W0803",
            "content",
            Pos::file(),
            Msg::new(
                format!(
                    "有 {} 个内容文件的修改还没有提交（如 {}），网页上的修改记录不包括这些修改",
                    history.uncommitted.len(),
                    history.uncommitted[0]
                ),
                format!(
                    "{} content files have uncommitted changes (e.g. {}); the published history does not include them",
                    history.uncommitted.len(),
                    history.uncommitted[0]
                ),
            ),
            Msg::new("先用 git commit 提交修改（写明修改说明），再生成网站", "commit the changes (with a change note), then build"),
        );
    }
    let tomorrow = Date::today().add_days(1);
    if let Some((path, rev)) = history
        .files
        .iter()
        .flat_map(|(p, revs)| revs.iter().map(move |r| (p, r)))
        .find(|(_, r)| r.date() > tomorrow)
    {
        diags.warning(
            "W0804",
            path,
            Pos::file(),
            Msg::new(
                format!(
                    "提交 {} 的日期 {} 在未来，可能是电脑时钟不准",
                    rev.short(),
                    rev.date()
                ),
                format!(
                    "commit {} is dated {}, in the future: a wrong clock?",
                    rev.short(),
                    rev.date()
                ),
            ),
            Msg::new(
                "检查提交人电脑的日期和时间设置",
                "check the date and time settings of the committer's computer",
            ),
        );
    }
    history
}

fn warn_unavailable(diags: &mut Diagnostics, zh: &str, en: &str) {
    let (hint_zh, hint_en) = if en == "git is not installed" {
        (
            "安装 git（https://git-scm.com/）后重新生成，才能公开修改记录",
            "install git, then build again to publish history",
        )
    } else {
        (
            "把站点文件夹放进 git 仓库并提交，才能公开修改记录",
            "keep the site in a git repository and commit to it to publish history",
        )
    };
    diags.warning(
        "W0801",
        "content",
        Pos::file(),
        Msg::new(
            format!("{zh}，修改记录不可用；网站照常生成，页面上注明“修改记录不可用”"),
            format!("{en}; history is unavailable and pages say so"),
        ),
        Msg::new(hint_zh, hint_en),
    );
}

/// Parses `git log` of `content/`, newest first, into per-file revision lists. With
/// `fetch_texts`, also reads the text of every revision the log names, as the log names it:
/// `git cat-file` reads while `git log` still writes. On a large repository the log alone takes
/// seconds on one core (3 s for 96,000 commits), and reading the texts after it took two more.
fn read_log(
    root: &Path,
    prefix: &str,
    at: &str,
    fetch_texts: bool,
) -> Option<(BTreeMap<String, Vec<Revision>>, Texts)> {
    // Only changes under `content/` are shown, by `--relative` rather than by a pathspec: with
    // a pathspec git first compares every commit with its parents to simplify the history at
    // merges (the log of 96,000 commits took 4.2 s instead of 3.3 s). Without merges the two
    // logs are the same; with one, a merge may have dropped a branch's changes, which the
    // simplified history leaves out, so the log is read again with the pathspec.
    // `--relative=` takes a path from the top of the repository, which the site may be a
    // folder of: `prefix`.
    let folder = format!("{prefix}content/");
    let (files, texts, merges) = log_of(root, &folder, at, false, fetch_texts)?;
    if !merges {
        return Some((files, texts));
    }
    let (files, _, _) = log_of(root, &folder, at, true, false)?;
    Some((files, texts))
}

/// [`read_log`] with the changes under `folder` (from the top of the repository), the history
/// simplified by a pathspec or not; and whether the log met a merge. The log is of commit `at`,
/// the HEAD the history is kept under, not of whatever HEAD is when git starts: a commit made
/// in between would have filed the newer history under the older HEAD.
fn log_of(
    root: &Path,
    folder: &str,
    at: &str,
    simplified: bool,
    fetch_texts: bool,
) -> Option<(BTreeMap<String, Vec<Revision>>, Texts, bool)> {
    let mut child = git(root)
        .args([
            "log",
            &format!("--relative={folder}"),
            "-z",
            "--raw",
            "--no-abbrev",
            "-M",
            "--format=%x1e%H %P%x1f%aI%x1f%an%x1f%B%x1f",
            at,
        ])
        .args(if simplified {
            vec!["--", "content/"]
        } else {
            vec![]
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut out = Patient::new(child.stdout.take()?);
    let mut blobs = fetch_texts.then(|| BlobReader::start(root));
    // Each part of the log names its blobs to the reader, then sends them.
    let mut feed = |parser: &mut LogParser, part: &[u8]| {
        parser.feed(&crate::source::lossy(part), &mut |blob: &str| {
            if let Some(b) = &mut blobs {
                b.read(blob);
            }
        });
        if let Some(b) = &mut blobs {
            b.send(256);
        }
    };
    let mut parser = LogParser::default();
    // Bytes read but not parsed yet: from the start of a commit's record that may not be
    // complete. Records are cut at their ASCII separator, so never inside a character.
    let mut pending: Vec<u8> = Vec::new();
    let mut block = vec![0u8; 1 << 16];
    let mut read_all = true;
    loop {
        match out.read(&mut block) {
            Ok(0) => break,
            Ok(n) => pending.extend_from_slice(&block[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => {
                read_all = false;
                break;
            }
        }
        if let Some(last) = pending.iter().rposition(|&b| b == 0x1e)
            && last > 0
        {
            let done: Vec<u8> = pending.drain(..last).collect();
            feed(&mut parser, &done);
        }
    }
    feed(&mut parser, &pending);
    let ok = child.wait().is_ok_and(|s| s.success()) && read_all;
    let texts = blobs.map(BlobReader::finish).unwrap_or_default();
    ok.then_some((parser.files, texts, parser.merges))
}

/// A git process's output, read in blocks rather than as it is written. `git log` writes once
/// per commit and `cat-file` twice per blob, and a reader waiting on the pipe was woken for
/// every write: at 50,000 documents that is 300,000 wakeups, each costly to both processes on
/// a virtual machine (reading patiently saved 0.6–1.6 s of a cold build's 22–23 s of CPU).
/// So after a short read, once the output has passed [`Patient::EAGER`] bytes, the reader
/// waits [`Patient::PAUSE`] for the pipe to fill. Small outputs (the sample county's log is
/// 150 KB) are read as eagerly as before.
struct Patient {
    inner: std::process::ChildStdout,
    read: usize,
}

impl Patient {
    const EAGER: usize = 1 << 20;
    const PAUSE: std::time::Duration = std::time::Duration::from_millis(1);

    fn new(out: std::process::ChildStdout) -> Self {
        // A pipe that holds a millisecond of `cat-file`'s output, so that the pause does not
        // stall it. Best effort: the default 64 KiB only slows the read a little.
        #[cfg(target_os = "linux")]
        let _ = rustix::pipe::fcntl_setpipe_size(&out, 1 << 20);
        Patient {
            inner: out,
            read: 0,
        }
    }
}

impl Read for Patient {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n;
        if n > 0 && n < buf.len() / 4 && self.read > Patient::EAGER {
            std::thread::sleep(Patient::PAUSE);
        }
        Ok(n)
    }
}

fn trailer(message: &str) -> Option<String> {
    message.lines().rev().find_map(|l| {
        let l = l.trim();
        let (k, v) = l.split_once(':')?;
        (k.trim().eq_ignore_ascii_case("change-note") && !v.trim().is_empty())
            .then(|| v.trim().to_string())
    })
}

/// Turns the log (newest commit first), a part at a time as it is read, into file histories
/// that follow renames: a file is keyed by its newest path; when an older commit renamed it,
/// the older path maps to the same key.
#[derive(Default)]
struct LogParser {
    files: BTreeMap<String, Vec<Revision>>,
    /// Path at some point in the past → the key of the file it belongs to.
    key_of: HashMap<String, String>,
    /// Whether a commit had more than one parent.
    merges: bool,
}

impl LogParser {
    /// Parses the commits of `log` (each record begins with its separator, so what comes before
    /// the first one is not a commit), calling `blob` with each revision's blob.
    fn feed(&mut self, log: &str, mut blob: impl FnMut(&str)) {
        let LogParser {
            files,
            key_of,
            merges,
        } = self;
        for chunk in log.split('\u{1e}').skip(1) {
            let mut head = chunk.splitn(5, '\u{1f}');
            let (Some(commit), Some(datetime), Some(author), Some(message), Some(rest)) = (
                head.next(),
                head.next(),
                head.next(),
                head.next(),
                head.next(),
            ) else {
                continue;
            };
            // `%H %P`: the commit and its parents.
            let mut ids = commit.split(' ');
            let commit = ids.next().unwrap_or_default();
            *merges |= ids.count() > 1;
            // Commit messages and names are published too: masked like everything else.
            let note = trailer(message).map(|n| crate::guard::masked(&n).into_owned());
            let author = crate::guard::masked(author);
            let mut tokens = rest
                .split('\0')
                .map(|t| t.trim_start_matches('\n'))
                .filter(|t| !t.is_empty())
                .peekable();
            while let Some(meta) = tokens.next() {
                if !meta.starts_with(':') {
                    continue;
                }
                // `:old_mode new_mode old_blob new_blob STATUS`
                let fields: Vec<&str> = meta.split(' ').collect();
                if fields.len() < 5 {
                    continue;
                }
                let new_blob = fields[3];
                let status = fields[4];
                let (change, old_path, path) = match status.chars().next() {
                    Some('R') => {
                        let (Some(from), Some(to)) = (tokens.next(), tokens.next()) else {
                            break;
                        };
                        (Change::Renamed, Some(from), to)
                    }
                    Some('C') => {
                        let (Some(_from), Some(to)) = (tokens.next(), tokens.next()) else {
                            break;
                        };
                        (Change::Added, None, to)
                    }
                    Some('A') => (Change::Added, None, tokens.next().unwrap_or_default()),
                    Some('D') => (Change::Deleted, None, tokens.next().unwrap_or_default()),
                    _ => (Change::Modified, None, tokens.next().unwrap_or_default()),
                };
                if path.is_empty() {
                    continue;
                }
                // The log's paths are relative to `content/`.
                let path = format!("content/{path}");
                let old_path = old_path.map(|from| format!("content/{from}"));
                let key = key_of
                    .entry(path.clone())
                    .or_insert_with(|| path.clone())
                    .clone();
                if let Some(from) = old_path {
                    // Older commits knew this file under its old path.
                    key_of.remove(&path);
                    key_of.insert(from, key.clone());
                }
                let new_blob = (change != Change::Deleted && new_blob.bytes().any(|b| b != b'0'))
                    .then(|| new_blob.to_string());
                if let Some(b) = &new_blob {
                    blob(b);
                }
                files.entry(key).or_default().push(Revision {
                    commit: commit.to_string(),
                    datetime: datetime.to_string(),
                    author: author.to_string(),
                    trailer_note: note.clone(),
                    path,
                    change,
                    blob: new_blob,
                });
            }
        }
    }
}

/// The text of every revision: from the cache of texts already read (a blob's id names its
/// content, so a cached text never goes stale), and from git for the rest.
fn texts(
    root: &Path,
    cache_dir: Option<&Path>,
    h: &History,
    key: &str,
    (cached_key, mut texts): (String, Texts),
) -> Texts {
    // Written for this very history: it holds exactly its texts.
    if cached_key == key && !texts.is_empty() {
        return texts;
    }
    let wanted: rustc_hash::FxHashSet<&str> = h
        .files
        .values()
        .flatten()
        .filter_map(|r| r.blob.as_deref())
        .collect();
    let cached = texts.len();
    texts.retain(|id, _| wanted.contains(id.as_str()));
    let stale = texts.len() != cached;
    let missing: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|id| !texts.contains_key(*id))
        .collect();
    let fetched = !missing.is_empty();
    texts.extend(read_blobs(root, missing.into_iter()));
    // The folder is made here, not on the writing thread: one removed since stays removed.
    if let Some(dir) = cache_dir
        && (stale || fetched || cached_key != key)
        && std::fs::create_dir_all(dir).is_ok()
    {
        let (dir, key, texts) = (dir.to_path_buf(), key.to_string(), texts.clone());
        save_in_background(move || save_texts(&dir, &key, &texts));
    }
    texts
}

/// Caches being written while the build goes on: at 50,000 documents the texts alone are
/// 135 MB, and writing them held up the history every page waits for.
static SAVING: std::sync::Mutex<Vec<std::thread::JoinHandle<()>>> =
    std::sync::Mutex::new(Vec::new());

/// Writes a cache on a thread of its own. A read of the history writes each cache once, and
/// waits for the last read's writes before it starts ([`read_reusing`]): two writes of one
/// file never overlap.
fn save_in_background(save: impl FnOnce() + Send + 'static) {
    let handle = std::thread::spawn(save);
    SAVING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(handle);
}

/// Waits for the caches being written: before they are read, and before a build returns.
pub fn saved() {
    let writing = std::mem::take(&mut *SAVING.lock().unwrap_or_else(|e| e.into_inner()));
    for handle in writing {
        let _ = handle.join();
    }
}

/// The texts cache: a header naming the sanwu version (the texts are stored masked, and
/// masking may change between versions), the number of texts and the key of the history they
/// were written for, then per blob its id and text, length-prefixed. A flat file rather than
/// JSON: it is read on every build and must cost little more than the read itself.
const TEXTS_FILE: &str = "texts.bin";
const TEXTS_MAGIC: &str = concat!("sanwu-texts ", env!("CARGO_PKG_VERSION"), " 2\n");

/// The cached texts, and the key of the history they were written for.
fn load_texts(dir: &Path) -> (String, Texts) {
    let none = || (String::new(), Texts::default());
    let Ok(bytes) = std::fs::read(dir.join(TEXTS_FILE)) else {
        return none();
    };
    let Some(mut rest) = bytes.strip_prefix(TEXTS_MAGIC.as_bytes()) else {
        return none();
    };
    fn take<'b>(rest: &mut &'b [u8], n: usize) -> Option<&'b [u8]> {
        let (a, b) = (rest.len() >= n).then(|| rest.split_at(n))?;
        *rest = b;
        Some(a)
    }
    fn len(rest: &mut &[u8]) -> Option<usize> {
        Some(u32::from_le_bytes(take(rest, 4)?.try_into().ok()?) as usize)
    }
    let Some((count, key)) = (|| {
        let count = len(&mut rest)?;
        let n = len(&mut rest)?;
        let key = std::str::from_utf8(take(&mut rest, n)?).ok()?;
        Some((count, key.to_string()))
    })() else {
        return none();
    };
    let mut texts = Texts::with_capacity_and_hasher(count, Default::default());
    while !rest.is_empty() {
        let entry = (|| {
            let n = len(&mut rest)?;
            let id = std::str::from_utf8(take(&mut rest, n)?).ok()?;
            let n = len(&mut rest)?;
            let text = std::str::from_utf8(take(&mut rest, n)?).ok()?;
            Some((id.to_string(), Arc::from(text)))
        })();
        match entry {
            Some((id, text)) => {
                texts.insert(id, text);
            }
            // A damaged cache is no cache.
            None => return none(),
        }
    }
    (key, texts)
}

fn save_texts(dir: &Path, key: &str, texts: &Texts) {
    // Written as it is made, not made in memory first: at 50,000 documents the file is 135 MB,
    // and making it in one buffer was a second copy of the texts, touched page by page.
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        let too_long = || std::io::Error::from(std::io::ErrorKind::InvalidData);
        let count = u32::try_from(texts.len()).map_err(|_| too_long())?;
        let key_len = u32::try_from(key.len()).map_err(|_| too_long())?;
        out.write_all(TEXTS_MAGIC.as_bytes())?;
        out.write_all(&count.to_le_bytes())?;
        out.write_all(&key_len.to_le_bytes())?;
        out.write_all(key.as_bytes())?;
        for (id, text) in texts {
            for part in [id.as_bytes(), text.as_bytes()] {
                let n = u32::try_from(part.len()).map_err(|_| too_long())?;
                out.write_all(&n.to_le_bytes())?;
                out.write_all(part)?;
            }
        }
        out.flush()
    };
    // The folder was made by the caller: one removed since stays removed.
    let tmp = dir.join("texts.bin.tmp");
    let written = std::fs::File::create(&tmp)
        .and_then(|f| write(&mut std::io::BufWriter::with_capacity(1 << 20, f)));
    match written {
        Ok(()) => {
            let _ = std::fs::rename(tmp, dir.join(TEXTS_FILE));
        }
        Err(_) => {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Reads every blob once, through one `git cat-file --batch` process per core.
fn read_blobs<'a>(root: &Path, blobs: impl Iterator<Item = &'a str>) -> Texts {
    let mut reader = BlobReader::start(root);
    for blob in blobs {
        reader.read(blob);
    }
    reader.finish()
}

/// Texts of blobs, read by one `git cat-file --batch` process per core (at most 8) as their
/// ids are given: each id goes to the next process, whose answers name the blob they are for.
struct BlobReader {
    workers: Vec<BlobWorker>,
    asked: rustc_hash::FxHashSet<String>,
    /// Ids not yet sent, per process: they go in batches, since a message per blob woke the
    /// process's feeding thread once per blob (a tenth of the history's CPU in switches).
    batches: Vec<Vec<String>>,
}

/// Where a process's blob ids go, and the thread that collects its texts.
type BlobWorker = (
    std::sync::mpsc::Sender<Vec<String>>,
    std::thread::JoinHandle<Texts>,
);

impl BlobReader {
    fn start(root: &Path) -> BlobReader {
        let count = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8);
        let workers: Vec<BlobWorker> = (0..count)
            .map(|_| {
                let (send, receive) = std::sync::mpsc::channel::<Vec<String>>();
                let root = root.to_path_buf();
                (
                    send,
                    std::thread::spawn(move || read_blob_batch(&root, receive)),
                )
            })
            .collect();
        BlobReader {
            batches: vec![Vec::new(); workers.len()],
            workers,
            asked: Default::default(),
        }
    }

    /// Asks for the text of `blob` (once, however often it is named), when next sent.
    fn read(&mut self, blob: &str) {
        if self.asked.insert(blob.to_string()) {
            let batch = self.asked.len() % self.workers.len();
            self.batches[batch].push(blob.to_string());
        }
    }

    /// Sends the batches of at least `min` ids.
    fn send(&mut self, min: usize) {
        for ((send, _), batch) in self.workers.iter().zip(&mut self.batches) {
            if !batch.is_empty() && batch.len() >= min {
                let _ = send.send(std::mem::take(batch));
            }
        }
    }

    /// The texts read, once every process has answered.
    fn finish(mut self) -> Texts {
        self.send(0);
        let mut texts = Texts::with_capacity_and_hasher(self.asked.len(), Default::default());
        for (send, worker) in self.workers {
            drop(send);
            texts.extend(worker.join().unwrap_or_default());
        }
        texts
    }
}

/// One `git cat-file --batch` process: the blobs `wanted` names, until it closes.
fn read_blob_batch(root: &Path, wanted: std::sync::mpsc::Receiver<Vec<String>>) -> Texts {
    let mut texts = Texts::default();
    let Ok(mut child) = git(root)
        .args(["cat-file", "--batch", "--buffer"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    else {
        return texts;
    };
    let stdin = child.stdin.take().expect("piped");
    // Feed stdin from another thread: git answers while we still write.
    let writer = std::thread::spawn(move || {
        let mut stdin = std::io::BufWriter::new(stdin);
        for blob in wanted.into_iter().flatten() {
            if writeln!(stdin, "{blob}").is_err() {
                break;
            }
        }
        let _ = stdin.flush();
    });
    let mut reader =
        BufReader::with_capacity(1 << 16, Patient::new(child.stdout.take().expect("piped")));
    let mut header = String::new();
    loop {
        header.clear();
        if reader.read_line(&mut header).unwrap_or(0) == 0 {
            break;
        }
        let parts: Vec<&str> = header.split_whitespace().collect();
        if parts.len() != 3 {
            continue; // "<sha> missing"
        }
        let size: usize = parts[2].parse().unwrap_or(0);
        let mut buf = vec![0u8; size + 1];
        if reader.read_exact(&mut buf).is_err() {
            break;
        }
        buf.pop();
        // Old revisions may predate the UTF-8 rule; show them as well as we can.
        let text = crate::source::lossy(&buf);
        // Old revisions are published as they were, except personal numbers: a list that was
        // later corrected with `sanwu mask` must not leak through its history.
        let text: Arc<str> = match crate::guard::masked(&text) {
            std::borrow::Cow::Borrowed(t) => Arc::from(t),
            std::borrow::Cow::Owned(m) => Arc::from(m),
        };
        texts.insert(parts[0].to_string(), text);
    }
    let _ = writer.join();
    let _ = child.wait();
    texts
}

/// The state of the history a build reads, as text: HEAD, whether the clone is shallow, and
/// the content files with uncommitted changes. Equal states give equal histories.
pub fn state(root: &Path) -> String {
    let repository = Repository::of(root).unwrap_or_default();
    let status = content_status(root, None).unwrap_or_default();
    state_of(
        repository.head.as_deref().unwrap_or_default(),
        &repository.shallow,
        &status,
    )
}

/// What `git rev-parse` says of the site's folder, asked in one call: each git process takes
/// milliseconds to start, and the history waited for four of them, one after the other,
/// before it started `git log` (in one call, the sample county's history is ready 6 ms
/// sooner, of 70).
#[derive(Default)]
struct Repository {
    /// Where the site is in its work tree, from the top (`村务/`, or empty); `None` outside a
    /// work tree.
    prefix: Option<String>,
    /// `true` or `false`; empty where git gave no answer.
    shallow: String,
    /// The commit checked out; `None` before the first commit.
    head: Option<String>,
}

impl Repository {
    /// `Err` when git cannot be run at all.
    fn of(root: &Path) -> std::io::Result<Repository> {
        let out = git(root)
            .args([
                "rev-parse",
                "--is-inside-work-tree",
                "--is-shallow-repository",
                "--show-prefix",
                "--verify",
                "-q",
                "HEAD",
            ])
            .stderr(Stdio::null())
            .output()?;
        // One answer a line, in the order asked. Before the first commit the last is missing
        // (and git exits with 1); outside a repository there are none (and it exits with 128).
        let out = String::from_utf8_lossy(&out.stdout);
        let mut lines = out.split('\n');
        let inside = lines.next() == Some("true");
        let shallow = lines.next().unwrap_or_default().to_string();
        let prefix = lines.next().filter(|_| inside).map(str::to_string);
        let head = lines.next().filter(|h| !h.is_empty()).map(str::to_string);
        Ok(Repository {
            prefix,
            shallow,
            head,
        })
    }
}

/// [`state`] from git's answers: HEAD and whether the clone is shallow ([`Repository`]), and
/// `status` of `content/` (each empty where git gave none).
fn state_of(head: &str, shallow: &str, status: &[u8]) -> String {
    format!("{head} {shallow} {}", String::from_utf8_lossy(status))
}

/// `git status` of `content/`, NUL-separated, untracked files included.
fn content_status(root: &Path, only: Option<&[String]>) -> Option<Vec<u8>> {
    let all = ["content/".to_string()];
    git(root)
        // File names, not patterns: a file may be called `[1].md`.
        .arg("--literal-pathspecs")
        .args(["status", "--porcelain", "-z", "--untracked-files=all", "--"])
        .args(only.unwrap_or(&all))
        .stderr(Stdio::null())
        .output()
        .ok()
        .map(|o| o.stdout)
}

/// Files under `root` that differ from HEAD (changed, staged, added, deleted, both names of a
/// rename) and files git does not track yet, relative to `root`: what `check --changed` checks.
/// `None` when `root` is not in a git repository.
pub fn changed_since_head(root: &Path) -> Option<std::collections::BTreeSet<String>> {
    git_out(root, &["rev-parse", "--git-dir"])?;
    let has_head = git_out(root, &["rev-parse", "--verify", "-q", "HEAD"]).is_some();
    let tracked: &[&str] = if has_head {
        &[
            "diff",
            "--name-only",
            "--no-renames",
            "--relative",
            "-z",
            "HEAD",
            "--",
        ]
    } else {
        // No commit yet: everything is new.
        &["ls-files", "--cached", "-z"]
    };
    let untracked: &[&str] = &["ls-files", "--others", "--exclude-standard", "-z"];
    let mut files = std::collections::BTreeSet::new();
    for args in [tracked, untracked] {
        let out = git_out(root, args)?;
        files.extend(
            out.split('\0')
                .filter(|f| !f.is_empty())
                .map(str::to_string),
        );
    }
    Some(files)
}

/// The content files with uncommitted changes; among `only` (paths from `root`) if given.
/// `prefix` is where `root` is in its repository, which git's paths begin with. With them,
/// `git status`'s answer as it was given (`None` if it failed), which [`state`] is made of.
fn uncommitted(
    root: &Path,
    prefix: &str,
    only: Option<&[String]>,
) -> (Vec<String>, Option<Vec<u8>>) {
    let Some(status) = content_status(root, only) else {
        return (Vec::new(), None);
    };
    let text = String::from_utf8_lossy(&status);
    let mut files = Vec::new();
    let mut tokens = text.split('\0');
    while let Some(entry) = tokens.next() {
        if entry.len() < 4 {
            continue;
        }
        let status = &entry[..2];
        let path = &entry[3..];
        if status.contains('R') || status.contains('C') {
            tokens.next();
        }
        let rel = path.strip_prefix(prefix).unwrap_or(path);
        files.push(rel.to_string());
    }
    files.sort();
    (files, Some(status))
}

/// The log cache: the key (HEAD), then the history, in postcard's compact binary form. It is
/// read on every build with an unchanged HEAD, so it must decode fast: postcard is several
/// times faster than JSON here (50,000 files, 110,000 revisions).
const LOG_CACHE: &str = concat!("history-", env!("CARGO_PKG_VERSION"), ".bin");

fn load_cache(dir: &Path, key: &str) -> Option<History> {
    let bytes = std::fs::read(dir.join(LOG_CACHE)).ok()?;
    let (k, rest): (String, &[u8]) = postcard::take_from_bytes(&bytes).ok()?;
    if k != key {
        return None;
    }
    postcard::from_bytes(rest).ok()
}

fn save_cache(dir: &Path, key: &str, h: &History) {
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    // Serialised on the writing thread too (0.13 s at 50,000 documents, which the pages
    // waited for), from the history's fields as `History` serialises them, in its order.
    let (dir, key) = (dir.to_path_buf(), key.to_string());
    let (availability, files, uncommitted) = (
        h.availability.clone(),
        h.files.clone(),
        h.uncommitted.clone(),
    );
    // The folder is made here, not on the writing thread: one removed since stays removed.
    save_in_background(move || {
        let Some(bytes) = cache_bytes(&key, &availability, &files, &uncommitted) else {
            return;
        };
        let tmp = dir.join(format!("{LOG_CACHE}.tmp"));
        if std::fs::write(&tmp, bytes).is_ok() {
            let _ = std::fs::rename(tmp, dir.join(LOG_CACHE));
        }
    });
}

/// The log cache's bytes: what `(key, history)` serialises to, from the fields `History`
/// serialises, in its order (a test holds the two equal).
fn cache_bytes(
    key: &str,
    availability: &Availability,
    files: &BTreeMap<String, Vec<Revision>>,
    uncommitted: &[String],
) -> Option<Vec<u8>> {
    postcard::to_stdvec(&(key, (availability, files, uncommitted))).ok()
}

/// Serde for a shared map, as the map itself (serde's `rc` feature would do the same for every
/// `Arc` of the crate).
mod shared {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::sync::Arc;

    pub fn serialize<T: Serialize, S: Serializer>(v: &Arc<T>, s: S) -> Result<S::Ok, S::Error> {
        v.as_ref().serialize(s)
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Arc<T>, D::Error> {
        T::deserialize(d).map(Arc::new)
    }
}

/// Puts documents that were deleted from the repository back into their villages, from
/// their last committed text, marked deleted: nothing published disappears quietly.
pub fn restore_deleted(site: &mut crate::model::Site, history: &History) {
    for (path, revs) in history.deleted() {
        let Some(last) = revs.iter().find(|r| r.blob.is_some()) else {
            continue;
        };
        let Some(text) = history.text(last) else {
            continue;
        };
        // Old text may not pass today's rules; its page is still owed to the public.
        let mut ignored = Diagnostics::new();
        let Some(mut doc) = crate::load::document_from_text(path, text, &mut ignored) else {
            continue;
        };
        doc.deleted = Some(revs[0].date());
        let Some(village) = site
            .towns
            .iter_mut()
            .filter(|t| t.id == doc.town)
            .flat_map(|t| t.villages.iter_mut())
            .find(|v| v.id == doc.village)
        else {
            continue;
        };
        if village.documents.iter().any(|d| d.id == doc.id) {
            continue;
        }
        village.documents.push(std::sync::Arc::new(doc));
    }
}

/// The revision's change note: its own `change_note` field (`own`) when this revision set or
/// changed it (the revision before it had `before`), else the commit's `Change-Note:` trailer.
pub fn change_note(
    rev: &Revision,
    own: Option<&String>,
    before: Option<&String>,
) -> Option<String> {
    match own {
        Some(n) if Some(n) != before => Some(n.clone()),
        _ => rev.trailer_note.clone(),
    }
}

/// A top-level scalar of a YAML file or front matter, read from its line without parsing the
/// whole file: this runs for every revision of every document. The line is found with
/// memchr's substring search, not by reading every line (1 % of a build's CPU).
pub fn top_level_field(text: &str, key: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let start = format!("{key}:");
    memchr::memmem::find_iter(bytes, start.as_bytes())
        .filter(|&at| at == 0 || bytes[at - 1] == b'\n')
        .find_map(|at| {
            let rest = &text[at + start.len()..];
            let line = rest.split('\n').next().unwrap_or("");
            let v = line
                .strip_suffix('\r')
                .unwrap_or(line)
                .split(" #")
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches('"')
                .trim_matches('\'');
            (!v.is_empty()).then(|| v.to_string())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs git in `root` as a committer, and gives its output, trimmed.
    fn run_git(root: &Path, args: &[&str]) -> String {
        let out = git(root)
            .args(["-c", "user.name=测试", "-c", "user.email=t@example.org"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    #[test]
    fn a_top_level_field_is_read_from_its_line() {
        // What the field was when each line was read in turn.
        fn by_lines(text: &str, key: &str) -> Option<String> {
            text.lines().find_map(|l| {
                let v = l.strip_prefix(key)?.strip_prefix(':')?;
                let v = v.split(" #").next()?.trim().trim_matches('"');
                let v = v.trim_matches('\'');
                (!v.is_empty()).then(|| v.to_string())
            })
        }
        for text in [
            "status: withdrawn\n",
            "title: 甲\r\nstatus: \"withdrawn\"\r\n",
            "title: 甲\n  status: nested\nstatus: published # 已公开\n",
            "note: status: in a value\nstatus:\nstatus: 'second'",
            "statuses: many\nstatus_x: other\n",
            "\u{feff}status: after a BOM\n",
            "status: last line, no break",
            "",
        ] {
            assert_eq!(
                top_level_field(text, "status"),
                by_lines(text, "status"),
                "{text:?}"
            );
        }
        assert_eq!(
            top_level_field("a: 1\nchange_note: 更正金额\n", "change_note").as_deref(),
            Some("更正金额")
        );
    }

    /// The log is of the commit the history is kept under, even when HEAD has moved on since
    /// (a commit made while a build runs).
    #[test]
    fn the_log_is_of_the_commit_asked() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        run_git(root, &["init", "-q"]);
        std::fs::create_dir(root.join("content")).unwrap();
        std::fs::write(root.join("content/a.yaml"), "title: 一\n").unwrap();
        run_git(root, &["add", "."]);
        run_git(root, &["commit", "-q", "-m", "一"]);
        let first = run_git(root, &["rev-parse", "HEAD"]);
        std::fs::write(root.join("content/a.yaml"), "title: 二\n").unwrap();
        run_git(root, &["commit", "-q", "-am", "二"]);

        let (files, _) = read_log(root, "", &first, false).unwrap();
        let revisions = &files["content/a.yaml"];
        assert_eq!(revisions.len(), 1);
        assert_eq!(revisions[0].commit, first);
        let (files, _) = read_log(root, "", &run_git(root, &["rev-parse", "HEAD"]), false).unwrap();
        assert_eq!(files["content/a.yaml"].len(), 2);
    }

    /// git's answers of one `rev-parse`, outside a repository, before the first commit, and in
    /// a folder of a repository with one.
    #[test]
    fn what_git_says_of_the_sites_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repository");
        let site = root.join("村务");
        std::fs::create_dir_all(&site).unwrap();
        let outside = Repository::of(&site).unwrap();
        assert_eq!((outside.prefix, outside.head), (None, None));

        run_git(&root, &["init", "-q"]);
        let empty = Repository::of(&site).unwrap();
        assert_eq!(empty.prefix.as_deref(), Some("村务/"));
        assert_eq!((empty.shallow.as_str(), empty.head), ("false", None));

        std::fs::write(site.join("a.md"), "一").unwrap();
        run_git(&root, &["add", "."]);
        run_git(&root, &["commit", "-q", "-m", "一"]);
        let top = Repository::of(&root).unwrap();
        assert_eq!(top.prefix.as_deref(), Some(""));
        assert_eq!(top.head, Some(run_git(&root, &["rev-parse", "HEAD"])));
        assert_eq!(
            Repository::of(&site).unwrap().prefix.as_deref(),
            Some("村务/")
        );
    }

    /// A large output read patiently, in the small writes git makes, arrives whole and in
    /// order, past the point where the reader starts to pause.
    #[test]
    fn a_patient_reader_reads_all_of_a_large_output() {
        let lines = 40_000;
        let mut child = Command::new("sh")
            .args([
                "-c",
                &format!("i=0; while [ $i -lt {lines} ]; do printf '%07d %092d\\n' $i 0; i=$((i+1)); done"),
            ])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut reader = BufReader::new(Patient::new(child.stdout.take().unwrap()));
        let mut line = String::new();
        let mut count = 0;
        while reader.read_line(&mut line).unwrap() > 0 {
            assert_eq!(line.len(), 101, "{line:?}");
            assert_eq!(line[..7].parse::<usize>().unwrap(), count);
            count += 1;
            line.clear();
        }
        assert!(child.wait().unwrap().success());
        assert_eq!(count, lines);
        assert!(reader.get_ref().read > Patient::EAGER);
    }

    /// The log cache written from the history's fields reads back as the history.
    #[test]
    fn the_log_cache_is_the_history_serialised() {
        let revision = Revision {
            commit: "3480a2dd2e2d6b36522300b6f6289dd416a84aeb".into(),
            datetime: "2025-11-10T13:11:00+08:00".into(),
            author: "尹淑静".into(),
            trailer_note: Some("补充备注".into()),
            path: "content/towns/a/b/party/dues.yaml".into(),
            change: Change::Modified,
            blob: Some("be6b39dba4".into()),
        };
        let mut history = History::unavailable("none");
        history.availability = Availability::Shallow;
        history.files = Arc::new(BTreeMap::from([(revision.path.clone(), vec![revision])]));
        history.uncommitted = vec!["content/towns/a/b/x.md".into()];
        let key = "3480a2dd-shallow";
        let written = cache_bytes(
            key,
            &history.availability,
            &history.files,
            &history.uncommitted,
        );
        assert_eq!(written, postcard::to_stdvec(&(key, &history)).ok());
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(LOG_CACHE), written.unwrap()).unwrap();
        let read = load_cache(dir.path(), key).expect("the cache reads back");
        assert_eq!(read.availability, history.availability);
        assert_eq!(format!("{:?}", read.files), format!("{:?}", history.files));
        assert_eq!(read.uncommitted, history.uncommitted);
    }
}
