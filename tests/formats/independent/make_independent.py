"""Build Word files of seeds 000, 001 and 002 by hand-written rules, and let LibreOffice make
the workbook and the PDF of each: fixtures that do not come from the project's own parse.

    python -m tests.formats.independent.make_independent

The fixtures in tests/formats/fixtures/ are rendered from the document model the project reads
from the seeds (yusuan.synth), so they can only show that we read back what we wrote. These are
built from the seed text alone, by the rules below, and nothing here imports yusuan:

- the text form is split into paragraphs and tables as Tika prints them (a cell is a line
  starting with a TAB, a cell continues on lines without one, rows are separated by blank lines,
  a line holding only a space between two tables is the paragraph that separates them);
- each table is rebuilt as a real Word table with its merged cells: Tika prints a merged cell
  once, so a header row with fewer cells than the table has columns holds cells spanning the
  columns below them (gridSpan), and an empty header cell under a filled one is the lower part
  of a cell spanning both rows (vMerge: 序号, 合计 over two header rows); in an indicator table
  an empty 一级指标 or 二级指标 cell continues the one above (vMerge); the header part of a
  project table (项目编码 | code | 项目名称 | name, 预算数 …) has label cells with values
  spanning the columns left over;
- the first row of a standard table is its caption (unit | 预算年度 | 单位：万元);
- label columns are narrow, so long labels wrap onto several lines in the PDF, and a wide
  table's amount columns are narrow enough that some amounts wrap inside their cell; fixed
  table layout, WenQuanYi Zen Hei throughout, header rows repeat on each page, a page number
  in the footer, each standard table on a page of its own.

LibreOffice then converts each .docx: to .pdf with writer_pdf_Export; to .xlsx by saving the
document as HTML with Writer and opening that page with Calc (Writer has no workbook export):
`--infilter="HTML (StarCalc)" --convert-to xlsx:"Calc MS Excel 2007 XML"`. Needs LibreOffice
(Debian: libreoffice-writer-nogui, libreoffice-calc-nogui) and fonts-wqy-zenhei, which CI does
not have: the tests read the committed files. Made with LibreOffice 7.4 and fonts-wqy-zenhei
0.9.45; run again, the .docx comes out byte for byte the same, the .pdf and .xlsx differ in
their dates (and in layout with another LibreOffice or font version: then run the tests).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SEEDS = ROOT / "data" / "raw"
FIXTURES = HERE / "fixtures"
SEED_FILES = ("000_ff2e0223a4ae885a.txt", "001_b2c706af3b854347.txt", "002_a4c3473fffdcfd73.txt")

FONT = "WenQuanYi Zen Hei"
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 11906, 16838, 1134  # A4 portrait, 2 cm margins (twips)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
TABLE_FONT_HALF_POINTS = 18  # 9 pt in tables
CJK, DIGIT, CELL_MARGIN = 180, 100, 216  # twips: a Chinese character and a digit at 9 pt; left + right margins
LABEL_WIDTH = 1300  # a label column: about six characters, longer labels wrap
SERIAL_WIDTH = 560

_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
_NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?$")
_STANDARD_TITLE = re.compile(r"^(部门|单位)预算.*表$")
_CAPTION = re.compile(r"预算年度|单位[:：]|截止时间")


# ---------------------------------------------------------------- the seed text, as Tika printed it

@dataclass
class SeedCell:
    lines: list[str]
    line: int

    @property
    def text(self) -> str:
        return "\n".join(x for x in self.lines if x.strip()).strip()


@dataclass
class SeedTable:
    rows: list[list[SeedCell]]  # as split by blank lines: a row may come in pieces
    line: int


@dataclass
class SeedParagraph:
    text: str
    line: int


def read_seed(path: Path) -> list[SeedParagraph | SeedTable]:
    blocks: list[SeedParagraph | SeedTable] = []
    rows: list[list[SeedCell]] = []
    current: list[SeedCell] = []
    previous, blanks = "text", 0

    def close_row() -> None:
        nonlocal current
        if current:
            rows.append(current)
            current = []

    def close_table() -> None:
        close_row()
        if rows:
            blocks.append(SeedTable(list(rows), rows[0][0].line))
            rows.clear()

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if raw.startswith("\t"):
            current.append(SeedCell([_clean(raw[1:])], number))
            previous, blanks = "cell", 0
        elif not raw:
            close_row()
            blanks += 1
        elif not raw.strip():
            if previous == "cell" and blanks == 0:
                continue  # an empty paragraph (a space, a TAB) inside the cell
            close_table()  # the paragraph holding a space that keeps two tables apart
            blocks.append(SeedParagraph(" ", number))
            previous, blanks = "text", 0
        elif previous == "cell" and blanks <= 1 and (current or rows) and not raw.lstrip().startswith("[bookmark: _Toc"):
            (current or rows[-1])[-1].lines.append(_clean(raw))  # the cell goes on: a paragraph of its own
            blanks = 0
        else:
            close_table()
            blocks.append(SeedParagraph(_clean(raw), number))
            previous, blanks = "text", 0
    close_table()
    return blocks


def _clean(text: str) -> str:
    return _BOOKMARK.sub("", text).replace("\t", " ").rstrip()


# ---------------------------------------------------------------- Word tables: cells on column edges

@dataclass
class WordCell:
    text: str
    x0: int  # left and right edge, twips from the table's left side
    x1: int
    merge: str | None = None  # vMerge: "restart" or "continue"
    align: str = "left"


@dataclass
class WordRow:
    cells: list[WordCell]
    header: bool = False


@dataclass
class WordTable:
    rows: list[WordRow] = field(default_factory=list)
    cell_font: int = TABLE_FONT_HALF_POINTS


def edges(widths: list[int]) -> list[int]:
    out = [0]
    for w in widths:
        out.append(out[-1] + w)
    return out


def fit_row(cells: list[SeedCell], width: int) -> list[SeedCell] | None:
    """`cells` cut to `width` by dropping empty cells past the first two (a TAB or an empty
    paragraph in a cell prints as one more cell); None if that cannot be done."""
    surplus = len(cells) - width
    if surplus < 0:
        return None
    empties = [k for k in range(2, len(cells)) if not cells[k].text][:surplus]
    if len(empties) < surplus:
        return None
    return [c for k, c in enumerate(cells) if k not in empties]


def whole_rows(pieces: list[list[SeedCell]], width: int) -> list[list[SeedCell]]:
    """Rows of `width` cells from the pieces a cell's empty paragraphs split them into."""
    out, i = [], 0
    while i < len(pieces):
        row, j = list(pieces[i]), i + 1
        while len(row) < width and j < len(pieces):
            row += pieces[j]
            j += 1
        fitted = fit_row(row, width)
        if fitted is None:
            raise ValueError(f"line {pieces[i][0].line}: {len(row)} cells do not make a row of {width}: {[c.text for c in row]}")
        out.append(fitted)
        i = j
    return out


def column_widths(body: list[list[SeedCell]], width: int, total: int = TEXT_WIDTH) -> list[int]:
    """Amount and number columns as wide as their widest figure, label columns narrow (long
    labels wrap); everything scaled down to the page when it does not fit (figures wrap too)."""
    widths = []
    for k in range(width):
        texts = [row[k].text for row in body if k < len(row) and row[k].text]
        if all(_NUMBER.match(t.replace(",", "")) or len(t) <= 2 for t in texts):
            longest = max((len(t) for t in texts), default=2)
            widths.append(max(SERIAL_WIDTH, longest * DIGIT + CELL_MARGIN + 60))
        else:
            longest = max(sum(CJK if ord(ch) > 0x2E80 else DIGIT for ch in line) for t in texts for line in t.split("\n"))
            widths.append(min(LABEL_WIDTH, longest + CELL_MARGIN + 40))
    if sum(widths) > total:
        widths = [int(w * total / sum(widths)) for w in widths]
    return widths


def spread(cells: list[str], xs: list[int]) -> list[WordCell]:
    """Cells over the columns bounded by `xs`: the first takes the first column, the extra
    columns go to the value cells from the right (label | value | label | value)."""
    columns = len(xs) - 1
    spans = [1] * len(cells)
    extra = columns - len(cells)
    if extra < 0:
        raise ValueError(f"{len(cells)} cells over {columns} columns: {cells}")
    order = list(range(len(cells) - 1, 0, -2)) or [0]
    n = 0
    while extra:
        spans[order[n % len(order)]] += 1
        extra -= 1
        n += 1
    out, k = [], 0
    for text, span in zip(cells, spans, strict=True):
        out.append(WordCell(text, xs[k], xs[k + span]))
        k += span
    return out


_GROUP = re.compile(r"^(项目|科目编码)")  # a subheader that starts a group of columns (项目 | 预算数, 科目编码 | 科目名称)


def header_rows(rows: list[list[str]], xs: list[int]) -> list[list[WordCell]]:
    """Header rows over the columns bounded by `xs`, bottom-up: the bottom row has a cell per
    column (padded with empty ones); in the row above, each cell spans the subheaders below it,
    and an empty cell below a filled one is the lower part of that cell (vMerge)."""
    width = len(xs) - 1
    bottom = rows[-1] + [""] * (width - len(rows[-1]))
    if len(bottom) != width:
        raise ValueError(f"header row wider than the table: {rows[-1]}")
    grid = [[WordCell(t, xs[k], xs[k + 1], align="center") for k, t in enumerate(bottom)]]
    for texts in reversed(rows[:-1]):
        below = grid[0]
        segments: list[list[int]] = []  # the columns each cell of this row covers
        for k, cell in enumerate(below):
            if cell.text and segments and below[segments[-1][-1]].text:
                segments[-1].append(k)  # a run of subheaders under one cell
            else:
                segments.append([k])
        if len(segments) < len(texts):  # cells over one run: split it where a group starts (项目, 科目编码) or ends (科目名称)
            split = []
            for columns in segments:
                starts = [n for n, k in enumerate(columns) if n and (_GROUP.match(below[k].text.replace(" ", ""))
                                                                     or below[columns[n - 1]].text.startswith("科目名称"))]
                for a, b in zip([0, *starts], [*starts, len(columns)], strict=True):
                    split.append(columns[a:b])
            segments = split
        if len(segments) != len(texts):
            raise ValueError(f"header {texts} does not fit over {[c.text for c in below]}")
        row = []
        for text, columns in zip(texts, segments, strict=True):
            row.append(WordCell(text, below[columns[0]].x0, below[columns[-1]].x1, align="center"))
            if len(columns) == 1 and not below[columns[0]].text and text:
                below[columns[0]].merge = "continue"
                row[-1].merge = "restart"
        grid.insert(0, row)
    return grid


def standard_table(table: SeedTable) -> WordTable:
    """A table with a 栏次 row: caption, header rows, 栏次 and data rows."""
    pieces = table.rows
    stub = next(i for i, r in enumerate(pieces) if r and r[0].text == "栏次")
    width = len(pieces[stub])
    caption = pieces[0] if any(_CAPTION.search(c.text) for c in pieces[0]) else None
    headers = [[c.text for c in r] for r in pieces[1 if caption else 0: stub]]
    body = whole_rows(pieces[stub:], width)
    xs = edges(column_widths(body, width))
    out = WordTable()
    if caption:
        out.rows.append(WordRow(spread_caption([c.text for c in caption], xs), header=True))
    out.rows += [WordRow(r, header=True) for r in header_rows(headers, xs)]
    out.rows += [WordRow(body_cells(r, xs)) for r in body]
    return out


def spread_caption(texts: list[str], xs: list[int]) -> list[WordCell]:
    """The caption row: unit name on the left, the year in the middle, 单位：万元 on the right."""
    columns = len(xs) - 1
    if len(texts) == 1:
        return [WordCell(texts[0], xs[0], xs[-1], align="right" if "单位" in texts[0][:3] else "left")]
    first = max(1, columns - len(texts) + 1 - (columns - len(texts) + 1) // 2) if len(texts) > 2 else max(1, columns // 2)
    rest = columns - first
    cells = [WordCell(texts[0], xs[0], xs[first])]
    share = [rest // (len(texts) - 1) + (1 if k < rest % (len(texts) - 1) else 0) for k in range(len(texts) - 1)]
    k = first
    for text, span in zip(texts[1:], share, strict=True):
        cells.append(WordCell(text, xs[k], xs[k + span], align="right" if text is texts[-1] else "center"))
        k += span
    return cells


def body_cells(row: list[SeedCell], xs: list[int]) -> list[WordCell]:
    return [WordCell(c.text, xs[k], xs[k + 1], align="right" if _NUMBER.match(c.text.replace(",", "")) and k > 0 else "left")
            for k, c in enumerate(row)]


INDICATOR_WIDTHS = [900, 1100, 1500, 2300, 1100, 1300]  # 一级 | 二级 | 三级 | 描述 | 指标值 | 依据: narrow, labels wrap


def indicator_widths(width: int) -> list[int]:
    return INDICATOR_WIDTHS if width == len(INDICATOR_WIDTHS) else [TEXT_WIDTH // width] * width


def project_header(pieces: list[list[SeedCell]], xs: list[int]) -> list[WordRow]:
    """The header part of a project target table: each printed row its own row; a row with one
    cell more than the table has columns splits the last column; an empty first cell under a
    filled one continues it (预算规模及资金用途 over the purpose, 资金支出计划 over the figures)."""
    rows: list[WordRow] = []
    for piece in pieces:
        texts = [c.text for c in piece]
        if len(texts) == len(xs):  # one more cell than columns: the last column split in two
            split = xs[:-1] + [(xs[-2] + xs[-1]) // 2, xs[-1]]
            cells = [WordCell(t, split[k], split[k + 1]) for k, t in enumerate(texts)]
        elif len(texts) == 1 and _CAPTION.search(texts[0]):
            cells = [WordCell(texts[0], xs[0], xs[-1], align="right")]
        else:
            cells = spread(texts, xs)
        if rows and not texts[0] and rows[-1].cells[0].text and rows[-1].cells[0].x1 == cells[0].x1 and len(rows[-1].cells) > 1:
            cells[0].merge = "continue"
            rows[-1].cells[0].merge = rows[-1].cells[0].merge or "restart"
        elif rows and not texts[0] and rows[-1].cells[0].merge and rows[-1].cells[0].x1 == cells[0].x1:
            cells[0].merge = "continue"
        for cell in cells:
            if _NUMBER.match(cell.text):
                cell.align = "right"
        rows.append(WordRow(cells))
    return rows


def indicator_rows(pieces: list[list[SeedCell]], xs: list[int]) -> list[WordRow]:
    """The indicator header and its rows; an empty 一级/二级指标 cell continues the one above."""
    header = [c.text for c in pieces[0]]
    width = len(header)
    rows = [WordRow([WordCell(t, xs[k], xs[k + 1], align="center") for k, t in enumerate(header)], header=True)]
    above: list[WordCell | None] = [None, None]
    for row in whole_rows(pieces[1:], width):
        cells = body_cells(row, xs)
        for k in (0, 1):
            continues = not cells[k].text and above[k] is not None and (k == 0 or cells[0].merge == "continue")
            if continues:
                cells[k].merge = "continue"
                above[k].merge = above[k].merge or "restart"
            else:
                above[k] = cells[k] if cells[k].text else None
        rows.append(WordRow(cells))
    return rows


def target_table(table: SeedTable, width: int) -> WordTable:
    """A project target table, or one of its two parts (001, 002 print the header part and
    the indicators as two tables)."""
    start = next((i for i, r in enumerate(table.rows) if r and r[0].text == "一级指标"), len(table.rows))
    if start < len(table.rows):
        width = len(table.rows[start])
    xs = edges(indicator_widths(width))
    out = WordTable()
    out.rows += project_header(table.rows[:start], xs)
    if start < len(table.rows):
        out.rows += indicator_rows(table.rows[start:], xs)
    return out


def other_table(table: SeedTable) -> WordTable:
    """机构设置, 政府采购, 固定资产 tables: an optional caption, header rows down to the first
    row as wide as the table, data rows."""
    pieces = table.rows
    caption = pieces[0] if len(pieces) > 1 and any(_CAPTION.search(c.text) for c in pieces[0]) else None
    rest = pieces[1:] if caption else pieces
    lengths = Counter(len(r) for r in rest)
    width = max(n for n, count in lengths.items() if count == max(lengths.values()))
    width = max(width, max(len(r) for r in rest[:3]))
    end = next(i for i, r in enumerate(rest) if len(r) >= width) + 1
    body = whole_rows(rest[end:], width) if rest[end:] else []
    xs = edges(column_widths(body or [rest[end - 1]], width))
    out = WordTable()
    if caption:
        out.rows.append(WordRow(spread_caption([c.text for c in caption], xs), header=True))
    out.rows += [WordRow(r, header=True) for r in header_rows([[c.text for c in r] for r in rest[:end]], xs)]
    out.rows += [WordRow(body_cells(r, xs)) for r in body]
    return out


def word_table(table: SeedTable) -> WordTable:
    texts = {c.text for r in table.rows for c in r}
    if any(r and r[0].text == "栏次" for r in table.rows):
        return standard_table(table)
    if texts & {"一级指标", "绩效目标", "项目编码", "资金支出计划（%）"}:
        return target_table(table, len(INDICATOR_WIDTHS))
    return other_table(table)


# ---------------------------------------------------------------- OOXML

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def run(text: str, bold: bool = False, size: int | None = None) -> str:
    props = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else "")
    props = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def paragraph(text: str, *, align: str | None = None, bold: bool = False, size: int | None = None, indent: bool = False,
              page_break: bool = False, spacing: int | None = None) -> str:
    props = ("<w:pageBreakBefore/>" if page_break else "") + (f'<w:spacing w:before="0" w:after="{spacing}"/>' if spacing is not None else "")
    props += '<w:ind w:firstLine="420"/>' if indent else ""
    props += f'<w:jc w:val="{align}"/>' if align else ""
    return f"<w:p><w:pPr>{props}</w:pPr>{run(text, bold, size) if text else ''}</w:p>"


def table_xml(table: WordTable) -> str:
    grid = sorted({x for row in table.rows for c in row.cells for x in (c.x0, c.x1)})
    total = grid[-1]
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    parts = [f'<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>{borders}</w:tblBorders>'
             '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
             '</w:tblCellMar></w:tblPr><w:tblGrid>']
    parts += [f'<w:gridCol w:w="{b - a}"/>' for a, b in zip(grid, grid[1:], strict=False)]
    parts.append("</w:tblGrid>")
    leading = next((n for n, row in enumerate(table.rows) if not row.header), len(table.rows))
    for n, row in enumerate(table.rows):  # the header rows at the top repeat on each page the table runs onto
        parts.append("<w:tr><w:trPr>" + ("<w:tblHeader/>" if n < leading else "") + "</w:trPr>")
        for cell in row.cells:
            span = grid.index(cell.x1) - grid.index(cell.x0)
            props = f'<w:tcW w:w="{cell.x1 - cell.x0}" w:type="dxa"/>' + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "")
            if cell.merge:
                props += '<w:vMerge w:val="restart"/>' if cell.merge == "restart" else "<w:vMerge/>"
            props += '<w:vAlign w:val="center"/>'
            lines = [""] if cell.merge == "continue" else (cell.text.split("\n") or [""])
            body = "".join(f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="{cell.align}"/></w:pPr>'
                           f"{run(line, size=table.cell_font) if line else ''}</w:p>" for line in lines)
            parts.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def body_xml(blocks: list[SeedParagraph | SeedTable]) -> str:
    parts = []
    for n, block in enumerate(blocks):
        if isinstance(block, SeedTable):
            parts.append(table_xml(word_table(block)))
            continue
        text = block.text.strip()
        before_table = n + 1 < len(blocks) and isinstance(blocks[n + 1], SeedTable)
        if _STANDARD_TITLE.match(text):
            after_table = n > 0 and isinstance(blocks[n - 1], SeedTable)
            parts.append(paragraph(text, align="center", bold=True, size=32, page_break=after_table, spacing=200))
        elif text.startswith("单位：") or text.startswith("单位:"):
            parts.append(paragraph(text, align="right", size=TABLE_FONT_HALF_POINTS, spacing=0))
        elif before_table or text.endswith("表") or text.endswith("说明"):
            parts.append(paragraph(text, align="center" if text.endswith("说明") else None, bold=True, spacing=120))
        elif re.match(r"^([一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分|（[一二三四五六七八九十]+）)", text) and len(text) < 40:
            parts.append(paragraph(text, bold=True, spacing=120))
        else:
            parts.append(paragraph(text, indent=True, spacing=60))
    return "".join(parts)


def docx_bytes(blocks: list[SeedParagraph | SeedTable]) -> bytes:
    section = (f'<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>'
               f'<w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" w:header="567" w:footer="567" w:gutter="0"/>'
               "</w:sectPr>")
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
                f"<w:body>{body_xml(blocks)}{section}</w:body></w:document>")
    styles = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>'
              f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/><w:sz w:val="21"/><w:szCs w:val="21"/>'
              '<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="300" '
              'w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
              '<w:name w:val="Normal"/></w:style></w:styles>')
    footer = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr xmlns:w="{W_NS}"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
              '<w:r><w:t xml:space="preserve">第 </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
              '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
              '<w:r><w:t xml:space="preserve"> 页</w:t></w:r></w:p></w:ftr>')
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
        '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/_rels/document.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        '<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>',
        "word/document.xml": document,
        "word/styles.xml": styles,
        "word/footer1.xml": footer,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


# ---------------------------------------------------------------- LibreOffice

def soffice(args: list[str], outdir: Path, profile: Path) -> None:
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", *args, "--outdir", str(outdir)],
                   check=True, capture_output=True, timeout=600)


def main() -> None:
    if shutil.which("soffice") is None:
        raise SystemExit("soffice not found: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui fonts-wqy-zenhei")
    FIXTURES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work, html, profile = Path(folder) / "docx", Path(folder) / "html", Path(folder) / "profile"
        work.mkdir()
        html.mkdir()
        for seed in SEED_FILES:
            stem = Path(seed).stem
            data = docx_bytes(read_seed(SEEDS / seed))
            (FIXTURES / f"{stem}.docx").write_bytes(data)
            (work / f"{stem}.docx").write_bytes(data)
        sources = [str(p) for p in sorted(work.glob("*.docx"))]
        soffice(["--convert-to", "pdf:writer_pdf_Export", *sources], FIXTURES, profile)
        soffice(["--convert-to", "html:HTML (StarWriter)", *sources], html, profile)
        pages = [str(p) for p in sorted(html.glob("*.html"))]
        soffice(["--infilter=HTML (StarCalc)", "--convert-to", "xlsx:Calc MS Excel 2007 XML", *pages], FIXTURES, profile)
    files = sorted(FIXTURES.iterdir())
    for f in files:
        print(f"{f.name}: {f.stat().st_size / 1e3:.0f} KB")
    print(f"{len(files)} fixtures, {sum(f.stat().st_size for f in files) / 1e6:.2f} MB in {FIXTURES}")


if __name__ == "__main__":
    main()
