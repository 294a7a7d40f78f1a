//! Times the stages of a rebuild in one preview session (nothing changed, so every village
//! comes from the cache): what a one-document edit costs besides rendering that village.
//!
//!     cargo run --release --example bench-session -- [SITE_ROOT]
//!
//! `WARM=N` sets the number of rebuilds after the first (3); with `TOLD=1` each is told that
//! no file changed, as the preview's watcher tells it, instead of looking at every file.

use std::time::Instant;

fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let mut session = sanwu::build::Session::preview(&root, true);
    let told = std::env::var_os("TOLD").is_some();
    for run in std::iter::once("cold").chain(std::iter::repeat_n(
        "warm",
        std::env::var("WARM")
            .ok()
            .and_then(|w| w.parse().ok())
            .unwrap_or(3),
    )) {
        let t = Instant::now();
        let last = std::cell::Cell::new(t);
        let stages = std::cell::RefCell::new(Vec::new());
        let progress = |s: sanwu::build::Stage| {
            let now = Instant::now();
            stages.borrow_mut().push(format!(
                "{} {:.0} ms",
                s.en(),
                (now - last.get()).as_secs_f64() * 1000.0
            ));
            last.set(now);
        };
        if told && run == "warm" {
            // As the preview's watcher tells it: nothing changed.
            session.changed(Some(Vec::new()));
        }
        let r = session.compile(false, &progress);
        let end = Instant::now();
        let files = r.map(|c| c.files.len()).unwrap_or(0);
        println!(
            "{run}: {:.0} ms total; starts: {}; render {:.0} ms; {files} files, {} villages rendered",
            (end - t).as_secs_f64() * 1000.0,
            stages.borrow().join(", "),
            (end - last.get()).as_secs_f64() * 1000.0,
            session.rendered_villages()
        );
    }
}
