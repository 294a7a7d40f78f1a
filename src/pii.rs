//! The personal-information scanner: finds resident ID, mobile and bank card numbers in text.
//!
//! Publishing a villager's full ID, mobile or bank card number is unlawful (个人信息保护法), so
//! every string of a site passes through [`scan`] before anything is written. A [`Finding`]
//! records where the number is and its masked form; it never holds the full number, so
//! printing a finding (even with `{:?}`) cannot leak it.
//!
//! # What counts as a number
//!
//! Digits are half-width (`0`–`9`) or full-width (`０`–`９`); a resident ID's check character
//! may also be `X`, `x`, `Ｘ` or `ｘ`. A *run* is a maximal sequence of digits, so a run
//! never has a digit directly before or after it, and a longer run is never split into
//! candidates. A check character belongs to a run only when no digit follows it.
//!
//! Runs joined by exactly one separator character — space, `-`, ideographic space `　` or
//! full-width `－` — form one *written number* when every join uses the same separator
//! (`138 1234 5678`, `6222-0212-3456-7890-128`). A *boundary run*, joined to its two
//! neighbours by different separators, ends one written number and starts the next, and each
//! is matched with and without it: the `05` in `2025-03-05 138 1234 5678` and the `6222` in
//! `138 1234 5678 6222-0212-3456-7890-128` do not hide the mobile. Otherwise a written number
//! of several runs is matched as a whole against these groupings, and never split:
//!
//! | kind | groupings (digits per run) |
//! |---|---|
//! | resident ID | 6-8-4, 6-4-4-4 (the last run may be 3 digits + `X`) |
//! | mobile | 3-4-4, optionally after `+86`, `86` or `0086` and one separator |
//! | bank card | 4-4-4-4, 4-4-4-4-1…3, 6-10…13 |
//!
//! When a written number matches none, each of its runs is still checked on its own.
//!
//! # Rules
//!
//! - **Resident ID** (GB 11643): 17 digits and a check character, the check character equal
//!   to `"10X98765432"[Σ dᵢ·wᵢ mod 11]` with weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, and
//!   digits 7–14 a real calendar date YYYYMMDD with the year in 1900..=2100.
//! - **Legacy resident ID**: exactly 15 digits: a 6-digit area code whose first two digits are
//!   a province code (see [`is_province`]), a real date 19YYMMDD, then 3 digits. The legacy
//!   format has no check digit, so the province code is what keeps amounts and serial numbers
//!   of 15 digits from being flagged.
//! - **Mobile**: exactly 11 digits `1[3-9]` + 9 digits; a run of 13 digits `86` + mobile is a
//!   mobile written with its country code (the finding covers the 11 digits only, so masking
//!   keeps the `+86`).
//! - **Bank card**: 16–19 digits passing the Luhn check, not all the same digit, and with a
//!   plausible issuer prefix per ISO/IEC 7812: not starting with `0`, and when starting with
//!   `2`, within Mastercard's 2221–2720 (no other card range starts with `2`). This keeps
//!   date-prefixed serial numbers (`2025030512345678901`, which passes Luhn) from being cards.
//!   An 18-digit run that is a valid resident ID is a resident ID, not a card; one that is
//!   not but passes Luhn is a card, even if it is a mistyped ID (an error either way).
//! - **Suspect resident ID** (a warning, not an error): an 18-character run of 17 digits and a
//!   digit or `X` that is neither a valid resident ID nor a bank card, and either
//!   - ends in `X` (nothing but an ID is written that way), or
//!   - starts with a province code and has digits 7–14 shaped like a birth date: year
//!     1900..=2100, month 01–12, day 01–31 (loosely, so a typo in the day still warns).
//!
//!   A mistyped real ID (one wrong or swapped digit fails the check) keeps its province and
//!   nearly always its date shape, so it still warns; a random 18-digit number passes this
//!   filter about once in 4,000 times, and order or transaction numbers that start with a
//!   date (`202503051234567890`) never do, because `20` is not a province.
//!
//! Landlines (`0916-3212345`), dates, amounts, voucher numbers, 12-digit administrative codes
//! and masked forms (`110105********1234`, `138****5678`, `**** 1234`) match none of the rules.
//!
//! # Cost
//!
//! [`scan`] is linear in the length of the text: it walks the bytes once, and each run is
//! re-read at most a small constant number of times when its written number is matched.
//! The search for the next digit (the first search is the quick pre-check) skips 32 bytes at a
//! time with a loop the compiler vectorises, so text without digits is nearly free, Chinese
//! punctuation included; nothing is allocated unless a number is found. Measured with `-O` on
//! one core: over 10 GB/s for digit-free Chinese text and about 1 GB/s for disclosure prose
//! with a number every few dozen characters.

use crate::date::days_in_month;

/// What kind of personal number a [`Finding`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PiiKind {
    /// An 18-character resident ID with a valid check character and birth date.
    ResidentId,
    /// A 15-digit resident ID of the format used before 1999.
    LegacyResidentId,
    /// A mainland mobile number.
    Mobile,
    /// A bank card number passing the Luhn check.
    BankCard,
    /// Shaped like a resident ID but its check character or birth date fails: possibly a
    /// mistyped real ID, so a warning rather than an error.
    SuspectResidentId,
}

impl PiiKind {
    /// True for kinds that are certainly personal numbers (build errors), false for
    /// [`PiiKind::SuspectResidentId`] (a warning).
    pub fn is_certain(self) -> bool {
        self != PiiKind::SuspectResidentId
    }
}

/// One personal number found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub kind: PiiKind,
    /// Byte offset of the number's first character in the scanned text.
    pub start: usize,
    /// Byte offset just past the number, which covers any separators inside it.
    pub end: usize,
    /// The masked form to show and to write instead, e.g. `110105********002X`, `138****5678`,
    /// `**** 8128`. It never contains the full number.
    pub masked: String,
}

/// The name of a kind, in Chinese and English, for messages.
pub fn describe(kind: PiiKind) -> (&'static str, &'static str) {
    match kind {
        PiiKind::ResidentId => ("居民身份证号码", "resident ID number"),
        PiiKind::LegacyResidentId => (
            "15 位旧版居民身份证号码",
            "15-digit legacy resident ID number",
        ),
        PiiKind::Mobile => ("手机号码", "mobile number"),
        PiiKind::BankCard => ("银行卡号", "bank card number"),
        PiiKind::SuspectResidentId => ("疑似居民身份证号码", "possible resident ID number"),
    }
}

/// Finds every resident ID, mobile and bank card number in `text`, in order; the findings
/// never overlap. See the module documentation for the rules and the cost.
pub fn scan(text: &str) -> Vec<Finding> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut covered = 0;
    // The first search is the quick pre-check: text without a digit costs one vectorised pass.
    let mut from = 0;
    while let Some(i) = next_digit(b, from) {
        // Runs are maximal and consumed whole, so no digit precedes this one.
        let run = parse_run(b, i);
        if run.start >= covered
            && let Some(f) = classify(b, &run)
        {
            covered = f.end;
            found.push(f);
        }
        from = run.end;
    }
    found
}

/// The byte offset of the first half- or full-width digit at or after `from`.
fn next_digit(b: &[u8], from: usize) -> Option<usize> {
    let starts_digit = |i: usize| {
        b[i].is_ascii_digit()
            || (b[i] == 0xEF
                && b.get(i + 1) == Some(&0xBC)
                && matches!(b.get(i + 2), Some(0x90..=0x99)))
    };
    let mut i = from;
    // 32 candidate starts at a time: a branch-free test the compiler vectorises says whether
    // any of them starts a digit (a full-width digit's last two bytes may lie past them).
    while let Some(w) = b.get(i..i + 34) {
        let ascii = w[..32]
            .iter()
            .fold(false, |any, &c| any | (c.wrapping_sub(b'0') < 10));
        let wide = w[1..33].iter().zip(&w[2..]).fold(false, |any, (&c, &d)| {
            any | ((c == 0xBC) & (d.wrapping_sub(0x90) < 10))
        });
        if ascii | wide
            && let Some(at) = (i..i + 32).find(|&at| starts_digit(at))
        {
            return Some(at);
        }
        i += 32;
    }
    (i..b.len()).find(|&at| starts_digit(at))
}

/// True when two leading digits are a province-level code of a resident ID: 11–15, 21–23,
/// 31–37, 41–46, 50–54, 61–65, 71 (Taiwan), 81 (Hong Kong), 82 (Macao), 83 (residence
/// permits of Taiwan residents).
pub fn is_province(d1: u8, d2: u8) -> bool {
    match d1 {
        1 => (1..=5).contains(&d2),
        2 => (1..=3).contains(&d2),
        3 => (1..=7).contains(&d2),
        4 => (1..=6).contains(&d2),
        5 => d2 <= 4,
        6 => (1..=5).contains(&d2),
        7 => d2 == 1,
        8 => (1..=3).contains(&d2),
        _ => false,
    }
}

/// The value of an `X` check character among digit values.
const X: u8 = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sep {
    Space,
    Hyphen,
    IdeographicSpace,
    FullWidthHyphen,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Digit(u8),
    X,
    Sep(Sep),
    Plus,
    Other,
}

/// The character starting at byte `i`, as far as numbers are concerned, and its length in
/// bytes. Anything uninteresting is `Other` with length 1 (at most a partial character).
fn unit_at(b: &[u8], i: usize) -> (Unit, usize) {
    match b.get(i) {
        Some(&c @ b'0'..=b'9') => (Unit::Digit(c - b'0'), 1),
        Some(b'X' | b'x') => (Unit::X, 1),
        Some(b' ') => (Unit::Sep(Sep::Space), 1),
        Some(b'-') => (Unit::Sep(Sep::Hyphen), 1),
        Some(b'+') => (Unit::Plus, 1),
        Some(0xEF) => match (b.get(i + 1), b.get(i + 2)) {
            (Some(0xBC), Some(&c @ 0x90..=0x99)) => (Unit::Digit(c - 0x90), 3),
            (Some(0xBC), Some(0xB8)) | (Some(0xBD), Some(0x98)) => (Unit::X, 3),
            (Some(0xBC), Some(0x8D)) => (Unit::Sep(Sep::FullWidthHyphen), 3),
            (Some(0xBC), Some(0x8B)) => (Unit::Plus, 3),
            _ => (Unit::Other, 1),
        },
        Some(0xE3) if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x80) => {
            (Unit::Sep(Sep::IdeographicSpace), 3)
        }
        _ => (Unit::Other, 1),
    }
}

/// The character ending at byte `i` (a character boundary) and its start.
fn unit_before(b: &[u8], i: usize) -> (Unit, usize) {
    if i == 0 {
        return (Unit::Other, 0);
    }
    if b[i - 1] < 0x80 {
        return (unit_at(b, i - 1).0, i - 1);
    }
    // Every multi-byte unit is 3 bytes with a lead byte that cannot occur inside another
    // character, so recognising those 3 bytes is enough.
    if i >= 3 {
        let (unit, len) = unit_at(b, i - 3);
        if len == 3 {
            return (unit, i - 3);
        }
    }
    (Unit::Other, i - 1)
}

/// The longest number any rule looks at (a 19-digit card).
const MAX_DIGITS: usize = 19;

/// A maximal run of digits.
#[derive(Clone, Copy, Debug)]
struct Run {
    /// Byte offset of the first digit.
    start: usize,
    /// Byte offset just past the last digit.
    end: usize,
    /// Byte offset past a check character `X` directly after the digits (with no digit after
    /// it). Such a run ends every written number it is in.
    x_end: Option<usize>,
    /// Number of digits, which may exceed `MAX_DIGITS`.
    len: usize,
    /// The first `MAX_DIGITS` digit values.
    digits: [u8; MAX_DIGITS],
}

impl Run {
    fn digits(&self) -> &[u8] {
        &self.digits[..self.len.min(MAX_DIGITS)]
    }
}

/// Reads the run of digits starting at byte `start`, which must be a digit.
fn parse_run(b: &[u8], start: usize) -> Run {
    let mut run = Run {
        start,
        end: start,
        x_end: None,
        len: 0,
        digits: [0; MAX_DIGITS],
    };
    while let (Unit::Digit(d), n) = unit_at(b, run.end) {
        if run.len < MAX_DIGITS {
            run.digits[run.len] = d;
        }
        run.len += 1;
        run.end += n;
    }
    if let (Unit::X, n) = unit_at(b, run.end)
        && !matches!(unit_at(b, run.end + n).0, Unit::Digit(_))
    {
        run.x_end = Some(run.end + n);
    }
    run
}

/// The run joined to the end of `run` by one separator (`want`, if given), and the separator.
fn joined_next(b: &[u8], run: &Run, want: Option<Sep>) -> Option<(Sep, Run)> {
    if run.x_end.is_some() {
        return None;
    }
    let (Unit::Sep(sep), n) = unit_at(b, run.end) else {
        return None;
    };
    if want.is_some_and(|w| w != sep) {
        return None;
    }
    match unit_at(b, run.end + n).0 {
        Unit::Digit(_) => Some((sep, parse_run(b, run.end + n))),
        _ => None,
    }
}

/// The separator joining the run starting at `start` to a run before it, and where the
/// earlier run ends.
fn joined_prev(b: &[u8], start: usize) -> Option<(Sep, usize)> {
    let (Unit::Sep(sep), at) = unit_before(b, start) else {
        return None;
    };
    matches!(unit_before(b, at).0, Unit::Digit(_)).then_some((sep, at))
}

/// True when the run ending at byte `end` is joined to the run before it by a separator other
/// than `sep`: a boundary run, which a written number with `sep` may start without.
fn prev_run_is_boundary(b: &[u8], end: usize, sep: Sep) -> bool {
    let mut start = end;
    while let (Unit::Digit(_), at) = unit_before(b, start) {
        start = at;
    }
    joined_prev(b, start).is_some_and(|(s, _)| s != sep)
}

/// True when a written number with separator `sep` may start with `run`: nothing joins it
/// backwards with `sep`, or only a boundary run does.
fn starts_written_number(b: &[u8], run: &Run, sep: Sep) -> bool {
    match joined_prev(b, run.start) {
        Some((s, prev_end)) if s == sep => prev_run_is_boundary(b, prev_end, sep),
        _ => true,
    }
}

/// The longest written number any grouping has, plus a boundary run after it.
const MAX_RUNS: usize = 6;

/// Collects the written number with separator `sep` that starts with `first` and `second`.
/// Returns how many runs it has and whether the last is a boundary run (joined onwards by
/// another separator), or `None` when it has more than [`MAX_RUNS`] runs.
fn written_number(
    b: &[u8],
    first: Run,
    second: Run,
    sep: Sep,
    runs: &mut [Run; MAX_RUNS],
) -> Option<(usize, bool)> {
    runs[0] = first;
    let mut n = 1;
    let mut next = second;
    loop {
        if n == MAX_RUNS {
            return None;
        }
        runs[n] = next;
        n += 1;
        match joined_next(b, &next, None) {
            Some((s, run)) if s == sep => next = run,
            Some(_) => return Some((n, true)),
            None => return Some((n, false)),
        }
    }
}

/// Up to 20 digit values (an `X` check character counts as the value 10).
struct Digits {
    d: [u8; 20],
    len: usize,
}

impl Digits {
    fn of(runs: &[Run]) -> Digits {
        let mut digits = Digits { d: [0; 20], len: 0 };
        for run in runs {
            for &d in run.digits() {
                if digits.len < digits.d.len() {
                    digits.d[digits.len] = d;
                    digits.len += 1;
                }
            }
        }
        digits
    }
    fn push(&mut self, d: u8) {
        if self.len < self.d.len() {
            self.d[self.len] = d;
            self.len += 1;
        }
    }
    fn get(&self) -> &[u8] {
        &self.d[..self.len]
    }
}

/// Looks for a number starting at `run`, the first run not covered by an earlier finding.
fn classify(b: &[u8], run: &Run) -> Option<Finding> {
    if let Some(f) = prefixed_mobile(b, run) {
        return Some(f);
    }
    if let Some((sep, second)) = joined_next(b, run, None)
        && starts_written_number(b, run, sep)
        && let Some(f) = grouped(b, *run, second, sep)
    {
        return Some(f);
    }
    single(b, run)
}

/// A mobile grouped 3-4-4 after a `+86`, `86` or `0086` prefix and one separator; the prefix
/// may use another separator than the groups (`+86 138-1234-5678`).
fn prefixed_mobile(b: &[u8], run: &Run) -> Option<Finding> {
    if !(run.digits() == [8, 6] || run.digits() == [0, 0, 8, 6]) {
        return None;
    }
    let (before, _) = unit_before(b, run.start);
    if before != Unit::Plus && joined_prev(b, run.start).is_some() {
        return None;
    }
    let (_, first) = joined_next(b, run, None)?;
    let (sep, second) = joined_next(b, &first, None)?;
    let mut runs = [first; MAX_RUNS];
    let (n, open_end) = written_number(b, first, second, sep, &mut runs)?;
    if !(n == 3 || (n == 4 && open_end)) || runs[..3].iter().map(|r| r.len).ne([3, 4, 4]) {
        return None;
    }
    let digits = Digits::of(&runs[..3]);
    is_mobile(digits.get())
        .then(|| finding(PiiKind::Mobile, first.start, runs[2].end, digits.get()))
}

/// A written number of several runs joined by `sep`, matched as a whole, or without its last
/// run when that is a boundary run.
fn grouped(b: &[u8], first: Run, second: Run, sep: Sep) -> Option<Finding> {
    let mut runs = [first; MAX_RUNS];
    let (n, open_end) = written_number(b, first, second, sep, &mut runs)?;
    match_grouping(&runs[..n]).or_else(|| {
        if open_end && n > 2 {
            match_grouping(&runs[..n - 1])
        } else {
            None
        }
    })
}

/// Matches the runs of a written number against the groupings of the module documentation.
fn match_grouping(runs: &[Run]) -> Option<Finding> {
    if runs.len() > 5 {
        return None;
    }
    let (first, last) = (runs[0], runs[runs.len() - 1]);
    let lens: [usize; 5] = std::array::from_fn(|i| runs.get(i).map_or(0, |r| r.len));
    if matches!(lens, [6, 8, 4 | 3, 0, 0] | [6, 4, 4, 4 | 3, 0]) {
        let mut digits = Digits::of(runs);
        let mut end = last.end;
        if last.len == 3 {
            // The check character must be there.
            end = last.x_end?;
            digits.push(X);
        }
        return id18(digits.get(), false).map(|kind| finding(kind, first.start, end, digits.get()));
    }
    let digits = Digits::of(runs);
    let kind = match lens {
        [3, 4, 4, 0, 0] if is_mobile(digits.get()) => PiiKind::Mobile,
        [4, 4, 4, 4, 0..=3] | [6, 10..=13, 0, 0, 0] if is_card(digits.get()) => PiiKind::BankCard,
        _ => return None,
    };
    Some(finding(kind, first.start, last.end, digits.get()))
}

/// A run with non-digit neighbours, on its own.
fn single(b: &[u8], run: &Run) -> Option<Finding> {
    let digits = run.digits();
    match (run.len, run.x_end) {
        (17, Some(x_end)) => {
            let mut d = Digits::of(std::slice::from_ref(run));
            d.push(X);
            id18(d.get(), false).map(|kind| finding(kind, run.start, x_end, d.get()))
        }
        (18, _) => id18(digits, true).map(|kind| finding(kind, run.start, run.end, digits)),
        (15, _) => is_legacy_id(digits)
            .then(|| finding(PiiKind::LegacyResidentId, run.start, run.end, digits)),
        (11, _) => is_mobile(digits).then(|| finding(PiiKind::Mobile, run.start, run.end, digits)),
        (13, _) if digits[..2] == [8, 6] && is_mobile(&digits[2..]) => {
            let (_, n1) = unit_at(b, run.start);
            let (_, n2) = unit_at(b, run.start + n1);
            Some(finding(
                PiiKind::Mobile,
                run.start + n1 + n2,
                run.end,
                &digits[2..],
            ))
        }
        (16..=19, _) => {
            is_card(digits).then(|| finding(PiiKind::BankCard, run.start, run.end, digits))
        }
        _ => None,
    }
}

/// Classifies 18 ID-shaped characters (17 digits and a digit or `X`): a valid ID, else a card
/// (when `may_be_card`: a plain run of 18 digits), else a suspect ID or nothing.
fn id18(d: &[u8], may_be_card: bool) -> Option<PiiKind> {
    debug_assert_eq!(d.len(), 18);
    if check_char(&d[..17]) == d[17] && birth_date(d, true) {
        Some(PiiKind::ResidentId)
    } else if may_be_card && is_card(d) {
        Some(PiiKind::BankCard)
    } else if d[17] == X || (is_province(d[0], d[1]) && birth_date(d, false)) {
        Some(PiiKind::SuspectResidentId)
    } else {
        None
    }
}

/// The GB 11643 check character of 17 digits (10 for `X`).
fn check_char(d: &[u8]) -> u8 {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [u8; 11] = [1, 0, X, 9, 8, 7, 6, 5, 4, 3, 2];
    let sum: u32 = d.iter().zip(WEIGHTS).map(|(&d, w)| u32::from(d) * w).sum();
    CHECK[(sum % 11) as usize]
}

fn number(d: &[u8]) -> u32 {
    d.iter().fold(0, |n, &d| n * 10 + u32::from(d))
}

/// Whether digits 7–14 of an 18-character ID are a birth date in 1900..=2100: a real calendar
/// day when `strict`, else any day 01–31 of a month 01–12.
fn birth_date(d: &[u8], strict: bool) -> bool {
    let (year, month, day) = (number(&d[6..10]), number(&d[10..12]), number(&d[12..14]));
    let last_day = if strict {
        days_in_month(year as i32, month)
    } else {
        31
    };
    (1900..=2100).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= last_day
}

fn is_legacy_id(d: &[u8]) -> bool {
    if d.len() != 15 || !is_province(d[0], d[1]) {
        return false;
    }
    let (year, month, day) = (
        1900 + number(&d[6..8]),
        number(&d[8..10]),
        number(&d[10..12]),
    );
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year as i32, month)
}

fn is_mobile(d: &[u8]) -> bool {
    d.len() == 11 && d[0] == 1 && d[1] >= 3
}

fn is_card(d: &[u8]) -> bool {
    (16..=19).contains(&d.len())
        && d[0] != 0
        && (d[0] != 2 || (2221..=2720).contains(&number(&d[..4])))
        && d.iter().any(|&x| x != d[0])
        && luhn(d)
}

fn luhn(d: &[u8]) -> bool {
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn finding(kind: PiiKind, start: usize, end: usize, d: &[u8]) -> Finding {
    Finding {
        kind,
        start,
        end,
        masked: mask(kind, d),
    }
}

/// The masked form of a number given as its digit values.
fn mask(kind: PiiKind, d: &[u8]) -> String {
    let digit = |d: u8| if d == X { 'X' } else { char::from(b'0' + d) };
    let keep = |s: &mut String, d: &[u8]| s.extend(d.iter().map(|&d| digit(d)));
    let mut s = String::with_capacity(20);
    let n = d.len();
    match kind {
        PiiKind::ResidentId | PiiKind::SuspectResidentId => {
            keep(&mut s, &d[..6]);
            s.push_str("********");
            keep(&mut s, &d[n - 4..]);
        }
        PiiKind::LegacyResidentId => {
            keep(&mut s, &d[..6]);
            s.push_str("*****");
            keep(&mut s, &d[n - 4..]);
        }
        PiiKind::Mobile => {
            keep(&mut s, &d[..3]);
            s.push_str("****");
            keep(&mut s, &d[n - 4..]);
        }
        PiiKind::BankCard => {
            s.push_str("**** ");
            keep(&mut s, &d[n - 4..]);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::PiiKind::*;
    use super::*;

    /// Each finding as (kind, the text it covers, masked form).
    fn found(text: &str) -> Vec<(PiiKind, &str, String)> {
        scan(text)
            .into_iter()
            .map(|f| (f.kind, &text[f.start..f.end], f.masked))
            .collect()
    }

    /// Asserts that `text` holds exactly one number, covering `span`, and returns it.
    fn one(text: &str, kind: PiiKind, span: &str, masked: &str) {
        assert_eq!(
            found(text),
            vec![(kind, span, masked.to_string())],
            "in {text:?}"
        );
    }

    fn none(text: &str) {
        assert_eq!(found(text), vec![], "in {text:?}");
    }

    fn kinds(text: &str) -> Vec<PiiKind> {
        scan(text).into_iter().map(|f| f.kind).collect()
    }

    // Resident IDs

    #[test]
    fn resident_id_valid_example() {
        let id = "11010519491231002X";
        one(id, ResidentId, id, "110105********002X");
        let f = &scan(id)[0];
        assert_eq!((f.start, f.end), (0, 18));
    }

    #[test]
    fn resident_id_more_valid_numbers_including_leap_days() {
        for id in [
            "610729198503150010",
            "61072920000229004X", // 2000 is a leap year
            "610729200402291236", // so is 2004
            "33010219770514671X",
            "52010319621107088X",
            "440306201010101014",
            "61070219410227548X",
            "110105199904020885",
            "610727200901195991",
        ] {
            let masked = format!("{}********{}", &id[..6], &id[14..]);
            one(id, ResidentId, id, &masked);
        }
    }

    #[test]
    fn resident_id_check_character_may_be_lower_case_or_full_width() {
        one(
            "11010519491231002x",
            ResidentId,
            "11010519491231002x",
            "110105********002X",
        );
        let wide = "１１０１０５１９４９１２３１００２Ｘ";
        one(wide, ResidentId, wide, "110105********002X");
        assert_eq!(scan(wide)[0].end, wide.len());
        let wide_lower = "１１０１０５１９４９１２３１００２ｘ";
        one(wide_lower, ResidentId, wide_lower, "110105********002X");
        // Half- and full-width digits mixed in one number.
        one(
            "１１０１０５19491231002X",
            ResidentId,
            "１１０１０５19491231002X",
            "110105********002X",
        );
    }

    #[test]
    fn resident_id_in_chinese_text_has_byte_offsets() {
        let text = "张三，身份证号11010519491231002X，一组。";
        let f = &scan(text)[0];
        assert_eq!(f.start, "张三，身份证号".len());
        assert_eq!(&text[f.start..f.end], "11010519491231002X");
        // Only digits are neighbours that matter: letters and punctuation are not.
        one(
            "ID:11010519491231002X;",
            ResidentId,
            "11010519491231002X",
            "110105********002X",
        );
        one(
            "身份证号码11010519491231002X号",
            ResidentId,
            "11010519491231002X",
            "110105********002X",
        );
    }

    #[test]
    fn resident_id_with_a_digit_next_to_it_is_not_one() {
        // 18 digits + X: the X is only a neighbour, and 011010… is nothing.
        none("011010519491231002X");
        // A digit after the X: the X is not a check character, and 17 digits are nothing.
        none("11010519491231002X5");
        none("１１０１０５１９４９１２３１００２Ｘ５");
        // 19 digits (failing Luhn) and 36 digits are not split into an ID.
        none("6107291985031500107");
        none("110105194912310021110105194912310021");
        none("６１０７２９１９８５０３１５００１０７");
    }

    #[test]
    fn resident_id_birth_date_must_be_a_real_day() {
        // Valid check characters, impossible dates: 1900 was not a leap year; no 30 February.
        one(
            "610729190002290043",
            SuspectResidentId,
            "610729190002290043",
            "610729********0043",
        );
        one(
            "610729194902300014",
            SuspectResidentId,
            "610729194902300014",
            "610729********0014",
        );
        // Valid check character, born 1899: out of range, and not even date-shaped.
        none("110105189912310015");
    }

    #[test]
    fn resident_id_grouped_6_8_4_or_6_4_4_4() {
        for text in [
            "110105 19491231 002X",
            "110105-19491231-002X",
            "110105 1949 1231 002X",
            "110105-1949-1231-002X",
            "110105　19491231　002X",
            "１１０１０５－１９４９１２３１－００２Ｘ",
            "610729 19850315 0010",
        ] {
            let f = scan(text);
            assert_eq!(f.len(), 1, "{text}");
            assert_eq!(
                (f[0].kind, f[0].start, f[0].end),
                (ResidentId, 0, text.len()),
                "{text}"
            );
        }
        one(
            "证号 110105 19491231 002X。",
            ResidentId,
            "110105 19491231 002X",
            "110105********002X",
        );
        // Mixed separators and other groupings are not ID groupings.
        none("110105-19491231 002X");
        none("1101 0519 4912 3100 2X");
        none("110105  19491231  002X");
        // A grouped ID with a bad check character is still ID-shaped.
        one(
            "110105 19491231 0021",
            SuspectResidentId,
            "110105 19491231 0021",
            "110105********0021",
        );
    }

    // Suspect resident IDs

    #[test]
    fn suspect_resident_id_when_the_check_character_fails() {
        // The example with its last digit mistyped.
        one(
            "110105194912310021",
            SuspectResidentId,
            "110105194912310021",
            "110105********0021",
        );
        // The right check character is 8, not X.
        one(
            "11010519491231003X",
            SuspectResidentId,
            "11010519491231003X",
            "110105********003X",
        );
        assert!(!SuspectResidentId.is_certain());
        assert!(ResidentId.is_certain());
    }

    #[test]
    fn mistyped_id_passing_luhn_is_a_bank_card() {
        // The check character should be 0; as 18 digits it passes Luhn, so it is a card
        // number (an error either way, which is what matters).
        one(
            "610729198503150011",
            BankCard,
            "610729198503150011",
            "**** 0011",
        );
    }

    #[test]
    fn eighteen_digits_without_province_or_birth_date_are_not_suspect() {
        // A transaction number starting with a date: 20 is not a province.
        none("202503051234567890");
        none("123456789012345678");
        // Province 99 does not exist.
        none("990105194912310021");
        // Year 2513, month 13: not date-shaped.
        none("610729251303150012");
        none("610729194913310019");
        // But a valid check character and birth date make an ID whatever the area code:
        // foreigners' permanent residence cards use the same format and start with 9.
        assert_eq!(kinds("990105194912310023"), vec![ResidentId]);
    }

    // Legacy 15-digit IDs

    #[test]
    fn legacy_resident_id() {
        one(
            "110105491231002",
            LegacyResidentId,
            "110105491231002",
            "110105*****1002",
        );
        one(
            "旧证号610729850315001。",
            LegacyResidentId,
            "610729850315001",
            "610729*****5001",
        );
        one(
            "６１０７２９８５０３１５００１",
            LegacyResidentId,
            "６１０７２９８５０３１５００１",
            "610729*****5001",
        );
        // 29 February 1900 did not exist, 1948 was a leap year.
        none("610729000229001");
        one(
            "610729480229001",
            LegacyResidentId,
            "610729480229001",
            "610729*****9001",
        );
    }

    #[test]
    fn legacy_resident_id_rejects() {
        none("110105490230002"); // 30 February
        none("110105491331002"); // month 13
        none("990105491231002"); // no province 99
        none("202503051234567"); // a date-prefixed serial: no province 20
        none("1101054912310021"); // 16 digits, failing Luhn
        none("11010549123100"); // 14 digits
    }

    // Mobiles

    #[test]
    fn mobile_plain() {
        one("13812345678", Mobile, "13812345678", "138****5678");
        one(
            "联系电话：13912345678。",
            Mobile,
            "13912345678",
            "139****5678",
        );
        one(
            "１５０１２３４５６７８",
            Mobile,
            "１５０１２３４５６７８",
            "150****5678",
        );
        for prefix in 3..=9 {
            let m = format!("1{prefix}012345678");
            assert_eq!(kinds(&m), vec![Mobile], "{m}");
        }
    }

    #[test]
    fn mobile_grouped_3_4_4() {
        for text in [
            "138 1234 5678",
            "138-1234-5678",
            "138　1234　5678",
            "１３８－１２３４－５６７８",
        ] {
            one(text, Mobile, text, "138****5678");
        }
        one(
            "电话 138 1234 5678，",
            Mobile,
            "138 1234 5678",
            "138****5678",
        );
    }

    #[test]
    fn mobile_with_country_code_keeps_the_prefix_outside_the_span() {
        for (text, span) in [
            ("+86 13812345678", "13812345678"),
            ("+86-13812345678", "13812345678"),
            ("+8613812345678", "13812345678"),
            ("8613812345678", "13812345678"),
            ("＋８６１３８１２３４５６７８", "１３８１２３４５６７８"),
            ("+86 138 1234 5678", "138 1234 5678"),
            ("+86-138-1234-5678", "138-1234-5678"),
            ("+86 138-1234-5678", "138-1234-5678"),
            ("86 138 1234 5678", "138 1234 5678"),
            ("0086 138 1234 5678", "138 1234 5678"),
            ("(+86)13812345678", "13812345678"),
            ("电话：+86 138 1234 5678。", "138 1234 5678"),
        ] {
            one(text, Mobile, span, "138****5678");
        }
    }

    #[test]
    fn mobile_rejects() {
        none("12812345678"); // 12 is not a mobile prefix
        none("10012345678");
        none("23812345678");
        none("1381234567"); // 10 digits
        none("138123456789"); // 12 digits
        none("8813812345678"); // 13 digits, not 86
        none("138 12345678"); // not a 3-4-4 grouping
        none("1381 234 5678");
        none("138 1234-5678"); // mixed separators
        none("138  1234  5678"); // double spaces
        none("1 138 1234 5678"); // a longer written number is not split
        none("138 1234 5678 9");
    }

    #[test]
    fn landlines_are_not_mobiles() {
        none("0916-3212345");
        none("(0916)3212345");
        none("（0916）3212345");
        none("0916 3212345");
        none("09163212345");
        none("0916-3212345-801");
        none("3212345");
        none("电话：0916-3212345，传真：0916-3212346");
    }

    // Bank cards

    #[test]
    fn bank_card_plain() {
        for (card, last) in [
            ("6222021234567890128", "0128"), // 19 digits
            ("6217001234567893", "7893"),    // 16
            ("62284804025648900", "8900"),   // 17
            ("622202123456789012", "9012"),  // 18, not ID-shaped
            ("9558801234567890128", "0128"), // older domestic prefix
            ("1033800000000000002", "0002"), // older domestic prefix starting with 1
            ("2221000000000009", "0009"),    // Mastercard 2-series
            ("6228481909378657978", "7978"),
            ("6212265632122339", "2339"),
        ] {
            one(card, BankCard, card, &format!("**** {last}"));
        }
        one(
            "卡号：6222021234567890128。",
            BankCard,
            "6222021234567890128",
            "**** 0128",
        );
        let wide = "６２１７００１２３４５６７８９３";
        one(wide, BankCard, wide, "**** 7893");
    }

    #[test]
    fn bank_card_grouped() {
        for (text, last) in [
            ("6222 0212 3456 7890 128", "0128"),
            ("6222-0212-3456-7890-128", "0128"),
            ("6217 0012 3456 7893", "7893"),
            ("6228 4804 0256 4890 0", "8900"),
            ("6222 0212 3456 7890 12", "9012"),
            ("622202 1234567890128", "0128"),
            ("622202-1234567890128", "0128"),
            ("621700 1234567893", "7893"),
            ("６２２２　０２１２　３４５６　７８９０　１２８", "0128"),
        ] {
            one(text, BankCard, text, &format!("**** {last}"));
        }
        one(
            "卡号 6222 0212 3456 7890 128 已核实",
            BankCard,
            "6222 0212 3456 7890 128",
            "**** 0128",
        );
    }

    #[test]
    fn bank_card_rejects() {
        none("6222021234567890127"); // fails Luhn
        none("6222 0212 3456 7890 127");
        none("0000000000000000"); // passes Luhn, but all one digit
        none("8888888888888888");
        none("8888 8888 8888 8888");
        none("0000123456789012347"); // passes Luhn, but no card starts with 0
        none("2025030512345678901"); // passes Luhn: a dated serial, no card starts with 20
        none("2012345678901233");
        none("272100000000000004"); // past the 2-series
        none("1234567890123456789"); // a 19-digit order number failing Luhn
        none("622202123456789012347"); // 21 digits
        none("25612000000012345678"); // a 20-digit invoice number
        none("6222 0212 3456 7890 1234"); // five groups of four: 20 digits
        none("6222 0212-3456 7890 128"); // mixed separators
        none("6222  0212  3456  7890  128"); // double spaces
        none("6222 0212 3456 7890 128 5"); // a longer written number is not split
        none("1 6222 0212 3456 7890 128");
        none("62220 212 3456 7890 128"); // not a card grouping
    }

    // Written numbers

    #[test]
    fn a_group_between_different_separators_belongs_to_neither_number() {
        one(
            "2025-03-05 138 1234 5678",
            Mobile,
            "138 1234 5678",
            "138****5678",
        );
        one(
            "0916-3212345 138 1234 5678",
            Mobile,
            "138 1234 5678",
            "138****5678",
        );
        one(
            "138 1234 5678 0916-3212345",
            Mobile,
            "138 1234 5678",
            "138****5678",
        );
        one(
            "2025-03-05 6222 0212 3456 7890 128",
            BankCard,
            "6222 0212 3456 7890 128",
            "**** 0128",
        );
        assert_eq!(
            found("138 1234 5678 6222-0212-3456-7890-128"),
            [
                (Mobile, "138 1234 5678", "138****5678".to_string()),
                (BankCard, "6222-0212-3456-7890-128", "**** 0128".to_string()),
            ]
        );
        // Each run of an unmatched written number is still checked on its own.
        one("0916-13812345678", Mobile, "13812345678", "138****5678");
        one("13812345678-01", Mobile, "13812345678", "138****5678");
    }

    #[test]
    fn several_numbers_in_order() {
        let text = "张三 11010519491231002X 电话 138-1234-5678 卡号 6222 0212 3456 7890 128\n\
                    李四 610729198503150010，13912345678，6217001234567893";
        let found = found(text);
        let kinds: Vec<PiiKind> = found.iter().map(|f| f.0).collect();
        assert_eq!(
            kinds,
            [ResidentId, Mobile, BankCard, ResidentId, Mobile, BankCard]
        );
        let spans: Vec<&str> = found.iter().map(|f| f.1).collect();
        assert_eq!(
            spans,
            [
                "11010519491231002X",
                "138-1234-5678",
                "6222 0212 3456 7890 128",
                "610729198503150010",
                "13912345678",
                "6217001234567893",
            ]
        );
    }

    // Not personal numbers

    #[test]
    fn not_false_alarms() {
        for text in [
            "6,000.00",
            "52000.00",
            "1234567.89",
            "¥1,234,567.89 元",
            "金额 12,345,678.90",
            "2025-03-05",
            "20250305",
            "2025年3月5日",
            "2025-03-05 至 2025-12-31",
            "记-01",
            "记-0012",
            "610729100201",
            "行政区划代码 610729100201 某某村",
            "2025",
            "2024年度",
            "NY-CF-001",
            "GB 11643-1999",
            "第 3 组 12 户 45 人",
            "2025-03-05 10:30",
            "v1.2.3",
            "邮编 723000",
        ] {
            none(text);
        }
    }

    #[test]
    fn masked_forms_pass() {
        for text in [
            "110105********1234",
            "110105********002X",
            "110105*****1002",
            "138****5678",
            "+86 138****5678",
            "**** 1234",
            "**** **** **** 0128",
            "6222 **** **** 1234",
            "6222 02** **** **** 128",
            "身份证 110105********002X，电话 138****5678，卡号 **** 0128",
        ] {
            none(text);
        }
    }

    #[test]
    fn masked_form_never_contains_the_number() {
        for text in [
            "11010519491231002X",
            "110105491231002",
            "13812345678",
            "6222021234567890128",
            "110105194912310021",
        ] {
            let f = &scan(text)[0];
            assert!(!f.masked.contains(text), "{text}");
            assert!(f.masked.contains('*'));
            // Nor does printing the finding.
            assert!(!format!("{f:?}").contains(text));
        }
    }

    #[test]
    fn text_without_digits() {
        none("");
        none("没有数字的文本，只有标点。");
        none("ＡＢＣ，ｘＸ－　＋");
        none("x X - + ");
    }

    #[test]
    fn long_runs_end_quickly() {
        none(&"1".repeat(1_000_000));
        none(&"１".repeat(100_000));
        none(&"1 ".repeat(500_000));
        none(&"1234 ".repeat(200_000));
        none(&"1-".repeat(500_000));
        let many = "13812345678，".repeat(10_000);
        assert_eq!(scan(&many).len(), 10_000);
    }

    #[test]
    fn digits_are_found_at_every_offset_of_the_fast_search() {
        // "伐" is E4 BC 90: it looks like the end of a full-width digit and must not fool it.
        for filler in ["a", "伐", "，"] {
            for pad in 0..80 {
                let before = filler.repeat(pad);
                for number in ["13812345678", "１３８１２３４５６７８"] {
                    let text = format!("{before}{number}{before}");
                    let f = scan(&text);
                    assert_eq!(f.len(), 1, "{text:?}");
                    assert_eq!(
                        (f[0].start, f[0].end),
                        (before.len(), before.len() + number.len())
                    );
                }
            }
            none(&filler.repeat(1000));
        }
    }

    #[test]
    fn describe_every_kind() {
        assert_eq!(
            describe(ResidentId),
            ("居民身份证号码", "resident ID number")
        );
        for kind in [
            ResidentId,
            LegacyResidentId,
            Mobile,
            BankCard,
            SuspectResidentId,
        ] {
            let (zh, en) = describe(kind);
            assert!(!zh.is_empty() && !zh.is_ascii(), "{kind:?}");
            assert!(!en.is_empty() && en.is_ascii(), "{kind:?}");
        }
    }

    #[test]
    fn province_codes() {
        for code in [
            11, 15, 21, 23, 31, 37, 41, 46, 50, 54, 61, 65, 71, 81, 82, 83,
        ] {
            assert!(is_province(code / 10, code % 10), "{code}");
        }
        for code in [
            0, 10, 16, 20, 24, 30, 38, 40, 47, 55, 60, 66, 70, 72, 80, 84, 90, 99,
        ] {
            assert!(!is_province(code / 10, code % 10), "{code}");
        }
    }

    /// A small deterministic generator, so the test needs no crate.
    struct XorShift(u64);
    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    /// Random strings of digits, separators and other characters, half and full width.
    fn random_texts(count: usize) -> Vec<String> {
        const PIECES: [&str; 22] = [
            "0", "1", "2", "3", "6", "8", "9", "１", "８", "６", " ", "-", "　", "－", "X", "ｘ",
            "+", "＋", "张", "，", "*", "\n",
        ];
        const NUMBERS: [&str; 6] = [
            "11010519491231002X",
            "13812345678",
            "6222021234567890128",
            "138 1234 5678",
            "6222 0212 3456 7890 128",
            "110105491231002",
        ];
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        (0..count)
            .map(|_| {
                let mut s = String::new();
                for _ in 0..rng.next() % 60 {
                    let r = rng.next();
                    if r.is_multiple_of(8) {
                        s.push_str(NUMBERS[(r / 8) as usize % NUMBERS.len()]);
                    } else {
                        s.push_str(PIECES[(r / 8) as usize % PIECES.len()]);
                    }
                }
                s
            })
            .collect()
    }

    #[test]
    fn random_text_gives_ordered_findings_on_character_boundaries() {
        for text in random_texts(20_000) {
            let mut last_end = 0;
            for f in scan(&text) {
                assert!(f.start >= last_end && f.start < f.end, "{text:?}");
                assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
                let digits: String = text[f.start..f.end]
                    .chars()
                    .filter(|c| c.is_ascii_digit())
                    .collect();
                assert!(digits.len() < 11 || !f.masked.contains(&digits), "{text:?}");
                last_end = f.end;
            }
        }
    }
}
