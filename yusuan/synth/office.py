"""Render a document (its Tika text form, read into the document model) as a .docx, a web page or
a workbook: the committed fixtures of the format-equality tests (tests/formats/make_fixtures.py)
are the seeds rendered so, and `yusuan synth --formats` renders synthetic documents so:
paragraphs as paragraphs, tables on a grid as wide as their widest row. The .docx is laid out
for print, as LibreOffice turns it into the PDF fixtures: A4, a Chinese font, narrow columns,
repeated header rows, page numbers.

The text form flattens the original's merged cells and splits some rows; the rendering puts
them back the way Word had them: a row narrower than the grid spans its last cell over the
rest (a merge), and the indicator rows that a paragraph break split are rejoined first. A
document synth printed itself says where its merged cells are: a cell repeated over several
columns of a row (as the readers give a merged cell) is one cell spanning them.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from yusuan.model import Cell, Document, Paragraph, Table

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
</Relationships>"""
# The page number centred in the footer, "- 7 -", as government documents print it.
FOOTER = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="{W_NS}"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t xml:space="preserve">- </w:t></w:r>
<w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> -</w:t></w:r></w:p></w:ftr>"""
# One CJK font for every script (the one Debian's fonts-wqy-zenhei installs), 9 pt, Chinese
# line-breaking rules, no space between paragraphs: laid out the way a finance bureau prints.
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>
<w:rFonts w:ascii="WenQuanYi Zen Hei" w:hAnsi="WenQuanYi Zen Hei" w:eastAsia="WenQuanYi Zen Hei" w:cs="WenQuanYi Zen Hei"/>
<w:sz w:val="18"/><w:szCs w:val="18"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults></w:styles>"""
# A4 portrait, 2 cm margins: 9638 twips (170 mm) of text width for every table, however wide.
PAGE = '<w:sectPr><w:footerReference w:type="default" r:id="rId2"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>'
TEXT_WIDTH = 9638
BORDERS = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                  for side in ("top", "left", "bottom", "right", "insideH", "insideV"))


def _paragraph(text: str, indent: bool = False) -> str:
    """A paragraph; body text (`indent`) starts two characters in, as Chinese prose is set."""
    lines = text.split("\n")
    runs = "<w:r><w:br/></w:r>".join(f"<w:r><w:t xml:space=\"preserve\">{escape(line)}</w:t></w:r>" for line in lines)
    props = '<w:pPr><w:ind w:firstLineChars="200" w:firstLine="360"/></w:pPr>' if indent else ""
    return f"<w:p>{props}{runs}</w:p>"


def _rows(table: Table) -> list[list]:
    rows = [list(r) for r in table.rows]
    header = next((i for i, r in enumerate(rows) if r and r[0].text == "一级指标"), None)
    if header is not None and header + 1 < len(rows):
        below = rows[header + 1]
        split = any(c.text in ("符号", "值") for c in below)  # 003: 指标值 split into 符号 | 值 | 符号
        start, width = (header + 2, len(below)) if split else (header + 1, len(rows[header]))
        rows = rows[:start] + _mend(rows[start:], width)
    return rows


def _mend(rows: list[list[Cell]], width: int) -> list[list[Cell]]:
    """Indicator rows as Word had them, from the text form's pieces: consecutive short rows
    joined while they add up to `width` (a paragraph break inside a cell split them), and the
    empty cells a TAB-only paragraph added dropped (past the two merged level columns). Rows
    of a document that was never text (synth's own) are whole and pass unchanged."""
    out: list[list[Cell]] = []
    i = 0
    while i < len(rows):
        row, j = rows[i], i + 1
        while len(row) < width and j < len(rows):
            row, j = row + rows[j], j + 1
        whole = _without_stray_empties(row, width)
        if whole is not None and (j > i + 1 or len(rows[i]) > width):
            out.append(whole)
            i = j
        else:
            out.append(rows[i])
            i += 1
    return out


def _without_stray_empties(cells: list[Cell], width: int) -> list[Cell] | None:
    surplus = len(cells) - width
    empties = [k for k in range(2, len(cells)) if not cells[k].text][:surplus] if surplus >= 0 else []
    return None if surplus < 0 or len(empties) < surplus else [c for k, c in enumerate(cells) if k not in empties]


def _runs(row: list[Cell], width: int) -> list[tuple[Cell, int]]:
    """(cell, columns it spans) across a row of a grid `width` wide: a cell with text repeated in
    neighbouring columns spans them; the last cell of a row narrower than the grid spans the rest."""
    runs: list[list] = []
    for cell in row:
        if runs and runs[-1][0] is cell and cell.text:
            runs[-1][1] += 1
        else:
            runs.append([cell, 1])
    if runs:
        runs[-1][1] += width - sum(n for _, n in runs)
    return [(cell, n) for cell, n in runs]


def _table(table: Table) -> str:
    """Columns of equal width across the page, so a wide table's columns are narrow and names
    and amounts wrap in them; rows up to the 栏次 row are header rows, repeated on every page
    a long table runs onto; a row is never split across pages."""
    rows = _rows(table)
    width = max(len(r) for r in rows)
    column = TEXT_WIDTH // width
    header = next((i + 1 for i, r in enumerate(rows) if r and r[0].text == "栏次"), 0)
    grid = f'<w:gridCol w:w="{column}"/>' * width
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="{column * width}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
           f"<w:tblBorders>{BORDERS}</w:tblBorders></w:tblPr><w:tblGrid>{grid}</w:tblGrid>"]
    for n, row in enumerate(rows):
        cells = []
        for cell, span in _runs(row, width):
            props = f'<w:tcW w:w="{column * span}" w:type="dxa"/>' + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "")
            paragraphs = "".join(_paragraph(line) for line in cell.text.split("\n")) or "<w:p/>"
            cells.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>")
        row_props = "<w:cantSplit/>" + ("<w:tblHeader/>" if n < header else "")
        out.append(f"<w:tr><w:trPr>{row_props}</w:trPr>{''.join(cells)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _zip(files: dict[str, str]) -> bytes:
    """A zip with fixed member dates, so that rendering again gives the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), text, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def render_docx(doc: Document) -> bytes:
    body = "".join(_paragraph(b.text, indent=True) if isinstance(b, Paragraph) else _table(b) + "<w:p/>" for b in doc.blocks)
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
           f"<w:body>{body}{PAGE}</w:body></w:document>")
    return _zip({"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS, "word/_rels/document.xml.rels": DOCUMENT_RELS,
                 "word/styles.xml": STYLES, "word/footer1.xml": FOOTER, "word/document.xml": xml})


def render_html(doc: Document, encoding: str = "utf-8") -> bytes:
    """A web page in `encoding`, declared in its <meta charset>; spans as colspan."""
    out = [f'<!DOCTYPE html><html><head><meta charset="{encoding}"><title>预算公开</title></head><body>']
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.append(f"<p>{escape(block.text).replace(chr(10), '<br>')}</p>")
            continue
        rows = _rows(block)
        width = max(len(r) for r in rows)
        out.append("<table>")
        for row in rows:
            cells = []
            for cell, span in _runs(row, width):
                attr = f' colspan="{span}"' if span > 1 else ""
                cells.append(f"<td{attr}>{escape(cell.text).replace(chr(10), '<br>')}</td>")
            out.append(f"<tr>{''.join(cells)}</tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out).encode(encoding)


def _column(k: int) -> str:
    name = ""
    k += 1
    while k:
        k, rest = divmod(k - 1, 26)
        name = chr(65 + rest) + name
    return name


def render_xlsx(doc: Document) -> bytes:
    """One sheet: a paragraph is a row of one cell, each table its rows (short rows merged to the
    grid's width), a blank row after each. Amounts in the body of a standard table (below its
    栏次 row) are numbers, as a finance bureau's sheet has them; everything else is text."""
    rows, merges = [], []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            rows.append([(block.text, False)])
        else:
            table_rows = _rows(block)
            width = max(len(r) for r in table_rows)
            numeric = False
            for row in table_rows:
                cells, k = [], 0
                for cell, span in _runs(row, width):
                    if span > 1:
                        merges.append(f"{_column(k)}{len(rows) + 1}:{_column(k + span - 1)}{len(rows) + 1}")
                    cells += [(cell.text, numeric and _is_number(cell.text))] + [("", False)] * (span - 1)
                    k += span
                rows.append(cells)
                numeric = numeric or (row and row[0].text == "栏次")
        rows.append([])
    sheet = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for k, (text, number) in enumerate(row):
            ref = f"{_column(k)}{r}"
            if number:
                cells.append(f'<c r="{ref}"><v>{text}</v></c>')
            elif text:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>')
        sheet.append(f'<row r="{r}">{"".join(cells)}</row>')
    merged = f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>" if merges else ""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} {rel}><sheets><sheet name="预算" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>{"".join(sheet)}</sheetData>{merged}</worksheet>',
    }
    return _zip(files)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return bool(text) and not text.startswith("0") or text.startswith("0.") or text == "0"
