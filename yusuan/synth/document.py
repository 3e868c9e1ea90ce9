"""One disclosure printed in full: standard tables, explanation (情况说明) with figures that agree
with the tables, department-wide performance prose, project target tables, procurement and
fixed-asset tables; and a document of one or more disclosures.

Editions, after the seeds: "2021" (000: 2021-2022), "2023" (001), "2024" (002), and the
explanation-only documents "prose" (003) and "brief" (004), which print no standard tables. The
edition follows the year and shapes the whole disclosure; the template of the document (hebei,
national, stacked: wording.py) shapes only how its standard tables are printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yusuan.synth import catalog as cat
from yusuan.synth.budget import Budget
from yusuan.synth.render import (
    FULL_WIDTH,
    Facts,
    Part,
    Printer,
    department_indicator_table,
    money,
    project_table,
)
from yusuan.synth.standard import Style, draw_style, standard_tables
from yusuan.synth.tables import Tables, cn, overview


@dataclass
class Disclosure:
    part: Part
    edition: str
    budget: Budget
    tables: Tables | None  # None: an explanation-only document
    profiles: list[tuple[str, str, str, str]]  # 机构设置: name, nature, grade, funding form
    prose: dict[str, str] = field(default_factory=dict)  # overview item → printed figure (injections)
    placeholder: bool = False  # 主要为无 left in the overview (TXT-005)
    project_injections: dict[int, dict] = field(default_factory=dict)  # project index → what to print instead
    amount_form: set[int] = field(default_factory=set)  # projects whose spend plan is printed in 万元 (PRJ-004)
    prose_figures: bool = True  # the 2023 edition often states no figures in 二、总体情况
    asset_shift: int = 0  # AST-001: a category printed off by this much
    lost_glossary: bool = False  # COM-004: the 名词解释 section left out, its number skipped
    purchase_shift: int = 0  # PRC-001: a purchase printed off by this much
    purchase_total_left_out: bool = False  # PRC-002: the procurement table without its 合计 row
    facts: Facts = field(default_factory=Facts)
    place: str | None = None  # the place the name starts with (None for a bare name, 004)
    unit: str = ""  # the unit it is, whatever its printed name: place/department/member (truth: disclosures.unit)
    department_indicators: list[tuple] | None = None  # 003's department-wide indicator table (prose edition)

    @property
    def unit_word(self) -> str:
        return "部门" if self.part.scope == "department" else "单位"


def figures(d: Disclosure) -> dict[str, int]:
    """The overview figures the prose states: the tables' where they print them, else the budget's."""
    b = d.budget
    basic = b.personnel + b.public_funds
    projects = sum(p.budget for p in b.projects)
    fund = sum(p.fiscal for p in b.projects if p.fund == "fund")
    other = {s: sum(p.other for p in b.projects if p.other_source == s) for s in ("special_account", "institution_business", "other")}
    total = basic + projects
    base = {
        "income_total": total, "expenditure_total": total, "basic": basic, "personnel": b.personnel,
        "public_funds": b.public_funds, "operating_cost": b.public_funds, "project": projects,
        "income_general_public_budget": total - fund - sum(other.values()), "income_government_fund": fund,
        "income_special_account": other["special_account"], "income_other": other["other"],
        "income_unit_funds": other["institution_business"] + other["other"],
        "overseas_travel": b.overseas, "vehicle_purchase": b.vehicle_purchase, "vehicle_operation": b.vehicle_operation,
        "vehicles": b.vehicle_purchase + b.vehicle_operation, "reception": b.reception,
        "three_public": b.overseas + b.vehicle_purchase + b.vehicle_operation + b.reception,
        "procurement": sum(p.amount for p in b.purchases), "fixed_assets": _asset_total(b),
    }
    if d.tables is not None:
        base.update(overview(d.tables))
    return base


def _asset_total(b: Budget) -> int:
    return sum(v for k, (_, v) in b.assets.items() if not k.startswith("其中"))


class ProsePrinter:
    def __init__(self, p: Printer, d: Disclosure) -> None:
        self.p, self.d = p, d
        self.values = figures(d)

    def num(self, item: str) -> str:
        """The figure of an overview item as the prose prints it, with its unit."""
        if item in self.d.prose:
            return self.d.prose[item]
        return self.fmt(self.values[item]) + "万元"

    def fmt(self, c: int) -> str:
        rng = self.p.rng
        if c == 0:
            return rng.choice(("0", "0.00"))
        text = money(c)
        if c % 100 == 0 and rng.random() < 0.3:
            text = str(c // 100)
        if self.p.messy and rng.random() < 0.02 * self.p.messy:
            text = text.translate(FULL_WIDTH)
        return text


def explanation(p: Printer, d: Disclosure) -> None:
    """The 情况说明, from its title to the last section, with the project tables in section 五."""
    w = ProsePrinter(p, d)
    part, year, word, template = d.part, d.part.year, d.unit_word, d.edition
    name = part.name
    rng = p.rng
    toc = template == "2024"

    def heading(n: int, text: str, number: str | None = None) -> None:
        mark = p.toc_mark("3_3") if toc else ""
        p.para(f"{mark}{number if number is not None else cn(n) + '、'}{text}")

    if template == "2021":
        p.para(name)
        p.blank()
        p.para(f"{year}年{word}预算信息公开情况说明")
    elif template == "2024":
        p.para(f"第一部分  {name}{year}年{word}预算信息公开情况说明")
        p.para(f"{name}{year}年{word}预算信息公开情况说明")
    elif template == "prose":
        p.blank(2)
        p.para(name)
        p.para(f"{year}年{word}预算信息公开情况说明")
    elif template == "brief":
        p.para(f" {name}{word}预算情况说明")
    else:
        p.para(f"{name}{year}年{word}预算信息公开情况说明")
    p.para(f"按照《中华人民共和国预算法》、《地方预决算公开操作规程》和《关于进一步推进预算公开工作的实施意见》规定，"
           f"现将{name}{year}年{word}预算公开如下：")
    # 一 duties and the 机构设置 table
    heading(1, f"{word}职责及机构设置情况")
    p.para(f"{word}职责：")
    for k, duty in enumerate(rng.sample(cat.DUTIES, rng.randint(2, 4)), start=1):
        p.para(f"（{k}）{duty}")
    p.para("机构设置：")
    p.para(f"{word}机构设置情况")
    p.row(["单位名称", "单位性质", "单位规格", "经费保障形式"])
    for profile in d.profiles:
        p.row(list(profile))
    p.end_table()
    p.blank()
    # 二 overview
    if template == "brief":
        heading(2, "部门预算总体情况及预算收支增减变化情况说明")
        p.para(f"收入情况：{year}年{name}预算收入为{w.num('income_total')}。")
        p.para(f"支出情况：人员经费为{w.num('personnel')}，正常公用为{w.num('public_funds')}，"
               f"专项项目支出为{w.num('project')}，合计{w.num('expenditure_total')}。")
    else:
        heading(2, f"{word}预算安排的总体情况")
        p.para(f"按照预算管理有关规定，目前{word}预算的编制实行综合预算管理，即全部收入和支出都反映在预算中。")
        if d.prose_figures:
            _overview_paragraphs(p, d, w)
    # 三 operating costs
    if template == "2021" and rng.random() < 0.5:
        p.para("机关运行经费安排情况")  # 000 line 1523: no number
    else:
        heading(3, "机关运行经费安排情况")
    items = ""
    if d.tables is not None and rng.random() < 0.4:
        parts = [f"{cat.ECONOMIC_ITEMS[c]}{w.fmt(a)}万元" for c, a in sorted(d.budget.economic.items()) if c.startswith("302")]
        items = "包括：" + "、".join(parts) + "。"
    p.para(f"{year}年，我{word}机关运行经费共计安排{w.num('operating_cost')}，主要用于保障机构正常运转的日常办公支出。{items}")
    # 四 三公
    number = "3、 " if template == "2023" and rng.random() < 0.5 else None  # 001 line 1616: 三、 then 3、
    heading(4, "财政拨款“三公”经费预算情况及增减变化原因", number)
    change = rng.choice((f"与{year - 1}年相比增加{w.fmt(rng.randint(1, 200))}万元，主要原因是{rng.choice(cat.CHANGE_REASONS)}",
                         f"与{year - 1}年相比减少{w.fmt(rng.randint(1, 200))}万元，主要原因是{rng.choice(cat.CHANGE_REASONS)}",
                         "与上年相比无变化"))
    p.para(f"{year}年，我{word}财政拨款“三公”经费预算安排{w.num('three_public')}，其中因公出国（境）费{w.num('overseas_travel')}；"
           f"公务用车购置及运维费{w.num('vehicles')}（其中：公务用车购置费为{w.num('vehicle_purchase')}，"
           f"公务用车运行维护费{w.num('vehicle_operation')})；公务接待费{w.num('reception')}。{change}。")
    # 五 performance
    _performance(p, d, heading)
    # 六 procurement, 七 assets, 八 glossary, 九 other
    shift = 2 if template == "2024" else 0  # 002: 六、七 are the two project sections
    _procurement(p, d, w, lambda n, text: heading(n + shift, text))
    _assets(p, d, w, lambda n, text: heading(n + shift, text))
    if not d.lost_glossary:
        heading(8 + shift, "名词解释")
        for k, line in enumerate(cat.GLOSSARY, start=1):
            p.para(f"{k}、{line}")
    heading(9 + shift, "其他需要说明的事项")
    p.para(f"我{word}无其他需要说明的事项。")


def _overview_paragraphs(p: Printer, d: Disclosure, w: ProsePrinter) -> None:
    year, word = d.part.year, d.unit_word
    rng = p.rng
    p.para("1、收入说明")
    # 上年结转 is stated only by the TXT-006 injection (003 line 29: a carryover beside sources that
    # already make up the total); the tables never print one.
    carryover = f"，上年结转{w.num('carryover')}" if "carryover" in d.prose else ""
    if d.edition == "2024":
        p.para(f"反映本{word}当年全部收入。{year}年预算收入{w.num('income_total')}，其中：一般公共预算收入"
               f"{w.num('income_general_public_budget')}，基金预算收入{w.num('income_government_fund')}，国有资本经营预算收入"
               f"{w.fmt(0)}万元，财政专户核拨收入{w.num('income_special_account')}，单位资金收入{w.num('income_unit_funds')}"
               f"{carryover}。")
    else:
        # The sources stated add up to the total: 事业收入, which these editions' prose has no word
        # for, is stated with 其他收入 as 单位资金收入 (the 2024 wording) when the unit has any.
        v = w.values
        rest = v["income_total"] - v["income_general_public_budget"] - v["income_government_fund"] - v["income_special_account"]
        last = f"其他收入{w.num('income_other')}" if rest == v["income_other"] else f"单位资金收入{w.fmt(rest)}万元"
        p.para(f"反映本{word}当年全部收入。{year}年预算收入{w.num('income_total')}，其中：一般公共预算收入"
               f"{w.num('income_general_public_budget')}，基金预算收入{w.num('income_government_fund')}，财政专户核拨收入"
               f"{w.num('income_special_account')}，{last}{carryover}。")
    p.para("2、支出说明")
    personnel, public = (("人员类项目经费", "运转类公用经费") if d.edition == "prose" and rng.random() < 0.5
                         else ("人员经费", "日常公用经费"))
    tail = "主要为无" if d.placeholder else "主要用于保障重点工作开展"
    p.para(f"收支预算总表支出栏、基本支出表、项目支出表按经济分类和支出功能分类科目编制，反映{word}年度预算中支出预算的总体情况。"
           f"{year}年支出预算{w.num('expenditure_total')}，其中基本支出{w.num('basic')}，包括{personnel}{w.num('personnel')}和"
           f"{public}{w.num('public_funds')}；项目支出{w.num('project')}，{tail}。")
    p.para("3、比上年增减情况")
    up = rng.random() < 0.6
    p.para(f"{year}年预算收支安排{w.num('expenditure_total')}，较{year - 1}年预算{'增加' if up else '减少'}"
           f"{w.fmt(rng.randint(100, 50000))}万元，其中：基本支出增加{w.fmt(rng.randint(1, 5000))}万元，主要是"
           f"{rng.choice(cat.CHANGE_REASONS)}；项目支出{'增加' if up else '减少'}{w.fmt(rng.randint(1, 40000))}万元，主要是"
           f"{rng.choice(cat.CHANGE_REASONS)}。")


def _performance(p: Printer, d: Disclosure, heading) -> None:
    rng = p.rng
    template = d.edition
    word = d.unit_word
    if template == "2024":
        heading(5, f"{word}整体绩效目标")
    else:
        heading(5, "预算绩效信息")
    if template in ("2021", "prose"):
        p.para(f"第一部分 {word}整体绩效目标")
    p.para("（一）总体绩效目标")
    p.para(f"{d.part.year}年，围绕{word}职责，统筹推进各项重点工作，确保各项任务按期完成。")
    p.para("（二）分项绩效目标")
    for project in d.budget.projects[:3]:
        p.para(f"{project.name}：{rng.choice(cat.GOALS)}。")
    p.para("（三）工作保障措施")
    for line in rng.sample(cat.SAFEGUARDS, 2):
        p.para(line)
    if d.department_indicators:
        p.para("四、部门整体支出绩效指标")
        department_indicator_table(p, d.department_indicators, d.facts)
    if template == "2024":
        heading(6, f"{word}主管专项资金预算安排情况及绩效目标")
        heading(7, f"{word}项目预算安排情况及绩效目标")
    elif template in ("2021", "prose"):
        p.para("第二部分  预算项目绩效目标")
    table_template = {"prose": "2023", "brief": "2021"}.get(template, template)
    for n, project in enumerate(d.budget.projects, start=1):
        project_table(p, n, project, table_template, d.facts, amount_form=(n - 1) in d.amount_form,
                      inject=d.project_injections.get(n - 1))
        p.blank()


def _procurement(p: Printer, d: Disclosure, w: ProsePrinter, heading) -> None:
    word = d.unit_word
    purchases = d.budget.purchases
    heading(6, "政府采购预算情况")
    if purchases:
        p.para(f"{d.part.year}年，{d.part.name}安排政府采购预算{w.num('procurement')}。具体内容见下表。")
    p.para(f"{word}政府采购预算")
    p.row([f"{d.part.code or ''}{d.part.name}", "单位：万元"])
    p.row(["政府采购项目来源", "采购物品名称", "政府采购目录序号", "计量  单位", "数量", "单价",
           "政府采购金额（当年部门预算安排资金）", f"{d.part.year}年  预留中  小微企  业份额"])
    p.row(["项目名称", "预算    资金", "", "", "", "", "", "合计", "一般公共预算拨款", "基金预算拨款", "国有资本经营预算拨款",
           "财政专户核拨", "单位    资金", "财政拨    款结转", "非财政    拨款结    转结余", ""])
    if purchases:
        total = sum(x.amount for x in purchases)
        blanks = [""] * 6
        if not d.purchase_total_left_out:
            p.row(["合  计", "", "", "", "", "", "", money(total), money(total), *blanks, ""])
        p.row([f"{d.part.name}小计", "", "", "", "", "", "", money(total), money(total), *blanks, ""])
        previous = None
        for k, x in enumerate(purchases):
            amount = x.amount + (d.purchase_shift if k == 0 else 0)
            project = "" if x.project == previous else x.project
            previous = x.project
            p.row([project, money(x.project_budget) if project else "", x.item, x.code, x.unit, str(x.quantity),
                   money(x.price), money(amount), money(amount), *blanks, ""])
    else:
        p.row([""] * 16)
    p.end_table()
    p.blank()
    p.para("注：同一采购目录序号的物品，其单价会因配置规格不同而变动，均符合资产配置标准。涉密采购事项按照相关规定执行。")
    if not purchases:
        p.para("注：无政府采购预算，空表列示。")


def _assets(p: Printer, d: Disclosure, w: ProsePrinter, heading) -> None:
    word = d.unit_word
    assets = d.budget.assets
    heading(7, "国有资产信息")
    planned = sum(x.amount for x in d.budget.purchases if x.code.startswith("A"))
    p.para(f"{d.part.name}上年末固定资产金额为{w.num('fixed_assets')}（详见下表）。本年度拟购置固定资产总额为"
           f"{w.fmt(planned)}万元，已按要求列入政府采购预算，详见政府采购预算表。")
    p.para(f"{word}固定资产占用情况表")
    p.row([f"{d.part.code or ''}{d.part.name}", f"截止时间：{d.part.year - 1}-12-31"])
    p.row(["项   目", "数量", "价值（金额单位：万元）"])
    if assets:
        p.row(["资产总额", "——", money(_asset_total(d.budget))])
        for k, (category, (quantity, value)) in enumerate(assets.items()):
            shifted = value + (d.asset_shift if k == 4 else 0)
            p.row([category, str(quantity), money(shifted) if shifted else "0"])
    else:
        p.row(["", "", ""])
    p.end_table()
    p.blank()
    if not assets:
        p.para("注：无固定资产占用情况，空表列示。")


def disclosure(p: Printer, d: Disclosure, style: Style) -> None:
    """One disclosure: its standard tables (unless explanation-only), then its explanation."""
    if d.tables is not None:
        if d.edition == "2023":
            p.para(f" {p.toc_mark('4_4')}{cn(d.part.seq)}、{d.part.name}收支预算")
        standard_tables(p, d.part, d.tables, d.facts, d.edition, style)
    explanation(p, d)


def document(p: Printer, parts: list[Disclosure], template: str) -> None:
    """A document of one disclosure, or a department and its units (000: 第一部分 / 第二部分), its
    standard tables printed in `template`."""
    style = draw_style(p.rng, template)
    if len(parts) > 1:
        p.para(" 第一部分  部门预算")
        p.blank()
    for k, d in enumerate(parts):
        if k == 1:
            p.para("第二部分  部门所属单位预算")
            p.blank()
        disclosure(p, d, style)
    p.blank()
