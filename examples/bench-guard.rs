//! Times the personal-information guard over every file of a site's content/, against the
//! time it takes just to read them.
//!
//!     cargo run --release --example bench-guard -- SITE_ROOT

use std::time::Instant;

fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let files: Vec<String> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    let bytes: usize = files.iter().map(String::len).sum();
    let t = Instant::now();
    let mut diags = sanwu::diag::Diagnostics::new();
    for (i, text) in files.iter().enumerate() {
        sanwu::guard::check_text(&format!("file{i}"), text, &mut diags);
    }
    let scan = t.elapsed();
    println!(
        "{} files, {:.1} MB: guard scan {:.1} ms on one core ({} findings)",
        files.len(),
        bytes as f64 / 1e6,
        scan.as_secs_f64() * 1e3,
        diags.iter().count()
    );
}
