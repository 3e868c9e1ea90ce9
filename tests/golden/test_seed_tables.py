"""Golden values of the standard tables, read by hand from the seeds (file:line of each cell)."""

from decimal import Decimal

import pytest

from tests.conftest import S000, S001, S002, disclosure_of, fact_at

D = Decimal

# (cell, table_kind, measure, fund_scope, subject_id, is_total, amount as printed)
EXPENDITURE = [
    # 000 part 1 (department 455, 2021)
    (f"{S000}:28", "summary", "total", "all", "functional:2021:201", False, "147.09"),  # 一、一般公共服务支出
    (f"{S000}:46", "summary", "total", "all", "functional:2021:204", False, "611.63"),  # 四、公共安全支出
    (f"{S000}:208", "summary", "total", "all", None, True, "761.99"),  # 本年支出合计
    (f"{S000}:220", "summary", "total", "all", None, True, "761.99"),  # 支出总计
    (f"{S000}:454", "expenditure", "total", "all", None, True, "761.99"),  # 合计 row
    (f"{S000}:455", "expenditure", "basic", "all", None, True, "69.88"),
    (f"{S000}:456", "expenditure", "project", "all", None, True, "692.11"),
    (f"{S000}:593", "appropriation_summary", "total", "fiscal_appropriation", "functional:2021:201", False, "147.09"),
    (f"{S000}:594", "appropriation_summary", "total", "general_public_budget", "functional:2021:201", False, "147.09"),
    (f"{S000}:908", "appropriation_summary", "total", "fiscal_appropriation", None, True, "761.99"),  # 支出总计
    (f"{S000}:1043", "gpb_basic", "total", "general_public_budget", None, True, "69.88"),
    (f"{S000}:1044", "gpb_basic", "personnel", "general_public_budget", None, True, "61.17"),
    (f"{S000}:1045", "gpb_basic", "public_funds", "general_public_budget", None, True, "8.71"),
    (f"{S000}:1057", "gpb_basic", "total", "general_public_budget", "economic:2021:30101", False, "14.54"),  # 基本工资
    (f"{S000}:1134", "gpb_basic", "total", "general_public_budget", "economic:2021:302", False, "8.71"),  # 302, as printed
    (f"{S000}:1136", "gpb_basic", "public_funds", "general_public_budget", "economic:2021:302", False, "8.21"),  # ≠ 8.71: kept
    (f"{S000}:1302", "gpb_basic", "total", "general_public_budget", "economic:2021:310", False, "0.50"),  # printed 0.5
    # 000 part 2 (unit 455001)
    (f"{S000}:3420", "expenditure", "total", "all", None, True, "761.99"),
    (f"{S000}:4010", "gpb_basic", "total", "general_public_budget", None, True, "69.88"),
    (f"{S000}:4103", "gpb_basic", "public_funds", "general_public_budget", "economic:2021:302", False, "8.21"),
    # 001 (unit 216001, 2023)
    (f"{S001}:27", "summary", "total", "all", "functional:2023:201", False, "1065.08"),
    (f"{S001}:81", "summary", "total", "all", "functional:2023:210", False, "32.01"),  # 十、卫生健康支出
    (f"{S001}:213", "summary", "total", "all", None, True, "1452.21"),
    (f"{S001}:559", "expenditure", "total", "all", None, True, "1452.21"),
    (f"{S001}:560", "expenditure", "basic", "all", None, True, "387.13"),
    (f"{S001}:561", "expenditure", "project", "all", None, True, "1065.08"),
    (f"{S001}:1049", "appropriation_summary", "total", "general_public_budget", None, True, "1452.21"),
    (f"{S001}:1279", "gpb_basic", "total", "general_public_budget", None, True, "387.13"),
    (f"{S001}:1280", "gpb_basic", "personnel", "general_public_budget", None, True, "355.31"),
    (f"{S001}:1358", "gpb_basic", "public_funds", "general_public_budget", "economic:2023:302", False, "31.82"),
    # 002 (department 223, 2024 template)
    (f"{S002}:26", "summary", "total", "all", "functional:2024:201", False, "420.78"),
    (f"{S002}:224", "summary", "total", "all", None, True, "492.28"),  # 支出总计, followed directly by a title
    (f"{S002}:430", "expenditure", "basic", "all", None, True, "4.50"),
    (f"{S002}:431", "expenditure", "project", "all", None, True, "487.78"),
    (f"{S002}:998", "gpb_basic", "public_funds", "general_public_budget", None, True, "4.50"),
    (f"{S002}:1005", "gpb_basic", "public_funds", "general_public_budget", "economic:2024:302", False, "4.50"),
]


@pytest.mark.parametrize("cell, kind, measure, scope, subject, is_total, printed", EXPENDITURE)
def test_expenditure_cells(seeds, cell, kind, measure, scope, subject, is_total, printed):
    fact = fact_at(seeds, "fact_expenditure", cell)
    assert (fact["table_kind"], fact["measure"], fact["fund_scope"], fact["subject_id"], fact["is_total"]) == (
        kind, measure, scope, subject, is_total)
    assert fact["amount_wan"] == D(printed)


# (cell, table_kind, income_source, fund_scope, subject_id, is_total, amount as printed)
INCOME = [
    (f"{S000}:26", "summary", "appropriation", "general_public_budget", None, False, "761.99"),
    (f"{S000}:206", "summary", "total", "all", None, True, "761.99"),  # 本年收入合计
    (f"{S000}:218", "summary", "grand_total", "all", None, True, "761.99"),  # 收入总计
    (f"{S000}:265", "income", "total", "all", None, True, "761.99"),
    (f"{S000}:266", "income", "subtotal", "all", None, True, "761.99"),
    (f"{S000}:267", "income", "appropriation", "all", None, True, "761.99"),
    (f"{S000}:321", "income", "total", "all", "functional:2021:2010308", False, "80.48"),  # 信访事务
    (f"{S000}:591", "appropriation_summary", "appropriation", "general_public_budget", None, False, "761.99"),
    # line 879: under 年初财政拨款结转和结余 (line 869, empty) the GPB row holds 761.99 — loaded as printed.
    (f"{S000}:879", "appropriation_summary", "carryover", "general_public_budget", None, False, "761.99"),
    (f"{S000}:906", "appropriation_summary", "grand_total", "fiscal_appropriation", None, True, "761.99"),
    (f"{S001}:25", "summary", "appropriation", "general_public_budget", None, False, "1452.21"),
    (f"{S001}:271", "income", "total", "all", None, True, "1452.21"),
    (f"{S001}:1091", "appropriation_summary", "grand_total", "fiscal_appropriation", None, True, "1452.21"),
    (f"{S002}:24", "summary", "appropriation", "general_public_budget", None, False, "492.28"),
    (f"{S002}:222", "summary", "grand_total", "all", None, True, "492.28"),
    (f"{S002}:267", "income", "total", "all", None, True, "492.28"),
]


@pytest.mark.parametrize("cell, kind, source, scope, subject, is_total, printed", INCOME)
def test_income_cells(seeds, cell, kind, source, scope, subject, is_total, printed):
    fact = fact_at(seeds, "fact_income", cell)
    assert (fact["table_kind"], fact["income_source"], fact["fund_scope"], fact["subject_id"], fact["is_total"]) == (
        kind, source, scope, subject, is_total)
    assert fact["amount_wan"] == D(printed)


THREE_PUBLIC = [
    (f"{S000}:1407", "total", "fiscal_appropriation", "0.14"),  # 合计
    (f"{S000}:1443", "reception", "general_public_budget", "0.14"),  # 三、公务接待费
    (f"{S000}:4374", "total", "fiscal_appropriation", "0.14"),  # part 2
    (f"{S001}:1532", "overseas_travel", "fiscal_appropriation", "0"),  # printed 0
    (f"{S001}:1553", "vehicles", "fiscal_appropriation", "2.25"),  # printed 2.250000
    (f"{S001}:1567", "vehicle_operation", "fiscal_appropriation", "2.25"),
    (f"{S001}:1575", "reception", "general_public_budget", "0.31"),  # printed 0.310000
]


@pytest.mark.parametrize("cell, item, scope, printed", THREE_PUBLIC)
def test_three_public_cells(seeds, cell, item, scope, printed):
    fact = fact_at(seeds, "fact_three_public", cell)
    assert (fact["item"], fact["fund_scope"], fact["amount_wan"]) == (item, scope, D(printed))


def test_001_three_public_has_no_total_row_and_none_is_invented(seeds):
    # 001 lines 1507-1578: 一 因公出国, 二 公务用车, 三 公务接待; no 合计 row.
    disclosure = disclosure_of(seeds, S001)
    items = seeds.frames["fact_three_public"].filter(disclosure_id=disclosure["disclosure_id"])["item"]
    assert "total" not in set(items)
    assert items.len() == 14  # 7 rows × 2 printed columns (合计, 一般公共预算)


# (file, part, table_kind, status, data rows) — counted by hand from the seeds.
TABLES = [
    (S000, 1, "summary", "loaded", 33),  # rows 1-33, lines 24-220
    (S000, 1, "income", "loaded", 11),  # rows 1-11, lines 262-414
    (S000, 1, "expenditure", "loaded", 11),
    (S000, 1, "appropriation_summary", "loaded", 36),
    (S000, 1, "gpb_expenditure", "loaded", 11),
    (S000, 1, "gpb_basic", "loaded", 39),  # rows 1-39, lines 1040-1312
    (S000, 1, "gov_fund", "empty", 0),  # line 1347: 空表列示
    (S000, 1, "state_capital", "empty", 0),  # line 1381
    (S000, 1, "three_public", "loaded", 6),
    (S000, 2, "gpb_basic", "loaded", 39),
    (S000, 2, "gov_fund", "empty", 0),  # line 4314
    (S001, 1, "summary", "loaded", 34),  # 2023 template: 三十一、人行科目 (line 206) adds a row
    (S001, 1, "income", "loaded", 18),
    (S001, 1, "gpb_basic", "loaded", 23),
    (S001, 1, "three_public", "loaded", 7),  # no 合计 row
    (S002, 1, "summary", "loaded", 34),
    (S002, 1, "income", "loaded", 9),
    (S002, 1, "gpb_basic", "loaded", 4),  # lines 993-1020
    (S002, 1, "gov_fund", "empty", 0),  # line 1056
    (S002, 1, "state_capital", "empty", 0),  # line 1090
    (S002, 1, "three_public", "empty", 0),  # line 1122: 无财政拨款"三公"经费支出表预算，空表列示
]


@pytest.mark.parametrize("file_name, part, kind, status, row_count", TABLES)
def test_table_status_and_rows(seeds, file_name, part, kind, status, row_count):
    disclosure = disclosure_of(seeds, file_name, part)
    table = seeds.frames["dim_table"].filter(disclosure_id=disclosure["disclosure_id"], table_kind=kind).row(0, named=True)
    assert (table["status"], table["row_count"]) == (status, row_count)


def test_2024_unit_funds_row_is_recognised(seeds):
    # 002 line 47: 五、单位资金 (2024 template), printed empty: no fact, and no parse issue either.
    assert seeds.frames["parse_issue"].is_empty()


def test_subjects_carry_their_year(seeds):
    # 信访: 2010308 in 2021 (000 line 319), 2014004 in 2024 (002 line 334).
    subjects = seeds.frames["dim_subject"]
    assert subjects.filter(subject_id="functional:2021:2010308")["name"].item() == "信访事务"
    row = subjects.filter(subject_id="functional:2024:2014004").row(0, named=True)
    assert (row["name"], row["level"], row["parent_code"]) == ("信访业务", "item", "20140")
