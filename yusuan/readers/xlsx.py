"""Reader for workbooks (.xlsx, and .xls through the same library), with python-calamine.

Each sheet is read row by row: a blank row ends a table, so a sheet may hold one table or
several; a row on its own between blank rows whose cells all hold one and the same text (a
title, often merged across the sheet) is a paragraph. A title printed directly above its table,
with no blank row between, is read as the table's first row. Merged ranges are expanded (the top-left value repeats), as in the .docx
reader. Numbers are numbers, written back without float noise (8.709999999 → 8.71: fifteen
significant digits, all a double holds exactly, so 1,234,567,890.12 元 keeps its cents). Locations are ordinals: the n-th cell of the workbook, row by row
and sheet after sheet (a merged range keeps the location of its top-left cell).
"""

from __future__ import annotations

import datetime as dt
import io

from python_calamine import CalamineWorkbook

from yusuan.model import Cell, Document, Paragraph, Table
from yusuan.readers.archive import open_zip
from yusuan.readers.detect import RejectedFile


def read_xlsx(name: str, data: bytes, is_zip: bool = True) -> Document:
    if is_zip:
        open_zip(name, data)  # the container's limits first: calamine would inflate a bomb
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - calamine raises its own error types for damaged files
        raise RejectedFile(f"not a readable workbook: {exc}") from exc
    blocks: list[Paragraph | Table] = []
    ordinal = 0
    for sheet_name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(sheet_name)
        grid = []
        for row in sheet.to_python(skip_empty_area=False):
            grid.append([Cell(_text(v), ordinal + k + 1) for k, v in enumerate(row)])
            ordinal += len(row)
        for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
            for r in range(r0, min(r1, len(grid) - 1) + 1):
                for c in range(c0, min(c1, len(grid[r]) - 1) + 1):
                    grid[r][c] = grid[r0][c0]
        rows: list[tuple[Cell, ...]] = []
        for n, cells in enumerate(grid):
            values = [c.text for c in cells]
            texts = {v for v in values if v}
            followed_by_blank = n + 1 == len(grid) or not any(c.text for c in grid[n + 1])
            if not texts:
                _close(blocks, rows)
            elif len(texts) == 1 and not rows and followed_by_blank:
                blocks.append(Paragraph(texts.pop(), next(c.line for c in cells if c.text)))
            else:
                rows.append(tuple(cells))
        _close(blocks, rows)
    return Document(name=name, blocks=tuple(blocks))


def _close(blocks: list, rows: list) -> None:
    """The table of `rows`, cut to the columns it uses (a sheet is as wide as its widest table)."""
    if rows:
        width = max(max((k + 1 for k, c in enumerate(r) if c.text), default=1) for r in rows)
        blocks.append(Table(rows=tuple(r[:width] for r in rows), line=rows[0][0].line))
        rows.clear()


def _text(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()
