//! The pipeline, end to end: load → check → render → output.

use crate::diag::{Diagnostic, Diagnostics};
use crate::render::RenderOptions;
use crate::{check, history, load, output, render, theme};
use std::path::{Path, PathBuf};

/// Where a build is in the pipeline, for progress display.
#[derive(Clone, Copy, Debug)]
pub enum Stage {
    Load,
    Check,
    History,
    Render,
    Write,
}

impl Stage {
    pub fn zh(self) -> &'static str {
        match self {
            Stage::Load => "读取内容",
            Stage::Check => "检查",
            Stage::History => "读取修改记录",
            Stage::Render => "生成页面",
            Stage::Write => "写入",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            Stage::Load => "loading",
            Stage::Check => "checking",
            Stage::History => "reading history",
            Stage::Render => "rendering",
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

/// The builds of one preview session. Each build loads and checks everything again (that is
/// cheap), and renders again only the villages, enforcement pages and search index whose input
/// changed: the rest comes from the previous build, byte for byte what rendering would give.
pub struct Session {
    root: PathBuf,
    drafts: bool,
    loaded: load::LoadCache,
    cache: render::RenderCache,
}

impl Session {
    pub fn new(root: &Path, drafts: bool) -> Session {
        Session {
            root: root.to_path_buf(),
            drafts,
            loaded: load::LoadCache::default(),
            cache: render::RenderCache::default(),
        }
    }

    /// A build in memory. Without `search` it leaves out the search index, which the preview
    /// makes after serving the pages (see [`Session::search_index`]).
    pub fn compile(
        &mut self,
        search: bool,
        progress: &dyn Fn(Stage),
    ) -> Result<Compiled, Vec<Diagnostic>> {
        let root = self.root.as_path();
        let mut diags = Diagnostics::new();
        // The history needs only git: it is read while the content is loaded and checked.
        let (site, (history, history_diags)) = std::thread::scope(|s| {
            let history = s.spawn(|| {
                let mut diags = Diagnostics::new();
                let h = history::read(root, Some(&root.join(".sanwu-cache")), &mut diags);
                (h, diags)
            });
            progress(Stage::Load);
            let site = load::load_with(root, &mut diags, &mut self.loaded).map(|loaded| {
                progress(Stage::Check);
                check::check(&loaded.site, &loaded.ids_on_disk, &mut diags);
                loaded.site
            });
            let history = history
                .join()
                .unwrap_or_else(|_| (history::History::unavailable("panic"), Diagnostics::new()));
            (site, history)
        });
        let theme = site
            .as_ref()
            .map(|s| theme::load(root, &s.config.theme, &mut diags));
        let (Some(mut site), Some(theme)) = (site, theme) else {
            return Err(diags.sorted());
        };
        if diags.has_errors() {
            return Err(diags.sorted());
        }
        progress(Stage::History);
        diags.extend(history_diags);
        history::restore_deleted(&mut site, &history);
        progress(Stage::Render);
        let opts = RenderOptions {
            drafts: self.drafts,
            search,
        };
        let Some(files) =
            render::render_with(&site, &history, &theme, &opts, &mut self.cache, &mut diags)
        else {
            return Err(diags.sorted());
        };
        Ok(Compiled {
            files,
            warnings: diags.sorted(),
        })
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
    let compiled = compile(&req.root, req.drafts, progress).map_err(BuildFailure::Content)?;
    progress(Stage::Write);
    if let Err(e) = output::write_site(&req.out, &req.root, &compiled.files) {
        return Err(BuildFailure::Output(e, compiled.warnings));
    }
    let files = &compiled.files;
    Ok(BuildReport {
        pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
        files: files.len(),
        diagnostics: compiled.warnings,
    })
}

/// Makes the search index of a build's pages (`path`, `bytes`), again only if a searchable page
/// changed since the last time: the preview runs it beside the builds, on its own thread.
#[derive(Default)]
pub struct Indexer {
    cache: render::SearchCache,
}

impl Indexer {
    pub fn index<'a>(
        &mut self,
        pages: impl Iterator<Item = (&'a str, &'a [u8])>,
    ) -> Result<Vec<render::OutputFile>, Vec<Diagnostic>> {
        render::search_index(pages, &mut self.cache).map_err(|e| {
            let mut diags = Diagnostics::new();
            render::search_failed(&e, &mut diags);
            diags.sorted()
        })
    }
}
