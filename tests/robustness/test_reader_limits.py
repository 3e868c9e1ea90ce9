"""Issue #16: a file over one of the readers' limits (yusuan/readers/limits.py) is rejected, with a
reason naming the limit, before the reader builds what the file declares. Every hostile file is
written here by hand, and read in a process limited to 1 GB of memory and a minute of CPU: what
these files declare would take gigabytes and minutes to expand."""

import io
import struct
import subprocess
import sys
import zipfile

import pytest

import yusuan
from yusuan.parse.batch import parse_files
from yusuan.raw import plan_ingest
from yusuan.readers import read_document

BOUNDED_READ = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))
resource.setrlimit(resource.RLIMIT_CPU, (60, 60))
from pathlib import Path
from yusuan.readers import RejectedFile, read_document
path = Path(sys.argv[1])
try:
    read_document(path.name, path.read_bytes())
except RejectedFile as exc:
    print(exc)
else:
    sys.exit("read without a rejection")
"""


def rejection(tmp_path, name: str, data: bytes) -> str:
    """Why the readers reject the file, read in a process that cannot take much memory or time."""
    (tmp_path / name).write_bytes(data)
    done = subprocess.run([sys.executable, "-c", BOUNDED_READ, str(tmp_path / name)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def zip_of(members: dict[str, str | bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def declare_size(data: bytes, member: str, size: int) -> bytes:
    """The zip with `member`'s unpacked size in the central directory changed to `size`."""
    data = bytearray(data)
    entry = data.find(b"PK\x01\x02")  # a central directory entry
    while entry >= 0:
        name_length = struct.unpack_from("<H", data, entry + 28)[0]
        if data[entry + 46:entry + 46 + name_length] == member.encode():
            struct.pack_into("<I", data, entry + 24, size)
            return bytes(data)
        entry = data.find(b"PK\x01\x02", entry + 4)
    raise KeyError(member)


# -- workbooks ----------------------------------------------------------------------------------

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"


def xlsx(sheet_data: str, after_data: str = "") -> bytes:
    """A workbook of one sheet, its parts written out by hand."""
    return zip_of({
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                               '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" '
                       f'Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{SHEET_NS}" xmlns:r="{RELATIONSHIPS}"><sheets>'
                           '<sheet name="预算" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" '
                                      f'Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{SHEET_NS}"><sheetData>{sheet_data}</sheetData>{after_data}</worksheet>',
    })


def cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


@pytest.mark.parametrize(("reference", "found"), [
    ("XFD1048576", "16,384 columns × 1,048,576 rows"),  # made the workbook library ask for 512 GB
    ("ZZ200000", "702 columns × 200,000 rows"),  # passed 3 GB in 20 s
])
def test_a_cell_far_out_in_a_sheet_is_refused_before_the_grid_is_allocated(tmp_path, reference, found):
    data = xlsx(f'<row r="1">{cell("A1", "部门预算")}</row><row r="{reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}">'
                f'{cell(reference, "1")}</row>')
    reason = rejection(tmp_path, "far.xlsx", data)
    assert found in reason and "more than the 2,000,000 cells a budget table can have" in reason


def test_empty_formatted_cells_far_out_are_no_reason_to_refuse(tmp_path):
    formatted = '<row r="1048576"><c r="XFD1048576" s="1"/></row>'  # borders drawn over a whole sheet
    document = read_document("formatted.xlsx", xlsx(f'<row r="1">{cell("A1", "部门预算")}</row>{formatted}'))
    assert [block.text for block in document.blocks] == ["部门预算"]


def test_rows_and_cells_without_references_are_placed_as_the_library_places_them(tmp_path):
    rows = "<row/>" * 1_999 + "<row>" + '<c t="inlineStr"><is><t>1</t></is></c>' * 1_001 + "</row>"
    reason = rejection(tmp_path, "unnumbered.xlsx", xlsx(rows))
    assert "1,001 columns × 2,000 rows" in reason and "2,000,000 cells" in reason


def test_merged_ranges_repeating_a_cell_over_millions_of_cells_are_refused(tmp_path):
    corners = f'<row r="1">{cell("A1", "合计")}</row><row r="100000">{cell("J100000", "1")}</row>'
    merges = '<mergeCells count="3">' + '<mergeCell ref="A1:J100000"/>' * 3 + "</mergeCells>"
    reason = rejection(tmp_path, "merged.xlsx", xlsx(corners, merges))
    assert "merged ranges covering 3,000,000 cells" in reason and "2,000,000 cells a budget table can have" in reason


# -- Word documents -----------------------------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(body: str, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    return zip_of({"word/document.xml": f"<w:document {W}><w:body>{body}</w:body></w:document>"}, method)


def row(cells: str, row_properties: str = "") -> str:
    return f"<w:tr><w:trPr>{row_properties}</w:trPr>{cells}</w:tr>"


def word_cell(text: str, properties: str = "") -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


@pytest.mark.parametrize(("cells", "row_properties", "width"), [
    (word_cell("合计", '<w:gridSpan w:val="50000000"/>'), "", "50,000,000"),  # ran past 90 s and 4 GB
    (word_cell("合计"), '<w:gridBefore w:val="50000000"/>', "50,000,001"),
    (word_cell("合计"), '<w:gridAfter w:val="50000000"/>', "50,000,001"),
])
def test_a_row_spanning_millions_of_columns_is_refused(tmp_path, cells, row_properties, width):
    reason = rejection(tmp_path, "span.docx", docx(f"<w:tbl>{row(cells, row_properties)}</w:tbl>"))
    assert f"a table row spans {width} columns" in reason
    assert "more than the 1,000 columns a budget table can have" in reason


def test_a_merged_cell_continued_down_thousands_of_rows_is_refused(tmp_path):
    wide = '<w:gridSpan w:val="1000"/>'
    rows = row(word_cell("一般公共服务支出", wide + '<w:vMerge w:val="restart"/>'))
    rows += row(word_cell("", wide + "<w:vMerge/>")) * 2_000
    reason = rejection(tmp_path, "vmerge.docx", docx(f"<w:tbl>{rows}</w:tbl>"))
    assert "a table spans 2,001,000 cells once its merged cells are expanded" in reason
    assert "more than the 2,000,000 cells a budget table can have" in reason


def test_thousands_of_small_wide_tables_adding_up_to_millions_of_cells_are_refused(tmp_path):
    table = "<w:tbl>" + row(word_cell("合计", '<w:gridSpan w:val="1000"/>')) + "</w:tbl>"
    reason = rejection(tmp_path, "tables.docx", docx(table * 4_001))
    assert "the file's tables span 4,001,000 cells once their merged cells are expanded" in reason
    assert "more than the 4,000,000 cells the tables of one file can have together" in reason


def test_elements_nested_thousands_deep_are_refused(tmp_path):
    nested = "<w:ins>" * 10_000 + "<w:r><w:t>部门预算</w:t></w:r>" + "</w:ins>" * 10_000
    reason = rejection(tmp_path, "deep.docx", docx(f"<w:p>{nested}</w:p>"))
    assert "nests elements 201 levels deep" in reason and "more than the 200 levels an XML element can nest" in reason


def test_a_document_part_of_millions_of_tags_is_refused_before_it_is_parsed(tmp_path):
    body = "<w:p/>" * 4_000_001  # stored, not deflated: the ratio limit would refuse it first
    reason = rejection(tmp_path, "tags.docx", docx(body, zipfile.ZIP_STORED))
    assert "word/document.xml holds 4,000,00" in reason and "more than the 4,000,000 XML tags" in reason


# -- web pages ----------------------------------------------------------------------------------

def test_a_colspan_of_a_hundred_thousand_is_refused_not_cut(tmp_path):
    page = '<html><body><table><tr><td colspan="100000">合计</td><td>5.00</td></tr></table></body></html>'
    reason = rejection(tmp_path, "colspan.html", page.encode())  # took 188 s
    assert "a table row spans 100,000 columns (colspan 100,000)" in reason
    assert "more than the 1,000 columns a budget table can have" in reason


def test_a_rowspan_repeated_into_thousands_of_rows_is_refused(tmp_path):
    page = ('<html><body><table><tr>' + '<td rowspan="1000000">合计</td>' * 1_000 + "</tr>" + "<tr></tr>" * 2_000
            + "</table></body></html>")
    reason = rejection(tmp_path, "rowspan.html", page.encode())
    assert "a table spans 2,001,000 cells once its colspans and rowspans are expanded" in reason
    assert "more than the 2,000,000 cells a budget table can have" in reason


# -- zip containers -----------------------------------------------------------------------------

def test_an_archive_of_thousands_of_files_is_rejected_in_the_ledger(tmp_path):
    (tmp_path / "many.zip").write_bytes(zip_of({f"{n}.txt": "部门预算" for n in range(1_001)}))  # 5,000 took 223 s
    [row] = parse_files(plan_ingest(tmp_path, [], yusuan.PARSER_VERSION).to_parse).ledger.iter_rows(named=True)
    assert row["file_name"] == "many.zip" and row["status"] == "rejected"
    assert "the zip holds 1,001 files; more than the 1,000 files a zip can hold" in row["reason"]


def test_a_zip_declaring_more_than_it_may_unpack_to_is_refused(tmp_path):
    data = zip_of({"word/document.xml": "<w:document/>", "a.png": b"0", "b.png": b"0", "c.png": b"0"})
    for member in ("a.png", "b.png", "c.png"):  # each under the limit of one member
        data = declare_size(data, member, 100 * 2**20)
    reason = rejection(tmp_path, "total.docx", data)
    assert "the zip unpacks to 300 MB" in reason and "more than the 256 MB a zip can unpack to" in reason


def test_a_member_declaring_more_than_one_file_may_unpack_to_is_refused(tmp_path):
    data = declare_size(docx("<w:p/>"), "word/document.xml", 200 * 2**20)
    reason = rejection(tmp_path, "member.docx", data)
    assert "word/document.xml unpacks to 200 MB" in reason
    assert "more than the 128 MB one file in a zip can unpack to" in reason
