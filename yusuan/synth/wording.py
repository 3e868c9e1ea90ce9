"""The generator's own wording of the nine standard tables (公开表), in each template it prints.

Written here for the generator alone, from the templates themselves, and never read from the
parser's vocabulary or layout files: if a title, column or row wording were wrong there, a
generator that borrowed it would print the same mistake and the truth would agree with the
parser. Only the warehouse's codes are shared, written out literally: table kinds (summary,
income, …), measures (total, basic, …), income sources, fund scopes and 三公 items, since those
are the contract the truth is expressed in.

Templates (one per document, see corpus.Settings.templates):

    hebei     the Hebei template of the five seeds (部门预算收支总表 …, 栏次 row).
    national  the Ministry of Finance wording most provinces follow: titles numbered (表1 /
              附表2：) with the year (2023年部门收支总表, 收入预算总表 …), the subject code over
              类 | 款 | 项 cells under 科目编码 (201 | 01 | 01, or 201 | 20101 | 2010101),
              事业单位经营支出 / 上缴上级支出, 财政拨款 income rows, 公务用车购置及运行费,
              no 栏次 row.
    stacked   the Hebei titles, but both summary tables stacked (income rows, then expenditure
              rows, in one 项目 | 预算数 table), 项目支出 before 基本支出, and in some tables
              code and name in one cell (2010101 行政运行) under one 科目 header.
"""

from __future__ import annotations

TEMPLATES = ("hebei", "national", "stacked")
# The default mix: mostly the seeds' own template.
DEFAULT_SHARES = {"hebei": 0.6, "national": 0.2, "stacked": 0.2}

# --- warehouse codes ---------------------------------------------------------------------------

# The nine table kinds, in the order the templates print them.
PRINT_ORDER = ("summary", "income", "expenditure", "appropriation_summary", "gpb_expenditure", "gpb_basic", "gov_fund",
               "state_capital", "three_public")
# Tables of subject rows (code + name): their classification and the fund scope of their amounts.
SUBJECT_TABLES = {
    "income": ("functional", "all"),
    "expenditure": ("functional", "all"),
    "gpb_expenditure": ("functional", "general_public_budget"),
    "gpb_basic": ("economic", "general_public_budget"),
    "gov_fund": ("functional", "government_fund"),
    "state_capital": ("functional", "state_capital"),
}
# The amount columns of each subject table, in the generator's own (data) order: income sources
# for 收入总表, measures for the others.
MEASURES = {
    "income": ("total", "subtotal", "appropriation", "special_account", "institution_business", "institution_operating",
               "higher_subsidy", "subordinate_remit", "other", "carryover"),
    "expenditure": ("total", "basic", "project", "operating", "remit", "subsidy"),
    "gpb_expenditure": ("total", "basic", "project"),
    "gov_fund": ("total", "basic", "project"),
    "state_capital": ("total", "basic", "project"),
    "gpb_basic": ("total", "personnel", "public_funds"),
}
# The expenditure columns of 财政拨款收支总表 and the amount columns of the 三公 table.
APPROPRIATION_SCOPES = ("fiscal_appropriation", "general_public_budget", "government_fund", "state_capital")

# --- functional classes (功能分类 类) on the right of the summary tables ----------------------

# The classes of the 政府收支分类科目 as the summary tables list them, code and name, in order.
CLASS_ROWS = (
    ("201", "一般公共服务支出"), ("202", "外交支出"), ("203", "国防支出"), ("204", "公共安全支出"),
    ("205", "教育支出"), ("206", "科学技术支出"), ("207", "文化旅游体育与传媒支出"), ("208", "社会保障和就业支出"),
    ("209", "社会保险基金支出"), ("210", "卫生健康支出"), ("211", "节能环保支出"), ("212", "城乡社区支出"),
    ("213", "农林水支出"), ("214", "交通运输支出"), ("215", "资源勘探工业信息等支出"), ("216", "商业服务业等支出"),
    ("217", "金融支出"), ("219", "援助其他地区支出"), ("220", "自然资源海洋气象等支出"), ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"), ("223", "国有资本经营预算支出"), ("224", "灾害防治及应急管理支出"), ("227", "预备费"),
    ("229", "其他支出"), ("230", "转移性支出"), ("231", "债务还本支出"), ("232", "债务付息支出"),
    ("233", "债务发行费用支出"), ("234", "抗疫特别国债安排的支出"),
)
PBOC_ROW = "人行科目"  # 2023+: a 31st row without a class code

# --- hebei --------------------------------------------------------------------------------------

# Title suffixes after 部门预算 / 单位预算.
HEBEI_TITLES = {
    "summary": "收支总表",
    "income": "收入总表",
    "expenditure": "支出总表",
    "appropriation_summary": "财政拨款收支总表",
    "gpb_expenditure": "一般公共预算财政拨款支出表",
    "gpb_basic": "一般公共预算财政拨款基本支出表",
    "gov_fund": "政府性基金预算财政拨款支出表",
    "state_capital": "国有资本经营预算财政拨款支出表",
    "three_public": "财政拨款“三公”经费支出表",
}
# Wordings some Hebei documents print instead (001: 政府基金), with their share.
HEBEI_TITLE_VARIANTS = {"gov_fund": ("政府基金预算财政拨款支出表", 0.5), "three_public": ('财政拨款"三公"经费支出表', 0.3)}
# Header cells as the seeds print them (spacing, line breaks inside the cell): each template's
# cell of that text is printed as one of these.
HEADER_VARIANTS = {
    "科目    编码": ("科目    编码", "科目  编码", "科目编码"),
    "科目编码": ("科目编码", "科目    编码"),
    "上解上级     支出": ("上解上级     支出", "上解上级 支出", "上解上级支出"),
    "项  目": ("项  目", "项目", "项   目"),
    "财政拨款 收入": ("财政拨款 收入", "财政拨款收入"),
    "政府性基金预算财政    拨款": ("政府性基金预算财政    拨款", "政府性基金预算财政拨款"),
    "对附属单位补助支出": ("对附属单位补助支出", "对附属单位\n补助支出"),
}
EMPTY_NOTES = {
    "gov_fund": "注：无政府性基金预算财政拨款预算，空表列示。",
    "state_capital": "注：无国有资本经营预算财政拨款预算，空表列示。",
    "three_public": "注：无财政拨款“三公”经费支出表预算，空表列示。",
    "gpb_basic": "注：无一般公共预算财政拨款基本支出预算，空表列示。",
}
EMPTY_NOTE = "注：本单位无此项预算，空表列示。"

# --- subject tables: the header over the code and name, and over each amount column -------------

# The header over the code and name columns: the cell above both, and the cells over the code
# and over the name (hebei: 功能分类科目 › 科目编码 | 科目名称).
SUBJECT_HEADS = {
    "hebei": {"functional": ("功能分类科目", "科目    编码", "科目名称"), "economic": ("支出部门经济分类科目", "科目编码", "科目名称")},
    # 科目编码 over 类 | 款 | 项 (economic: 类 | 款), 科目名称 merged down
    "national": {"functional": ("科目编码", ("类", "款", "项"), "科目名称"), "economic": ("科目编码", ("类", "款"), "科目名称")},
}
# Code and name in one cell (stacked): the one header cell over it.
ONE_CELL_HEADS = {"income": "功能分类科目", "gpb_basic": "经济分类科目"}
ONE_CELL_HEAD = "科目"

# Each amount column: (the group cell spanning it, or None; its own cell), by measure / income source.
_HEBEI_INCOME = {
    "total": (None, "合计"), "subtotal": ("本年收入", "小计"), "appropriation": ("本年收入", "财政拨款 收入"),
    "special_account": ("本年收入", "财政专户 收入"), "institution_business": ("本年收入", "事业收入"),
    "institution_operating": ("本年收入", "经营收入"), "higher_subsidy": ("本年收入", "上级补助收入"),
    "subordinate_remit": ("本年收入", "附属单位上缴收入"), "other": ("本年收入", "其他收入"), "carryover": (None, "上年结转"),
}
_HEBEI_SPENDING = {
    "total": (None, "合计"), "basic": (None, "基本支出"), "project": (None, "项目支出"), "operating": (None, "经营支出"),
    "remit": (None, "上解上级     支出"), "subsidy": (None, "对附属单位补助支出"),
}
_HEBEI_BASIC = {"total": ("一般公共预算基本支出", "合计"), "personnel": ("一般公共预算基本支出", "人员经费"),
                "public_funds": ("一般公共预算基本支出", "公用经费")}
_NATIONAL_INCOME = {
    "total": (None, "合计"), "carryover": (None, "上年结转"), "subtotal": ("本年收入", "小计"),
    "appropriation": ("本年收入", "财政拨款收入"), "special_account": ("本年收入", "财政专户管理资金收入"),
    "institution_business": ("本年收入", "事业收入"), "institution_operating": ("本年收入", "事业单位经营收入"),
    "higher_subsidy": ("本年收入", "上级补助收入"), "subordinate_remit": ("本年收入", "附属单位上缴收入"),
    "other": ("本年收入", "其他收入"),
}
_NATIONAL_SPENDING = {
    "total": (None, "合计"), "basic": (None, "基本支出"), "project": (None, "项目支出"),
    "operating": (None, "事业单位经营支出"), "remit": (None, "上缴上级支出"), "subsidy": (None, "对附属单位补助支出"),
}
_NATIONAL_BASIC = {"total": (None, "合计"), "personnel": (None, "人员经费"), "public_funds": (None, "公用经费")}
AMOUNT_HEADS = {
    "hebei": {"income": _HEBEI_INCOME, "gpb_basic": _HEBEI_BASIC, "spending": _HEBEI_SPENDING},
    "national": {"income": _NATIONAL_INCOME, "gpb_basic": _NATIONAL_BASIC, "spending": _NATIONAL_SPENDING},
}
# The order each template prints the amount columns in, where it is not the data order.
COLUMN_ORDER = {
    "national": {"income": ("total", "carryover", "subtotal", "appropriation", "special_account", "institution_business",
                            "institution_operating", "higher_subsidy", "subordinate_remit", "other")},
    "stacked": {"expenditure": ("total", "project", "basic", "subsidy", "remit", "operating"),
                "gpb_expenditure": ("total", "project", "basic"), "gov_fund": ("total", "project", "basic"),
                "state_capital": ("total", "project", "basic")},
}

# --- the two summary tables ----------------------------------------------------------------------

# Header rows: a cell is its text, or (text, columns it spans).
SIDE_HEADERS = {
    "hebei": {
        "summary": (["序号", ("收入", 2), ("支出", 2)], ["", "项  目", "预算数", "项  目", "预算数"]),
        "appropriation_summary": (["序号", ("收入", 2), ("支出", 5)],
                                  ["", "项  目", "金额", "项  目", "合计", "一般公共预算财政拨款", "政府性基金预算财政    拨款",
                                   "国有资本经营预算财政拨款"]),
    },
    "national": {
        "summary": (["序号", ("收入", 2), ("支出", 2)], ["", "项目", "预算数", "项目", "预算数"]),
        "appropriation_summary": (["序号", ("收入", 2), ("支出", 5)],
                                  ["", "项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]),
    },
    # one label column: the income block, then the expenditure block; an income row's figure in
    # the first amount column
    "stacked": {
        "summary": (["序号", "项  目", "预算数"],),
        "appropriation_summary": (["序号", "项  目", ("预算数", 4)],
                                  ["", "", "合计", "一般公共预算财政拨款", "政府性基金预算财政    拨款", "国有资本经营预算财政拨款"]),
    },
}
STACKED_HEADINGS = ("收入", "支出")  # the rows that open each block, in the documents that print them

# Row labels (tables.SideRow words): income rows by source@fund scope, and the totals of each
# side; the functional classes are CLASS_ROWS.
_HEBEI_SIDES = {
    "summary": {
        "in": {"appropriation@general_public_budget": "一般公共预算拨款收入",
               "appropriation@government_fund": "政府性基金预算拨款收入",
               "appropriation@state_capital": "国有资本经营预算拨款收入",
               "special_account@all": "财政专户管理资金收入", "institution_business@all": "事业收入",
               "institution_operating@all": "事业单位经营收入", "higher_subsidy@all": "上级补助收入",
               "subordinate_remit@all": "附属单位上缴收入", "unit_funds@all": "单位资金", "other@all": "其他收入",
               "total": "本年收入合计", "carryover": "上年结转结余", "grand_total": "收入总计"},
        "out": {"total": "本年支出合计", "carryover": "年终结转结余", "grand_total": "支出总计", "pboc": PBOC_ROW},
    },
    "appropriation_summary": {
        "in": {"appropriation@general_public_budget": "一般公共预算拨款", "appropriation@government_fund": "政府性基金预算拨款",
               "appropriation@state_capital": "国有资本经营预算拨款", "total": "本年收入合计",
               "carryover": "年初财政拨款结转和结余", "grand_total": "收入总计"},
        "out": {"total": "本年支出合计", "carryover": "年末财政拨款结转和结余", "grand_total": "支出总计", "pboc": PBOC_ROW},
    },
}
_NATIONAL_SIDES = {
    "summary": {
        "in": {**_HEBEI_SIDES["summary"]["in"],
               "appropriation@general_public_budget": "一般公共预算财政拨款收入",
               "appropriation@government_fund": "政府性基金预算财政拨款收入",
               "appropriation@state_capital": "国有资本经营预算财政拨款收入"},
        "out": _HEBEI_SIDES["summary"]["out"],
    },
    "appropriation_summary": {
        "in": {**_HEBEI_SIDES["appropriation_summary"]["in"],
               "appropriation@general_public_budget": "一般公共预算财政拨款",
               "appropriation@government_fund": "政府性基金预算财政拨款",
               "appropriation@state_capital": "国有资本经营预算财政拨款"},
        "out": _HEBEI_SIDES["appropriation_summary"]["out"],
    },
}
SIDE_WORDS = {"hebei": _HEBEI_SIDES, "national": _NATIONAL_SIDES, "stacked": _HEBEI_SIDES}

# --- the 三公 table -------------------------------------------------------------------------------

THREE_PUBLIC_HEADERS = {
    "hebei": (["序号", "项  目", ("资 金 性 质", 4)],
              ["", "", "合计", "一般公共预算              财政拨款", "政府性基金                  预算拨款",
               "国有资本经营              预算财政拨款"]),
    "national": (["序号", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],),
}
THREE_PUBLIC_HEADERS["stacked"] = THREE_PUBLIC_HEADERS["hebei"]
_HEBEI_ITEMS = {
    "total": "合计", "overseas_travel": "因公出国（境）费", "overseas_travel_research": "教学科研人员因公出国（境）费",
    "overseas_travel_other": "其他因公出国（境）费", "vehicles": "公务用车购置及运维费", "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费", "reception": "公务接待费",
}
THREE_PUBLIC_WORDS = {
    "hebei": _HEBEI_ITEMS,
    "national": {**_HEBEI_ITEMS, "vehicles": "公务用车购置及运行费", "vehicle_operation": "公务用车运行费"},
    "stacked": _HEBEI_ITEMS,
}

# --- national titles ------------------------------------------------------------------------------

# After the number and the year (表1 2023年部门收支总表): the central departments' wording, and the
# provincial one; {s} is 部门 or 单位.
NATIONAL_TITLES = {
    "central": {
        "summary": "{s}收支总表", "income": "{s}收入总表", "expenditure": "{s}支出总表",
        "appropriation_summary": "财政拨款收支总表", "gpb_expenditure": "一般公共预算支出表",
        "gpb_basic": "一般公共预算基本支出表", "gov_fund": "政府性基金预算支出表", "state_capital": "国有资本经营预算支出表",
        "three_public": "一般公共预算{q}经费支出表",
    },
    "provincial": {
        "summary": "收支预算总表", "income": "收入预算总表", "expenditure": "支出预算总表",
        "appropriation_summary": "财政拨款收支预算总表", "gpb_expenditure": "一般公共预算支出表",
        "gpb_basic": "一般公共预算基本支出表", "gov_fund": "政府性基金预算支出表", "state_capital": "国有资本经营预算支出表",
        "three_public": "一般公共预算{q}经费支出预算表",
    },
}
# The table number: on a line of its own above the title, or before it.
NUMBERINGS = ("表{n}", "表{n} ", "附表{n}：")
THREE_PUBLIC_QUOTES = ("“三公”", '"三公"', "‘三公’")
