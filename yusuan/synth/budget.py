"""The budget of one unit (or of a department, the sum of its units), in cents.

Everything the standard tables, the projects and the prose print is derived from this model,
so that a clean disclosure reconciles by construction: basic expenditure is paid from the
general public budget and spread over functional items by the economic items it is made of;
projects carry their own functional item, fund and amounts; the 三公 figures are the basic
items they are (公务接待费, 公务用车运行维护费).
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field

from yusuan.synth import catalog as cat

OTHER_SOURCES = ("special_account", "institution_business", "other")
CODE_CHARS = "".join(c for c in string.ascii_uppercase + string.digits if c != "X")  # no XX placeholder


@dataclass
class Target:
    """One indicator row of a project target table, with the values the parser must read."""

    level1: str
    level2: str
    level3: str
    description: str
    printed: str  # the target as printed (指标值)
    operator: str | None
    value: str | None  # the number as a decimal string
    unit: str | None
    status: str  # number, qualitative, classified
    basis: str


@dataclass
class Project:
    name: str
    code: str | None
    item: str  # functional item code (for the budget year)
    fiscal: int  # cents from the general public budget or the government funds (fund)
    fund: str  # gpb | fund
    other: int  # cents from a non-fiscal source
    other_source: str
    spend_plan: list[int | None]  # cumulative percent at 3/6/10/12月底 (None: not printed)
    goals: list[str]
    targets: list[Target]
    purpose: str

    @property
    def budget(self) -> int:
        return self.fiscal + self.other


@dataclass
class Purchase:
    project: str
    project_budget: int
    item: str
    code: str
    unit: str
    quantity: int
    price: int  # cents

    @property
    def amount(self) -> int:
        return self.quantity * self.price


@dataclass
class Budget:
    year: int
    nature: str  # 行政 / 事业 / 参照公务员法管理
    admin_item: str
    economic: dict[str, int] = field(default_factory=dict)  # economic item → cents (basic expenditure)
    projects: list[Project] = field(default_factory=list)
    overseas: int = 0
    vehicle_purchase: int = 0
    purchases: list[Purchase] = field(default_factory=list)
    assets: dict[str, tuple[int, int]] = field(default_factory=dict)  # category → (quantity, cents)
    staff: int = 0
    basic_override: dict[str, int] | None = None  # a department's: the sum of its units'

    def basic_by_item(self) -> dict[str, int]:
        """Basic expenditure by functional item."""
        if self.basic_override is not None:
            return dict(self.basic_override)
        out: dict[str, int] = {}
        for code, amount in self.economic.items():
            item = cat.ECONOMIC_TO_FUNCTIONAL.get(code, self.admin_item)
            if self.nature != "行政" and item in ("2101101", "2080501"):
                item = {"2101101": "2101102", "2080501": "2080502"}[item]
            out[item] = out.get(item, 0) + amount
        return out

    @property
    def personnel(self) -> int:
        return sum(a for c, a in self.economic.items() if not c.startswith("302"))

    @property
    def public_funds(self) -> int:
        return sum(a for c, a in self.economic.items() if c.startswith("302"))

    @property
    def reception(self) -> int:
        return self.economic.get("30217", 0)

    @property
    def vehicle_operation(self) -> int:
        return self.economic.get("30231", 0)


def cents(rng: random.Random, low: float, high: float) -> int:
    return int(round(rng.uniform(low, high) * 100))


def unit_budget(rng: random.Random, year: int, department, nature: str, project_names: list[str]) -> Budget:
    """A unit's budget: staff costs, operating costs, projects, purchases and assets."""
    _name, _party, admin_item, project_items, _projects = department
    budget = Budget(year=year, nature=nature, admin_item=admin_item, staff=rng.randint(3, 60))
    staff = budget.staff
    e = budget.economic
    e["30101"] = staff * cents(rng, 1.8, 3.2)
    e["30102"] = staff * cents(rng, 1.2, 2.8)
    if rng.random() < 0.5:
        e["30103"] = staff * cents(rng, 0.1, 0.5)
    e["30107"] = staff * cents(rng, 0.4, 1.4)
    wages = e["30101"] + e["30102"] + e["30107"]
    e["30108"] = wages * 16 // 100
    if rng.random() < 0.7:
        e["30109"] = wages * 8 // 100
    e["30110"] = wages * rng.randint(6, 10) // 100
    if nature == "行政":
        e["30111"] = wages * rng.randint(3, 6) // 100
    e["30112"] = wages // 200
    e["30113"] = wages * 12 // 100
    if rng.random() < 0.4:
        e["30302"] = rng.randint(1, 8) * cents(rng, 2.0, 4.0)
    if rng.random() < 0.3:
        e["30309"] = cents(rng, 0.1, 2.0)
    e["30201"] = staff * cents(rng, 0.05, 0.3)
    e["30207"] = cents(rng, 0.3, 8.0)
    e["30211"] = staff * cents(rng, 0.05, 0.3)
    if rng.random() < 0.7:
        e["30217"] = cents(rng, 0.1, 3.0)
    e["30228"] = wages * 2 // 100
    if rng.random() < 0.6:
        e["30229"] = cents(rng, 0.5, 5.0)
    if rng.random() < 0.5:
        e["30231"] = cents(rng, 1.0, 9.0)
    e["30239"] = cents(rng, 0.2, 10.0) if rng.random() < 0.5 else 0
    e["30299"] = cents(rng, 0.1, 3.0)
    for code in [c for c, a in e.items() if a == 0]:
        del e[code]
    if rng.random() < 0.15:
        budget.overseas = cents(rng, 1.0, 6.0)
    if rng.random() < 0.1:
        budget.vehicle_purchase = cents(rng, 10.0, 30.0)
    for name in project_names:
        budget.projects.append(_project(rng, year, name, project_items, nature))
    _purchases(rng, budget)
    _assets(rng, budget)
    return budget


def _project(rng: random.Random, year: int, name: str, items: tuple[str, ...], nature: str) -> Project:
    item = cat.item_code(rng.choice(items), year)
    fund = "fund" if item in cat.FUND_ITEMS else "gpb"
    fiscal = cents(rng, 1.0, 400.0)
    other, source = 0, "other"
    if nature != "行政" and rng.random() < 0.25:
        other, source = cents(rng, 1.0, 60.0), rng.choice(OTHER_SOURCES)
    code = None
    if year >= 2023 or rng.random() < 0.3:
        code = f"13{rng.randint(1000, 9999)}{year % 100:02d}P" + "".join(rng.choice(CODE_CHARS) for _ in range(12))
    return Project(name=name, code=code, item=item, fiscal=fiscal, fund=fund, other=other, other_source=source,
                   spend_plan=spend_plan(rng), goals=rng.sample(cat.GOALS, rng.randint(1, 3)),
                   targets=targets(rng), purpose=rng.choice(cat.PURPOSES).format(p=name))


def spend_plan(rng: random.Random) -> list[int | None]:
    """Cumulative percentages at the end of March, June, October and December, ending at 100."""
    q3 = rng.choice((0, 0, 10, 20, 25, 30))
    q6 = q3 + rng.choice((0, 10, 20, 25, 30))
    q10 = min(100, q6 + rng.choice((10, 20, 30, 40)))
    plan: list[int | None] = [q3, q6, q10, 100]
    if rng.random() < 0.2:  # 000 prints only the months with a figure
        plan = [None if v == 0 else v for v in plan]
    return plan


COUNT_UNITS = (("次", "次"), ("个", "个"), ("台", "台"), ("人", "人"), ("户", "户"), ("件", "件"), ("", None),
               ("人次", "人次"), ("万户", "万户"), ("套", "套"), ("场", "场"))
PERCENT_UNITS = (("%", "%"), ("百分比", "%"), ("%", "%"))


def number_target(rng: random.Random, kind: str) -> tuple[str, str, str, str | None]:
    """(printed, operator, value, unit) of a numeric target for a level-2 group."""
    if kind == "数量指标":
        op_printed, op = rng.choice(cat.OPERATORS)
        value = rng.choice((f"{rng.randint(1, 60)}", f"{rng.randint(1, 3000)}", f"{rng.randint(1, 9)}.{rng.randint(1, 9)}"))
        unit_printed, unit = rng.choice(COUNT_UNITS)
        if unit == "万户" and "." not in value:
            value = f"{rng.randint(1, 9)}.{rng.randint(1, 9)}"
    elif kind == "成本指标":
        op_printed, op = rng.choice((("≤", "<="), ("<=", "<="), ("不超过", "<="), ("", "=")))
        unit_printed, unit = rng.choice((("万元", "万元"), ("元", "元"), ("万元", "万元")))
        value = f"{rng.randint(1, 90)}.{rng.randint(0, 99):02d}" if unit == "万元" else f"{rng.randint(1, 200) * 1000}"
    elif kind == "时效指标" and rng.random() < 0.3:
        op_printed, op = rng.choice((("≤", "<="), ("", "=")))
        value, (unit_printed, unit) = str(rng.randint(1, 30)), rng.choice((("天", "天"), ("小时", "小时"), ("个月", "个月")))
    else:  # 质量, 时效, 效益, 满意度: shares
        op_printed, op = rng.choice((("≥", ">="), (">=", ">="), ("", "="), ("=", "="), ("不低于", ">="), (">", ">")))
        value = rng.choice(("80", "85", "90", "95", "98", "100", "90.00", "95.00"))
        unit_printed, unit = rng.choice(PERCENT_UNITS)
    return f"{op_printed}{value}{unit_printed}", op, value, unit


def make_target(rng: random.Random, level2: str) -> tuple[str, str | None, str | None, str | None, str]:
    """(printed, operator, value, unit, status) of a target value."""
    roll = rng.random()
    if level2 in ("社会效益指标", "经济效益指标", "生态效益指标", "可持续影响指标", "社会效益") and roll < 0.6:
        return rng.choice(cat.QUALITATIVE), None, None, None, "qualitative"
    if roll < 0.05:
        printed, op, value, unit = rng.choice(cat.CHINESE_TARGETS)
        return printed, op, value, unit, "number"
    if roll < 0.08:
        value = str(rng.randint(100, 300))
        return f"补贴不超过{value}", "<=", value, None, "number"
    printed, op, value, unit = number_target(rng, level2)
    return printed, op, value, unit, "number"


def targets(rng: random.Random) -> list[Target]:
    """Indicator rows covering 产出, 效益 and 满意度 (COM-002 holds)."""
    groups = [g for g in cat.INDICATORS if g[0] == "产出指标" and (g[1] == "数量指标" or rng.random() < 0.6)]
    benefit = [g for g in cat.INDICATORS if g[0] == "效益指标"]
    groups += [g for g in benefit if rng.random() < 0.5] or [benefit[0]]
    groups += [g for g in cat.INDICATORS if g[0] == "满意度指标"]
    benefit_word = "效果指标" if rng.random() < 0.3 else "效益指标"
    out = []
    for level1, level2, names in groups:
        for name in rng.sample(names, rng.randint(1, min(2, len(names)))):
            basis = rng.choice(cat.BASES)
            if rng.random() < 0.02:
                out.append(Target(level1, level2, "涉密", "涉密", "", None, None, None, "classified", ""))
                continue
            printed, op, value, unit, status = make_target(rng, level2)
            out.append(Target(benefit_word if level1 == "效益指标" else level1, level2, name,
                              f"反映{name}情况", printed, op, value, unit, status, basis))
    return out


def department_indicators(rng: random.Random) -> list[tuple]:
    """003's department-wide indicator rows: (level 1, level 2, name, description, operator, value,
    unit, qualitative text, basis)."""
    rows = []
    for level1, level2 in cat.DEPARTMENT_LEVELS:
        for k in range(rng.randint(1, 2)):
            name = f"{level2}指标{k + 1}"
            basis = rng.choice(cat.BASES)
            if level2 == "社会效益" and rng.random() < 0.5:
                rows.append((level1, level2, name, f"反映{name}", None, None, None, rng.choice(cat.QUALITATIVE), basis))
                continue
            op = rng.choice(("≥", "≤", "="))
            value = rng.choice((str(rng.randint(1, 3000)), f"{rng.randint(1, 99)}.{rng.randint(1, 9)}"))
            unit = rng.choice(("百分比", "个", "套", "万户", "元", "天", "人"))
            rows.append((level1, level2, name, f"反映{name}", op, value, unit, None, basis))
    return rows


def _purchases(rng: random.Random, budget: Budget) -> None:
    if rng.random() < 0.3:
        return
    sources = [(f"{budget.year}年日常公用经费预算", budget.public_funds)]
    sources += [(p.name, p.budget) for p in budget.projects]
    for _ in range(rng.randint(1, 4)):
        project, project_budget = rng.choice(sources)
        item, code, unit = rng.choice(cat.PURCHASES)
        quantity = rng.randint(1, 20)
        price = max(1, min(project_budget // (quantity * 4) if project_budget else 100, cents(rng, 0.01, 5.0)))
        budget.purchases.append(Purchase(project, project_budget, item, code, unit, quantity, price))


ASSET_CATEGORIES = ("1、房屋（平方米）", "其中：办公用房（平方米）", "2、车辆（台、辆）", "3、单价在50万元以上的设备", "4、其他固定资产")


def _assets(rng: random.Random, budget: Budget) -> None:
    if rng.random() < 0.15:
        return
    house = (rng.randint(0, 3000), cents(rng, 0, 800.0)) if rng.random() < 0.6 else (0, 0)
    office = (house[0] * 2 // 3, house[1] * 2 // 3)
    vehicles = (rng.randint(0, 4), 0)
    vehicles = (vehicles[0], vehicles[0] * cents(rng, 8.0, 25.0))
    big = (rng.randint(0, 3), 0)
    big = (big[0], big[0] * cents(rng, 50.0, 120.0))
    other = (rng.randint(10, 900), cents(rng, 5.0, 400.0))
    budget.assets = dict(zip(ASSET_CATEGORIES, (house, office, vehicles, big, other), strict=True))


def merge(year: int, budgets: list[Budget], admin_item: str) -> Budget:
    """A department's budget: the sum of its units' (their projects and purchases listed in turn)."""
    total = Budget(year=year, nature=budgets[0].nature, admin_item=admin_item)
    for b in budgets:
        for code, amount in b.economic.items():
            total.economic[code] = total.economic.get(code, 0) + amount
        total.projects += b.projects
        total.overseas += b.overseas
        total.vehicle_purchase += b.vehicle_purchase
        total.purchases += b.purchases
        total.staff += b.staff
        for category, (quantity, value) in b.assets.items():
            q, v = total.assets.get(category, (0, 0))
            total.assets[category] = (q + quantity, v + value)
    basic: dict[str, int] = {}
    for b in budgets:
        for item, amount in b.basic_by_item().items():
            basic[item] = basic.get(item, 0) + amount
    total.basic_override = basic
    return total
