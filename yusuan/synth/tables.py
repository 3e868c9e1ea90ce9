"""The nine standard tables of a disclosure as data (what will be printed, cell by cell), built
from its budget. Injections change these cells; the prose reads its figures from them; the
renderer prints them and records one expected fact per printed amount.

Amounts are cents; None is a blank cell. Every reconciliation identity of schemas/rules.yaml
(docs/rules.md) holds on what this module builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yusuan.synth import catalog as cat
from yusuan.synth.budget import Budget
from yusuan.synth.wording import CLASS_ROWS, MEASURES

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
    """A row of 收支总表 / 财政拨款收支总表: income on the left, expenditure on the right. Labels are
    words of the template (wording.SIDE_WORDS: an income key, a class code, total, carryover,
    grand_total), numbered 一、二、… when `_no` is set; None is an empty label."""

    left_word: str | None
    left_no: int | None
    left: int | None
    left_meta: tuple[str, str, bool] | None  # (income_source, fund_scope, is_total)
    right_word: str | None
    right_no: int | None
    right: list[int | None]
    right_code: str | None  # functional class code of the right label
    right_total: bool


@dataclass
class TwoSided:
    kind: str
    rows: list[SideRow]


@dataclass
class ThreePublicRow:
    seq: str  # the 序号 cell
    prefix: str  # printed before the item's wording: 一、, 其中：, indentation
    item: str
    vals: list[int | None]  # 合计, 一般公共预算, 政府性基金, 国有资本经营


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
    """(word, class code) of the right side's rows: the classes, and 2023+ the 人行科目 row."""
    rows: list[tuple[str, str | None]] = [(code, code) for code, _ in CLASS_ROWS]
    if year >= 2023:
        rows.append(("pboc", None))
    return rows


def _summary(budget: Budget, year: int, money, classes) -> TwoSided:
    totals = {k: sum(m[k] for m in money.values()) for k in ("basic", "gpb", "fund", "special_account",
                                                              "institution_business", "other")}
    gpb = totals["basic"] + totals["gpb"]
    income = [("appropriation", "general_public_budget", gpb), ("appropriation", "government_fund", totals["fund"]),
              ("appropriation", "state_capital", 0), ("special_account", "all", totals["special_account"])]
    if year >= 2024:
        income.append(("unit_funds", "all", totals["institution_business"] + totals["other"]))
    else:
        income += [("institution_business", "all", totals["institution_business"]), ("institution_operating", "all", 0),
                   ("higher_subsidy", "all", 0), ("subordinate_remit", "all", 0), ("other", "all", totals["other"])]
    total = sum(v for _, _, v in income)
    rows = []
    for n, (word, code) in enumerate(_class_rows(year)):
        left = (f"{income[n][0]}@{income[n][1]}", n + 1, _nz(income[n][2]), (income[n][0], income[n][1], False)) \
            if n < len(income) else (None, None, None, None)
        value = classes.get(code, {}).get("all", 0) if code else 0
        rows.append(SideRow(*left, word, n + 1, [_nz(value)], code, False))
    rows.append(SideRow("total", None, total, ("total", "all", True), "total", None, [total], None, True))
    rows.append(SideRow("carryover", None, None, ("carryover", "all", False), "carryover", None, [None], None, False))
    rows.append(SideRow("grand_total", None, total, ("grand_total", "all", True), "grand_total", None, [total], None, True))
    return TwoSided("summary", rows)


FUNDS = ("general_public_budget", "government_fund", "state_capital")


def _appropriation_summary(year: int, money, classes) -> TwoSided:
    gpb = sum(m["basic"] + m["gpb"] for m in money.values())
    fund = sum(m["fund"] for m in money.values())
    left = list(zip(FUNDS, (gpb, fund, 0), strict=True))
    rows = []
    for n, (word, code) in enumerate(_class_rows(year)):
        c = classes.get(code, {"gpb": 0, "fund": 0}) if code else {"gpb": 0, "fund": 0}
        vals = [_nz(c["gpb"] + c["fund"]), _nz(c["gpb"]), _nz(c["fund"]), None]
        income = (f"appropriation@{left[n][0]}", n + 1, _nz(left[n][1]), ("appropriation", left[n][0], False)) \
            if n < len(left) else (None, None, None, None)
        rows.append(SideRow(*income, word, n + 1, vals, code, False))
    total = gpb + fund
    rows.append(SideRow("total", None, total, ("total", "fiscal_appropriation", True), "total", None,
                        [total, _nz(gpb), _nz(fund), None], None, True))
    rows.append(SideRow("carryover", None, None, ("carryover", "fiscal_appropriation", True), "carryover", None,
                        [None] * 4, None, False))
    for n, fund_scope in enumerate(FUNDS, start=1):
        rows.append(SideRow(f"appropriation@{fund_scope}", n, None, ("carryover", fund_scope, False), None, None,
                            [None] * 4, None, False))
    rows.append(SideRow("grand_total", None, total, ("grand_total", "fiscal_appropriation", True), "grand_total", None,
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
            ThreePublicRow("一", "", "overseas_travel", vals(overseas)),
            ThreePublicRow("", "其中：", "overseas_travel_research", vals(0)),
            ThreePublicRow("", "", "overseas_travel_other", vals(overseas)),
            ThreePublicRow("二", "", "vehicles", vals(vehicles)),
            ThreePublicRow("", "其中：", "vehicle_purchase", vals(purchase)),
            ThreePublicRow("", "", "vehicle_operation", vals(operation)),
            ThreePublicRow("三", "", "reception", vals(reception)),
        ])

    def blank_zero(v: int) -> list[int | None]:  # 000 leaves the zero rows blank
        return [v, v, None, None] if v else [None] * 4

    return ThreePublic([
        ThreePublicRow("1", "", "total", blank_zero(total)),
        ThreePublicRow("2", "一、", "overseas_travel", blank_zero(overseas)),
        ThreePublicRow("3", "二、", "vehicles", blank_zero(vehicles)),
        ThreePublicRow("4", "    其中：", "vehicle_purchase", blank_zero(purchase)),
        ThreePublicRow("5", "          ", "vehicle_operation", blank_zero(operation)),
        ThreePublicRow("6", "三、", "reception", blank_zero(reception)),
    ])


# --- the table side of the budget overview (what the prose must agree with) -------------------

def overview(tables: Tables) -> dict[str, int]:
    """Each overview item the printed tables state (the warehouse's overview item codes), in cents."""
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
            if row.right_word == "total" and row.right[0] is not None:
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
