"""Small text normalisations shared by the parsers.

`compact` keeps the printed characters (values stored in the warehouse stay as printed, minus
whitespace); `fold` also folds full-width forms (（）：１) for matching against vocabularies.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_NUMBERING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[(][一二三四五六七八九十\d]+[)][、.,]?|[一二三四五六七八九十\d]+[、.,])")
_SPACES = re.compile(r"\s+")
# The words of a grand total (a 小计 is not one); a row label or header cell ending in one is a total.
TOTAL_WORDS = ("合计", "总计")
TOTAL_LABEL = re.compile(f"({'|'.join(TOTAL_WORDS)})$")


def compact(text: str) -> str:
    """Text without any whitespace (full-width spaces included), otherwise as printed."""
    # Every whitespace character but the space is unprintable: most texts, having neither, are
    # returned without running the expression.
    return text if " " not in text and text.isprintable() else _SPACES.sub("", text)


@functools.lru_cache(maxsize=1 << 16)  # labels and names repeat across rows and documents
def fold(text: str) -> str:
    """`compact`, with full-width forms folded (NFKC): the form vocabularies are matched in."""
    return compact(unicodedata.normalize("NFKC", text))


@functools.lru_cache(maxsize=1 << 16)  # headings and row labels are tested again by each parser that meets them
def strip_numbering(text: str) -> str:
    """`一、一般公共服务支出` → `一般公共服务支出`; `其中：公务用车购置费` → `公务用车购置费` (folded)."""
    return _NUMBERING.sub("", fold(text), count=1).removeprefix("其中:")

