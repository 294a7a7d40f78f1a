//! Reading the spanned YAML tree into typed values, collecting every error of a file.
//!
//! Each reader records a diagnostic at the value's own line and column and returns `None`;
//! callers go on reading the other fields, so one run reports everything that is wrong.

use crate::date::{Date, DateError, Period};
use crate::diag::{Diagnostics, Msg, Pos};
use crate::model::At;
use crate::money::Money;
#[cfg(debug_assertions)]
use crate::schema;
use crate::schema::Shape;
use crate::yaml::{Key, Node, Value};

/// The file being read and where its diagnostics go.
pub struct Cx<'a> {
    pub file: &'a str,
    pub diags: &'a mut Diagnostics,
}

impl Cx<'_> {
    pub fn error(&mut self, code: &'static str, pos: Pos, message: Msg, hint: Msg) {
        self.diags.error(code, self.file, pos, message, hint);
    }
    pub fn warning(&mut self, code: &'static str, pos: Pos, message: Msg, hint: Msg) {
        self.diags.warning(code, self.file, pos, message, hint);
    }
}

/// A mapping being read. Keys that are never asked for are reported by [`Obj::finish`].
pub struct Obj<'n> {
    node: &'n Node,
    entries: &'n [(Key, Node)],
    used: Vec<bool>,
    asked: Vec<&'static str>,
    shape: Option<Shape>,
    not_here: &'static [&'static str],
}

impl<'n> Obj<'n> {
    /// `what` names the thing in messages, e.g. ("收入明细", "an income line").
    pub fn new(node: &'n Node, cx: &mut Cx, what: (&str, &str)) -> Option<Obj<'n>> {
        Self::read(node, cx, what)
    }

    /// A mapping of a known file shape: see [`Obj::shape`].
    pub fn of(shape: Shape, node: &'n Node, cx: &mut Cx, what: (&str, &str)) -> Option<Obj<'n>> {
        let mut o = Self::read(node, cx, what)?;
        o.shape(shape, &[]);
        Some(o)
    }

    fn read(node: &'n Node, cx: &mut Cx, what: (&str, &str)) -> Option<Obj<'n>> {
        match &node.value {
            Value::Map(entries) => Some(Obj {
                node,
                entries,
                used: vec![false; entries.len()],
                asked: Vec::new(),
                shape: None,
                not_here: &[],
            }),
            _ => {
                cx.error(
                    "E0204",
                    node.pos.clone(),
                    Msg::new(
                        format!("{}应写成“字段: 值”的形式，这里是{}", what.0, node.kind_zh()),
                        format!(
                            "{} must be a mapping of `key: value`, found {}",
                            what.1,
                            node.kind_en()
                        ),
                    ),
                    Msg::new(
                        "参照文档中的示例，每行写一个“字段: 值”",
                        "follow the example in the docs: one `key: value` per line",
                    ),
                );
                None
            }
        }
    }

    /// Declares which file shape this mapping is (see [`crate::schema`]); `finish` then checks,
    /// in debug builds, that the keys read are exactly the shape's, less `not_here` (fields the
    /// shape has that this spelling of the file cannot, such as `body:` in Markdown front matter).
    pub fn shape(&mut self, shape: Shape, not_here: &'static [&'static str]) {
        self.shape = Some(shape);
        self.not_here = not_here;
    }

    pub fn pos(&self) -> Pos {
        // A mapping's own span may cover only its first key; point at that line, column 1-ish.
        self.node.pos.clone()
    }

    /// The value of `key`, or `None` if it is absent or written empty (`key:`).
    pub fn opt(&mut self, key: &'static str) -> Option<&'n Node> {
        self.asked.push(key);
        let i = self.entries.iter().position(|(k, _)| k.name == key)?;
        self.used[i] = true;
        let node = &self.entries[i].1;
        (node.value != Value::Null).then_some(node)
    }

    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| k.name == key)
    }

    pub fn key_pos(&self, key: &str) -> Option<Pos> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(k, _)| k.pos.clone())
    }

    pub fn req(&mut self, key: &'static str, cx: &mut Cx) -> Option<&'n Node> {
        let n = self.opt(key);
        if n.is_none() {
            // A mapping written on one line (`{ … }`) gets a field, not a line.
            let inline = matches!(&self.node.value, Value::Map(_))
                && self.entries.len() > 1
                && self
                    .entries
                    .iter()
                    .all(|(k, _)| k.pos.line == self.entries[0].0.pos.line);
            let (pos, zh, en, hint_zh, hint_en) = match self.key_pos(key) {
                Some(p) => (
                    p,
                    format!("必填字段 `{key}` 没有填写内容"),
                    format!("the required field `{key}` is empty"),
                    format!("在 `{key}:` 后面填写内容，写法见文档中这类公开的示例"),
                    format!(
                        "write a value after `{key}:`; see the example for this kind in the docs"
                    ),
                ),
                None if inline => (
                    self.pos(),
                    format!("缺少必填字段 `{key}`"),
                    format!("missing required field `{key}`"),
                    format!("在这一项的 {{ }} 里加上 `{key}: …`"),
                    format!("add `{key}: …` inside this item's {{ }}"),
                ),
                None => (
                    self.pos(),
                    format!("缺少必填字段 `{key}`"),
                    format!("missing required field `{key}`"),
                    format!("加上一行 `{key}: …`，写法见文档中这类公开的示例"),
                    format!("add a line `{key}: …`; see the example for this kind in the docs"),
                ),
            };
            cx.error("E0205", pos, Msg::new(zh, en), Msg::new(hint_zh, hint_en));
        }
        n
    }

    /// Reports every key that was not asked for: a misspelt key must not be silently ignored.
    pub fn finish(self, cx: &mut Cx) {
        #[cfg(debug_assertions)]
        if let Some(shape) = self.shape {
            let mut expected: Vec<&str> = schema::keys(shape)
                .iter()
                .map(String::as_str)
                .filter(|k| !self.not_here.contains(k))
                .collect();
            let mut read = self.asked.clone();
            expected.sort_unstable();
            read.sort_unstable();
            read.dedup();
            assert_eq!(
                read, expected,
                "the loader and the schema of {shape:?} disagree"
            );
        }
        for (i, (k, _)) in self.entries.iter().enumerate() {
            if self.used[i] || self.asked.contains(&k.name.as_str()) {
                continue;
            }
            if !k.name.is_empty() && k.name.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                // `{ amount: 6,000.00 }`: the comma ended the amount, and `000.00` looks
                // like a field of its own.
                cx.error(
                    "E0208",
                    k.pos.clone(),
                    Msg::new(
                        format!(
                            "金额中的千分位逗号把金额断开了（“{}”被当成了另一个字段）",
                            k.name
                        ),
                        format!(
                            "a thousands comma split an amount (`{}` was read as a field)",
                            k.name
                        ),
                    ),
                    Msg::new(
                        "有逗号的金额要加英文引号，例如 amount: \"6,000.00\"",
                        "quote amounts that have commas, e.g. amount: \"6,000.00\"",
                    ),
                );
                continue;
            }
            let near = closest(&k.name, &self.asked);
            let known = self.asked.join("、");
            let (hint_zh, hint_en) = match near {
                Some(n) => (
                    format!("是不是想写 `{n}`？可用的字段：{known}"),
                    format!(
                        "did you mean `{n}`? known fields: {}",
                        self.asked.join(", ")
                    ),
                ),
                None => (
                    format!("删除这一行，或改成可用的字段之一：{known}"),
                    format!("remove it, or use one of: {}", self.asked.join(", ")),
                ),
            };
            cx.error(
                "E0203",
                k.pos.clone(),
                Msg::new(
                    format!("不认识的字段 `{}`", k.name),
                    format!("unknown field `{}`", k.name),
                ),
                Msg::new(hint_zh, hint_en),
            );
        }
    }
}

/// The asked key nearest to a misspelt one, if it is near enough to be a typo.
fn closest<'a>(key: &str, asked: &[&'a str]) -> Option<&'a str> {
    asked
        .iter()
        .map(|a| (edit_distance(key, a), *a))
        .filter(|(d, a)| *d <= 2.max(a.len() / 3))
        .min()
        .map(|(_, a)| a)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn wrong_type(n: &Node, cx: &mut Cx, want_zh: &str, want_en: &str, example: &str) {
    cx.error(
        "E0204",
        n.pos.clone(),
        Msg::new(
            format!("这里应填{want_zh}，实际是{}", n.kind_zh()),
            format!("expected {want_en}, found {}", n.kind_en()),
        ),
        Msg::new(
            format!("例如：{example}"),
            format!("for example: {example}"),
        ),
    );
}

pub fn scalar<'n>(
    n: &'n Node,
    cx: &mut Cx,
    want_zh: &str,
    want_en: &str,
    example: &str,
) -> Option<&'n str> {
    match &n.value {
        Value::Scalar(s) => Some(s),
        _ => {
            wrong_type(n, cx, want_zh, want_en, example);
            None
        }
    }
}

/// Characters that change the direction or visibility of text (right-to-left overrides and
/// isolates, NUL and other controls): a name written with them can read differently from what it is.
pub fn is_deceptive(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
        || (c.is_control() && c != '\n' && c != '\t' && c != '\r')
}

/// Text; must not be blank, nor carry hidden direction or control characters.
pub fn text(n: &Node, cx: &mut Cx) -> Option<String> {
    let s = scalar(n, cx, "文字", "text", "title: 2025年3月村级财务收支公开")?;
    if let Some(c) = s.chars().find(|c| is_deceptive(*c)) {
        cx.error(
            "E0216",
            n.pos.clone(),
            Msg::new(
                format!(
                    "文字里有看不见的控制字符 U+{:04X}（会改变文字方向或显示）",
                    c as u32
                ),
                format!(
                    "the text contains an invisible control character U+{:04X}",
                    c as u32
                ),
            ),
            Msg::new(
                "删掉这个值重新输入；从别处复制的文字可能带有这类字符",
                "delete and retype the value; text copied from elsewhere may carry such characters",
            ),
        );
        return None;
    }
    if s.trim().is_empty() {
        cx.error(
            "E0205",
            n.pos.clone(),
            Msg::new("这里不能是空白", "this must not be blank"),
            Msg::new("填写内容", "fill it in"),
        );
        return None;
    }
    Some(s.to_string())
}

pub fn date(n: &Node, cx: &mut Cx) -> Option<At<Date>> {
    let s = scalar(n, cx, "日期", "a date", "2025-04-10")?;
    match Date::parse(s) {
        Ok(d) => Some(At::new(d, n.pos.clone())),
        Err(DateError::NoSuchDay) => {
            cx.error(
                "E0207",
                n.pos.clone(),
                Msg::new(
                    format!("日期 {s} 不存在"),
                    format!("the date {s} does not exist"),
                ),
                Msg::new(
                    "检查月份和日期，例如 2 月没有 30 日",
                    "check the month and day; February has no 30th, for example",
                ),
            );
            None
        }
        Err(DateError::Format) => {
            cx.error(
                "E0207",
                n.pos.clone(),
                Msg::new(
                    format!("“{}”不是有效的日期", short(s)),
                    format!("`{}` is not a valid date", short(s)),
                ),
                Msg::new(
                    "日期写成 年-月-日，月和日都是两位数，例如 2025-04-10",
                    "write dates as YYYY-MM-DD, e.g. 2025-04-10",
                ),
            );
            None
        }
    }
}

pub fn money(n: &Node, cx: &mut Cx) -> Option<At<Money>> {
    let s = scalar(n, cx, "金额", "an amount", "\"6,000.00\"")?;
    match Money::parse(s) {
        Ok(m) => Some(At::new(m, n.pos.clone())),
        Err(e) => {
            let (mz, me, hz, he) = e.explain();
            cx.error(
                "E0208",
                n.pos.clone(),
                Msg::new(
                    if s.trim().is_empty() {
                        mz.to_string()
                    } else {
                        format!("{mz}：{}", short(s))
                    },
                    format!("{me}: {}", short(s)),
                ),
                Msg::new(hz, he),
            );
            None
        }
    }
}

pub fn period(n: &Node, cx: &mut Cx) -> Option<At<Period>> {
    if let Value::Map(_) = n.value {
        let mut o = Obj::of(Shape::PeriodRange, n, cx, ("期间", "a period"))?;
        let start = o.req("start", cx).and_then(|x| date(x, cx));
        let end = o.req("end", cx).and_then(|x| date(x, cx));
        o.finish(cx);
        let (start, end) = (start?, end?);
        if end.value < start.value {
            cx.error(
                "E0207",
                end.pos.clone(),
                Msg::new(
                    format!("期间的结束日期 {} 早于开始日期 {}", end.value, start.value),
                    format!(
                        "the period ends ({}) before it starts ({})",
                        end.value, start.value
                    ),
                ),
                Msg::new("交换或改正这两个日期", "swap or correct the two dates"),
            );
            return None;
        }
        return Some(At::new(
            Period::Range(start.value, end.value),
            n.pos.clone(),
        ));
    }
    let s = scalar(n, cx, "期间", "a period", "2025-03")?;
    match Period::parse(s) {
        Some(p) => Some(At::new(p, n.pos.clone())),
        None => {
            cx.error(
                "E0207",
                n.pos.clone(),
                Msg::new(
                    format!("“{}”不是有效的期间", short(s)),
                    format!("`{}` is not a valid period", short(s)),
                ),
                Msg::new(
                    "月份写 2025-03，季度写 2025-Q1，全年写 2025，其他区间写 {start: 2025-03-01, end: 2025-05-31}",
                    "a month is 2025-03, a quarter 2025-Q1, a year 2025, any other range {start: 2025-03-01, end: 2025-05-31}",
                ),
            );
            None
        }
    }
}

pub fn uint(n: &Node, cx: &mut Cx) -> Option<At<u32>> {
    let s = scalar(n, cx, "整数", "a whole number", "32")?;
    match s.parse::<u32>() {
        Ok(v) if v <= 10_000_000 => Some(At::new(v, n.pos.clone())),
        _ => {
            cx.error(
                "E0204",
                n.pos.clone(),
                Msg::new(
                    format!("“{}”不是有效的人数或数量", short(s)),
                    format!("`{}` is not a valid count", short(s)),
                ),
                Msg::new("只写阿拉伯数字，例如 32", "digits only, e.g. 32"),
            );
            None
        }
    }
}

pub fn int(n: &Node, cx: &mut Cx) -> Option<i64> {
    let s = scalar(n, cx, "整数", "a whole number", "10")?;
    match s.parse::<i64>() {
        Ok(v) if v.abs() <= 1_000_000 => Some(v),
        _ => {
            wrong_type(n, cx, "整数", "a whole number", "10");
            None
        }
    }
}

pub fn boolean(n: &Node, cx: &mut Cx) -> Option<bool> {
    match scalar(n, cx, "true 或 false", "true or false", "true")? {
        "true" => Some(true),
        "false" => Some(false),
        _ => {
            wrong_type(n, cx, "true 或 false", "true or false", "sample_data: true");
            None
        }
    }
}

/// One of a fixed set of words (a stage, a status, a power type).
pub fn one_of(n: &Node, cx: &mut Cx, allowed: &[&str]) -> Option<At<String>> {
    let s = scalar(n, cx, "规定的取值", "one of the fixed values", allowed[0])?;
    if allowed.contains(&s) {
        return Some(At::new(s.to_string(), n.pos.clone()));
    }
    cx.error(
        "E0206",
        n.pos.clone(),
        Msg::new(
            format!("“{}”不是可用的取值", short(s)),
            format!("`{}` is not an allowed value", short(s)),
        ),
        Msg::new(
            format!("只能填写：{}", allowed.join("、")),
            format!("allowed: {}", allowed.join(", ")),
        ),
    );
    None
}

pub fn list<'n>(n: &'n Node, cx: &mut Cx, example: &str) -> Option<&'n [Node]> {
    match &n.value {
        Value::Seq(items) => Some(items),
        _ => {
            wrong_type(n, cx, "列表", "a list", example);
            None
        }
    }
}

pub fn text_list(n: &Node, cx: &mut Cx) -> Option<Vec<String>> {
    let items = list(n, cx, "[一组, 二组, 三组]")?;
    Some(items.iter().filter_map(|x| text(x, cx)).collect())
}

/// An id: what file and folder names are made of, and what documents refer to each other by.
pub fn id(n: &Node, cx: &mut Cx) -> Option<At<String>> {
    let s = scalar(
        n,
        cx,
        "编号（小写英文字母、数字和连字符）",
        "an id",
        "2025-03-road-repair",
    )?;
    if is_id(s) {
        return Some(At::new(s.to_string(), n.pos.clone()));
    }
    cx.error(
        "E0105",
        n.pos.clone(),
        Msg::new(
            format!("“{}”不是有效的编号", short(s)),
            format!("`{}` is not a valid id", short(s)),
        ),
        Msg::new(
            "编号只能用小写英文字母、数字和连字符，就是被引用文件去掉扩展名后的文件名",
            "ids use lowercase ASCII letters, digits and hyphens: the referenced file's name without extension",
        ),
    );
    None
}

pub fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// A value shown inside a message, cut short so a 10,000-character title cannot flood it.
pub fn short(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn with<T>(
        src: &str,
        f: impl FnOnce(&Node, &mut Cx) -> T,
    ) -> (T, Vec<crate::diag::Diagnostic>) {
        let mut d = Diagnostics::new();
        let node = yaml::parse(src, "t.yaml", 0, &mut d).unwrap();
        let mut cx = Cx {
            file: "t.yaml",
            diags: &mut d,
        };
        let r = f(&node, &mut cx);
        (r, d.sorted())
    }

    #[test]
    fn unknown_key_suggests_the_near_one() {
        let (_, d) = with("title: a\npublishd: 2025-01-01\n", |n, cx| {
            let mut o = Obj::new(n, cx, ("文件", "file")).unwrap();
            o.opt("title");
            o.opt("published");
            o.finish(cx);
        });
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "E0203");
        assert_eq!((d[0].pos.line, d[0].pos.column), (2, 1));
        assert!(d[0].hint.zh.contains("`published`"), "{:?}", d[0].hint);
    }

    #[test]
    fn an_amount_split_by_its_thousands_comma_is_named() {
        let (_, d) = with("{ amount: 6,000.00 }\n", |n, cx| {
            let mut o = Obj::new(n, cx, ("文件", "file")).unwrap();
            o.opt("amount");
            o.finish(cx);
        });
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "E0208");
        assert!(d[0].hint.zh.contains("\"6,000.00\""), "{:?}", d[0].hint);
    }

    #[test]
    fn missing_and_wrong_types_all_reported() {
        let (_, d) = with(
            "published: 2025-02-30\namount: 1.234\ngroups: 一组\n",
            |n, cx| {
                let mut o = Obj::new(n, cx, ("文件", "file")).unwrap();
                o.req("title", cx);
                o.req("published", cx).and_then(|x| date(x, cx));
                o.req("amount", cx).and_then(|x| money(x, cx));
                o.req("groups", cx).and_then(|x| text_list(x, cx));
                o.finish(cx);
            },
        );
        let codes: Vec<_> = d.iter().map(|x| (x.code, x.pos.line)).collect();
        assert_eq!(
            codes,
            vec![("E0205", 1), ("E0207", 1), ("E0208", 2), ("E0204", 3)]
        );
        assert!(d[1].message.zh.contains("2025-02-30 不存在"));
        assert_eq!(d[1].pos.column, 12);
    }

    #[test]
    fn the_hint_for_a_required_field_fits_how_it_is_missing() {
        let hint = |src: &str| {
            let (_, d) = with(src, |n, cx| {
                let mut o = Obj::new(n, cx, ("文件", "file")).unwrap();
                o.opt("name");
                o.req("amount", cx);
                o.finish(cx);
            });
            d[0].hint.zh.clone()
        };
        assert!(hint("name: 张某某\namount:\n").contains("在 `amount:` 后面填写内容"));
        assert!(hint("{ name: 张某某, x: 1 }\n").contains("{ }"));
        assert!(hint("name: 张某某\n").contains("加上一行"));
    }

    #[test]
    fn a_number_where_a_date_is_wanted() {
        let (r, d) = with("published: 20250410\n", |n, cx| {
            let mut o = Obj::new(n, cx, ("文件", "file")).unwrap();
            o.req("published", cx).and_then(|x| date(x, cx))
        });
        assert!(r.is_none());
        assert_eq!(d[0].code, "E0207");
    }

    #[test]
    fn ids() {
        assert!(is_id("2025-03-statement"));
        assert!(!is_id("火烧店"));
        assert!(!is_id("Zibai"));
        assert!(!is_id("a b"));
        assert!(!is_id("-a"));
    }

    #[test]
    fn one_of_lists_the_choices() {
        let (_, d) = with("status: 发布\n", |n, cx| {
            let mut o = Obj::new(n, cx, ("文件", "file")).unwrap();
            o.req("status", cx)
                .and_then(|x| one_of(x, cx, &["published", "draft", "withdrawn"]))
        });
        assert_eq!(d[0].code, "E0206");
        assert!(d[0].hint.zh.contains("published、draft、withdrawn"));
    }
}
