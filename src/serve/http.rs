//! A small HTTP/1.1 server for the preview, on `std::net`: GET and HEAD, keep-alive, and
//! long-lived server-sent-event streams that are written and flushed one event at a time.
//!
//! It serves one person's browser on their own machine, so it stays simple: a thread per
//! connection (at most [`MAX_CONNECTIONS`]), heads of at most [`MAX_HEAD`] bytes, no request
//! bodies. It never touches the file system: [`Reply`]s come from the in-memory site.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// Open connections at once (pages, their assets and one event stream per open page).
const MAX_CONNECTIONS: usize = 256;
/// A request head longer than this is refused with 431.
const MAX_HEAD: usize = 16 * 1024;
/// An idle keep-alive connection is closed after this.
const IDLE: Duration = Duration::from_secs(30);
/// A client that does not take a response within this is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(15);
/// An event stream sends a comment this often, so a closed page is noticed.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// One parsed request head.
pub(crate) struct Request {
    pub method: String,
    /// The request target exactly as sent (`/towns/x/?a=b`), still percent-encoded.
    pub target: String,
    /// The client asked to close, spoke HTTP/1.0, or sent a body we do not read.
    close: bool,
}

impl Request {
    pub fn is_head(&self) -> bool {
        self.method == "HEAD"
    }
}

pub(crate) enum Body {
    Shared(Arc<Vec<u8>>),
    Owned(Vec<u8>),
}

impl Body {
    fn bytes(&self) -> &[u8] {
        match self {
            Body::Shared(b) => b,
            Body::Owned(b) => b,
        }
    }
}

pub(crate) enum Reply {
    Full {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: Body,
    },
    /// A server-sent-event stream: `hello` is written first, then every message received,
    /// until the sender goes away or the client does.
    Events { hello: String, rx: Receiver<String> },
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: Body) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    pub fn text(status: u16, text: &str) -> Reply {
        Reply::new(
            status,
            "text/plain; charset=utf-8",
            Body::Owned(format!("{text}\n").into_bytes()),
        )
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        if let Reply::Full { headers, .. } = &mut self {
            headers.push((name, value.into()));
        }
        self
    }
}

pub(crate) trait Handler: Send + Sync + 'static {
    fn respond(&self, req: &Request) -> Reply;
}

/// The running server: an accept thread, and every open connection (to close them on stop).
pub(crate) struct Server {
    addr: SocketAddr,
    stopping: Arc<AtomicBool>,
    conns: Arc<Mutex<HashMap<u64, TcpStream>>>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    pub fn start(listener: TcpListener, handler: Arc<dyn Handler>) -> io::Result<Server> {
        let addr = listener.local_addr()?;
        let stopping = Arc::new(AtomicBool::new(false));
        let conns: Arc<Mutex<HashMap<u64, TcpStream>>> = Arc::default();
        let (stop, open) = (stopping.clone(), conns.clone());
        let accept = std::thread::Builder::new()
            .name("sanwu-serve-accept".into())
            .spawn(move || accept_loop(listener, handler, stop, open))?;
        Ok(Server {
            addr,
            stopping,
            conns,
            accept: Some(accept),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Blocks until the server is stopped.
    pub fn join(&mut self) {
        if let Some(a) = self.accept.take() {
            let _ = a.join();
        }
    }

    pub fn stop(&mut self) {
        if self.stopping.swap(true, Ordering::SeqCst) {
            self.join();
            return;
        }
        // Wake the blocking accept() with a connection of our own.
        let mut wake = self.addr;
        if wake.ip().is_unspecified() {
            wake.set_ip(match wake {
                SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
        self.join();
        for (_, c) in self.conns.lock().unwrap().drain() {
            let _ = c.shutdown(Shutdown::Both);
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn accept_loop(
    listener: TcpListener,
    handler: Arc<dyn Handler>,
    stopping: Arc<AtomicBool>,
    conns: Arc<Mutex<HashMap<u64, TcpStream>>>,
) {
    let ids = AtomicU64::new(0);
    for stream in listener.incoming() {
        if stopping.load(Ordering::SeqCst) {
            break;
        }
        let stream = match stream {
            Ok(s) => s,
            Err(_) => {
                // Out of file descriptors and the like: wait a moment instead of spinning.
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
        };
        let id = ids.fetch_add(1, Ordering::Relaxed);
        {
            let mut open = conns.lock().unwrap();
            if open.len() >= MAX_CONNECTIONS {
                drop(open);
                let mut s = stream;
                let _ = s.set_write_timeout(Some(Duration::from_secs(1)));
                let _ = write_full(&mut s, 503, &[], b"busy\n", false, true);
                continue;
            }
            match stream.try_clone() {
                Ok(c) => open.insert(id, c),
                Err(_) => continue,
            };
        }
        let (h, open) = (handler.clone(), conns.clone());
        let spawned = std::thread::Builder::new()
            .name("sanwu-serve-conn".into())
            .spawn(move || {
                connection(stream, &*h);
                open.lock().unwrap().remove(&id);
            });
        if spawned.is_err() {
            conns.lock().unwrap().remove(&id);
        }
    }
}

fn connection(mut stream: TcpStream, handler: &dyn Handler) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(IDLE));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let mut buf = Vec::with_capacity(4096);
    loop {
        let req = match read_request(&mut stream, &mut buf) {
            Ok(Some(r)) => r,
            Ok(None) => return,
            Err(status) => {
                let _ = write_full(&mut stream, status, &[], b"bad request\n", false, true);
                return;
            }
        };
        match handler.respond(&req) {
            Reply::Full {
                status,
                headers,
                body,
            } => {
                if write_full(
                    &mut stream,
                    status,
                    &headers,
                    body.bytes(),
                    req.is_head(),
                    req.close,
                )
                .is_err()
                    || req.close
                {
                    return;
                }
            }
            Reply::Events { hello, rx } => {
                event_stream(stream, &hello, rx, req.is_head());
                return;
            }
        }
    }
}

/// Reads one request head from `stream`, keeping any bytes after it in `buf` (pipelining).
/// `Ok(None)` when the client closed or went idle; `Err(status)` for a malformed head.
fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Result<Option<Request>, u16> {
    let mut chunk = [0u8; 4096];
    let end = loop {
        // Empty lines before a request line are allowed (RFC 9112 §2.2).
        while buf.starts_with(b"\r\n") {
            buf.drain(..2);
        }
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if buf.len() > MAX_HEAD {
            return Err(431);
        }
        match stream.read(&mut chunk) {
            Ok(0) => return if buf.is_empty() { Ok(None) } else { Err(400) },
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Ok(None),
        }
    };
    let head: Vec<u8> = buf.drain(..end + 4).collect();
    let head = std::str::from_utf8(&head[..end]).map_err(|_| 400u16)?;
    let mut lines = head.split("\r\n");
    let mut parts = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(400);
    };
    if method.is_empty()
        || !method.bytes().all(|b| b.is_ascii_uppercase())
        || target.is_empty()
        || !target.bytes().all(|b| b.is_ascii_graphic())
    {
        return Err(400);
    }
    let mut close = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Err(505),
    };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(400);
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("connection") {
            if value
                .split(',')
                .any(|t| t.trim().eq_ignore_ascii_case("close"))
            {
                close = true;
            }
        } else if name.eq_ignore_ascii_case("transfer-encoding")
            || (name.eq_ignore_ascii_case("content-length") && value != "0")
        {
            // A body we will not read: answer, then close instead of misreading it.
            close = true;
        }
    }
    Ok(Some(Request {
        method: method.to_string(),
        target: target.to_string(),
        close,
    }))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

fn write_full(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(&'static str, String)],
    body: &[u8],
    head_only: bool,
    close: bool,
) -> io::Result<()> {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    let mut typed = false;
    for (name, value) in headers {
        typed |= name.eq_ignore_ascii_case("content-type");
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    if !typed {
        out.push_str("Content-Type: text/plain; charset=utf-8\r\n");
    }
    out.push_str(&format!("Content-Length: {}\r\n", body.len()));
    out.push_str("Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n");
    out.push_str(if close {
        "Connection: close\r\n\r\n"
    } else {
        "Connection: keep-alive\r\n\r\n"
    });
    let mut bytes = out.into_bytes();
    if !head_only {
        if body.len() <= 64 * 1024 {
            bytes.extend_from_slice(body);
            stream.write_all(&bytes)?;
        } else {
            stream.write_all(&bytes)?;
            stream.write_all(body)?;
        }
    } else {
        stream.write_all(&bytes)?;
    }
    stream.flush()
}

/// A `text/event-stream` response, delimited by closing the connection: each event is written
/// and flushed as it comes, with a comment every [`HEARTBEAT`] to notice a page that went away.
fn event_stream(mut stream: TcpStream, hello: &str, rx: Receiver<String>, head_only: bool) {
    let head = "HTTP/1.1 200 OK\r\n\
                Content-Type: text/event-stream; charset=utf-8\r\n\
                Cache-Control: no-store\r\n\
                X-Content-Type-Options: nosniff\r\n\
                Connection: close\r\n\r\n";
    if stream.write_all(head.as_bytes()).is_err() || head_only {
        return;
    }
    if stream.write_all(hello.as_bytes()).is_err() || stream.flush().is_err() {
        return;
    }
    loop {
        let msg = match rx.recv_timeout(HEARTBEAT) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => break,
        };
        if stream.write_all(msg.as_bytes()).is_err() || stream.flush().is_err() {
            break;
        }
    }
    let _ = stream.shutdown(Shutdown::Both);
}
