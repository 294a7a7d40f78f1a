//! Watching `content/` and `themes/` for changes, with notify (or its poll watcher).
//!
//! Only the two source folders are watched recursively; the site folder itself is watched
//! without recursion, only to notice `content/` or `themes/` appearing, so `public/`,
//! `.sanwu-cache/` and `target/` never send events. Of git's folder only what a commit, a
//! checkout or a pull changes is watched (`HEAD`, `packed-refs`, `refs/heads/`): the history
//! pages and the "not committed yet" notices follow a commit without another save. Events for
//! editors' temporary files ([`crate::load::is_ignored_name`]) and mere reads are dropped here.

use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::{Event, RecursiveMode, Watcher};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// What the build thread receives.
pub(crate) enum Msg {
    Fs(notify::Result<Event>),
    Stop,
}

/// The folders of a site that a rebuild depends on.
pub const WATCHED: [&str; 2] = ["content", "themes"];

pub(crate) struct Watch {
    backend: Backend,
    root: PathBuf,
    git: Option<GitRefs>,
    /// Changes are found by polling (asked for, or the native watcher could not start).
    pub polling: bool,
}

enum Backend {
    Native(Box<dyn Watcher + Send>),
    /// Kept for its drop, which stops the polling thread.
    Poll(#[allow(dead_code)] Poller),
}

impl Watch {
    /// Starts watching `root`. Without `poll`, the platform's notification API; should that
    /// fail (Linux's inotify watch limit, say), falls back to polling and returns why.
    pub fn start(
        root: &Path,
        poll: bool,
        interval: Duration,
        tx: Sender<Msg>,
    ) -> std::io::Result<(Watch, Option<notify::Error>)> {
        let mut fell_back = None;
        if !poll {
            let t = tx.clone();
            let native = notify::recommended_watcher(move |r| {
                let _ = t.send(Msg::Fs(r));
            })
            .and_then(|w| Watch::native(Box::new(w), root));
            match native {
                Ok(w) => return Ok((w, None)),
                Err(e) => fell_back = Some(e),
            }
        }
        let git = GitRefs::of(root);
        let poller = Poller::start(root, git.clone(), interval, tx)?;
        let watch = Watch {
            backend: Backend::Poll(poller),
            root: root.to_path_buf(),
            git,
            polling: true,
        };
        Ok((watch, fell_back))
    }

    fn native(mut watcher: Box<dyn Watcher + Send>, root: &Path) -> notify::Result<Watch> {
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        for name in WATCHED {
            let dir = root.join(name);
            if dir.is_dir() {
                watcher.watch(&dir, RecursiveMode::Recursive)?;
            }
        }
        let git = GitRefs::of(root);
        if let Some(g) = &git {
            // Without these the preview still works; it sees a commit at the next save.
            let _ = watcher.watch(&g.dir, RecursiveMode::NonRecursive);
            let _ = watcher.watch(&g.common, RecursiveMode::NonRecursive);
            let _ = watcher.watch(&g.common.join("refs/heads"), RecursiveMode::Recursive);
        }
        Ok(Watch {
            backend: Backend::Native(watcher),
            root: root.to_path_buf(),
            git,
            polling: false,
        })
    }

    /// Whether `event` may change the site. Also starts watching `content/` or `themes/` when
    /// one of them appears (created, or renamed into place).
    pub fn relevant(&mut self, event: &notify::Result<Event>) -> bool {
        let event = match event {
            Ok(e) => e,
            // The watcher lost track (queue overflow and the like): rebuild to be safe.
            Err(_) => return true,
        };
        if event.need_rescan() {
            return true;
        }
        // Reads (our own builds open every file) and access times change nothing; a write is
        // reported as a modification before its close.
        if matches!(
            event.kind,
            EventKind::Access(_)
                | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
        ) {
            return false;
        }
        let mut any = false;
        for p in &event.paths {
            if self.git.as_ref().is_some_and(|g| g.moved(p)) {
                any = true;
                continue;
            }
            if !relevant_path(&self.root, p) {
                continue;
            }
            any = true;
            if let Ok(rel) = p.strip_prefix(&self.root)
                && rel.components().count() == 1
                && p.is_dir()
                && let Backend::Native(w) = &mut self.backend
            {
                // content/ or themes/ (re)appeared: watch what is inside.
                let _ = w.watch(p, RecursiveMode::Recursive);
            }
        }
        any || event.paths.is_empty()
    }
}

impl Watch {
    /// The files a relevant `event` is about (paths from the site root, with `/`), or `None`
    /// when it does not say (the watcher lost track, or an event without paths): then the next
    /// build must look at every file.
    pub fn changed_files(&self, event: &notify::Result<Event>) -> Option<Vec<String>> {
        let event = event.as_ref().ok()?;
        if event.need_rescan() || event.paths.is_empty() {
            return None;
        }
        // A commit changes no file the loader reads: the history, read again at the new HEAD,
        // is all that changes.
        Some(
            event
                .paths
                .iter()
                .filter(|p| relevant_path(&self.root, p))
                .filter_map(|p| p.strip_prefix(&self.root).ok())
                .map(|rel| rel.to_string_lossy().replace('\\', "/"))
                .collect(),
        )
    }
}

/// Where git keeps what a commit moves: the repository's `HEAD` (in a linked worktree, its
/// own), and the branches (`refs/heads/`, `packed-refs`) in the common folder.
#[derive(Clone)]
struct GitRefs {
    dir: PathBuf,
    common: PathBuf,
}

impl GitRefs {
    fn of(root: &Path) -> Option<GitRefs> {
        let text = crate::history::git_out(
            root,
            &["rev-parse", "--absolute-git-dir", "--git-common-dir"],
        )?;
        let mut lines = text.lines();
        let dir = PathBuf::from(lines.next()?);
        let common = PathBuf::from(lines.next()?);
        let common = if common.is_absolute() {
            common
        } else {
            root.join(common)
        };
        Some(GitRefs { dir, common })
    }

    /// Whether `path` is one a commit, checkout or pull writes last (not its `.lock`).
    fn moved(&self, path: &Path) -> bool {
        if path.extension().is_some_and(|e| e == "lock") {
            return false;
        }
        path == self.dir.join("HEAD")
            || path == self.common.join("packed-refs")
            || path.starts_with(self.common.join("refs/heads"))
    }

    /// The files [`GitRefs::moved`] accepts that exist now.
    fn files(&self) -> Vec<PathBuf> {
        let mut files = vec![self.dir.join("HEAD"), self.common.join("packed-refs")];
        files.extend(
            walkdir::WalkDir::new(self.common.join("refs/heads"))
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path()),
        );
        files
    }
}

/// Polling for file systems that send no events (network shares, WSL on Windows drives).
///
/// notify's own `PollWatcher` compares modification times in whole seconds, so a second save
/// within the same second goes unseen; this one compares each file's size and full-precision
/// modification time, and skips editors' temporary files while walking.
struct Poller {
    /// Dropped to stop the thread.
    _stop: Sender<()>,
}

/// What a poll remembers of each file and folder.
type Stamp = (u64, Option<std::time::SystemTime>, bool);

impl Poller {
    fn start(
        root: &Path,
        git: Option<GitRefs>,
        interval: Duration,
        tx: Sender<Msg>,
    ) -> std::io::Result<Poller> {
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let root = root.to_path_buf();
        let scan = move |root: &Path| {
            let mut found = scan(root);
            for file in git.iter().flat_map(GitRefs::files) {
                if let Ok(meta) = std::fs::metadata(&file) {
                    found.insert(file, (meta.len(), meta.modified().ok(), false));
                }
            }
            found
        };
        let mut before = scan(&root);
        std::thread::Builder::new()
            .name("sanwu-serve-poll".into())
            .spawn(move || {
                while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                    stopped.recv_timeout(interval)
                {
                    let now = scan(&root);
                    let mut paths: Vec<PathBuf> = now
                        .iter()
                        .filter(|(p, stamp)| before.get(*p) != Some(stamp))
                        .map(|(p, _)| p.clone())
                        .collect();
                    paths.extend(before.keys().filter(|p| !now.contains_key(*p)).cloned());
                    if !paths.is_empty() {
                        let mut event = Event::new(EventKind::Any);
                        event.paths = paths;
                        if tx.send(Msg::Fs(Ok(event))).is_err() {
                            return;
                        }
                    }
                    before = now;
                }
            })?;
        Ok(Poller { _stop: stop })
    }
}

/// Size, modification time and kind of everything under the watched folders.
fn scan(root: &Path) -> std::collections::HashMap<PathBuf, Stamp> {
    let mut out = std::collections::HashMap::new();
    for name in WATCHED {
        let walk = walkdir::WalkDir::new(root.join(name))
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0
                    || e.file_name()
                        .to_str()
                        .is_none_or(|n| !crate::load::is_ignored_name(n))
            });
        for entry in walk.flatten() {
            if let Ok(meta) = entry.metadata() {
                // A folder's own time changes when an ignored file appears in it: only
                // files' times count, a folder only for being there.
                let stamp = if meta.is_dir() {
                    (0, None, true)
                } else {
                    (meta.len(), meta.modified().ok(), false)
                };
                out.insert(entry.into_path(), stamp);
            }
        }
    }
    out
}

/// A path under `root/content` or `root/themes` none of whose parts is an editor's temporary,
/// swap or backup file, or a hidden file or folder.
pub fn relevant_path(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components();
    match parts.next() {
        Some(Component::Normal(first)) if WATCHED.iter().any(|w| first == *w) => {}
        _ => return false,
    }
    parts.all(|c| match c {
        Component::Normal(name) => match name.to_str() {
            Some(name) => !crate::load::is_ignored_name(name),
            None => true,
        },
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_commit_moves() {
        let g = GitRefs {
            dir: PathBuf::from("/site/.git/worktrees/w"),
            common: PathBuf::from("/site/.git"),
        };
        for p in [
            "/site/.git/worktrees/w/HEAD",
            "/site/.git/packed-refs",
            "/site/.git/refs/heads/main",
            "/site/.git/refs/heads/clerk/march",
        ] {
            assert!(g.moved(Path::new(p)), "{p}");
        }
        for p in [
            "/site/.git/HEAD",
            "/site/.git/index",
            "/site/.git/refs/heads/main.lock",
            "/site/.git/refs/tags/v1",
            "/site/.git/objects/ab/cdef",
            "/site/.git/COMMIT_EDITMSG",
        ] {
            assert!(!g.moved(Path::new(p)), "{p}");
        }
    }

    #[test]
    fn relevant_paths() {
        let root = Path::new("/site");
        for p in [
            "/site/content/towns/a/b/affairs/notice.md",
            "/site/content",
            "/site/themes/default/templates/base.html",
        ] {
            assert!(relevant_path(root, Path::new(p)), "{p}");
        }
        for p in [
            "/site/public/index.html",
            "/site/.sanwu-cache/history.bin",
            "/site/.git/index",
            "/site/content/towns/a/b/affairs/.notice.md.swp",
            "/site/content/towns/a/b/affairs/notice.md~",
            "/site/content/towns/a/b/affairs/4913",
            "/site/content/towns/a/b/affairs/.#notice.md",
            "/site/content/towns/a/b/affairs/notice.md___jb_tmp___",
            "/site/content/towns/a/b/affairs/~$notice.docx",
            "/site/content/.git/HEAD",
            "/other/content/x.md",
            "/site/contents/x.md",
        ] {
            assert!(!relevant_path(root, Path::new(p)), "{p}");
        }
    }
}
