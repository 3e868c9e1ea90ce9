"""Amount cells: text as printed → Decimal in 万元 with two places, or None for no value.

Printed forms seen: `761.99`, `2.250000`, `0`, `1,234.50`, empty, `——`, `- -`, `-`, with
full-width spaces or digits. Anything else is not an amount and raises `NotAnAmount`, so the
caller can record it instead of guessing; so does a cell holding two lines (a reader keeps the
pieces of a figure it cannot join with certainty on lines of their own).
"""

from __future__ import annotations

import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from yusuan.parse.text import fold

CENT = Decimal("0.01")
_NO_VALUE = re.compile(r"^[-－—–_/\\]*$")
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)$")
UNIT_DIVISORS = {"万元": Decimal(1), "元": Decimal(10000)}  # printed amount ÷ divisor = 万元


class NotAnAmount(ValueError):
    pass


@functools.lru_cache(maxsize=1 << 16)  # the same figures recur across columns, rows and documents
def parse_amount(text: str, unit: str = "万元") -> Decimal | None:
    if "\n" in text.strip():  # two lines are two pieces (145 / 2.21 a page break cut apart): not one amount
        raise NotAnAmount(text)
    compact = fold(text).replace(",", "")
    if _NO_VALUE.match(compact):
        return None
    if not _NUMBER.match(compact):
        raise NotAnAmount(text)
    try:
        value = Decimal(compact)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid numbers
        raise NotAnAmount(text) from exc
    return (value / UNIT_DIVISORS[unit]).quantize(CENT, rounding=ROUND_HALF_UP)
