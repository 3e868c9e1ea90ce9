"""Issue #16: nothing in a performance-target table is dropped without a parse issue. Each test
damages a seed by hand at a line read from it (the way the fuzz suite found these losses) and
looks for the issue that names what was lost; the undamaged seeds raise none of these
(tests/golden/test_seed_tables.py holds them to no parse issue at all)."""

import pytest

from tests.conftest import ROOT, S002, S003, S004, SEEDS
from yusuan.parse.document import parse_document
from yusuan.readers import read_document


FIXTURES = ROOT / "tests" / "formats" / "fixtures"


def issues_of(file_name: str, *edits: tuple[int, str, str | None]) -> list[dict]:
    """The parse issues of a seed with each (line, printed, new) applied: `printed` checked to be on
    that line, then replaced by `new`, or the line taken out when `new` is None."""
    lines = (SEEDS / file_name).read_text(encoding="utf-8").split("\n")
    for line, printed, new in sorted(edits, reverse=True):
        assert printed in lines[line - 1], f"{file_name}:{line} holds {lines[line - 1]!r}"
        if new is None:
            del lines[line - 1]
        else:
            lines[line - 1] = lines[line - 1].replace(printed, new, 1)
    rows = parse_document(read_document(file_name, "\n".join(lines).encode("utf-8")), "0" * 16)
    return rows["parse_issue"]


def problems(issues: list[dict]) -> dict[str, str]:
    return {i["problem"]: i["detail"] for i in issues}


def test_a_garbled_label_leaves_its_value_as_an_unread_cell():
    # 002 line 1298: 其中：财政    资金, its value 23.68 on line 1299 (创建文明城市专项)
    found = problems(issues_of(S002, (1298, "财政    资金", "财政    赅金")))
    assert "'23.68'" in found["unread_cell"] and "其中：财政赅金" in found["unread_cell"]
    assert "其中：财政资金" in found["missing_label"]


def test_a_project_whose_header_rows_were_taken_out_is_told_by_its_siblings():
    # 004 lines 460-486: 文化宣传经费's rows from 预算规模及资金用途 (460) to its 绩效目标 (483-486)
    edits = [(line, "", None) for line in range(460, 488)]
    found = problems(issues_of(S004, *edits))
    assert found["missing_label"].startswith("project '文化宣传经费' prints no 预算数、")
    assert "资金支出计划、绩效目标" in found["missing_label"] and "other 15 project tables" in found["missing_label"]


def test_a_spend_plan_without_its_values_row():
    # 004 lines 477-482: the values row (0, 50.00, 75.00, 100.00) under 文化宣传经费's 资金支出计划 (471)
    edits = [(line, "", None) for line in range(477, 483)]
    assert "spend_plan_without_values" in problems(issues_of(S004, *edits))


def test_a_damaged_byte_in_a_target_unit():
    # 003 line 1263: ≤15元 (制作宣传笔记本数量); 凃 is what a flipped bit makes of 元 (fuzz case 784)
    found = problems(issues_of(S003, (1263, "≤15元", "≤15凃")))
    assert "'凃'" in found["damaged_character"]


def test_a_control_character_in_a_target():
    # 003 line 1263 again, its 5 turned into the control byte 0x15 by a flipped bit (fuzz case 1429)
    found = problems(issues_of(S003, (1263, "≤15元", "≤1\x15元")))
    assert "damaged_character" in found


def test_a_title_lost_in_the_text_form_merges_two_project_tables_and_is_said():
    # 003 line 1886: 20、残疾人就业保障金绩效目标表, the last title; without it the text form runs its
    # table (绩效目标 row at 1887) on from the 19th's
    lines = (SEEDS / S003).read_text(encoding="utf-8").split("\n")
    title = lines[1885]
    assert title.startswith("20、残疾人就业保障金")
    found = problems(issues_of(S003, (1886, title, None)))
    assert found["header_row_among_indicators"].startswith("a row beginning with 绩效目标")


def test_a_project_table_whose_title_was_lost_is_read_as_a_project():
    # the web page of 003 (GB18030) prints each title as a paragraph between tables: without the 20th
    # its table would be read as the department-wide indicator table (fuzz case 442)
    page = (FIXTURES / "003_00249603e80ef86b.html").read_bytes().decode("gb18030").split("\n")
    kept = [line for line in page if "20、残疾人就业保障金绩效目标表" not in line]
    assert len(kept) == len(page) - 1
    rows, intact = (parse_document(read_document("003.html", "\n".join(text).encode("gb18030")), "0" * 16)
                    for text in (kept, page))
    assert "untitled_project_table" in problems(rows["parse_issue"])
    department = [[i for i in r["fact_performance_indicator"] if i["project_id"] is None] for r in (rows, intact)]
    assert len(rows["dim_project"]) == 20 and len(department[0]) == len(department[1])


@pytest.mark.parametrize("line, header", [(1219, "指标值"), (1218, "绩效指标描述")])
def test_an_indicator_header_without_a_needed_column(line, header):
    # 002 lines 1214-1219: 一级指标 … 指标值; a garbled 指标值 (1219) leaves no target column
    issues = issues_of(S002, (line, header, "指标凃"))
    found = problems(issues)
    if header == "指标值":
        assert "no 指标值 column" in found["indicator_header_incomplete"]
    else:  # a column the parser does not need, unread: said, and the indicators are still read
        assert "指标凃" in found["unknown_column"]


def test_a_procurement_header_without_its_amount_column_is_a_layout_mismatch():
    # 004 line 1598: 政府采购金额, the column the purchases' amounts are read under (fuzz seed 7,
    # case 1075: a header that keeps 采购物品 but loses this word stopped the document's parse)
    found = problems(issues_of(S004, (1598, "政府采购金额", "政府采购金锟")))
    assert "no 政府采购金额 column" in found["layout_mismatch"]
