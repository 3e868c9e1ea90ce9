"""A seed as a PDF (LibreOffice's print of its .docx, page numbers in the footer) gives the same
warehouse rows as its text form; each mess of the print is undone, shown on pdf_cases.pdf
(001's 收支总表 in 17 narrow columns over several pages); PDFs that cannot be read are rejected
with the reason."""

import io

import pdfplumber
import pytest
from PIL import Image

from tests.conftest import S000, S001, S002, S003, S004
from tests.formats.equality import FIXTURES, assert_loads_like_text, fixture
from tests.formats.make_fixtures import cases_table
from yusuan.model import Paragraph, Table
from yusuan.readers import RejectedFile, read_document

CASES = FIXTURES / "pdf_cases.pdf"


@pytest.mark.parametrize("seed", [S000, S001, S002, S003, S004])
def test_pdf_form_loads_the_same_rows_as_the_text_form(seed):
    assert_loads_like_text(seed, "pdf")


@pytest.fixture(scope="module")
def cases():
    """The lines of each page as printed, the blocks the reader makes, and the seed's table. The
    printed lines are pdfplumber's: a reading of the page that shares nothing with the reader's."""
    with pdfplumber.open(CASES) as pdf:
        pages = [page.extract_text().split("\n") for page in pdf.pages]
    return pages, read_document(CASES.name, CASES.read_bytes()).blocks, cases_table()[1]


def texts(table: Table, seed: Table) -> list[list[str]]:
    """The read table's rows, cut to the seed's columns (the fixture pads each row with empty ones)."""
    return [[c.text for c in row[: len(seed_row)]] for row, seed_row in zip(table.rows, seed.rows, strict=True)]


def test_a_table_over_several_pages_is_one_table(cases):
    pages, blocks, seed = cases
    assert len(pages) > 2
    [table] = [b for b in blocks if isinstance(b, Table)]
    assert texts(table, seed) == [[c.text for c in row] for row in seed.rows]


def test_header_rows_each_page_repeats_are_dropped(cases):
    pages, blocks, seed = cases
    assert all(any(line.startswith("栏 1 2 3 4") for line in page) for page in pages)  # 栏次 wraps after 栏
    [table] = [b for b in blocks if isinstance(b, Table)]
    assert [row[0].text for row in table.rows].count("栏次") == 1


def test_a_wrapped_name_is_joined(cases):
    pages, blocks, seed = cases
    first = next(row for row in seed.rows if row[0].text == "1")
    name = first[1].text  # 一、一般公共预算拨款收入, one character a line
    assert not any(name[:2] in line for page in pages for line in page)
    [table] = [b for b in blocks if isinstance(b, Table)]
    assert next(row for row in table.rows if row[0].text == "1")[1].text == name


def test_a_wrapped_amount_is_joined(cases):
    pages, blocks, seed = cases
    amount = next(row for row in seed.rows if row[0].text == "1")[2].text  # 1452.21
    lines = pages[0]
    k = next(n for n, line in enumerate(lines) if line.startswith("1 一 "))
    assert [lines[k].split()[2], lines[k + 1].split()[1], lines[k + 2].split()[1]] == [amount[:3], amount[3:6], amount[6:]]
    [table] = [b for b in blocks if isinstance(b, Table)]
    assert next(row for row in table.rows if row[0].text == "1")[2].text == amount


def test_page_numbers_are_dropped(cases):
    pages, blocks, seed = cases
    assert [page[-1] for page in pages] == [f"- {n} -" for n in range(1, len(pages) + 1)]
    assert [type(b) for b in blocks] == [Paragraph, Table]


def scanned_pdf() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (210, 297), 255).save(buffer, "PDF")
    return buffer.getvalue()


def test_a_scan_is_rejected():
    with pytest.raises(RejectedFile, match="no text layer: scanned PDF, OCR is not supported"):
        read_document("scan.pdf", scanned_pdf())


def test_an_encrypted_pdf_is_rejected():
    with pytest.raises(RejectedFile, match="encrypted PDF"):
        read_document("locked.pdf", (FIXTURES / "encrypted.pdf").read_bytes())


def test_a_truncated_pdf_is_rejected():
    data = fixture(S001, "pdf").read_bytes()
    with pytest.raises(RejectedFile, match="damaged or truncated"):
        read_document("cut.pdf", data[: len(data) // 2])
