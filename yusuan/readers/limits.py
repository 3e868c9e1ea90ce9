"""The most a file may make a reader build, declared once here and checked by the readers before
they allocate it: a few bytes can declare a span or a cell that would take gigabytes and minutes
to expand. A file over a limit is rejected with a reason that names the limit, never read in part
(a table cut short would lose figures without a word).

Where each reader checks them:
- zip containers (.docx, .xlsx, archives of disclosures; archive.py): ARCHIVE_MEMBERS,
  ARCHIVE_BYTES, MEMBER_BYTES and MEMBER_RATIO, on the central directory, before any member is
  unpacked.
- .xlsx (xlsx.py): TABLE_CELLS over each sheet's extent (A1 to its furthest cell) and over its
  merged ranges, from the sheet's XML before the workbook library allocates the grid; an .xls once
  loaded, before its cells become Python objects.
- .docx (docx.py): XML_TAGS of document.xml before it is parsed; TABLE_COLUMNS per table row
  (gridBefore + every gridSpan + gridAfter), and TABLE_CELLS per table and FILE_CELLS per file
  (Expansion; a vMerge continues only into rows the table has, counted there), before the row is
  expanded; XML_DEPTH while walking.
- .html (html.py): TABLE_COLUMNS per table row (its colspans and the rowspans reaching into it),
  and TABLE_CELLS per table and FILE_CELLS per file (Expansion; a rowspan repeats only into rows
  the page has, counted there).
- every file (yusuan.parse.batch): file_seconds(), the time to read and parse it.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from yusuan.readers.detect import RejectedFile

MB = 1024 * 1024


@dataclass(frozen=True)
class Limit:
    """At most `most` of something; `what` names it after its number in a reason, so that the
    reason reads "…; more than the 1,000 columns a budget table can have"."""

    most: int
    what: str
    unit: str = ""  # appended to numbers: " MB", "×"
    scale: int = 1  # numbers are shown divided by this: MB for byte counts

    def shown(self, amount: int) -> str:
        number = f"{amount:,}" if self.scale == 1 else f"{amount / self.scale:,.1f}".removesuffix(".0")
        return f"{number}{self.unit}"

    def check(self, amount: int, found: str) -> None:
        """Reject the file when `amount` is over the limit; `found` says what the file holds."""
        if amount > self.most:
            raise RejectedFile(f"{found}; more than the {self.shown(self.most)} {self.what}")


# A budget table is at most a few thousand rows (a province's 项-level subjects, or every unit of
# a department listed) by a few dozen columns; 2 million cells is ten times a whole province's
# subject list at 25 columns, and as Python objects still only a few hundred MB.
TABLE_CELLS = Limit(2_000_000, "cells a budget table can have")
# A county's disclosures bound in one document come to about 3 million cells. Many small tables,
# each within TABLE_CELLS, must not add up without end (a 40 MB .docx can declare 400 million):
# a file's cells are all kept until it is parsed, about 130 bytes each.
FILE_CELLS = Limit(4_000_000, "cells the tables of one file can have together")
# The widest budget tables have about 30 columns; browsers themselves stop a colspan at 1,000.
TABLE_COLUMNS = Limit(1_000, "columns a budget table can have")


class Expansion:
    """The cells a reader has expanded so far, a merged cell counted in every column and row it
    covers, in the table being read and in the whole file; checked as each row is added."""

    def __init__(self, spans: str) -> None:
        self.spans = spans  # what a reader expands, for the reason: "merged cells", "colspans and rowspans"
        self.table = self.file = 0

    def next_table(self) -> None:
        self.table = 0

    def add_row(self, cells: int) -> None:
        self.table += cells
        self.file += cells
        TABLE_CELLS.check(self.table, f"a table spans {self.table:,} cells once its {self.spans} are expanded")
        FILE_CELLS.check(self.file, f"the file's tables span {self.file:,} cells once their {self.spans} are expanded")


# An Office file has a few dozen parts, and a county's archive of disclosures a few hundred
# files. Each member read costs a pass over the whole central directory (the archive is opened
# again for it: 5,000 tiny members took minutes), so a larger archive is to be unpacked.
ARCHIVE_MEMBERS = Limit(1_000, "files a zip can hold (unpack it into the raw folder, or split it)")
# Every member is inflated in memory when it is read; a disclosure is at most a few MB.
ARCHIVE_BYTES = Limit(256 * MB, "a zip can unpack to", unit=" MB", scale=MB)
# The largest part a budget file needs: a sheet of TABLE_CELLS cells is about 100 MB of XML.
MEMBER_BYTES = Limit(128 * MB, "one file in a zip can unpack to", unit=" MB", scale=MB)
# Text and XML deflate about 5-20×; a part over 1 MB expanding 200× is a zip bomb.
MEMBER_RATIO = Limit(200, "a zip member over 1 MB may expand by", unit="×")
RATIO_FROM_BYTES = 1 * MB  # small parts (an empty sheet, a style sheet of zeros) legitimately expand more

# A document's XML parses into about 90 bytes per element: 4 million tags (a 1,000-page
# disclosure has about 1 million) keep the tree under 400 MB.
XML_TAGS = Limit(4_000_000, "XML tags a document part can have")
# Paragraphs in tables in tables nest about 15 elements deep in real documents; 200 keeps the
# readers' recursive walks far below Python's recursion limit (1,000).
XML_DEPTH = Limit(200, "levels an XML element can nest")

# Reading and parsing a disclosure takes well under a second; 30 s is room for a slow machine,
# a large workbook and a .doc converted by LibreOffice (a few seconds).
FILE_SECONDS = 30.0


def file_seconds() -> float:
    """The time a file may take to read and parse: $YUSUAN_FILE_TIMEOUT seconds, else FILE_SECONDS."""
    value = os.environ.get("YUSUAN_FILE_TIMEOUT", "")
    try:
        seconds = float(value or FILE_SECONDS)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < math.inf:
        raise ValueError(f"YUSUAN_FILE_TIMEOUT must be a number of seconds above 0, not {value!r}")
    return seconds
