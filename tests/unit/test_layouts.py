"""Layouts as data: the layout files are checked loudly, titles follow real practice, headers are
read by their words, and a table the document names is never reported absent."""

from decimal import Decimal

import pytest

from tests.unit.tika import gpb_basic, standard_table, table
from yusuan.model import Cell
from yusuan.parse.document import parse_document
from yusuan.parse.headers import read_header
from yusuan.parse.layouts import KINDS, LayoutError, load, looks_like_table_title, match_title
from yusuan.readers.tika_text import parse_tika_text

CAPTION = ["455某单位", "预算年度：2021", "单位：万元"]


def parse(text: str) -> dict:
    return parse_document(parse_tika_text("t.txt", text), "0" * 16)


def statuses(rows: dict) -> dict:
    return {t["table_kind"]: t["status"] for t in rows["dim_table"]}


# --- the layout files ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "message"), [
    ("template: x\ntables:\n  revenue: {titles: [收入表]}\n", "unknown table kind 'revenue'"),
    ("template: x\ntables:\n  income:\n    columns: {salary: [工资]}\n", "unknown column role 'salary'"),
    ("template: x\ntables:\n  income:\n    columns: {total: [合计], subtotal: [合计]}\n", "given to both total and subtotal"),
    ("template: x\ntables:\n  income: {titles: [支出总表]}\n", "already the title of expenditure"),
    ("tables: {}\n", "unique `template:`"),
    ("template: x\nmarkers: {caption: [单位:]}\n", "markers.caption must be a list of non-empty strings"),
    ("template: x\nincome_rows: [{words: [补助], source: grant, fund_scope: all}]\n", "income row"),
])
def test_a_layout_file_that_does_not_describe_a_layout_fails_loudly_naming_the_file(tmp_path, text, message):
    (tmp_path / "a.yaml").write_text("template: a\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text.replace("template: x", "template: b"), encoding="utf-8")
    if "already the title" in message:
        (tmp_path / "a.yaml").write_text("template: a\ntables:\n  expenditure: {titles: [支出总表]}\n", encoding="utf-8")
    with pytest.raises(LayoutError, match="b.yaml") as raised:
        load(tmp_path)
    assert message in str(raised.value)


def test_a_new_template_file_adds_its_words_without_touching_the_parser(tmp_path):
    (tmp_path / "z.yaml").write_text(
        "template: zhejiang\ntables:\n  expenditure:\n    titles: [部门支出预算明细表]\n    columns: {basic: [基本支出合计]}\n",
        encoding="utf-8")
    layouts = load(tmp_path)
    assert layouts.templates == ["zhejiang"]
    assert layouts.titles == {"支出明细表": ("expenditure", "zhejiang")}
    assert [(w.text, w.role) for w in layouts.columns["expenditure"]] == [("基本支出合计", "basic")]


# --- titles -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "kind", "scope"), [
    ("部门预算收支总表", "summary", "department"),          # the samples (000 line 3)
    ("单位预算财政拨款“三公”经费支出表", "three_public", "unit"),  # 001 line 1507
    ("收支预算总表", "summary", None),
    ("部门收支总表", "summary", "department"),
    ("表1 2023年部门收支总表", "summary", "department"),
    ("附表2：2023年度单位收入预算总表", "income", "unit"),
    ("一、支出预算总表", "expenditure", None),
    ("（四）财政拨款收支预算总表", "appropriation_summary", None),
    ("5. 一般公共预算支出表（按功能分类）", "gpb_expenditure", None),
    ("一般公共预算基本支出表(按经济分类)", "gpb_basic", None),
    ('一般公共预算"三公"经费支出预算表', "three_public", None),
    ("‘三公’经费支出表", "three_public", None),
    ("政府性基金预算支出表", "gov_fund", None),
    ("中共某某县委政法委员会2023年部门预算国有资本经营预算财政拨款支出表", "state_capital", "department"),
    ("某某县财政局部门收支总表 单位：万元", "summary", "department"),
    ("部门预算表一：收支总表", "summary", "department"),
])
def test_titles_are_recognised_as_real_disclosures_print_them(title, kind, scope):
    found = match_title(title)
    assert found is not None and (found.kind.kind, found.scope) == (kind, scope)


@pytest.mark.parametrize("text", [
    "财政拨款支出总表",  # a qualifier before a known title makes another table
    "部门固定资产占用情况表",
    "收支预算总表支出栏、基本支出表、项目支出表按经济分类和支出功能分类科目编制。",  # 003 line 31, prose
    "部门预算收支总表说明",
])
def test_other_lines_are_not_standard_titles(text):
    assert match_title(text) is None


def test_budget_looking_titles_that_no_layout_names_are_told_apart_from_other_tables():
    assert looks_like_table_title("2023年部门项目支出预算表")
    assert not looks_like_table_title("部门固定资产占用情况表")
    assert not looks_like_table_title("项目绩效目标表")


# --- headers ------------------------------------------------------------------------------------

def cells(*rows: list[str]) -> list[list[Cell]]:
    return [[Cell(t, n) for t in row] for n, row in enumerate(rows)]


def test_a_header_printed_with_its_spans_once_is_laid_over_the_columns():
    # 001 lines 233-271: 本年收入 spans eight columns and prints once; 序号, 合计, 上年结转 merge down.
    header = read_header(KINDS["income"], cells(
        CAPTION,
        ["序号", "功能分类科目", "合计", "本年收入", "上年结转"],
        ["", "科目    编码", "科目名称", "", "小计", "财政拨款 收入", "财政专户 收入", "事业收入", "经营收入",
         "上级补助收入", "附属单位上缴收入", "其他收入", ""],
        ["栏次", *map(str, range(1, 13))],
    ))
    assert header.body_start == 4 and header.width == 13
    assert header.roles == ["row_number", "code", "name", "total", "subtotal", "appropriation", "special_account",
                            "institution_business", "institution_operating", "higher_subsidy", "subordinate_remit",
                            "other", "carryover"]
    assert header.paths[5] == ("本年收入", "财政拨款收入")


def test_a_word_spanning_two_header_rows_wins_over_either_row():
    header = read_header(KINDS["income"], cells(
        ["科目编码", "科目名称", "合计", "本年收入", "本年收入"], ["科目编码", "科目名称", "合计", "合计", "财政拨款收入"]))
    assert header.roles == ["code", "name", "total", "subtotal", "appropriation"]


# --- tables -------------------------------------------------------------------------------------

def expenditure(header: list[list[str]], body: list[list[str]], title="部门预算支出总表") -> str:
    return standard_table(title, CAPTION, header, body)


def test_code_over_class_section_item_cells_is_one_code_and_lower_parts_inherit_the_class():
    text = expenditure(
        [["序号", "科目编码", "", "", "科目名称", "合计"], ["", "类", "款", "项", "", ""]],
        [["1", "201", "", "", "一般公共服务支出", "5"], ["2", "", "36", "", "其他共产党事务支出", "5"],
         ["3", "", "36", "02", "一般行政管理事务", "5"]])
    subjects = [f["subject_id"] for f in parse(text)["fact_expenditure"]]
    assert subjects == ["functional:2021:201", "functional:2021:20136", "functional:2021:2013602"]


def test_code_and_name_in_one_cell_and_codes_printed_with_spaces():
    text = expenditure([["序号", "科目", "合计", "基本支出"]],
                       [["1", "201 一般公共服务支出", "5", "5"], ["2", "201 36 02 一般行政管理事务", "5", "5"]])
    rows = parse(text)
    assert {(f["subject_id"], f["row_label"]) for f in rows["fact_expenditure"]} == {
        ("functional:2021:201", "一般公共服务支出"), ("functional:2021:2013602", "一般行政管理事务")}
    assert rows["parse_issue"] == []


def test_columns_in_another_order_are_read_by_their_header_and_the_mapping_is_recorded():
    text = expenditure([["序号", "科目编码", "科目名称", "项目支出", "上缴上级支出", "基本支出", "合计"]],
                       [["1", "201", "一般公共服务支出", "3", "", "2", "5"]])
    rows = parse(text)
    assert {f["measure"]: f["amount_wan"] for f in rows["fact_expenditure"]} == {
        "project": Decimal(3), "basic": Decimal(2), "total": Decimal(5)}
    table_row = next(t for t in rows["dim_table"] if t["table_kind"] == "expenditure")
    assert table_row["layout_template"] == "hebei"
    assert "上缴上级支出=remit" in table_row["column_map"]


def test_a_stacked_summary_reads_the_income_block_then_the_expenditure_block():
    text = "部门收支总表\n" + table(["455某单位", "预算年度：2021"], ["项目", "预算数"], ["一、一般公共预算拨款收入", "3"], ["本年收入合计", "3"],
                                  ["上年结转", "1"], ["收入总计", "4"], ["一、一般公共服务支出", "4"], ["本年支出合计", "4"],
                                  ["支出总计", "4"])
    rows = parse(text)
    assert [(f["income_source"], f["amount_wan"]) for f in rows["fact_income"]] == [
        ("appropriation", 3), ("total", 3), ("carryover", 1), ("grand_total", 4)]
    assert [(f["subject_id"], f["is_total"]) for f in rows["fact_expenditure"]] == [
        ("functional:2021:201", False), (None, True), (None, True)]


def test_a_title_printed_as_the_first_row_of_its_table_is_the_title():
    text = table(["部门收支总表", "部门收支总表"], CAPTION, ["项目", "预算数", "项目", "预算数"],
                 ["一、一般公共预算拨款收入", "3", "一、一般公共服务支出", "3"])
    assert statuses(parse(text))["summary"] == "loaded"


# --- never silent -------------------------------------------------------------------------------

def test_a_budget_table_title_no_layout_names_is_reported_and_missing_kinds_are_unparsed():
    text = gpb_basic() + "部门预算收入明细核算表\n" + table(CAPTION, ["序号", "科目", "金额"], ["1", "201", "5"])
    rows = parse(text)
    assert statuses(rows)["gpb_basic"] == "loaded"
    assert statuses(rows)["income"] == "unparsed"
    problems = {(i["table_kind"], i["problem"]) for i in rows["parse_issue"]}
    assert ("document", "unknown_table_title") in problems and ("income", "not_found") in problems


def test_a_title_with_no_table_under_it_is_unparsed_not_absent():
    text = gpb_basic() + "部门预算收支总表\n本表数据见另册。\n"
    rows = parse(text)
    assert statuses(rows)["summary"] == "unparsed"
    assert "no table under it" in next(i["detail"] for i in rows["parse_issue"] if i["table_kind"] == "summary")


def test_a_table_the_text_points_to_is_unparsed_when_not_read():
    text = "公开表格包括：部门收支总表、部门收入总表。\n" + gpb_basic()
    assert {k: v for k, v in statuses(parse(text)).items() if v != "absent"} == {
        "summary": "unparsed", "income": "unparsed", "gpb_basic": "loaded"}


def test_a_table_of_contents_does_not_split_the_disclosure():
    toc = "目录\n一、部门收支总表\n二、部门预算一般公共预算财政拨款基本支出表\n"
    rows = parse(toc + gpb_basic())
    assert len(rows["dim_disclosure"]) == 1
    assert statuses(rows)["gpb_basic"] == "loaded"


def test_titles_that_never_say_department_or_unit_are_read_as_a_department_and_say_so():
    rows = parse(gpb_basic(title="一般公共预算基本支出表"))
    assert rows["dim_disclosure"][0]["scope"] == "department"
    assert [i["problem"] for i in rows["parse_issue"]] == ["scope_assumed"]


def test_the_readme_example_template_reads_its_new_wording_and_column(tmp_path, monkeypatch):
    import re
    import shutil
    from pathlib import Path

    import yusuan.parse.layouts as layouts_module

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Adding a template"):]
    example = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    for path in layouts_module.LAYOUT_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path)
    (tmp_path / "zhejiang.yaml").write_text(example, encoding="utf-8")
    extended = load(tmp_path)
    for name in ("templates", "titles", "columns", "rows", "income_rows", "markers"):
        monkeypatch.setattr(layouts_module.LAYOUTS, name, getattr(extended, name))
    match_title.cache_clear()
    try:
        text = expenditure([["序号", "科目编码", "科目名称", "合计", "基本支出合计"]],
                           [["1", "201", "一般公共服务支出", "5", "5"]], title="部门支出预算明细表")
        rows = parse(text)
    finally:
        match_title.cache_clear()
    table_row = next(t for t in rows["dim_table"] if t["table_kind"] == "expenditure")
    assert table_row["status"] == "loaded"
    assert {f["measure"] for f in rows["fact_expenditure"]} == {"total", "basic"}
    assert "基本支出合计=basic" in table_row["column_map"]


def test_a_three_public_table_with_its_items_as_columns_is_read_by_item():
    # The national template: items across, one row per unit under the total row.
    text = standard_table("2023年部门“三公”经费支出预算表", CAPTION,
                          [["单位名称", "合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置及运行费",
                            "公务用车购置及运行费", "公务接待费"],
                           ["单位名称", "合计", "因公出国（境）费", "小计", "公务用车购置费", "公务用车运行费", "公务接待费"]],
                          [["合计", "3", "", "2", "", "2", "1"], ["某单位本级", "3", "", "2", "", "2", "1"]])
    rows = parse(text)
    assert {(f["item"], f["fund_scope"], f["amount_wan"]) for f in rows["fact_three_public"]} == {
        ("total", "fiscal_appropriation", 3), ("vehicles", "fiscal_appropriation", 2),
        ("vehicle_operation", "fiscal_appropriation", 2), ("reception", "fiscal_appropriation", 1)}
    assert len(rows["fact_three_public"]) == 4 and rows["parse_issue"] == []


def test_an_explanation_printed_before_its_tables_stays_one_disclosure():
    explanation = "某单位2021年部门预算信息公开情况说明\n" + "".join(f"{n}、第{n}节内容。\n" for n in "一二三四五六七八")
    rows = parse(explanation + gpb_basic())
    assert len(rows["dim_disclosure"]) == 1
    assert statuses(rows)["gpb_basic"] == "loaded"


def test_every_table_of_the_samples_is_read_with_the_hebei_template():
    from tests.conftest import SEEDS

    for seed in sorted(SEEDS.glob("*.txt")):
        rows = parse_document(parse_tika_text(seed.name, seed.read_text(encoding="utf-8")), "0" * 16)
        read = {t["layout_template"] for t in rows["dim_table"] if t["status"] != "absent"}
        assert read <= {"hebei"}, (seed.name, read)
