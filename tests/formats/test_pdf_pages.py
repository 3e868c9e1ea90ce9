"""What the PDF reader takes from a page through pdfium, on small PDFs written here by hand: ruling
lines however a producer draws them, the spaces pdfium's text page leaves out put back, a hyphen
it marks kept, turned text left out; damaged files and files without text rejected with their
reason, or read by pdfminer where pdfium may have lost characters, and the libraries' complaints
kept off the terminal."""

import io

import pytest
from PIL import Image

from tests.formats.equality import FIXTURES
from yusuan.model import Cell, Paragraph, Table
from yusuan.readers import RejectedFile, read_document

BROKEN_TRAILER = b"trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"  # points nowhere: pdfium rebuilds the table
TABLE_TEXT = b"BT /F1 10 Tf 105 686 Td (Item) Tj ET BT /F1 10 Tf 205 686 Td (Amount) Tj ET " \
             b"BT /F1 10 Tf 105 666 Td (Total) Tj ET BT /F1 10 Tf 205 666 Td (1.00) Tj ET\n"


def pdf(content: bytes, form: bytes | None = None, trailer: bytes | None = None) -> bytes:
    """A one-page A4 PDF drawing `content` (Helvetica as /F1; `form` as the form XObject /Fm0)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> /XObject << /Fm0 6 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
               b"/Length %d >>\nstream\n%s\nendstream" % (len(form or b""), form or b"")]
    return assemble(objects, trailer)


def assemble(objects: list[bytes], trailer: bytes | None = None) -> bytes:
    """A PDF file of `objects` (numbered from 1, the first the catalog), with its cross-reference
    table and, unless given another, a trailer pointing at it."""
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += trailer or b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def blocks(data: bytes) -> tuple:
    return read_document("made.pdf", data).blocks


def texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


@pytest.mark.parametrize("rules", [
    # Word: each border a thin filled rectangle
    b"".join(b"100 %g 200 0.5 re f " % (y - 0.25) for y in (660, 680, 700)) + b"".join(b"%g 660 0.5 40 re f " % (x - 0.25) for x in (100, 200, 300)),
    # LibreOffice: each border a stroked line
    b"0.5 w " + b"".join(b"100 %d m 300 %d l S " % (y, y) for y in (660, 680, 700)) + b"".join(b"%d 660 m %d 700 l S " % (x, x) for x in (100, 200, 300)),
    # each cell a stroked rectangle, the borders of neighbours drawn twice
    b"0.5 w 100 660 100 20 re S 200 660 100 20 re S 100 680 100 20 re S 200 680 100 20 re S ",
], ids=["filled", "stroked lines", "stroked cells"])
def test_a_table_is_found_by_its_ruling_lines_however_drawn(rules):
    [table] = blocks(pdf(rules + b"\n" + TABLE_TEXT))
    assert texts(table) == [["Item", "Amount"], ["Total", "1.00"]]


def test_a_table_drawn_in_a_form_is_placed_by_the_forms_matrix():
    cells = b"0.5 w 100 660 100 20 re S 200 660 100 20 re S 100 680 100 20 re S 200 680 100 20 re S\n"
    [table] = blocks(pdf(b"q 1 0 0 1 50 -100 cm /Fm0 Do Q\n", form=cells + TABLE_TEXT))
    assert texts(table) == [["Item", "Amount"], ["Total", "1.00"]]


def test_shading_is_no_ruling_line():
    # a grey cell background: a filled rectangle, wide and high, draws no border
    [paragraph] = blocks(pdf(b"0.9 g 100 660 200 40 re f 0 g\nBT /F1 10 Tf 105 686 Td (Item) Tj ET\n"))
    assert paragraph == Paragraph("Item", 10001)


@pytest.mark.parametrize("drawn", [pdf, lambda content: pdf(b"q 1 0 0 1 0.333 -0.777 cm /Fm0 Do Q\n", form=content)],
                         ids=["on the page", "in a form"])
def test_the_spaces_pdfium_leaves_out_are_put_back(drawn):
    # a space set as a text object of its own (LibreOffice, next to Chinese punctuation) and a run of
    # spaces (in a larger font: a paragraph of its own): pdfium's text page skips the one and keeps
    # one space of the other. In a form moved by a fraction of a point, the space's object and its
    # line have baselines a rounding apart.
    width = 2.78  # of a space in Helvetica at 10 pt
    content = (b"BT /F1 10 Tf 100 700 Td (A) Tj ET BT /F1 10 Tf %g 700 Td ( ) Tj ET BT /F1 10 Tf %g 700 Td (B) Tj ET\n"
               % (106.67, 106.67 + width)) + b"BT /F1 12 Tf 100 680 Td (C   D) Tj ET\n"
    assert [b.text for b in blocks(drawn(content))] == ["A B", "C   D"]


def test_letter_spacing_is_not_taken_for_spaces():
    # 3 pt of character spacing after each letter: gaps, not spaces, as the PDF prints no space
    [paragraph] = blocks(pdf(b"BT /F1 10 Tf 3 Tc 100 700 Td (A B) Tj ET\n"))
    assert paragraph.text == "A B"


def test_a_hyphen_at_the_end_of_a_line_is_kept():
    # pdfium marks a hyphen between letters at a line's end as one breaking a word (9月-2021 in 000);
    # it is printed, and kept
    content = b"BT /F1 10 Tf 100 700 Td (Qin-) Tj ET BT /F1 10 Tf 100 688 Td (huangdao) Tj ET\n"
    assert "".join(b.text for b in blocks(pdf(content))) == "Qin-huangdao"


def test_turned_text_is_left_out():
    content = b"BT /F1 10 Tf 0 1 -1 0 300 300 Tm (Turned) Tj ET BT /F1 10 Tf 100 700 Td (Upright) Tj ET\n"
    assert blocks(pdf(content)) == (Paragraph("Upright", 10001),)


def test_a_page_of_too_many_ruling_lines_is_rejected_before_they_are_crossed():
    rules = b"".join(b"0 %d m 6000 %d l S " % (y, y) for y in range(0, 6000, 4))
    rules += b"".join(b"%d 0 m %d 6000 l S " % (x, x) for x in range(0, 6000, 4))
    with pytest.raises(RejectedFile, match="1,500 horizontal and 1,500 vertical rules.*more than the 2,000,000 cells"):
        blocks(pdf(rules + b"\n" + TABLE_TEXT))


def test_a_damaged_cross_reference_table_is_repaired():
    whole = (FIXTURES / "pdf_cases.pdf").read_bytes()
    damaged = whole[:whole.rindex(b"startxref")] + b"startxref\n123\n%%EOF\n"
    assert blocks(damaged) == blocks(whole)


def test_a_damaged_file_without_text_is_not_taken_for_a_scan():
    data = pdf(b"100 100 m 200 200 l S\n", trailer=BROKEN_TRAILER)
    with pytest.raises(RejectedFile, match="damaged or truncated.*cross-reference table is damaged and no page shows text"):
        blocks(data)


def test_a_blank_an_em_wide_is_an_ideographic_space_in_a_sound_file_and_read_by_pdfminer_in_a_damaged_one():
    # pdfium skips a text object whose glyphs have no extent: a space, or a character of a font it
    # cannot draw. In a damaged file that may be a character lost: pdfminer reads the file instead,
    # from the character codes (here a space, set an em before the next letter)
    content = b"BT /F1 10 Tf 100 700 Td (A) Tj ET BT /F1 10 Tf 106.67 700 Td ( ) Tj ET BT /F1 10 Tf 116.67 700 Td (B) Tj ET\n"
    assert blocks(pdf(content)) == (Paragraph("A\u3000B", 10001),)
    assert blocks(pdf(content, trailer=BROKEN_TRAILER)) == (Paragraph("A B", 10001),)
    # where pdfminer meets damage too, it reads on, and says so: the file is rejected
    damaged = content + b"BT /F1 10 Tf 1 0 0 1 (x) 600 Tm (C) Tj ET\n"
    with pytest.raises(RejectedFile, match=r"damaged or truncated\): Could not set text matrix"):
        blocks(pdf(damaged, trailer=BROKEN_TRAILER))


def test_a_file_of_empty_pages_is_rejected_with_its_reason():
    with pytest.raises(RejectedFile, match="no text layer: the pages hold neither text nor images"):
        blocks(pdf(b"100 100 m 200 200 l S\n"))


def test_the_libraries_print_nothing(capfd, caplog):
    whole = (FIXTURES / "pdf_cases.pdf").read_bytes()
    scan = io.BytesIO()
    Image.new("L", (210, 297), 255).save(scan, "PDF")
    noisy = bytearray(whole)
    noisy[len(noisy) // 3: len(noisy) // 3 + 2000] = bytes(2000)
    lost_glyph = pdf(b"BT /F1 10 Tf 100 700 Td (A) Tj ET BT /F1 10 Tf 106.67 700 Td ( ) Tj ET BT /F1 10 Tf 116.67 700 Td (B) Tj ET\n"
                     b"BT /F1 10 Tf 1 0 0 1 (x) 600 Tm (C) Tj ET\n", trailer=BROKEN_TRAILER)  # read by pdfminer, which complains
    for data in (whole[: len(whole) // 2], bytes(noisy), scan.getvalue(), (FIXTURES / "encrypted.pdf").read_bytes(),
                 whole[:whole.rindex(b"startxref")] + b"startxref\n123\n%%EOF\n", lost_glyph):
        try:
            blocks(data)
        except RejectedFile:
            pass
    captured = capfd.readouterr()  # pdfium writes to the file descriptors, if anywhere
    assert (captured.out, captured.err) == ("", "")
    assert [record.getMessage() for record in caplog.records] == []  # pdfminer logs, and Python prints what no handler takes


def test_cells_keep_their_reading_order_locations():
    [table] = blocks(pdf(b"0.5 w 100 660 100 20 re S 200 660 100 20 re S 100 680 100 20 re S 200 680 100 20 re S\n" + TABLE_TEXT))
    assert [[cell.line for cell in row] for row in table.rows] == [[10001, 10002], [10003, 10004]]
    assert table.rows[1][1] == Cell("1.00", 10004)
