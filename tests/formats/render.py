"""Render a seed (its Tika text form, read into the document model) as a .docx or a web page,
for the format-equality tests: paragraphs as paragraphs, tables on a grid as wide as their
widest row.

The text form flattens the original's merged cells and splits some rows; the rendering puts
them back the way Word had them: a row narrower than the grid spans its last cell over the
rest (a merge), and the indicator rows that a paragraph break split are rejoined first.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from yusuan.model import Document, Paragraph, Table
from yusuan.parse.rows import rejoin

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""


def _paragraph(text: str) -> str:
    lines = text.split("\n")
    runs = "<w:r><w:br/></w:r>".join(f"<w:r><w:t xml:space=\"preserve\">{escape(line)}</w:t></w:r>" for line in lines)
    return f"<w:p>{runs}</w:p>"


def _rows(table: Table) -> list[list]:
    rows = [list(r) for r in table.rows]
    header = next((i for i, r in enumerate(rows) if r and r[0].text == "一级指标"), None)
    if header is not None and header + 1 < len(rows):
        below = rows[header + 1]
        split = any(c.text in ("符号", "值") for c in below)  # 003: 指标值 split into 符号 | 值 | 符号
        start, width = (header + 2, len(below)) if split else (header + 1, len(rows[header]))
        rows = rows[:start] + rejoin(rows[start:], width)
    return rows


def _table(table: Table) -> str:
    rows = _rows(table)
    width = max(len(r) for r in rows)
    out = [f"<w:tbl><w:tblGrid>{'<w:gridCol/>' * width}</w:tblGrid>"]
    for row in rows:
        cells = []
        for k, cell in enumerate(row):
            span = width - len(row) + 1 if k == len(row) - 1 else 1
            props = f"<w:tcPr><w:gridSpan w:val=\"{span}\"/></w:tcPr>" if span > 1 else ""
            paragraphs = "".join(_paragraph(line) for line in cell.text.split("\n")) or "<w:p/>"
            cells.append(f"<w:tc>{props}{paragraphs}</w:tc>")
        out.append(f"<w:tr>{''.join(cells)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def render_docx(doc: Document) -> bytes:
    body = "".join(_paragraph(b.text) if isinstance(b, Paragraph) else _table(b) + "<w:p/>" for b in doc.blocks)
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


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
            for k, cell in enumerate(row):
                span = width - len(row) + 1 if k == len(row) - 1 else 1
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
                if len(row) < width:
                    merges.append(f"{_column(len(row) - 1)}{len(rows) + 1}:{_column(width - 1)}{len(rows) + 1}")
                rows.append([(c.text, numeric and _is_number(c.text)) for c in row])
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
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return bool(text) and not text.startswith("0") or text.startswith("0.") or text == "0"
