"""A seed as a web page gives the same warehouse rows as its text form, in the encoding its page
declares (make_fixtures.HTML_ENCODINGS: UTF-8, GB18030, GBK); spans are expanded."""

import pytest

from tests.conftest import S000, S001, S002, S003, S004
from tests.formats.equality import assert_loads_like_text
from yusuan.readers import read_document


@pytest.mark.parametrize("seed", [S000, S001, S002, S003, S004])
def test_html_form_loads_the_same_rows_as_the_text_form(seed):
    assert_loads_like_text(seed, "html")


def test_rowspan_colspan_and_th():
    page = """<html><body><h2>1、项目绩效目标表</h2><table>
      <tr><th>一级指标</th><th colspan="2">二级与三级</th></tr>
      <tr><td rowspan="2">产出指标</td><td>数量指标</td><td>≥4次</td></tr>
      <tr><td>质量指标</td><td>100%</td></tr></table><p>说明<br>第二行</p></body></html>""".encode()
    title, table, note = read_document("t.html", page).blocks
    assert title.text == "1、项目绩效目标表" and note.text == "说明\n第二行"
    assert [[c.text for c in r] for r in table.rows] == [
        ["一级指标", "二级与三级", "二级与三级"], ["产出指标", "数量指标", "≥4次"], ["产出指标", "质量指标", "100%"]]


def test_declared_charset_that_lies_is_rejected():
    from yusuan.readers import RejectedFile

    with pytest.raises(RejectedFile, match="declares charset utf-8"):
        read_document("t.html", '<html><meta charset="utf-8"><p>预算</p></html>'.encode("gb18030"))


def test_page_cut_off_inside_a_table_is_rejected():
    from yusuan.readers import RejectedFile

    with pytest.raises(RejectedFile, match="ends inside a table"):
        read_document("t.html", "<html><p>预算</p><table><tr><td>甲</td><td>1.00".encode())


def test_a_row_with_no_cells_of_its_own_keeps_the_spans_on_both_sides():
    page = ('<table><tr><td rowspan="3">甲</td><td>乙</td><td rowspan="3">丙</td></tr><tr></tr>'
            '<tr><td>丁</td></tr></table>').encode()
    (table,) = read_document("t.html", page).blocks
    assert [[c.text for c in r] for r in table.rows] == [["甲", "乙", "丙"], ["甲", "", "丙"], ["甲", "丁", "丙"]]
