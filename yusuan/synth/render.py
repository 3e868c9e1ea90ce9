"""Print a disclosure in the Tika text form of the seeds, and record what each printed cell
must load as.

Tika form (yusuan/readers/tika_text.py): a table cell is a line starting with a TAB, a cell
may continue on following lines without one, rows end with a blank line, and a paragraph
after a table needs two blank lines (or a `[bookmark: _Toc…]` heading right after the last
cell). The messes of DOMAIN.md §6 the parser handles are printed here on purpose: rows split
by empty paragraphs in a cell, stray TABs, `[bookmark: _GoBack]` in cells, amounts as
2.250000 / 1,234.50 / full-width digits / full-width spaces, blanks as ——, - - or -, tables in
元, 单位 lines on their own, 合计 rows last, header spacing, 三、 then 3、 headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yusuan.synth.tables import (
    APPROPRIATION_SCOPES,
    FUND_SCOPE,
    PRINT_ORDER,
    SubjectTable,
    ThreePublic,
    TwoSided,
)
from yusuan.vocab import TABLE_KINDS

_SPACE = re.compile(r"\s+")
FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")
NO_VALUE = ("——", "- -", "-", "\u3000")
NOISY_TABLES = 0.3  # share of tables printed with cell-level messes when messy=1

TITLES = {k.kind: k.title for k in TABLE_KINDS}
EMPTY_NOTES = {
    "gov_fund": "注：无政府性基金预算财政拨款预算，空表列示。",
    "state_capital": "注：无国有资本经营预算财政拨款预算，空表列示。",
    "three_public": "注：无财政拨款“三公”经费支出表预算，空表列示。",
    "gpb_basic": "注：无一般公共预算财政拨款基本支出预算，空表列示。",
}
HEADERS = {
    "summary": (["序号", "收入", "支出"], ["", "项  目", "预算数", "项  目", "预算数"]),
    "income": (["序号", "功能分类科目", "合计", "本年收入", "上年结转"],
               ["", "科目    编码", "科目名称", "", "小计", "财政拨款 收入", "财政专户 收入", "事业收入", "经营收入",
                "上级补助收入", "附属单位上缴收入", "其他收入", ""]),
    "expenditure": (["序号", "功能分类科目", "合计", "基本支出", "项目支出", "经营支出", "上解上级     支出", "对附属单位补助支出"],
                    ["", "科目    编码", "科目名称", "", "", "", "", ""]),
    "appropriation_summary": (["序号", "收入", "支出"],
                              ["", "项  目", "金额", "项  目", "合计", "一般公共预算财政拨款", "政府性基金预算财政    拨款",
                               "国有资本经营预算财政拨款"]),
    "gpb_expenditure": (["序号", "功能分类科目", "合计", "基本支出", "项目支出"], ["", "科目编码", "科目名称", "", "", ""]),
    "gov_fund": (["序号", "功能分类科目", "合计", "基本支出", "项目支出"], ["", "科目编码", "科目名称", "", "", ""]),
    "state_capital": (["序号", "功能分类科目", "合计", "基本支出", "项目支出"], ["", "科目编码", "科目名称", "", "", ""]),
    "gpb_basic": (["序号", "支出部门经济分类科目", "一般公共预算基本支出"], ["", "科目编码", "科目名称", "合计", "人员经费", "公用经费"]),
    "three_public": (["序号", "项  目", "资 金 性 质"],
                     ["", "", "合计", "一般公共预算              财政拨款", "政府性基金                  预算拨款",
                      "国有资本经营              预算财政拨款"]),
}
# The same header cell as the seeds print it (spacing, line breaks inside the cell).
HEADER_VARIANTS = {
    "科目    编码": ("科目    编码", "科目  编码", "科目编码"),
    "科目编码": ("科目编码", "科目    编码"),
    "上解上级     支出": ("上解上级     支出", "上解上级 支出", "上解上级支出"),
    "项  目": ("项  目", "项目", "项   目"),
    "财政拨款 收入": ("财政拨款 收入", "财政拨款收入"),
    "政府性基金预算财政    拨款": ("政府性基金预算财政    拨款", "政府性基金预算财政拨款"),
    "对附属单位补助支出": ("对附属单位补助支出", "对附属单位\n补助支出"),
}
WIDTHS = {"summary": 5, "income": 13, "expenditure": 9, "appropriation_summary": 8, "gpb_expenditure": 6,
          "gov_fund": 6, "state_capital": 6, "gpb_basic": 6, "three_public": 6}


def compact(text: str) -> str:
    return _SPACE.sub("", text)


def money(c: int) -> str:
    """Cents as printed in 万元 with two decimals."""
    return f"{c // 100}.{c % 100:02d}" if c >= 0 else f"-{-c // 100}.{-c % 100:02d}"


@dataclass
class Facts:
    """The expected rows of one disclosure (without file and part, added by the writer)."""

    expenditure: list[tuple] = field(default_factory=list)
    income: list[tuple] = field(default_factory=list)
    three_public: list[tuple] = field(default_factory=list)
    indicators: list[tuple] = field(default_factory=list)
    tables: list[tuple] = field(default_factory=list)


class Printer:
    """Lines of one document, with the randomness of its messes."""

    def __init__(self, rng, messy: float, text_form: bool = True) -> None:
        self.rng = rng
        self.messy = messy  # share of tables printed with messes, relative to NOISY_TABLES (0: a clean print)
        # The messes of the Tika text form itself (rows split by an empty paragraph, TAB-only and
        # bookmark debris) are printed only when the document is written as text: a document
        # rendered as Word or a workbook carries the cell-level messes alone.
        self.text_form = text_form
        self.lines: list[str] = []  # lines, or whole table rows (a row's cells joined by newlines)
        self.toc = 0
        self.noisy = False  # the table being printed carries cell-level messes

    # --- low level ---------------------------------------------------------------------
    def para(self, text: str) -> None:
        self.lines.append(text)

    def blank(self, n: int = 1) -> None:
        self.lines.extend([""] * n)

    def toc_mark(self, prefix: str = "2_2") -> str:
        self.toc += 1
        return f"[bookmark: _Toc_{prefix}_{self.toc:010d}]"

    def begin_table(self) -> None:
        """Decide whether the next table is printed with cell-level messes."""
        self.noisy = bool(self.messy) and self.rng.random() < NOISY_TABLES * self.messy

    def end_table(self) -> None:
        self.lines.append("")
        self.noisy = False

    def row(self, cells: list[str], split: bool = False) -> None:
        """One table row; `split` lets a cell end with an empty paragraph, which splits the row
        (001 lines 1636-1644: the parser rejoins it from the header's width)."""
        if split and self.text_form and self.noisy and len(cells) > 1 and self.rng.random() < 0.3:
            cut = self.rng.randrange(1, len(cells))
            self.lines.append("\t" + "\n\t".join(cells[:cut]) + "\n\n\t" + "\n\t".join(cells[cut:]))
        else:
            self.lines.append("\t" + "\n\t".join(cells))
        self.lines.append("")

    def text_cell(self, text: str) -> str:
        """A text cell, sometimes with a stray TAB, a _GoBack bookmark or a full-width space
        (all dropped by the reader)."""
        if self.noisy and text and self.rng.random() < 0.1:
            return self.rng.choice((f"{text}\t", f"[bookmark: _GoBack]{text}", f"\u3000{text}") if self.text_form else
                                   (f"\u3000{text}",))
        return text

    # --- amounts -------------------------------------------------------------------------
    def amount(self, c: int | None, style: str) -> str:
        if c is None:
            if self.noisy and self.rng.random() < 0.15:
                return self.rng.choice(NO_VALUE)
            return ""
        if style == "yuan":
            y = c * 100
            return self.rng.choice((str(y), f"{y:,}", f"{y}.00")) if self.noisy else str(y)
        if c == 0:
            return "0" if style == "six" else "0.00"
        text = money(c)
        if not self.noisy or self.rng.random() > 0.3:
            return text + "0000" if style == "six" else text
        form = self.rng.randrange(5)
        if form == 0:
            return f"{c // 100:,}.{c % 100:02d}"
        if form == 1:
            return text.translate(FULL_WIDTH)
        if form == 2:
            return f"\u3000{text} "
        if form == 3 and c % 100 == 0:
            return str(c // 100)
        return text + "0000"


@dataclass
class Part:
    """What the renderer needs of one disclosure besides its tables."""

    scope: str  # department | unit
    year: int
    code: str | None
    name: str
    seq: int  # the part number within its document


def standard_tables(p: Printer, part: Part, tables, facts: Facts, template: str) -> None:
    """The nine tables (those not absent), in template order, each recorded in `facts`."""
    prefix = "部门预算" if part.scope == "department" else "单位预算"
    year = part.year
    first = True
    for kind in PRINT_ORDER:
        if kind in tables.absent:
            continue
        table = tables.tables.get(kind)
        title = prefix + TITLES[kind]
        if kind == "gov_fund" and p.rng.random() < 0.5:
            title = prefix + "政府基金预算财政拨款支出表"
        if kind == "three_public" and p.rng.random() < 0.3:
            title = prefix + '财政拨款"三公"经费支出表'
        if template == "2024":
            mark = p.toc_mark()
            # 002 line 225: a _Toc heading may follow the last cell of the previous table directly
            if len(p.lines) > 2 and p.lines[-1] == "" and p.lines[-2] == "" and p.rng.random() < 0.5:
                while p.lines[-1] == "":
                    p.lines.pop()
            p.para(f" {mark}{title}" if p.rng.random() < 0.3 else f"{mark}{title}")
        else:
            p.para(title)
        unit = "万元"
        if not first and p.messy and p.rng.random() < 0.08 * p.messy:
            unit = "元"
        caption = [f"{part.code or ''}{part.name}", f"预算年度：{year}", f"单位：{unit}"]
        if template == "2021" and first:
            caption[1] = f"  预算年度：{year}"
        if not first and p.messy and p.rng.random() < 0.05 * p.messy:
            if p.rng.random() < 0.5:  # 004 line 70: the unit as the only cell of the first row
                caption = [f"单位：{unit}"]
            else:  # 000 line 1586: the unit on an indented line of its own
                p.para(" " * 40 + f"单位：{unit}")
                caption = caption[:2]
        first = False
        p.begin_table()
        p.row(caption)
        for row in HEADERS[kind]:
            p.row([p.rng.choice(HEADER_VARIANTS[c]) if c in HEADER_VARIANTS else c for c in row])
        width = WIDTHS[kind]
        p.row(["栏次", *[str(k) for k in range(1, width)]])
        style = "yuan" if unit == "元" else ("six" if kind == "three_public" and template == "2023" else "plain")
        if table is None:
            p.row([""] * width)
            p.end_table()
            p.blank()
            p.para(EMPTY_NOTES.get(kind, "注：本单位无此项预算，空表列示。"))
            facts.tables.append((kind, "empty", 0))
            continue
        if isinstance(table, SubjectTable):
            n = _subject_rows(p, table, year, style, facts)
        elif isinstance(table, TwoSided):
            n = _side_rows(p, table, year, style, facts)
        else:
            n = _three_public_rows(p, table, style, facts)
        facts.tables.append((kind, "loaded", n))
        p.end_table()
        p.blank()
    for kind in tables.absent:
        facts.tables.append((kind, "absent", 0))


def _subject_rows(p: Printer, table: SubjectTable, year: int, style: str, facts: Facts) -> int:
    kind = table.kind
    measures = table.measures
    classification = next(k.classification for k in TABLE_KINDS if k.kind == kind)
    scope = FUND_SCOPE[kind]
    target = facts.income if kind == "income" else facts.expenditure
    for n, row in enumerate(table.rows, start=1):
        name = row.name
        vals = row.vals
        printed_name = name
        if row.code is not None and p.text_form and p.noisy and len(name) > 4 and p.rng.random() < 0.05:
            printed_name = f"{name[:3]}\n\n{name[3:]}"  # a cell holding two paragraphs
        cells = [str(n), row.code or "", p.text_cell(printed_name), *(p.amount(v, style) for v in vals)]
        subject = f"{classification}:{year}:{row.code}" if row.code else None
        is_total = row.code is None
        target.extend((kind, subject, measure, scope, name, is_total, v)
                      for measure, v in zip(measures, vals, strict=True) if v is not None)
        p.row(cells, split=True)
    return len(table.rows)


def _side_rows(p: Printer, table: TwoSided, year: int, style: str, facts: Facts) -> int:
    """The two summary tables (their labels are printed without spaces: each is its own row_label)."""
    kind = table.kind
    scopes = ("all",) if kind == "summary" else APPROPRIATION_SCOPES
    for n, row in enumerate(table.rows, start=1):
        cells = [str(n), p.text_cell(row.left_label), p.amount(row.left, style), p.text_cell(row.right_label),
                 *(p.amount(v, style) for v in row.right)]
        if row.left is not None:
            source, fund, is_total = row.left_meta
            facts.income.append((kind, None, source, fund, row.left_label, is_total, row.left))
        subject = f"functional:{year}:{row.right_code}" if row.right_code else None
        facts.expenditure.extend((kind, subject, "total", scope, row.right_label, row.right_total, v)
                                 for scope, v in zip(scopes, row.right, strict=True) if v is not None)
        p.row(cells, split=True)
    return len(table.rows)


def _three_public_rows(p: Printer, table: ThreePublic, style: str, facts: Facts) -> int:
    for row in table.rows:
        cells = [row.seq, row.label]
        for scope, value in zip(APPROPRIATION_SCOPES, row.vals, strict=True):
            cells.append(p.amount(value, style))
            if value is not None:
                facts.three_public.append((row.item, scope, compact(row.label), value))
        p.row(cells, split=True)
    return len(table.rows)


# --- project target tables ---------------------------------------------------------------

INDICATOR_HEADERS = (
    ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"],
    ["一级指标", "二级指标", "三级指标", "指标说明", "指标值", "指标确定依据"],
    ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定\n\n依据"],
)


def project_table(p: Printer, n: int, project, template: str, facts: Facts, amount_form: bool = False,
                  inject: dict | None = None) -> None:
    """A project target table (项目/专项资金绩效目标表) in the template of the year."""
    inject = inject or {}
    rng = p.rng
    p.para(f"{n}、{project.name}绩效目标表")
    if template == "2021":
        p.blank()
        p.para(" " * 64 + "单位：万元" if rng.random() < 0.6 else "单位：万元")
    p.begin_table()
    if template in ("2021", "2024"):
        if template == "2024":
            p.row(["单位：万元"])
        p.row(["项目编码", project.code or "", "项目名称" if template == "2024" else "专项资金名称", project.name])
        budget = inject.get("budget", project.budget)
        p.row(["预算规模及资金用途", "预算数", inject.get("budget_text") or money(budget),
               "其中：财政    资金" if template == "2024" else "其中：财政资金", inject.get("fiscal_text") or money(project.fiscal),
               "其他资金", money(project.other) if project.other else rng.choice(("", " "))])
        p.row(["", project.purpose])
        p.row(["资金支出计划（%）", "3月底", "6月底", "10月底", "12月底"])
        plan = inject.get("spend_plan", project.spend_plan)
        if amount_form:
            values = [("" if v is None else money(budget * v // 100 if v != 100 else budget)) for v in plan]
        else:
            decimals = rng.random() < 0.5
            values = [("" if v is None else f"{v}.00" if decimals else str(v)) for v in plan]
        p.row(["", *values])
    goals = inject.get("goals", project.goals)
    if template == "2021" and len(goals) > 1 and rng.random() < 0.5:  # 000 line 1702: 目标1 / 目标2 rows
        for k, goal in enumerate(goals, start=1):
            p.row(["绩效目标" if k == 1 else "", f"目标{k}", goal])
    else:
        sep = "、" if template == "2021" else "."
        p.row(["绩效目标", "\n".join(f"{k}{sep}{g}" for k, g in enumerate(goals, start=1))])
    if template != "2021":
        p.blank(2)
        p.lines.append(" ")
    p.row(list(rng.choice(INDICATOR_HEADERS)))
    indicator_rows(p, inject.get("targets", project.targets), facts, n)
    p.end_table()
    p.blank()


def indicator_rows(p: Printer, targets, facts: Facts, seq: int | None) -> None:
    rng = p.rng
    level1 = level2 = None
    for t in targets:
        new1 = t.level1 != level1
        new2 = new1 or t.level2 != level2
        repeat = rng.random() < 0.1
        cells = [t.level1 if new1 or repeat else "", t.level2 if new2 or repeat else "", p.text_cell(t.level3),
                 t.description, t.printed, t.basis]
        level1, level2 = t.level1, t.level2
        stray = bool(p.text_form and p.noisy and cells[2] and rng.random() < 0.1)
        if stray:
            cells.insert(3, "")  # 001 line 1733: a TAB-only paragraph, one cell too many
        p.row(cells, split=not stray)
        facts.indicators.append((seq, t.level1, t.level2, compact(t.level3) or None, compact(t.printed) or None,
                                 t.operator, t.value, t.unit, t.status, t.status == "classified"))


def department_indicator_table(p: Printer, rows, facts: Facts) -> None:
    """003 line 70: the department-wide table, the target split into 符号 | 值 | unit columns."""
    p.begin_table()
    p.row(["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"])
    p.row(["", "", "", "", "符号", "值", "符号", ""])
    previous = None
    for level1, level2, name, desc, op, value, unit, text, basis in rows:
        show1 = level1 if level1 != previous else ""
        previous = level1
        if text is not None:  # 文字描述: qualitative
            p.row([show1, level2, name, desc, "文字描述", "", text, basis])
            facts.indicators.append((None, level1, level2, name, text, None, None, None, "qualitative", False))
        else:
            p.row([show1, level2, name, desc, p.rng.choice((op, f" {op}")), value, unit, basis])
            parsed_op = {"≥": ">=", "≤": "<=", "=": "="}[op]
            facts.indicators.append((None, level1, level2, name, f"{op}{value}{unit}", parsed_op, value,
                                     "%" if unit == "百分比" else unit, "number", False))
    p.end_table()
    p.blank()
