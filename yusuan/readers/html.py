"""Reader for disclosures published as web pages (.html).

Tables become tables, with colspan and rowspan expanded onto the grid (a spanned cell repeats
its text, as in the .docx reader); a rowspan ends above a row whose own cells fill the table's
width, which it would push out from under their header. <th> cells are cells like any other.
The end tags HTML leaves optional (</tr>, </td>, </th>) are implied where the next row, cell or
row group begins. Text blocks (p, h1-h6, div, li) become paragraphs; <br> breaks a line inside
one. The encoding is the one the page declares (<meta charset>) unless a byte-order mark says
otherwise, else sniffed like the text form. Locations are ordinals (the n-th paragraph or cell in
reading order): pages put many cells on one source line. A row's width and a table's cells are
checked against the limits before spans are expanded: a page that spans more is rejected, not
cut (browsers cut a colspan at 1,000, which would shift figures into other columns).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from yusuan.model import Cell, Document, Paragraph, Table
from yusuan.readers.detect import BOMS, RejectedFile, decode_text
from yusuan.readers.limits import TABLE_COLUMNS, Expansion

_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "title", "caption"}
_SKIP = {"script", "style", "head"}
_ROW_GROUPS = {"tr", "thead", "tbody", "tfoot"}  # each start or end of one closes the open row
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.I)


def read_html(name: str, data: bytes) -> Document:
    declared = _CHARSET.search(data[:4096])
    if declared and not data.startswith(BOMS):  # a byte-order mark outranks the declaration, as in browsers
        charset = declared.group(1).decode("ascii")
        try:
            text = data.decode(charset)
        except LookupError as exc:
            raise RejectedFile(f"declares charset {charset}, which is no encoding known here") from exc
        except UnicodeDecodeError as exc:
            raise RejectedFile(f"declares charset {charset} but is not {charset} from byte {exc.start:,} on: damaged, or "
                               f"saved in another encoding than it declares") from exc
    else:
        text, _ = decode_text(data)
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return Document(name=name, blocks=tuple(parser.blocks))


def _span(value: str | None) -> int:
    """A colspan/rowspan attribute; a missing or malformed one counts as 1, as browsers do."""
    try:
        return max(int(value or 1), 1)
    except ValueError:
        return 1


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Paragraph | Table] = []
        self.text: list[str] = []  # the paragraph or cell being read
        self.text_line = 0
        self.tables: list[dict] = []  # open tables (nested ones flatten into their cell)
        self.skipping = 0
        self.ordinal = 0
        self.expansion = Expansion("colspans and rowspans")

    def _next(self) -> int:
        self.ordinal += 1
        return self.ordinal

    # -- paragraphs --------------------------------------------------------------------------
    def _flush_paragraph(self) -> None:
        text = "\n".join(line.strip() for line in "".join(self.text).split("\n")).strip()
        if text and not self.tables:
            self.blocks.append(Paragraph(text, self.text_line))
        if not self.tables:
            self.text = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
            return
        if tag == "br":
            self.text.append("\n")
        elif tag == "table":
            if self.tables:  # nested: its text stays in the enclosing cell
                self.tables[-1]["nested"] += 1
                return
            self._flush_paragraph()
            self.expansion.next_table()
            self.tables.append({"rows": [], "row": None, "cell": None, "spans": {}, "nested": 0, "line": self.ordinal + 1,
                                "width": 0, "own": 0, "from_above": []})
        elif self.tables and not self.tables[-1]["nested"] and tag in _ROW_GROUPS:
            self._end_row(self.tables[-1])  # a new row or row group ends the open row (</tr> is optional)
            if tag == "tr":
                self.tables[-1].update(row=[], own=0, from_above=[])
        elif self.tables and not self.tables[-1]["nested"] and tag in ("td", "th"):
            if self.tables[-1]["cell"] is not None:  # </td> and </th> are optional: the next cell ends this one
                self._end_cell(self.tables[-1])
            attrs = dict(attrs)
            self.tables[-1]["cell"] = (self._next(), _span(attrs.get("colspan")), _span(attrs.get("rowspan")))
            self.text = []
        elif tag in _BLOCKS and not self.tables:
            self._flush_paragraph()
            self.text_line = self._next()
        elif self.tables and tag in _BLOCKS and self.text:
            self.text.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
            return
        if not self.tables:
            if tag in _BLOCKS:
                self._flush_paragraph()
            return
        table = self.tables[-1]
        if table["nested"]:
            if tag == "table":
                table["nested"] -= 1
            elif tag in ("td", "th"):
                self.text.append(" ")
            elif tag == "tr":
                self.text.append("\n")
            return
        if tag in ("td", "th") and table["cell"] is not None:
            self._end_cell(table)
        elif tag in _ROW_GROUPS:
            self._end_row(table)
        elif tag == "table":
            self._end_row(table)
            self.tables.pop()
            if table["rows"]:
                self.blocks.append(Table(rows=tuple(table["rows"]), line=table["line"]))
            self.text = []

    def _end_row(self, table) -> None:
        """Close the open row, if any, with its open cell."""
        if table["cell"] is not None:
            self._end_cell(table)
        if table["row"] is not None:
            if table["own"] >= table["width"] > 0 and len(table["row"]) > table["own"]:
                self._end_spans(table)
            self._fill_spans(table, len(table["row"]), until_end=True)
            self.expansion.add_row(len(table["row"]))
            table["rows"].append(tuple(table["row"]))
            table["width"] = max(table["width"], len(table["row"]))
            table["row"] = None

    def _end_spans(self, table) -> None:
        """A row whose own cells fill the table's width takes no cell from the rows above: the spans
        that reach it were wrong (rowspan=" 3 " where 1 was meant) and would push its cells out from
        under their header, where a browser shows them. They end above it."""
        placed = set(table["from_above"])
        table["row"] = [cell for k, cell in enumerate(table["row"]) if k not in placed]
        table["spans"].clear()

    def _end_cell(self, table) -> None:
        line, colspan, rowspan = table["cell"]
        text = "\n".join(part.strip() for part in "".join(self.text).split("\n")).strip()
        if table["row"] is None:  # a cell outside any <tr>: a row of its own begins
            table.update(row=[], own=0, from_above=[])
        row = table["row"]
        self._fill_spans(table, len(row))
        TABLE_COLUMNS.check(len(row) + colspan, f"a table row spans {len(row) + colspan:,} columns (colspan {colspan:,})")
        cell = Cell(text, line)  # one cell, repeated over the columns and rows it spans
        table["own"] += colspan
        for _ in range(colspan):
            column = len(row)
            row.append(cell)
            if rowspan > 1:
                table["spans"][column] = (rowspan - 1, cell)
        table["row"], table["cell"], self.text = row, None, []

    def _fill_spans(self, table, column: int, until_end: bool = False) -> None:
        """Cells of rows above that span down into this row, from `column`; at the row's end
        (`until_end`) the spans further right too, with an empty cell in each gap before them."""
        row, spans = table["row"], table["spans"]
        end = max(spans, default=-1) + 1 if until_end else 0  # once: a row can have a span in every column
        while column in spans or column < end:
            if column in spans:
                left, cell = spans.pop(column)
                table["from_above"].append(len(row))
                row.append(cell)
                if left > 1:
                    spans[column] = (left - 1, cell)
            else:
                row.append(Cell("", row[-1].line if row else table["line"]))
            column += 1

    def handle_data(self, data):
        if not self.skipping:
            self.text.append(re.sub(r"[ \t\r\f\v]+", " ", data.replace("\n", " ")))

    def close(self):
        super().close()
        if self.tables:  # a page cut off inside a table would otherwise lose the table without a word
            raise RejectedFile("the page ends inside a table (<table> never closed): truncated")
        self._flush_paragraph()
