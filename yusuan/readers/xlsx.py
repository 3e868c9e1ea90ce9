"""Reader for workbooks (.xlsx, and .xls through the same library), with python-calamine.

Each sheet is read row by row: a blank row ends a table, so a sheet may hold one table or
several; a row on its own between blank rows whose cells all hold one and the same text (a
title, often merged across the sheet) is a paragraph. A sheet an office suite made from a
document (LibreOffice's Calc opening the page Writer saved) has no blank rows: there every row
of a table holds merged ranges (the sheet's columns are the edges of all its tables), and a row
of one cell in the first column, unmerged or merged across the whole sheet (a centred title),
is a paragraph before, between or after such tables, or a blank row when it holds nothing. A
title printed directly above a table without merged cells, with no blank row between, is read
as the table's first row. A page number a document's footer left as the first or last row of a
sheet (第 页, its field emptied) is dropped.

Merged ranges are expanded (the top-left value repeats), as in the .docx reader. A table has
its own columns: in a sheet holding several tables a cell of one table may span several sheet
columns, and a sheet column inside a merged range begun further left in each row of the table
is not a column of it. Numbers are numbers, written back without float noise (8.709999999 →
8.71: fifteen significant digits, all a double holds exactly, so 1,234,567,890.12 元 keeps its
cents); a sheet made from a document holds 24.00 as the number 24. Locations are ordinals: the
n-th cell of the workbook, row by row and sheet after sheet (a merged range keeps the location
of its top-left cell).

A sheet is read from A1 to its furthest cell, and calamine allocates that whole grid at once: a
single cell at XFD1048576 would take 512 GB (calamine aborts the process). So each sheet's extent
and merged ranges are read from its XML first, by a bounded scan of the tags, and checked against
the limits before calamine sees the file; an .xls (binary, at most 65,536 × 256 cells) is checked
once loaded, before its cells become Python objects.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable

from python_calamine import CalamineWorkbook

from yusuan.model import Cell, Document, Paragraph, Table
from yusuan.readers.archive import open_zip, read_member
from yusuan.readers.detect import RejectedFile
from yusuan.readers.limits import TABLE_CELLS

# A page number, or what is left of one when the page field was not carried over: 第 页, - 3 -
_PAGE_NUMBER = re.compile(r"^(第\s*\d*\s*页(\s*[/／]?\s*共\s*\d*\s*页)?|[-—–]\s*\d*\s*[-—–])$")


def read_xlsx(name: str, data: bytes, is_zip: bool = True) -> Document:
    if is_zip:
        _check_sheets(open_zip(name, data))  # the container's limits first: calamine would inflate a bomb
    blocks: list[Paragraph | Table] = []
    ordinal = 0
    for merged, values in _sheets(data):
        first_block = len(blocks)
        grid = []
        for row in values:
            grid.append([Cell(_text(v), ordinal + k + 1) for k, v in enumerate(row)])
            ordinal += len(row)
        owner: dict[tuple[int, int], tuple[int, int]] = {}  # a position inside a merged range → its top-left
        for (r0, c0), (r1, c1) in merged:
            for r in range(r0, min(r1, len(grid) - 1) + 1):
                for c in range(c0, min(c1, len(grid[r]) - 1) + 1):
                    owner[r, c] = (r0, c0)
        merged_rows = {r for r, _ in owner}
        first_column = min((k for cells in grid for k, c in enumerate(cells) if c.text), default=0)
        rows: list[int] = []  # the rows of the table being read
        for n, cells in enumerate(grid):
            filled = [k for k, c in enumerate(cells) if c.text]
            texts = {cells[k].text for k in filled}
            followed_by_blank = n + 1 == len(grid) or not any(c.text for c in grid[n + 1])
            if not texts and (n not in merged_rows or _alone(n, first_column, owner, len(cells))):
                _close(blocks, grid, owner, rows)
            elif (len(texts) == 1 and not rows and followed_by_blank) or (
                    filled == [first_column] and _alone(n, first_column, owner, len(cells)) and all(r in merged_rows for r in rows)):
                _close(blocks, grid, owner, rows)
                blocks.append(Paragraph(texts.pop(), cells[filled[0]].line))
            else:
                rows.append(n)
        _close(blocks, grid, owner, rows)
        for k in sorted({first_block, len(blocks) - 1}, reverse=True):  # a page footer or header the sheet kept
            if first_block <= k < len(blocks) and isinstance(blocks[k], Paragraph) and _PAGE_NUMBER.match(blocks[k].text):
                del blocks[k]
    return Document(name=name, blocks=tuple(blocks))


def _sheets(data: bytes) -> Iterable[tuple[tuple, list[list]]]:
    """(merged ranges, cell values) of each sheet, checked against the limits before its cells
    are made Python objects. Calamine tells a damaged workbook by errors of its own (CalamineError,
    XmlError, ...) at any of these steps, in its parser's words: they become one reason."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = workbook.sheet_names
    except Exception as exc:  # noqa: BLE001 - calamine's error types are its own
        raise RejectedFile(f"not a readable workbook: the file is truncated or damaged ({exc})") from exc
    for sheet_name in names:
        try:
            sheet = workbook.get_sheet_by_name(sheet_name)
            merged = tuple(sheet.merged_cell_ranges or ())
            rows, columns = (sheet.end[0] + 1, sheet.end[1] + 1) if sheet.end else (0, 0)
        except Exception as exc:  # noqa: BLE001 - as above
            raise _damaged_sheet(sheet_name, exc) from exc
        _check_sheet(f"the workbook's sheet {sheet_name}", rows, columns, merged)
        try:
            values = sheet.to_python(skip_empty_area=False)
        except Exception as exc:  # noqa: BLE001 - as above
            raise _damaged_sheet(sheet_name, exc) from exc
        yield merged, values


def _damaged_sheet(sheet_name: str, exc: Exception) -> RejectedFile:
    return RejectedFile(f"the workbook is damaged: its sheet {sheet_name} cannot be read, the file is truncated or "
                        f"damaged (the reader says: {exc})")


# A cell or a row in a sheet's XML, with or without a namespace prefix (x:c), and its reference.
_CELL_OR_ROW = re.compile(rb"<(?:[\w.-]+:)?(c|row)(?=[\s/>])([^>]*)>")
_REFERENCE = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]*)([0-9]*)["']""")
_MERGE = re.compile(rb"""<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref\s*=\s*["']([A-Za-z]*)([0-9]*):([A-Za-z]*)([0-9]*)["']""")


def _check_sheets(archive: zipfile.ZipFile) -> None:
    """Every XML part that holds cells, wherever the workbook's relationships put its sheets, within
    the limits; the scan reads each part once, up to its size checked by open_zip."""
    for member in archive.namelist():
        if member.endswith(".xml"):
            xml = read_member(archive, member)
            rows, columns = _extent(xml)
            _check_sheet(f"the workbook's sheet {member}", rows, columns, _merged(xml))


def _check_sheet(where: str, rows: int, columns: int, merged: Iterable[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """The grid from A1 to the sheet's furthest cell, and the cells its merged ranges repeat the
    top-left cell into (clipped to the grid, as _close does), within TABLE_CELLS."""
    TABLE_CELLS.check(rows * columns, f"{where} spans {columns:,} columns × {rows:,} rows from A1 to its furthest cell")
    covered = sum(max(min(r1, rows - 1) - r0 + 1, 0) * max(min(c1, columns - 1) - c0 + 1, 0) for (r0, c0), (r1, c1) in merged)
    TABLE_CELLS.check(covered, f"{where} has merged ranges covering {covered:,} cells")


def _extent(xml: bytes) -> tuple[int, int]:
    """(rows, columns) from A1 to the furthest cell, placing cells as calamine does: by their
    reference, else after the cell before (a cell's column) or the row before (a row's number).
    An empty cell (<c r="Z9" s="1"/>, a format office suites write over whole blocks) places
    nothing: calamine leaves it off the grid."""
    row = column = rows = columns = 0
    for tag in _CELL_OR_ROW.finditer(xml):
        reference = _REFERENCE.search(tag[2])
        letters, digits = reference.groups() if reference else (b"", b"")
        if tag[1] == b"row":
            row, column = _number(digits) if digits else row + 1, 0
            continue
        column = _column(letters) if letters else column + 1
        row = _number(digits) if digits else row
        if not tag[2].endswith(b"/") and not xml.startswith(b"</", tag.end()):
            rows, columns = max(rows, row), max(columns, column)
    return rows, columns


def _merged(xml: bytes) -> Iterable[tuple[tuple[int, int], tuple[int, int]]]:
    """The merged ranges, zero-based like calamine's merged_cell_ranges."""
    for match in _MERGE.finditer(xml):
        first_column, first_row, last_column, last_row = match.groups()
        yield (_number(first_row) - 1, _column(first_column) - 1), (_number(last_row) - 1, _column(last_column) - 1)


def _number(digits: bytes) -> int:
    """A row number. Of one thousands of digits long (int() refuses those) the first 12 are enough
    to be over any limit; leading zeros are dropped first, so that they cannot hide a large number."""
    return int(digits.lstrip(b"0")[:12] or b"0")


def _column(letters: bytes) -> int:
    """A column's number: A is 1, Z 26, AA 27, XFD 16,384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _alone(row: int, column: int, owner: dict, width: int) -> bool:
    """The row's cell at `column` stands alone: unmerged, or merged across the whole sheet and one
    row tall (a paragraph centred on the page), and no other merged range touches the row."""
    spans = [owner.get((row, c), (row, column)) == (row, column) for c in range(width)]
    merged = (row, column) in owner
    return all(spans) and (not merged or (row, width - 1) in owner) and owner.get((row + 1, column)) != (row, column)


def _close(blocks: list, grid: list[list[Cell]], owner: dict, rows: list[int]) -> None:
    """The table of the sheet rows `rows`, on its own columns: a sheet column is one of them unless
    every row has it inside a merged range that started further left; it is cut to the columns
    its rows use (a sheet is as wide as its widest table). A merged cell repeats over the columns
    it covers."""
    if not rows:
        return
    width = max(max((c + 1 for c, cell in enumerate(grid[r]) if cell.text or (r, c) in owner), default=1) for r in rows)
    columns = [c for c in range(width) if any(owner.get((r, c), (r, c))[1] == c for r in rows)]
    table = []
    for r in rows:
        cells = []
        for c in columns:
            top, left = owner.get((r, c), (r, c))
            cells.append(grid[top][left] if left < len(grid[top]) else Cell("", grid[r][0].line))
        table.append(tuple(cells))
    blocks.append(Table(rows=tuple(table), line=table[0][0].line))
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
