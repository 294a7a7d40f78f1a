//! `sanwu serve` end to end: a real server on a free port, real HTTP over `TcpStream`, copies
//! of the mini site in temporary folders edited the way an editor does.
//!
//! Nothing here asserts a duration: every wait has a generous timeout and polls.

mod common;
use common::copy_dir;

use sanwu::serve::{self, BuildEvent, RELOAD_TAG, ServeOptions, ServerHandle};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(30);
const NOTICE: &str = "content/towns/zibai/huoshaodian/affairs/notice.md";
const NOTICE_URL: &str = "/towns/zibai/huoshaodian/affairs/notice/";
const STATEMENT: &str = "content/towns/zibai/huoshaodian/finance/2025-03-statement.yaml";

/// A copy of tests/fixtures/mini in a temporary folder.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn mini() -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini"),
            dir.path(),
        );
        Site { dir }
    }
    fn root(&self) -> &Path {
        self.dir.path()
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }
    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }
    /// Saves like most editors: a temporary file beside the target, renamed over it.
    fn save(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let tmp = path.with_file_name(format!(
            ".{}.tmp",
            path.file_name().unwrap().to_string_lossy()
        ));
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.save(rel, &text.replacen(from, to, 1));
    }
    fn serve(&self) -> ServerHandle {
        self.serve_with(|_| {})
    }
    fn serve_with(&self, tweak: impl FnOnce(&mut ServeOptions)) -> ServerHandle {
        let mut opts = ServeOptions::new(self.root());
        opts.port = 0;
        opts.quiet = true;
        tweak(&mut opts);
        serve::start(opts).expect("the preview starts")
    }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }
}

/// One request on a fresh connection, the target sent exactly as given.
fn request(addr: SocketAddr, method: &str, target: &str) -> Response {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = String::from_utf8(raw[..end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_string(), v.trim().to_string())
        })
        .collect();
    let body = raw[end + 4..].to_vec();
    let r = Response {
        status,
        headers,
        body,
    };
    if method != "HEAD" {
        let len: usize = r.header("content-length").unwrap().parse().unwrap();
        assert_eq!(len, r.body.len(), "Content-Length of {target}");
    }
    r
}

fn get(addr: SocketAddr, target: &str) -> Response {
    request(addr, "GET", target)
}

/// An open `/__sanwu/events` stream, as a page's EventSource holds it.
struct Events {
    stream: TcpStream,
    buf: String,
}

impl Events {
    /// Connects and waits for the greeting, so that the stream is subscribed before returning.
    fn open(addr: SocketAddr) -> Events {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "GET /__sanwu/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut e = Events {
            stream,
            buf: String::new(),
        };
        let head = e.read_until("\r\n\r\n", WAIT).expect("event stream head");
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(
            head.contains("Content-Type: text/event-stream; charset=utf-8"),
            "{head}"
        );
        e.next("hello", WAIT).expect("hello event");
        e
    }

    fn read_until(&mut self, sep: &str, timeout: Duration) -> Option<String> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(i) = self.buf.find(sep) {
                let out = self.buf[..i].to_string();
                self.buf.drain(..i + sep.len());
                return Some(out);
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            self.stream
                .set_read_timeout(Some(left.max(Duration::from_millis(1))))
                .unwrap();
            let mut chunk = [0u8; 4096];
            match self.stream.read(&mut chunk) {
                Ok(0) => return None,
                Ok(n) => self.buf.push_str(std::str::from_utf8(&chunk[..n]).unwrap()),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    return None;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => panic!("event stream: {e}"),
            }
        }
    }

    /// The data of the next event called `name` (skipping others and comments).
    fn next(&mut self, name: &str, timeout: Duration) -> Option<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let block = self.read_until("\n\n", left)?;
            let mut event = "message";
            let mut data = String::new();
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event: ") {
                    event = v;
                } else if let Some(v) = line.strip_prefix("data: ") {
                    data.push_str(v);
                }
            }
            if event == name {
                return Some(data);
            }
        }
    }
}

/// Waits for the build after `after` and returns it.
fn next_build(h: &ServerHandle, after: u64) -> BuildEvent {
    h.wait_for_build(after, WAIT)
        .unwrap_or_else(|| panic!("no build after generation {after}"))
}

#[test]
fn serves_pages_with_the_reload_script() {
    let site = Site::mini();
    let h = site.serve();
    let addr = h.addr();
    assert!(h.addr().ip().is_loopback());
    assert!(h.last_build().unwrap().ok);

    let home = get(addr, "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let text = home.text();
    assert_eq!(text.matches(RELOAD_TAG).count(), 1);
    assert!(text.contains(&format!("{RELOAD_TAG}</body>")));
    assert!(!text.contains("sanwu-errors"));

    let doc = get(addr, NOTICE_URL);
    assert_eq!(doc.status, 200);
    assert!(doc.text().contains("关于开展人居环境整治的通知"));
    assert!(doc.text().contains(RELOAD_TAG));

    // Drafts are part of the preview, marked as such.
    let draft = get(addr, "/towns/zibai/huoshaodian/party/draft-plan/");
    assert_eq!(draft.status, 200);
    assert!(draft.text().contains("草稿"));

    let js = get(addr, "/__sanwu/reload.js");
    assert_eq!(js.status, 200);
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    let js = js.text();
    assert!(js.contains("EventSource(\"/__sanwu/events\")"));
    assert!(js.contains("sessionStorage") && js.contains("scrollY"));
    h.stop();
}

#[test]
fn an_edit_reloads_every_open_page_with_the_change() {
    let site = Site::mini();
    let h = site.serve();
    let addr = h.addr();
    let mut first = Events::open(addr);
    let mut second = Events::open(addr);
    let g = h.generation();

    site.edit(NOTICE, "各位村民：", "各位村民：请于本周内清理房前屋后。");
    first.next("reload", WAIT).expect("a reload event");
    second
        .next("reload", WAIT)
        .expect("a reload event on every page");
    let build = next_build(&h, g);
    assert!(build.ok);
    assert!(build.changed >= 1, "{build:?}");
    assert!(
        get(addr, NOTICE_URL)
            .text()
            .contains("请于本周内清理房前屋后")
    );

    // A document saved in place (no rename) works too.
    let g = h.generation();
    let path = site.path(NOTICE);
    let text = site.read(NOTICE).replace("清理房前屋后", "打扫院落");
    std::fs::write(&path, text).unwrap();
    first.next("reload", WAIT).expect("a reload event");
    assert!(next_build(&h, g).ok);
    assert!(get(addr, NOTICE_URL).text().contains("打扫院落"));
    h.stop();
}

#[test]
fn errors_show_over_the_last_good_build_until_fixed() {
    let site = Site::mini();
    let h = site.serve();
    let addr = h.addr();
    let mut events = Events::open(addr);
    let g = h.generation();

    site.edit(NOTICE, "published: 2025-04-01", "published: 2025-02-30");
    events
        .next("reload", WAIT)
        .expect("a reload after a failed build");
    let build = next_build(&h, g);
    assert!(!build.ok);
    assert!(build.errors >= 1);

    for url in ["/", NOTICE_URL, "/towns/zibai/", "/missing/"] {
        let page = get(addr, url).text();
        assert_eq!(page.matches("id=\"sanwu-errors\"").count(), 1, "{url}");
        assert!(page.contains("E0207"), "{url}");
        assert!(page.contains(&format!("{NOTICE}:4:")), "{url}");
        assert!(page.contains("2025-02-30 不存在"), "{url}");
        assert!(page.contains("提示"), "{url}");
        assert!(page.contains(RELOAD_TAG), "{url}");
    }
    // The last good build is still what is served.
    let doc = get(addr, NOTICE_URL);
    assert_eq!(doc.status, 200);
    assert!(doc.text().contains("2025-04-01") || doc.text().contains("2025年4月1日"));
    let errors = get(addr, "/__sanwu/errors.json").text();
    assert!(
        errors.contains("E0207") && errors.contains("\"line\":4"),
        "{errors}"
    );
    // CSS and other files are served unchanged, without the overlay.
    assert!(
        !get(addr, "/static/style.css")
            .text()
            .contains("sanwu-errors")
    );

    let g = h.generation();
    site.edit(NOTICE, "published: 2025-02-30", "published: 2025-04-02");
    events.next("reload", WAIT).expect("a reload after the fix");
    assert!(next_build(&h, g).ok);
    let page = get(addr, NOTICE_URL).text();
    assert!(!page.contains("sanwu-errors"));
    assert!(page.contains(RELOAD_TAG));
    assert!(
        get(addr, "/__sanwu/errors.json")
            .text()
            .contains("\"errors\":[]")
    );
    h.stop();
}

/// A finance rule broken in one village (a check, where the last was a reading error): the
/// preview, which checks again only the villages whose input changed, reports it and clears it.
#[test]
fn a_broken_finance_rule_shows_and_clears() {
    let site = Site::mini();
    let h = site.serve();
    let statement = STATEMENT;
    let g = h.generation();
    site.edit(
        statement,
        "totals: { income: \"26,000.00\"",
        "totals: { income: \"26,000.01\"",
    );
    let broken = next_build(&h, g);
    assert!(!broken.ok && broken.errors >= 1, "{broken:?}");
    let errors = get(h.addr(), "/__sanwu/errors.json").text();
    assert!(errors.contains(statement), "{errors}");
    site.edit(statement, "26,000.01", "26,000.00");
    let fixed = next_build(&h, broken.generation);
    assert!(fixed.ok, "{fixed:?}");
    let errors = get(h.addr(), "/__sanwu/errors.json").text();
    assert!(errors.contains("\"errors\":[]"), "{errors}");
    h.stop();
}

#[test]
fn overlay_escapes_what_it_shows() {
    let site = Site::mini();
    let h = site.serve();
    let g = h.generation();
    site.edit(
        NOTICE,
        "published: 2025-04-01",
        "published: <script>alert(1)</script>",
    );
    assert!(!next_build(&h, g).ok);
    let page = get(h.addr(), "/").text();
    let overlay = &page[page.find("id=\"sanwu-errors\"").unwrap()..];
    assert!(overlay.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!overlay.contains("<script>alert(1)"));
    h.stop();
}

#[test]
fn a_failed_first_build_serves_the_errors_and_recovers() {
    let site = Site::mini();
    site.edit(NOTICE, "published: 2025-04-01", "published: 2025-02-30");
    let h = site.serve();
    let addr = h.addr();
    assert!(!h.last_build().unwrap().ok);
    let page = get(addr, "/");
    assert_eq!(page.status, 500);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let text = page.text();
    assert!(text.contains("E0207") && text.contains("2025-02-30 不存在"));
    assert!(text.contains(RELOAD_TAG));

    let mut events = Events::open(addr);
    let g = h.generation();
    site.edit(NOTICE, "published: 2025-02-30", "published: 2025-04-01");
    events.next("reload", WAIT).expect("a reload after the fix");
    assert!(next_build(&h, g).ok);
    let home = get(addr, "/");
    assert_eq!(home.status, 200);
    assert!(!home.text().contains("sanwu-errors"));
    h.stop();
}

#[test]
fn traversal_attempts_get_404() {
    let site = Site::mini();
    // Files a traversal would reach if the server resolved paths on disk.
    std::fs::write(site.path("Cargo.toml"), "[package]\nsecret = 1\n").unwrap();
    let h = site.serve();
    let addr = h.addr();
    for target in [
        "/../Cargo.toml",
        "/../../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/static/..%2f..%2fCargo.toml",
        "/static/%2e%2e%2f%2e%2e%2fCargo.toml",
        "/..\\Cargo.toml",
        "/static\\..\\..\\Cargo.toml",
        "/%5c..%5cCargo.toml",
        "//etc/passwd",
        "/static//style.css",
        "/towns/%00",
        "/index.html%00.css",
        "/./index.html",
        "/content/site.yaml",
        "/%c0%ae%c0%ae/Cargo.toml",
    ] {
        let r = get(addr, target);
        assert_eq!(r.status, 404, "{target}");
        let body = String::from_utf8_lossy(&r.body);
        assert!(
            !body.contains("secret") && !body.contains("root:"),
            "{target}"
        );
    }
    // Not an origin-form path at all.
    assert_eq!(get(addr, "http://127.0.0.1/etc/passwd").status, 404);
    h.stop();
}

#[test]
fn types_heads_redirects_and_missing_pages() {
    let site = Site::mini();
    let h = site.serve();
    let addr = h.addr();
    let paths = h.paths();
    let expect = [
        (".html", "text/html; charset=utf-8"),
        (".css", "text/css; charset=utf-8"),
        (".js", "text/javascript; charset=utf-8"),
        (".json", "application/json; charset=utf-8"),
        (".xml", "application/xml; charset=utf-8"),
        (".csv", "text/csv; charset=utf-8"),
        (".txt", "text/plain; charset=utf-8"),
        (".svg", "image/svg+xml; charset=utf-8"),
    ];
    let mut seen = 0;
    for (ext, mime) in expect {
        if let Some(p) = paths.iter().find(|p| p.ends_with(ext)) {
            let r = get(addr, &format!("/{p}"));
            assert_eq!(r.status, 200, "{p}");
            assert_eq!(r.header("content-type"), Some(mime), "{p}");
            assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
            seen += 1;
        }
    }
    assert!(seen >= 4, "html, css, xml and more: {paths:?}");

    // HEAD: the same head, no body.
    for target in ["/", "/static/style.css", "/missing/"] {
        let got = get(addr, target);
        let head = request(addr, "HEAD", target);
        assert_eq!(head.status, got.status, "{target}");
        assert!(head.body.is_empty(), "{target}");
        assert_eq!(head.header("content-type"), got.header("content-type"));
        assert_eq!(
            head.header("content-length").unwrap(),
            got.body.len().to_string()
        );
    }

    // Only GET and HEAD.
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let r = request(addr, method, "/");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"));
    }

    // A folder without its slash is redirected; query strings are ignored for lookups.
    let r = get(addr, "/towns/zibai");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/towns/zibai/"));
    let r = get(addr, "/towns/zibai?from=home");
    assert_eq!(r.header("location"), Some("/towns/zibai/?from=home"));
    assert_eq!(get(addr, "/towns/zibai/?from=home").status, 200);
    assert_eq!(get(addr, "/static/style.css?v=2").status, 200);
    assert_eq!(get(addr, "/index.html").status, 200);

    // A missing page gets the site's 404 page, with status 404.
    let missing = get(addr, "/towns/zibai/no-such-village/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let site_404 = get(addr, "/404.html").text();
    let title = &site_404[site_404.find("<title>").unwrap()..site_404.find("</title>").unwrap()];
    assert!(missing.text().contains(title));
    assert!(missing.text().contains(RELOAD_TAG));
    assert_eq!(get(addr, "/__sanwu/nothing").status, 404);
    h.stop();
}

#[test]
fn editor_temporary_files_are_ignored() {
    let site = Site::mini();
    let h = site.serve();
    let dir = "content/towns/zibai/huoshaodian/affairs";
    let g = h.generation();
    // Garbage that would be an error if it were read as content.
    for name in [
        ".notice.md.swp",
        "4913",
        "notice.md~",
        ".#notice.md",
        "notice.md___jb_tmp___",
        "~$notice.docx",
        "notice.md.tmp",
    ] {
        std::fs::write(site.path(&format!("{dir}/{name}")), "\u{0}: [unclosed\n").unwrap();
    }
    // Writes to the output and cache folders are not watched either.
    std::fs::create_dir_all(site.path("public")).unwrap();
    std::fs::write(site.path("public/index.html"), "x").unwrap();
    std::thread::sleep(Duration::from_millis(600));
    if let Some(b) = h.last_build().filter(|b| b.generation > g) {
        assert!(b.ok, "a temporary file broke the build: {b:?}");
    }
    // A real change afterwards builds cleanly, temporary files still there.
    let g = h.generation();
    site.edit(NOTICE, "各位村民：", "各位村民、各位党员：");
    let b = next_build(&h, g);
    assert!(b.ok, "{b:?}");
    assert!(get(h.addr(), NOTICE_URL).text().contains("各位党员"));
    h.stop();
}

#[test]
fn folders_copied_in_and_files_deleted() {
    let site = Site::mini();
    let h = site.serve();
    let addr = h.addr();
    let g = h.generation();

    // A village folder copied in at once: one burst.
    let from = site.path("content/towns/zibai/huoshaodian");
    let staging = tempfile::tempdir().unwrap();
    copy_dir(&from, &staging.path().join("xinzhuang"));
    let yaml = staging.path().join("xinzhuang/village.yaml");
    let text = std::fs::read_to_string(&yaml)
        .unwrap()
        .replace("火烧店村", "新庄村")
        .replace("610729100201", "610729100202");
    std::fs::write(&yaml, text).unwrap();
    copy_dir(
        &staging.path().join("xinzhuang"),
        &site.path("content/towns/zibai/xinzhuang"),
    );
    let mut b = next_build(&h, g);
    // Some systems report the copy in more than one burst: wait until the village is there.
    let deadline = Instant::now() + WAIT;
    while get(addr, "/towns/zibai/xinzhuang/").status != 200 && Instant::now() < deadline {
        b = next_build(&h, b.generation);
    }
    assert!(b.ok, "{b:?}");
    assert!(b.added > 0, "{b:?}");
    assert!(
        get(addr, "/towns/zibai/xinzhuang/")
            .text()
            .contains("新庄村")
    );

    // A document deleted: its page is gone.
    let g = h.generation();
    std::fs::remove_file(site.path("content/towns/zibai/xinzhuang/affairs/notice.md")).unwrap();
    let b = next_build(&h, g);
    assert!(b.ok, "{b:?}");
    assert!(b.removed > 0, "{b:?}");
    assert_eq!(
        get(addr, "/towns/zibai/xinzhuang/affairs/notice/").status,
        404
    );

    // The whole folder deleted.
    let g = h.generation();
    std::fs::remove_dir_all(site.path("content/towns/zibai/xinzhuang")).unwrap();
    let mut b = next_build(&h, g);
    let deadline = Instant::now() + WAIT;
    while get(addr, "/towns/zibai/xinzhuang/").status != 404 && Instant::now() < deadline {
        b = next_build(&h, b.generation);
    }
    assert!(b.ok, "{b:?}");
    assert_eq!(get(addr, "/towns/zibai/xinzhuang/").status, 404);
    h.stop();
}

#[test]
fn theme_overrides_are_watched() {
    let site = Site::mini();
    let h = site.serve();
    let g = h.generation();
    // themes/ did not exist when the server started.
    let css = "themes/default/static/style.css";
    site.save(css, "body { color: #123456 }\n");
    let mut b = next_build(&h, g);
    let deadline = Instant::now() + WAIT;
    while !get(h.addr(), "/static/style.css")
        .text()
        .contains("#123456")
        && Instant::now() < deadline
    {
        b = next_build(&h, b.generation);
    }
    assert!(b.ok);
    assert!(
        get(h.addr(), "/static/style.css")
            .text()
            .contains("#123456")
    );
    let g = h.generation();
    site.save(css, "body { color: #654321 }\n");
    assert!(next_build(&h, g).ok);
    assert!(
        get(h.addr(), "/static/style.css")
            .text()
            .contains("#654321")
    );
    h.stop();
}

#[test]
fn the_poll_watcher_rebuilds_too() {
    let site = Site::mini();
    let h = site.serve_with(|o| {
        o.poll = true;
        o.poll_interval = Duration::from_millis(100);
    });
    assert!(h.polling());
    let mut events = Events::open(h.addr());
    let g = h.generation();
    site.edit(NOTICE, "各位村民：", "各位村民（轮询）：");
    events.next("reload", WAIT).expect("a reload event");
    assert!(next_build(&h, g).ok);
    assert!(get(h.addr(), NOTICE_URL).text().contains("轮询"));
    h.stop();
}

#[test]
fn a_taken_port_moves_to_the_next() {
    let site = Site::mini();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    if port > 65500 {
        return; // no room above it to try
    }
    let h = site.serve_with(|o| o.port = port);
    let got = h.addr().port();
    assert!(got > port && got <= port + 20, "{port} → {got}");
    assert_eq!(h.url(), format!("http://127.0.0.1:{got}/"));
    assert_eq!(get(h.addr(), "/").status, 200);
    h.stop();
}

#[test]
fn the_served_site_is_the_built_site() {
    let site = Site::mini();
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("public");
    let built = std::process::Command::new(env!("CARGO_BIN_EXE_sanwu"))
        .args(["build", "--drafts", "--root"])
        .arg(site.root())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let h = site.serve();
    let mut on_disk: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| p != sanwu::output::MARKER)
        .collect();
    on_disk.sort();
    assert_eq!(h.paths(), on_disk);
    for path in &on_disk {
        let want = std::fs::read(out.join(path)).unwrap();
        let r = get(h.addr(), &format!("/{path}"));
        assert_eq!(r.status, 200, "{path}");
        let mut got = r.body;
        if path.ends_with(".html") {
            let text = String::from_utf8(got).unwrap();
            let injected = format!("\n{RELOAD_TAG}");
            assert_eq!(text.matches(&injected).count(), 1, "{path}");
            got = text.replacen(&injected, "", 1).into_bytes();
        }
        assert!(got == want, "{path} differs from the built file");
    }
    h.stop();
}

/// The served files, as the build made them.
fn served(h: &ServerHandle) -> Vec<(String, Vec<u8>)> {
    h.files()
        .into_iter()
        .map(|(p, b)| (p, b.as_ref().clone()))
        .collect()
}

/// A full build of the same folder, from nothing.
fn full_build(root: &Path) -> Vec<(String, Vec<u8>)> {
    let compiled = sanwu::build::compile(root, true, &|_| {})
        .unwrap_or_else(|d| panic!("the full build fails: {d:?}"));
    let mut files: Vec<(String, Vec<u8>)> = compiled
        .files
        .into_iter()
        .map(|f| (f.path, f.bytes.as_ref().clone()))
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

fn assert_same(h: &ServerHandle, root: &Path, what: &str) {
    let served = served(h);
    let built = full_build(root);
    let paths = |v: &[(String, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&served), paths(&built), "{what}: the files differ");
    for ((path, a), (_, b)) in served.iter().zip(&built) {
        assert!(a == b, "{what}: {path} differs from a full build");
    }
}

/// After an edit, the build and then its search index.
fn rebuilt(h: &ServerHandle, after: u64) -> BuildEvent {
    let b = next_build(h, after);
    assert!(b.ok, "{b:?}");
    h.wait_for_index(b.generation, WAIT)
        .unwrap_or_else(|| panic!("no search index for build {}", b.generation))
}

#[test]
fn incremental_rebuilds_are_byte_identical_to_full_builds() {
    let site = Site::mini();
    let root = site.root();
    // A second village, so that an edit in one leaves the other alone.
    copy_dir(
        &site.path("content/towns/zibai/huoshaodian"),
        &site.path("content/towns/zibai/xinzhuang"),
    );
    site.edit(
        "content/towns/zibai/xinzhuang/village.yaml",
        "火烧店村",
        "新庄村",
    );
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &[
            "-c",
            "user.name=会计",
            "-c",
            "user.email=k@example.org",
            "commit",
            "-qm",
            "init",
        ],
    ] {
        let ok = std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .status()
            .unwrap()
            .success();
        assert!(ok);
    }
    let h = site.serve();
    let first = h.wait_for_index(1, WAIT).expect("the first build");
    assert_eq!(first.villages_rendered, 2);
    assert_same(&h, root, "the first build");

    // One document of one village: only that village is rendered again.
    let mut g = first.generation;
    site.edit(
        STATEMENT,
        "summary: 办公用品",
        "summary: 办公用品（档案盒）",
    );
    let b = rebuilt(&h, g);
    assert_eq!(b.villages_rendered, 1, "{b:?}");
    assert!(b.changed > 0, "{b:?}");
    assert_same(&h, root, "after editing a document");
    let page = |h: &ServerHandle| {
        let path = "towns/zibai/huoshaodian/finance/2025-03-statement/index.html";
        let (_, bytes) = h
            .files()
            .into_iter()
            .find(|(p, _)| p == path)
            .expect("the page");
        String::from_utf8(bytes.as_ref().clone()).unwrap()
    };
    assert!(
        page(&h).contains("未提交的修改"),
        "the edit is not committed yet"
    );
    g = b.generation;

    // The same document again, then committed: the commit alone brings a build, which reads
    // the history at the new commit.
    site.edit(STATEMENT, "（档案盒）", "（档案盒、文件夹）");
    let b = rebuilt(&h, g);
    assert_eq!(b.villages_rendered, 1, "{b:?}");
    assert_same(&h, root, "after editing the document again");
    g = b.generation;
    let ok = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "user.name=会计", "-c", "user.email=k@example.org"])
        .args(["commit", "-qam", "档案盒"])
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let b = rebuilt(&h, g);
    assert_same(&h, root, "after a commit");
    assert!(!page(&h).contains("未提交的修改"), "committed");
    g = b.generation;

    // A template: every page that uses it changes, so every village renders again.
    site.save(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"mine\">{{ title }}</h1>{{ body_html | safe }}{% endblock content %}",
    );
    let b = rebuilt(&h, g);
    assert_eq!(b.villages_rendered, 2, "{b:?}");
    assert_same(&h, root, "after adding a template");
    g = b.generation;

    // A village folder copied in, then deleted.
    copy_dir(
        &site.path("content/towns/zibai/xinzhuang"),
        &site.path("content/towns/zibai/dongpo"),
    );
    let b = rebuilt(&h, g);
    assert!(b.added > 0 && b.villages_rendered == 1, "{b:?}");
    assert_same(&h, root, "after adding a village");
    g = b.generation;
    std::fs::remove_dir_all(site.path("content/towns/zibai/dongpo")).unwrap();
    let b = rebuilt(&h, g);
    assert!(b.removed > 0 && b.villages_rendered == 0, "{b:?}");
    assert_same(&h, root, "after deleting a village");
    g = b.generation;

    // The site's settings reach every page.
    site.edit("content/site.yaml", "name: ", "name: 新");
    let b = rebuilt(&h, g);
    assert_eq!(b.villages_rendered, 2, "{b:?}");
    assert_same(&h, root, "after editing site.yaml");
    h.stop();
}
