//! Answering requests from the in-memory site: URL → file, MIME types, and what the preview
//! adds to HTML pages (the reload script, the error overlay).
//!
//! Nothing here reads the disk: a URL is looked up as a key of the file map, so it cannot name
//! anything outside the built site. Suspicious URLs are still refused (404) before the lookup.

use super::http::{Body, Reply, Request};
use super::{Shared, Snapshot};
use crate::diag::{Diagnostic, Lang, Severity};
use std::fmt::Write as _;
use std::path::Path;

/// The tag added before `</body>` of every HTML page the preview serves.
pub const RELOAD_TAG: &str = "<script src=\"/__sanwu/reload.js\"></script>";

/// The reload script; `__SANWU_BUILD__` becomes the id of the build it is served with.
const RELOAD_JS: &str = include_str!("reload.js");

/// Errors listed in the overlay; the terminal has all of them.
const OVERLAY_MAX: usize = 50;

/// Where a URL path leads in the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// A file of the site, by its path in the output (`towns/x/index.html`).
    File(String),
    /// A folder named without its trailing slash: redirect to the URL with one.
    Folder(String),
    /// Not a valid path of the site (traversal, encoded separators, NUL…) or not found.
    Missing,
}

/// Turns a request path (the target without its query) into the key of a file of the site.
/// Refuses, as [`Lookup::Missing`], everything that could mean something outside the output:
/// `..` and `.` segments (plain or percent-encoded), encoded `/` and `\`, backslashes, empty
/// segments (`//etc/passwd`), NUL and other control characters, and targets that are not
/// origin-form paths.
pub fn lookup(path: &str, has: impl Fn(&str) -> bool) -> Lookup {
    let Some(rest) = path.strip_prefix('/') else {
        return Lookup::Missing;
    };
    if path.contains('\\') {
        return Lookup::Missing;
    }
    let Some(decoded) = percent_decode(rest) else {
        return Lookup::Missing;
    };
    if decoded.chars().any(|c| c.is_control() || c == '\\') {
        return Lookup::Missing;
    }
    if decoded.is_empty() {
        return if has("index.html") {
            Lookup::File("index.html".into())
        } else {
            Lookup::Missing
        };
    }
    let folder = decoded.ends_with('/');
    let segments: Vec<&str> = decoded.trim_end_matches('/').split('/').collect();
    if decoded.ends_with("//")
        || segments
            .iter()
            .any(|s| s.is_empty() || *s == "." || *s == "..")
    {
        return Lookup::Missing;
    }
    let key = segments.join("/");
    if folder {
        let index = format!("{key}/index.html");
        return if has(&index) {
            Lookup::File(index)
        } else {
            Lookup::Missing
        };
    }
    if has(&key) {
        Lookup::File(key)
    } else if has(&format!("{key}/index.html")) {
        Lookup::Folder(format!("{path}/"))
    } else {
        Lookup::Missing
    }
}

/// Percent-decodes a path, refusing malformed escapes, non-UTF-8 results and encoded
/// separators (`%2f`, `%5c`), which have no business in a URL of a static site.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let v = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            if v == b'/' || v == b'\\' || v == 0 {
                return None;
            }
            out.push(v);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `Content-Type` of a file of the site, by its extension.
pub fn mime(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

/// `page` with `extra` inserted before its last `</body>` (or appended, if it has none).
pub fn inject(page: &[u8], extra: &str) -> Vec<u8> {
    let at = page
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + extra.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

/// `page` with `<base href="/">` right after `<head>`: the site's 404 page links its stylesheet
/// relatively, for the site's root, but the preview serves it at any missing URL.
fn with_root_base(page: &[u8]) -> Vec<u8> {
    let Some(at) = page
        .windows(6)
        .position(|w| w.eq_ignore_ascii_case(b"<head>"))
    else {
        return page.to_vec();
    };
    let mut out = Vec::with_capacity(page.len() + 20);
    out.extend_from_slice(&page[..at + 6]);
    out.extend_from_slice(b"\n<base href=\"/\">");
    out.extend_from_slice(&page[at + 6..]);
    out
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What the preview adds to every HTML page: the error overlay when the last build failed,
/// then the reload script.
/// `built` tells whether a good build is served under the overlay.
pub fn injection(errors: &[Diagnostic], built: bool, root: &Path, lang: Lang) -> String {
    let mut out = String::from("\n");
    if !errors.is_empty() {
        out.push_str(&overlay(errors, built, root, lang));
    }
    out.push_str(RELOAD_TAG);
    out
}

/// The error overlay: a fixed panel over the page listing each error with its place, message,
/// source line and hint, all escaped.
fn overlay(errors: &[Diagnostic], built: bool, root: &Path, lang: Lang) -> String {
    let errors: Vec<&Diagnostic> = errors
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let zh = lang == Lang::Zh;
    let mut o = String::new();
    o.push_str(
        "<div id=\"sanwu-errors\" role=\"alert\" lang=\"zh-CN\" style=\"position:fixed;\
         top:0;left:0;right:0;max-height:75vh;overflow:auto;z-index:2147483647;\
         box-sizing:border-box;margin:0;padding:12px 16px 8px;background:#fff5f5;color:#1f1f1f;\
         border-bottom:4px solid #c62828;box-shadow:0 4px 16px rgba(0,0,0,.35);\
         font:15px/1.6 system-ui,-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;\
         text-align:left\">",
    );
    let _ = write!(
        o,
        "<div style=\"display:flex;gap:1em;justify-content:space-between;align-items:baseline\">\
         <strong style=\"color:#b71c1c;font-size:17px\">{}</strong>\
         <button type=\"button\" data-sanwu-close style=\"font:inherit;padding:2px 10px;\
         cursor:pointer\">{}</button></div>",
        escape(&match (zh, built) {
            (true, true) => format!(
                "内容有 {} 个错误，网站没有更新：下面是上次成功生成的页面",
                errors.len()
            ),
            (true, false) => format!("内容有 {} 个错误，网站还没能生成", errors.len()),
            (false, true) => format!(
                "{} error(s) in the content; the site was not updated: this is the last good build",
                errors.len()
            ),
            (false, false) => format!(
                "{} error(s) in the content; the site could not be built",
                errors.len()
            ),
        }),
        if zh { "关闭" } else { "close" }
    );
    o.push_str("<ol style=\"margin:8px 0;padding-left:1.6em\">");
    for d in errors.iter().take(OVERLAY_MAX) {
        let place = if d.pos.line > 0 {
            format!("{}:{}:{}", d.file, d.pos.line, d.pos.column.max(1))
        } else {
            d.file.clone()
        };
        let _ = write!(
            o,
            "<li style=\"margin:0 0 10px\"><div><code style=\"color:#b71c1c;font-weight:bold\">{}\
             </code> <code style=\"background:#fde8e8;padding:0 4px\">{}</code></div>\
             <div style=\"font-weight:bold\">{}</div>",
            escape(d.code),
            escape(&place),
            escape(&d.message.zh)
        );
        if !zh && !d.message.en.is_empty() {
            let _ = write!(o, "<div lang=\"en\">{}</div>", escape(&d.message.en));
        }
        if let Some(src) = source_excerpt(root, d) {
            let _ = write!(
                o,
                "<pre style=\"margin:4px 0;padding:4px 8px;background:#fff;border:1px solid \
                 #f1c4c4;overflow:auto;font:13px/1.5 ui-monospace,Consolas,monospace;\
                 white-space:pre\">{}</pre>",
                escape(&src)
            );
        }
        let hint = if zh || d.hint.en.is_empty() {
            &d.hint.zh
        } else {
            &d.hint.en
        };
        if !hint.is_empty() {
            let _ = write!(
                o,
                "<div style=\"color:#444\">{}{}</div>",
                if zh { "提示：" } else { "hint: " },
                escape(hint)
            );
        }
        o.push_str("</li>");
    }
    o.push_str("</ol>");
    if errors.len() > OVERLAY_MAX {
        let _ = write!(
            o,
            "<p style=\"margin:4px 0\">{}</p>",
            escape(&if zh {
                format!("还有 {} 个错误，见终端。", errors.len() - OVERLAY_MAX)
            } else {
                format!("{} more; see the terminal.", errors.len() - OVERLAY_MAX)
            })
        );
    }
    let _ = write!(
        o,
        "<p style=\"margin:4px 0;color:#555;font-size:13px\">{}</p></div>",
        if zh {
            "改正并保存文件后，页面会自动刷新。"
        } else {
            "Fix and save the file; the page reloads by itself."
        }
    );
    o
}

/// The offending line with its number and a caret under the value, as the terminal shows it
/// (personal numbers masked).
fn source_excerpt(root: &Path, d: &Diagnostic) -> Option<String> {
    crate::diag::source_excerpt(root, d)
}

/// The page served for every URL while no build has ever succeeded.
pub fn error_page(inject: &str, lang: Lang) -> Vec<u8> {
    let (title, text) = match lang {
        Lang::Zh => (
            "内容有错误 - sanwu 预览",
            "网站还没能生成：内容有错误。改正并保存文件后，这个页面会自动刷新。",
        ),
        Lang::En => (
            "Errors in the content - sanwu preview",
            "The site could not be built: the content has errors. Fix and save the file; this page reloads by itself.",
        ),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n</head>\n<body>\n<main style=\"margin:2em auto;\
         max-width:40em;font:16px/1.6 system-ui,sans-serif\"><p>{text}</p></main>{inject}\n\
         </body>\n</html>\n"
    )
    .into_bytes()
}

/// Answers one request from the current snapshot.
pub(crate) fn respond(shared: &Shared, req: &Request) -> Reply {
    if req.method != "GET" && req.method != "HEAD" {
        return Reply::text(405, "405 Method Not Allowed").header("Allow", "GET, HEAD");
    }
    let target = req.target.split('#').next().unwrap_or("");
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    };
    let snap = shared.snapshot();
    if let Some(own) = path.strip_prefix("/__sanwu/") {
        return own_endpoint(shared, &snap, own);
    }
    let Some(files) = &snap.files else {
        // No build has succeeded yet: every page explains why.
        return Reply::new(
            500,
            "text/html; charset=utf-8",
            Body::Owned(error_page(&snap.inject, shared.lang)),
        );
    };
    match lookup(path, |k| files.contains_key(k)) {
        Lookup::File(key) => {
            let bytes = &files[&key];
            let mime = mime(&key);
            let body = if mime.starts_with("text/html") {
                Body::Owned(inject(bytes, &snap.inject))
            } else {
                Body::Shared(bytes.clone())
            };
            Reply::new(200, mime, body)
        }
        Lookup::Folder(to) => {
            let location = match query {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            Reply::text(301, &format!("301 Moved Permanently: {location}"))
                .header("Location", location)
        }
        Lookup::Missing => match files.get("404.html") {
            Some(page) => Reply::new(
                404,
                "text/html; charset=utf-8",
                Body::Owned(inject(&with_root_base(page), &snap.inject)),
            ),
            None => Reply::text(404, "404 Not Found"),
        },
    }
}

/// `/__sanwu/…`: the reload script, the event stream, and the current errors as JSON.
fn own_endpoint(shared: &Shared, snap: &Snapshot, name: &str) -> Reply {
    match name {
        "reload.js" => {
            let build = serde_json::to_string(&snap.build_id).expect("a string serialises");
            Reply::new(
                200,
                "text/javascript; charset=utf-8",
                Body::Owned(RELOAD_JS.replace("__SANWU_BUILD__", &build).into_bytes()),
            )
        }
        "events" => {
            // Subscribe before reading the build id: a build published in between is then
            // both in the hello and in the queue, and the page reloads either way.
            let rx = shared.subscribe();
            let id = shared.snapshot().build_id.clone();
            Reply::Events {
                hello: format!("retry: 1000\nevent: hello\ndata: {id}\n\n"),
                rx,
            }
        }
        "errors.json" => {
            let list: Vec<serde_json::Value> = snap
                .errors
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "code": d.code,
                        "severity": d.severity,
                        "file": d.file,
                        "line": d.pos.line,
                        "column": d.pos.column,
                        "message": d.message.zh,
                        "message_en": d.message.en,
                        "hint": d.hint.zh,
                        "hint_en": d.hint.en,
                    })
                })
                .collect();
            let json = serde_json::json!({ "build": snap.build_id, "errors": list });
            Reply::new(
                200,
                "application/json; charset=utf-8",
                Body::Owned(json.to_string().into_bytes()),
            )
        }
        _ => Reply::text(404, "404 Not Found"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(k: &str) -> bool {
        [
            "index.html",
            "towns/x/index.html",
            "static/style.css",
            "404.html",
        ]
        .contains(&k)
    }

    #[test]
    fn lookups() {
        assert_eq!(lookup("/", site), Lookup::File("index.html".into()));
        assert_eq!(
            lookup("/towns/x/", site),
            Lookup::File("towns/x/index.html".into())
        );
        assert_eq!(lookup("/towns/x", site), Lookup::Folder("/towns/x/".into()));
        assert_eq!(
            lookup("/static/style.css", site),
            Lookup::File("static/style.css".into())
        );
        assert_eq!(
            lookup("/static/%73tyle.css", site),
            Lookup::File("static/style.css".into())
        );
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/static/..%2f..%2fCargo.toml",
            "/..\\Cargo.toml",
            "/static%5cstyle.css",
            "//etc/passwd",
            "/towns/%00",
            "/towns/./x/",
            "/towns/x//",
            "/%zz",
            "/%c0%ae%c0%ae/",
            "http://example.com/",
            "*",
            "",
        ] {
            assert_eq!(lookup(bad, site), Lookup::Missing, "{bad}");
        }
    }

    #[test]
    fn injects_before_the_last_body_end() {
        let page = b"<html><body><p>a</body> x</BODY>\n</html>";
        let out = String::from_utf8(inject(page, "[X]")).unwrap();
        assert_eq!(out, "<html><body><p>a</body> x[X]</BODY>\n</html>");
        assert_eq!(inject(b"plain", "[X]"), b"plain[X]");
    }

    #[test]
    fn overlay_escapes() {
        let d = Diagnostic {
            code: "E0001",
            severity: Severity::Error,
            file: "content/<a>.md".into(),
            pos: crate::diag::Pos::new(3, 2, 1),
            message: crate::diag::Msg::new("错<script>", "bad"),
            hint: crate::diag::Msg::new("提示&", "hint"),
            related: Vec::new(),
        };
        let html = injection(&[d], true, Path::new("/nonexistent"), Lang::Zh);
        assert!(html.contains("content/&lt;a&gt;.md:3:2"));
        assert!(html.contains("错&lt;script&gt;"));
        assert!(html.contains("提示&amp;"));
        assert!(html.ends_with(RELOAD_TAG));
    }
}
