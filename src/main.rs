//! The `sanwu` command line.

use clap::{Parser, Subcommand, ValueEnum};
use sanwu::build::{self, BuildFailure, BuildRequest, Stage};
use sanwu::diag::{self, Diagnostic, Diagnostics, Lang};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// mimalloc rather than the system's allocator: a build allocates and frees millions of small
/// strings and trees (parsed YAML, template values, pages), and with glibc's malloc that was
/// a tenth of its CPU. At 50,000 documents: 19.4 s -> 16.5-17.3 s, and a lower peak.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Tells mimalloc to keep the memory a build frees rather than return it to the system a
/// second later. A build is over in seconds, and memory given back was soon asked for again:
/// fresh pages are zeroed by the kernel, which on this class of virtual machine took about 7 %
/// of a cold build's CPU. At 50,000 documents, 4 runs in turn: 11.54 -> 11.13 s and 21.45 ->
/// 20.71 s of CPU (medians), for 16 MiB more at the peak. The preview, which runs for hours,
/// keeps mimalloc's default.
fn keep_freed_memory() {
    // `mi_option_set` and the number of `mi_option_purge_delay` (15 since mimalloc 1.8, in
    // `mimalloc.h`; -1 means never purge). The mimalloc crate links the library but declares
    // only the allocation functions.
    unsafe extern "C" {
        fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    }
    const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;
    // SAFETY: a plain setter of an option of the allocator this program is linked with, which
    // mimalloc allows at any time.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

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
        /// 只报告与改动（相对 HEAD，含未提交和新文件）有关的问题 / only what concerns files changed against HEAD
        #[arg(long)]
        changed: bool,
    },
    /// 新建乡镇、村或一份公开（按模板生成并预先填好，不会覆盖已有文件）/ scaffold a town, village or disclosure
    #[command(
        after_help = "例如 / examples:\n  sanwu new town zibai --name 紫柏镇\n  sanwu new village zibai/huoshaodian --name 火烧店村 --groups 一组,二组,三组\n  sanwu new finance.statement zibai/huoshaodian --period 2025-04\n  sanwu new affairs.notice zibai/huoshaodian --title 关于召开村民代表会议的通知"
    )]
    New(Box<NewArgs>),
    /// 生成编辑器用的 JSON Schema（字段提示和检查）/ write JSON Schemas for editors
    Schema {
        /// 输出文件夹 / output folder
        #[arg(long, default_value = "schema")]
        out: PathBuf,
    },
    /// 解释一个错误代码：错误示例、提示和改法 / explain a diagnostic code
    Explain {
        /// 错误代码，如 E0203 / the code, e.g. E0203
        code: String,
    },
}

/// The flags of `sanwu new`.
#[derive(clap::Args)]
struct NewArgs {
    /// town、village 或公开类型，如 finance.statement / what to create
    what: String,
    /// 乡镇编号，或 乡镇/村 / the town, or town/village
    place: String,
    /// 站点文件夹（含 content/）/ the site folder
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// 乡镇或村的名称 / name of the town or village
    #[arg(long)]
    name: Option<String>,
    /// 类别：镇、乡、街道办，或 村、社区 / category of the town or village
    #[arg(long = "type")]
    category: Option<String>,
    /// 12 位行政区划代码 / administrative code
    #[arg(long)]
    code: Option<String>,
    /// 村民小组，用逗号分隔 / the village's groups, comma-separated
    #[arg(long, value_delimiter = ',')]
    groups: Vec<String>,
    /// 所属期间：2025-04、2025-Q2、2025 / period
    #[arg(long)]
    period: Option<String>,
    /// 标题 / title
    #[arg(long)]
    title: Option<String>,
    /// 文件名（不带扩展名）/ file name without extension
    #[arg(long)]
    id: Option<String>,
    /// 公开日期，默认今天 / publication date [default: today]
    #[arg(long)]
    published: Option<String>,
    /// 写成 .yaml 而不是 .md（编辑器能提示字段）/ write a .yaml file rather than .md
    #[arg(long)]
    yaml: bool,
    /// 不提问，没给的都用建议值 / never prompt; use the suggestions
    #[arg(long, short = 'y')]
    yes: bool,
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
    let code = match cli.command {
        Command::Build { root, out, drafts } => run_build(root, out, drafts, cli.lang),
        Command::Check {
            root,
            format,
            changed,
        } => run_check(root, format, changed, cli.lang),
        Command::New(args) => run_new(*args, cli.lang),
        Command::Schema { out } => run_schema(&out, cli.lang),
        Command::Explain { code } => run_explain(&code, cli.lang),
        Command::Serve {
            root,
            port,
            bind,
            open,
            poll,
        } => run_serve(root, port, bind, open, poll, cli.lang),
        Command::Mask { write, files } => run_mask(&files, write, cli.lang),
    };
    // The history's cache writes are waited for where the history is read; should one still
    // be running, it is finished, not cut off.
    sanwu::history::saved();
    code
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
                "[{:>8.3} s{}] {}",
                self.started.elapsed().as_secs_f64(),
                memory().unwrap_or_default(),
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
    keep_freed_memory();
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
            if report.up_to_date {
                match lang {
                    Lang::Zh => eprintln!(
                        "网站已是最新：内容、主题和修改记录都与上次生成时相同，{} 未改动（{} 个页面），用时 {secs:.2} 秒",
                        out.display(),
                        report.pages
                    ),
                    Lang::En => eprintln!(
                        "up to date: content, theme and history are as at the last build; {} left as it is ({} pages), in {secs:.2} s",
                        out.display(),
                        report.pages
                    ),
                }
                return ExitCode::SUCCESS;
            }
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

fn run_check(root: PathBuf, format: Format, changed: bool, lang: Lang) -> ExitCode {
    let changed_files = if changed {
        match sanwu::history::changed_since_head(&root) {
            Some(files) => Some(files),
            None => {
                let word = if lang == Lang::Zh { "错误" } else { "error" };
                match lang {
                    Lang::Zh => eprintln!(
                        "{word}: --changed 要和 git 一起用：{} 不在 git 仓库里（或没有安装 git）",
                        root.display()
                    ),
                    Lang::En => eprintln!(
                        "{word}: --changed needs git: {} is not in a git repository",
                        root.display()
                    ),
                }
                return ExitCode::from(EXIT_IO);
            }
        }
    } else {
        None
    };
    let mut diags = Diagnostics::new();
    let site = build::validate(&root, &mut diags, &|_| {});
    if let Some(site) = &site {
        // Templates are part of what a build needs; check that they exist and parse.
        let theme = sanwu::theme::load(&root, &site.config.theme, &mut diags);
        sanwu::theme::compile(&theme, &mut diags);
    }
    let mut sorted = diags.sorted();
    if let Some(files) = &changed_files {
        // The whole site is still checked, so cross-file rules see every file; only what
        // concerns the changed files is reported.
        sorted = diag::about_changed(sorted, files);
        if format == Format::Human {
            match lang {
                Lang::Zh => eprintln!("检查与 {} 个改动的文件有关的问题", files.len()),
                Lang::En => eprintln!("checking what concerns {} changed files", files.len()),
            }
        }
    }
    let errors = sorted
        .iter()
        .filter(|d| d.severity == diag::Severity::Error)
        .count();
    let warnings = sorted.len() - errors;
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

fn fail(msg: &diag::Msg, lang: Lang) -> ExitCode {
    let word = if lang == Lang::Zh { "错误" } else { "error" };
    eprintln!("{word}: {}", msg.get(lang));
    ExitCode::from(EXIT_IO)
}

fn parse_period(s: &str) -> Result<sanwu::date::Period, diag::Msg> {
    sanwu::date::Period::parse(s).ok_or_else(|| {
        diag::Msg::new(
            format!("“{s}”不是有效的期间：月份写 2025-04，季度写 2025-Q2，全年写 2025"),
            format!("`{s}` is not a period: 2025-04, 2025-Q2 or 2025"),
        )
    })
}

/// Creates a town, village or disclosure. On a terminal it asks for what the flags left out,
/// offering the site's suggestion as the default.
fn run_new(flags: NewArgs, lang: Lang) -> ExitCode {
    let root = flags.root.as_path();
    use sanwu::scaffold::{self, Answers, Target};
    let target = match Target::parse(&flags.what, &flags.place) {
        Ok(t) => t,
        Err(m) => return fail(&m, lang),
    };
    let site = match scaffold::load_site(root) {
        Ok(s) => s,
        Err(m) => return fail(&m, lang),
    };
    let mut a = Answers {
        name: flags.name,
        kind_word: flags.category,
        code: flags.code,
        // Clerks type Chinese commas and 顿号 as often as English ones.
        groups: flags
            .groups
            .iter()
            .flat_map(|g| g.split(['，', '、']))
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .map(str::to_string)
            .collect(),
        title: flags.title,
        id: flags.id,
        yaml: flags.yaml,
        ..Answers::default()
    };
    if let Some(p) = &flags.period {
        match parse_period(p) {
            Ok(p) => a.period = Some(p),
            Err(m) => return fail(&m, lang),
        }
    }
    if let Some(d) = &flags.published {
        match sanwu::date::Date::parse(d) {
            Ok(d) => a.published = Some(d),
            Err(_) => {
                let m = diag::Msg::new(
                    format!("“{d}”不是有效的日期，写成 2025-04-10"),
                    format!("`{d}` is not a date; write 2025-04-10"),
                );
                return fail(&m, lang);
            }
        }
    }
    let today = sanwu::date::Date::today();
    let interactive =
        !flags.yes && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if interactive && let Err(e) = ask(&site, &target, &mut a, today, lang) {
        eprintln!("{e}");
        return ExitCode::from(EXIT_IO);
    }
    let file = match scaffold::plan(&site, &target, &a, today)
        .and_then(|f| scaffold::write(root, &f).map(|_| f))
    {
        Ok(f) => f,
        Err(m) => return fail(&m, lang),
    };
    let shown = file.path.display();
    match (lang, matches!(target, Target::Document { .. })) {
        (Lang::Zh, true) => eprintln!(
            "已创建 {shown}（草稿）。\n填好后删去 status: draft 这一行，运行 sanwu check 检查，再提交。"
        ),
        (Lang::Zh, false) => eprintln!("已创建 {shown}。"),
        (Lang::En, true) => eprintln!(
            "created {shown} (a draft).\nFill it in, remove the status: draft line, run sanwu check, then commit."
        ),
        (Lang::En, false) => eprintln!("created {shown}."),
    }
    ExitCode::SUCCESS
}

/// Prompts for the answers the flags left out.
fn ask(
    site: &sanwu::model::Site,
    target: &sanwu::scaffold::Target,
    a: &mut sanwu::scaffold::Answers,
    today: sanwu::date::Date,
    lang: Lang,
) -> Result<(), dialoguer::Error> {
    use dialoguer::Input;
    use sanwu::scaffold::Target;
    let zh = lang == Lang::Zh;
    let t = |z: &'static str, e: &'static str| if zh { z } else { e };
    match target {
        Target::Town { .. } | Target::Village { .. } => {
            if a.name.is_none() {
                let prompt = if matches!(target, Target::Town { .. }) {
                    t("乡镇名称（如 紫柏镇）", "town name")
                } else {
                    t("村名称（如 火烧店村）", "village name")
                };
                a.name = Some(Input::<String>::new().with_prompt(prompt).interact_text()?);
            }
            if matches!(target, Target::Village { .. }) && a.groups.is_empty() {
                let g: String = Input::new()
                    .with_prompt(t("村民小组，用逗号分隔", "groups, comma-separated"))
                    .default("一组,二组".to_string())
                    .interact_text()?;
                a.groups = g
                    .split([',', '，', '、'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
            }
        }
        Target::Document { .. } => {
            let Ok(s) = sanwu::scaffold::suggest(site, target, a, today) else {
                return Ok(()); // the error is reported by plan()
            };
            if a.period.is_none()
                && let Some(p) = s.period
            {
                let answer: String = Input::new()
                    .with_prompt(t("所属期间（2025-04、2025-Q2、2025）", "period"))
                    .default(p.to_string())
                    .validate_with(|x: &String| {
                        parse_period(x)
                            .map(|_| ())
                            .map_err(|m| m.get(lang).to_string())
                    })
                    .interact_text()?;
                a.period = parse_period(&answer).ok();
            }
            let s = sanwu::scaffold::suggest(site, target, a, today).unwrap_or(s);
            if a.title.is_none() {
                a.title = Some(
                    Input::new()
                        .with_prompt(t("标题", "title"))
                        .default(s.title)
                        .interact_text()?,
                );
            }
        }
    }
    Ok(())
}

/// Writes the editor schemas.
fn run_schema(out: &Path, lang: Lang) -> ExitCode {
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!("{}: {e}", out.display());
        return ExitCode::from(EXIT_IO);
    }
    for f in sanwu::schema::all() {
        let path = out.join(&f.name);
        if let Err(e) = std::fs::write(&path, &f.json) {
            eprintln!("{}: {e}", path.display());
            return ExitCode::from(EXIT_IO);
        }
        println!("{}  ←  {}", path.display(), f.applies_to);
    }
    match lang {
        Lang::Zh => {
            eprintln!("编辑器的设置方法见 content/pages/guide-editor.md（VS Code + YAML 插件）")
        }
        Lang::En => eprintln!(
            "see content/pages/guide-editor.md to set up an editor (VS Code + YAML extension)"
        ),
    }
    ExitCode::SUCCESS
}

/// Prints the error index entry of a code.
fn run_explain(code: &str, lang: Lang) -> ExitCode {
    match sanwu::explain::explain(code) {
        Some(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        None => {
            let m = diag::Msg::new(
                format!("没有代码 {code} 的说明：代码形如 E0203 或 W0301，见 docs/errors.md"),
                format!("no entry for {code}: codes look like E0203 or W0301; see docs/errors.md"),
            );
            fail(&m, lang)
        }
    }
}

/// The memory in use and at most so far (Linux), for `SANWU_TIMINGS`.
fn memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    };
    Some(format!(
        ", {:>5} MiB, peak {:>5} MiB",
        field("VmRSS:")? / 1024,
        field("VmHWM:")? / 1024
    ))
}
