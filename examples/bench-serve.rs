//! Times `sanwu serve` from saving a one-document edit to the `reload` event a page receives.
//!
//!     cargo run --release --example bench-serve              # a copy of the sample county
//!     cargo run --release --example bench-serve -- SITE_ROOT [RUNS]
//!
//! Without SITE_ROOT, the repository's `content/` is copied into a temporary git repository
//! (one commit, so the history stage runs as on a real site). With SITE_ROOT, that site is
//! edited in place and the document restored at the end. Each run saves the document the way
//! editors do (temporary file, then rename), then waits for the event on a real
//! `/__sanwu/events` connection. Prints the median, minimum and maximum of the save-to-reload
//! time and of the build alone (the rest is the debounce window and the watcher).
//! `PAUSE_MS` sets the pause between saves (300 ms unless set).

use sanwu::serve::{ServeOptions, ServerHandle};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let given = args.next().map(PathBuf::from);
    let runs: usize = args
        .next()
        .map_or(15, |n| n.parse().expect("RUNS is a number"));
    let _keep;
    let root = match given {
        Some(r) => r,
        None => {
            let dir = tempfile::tempdir().unwrap();
            copy_sample(dir.path());
            let root = dir.path().to_path_buf();
            _keep = dir;
            root
        }
    };
    let doc = pick_document(&root);
    let original = std::fs::read_to_string(&doc).unwrap();
    println!("site: {}", root.display());
    println!("document: {}", doc.display());

    let mut opts = ServeOptions::new(&root);
    opts.port = 0;
    opts.quiet = true;
    let started = Instant::now();
    let handle = sanwu::serve::start(opts).expect("serve starts");
    let first = handle.last_build().unwrap();
    println!(
        "first build: {:.3} s ({})",
        started.elapsed().as_secs_f64(),
        if first.ok { "ok" } else { "FAILED" }
    );
    let mut events = Events::open(&handle);

    // Between saves: a clerk saving again and again (the default), or reading the page long
    // enough for the preview's search index to be made meanwhile (PAUSE_MS=5000, say).
    let pause = Duration::from_millis(
        std::env::var("PAUSE_MS")
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or(300),
    );
    let mut total = Vec::new();
    let mut build = Vec::new();
    for run in 0..runs {
        std::thread::sleep(pause);
        let g = handle.generation();
        let text = format!("{}\n\n测速第 {run} 次修改。\n", original.trim_end());
        let tmp = doc.with_file_name(".bench-serve.tmp");
        std::fs::write(&tmp, text).unwrap();
        let t0 = Instant::now();
        std::fs::rename(&tmp, &doc).unwrap();
        events.wait_for("reload", Duration::from_secs(60));
        let elapsed = t0.elapsed();
        let b = handle
            .wait_for_build(g, Duration::from_secs(60))
            .expect("a build");
        assert!(b.ok, "the edit broke the build");
        println!(
            "run {run:>2}: save → reload {:>7.1} ms   build {:>7.1} ms   {} files changed",
            ms(elapsed),
            ms(b.elapsed),
            b.changed + b.added + b.removed
        );
        total.push(elapsed);
        build.push(b.elapsed);
    }
    std::fs::write(&doc, &original).unwrap();
    let g = handle.generation();
    let _ = handle.wait_for_build(g, Duration::from_secs(60));
    handle.stop();
    report("save → reload event", &mut total);
    report("build alone", &mut build);
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    if times.is_empty() {
        return;
    }
    println!(
        "{what}: median {:.1} ms, min {:.1} ms, max {:.1} ms ({} runs)",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len()
    );
}

/// The first Markdown document of the first village, by name.
fn pick_document(root: &Path) -> PathBuf {
    let mut docs: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content/towns"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && p.parent()
                    .and_then(|d| d.file_name())
                    .is_some_and(|d| d == "affairs" || d == "party")
        })
        .collect();
    assert!(!docs.is_empty(), "no Markdown document under content/towns");
    docs.swap_remove(0)
}

fn copy_sample(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let dest = to
            .join("content")
            .join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(to)
            .env("GIT_AUTHOR_NAME", "bench")
            .env("GIT_AUTHOR_EMAIL", "bench@example.invalid")
            .env("GIT_COMMITTER_NAME", "bench")
            .env("GIT_COMMITTER_EMAIL", "bench@example.invalid")
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(ok, "git {args:?} failed");
    };
    git(&["init", "-q"]);
    git(&["add", "content"]);
    git(&["commit", "-q", "-m", "sample"]);
}

/// A `/__sanwu/events` connection, read by hand.
struct Events {
    stream: TcpStream,
    buf: String,
}

impl Events {
    fn open(h: &ServerHandle) -> Events {
        let mut stream = TcpStream::connect(h.addr()).unwrap();
        write!(
            stream,
            "GET /__sanwu/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            h.addr()
        )
        .unwrap();
        let mut e = Events {
            stream,
            buf: String::new(),
        };
        e.wait_for("hello", Duration::from_secs(10));
        e
    }

    fn wait_for(&mut self, name: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        let marker = format!("event: {name}\n");
        loop {
            if let Some(i) = self.buf.find(&marker)
                && let Some(end) = self.buf[i..].find("\n\n")
            {
                self.buf.drain(..i + end + 2);
                return;
            }
            let left = deadline
                .checked_duration_since(Instant::now())
                .unwrap_or_else(|| panic!("no {name} event"));
            self.stream.set_read_timeout(Some(left)).unwrap();
            let mut chunk = [0u8; 4096];
            let n = match self.stream.read(&mut chunk) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => panic!("event stream: {e}"),
            };
            assert!(n > 0, "event stream closed");
            self.buf.push_str(&String::from_utf8_lossy(&chunk[..n]));
        }
    }
}
