//! Stage 4, index: site-wide search in Chinese on a static site, with Pagefind (the index
//! Hugo, Zola and Astro sites use). It segments Chinese text and splits its index into
//! fragments, so a query loads only the parts it needs.
//!
//! A build indexes the pages it has written ([`index_folder`]); the preview, which keeps its
//! pages in memory, indexes them from there ([`index_pages`]), after serving them.

use crate::diag::{Diagnostics, Msg, Pos};
use crate::render::OutputFile;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The last search index made, with the fingerprint of the pages it indexes.
#[derive(Default)]
pub struct SearchCache(Option<(u64, Arc<Vec<OutputFile>>)>);

/// Pagefind's files for the site's files (`path`, `bytes`): from the cache when no searchable
/// page changed.
pub fn index_pages<'a>(
    files: impl Iterator<Item = (&'a str, &'a [u8])>,
    cache: &mut SearchCache,
) -> Result<Vec<OutputFile>, String> {
    let mut searchable: Vec<(&str, &[u8])> =
        files.filter(|(path, _)| is_searchable(path)).collect();
    // In path order: the index must not depend on the order pages were rendered or stored in.
    searchable.sort_unstable_by_key(|(path, _)| *path);
    let print = {
        use std::hash::Hasher;
        let mut h = std::hash::DefaultHasher::new();
        for (path, bytes) in &searchable {
            h.write(path.as_bytes());
            h.write_u8(0);
            h.write(bytes);
            h.write_usize(bytes.len());
        }
        h.finish()
    };
    let out = match &cache.0 {
        Some((p, out)) if *p == print => out.clone(),
        _ => {
            let pages = searchable
                .iter()
                .filter(|(_, bytes)| bytes.len() <= MAX_INDEXED_BYTES)
                .map(|(path, bytes)| (path.to_string(), Page::Bytes(bytes)));
            let out = Arc::new(index(&std::env::temp_dir(), pages)?);
            cache.0 = Some((print, out.clone()));
            out
        }
    };
    Ok(out.to_vec())
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
            "原因是磁盘已满或没有写入权限的，腾出空间或换一个 --out 文件夹；其他原因是 sanwu 的问题，请报告给维护者",
            "if the cause is a full disk or a permission, free space or choose another --out; otherwise this is a bug in sanwu: please report it",
        ),
    );
}

/// Pages worth finding: villages, towns, documents, free pages and enforcement items; not
/// revision pages, listings of changes or the 404 page.
/// Pages above this size are left out of the index: Pagefind's cost grows steeply with one
/// page's size, and no disclosure a reader searches for is this long.
const MAX_INDEXED_BYTES: usize = 1 << 20;

pub fn is_searchable(path: &str) -> bool {
    path.ends_with("index.html")
        && !path.contains("/history/")
        && !path.starts_with("changes/")
        && !path.starts_with("search/")
        && path != "enforcement/index.html"
}

/// Pagefind's files for the searchable pages of a site written to `folder` (a build's new
/// output); `written` lists the files there (path, size), which spares walking a folder of
/// hundreds of thousands of files.
pub fn index_folder(
    folder: &Path,
    written: impl Iterator<Item = (String, usize)>,
) -> Result<Vec<OutputFile>, String> {
    let mut pages: Vec<String> = written
        .filter(|(path, size)| *size <= MAX_INDEXED_BYTES && is_searchable(path))
        .map(|(path, _)| path)
        .collect();
    pages.sort_unstable();
    let beside = folder.parent().unwrap_or(Path::new("."));
    let pages = pages.into_iter().map(|rel| {
        let file = Page::File(folder.join(&rel));
        (rel, file)
    });
    index(beside, pages)
}

/// A page to index: in memory, or already written.
enum Page<'a> {
    Bytes(&'a [u8]),
    File(PathBuf),
}

/// Indexes `pages` (path in the site, page; in path order) and returns Pagefind's files
/// (under `pagefind/`).
///
/// Pagefind reads a folder with every core, where pages handed to it one at a time are read
/// on one, under a lock. So the pages go into a folder of their own, made in `beside` and
/// removed afterwards: hard links to pages already written (copies where the file system has
/// none), the bytes of the others. Pagefind numbers pages in the order it finds them there;
/// the folder is made in path order, so a site gives the same index whether it was built or
/// previewed, on one file system.
fn index<'a>(
    beside: &Path,
    pages: impl Iterator<Item = (String, Page<'a>)>,
) -> Result<Vec<OutputFile>, String> {
    let scratch = tempfile::Builder::new()
        .prefix(".sanwu-search-")
        .tempdir_in(beside)
        .map_err(|e| format!("{}: {e}", beside.display()))?;
    for (rel, page) in pages {
        let to = scratch.path().join(&rel);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        match page {
            Page::Bytes(bytes) => std::fs::write(&to, bytes),
            Page::File(from) => {
                std::fs::hard_link(&from, &to).or_else(|_| std::fs::copy(&from, &to).map(drop))
            }
        }
        .map_err(|e| format!("{}: {e}", to.display()))?;
    }
    let root = scratch.path().to_string_lossy().into_owned();
    with_index(|mut index| async move {
        index
            .add_directory(root, Some("**/*.html".into()))
            .await
            .map_err(|e| e.to_string())?;
        Ok(index)
    })
}

/// Runs `add` on a new Pagefind index and returns the index's files.
fn with_index<F, Fut>(add: F) -> Result<Vec<OutputFile>, String>
where
    F: FnOnce(pagefind::api::PagefindIndex) -> Fut,
    Fut: std::future::Future<Output = Result<pagefind::api::PagefindIndex, String>>,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .root_selector("main".to_string())
            .exclude_selectors(vec![
                ".history".to_string(),
                ".doc-footer".to_string(),
                ".print-only".to_string(),
                ".crumbs".to_string(),
                "nav".to_string(),
                "svg".to_string(),
            ])
            .force_language("zh-cn".to_string())
            .build();
        let index = pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        let mut index = add(index).await?;
        let out = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(out
            .into_iter()
            .map(|f| OutputFile {
                path: format!(
                    "pagefind/{}",
                    f.filename
                        .to_string_lossy()
                        .replace('\\', "/")
                        .trim_start_matches("pagefind/")
                ),
                bytes: Arc::new(f.contents),
            })
            .collect())
    })
}
