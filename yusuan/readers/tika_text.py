"""Reader for the Apache Tika text dump of a .docx (the form of the bundled seeds).

In that form a table cell is a line starting with a TAB, a cell may continue on following
lines without a TAB, and table rows are separated by blank lines. An empty paragraph inside a
cell also produces a blank line. Before a text line it splits the cell (000 line 1625:
指标值确定 / 依据), which a single blank line tells apart from the text after a table, always
two blank lines or more below the last row. Before a TAB line it splits the row, which only
the header's column count can tell from a row end: the rows are kept as printed here, and the
parsers, which know the header, rejoin them (`parse.rows.rejoin`). `[bookmark: …]` markers are dropped from the text, but a
`[bookmark: _Toc…]` marker always starts a heading, so it can never continue a cell.
"""

from __future__ import annotations

import re

from yusuan.model import Cell, Document, Paragraph, Table, collections_paused
from yusuan.readers.detect import decode_text

_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
_HEADING_MARK = re.compile(r"^\s*\[bookmark: _Toc")


def read_tika_text(name: str, data: bytes) -> Document:
    text, _encoding = decode_text(data)
    with collections_paused():
        return parse_tika_text(name, text)


def parse_tika_text(name: str, text: str) -> Document:
    # One pass over the lines; this runs for every line of every document, so the steps are
    # written out in the loop rather than called, and cells and paragraphs are built by
    # tuple.__new__ itself (Cell(text, line) goes through a Python-level __new__ that costs three
    # times as much).
    new = tuple.__new__
    blocks: list[Paragraph | Table] = []
    fragments: list[list[Cell]] = []  # rows of the table being read, as split by blank lines
    current: list[Cell] = []
    in_cell = False  # whether the last line that was not blank was a cell (or continued one)
    blanks = 0  # blank lines since the last cell or text line
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] == "\t":
            # Most cells hold neither a bookmark nor a TAB but at their ends (a line holds no line
            # break): trimmed, the leading TAB with the rest, that is all _clean would do.
            cell = raw.strip()
            current.append(new(Cell, (cell if "[" not in cell and "\t" not in cell else _clean(raw[1:]), number)))
            in_cell, blanks = True, 0
        elif not raw or raw.isspace():
            if current:
                fragments.append(current)
                current = []
            blanks += 1
        elif in_cell and blanks <= 1 and not _HEADING_MARK.match(raw):
            row = current or fragments[-1]
            row[-1] = Cell(_clean(f"{row[-1].text}\n{raw}"), row[-1].line)
            blanks = 0
        else:
            if current:
                fragments.append(current)
                current = []
            if fragments:
                blocks.append(_table(fragments))
                fragments = []
            blocks.append(new(Paragraph, (_clean(raw), number)))
            in_cell, blanks = False, 0
    if current:
        fragments.append(current)
    if fragments:
        blocks.append(_table(fragments))
    return Document(name=name, blocks=tuple(blocks))


def _table(fragments: list[list[Cell]]) -> Table:
    return Table(rows=tuple(map(tuple, fragments)), line=fragments[0][0].line)


def _clean(text: str) -> str:
    """Drop bookmarks and stray TABs; keep line breaks that were paragraphs inside a cell."""
    if "[" not in text and "\t" not in text and "\n" not in text:  # most lines: nothing but the ends to trim
        return text.strip()
    text = _BOOKMARK.sub("", text).replace("\t", " ")
    return "\n".join(part.strip() for part in text.split("\n")).strip()
