//! Calendar dates and disclosure periods.
//!
//! Written by hand rather than with a date crate: disclosures need only civil dates (no times,
//! no zones), strict `YYYY-MM-DD` parsing with messages of our own, and day arithmetic, which
//! is a dozen lines (days-from-civil, as in Howard Hinnant's date algorithms).

use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

#[derive(Debug, PartialEq, Eq)]
pub enum DateError {
    Format,
    NoSuchDay,
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1900..=2200).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(Date { year, month, day })
    }

    /// Strict `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<Date, DateError> {
        let b = s.trim().as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::Format);
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32, DateError> {
            let part = &b[r];
            if !part.iter().all(u8::is_ascii_digit) {
                return Err(DateError::Format);
            }
            Ok(std::str::from_utf8(part).unwrap().parse().unwrap())
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        Date::new(y as i32, m, d).ok_or(DateError::NoSuchDay)
    }

    /// Days since 1970-01-01.
    pub fn to_days(self) -> i64 {
        let y = self.year as i64 - if self.month <= 2 { 1 } else { 0 };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
        Date {
            year: y as i32,
            month: m,
            day: d,
        }
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.to_days() + n)
    }

    /// Monday = 0 … Sunday = 6.
    pub fn weekday(self) -> u32 {
        (self.to_days() + 3).rem_euclid(7) as u32
    }

    /// `n` working days (Monday to Friday) after this date. Public holidays are not known
    /// to sanwu; a clerk who needs them sets `posting_until` by hand.
    pub fn add_working_days(self, n: u32) -> Date {
        let mut d = self;
        let mut left = n;
        while left > 0 {
            d = d.add_days(1);
            if d.weekday() < 5 {
                left -= 1;
            }
        }
        d
    }

    /// `2025年3月5日`
    pub fn zh(self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        // China Standard Time, UTC+8: a clerk's "today".
        Date::from_days((secs + 8 * 3600).div_euclid(86_400))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What a disclosure covers: a month, a quarter, a year, or an explicit range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Period {
    Month(i32, u32),
    Quarter(i32, u32),
    Year(i32),
    Range(Date, Date),
}

impl Period {
    /// `2025-03`, `2025-Q1`, `2025`. Ranges come from a mapping and are built by the loader.
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        let year = |y: &str| -> Option<i32> {
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .then(|| y.parse().ok())
                .flatten()
                .filter(|y| (1900..=2200).contains(y))
        };
        if let Some(y) = year(s) {
            return Some(Period::Year(y));
        }
        let (y, rest) = s.split_once('-')?;
        let y = year(y)?;
        if let Some(q) = rest.strip_prefix('Q').or_else(|| rest.strip_prefix('q')) {
            let q: u32 = q.parse().ok()?;
            return (1..=4).contains(&q).then_some(Period::Quarter(y, q));
        }
        if rest.len() != 2 || !rest.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let m: u32 = rest.parse().ok()?;
        (1..=12).contains(&m).then_some(Period::Month(y, m))
    }

    pub fn start(self) -> Date {
        match self {
            Period::Month(y, m) => Date {
                year: y,
                month: m,
                day: 1,
            },
            Period::Quarter(y, q) => Date {
                year: y,
                month: q * 3 - 2,
                day: 1,
            },
            Period::Year(y) => Date {
                year: y,
                month: 1,
                day: 1,
            },
            Period::Range(a, _) => a,
        }
    }

    pub fn end(self) -> Date {
        match self {
            Period::Month(y, m) => Date {
                year: y,
                month: m,
                day: days_in_month(y, m),
            },
            Period::Quarter(y, q) => Date {
                year: y,
                month: q * 3,
                day: days_in_month(y, q * 3),
            },
            Period::Year(y) => Date {
                year: y,
                month: 12,
                day: 31,
            },
            Period::Range(_, b) => b,
        }
    }

    pub fn contains(self, d: Date) -> bool {
        self.start() <= d && d <= self.end()
    }

    /// `2025年3月`, `2025年第一季度`, `2025年度`, `2025年3月1日至2025年5月31日`.
    pub fn zh(self) -> String {
        const Q: [&str; 4] = ["一", "二", "三", "四"];
        match self {
            Period::Month(y, m) => format!("{y}年{m}月"),
            Period::Quarter(y, q) => format!("{y}年第{}季度", Q[(q - 1) as usize]),
            Period::Year(y) => format!("{y}年度"),
            Period::Range(a, b) => format!("{}至{}", a.zh(), b.zh()),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Period::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Period::Year(y) => write!(f, "{y:04}"),
            Period::Range(a, b) => write!(f, "{a}/{b}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_strict_dates() {
        assert_eq!(
            Date::parse("2025-03-05"),
            Ok(Date {
                year: 2025,
                month: 3,
                day: 5
            })
        );
        assert_eq!(Date::parse("2025-02-30"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2024-02-29").map(|d| d.day), Ok(29));
        assert_eq!(Date::parse("2025-02-29"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("20250305"), Err(DateError::Format));
        assert_eq!(Date::parse("2025/03/05"), Err(DateError::Format));
        assert_eq!(Date::parse("2025-3-5"), Err(DateError::Format));
    }

    #[test]
    fn day_arithmetic_round_trips() {
        let d = Date::parse("2025-03-01").unwrap();
        assert_eq!(d.add_days(-1).to_string(), "2025-02-28");
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        for n in [-1000, 0, 12345, 20000, 40000] {
            assert_eq!(Date::from_days(n).to_days(), n);
        }
        // 2025-04-10 is a Thursday.
        assert_eq!(Date::parse("2025-04-10").unwrap().weekday(), 3);
        assert_eq!(
            Date::parse("2025-04-10")
                .unwrap()
                .add_working_days(5)
                .to_string(),
            "2025-04-17"
        );
    }

    #[test]
    fn periods() {
        assert_eq!(Period::parse("2025-03"), Some(Period::Month(2025, 3)));
        assert_eq!(Period::parse("2025-Q1"), Some(Period::Quarter(2025, 1)));
        assert_eq!(Period::parse("2025"), Some(Period::Year(2025)));
        assert_eq!(Period::parse("2025-13"), None);
        assert_eq!(Period::parse("2025-Q5"), None);
        let q = Period::Quarter(2025, 1);
        assert_eq!(q.end().to_string(), "2025-03-31");
        assert_eq!(Period::Month(2024, 2).end().to_string(), "2024-02-29");
        assert_eq!(q.zh(), "2025年第一季度");
        assert!(Period::Month(2025, 3).contains(Date::parse("2025-03-31").unwrap()));
        assert!(!Period::Month(2025, 3).contains(Date::parse("2025-04-01").unwrap()));
    }
}
