//! Site-wide search in Chinese on a static site, with Pagefind (the index Hugo, Zola and Astro
//! sites use): it segments Chinese text, and splits its index into fragments so a query loads
//! only the parts it needs.

use super::OutputFile;

/// Pages worth finding: villages, towns, documents, free pages and enforcement items; not
/// revision pages, listings of changes or the 404 page.
/// Pages above this size are left out of the index: Pagefind's cost grows steeply with one
/// page's size, and no disclosure a reader searches for is this long.
const MAX_INDEXED_BYTES: usize = 1 << 20;

pub(super) fn is_searchable(path: &str) -> bool {
    path.ends_with("index.html")
        && !path.contains("/history/")
        && !path.starts_with("changes/")
        && !path.starts_with("search/")
        && path != "enforcement/index.html"
}

/// Indexes the searchable pages (`path`, `bytes`, in path order) in memory and returns
/// Pagefind's files (under `pagefind/`).
pub(super) fn index(pages: &[(&str, &[u8])]) -> Result<Vec<OutputFile>, String> {
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
        let mut index =
            pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        for (path, bytes) in pages
            .iter()
            .filter(|(_, bytes)| bytes.len() <= MAX_INDEXED_BYTES)
        {
            let url = format!("/{}", path.trim_end_matches("index.html"));
            let html = String::from_utf8_lossy(bytes).into_owned();
            index
                .add_html_file(None, Some(url), html)
                .await
                .map_err(|e| e.to_string())?;
        }
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
                bytes: std::sync::Arc::new(f.contents),
            })
            .collect())
    })
}
