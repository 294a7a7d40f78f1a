//! Times the history stage on a repository (see bench/gen-history-repo.py):
//! cold (no cache), then warm (cache keyed by HEAD).
//!
//!     cargo run --release --example bench-history -- /dev/shm/hist

use std::time::Instant;

fn main() {
    let root = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: bench-history SITE_ROOT"),
    );
    let cache = root.join(".sanwu-cache");
    let _ = std::fs::remove_dir_all(&cache);
    for run in ["cold", "warm", "warm"] {
        let mut diags = sanwu::diag::Diagnostics::new();
        let t = Instant::now();
        let h = sanwu::history::read(&root, Some(&cache), &mut diags);
        let revisions: usize = h.files.values().map(Vec::len).sum();
        println!(
            "{run}: {:.3} s — {} files, {} revisions, {} texts",
            t.elapsed().as_secs_f64(),
            h.files.len(),
            revisions,
            h.texts.len()
        );
    }
}
