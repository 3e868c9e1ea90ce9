"""The format-neutral document model every reader produces and every parser consumes.

A document is an ordered sequence of blocks: paragraphs and tables. Each cell and paragraph
keeps the line where it was found (the text form), or for formats without lines its ordinal in
reading order (.docx, .html, workbooks), so any figure in the warehouse can be traced back.
Readers expand merged cells onto the table's grid by repeating the same Cell. Reading a file into
the model and parsing the model are the two steps of a document's parse: both run with garbage
collection paused (`collections_paused`), as does each piece of a batch of documents.
"""

from __future__ import annotations

import contextlib
import gc
import operator
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple


class Cell(NamedTuple):
    """A named tuple, not a frozen dataclass like Table: a reader makes thousands a document,
    and a frozen dataclass, which sets each field through object.__setattr__, costs three times as
    much to build."""

    text: str
    line: int


# A cell's text as a function in C, for map() over the cells of a row or a table: the parsers ask
# it of every cell they scan, where a generator would run a Python frame per cell.
cell_text = operator.itemgetter(0)


class Paragraph(NamedTuple):
    """A named tuple like Cell, for the same reason: a reader makes one for each line of text (and a
    frozen dataclass gives each an attribute dict of its own besides)."""

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


@contextlib.contextmanager
def collections_paused() -> Iterator[None]:
    """Garbage collection held off for one step: reading or parsing a document, or a piece of a
    batch's documents (parse.batch). A step makes tens of thousands of objects, which reference
    counting frees, and keeps only what it returns: a collection meanwhile finds next to nothing to
    free, yet every full one walks every object the process holds, a batch's rows parsed so far
    among them (a fifth of the time of parsing 500 documents in one batch). A caller that turned
    collection off keeps it off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
