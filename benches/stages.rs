//! Criterion benchmarks of each stage of the build pipeline (see `src/build.rs`), on the
//! sample county by default:
//!
//! ```text
//! cargo bench --bench stages                                   # every stage, ~3–4 min
//! cargo bench --bench stages -- render                         # only the render group
//! SANWU_BENCH_ROOT=/dev/shm/site cargo bench --bench stages    # a generated site instead
//! ```
//!
//! `SANWU_BENCH_ROOT` names a site root (the folder holding `content/`, a git repository),
//! e.g. one made by `examples/gen-site.rs`; it defaults to this repository.
//!
//! Groups, in pipeline order:
//!
//! - `load`: reading `content/` into the model;
//! - `check`: the finance and decision rules, on a site loaded once;
//! - `history/cold`, `history/warm`: the git history, with an empty cache folder each time
//!   and with the cache already filled;
//! - `render/search`, `render/no-search`: every output file in memory, with and without the
//!   search index (their difference is the indexing cost);
//! - `write/fresh`, `write/replace`: writing the rendered files under `/dev/shm`, into a new
//!   output folder and over a previous output (what a second `sanwu build` does);
//! - `whole`: `sanwu::build::compile`, load to render, as `sanwu build` runs it (history
//!   cache in `ROOT/.sanwu-cache`, so warm after the first iteration).
//!
//! Everything a stage needs is prepared once, outside the timed code, and only when a
//! benchmark that needs it runs (so a filter on the command line skips the rest).
//!
//! The slow groups (`render`, `whole`, and on a large site all of them) take ten samples of
//! one iteration each, with a measurement time shorter than ten iterations: criterion then
//! warns "Unable to complete 10 samples in …" and simply takes the ten iterations, which is
//! the least it can do. Pass `--measurement-time` to ask for more.

use criterion::{BatchSize, Criterion, SamplingMode, criterion_group, criterion_main};
use sanwu::diag::Diagnostics;
use sanwu::history::History;
use sanwu::load::Loaded;
use sanwu::model::Site;
use sanwu::render::{OutputFile, RenderOptions};
use sanwu::theme::Theme;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

/// The site root: `SANWU_BENCH_ROOT`, or this repository.
fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        std::env::var_os("SANWU_BENCH_ROOT")
            .filter(|r| !r.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
    })
}

/// A temporary folder in memory (`/dev/shm`) where there is one, so writing measures sanwu
/// and not the disk.
fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    let builder = {
        let mut b = tempfile::Builder::new();
        b.prefix("sanwu-bench-stages-");
        b
    };
    if shm.is_dir() {
        builder.tempdir_in(shm)
    } else {
        builder.tempdir()
    }
    .expect("cannot create a temporary folder")
}

/// Stops the benchmark if the content has errors: timing a build that fails measures nothing.
fn no_errors(stage: &str, diags: &Diagnostics) {
    if diags.has_errors() {
        let first = diags
            .iter()
            .find(|d| d.severity == sanwu::diag::Severity::Error);
        panic!(
            "{stage}: the site under {} has {} error(s), first: {first:?}",
            root().display(),
            diags.error_count()
        );
    }
}

/// The site as loaded and checked (the input of `check`).
fn loaded() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| {
        let mut diags = Diagnostics::new();
        let loaded = sanwu::load::load(root(), &mut diags).expect("the site cannot be loaded");
        sanwu::check::check(&loaded.site, &loaded.ids_on_disk, &mut diags);
        no_errors("load and check", &diags);
        loaded
    })
}

/// Everything render takes: the site with its deleted documents restored (as `build.rs`
/// does), its history and its theme.
struct RenderInput {
    site: Site,
    history: History,
    theme: Theme,
}

fn render_input() -> &'static RenderInput {
    static INPUT: OnceLock<RenderInput> = OnceLock::new();
    INPUT.get_or_init(|| {
        let mut diags = Diagnostics::new();
        let mut site = loaded().site.clone();
        let theme = sanwu::theme::load(root(), &site.config.theme, &mut diags);
        let cache = scratch();
        let history = sanwu::history::read(root(), Some(cache.path()), &mut diags);
        sanwu::history::restore_deleted(&mut site, &history);
        no_errors("theme and history", &diags);
        RenderInput {
            site,
            history,
            theme,
        }
    })
}

fn render(search: bool) -> Vec<OutputFile> {
    let input = render_input();
    let mut diags = Diagnostics::new();
    let opts = RenderOptions { drafts: false };
    let mut files =
        sanwu::render::render(&input.site, &input.history, &input.theme, &opts, &mut diags)
            .expect("rendering failed");
    no_errors("render", &diags);
    if search {
        let pages = files.iter().map(|f| (f.path.as_str(), f.bytes.as_slice()));
        let index = sanwu::search::index_pages(pages, &mut Default::default(), &|| false);
        files.extend(index.expect("indexing failed").unwrap_or_default());
    }
    files
}

/// The rendered files of the whole site, search index included (the input of `write`).
fn rendered() -> &'static [OutputFile] {
    static FILES: OnceLock<Vec<OutputFile>> = OnceLock::new();
    FILES.get_or_init(|| render(true))
}

/// Settings for a group whose single iteration takes about a second or more: ten samples of
/// one iteration each, a short warm-up.
fn slow(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, secs: u64) {
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(secs));
}

fn bench_load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    slow(&mut group, 5);
    group.bench_function("load", |b| {
        b.iter(|| {
            let mut diags = Diagnostics::new();
            sanwu::load::load(black_box(root()), &mut diags)
        })
    });
    group.finish();
}

fn bench_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("check", |b| {
        let loaded = loaded();
        b.iter(|| {
            let mut diags = Diagnostics::new();
            sanwu::check::check(
                black_box(&loaded.site),
                black_box(&loaded.ids_on_disk),
                &mut diags,
            );
            diags
        })
    });
    group.finish();
}

fn bench_history(c: &mut Criterion) {
    let mut group = c.benchmark_group("history");
    slow(&mut group, 5);
    // A new, empty cache folder for every iteration; it is removed after the timing.
    group.bench_function("cold", |b| {
        b.iter_batched(
            scratch,
            |cache| {
                let mut diags = Diagnostics::new();
                let history = sanwu::history::read(root(), Some(cache.path()), &mut diags);
                (history, cache)
            },
            BatchSize::PerIteration,
        )
    });
    // One cache folder, filled before the timing starts.
    // (Criterion calls the closure once per sample: prepare once, on the first call.)
    let mut warm = None;
    group.bench_function("warm", |b| {
        let cache = warm.get_or_insert_with(|| {
            let cache = scratch();
            sanwu::history::read(root(), Some(cache.path()), &mut Diagnostics::new());
            cache
        });
        b.iter(|| {
            let mut diags = Diagnostics::new();
            sanwu::history::read(root(), Some(cache.path()), &mut diags)
        })
    });
    group.finish();
}

fn bench_render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    slow(&mut group, 12);
    // The files are freed after the timing.
    group.bench_function("search", |b| b.iter_with_large_drop(|| render(true)));
    group.bench_function("no-search", |b| b.iter_with_large_drop(|| render(false)));
    group.finish();
}

fn bench_write(c: &mut Criterion) {
    let mut group = c.benchmark_group("write");
    slow(&mut group, 5);
    // Into a folder that does not exist yet, as the first build; the folder is removed after
    // the timing.
    group.bench_function("fresh", |b| {
        let files = rendered();
        b.iter_batched(
            scratch,
            |dir| {
                sanwu::output::write_site(&dir.path().join("public"), root(), files)
                    .expect("writing the site failed");
                dir
            },
            BatchSize::PerIteration,
        )
    });
    // Over the previous output, as every later build: write beside it, swap, remove the old.
    let mut previous = None;
    group.bench_function("replace", |b| {
        let files = rendered();
        let (_dir, out) = previous.get_or_insert_with(|| {
            let dir = scratch();
            let out = dir.path().join("public");
            sanwu::output::write_site(&out, root(), files).expect("writing the site failed");
            (dir, out)
        });
        b.iter(|| sanwu::output::write_site(out, root(), files).expect("writing the site failed"))
    });
    group.finish();
}

fn bench_whole(c: &mut Criterion) {
    let mut group = c.benchmark_group("whole");
    slow(&mut group, 20);
    group.bench_function("compile", |b| {
        b.iter_with_large_drop(
            || match sanwu::build::compile(black_box(root()), false, &|_| {}) {
                Ok(compiled) => compiled,
                Err(diags) => panic!(
                    "the build of {} failed with {} diagnostic(s), first: {:?}",
                    root().display(),
                    diags.len(),
                    diags.first()
                ),
            },
        )
    });
    group.finish();
}

criterion_group!(
    stages,
    bench_load,
    bench_check,
    bench_history,
    bench_render,
    bench_write,
    bench_whole
);
criterion_main!(stages);
