"""Injected inconsistencies: each breaks one data-quality rule of schemas/rules.yaml (a few, by
their nature, two), and nothing else.

Every injection changes the printed cells so that all the other identities still hold: a row
total moved from one sibling item to another breaks the two rows but no column sum; a whole
chain (item, section, class, 合计) moved from one column to another breaks only the cross-table
comparison that reads that column; and so on. An injection returns the rule ids that must fail
for the disclosure it changed, or None when the disclosure offers nothing to change.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from yusuan.synth.budget import Target
from yusuan.synth.document import Disclosure, figures
from yusuan.synth.render import money
from yusuan.synth.tables import SubjectTable, ThreePublic, TwoSided, overview

Injection = Callable[[random.Random, Disclosure], list[str] | None]
INJECTIONS: dict[str, Injection] = {}


def injection(name: str):
    def register(fn):
        INJECTIONS[name] = fn
        return fn
    return register


def _delta(rng) -> int:
    return rng.randint(100, 2000)  # 1.00 to 20.00 万元: well above any rounding tolerance


def _table(d: Disclosure, kind: str):
    if d.tables is None or kind in d.tables.absent:
        return None
    return d.tables.tables.get(kind)


def _siblings(table: SubjectTable, column: int, leaf_len: int, d: int):
    """Two leaf rows under the same parent, both printing `column`, the second holding more than `d`."""
    groups: dict[str, list] = {}
    for row in table.rows:
        if row.code and len(row.code) == leaf_len and row.vals[column] is not None:
            groups.setdefault(row.code[:-2], []).append(row)
    for rows in groups.values():
        if len(rows) >= 2:
            donor = max(rows[1:], key=lambda r: r.vals[column])
            if donor.vals[column] > d:
                return rows[0], donor
    return None


def _shift_siblings(rng, d: Disclosure, kind: str, column: int, leaf_len: int, rule: str):
    table = _table(d, kind)
    if not isinstance(table, SubjectTable):
        return None
    delta = _delta(rng)
    pair = _siblings(table, column, leaf_len, delta)
    if pair is None:
        return None
    a, b = pair
    a.vals[column] += delta
    b.vals[column] -= delta
    return [rule]


@injection("EXP-ROW-001")
def _exp_row_001(rng, d):
    return _shift_siblings(rng, d, "expenditure", 0, 7, "EXP-ROW-001")


@injection("EXP-ROW-002")
def _exp_row_002(rng, d):
    return _shift_siblings(rng, d, "gpb_expenditure", 0, 7, "EXP-ROW-002")


@injection("EXP-ROW-003")
def _exp_row_003(rng, d):
    return _shift_siblings(rng, d, "gpb_basic", 0, 5, "EXP-ROW-003")


@injection("INC-ROW-001")
def _inc_row_001(rng, d):
    return _shift_siblings(rng, d, "income", 0, 7, "INC-ROW-001")


@injection("INC-ROW-002")
def _inc_row_002(rng, d):
    return _shift_siblings(rng, d, "income", 2, 7, "INC-ROW-002")


def _class_rows(table: TwoSided, column: int, delta: int):
    rows = [r for r in table.rows if r.right_code and r.right[column] is not None]
    if len(rows) < 2:
        return None
    donor = max(rows[1:], key=lambda r: r.right[column])
    return (rows[0], donor) if donor.right[column] > delta else None


def _shift_between_classes(rng, d, kind: str, columns: tuple[int, ...], rule: str):
    """Move money from one class row to another in `columns`: the table's total still holds, the
    cross-table identity `rule` checks per class does not."""
    table = _table(d, kind)
    delta = _delta(rng)
    pair = _class_rows(table, columns[-1], delta) if table else None
    if pair is None:
        return None
    for column in columns:
        pair[0].right[column] += delta
        pair[1].right[column] -= delta
    return [rule]


@injection("EXP-ROW-004")
def _exp_row_004(rng, d):
    return _shift_between_classes(rng, d, "appropriation_summary", (0,), "EXP-ROW-004")


@injection("XT-002")
def _xt_002(rng, d):
    return _shift_between_classes(rng, d, "summary", (0,), "XT-002")


@injection("XT-003")
def _xt_003(rng, d):
    return _shift_between_classes(rng, d, "appropriation_summary", (0, 1), "XT-003")


@injection("TP-ROW-001")
def _tp_row_001(rng, d):
    table = _table(d, "three_public")
    if not isinstance(table, ThreePublic):
        return None
    delta = _delta(rng) // 100  # small parts: 0.01 to 0.20 万元
    purchase, operation = table.row("vehicle_purchase"), table.row("vehicle_operation")
    if operation.vals[1] is None or operation.vals[1] <= delta:
        return None
    purchase.vals[1] = (purchase.vals[1] or 0) + delta
    operation.vals[1] -= delta
    return ["TP-ROW-001"]


@injection("TP-TREE-001")
def _tp_tree_001(rng, d):
    table = _table(d, "three_public")
    if not isinstance(table, ThreePublic):
        return None
    delta = _delta(rng)
    vehicles = table.row("vehicles")
    vehicles.vals[0] = (vehicles.vals[0] or 0) + delta
    vehicles.vals[1] = (vehicles.vals[1] or 0) + delta
    # The explanation restates the table's 三公 figures, so its vehicles no longer add up either.
    return ["TP-TREE-001", "TXT-006"]


@injection("EXP-TREE-001")
def _exp_tree_001(rng, d):
    table = _table(d, "expenditure")
    if not isinstance(table, SubjectTable):
        return None
    row = next(r for r in table.rows if r.code and len(r.code) == 7)
    delta = _delta(rng)
    row.vals[0] += delta
    column = 1 if row.vals[1] is not None else 2
    row.vals[column] += delta
    return ["EXP-TREE-001"]


@injection("EXP-TREE-002")
def _exp_tree_002(rng, d):
    table = _table(d, "gpb_basic")
    if not isinstance(table, SubjectTable):
        return None
    total = table.row(None)
    delta = _delta(rng) // 10
    if total.vals[2] is None or total.vals[2] <= delta:
        return None
    total.vals[1] = (total.vals[1] or 0) + delta
    total.vals[2] -= delta
    return ["EXP-TREE-002"]


@injection("INC-TREE-001")
def _inc_tree_001(rng, d):
    table = _table(d, "income")
    if not isinstance(table, SubjectTable):
        return None
    row = next((r for r in table.rows if r.code and len(r.code) == 7 and r.vals[2] is not None), None)
    if row is None:
        return None
    delta = _delta(rng)
    for k in (0, 1, 2):
        row.vals[k] += delta
    return ["INC-TREE-001"]


@injection("INC-TREE-002")
def _inc_tree_002(rng, d):
    # 000 line 879: the year's appropriation printed again under 年初财政拨款结转和结余.
    table = _table(d, "appropriation_summary")
    if not isinstance(table, TwoSided):
        return None
    opening = next(k for k, r in enumerate(table.rows) if r.left_word == "carryover")
    table.rows[opening + 1].left = table.rows[0].left or _delta(rng)
    return ["INC-TREE-002"]


@injection("XT-001")
def _xt_001(rng, d):
    table = _table(d, "appropriation_summary")
    if not isinstance(table, TwoSided):
        return None
    delta = _delta(rng)
    for row in table.rows:
        if row.left_meta and row.left_meta[0] in ("total", "grand_total"):
            row.left += delta
    return ["XT-001"]


def _chain(table: SubjectTable, leaf) -> list:
    """The leaf row, its section, its class and the 合计 row."""
    codes = {leaf.code, leaf.code[:5], leaf.code[:3], None}
    return [r for r in table.rows if r.code in codes]


@injection("XT-004")
def _xt_004(rng, d):
    table = _table(d, "gpb_expenditure")
    if not isinstance(table, SubjectTable) or _table(d, "gpb_basic") is None:
        return None
    delta = _delta(rng) // 10
    leaf = next((r for r in table.rows if r.code and len(r.code) == 7 and (r.vals[1] or 0) > delta), None)
    if leaf is None:
        return None
    for row in _chain(table, leaf):
        row.vals[1] -= delta
        row.vals[2] = (row.vals[2] or 0) + delta
    return ["XT-004"]


@injection("XT-005")
def _xt_005(rng, d):
    table = _table(d, "income")
    if not isinstance(table, SubjectTable) or _table(d, "summary") is None:
        return None
    delta = _delta(rng) // 10
    leaf = next((r for r in table.rows if r.code and len(r.code) == 7 and (r.vals[2] or 0) > delta), None)
    if leaf is None:
        return None
    for row in _chain(table, leaf):
        row.vals[1] -= delta
        row.vals[2] -= delta
        row.vals[9] = (row.vals[9] or 0) + delta
    return ["XT-005"]


@injection("COM-004")
def _com_004(rng, d):
    # A section left out of the explanation: 名词解释 (八、, or 十、 in the 2024 edition) is missing,
    # and 其他需要说明的事项 after it keeps its number, so the numbering skips the lost one.
    if d.lost_glossary:
        return None
    d.lost_glossary = True
    return ["COM-004"]


@injection("COM-001")
def _com_001(rng, d):
    if d.tables is None:
        return None
    d.tables.absent.append("state_capital")
    return ["COM-001"]


def _project(rng, d: Disclosure, header: bool = False, condition=lambda p: True):
    """A project of the disclosure (one whose table prints the 预算数 part when `header`)."""
    if header and d.edition not in ("2021", "2024", "brief"):
        return None
    candidates = [k for k, p in enumerate(d.budget.projects) if k not in d.project_injections and k not in d.amount_form
                  and condition(p)]
    return rng.choice(candidates) if candidates else None


@injection("COM-002")
def _com_002(rng, d):
    k = _project(rng, d)
    if k is None:
        return None
    d.project_injections[k] = {"targets": [t for t in d.budget.projects[k].targets if t.level1 != "满意度指标"]}
    return ["COM-002"]


@injection("COM-003")
def _com_003(rng, d):
    k = _project(rng, d)
    if k is None:
        return None
    targets = list(d.budget.projects[k].targets)
    i = next((i for i, t in enumerate(targets) if t.status != "classified"), None)  # 涉密 rows stay as they are
    if i is None:
        return None
    t = targets[i]
    targets[i] = Target(t.level1, t.level2, t.level3, t.description, rng.choice(("≥%", "≥", "≤万元", ">=次")), None, None, None,
                        "qualitative", t.basis)
    d.project_injections[k] = {"targets": targets}
    return ["COM-003"]


@injection("PRJ-001")
def _prj_001(rng, d):
    k = _project(rng, d, header=True)
    if k is None:
        return None
    d.project_injections[k] = {"budget": d.budget.projects[k].budget + _delta(rng)}
    return ["PRJ-001"]


@injection("PRJ-002")
def _prj_002(rng, d):
    k = _project(rng, d, header=True)
    if k is None:
        return None
    d.project_injections[k] = {"spend_plan": [30, 20, 60, 100]}
    return ["PRJ-002"]


@injection("PRJ-003")
def _prj_003(rng, d):
    k = _project(rng, d, header=True, condition=lambda p: abs(p.budget - 9000) > 1)
    if k is None:
        return None
    d.project_injections[k] = {"spend_plan": [10, 30, 60, 90]}
    return ["PRJ-003"]


@injection("PRJ-004")
def _prj_004(rng, d):
    # 002: the spend plan printed as cumulative amounts in 万元, ending at the budget.
    k = _project(rng, d, header=True, condition=lambda p: abs(p.budget - 10000) > 1 and p.budget > 0)
    if k is None:
        return None
    d.amount_form.add(k)
    return ["PRJ-004"]


@injection("STR-001")
def _str_001(rng, d):
    k = _project(rng, d, header=True, condition=lambda p: p.other == 0)
    if k is None:
        return None
    text = "-" + money(d.budget.projects[k].fiscal)
    d.project_injections[k] = {"budget_text": text, "fiscal_text": text}
    return ["STR-001"]


def _states_figures(d: Disclosure) -> bool:
    return d.prose_figures and d.edition != "brief"


@injection("TXT-001")
def _txt_001(rng, d):
    values = figures(d)
    stated = []
    if d.budget.assets:
        stated.append("fixed_assets")
    if d.budget.purchases:
        stated.append("procurement")
    if d.tables is not None and "vehicle_operation" in _table_items(d):
        stated.append("vehicle_operation")
    if not stated:
        return None
    item = rng.choice(stated)
    delta = _delta(rng) // 10
    # the totals the item is part of move with it, so that the prose still adds up (TXT-006)
    for shifted in {"vehicle_operation": ("vehicle_operation", "vehicles", "three_public")}.get(item, (item,)):
        d.prose[shifted] = money(values[shifted] + delta) + "万元"
    return ["TXT-001"]


def _table_items(d: Disclosure) -> dict:
    return overview(d.tables)


@injection("TXT-002")
def _txt_002(rng, d):
    # 人员经费 off: 基本支出 no longer its parts' sum, while 基本支出 + 项目支出 still make the total (TXT-006)
    if not _states_figures(d):
        return None
    d.prose["personnel"] = money(figures(d)["personnel"] + _delta(rng)) + "万元"
    return ["TXT-002"] if d.tables is None or "personnel" not in _table_items(d) else ["TXT-001", "TXT-002"]


@injection("TXT-003")
def _txt_003(rng, d):
    if not d.prose_figures:
        return None
    # income off from expenditure, its 一般公共预算收入 with it so that its sources still add up (TXT-006)
    values, delta = figures(d), _delta(rng)
    for item in ("income_total", "income_general_public_budget"):
        d.prose[item] = money(values[item] + delta) + "万元"
    stated = {"income_total", "income_general_public_budget"} & set(_table_items(d) if d.tables is not None else ())
    return ["TXT-001", "TXT-003"] if stated else ["TXT-003"]


@injection("TXT-004")
def _txt_004(rng, d):
    # 000 line 1525: 机关运行经费 "8.71元", the 万元 figure with the wrong unit.
    if d.tables is None:
        return None
    items = _table_items(d)
    if not items.get("operating_cost"):
        return None
    d.prose["operating_cost"] = money(items["operating_cost"]) + "元"
    return ["TXT-001", "TXT-004"]


@injection("TXT-005")
def _txt_005(rng, d):
    k = _project(rng, d)
    if k is not None and rng.random() < 0.5:
        d.project_injections[k] = {"goals": ["目标内容1", "目标内容2"]}  # 001 line 1710
        return ["TXT-005"]
    if not _states_figures(d):
        return None
    d.placeholder = True  # 002 line 1147: 主要为无
    return ["TXT-005"]


@injection("TXT-006")
def _txt_006(rng, d):
    # 003 line 29: 上年结转 stated beside sources that already make up the income total. The tables
    # print no carryover, so the prose disagrees with no table figure (TXT-001), only with itself.
    if not _states_figures(d):
        return None
    d.prose["carryover"] = money(_delta(rng)) + "万元"
    return ["TXT-006"]


@injection("AST-001")
def _ast_001(rng, d):
    if not d.budget.assets:
        return None
    d.asset_shift = _delta(rng)
    return ["AST-001"]


@injection("PRC-001")
def _prc_001(rng, d):
    if not d.budget.purchases:
        return None
    d.purchase_shift = _delta(rng) // 10
    return ["PRC-001"]


@injection("PRC-002")
def _prc_002(rng, d):
    if not d.budget.purchases:
        return None
    d.purchase_total_left_out = True
    return ["PRC-002"]


# DEP-001 is injected by the corpus: a department whose tables leave out one of its units.
RULES = ("STR-001", "COM-001", "COM-002", "COM-003", "COM-004", "EXP-ROW-001", "EXP-ROW-002", "EXP-ROW-003", "EXP-ROW-004",
         "INC-ROW-001", "INC-ROW-002", "TP-ROW-001", "EXP-TREE-001", "EXP-TREE-002", "INC-TREE-001", "INC-TREE-002",
         "TP-TREE-001", "XT-001", "XT-002", "XT-003", "XT-004", "XT-005", "PRJ-001", "PRJ-002", "PRJ-003", "PRJ-004",
         "DEP-001", "TXT-001", "TXT-002", "TXT-003", "TXT-004", "TXT-005", "TXT-006", "AST-001", "PRC-001",
         "PRC-002")
# The order injections take their turns in: neighbours of RULES apart, so that a rule a document
# cannot take (no project table for PRJ-*) hands its turn to an unrelated one.
CYCLE = RULES[0::3] + RULES[1::3] + RULES[2::3]
