"""The vocabularies of the budget tables: the one place their names are defined.

Parsers, the warehouse metadata (schemas/warehouse.yaml refers to these by name), the
Pandera checks, the docs and the tests all read them from here. Each entry maps our English
code to the Chinese wording that identifies it in a disclosure.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableKind:
    kind: str
    title: str  # the standard name; the wordings a title is recognised by are in schemas/layouts/
    shape: str  # subject | two_sided | items
    fund_scope: str  # the fund scope of the table's expenditure side
    classification: str | None = None  # subject classification of a `subject` table


# The nine standard tables (公开表), in template order.
TABLE_KINDS: tuple[TableKind, ...] = (
    TableKind("appropriation_summary", "财政拨款收支总表", "two_sided", "fiscal_appropriation"),
    TableKind("summary", "收支总表", "two_sided", "all"),
    TableKind("income", "收入总表", "subject", "all", "functional"),
    TableKind("gpb_basic", "一般公共预算财政拨款基本支出表", "subject", "general_public_budget", "economic"),
    TableKind("gpb_expenditure", "一般公共预算财政拨款支出表", "subject", "general_public_budget", "functional"),
    TableKind("gov_fund", "政府性基金预算财政拨款支出表", "subject", "government_fund", "functional"),
    TableKind("state_capital", "国有资本经营预算财政拨款支出表", "subject", "state_capital", "functional"),
    TableKind("three_public", "财政拨款“三公”经费支出表", "items", "fiscal_appropriation"),
    TableKind("expenditure", "支出总表", "subject", "all", "functional"),
)
TABLE_KIND_NAMES = tuple(k.kind for k in TABLE_KINDS)
# Performance target tables (绩效目标表): one per project, and the department-wide indicator table.
TARGET_TABLE_KINDS = ("project_target", "department_target")
# parse_issue rows about no one table (a title no layout names) are about the "document".
ISSUE_CONTEXTS = TABLE_KIND_NAMES + TARGET_TABLE_KINDS + ("document",)
TABLE_STATUSES = ("loaded", "empty", "absent", "unparsed")

SCOPES = ("department", "unit")  # 部门预算 / 单位预算
CLASSIFICATIONS = ("functional", "economic")  # 功能分类 / 经济分类
SUBJECT_LEVELS = {3: "class", 5: "section", 7: "item"}  # 类 / 款 / 项, by code length
SUBJECT_LEVEL_NAMES = tuple(SUBJECT_LEVELS.values())
INGEST_STATUSES = ("loaded", "loaded_with_warnings", "quarantined", "rejected", "superseded", "withdrawn")
DOCUMENT_STATUSES = ("current", "rejected", "superseded", "withdrawn")

FUND_SCOPES = {
    "all": "全部资金",
    "fiscal_appropriation": "财政拨款",
    "general_public_budget": "一般公共预算",
    "government_fund": "政府性基金预算",
    "state_capital": "国有资本经营预算",
}

# Expenditure measures: the amount columns of the expenditure side, by header keyword.
MEASURES = {
    "total": "合计",
    "basic": "基本支出",
    "project": "项目支出",
    "operating": "经营支出",
    "remit": "上解上级支出",
    "subsidy": "对附属单位补助支出",
    "personnel": "人员经费",
    "public_funds": "公用经费",
}

# Income sources: income columns of 收入总表 and income rows of the two summary tables.
INCOME_SOURCES = {
    "total": "合计",
    "subtotal": "本年收入小计",
    "appropriation": "财政拨款收入",
    "special_account": "财政专户管理资金收入",
    "institution_business": "事业收入",
    "institution_operating": "事业单位经营收入",
    "higher_subsidy": "上级补助收入",
    "subordinate_remit": "附属单位上缴收入",
    "unit_funds": "单位资金",
    "other": "其他收入",
    "carryover": "上年结转",
    "grand_total": "收入总计",
}

# Rows of the 三公 table, in template order, with their standard names (the wordings a label is
# recognised by are in schemas/layouts/).
THREE_PUBLIC_ITEMS = {
    "total": "合计",
    "overseas_travel_research": "教学科研人员因公出国（境）费",
    "overseas_travel_other": "其他因公出国（境）费",
    "overseas_travel": "因公出国（境）费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费",
    "vehicles": "公务用车购置及运维费",
    "reception": "公务接待费",
}

# Functional classes (功能分类 类) as printed on the right side of the summary tables, which
# carry names but no codes. 人行科目 (2023+) has no class code of its own and stays unmatched.
FUNCTIONAL_CLASSES = {
    "一般公共服务支出": "201", "外交支出": "202", "国防支出": "203", "公共安全支出": "204",
    "教育支出": "205", "科学技术支出": "206", "文化旅游体育与传媒支出": "207",
    "社会保障和就业支出": "208", "社会保险基金支出": "209", "卫生健康支出": "210",
    "节能环保支出": "211", "城乡社区支出": "212", "农林水支出": "213", "交通运输支出": "214",
    "资源勘探工业信息等支出": "215", "商业服务业等支出": "216", "金融支出": "217",
    "援助其他地区支出": "219", "自然资源海洋气象等支出": "220", "住房保障支出": "221",
    "粮油物资储备支出": "222", "国有资本经营预算支出": "223", "灾害防治及应急管理支出": "224",
    "预备费": "227", "其他支出": "229", "转移性支出": "230", "债务还本支出": "231",
    "债务付息支出": "232", "债务发行费用支出": "233", "抗疫特别国债安排的支出": "234",
}

FUND_SCOPE_NAMES = tuple(FUND_SCOPES)
MEASURE_NAMES = tuple(MEASURES)
INCOME_SOURCE_NAMES = tuple(INCOME_SOURCES)
THREE_PUBLIC_ITEM_NAMES = tuple(THREE_PUBLIC_ITEMS)

# Performance indicator levels (绩效指标): canonical names, each with the keywords that identify
# the printed variants (效果指标 is 效益指标; 003's department table prints 部门产出, 数量, 质量…).
INDICATOR_LEVEL1 = {
    "产出指标": ("产出",),
    "效益指标": ("效益", "效果"),
    "满意度指标": ("满意",),
    "成本指标": ("成本",),
}
INDICATOR_LEVEL2 = {
    "数量指标": ("数量",),
    "质量指标": ("质量",),
    "时效指标": ("时效",),
    "成本指标": ("成本",),
    "经济效益指标": ("经济",),
    "社会效益指标": ("社会",),
    "生态效益指标": ("生态",),
    "可持续影响指标": ("可持续",),
    "服务对象满意度指标": ("满意",),
}
# The level-1 groups every project target table must cover (the check reads this).
REQUIRED_LEVEL1 = ("产出指标", "效益指标", "满意度指标")
SPEND_PLAN_MONTHS = {"3月底": 3, "6月底": 6, "10月底": 10, "12月底": 12}
# Department-wide performance prose (部门整体绩效目标), by heading.
PERFORMANCE_SECTIONS = {"overall_goal": "总体绩效目标", "item_goals": "分项绩效目标", "safeguards": "工作保障措施"}
PERFORMANCE_SECTION_NAMES = tuple(PERFORMANCE_SECTIONS)
INDICATOR_LEVEL1_NAMES = tuple(INDICATOR_LEVEL1)
SPEND_PLAN_MONTH_NUMBERS = tuple(SPEND_PLAN_MONTHS.values())
OPERATOR_NAMES = (">=", "<=", ">", "<", "=", "between")
INDICATOR_LEVEL2_NAMES = tuple(INDICATOR_LEVEL2)
TARGET_STATUSES = ("number", "qualitative", "classified", "empty", "unparsed")
DQ_SEVERITIES = ("error", "warning", "info")
DQ_STATUSES = ("pass", "fail", "not_applicable", "error")
DQ_DISCLOSURE_STATUSES = ("ok", "warnings", "quarantined")

# Sections of the explanation (情况说明), told by the keywords of their headings.
SECTION_KINDS = {  # most specific first: 部门项目预算安排情况及绩效目标 is about performance
    "operating_cost": ("机关运行经费",),
    "three_public": ("三公",),
    "performance": ("绩效",),
    "procurement": ("政府采购",),
    "assets": ("国有资产", "固定资产"),
    "glossary": ("名词解释",),
    "duties": ("职责", "机构设置", "基本情况"),
    "overview": ("总体情况", "收支", "预算安排"),
    "other": ("其他",),
}
SECTION_KIND_NAMES = tuple(SECTION_KINDS)

# Finer parts of an overview item the prose may list right after the item's own figure, under a
# name no item has: they add up to the item the tables print. 001 line 1617 gives 公务用车运行费 1.92
# and 公务用车保险 0.33 for the table's 运行维护费 2.25 (insurance, fuel, repairs and tolls are running costs).
OVERVIEW_FINER_PARTS = {"vehicle_operation": r"保险|燃[油料]|维修|过[路桥]"}

# Budget overview items (fact_budget_overview): per section, the wording in the prose that names
# each figure. The wording closest to a figure names it; on a tie, the earlier entry here.
OVERVIEW_PROSE = {
    "overview": (
        ("income_general_public_budget", r"一般公共预算(拨款)?收入"), ("income_government_fund", r"基金预算(拨款)?收入"),
        ("income_state_capital", r"国有资本经营预算(拨款)?收入"), ("income_special_account", r"财政专户(核拨|管理资金)?收入"),
        ("income_unit_funds", r"单位资金"), ("income_other", r"其他(来源)?收入"), ("carryover", r"上年结转"),
        ("personnel", r"人员经费|人员类"), ("public_funds", r"公用经费|正常公用"), ("basic", r"基本支出"),
        ("project", r"项目支出|专项项目"), ("income_total", r"预算收入|收入预算|收入总计|本年收入"),
        ("expenditure_total", r"支出预算|预算支出|支出总计|收支安排|合计"),
    ),
    "operating_cost": (("operating_cost", r"机关运行经费|运行经费"),),
    "three_public": (
        ("vehicles", r"公务用车购置及运"), ("vehicle_purchase", r"公务用车购置"), ("vehicle_operation", r"公务用车运"),
        ("reception", r"公务接待"), ("overseas_travel", r"因公出国"), ("three_public", r"三公"),
    ),
    "procurement": (("procurement", r"政府采购"),),
    "assets": (("asset_purchase_planned", r"拟购[置买][^，,。]*"), ("fixed_assets", r"上年末固定资产[^，,。]*")),
}
OVERVIEW_ITEMS = (
    "income_total", "income_general_public_budget", "income_government_fund", "income_state_capital",
    "income_special_account", "income_unit_funds", "income_other", "carryover", "expenditure_total", "basic",
    "personnel", "public_funds", "project", "operating_cost", "three_public", "overseas_travel", "vehicles",
    "vehicle_purchase", "vehicle_operation", "reception", "procurement", "fixed_assets", "asset_purchase_planned",
)
OVERVIEW_SOURCES = ("prose", "table")
# Template text left unfilled (绩效目标 placeholders, 主要为无, XX…).
PLACEHOLDERS = r"主要为无|目标内容\d|XX|××|此处填写|请填写|填写说明"

# Where a unit is (dim_unit.place_code …): the level of an administrative division (GB/T 2260), and
# the evidence its code is read from, strongest first, with the confidence each gives.
PLACE_LEVELS = ("province", "city", "county")
PLACE_EVIDENCE = {"sidecar": "high", "unit_name": "high", "folder": "medium", "document_text": "low"}
PLACE_METHODS = tuple(PLACE_EVIDENCE)
PLACE_CONFIDENCES = ("high", "medium", "low")
# Zones a text names after the division they lie in (唐山高新区, 沧州经济开发区), longest first.
ZONE_WORDS = ("高新技术产业开发区", "经济技术开发区", "经济开发区", "产业园区", "工业园区", "高新区", "开发区", "管理区", "新区")
