//! The typed model of a county's site: what clerks wrote, and nothing about files or templates.
//!
//! Values that checks may complain about carry their position ([`At`]) so a message can point at
//! the line of the wrong value rather than the top of the file.

use crate::date::{Date, Period};
use crate::diag::Pos;
use crate::money::Money;
use serde::Serialize;

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct At<T> {
    pub value: T,
    #[serde(skip)]
    pub pos: Pos,
}

impl<T> At<T> {
    pub fn new(value: T, pos: Pos) -> At<T> {
        At { value, pos }
    }
}

#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub towns: Vec<Town>,
    pub pages: Vec<Page>,
    pub enforcement: Option<Enforcement>,
}

#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub file: String,
    pub name: String,
    pub county: String,
    pub base_url: String,
    pub theme: String,
    pub sample_data: bool,
    pub large_expense_threshold: Option<Money>,
    /// Posting days by kind (`default`, `beneficiaries`, `party.development`, …).
    pub posting_days: Vec<(String, u32)>,
}

impl SiteConfig {
    /// Working days a document of `kind` stays posted, from `posting_days`.
    pub fn posting_days_for(&self, kind: Kind) -> u32 {
        let find = |k: &str| {
            self.posting_days
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, d)| *d)
        };
        find(kind.as_str())
            .or_else(|| find(kind.short()))
            .or_else(|| find("default"))
            .unwrap_or(15)
    }
}

#[derive(Debug, Clone)]
pub struct Town {
    pub id: String,
    pub file: String,
    pub name: String,
    pub kind: String,
    pub code: Option<String>,
    pub enforcement_office: Option<String>,
    pub villages: Vec<Village>,
}

#[derive(Debug, Clone)]
pub struct Village {
    pub id: String,
    pub town: String,
    pub file: String,
    pub name: String,
    pub kind: String,
    pub code: Option<String>,
    pub groups: Vec<String>,
    pub supervisors: Option<Committee>,
    /// Shared with the preview's cache of readings, which keeps a document whose file did not
    /// change for the next build instead of reading it again.
    pub documents: Vec<std::sync::Arc<Document>>,
    /// A hash of `village.yaml`'s bytes: the village is what that file says.
    pub source_hash: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Committee {
    pub body: String,
    pub members: Vec<String>,
}

/// The three 公开 domains; a document's domain is the folder it sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Domain {
    Finance,
    Affairs,
    Party,
}

impl Domain {
    pub const ALL: [Domain; 3] = [Domain::Finance, Domain::Affairs, Domain::Party];

    pub fn folder(self) -> &'static str {
        match self {
            Domain::Finance => "finance",
            Domain::Affairs => "affairs",
            Domain::Party => "party",
        }
    }
    pub fn from_folder(s: &str) -> Option<Domain> {
        Domain::ALL.into_iter().find(|d| d.folder() == s)
    }
    pub fn zh(self) -> &'static str {
        match self {
            Domain::Finance => "财务公开",
            Domain::Affairs => "村务公开",
            Domain::Party => "党务公开",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Kind {
    #[serde(rename = "finance.statement")]
    FinanceStatement,
    #[serde(rename = "finance.notice")]
    FinanceNotice,
    #[serde(rename = "affairs.notice")]
    AffairsNotice,
    #[serde(rename = "affairs.decision")]
    Decision,
    #[serde(rename = "affairs.beneficiaries")]
    Beneficiaries,
    #[serde(rename = "party.notice")]
    PartyNotice,
    #[serde(rename = "party.development")]
    PartyDevelopment,
    #[serde(rename = "party.dues")]
    PartyDues,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::FinanceStatement,
        Kind::FinanceNotice,
        Kind::AffairsNotice,
        Kind::Decision,
        Kind::Beneficiaries,
        Kind::PartyNotice,
        Kind::PartyDevelopment,
        Kind::PartyDues,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::FinanceStatement => "finance.statement",
            Kind::FinanceNotice => "finance.notice",
            Kind::AffairsNotice => "affairs.notice",
            Kind::Decision => "affairs.decision",
            Kind::Beneficiaries => "affairs.beneficiaries",
            Kind::PartyNotice => "party.notice",
            Kind::PartyDevelopment => "party.development",
            Kind::PartyDues => "party.dues",
        }
    }

    /// The part after the dot, also accepted as a key of `posting_days`.
    pub fn short(self) -> &'static str {
        self.as_str().split('.').nth(1).unwrap_or("")
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn domain(self) -> Domain {
        match self {
            Kind::FinanceStatement | Kind::FinanceNotice => Domain::Finance,
            Kind::AffairsNotice | Kind::Decision | Kind::Beneficiaries => Domain::Affairs,
            Kind::PartyNotice | Kind::PartyDevelopment | Kind::PartyDues => Domain::Party,
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Kind::FinanceStatement => "财务收支公开",
            Kind::FinanceNotice => "财务公告",
            Kind::AffairsNotice => "村务公告",
            Kind::Decision => "四议两公开决议",
            Kind::Beneficiaries => "惠民资金发放名单",
            Kind::PartyNotice => "党务公告",
            Kind::PartyDevelopment => "发展党员公示",
            Kind::PartyDues => "党费收缴公开",
        }
    }

    /// Which file types a kind may be written as.
    pub fn allows_markdown(self) -> bool {
        !matches!(
            self,
            Kind::FinanceStatement | Kind::Beneficiaries | Kind::PartyDues
        )
    }

    pub fn is_finance(self) -> bool {
        self.domain() == Domain::Finance
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Published,
    Draft,
    Withdrawn,
}

#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub body: String,
    pub members: Vec<String>,
    pub date: Date,
    /// Where `date` is written, for the check that it is not after `published`.
    #[serde(skip)]
    pub date_pos: Pos,
}

#[derive(Debug, Clone, Serialize)]
pub struct Withdrawal {
    pub date: Date,
    pub reason: String,
}

/// One disclosure: a file under `finance/`, `affairs/` or `party/` of a village.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file name without extension; unique within its village.
    pub id: String,
    pub town: String,
    pub village: String,
    /// Path relative to the site root.
    pub file: String,
    pub kind: Kind,
    pub title: String,
    pub published: At<Date>,
    pub period: Option<At<Period>>,
    pub posting_until: Option<At<Date>>,
    pub reviewed_by: Option<Review>,
    pub status: Status,
    pub withdrawn: Option<Withdrawal>,
    pub supersedes: Option<At<String>>,
    pub change_note: Option<String>,
    pub tags: Vec<String>,
    /// Markdown: the body of a `.md` file, or a `.yaml` file's `body:` field.
    pub body: Option<String>,
    pub content: Content,
    /// The day the file was deleted from the repository: its page stays, from the history.
    pub deleted: Option<Date>,
    /// A hash of the file's bytes: the document is what its path and these bytes say, so
    /// equal hashes at the same path mean an unchanged document.
    pub source_hash: u64,
}

/// What each kind adds to the common fields.
#[derive(Debug, Clone)]
pub enum Content {
    /// Notices of every domain: all they have is their Markdown body.
    Notice,
    FinanceStatement(Box<FinanceStatement>),
    Decision(Decision),
    Beneficiaries(BeneficiaryList),
    PartyDevelopment(PartyDevelopment),
    PartyDues(PartyDues),
}

/// Cash and bank balances; either or both given, and a total when both are not.
#[derive(Debug, Clone, Default)]
pub struct Balance {
    pub cash: Option<At<Money>>,
    pub bank: Option<At<Money>>,
    pub total: Option<At<Money>>,
    pub pos: Pos,
}

impl Balance {
    /// The balance as a whole: the total if given, else cash + bank.
    pub fn amount(&self) -> Money {
        match &self.total {
            Some(t) => t.value,
            None => {
                self.cash.as_ref().map_or(Money::ZERO, |c| c.value)
                    + self.bank.as_ref().map_or(Money::ZERO, |b| b.value)
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct CashLine {
    pub date: At<Date>,
    pub voucher: At<String>,
    pub account: String,
    pub summary: String,
    pub amount: At<Money>,
    pub decision: Option<At<String>>,
}

#[derive(Debug, Clone)]
pub struct FinanceStatement {
    pub opening: Balance,
    pub income: Vec<CashLine>,
    pub expense: Vec<CashLine>,
    pub closing: Balance,
    pub totals_income: Option<At<Money>>,
    pub totals_expense: Option<At<Money>>,
}

impl FinanceStatement {
    pub fn income_total(&self) -> Money {
        self.income.iter().map(|l| l.amount.value).sum()
    }
    pub fn expense_total(&self) -> Money {
        self.expense.iter().map(|l| l.amount.value).sum()
    }
}

pub const DECISION_STAGES: [&str; 5] = [
    "支部提议",
    "两委商议",
    "党员大会审议",
    "村民代表会议决议",
    "村民会议决议",
];

#[derive(Debug, Clone)]
pub struct DecisionStep {
    pub stage: At<String>,
    pub date: At<Date>,
    pub expected: Option<At<u32>>,
    pub present: Option<At<u32>>,
    pub agree: Option<At<u32>>,
    pub result: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Decision {
    pub matter: String,
    pub steps: Vec<DecisionStep>,
    /// Where the `steps:` key is written, for the check that none is missing.
    pub steps_pos: Pos,
    pub resolution: String,
    pub result: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Beneficiary {
    pub name: String,
    pub group: At<String>,
    pub amount: At<Money>,
    pub household_size: Option<u32>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct BeneficiaryList {
    pub program: String,
    pub rows: Vec<Beneficiary>,
}

pub const DEVELOPMENT_STAGES: [&str; 4] = ["入党积极分子", "发展对象", "预备党员", "转正"];

#[derive(Debug, Clone)]
pub struct Candidate {
    pub name: String,
    pub gender: String,
    pub group: Option<String>,
    pub since: Option<Date>,
}

#[derive(Debug, Clone)]
pub struct PartyDevelopment {
    pub stage: String,
    pub people: Vec<Candidate>,
    pub objections_to: Option<At<Date>>,
}

#[derive(Debug, Clone)]
pub struct DuesRow {
    pub name: String,
    pub amount: At<Money>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PartyDues {
    pub members: At<u32>,
    pub collected: At<Money>,
    pub remitted: At<Money>,
    pub rows: Vec<DuesRow>,
}

/// A free page under `pages/`.
#[derive(Debug, Clone)]
pub struct Page {
    pub id: String,
    pub file: String,
    pub title: String,
    pub weight: i64,
    /// Listed in the site's menu (`menu: false` keeps it out, e.g. the second page of a guide
    /// that its first page links to).
    pub menu: bool,
    pub body: String,
}

/// The county's list of enforcement powers delegated to the towns (`content/enforcement/`).
#[derive(Debug, Clone)]
pub struct Enforcement {
    pub catalog_file: String,
    pub title: String,
    /// Items the departments sorted (梳理).
    pub sorted_total: At<u32>,
    /// Items delegated to the towns (下放); the files must add up to it.
    pub declared_total: At<u32>,
    pub departments: Vec<Department>,
    /// A hash of the bytes of the catalog and every department file.
    pub source_hash: u64,
}

#[derive(Debug, Clone)]
pub struct Department {
    pub id: At<String>,
    pub name: String,
    pub declared: At<u32>,
    /// `enforcement/<id>.yaml`, when it exists.
    pub file: Option<String>,
    pub items: Vec<EnforcementItem>,
}

pub const POWER_TYPES: [&str; 10] = [
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政征收",
    "行政给付",
    "行政检查",
    "行政确认",
    "行政奖励",
    "行政裁决",
    "其他行政权力",
];
pub const HANDOVER_MODES: [&str; 2] = ["赋权", "委托"];
pub const ITEM_STATUSES: [&str; 3] = ["有效", "已收回", "已取消"];

/// Which towns exercise an item.
#[derive(Debug, Clone, PartialEq)]
pub enum TownScope {
    All,
    Some(Vec<At<String>>),
}

#[derive(Debug, Clone)]
pub struct EnforcementItem {
    pub code: At<String>,
    pub name: String,
    pub power_type: String,
    pub basis: Vec<String>,
    pub towns: TownScope,
    pub mode: String,
    pub effective: Date,
    pub status: At<String>,
    /// The day an item was taken back or cancelled.
    pub revoked: Option<At<Date>>,
    pub note: Option<String>,
    pub department: String,
    pub file: String,
}

impl EnforcementItem {
    pub fn in_force(&self) -> bool {
        self.status.value == "有效"
    }
    pub fn exercised_by(&self, town: &str) -> bool {
        match &self.towns {
            TownScope::All => true,
            TownScope::Some(list) => list.iter().any(|t| t.value == town),
        }
    }
}
