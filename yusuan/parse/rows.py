"""Rows of tables as the parsers meet them: split rows rejoined from the header's column count,
and the parse_issue row a parser records for a row or cell it refuses.

In the Tika text form an empty paragraph inside a cell prints a blank line, the same mark as a
row end, so a row can arrive in pieces (001 lines 1636-1644: 3 + 1 + 2 cells of a 6-column
table). Only a parser knows the header of the rows it reads, so it calls `rejoin` with the
header's width on the rows below the header. Rows from other formats are already whole and
pass through unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from yusuan.model import Cell

Row = Sequence[Cell]


def rejoin(rows: Sequence[Row], width: int) -> list[Row]:
    """Join consecutive short rows whose cells add up to `width`.

    When they overshoot it, or one row is wider than the header, the surplus must be empty cells
    a TAB-only paragraph inside a cell printed (001 lines 1733, 1896); those are dropped, never a
    cell with text. Rows that cannot be
    completed stay as they are, for the caller to report.
    """
    if set(map(len, rows)) == {width}:  # most tables: every row whole, nothing to join or drop
        return list(rows)
    out: list[Row] = []
    i = 0
    while i < len(rows):
        row = list(rows[i])
        if len(row) > width:
            row = _drop_stray_empties(row, width) or row
        elif len(row) < width:
            joined, j = row, i + 1
            while len(joined) < width and j < len(rows):
                joined = joined + list(rows[j])
                j += 1
            whole = _drop_stray_empties(joined, width)
            if whole is not None and j > i + 1:
                out.append(whole)
                i = j
                continue
        out.append(row)
        i += 1
    return out


def _drop_stray_empties(cells: list[Cell], width: int) -> list[Cell] | None:
    """`cells` cut to `width` by dropping empty cells past the two leading (merged) columns."""
    surplus = len(cells) - width
    if surplus < 0:
        return None
    empties = [k for k in range(2, len(cells)) if not cells[k].text][:surplus]
    if len(empties) < surplus:
        return None
    return [c for k, c in enumerate(cells) if k not in empties]


def issue_row(disclosure_id: str, table_kind: str, problem: str, detail: str, location: str) -> dict:
    """A parse_issue row: what a parser refused, why, and where."""
    return {"disclosure_id": disclosure_id, "table_kind": table_kind, "problem": problem, "detail": detail,
            "source_location": location}
