//! The `sanwu` command line.

use clap::{Parser, Subcommand, ValueEnum};
use sanwu::build::{self, BuildFailure, BuildRequest, Stage};
use sanwu::diag::{self, Diagnostic, Diagnostics, Lang};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// 阳光三务公开网站生成器：把村务、财务、党务公开文件生成静态公开网站。
/// Builds a static transparency portal from a county's 阳光三务 disclosures.
#[derive(Parser)]
#[command(name = "sanwu", version, about, long_about = None)]
struct Cli {
    /// 提示信息的语言 / language of messages
    #[arg(long, global = true, value_enum, default_value = "zh")]
    lang: Lang,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 生成网站到输出文件夹（默认 public/）/ build the site
    Build {
        /// 站点文件夹（含 content/）/ the site folder, holding content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 输出文件夹 / output folder [default: ROOT/public]
        #[arg(long)]
        out: Option<PathBuf>,
        /// 包括草稿（status: draft）/ include drafts
        #[arg(long)]
        drafts: bool,
    },
    /// 把文件里的身份证号、手机号、银行卡号改为打码形式 / mask personal numbers in files
    Mask {
        /// 直接改写文件（只改号码，其他内容和格式不变）/ rewrite the files in place
        #[arg(long)]
        write: bool,
        /// 要处理的文件 / files to mask
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// 本地预览：生成网站（含草稿），保存文件后自动重新生成并刷新浏览器 / live preview
    Serve {
        /// 站点文件夹（含 content/）/ the site folder, holding content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 端口；被占用时改用下一个空闲端口 / port; the next free one if taken
        #[arg(long, default_value_t = sanwu::serve::DEFAULT_PORT)]
        port: u16,
        /// 监听地址（默认只有本机能访问）/ address to listen on (default: this computer only)
        #[arg(long, default_value = "127.0.0.1", value_parser = sanwu::serve::parse_bind)]
        bind: std::net::IpAddr,
        /// 在浏览器中打开预览 / open the preview in a browser
        #[arg(long)]
        open: bool,
        /// 定时扫描文件改动（网络共享文件夹、WSL）/ poll for changes (network shares, WSL)
        #[arg(long)]
        poll: bool,
    },
    /// 只检查内容，不生成文件 / validate the content, write nothing
    Check {
        /// 站点文件夹（含 content/）/ the site folder, holding content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 输出格式 / output format
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Human,
    Json,
}

/// Exit codes: 0 clean, 1 content errors, 2 usage or I/O errors (clap exits 2 itself).
const EXIT_CONTENT: u8 = 1;
const EXIT_IO: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, out, drafts } => run_build(root, out, drafts, cli.lang),
        Command::Check { root, format } => run_check(root, format, cli.lang),
        Command::Serve {
            root,
            port,
            bind,
            open,
            poll,
        } => run_serve(root, port, bind, open, poll, cli.lang),
        Command::Mask { write, files } => run_mask(&files, write, cli.lang),
    }
}

fn print_human(diags: &[Diagnostic], root: &Path, lang: Lang) {
    let mut err = String::new();
    for d in diags {
        err.push_str(&diag::render_human(d, root, lang));
        err.push('\n');
    }
    eprint!("{err}");
}

/// A progress line on a terminal, shown only once a build has run for a second.
struct Progress {
    started: Instant,
    bar: Option<indicatif::ProgressBar>,
    stage: Arc<Mutex<&'static str>>,
}

impl Progress {
    fn new(lang: Lang) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress {
                started: Instant::now(),
                bar: None,
                stage: Arc::new(Mutex::new("")),
            };
        }
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} [{elapsed}]").unwrap(),
        );
        let stage = Arc::new(Mutex::new(""));
        let (b, s) = (bar.clone(), stage.clone());
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(1));
            if !b.is_finished() {
                b.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                b.set_message(*s.lock().unwrap());
                b.enable_steady_tick(Duration::from_millis(120));
            }
        });
        let _ = lang;
        Progress {
            started: Instant::now(),
            bar: Some(bar),
            stage,
        }
    }

    fn stage(&self, s: Stage, lang: Lang) {
        // SANWU_TIMINGS=1 prints when each stage starts: a quick profile of one build.
        if std::env::var_os("SANWU_TIMINGS").is_some() {
            eprintln!(
                "[{:>8.3} s] {}",
                self.started.elapsed().as_secs_f64(),
                s.en()
            );
        }
        let name = if lang == Lang::Zh { s.zh() } else { s.en() };
        *self.stage.lock().unwrap() = name;
        if let Some(b) = &self.bar {
            b.set_message(name);
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

fn run_build(root: PathBuf, out: Option<PathBuf>, drafts: bool, lang: Lang) -> ExitCode {
    let started = Instant::now();
    let out = out.unwrap_or_else(|| root.join("public"));
    let progress = Progress::new(lang);
    let req = BuildRequest {
        root: root.clone(),
        out: out.clone(),
        drafts,
    };
    let result = build::build(&req, &|s| progress.stage(s, lang));
    progress.finish();
    match result {
        Ok(report) => {
            print_human(&report.diagnostics, &root, lang);
            let secs = started.elapsed().as_secs_f64();
            match lang {
                Lang::Zh => eprintln!(
                    "已生成 {} 个页面（共 {} 个文件）→ {}，用时 {secs:.2} 秒",
                    report.pages,
                    report.files,
                    out.display()
                ),
                Lang::En => eprintln!(
                    "built {} pages ({} files) → {} in {secs:.2} s",
                    report.pages,
                    report.files,
                    out.display()
                ),
            }
            ExitCode::SUCCESS
        }
        Err(BuildFailure::Content(diags)) => {
            print_human(&diags, &root, lang);
            let errors = diags
                .iter()
                .filter(|d| d.severity == diag::Severity::Error)
                .count();
            let io_only = diags.iter().all(|d| d.code == "E0110");
            eprintln!("{}", diag::summary(errors, diags.len() - errors, lang));
            match lang {
                Lang::Zh => eprintln!("未生成网站，{} 保持原样", out.display()),
                Lang::En => eprintln!("nothing was built; {} is unchanged", out.display()),
            }
            ExitCode::from(if io_only { EXIT_IO } else { EXIT_CONTENT })
        }
        Err(BuildFailure::Output(e, diags)) => {
            print_human(&diags, &root, lang);
            let word = if lang == Lang::Zh { "错误" } else { "error" };
            eprintln!("{word}: {}", e.message(lang));
            ExitCode::from(EXIT_IO)
        }
    }
}

/// Serves a live preview until the process is ended (Ctrl+C).
fn run_serve(
    root: PathBuf,
    port: u16,
    bind: std::net::IpAddr,
    open: bool,
    poll: bool,
    lang: Lang,
) -> ExitCode {
    let mut opts = sanwu::serve::ServeOptions::new(root);
    opts.port = port;
    opts.bind = bind;
    opts.poll = poll;
    opts.lang = lang;
    match sanwu::serve::start(opts) {
        Ok(handle) => {
            if open {
                sanwu::serve::open_browser(&handle.url(), lang);
            }
            handle.wait();
            ExitCode::SUCCESS
        }
        Err(e) => {
            let word = if lang == Lang::Zh { "错误" } else { "error" };
            eprintln!("{word}: {}", e.message(lang));
            ExitCode::from(EXIT_IO)
        }
    }
}

fn run_check(root: PathBuf, format: Format, lang: Lang) -> ExitCode {
    let mut diags = Diagnostics::new();
    let site = build::validate(&root, &mut diags, &|_| {});
    if let Some(site) = &site {
        // Templates are part of what a build needs; check that they exist and parse.
        sanwu::theme::load(&root, &site.config.theme, &mut diags);
    }
    let errors = diags.error_count();
    let warnings = diags.warning_count();
    let sorted = diags.sorted();
    match format {
        Format::Json => {
            for d in &sorted {
                println!("{}", diag::render_json(d, lang));
            }
        }
        Format::Human => {
            print_human(&sorted, &root, lang);
            eprintln!("{}", diag::summary(errors, warnings, lang));
        }
    }
    if site.is_none() && sorted.iter().any(|d| d.code == "E0110") {
        ExitCode::from(EXIT_IO)
    } else if errors > 0 {
        ExitCode::from(EXIT_CONTENT)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints (or, with `--write`, applies) the masked form of every personal number in `files`.
/// Exit 1 when numbers were found and not written, so a pre-commit hook can stop a commit.
fn run_mask(files: &[PathBuf], write: bool, lang: Lang) -> ExitCode {
    let mut unmasked = 0;
    let mut failed = false;
    for path in files {
        let shown = path.display();
        let text = match std::fs::read(path).map(String::from_utf8) {
            Ok(Ok(t)) => t,
            Ok(Err(_)) => {
                match lang {
                    Lang::Zh => eprintln!("{shown}: 文件不是 UTF-8 编码，请先另存为 UTF-8"),
                    Lang::En => eprintln!("{shown}: not UTF-8; re-save it as UTF-8 first"),
                }
                failed = true;
                continue;
            }
            Err(e) => {
                eprintln!("{shown}: {e}");
                failed = true;
                continue;
            }
        };
        let (masked, edits) = sanwu::mask::mask_text(&text);
        if edits.is_empty() {
            match lang {
                Lang::Zh => println!("{shown}: 未发现需要打码的号码"),
                Lang::En => println!("{shown}: nothing to mask"),
            }
            continue;
        }
        for e in &edits {
            let (zh, en) = sanwu::pii::describe(e.kind);
            let what = if lang == Lang::Zh { zh } else { en };
            println!("{shown}:{}:{}: {what} → {}", e.line, e.column, e.masked);
        }
        if write {
            let tmp = path.with_extension("sanwu-mask.tmp");
            let result =
                std::fs::write(&tmp, masked.as_bytes()).and_then(|_| std::fs::rename(&tmp, path));
            match (result, lang) {
                (Ok(()), Lang::Zh) => println!("{shown}: 已打码 {} 处", edits.len()),
                (Ok(()), Lang::En) => println!("{shown}: masked {} numbers", edits.len()),
                (Err(e), _) => {
                    let _ = std::fs::remove_file(&tmp);
                    eprintln!("{shown}: {e}");
                    failed = true;
                }
            }
        } else {
            unmasked += edits.len();
        }
    }
    if unmasked > 0 {
        match lang {
            Lang::Zh => eprintln!("共 {unmasked} 处未打码；加上 --write 直接改写文件"),
            Lang::En => {
                eprintln!("{unmasked} numbers not masked; add --write to rewrite the files")
            }
        }
    }
    if failed {
        ExitCode::from(EXIT_IO)
    } else if unmasked > 0 {
        ExitCode::from(EXIT_CONTENT)
    } else {
        ExitCode::SUCCESS
    }
}
