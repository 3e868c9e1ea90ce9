"""The nine standard tables of a disclosure as data (what will be printed, cell by cell), built
from its budget. Injections change these cells; the prose reads its figures from them; the
renderer prints them and records one expected fact per printed amount.

Amounts are cents; None is a blank cell. Every identity of DOMAIN.md §4 holds on what this
module builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yusuan.synth import catalog as cat
from yusuan.synth.budget import Budget
from yusuan.vocab import FUNCTIONAL_CLASSES, TABLE_KINDS

# The functional classes on the right side of the two summary tables, in template order.
SUMMARY_CLASSES = tuple(FUNCTIONAL_CLASSES.items())
PBOC_ROW = "人行科目"  # 2023+: a 31st class without a code

MEASURES = {
    "income": ("total", "subtotal", "appropriation", "special_account", "institution_business", "institution_operating",
               "higher_subsidy", "subordinate_remit", "other", "carryover"),
    "expenditure": ("total", "basic", "project", "operating", "remit", "subsidy"),
    "gpb_expenditure": ("total", "basic", "project"),
    "gov_fund": ("total", "basic", "project"),
    "state_capital": ("total", "basic", "project"),
    "gpb_basic": ("total", "personnel", "public_funds"),
}
FUND_SCOPE = {k.kind: k.fund_scope for k in TABLE_KINDS if k.shape == "subject"}
APPROPRIATION_SCOPES = ("fiscal_appropriation", "general_public_budget", "government_fund", "state_capital")
# Table kinds in the order the template prints them.
PRINT_ORDER = ("summary", "income", "expenditure", "appropriation_summary", "gpb_expenditure", "gpb_basic", "gov_fund",
               "state_capital", "three_public")

CN_DIGITS = "零一二三四五六七八九"


def cn(n: int) -> str:
    """1 → 一, 12 → 十二, 31 → 三十一."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


@dataclass
class SubjectRow:
    code: str | None  # None on the 合计 row
    name: str
    vals: list[int | None]


@dataclass
class SubjectTable:
    kind: str
    rows: list[SubjectRow]

    @property
    def measures(self) -> tuple[str, ...]:
        return MEASURES[self.kind]

    def row(self, code: str | None) -> SubjectRow:
        return next(r for r in self.rows if r.code == code)


@dataclass
class SideRow:
    """A row of 收支总表 / 财政拨款收支总表: income on the left, expenditure on the right."""

    left_label: str
    left: int | None
    left_meta: tuple[str, str, bool] | None  # (income_source, fund_scope, is_total)
    right_label: str
    right: list[int | None]
    right_code: str | None  # functional class code of the right label
    right_total: bool


@dataclass
class TwoSided:
    kind: str
    rows: list[SideRow]


@dataclass
class ThreePublicRow:
    seq: str
    label: str
    vals: list[int | None]  # 合计, 一般公共预算, 政府性基金, 国有资本经营
    item: str


@dataclass
class ThreePublic:
    rows: list[ThreePublicRow]

    def row(self, item: str) -> ThreePublicRow | None:
        return next((r for r in self.rows if r.item == item), None)


@dataclass
class Tables:
    """The standard tables of one disclosure: a table, or None when printed empty (空表列示);
    kinds in `absent` are not printed at all."""

    tables: dict[str, object] = field(default_factory=dict)
    absent: list[str] = field(default_factory=list)


def _nz(value: int) -> int | None:
    return value if value else None


def item_money(budget: Budget) -> dict[str, dict[str, int]]:
    """Functional item → its money: basic (general public budget), project by fund, and
    project money by non-fiscal source."""
    money: dict[str, dict[str, int]] = {}

    def slot(item: str) -> dict[str, int]:
        return money.setdefault(item, {"basic": 0, "gpb": 0, "fund": 0, "special_account": 0,
                                       "institution_business": 0, "other": 0})

    for item, amount in budget.basic_by_item().items():
        slot(item)["basic"] += amount
    for project in budget.projects:
        s = slot(project.item)
        s[project.fund] += project.fiscal
        if project.other:
            s[project.other_source] += project.other
    return dict(sorted(money.items()))


def _subject_table(kind: str, leaves: dict[str, list[int]], names: dict[str, str], total_last: bool) -> SubjectTable | None:
    """Rows of a subject table: the 合计, then each class, its sections and their items, every
    column the sum of the rows below it. `leaves` maps a leaf code to its column values."""
    sums: dict[str, list[int]] = {}
    total: list[int] | None = None
    for code, vals in leaves.items():
        if not any(vals):
            continue
        for prefix in ((code[:3], code[:5], code) if len(code) == 7 else (code[:3], code)):
            acc = sums.get(prefix)
            sums[prefix] = list(vals) if acc is None else [a + b for a, b in zip(acc, vals, strict=True)]
        total = list(vals) if total is None else [a + b for a, b in zip(total, vals, strict=True)]
    if total is None:
        return None
    rows = [SubjectRow(code, names[code], [v or None for v in sums[code]]) for code in sorted(sums)]
    total_row = SubjectRow(None, "合计", [v or None for v in total])
    rows = rows + [total_row] if total_last else [total_row, *rows]
    return SubjectTable(kind, rows)


def functional_name(code: str) -> str:
    return {3: cat.CLASSES, 5: cat.SECTIONS, 7: cat.ITEMS}[len(code)][code]


def build(budget: Budget, year: int, rng, blank_economic_rows: bool) -> Tables:
    money = item_money(budget)
    names = {}
    for code in money:
        for prefix in (code[:3], code[:5], code):
            names[prefix] = functional_name(prefix)
    out = Tables()
    t = out.tables
    last = rng.random() < 0.1

    def income_vals(m):
        appropriation = m["basic"] + m["gpb"] + m["fund"]
        sources = [appropriation, m["special_account"], m["institution_business"], 0, 0, 0, m["other"]]
        return [sum(sources), sum(sources), *sources, 0]

    def expenditure_vals(m):
        project = m["gpb"] + m["fund"] + m["special_account"] + m["institution_business"] + m["other"]
        return [m["basic"] + project, m["basic"], project, 0, 0, 0]

    t["income"] = _subject_table("income", {c: income_vals(m) for c, m in money.items()}, names, last)
    t["expenditure"] = _subject_table("expenditure", {c: expenditure_vals(m) for c, m in money.items()}, names, last)
    t["gpb_expenditure"] = _subject_table(
        "gpb_expenditure", {c: [m["basic"] + m["gpb"], m["basic"], m["gpb"]] for c, m in money.items()}, names, last)
    t["gov_fund"] = _subject_table("gov_fund", {c: [m["fund"], 0, m["fund"]] for c, m in money.items()}, names, last)
    t["state_capital"] = None
    economic = {code: [amount, 0 if code.startswith("302") else amount, amount if code.startswith("302") else 0]
                for code, amount in sorted(budget.economic.items())}
    econ_names = {**cat.ECONOMIC_CLASSES, **cat.ECONOMIC_ITEMS}
    basic = _subject_table("gpb_basic", economic, econ_names, False)
    if basic is not None and blank_economic_rows:  # 000 prints every item of the template, blank where nothing is budgeted
        printed = {r.code for r in basic.rows}
        for code in (*cat.PERSONNEL_ITEMS, *cat.PUBLIC_ITEMS, *cat.FAMILY_ITEMS):
            if code not in printed and code[:3] in printed and rng.random() < 0.5:
                basic.rows.append(SubjectRow(code, cat.ECONOMIC_ITEMS[code], [None, None, None]))
        basic.rows = [basic.rows[0], *sorted(basic.rows[1:], key=lambda r: r.code)]
    t["gpb_basic"] = basic
    classes = _class_totals(money)
    t["summary"] = _summary(budget, year, money, classes)
    t["appropriation_summary"] = _appropriation_summary(year, money, classes)
    t["three_public"] = _three_public(budget, year)
    return out


def _class_totals(money) -> dict[str, dict[str, int]]:
    classes: dict[str, dict[str, int]] = {}
    for code, m in money.items():
        c = classes.setdefault(code[:3], {"all": 0, "gpb": 0, "fund": 0})
        c["gpb"] += m["basic"] + m["gpb"]
        c["fund"] += m["fund"]
        c["all"] += sum(m.values())
    return classes


def _class_rows(year: int) -> list[tuple[str, str | None]]:
    rows = [(f"{cn(n)}、{name}", code) for n, (name, code) in enumerate(SUMMARY_CLASSES, start=1)]
    if year >= 2023:
        rows.append((f"{cn(len(rows) + 1)}、{PBOC_ROW}", None))
    return rows


def _summary(budget: Budget, year: int, money, classes) -> TwoSided:
    totals = {k: sum(m[k] for m in money.values()) for k in ("basic", "gpb", "fund", "special_account",
                                                              "institution_business", "other")}
    gpb = totals["basic"] + totals["gpb"]
    if year >= 2024:
        income = [("一般公共预算拨款收入", gpb, "appropriation", "general_public_budget"),
                  ("政府性基金预算拨款收入", totals["fund"], "appropriation", "government_fund"),
                  ("国有资本经营预算拨款收入", 0, "appropriation", "state_capital"),
                  ("财政专户管理资金收入", totals["special_account"], "special_account", "all"),
                  ("单位资金", totals["institution_business"] + totals["other"], "unit_funds", "all")]
    else:
        income = [("一般公共预算拨款收入", gpb, "appropriation", "general_public_budget"),
                  ("政府性基金预算拨款收入", totals["fund"], "appropriation", "government_fund"),
                  ("国有资本经营预算拨款收入", 0, "appropriation", "state_capital"),
                  ("财政专户管理资金收入", totals["special_account"], "special_account", "all"),
                  ("事业收入", totals["institution_business"], "institution_business", "all"),
                  ("事业单位经营收入", 0, "institution_operating", "all"),
                  ("上级补助收入", 0, "higher_subsidy", "all"),
                  ("附属单位上缴收入", 0, "subordinate_remit", "all"),
                  ("其他收入", totals["other"], "other", "all")]
    total = sum(v for _, v, _, _ in income)
    rows = []
    for n, (label, code) in enumerate(_class_rows(year)):
        left = (f"{cn(n + 1)}、{income[n][0]}", _nz(income[n][1]), (income[n][2], income[n][3], False)) \
            if n < len(income) else ("", None, None)
        value = classes.get(code, {}).get("all", 0) if code else 0
        rows.append(SideRow(*left, label, [_nz(value)], code, False))
    rows.append(SideRow("本年收入合计", total, ("total", "all", True), "本年支出合计", [total], None, True))
    rows.append(SideRow("上年结转结余", None, ("carryover", "all", False), "年终结转结余", [None], None, False))
    rows.append(SideRow("收入总计", total, ("grand_total", "all", True), "支出总计", [total], None, True))
    return TwoSided("summary", rows)


def _appropriation_summary(year: int, money, classes) -> TwoSided:
    gpb = sum(m["basic"] + m["gpb"] for m in money.values())
    fund = sum(m["fund"] for m in money.values())
    left = [("一、一般公共预算拨款", gpb, ("appropriation", "general_public_budget", False)),
            ("二、政府性基金预算拨款", fund, ("appropriation", "government_fund", False)),
            ("三、国有资本经营预算拨款", 0, ("appropriation", "state_capital", False))]
    rows = []
    for n, (label, code) in enumerate(_class_rows(year)):
        c = classes.get(code, {"gpb": 0, "fund": 0}) if code else {"gpb": 0, "fund": 0}
        vals = [_nz(c["gpb"] + c["fund"]), _nz(c["gpb"]), _nz(c["fund"]), None]
        l_label, l_val, l_meta = (left[n][0], _nz(left[n][1]), left[n][2]) if n < len(left) else ("", None, None)
        rows.append(SideRow(l_label, l_val, l_meta, label, vals, code, False))
    total = gpb + fund
    rows.append(SideRow("本年收入合计", total, ("total", "fiscal_appropriation", True), "本年支出合计",
                        [total, _nz(gpb), _nz(fund), None], None, True))
    rows.append(SideRow("年初财政拨款结转和结余", None, ("carryover", "fiscal_appropriation", True),
                        "年末财政拨款结转和结余", [None] * 4, None, False))
    for label, fund_scope in (("一、一般公共预算拨款", "general_public_budget"), ("二、政府性基金预算拨款", "government_fund"),
                              ("三、国有资本经营预算拨款", "state_capital")):
        rows.append(SideRow(label, None, ("carryover", fund_scope, False), "", [None] * 4, None, False))
    rows.append(SideRow("收入总计", total, ("grand_total", "fiscal_appropriation", True), "支出总计",
                        [total, _nz(gpb), _nz(fund), None], None, True))
    return TwoSided("appropriation_summary", rows)


def _three_public(budget: Budget, year: int) -> ThreePublic | None:
    overseas, purchase = budget.overseas, budget.vehicle_purchase
    operation, reception = budget.vehicle_operation, budget.reception
    vehicles = purchase + operation
    total = overseas + vehicles + reception
    if total == 0 and year >= 2024:
        return None  # 002: nothing budgeted, the table printed empty

    def vals(v: int) -> list[int | None]:
        return [v, v, None, None]

    if year >= 2023:  # 001: no 合计 row, 一/二/三 in the 序号 column, overseas travel split
        return ThreePublic([
            ThreePublicRow("一", "因公出国（境）费", vals(overseas), "overseas_travel"),
            ThreePublicRow("", "其中：教学科研人员因公出国（境）费", vals(0), "overseas_travel_research"),
            ThreePublicRow("", "其他因公出国（境）费", vals(overseas), "overseas_travel_other"),
            ThreePublicRow("二", "公务用车购置及运维费", vals(vehicles), "vehicles"),
            ThreePublicRow("", "其中：公务用车购置费", vals(purchase), "vehicle_purchase"),
            ThreePublicRow("", "公务用车运行维护费", vals(operation), "vehicle_operation"),
            ThreePublicRow("三", "公务接待费", vals(reception), "reception"),
        ])

    def blank_zero(v: int) -> list[int | None]:  # 000 leaves the zero rows blank
        return [v, v, None, None] if v else [None] * 4

    return ThreePublic([
        ThreePublicRow("1", "合计", blank_zero(total), "total"),
        ThreePublicRow("2", "一、因公出国（境）费", blank_zero(overseas), "overseas_travel"),
        ThreePublicRow("3", "二、公务用车购置及运维费", blank_zero(vehicles), "vehicles"),
        ThreePublicRow("4", "    其中：公务用车购置费", blank_zero(purchase), "vehicle_purchase"),
        ThreePublicRow("5", "          公务用车运行维护费", blank_zero(operation), "vehicle_operation"),
        ThreePublicRow("6", "三、公务接待费", blank_zero(reception), "reception"),
    ])


# --- the table side of the budget overview (what the prose must agree with) -------------------

def overview(tables: Tables) -> dict[str, int]:
    """Each overview item (vocab.OVERVIEW_ITEMS) the printed tables state, in cents."""
    out: dict[str, int] = {}
    t = tables.tables
    summary = t.get("summary") if "summary" not in tables.absent else None
    if summary is not None:
        for row in summary.rows:
            if row.left is not None and row.left_meta is not None:
                source, fund, _ = row.left_meta
                item = {"total": "income_total", "carryover": "carryover", "special_account": "income_special_account",
                        "unit_funds": "income_unit_funds", "other": "income_other"}.get(source)
                if source == "appropriation":
                    item = f"income_{fund}"
                if item and item not in out:
                    out[item] = row.left
            if row.right_label == "本年支出合计" and row.right[0] is not None:
                out.setdefault("expenditure_total", row.right[0])
    expenditure = t.get("expenditure")
    if expenditure is not None and "expenditure" not in tables.absent:
        total = expenditure.row(None)
        for item, k in (("basic", 1), ("project", 2)):
            if total.vals[k] is not None:
                out[item] = total.vals[k]
    basic = t.get("gpb_basic")
    if basic is not None and "gpb_basic" not in tables.absent:
        total = basic.row(None)
        for item, k in (("personnel", 1), ("public_funds", 2), ("operating_cost", 2)):
            if total.vals[k] is not None:
                out[item] = total.vals[k]
    three = t.get("three_public")
    if three is not None and "three_public" not in tables.absent:
        for item, key in (("three_public", "total"), ("overseas_travel", "overseas_travel"), ("vehicles", "vehicles"),
                          ("vehicle_purchase", "vehicle_purchase"), ("vehicle_operation", "vehicle_operation"),
                          ("reception", "reception")):
            row = three.row(key)
            if row is not None and row.vals[0] is not None:
                out[item] = row.vals[0]
    return out
