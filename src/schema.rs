//! The shape of every file a clerk writes, as JSON Schemas for editors (`sanwu schema`).
//!
//! The types below describe the files, not the model: they exist so that schemars can turn them
//! into schemas with Chinese descriptions (the doc comments). The loader is tied to them: each
//! mapping it reads declares its shape ([`keys`]), its unknown-key errors list the shape's
//! fields, and in debug builds (every test run) it asserts that the keys it reads are exactly the
//! shape's, so a field cannot be added to one without the other.

// The fields of these types are never read: they are only there to be described.
#![allow(dead_code)]

use crate::model::POWER_TYPES;
use crate::model::{DECISION_STAGES, DEVELOPMENT_STAGES, HANDOVER_MODES, ITEM_STATUSES, Kind};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A mapping whose keys the loader reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shape {
    Site,
    SiteFinance,
    Town,
    Village,
    Committee,
    Document(Kind),
    Review,
    Withdrawal,
    Balance,
    CashLine,
    Totals,
    DecisionStep,
    Beneficiary,
    Candidate,
    DuesRow,
    PeriodRange,
    Page,
    Catalog,
    CatalogDepartment,
    DepartmentFile,
    EnforcementItem,
}

/// The keys of a shape, from its schema.
pub fn keys(shape: Shape) -> &'static [String] {
    static KEYS: OnceLock<HashMap<Shape, Vec<String>>> = OnceLock::new();
    let all = KEYS.get_or_init(|| {
        let mut m = HashMap::new();
        let mut put = |s: Shape, schema: Schema| {
            m.insert(s, property_names(&schema));
        };
        put(Shape::Site, root::<SiteFile>());
        put(Shape::SiteFinance, root::<SiteFinance>());
        put(Shape::Town, root::<TownFile>());
        put(Shape::Village, root::<VillageFile>());
        put(Shape::Committee, root::<CommitteeShape>());
        for kind in Kind::ALL {
            put(Shape::Document(kind), document_schema(kind));
        }
        put(Shape::Review, root::<ReviewShape>());
        put(Shape::Withdrawal, root::<WithdrawalShape>());
        put(Shape::Balance, root::<BalanceFields>());
        put(Shape::CashLine, root::<CashLineShape>());
        put(Shape::Totals, root::<TotalsShape>());
        put(Shape::DecisionStep, root::<DecisionStepShape>());
        put(Shape::Beneficiary, root::<BeneficiaryShape>());
        put(Shape::Candidate, root::<CandidateShape>());
        put(Shape::DuesRow, root::<DuesRowShape>());
        put(Shape::PeriodRange, root::<PeriodRange>());
        put(Shape::Page, root::<PageFrontMatter>());
        put(Shape::Catalog, root::<CatalogFile>());
        put(Shape::CatalogDepartment, root::<CatalogDepartment>());
        put(Shape::DepartmentFile, root::<DepartmentFile>());
        put(Shape::EnforcementItem, root::<EnforcementItemShape>());
        m
    });
    &all[&shape]
}

fn property_names(schema: &Schema) -> Vec<String> {
    schema
        .get("properties")
        .and_then(|p| p.as_object())
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// Draft-07, with every definition inlined: editors' YAML support handles it best, and each
/// file stands alone.
fn generator() -> SchemaGenerator {
    let mut settings = schemars::generate::SchemaSettings::draft07();
    settings.inline_subschemas = true;
    settings.into_generator()
}

fn root<T: JsonSchema>() -> Schema {
    generator().into_root_schema_for::<T>()
}

/// One schema file `sanwu schema` writes.
pub struct SchemaFile {
    /// File name, e.g. `document.json`.
    pub name: String,
    /// Which files of a site it describes, as a glob relative to the site folder.
    pub applies_to: &'static str,
    pub json: String,
}

/// Every schema: one per file type, plus `document.json`, which picks the kind's schema by the
/// `kind:` field (what an editor needs, since a folder holds several kinds).
pub fn all() -> Vec<SchemaFile> {
    let doc_glob = "content/towns/*/*/{finance,affairs,party}/*.yaml";
    let mut out = vec![
        file("site.json", "content/site.yaml", root::<SiteFile>()),
        file("town.json", "content/towns/*/town.yaml", root::<TownFile>()),
        file(
            "village.json",
            "content/towns/*/*/village.yaml",
            root::<VillageFile>(),
        ),
        file(
            "enforcement-catalog.json",
            "content/enforcement/catalog.yaml",
            root::<CatalogFile>(),
        ),
        file(
            "enforcement-department.json",
            "content/enforcement/*.yaml",
            root::<DepartmentFile>(),
        ),
        file("document.json", doc_glob, any_document()),
    ];
    for kind in Kind::ALL {
        out.push(file(
            &format!("{}.json", kind.as_str()),
            doc_glob,
            document_schema(kind),
        ));
    }
    out
}

fn file(name: &str, applies_to: &'static str, mut schema: Schema) -> SchemaFile {
    // The title an editor shows: the Chinese description, not the Rust type's name.
    if let Some(desc) = schema.get("description").and_then(|d| d.as_str()) {
        let title = desc.to_string();
        schema.insert("title".into(), title.into());
    }
    schema.insert(
        "$id".into(),
        format!("https://sanwu.example.org/schema/{name}").into(),
    );
    SchemaFile {
        name: name.to_string(),
        applies_to,
        json: serde_json::to_string_pretty(&schema).expect("a schema is plain JSON") + "\n",
    }
}

/// The schema of one kind of disclosure: the common fields, the domain's, the kind's own.
pub fn document_schema(kind: Kind) -> Schema {
    let mut s = match kind {
        Kind::FinanceStatement => root::<FinanceStatementFile>(),
        Kind::FinanceNotice => root::<FinanceNoticeFile>(),
        Kind::AffairsNotice | Kind::PartyNotice => root::<NoticeFile>(),
        Kind::Decision => root::<DecisionFile>(),
        Kind::Beneficiaries => root::<BeneficiariesFile>(),
        Kind::PartyDevelopment => root::<DevelopmentFile>(),
        Kind::PartyDues => root::<DuesFile>(),
    };
    s.insert(
        "title".into(),
        format!("{}（{}）", kind.zh(), kind.as_str()).into(),
    );
    if let Some(props) = s.get_mut("properties").and_then(|p| p.as_object_mut()) {
        props.insert(
            "kind".into(),
            serde_json::json!({
                "description": format!("公开类型，这类文件固定写 {}", kind.as_str()),
                "const": kind.as_str(),
            }),
        );
    }
    s
}

fn any_document() -> Schema {
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    let branches: Vec<serde_json::Value> = Kind::ALL
        .iter()
        .map(|k| {
            let mut s = document_schema(*k).to_value();
            if let Some(o) = s.as_object_mut() {
                o.remove("$schema");
            }
            serde_json::json!({
                "if": { "properties": { "kind": { "const": k.as_str() } }, "required": ["kind"] },
                "then": s,
            })
        })
        .collect();
    json_schema!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "阳光三务公开文件",
        "description": "一份公开：按 kind 字段选择对应类型的字段说明。",
        "type": "object",
        "required": ["kind"],
        "properties": {
            "kind": {
                "description": "公开类型，决定这份文件还要写哪些字段",
                "enum": kinds,
            }
        },
        "allOf": branches,
    })
}

// ---- Values -------------------------------------------------------------------------------

/// Schemas of the scalar values clerks write: written by hand because each is a string with a
/// format (or an amount that may be a number) that no derive can express.
macro_rules! value_schema {
    ($name:ident, $schema:tt) => {
        pub struct $name;
        impl JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}

value_schema!(Date, {
    "description": "日期，写成 年-月-日，例如 2025-04-10",
    "type": "string",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
});

value_schema!(Amount, {
    "description": "金额（元），最多两位小数，例如 \"6,000.00\"；有千分位逗号时要加引号",
    "anyOf": [
        { "type": "string", "pattern": "^[0-9]{1,3}(,?[0-9]{3})*(\\.[0-9]{1,2})?$" },
        { "type": "number", "minimum": 0 }
    ]
});

value_schema!(Count, {
    "description": "人数或条数，整数",
    "type": "integer",
    "minimum": 0
});

value_schema!(Id, {
    "description": "编号：小写英文字母、数字和连字符，通常是拼音，例如 huoshaodian",
    "type": "string",
    "pattern": "^[a-z0-9][a-z0-9-]*$"
});

value_schema!(AdminCode, {
    "description": "12 位行政区划代码，加引号，例如 \"610729100000\"",
    "type": "string",
    "pattern": "^[0-9]{12}$"
});

value_schema!(Text, {
    "description": "文字",
    "type": "string"
});

value_schema!(TextList, {
    "description": "文字列表，每行一项，以 - 开头",
    "type": "array",
    "items": { "type": "string" }
});

value_schema!(Url, {
    "description": "网站的完整网址，例如 https://sanwu.example.org/",
    "type": "string",
    "pattern": "^https?://[^\\s]+$"
});

/// A closed list of values, shown to the editor as an enum.
macro_rules! choice_schema {
    ($name:ident, $desc:expr, $values:expr) => {
        pub struct $name;
        impl JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                let values: &[&str] = &$values;
                json_schema!({ "description": $desc, "enum": values })
            }
        }
    };
}

choice_schema!(TownKind, "乡镇类别", ["镇", "乡", "街道办"]);
choice_schema!(VillageKind, "村或社区", ["村", "社区"]);
choice_schema!(
    StatusChoice,
    "状态：published 已公开（默认），draft 草稿（不上网站），withdrawn 已撤回",
    ["published", "draft", "withdrawn"]
);
choice_schema!(StageChoice, "四议两公开的步骤", DECISION_STAGES);
choice_schema!(DevelopmentStage, "发展党员的阶段", DEVELOPMENT_STAGES);
choice_schema!(Gender, "性别", ["男", "女"]);
choice_schema!(PowerType, "权力类型", POWER_TYPES);
choice_schema!(HandoverMode, "下放方式", HANDOVER_MODES);
choice_schema!(ItemStatus, "事项状态", ITEM_STATUSES);

/// A period: a month, a quarter, a year, or any range.
pub struct Period;
impl JsonSchema for Period {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Period".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let range = g.subschema_for::<PeriodRange>();
        json_schema!({
            "description": "公开所属期间：月份 2025-03，季度 2025-Q1，全年 2025，或 {start: 2025-03-01, end: 2025-05-31}",
            "anyOf": [
                { "type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}|-Q[1-4])?$" },
                { "type": "integer", "minimum": 1000, "maximum": 9999 },
                range
            ]
        })
    }
}

/// A balance: an amount, or cash and bank deposits (and their total).
pub struct Balance;
impl JsonSchema for Balance {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Balance".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let amount = g.subschema_for::<Amount>();
        let fields = g.subschema_for::<BalanceFields>();
        json_schema!({
            "description": "余额：直接写一个金额，或写 { cash: 现金, bank: 银行存款, total: 合计 }",
            "anyOf": [amount, fields]
        })
    }
}

/// `towns: all`, or a list of town ids.
pub struct TownScope;
impl JsonSchema for TownScope {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "TownScope".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let id = g.subschema_for::<Id>();
        json_schema!({
            "description": "承接的乡镇：all 表示全部乡镇，或列出乡镇编号，例如 [zibai, yunxi]",
            "anyOf": [ { "const": "all" }, { "type": "array", "items": id } ]
        })
    }
}

/// `basis:` one text or a list.
pub struct Basis;
impl JsonSchema for Basis {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Basis".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "设定依据：法律法规的名称和条款，一条或多条",
            "anyOf": [ { "type": "string" }, { "type": "array", "items": { "type": "string" } } ]
        })
    }
}

// ---- Site, towns, villages ----------------------------------------------------------------

/// 站点配置（content/site.yaml）
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    /// 网站名称，显示在每页顶部
    name: Text,
    /// 县（区）名称
    county: Text,
    /// 网站发布后的完整网址，用于二维码、订阅和站点地图
    base_url: Url,
    /// 主题名称，默认 default
    theme: Option<Id>,
    /// 是否为虚构的示例数据；是则每页都会标明“示例数据”
    sample_data: Option<bool>,
    /// 财务设置
    finance: Option<SiteFinance>,
    /// 各类公开的公示期（工作日）；default 是默认值
    posting_days: Option<PostingDays>,
}

/// 财务设置
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteFinance {
    /// 大额支出标准：超过这个金额的支出必须注明所依据的决议
    large_expense_threshold: Option<Amount>,
}

/// 各类公开的公示期（工作日）
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostingDays {
    /// 默认公示期
    default: Option<Count>,
    /// 财务收支公开
    #[serde(rename = "finance.statement")]
    finance_statement: Option<Count>,
    /// 财务公告
    #[serde(rename = "finance.notice")]
    finance_notice: Option<Count>,
    /// 村务公告
    #[serde(rename = "affairs.notice")]
    affairs_notice: Option<Count>,
    /// 四议两公开决议
    #[serde(rename = "affairs.decision")]
    affairs_decision: Option<Count>,
    /// 惠民资金发放名单
    #[serde(rename = "affairs.beneficiaries")]
    affairs_beneficiaries: Option<Count>,
    /// 党务公告
    #[serde(rename = "party.notice")]
    party_notice: Option<Count>,
    /// 发展党员公示
    #[serde(rename = "party.development")]
    party_development: Option<Count>,
    /// 党费收缴公开
    #[serde(rename = "party.dues")]
    party_dues: Option<Count>,
    /// 财务收支公开（简写）
    statement: Option<Count>,
    /// 各类公告（简写）
    notice: Option<Count>,
    /// 四议两公开决议（简写）
    decision: Option<Count>,
    /// 惠民资金发放名单（简写）
    beneficiaries: Option<Count>,
    /// 发展党员公示（简写）
    development: Option<Count>,
    /// 党费收缴公开（简写）
    dues: Option<Count>,
}

/// 乡镇信息（content/towns/<乡镇>/town.yaml）
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TownFile {
    /// 乡镇名称，例如 紫柏镇
    name: Text,
    /// 镇、乡或街道办
    kind: TownKind,
    /// 行政区划代码
    code: Option<AdminCode>,
    /// 乡镇综合行政执法办公室的名称
    enforcement_office: Option<Text>,
}

/// 村（社区）信息（content/towns/<乡镇>/<村>/village.yaml）
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VillageFile {
    /// 村（社区）名称，例如 火烧店村
    name: Text,
    /// 村或社区
    kind: VillageKind,
    /// 行政区划代码
    code: Option<AdminCode>,
    /// 村民小组，名单里的“组”必须是其中之一
    groups: Option<TextList>,
    /// 村务监督委员会
    supervisors: Option<CommitteeShape>,
}

/// 监督机构
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitteeShape {
    /// 机构名称，例如 村务监督委员会
    body: Text,
    /// 成员姓名
    members: TextList,
}

// ---- Documents ------------------------------------------------------------------------------

/// 每份公开都有的字段
#[derive(JsonSchema)]
pub struct Common {
    /// 标题
    title: Text,
    /// 公开日期
    published: Date,
    /// 公示截止日期；不写则按站点设置的公示期计算
    posting_until: Option<Date>,
    /// 状态：published 已公开（默认），draft 草稿，withdrawn 已撤回
    status: Option<StatusChoice>,
    /// 撤回信息（status: withdrawn 时必填）
    withdrawn: Option<WithdrawalShape>,
    /// 这份公开更正的是本村哪份公开（写那份的文件名，不带 .yaml）
    supersedes: Option<Id>,
    /// 本次修改的说明，会显示在修改记录里
    change_note: Option<Text>,
    /// 标签
    tags: Option<TextList>,
    /// 正文（Markdown），显示在表格之前
    body: Option<Text>,
}

/// 财务公开还必须写的字段
#[derive(JsonSchema)]
pub struct FinanceHeader {
    /// 所属期间
    period: Period,
    /// 民主理财小组或村务监督委员会的审核
    reviewed_by: ReviewShape,
}

/// 村务、党务公开可以写的字段
#[derive(JsonSchema)]
pub struct OtherHeader {
    /// 所属期间
    period: Option<Period>,
    /// 审核
    reviewed_by: Option<ReviewShape>,
}

/// 审核信息
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewShape {
    /// 审核机构，例如 民主理财小组
    body: Text,
    /// 参加审核的成员
    members: TextList,
    /// 审核日期
    date: Date,
}

/// 撤回信息
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawalShape {
    /// 撤回日期
    date: Date,
    /// 撤回原因，会公开显示
    reason: Text,
}

/// 财务收支公开（finance.statement）
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FinanceStatementFile {
    #[serde(flatten)]
    common: Common,
    #[serde(flatten)]
    header: FinanceHeader,
    /// 公开类型
    kind: Text,
    /// 期初余额，必须等于上期的期末余额
    opening: Balance,
    /// 收入明细；本期没有收入就写 income: 留空
    income: Option<Vec<CashLineShape>>,
    /// 支出明细；本期没有支出就写 expense: 留空
    expense: Option<Vec<CashLineShape>>,
    /// 期末余额 = 期初余额 + 收入 − 支出
    closing: Balance,
    /// 合计（可不写；写了就必须等于各行之和）
    totals: Option<TotalsShape>,
}

/// 财务公告（finance.notice）
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FinanceNoticeFile {
    #[serde(flatten)]
    common: Common,
    #[serde(flatten)]
    header: FinanceHeader,
    /// 公开类型
    kind: Text,
}

/// 公告（affairs.notice、party.notice）
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeFile {
    #[serde(flatten)]
    common: Common,
    #[serde(flatten)]
    header: OtherHeader,
    /// 公开类型
    kind: Text,
}

/// 余额的明细
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BalanceFields {
    /// 现金
    cash: Option<Amount>,
    /// 银行存款
    bank: Option<Amount>,
    /// 合计；写了现金和银行存款时，必须等于两者之和
    total: Option<Amount>,
}

/// 一笔收入或支出
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CashLineShape {
    /// 日期，必须在本期之内
    date: Date,
    /// 凭证号，例如 记-01，一份公开里不能重复
    voucher: Text,
    /// 会计科目，例如 补助收入、管理费用
    account: Text,
    /// 摘要
    summary: Text,
    /// 金额
    amount: Amount,
    /// 所依据的四议两公开决议（文件名）；超过大额支出标准的支出必须写
    decision: Option<Id>,
}

/// 收入、支出合计
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TotalsShape {
    /// 收入合计
    income: Option<Amount>,
    /// 支出合计
    expense: Option<Amount>,
}

/// 四议两公开决议（affairs.decision）
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionFile {
    #[serde(flatten)]
    common: Common,
    #[serde(flatten)]
    header: OtherHeader,
    /// 公开类型
    kind: Text,
    /// 决策事项
    matter: Text,
    /// 四议的各个步骤，按先后顺序
    steps: Vec<DecisionStepShape>,
    /// 决议内容
    resolution: Text,
    /// 实施结果
    result: Option<Text>,
}

/// 四议中的一步
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionStepShape {
    /// 步骤
    stage: StageChoice,
    /// 日期
    date: Date,
    /// 应到人数
    expected: Option<Count>,
    /// 实到人数
    present: Option<Count>,
    /// 同意人数
    agree: Option<Count>,
    /// 结果
    result: Option<Text>,
}

/// 惠民资金发放名单（affairs.beneficiaries）
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BeneficiariesFile {
    #[serde(flatten)]
    common: Common,
    #[serde(flatten)]
    header: OtherHeader,
    /// 公开类型
    kind: Text,
    /// 项目名称，例如 2025年农村低保金
    program: Text,
    /// 名单，每人一行
    rows: Vec<BeneficiaryShape>,
}

/// 名单中的一人
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BeneficiaryShape {
    /// 姓名（不写身份证号、银行卡号）
    name: Text,
    /// 村民小组，必须是 village.yaml 的 groups 之一
    group: Text,
    /// 金额
    amount: Amount,
    /// 家庭人口
    household_size: Option<Count>,
    /// 备注
    note: Option<Text>,
}

/// 发展党员公示（party.development）
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DevelopmentFile {
    #[serde(flatten)]
    common: Common,
    #[serde(flatten)]
    header: OtherHeader,
    /// 公开类型
    kind: Text,
    /// 公示的阶段
    stage: DevelopmentStage,
    /// 公示对象
    people: Vec<CandidateShape>,
    /// 意见反馈截止日期
    objections_to: Date,
}

/// 一名公示对象
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CandidateShape {
    /// 姓名
    name: Text,
    /// 性别
    gender: Gender,
    /// 所在小组
    group: Option<Text>,
    /// 进入本阶段的日期
    since: Option<Date>,
}

/// 党费收缴公开（party.dues）
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DuesFile {
    #[serde(flatten)]
    common: Common,
    #[serde(flatten)]
    header: OtherHeader,
    /// 公开类型
    kind: Text,
    /// 党员人数
    members: Count,
    /// 收缴合计，必须等于明细之和
    collected: Amount,
    /// 上缴金额，不能多于收缴合计
    remitted: Amount,
    /// 明细
    rows: Option<Vec<DuesRowShape>>,
}

/// 一名党员的党费
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DuesRowShape {
    /// 姓名
    name: Text,
    /// 金额
    amount: Amount,
    /// 备注
    note: Option<Text>,
}

/// 任意期间
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodRange {
    /// 开始日期
    start: Date,
    /// 结束日期
    end: Date,
}

/// 页面属性（content/pages/*.md 开头 --- 之间）
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    /// 页面标题
    title: Text,
    /// 排序：数字小的在前
    weight: Option<i64>,
    /// 是否列在网站顶部的菜单里，默认 true；写 false 则只能从别的页面链接过来
    menu: Option<bool>,
}

// ---- Enforcement ----------------------------------------------------------------------------

/// 执法事项清单目录（content/enforcement/catalog.yaml）
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    /// 清单标题
    title: Text,
    /// 各部门梳理的事项总数
    sorted_total: Count,
    /// 下放给乡镇的事项总数，必须等于各部门文件的事项数之和
    declared_total: Count,
    /// 下放事项的部门
    departments: Vec<CatalogDepartment>,
}

/// 一个部门
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogDepartment {
    /// 部门编号，也是它的文件名，例如 nongye（nongye.yaml）
    id: Id,
    /// 部门名称，例如 县农业农村局
    name: Text,
    /// 这个部门下放的事项数
    declared: Count,
}

/// 一个部门下放的执法事项（content/enforcement/<部门>.yaml）
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DepartmentFile {
    /// 部门编号，必须与文件名一致
    department: Id,
    /// 事项
    items: Vec<EnforcementItemShape>,
}

/// 一项执法事项
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnforcementItemShape {
    /// 事项编码，英文字母、数字和连字符，例如 NY-CF-001
    code: Text,
    /// 事项名称
    name: Text,
    /// 权力类型
    power_type: PowerType,
    /// 设定依据
    basis: Basis,
    /// 承接的乡镇
    towns: TownScope,
    /// 下放方式
    mode: HandoverMode,
    /// 生效日期
    effective: Date,
    /// 状态
    status: ItemStatus,
    /// 收回或取消的日期（状态不是“有效”时必填）
    revoked: Option<Date>,
    /// 备注
    note: Option<Text>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_fields_and_chinese_descriptions() {
        let statement = keys(Shape::Document(Kind::FinanceStatement));
        for k in ["title", "kind", "period", "opening", "closing", "income"] {
            assert!(statement.iter().any(|x| x == k), "{k} missing");
        }
        assert!(
            !keys(Shape::Document(Kind::AffairsNotice))
                .iter()
                .any(|x| x == "opening")
        );
        let s = document_schema(Kind::FinanceStatement).to_value();
        assert_eq!(s["additionalProperties"], false);
        let required = s["required"].as_array().unwrap();
        assert!(required.iter().any(|r| r == "reviewed_by"));
        assert!(!required.iter().any(|r| r == "totals"));
        for (name, p) in s["properties"].as_object().unwrap() {
            let desc = p["description"].as_str().unwrap_or("");
            assert!(
                desc.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{name} has no Chinese description: {p}"
            );
        }
    }
}
