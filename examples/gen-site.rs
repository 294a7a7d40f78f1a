//! Generates a synthetic county site of any size, with a git history, for benchmarks.
//!
//!     cargo run --release --example gen-site -- --towns 20 --villages 1000 --months 36 \
//!         --revisions 3 --seed 1 --out /dev/shm/site
//!     cargo run --release --example gen-site -- --docs 50000 --out /dev/shm/site-50000
//!
//! Options (defaults in brackets):
//!
//! - `--out DIR`        the site folder to create (it becomes a git repository); must not
//!   exist or be empty, unless `--force` (then it is removed first)
//! - `--villages N`     number of villages [40]; `--towns N` number of towns [villages / 27, at least 2]
//! - `--months N`       months of disclosures, ending with 2025-12 [36]
//! - `--docs N`         instead of `--villages`: as many villages as give about N documents
//! - `--revisions R`    average number of later revisions per document (geometric) [1]
//! - `--seed S`         [1]; the same arguments always give byte-identical files and commits
//!
//! What it writes: `content/site.yaml` (`sample_data: true`), towns and villages, and for every
//! village a month-by-month cash book (`finance.statement`, balances chained from month to month,
//! project payments above the threshold backed by an `affairs.decision` of the same village),
//! half-year and year-end finance notices, village-affairs notices, decisions, beneficiary lists,
//! party notices, party-development notices and quarterly party dues; the county's
//! enforcement-power list (the sample county's 728 items, their town lists rewritten to the
//! generated towns) and a few free pages.
//!
//! The history is written with `git fast-import` (one stream, so 100,000 commits take seconds):
//! documents are added on their publication day by their village's clerk, later revised (a
//! sentence added to a notice, a decision's result, a corrected beneficiary amount or statement
//! summary, an extended objection period, an amount typo fixed; change notes as `change_note:` or
//! as a `Change-Note:` trailer), a few are withdrawn and replaced by a correction that
//! `supersedes` them, a few are renamed and a few deleted. Every date is fixed (nothing depends on
//! the clock) and lies before mid-2026. At the end the working tree is checked out from HEAD, so
//! `sanwu check` sees exactly what was committed; the tree at HEAD is valid.

use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

// ---------------------------------------------------------------------------------------------
// A tiny PRNG. splitmix64 written out here so that the output is deterministic for a seed
// without adding a dependency (the crate has no `rand`); quality is ample for fake data.

#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn derive(seed: u64, a: u64, b: u64) -> Rng {
        let mut r = Rng(seed
            ^ a.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
            ^ 0x5851_F42D_4C95_7F2D);
        r.next();
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// 0..n (n < 2^32).
    fn below(&mut self, n: u64) -> u64 {
        ((self.next() >> 32) * n) >> 32
    }
    /// lo..=hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn f64(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    /// k distinct indices of 0..n, in random order.
    fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut v: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below((n - i) as u64) as usize;
            v.swap(i, j);
        }
        v.truncate(k);
        v
    }
}

// ---------------------------------------------------------------------------------------------
// Dates: days since 1970-01-01 (proleptic Gregorian), no clock involved.

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct Date(i64);

impl Date {
    fn ymd(y: i64, m: u32, d: u32) -> Date {
        // Howard Hinnant's days_from_civil.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m as i64 + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Date(era * 146_097 + doe - 719_468)
    }
    fn parts(self) -> (i64, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        (
            if m <= 2 {
                yoe + era * 400 + 1
            } else {
                yoe + era * 400
            },
            m,
            d,
        )
    }
    fn add(self, n: i64) -> Date {
        Date(self.0 + n)
    }
    fn workday(self) -> bool {
        (self.0 + 3).rem_euclid(7) < 5 // 1970-01-01 was a Thursday; 0 = Monday
    }
    fn next_workday(self) -> Date {
        let mut d = self;
        while !d.workday() {
            d = d.add(1);
        }
        d
    }
    fn prev_workday(self) -> Date {
        let mut d = self;
        while !d.workday() {
            d = d.add(-1);
        }
        d
    }
    fn add_workdays(self, n: i64) -> Date {
        let mut d = self;
        let mut k = n;
        while k > 0 {
            d = d.add(1);
            if d.workday() {
                k -= 1;
            }
        }
        d
    }
    fn sub_workdays(self, n: i64) -> Date {
        let mut d = self;
        let mut k = n;
        while k > 0 {
            d = d.add(-1);
            if d.workday() {
                k -= 1;
            }
        }
        d
    }
    fn cn(self) -> String {
        let (y, m, d) = self.parts();
        format!("{y}年{m}月{d}日")
    }
    fn md(self) -> String {
        let (_, m, d) = self.parts();
        format!("{m}月{d}日")
    }
    /// Seconds since the epoch of this day at `minute` minutes past midnight, Beijing time.
    fn at(self, minute: i64) -> i64 {
        self.0 * 86_400 + minute * 60 - 8 * 3600
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.parts();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn month_len(y: i64, m: u32) -> u32 {
    let next = if m == 12 {
        Date::ymd(y + 1, 1, 1)
    } else {
        Date::ymd(y, m + 1, 1)
    };
    (next.0 - Date::ymd(y, m, 1).0) as u32
}

/// The workday nearest to y-m-day (forward first) that stays inside the month.
fn workday_in(y: i64, m: u32, day: i64) -> Date {
    let last = month_len(y, m) as i64;
    let d = Date::ymd(y, m, day.clamp(1, last) as u32);
    let f = d.next_workday();
    if f.parts().1 == m {
        f
    } else {
        d.prev_workday()
    }
}

/// The last month of every generated site; documents run up to here, commits up to mid-2026.
const END_YEAR: i64 = 2025;
const END_MONTH: u32 = 12;
/// No commit after this day (the history must never lie in the future, see W0804).
fn last_commit_day() -> Date {
    Date::ymd(2026, 6, 30)
}

#[derive(Clone, Copy)]
struct Month {
    y: i64,
    m: u32,
}

impl Month {
    fn nth(start: Month, i: usize) -> Month {
        let k = start.y * 12 + (start.m as i64 - 1) + i as i64;
        Month {
            y: k.div_euclid(12),
            m: (k.rem_euclid(12) + 1) as u32,
        }
    }
    fn first(self) -> Date {
        Date::ymd(self.y, self.m, 1)
    }
    fn last(self) -> Date {
        Date::ymd(self.y, self.m, month_len(self.y, self.m))
    }
    fn day(self, rng: &mut Rng, lo: i64, hi: i64) -> Date {
        workday_in(self.y, self.m, rng.range(lo, hi))
    }
    fn quarter(self) -> u32 {
        (self.m - 1) / 3 + 1
    }
}

// ---------------------------------------------------------------------------------------------
// Money in fen.

fn money(fen: i64) -> String {
    assert!(fen >= 0, "negative amount {fen}");
    let y = (fen / 100).to_string();
    let mut out = String::new();
    for (i, c) in y.chars().enumerate() {
        if i > 0 && (y.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out}.{:02}", fen % 100)
}

fn yuan(n: i64) -> i64 {
    n * 100
}

/// A random amount between lo and hi yuan, with cents.
fn cents(rng: &mut Rng, lo: i64, hi: i64) -> i64 {
    rng.range(lo * 100, hi * 100)
}

/// A random amount between lo and hi yuan, in whole steps of `step` yuan.
fn round_yuan(rng: &mut Rng, lo: i64, hi: i64, step: i64) -> i64 {
    rng.range(lo / step, hi / step) * step * 100
}

fn wan(fen: i64) -> String {
    let s = format!("{:.2}", fen as f64 / 1_000_000.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}万元")
}

const CN_DIGITS: [&str; 11] = [
    "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
];

fn cn_num(n: usize) -> String {
    match n {
        0..=10 => CN_DIGITS[n].to_string(),
        11..=19 => format!("十{}", CN_DIGITS[n - 10]),
        _ => {
            let (t, o) = (n / 10, n % 10);
            format!(
                "{}十{}",
                CN_DIGITS[t.min(9)],
                if o > 0 { CN_DIGITS[o] } else { "" }
            )
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Places and people (all fictional).

const PLACE_A: &[(&str, &str)] = &[
    ("清", "qing"),
    ("石", "shi"),
    ("金", "jin"),
    ("银", "yin"),
    ("白", "bai"),
    ("黄", "huang"),
    ("红", "hong"),
    ("东", "dong"),
    ("西", "xi"),
    ("南", "nan"),
    ("北", "bei"),
    ("上", "shang"),
    ("下", "xia"),
    ("中", "zhong"),
    ("新", "xin"),
    ("大", "da"),
    ("小", "xiao"),
    ("高", "gao"),
    ("长", "chang"),
    ("安", "an"),
    ("平", "ping"),
    ("和", "he"),
    ("兴", "xing"),
    ("丰", "feng"),
    ("太", "tai"),
    ("双", "shuang"),
    ("三", "san"),
    ("五", "wu"),
    ("柳", "liu"),
    ("杨", "yang"),
    ("松", "song"),
    ("竹", "zhu"),
    ("梅", "mei"),
    ("桃", "tao"),
    ("杏", "xing"),
    ("枣", "zao"),
    ("花", "hua"),
    ("云", "yun"),
    ("凤", "feng"),
    ("龙", "long"),
    ("马", "ma"),
    ("牛", "niu"),
    ("黑", "hei"),
    ("永", "yong"),
    ("福", "fu"),
    ("团", "tuan"),
    ("宝", "bao"),
    ("古", "gu"),
    ("茶", "cha"),
    ("草", "cao"),
    ("莲", "lian"),
    ("桂", "gui"),
    ("瓦", "wa"),
    ("罗", "luo"),
];
const PLACE_B: &[(&str, &str)] = &[
    ("泉", "quan"),
    ("桥", "qiao"),
    ("河", "he"),
    ("山", "shan"),
    ("坪", "ping"),
    ("沟", "gou"),
    ("湾", "wan"),
    ("岭", "ling"),
    ("溪", "xi"),
    ("坝", "ba"),
    ("林", "lin"),
    ("塘", "tang"),
    ("庙", "miao"),
    ("岗", "gang"),
    ("园", "yuan"),
    ("寨", "zhai"),
    ("堡", "bao"),
    ("营", "ying"),
    ("口", "kou"),
    ("店", "dian"),
    ("集", "ji"),
    ("垭", "ya"),
    ("梁", "liang"),
    ("峪", "yu"),
    ("庄", "zhuang"),
    ("坡", "po"),
    ("台", "tai"),
    ("岩", "yan"),
    ("洞", "dong"),
    ("田", "tian"),
    ("源", "yuan"),
    ("滩", "tan"),
    ("门", "men"),
    ("关", "guan"),
    ("铺", "pu"),
    ("场", "chang"),
    ("坊", "fang"),
    ("渠", "qu"),
    ("湖", "hu"),
    ("阳", "yang"),
];

const SURNAMES: &str = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯董程曹袁邓许沈彭吕苏蒋蔡贾丁魏薛叶余潘杜夏钟汪田任姜范方石姚谭廖邹熊陆郝白崔康毛邱秦史侯邵孟雷汤尹龚文";
const MALE_A: &str = "建国志永德明文海春长玉金正成光新宏兴家世忠俊红小继庆";
const MALE_B: &str = "华军平强伟刚勇林峰斌波东贵福全良民生安山涛杰辉祥龙荣云宝才义明";
const FEMALE_A: &str = "秀玉春桂丽小凤金美晓海红淑彩翠雪艳慧月";
const FEMALE_B: &str = "英兰芳玲霞琴梅娟珍莲燕萍云花敏静丽娥琼洁";
const GROUP_NAMES: &[&str] = &[
    "一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组", "九组",
];

struct Names {
    rng: Rng,
    main: Vec<char>,
    used: HashSet<String>,
    sur: Vec<char>,
    ma: Vec<char>,
    mb: Vec<char>,
    fa: Vec<char>,
    fb: Vec<char>,
}

impl Names {
    fn new(mut rng: Rng) -> Names {
        let sur: Vec<char> = SURNAMES.chars().collect();
        let main = (0..3).map(|_| *rng.pick(&sur)).collect();
        Names {
            rng,
            main,
            used: HashSet::new(),
            sur,
            ma: MALE_A.chars().collect(),
            mb: MALE_B.chars().collect(),
            fa: FEMALE_A.chars().collect(),
            fb: FEMALE_B.chars().collect(),
        }
    }
    /// A new name, unique in the village; `male` None picks the gender.
    fn new_person(&mut self, male: Option<bool>) -> (String, bool) {
        let male = male.unwrap_or_else(|| self.rng.chance(0.6));
        for attempt in 0.. {
            let s = if self.rng.chance(0.55) {
                *self.rng.pick(&self.main)
            } else {
                *self.rng.pick(&self.sur)
            };
            let (a, b) = if male {
                (&self.ma, &self.mb)
            } else {
                (&self.fa, &self.fb)
            };
            let mut n = String::new();
            n.push(s);
            if self.rng.chance(0.15) {
                n.push(*self.rng.pick(b));
            } else {
                let x = *self.rng.pick(a);
                let y = *self.rng.pick(b);
                if x == y {
                    continue;
                }
                n.push(x);
                n.push(y);
            }
            if attempt > 5000 {
                n.push_str(&cn_num(attempt % 10));
            }
            if self.used.insert(n.clone()) {
                return (n, male);
            }
        }
        unreachable!()
    }
    fn name(&mut self, male: Option<bool>) -> String {
        self.new_person(male).0
    }
}

// ---------------------------------------------------------------------------------------------
// Arguments.

struct Args {
    out: PathBuf,
    towns: Option<usize>,
    villages: usize,
    months: usize,
    docs: Option<usize>,
    revisions: f64,
    seed: u64,
    force: bool,
    enforcement: PathBuf,
}

fn usage() -> ! {
    eprintln!(
        "usage: gen-site --out DIR [--villages N | --docs N] [--towns N] [--months N] \
         [--revisions R] [--seed S] [--force] [--enforcement DIR]"
    );
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut a = Args {
        out: PathBuf::new(),
        towns: None,
        villages: 40,
        months: 36,
        docs: None,
        revisions: 1.0,
        seed: 1,
        force: false,
        enforcement: Path::new(env!("CARGO_MANIFEST_DIR")).join("content/enforcement"),
    };
    let mut it = std::env::args().skip(1);
    let mut out = None;
    while let Some(k) = it.next() {
        let mut val = || it.next().unwrap_or_else(|| usage());
        fn num<T: std::str::FromStr>(s: String) -> T {
            s.parse().unwrap_or_else(|_| usage())
        }
        match k.as_str() {
            "--out" => out = Some(PathBuf::from(val())),
            "--towns" => a.towns = Some(num(val())),
            "--villages" => a.villages = num(val()),
            "--months" => a.months = num(val()),
            "--docs" => a.docs = Some(num(val())),
            "--revisions" => a.revisions = num(val()),
            "--seed" => a.seed = num(val()),
            "--enforcement" => a.enforcement = PathBuf::from(val()),
            "--force" => a.force = true,
            "-h" | "--help" => usage(),
            _ => usage(),
        }
    }
    a.out = out.unwrap_or_else(|| usage());
    if a.months == 0 || a.villages == 0 || a.revisions < 0.0 || a.towns == Some(0) {
        usage();
    }
    a
}

// ---------------------------------------------------------------------------------------------
// The county.

struct Town {
    id: String,
    name: String,
    kind: &'static str,
    code: String,
    phone: String,
}

impl Town {
    /// 镇党委 / 乡党委 / 街道党工委
    fn dangwei(&self) -> String {
        if self.kind == "街道办" {
            "街道党工委".into()
        } else {
            format!("{}党委", self.kind)
        }
    }
    fn gov(&self) -> String {
        if self.kind == "街道办" {
            "街道办事处".into()
        } else {
            format!("{}政府", self.kind)
        }
    }
}

struct VillageSpec {
    idx: usize,
    town: usize,
    id: String,
    name: String,
    community: bool,
    code: String,
}

/// Chooses unique ids for names made of two place syllables.
fn place_names(
    rng: &mut Rng,
    n: usize,
    used: &mut HashSet<String>,
    names_used: &mut HashSet<String>,
    suffix: &str,
) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let (a, pa) = *rng.pick(PLACE_A);
        let (b, pb) = *rng.pick(PLACE_B);
        let name = format!("{a}{b}{suffix}");
        if names_used.len() < PLACE_A.len() * PLACE_B.len() / 2 && names_used.contains(&name) {
            continue;
        }
        let base = format!("{pa}{pb}");
        let mut id = base.clone();
        let mut k = 2;
        while used.contains(&id) {
            id = format!("{base}{k}");
            k += 1;
        }
        used.insert(id.clone());
        names_used.insert(name.clone());
        out.push((id, name));
    }
    out
}

fn make_towns(seed: u64, n: usize) -> Vec<Town> {
    let mut rng = Rng::derive(seed, 1, 0);
    let mut used = HashSet::new();
    let names = place_names(&mut rng, n, &mut used, &mut HashSet::new(), "");
    names
        .into_iter()
        .enumerate()
        .map(|(i, (id, base))| {
            let kind = if i == 0 && n > 2 {
                "街道办"
            } else if rng.chance(0.3) {
                "乡"
            } else {
                "镇"
            };
            Town {
                id,
                name: format!("{base}{kind}"),
                kind,
                code: format!("999001{:03}000", (100 + i) % 1000),
                phone: format!("0916-38{:05}", 10_000 + (i * 137) % 90_000),
            }
        })
        .collect()
}

fn make_villages(seed: u64, towns: &[Town], n: usize) -> Vec<VillageSpec> {
    let mut rng = Rng::derive(seed, 2, 0);
    let mut used = HashSet::new();
    for t in towns {
        used.insert(t.id.clone()); // keep village ids apart from town ids, for readable URLs
    }
    let mut names_used = HashSet::new();
    let mut per_town = vec![0usize; towns.len()];
    (0..n)
        .map(|i| {
            let t = i % towns.len();
            let k = per_town[t];
            per_town[t] += 1;
            let community = towns[t].kind == "街道办" && rng.chance(0.6) || rng.chance(0.04);
            let (id, base) = place_names(&mut rng, 1, &mut used, &mut names_used, "")
                .pop()
                .unwrap();
            VillageSpec {
                idx: i,
                town: t,
                id,
                name: format!("{base}{}", if community { "社区" } else { "村" }),
                community,
                code: format!("999001{:03}{:03}", (100 + t) % 1000, (200 + k) % 1000),
            }
        })
        .collect()
}

/// Everything about one village that its documents need.
struct V<'a> {
    spec: &'a VillageSpec,
    town: &'a Town,
    groups: Vec<String>,
    supervisors: Vec<String>,
    secretary: String,
    vice: String,
    clerk: String,
    accountant: String,
    /// party members: name, dues per month in fen, kind
    members: Vec<(String, i64, &'static str)>,
    reps: i64,
    phone: String,
    names: Names,
    features: Vec<&'static str>,
    cleaners: i64,
    wage: i64,
}

impl V<'_> {
    fn folk(&self) -> &'static str {
        if self.spec.community {
            "居民"
        } else {
            "村民"
        }
    }
    fn weihui(&self) -> &'static str {
        if self.spec.community {
            "社区居委会"
        } else {
            "村委会"
        }
    }
    fn committee(&self) -> String {
        format!(
            "{}{}",
            self.spec.name,
            if self.spec.community {
                "居民委员会"
            } else {
                "村民委员会"
            }
        )
    }
    fn branch(&self) -> String {
        format!("中共{}支部委员会", self.spec.name)
    }
    fn branch_short(&self) -> String {
        format!("{}党支部", self.spec.name)
    }
    fn place(&self) -> &'static str {
        if self.spec.community { "社区" } else { "村" }
    }
    fn has(&self, f: &str) -> bool {
        self.features.contains(&f)
    }
    fn group(&self, rng: &mut Rng) -> String {
        rng.pick(&self.groups).clone()
    }
}

fn setup_village<'a>(seed: u64, spec: &'a VillageSpec, town: &'a Town) -> V<'a> {
    let mut rng = Rng::derive(seed, 100 + spec.idx as u64, 1);
    let mut names = Names::new(Rng::derive(seed, 100 + spec.idx as u64, 2));
    let ngroups = rng.range(3, 8) as usize;
    let groups = GROUP_NAMES[..ngroups]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let supervisors = vec![
        names.name(Some(true)),
        names.name(None),
        names.name(Some(false)),
    ];
    let secretary = names.name(Some(true));
    let vice = names.name(None);
    let clerk = names.name(None);
    let accountant = names.name(Some(false));
    let nparty = rng.range(16, 52) as usize;
    let mut members = vec![
        (secretary.clone(), yuan(rng.range(10, 18)), "cadre"),
        (vice.clone(), yuan(rng.range(10, 15)), "cadre"),
        (clerk.clone(), yuan(rng.range(8, 12)), "cadre"),
    ];
    while members.len() < nparty {
        let r = rng.f64();
        if r < 0.1 {
            members.push((names.name(Some(true)), rng.range(1500, 4000), "retired"));
        } else if r < 0.25 {
            members.push((names.name(None), 20, "away"));
        } else {
            members.push((
                names.name(if rng.chance(0.7) { Some(true) } else { None }),
                20,
                "farmer",
            ));
        }
    }
    let all = [
        "pv",
        "pond",
        "forest",
        "shops",
        "gongyi",
        "greenhouse",
        "tea",
        "fanghuo",
        "water",
    ];
    let features = all.iter().copied().filter(|_| rng.chance(0.35)).collect();
    V {
        spec,
        town,
        groups,
        supervisors,
        secretary,
        vice,
        clerk,
        accountant,
        members,
        reps: rng.range(28, 56),
        phone: format!("0916-39{:05}", 10_000 + (spec.idx * 7919) % 90_000),
        names,
        features,
        cleaners: rng.range(1, 4),
        wage: yuan(rng.range(13, 18) * 100),
    }
}

// ---------------------------------------------------------------------------------------------
// Documents.

/// The fields every document has, written in one fixed order.
#[derive(Clone)]
struct Head {
    title: String,
    kind: &'static str,
    published: Date,
    period: Option<String>,
    reviewed: Option<(Vec<String>, Date)>,
    draft: bool,
    withdrawn: Option<(Date, String)>,
    supersedes: Option<String>,
    change_note: Option<String>,
    tags: Vec<String>,
}

impl Head {
    fn new(title: String, kind: &'static str, published: Date) -> Head {
        Head {
            title,
            kind,
            published,
            period: None,
            reviewed: None,
            draft: false,
            withdrawn: None,
            supersedes: None,
            change_note: None,
            tags: Vec::new(),
        }
    }
    fn write(&self, o: &mut String) {
        let _ = writeln!(o, "title: {}", self.title);
        let _ = writeln!(o, "kind: {}", self.kind);
        if let Some(p) = &self.period {
            let _ = writeln!(o, "period: {p}");
        }
        let _ = writeln!(o, "published: {}", self.published);
        if let Some((m, d)) = &self.reviewed {
            let _ = writeln!(
                o,
                "reviewed_by: {{ body: 村务监督委员会, members: [{}], date: {d} }}",
                m.join(", ")
            );
        }
        if self.draft {
            o.push_str("status: draft\n");
        }
        if let Some((d, r)) = &self.withdrawn {
            o.push_str("status: withdrawn\n");
            let _ = writeln!(o, "withdrawn: {{ date: {d}, reason: {r} }}");
        }
        if let Some(s) = &self.supersedes {
            let _ = writeln!(o, "supersedes: {s}");
        }
        if let Some(n) = &self.change_note {
            let _ = writeln!(o, "change_note: {n}");
        }
        if !self.tags.is_empty() {
            let _ = writeln!(o, "tags: [{}]", self.tags.join(", "));
        }
    }
}

#[derive(Clone)]
struct CashLine {
    date: Date,
    income: bool,
    account: &'static str,
    summary: String,
    fen: i64,
    decision: Option<String>,
    voucher: String,
}

#[derive(Clone)]
struct Statement {
    opening: (i64, i64),
    lines: Vec<CashLine>,
    closing: (i64, i64),
    totals: bool,
    /// An amount typed wrong in this version: (line, fen written).
    typo: Option<(usize, i64)>,
}

#[derive(Clone)]
struct Decision {
    matter: String,
    steps: [Date; 4],
    party: (i64, i64),
    reps: (i64, i64, i64),
    resolution: String,
    result: Option<String>,
    /// The result added by a later revision (the second 公开), with its date.
    pending_result: Option<(Date, String)>,
}

#[derive(Clone)]
struct BenRow {
    name: String,
    group: String,
    fen: i64,
    household: Option<i64>,
    note: Option<String>,
}

#[derive(Clone)]
enum Data {
    Notice,
    Statement(Statement),
    Decision(Decision),
    Beneficiaries {
        program: String,
        rows: Vec<BenRow>,
    },
    Development {
        stage: &'static str,
        people: Vec<(String, bool, String, Date)>,
        objections_to: Date,
    },
    Dues {
        members: usize,
        rows: Vec<(String, i64, Option<String>)>,
        remitted: i64,
    },
}

#[derive(Clone)]
struct Doc {
    dir: &'static str,
    id: String,
    md: bool,
    head: Head,
    data: Data,
    /// Body paragraphs (Markdown), joined by blank lines; in a .yaml file they go into `body:`.
    paras: Vec<String>,
}

impl Doc {
    fn file(&self) -> String {
        format!(
            "{}/{}.{}",
            self.dir,
            self.id,
            if self.md { "md" } else { "yaml" }
        )
    }

    fn render(&self) -> String {
        let mut o = String::with_capacity(2048);
        if self.md {
            o.push_str("---\n");
        }
        self.head.write(&mut o);
        match &self.data {
            Data::Notice => {}
            Data::Statement(s) => {
                let _ = writeln!(
                    o,
                    "opening: {{ cash: \"{}\", bank: \"{}\" }}",
                    money(s.opening.0),
                    money(s.opening.1)
                );
                for (income, key) in [(true, "income"), (false, "expense")] {
                    let rows: Vec<(usize, &CashLine)> = s
                        .lines
                        .iter()
                        .enumerate()
                        .filter(|(_, l)| l.income == income)
                        .collect();
                    if rows.is_empty() {
                        let _ = writeln!(o, "{key}: []");
                        continue;
                    }
                    let _ = writeln!(o, "{key}:");
                    for (i, l) in rows {
                        let fen = match s.typo {
                            Some((j, f)) if j == i => f,
                            _ => l.fen,
                        };
                        let _ = write!(
                            o,
                            "  - {{ date: {}, voucher: {}, account: {}, summary: {}, amount: \"{}\"",
                            l.date,
                            l.voucher,
                            l.account,
                            l.summary,
                            money(fen)
                        );
                        if let Some(d) = &l.decision {
                            let _ = write!(o, ", decision: {d}");
                        }
                        o.push_str(" }\n");
                    }
                }
                let _ = writeln!(
                    o,
                    "closing: {{ cash: \"{}\", bank: \"{}\" }}",
                    money(s.closing.0),
                    money(s.closing.1)
                );
                if s.totals {
                    let ti: i64 = s.lines.iter().filter(|l| l.income).map(|l| l.fen).sum();
                    let te: i64 = s.lines.iter().filter(|l| !l.income).map(|l| l.fen).sum();
                    let _ = writeln!(
                        o,
                        "totals: {{ income: \"{}\", expense: \"{}\" }}",
                        money(ti),
                        money(te)
                    );
                }
            }
            Data::Decision(d) => {
                let _ = writeln!(o, "matter: {}", d.matter);
                o.push_str("steps:\n");
                let s = &d.steps;
                let _ = writeln!(o, "  - {{ stage: 支部提议, date: {} }}", s[0]);
                let _ = writeln!(o, "  - {{ stage: 两委商议, date: {}, result: 同意 }}", s[1]);
                let _ = writeln!(
                    o,
                    "  - {{ stage: 党员大会审议, date: {}, expected: {}, present: {}, result: 通过 }}",
                    s[2], d.party.0, d.party.1
                );
                let _ = writeln!(
                    o,
                    "  - {{ stage: 村民代表会议决议, date: {}, expected: {}, present: {}, agree: {}, result: 通过 }}",
                    s[3], d.reps.0, d.reps.1, d.reps.2
                );
                let _ = writeln!(o, "resolution: {}", d.resolution);
                if let Some(r) = &d.result {
                    let _ = writeln!(o, "result: {r}");
                }
            }
            Data::Beneficiaries { program, rows } => {
                let _ = writeln!(o, "program: {program}");
                o.push_str("rows:\n");
                for r in rows {
                    let _ = write!(
                        o,
                        "  - {{ name: {}, group: {}, amount: \"{}\"",
                        r.name,
                        r.group,
                        money(r.fen)
                    );
                    if let Some(h) = r.household {
                        let _ = write!(o, ", household_size: {h}");
                    }
                    if let Some(n) = &r.note {
                        let _ = write!(o, ", note: {n}");
                    }
                    o.push_str(" }\n");
                }
            }
            Data::Development {
                stage,
                people,
                objections_to,
            } => {
                let _ = writeln!(o, "stage: {stage}");
                o.push_str("people:\n");
                for (n, male, g, since) in people {
                    let _ = writeln!(
                        o,
                        "  - {{ name: {n}, gender: {}, group: {g}, since: {since} }}",
                        if *male { "男" } else { "女" }
                    );
                }
                let _ = writeln!(o, "objections_to: {objections_to}");
            }
            Data::Dues {
                members,
                rows,
                remitted,
            } => {
                let collected: i64 = rows.iter().map(|r| r.1).sum();
                let _ = writeln!(o, "members: {members}");
                let _ = writeln!(o, "collected: \"{}\"", money(collected));
                let _ = writeln!(o, "remitted: \"{}\"", money(*remitted));
                o.push_str("rows:\n");
                for (n, a, note) in rows {
                    let _ = write!(o, "  - {{ name: {n}, amount: \"{}\"", money(*a));
                    if let Some(t) = note {
                        let _ = write!(o, ", note: {t}");
                    }
                    o.push_str(" }\n");
                }
            }
        }
        if self.md {
            o.push_str("---\n\n");
            o.push_str(&self.paras.join("\n\n"));
            o.push('\n');
        } else if !self.paras.is_empty() {
            o.push_str("body: |\n");
            for line in self.paras.join("\n\n").lines() {
                if !line.is_empty() {
                    o.push_str("  ");
                    o.push_str(line);
                }
                o.push('\n');
            }
        }
        o
    }
}

// ---------------------------------------------------------------------------------------------
// Text: notices are built from phrase lists; `{key}` placeholders are filled per village.

struct Ctx<'a, 'b> {
    v: &'a V<'b>,
    date: Date,
    y: i64,
}

/// Replaces `{key}` in `s`. Keys: v (village), folk, weihui, town, zhen (镇/乡/街道), gov, dangwei,
/// branch, y, m, d1/d2/d3 (dates after the publication), g (a group), n (a small number),
/// phone, sec (secretary), clerk, acc (accountant), name (someone), place (村/社区), yuan (an amount).
fn fill(s: &str, cx: &Ctx, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(s.len() + 32);
    let mut rest = s;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(j) = after.find('}') else {
            out.push_str(&rest[i..]);
            return out;
        };
        let key = &after[..j];
        let v = cx.v;
        let val = match key {
            "v" => v.spec.name.clone(),
            "folk" => v.folk().into(),
            "weihui" => v.weihui().into(),
            "town" => v.town.name.clone(),
            "zhen" => {
                if v.town.kind == "街道办" {
                    "街道".into()
                } else {
                    v.town.kind.into()
                }
            }
            "gov" => v.town.gov(),
            "dangwei" => v.town.dangwei(),
            "branch" => v.branch_short(),
            "y" => cx.y.to_string(),
            "m" => cx.date.parts().1.to_string(),
            "d1" => cx.date.add_workdays(rng.range(2, 5)).md(),
            "d2" => cx.date.add_workdays(rng.range(6, 12)).md(),
            "d3" => cx.date.add_workdays(rng.range(13, 25)).md(),
            "g" => v.group(rng),
            "n" => rng.range(3, 24).to_string(),
            "phone" => v.phone.clone(),
            "sec" => v.secretary.clone(),
            "clerk" => v.clerk.clone(),
            "vice" => v.vice.clone(),
            "acc" => v.accountant.clone(),
            "name" => rng.pick(&v.members).0.clone(),
            "place" => v.place().into(),
            "yuan" => money(round_yuan(rng, 20, 400, 10)),
            _ => format!("{{{key}}}"),
        };
        out.push_str(&val);
        rest = &after[j + 1..];
    }
    out.push_str(rest);
    out
}

struct Topic {
    slug: &'static str,
    title: &'static str,
    tag: &'static str,
    /// Months it fits (empty: any).
    months: &'static [u32],
    greeting: &'static str,
    intro: &'static [&'static str],
    sections: &'static [(&'static str, &'static [&'static str])],
    closing: &'static [&'static str],
}

const AFFAIRS_TOPICS: &[Topic] = &[
    Topic {
        slug: "renju-zhengzhi",
        title: "关于开展人居环境集中整治的通知",
        tag: "人居环境",
        months: &[3, 4, 5, 9, 10, 11],
        greeting: "各位{folk}：",
        intro: &[
            "为进一步改善{place}容{place}貌，按照{gov}统一安排，经{place}“两委”研究，决定于{d1}至{d3}在全{place}开展人居环境集中整治。现将有关事项通知如下：",
            "近期{town}将对各村（社区）人居环境整治情况进行检查评比。为做好迎检工作，经研究，决定从{d1}起在全{place}开展为期两周的集中整治。",
        ],
        sections: &[
            (
                "整治内容",
                &[
                    "清理房前屋后的柴草、杂物和建筑垃圾，做到堆放整齐；",
                    "清理沟渠、河道内的垃圾和漂浮物；",
                    "拆除废弃的猪圈、旱厕等破旧附属设施（须经户主同意）；",
                    "家禽实行圈养，不得散放上路；",
                    "公路沿线不得晾晒粮食、堆放建材；",
                    "生活垃圾分类投放到指定的垃圾收集点。",
                ],
            ),
            (
                "时间安排",
                &[
                    "{d1}前：各组组长召开组会，把通知宣传到每一户；",
                    "{d1}至{d2}：各户自行清理，保洁员负责公共区域；",
                    "{d3}：{place}“两委”会同村务监督委员会逐组检查评比。",
                ],
            ),
            (
                "有关要求",
                &[
                    "各组组长要带头，党员、{folk}代表要做表率；",
                    "整治中清运杂物需要机械的，由{weihui}统一调度，费用在集体经费中列支，并在当月财务公开中列明；",
                    "检查评比结果在公开栏公布，评为“清洁庭院”的农户每户奖励洗衣粉、扫帚等物资一份。",
                ],
            ),
        ],
        closing: &[
            "请各户积极配合，共同建设美丽家园。",
            "整治期间如有困难，请及时向所在组组长反映。",
        ],
    },
    Topic {
        slug: "fangxun-anquan",
        title: "关于做好汛期安全防范工作的通知",
        tag: "防汛",
        months: &[5, 6, 7, 8],
        greeting: "各位{folk}：",
        intro: &[
            "当前已进入主汛期，据气象部门预报，近期我县将出现强降雨天气。为确保人民群众生命财产安全，现将有关事项通知如下：",
            "按照{town}防汛工作会议要求，为切实做好今年汛期安全防范工作，经{place}“两委”研究，现就有关事项通知如下：",
        ],
        sections: &[
            (
                "重点防范区域",
                &[
                    "{g}后山滑坡隐患点周边住户，强降雨期间须提前转移；",
                    "沿河低洼地带的住户，注意河道水位变化；",
                    "危旧房屋居住户，雨季一律不得在危房内居住；",
                    "山塘、水渠沿线，严禁在堤坝上放牧、取土。",
                ],
            ),
            (
                "转移安置",
                &[
                    "{place}党群服务中心为临时安置点，备有被褥、饮用水和方便食品；",
                    "各组组长负责本组转移人员的统计和通知，做到不漏一户、不落一人；",
                    "独居老人、残疾人由网格员和结对党员负责帮助转移。",
                ],
            ),
            (
                "值班值守",
                &[
                    "汛期实行24小时值班，值班电话：{phone}；",
                    "发现险情，请立即拨打值班电话，并组织周边群众撤离；",
                    "{place}防汛物资（编织袋、雨衣、手电筒）存放在{weihui}仓库，由{clerk}负责管理。",
                ],
            ),
        ],
        closing: &[
            "请大家提高警惕，服从统一指挥，切实做好自身防护。",
            "汛期不涉水、不靠近河道、不在危房内居住。",
        ],
    },
    Topic {
        slug: "senlin-fanghuo",
        title: "关于加强森林防火工作的通告",
        tag: "森林防火",
        months: &[1, 2, 3, 10, 11, 12],
        greeting: "各位{folk}：",
        intro: &[
            "当前正值森林防火紧要期，天干物燥，火险等级高。为保护森林资源和群众生命财产安全，根据《森林防火条例》，现通告如下：",
            "根据{gov}关于森林防火工作的部署，为防止发生森林火灾，现将本{place}森林防火有关事项通告如下：",
        ],
        sections: &[
            (
                "严禁野外用火",
                &[
                    "严禁在林区及林缘烧荒、烧田埂、烧秸秆；",
                    "严禁在林区吸烟、野炊、燃放烟花爆竹；",
                    "上坟祭祖提倡鲜花祭扫，不得烧纸、点蜡、燃香；",
                    "确需生产用火的，须报{weihui}批准，并落实防范措施。",
                ],
            ),
            (
                "巡山护林",
                &[
                    "{place}组建森林防火巡查队，每天分片巡查；",
                    "各组在进山路口设立防火检查点，对进山人员进行登记；",
                    "发现火情，立即拨打{phone}或12119报警。",
                ],
            ),
        ],
        closing: &[
            "对违反规定野外用火的，依法予以处罚；引发森林火灾的，依法追究责任。",
            "森林防火，人人有责，请大家相互监督。",
        ],
    },
    Topic {
        slug: "yibao-jiaofei",
        title: "关于缴纳{next}年度城乡居民基本医疗保险费的通知",
        tag: "医疗保险",
        months: &[9, 10, 11, 12],
        greeting: "各位{folk}：",
        intro: &[
            "{next}年度城乡居民基本医疗保险集中缴费工作已经开始。参保后，住院、门诊慢特病和普通门诊费用可按规定报销。现将有关事项通知如下：",
        ],
        sections: &[
            (
                "缴费方式",
                &[
                    "通过手机“税务”小程序或银行网点自助缴费；",
                    "不会操作的，可到{weihui}便民服务窗口，由工作人员协助缴费；",
                    "外出务工人员可由家人代缴。",
                ],
            ),
            (
                "资助参保",
                &[
                    "特困人员、低保对象、防止返贫监测对象按规定享受资助参保，个人不需要缴费或少缴费；",
                    "资助名单由{zhen}医保办核定，有疑问的请咨询{clerk}。",
                ],
            ),
        ],
        closing: &[
            "集中缴费期截至12月31日，请抓紧办理，以免影响明年的医疗报销。",
            "请大家相互转告。",
        ],
    },
    Topic {
        slug: "yanglao-baoxian",
        title: "关于办理城乡居民养老保险参保缴费的通知",
        tag: "养老保险",
        months: &[3, 4, 5, 6],
        greeting: "各位{folk}：",
        intro: &[
            "{y}年度城乡居民基本养老保险参保缴费工作已经开始。年满16周岁（不含在校学生）、未参加职工基本养老保险的{folk}，可以参加城乡居民养老保险。",
        ],
        sections: &[
            (
                "缴费档次",
                &[
                    "每年缴费标准设若干档次，多缴多得、长缴多得；",
                    "政府按不同档次给予缴费补贴，选择较高档次的补贴更多；",
                    "重度残疾人等困难群体由政府代缴部分或全部最低标准的养老保险费。",
                ],
            ),
            (
                "办理地点",
                &[
                    "{weihui}便民服务窗口，工作日上午9时至下午5时；",
                    "也可通过手机自助缴费。",
                ],
            ),
        ],
        closing: &["年满60周岁的参保人员，请携带身份证、户口簿到{weihui}办理待遇领取手续。"],
    },
    Topic {
        slug: "jiegan-jinshao",
        title: "关于秸秆禁烧和综合利用的通告",
        tag: "秸秆禁烧",
        months: &[5, 6, 9, 10],
        greeting: "各位{folk}：",
        intro: &[
            "当前正值农作物收获季节，为防止焚烧秸秆污染大气环境、引发火灾，现就秸秆禁烧和综合利用有关事项通告如下：",
        ],
        sections: &[
            (
                "禁烧要求",
                &[
                    "全{place}范围内禁止露天焚烧秸秆、杂草和垃圾；",
                    "各组划定责任区，由组长和党员包片负责；",
                    "发现焚烧行为，请及时向{weihui}报告。",
                ],
            ),
            (
                "综合利用",
                &[
                    "秸秆可粉碎还田，机械作业费用按规定享受补贴；",
                    "养殖户可收集秸秆作饲料，{weihui}帮助联系收购；",
                    "不能利用的秸秆，集中堆放到各组指定地点。",
                ],
            ),
        ],
        closing: &["违反禁烧规定的，将依法予以处罚。"],
    },
    Topic {
        slug: "zhengbing-gonggao",
        title: "{y}年度征兵工作公告",
        tag: "征兵",
        months: &[1, 2, 3, 7, 8],
        greeting: "各位{folk}：",
        intro: &[
            "依法服兵役是公民的光荣义务。根据县征兵办公室部署，{y}年度征兵工作已经开始，现将有关事项公告如下：",
        ],
        sections: &[
            (
                "征集对象",
                &[
                    "年满18至22周岁的男性青年，大学学历可放宽至24周岁；",
                    "女性青年按照县征兵办公室的安排报名；",
                    "身体、政治条件符合征兵要求。",
                ],
            ),
            (
                "优待政策",
                &[
                    "义务兵服役期间，家庭按规定享受优待金；",
                    "退役后按规定享受就业、教育等优待政策；",
                    "在校大学生入伍按规定享受学费补偿和助学贷款代偿。",
                ],
            ),
        ],
        closing: &["有意应征的青年，请于{d3}前到{weihui}登记，联系人：{clerk}。"],
    },
    Topic {
        slug: "fanzha-xuanchuan",
        title: "关于防范电信网络诈骗的提示",
        tag: "平安建设",
        months: &[],
        greeting: "各位{folk}：",
        intro: &[
            "近期，我县发生多起冒充客服退款、冒充公检法、刷单返利等电信网络诈骗案件，部分群众上当受骗，损失严重。请大家提高警惕：",
            "据县公安局通报，近期针对老年人的“以房养老”、保健品等诈骗案件有所增多。为保护大家的“钱袋子”，特作如下提示：",
        ],
        sections: &[
            (
                "牢记“三不一多”",
                &[
                    "未知链接不点击；",
                    "陌生来电不轻信；",
                    "个人信息不透露；",
                    "转账汇款多核实。",
                ],
            ),
            (
                "常见骗术",
                &[
                    "冒充快递客服，以理赔、退款为由索要银行卡信息；",
                    "冒充领导、熟人，通过微信、QQ要求转账；",
                    "网络刷单返利，先小额返利再骗大额资金；",
                    "冒充医保、社保工作人员，以账户异常为由要求转账。",
                ],
            ),
        ],
        closing: &["遇到可疑情况，请拨打96110咨询，或向{weihui}、驻{place}民警反映。"],
    },
    Topic {
        slug: "anquan-yongdian",
        title: "关于开展安全用电检查的通知",
        tag: "安全生产",
        months: &[],
        greeting: "各位{folk}：",
        intro: &[
            "为消除用电安全隐患，{place}将会同供电所于{d1}至{d2}逐户开展安全用电检查，请各户在家配合。",
        ],
        sections: &[(
            "检查内容",
            &[
                "私拉乱接电线、老化线路；",
                "电动车在楼道、室内充电；",
                "使用不合格的电器和插座；",
                "漏电保护器是否安装并正常工作。",
            ],
        )],
        closing: &[
            "检查不收取任何费用，请谨防有人冒充工作人员收费。",
            "发现隐患的，请按要求及时整改。",
        ],
    },
    Topic {
        slug: "tingshui-tongzhi",
        title: "关于集中供水管网检修停水的通知",
        tag: "供水",
        months: &[],
        greeting: "各位{folk}：",
        intro: &[
            "因{g}供水主管道检修，{d1}上午8时至下午6时，{g}及周边农户将暂停供水，请提前储水。",
            "因蓄水池清洗消毒，{d1}全天全{place}集中供水暂停，次日恢复正常供水。",
        ],
        sections: &[],
        closing: &["如遇特殊情况延迟恢复供水，将另行通知。由此带来的不便，敬请谅解。"],
    },
    Topic {
        slug: "cungui-minyue",
        title: "关于征求村规民约修订意见的公告",
        tag: "村规民约",
        months: &[],
        greeting: "各位{folk}：",
        intro: &[
            "为推进移风易俗，经{place}“两委”研究，拟对现行村规民约进行修订。修订草案已张贴在公开栏，现公开征求意见。",
        ],
        sections: &[(
            "主要修订内容",
            &[
                "红白喜事从简办理，提倡婚事新办、丧事简办；",
                "不得大操大办、铺张浪费，宴席不超过规定桌数；",
                "爱护公共设施，不得损坏道路、路灯、水渠；",
                "孝敬老人，赡养义务人应按时给付赡养费；",
                "门前三包，保持房前屋后整洁。",
            ],
        )],
        closing: &["请于{d3}前将意见反馈至{weihui}或所在组组长。修订稿将提交{folk}代表会议表决。"],
    },
    Topic {
        slug: "tudi-liuzhuan",
        title: "关于土地经营权流转的公示",
        tag: "土地流转",
        months: &[],
        greeting: "各位{folk}：",
        intro: &[
            "经{g}农户自愿，拟将该组部分承包地经营权流转给示例县种植专业合作社，用于发展特色种植。现将有关情况公示如下：",
        ],
        sections: &[(
            "流转情况",
            &[
                "流转面积约{n}0亩，涉及农户{n}户；",
                "流转期限5年，流转费每年每亩按约定标准支付；",
                "流转费由合作社直接支付到农户账户，{weihui}不截留、不扣减。",
            ],
        )],
        closing: &["公示期内对流转有异议的，请向{weihui}或村务监督委员会反映。"],
    },
    Topic {
        slug: "daibiao-huiyi",
        title: "关于召开{folk}代表会议的通知",
        tag: "会议",
        months: &[],
        greeting: "各位{folk}代表：",
        intro: &["经{place}“两委”研究，定于{d1}上午9时在{place}党群服务中心召开{folk}代表会议。"],
        sections: &[(
            "会议议程",
            &[
                "通报上季度{place}务、财务公开情况；",
                "讨论{place}级项目建议；",
                "听取村务监督委员会工作报告；",
                "其他事项。",
            ],
        )],
        closing: &["请各位代表准时参加，因故不能参加的，请提前向{clerk}请假。"],
    },
];

const PARTY_TOPICS: &[Topic] = &[
    Topic {
        slug: "zhuti-dangri",
        title: "关于开展{m}月主题党日活动的安排",
        tag: "主题党日",
        months: &[],
        greeting: "全体党员：",
        intro: &[
            "经支部委员会研究，{m}月主题党日活动定于{d1}上午9时在{place}党群服务中心举行。",
            "按照{dangwei}的统一安排，本月主题党日活动定于{d1}举行，请全体党员按时参加。",
        ],
        sections: &[
            (
                "活动内容",
                &[
                    "重温入党誓词；",
                    "集体学习党章和党的基本知识；",
                    "党员分组清理河道、组道沿线垃圾；",
                    "为独居老人打扫卫生、检查用电安全；",
                    "开展“我为群众办实事”交流，收集群众急难愁盼问题；",
                    "通报本月{place}级财务收支情况。",
                ],
            ),
            (
                "有关要求",
                &[
                    "全体党员按时参加，因病、外出不能参加的，请向支部书记{sec}请假；",
                    "外出务工党员通过微信群参加线上学习，并在群里报到；",
                    "请大家佩戴党员徽章，带好笔记本。",
                ],
            ),
        ],
        closing: &["活动所需经费在党组织服务群众经费中列支，据实在当月财务公开中列明。"],
    },
    Topic {
        slug: "sanhui-yike",
        title: "第{q}季度“三会一课”安排",
        tag: "三会一课",
        months: &[1, 4, 7, 10],
        greeting: "全体党员：",
        intro: &["现将{branch}本季度“三会一课”安排公开如下，请全体党员按时参加："],
        sections: &[],
        closing: &["具体时间以支部通知为准。外出务工党员通过党员微信群参加学习。"],
    },
    Topic {
        slug: "zuzhi-shenghuohui",
        title: "关于召开年度组织生活会的通知",
        tag: "组织生活",
        months: &[1, 2],
        greeting: "全体党员：",
        intro: &[
            "根据{dangwei}的统一部署，{branch}定于{d2}上午9时在{place}党群服务中心召开年度组织生活会。",
        ],
        sections: &[
            (
                "会前准备",
                &[
                    "每位党员认真学习规定的学习材料，对照党员标准查找自身不足，写好发言提纲；",
                    "支部委员之间、党员之间开展谈心谈话；",
                    "支部委员会在会前广泛听取群众意见，群众可通过意见箱或电话（{phone}）反映意见建议。",
                ],
            ),
            (
                "会议议程",
                &[
                    "支部书记代表支部委员会对照检查，通报征求意见情况；",
                    "支部委员逐一对照检查，开展批评和自我批评；",
                    "党员逐一发言，互相提出批评意见；",
                    "开展民主评议党员。",
                ],
            ),
        ],
        closing: &["请全体党员准时参加，无特殊情况不得请假。"],
    },
    Topic {
        slug: "dangke",
        title: "关于讲授专题党课的通知",
        tag: "党课",
        months: &[],
        greeting: "全体党员：",
        intro: &[
            "支部书记{sec}将于{d1}下午2时30分在{place}党群服务中心讲授专题党课，主题为“发展壮大集体经济、带领群众增收致富”。",
        ],
        sections: &[(
            "党课内容",
            &[
                "本{place}集体经济发展的现状和问题；",
                "周边先进村发展产业的经验做法；",
                "下一步发展思路，征求党员意见。",
            ],
        )],
        closing: &["请全体党员准时参加，入党积极分子列席。"],
    },
    Topic {
        slug: "zhiyuan-fuwu",
        title: "关于组织党员志愿服务活动的通知",
        tag: "志愿服务",
        months: &[],
        greeting: "全体党员：",
        intro: &[
            "为发挥党员先锋模范作用，支部决定于{d1}组织党员开展志愿服务活动，请全体党员积极参加。",
        ],
        sections: &[(
            "服务项目",
            &[
                "帮助缺劳力家庭抢收抢种；",
                "清理{g}组道边沟和公共区域垃圾；",
                "走访慰问老党员、困难党员；",
                "宣传防范电信诈骗、森林防火和安全用电知识。",
            ],
        )],
        closing: &["请各党小组组长做好分工，活动结束后在党员微信群报送情况。"],
    },
    Topic {
        slug: "xuexi-anpai",
        title: "{y}年党员学习教育安排",
        tag: "学习教育",
        months: &[1, 2, 3],
        greeting: "全体党员：",
        intro: &[
            "为加强党员教育管理，根据{dangwei}要求，现将本支部{y}年党员学习教育安排公开如下。",
        ],
        sections: &[
            (
                "学习方式",
                &[
                    "每月主题党日集中学习一次；",
                    "每季度讲一次党课；",
                    "外出党员通过微信群、学习平台开展线上学习；",
                    "年老体弱党员由支部委员送学上门。",
                ],
            ),
            (
                "学习内容",
                &[
                    "党章和党内法规；",
                    "乡村振兴有关政策；",
                    "农业实用技术；",
                    "法律法规常识。",
                ],
            ),
        ],
        closing: &["学习情况纳入年度民主评议党员。"],
    },
];

const FINANCE_TOPICS: &[Topic] = &[
    Topic {
        slug: "yishiyiyi",
        title: "关于一事一议筹资筹劳方案的公示",
        tag: "一事一议",
        months: &[],
        greeting: "各位{folk}：",
        intro: &["经{folk}代表会议讨论通过，{g}组道维修实行一事一议筹资筹劳，现将方案公示如下："],
        sections: &[
            (
                "筹资标准",
                &[
                    "按受益农户筹资，每人每年不超过规定的上限标准；",
                    "五保户、低保户免于筹资；",
                    "筹劳以投工投劳方式进行，不愿出劳的可以不出。",
                ],
            ),
            (
                "资金管理",
                &[
                    "筹集资金由{place}报账员{acc}统一管理，专款专用；",
                    "使用情况在每月财务公开中逐笔列明；",
                    "接受村务监督委员会和全体{folk}监督。",
                ],
            ),
        ],
        closing: &["公示期内如有异议，请向村务监督委员会反映。"],
    },
    Topic {
        slug: "zhaiwu-qingkuang",
        title: "关于村级债务情况的公示",
        tag: "债务",
        months: &[],
        greeting: "各位{folk}：",
        intro: &["根据{zhen}农经站要求，现将本{place}截至上月末的债务情况公示如下："],
        sections: &[(
            "化解措施",
            &[
                "不再新增债务，项目建设量力而行；",
                "集体经营收入优先用于偿还工程欠款；",
                "逐笔核实、逐笔销号，化解进度每季度公开一次。",
            ],
        )],
        closing: &["对公示内容有疑问的，请向村务监督委员会或{zhen}农经站反映。"],
    },
];

/// Sentences any notice may carry, to vary the length.
const FILLERS: &[&str] = &[
    "这项工作事关每家每户的切身利益，请大家相互转告。",
    "{place}“两委”将安排专人负责，做到事事有人管、件件有落实。",
    "请各组组长及时把通知内容传达到本组每一户，特别是外出务工人员的家属。",
    "工作中发现的问题，请及时向{weihui}反映，我们将认真研究解决。",
    "有关政策的详细解释，可在工作日到{weihui}便民服务窗口咨询。",
    "上一次开展同类工作时，各组配合得很好，希望这次继续保持。",
    "村务监督委员会将全程监督，接受群众的意见和建议。",
    "对行动不便的老人和残疾人，网格员将上门服务。",
    "本通知同时在{place}公开栏和{folk}微信群发布。",
    "办理过程中不收取任何费用，请大家谨防上当受骗。",
    "相关资料由{clerk}负责收集整理，归档备查。",
    "请党员、{folk}代表带头，做好宣传解释工作。",
    "工作完成后，{place}将把结果在公开栏公示，接受大家监督。",
    "{town}有关部门将对落实情况进行督查。",
];

/// The same for party notices.
const PARTY_FILLERS: &[&str] = &[
    "请各党小组组长通知到本组每一名党员，特别是外出务工党员。",
    "支部将把这次活动的情况记入党员积分管理。",
    "年老体弱、行动不便的党员，由支部委员上门送学。",
    "活动情况将在下一期党务公开中通报。",
    "请入党积极分子、发展对象一同参加。",
    "党员要带头遵守纪律，按时到会，不迟到早退。",
    "对支部工作有意见建议的，可以在会上提出，也可以会后向支部书记{sec}反映。",
    "有关学习材料已发到党员微信群，请提前阅读。",
];

/// What later revisions add to a notice, with the change note that says so.
const AMENDMENTS: &[(&str, &str)] = &[
    (
        "补充说明：如有疑问，请在工作日到{weihui}咨询，联系电话：{phone}。",
        "补充咨询电话",
    ),
    (
        "补充说明：外出务工人员可委托家属代为办理。",
        "补充委托办理的说明",
    ),
    (
        "补充说明：行动不便的老人，可由网格员上门办理。",
        "补充上门服务的安排",
    ),
    (
        "补充说明：本通知的时间安排如遇雨天顺延，顺延后的时间另行通知。",
        "补充雨天顺延的说明",
    ),
    ("补充说明：有关材料已同时张贴在各组公开栏。", "补充张贴地点"),
];
const PARTY_AMENDMENTS: &[(&str, &str)] = &[
    (
        "补充说明：外出务工党员通过党员微信群参加，并在群里报到。",
        "补充外出党员参加方式",
    ),
    (
        "补充说明：年老体弱的党员由支部委员上门送学。",
        "补充年老体弱党员的安排",
    ),
    (
        "补充说明：如有疑问，请与支部书记{sec}或副书记{vice}联系。",
        "补充联系人",
    ),
];
const FINANCE_AMENDMENTS: &[(&str, &str)] = &[
    (
        "补充说明：各月收支明细已同时张贴在{place}公开栏，欢迎查阅原始凭证。",
        "补充查阅明细和凭证的说明",
    ),
    (
        "补充说明：以上数据已经村务监督委员会逐月核对。",
        "补充监督委员会核对情况",
    ),
    (
        "补充说明：对公示内容有疑问的，可在工作日到{weihui}查阅账簿，报账员{acc}负责解答。",
        "补充查阅账簿的安排",
    ),
];
const EXTRA_SENTENCES: &[(&str, &str)] = &[
    (
        "请各组组长于次日前将落实情况报{weihui}。",
        "补充各组报送落实情况的要求",
    ),
    ("具体名单以{weihui}张贴的为准。", "补充说明以张贴名单为准"),
    ("本项工作由{place}“两委”成员分片包组负责。", "补充包组责任"),
];

fn sign(org: &str, d: Date) -> String {
    format!("{org}  \n{}", d.cn())
}

fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut o = format!(
        "| {} |\n|{}|",
        header.join(" | "),
        vec!["---"; header.len()].join("|")
    );
    for r in rows {
        let _ = write!(o, "\n| {} |", r.join(" | "));
    }
    o
}

/// Paragraphs of a notice on `topic`, of varied length.
fn topic_body(t: &Topic, cx: &Ctx, rng: &mut Rng, org: &str, extra: Vec<String>) -> Vec<String> {
    let mut paras = vec![fill(t.greeting, cx, rng)];
    // filler sentences, each used at most once per notice
    let n_fill = rng.range(0, 2) as usize;
    let pool = if t.greeting.starts_with("全体党员") {
        PARTY_FILLERS
    } else {
        FILLERS
    };
    let fillers = rng.sample(pool.len(), n_fill + 3);
    let mut intro = fill(rng.pick::<&str>(t.intro), cx, rng);
    for &k in &fillers[..n_fill] {
        intro.push_str(&fill(pool[k], cx, rng));
    }
    paras.push(intro);
    paras.extend(extra);
    // a long notice has every section with most items, a short one none
    let nsec = if t.sections.is_empty() {
        0
    } else {
        rng.range(0, t.sections.len() as i64) as usize
    };
    let numbered = rng.chance(0.5);
    for (k, (heading, items)) in t.sections.iter().take(nsec).enumerate() {
        paras.push(format!("## {}、{}", cn_num(k + 1), heading));
        let n = rng.range(2.min(items.len() as i64), items.len() as i64) as usize;
        let list: Vec<String> = items[..n]
            .iter()
            .enumerate()
            .map(|(i, it)| {
                let s = fill(it, cx, rng);
                if numbered {
                    format!("{}. {s}", i + 1)
                } else {
                    format!("- {s}")
                }
            })
            .collect();
        paras.push(list.join("\n"));
    }
    if nsec == 0 || rng.chance(0.4) {
        let n = rng.range(1, 3) as usize;
        let p: String = fillers[n_fill..n_fill + n]
            .iter()
            .map(|&k| fill(pool[k], cx, rng))
            .collect();
        paras.push(p);
    }
    paras.push(format!(
        "{}联系电话：{}",
        fill(rng.pick::<&str>(t.closing), cx, rng),
        cx.v.phone
    ));
    paras.push(sign(org, cx.date));
    paras
}

// ---------------------------------------------------------------------------------------------
// One village: its documents and the history of each.

/// One version of a document: when, and its text.
struct Version {
    t: i64,
    text: String,
    msg: String,
    /// A `Change-Note:` trailer for the commit message.
    trailer: Option<String>,
}

struct DocHistory {
    /// The path at HEAD (or the last path, for a deleted file).
    file: String,
    versions: Vec<Version>,
    /// The first path, and when it was renamed to `file`.
    renamed_from: Option<(String, i64)>,
    deleted: Option<i64>,
    title: String,
}

struct VillageOut {
    village_yaml: String,
    docs: Vec<DocHistory>,
    clerk: String,
    name: String,
}

struct Gen<'a> {
    v: V<'a>,
    rng: Rng,
    ids: HashSet<String>,
    docs: Vec<Doc>,
    start: Month,
    months: usize,
    seed: u64,
    revisions: f64,
}

impl Gen<'_> {
    fn unique_id(&mut self, base: String) -> String {
        let mut id = base.clone();
        let mut k = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{k}");
            k += 1;
        }
        self.ids.insert(id.clone());
        id
    }

    fn ctx(&self, date: Date) -> Ctx<'_, '_> {
        Ctx {
            v: &self.v,
            date,
            y: date.parts().0,
        }
    }

    fn reviewers(&mut self) -> Vec<String> {
        let i = self.rng.sample(3, 2);
        i.into_iter()
            .map(|k| self.v.supervisors[k].clone())
            .collect()
    }

    fn push(&mut self, doc: Doc) {
        self.docs.push(doc);
    }

    fn notice(
        &mut self,
        topics: &'static [Topic],
        dir: &'static str,
        kind: &'static str,
        mo: Month,
        org: String,
    ) {
        let fits: Vec<&Topic> = topics
            .iter()
            .filter(|t| t.months.is_empty() || t.months.contains(&mo.m))
            .collect();
        let t = *self.rng.pick(&fits);
        let pub_ = mo.day(&mut self.rng, 1, 26);
        let mut rng = self.rng.clone();
        self.rng.next();
        let cx = self.ctx(pub_);
        let next = (cx.y + 1).to_string();
        let q = cn_num(mo.quarter() as usize);
        let title = fill(
            &t.title.replace("{next}", &next).replace("{q}", &q),
            &cx,
            &mut rng,
        );
        let mut extra = Vec::new();
        if t.slug == "sanhui-yike" {
            let rows = vec![
                vec![
                    "支部党员大会".into(),
                    format!("{}月下旬", mo.m + 1),
                    "学习传达上级会议精神；讨论本季度重点工作".into(),
                ],
                vec![
                    "支部委员会".into(),
                    "每月上旬".into(),
                    "研究当月工作，审核财务公开内容".into(),
                ],
                vec![
                    "党小组会".into(),
                    format!("{}月中旬", mo.m + 2),
                    "各党小组组织学习，收集群众意见".into(),
                ],
                vec![
                    "党课".into(),
                    format!("{}月上旬", mo.m + 2),
                    format!("支部书记{}讲专题党课", cx.v.secretary),
                ],
            ];
            extra.push(table(&["类别", "时间", "主要内容"], &rows));
        }
        if t.slug == "zhaiwu-qingkuang" {
            let rows: Vec<Vec<String>> = (0..rng.range(1, 4))
                .map(|k| {
                    vec![
                        format!("{}", ["工程欠款", "借款", "应付款"][k as usize % 3]),
                        format!("{}年", cx.y - rng.range(2, 9)),
                        money(round_yuan(&mut rng, 3000, 90000, 100)),
                    ]
                })
                .collect();
            extra.push(table(&["类别", "形成年份", "金额（元）"], &rows));
        }
        let body = topic_body(t, &cx, &mut rng, &org, extra);
        let id = self.unique_id(format!("{}-{:02}-{}", mo.y, mo.m, t.slug));
        let mut head = Head::new(title, kind, pub_);
        head.tags.push(t.tag.into());
        if kind == "finance.notice" {
            let prev = Month::nth(mo, 0).first().add(-1).parts();
            head.period = Some(format!("{}-{:02}", prev.0, prev.1));
            let r = self.reviewers();
            head.reviewed = Some((r, pub_.sub_workdays(1)));
        }
        self.push(Doc {
            dir,
            id,
            md: true,
            head,
            data: Data::Notice,
            paras: body,
        });
    }

    fn decision(
        &mut self,
        mo: Month,
        matter: String,
        resolution: String,
        slug: &str,
        result: Option<(Date, String)>,
    ) -> String {
        let rng = &mut self.rng;
        let d1 = mo.first().add(rng.range(0, 4)).next_workday();
        let d2 = d1.add_workdays(rng.range(2, 4));
        let d3 = d2.add_workdays(rng.range(3, 5));
        let d4 = d3.add_workdays(rng.range(3, 5));
        let pub_ = d4.add_workdays(rng.range(1, 3));
        let exp_p = self.v.members.len() as i64;
        let pres_p = rng.range((exp_p * 2 + 2) / 3 + 1, exp_p);
        let exp_r = self.v.reps;
        let pres_r = rng.range(exp_r * 4 / 5, exp_r);
        let agree = pres_r - rng.range(0, 3);
        let id = self.unique_id(format!("{}-{:02}-{slug}", mo.y, mo.m));
        let mut head = Head::new(
            format!(
                "关于{}的决议公开",
                matter.split('（').next().unwrap_or(&matter)
            ),
            "affairs.decision",
            pub_,
        );
        head.tags.push("四议两公开".into());
        let md = self.rng.chance(0.15);
        let paras = if md {
            vec![format!(
                "本事项按照“四议两公开”程序办理。决议实施过程中，村务监督委员会全程监督，实施结果将再次公开。如有意见，请向{}反映。",
                self.v.weihui()
            )]
        } else {
            Vec::new()
        };
        self.push(Doc {
            dir: "affairs",
            id: id.clone(),
            md,
            head,
            data: Data::Decision(Decision {
                matter,
                steps: [d1, d2, d3, d4],
                party: (exp_p, pres_p),
                reps: (exp_r, pres_r, agree),
                resolution,
                result: None,
                pending_result: result,
            }),
            paras,
        });
        id
    }
}

const PROJECTS: &[(&str, &str, &str)] = &[
    (
        "组道硬化工程",
        "zudao-yinghua",
        "硬化组道{k}公里，路面宽3.5米",
    ),
    (
        "安全饮水管网改造工程",
        "yinshui-guanwang",
        "更换供水主管网{k}公里，新建蓄水池1座",
    ),
    (
        "灌溉水渠衬砌工程",
        "shuiqu-chenqi",
        "衬砌灌溉水渠{k}公里，新建分水闸若干处",
    ),
    (
        "河堤护坡工程",
        "hedi-hupo",
        "浆砌石护坡{k}百米，清理河道淤积",
    ),
    (
        "村级活动场所维修改造工程",
        "huodong-changsuo",
        "屋面防水翻新、便民服务大厅改造",
    ),
    (
        "产业路修建工程",
        "chanye-lu",
        "新建产业路{k}公里，配套涵管若干处",
    ),
    (
        "文化广场建设工程",
        "wenhua-guangchang",
        "硬化广场，安装健身器材，建宣传栏一处",
    ),
    ("便民桥修建工程", "bianmin-qiao", "新建钢筋混凝土便民桥1座"),
    (
        "太阳能路灯安装工程",
        "taiyangneng-ludeng",
        "安装太阳能路灯{k}0盏",
    ),
    (
        "山塘除险加固工程",
        "shantang-jiagu",
        "山塘大坝防渗加固、溢洪道改造",
    ),
];
const CONTRACTORS: &[&str] = &[
    "示例县恒通建筑工程有限公司",
    "示例县安澜水利工程有限公司",
    "示例县鑫源市政工程有限公司",
    "示例县青山路桥工程有限公司",
    "示例县明光照明工程有限公司",
    "示例县宏达建设工程有限公司",
];

struct Project {
    decision: String,
    name: String,
    contract: i64,
    /// month index of the decision
    at: usize,
}

fn gen_village(
    seed: u64,
    spec: &VillageSpec,
    town: &Town,
    start: Month,
    months: usize,
    revisions: f64,
) -> VillageOut {
    let v = setup_village(seed, spec, town);
    let mut g = Gen {
        v,
        rng: Rng::derive(seed, 100 + spec.idx as u64, 3),
        ids: HashSet::new(),
        docs: Vec::new(),
        start,
        months,
        seed,
        revisions,
    };
    // projects first: their decisions are cited by the cash book
    let mut projects: Vec<Project> = Vec::new();
    let mut i = 0usize;
    while i + 3 < months {
        if g.rng.chance(0.045) {
            let (what, slug, content) = *g.rng.pick(PROJECTS);
            let gname = g.v.group(&mut g.rng);
            let name = format!("{gname}{what}");
            let contract = round_yuan(&mut g.rng, 90_000, 260_000, 100);
            let mo = Month::nth(start, i);
            let k = g.rng.range(1, 3).to_string();
            let contractor = *g.rng.pick(CONTRACTORS);
            let matter = format!("{name}（预算 {}）", wan(contract));
            let resolution = format!(
                "同意实施{name}，主要内容为{}。工程由{contractor}承建，合同价{}元，资金来源为上级补助资金，不足部分由村集体经济收入解决。",
                content.replace("{k}", &k),
                money(contract)
            );
            let done = Month::nth(start, i + 3).day(&mut g.rng, 3, 20);
            let result = format!(
                "工程已于{}完工，经{}组织验收合格，结算金额{}元。",
                done.cn(),
                town.name,
                money(contract)
            );
            let id = g.decision(mo, matter, resolution, slug, Some((done, result)));
            projects.push(Project {
                decision: id,
                name,
                contract,
                at: i,
            });
            i += 5;
        } else {
            i += 1;
        }
    }
    // other decisions (no money in the cash book)
    for i in 0..months {
        if g.rng.chance(0.06) {
            let mo = Month::nth(start, i);
            let (matter, res, slug) = match g.rng.below(4) {
                0 => (
                    format!("{}年度集体经济收益分配方案", mo.y),
                    "同意按方案分配集体经济收益，分配明细另行公示。".to_string(),
                    "shouyi-fangan",
                ),
                1 => (
                    format!("调整{}集中供水水费收取标准", g.v.place()),
                    "同意自下季度起调整水费收取标准，低保户、特困供养户每户每月减免3立方米。"
                        .to_string(),
                    "shuifei-biaozhun",
                ),
                2 => (
                    "集体林地承包合同续签".to_string(),
                    "同意以公开竞价方式续签集体林地承包合同，承包期五年。".to_string(),
                    "lindi-chengbao",
                ),
                _ => (
                    "修订村规民约".to_string(),
                    "同意修订后的村规民约，自通过之日起施行。".to_string(),
                    "cungui-xiuding",
                ),
            };
            g.decision(mo, matter, res, slug, None);
        }
    }
    finance(&mut g, &projects);
    for i in 0..months {
        let mo = Month::nth(start, i);
        let committee = g.v.committee();
        let branch = g.v.branch();
        let n = if g.rng.chance(0.1) {
            2
        } else if g.rng.chance(0.33) {
            1
        } else {
            0
        };
        for _ in 0..n {
            g.notice(
                AFFAIRS_TOPICS,
                "affairs",
                "affairs.notice",
                mo,
                committee.clone(),
            );
        }
        let n = if g.rng.chance(0.06) {
            2
        } else if g.rng.chance(0.33) {
            1
        } else {
            0
        };
        for _ in 0..n {
            g.notice(PARTY_TOPICS, "party", "party.notice", mo, branch.clone());
        }
        if g.rng.chance(0.05) {
            g.notice(
                FINANCE_TOPICS,
                "finance",
                "finance.notice",
                mo,
                committee.clone(),
            );
        }
        if mo.m.is_multiple_of(3) {
            dues(&mut g, mo);
            if g.rng.chance(0.6) {
                beneficiaries(&mut g, mo, "dibao");
            }
        }
        if mo.m == 1 && g.rng.chance(0.5) {
            beneficiaries(&mut g, mo, "gaoling");
        }
        if mo.m == 5 && !g.v.spec.community && g.rng.chance(0.7) {
            beneficiaries(&mut g, mo, "gengdi");
        }
        if g.rng.chance(0.03) {
            beneficiaries(&mut g, mo, "linshi");
        }
        if mo.m == 4 + (spec.idx % 6) as u32 && g.rng.chance(0.85) {
            development(&mut g, mo);
        }
    }
    let village_yaml = format!(
        "name: {}\nkind: {}\ncode: \"{}\"\ngroups: [{}]\nsupervisors: {{ body: 村务监督委员会, members: [{}] }}\n",
        spec.name,
        if spec.community { "社区" } else { "村" },
        spec.code,
        g.v.groups.join(", "),
        g.v.supervisors.join(", ")
    );
    let clerk = g.v.clerk.clone();
    let docs = history(&mut g);
    VillageOut {
        village_yaml,
        docs,
        clerk,
        name: spec.name.clone(),
    }
}

const INCOME_ODD: &[(&str, &str, i64, i64)] = &[
    ("其他收入", "{weihui}场地临时租用费", 200, 600),
    ("其他收入", "废旧物资变卖收入", 150, 480),
    ("补助收入", "拨付网格员工作补贴", 1200, 3000),
    ("其他收入", "爱心企业捐赠慰问款", 2000, 5000),
    ("补助收入", "民兵整组训练误工补助", 600, 1500),
    ("发包及上交收入", "收回以前年度承包费尾欠", 800, 3000),
];

/// The month-by-month cash book: balances chain, vouchers are unique, dates inside the month,
/// expenses above 50,000 yuan only for projects and always with their decision.
fn finance(g: &mut Gen, projects: &[Project]) {
    let mut rng = Rng::derive(g.seed, 100 + g.v.spec.idx as u64, 4);
    let mut cash = cents(&mut rng, 300, 3000);
    let mut bank = cents(&mut rng, 30_000, 200_000);
    let community = g.v.spec.community;
    let mut halves: Vec<(i64, i64)> = Vec::new(); // (income, expense) per month
    for i in 0..g.months {
        let mo = Month::nth(g.start, i);
        let (y, m) = (mo.y, mo.m);
        let mut ls: Vec<CashLine> = Vec::new();
        let mut add = |date: Date,
                       income: bool,
                       account: &'static str,
                       summary: String,
                       fen: i64,
                       decision: Option<String>| {
            ls.push(CashLine {
                date,
                income,
                account,
                summary,
                fen,
                decision,
                voucher: String::new(),
            });
        };
        let q = mo.quarter();
        let qn = cn_num(q as usize);
        if m % 3 == 1 {
            add(
                mo.day(&mut rng, 9, 20),
                true,
                "补助收入",
                format!("拨付{y}年第{qn}季度村级组织运转经费"),
                yuan(rng.range(16, 30) * 1000),
                None,
            );
        }
        if m % 3 == 0 {
            add(
                workday_in(y, m, 21),
                true,
                "其他收入",
                "银行存款利息".into(),
                (bank * 35 / 40_000 + rng.range(-900, 900)).max(1234),
                None,
            );
        }
        if g.v.has("pv") {
            let prev = if m == 1 {
                format!("{}年12月", y - 1)
            } else {
                format!("{}月", m - 1)
            };
            add(
                mo.day(&mut rng, 14, 22),
                true,
                "经营收入",
                format!("村级光伏电站{prev}发电收益"),
                cents(&mut rng, 1500, 3800),
                None,
            );
        }
        if g.v.has("pond") && m == 3 {
            add(
                mo.day(&mut rng, 3, 12),
                true,
                "发包及上交收入",
                format!("{y}年度集体鱼塘承包费"),
                yuan(rng.range(40, 90) * 100),
                None,
            );
        }
        if g.v.has("forest") && m == 11 {
            add(
                mo.day(&mut rng, 10, 20),
                true,
                "发包及上交收入",
                format!("{y}年度集体林地承包费"),
                yuan(rng.range(60, 160) * 100),
                None,
            );
        }
        if g.v.has("shops") && m % 3 == 1 {
            let n = rng.range(3, 9);
            add(
                mo.day(&mut rng, 3, 8),
                true,
                "经营收入",
                format!("集体门面房第{qn}季度租金（{n}间）"),
                n * yuan(rng.range(5, 12) * 100) * 3,
                None,
            );
        }
        if g.v.has("gongyi") && m % 3 == 0 {
            add(
                mo.day(&mut rng, 10, 18),
                true,
                "补助收入",
                format!("第{qn}季度公益性岗位补贴（{}人）", g.v.cleaners),
                yuan(1000) * 3 * g.v.cleaners,
                None,
            );
        }
        if g.v.has("greenhouse") && (m == 3 || m == 9) {
            add(
                mo.day(&mut rng, 5, 15),
                true,
                "发包及上交收入",
                format!(
                    "集体蔬菜大棚{}租赁费",
                    if m == 3 { "上半年" } else { "下半年" }
                ),
                yuan(rng.range(50, 80) * 100),
                None,
            );
        }
        if g.v.has("tea") && m == 4 {
            add(
                mo.day(&mut rng, 1, 8),
                true,
                "发包及上交收入",
                "集体茶园春茶采摘承包费".into(),
                yuan(rng.range(60, 110) * 100),
                None,
            );
        }
        if g.v.has("water") && m % 3 == 1 {
            add(
                mo.day(&mut rng, 8, 16),
                true,
                "经营收入",
                "上季度集中供水水费".into(),
                cents(&mut rng, 2000, 6000),
                None,
            );
            add(
                mo.day(&mut rng, 17, 24),
                false,
                "经营支出",
                "上季度供水管护员报酬".into(),
                yuan(360 * rng.range(2, 5)),
                None,
            );
        }
        if g.v.has("fanghuo") && (m == 3 || m == 11) {
            add(
                mo.day(&mut rng, 10, 20),
                true,
                "补助收入",
                "森林防火巡查补助资金".into(),
                round_yuan(&mut rng, 2000, 4000, 100),
                None,
            );
        }
        if m == 5 {
            add(
                mo.day(&mut rng, 10, 25),
                true,
                "补助收入",
                format!("拨付{y}年度党组织服务群众经费"),
                round_yuan(&mut rng, 20_000, 30_000, 1000),
                None,
            );
        }
        if rng.chance(0.12) {
            let (acc, s, lo, hi) = *rng.pick(INCOME_ODD);
            add(
                mo.day(&mut rng, 5, 25),
                true,
                acc,
                s.replace("{weihui}", g.v.weihui()),
                round_yuan(&mut rng, lo, hi, 50),
                None,
            );
        }
        // expenses
        let (n, w) = (g.v.cleaners, g.v.wage);
        add(
            mo.day(&mut rng, 24, 28),
            false,
            "公益支出",
            format!("{m}月份保洁员工资（{n}人）"),
            n * w,
            None,
        );
        add(
            mo.day(&mut rng, 8, 16),
            false,
            "管理费用",
            if community {
                "社区服务中心电费".into()
            } else {
                "村委会办公电费".into()
            },
            cents(&mut rng, 150, 420),
            None,
        );
        add(
            mo.day(&mut rng, 18, 22),
            false,
            "管理费用",
            "办公宽带及固定电话费".into(),
            yuan(if community { 129 } else { 99 }),
            None,
        );
        if rng.chance(0.5) {
            let what = *rng.pick(&[
                "办公用品（打印纸、墨盒）",
                "办公用品",
                "办公用品（档案盒、笔记本）",
                "打印机硒鼓及维修",
            ]);
            add(
                mo.day(&mut rng, 3, 26),
                false,
                "管理费用",
                what.into(),
                cents(&mut rng, 86, 780),
                None,
            );
        }
        if m % 3 == 1 || rng.chance(0.2) {
            add(
                mo.day(&mut rng, 10, 28),
                false,
                "管理费用",
                "公开栏资料打印费".into(),
                round_yuan(&mut rng, 60, 260, 10),
                None,
            );
        }
        if m == 1 {
            let k = rng.range(8, 18);
            add(
                mo.day(&mut rng, 15, 24),
                false,
                "公益支出",
                format!("春节走访慰问困难群众（{k}户）"),
                yuan(k * 300),
                None,
            );
        }
        if m % 3 == 0 {
            add(
                mo.day(&mut rng, 20, 26),
                false,
                "其他支出",
                "银行账户管理费及短信服务费".into(),
                *rng.pick(&[1800, 2400, 3000]),
                None,
            );
            add(
                mo.day(&mut rng, 25, 30),
                false,
                "公益支出",
                format!("第{qn}季度生活垃圾清运费"),
                round_yuan(&mut rng, 1800, 4500, 50),
                None,
            );
        }
        if rng.chance(0.3) {
            add(
                mo.day(&mut rng, 5, 25),
                false,
                "管理费用",
                format!("{m}月主题党日活动经费"),
                round_yuan(&mut rng, 300, 1200, 10),
                None,
            );
        }
        if m == 6 {
            let k = rng.range(4, 9);
            add(
                mo.day(&mut rng, 20, 30),
                false,
                "公益支出",
                format!("七一走访慰问老党员、困难党员（{k}人）"),
                yuan(k * 300),
                None,
            );
        }
        if m == 10 {
            let k = rng.range(9, 30);
            add(
                mo.day(&mut rng, 20, 29),
                false,
                "公益支出",
                format!("重阳节慰问80岁以上老人（{k}人）"),
                yuan(k * 100),
                None,
            );
        }
        if m == 11 {
            add(
                mo.day(&mut rng, 3, 20),
                false,
                "管理费用",
                format!("{}年度党报党刊订阅费", y + 1),
                cents(&mut rng, 1200, 2600),
                None,
            );
        }
        if (m == 6 || m == 12) && !community {
            add(
                mo.day(&mut rng, 24, 30),
                false,
                "管理费用",
                format!(
                    "{}村民小组长误工补贴（{}人）",
                    if m == 6 { "上半年" } else { "下半年" },
                    g.v.groups.len()
                ),
                yuan(600 * g.v.groups.len() as i64),
                None,
            );
        }
        if m == 12 {
            add(
                mo.day(&mut rng, 22, 29),
                false,
                "管理费用",
                "村务监督委员会成员误工补贴（3人）".into(),
                yuan(2400),
                None,
            );
        }
        if !community && rng.chance(0.15) {
            let gname = g.v.group(&mut rng);
            let what = *rng.pick(&[
                "村道塌方修补",
                "村道坑槽修补",
                "组道边沟疏通",
                "涵管更换",
                "水渠清淤用工",
            ]);
            add(
                mo.day(&mut rng, 8, 25),
                false,
                "公益支出",
                format!("{gname}{what}"),
                round_yuan(&mut rng, 1500, 9800, 100),
                None,
            );
        }
        if rng.chance(0.18) {
            let k = rng.range(3, 12);
            add(
                mo.day(&mut rng, 3, 27),
                false,
                "公益支出",
                format!("路灯维修（更换灯头{k}个）"),
                yuan(k * 60),
                None,
            );
        }
        if g.v.has("fanghuo") && matches!(m, 2 | 3 | 11 | 12) {
            let k = rng.range(3, 6);
            add(
                mo.day(&mut rng, 20, 27),
                false,
                "公益支出",
                format!("{m}月森林防火巡查员补助（{k}人）"),
                yuan(k * 300),
                None,
            );
        }
        if m == 6 && rng.chance(0.5) {
            add(
                mo.day(&mut rng, 8, 28),
                false,
                "公益支出",
                "防汛物资（编织袋、雨衣、手电筒）".into(),
                cents(&mut rng, 900, 2800),
                None,
            );
        }
        // projects: the grant the month after the decision, then two payments and the retention
        for p in projects {
            let d = p.decision.clone();
            if i == p.at + 1 {
                add(
                    mo.day(&mut rng, 5, 12),
                    true,
                    "补助收入",
                    format!("上级拨付{}项目资金", p.name),
                    p.contract * 9 / 10 / 10_000 * 10_000,
                    None,
                );
                add(
                    mo.day(&mut rng, 15, 28),
                    false,
                    "公益支出",
                    format!("{}进度款", p.name),
                    p.contract * 6 / 10,
                    Some(d.clone()),
                );
            } else if i == p.at + 2 {
                add(
                    mo.day(&mut rng, 15, 28),
                    false,
                    "公益支出",
                    format!("{}尾款", p.name),
                    p.contract - p.contract * 6 / 10 - p.contract * 3 / 100,
                    Some(d.clone()),
                );
            } else if i == p.at + 9 {
                add(
                    mo.day(&mut rng, 5, 25),
                    false,
                    "公益支出",
                    format!("{}质保金", p.name),
                    p.contract * 3 / 100,
                    Some(d.clone()),
                );
            }
        }
        let open_total = cash + bank;
        let ti: i64 = ls.iter().filter(|l| l.income).map(|l| l.fen).sum();
        let te: i64 = ls.iter().filter(|l| !l.income).map(|l| l.fen).sum();
        if open_total + ti - te < yuan(5000) {
            let need = yuan(5000) - (open_total + ti - te);
            let fen = (need / yuan(1000) + 6) * yuan(1000);
            ls.push(CashLine {
                date: mo.day(&mut rng, 3, 10),
                income: true,
                account: "补助收入",
                summary: format!("{}财政所拨付村级运转补助资金", g.v.town.name),
                fen,
                decision: None,
                voucher: String::new(),
            });
        }
        let ti: i64 = ls.iter().filter(|l| l.income).map(|l| l.fen).sum();
        let te: i64 = ls.iter().filter(|l| !l.income).map(|l| l.fen).sum();
        // voucher order: by date; on one day, income first
        let mut keyed: Vec<(Date, bool, u64, CashLine)> = ls
            .into_iter()
            .map(|l| (l.date, !l.income, rng.next(), l))
            .collect();
        keyed.sort_by_key(|k| (k.0, k.1, k.2));
        let mut lines: Vec<CashLine> = keyed.into_iter().map(|k| k.3).collect();
        for (k, l) in lines.iter_mut().enumerate() {
            l.voucher = format!("记-{:02}", k + 1);
        }
        let total = open_total + ti - te;
        let opening = (cash, bank);
        cash = total.min(cents(&mut rng, 300, 6000));
        bank = total - cash;
        halves.push((ti, te));
        // published around the 10th of the next month, reviewed a day or two before
        let next = Month::nth(g.start, i + 1);
        let pub_ = workday_in(next.y, next.m, 10 + rng.range(-2, 1));
        let mut rev = pub_.sub_workdays(rng.range(1, 2));
        if rev <= mo.last() {
            rev = mo.last().add(1).next_workday();
        }
        let pub_ = pub_.max(rev);
        let kind_word = if community { "社区集体" } else { "村级" };
        let mut head = Head::new(
            format!("{y}年{m}月{kind_word}财务收支公开"),
            "finance.statement",
            pub_,
        );
        head.period = Some(format!("{y}-{m:02}"));
        head.reviewed = Some((g.reviewers(), rev));
        if lines.iter().any(|l| l.decision.is_some()) {
            head.tags.push("项目建设".into());
        }
        let id = g.unique_id(format!("{y}-{m:02}-statement"));
        let totals = rng.chance(0.7);
        g.push(Doc {
            dir: "finance",
            id,
            md: false,
            head,
            data: Data::Statement(Statement {
                opening,
                lines,
                closing: (cash, bank),
                totals,
                typo: None,
            }),
            paras: Vec::new(),
        });
        // a half-year summary after June and December, from the same figures
        if m % 6 == 0 && halves.len() >= 6 {
            let last6 = &halves[halves.len() - 6..];
            let ti6: i64 = last6.iter().map(|h| h.0).sum();
            let te6: i64 = last6.iter().map(|h| h.1).sum();
            let half = if m == 6 { "上半年" } else { "下半年" };
            let pub2 = pub_.add_workdays(rng.range(2, 6));
            let mut head = Head::new(
                format!("{y}年{half}{kind_word}财务收支情况公示"),
                "finance.notice",
                pub2,
            );
            let start_m = m - 5;
            head.period = Some(format!(
                "{{ start: {}, end: {} }}",
                Date::ymd(y, start_m, 1),
                mo.last()
            ));
            head.reviewed = Some((g.reviewers(), rev));
            head.tags.push("半年公开".into());
            let rows: Vec<Vec<String>> = last6
                .iter()
                .enumerate()
                .map(|(k, h)| {
                    vec![
                        format!("{}月", start_m as usize + k),
                        money(h.0),
                        money(h.1),
                    ]
                })
                .chain(std::iter::once(vec!["合计".into(), money(ti6), money(te6)]))
                .collect();
            let paras = vec![
                format!("各位{}：", g.v.folk()),
                format!(
                    "现将{y}年{half}{}集体财务收支情况汇总公示如下。各月明细见每月的财务收支公开。",
                    g.v.place()
                ),
                table(&["月份", "收入（元）", "支出（元）"], &rows),
                format!(
                    "截至{}，{}账面资金余额{}元，其中库存现金{}元、银行存款{}元。",
                    mo.last().cn(),
                    g.v.place(),
                    money(cash + bank),
                    money(cash),
                    money(bank)
                ),
                format!(
                    "对公示内容有疑问的，请向村务监督委员会或报账员{}咨询。",
                    g.v.accountant
                ),
                sign(&g.v.committee(), pub2),
            ];
            let id = g.unique_id(format!(
                "{y}-{}-caiwu-gongshi",
                if m == 6 { "h1" } else { "h2" }
            ));
            g.push(Doc {
                dir: "finance",
                id,
                md: true,
                head,
                data: Data::Notice,
                paras,
            });
        }
    }
}

fn beneficiaries(g: &mut Gen, mo: Month, which: &str) {
    let rng = &mut g.rng;
    let (program, title, slug, n, lo, hi, household) = match which {
        "dibao" => (
            "农村最低生活保障",
            format!(
                "{}年第{}季度{}低保金发放公示",
                mo.y,
                cn_num(mo.quarter() as usize),
                if g.v.spec.community {
                    "城市"
                } else {
                    "农村"
                }
            ),
            "dibao-gongshi",
            rng.range(4, 30),
            600,
            2400,
            true,
        ),
        "gaoling" => (
            "高龄老人生活补贴",
            format!("{}年度高龄老人生活补贴发放公示", mo.y),
            "gaoling-butie",
            rng.range(6, 40),
            600,
            1800,
            false,
        ),
        "gengdi" => (
            "耕地地力保护补贴",
            format!("{}年耕地地力保护补贴发放公示", mo.y),
            "gengdi-butie",
            rng.range(20, 140),
            30,
            900,
            false,
        ),
        _ => (
            "临时救助",
            format!("{}年{}月临时救助发放公示", mo.y, mo.m),
            "linshi-jiuzhu",
            rng.range(1, 6),
            500,
            3000,
            true,
        ),
    };
    let pub_ = mo.day(rng, 5, 25);
    let mut rows = Vec::new();
    for _ in 0..n {
        let name = g.v.names.name(None);
        let group = g.v.group(&mut g.rng);
        let rng = &mut g.rng;
        let fen = round_yuan(rng, lo, hi, 10)
            + if which == "gengdi" {
                rng.range(0, 99)
            } else {
                0
            };
        let note = if rng.chance(0.06) {
            Some(
                rng.pick(&["新增", "恢复发放", "标准调整", "本期最后一次"])
                    .to_string(),
            )
        } else {
            None
        };
        rows.push(BenRow {
            name,
            group,
            fen,
            household: household.then(|| rng.range(1, 6)),
            note,
        });
    }
    let id = g.unique_id(format!("{}-{:02}-{slug}", mo.y, mo.m));
    let mut head = Head::new(title, "affairs.beneficiaries", pub_);
    head.tags.push("惠民资金".into());
    let paras = if g.rng.chance(0.5) {
        vec![format!(
            "以上名单经{}评议、{}审核。公示期内如有异议，请向{}或村务监督委员会反映。",
            g.v.weihui(),
            g.v.town.gov(),
            g.v.weihui()
        )]
    } else {
        Vec::new()
    };
    g.push(Doc {
        dir: "affairs",
        id,
        md: false,
        head,
        data: Data::Beneficiaries {
            program: program.into(),
            rows,
        },
        paras,
    });
}

fn dues(g: &mut Gen, mo: Month) {
    let q = mo.quarter();
    let next = Month {
        y: if mo.m == 12 { mo.y + 1 } else { mo.y },
        m: if mo.m == 12 { 1 } else { mo.m + 1 },
    };
    let pub_ = next.day(&mut g.rng, 5, 15);
    let mut rows = Vec::new();
    for (n, per_month, kind) in &g.v.members {
        let note = if *kind == "away" && g.rng.chance(0.5) {
            Some("外出务工，由家属代交".to_string())
        } else if g.rng.chance(0.02) {
            Some("含补交".to_string())
        } else {
            None
        };
        rows.push((n.clone(), per_month * 3, note));
    }
    let collected: i64 = rows.iter().map(|r| r.1).sum();
    let text = format!(
        "本支部现有党员{}名。{}年第{}季度应交党费{}元，实交{}元，已于{}全额上缴{}组织办。农民党员每人每月交纳0.20元，村干部和离退休党员按规定比例交纳。",
        rows.len(),
        mo.y,
        cn_num(q as usize),
        money(collected),
        money(collected),
        pub_.sub_workdays(2).cn(),
        g.v.town.dangwei()
    );
    let id = g.unique_id(format!("{}-q{q}-dangfei", mo.y));
    let mut head = Head::new(
        format!("{}年第{}季度党费收缴情况公开", mo.y, cn_num(q as usize)),
        "party.dues",
        pub_,
    );
    head.period = Some(format!("{}-Q{q}", mo.y));
    g.push(Doc {
        dir: "party",
        id,
        md: false,
        head,
        data: Data::Dues {
            members: rows.len(),
            rows,
            remitted: collected,
        },
        paras: vec![text],
    });
}

fn development(g: &mut Gen, mo: Month) {
    let stages = ["入党积极分子", "发展对象", "预备党员", "转正"];
    let stage = stages[(mo.y as usize + g.v.spec.idx) % 4];
    let pub_ = mo.day(&mut g.rng, 5, 24);
    let n = g.rng.range(1, 3);
    let mut people = Vec::new();
    for _ in 0..n {
        let (name, male) = g.v.names.new_person(None);
        let group = g.v.group(&mut g.rng);
        let since = pub_.add(-g.rng.range(200, 420)).next_workday();
        people.push((name, male, group, since));
    }
    let to = pub_.add_workdays(5);
    let (title, lead, slug) = match stage {
        "入党积极分子" => (
            "关于确定入党积极分子的公示",
            "经党员推荐、群团组织推优，支部委员会研究，拟将以下同志确定为入党积极分子。表中日期为本人递交入党申请书的时间。",
            "rudang-jiji-fenzi",
        ),
        "发展对象" => (
            "关于确定发展对象的公示",
            "以下同志经过一年以上的培养教育和考察，基本具备党员条件。经听取党小组、培养联系人、党员和群众意见，支部委员会研究，拟将其列为发展对象。",
            "fazhan-duixiang",
        ),
        "预备党员" => (
            "关于拟发展预备党员的公示",
            "以下发展对象已经预审合格，参加了集中培训，支部委员会研究，拟提交支部党员大会讨论接收为预备党员。",
            "yubei-dangyuan",
        ),
        _ => (
            "关于预备党员拟按期转正的公示",
            "以下同志预备期即将届满，本人已提出转正申请，经党小组和支部委员会研究，拟提交支部党员大会讨论按期转为正式党员。",
            "yubei-zhuanzheng",
        ),
    };
    let intro = format!(
        "{lead}\n\n公示期为{}至{}（5个工作日）。党员和群众对公示对象有意见的，可通过来信、来电、来访向{}（电话：{}）或{}组织办（电话：{}）反映。反映问题要实事求是，我们将严格保密。",
        pub_.cn(),
        to.cn(),
        g.v.branch_short(),
        g.v.phone,
        g.v.town.dangwei(),
        g.v.town.phone
    );
    let md = g.rng.chance(0.75);
    let paras = if md {
        vec![intro, sign(&g.v.branch(), pub_)]
    } else {
        vec![intro]
    };
    let id = g.unique_id(format!("{}-{:02}-{slug}", mo.y, mo.m));
    let mut head = Head::new(title.into(), "party.development", pub_);
    head.tags.push("发展党员".into());
    g.push(Doc {
        dir: "party",
        id,
        md,
        head,
        data: Data::Development {
            stage,
            people,
            objections_to: to,
        },
        paras,
    });
}

// ---------------------------------------------------------------------------------------------
// Revisions, withdrawals, renames and deletions: every document's versions over time.

const WITHDRAW_REASONS: &[&str] = &[
    "内容有误，已由更正后的公开替代",
    "日期填写错误，已重新发布",
    "数据录入错误，已由新公开替代",
    "发布对象有误，已重新发布",
];

/// A random moment of a working day at or after `d`.
fn work_time(rng: &mut Rng, d: Date) -> i64 {
    d.next_workday().at(rng.range(8 * 60 + 30, 17 * 60 + 30))
}

/// Applies one revision to `doc`; returns the change note (what the clerk would say).
fn revise(doc: &mut Doc, rng: &mut Rng, v: &V, when: Date) -> String {
    let cx = Ctx {
        v,
        date: when,
        y: when.parts().0,
    };
    match &mut doc.data {
        Data::Statement(s) => {
            let k = rng.below(s.lines.len() as u64) as usize;
            // prefer a line not amended yet
            let plain: Vec<usize> = (0..s.lines.len())
                .filter(|&i| !s.lines[i].summary.ends_with('）'))
                .collect();
            let k = if plain.is_empty() {
                k
            } else {
                *rng.pick(&plain)
            };
            let l = &mut s.lines[k];
            let add = *rng.pick(&[
                "（附发票）",
                "（附银行回单）",
                "（经村务监督委员会核实）",
                "（补附明细）",
            ]);
            if l.summary.contains('（') && l.summary.ends_with('）') {
                l.summary.pop();
                l.summary
                    .push_str(&format!("，{}", add.trim_start_matches('（')));
            } else {
                l.summary.push_str(add);
            }
            format!("补充{}摘要说明", l.voucher)
        }
        Data::Decision(d) => {
            if let Some((_, r)) = d.pending_result.take() {
                d.result = Some(r);
                "公开实施结果".into()
            } else {
                d.resolution.push_str(rng.pick::<&str>(&[
                    "资金使用情况按月在财务公开中列明。",
                    "实施过程接受村务监督委员会全程监督。",
                    "具体实施方案由村“两委”另行公示。",
                ]));
                "补充决议的监督和公开要求".into()
            }
        }
        Data::Beneficiaries { rows, .. } => {
            let k = rng.below(rows.len() as u64) as usize;
            let r = &mut rows[k];
            if rng.chance(0.5) {
                let old = r.fen;
                r.fen = (old + yuan(rng.range(-5, 5) * 10)).max(yuan(30));
                if r.fen == old {
                    r.fen += yuan(10);
                }
                r.note = Some("更正金额".into());
                format!("更正{}的发放金额（原为{}元）", r.name, money(old))
            } else {
                let choices: Vec<&str> = ["新增", "核实后补录", "恢复发放", "更正小组"]
                    .into_iter()
                    .filter(|c| r.note.as_deref() != Some(*c))
                    .collect();
                r.note = Some(rng.pick(&choices).to_string());
                format!("补充{}的备注", r.name)
            }
        }
        Data::Development {
            objections_to,
            people,
            ..
        } => {
            if rng.chance(0.5) {
                *objections_to = objections_to.add_workdays(2);
                format!("意见反馈截止日期延长至{}", objections_to.cn())
            } else {
                let k = rng.below(people.len() as u64) as usize;
                let g = v.group(rng);
                if people[k].2 == g {
                    *objections_to = objections_to.add_workdays(1);
                    return format!("意见反馈截止日期延长至{}", objections_to.cn());
                }
                people[k].2 = g;
                format!("更正{}所在小组", people[k].0)
            }
        }
        Data::Dues { rows, .. } => {
            let free: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].2.is_none()).collect();
            if free.is_empty() {
                doc.paras
                    .push("补充说明：个别党员的党费由家属代交，已全部收齐。".into());
                return "补充党费代交的说明".into();
            }
            let k = *rng.pick(&free);
            rows[k].2 = Some("含补交".into());
            format!("补充{}的备注", rows[k].0)
        }
        Data::Notice => {
            // the signature is the last paragraph; amend before it
            let last = doc.paras.len().saturating_sub(1);
            if rng.chance(0.5) || doc.paras.len() < 3 || doc.head.kind != "affairs.notice" {
                let list = match doc.head.kind {
                    "party.notice" => PARTY_AMENDMENTS,
                    "finance.notice" => FINANCE_AMENDMENTS,
                    _ => AMENDMENTS,
                };
                let (s, note) = *rng.pick(list);
                doc.paras.insert(last, fill(s, &cx, rng));
                note.into()
            } else {
                let editable: Vec<usize> = (1..last)
                    .filter(|&i| {
                        let p = &doc.paras[i];
                        !(p.starts_with('#')
                            || p.contains("电话")
                            || p.starts_with('|')
                            || p.starts_with('-')
                            || p.starts_with(char::is_numeric))
                    })
                    .collect();
                let (s, note) = *rng.pick(EXTRA_SENTENCES);
                match editable.last() {
                    Some(&i) => doc.paras[i].push_str(&fill(s, &cx, rng)),
                    None => doc.paras.insert(last, fill(s, &cx, rng)),
                }
                note.into()
            }
        }
    }
}

fn history(g: &mut Gen) -> Vec<DocHistory> {
    let mut rng = Rng::derive(g.seed, 100 + g.v.spec.idx as u64, 5);
    let end = last_commit_day();
    let p_more = g.revisions / (g.revisions + 1.0); // geometric: mean g.revisions
    let mut out = Vec::with_capacity(g.docs.len() + 8);
    let docs = std::mem::take(&mut g.docs);
    let mut extra_ids: Vec<String> = Vec::new();
    for mut doc in docs {
        let t0 = doc
            .head
            .published
            .next_workday()
            .at(9 * 60 + (g.v.spec.idx as i64 * 37) % 480);
        let is_notice = matches!(doc.data, Data::Notice) && doc.md;
        let is_statement = matches!(doc.data, Data::Statement(_));
        let title = doc.head.title.clone();
        let mut h = DocHistory {
            file: doc.file(),
            versions: Vec::new(),
            renamed_from: None,
            deleted: None,
            title: title.clone(),
        };
        let add_msg = format!("{}：公开{}", g.v.spec.name, title);

        // a few notices are deleted soon after (posted by mistake)
        if is_notice && rng.chance(0.003) {
            h.versions.push(Version {
                t: t0,
                text: doc.render(),
                msg: add_msg,
                trailer: None,
            });
            h.deleted = Some(t0 + 86_400 * rng.range(1, 5) + 600);
            out.push(h);
            continue;
        }
        // a few statements first carry an amount typed wrong, fixed a few days later
        let mut typo_fix: Option<(i64, String)> = None;
        if is_statement
            && rng.chance(0.02)
            && let Data::Statement(s) = &mut doc.data
        {
            let k = rng.below(s.lines.len() as u64) as usize;
            let real = s.lines[k].fen;
            let wrong = if real > yuan(100) {
                real - yuan(90)
            } else {
                real + yuan(90)
            };
            s.typo = Some((k, wrong));
            typo_fix = Some((
                t0 + 86_400 * rng.range(1, 6),
                format!(
                    "更正{}金额（原误录为{}元）",
                    s.lines[k].voucher,
                    money(wrong)
                ),
            ));
        }
        h.versions.push(Version {
            t: t0,
            text: doc.render(),
            msg: add_msg,
            trailer: None,
        });
        let mut t = t0;
        if let Some((t1, note)) = typo_fix {
            if let Data::Statement(s) = &mut doc.data {
                s.typo = None;
            }
            doc.head.change_note = Some(note.clone());
            t = t1.max(t + 600);
            h.versions.push(Version {
                t,
                text: doc.render(),
                msg: format!("{}：{}", g.v.spec.name, note),
                trailer: None,
            });
        }
        // a few notices are renamed (the clerk fixes the file name)
        if is_notice && rng.chance(0.003) {
            let old_id = format!("tongzhi-{}", rng.range(1, 999));
            if !g.ids.contains(&old_id) && !extra_ids.contains(&old_id) {
                extra_ids.push(old_id.clone());
                h.renamed_from = Some((format!("{}/{old_id}.md", doc.dir), t + 3600));
                t += 3600;
            }
        }
        // withdrawn and replaced by a correction
        let withdraw = (is_notice && rng.chance(0.01)) || (is_statement && rng.chance(0.004));
        // decisions with a project get their result; others get random revisions
        let has_result = matches!(&doc.data, Data::Decision(d) if d.pending_result.is_some());
        let mut nrev = 0;
        while rng.chance(p_more) && nrev < 12 {
            nrev += 1;
        }
        if withdraw {
            nrev = 0;
        }
        if has_result && let Data::Decision(d) = &doc.data {
            let (done, _) = d.pending_result.clone().unwrap();
            let day = done.add(rng.range(3, 15));
            let tr = work_time(&mut rng, day);
            if tr > t && tr < end.at(0) {
                let note = revise(&mut doc, &mut rng, &g.v, done);
                doc.head.change_note = Some(note.clone());
                t = tr;
                h.versions.push(Version {
                    t,
                    text: doc.render(),
                    msg: format!("{}：{}", g.v.spec.name, note),
                    trailer: None,
                });
            }
        }
        for _ in 0..nrev {
            let day = Date((t + 8 * 3600).div_euclid(86_400)).add(rng.range(1, 40));
            let tr = work_time(&mut rng, day);
            if tr >= end.at(0) {
                break;
            }
            let note = revise(&mut doc, &mut rng, &g.v, day);
            // how the clerk records why: in the file, in the commit message, or not at all
            let r = rng.f64();
            let trailer = if r < 0.6 {
                doc.head.change_note = Some(note.clone());
                None
            } else if r < 0.9 {
                doc.head.change_note = None;
                Some(note.clone())
            } else {
                doc.head.change_note = None;
                None
            };
            let text = doc.render();
            if h.versions.last().is_some_and(|v| v.text == text) {
                continue;
            }
            t = tr;
            h.versions.push(Version {
                t,
                text,
                msg: format!("{}：修改{}", g.v.spec.name, title),
                trailer,
            });
        }
        if withdraw {
            let wd = doc.head.published.add_workdays(rng.range(1, 6));
            let tw = work_time(&mut rng, wd).max(t + 600);
            if tw < end.at(0) {
                // the correction first: the withdrawal says what it corrects
                let mut new = doc.clone();
                let pubd = Date((tw + 8 * 3600).div_euclid(86_400));
                let note = revise(&mut new, &mut rng, &g.v, pubd);
                let reason = if rng.chance(0.5) {
                    rng.pick(WITHDRAW_REASONS).to_string()
                } else {
                    format!("需{note}，已由更正后的公开替代")
                };
                doc.head.withdrawn =
                    Some((Date((tw + 8 * 3600).div_euclid(86_400)), reason.clone()));
                doc.head.change_note = None;
                h.versions.push(Version {
                    t: tw,
                    text: doc.render(),
                    msg: format!("{}：撤回{}", g.v.spec.name, title),
                    trailer: Some(reason.clone()),
                });
                let new_id = g.unique_id(format!("{}-gengzheng", doc.id));
                new.id = new_id;
                new.head.published = pubd;
                new.head.supersedes = Some(doc.id.clone());
                new.head.title = format!("{}（更正）", doc.head.title);
                if let Some((_, d)) = &mut new.head.reviewed {
                    *d = (*d).max(pubd.sub_workdays(1));
                }
                new.head.change_note = Some(format!("更正：{note}"));
                if let Data::Notice = new.data {
                    let last = new.paras.len() - 1;
                    let org = if doc.dir == "party" {
                        g.v.branch()
                    } else {
                        g.v.committee()
                    };
                    new.paras[last] = sign(&org, pubd);
                }
                out.push(h);
                out.push(DocHistory {
                    file: new.file(),
                    title: new.head.title.clone(),
                    versions: vec![Version {
                        t: tw + 60,
                        text: new.render(),
                        msg: format!("{}：发布更正{}", g.v.spec.name, new.head.title),
                        trailer: None,
                    }],
                    renamed_from: None,
                    deleted: None,
                });
                continue;
            }
        }
        out.push(h);
    }
    // drafts: the newest party notice of some villages is a draft not yet published
    if rng.chance(0.1)
        && let Some(h) = out.iter_mut().rev().find(|h| {
            h.file.starts_with("party/")
                && h.file.ends_with(".md")
                && h.versions.len() == 1
                && h.deleted.is_none()
                && h.renamed_from.is_none()
        })
    {
        let text = h.versions[0]
            .text
            .replacen("\n---\n\n", "\nstatus: draft\n---\n\n", 1);
        h.versions[0].text = text;
        h.versions[0].msg = format!("{}：草稿{}", g.v.spec.name, h.title);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Writing: site skeleton, enforcement list, and the fast-import stream.

const SAMPLE_TOWNS: &[&str] = &[
    "zibai",
    "yunxi",
    "fenghuang",
    "baishui",
    "songping",
    "heyuan",
    "taoxi",
    "lingkou",
];

/// The sample county's enforcement list with each item's town list mapped onto our towns.
fn enforcement_files(dir: &Path, towns: &[Town]) -> Vec<(String, String)> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| {
            eprintln!(
                "gen-site: cannot read the sample enforcement list {}: {e}",
                dir.display()
            );
            std::process::exit(2)
        })
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    entries.sort();
    let n = towns.len();
    let map = |k: usize| -> BTreeSet<usize> {
        let mut s: BTreeSet<usize> = (0..n).filter(|j| j % SAMPLE_TOWNS.len() == k).collect();
        s.insert(k % n);
        s
    };
    entries
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read enforcement file");
            let mut out = String::with_capacity(text.len());
            for line in text.lines() {
                let trimmed = line.trim_start();
                if let Some(list) = trimmed
                    .strip_prefix("towns: [")
                    .and_then(|r| r.strip_suffix(']'))
                {
                    let mut set = BTreeSet::new();
                    for t in list.split(',').map(str::trim) {
                        let k = SAMPLE_TOWNS
                            .iter()
                            .position(|x| *x == t)
                            .unwrap_or_else(|| {
                                t.bytes().map(usize::from).sum::<usize>() % SAMPLE_TOWNS.len()
                            });
                        set.extend(map(k));
                    }
                    let ids: Vec<&str> = set.iter().map(|&j| towns[j].id.as_str()).collect();
                    out.push_str(&line[..line.len() - trimmed.len()]);
                    let _ = writeln!(out, "towns: [{}]", ids.join(", "));
                } else {
                    out.push_str(line);
                    out.push('\n');
                }
            }
            (
                format!(
                    "content/enforcement/{}",
                    p.file_name().unwrap().to_string_lossy()
                ),
                out,
            )
        })
        .collect()
}

fn site_files(towns: &[Town], villages: usize, months: usize) -> Vec<(String, String)> {
    let mut f = vec![
        (
            ".gitignore".into(),
            "/public/\n/.sanwu-cache/\n/.gen-site\n".into(),
        ),
        (
            "content/site.yaml".into(),
            "# 合成数据（虚构）：由 examples/gen-site.rs 生成，用于性能测试\n\
             name: 示例县阳光三务公开（合成数据）\n\
             county: 示例县\n\
             base_url: https://bench.example.org/\n\
             theme: default\n\
             sample_data: true\n\
             finance:\n  large_expense_threshold: \"50000.00\"\n\
             posting_days: { default: 15, beneficiaries: 7, party.development: 5 }\n"
                .into(),
        ),
        (
            "content/pages/about.md".into(),
            format!(
                "---\ntitle: 关于本站\nweight: 1\n---\n\n本站是 **sanwu** 的性能测试站点，全部内容由程序生成，\
                 是**虚构的示例数据**：示例县的{}个镇（乡、街道办）、{}个村（社区）{}个月的公开，以及其中的人名、金额和电话号码，\
                 都与真实的地方、单位和个人无关。行政区划代码以 999 开头，真实代码中没有这样的编号。\n\n\
                 ## 本站公开什么\n\n- **财务公开**：每月的收支公开表、半年汇总；\n- **村务公开**：四议两公开决议、通知公告、惠民资金名单；\n\
                 - **党务公开**：党务通知、发展党员公示、党费收缴情况。\n",
                towns.len(),
                villages,
                months
            ),
        ),
        (
            "content/pages/how-to-read-finance.md".into(),
            "---\ntitle: 如何看懂村级财务公开表\nweight: 2\n---\n\n每月的财务收支公开表由四部分组成：\n\n\
             1. **期初余额**：上月末的现金和银行存款，应当等于上月公开表的期末余额；\n\
             2. **本期收入**：每一笔收入的日期、凭证号、科目、摘要和金额；\n\
             3. **本期支出**：每一笔支出，超过大额支出标准的写明依据的决议；\n\
             4. **期末余额**：期初 + 收入 − 支出。\n\n\
             | 项目 | 应当满足 |\n|---|---|\n| 期末余额 | 期初余额 + 本期收入 − 本期支出 |\n| 本期期初 | 上期期末 |\n\n\
             看不懂的地方，可以向村务监督委员会询问。\n"
                .into(),
        ),
        (
            "content/pages/contact.md".into(),
            "---\ntitle: 联系我们\nweight: 3\n---\n\n对公开内容有疑问，请先向所在村（社区）的村务监督委员会反映；\
             也可以在工作日拨打县农业农村局农村经营管理站电话：0916-3200100。\n"
                .into(),
        ),
    ];
    for t in towns {
        f.push((
            format!("content/towns/{}/town.yaml", t.id),
            format!(
                "name: {}\nkind: {}\ncode: \"{}\"\nenforcement_office: {}综合执法办公室\n",
                t.name, t.kind, t.code, t.name
            ),
        ));
    }
    f
}

struct FastImport {
    child: std::process::Child,
    w: std::io::BufWriter<std::process::ChildStdin>,
    mark: u64,
}

impl FastImport {
    fn start(dir: &Path) -> FastImport {
        let mut child = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["fast-import", "--quiet", "--done"])
            .stdin(Stdio::piped())
            .spawn()
            .expect("run git fast-import");
        let stdin = child.stdin.take().unwrap();
        FastImport {
            child,
            w: std::io::BufWriter::with_capacity(1 << 20, stdin),
            mark: 0,
        }
    }
    fn data(&mut self, bytes: &[u8]) {
        writeln!(self.w, "data {}", bytes.len()).unwrap();
        self.w.write_all(bytes).unwrap();
        self.w.write_all(b"\n").unwrap();
    }
    fn blob(&mut self, text: &str) -> u64 {
        self.mark += 1;
        write!(self.w, "blob\nmark :{}\n", self.mark).unwrap();
        self.data(text.as_bytes());
        self.mark
    }
    fn finish(mut self) {
        self.w.write_all(b"done\n").unwrap();
        self.w.flush().unwrap();
        drop(self.w);
        let st = self.child.wait().unwrap();
        assert!(st.success(), "git fast-import failed");
    }
}

enum Op {
    Put { path: String, mark: u64 },
    Del { path: String },
    Ren { from: String, to: String },
}

struct Event {
    t: i64,
    seq: u64,
    /// Commits group events with the same key (one village's additions on one day).
    group: Option<(usize, i64)>,
    author: usize,
    msg: String,
    trailer: Option<String>,
    op: Op,
}

fn run(cmd: &mut Command) {
    let st = cmd.status().expect("run git");
    assert!(st.success(), "{cmd:?} failed");
}

fn main() {
    let a = parse_args();
    let t_all = Instant::now();
    if a.out.exists()
        && std::fs::read_dir(&a.out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        if !a.force {
            eprintln!(
                "gen-site: {} exists and is not empty (use --force to replace it)",
                a.out.display()
            );
            std::process::exit(2);
        }
        std::fs::remove_dir_all(&a.out).expect("remove old output");
    }
    std::fs::create_dir_all(&a.out).expect("create output folder");
    // the first month: END minus (months - 1)
    let start = {
        let k = END_YEAR * 12 + (END_MONTH as i64 - 1) - (a.months as i64 - 1);
        Month {
            y: k.div_euclid(12),
            m: (k.rem_euclid(12) + 1) as u32,
        }
    };

    // How many villages: given, or enough for about --docs documents (measured on a few).
    let villages_n = match a.docs {
        None => a.villages,
        Some(want) => {
            let probe_towns = make_towns(a.seed, 2);
            let probe = make_villages(a.seed, &probe_towns, 16);
            let counted: usize = probe
                .par_iter()
                .map(|s| {
                    gen_village(a.seed, s, &probe_towns[s.town], start, a.months, 0.0)
                        .docs
                        .iter()
                        .filter(|d| d.deleted.is_none())
                        .count()
                })
                .sum();
            let per = counted as f64 / probe.len() as f64;
            ((want as f64 / per).round() as usize).max(1)
        }
    };
    let towns_n = a
        .towns
        .unwrap_or(villages_n.div_ceil(27).max(2))
        .clamp(1, villages_n.max(1));
    let towns = make_towns(a.seed, towns_n);
    let specs = make_villages(a.seed, &towns, villages_n);

    let status = Command::new("git")
        .args(["init", "-q", "-b", "main"])
        .arg(&a.out)
        .status()
        .expect("git init");
    assert!(status.success());
    let mut fi = FastImport::start(&a.out);
    let mut events: Vec<Event> = Vec::new();
    let mut seq = 0u64;
    let mut authors: Vec<(String, String)> =
        vec![("示例县农经站".into(), "admin@example.org".into())];
    let push = |events: &mut Vec<Event>, e: Event| events.push(e);

    // the skeleton: site, pages, towns, villages, enforcement (villages come with their data below)
    let t_skel = Month::nth(start, 0)
        .first()
        .add(-20)
        .prev_workday()
        .at(9 * 60);
    let mut skel = site_files(&towns, villages_n, a.months);
    skel.extend(enforcement_files(&a.enforcement, &towns));
    for (path, text) in &skel {
        let mark = fi.blob(text);
        seq += 1;
        push(
            &mut events,
            Event {
                t: t_skel,
                seq,
                group: Some((usize::MAX, 0)),
                author: 0,
                msg: "建立示例县阳光三务公开站点".into(),
                trailer: None,
                op: Op::Put {
                    path: path.clone(),
                    mark,
                },
            },
        );
    }

    // villages, in parallel chunks; blobs stream to git as each chunk is done
    let (mut ndocs, mut nversions, mut ndeleted, mut nrenamed, mut nwithdrawn) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let t_gen = Instant::now();
    for chunk in specs.chunks(64) {
        let outs: Vec<VillageOut> = chunk
            .par_iter()
            .map(|s| gen_village(a.seed, s, &towns[s.town], start, a.months, a.revisions))
            .collect();
        for (s, vo) in chunk.iter().zip(outs) {
            let base = format!("content/towns/{}/{}", towns[s.town].id, s.id);
            authors.push((
                vo.clerk.clone(),
                format!("{}-{}@example.org", towns[s.town].id, s.id),
            ));
            let author = authors.len() - 1;
            let mark = fi.blob(&vo.village_yaml);
            seq += 1;
            push(
                &mut events,
                Event {
                    t: t_skel,
                    seq,
                    group: Some((usize::MAX, 0)),
                    author: 0,
                    msg: String::new(),
                    trailer: None,
                    op: Op::Put {
                        path: format!("{base}/village.yaml"),
                        mark,
                    },
                },
            );
            for d in vo.docs {
                let head_path = format!("{base}/{}", d.file);
                let first_path = d
                    .renamed_from
                    .as_ref()
                    .map(|(p, _)| format!("{base}/{p}"))
                    .unwrap_or_else(|| head_path.clone());
                for (k, ver) in d.versions.iter().enumerate() {
                    let mark = fi.blob(&ver.text);
                    let path = match &d.renamed_from {
                        Some((_, tr)) if ver.t < *tr => first_path.clone(),
                        _ => head_path.clone(),
                    };
                    seq += 1;
                    let day = (ver.t + 8 * 3600).div_euclid(86_400);
                    push(
                        &mut events,
                        Event {
                            t: ver.t,
                            seq,
                            group: if k == 0 { Some((s.idx, day)) } else { None },
                            author,
                            msg: ver.msg.clone(),
                            trailer: ver.trailer.clone(),
                            op: Op::Put { path, mark },
                        },
                    );
                }
                nversions += d.versions.len();
                if d.versions
                    .iter()
                    .any(|v| v.text.contains("\nstatus: withdrawn\n"))
                {
                    nwithdrawn += 1;
                }
                if let Some((_, tr)) = &d.renamed_from {
                    seq += 1;
                    nrenamed += 1;
                    push(
                        &mut events,
                        Event {
                            t: *tr,
                            seq,
                            group: None,
                            author,
                            msg: format!("{}：更正文件名", vo.name),
                            trailer: None,
                            op: Op::Ren {
                                from: first_path.clone(),
                                to: head_path.clone(),
                            },
                        },
                    );
                }
                if let Some(td) = d.deleted {
                    seq += 1;
                    ndeleted += 1;
                    push(
                        &mut events,
                        Event {
                            t: td,
                            seq,
                            group: None,
                            author,
                            msg: format!("{}：删除误传的{}", vo.name, d.title),
                            trailer: None,
                            op: Op::Del {
                                path: head_path.clone(),
                            },
                        },
                    );
                } else {
                    ndocs += 1;
                }
            }
        }
    }
    let gen_secs = t_gen.elapsed().as_secs_f64();

    // commits, in time order
    events.sort_by_key(|e| (e.t, e.seq));
    let mut ncommits = 0usize;
    let mut i = 0;
    while i < events.len() {
        let mut j = i + 1;
        if let Some(gk) = events[i].group {
            while j < events.len() && events[j].group == Some(gk) {
                j += 1;
            }
        }
        let e = &events[i];
        let (name, email) = &authors[e.author];
        let mut msg = if j - i > 1 && gk_is_village(e.group) {
            format!("{}等{}份公开", e.msg, j - i)
        } else {
            e.msg.clone()
        };
        if let Some(t) = &e.trailer {
            msg.push_str(&format!("\n\nChange-Note: {t}"));
        }
        msg.push('\n');
        let w = &mut fi.w;
        write!(w, "commit refs/heads/main\nauthor {name} <{email}> {} +0800\ncommitter {name} <{email}> {} +0800\n", e.t, e.t).unwrap();
        fi.data(msg.as_bytes());
        for e in &events[i..j] {
            match &e.op {
                Op::Put { path, mark } => writeln!(fi.w, "M 100644 :{mark} {path}").unwrap(),
                Op::Del { path } => writeln!(fi.w, "D {path}").unwrap(),
                Op::Ren { from, to } => writeln!(fi.w, "R {from} {to}").unwrap(),
            }
        }
        fi.w.write_all(b"\n").unwrap();
        ncommits += 1;
        i = j;
    }
    fi.finish();
    let t_checkout = Instant::now();
    run(Command::new("git")
        .arg("-C")
        .arg(&a.out)
        .args(["reset", "--hard", "-q"]));
    let params = format!(
        "towns={} villages={} months={} revisions={} seed={} docs={}\n",
        towns_n, villages_n, a.months, a.revisions, a.seed, ndocs
    );
    std::fs::write(a.out.join(".gen-site"), &params).unwrap();
    eprintln!(
        "gen-site: {} — {} towns, {} villages, {} months ({}-{:02} to {}-{:02}); {} documents at HEAD \
         ({} versions, {} withdrawn, {} renamed, {} deleted), {} commits; generated in {:.1} s, \
         checkout {:.1} s, total {:.1} s",
        a.out.display(),
        towns_n,
        villages_n,
        a.months,
        start.y,
        start.m,
        END_YEAR,
        END_MONTH,
        ndocs,
        nversions,
        nwithdrawn,
        nrenamed,
        ndeleted,
        ncommits,
        gen_secs,
        t_checkout.elapsed().as_secs_f64(),
        t_all.elapsed().as_secs_f64()
    );
}

fn gk_is_village(g: Option<(usize, i64)>) -> bool {
    matches!(g, Some((v, _)) if v != usize::MAX)
}
