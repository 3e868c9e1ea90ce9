"""The Unicode of a page's characters read in one call (pdf_content._codes: pdfium's text of the
page) is what pdfium gives one character at a time (FPDFText_GetUnicode), index for index: on the
committed PDFs, and on small pages that take the other ways: pdfium's hyphen mark (U+FFFE in its
text, asked for again), a control code its text leaves out and a character outside the BMP, which
pdfium keeps as two characters (the page read one by one)."""

from pathlib import Path
from types import SimpleNamespace

import pypdfium2 as pdfium
import pytest

from tests.formats.test_pdf_pages import assemble, pdf
from yusuan.readers import pdf_content

FOLDER = Path(__file__).parent
COMMITTED = sorted(p for p in FOLDER.rglob("*.pdf") if p.name != "encrypted.pdf")


def codes_both_ways(data: bytes) -> list[tuple[list[int], list[int], int]]:
    """For each page: (_codes, FPDFText_GetUnicode of each character, how many characters _codes
    asked for one by one — its fallback, which alone would make the first two equal)."""
    api = pdf_content._pdfium()
    asked = []
    counting = SimpleNamespace(**vars(api) | {"unicode": lambda page, k: asked.append(k) or api.unicode(page, k)})
    document = pdfium.PdfDocument(data)
    pages = []
    try:
        for number in range(len(document)):
            page = document[number]
            text_page = page.get_textpage()
            handle = pdf_content._reference(text_page.raw)
            one_by_one = [api.unicode(handle, k) for k in range(api.count_chars(handle))]
            asked.clear()
            pages.append((pdf_content._codes(counting, handle), one_by_one, len(asked)))
            text_page.close()
            page.close()
    finally:
        document.close()
    return pages


def outside_the_bmp() -> bytes:
    """A page of ABAB, A mapped by the font's ToUnicode to U+20000 (a UTF-16 pair)."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def\n"
            b"1 begincodespacerange <00> <FF> endcodespacerange\n"
            b"2 beginbfchar <41> <D840DC00> <42> <0042> endbfchar\n"
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    content = b"BT /F1 10 Tf 100 700 Td (ABAB) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap)]
    return assemble(objects)


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_the_codes_of_a_committed_pdf(path):
    for codes, one_by_one, asked in codes_both_ways(path.read_bytes()):
        assert codes == one_by_one
        assert asked <= one_by_one.count(0x2) + one_by_one.count(0)  # the page's text in one call: only its marks asked again


@pytest.mark.parametrize("content", [
    b"BT /F1 10 Tf 100 700 Td (Qin-) Tj ET BT /F1 10 Tf 100 688 Td (huangdao) Tj ET\n",  # the hyphen mark 0x2
    b"BT /F1 10 Tf 100 700 Td (a\\003b) Tj ET\n",  # a control code
    b"BT /F1 10 Tf 100 700 Td (plain) Tj ET\n",
], ids=["hyphen", "control", "plain"])
def test_the_codes_of_a_small_page(content):
    for codes, one_by_one, _ in codes_both_ways(pdf(content)):
        assert codes == one_by_one


def test_a_plain_page_is_read_in_one_call():
    [(codes, _, asked)] = codes_both_ways(pdf(b"BT /F1 10 Tf 100 700 Td (plain) Tj ET\n"))
    assert codes == [*map(ord, "plain")] and asked == 0


def test_the_codes_of_a_page_outside_the_bmp():
    [(codes, one_by_one, _)] = codes_both_ways(outside_the_bmp())
    assert codes == one_by_one == [0xD840, 0xDC00, 0x42, 0xD840, 0xDC00, 0x42]
