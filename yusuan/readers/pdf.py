"""Reader for PDFs with a text layer (a Word or WPS document printed to PDF): the layout of a
page's characters and ruling lines (read with pdfium, pdf_content.py) into paragraphs and tables.

Tables are found by their ruling lines (pdf_cells.py); a cell's text is the characters inside
it, a merged cell repeats its text over the grid positions it covers (as in the .docx reader). A
PDF keeps no paragraphs, only lines, so they are rebuilt: a line ends its paragraph when the next
line's first word would have fitted after it (a narrow cell wraps a name or an amount, 145 / 2.2 /
1, long before the text ends), when the next line is indented, after a gap wider than the pitch
of a line that wrapped (the space set after a paragraph) or at a change of font size. A wrapped
line is joined without a space where Chinese meets the break or a word was broken inside, with
one where the break fell on a space. In a cell a paragraph break becomes a line break, as in
the other readers; a cell's lines wrap at its border less the padding, or a little short of it
where two of its lines or more end at one place.

A table that runs onto the next page, with nothing but a page number between, is one table:
the header rows the page repeats are dropped, even cut short (LibreOffice clips them). A row
the page break split is joined again where the text of a cell plainly goes on; pieces of a
figure are never glued across the break (two lines, which no parser takes for an amount): a
figure is joined only inside its own cell. Page numbers are dropped. A PDF without any text
(a scan), encrypted or damaged is rejected (pdf_content.py); a damaged one whose fonts pdfium
cannot draw is read by pdfminer instead (pdf_pdfminer.py). Locations are page × 10000 + the
ordinal of the paragraph or cell on its page, in reading order.
"""

from __future__ import annotations

import bisect
import collections
import operator
import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from yusuan.model import Cell, Document, Paragraph, Table
from yusuan.readers import pdf_pdfminer
from yusuan.readers.limits import TABLE_COLUMNS, Expansion
from yusuan.readers.pdf_cells import Box, tables
from yusuan.readers.pdf_content import LostGlyphs, read_pages

PAGE = 10_000
_OPENING = set("“‘（(《〈「『【〔[{")
_CLOSING = set("”’）)》〉」』】〕]}，。、；：！？,.;:!?%％")
_SENTENCE_END = tuple("。；;！!？?")
_ENUMERATION = re.compile(r"^(\d+[.、．]|[（(]\d+[)）]|[一二三四五六七八九十]+、)")
_FIGURE_PIECE = re.compile(r"^[\s\d.,，．-]+$")  # a figure, or a piece of one a line break cut
_SPACES = frozenset(chr(k) for k in range(0x3001) if chr(k).isspace())  # U+3000 is the last
_TOP_LEFT, _LEFT = operator.itemgetter("top", "x0"), operator.itemgetter("x0")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d{1,4}\s*页?(\s*[/／]\s*共?\s*\d{1,4}\s*页?)?[-—–\s]*$")


class _Line:
    """A line of text: its characters left to right, spaces included, and its location."""

    def __init__(self, chars: list[dict]) -> None:
        self.chars, self.location = chars, 0
        parts, previous = [chars[0]["text"]], chars[0]
        for char in chars[1:]:
            text = char["text"]
            # a producer that positions words instead of printing spaces leaves a gap
            if char["x0"] - previous["x1"] > 0.5 * char["size"] and text != " " and previous["text"] != " ":
                parts.append(" ")
            parts.append(text)
            previous = char
        self.text = "".join(parts)
        self.ink = [c for c in chars if c["text"] not in _SPACES]

    @property
    def x0(self) -> float:
        return self.ink[0]["x0"]

    @property
    def x1(self) -> float:
        return self.ink[-1]["x1"]

    @property
    def top(self) -> float:
        return self.ink[0]["top"]

    @property
    def bottom(self) -> float:
        return max(c["bottom"] for c in self.ink)

    @property
    def size(self) -> float:
        return self.ink[0]["size"]

    def first_word(self) -> float:
        """Width of what the line breaking had to keep together at the start of this line: opening
        punctuation, a Chinese character or a run of letters and digits, closing punctuation and
        letters or digits set right after it (LibreOffice keeps "个，900" together)."""
        ink, k = self.ink, 0
        while k < len(ink) - 1 and ink[k]["text"] in _OPENING:
            k += 1
        k = self._narrow_run(k)
        if k + 1 < len(ink) and ink[k + 1]["text"] in _CLOSING:
            while k + 1 < len(ink) and ink[k + 1]["text"] in _CLOSING:
                k += 1
            k = self._narrow_run(k)
        return ink[k]["x1"] - ink[0]["x0"]

    def _narrow_run(self, k: int) -> int:
        """The last of the letters and digits set without a gap from ink[k] on (k itself if none follow)."""
        ink = self.ink
        while k + 1 < len(ink) and not _wide(ink[k + 1]["text"]) and ink[k + 1]["x0"] - ink[k]["x1"] < 0.2 * ink[k]["size"] \
                and (not _wide(ink[k]["text"]) or ink[k]["text"] in _CLOSING):
            k += 1
        return k


@dataclass
class _TablePart:
    """A table as one page shows it: its cells with their boxes, in reading order, the lines of
    each cell (by id of the Cell) and the cell padding."""

    cells: list[tuple[Box, Cell]]
    lines: dict[int, tuple[Box, list[_Line]]] = field(default_factory=dict)
    padding: float = 0.0

    @property
    def sides(self) -> tuple[float, float]:
        return min(b[0] for b, _ in self.cells), max(b[2] for b, _ in self.cells)


class _Grid:
    """A table as found on a page: which cell a point falls in, by the table's column and row
    edges, and the characters each cell holds."""

    def __init__(self, boxes: list[Box]) -> None:
        self.xs = sorted({b[0] for b in boxes} | {b[2] for b in boxes})
        self.ys = sorted({b[1] for b in boxes} | {b[3] for b in boxes})
        self.cover: dict[tuple[int, int], Box] = {}
        column, row = {x: k for k, x in enumerate(self.xs)}, {y: r for r, y in enumerate(self.ys)}
        for box in boxes:
            columns = range(column[box[0]], column[box[2]])
            for r in range(row[box[1]], row[box[3]]):
                for k in columns:
                    self.cover[r, k] = box
        self.chars: dict[Box, list[dict]] = {box: [] for box in boxes}  # the characters of each cell
        self.left, self.top, self.right, self.bottom = self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def read_pdf(name: str, data: bytes) -> Document:
    try:
        found = read_pages(data)
    except LostGlyphs:  # a damaged font pdfium cannot draw: pdfminer reads the text from the character codes
        found = pdf_pdfminer.read_pages(data)
    pages = [_page(number, page.chars, tables(page.horizontal, page.vertical)) for number, page in enumerate(found, start=1)]
    _without_page_numbers(pages)
    return Document(name=name, blocks=tuple(_blocks(pages, Expansion("merged cells"))))


def _page(number: int, chars: list[dict], found: list[list[Box]]) -> list[_Line | _TablePart]:
    """The page's text lines and table parts, top to bottom, from its characters and the cells of
    its tables (`found`)."""
    cells = [box for boxes in found for box in boxes]
    # a one-cell table is the one row of a table a page break left behind, unless it is a frame around
    # other cells: the text in it is theirs
    grids = [_Grid(boxes) for boxes in found
             if len(boxes) > 1 or not any(_contains(boxes[0], o) for o in cells if o != boxes[0])]
    loose = []
    # one Python loop over every character of the page: what it reads of each grid is unpacked once
    spans = [(g.left, g.right, g.top, g.bottom, g.ys, g.xs, g.cover, g.chars) for g in grids]
    after = bisect.bisect_right
    # a character mostly falls in the grid position of the one before: then it goes to the same cell
    # without a search, unless two grids overlap (there the first that holds it takes it); that
    # position's edges are kept doubled, to be met by the doubled centre of the next character
    apart = all(a[1] < b[0] or b[1] < a[0] or a[3] < b[2] or b[3] < a[2] for n, a in enumerate(spans) for b in spans[:n])
    last_left = last_top = last_right = last_bottom = 0.0
    last: list[dict] | None = None
    for char in chars:
        x, y = char["x0"] + char["x1"], char["top"] + char["bottom"]
        if last is not None and last_left <= x < last_right and last_top <= y < last_bottom:
            last.append(char)
            continue
        x, y = x / 2, y / 2
        for left, right, top, bottom, ys, xs, cover, held in spans:
            if left <= x <= right and top <= y <= bottom:
                row, column = after(ys, y) - 1, after(xs, x) - 1
                box = cover.get((row, column))
                if box is not None:
                    last = held[box]
                    last.append(char)
                    if apart:
                        last_left, last_top, last_right, last_bottom = 2 * xs[column], 2 * ys[row], 2 * xs[column + 1], 2 * ys[row + 1]
                    else:
                        last = None
                    break
        else:
            loose.append(char)
    items: list[_Line | _Grid] = sorted([*_lines(loose), *grids], key=lambda i: i.top)
    out: list[_Line | _TablePart] = []
    ordinal = number * PAGE
    for item in items:
        if isinstance(item, _Line):
            ordinal += 1
            item.location = ordinal
            out.append(item)
        else:
            part, ordinal = _table_part(item, ordinal)
            out.append(part)
    return out


def _contains(outer: Box, inner: Box) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def _without_page_numbers(pages: list[list[_Line | _TablePart]]) -> None:
    """Drop the page numbers: a number alone on the first or last line of a page, counting up with
    the pages, or equal to the page's own number (a paragraph that is only a number, at a page's
    end by chance, is neither)."""
    found = []
    for index, page in enumerate(pages):
        for item in {id(i): i for i in page[:1] + page[-1:]}.values():
            if isinstance(item, _Line) and _PAGE_NUMBER.match(item.text):
                found.append((int(re.search(r"\d+", item.text).group()) - index, page, item))
    offsets = collections.Counter(offset for offset, _, _ in found)
    usual, count = offsets.most_common(1)[0] if offsets else (None, 0)
    if count >= 2 or usual == 1:
        for offset, page, item in found:
            if offset == usual:
                page.remove(item)


def _lines(chars: list[dict]) -> list[_Line]:
    """Characters grouped into lines: the same baseline, within a third of the font size."""
    if not chars:
        return []
    chars = sorted(chars, key=_TOP_LEFT)
    line = [chars[0]]
    lines: list[list[dict]] = [line]
    uneven: set[int] = set()  # the lines whose characters are not all on one top: not in order left to right yet
    top = chars[0]["top"]
    for char in chars[1:]:
        off = abs(char["top"] - top)
        if off <= char["size"] / 3:
            line.append(char)
            if off:
                uneven.add(len(lines) - 1)
        else:
            line = [char]
            lines.append(line)
            top = char["top"]
    made = [_Line(sorted(group, key=_LEFT) if n in uneven else group) for n, group in enumerate(lines)]
    return [line for line in made if line.ink]


def _table_part(grid: _Grid, ordinal: int) -> tuple[_TablePart, int]:
    lines_of = {box: _lines(chars) for box, chars in grid.chars.items()}
    # the cell padding: the narrowest gap between any text and its cell's border
    padding = min([box[2] - _right_edge(lines) for box, lines in lines_of.items() if lines]
                  + [line.x0 - box[0] for box, lines in lines_of.items() for line in lines], default=0)
    part = _TablePart([], padding=max(padding, 0))
    for box in sorted(lines_of, key=lambda b: (b[1], b[0])):
        ordinal += 1
        cell = Cell(_cell_text(lines_of[box], box[2] - part.padding), ordinal)
        part.cells.append((box, cell))
        part.lines[id(cell)] = (box, lines_of[box])
    return part, ordinal


def _rows(parts: list[_TablePart], expansion: Expansion) -> list[list[Cell]]:
    """The parts of a table on one grid of columns (a page may not show every column edge), a
    merged cell repeated over the positions it covers; header rows a page repeats dropped."""
    xs: list[float] = []
    for x in sorted({x for part in parts for box, _ in part.cells for x in (box[0], box[2])}):
        if not xs or x - xs[-1] > 2:  # LibreOffice may set an edge a point apart on another page
            xs.append(x)
    rows: list[list[Cell]] = []
    previous = parts[0]
    for part in parts:
        ys = sorted({box[1] for box, _ in part.cells} | {box[3] for box, _ in part.cells})
        TABLE_COLUMNS.check(len(xs) - 1, f"a table's ruling lines divide it into {len(xs) - 1:,} columns")
        expansion.add_row((len(xs) - 1) * (len(ys) - 1))  # checked before the grid is allocated
        grid: list[list[Cell | None]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
        row = {y: r for r, y in enumerate(ys)}
        column = {x: _nearest(xs, x) for x in {x for box, _ in part.cells for x in (box[0], box[2])}}  # cells share edges
        for box, cell in part.cells:
            columns = range(column[box[0]], column[box[2]])
            for r in range(row[box[1]], row[box[3]]):
                for k in columns:
                    grid[r][k] = cell
        # a position no cell covers (the table's outline is not a rectangle) is an empty cell
        filled = [[c or Cell("", next((d for d in row if d), part.cells[0][1]).line) for c in row] for row in grid]
        new = _without_header(filled, rows, part) if rows else filled
        if rows and new and len(rows[-1]) == len(new[0]):
            _across_the_break(rows, new, previous, part)
        rows += new
        previous = part
    return rows


def _across_the_break(rows: list[list[Cell]], new: list[list[Cell]], before: _TablePart, after: _TablePart) -> None:
    """Join what a page break split, between the last row of the page before (`rows[-1]`) and the
    first row the next page adds (`new[0]`, its repeated header rows gone).

    The two are one row when, in some column, text runs to the bottom of its cell, wrapped (the
    first word on the new page would not have fitted in the free space of its last line), and
    goes on below; and every other filled cell of the new row is empty above, or goes on so, or
    starts a numbered paragraph after one that ended a sentence. They are one row too when the
    new row holds one cell of text only, under text (指标值确定 / 依据, its paragraphs on two
    pages): a row of a table has more than one cell filled. Otherwise only a cell merged down
    several rows (its box spans two rows or more on either page) whose text wrapped at the
    break is joined, and repeats in both rows (产出指 / 标). A figure that does not fill its line
    ends there; one that does, over a figure below, may be the first piece of one: 145 above and
    2.21 below become two lines of one cell, which no parser reads as an amount, never 1452.21
    nor two figures. Anything else is a new row, as printed."""
    kinds = [_goes_on(a, b, before, after) for a, b in zip(rows[-1], new[0], strict=True)]
    filled = {id(b) for b, kind in zip(new[0], kinds, strict=True) if kind != "free"}
    column = next(k for k, kind in enumerate(kinds) if kind != "free") if filled else None
    if len(filled) == 1 and set(kinds) <= {"free", "new", "ended"} and not any(
            _FIGURE_PIECE.match(c.text) for c in (rows[-1][column], new[0][column])):
        kinds = ["free" if kind == "free" else "paragraph" for kind in kinds]
        whole = True
    else:
        whole = "continues" in kinds and not {"new", "ended", "starts"} & set(kinds)
    joined: dict[tuple[int, int], Cell] = {}
    for a, b, kind in zip(rows[-1], new[0], kinds, strict=True):
        if (id(a), id(b)) in joined:
            continue
        # a merged cell is one Cell over the rows it covers: in the row next to the break too
        merged_down = (len(rows) > 1 and any(c is a for c in rows[-2])) or (len(new) > 1 and any(c is b for c in new[1]))
        if whole or (kind == "continues" and merged_down):
            cell = _joined(a, b, kind, before, after)
            joined[id(a), id(b)] = cell
            after.lines[id(cell)] = after.lines.get(id(b)) or before.lines.get(id(a)) or ((0, 0, 0, 0), [])
    above = {a: cell for (a, _), cell in joined.items()}
    below = {b: cell for (_, b), cell in joined.items()}
    for row in rows:  # a cell merged down several rows is one Cell in each of them
        row[:] = [above.get(id(c), c) for c in row]
    for row in new:
        row[:] = [below.get(id(c), c) for c in row]
    if whole:
        del new[0]


def _goes_on(a: Cell, b: Cell, before: _TablePart, after: _TablePart) -> str:
    """How cell `b`, first on a new page, follows `a` in the same column on the page before: free
    (b is empty), fill (a is empty), figure (a figure filling its line, and one below: perhaps
    pieces of one), ended (a's text ends above the break), continues (a wrapped into b), paragraph
    (a ended a sentence at the break, b starts a numbered paragraph), starts (b starts a numbered
    item or 其中) or new."""
    if not b.text:
        return "free"
    if not a.text:
        return "fill"
    figures = bool(_FIGURE_PIECE.match(a.text)) + bool(_FIGURE_PIECE.match(b.text))
    if figures == 1:
        return "new"
    box, above = before.lines.get(id(a), (None, []))
    below_box, below = after.lines.get(id(b), (None, []))
    if not above or not below or box is None or below_box is None:
        return "new"
    last, first = above[-1], below[0]
    if box[3] - last.bottom > 1.2 * last.size:
        return "ended"  # above the break (on the new page a cell's text may be centred: no telling there)
    free = (_text_right(above, box[2] - before.padding) - box[0] - before.padding) - (last.x1 - last.x0)
    if figures:  # a number is broken only where it does not fit: then its first piece fills the line to a digit
        return "figure" if first.ink[0]["x1"] - first.ink[0]["x0"] > free + 0.05 else "new"
    if _ENUMERATION.match(first.text.strip()) or first.text.strip().startswith("其中"):
        # a numbered item (1、房屋 under 资产总额) starts a row; a cell goes on with one only after a sentence
        return "paragraph" if last.text.rstrip().endswith(_SENTENCE_END) else "starts"
    autospace = first.size / 5 if _wide(first.ink[0]["text"]) != _wide(last.ink[-1]["text"]) else 0
    return "continues" if first.first_word() + autospace > free + 0.05 else "new"


def _joined(a: Cell, b: Cell, kind: str, before: _TablePart, after: _TablePart) -> Cell:
    if kind == "free":
        return a
    if kind == "fill":
        return b
    if kind in ("paragraph", "figure"):
        return Cell(f"{a.text}\n{b.text}", a.line)
    box, above = before.lines[id(a)]
    _, below = after.lines[id(b)]
    first = below[0].text.strip()
    rest = b.text[len(first):] if b.text.startswith(first) else "\n" + b.text
    return Cell(_join(a.text, above[-1], below[0], _text_right(above, box[2] - before.padding)) + rest, a.line)


def _nearest(edges: list[float], x: float) -> int:
    k = bisect.bisect_left(edges, x)
    return k if k == 0 or (k < len(edges) and edges[k] - x < x - edges[k - 1]) else k - 1


def _text_right(lines: list[_Line], right: float) -> float:
    """Where the lines of a cell wrap: its right border less the padding, or, when two lines of
    the cell or more end at one place a little short of that (within two characters), there:
    LibreOffice may set a cell's text a little narrower than its box (2023 pdf of 001, page 21:
    a character that would have fitted by a tenth of a point went to the next line)."""
    ends = [line.x1 for line in lines if line.ink[-1]["text"] not in _CLOSING]
    edge = max(ends, default=right)
    if sum(edge - x <= 0.5 for x in ends) >= 2 and right - 2 * lines[0].size < edge < right:
        return edge
    return right


def _cell_text(lines: list[_Line], right: float) -> str:
    if len(lines) < 2:  # most cells: nothing to join
        return lines[0].text.strip() if lines else ""
    right = _text_right(lines, right)
    paragraphs: list[str] = []
    for n, line in enumerate(lines):
        previous = lines[n - 1] if n else None
        if previous is None or _breaks(previous, line, right) or (
                previous.text.rstrip().endswith(_SENTENCE_END) and _ENUMERATION.match(line.text.strip())):
            paragraphs.append(line.text.strip())
        else:
            paragraphs[-1] = _join(paragraphs[-1], previous, line, right)
    return "\n".join(paragraphs)


def _right_edge(lines: list[_Line]) -> float:
    """Where full lines end: punctuation may hang past it, so lines ending in it do not count."""
    return max([line.x1 for line in lines if line.ink[-1]["text"] not in _CLOSING] or [line.x1 for line in lines] or [0.0])


def _breaks(previous: _Line, line: _Line, right: float) -> bool:
    """The line after `previous` starts a new paragraph: its first word would have fitted,
    with the extra space (a fifth of an em) set between Chinese and Latin letters or digits."""
    first, last = line.ink[0], previous.ink[-1]
    autospace = first["size"] / 5 if _wide(first["text"]) != _wide(last["text"]) else 0
    return line.first_word() + autospace <= right - previous.chars[-1]["x1"] + 0.05  # spaces it ends with took room too


def _join(text: str, previous: _Line, line: _Line, right: float) -> str:
    """`text` (ending with `previous`, a line that wrapped) continued by `line`."""
    if previous.text[-1].isspace():  # the wrap fell on spaces the line kept
        return text + previous.text[len(previous.text.rstrip()):] + line.text.strip()
    last, first = previous.ink[-1], line.ink[0]
    if _wide(last["text"]) or _wide(first["text"]) or last["text"] in "-/":
        return text + line.text.strip()
    # a word is broken inside only when it fills the line: then not even its next letter fitted
    inside_word = right - last["x1"] < first["x1"] - first["x0"]
    return text + ("" if inside_word else " ") + line.text.strip()


def _wide(char: str) -> bool:
    """Chinese characters and punctuation: a line may break before or after them, and no space is written."""
    return unicodedata.east_asian_width(char[0]) in "WFA"


def _blocks(pages: list[list[_Line | _TablePart]], expansion: Expansion) -> list[Paragraph | Table]:
    body = [item for page in pages for item in page if isinstance(item, _Line)]
    right = _right_edge(body)
    left = min((line.x0 for line in body), default=0)
    pitches = [b.top - a.top for page in pages for a, b in zip(page, page[1:], strict=False)
               if isinstance(a, _Line) and isinstance(b, _Line) and b.top > a.top]
    pitch = statistics.median(pitches) if pitches else 0
    leading = _leading(pages, right)
    blocks: list[Paragraph | Table] = []
    parts: list[_TablePart] = []  # the table being read, one part per page
    paragraph: list[_Line] = []

    def close_paragraph() -> None:
        if paragraph:
            text = paragraph[0].text.strip()
            for previous, line in zip(paragraph, paragraph[1:], strict=False):
                text = _join(text, previous, line, right)
            blocks.append(Paragraph(text, paragraph[0].location))
            paragraph.clear()

    def close_table() -> None:
        if parts:
            expansion.next_table()
            rows = _rows(parts, expansion)
            blocks.append(Table(rows=tuple(tuple(r) for r in rows), line=rows[0][0].line))
            parts.clear()

    for number, page in enumerate(pages):
        for k, item in enumerate(page):
            if isinstance(item, _TablePart):
                close_paragraph()
                continues = k == 0 and parts and number > 0 and pages[number - 1] and pages[number - 1][-1] is parts[-1]
                if not (continues and all(abs(a - b) <= 1 for a, b in zip(parts[-1].sides, item.sides, strict=True))):
                    close_table()
                parts.append(item)
                continue
            close_table()
            previous = paragraph[-1] if paragraph else None
            if previous is not None and (
                    _breaks(previous, item, right) or item.x0 - left > item.size / 2 or abs(item.size - previous.size) > 0.5
                    or (previous.location // PAGE == item.location // PAGE and _gap_breaks(item.top - previous.top, item.size, pitch, leading))):
                close_paragraph()
            paragraph.append(item)
    close_paragraph()
    close_table()
    return blocks


def _leading(pages: list[list[_Line | _TablePart]], right: float) -> float | None:
    """The distance from a line that wrapped (it reaches the right edge) to the next, the most
    common one: the line pitch inside a paragraph, rounded to half a point."""
    gaps = collections.Counter(round(2 * (b.top - a.top)) / 2 for page in pages for a, b in zip(page, page[1:], strict=False)
                               if isinstance(a, _Line) and isinstance(b, _Line) and b.top > a.top
                               and abs(a.size - b.size) <= 0.5 and right - a.x1 < a.size)
    return gaps.most_common(1)[0][0] if gaps else None


def _gap_breaks(gap: float, size: float, pitch: float, leading: float | None) -> bool:
    """Lines this far apart are not two lines of one paragraph: the space set after a paragraph
    widens the pitch of the lines inside one (`leading`) by more than a point, or a sixth of the
    font size; without a wrapped line to measure that pitch by, only a gap half as wide again as
    the usual one counts."""
    if leading is not None:
        return gap > leading + max(1.0, 0.15 * size)
    return bool(pitch) and gap > 1.5 * pitch


def _without_header(rows: list[list[Cell]], first: list[list[Cell]], part: _TablePart | None = None) -> list[list[Cell]]:
    """`rows` of a later page without the table's header rows the page printed again. LibreOffice
    clips a repeated header row to the height it had on the first page, so a repeated cell may
    be cut short (政府 for 政府采购目录序号) and the start of what it lost set in the cell below
    (采, or 额 on top of a figure: 额0); such a row still counts as repeated, and the lost text is
    taken out of the first row below the header when all that is left there is a figure or nothing."""
    k, lost = 0, {}
    while k < min(len(rows), len(first)) and any(c.text for c in rows[k]):
        cut = dict(lost)
        for column, (again, header) in enumerate(zip(rows[k], first[k], strict=False)):
            if again.text == header.text:
                continue
            if again.text and header.text.startswith(again.text):  # cut short: it lost the rest
                cut[column] = header.text[len(again.text):].strip()
            elif not header.text and again.text and cut.get(column, "").startswith(again.text):  # what the cell above lost
                cut[column] = cut[column][len(again.text):]
            else:
                break
        else:
            lost = {column: text for column, text in cut.items() if text}
            k += 1
            continue
        break
    rest = rows[k:]
    if rest and lost:
        fixed: dict[int, Cell] = {}
        for column, missing in lost.items():
            cell = rest[0][column] if column < len(rest[0]) else None
            spilled = next((n for n in range(len(missing), 0, -1) if cell is not None and cell.text.startswith(missing[:n])), 0)
            if spilled and id(cell) not in fixed and _FIGURE_PIECE.match(cell.text[spilled:] or "0"):
                fixed[id(cell)] = Cell(cell.text[spilled:].strip(), cell.line)
                if part is not None and id(cell) in part.lines:  # its lines, without the ones that spilled
                    box, lines = part.lines[id(cell)]
                    kept = [line for line in lines if not missing[:spilled].startswith(line.text.strip())]
                    part.lines[id(fixed[id(cell)])] = (box, kept)
        for row in rest:
            row[:] = [fixed.get(id(c), c) for c in row]
    return rest
