"""Render the committed format fixtures in tests/formats/fixtures/ from the seeds.

    python -m tests.formats.make_fixtures

Each seed becomes .docx, .html and .xlsx (yusuan/synth/office.py) and, from that .docx, .pdf
by LibreOffice; 001 also .doc (one: LibreOffice writes about 300 KB each); `pdf_cases.pdf` is 001's 收支总表 set in columns so narrow that its
names and amounts wrap and it runs over several pages (the PDF reader's unit tests), and
`encrypted.pdf` needs a password. Needs LibreOffice (Debian: libreoffice-writer-nogui) and the
font fonts-wqy-zenhei, which CI does not have: the tests read the committed files.

Run again, every file but the .pdf comes out byte for byte the same; a .pdf differs in its
creation date and id (LibreOffice ignores SOURCE_DATE_EPOCH), and in layout only with another
LibreOffice or font version (these were made with LibreOffice 7.4 and fonts-wqy-zenhei 0.9.45).
After rendering again, run the tests: a new layout can wrap or break pages differently.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from tests.conftest import S000, S001, S002, S003, S004, SEEDS
from tests.formats.independent.make_independent import _CAPTION, header_rows, soffice
from yusuan.model import Cell, Document, Table
from yusuan.readers.tika_text import read_tika_text
from yusuan.synth.office import _rows, render_docx, render_html, render_xlsx

FIXTURES = Path(__file__).parent / "fixtures"
# A page declaring each encoding the readers must take (the html tests read them back).
HTML_ENCODINGS = {S000: "utf-8", S001: "gb18030", S002: "utf-8", S003: "gbk", S004: "utf-8"}
# 17 columns across the page leave 17.5 pt for text: 1452.21 prints as 145 / 2.2 / 1.
CASES_COLUMNS = 17


def seed_model(seed: str) -> Document:
    """The seed as the text form gives it, with each standard table's header rows laid on the
    grid as Word had them (a spanning cell repeated over its columns, which the renderers merge
    back): the text form prints a spanning cell once, and the renderers cannot tell its span."""
    doc = read_tika_text(seed, (SEEDS / seed).read_bytes())
    return Document(doc.name, tuple(_gridded(b) if isinstance(b, Table) else b for b in doc.blocks))


def _gridded(table: Table) -> Table:
    """The spans come from the independent fixtures' rules (tests/formats/independent), not the parser's."""
    rows = [list(r) for r in table.rows]
    stub = next((i for i, r in enumerate(rows) if r and r[0].text == "栏次"), None)
    if stub is None:
        return table
    first = 1 if any(_CAPTION.search(c.text) for c in rows[0]) else 0
    width = len(rows[stub])
    laid = header_rows([[c.text for c in r] for r in rows[first:stub]], list(range(width + 1)))
    for r, cells in enumerate(laid, start=first):
        printed = iter(c for c in rows[r])
        row: list[Cell] = []
        for word_cell in cells:
            cell = next(printed, Cell(word_cell.text, rows[r][-1].line))
            row += [cell] * (word_cell.x1 - word_cell.x0)
        rows[r] = row
    return Table(rows=tuple(tuple(r) for r in rows), line=table.line)


def cases_table() -> tuple[Document, Table]:
    """001's 收支总表 (its title and table, rows as rendered), and the same padded with empty
    columns to `CASES_COLUMNS`."""
    doc = seed_model(S001)
    title, table = doc.blocks[1], doc.blocks[2]
    rows = tuple(tuple(row) for row in _rows(table))
    padded = Table(rows=tuple(row + (Cell("", 0),) * (CASES_COLUMNS - len(row)) for row in rows), line=table.line)
    return Document("pdf_cases", (title, padded)), Table(rows=rows, line=table.line)


def main() -> None:
    if shutil.which("soffice") is None:
        raise SystemExit("soffice not found: apt-get install libreoffice-writer-nogui fonts-wqy-zenhei")
    FIXTURES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work, profile = Path(folder) / "docx", Path(folder) / "profile"
        work.mkdir()
        for seed in (S000, S001, S002, S003, S004):
            stem, doc = Path(seed).stem, seed_model(seed)
            (FIXTURES / f"{stem}.docx").write_bytes(render_docx(doc))
            (FIXTURES / f"{stem}.html").write_bytes(render_html(doc, HTML_ENCODINGS[seed]))
            (FIXTURES / f"{stem}.xlsx").write_bytes(render_xlsx(doc))
            shutil.copy(FIXTURES / f"{stem}.docx", work)
        seeds = sorted(work.glob("*.docx"))
        soffice(["--convert-to", "doc", str(work / S001.replace(".txt", ".docx"))], FIXTURES, profile)
        (work / "pdf_cases.docx").write_bytes(render_docx(cases_table()[0]))
        soffice(["--convert-to", "pdf", *map(str, seeds), str(work / "pdf_cases.docx")], FIXTURES, profile)
        (work / "encrypted.docx").write_bytes(render_docx(Document("encrypted", cases_table()[0].blocks[:1])))
        options = {"EncryptFile": {"type": "boolean", "value": "true"},
                   "DocumentOpenPassword": {"type": "string", "value": "yusuan"}}
        soffice(["--convert-to", f"pdf:writer_pdf_Export:{json.dumps(options)}", str(work / "encrypted.docx")], FIXTURES, profile)
    files = list(FIXTURES.iterdir())
    print(f"{len(files)} fixtures, {sum(f.stat().st_size for f in files) / 1e6:.2f} MB in {FIXTURES}")


if __name__ == "__main__":
    main()
