"""A target value as printed (指标值) → operator, number, unit and a qualitative flag.

Printed forms seen in the seeds: `≥95%`, `>=90.00%`, `≥95百分比`, `100百分比`, `≤182000元`,
`≥3.2万户`, `<=2.00`, `24.00`, `1台`, `补贴不超过180`, `每户25元`, `＜3`, `≤6条/天/元`, `≤3‰`, and
qualitative `是`, `显著`, `效果明显`, `较上年明显降低`. The raw text is always kept by the caller;
this never raises: a text with digits that fits no pattern comes back with status 'unparsed'.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from yusuan.parse.amounts import UNIT_DIVISORS
from yusuan.parse.text import fold

# Longest first, so that 大于等于 is not read as 大于.
OPERATORS = (
    ("大于等于", ">="), ("小于等于", "<="), ("不低于", ">="), ("不少于", ">="), ("不小于", ">="),
    ("不超过", "<="), ("不高于", "<="), ("不多于", "<="), ("不大于", "<="), ("至少", ">="), ("最多", "<="),
    (">=", ">="), ("<=", "<="), ("≥", ">="), ("≤", "<="), ("大于", ">"), ("高于", ">"), ("超过", ">"),
    ("小于", "<"), ("低于", "<"), (">", ">"), ("<", "<"), ("=", "="),
)
_OP = "|".join(re.escape(word) for word, _ in OPERATORS)
_OPERATOR_OF = dict(OPERATORS)
_NUMBER = r"\d+(?:\.\d+)?"
_TARGET = re.compile(
    rf"^(?P<prefix>[^\d]{{0,4}}?)(?P<op>{_OP})?(?P<low>{_NUMBER})"
    rf"(?:[^\d\-~至到]{{0,3}}?(?P<range>-|~|至|到)(?P<high>{_NUMBER}))?(?P<unit>[^\d]{{0,8}})$"
)
_CHINESE_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CHINESE_TARGET = re.compile(rf"^(?P<op>{_OP})?(?P<num>[一二两三四五六七八九十百千]+)(?P<unit>[^\d一二两三四五六七八九十百千]{{1,3}})$")
_UNITS = {"百分比": "%", "%": "%", "‰": "‰"}


@dataclass(frozen=True)
class Target:
    operator: str | None = None  # >=, <=, >, <, =, between
    value: Decimal | None = None
    value_high: Decimal | None = None  # upper end of a range (between)
    unit: str | None = None
    value_wan: Decimal | None = None  # the value in 万元 when the unit is 元 or 万元
    status: str = "empty"

    @property
    def is_qualitative(self) -> bool:
        return self.status == "qualitative"


@functools.lru_cache(maxsize=1 << 14)  # targets repeat (≥95%, 是) across indicators and documents; a Target is frozen
def parse_target(text: str) -> Target:
    folded = fold(text or "")
    if not folded:
        return Target()
    if "涉密" in folded:
        return Target(status="classified")
    match = _TARGET.match(folded)
    if match and not re.search(r"\d", match.group("prefix")):
        low = Decimal(match.group("low"))
        high = Decimal(match.group("high")) if match.group("high") else None
        operator = "between" if high is not None else _OPERATOR_OF.get(match.group("op") or "=", "=")
        return _number(operator, low, high, match.group("unit"))
    chinese = _CHINESE_TARGET.match(folded)
    if chinese and (value := _chinese_number(chinese.group("num"))) is not None:
        return _number(_OPERATOR_OF.get(chinese.group("op") or "=", "="), Decimal(value), None, chinese.group("unit"))
    return Target(status="unparsed" if re.search(r"\d", folded) else "qualitative")


def _number(operator: str, value: Decimal, high: Decimal | None, printed_unit: str | None) -> Target:
    unit = _UNITS.get(printed_unit, printed_unit) if printed_unit else None
    wan = (value / UNIT_DIVISORS[unit]) if unit in UNIT_DIVISORS else None
    return Target(operator, value, high, unit, wan, "number")


def _chinese_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 三十 → 30, 两百 → 200; None for forms outside that simple grammar."""
    total, current = 0, 0
    for char in text:
        if char in _CHINESE_DIGITS:
            current = _CHINESE_DIGITS[char]
        elif char in "十百千":
            total += (current or 1) * {"十": 10, "百": 100, "千": 1000}[char]
            current = 0
        else:
            return None
    return total + current
