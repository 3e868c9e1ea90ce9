"""Seeds 000, 001 and 002 as Word files built from their text by hand-written rules that share no
code with the project (make_independent.py), and the workbook and the PDF LibreOffice made of
each: every form loads the facts of the text form, holds figures read by hand from the seed, and
a PDF yields no figure it does not print.

The other format tests read files rendered from the project's own parse of the seeds, so they
can only show that we read back what we wrote; these files have the merged cells, the wording
and the layout of a Word file (header cells spanning columns and rows, 一级指标 merged down its
indicators, narrow label columns that wrap, rows a page break splits, header rows repeated on
each page), and what LibreOffice makes of them.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from pathlib import Path

import pdfplumber
import polars as pl
import pytest

from tests.conftest import S000, S001, S002, SEEDS
from tests.formats.equality import IDS, LOCATIONS
from yusuan.parse.batch import ParsedBatch, parse_files
from yusuan.raw import read_raw
from yusuan.validate import structure_failures

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS_HERE = (S000, S001, S002)
FORMS = ("docx", "xlsx", "pdf")
CENT = Decimal("0.01")

# What a form cannot hold, each for its reason; everything else must load as from the text form.
# A workbook LibreOffice made keeps a figure as a number: 24.00 is the number 24 (000 line 1742).
NUMBER_AS_PRINTED = {"xlsx"}
# What of the text form a form does not yield, by (seed, form): table → (rows, the column they
# lack, or None when the whole row is missing).
NOT_YIELDED = {
    # 001 line 2740: 小计 47.80 of the procurement table; the PDF's row is split by the break
    # between pages 21 and 22 and so is the figure: 47.8 above, 0 below. Pieces of a figure are
    # never glued across cells: the reader keeps them as two lines, which no parser takes for an
    # amount (never 47.8 and 0.00, the wrong facts a glue-free reading of the rows would give).
    (S001, "pdf"): {"fact_procurement": (pl.col("item") == "中共秦皇岛市海港区委政法委员会本级小计", None)},
    # 000 line 2110 (project 6 of part 1, title at line 2101) and line 5603 (project 12 of part 2,
    # title at line 5583): a label cell merged down two rows, each row on its own page, reads as
    # two labels (预算规模及资 / 金用途, 资金支 / 出计划（%）): nothing on either page tells it from
    # two rows whose text happens to fill the line, so that purpose and that spend plan are not
    # read. The project's amounts are, as printed. Both losses are reported: the cut labels'
    # cells as unread, the two labels as missing from that project alone (the parse issues the
    # text form has not).
    (S000, "pdf"): {
        "dim_project": (pl.col("project_id").str.ends_with("-1-p6"), "purpose"),
        "fact_spend_plan": (pl.col("project_id").str.ends_with("-2-p12"), None),
        "parse_issue": (pl.col("problem").is_in(["unread_cell", "missing_label"]), None),
    },
}


def fixture(seed: str, form: str) -> Path:
    return FIXTURES / seed.replace(".txt", f".{form}")


@functools.cache
def loaded(seed: str, form: str | None = None) -> ParsedBatch:
    """The warehouse rows of a seed: its text form (form None) or one of its fixtures."""
    path, root = (SEEDS / seed, SEEDS) if form is None else (fixture(seed, form), FIXTURES)
    return parse_files([read_raw(path, root)])


def comparable(frame: pl.DataFrame, table: str, seed: str, form: str) -> list:
    """Rows without locations and ids; dim_table keeps how each header was read (column_map),
    which must come out the same from the text form's once-printed merged cells as from the
    Word table's."""
    frame = frame.drop([c for c in frame.columns if c in LOCATIONS])
    frame = frame.with_columns(pl.col(c).str.replace(r"^[0-9a-f]{16}", "D") for c in IDS if c in frame.columns)
    rows, column = NOT_YIELDED.get((seed, form), {}).get(table, (None, None))
    if rows is not None:
        frame = frame.filter(~rows) if column is None else frame.with_columns(
            pl.when(rows).then(None).otherwise(pl.col(column)).alias(column))
    if form in NUMBER_AS_PRINTED and table == "fact_performance_indicator":
        frame = frame.with_columns(pl.col("target_raw").str.replace(r"^(\d+)\.0+$", "$1").str.replace(r"^(\d+\.\d*?)0+$", "$1"))
    return sorted(frame.rows(), key=repr)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("seed", SEEDS_HERE)
def test_loads_the_facts_of_the_text_form(seed, form):
    other = loaded(seed, form)
    assert other.rejected.is_empty(), other.rejected
    for name, frame in other.frames.items():
        assert structure_failures(name, frame).is_empty(), (name, structure_failures(name, frame))
    text = loaded(seed)
    for table, frame in text.frames.items():
        expected = comparable(frame, table, seed, form)
        actual = comparable(other.frames[table], table, seed, form)
        assert actual == expected, (table, [r for r in actual if r not in expected][:3], [r for r in expected if r not in actual][:3])


def test_what_a_form_does_not_yield_is_not_read_wrongly():
    """The rows NOT_YIELDED leaves out are missing, not read as something else: the cut figure is
    refused (two lines), and the labels cut by a page break give no spend plan or purpose, and say so."""
    procurement = loaded(S001, "pdf").frames["fact_procurement"]
    assert procurement["amount_wan"].to_list().count(Decimal("47.80")) == 1  # the 合计 row (line 2730) only
    assert Decimal("0.00") not in procurement["amount_wan"].to_list()
    projects = loaded(S000, "pdf").frames["dim_project"]
    assert projects.filter(pl.col("project_id").str.ends_with("-1-p6"))["purpose"].to_list() == [None]
    assert loaded(S000, "pdf").frames["fact_spend_plan"].filter(pl.col("project_id").str.ends_with("-2-p12")).is_empty()
    reported = loaded(S000, "pdf").frames["parse_issue"].filter(pl.col("problem") == "missing_label")
    # The two projects whose labels the page breaks cut: 000 lines 2101 and 5583.
    assert sorted(reported["detail"].str.extract(r"project '([^']+)'").to_list()) == [
        "政法四级网扩容升级项目", "政法系统、综治视联网网络运行维护费"]
    # and their cells, each where the label was cut: 预算规模及资金用途 (line 2110) and 资金支出计划（%） (line 5603)
    unread = loaded(S000, "pdf").frames["parse_issue"].filter(pl.col("problem") == "unread_cell")["detail"].to_list()
    assert len(unread) == 2
    assert "'预算规模及资', '金用途'" in unread[0] and "'出计划（%）'" in unread[1]


# ---------------------------------------------------------------- figures read by hand from the seeds

def one(batch: ParsedBatch, table: str, part: int = 1, **where) -> dict:
    frame = batch.frames[table].filter(pl.col("disclosure_id").str.ends_with(f"-{part}")) \
        if "disclosure_id" in batch.frames[table].columns else batch.frames[table]
    for column, value in where.items():
        frame = frame.filter(pl.col(column) == value)
    assert frame.height == 1, (table, where, frame)
    return frame.row(0, named=True)


def project(batch: ParsedBatch, name: str) -> dict:
    return one(batch, "dim_project", project_name=name)


@pytest.mark.parametrize("form", [None, *FORMS])
def test_figures_of_001(form):
    batch = loaded(S001, form)
    # line 24-25: 一、一般公共预算拨款收入 | 1452.21 in 单位预算收支总表
    assert one(batch, "fact_income", table_kind="summary", row_label="一、一般公共预算拨款收入")["amount_wan"] == Decimal("1452.21")
    # line 1566-1567: 公务用车运行维护费 | 2.250000 (三公 table, 合计 column)
    assert one(batch, "fact_three_public", item="vehicle_operation", fund_scope="fiscal_appropriation")["amount_wan"] == Decimal("2.25")
    # line 1572-1575: 三 | 公务接待费 | 0.310000 (合计) | 0.310000 (一般公共预算财政拨款)
    assert one(batch, "fact_three_public", item="reception", fund_scope="general_public_budget")["amount_wan"] == Decimal("0.31")
    # line 1621: 1、反邪教专项资金绩效目标表; line 1638: 开展清理活动次数, its 指标值 at line 1642: ≥4次
    anti_cult = project(batch, "反邪教专项资金")["project_id"]
    indicator = one(batch, "fact_performance_indicator", project_id=anti_cult, level3="开展清理活动次数")
    assert (indicator["level1"], indicator["level2"], indicator["target_raw"]) == ("产出指标", "数量指标", "≥4次")
    # line 1697-1703: 满意度指标 | 服务对象满意度指标 | 人民群众满意度 | … | ≥90%
    assert one(batch, "fact_performance_indicator", project_id=anti_cult, level3="人民群众满意度")["target_raw"] == "≥90%"


@pytest.mark.parametrize("form", [None, *FORMS])
def test_figures_of_002(form):
    batch = loaded(S002, form)
    # line 23-24: 一、一般公共预算拨款收入 | 492.28
    assert one(batch, "fact_income", table_kind="summary", row_label="一、一般公共预算拨款收入")["amount_wan"] == Decimal("492.28")
    # line 1185: 项目名称 办公设备购置费; line 1188-1189: 预算数 | 18.00
    office = project(batch, "办公设备购置费")
    assert (office["project_code"], office["budget_wan"]) == ("13091124P00005710001R", Decimal("18.00"))  # code: line 1183
    # line 1199-1208: 资金支出计划（%） 3月底 … 12月底 | 4.00 8.00 12.00 18.00 (amounts, not shares)
    plan = batch.frames["fact_spend_plan"].filter(project_id=office["project_id"]).sort("period_end")
    assert plan["cumulative_wan"].to_list() == [Decimal(x) for x in ("4.00", "8.00", "12.00", "18.00")]
    # line 1224-1226: 采购数量 | 采购数量 | ≥95
    assert one(batch, "fact_performance_indicator", project_id=office["project_id"], level3="采购数量")["target_raw"] == "≥95"


@pytest.mark.parametrize("form", [None, *FORMS])
def test_figures_of_000(form):
    batch = loaded(S000, form)
    for part in (1, 2):  # the department (title at line 3) and its unit (line 2968) print the same figure
        # line 25-26 (and 2990-2991): 一、一般公共预算拨款收入 | 761.99
        assert one(batch, "fact_income", part, table_kind="summary", row_label="一、一般公共预算拨款收入")["amount_wan"] == Decimal("761.99")
    # line 1441-1442: 三、公务接待费 | 0.14
    assert one(batch, "fact_three_public", item="reception", fund_scope="fiscal_appropriation")["amount_wan"] == Decimal("0.14")
    # line 1677: 2020年信访专项经费; line 1680-1681: 预算数 | 80
    petition = batch.frames["dim_project"].filter(project_name="2020年信访专项经费", disclosure_id=one(batch, "dim_disclosure")["disclosure_id"])
    assert petition["budget_wan"].to_list() == [Decimal("80.00")]
    # line 1726-1728: 控制预算成本 | 控制值班人员经费 | 补贴不超过180
    indicator = one(batch, "fact_performance_indicator", project_id=petition["project_id"][0], level3="控制预算成本")
    assert (indicator["level2"], indicator["target_raw"]) == ("成本指标", "补贴不超过180")


# ---------------------------------------------------------------- a PDF yields no figure it does not print

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@functools.cache
def printed(seed: str) -> tuple[dict[int, set[Decimal]], dict[int, set[Decimal]]]:
    """Per page (from 1): the numbers printed whole in one table cell (a cell's lines joined: a
    figure wraps inside its cell), and those printed in the text outside the tables (its lines
    joined: a sentence wraps)."""
    cells, prose = {}, {}
    with pdfplumber.open(fixture(seed, "pdf")) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            tables = page.find_tables()
            cells[number] = {Decimal(m) for t in tables for row in t.extract() for text in row if text
                             for m in _NUMBER.findall(re.sub(r"\s+", "", text))}
            outside = page.filter(lambda obj, boxes=[t.bbox for t in tables]: not any(
                b[0] <= obj.get("x0", -1) and obj.get("x1", -1) <= b[2] and b[1] <= obj.get("top", -1) and obj.get("bottom", -1) <= b[3]
                for b in boxes))
            prose[number] = {Decimal(m) for m in _NUMBER.findall(re.sub(r"\s+", "", outside.extract_text() or ""))}
    return cells, prose


def page_of(location: str) -> int:
    return int(location.rsplit(":", 1)[1]) // 10_000


@pytest.mark.parametrize("seed", SEEDS_HERE)
def test_a_pdf_yields_no_figure_it_does_not_print(seed):
    cells, prose = printed(seed)
    frames = loaded(seed, "pdf").frames

    def on_pages(value: Decimal | None, pages: list[int], where: dict) -> bool:
        return value is None or any(value == n.quantize(CENT) or value == n for p in pages for n in where.get(p, ()))

    checked = 0
    for table, columns in {"fact_income": ["amount_wan"], "fact_expenditure": ["amount_wan"], "fact_three_public": ["amount_wan"],
                           "fact_procurement": ["amount_wan"], "fact_fixed_asset": ["quantity", "amount_wan"]}.items():
        for row in frames[table].iter_rows(named=True):
            for column in columns:
                assert on_pages(row[column], [page_of(row["source_location"])], cells), (table, column, row)
                checked += 1
    for row in frames["dim_project"].iter_rows(named=True):  # located at its title; the table may begin on the next page
        title = page_of(row["source_location"])
        for column in ("budget_wan", "fiscal_wan", "other_wan"):
            assert on_pages(row[column], [title, title + 1], cells), (column, row)
            checked += 1
    for row in frames["fact_spend_plan"].iter_rows(named=True):
        value = row["cumulative_wan"] if row["is_amount_form"] else row["cumulative_pct"]
        assert on_pages(value, [page_of(row["source_location"])], cells), row
        checked += 1
    for row in frames["fact_budget_overview"].filter(source="prose").iter_rows(named=True):
        assert on_pages(row["printed_amount"], [page_of(row["source_location"])], prose), row
        checked += 1
    assert checked > 100
