"""Standard tables on snippets: layouts, units, empty and absent tables, and what is refused."""

from decimal import Decimal

from tests.unit.tika import gpb_basic, standard_table, table
from yusuan.parse.document import parse_document
from yusuan.readers.tika_text import parse_tika_text


def parse(text: str) -> dict:
    return parse_document(parse_tika_text("t.txt", text), "0" * 16)


def status(rows: dict, kind: str) -> str:
    return next(t["status"] for t in rows["dim_table"] if t["table_kind"] == kind)


def test_gpb_basic_cells_become_expenditure_facts_by_economic_subject():
    rows = parse(gpb_basic())
    facts = {(f["row_label"], f["measure"]): f for f in rows["fact_expenditure"]}
    assert facts[("合计", "total")]["amount_wan"] == Decimal("69.88")
    assert facts[("合计", "total")]["is_total"] and facts[("合计", "total")]["subject_id"] is None
    assert facts[("工资福利支出", "personnel")]["subject_id"] == "economic:2021:301"
    assert facts[("工资福利支出", "personnel")]["fund_scope"] == "general_public_budget"
    assert len(rows["fact_expenditure"]) == 5  # the 栏次 row and the empty cell give none
    assert status(rows, "gpb_basic") == "loaded"


def test_nine_kinds_are_recorded_and_missing_ones_are_absent():
    rows = parse(gpb_basic())
    assert len(rows["dim_table"]) == 9
    assert status(rows, "income") == "absent"


def test_table_with_only_blank_rows_is_empty_not_absent():
    # 000 line 1314-1347: 空表列示 — the table is printed with one row of blank cells.
    text = gpb_basic(body=[["", "", "", "", "", ""]]) + "注：无政府基金预算财政拨款预算，空表列示。\n"
    assert status(parse(text), "gpb_basic") == "empty"


def test_title_without_a_table_is_empty():
    text = gpb_basic() + "部门预算政府性基金预算财政拨款支出表\n注：无政府基金预算财政拨款预算，空表列示。\n"
    assert status(parse(text), "gov_fund") == "empty"


def test_tables_printed_in_yuan_are_converted_to_wan():
    text = gpb_basic(caption=["455某单位", "预算年度：2021", "单位：元"],
                     body=[["1", "", "合计", "698800", "611700", "87100"]])
    amounts = sorted(f["amount_wan"] for f in parse(text)["fact_expenditure"])
    assert amounts == [Decimal("8.71"), Decimal("61.17"), Decimal("69.88")]


def test_unit_as_the_only_cell_of_the_caption_row():
    # 004 line 70: 单位：万元 alone in a table's first row; the unit name then comes from elsewhere.
    text = "2021年预算公开\n" + gpb_basic(caption=["单位：元"], body=[["1", "", "合计", "10000", "10000", ""]])
    assert [f["amount_wan"] for f in parse(text)["fact_expenditure"]] == [Decimal("1.00")] * 2


def test_a_column_the_header_lacks_costs_only_that_column():
    text = standard_table("部门预算一般公共预算财政拨款基本支出表", ["455某单位", "预算年度：2021"],
                          [["序号", "科目编码", "科目名称", "合计", "人员经费"]], [["1", "", "合计", "2", "1"]])
    rows = parse(text)
    assert status(rows, "gpb_basic") == "loaded"
    assert {(f["measure"], f["amount_wan"]) for f in rows["fact_expenditure"]} == {("total", 2), ("personnel", 1)}


def test_a_column_no_layout_names_is_reported_with_its_header_and_the_rest_load():
    text = standard_table("部门预算一般公共预算财政拨款基本支出表", ["455某单位", "预算年度：2021"],
                          [["序号", "科目编码", "科目名称", "合计", "人员经费", "公用经费", "奖励性补贴"]],
                          [["1", "", "合计", "3", "1", "1", "1"]])
    rows = parse(text)
    assert status(rows, "gpb_basic") == "loaded"
    assert [(i["problem"], "奖励性补贴" in i["detail"]) for i in rows["parse_issue"]] == [("unknown_column", True)]
    assert sorted(f["measure"] for f in rows["fact_expenditure"]) == ["personnel", "public_funds", "total"]


def test_a_table_without_any_known_amount_column_is_unparsed_with_a_reason_never_guessed():
    text = standard_table("部门预算一般公共预算财政拨款基本支出表", ["455某单位", "预算年度：2021"],
                          [["序号", "科目编码", "科目名称", "甲", "乙"]], [["1", "", "合计", "1", "1"]])
    rows = parse(text)
    assert status(rows, "gpb_basic") == "unparsed"
    assert "layout_mismatch" in [i["problem"] for i in rows["parse_issue"]]
    assert rows["fact_expenditure"] == []


def test_text_in_an_amount_column_is_reported_not_loaded():
    rows = parse(gpb_basic(body=[["1", "", "合计", "见附表", "61.17", ""]]))
    assert [i["problem"] for i in rows["parse_issue"]] == ["not_an_amount"]
    assert [f["measure"] for f in rows["fact_expenditure"]] == ["personnel"]


def test_malformed_subject_code_is_reported():
    rows = parse(gpb_basic(body=[["2", "30l", "工资福利支出", "1", "1", ""]]))
    assert rows["parse_issue"][0]["problem"] == "bad_subject_code"


def test_three_public_without_total_row_loads_what_is_printed():
    # 001 lines 1507-1578: no 合计 row; 一/二/三 in the 序号 column; 2.250000.
    text = standard_table(
        "单位预算财政拨款“三公”经费支出表", ["216001某单位", "预算年度：2023", "单位：万元"],
        [["序号", "项  目", "资 金 性 质"], ["", "", "合计", "一般公共预算 财政拨款", "政府性基金 预算拨款", "国有资本经营 预算财政拨款"]],
        [["二", "公务用车购置及运维费", "2.250000", "2.250000", "", ""], ["", "公务用车运行维护费", "2.250000", "2.250000", "", ""]],
    )
    facts = parse(text)["fact_three_public"]
    assert {(f["item"], f["fund_scope"]) for f in facts} == {
        ("vehicles", "fiscal_appropriation"), ("vehicles", "general_public_budget"),
        ("vehicle_operation", "fiscal_appropriation"), ("vehicle_operation", "general_public_budget")}
    assert all(f["item"] != "total" for f in facts)


def test_appropriation_summary_rows_under_the_opening_carryover_are_carryover_by_fund():
    text = standard_table(
        "部门预算财政拨款收支总表", ["455某单位", "预算年度：2021", "单位：万元"],
        [["序号", "收入", "支出"], ["", "项目", "金额", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]],
        [["1", "一、一般公共预算拨款", "5", "一、一般公共服务支出", "5", "5", "", ""],
         ["2", "年初财政拨款结转和结余", "2", "年末财政拨款结转和结余", "", "", "", ""],
         ["3", "一、一般公共预算拨款", "2", "", "", "", "", ""]],
    )
    income = [(f["income_source"], f["fund_scope"], f["is_total"]) for f in parse(text)["fact_income"]]
    assert income == [("appropriation", "general_public_budget", False),
                      ("carryover", "fiscal_appropriation", True),
                      ("carryover", "general_public_budget", False)]


def test_summary_right_side_class_names_resolve_to_class_subjects():
    text = standard_table(
        "部门预算收支总表", ["455某单位", "预算年度：2021", "单位：万元"],
        [["序号", "收入", "支出"], ["", "项  目", "预算数", "项  目", "预算数"]],
        [["1", "一、一般公共预算拨款收入", "3", "二十、住房保障支出", "3"], ["2", "", "", "三十一、人行科目", "1"]],
    )
    rows = parse(text)
    out = {f["row_label"]: f["subject_id"] for f in rows["fact_expenditure"]}
    assert out == {"二十、住房保障支出": "functional:2021:221", "三十一、人行科目": None}
    assert rows["fact_income"][0]["income_source"] == "appropriation"


def test_part_heading_numbered_either_way_is_read():
    # 001 line 1616: headings numbered 三、 then 3、.
    from yusuan.parse.text import strip_numbering
    assert strip_numbering("三、机关运行经费") == strip_numbering("3、机关运行经费") == "机关运行经费"
    assert strip_numbering("（二）公务接待费") == "公务接待费"
    assert strip_numbering("2021年预算") == "2021年预算"


def test_caption_row_code_is_split_from_the_name():
    rows = parse(table(["x"]) + gpb_basic())
    unit = rows["dim_unit"][0]
    assert (unit["unit_code"], unit["unit_name"]) == ("455", "沧州渤海新区南大港产业园区综合治理办公室")
