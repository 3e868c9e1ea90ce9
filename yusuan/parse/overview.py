"""The budget overview items as the tables state them (fact_budget_overview, source 'table'),
to be set beside the same items stated in the prose (`parse.prose.prose_figures`)."""

from __future__ import annotations

from collections.abc import Callable

Row = dict


def _appropriation(fund: str) -> Callable[[Row], bool]:
    return lambda r: r["income_source"] == "appropriation" and r["fund_scope"] == fund


def _three_public(item: str) -> Callable[[Row], bool]:
    return lambda r: r["item"] == item and r["fund_scope"] == "fiscal_appropriation"


# item → (fact group, the table kind of its rows or None for any, which rows of those). The
# 机关运行经费 of the tables is the 公用经费 total of the basic expenditure table: the operating
# costs the prose restates (000: 8.71, 001: 31.82).
TABLE_ITEMS: dict[str, tuple[str, str | None, Callable[[Row], bool]]] = {
    "income_total": ("fact_income", "summary", lambda r: r["income_source"] == "total"),
    "carryover": ("fact_income", "summary", lambda r: r["income_source"] == "carryover"),
    "income_special_account": ("fact_income", "summary", lambda r: r["income_source"] == "special_account"),
    "income_unit_funds": ("fact_income", "summary", lambda r: r["income_source"] == "unit_funds"),
    "income_other": ("fact_income", "summary", lambda r: r["income_source"] == "other"),
    **{f"income_{fund}": ("fact_income", "summary", _appropriation(fund))
       for fund in ("general_public_budget", "government_fund", "state_capital")},
    "expenditure_total": ("fact_expenditure", "summary", lambda r: r["is_total"] and r["row_label"].endswith("本年支出合计")),
    "basic": ("fact_expenditure", "expenditure", lambda r: _total_row(r, "basic")),
    "project": ("fact_expenditure", "expenditure", lambda r: _total_row(r, "project")),
    "personnel": ("fact_expenditure", "gpb_basic", lambda r: _total_row(r, "personnel")),
    "public_funds": ("fact_expenditure", "gpb_basic", lambda r: _total_row(r, "public_funds")),
    "operating_cost": ("fact_expenditure", "gpb_basic", lambda r: _total_row(r, "public_funds")),
    **{item: ("fact_three_public", None, _three_public(key))
       for item, key in (("three_public", "total"), ("overseas_travel", "overseas_travel"), ("vehicles", "vehicles"),
                         ("vehicle_purchase", "vehicle_purchase"), ("vehicle_operation", "vehicle_operation"),
                         ("reception", "reception"))},
    "procurement": ("fact_procurement", None, lambda r: r["is_total"]),
    "fixed_assets": ("fact_fixed_asset", None, lambda r: r["is_total"]),
}
_KINDS = frozenset((group, kind) for group, kind, _ in TABLE_ITEMS.values())


def _total_row(row: Row, measure: str) -> bool:
    return row["subject_id"] is None and row["is_total"] and row["measure"] == measure


def table_figures(rows: dict[str, list[Row]], disclosure_id: str) -> list[Row]:
    """The items of one disclosure, from its rows (`rows`: fact group → that disclosure's rows)."""
    out = []
    # The rows of each table kind an item is in, picked once: every item looks through its kind's
    # for its first row.
    of_kind = {(group, kind): rows[group] if kind is None else [r for r in rows[group] if r["table_kind"] == kind]
               for group, kind in _KINDS}
    for item, (group, kind, wanted) in TABLE_ITEMS.items():
        found = next((r for r in of_kind[group, kind] if wanted(r)), None)
        if found is None or found.get("amount_wan") is None:
            continue
        out.append({"disclosure_id": disclosure_id, "item": item, "amount_wan": found["amount_wan"],
                    "printed_amount": found["amount_wan"], "printed_unit": "万元", "change_wan": None, "change_pct": None,
                    "source": "table", "reason": None,
                    "wording": found.get("row_label") or found.get("item") or found.get("category"),
                    "source_location": found["source_location"]})
    return out
