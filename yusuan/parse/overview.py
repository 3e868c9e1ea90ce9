"""The budget overview items as the tables state them (fact_budget_overview, source 'table'),
to be set beside the same items stated in the prose (`parse.prose.prose_figures`)."""

from __future__ import annotations

from collections.abc import Callable

Row = dict
# item → (fact group, which rows of it). The 机关运行经费 of the tables is the 公用经费 total of
# the basic expenditure table: the operating costs the prose restates (000: 8.71, 001: 31.82).
TABLE_ITEMS: dict[str, tuple[str, Callable[[Row], bool]]] = {
    "income_total": ("fact_income", lambda r: r["table_kind"] == "summary" and r["income_source"] == "total"),
    "carryover": ("fact_income", lambda r: r["table_kind"] == "summary" and r["income_source"] == "carryover"),
    "income_special_account": ("fact_income", lambda r: r["table_kind"] == "summary" and r["income_source"] == "special_account"),
    "income_unit_funds": ("fact_income", lambda r: r["table_kind"] == "summary" and r["income_source"] == "unit_funds"),
    "income_other": ("fact_income", lambda r: r["table_kind"] == "summary" and r["income_source"] == "other"),
    **{f"income_{fund}": ("fact_income", lambda r, fund=fund: r["table_kind"] == "summary" and r["income_source"] == "appropriation"
                          and r["fund_scope"] == fund)
       for fund in ("general_public_budget", "government_fund", "state_capital")},
    "expenditure_total": ("fact_expenditure", lambda r: r["table_kind"] == "summary" and r["is_total"]
                          and r["row_label"].endswith("本年支出合计")),
    "basic": ("fact_expenditure", lambda r: _total_row(r, "expenditure", "basic")),
    "project": ("fact_expenditure", lambda r: _total_row(r, "expenditure", "project")),
    "personnel": ("fact_expenditure", lambda r: _total_row(r, "gpb_basic", "personnel")),
    "public_funds": ("fact_expenditure", lambda r: _total_row(r, "gpb_basic", "public_funds")),
    "operating_cost": ("fact_expenditure", lambda r: _total_row(r, "gpb_basic", "public_funds")),
    **{item: ("fact_three_public", lambda r, key=key: r["item"] == key and r["fund_scope"] == "fiscal_appropriation")
       for item, key in (("three_public", "total"), ("overseas_travel", "overseas_travel"), ("vehicles", "vehicles"),
                         ("vehicle_purchase", "vehicle_purchase"), ("vehicle_operation", "vehicle_operation"),
                         ("reception", "reception"))},
    "procurement": ("fact_procurement", lambda r: r["is_total"]),
    "fixed_assets": ("fact_fixed_asset", lambda r: r["is_total"]),
}
_GROUPS = frozenset(group for group, _ in TABLE_ITEMS.values())


def _total_row(row: Row, kind: str, measure: str) -> bool:
    return row["table_kind"] == kind and row["subject_id"] is None and row["is_total"] and row["measure"] == measure


def table_figures(rows: dict[str, list[Row]], disclosure_id: str) -> list[Row]:
    out = []
    # This disclosure's rows of each group, picked once: a document's earlier disclosures' rows are
    # in the same lists, and every item looks through its group.
    mine = {group: [r for r in rows[group] if r["disclosure_id"] == disclosure_id] for group in _GROUPS}
    for item, (group, wanted) in TABLE_ITEMS.items():
        found = next((r for r in mine[group] if wanted(r)), None)
        if found is None or found.get("amount_wan") is None:
            continue
        out.append({"disclosure_id": disclosure_id, "item": item, "amount_wan": found["amount_wan"],
                    "printed_amount": found["amount_wan"], "printed_unit": "万元", "change_wan": None, "change_pct": None,
                    "source": "table", "reason": None,
                    "wording": found.get("row_label") or found.get("item") or found.get("category"),
                    "source_location": found["source_location"]})
    return out
