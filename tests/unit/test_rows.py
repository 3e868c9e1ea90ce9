"""Rejoining rows split by paragraph breaks inside cells (001 lines 1636-1665)."""

from yusuan.model import Cell
from yusuan.parse.rows import rejoin


def cells(*texts):
    return [Cell(t, n) for n, t in enumerate(texts)]


def texts(rows):
    return [[c.text for c in r] for r in rows]


def test_pieces_adding_up_to_the_header_width_are_one_row():
    rows = [cells("产出指标", "数量指标", "开展清理活动次数"), cells("每季度开展一次"), cells("≥4次", "年度工作计划"),
            cells("", "质量指标", "达成率", "不发生", "100%", "年度工作计划")]
    assert texts(rejoin(rows, 6)) == [
        ["产出指标", "数量指标", "开展清理活动次数", "每季度开展一次", "≥4次", "年度工作计划"],
        ["", "质量指标", "达成率", "不发生", "100%", "年度工作计划"]]


def test_a_tab_only_paragraph_cell_is_dropped_when_it_overshoots():
    # 001 lines 1730-1737: an empty "cell" printed by a TAB-only paragraph makes 7 of 6.
    rows = [cells("", "质量指标", "管辖海域事故发生率", "", "维护沿海地区安全"), cells("较上年明显降低", "年度工作计划")]
    assert texts(rejoin(rows, 6)) == [["", "质量指标", "管辖海域事故发生率", "维护沿海地区安全", "较上年明显降低", "年度工作计划"]]


def test_short_rows_that_cannot_complete_a_row_stay_as_printed():
    rows = [cells("绩效目标", "目标1", "更好的开展信访工作"), cells("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "依据")]
    assert texts(rejoin(rows, 6)) == texts(rows)


def test_text_is_never_dropped_to_make_a_row_fit():
    rows = [cells("a", "b", "c", "d"), cells("e", "f", "g")]
    assert texts(rejoin(rows, 6)) == texts(rows)


def test_one_row_wider_than_the_header_loses_its_stray_empty_cell():
    # 001 lines 1893-1899: a TAB-only paragraph (line 1896) inside one printed row.
    rows = [cells("", "质量指标", "监护责任履行达标率", "", "监护人积极履行监护责任。", "100%", "年度工作计划")]
    assert texts(rejoin(rows, 6)) == [["", "质量指标", "监护责任履行达标率", "监护人积极履行监护责任。", "100%", "年度工作计划"]]
