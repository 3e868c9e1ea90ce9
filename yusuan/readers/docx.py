"""Reader for Word .docx files (OOXML), straight from word/document.xml.

Paragraphs and tables come in document order. Merged cells are expanded onto the grid: a cell
spanning columns (gridSpan) repeats its text in each, a vertically merged cell (vMerge) repeats
the text above, so a merged 一级指标 cell repeats downwards; a cell that continues a merge but
holds text of its own keeps its own (an office suite may show the text above instead, but a
merge is layout, and layout never overwrites what a cell holds). Paragraphs inside a cell become
lines of its text; a nested table's rows become lines too. Text boxes are skipped knowingly:
templates use them for decoration, not for figures. Locations are ordinals: the n-th paragraph
or cell of the document, in reading order. A row's width and a table's cells are checked against
the limits before merged cells are expanded, and the depth of elements while they are walked.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from yusuan.model import Cell, Document, Paragraph, Table
from yusuan.readers.archive import open_zip, read_xml
from yusuan.readers.detect import RejectedFile
from yusuan.readers.limits import TABLE_COLUMNS, XML_DEPTH, Expansion

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# How deep a body's children are: w:document, w:body, then the paragraph or table.
BODY_DEPTH = 3


def read_docx(name: str, data: bytes) -> Document:
    root = read_xml(open_zip(name, data), "word/document.xml")
    body = root.find(f"{W}body")
    blocks, counter, expansion = [], [0], Expansion("merged cells")

    def number() -> int:
        counter[0] += 1
        return counter[0]

    for child in body if body is not None else ():
        if child.tag == f"{W}p":
            text = _paragraph_text(child, BODY_DEPTH)
            line = number()
            if text.strip():
                blocks.append(Paragraph(text.strip(), line))
        elif child.tag == f"{W}tbl":
            table = _table(child, number, BODY_DEPTH, expansion)
            if table.rows:
                blocks.append(table)
    return Document(name=name, blocks=tuple(blocks))


def _paragraph_text(paragraph: Element, depth: int) -> str:
    """The text of a paragraph `depth` elements deep in the document."""
    parts: list[str] = []

    def walk(node: Element, depth: int) -> None:
        _check_depth(depth)
        for child in node:
            if child.tag == f"{W}txbxContent":  # a text box, with all it holds
                continue
            if child.tag == f"{W}t":
                parts.append(child.text or "")
            elif child.tag == f"{W}tab":
                parts.append(" ")
            elif child.tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
            walk(child, depth + 1)

    walk(paragraph, depth)
    return "".join(parts)


def _cell_text(cell: Element, depth: int) -> str:
    _check_depth(depth)
    lines = []
    for child in cell:
        if child.tag == f"{W}p":
            lines.append(_paragraph_text(child, depth + 1).strip())
        elif child.tag == f"{W}tbl":  # nested table: its rows as lines
            lines += [" ".join(_cell_text(c, depth + 3) for c in row.findall(f"{W}tc")) for row in child.findall(f"{W}tr")]
    return "\n".join(lines).strip()


def _check_depth(depth: int) -> None:
    XML_DEPTH.check(depth, f"word/document.xml nests elements {depth:,} levels deep")


def _table(table: Element, number, depth: int, expansion: Expansion) -> Table:
    rows: list[tuple[Cell, ...]] = []
    above: dict[int, str] = {}  # grid column → text of the cell above, for vertical merges
    expansion.next_table()
    for tr in table.findall(f"{W}tr"):
        before, after = _grid_skip(tr, "gridBefore"), _grid_skip(tr, "gridAfter")
        cells_of_row = [(tc, tc.find(f"{W}tcPr")) for tc in tr.findall(f"{W}tc")]
        spans = [_count(_val(props, "gridSpan"), "w:gridSpan", 1) for _, props in cells_of_row]
        width = before + sum(spans) + after
        TABLE_COLUMNS.check(width, f"a table row spans {width:,} columns (w:gridBefore, w:gridSpan, w:gridAfter)")
        expansion.add_row(width)
        cells = [Cell("", number()) for _ in range(before)]
        column = before
        for (tc, props), span in zip(cells_of_row, spans, strict=True):
            merge = props.find(f"{W}vMerge") if props is not None else None
            continues = merge is not None and merge.get(f"{W}val", "continue") == "continue"
            text = _cell_text(tc, depth + 2)
            if continues and not text:
                text = above.get(column, "")
            cells += [Cell(text, number())] * span  # one cell, repeated over the columns it spans
            above.update(dict.fromkeys(range(column, column + span), text))
            column += span
        cells += [Cell("", number()) for _ in range(after)]
        rows.append(tuple(cells))
    return Table(rows=tuple(rows), line=rows[0][0].line if rows and rows[0] else 0)


def _val(props: Element | None, tag: str) -> str | None:
    node = props.find(f"{W}{tag}") if props is not None else None
    return node.get(f"{W}val") if node is not None else None


def _grid_skip(tr: Element, tag: str) -> int:
    return _count(_val(tr.find(f"{W}trPr"), tag), f"w:{tag}", 0)


def _count(value: str | None, attribute: str, default: int) -> int:
    """A count of grid columns as OOXML writes it (a decimal integer, a span at least 1); a reader
    guessing another ('x' as 1, '1e9' as a billion, a span of 0 dropping its cell) would shift
    figures into other columns."""
    if value is None:
        return default
    if not value.strip().isdigit() or int(value) < default:
        raise RejectedFile(f"word/document.xml is damaged: a table's {attribute} is {value!r}, not a number of grid "
                           f"columns; the file was written wrongly or damaged, fetch or export it again")
    return int(value)
