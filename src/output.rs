//! Stage 4, output: write the rendered files into a fresh folder beside the output, then swap
//! it in. A failed build never leaves a half-written output; nothing is written elsewhere.

use crate::render::{self, OutputFile};
use rayon::prelude::*;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// Marks a folder as sanwu's output, so a mistyped `--out` never replaces someone's files.
pub const MARKER: &str = ".sanwu-build";

#[derive(Debug)]
pub enum OutputError {
    /// The output folder exists, is not empty and was not written by sanwu.
    NotOurs(PathBuf),
    /// The output would contain or replace the site's own folders.
    Dangerous(PathBuf),
    Io(PathBuf, io::Error),
}

impl OutputError {
    pub fn message(&self, lang: crate::diag::Lang) -> String {
        use crate::diag::Lang::*;
        match (self, lang) {
            (OutputError::NotOurs(p), Zh) => format!(
                "输出文件夹 {} 已存在且不是 sanwu 生成的，为免误删，拒绝覆盖；请换一个 --out 文件夹或先手动清空它",
                p.display()
            ),
            (OutputError::NotOurs(p), En) => format!(
                "the output folder {} exists and was not written by sanwu; refusing to replace it (choose another --out or empty it)",
                p.display()
            ),
            (OutputError::Dangerous(p), Zh) => {
                format!("输出文件夹 {} 会覆盖站点自身的文件，拒绝写入", p.display())
            }
            (OutputError::Dangerous(p), En) => format!(
                "the output folder {} would replace the site's own files; refusing",
                p.display()
            ),
            (OutputError::Io(p, e), Zh) => format!("写入 {} 失败：{e}", p.display()),
            (OutputError::Io(p, e), En) => format!("cannot write {}: {e}", p.display()),
        }
    }
}

fn io_err(p: &Path) -> impl Fn(io::Error) -> OutputError + '_ {
    move |e| OutputError::Io(p.to_path_buf(), e)
}

/// A path inside the output: relative, with no `..`, so nothing lands outside it.
fn is_contained(rel: &str) -> bool {
    let p = Path::new(rel);
    !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Writes `files` as the new content of `out`, atomically replacing what was there.
/// `site_root` is protected: the output may not be it or contain it.
pub fn write_site(out: &Path, site_root: &Path, files: &[OutputFile]) -> Result<(), OutputError> {
    write_site_from(out, site_root, files, None)
}

/// The fingerprint of the inputs an output folder was built from, as its marker records it.
pub fn built_from(out: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(out.join(MARKER)).ok()?;
    let hex = text.lines().find_map(|l| l.strip_prefix("inputs "))?;
    u64::from_str_radix(hex.trim(), 16).ok()
}

/// [`write_site`], recording in the marker the fingerprint of the inputs (see [`built_from`]).
pub fn write_site_from(
    out: &Path,
    site_root: &Path,
    files: &[OutputFile],
    inputs: Option<u64>,
) -> Result<(), OutputError> {
    let staging = Staging::open(out, site_root)?;
    staging.write_all(files)?;
    staging.commit(inputs)
}

/// A new output being written: a temporary folder beside the output that replaces it in one
/// step ([`Staging::commit`]), or is removed without a trace when dropped. Files can be
/// written into it as they are rendered, from many threads ([`render::Sink`]).
pub struct Staging {
    out: PathBuf,
    parent: PathBuf,
    dir: tempfile::TempDir,
    /// Every file written (path, size): what the marker and the report count, and what the
    /// search index picks its pages from.
    written: Mutex<Vec<(String, usize)>>,
    /// The first write that failed, for [`Staging::commit`] to report: a renderer's sink
    /// cannot return errors.
    failed: Mutex<Option<OutputError>>,
    /// Folders made so far (relative): most files go into a folder of their own, made before
    /// the file is written instead of after a write that failed for the want of it.
    folders: Mutex<rustc_hash::FxHashSet<String>>,
}

impl Staging {
    /// Checks that `out` may be replaced (it is sanwu's output or empty, and neither is nor
    /// holds the site) and makes the temporary folder beside it.
    pub fn open(out: &Path, site_root: &Path) -> Result<Staging, OutputError> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        let abs_parent = parent.canonicalize().map_err(io_err(&parent))?;
        let abs_out = abs_parent.join(
            out.file_name()
                .ok_or_else(|| OutputError::Dangerous(out.to_path_buf()))?,
        );
        if let Ok(root) = site_root.canonicalize()
            && (root.starts_with(&abs_out)
                || abs_out.starts_with(root.join("content"))
                || abs_out.starts_with(root.join("themes")))
        {
            return Err(OutputError::Dangerous(out.to_path_buf()));
        }
        if abs_out.exists() {
            if !abs_out.is_dir() {
                return Err(OutputError::NotOurs(out.to_path_buf()));
            }
            let empty = std::fs::read_dir(&abs_out)
                .map_err(io_err(out))?
                .next()
                .is_none();
            if !empty && !abs_out.join(MARKER).exists() {
                return Err(OutputError::NotOurs(out.to_path_buf()));
            }
        }
        let dir = tempfile::Builder::new()
            .prefix(".sanwu-new-")
            .tempdir_in(&abs_parent)
            .map_err(io_err(&abs_parent))?;
        Ok(Staging {
            out: abs_out,
            parent: abs_parent,
            dir,
            written: Mutex::new(Vec::new()),
            failed: Mutex::new(None),
            folders: Mutex::default(),
        })
    }

    /// The temporary folder (the search index is made from the pages written there).
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Files written so far.
    pub fn files(&self) -> usize {
        self.lock_written().len()
    }

    /// HTML pages written so far.
    pub fn pages(&self) -> usize {
        self.lock_written()
            .iter()
            .filter(|(path, _)| path.ends_with(".html"))
            .count()
    }

    /// The files written so far (path, size).
    pub fn written(&self) -> Vec<(String, usize)> {
        self.lock_written().clone()
    }

    fn lock_written(&self) -> std::sync::MutexGuard<'_, Vec<(String, usize)>> {
        self.written.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn write_all(&self, files: &[OutputFile]) -> Result<(), OutputError> {
        // A document's few files are written on the thread that rendered them: documents are
        // written in parallel already.
        if files.len() < 8 {
            files.iter().try_for_each(|f| self.write(f))?;
        } else {
            files.par_iter().try_for_each(|f| self.write(f))?;
        }
        self.lock_written()
            .extend(files.iter().map(|f| (f.path.clone(), f.bytes.len())));
        Ok(())
    }

    fn write(&self, f: &OutputFile) -> Result<(), OutputError> {
        if !is_contained(&f.path) {
            return Err(OutputError::Dangerous(PathBuf::from(&f.path)));
        }
        if let Some((folder, _)) = f.path.rsplit_once('/') {
            self.make_folder(folder)?;
        }
        let p = self.dir.path().join(&f.path);
        std::fs::write(&p, f.bytes.as_slice()).map_err(|e| OutputError::Io(p, e))
    }

    /// Makes `folder` (relative) and the folders it is in, those not made yet. Not
    /// `create_dir_all`: it tries the folder first, then its parent after that failed, and
    /// asks whether a folder that exists is one. Most files of a site are the first in a folder
    /// of their own, and those failed calls were a third of the time spent making folders.
    fn make_folder(&self, folder: &str) -> Result<(), OutputError> {
        let made = |folder: &str| {
            self.folders
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(folder)
        };
        if made(folder) {
            return Ok(());
        }
        if let Some((parent, _)) = folder.rsplit_once('/') {
            self.make_folder(parent)?;
        }
        let path = self.dir.path().join(folder);
        match std::fs::create_dir(&path) {
            // Made by another thread since: a file in its place fails the write after.
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                return Err(OutputError::Io(path, e));
            }
            _ => {}
        }
        self.folders
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(folder.to_string());
        Ok(())
    }

    /// Writes the marker and swaps the new output in: two renames within one folder. The old
    /// output is removed only after the new one is in place.
    pub fn commit(self, inputs: Option<u64>) -> Result<(), OutputError> {
        if let Some(e) = self.failed.lock().unwrap_or_else(|e| e.into_inner()).take() {
            return Err(e);
        }
        let mut marker = String::from("written by sanwu; the folder is replaced on every build\n");
        if let Some(inputs) = inputs {
            marker.push_str(&format!(
                "inputs {inputs:016x}\nfiles {}\n",
                self.files() + 1
            ));
        }
        std::fs::write(self.dir.path().join(MARKER), marker).map_err(io_err(self.dir.path()))?;

        let (out, parent, dir) = (self.out, self.parent, self.dir);
        // The old output moves to a free name beside it (a temporary folder's, emptied); if
        // that fails, `dir` is dropped and the new output removed with it.
        let old = if out.exists() {
            let old = tempfile::Builder::new()
                .prefix(".sanwu-old-")
                .tempdir_in(&parent)
                .map_err(io_err(&parent))?;
            let old_path = old.path().to_path_buf();
            std::fs::remove_dir(&old_path).map_err(io_err(&old_path))?;
            // Removed already: nothing for the guard to clean up.
            let _ = old.keep();
            std::fs::rename(&out, &old_path).map_err(io_err(&out))?;
            Some(old_path)
        } else {
            None
        };
        let new_dir = dir.keep();
        if let Err(e) = std::fs::rename(&new_dir, &out) {
            if let Some(old) = &old {
                let _ = std::fs::rename(old, &out);
            }
            let _ = std::fs::remove_dir_all(&new_dir);
            return Err(OutputError::Io(out, e));
        }
        if let Some(old) = old {
            let _ = std::fs::remove_dir_all(old);
        }
        Ok(())
    }
}

impl render::Sink for Staging {
    fn put(&self, files: Vec<OutputFile>) {
        if let Err(e) = self.write_all(&files) {
            self.failed
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get_or_insert(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(p: &str, s: &str) -> OutputFile {
        OutputFile {
            path: p.into(),
            bytes: std::sync::Arc::new(s.as_bytes().to_vec()),
        }
    }

    #[test]
    fn replaces_previous_output_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            dir.path(),
            &[file("index.html", "one"), file("a/b/index.html", "ab")],
        )
        .unwrap();
        write_site(&out, dir.path(), &[file("index.html", "two")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "two"
        );
        assert!(!out.join("a").exists());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn refuses_a_folder_it_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("mine");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("thesis.doc"), "important").unwrap();
        assert!(matches!(
            write_site(&out, dir.path(), &[file("index.html", "x")]),
            Err(OutputError::NotOurs(_))
        ));
        assert_eq!(
            std::fs::read_to_string(out.join("thesis.doc")).unwrap(),
            "important"
        );
    }

    #[test]
    fn refuses_paths_that_escape() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        assert!(write_site(&out, dir.path(), &[file("../evil", "x")]).is_err());
        assert!(!dir.path().join("evil").exists());
        assert!(!out.exists());
    }

    #[test]
    fn refuses_to_replace_the_site() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        assert!(matches!(
            write_site(dir.path(), dir.path(), &[file("index.html", "x")]),
            Err(OutputError::Dangerous(_))
        ));
        assert!(matches!(
            write_site(
                &dir.path().join("content"),
                dir.path(),
                &[file("index.html", "x")]
            ),
            Err(OutputError::Dangerous(_))
        ));
    }

    /// Folders are made as files need them, from several threads at once, each once.
    #[test]
    fn makes_every_folder_a_file_needs() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut files = vec![file("index.html", "home")];
        for doc in 0..20 {
            files.push(file(&format!("towns/t/v/d{doc}/index.html"), "doc"));
            for rev in 0..5 {
                let path = format!("towns/t/v/d{doc}/history/r{rev}/index.html");
                files.push(file(&path, &path));
            }
        }
        write_site(&out, dir.path(), &files).unwrap();
        for f in &files {
            let written = std::fs::read(out.join(&f.path)).unwrap();
            assert_eq!(written, *f.bytes, "{}", f.path);
        }
        // A file where a folder should be is an error, not a file written elsewhere.
        let clash = [file("a", "file"), file("a/b/index.html", "under a file")];
        assert!(matches!(
            write_site(&dir.path().join("other"), dir.path(), &clash),
            Err(OutputError::Io(..))
        ));
    }
}
