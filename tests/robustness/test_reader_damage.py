"""Issue #16: what the readers make of damage the fuzz suite found. A damaged container or
workbook is rejected with a reason in words (not zipfile's, zlib's or calamine's exception text);
a UTF-16 web page is a web page; and markup that would move a cell (a vertical merge over a cell
holding text, a rowspan over a row that fills the table) does not hide or shift what is printed.
Every file here is written by hand, with zipfile and strings."""

import io
import zipfile

import pytest

from tests.conftest import ROOT, S004
from yusuan.readers import RejectedFile, detect_format, read_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(body: str) -> bytes:
    xml = f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


def cell(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def texts(data: bytes, name: str = "t.docx") -> list[list[str]]:
    (table,) = read_document(name, data).blocks
    return [[c.text for c in row] for row in table.rows]


def test_a_cell_continuing_a_merge_keeps_its_own_text_and_an_empty_one_repeats_the_one_above():
    rows = [cell("产出指标", '<w:vMerge w:val="restart"/>') + cell("≥93%"),
            cell("", "<w:vMerge/>") + cell("≥95%"),
            cell("效益指标", "<w:vMerge/>") + cell("≥90%", "<w:vMerge/>")]
    body = "<w:tbl>" + "".join(f"<w:tr>{row}</w:tr>" for row in rows) + "</w:tbl>"
    assert texts(docx(body)) == [["产出指标", "≥93%"], ["产出指标", "≥95%"], ["效益指标", "≥90%"]]


@pytest.mark.parametrize("span", ["x", "1e9", "0", "-1"])
def test_a_span_that_is_no_number_of_columns_is_a_damaged_docx(span):
    spanned = cell("预算数", f'<w:gridSpan w:val="{span}"/>')
    body = f"<w:tbl><w:tr>{spanned}{cell('23.68')}</w:tr></w:tbl>"
    with pytest.raises(RejectedFile, match=rf"damaged: a table's w:gridSpan is '{span}', not a number"):
        read_document("t.docx", docx(body))


def _one_member(content: bytes, compression: int) -> tuple[bytearray, int]:
    """A docx of one member, and where that member's data starts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        archive.writestr("word/document.xml", content)
    data = bytearray(out.getvalue())
    name_length, extra_length = int.from_bytes(data[26:28], "little"), int.from_bytes(data[28:30], "little")
    return data, 30 + name_length + extra_length


XML = f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>部门预算</w:t></w:r></w:p></w:body></w:document>'.encode()


def test_a_member_that_fails_its_checksum():
    data, start = _one_member(XML, zipfile.ZIP_STORED)
    data[start + 10] ^= 0x01
    with pytest.raises(RejectedFile, match=r"word/document.xml cannot be read from the container: its content is corrupt "
                                           r"\(it fails its CRC checksum\)"):
        read_document("t.docx", bytes(data))


def test_a_member_whose_compressed_data_does_not_inflate():
    data, start = _one_member(XML * 20, zipfile.ZIP_DEFLATED)
    data[start : start + 8] = b"\xff" * 8  # deflate block type 3: reserved, refused by zlib
    with pytest.raises(RejectedFile, match=r"its compressed data is corrupt \(it does not inflate\)"):
        read_document("t.docx", bytes(data))


def test_a_member_whose_header_is_not_where_the_directory_says():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", XML)
    data = out.getvalue()
    second = data.index(b"PK\x03\x04", 4)  # word/document.xml's local header, as the central directory says
    with pytest.raises(RejectedFile, match=r"word/document.xml cannot be read from the container: its entry in the "
                                           r"container's directory points at no member header"):
        read_document("t.docx", data[:second] + b"XXXX" + data[second + 4 :])


def test_a_workbook_calamine_cannot_read_is_rejected_in_words():
    fixture = ROOT / "tests" / "formats" / "fixtures" / S004.replace(".txt", ".xlsx")
    with zipfile.ZipFile(fixture) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = next(name for name in members if name.startswith("xl/worksheets/"))
    members[sheet] = members[sheet].replace(b'<c r="A1"', b'<c r="B-3"', 1)
    assert b'r="B-3"' in members[sheet]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    with pytest.raises(RejectedFile, match=r"^(the workbook is damaged|not a readable workbook)") as raised:
        read_document("t.xlsx", out.getvalue())
    assert "truncated or damaged" in str(raised.value)


PAGE = '<!DOCTYPE html><html><head><meta charset="gbk"></head><body><p>部门预算</p></body></html>'


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_a_web_page_in_utf16_or_with_a_bom_is_a_web_page(encoding):
    data = PAGE.encode(encoding)
    assert detect_format("page.html", data) == "html"
    # the byte-order mark outranks the charset the page declares (gbk, wrong here)
    assert [b.text for b in read_document("page.html", data).blocks] == ["部门预算"]


def test_a_rowspan_reaching_a_row_that_fills_the_table_does_not_push_its_cells():
    # the 政府采购 rows of 004 (lines 1637-1664 of the text form), shortened: a rowspan=" 3 " on the
    # 小计 row's second cell, which a browser honours, would move 服务 under the 预算资金 header
    page = ("<html><body><table>"
            "<tr><td>项目名称</td><td>预算资金</td><td>采购品目</td><td>金额</td></tr>"
            '<tr><td>小计</td><td rowspan=" 3 "></td><td></td><td>440</td></tr>'
            "<tr><td>信息网络运行维护费与改造升级资金</td><td>300</td><td>服务</td><td>250</td></tr>"
            "<tr><td>火炬大厦附楼楼顶LED大屏升级改造</td><td>190</td><td>货物</td><td>190</td></tr>"
            "</table></body></html>")
    (table,) = read_document("t.html", page.encode()).blocks
    assert [[c.text for c in row] for row in table.rows[2:]] == [
        ["信息网络运行维护费与改造升级资金", "300", "服务", "250"], ["火炬大厦附楼楼顶LED大屏升级改造", "190", "货物", "190"]]


def test_a_rowspan_into_rows_that_leave_its_column_free_still_spans():
    page = ("<html><body><table><tr><td rowspan=\"2\">产出指标</td><td>数量指标</td><td>≥20</td></tr>"
            "<tr><td>质量指标</td><td>≥90%</td></tr></table></body></html>")
    (table,) = read_document("t.html", page.encode()).blocks
    assert [[c.text for c in row] for row in table.rows] == [["产出指标", "数量指标", "≥20"], ["产出指标", "质量指标", "≥90%"]]
