"""A seed as a .docx gives the same warehouse rows as its text form (locations and ids aside),
and hostile or damaged .docx files are rejected with their reason."""

import io
import zipfile

import pytest

from tests.conftest import S000, S001, S002, S003, S004
from tests.formats.equality import assert_loads_like_text
from yusuan.readers import RejectedFile, read_document


@pytest.mark.parametrize("seed", [S000, S001, S002, S003, S004])
def test_docx_form_loads_the_same_rows_as_the_text_form(seed):
    assert_loads_like_text(seed, "docx")


def docx_with(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_xxe_is_refused():
    xml = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           b'<w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    with pytest.raises(RejectedFile, match="DTD or entities"):
        read_document("xxe.docx", docx_with(xml))


def test_billion_laughs_is_refused():
    xml = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><d>&b;</d>'
    with pytest.raises(RejectedFile, match="DTD or entities"):
        read_document("laughs.docx", docx_with(xml))


def test_zip_bomb_is_refused():
    with pytest.raises(RejectedFile, match="zip bomb"):
        read_document("bomb.docx", docx_with(b"<d/>", {"word/padding.xml": b"\0" * 50_000_000}))


def test_truncated_docx_is_refused():
    data = docx_with(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
    with pytest.raises(RejectedFile, match="truncated or damaged"):
        read_document("cut.docx", data[: len(data) // 2])


def test_a_jpeg_named_docx_is_told_by_its_content():
    with pytest.raises(RejectedFile, match="jpeg files are not supported"):
        read_document("photo.docx", b"\xff\xd8\xff\xe0\x00\x10JFIF")


def test_text_boxes_are_skipped_and_merged_cells_expanded():
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = f"""<w:document {w}><w:body>
      <w:p><w:r><w:t>标题</w:t></w:r><w:r><w:txbxContent><w:p><w:r><w:t>装饰</w:t></w:r></w:p></w:txbxContent></w:r></w:p>
      <w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>产出指标</w:t></w:r></w:p></w:tc>
                   <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>数量</w:t></w:r></w:p></w:tc></w:tr>
             <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc>
                   <w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>""".encode()
    title, table = read_document("t.docx", docx_with(xml)).blocks
    assert title.text == "标题"
    assert [[c.text for c in row] for row in table.rows] == [["产出指标", "数量", "数量"], ["产出指标", "a", "b"]]
