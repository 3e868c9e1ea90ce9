"""The Tika text reader on small snippets, one per kind of printing mess the parser handles."""

from yusuan.model import Paragraph, Table
from yusuan.readers.tika_text import parse_tika_text


def read(text: str):
    return parse_tika_text("t.txt", text).blocks


def test_cells_rows_and_paragraphs_keep_their_lines():
    blocks = read("标题\n\ta\n\tb\n\n\tc\n\td\n\n\n正文\n")
    assert isinstance(blocks[0], Paragraph) and blocks[0].line == 1
    table = blocks[1]
    assert [[c.text for c in row] for row in table.rows] == [["a", "b"], ["c", "d"]]
    assert [c.line for c in table.rows[1]] == [5, 6]
    assert blocks[2] == Paragraph("正文", 9)


def test_continuation_line_joins_the_cell_above():
    # 004 line 102: the second goal of a cell continues without a TAB.
    (table,) = read("\t绩效目标\n\t1、保证运行\n2、保证安全\n")
    assert table.rows[0][1].text == "1、保证运行\n2、保证安全"


def test_rows_split_by_a_paragraph_break_are_kept_as_printed_for_the_parser_to_rejoin():
    # 001 lines 1636-1644: 3 + 1 + 2 cells; only the parser knows the header is 6 wide.
    (table,) = read("\t产出指标\n\t数量指标\n\t开展清理活动次数\n\n\t每季度开展一次\n\n\t≥4次\n\t年度工作计划\n")
    assert [len(r) for r in table.rows] == [3, 1, 2]


def test_stray_tabs_inside_a_cell_are_dropped():
    # 001 line 1724: "\t组织联防演练次数\t".
    (table,) = read("\t组织联防演练次数\t\n\t≥1次\n")
    assert table.rows[0][0].text == "组织联防演练次数"


def test_text_after_one_blank_line_continues_the_cell_above():
    # 000 lines 1623-1625: "\t指标值确定", "", "依据" is one cell holding an empty paragraph.
    (table,) = read("\t指标值\n\t指标值确定\n\n依据\n\n\t1台\n\t完成率\n")
    assert [[c.text for c in r] for r in table.rows] == [["指标值", "指标值确定\n依据"], ["1台", "完成率"]]


def test_text_two_blank_lines_below_a_table_is_a_paragraph():
    blocks = read("\ta\n\tb\n\n\n注：空表列示。\n")
    assert blocks[1] == Paragraph("注：空表列示。", 5)


def test_goback_bookmark_inside_a_cell_is_removed():
    # 003 line 1128.
    (table,) = read("\t[bookmark: _GoBack]1.通过见义勇为行为认证\n")
    assert table.rows[0][0].text == "1.通过见义勇为行为认证"


def test_toc_bookmark_right_after_a_cell_starts_a_heading_not_a_continuation():
    # 002 lines 224-225: the next table's title follows the last cell without a blank line.
    blocks = read("\t支出总计\n\t492.28\n [bookmark: _Toc_2_2_0000000002]部门预算收入总表\n\t223单位\n")
    assert isinstance(blocks[0], Table) and blocks[0].rows[0][1].text == "492.28"
    assert blocks[1] == Paragraph("部门预算收入总表", 3)
    assert isinstance(blocks[2], Table)


def test_unit_line_of_its_own_under_a_title_is_a_paragraph():
    # 000 line 1586: "    单位：万元" indented, between the title and the table.
    blocks = read("1、河北省信息系统网络维护费绩效目标表\n\n" + " " * 40 + "单位：万元\n\t项目编码\n")
    assert [type(b) for b in blocks] == [Paragraph, Paragraph, Table]
    assert blocks[1].text == "单位：万元"


def test_full_width_space_only_cell_is_empty_and_whitespace_lines_are_blank():
    # 000 line 1757 (a cell holding U+3000) and 000 line 1586 style whitespace-only lines.
    (table,) = read("\ta\n\t\u3000\n   \n\tb\n\tc\n")
    assert [[c.text for c in r] for r in table.rows] == [["a", ""], ["b", "c"]]
