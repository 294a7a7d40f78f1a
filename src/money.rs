//! Money held exactly, as integer fen (分). Never a float.

use serde::Serialize;
use std::fmt;

/// An amount in fen. Parsing accepts what clerks write in yuan: `6000`, `"6,000.00"`, `"320.5"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub i64);

/// Above a trillion yuan a figure is certainly a typo, and sums stay far from i64 overflow.
const MAX_FEN: i64 = 100_000_000_000_000;

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum MoneyError {
    Empty,
    Negative,
    TooManyDecimals,
    BadGrouping,
    NotANumber,
    TooLarge,
    FullWidth,
}

impl MoneyError {
    /// (message zh, message en, hint zh, hint en)
    pub fn explain(self) -> (&'static str, &'static str, &'static str, &'static str) {
        use MoneyError::*;
        match self {
            Empty => (
                "金额是空的",
                "the amount is empty",
                "填写金额，例如 \"6,000.00\"",
                "write an amount, e.g. \"6,000.00\"",
            ),
            Negative => (
                "金额不能为负数",
                "amounts cannot be negative",
                "金额写正数，不要加负号；钱是收入还是支出，由它写在 income 还是 expense 下决定",
                "put outgoing money under expense, as a positive amount",
            ),
            TooManyDecimals => (
                "金额最多两位小数（到分）",
                "an amount has at most two decimals (fen)",
                "例如 \"320.50\"，不要写 \"320.505\"",
                "e.g. \"320.50\", not \"320.505\"",
            ),
            BadGrouping => (
                "千分位逗号的位置不对",
                "the thousands separators are misplaced",
                "每三位一个逗号，例如 \"1,234,567.00\"，也可以不写逗号",
                "one comma every three digits, e.g. \"1,234,567.00\", or none",
            ),
            NotANumber => (
                "不是有效的金额",
                "not a valid amount",
                "只写数字和小数点，以元为单位，例如 \"6,000.00\"，不要写“元”或其他文字",
                "digits and a decimal point only, in yuan, e.g. \"6,000.00\"",
            ),
            TooLarge => (
                "金额大得不合理（超过一万亿元）",
                "the amount is unreasonably large (over a trillion yuan)",
                "检查是否多写了数字",
                "check for extra digits",
            ),
            FullWidth => (
                "金额里有全角字符",
                "the amount contains full-width characters",
                "把全角数字、逗号、小数点改成半角（英文输入法）",
                "use half-width digits, commas and points",
            ),
        }
    }
}

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn from_yuan(yuan: i64) -> Money {
        Money(yuan * 100)
    }

    pub fn fen(self) -> i64 {
        self.0
    }

    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        let s = text.trim();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        if s.chars().any(|c| ('\u{FF01}'..='\u{FF5E}').contains(&c)) {
            return Err(MoneyError::FullWidth);
        }
        if s.starts_with('-') {
            return Err(MoneyError::Negative);
        }
        let s = s.strip_prefix('+').unwrap_or(s);
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MoneyError::NotANumber);
        }
        if frac.len() > 2 {
            return Err(MoneyError::TooManyDecimals);
        }
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit() || b == b',') {
            return Err(MoneyError::NotANumber);
        }
        if int.contains(',') {
            let groups: Vec<&str> = int.split(',').collect();
            let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
            if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
                return Err(MoneyError::BadGrouping);
            }
        }
        let digits: String = int.chars().filter(|c| *c != ',').collect();
        let digits = digits.trim_start_matches('0');
        if digits.len() > 13 {
            return Err(MoneyError::TooLarge);
        }
        let yuan: i64 = if digits.is_empty() {
            0
        } else {
            digits.parse().map_err(|_| MoneyError::NotANumber)?
        };
        let fen_part: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().unwrap() * 10,
            _ => frac.parse::<i64>().unwrap(),
        };
        let fen = yuan * 100 + fen_part;
        if fen > MAX_FEN {
            return Err(MoneyError::TooLarge);
        }
        Ok(Money(fen))
    }

    pub fn checked_add(self, o: Money) -> Option<Money> {
        self.0.checked_add(o.0).map(Money)
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0.saturating_add(o.0))
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0.saturating_sub(o.0))
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

/// `1887` → `1,887`: counts and yuan are grouped by thousands.
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}

/// `6,000.00`, the Chinese way; negative amounts (a deficit) get a leading minus.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let neg = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let grouped = group_digits(abs / 100);
        write!(
            f,
            "{}{}.{:02}",
            if neg { "-" } else { "" },
            grouped,
            abs % 100
        )
    }
}

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_clerks_write() {
        assert_eq!(Money::parse("6,000.00"), Ok(Money(600_000)));
        assert_eq!(Money::parse("6000"), Ok(Money(600_000)));
        assert_eq!(Money::parse("320.5"), Ok(Money(32_050)));
        assert_eq!(Money::parse("0.01"), Ok(Money(1)));
        assert_eq!(Money::parse("1,234,567.89"), Ok(Money(123_456_789)));
        assert_eq!(Money::parse("0"), Ok(Money(0)));
    }

    #[test]
    fn refuses_what_is_wrong() {
        assert_eq!(Money::parse("320.505"), Err(MoneyError::TooManyDecimals));
        assert_eq!(Money::parse("-5"), Err(MoneyError::Negative));
        assert_eq!(Money::parse("12,34.00"), Err(MoneyError::BadGrouping));
        assert_eq!(Money::parse("1,2345"), Err(MoneyError::BadGrouping));
        assert_eq!(Money::parse("abc"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("6000元"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("1e5"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse(""), Err(MoneyError::Empty));
        assert_eq!(Money::parse("６０００"), Err(MoneyError::FullWidth));
        assert_eq!(Money::parse(&"9".repeat(400)), Err(MoneyError::TooLarge));
        assert_eq!(Money::parse("99999999999999"), Err(MoneyError::TooLarge));
    }

    #[test]
    fn formats_the_chinese_way() {
        assert_eq!(Money(600_000).to_string(), "6,000.00");
        assert_eq!(Money(987_950).to_string(), "9,879.50");
        assert_eq!(Money(5).to_string(), "0.05");
        assert_eq!(Money(123_456_789).to_string(), "1,234,567.89");
        assert_eq!(Money(-32_050).to_string(), "-320.50");
        assert_eq!(Money(100_000_000).to_string(), "1,000,000.00");
    }
}
