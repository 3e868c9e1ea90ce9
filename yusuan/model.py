"""The format-neutral document model every reader produces and every parser consumes.

A document is an ordered sequence of blocks: paragraphs and tables. Each cell and paragraph
keeps the line where it was found (the text form), or for formats without lines its ordinal in
reading order (.docx, .html, workbooks), so any figure in the warehouse can be traced back.
Readers expand merged cells onto the table's grid by repeating the same Cell.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    text: str
    line: int


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    line: int

    @property
    def last_line(self) -> int:
        return max((c.line for row in self.rows for c in row), default=self.line)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


Block = Paragraph | Table


@dataclass(frozen=True)
class Document:
    """One raw file, read. `name` is the file name; `blocks` keep document order."""

    name: str
    blocks: tuple[Block, ...]
