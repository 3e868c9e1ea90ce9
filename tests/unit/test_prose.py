"""Figures stated in the explanation's prose (amounts with thousands separators among them)."""

from decimal import Decimal

from yusuan.model import Paragraph
from yusuan.parse.prose import Section, prose_figures


def figures(text: str) -> dict[str, Decimal]:
    section = Section("overview", "一", "收入支出预算总体情况", 1, [Paragraph(text, 2)])
    return {row["item"]: row["amount_wan"] for row in prose_figures([section], "d", "f.txt")}


def test_thousands_separators_are_part_of_the_amount():
    assert figures("2024年收入预算1,234.56万元，其中一般公共预算收入1，200.00万元。") == {
        "income_total": Decimal("1234.56"), "income_general_public_budget": Decimal("1200.00")}


def test_a_comma_between_figures_is_not_a_separator():
    assert figures("人员经费12万元,公用经费345.60万元。") == {"personnel": Decimal("12"), "public_funds": Decimal("345.60")}
