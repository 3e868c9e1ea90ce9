"""A standard table's header → the role of each of its columns, told by the header words of the
layout files (parse/layouts.py), never by position or column count.

The header is the run of rows under the caption row (unit, 预算年度, 单位：万元) that hold words and
no figures, ending at the first figure, an empty row, or a 栏次 row of column numbers. Headers over
two or three rows are read as a path per column (功能分类科目 › 科目编码 › 类). Readers of Word,
web pages and workbooks repeat a merged cell across the grid; the Tika text form prints it once,
so a short header row is laid over the row below it: each column that row leaves empty takes one
cell above, each run of filled columns one or more (a span). Where that is ambiguous the cells stay
unplaced, and only a column that then has no role is reported.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from yusuan.model import Cell, cell_text
from yusuan.parse.layouts import LAYOUTS, TEXT_ROLES, TableKind
from yusuan.parse.text import TOTAL_LABEL, fold, strip_numbering
from yusuan.vocab import FUNCTIONAL_CLASSES

_FIGURE = re.compile(r"^[-−+]?[\d,，]*\d(\.\d+)?$|^\d{3}(\s?\d{2}){0,2}$")
_MAX_HEADER_ROWS = 4
_BODY_SAMPLE = 8
_FIGURE_START = frozenset("0123456789-−+")
_CLASS_ENDINGS = tuple({name[-2:] for name in FUNCTIONAL_CLASSES})
NUMBERED = re.compile(r"^(\d{1,3}|[一二三四五六七八九十]+)$")  # a row number: 1, 2 … or 一, 二 …


@dataclass
class Header:
    body_start: int  # index of the first row below the header (and its 栏次 row)
    width: int
    paths: list[tuple[str, ...]]  # per column: the header texts from top to bottom, folded
    roles: list[str | None]  # per column: the role, None when no word matched
    templates: dict[str, int]  # template → columns it identified


def read_header(kind: TableKind, rows: Sequence[Sequence[Cell]]) -> Header:
    # The texts of the rows a header can take (captions, header rows, a 栏次 row), which the row
    # tests below are cached by: a template prints the same header rows in every document.
    texts = [tuple(map(cell_text, row)) for row in rows[: 2 + _MAX_HEADER_ROWS + 1]]
    start = 0
    while start < min(2, len(rows)) and _is_caption(texts[start]):
        start += 1
    end = start
    while end < len(rows) and end - start < _MAX_HEADER_ROWS and _is_header_row(texts[end], first=end == start):
        end += 1
    header_rows = tuple(tuple(map(fold, row)) for row in texts[start:end])
    body_start = end
    widths = [len(r) for r in header_rows]
    if end < len(rows) and _is_column_numbers(texts[end]):
        widths.append(len(rows[end]))
        body_start = end + 1
    # The first rows of the body, in case every header row printed a span once (the text form).
    sample = [len(r) for r in rows[body_start : body_start + _BODY_SAMPLE] if any(map(cell_text, r))]
    width = max([*widths, max(sample, key=sample.count) if sample else 0])
    paths, roles, templates = _columns(kind, header_rows, width)
    return Header(body_start, width, list(paths), list(roles), dict(templates))


@functools.lru_cache(maxsize=1 << 12)  # a template prints the same header in every document
def _columns(kind: TableKind, header_rows: tuple[tuple[str, ...], ...], width: int):
    paths = _paths(kind, [list(r) for r in header_rows], width)
    roles: list[str | None] = []
    templates: Counter[str] = Counter()
    for path in paths:
        word = _role(kind, path)
        roles.append(word.role if word else None)
        if word and word.role != "row_number":
            templates[word.template] += 1
    return tuple(paths), tuple(roles), tuple(templates.items())


@functools.lru_cache(maxsize=1 << 12)
def _is_caption(row: tuple[str, ...]) -> bool:
    markers = LAYOUTS.markers["caption"]
    return any(m in text for text in map(fold, row) for m in markers)


@functools.lru_cache(maxsize=1 << 12)
def _is_header_row(row: tuple[str, ...], first: bool) -> bool:
    """Words and no figures; below the first header row, a row of nothing but 合计 is the total
    row of an empty table, not a header."""
    texts = [fold(t) for t in row]
    filled = [t for t in texts if t]
    # A figure starts with a digit or a sign; most header words start with neither.
    if not filled or any(t[0] in _FIGURE_START and _FIGURE.match(t) for t in filled) or _is_column_numbers(row):
        return False
    if first:
        return True
    # Below the first header row, a row numbered 一/二/1 in its first cell, naming a functional
    # class, or of nothing but 合计 is data (a data row split by a paragraph break in the text form
    # can lack its figures).
    return not (NUMBERED.match(texts[0]) or all(TOTAL_LABEL.search(t) for t in filled)
                or any(t.endswith(_CLASS_ENDINGS) and strip_numbering(t) in FUNCTIONAL_CLASSES for t in filled))


@functools.lru_cache(maxsize=1 << 12)
def _is_column_numbers(row: tuple[str, ...]) -> bool:
    """栏次 | 1 | 2 | 3 …, or a row of consecutive column numbers (甲 乙 1 2 …) without the word."""
    texts = [fold(t) for t in row if t.strip()]
    if texts and texts[0] in LAYOUTS.markers["column_numbers"]:
        return True
    numbers = [t for t in texts if t.isdigit()]
    return len(numbers) >= 3 and len(numbers) >= len(texts) - 2 and numbers == [str(int(numbers[0]) + i) for i in range(len(numbers))]


def _paths(kind: TableKind, header_rows: list[list[str]], width: int) -> list[tuple[str, ...]]:
    """Each column's header texts top to bottom, short rows laid over the row below."""
    grid: list[list[str | None]] = [[""] * width for _ in header_rows]
    below: list[bool] | None = None  # which columns the row below fills
    sorts: list[str | None] = [None] * width  # text or amount, by the lowest word of each column
    for r in range(len(header_rows) - 1, -1, -1):
        row = header_rows[r]
        if len(row) >= width or below is None:
            placed: list[str | None] = [*row[:width], *[""] * (width - len(row))]
        else:
            placed = _lay_over(row, below, sorts, width)
        grid[r] = placed
        below = [bool(t) for t in placed] if below is None else [bool(t) or b for t, b in zip(placed, below, strict=True)]
        for c, text in enumerate(placed):
            if text and sorts[c] is None and (word := _word_in(kind, text)) is not None:
                sorts[c] = "text" if word.role in TEXT_ROLES else "amount"
    paths = []
    for c in range(width):
        texts: list[str] = []
        for r in range(len(grid)):
            text = grid[r][c]
            if text and (not texts or texts[-1] != text):  # a cell merged down repeats: once is enough
                texts.append(text)
        paths.append(tuple(texts))
    return paths


def _lay_over(row: list[str], below: list[bool], sorts: list[str | None], width: int) -> list[str | None]:
    """A row printed with its spanning cells once, laid over the columns: a column the rows below
    leave empty is one cell of this row (merged down); a run of filled columns is under one or
    more cells (spans). A run under several cells splits where a group of columns starts: an
    amount column followed by a text column (项目 | 预算数 | 项目 | 预算数), else a text column
    followed by an amount column (科目编码 | 科目名称 | 合计 …). What is still ambiguous is laid
    from the left and from the right; a column gets a text only where both agree, so an
    ambiguous span leaves its columns unplaced rather than misplaced."""
    groups: list[list[int]] = []
    for c in range(width):
        if below[c] and groups and below[groups[-1][-1]]:
            groups[-1].append(c)
        else:
            groups.append([c])
    if len(row) < len(groups):
        return [None] * width
    if len(row) > len(groups):
        groups = _split_runs(groups, sorts, len(row) - len(groups))
    left = _assign(row, groups, from_left=True)
    right = _assign(row, groups, from_left=False)
    return [a if a == b else None for a, b in zip(left, right, strict=True)]


def _split_runs(groups: list[list[int]], sorts: list[str | None], wanted: int) -> list[list[int]]:
    cuts: list[int] = []
    for first, second in (("amount", "text"), ("text", "amount")):
        found = [c for g in groups for c in g[1:] if sorts[c - 1] == first and sorts[c] == second]
        cuts += found[: wanted - len(cuts)]
    out = []
    for group in groups:
        start = 0
        for k, c in enumerate(group):
            if k and c in cuts:
                out.append(group[start:k])
                start = k
        out.append(group[start:])
    return out


def _assign(row: list[str], groups: list[list[int]], from_left: bool) -> list[str]:
    """Give each group one cell, the spare cells to the last run of filled columns met (from the
    left) or the first (from the right), split evenly over it."""
    spare = len(row) - len(groups)
    order = range(len(groups)) if from_left else range(len(groups) - 1, -1, -1)
    runs = [g for g in order if len(groups[g]) > 1]
    takes = {g: 1 for g in range(len(groups))}
    if spare:
        if not runs:
            return [""] * sum(len(g) for g in groups)
        takes[runs[-1]] += spare
    out: list[str] = []
    i = 0
    for g, columns in enumerate(groups):
        cells = row[i : i + takes[g]]
        i += takes[g]
        size = len(columns) / len(cells)
        out += [cells[min(int(k / size), len(cells) - 1)] for k in range(len(columns))]
    return out


def _role(kind: TableKind, path: tuple[str, ...]):
    """The layout word naming a column: from its lowest header cell up, the word the cell equals,
    else the longest word it contains (one-character words only by equality). A word that spans
    a cell and the one above it (本年收入 › 合计 is 本年收入合计) is preferred to either alone when it
    gives another role."""
    found = None
    for level in range(len(path) - 1, -1, -1):
        found = _word_in(kind, path[level])
        if found is not None:
            break
    if found is not None and found.role != "row_number" and len(path) > 1:
        joined = _word_in(kind, "".join(path[-2:]))
        if (joined is not None and joined.role != found.role and len(joined.text) > len(found.text)
                and joined.text not in path[-2] and joined.text not in path[-1]):
            return joined
    return found


def _word_in(kind: TableKind, text: str):
    if text in LAYOUTS.markers["row_numbers"]:
        return _ROW_NUMBER
    for word in LAYOUTS.columns[kind.kind]:
        if word.text == text:
            return word
    return next((w for w in LAYOUTS.columns[kind.kind] if len(w.text) > 1 and w.text in text), None)


class _RowNumber:
    role = "row_number"
    template = None


_ROW_NUMBER = _RowNumber()
