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
# The warehouse keeps printed figures as DECIMAL(18,4) and money as DECIMAL(18,2): a number of 10^14
# or more fits neither, and is no budget anyway (10^14 万元 is some 7,000 times China's GDP).
IMPLAUSIBLE = Decimal(10) ** 14


class NotAnAmount(ValueError):
    pass


class ImplausibleAmount(NotAnAmount):
    """A well-formed number too large to be a budget figure (a slip, or junk in the cell)."""


def plausible(value: Decimal, text: str) -> Decimal:
    """`value` (printed as `text`), or ImplausibleAmount when it is beyond any budget."""
    if abs(value) >= IMPLAUSIBLE:
        raise ImplausibleAmount(f"{text.strip()!r} is implausible as an amount: {IMPLAUSIBLE:,.0f} or more does not fit "
                                "the warehouse and is beyond any budget")
    return value


@functools.lru_cache(maxsize=1 << 16)  # the same figures recur across columns, rows and documents
def parse_amount(text: str, unit: str = "万元") -> Decimal | None:
    if "\n" in text.strip():  # two lines are two pieces (145 / 2.21 a page break cut apart): not one amount
        raise NotAnAmount(text)
    # Most figures are printed in ASCII, which NFKC leaves as it is: only spaces to drop, without
    # filling the fold cache with figures that seldom repeat.
    compact = (text.replace(" ", "") if text.isascii() and text.isprintable() else fold(text)).replace(",", "")
    if _NO_VALUE.match(compact):
        return None
    if not _NUMBER.match(compact):
        raise NotAnAmount(text)
    try:
        value = Decimal(compact)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid numbers
        raise NotAnAmount(text) from exc
    return (plausible(value, text) / UNIT_DIVISORS[unit]).quantize(CENT, rounding=ROUND_HALF_UP)
