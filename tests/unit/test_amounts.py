"""Amount cells in the forms they are printed in (2.250000, 1,234.50, full-width digits …) → Decimal 万元."""

from decimal import Decimal

import pytest

from yusuan.parse.amounts import NotAnAmount, parse_amount


@pytest.mark.parametrize("text, expected", [
    ("761.99", Decimal("761.99")),
    ("2.250000", Decimal("2.25")),  # 001 line 1553
    ("0", Decimal("0.00")),  # 001 line 1532
    ("0.5", Decimal("0.50")),  # 000 line 1302
    ("1,234.5", Decimal("1234.50")),
    ("\u3000761.99 ", Decimal("761.99")),  # full-width space
    ("７６１．９９", Decimal("761.99")),  # full-width digits
])
def test_printed_numbers(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["", "——", "- -", "-", "\u3000", "－"])
def test_no_value_forms(text):  # 001 line 2839 (——), 004 line 1736 (- -)
    assert parse_amount(text) is None


def test_yuan_tables_are_converted_to_wan_with_half_up_rounding():
    assert parse_amount("87100", unit="元") == Decimal("8.71")
    assert parse_amount("50", unit="元") == Decimal("0.01")


@pytest.mark.parametrize("text", ["见附表", "8.71元", "1.2.3"])
def test_text_is_not_an_amount(text):
    with pytest.raises(NotAnAmount):
        parse_amount(text)
