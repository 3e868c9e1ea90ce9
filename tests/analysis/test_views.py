"""The analysts' views (schemas/views.yaml) on the five samples, against figures read by hand
from the documents (file and line in the comments)."""

import re
from decimal import Decimal as D

import duckdb
import pytest

from schemas.ddl import warehouse_ddl
from tests.conftest import S000, S001, S003, S004
from yusuan.analysis.views import VIEWS, view_ddl


def rows(con, view: str, file_name: str, where: str = "true", part: int = 1) -> list[dict]:
    """The view's rows of the disclosure `part` of the sample `file_name`."""
    cursor = con.execute(f"""
        SELECT v.* FROM {view} v
        WHERE v.disclosure_id = (SELECT document_id || '-' || ? FROM dim_document WHERE file_name = ?) AND {where}
        ORDER BY ALL""", [part, file_name])
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def one(con, view: str, file_name: str, where: str = "true", part: int = 1) -> dict:
    found = rows(con, view, file_name, where, part)
    assert len(found) == 1, f"{view} {file_name} {where}: {len(found)} rows"
    return found[0]


def test_every_view_has_the_columns_its_metadata_lists_each_described(con):
    for name, view in VIEWS.items():
        assert [c[0] for c in con.execute(f"DESCRIBE {name}").fetchall()] == list(view.columns), name
    comments = dict(con.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall())
    assert comments == {name: view.description for name, view in VIEWS.items()}
    undescribed = con.execute(f"""SELECT table_name, column_name FROM duckdb_columns()
        WHERE table_name IN ({', '.join(f"'{v}'" for v in VIEWS)}) AND (comment IS NULL OR comment = '')""").fetchall()
    assert undescribed == []


def test_the_views_are_created_on_an_empty_warehouse_too():
    con = duckdb.connect()
    for statement in warehouse_ddl() + view_ddl():
        con.execute(statement)
    for name in VIEWS:
        assert con.execute(f"SELECT count(*) FROM {name}").fetchone() == (0,)


def test_money_in_the_views_is_decimal_never_float(con):
    types = con.execute(f"""SELECT DISTINCT data_type FROM duckdb_columns()
        WHERE table_name IN ({', '.join(f"'{v}'" for v in VIEWS)}) AND (column_name LIKE '%_wan' OR column_name LIKE '%_pct')""").fetchall()
    assert types == [("DECIMAL(18,2)",)]


# ---- unit_years ----------------------------------------------------------------------------------

def test_unit_years_prose_figure_with_the_stated_change(con):
    total = one(con, "unit_years", S003, "item = 'expenditure_total'")
    assert total["amount_wan"] == D("2913.49") and total["amount_source"] == "prose"  # 003 line 31: 支出预算2913.49万元
    assert total["table_wan"] is None  # 003 prints no standard tables
    assert total["stated_change_wan"] == D("-182.65")  # 003 line 33: 较2020年预算减少182.65万元
    assert total["stated_previous_wan"] == D("3096.14")  # 2913.49 + 182.65
    assert total["previous_disclosure_id"] is None and total["change_wan"] is None  # no 2020 disclosure of the unit
    project = one(con, "unit_years", S003, "item = 'project'")
    assert project["amount_wan"] == D("2371.53")  # 003 line 31: 项目支出2371.53万元
    assert project["stated_change_wan"] == D("-212.14")  # 003 line 33: 项目支出减少212.14万元
    assert project["stated_reason"].startswith("减少了大厂县智慧综治工程村级建设项目")  # 003 line 33


def test_unit_years_table_figure_first_prose_beside_it(con):
    project = one(con, "unit_years", S000, "item = 'project'", part=2)
    assert project["amount_source"] == "table" and project["amount_wan"] == D("692.11")  # 000 line 3422 (支出总表 合计, 项目支出)
    assert project["prose_wan"] == D("692.11") and project["stated_change_wan"] == D("571.04")  # 000 line 4482
    assert project["source_location"] == f"{S000}:3422"
    increase = one(con, "unit_years", S004, "item = 'expenditure_total'")
    assert increase["amount_wan"] == D("3700.07")  # 004 line 30: 合计3700.07万元
    assert increase["stated_change_wan"] == D("1371.41")  # 004 line 31: 与2020年相比增加1371.41万元
    assert increase["stated_reason"].startswith("本年度需要网络维护改造费用增加")  # 004 line 31


def test_unit_years_against_the_same_units_previous_disclosure(warehouse, tmp_path):
    """The samples hold one year per unit: a 2022 disclosure of 001's unit is added by hand."""
    copy = tmp_path / "budget.duckdb"
    copy.write_bytes(warehouse.read_bytes())
    with duckdb.connect(str(copy)) as con:
        con.execute("""
            INSERT INTO dim_disclosure
            SELECT d.* REPLACE ('00000000000000ff-1' AS disclosure_id, '00000000000000ff' AS document_id, 2022 AS budget_year)
            FROM dim_disclosure d JOIN dim_document USING (document_id) WHERE file_name = ?""", [S001])
        con.execute("""INSERT INTO fact_budget_overview BY NAME
            SELECT '00000000000000ff-1' AS disclosure_id, item, source, amount AS amount_wan, amount AS printed_amount,
                   '万元' AS printed_unit, 'x:1' AS source_location
            FROM (VALUES ('expenditure_total', 'table', 1400.00), ('three_public', 'prose', 3.00)) v(item, source, amount)""")
        total = one(con, "unit_years", S001, "item = 'expenditure_total'")
        assert total["amount_wan"] == D("1452.21")  # 001 line 213: 本年支出合计 1452.21
        assert total["previous_disclosure_id"] == "00000000000000ff-1"
        assert (total["previous_wan"], total["change_wan"]) == (D("1400.00"), D("52.21"))
        three = one(con, "three_public_years", S001)
        assert three["total_wan"] == D("2.56")  # 001 line 1617: “三公”经费预算安排2.56万元
        assert (three["previous_total_wan"], three["change_wan"]) == (D("3.00"), D("-0.44"))
        # the previous year's own rows have no previous year
        assert con.execute("SELECT count(*) FROM unit_years WHERE budget_year = 2022 AND previous_wan IS NOT NULL").fetchone() == (0,)


# ---- basic_vs_project ----------------------------------------------------------------------------

def test_basic_against_project_from_the_tables(con):
    row = one(con, "basic_vs_project", S001)
    assert row["expenditure_total_wan"] == D("1452.21")  # 001 line 213
    assert (row["basic_wan"], row["project_wan"]) == (D("387.13"), D("1065.08"))  # 001 lines 560-561: 合计 1452.21 387.13 1065.08
    assert (row["personnel_wan"], row["public_funds_wan"]) == (D("355.31"), D("31.82"))  # 001 lines 1280-1281
    assert row["basic_share_pct"] == D("26.66") and row["unexplained_wan"] == D("0.00")
    assert row["sources"] == "table"


def test_basic_against_project_from_the_prose(con):
    row = one(con, "basic_vs_project", S003)
    # 003 line 31: 支出预算2913.49万元，其中基本支出541.96万元，包括人员类项目经费485.58万元和运转类公用经费56.38万元；项目支出2371.53万元
    assert (row["expenditure_total_wan"], row["basic_wan"], row["project_wan"]) == (D("2913.49"), D("541.96"), D("2371.53"))
    assert (row["personnel_wan"], row["public_funds_wan"]) == (D("485.58"), D("56.38"))
    assert row["sources"] == "prose"
    # 004 line 30: 人员经费为786.76万元，正常公用为512.11万元，专项项目支出为2401.2万元，合计3700.07万元 (no 基本支出 stated)
    row = one(con, "basic_vs_project", S004)
    assert (row["personnel_wan"], row["public_funds_wan"], row["basic_wan"]) == (D("786.76"), D("512.11"), D("1298.87"))
    assert (row["project_wan"], row["expenditure_total_wan"], row["unexplained_wan"]) == (D("2401.20"), D("3700.07"), D("0.00"))


# ---- three_public_years --------------------------------------------------------------------------

def test_three_public_from_the_prose_with_the_stated_change(con):
    row = one(con, "three_public_years", S004)
    assert (row["total_wan"], row["stated_change_wan"]) == (D("39.80"), D("-13.50"))  # 004 line 35: 安排39.8万元，较上年预算减少13.5万元
    assert row["vehicles_wan"] == D("36.00")  # 004 line 36
    assert row["vehicle_purchase_wan"] == D("0.00")  # 004 line 37
    assert row["vehicle_operation_wan"] == D("36.00")  # 004 line 38
    assert row["reception_wan"] == D("3.80")  # 004 line 39
    assert row["overseas_travel_wan"] == D("0.00")  # 004 line 40


def test_three_public_from_the_table_parts_and_the_prose_total(con):
    row = one(con, "three_public_years", S001)
    assert row["total_wan"] == D("2.56")  # 001 line 1617 (the table prints no 合计 row)
    assert row["overseas_travel_wan"] == D("0.00")  # 001 line 1532
    assert row["vehicle_operation_wan"] == D("2.25")  # 001 line 1567: 2.250000
    assert row["reception_wan"] == D("0.31")  # 001 line 1574: 0.310000
    row = one(con, "three_public_years", S000)
    assert row["total_wan"] == D("0.14")  # 000 line 1407: 合计 0.14
    assert row["stated_change_wan"] == D("-0.02")  # 000 line 1528: 较2020年度预算的0.16万元减少了0.02万元


# ---- class_totals_by_place -----------------------------------------------------------------------

def test_class_totals_by_place_and_year(con):
    found = {(r[0], r[1], r[2], r[3]): r[4:] for r in con.execute(
        "SELECT place, budget_year, scope, class_code, class_name, disclosures, total_wan, basic_wan, project_wan FROM class_totals_by_place").fetchall()}
    # 001 lines 597-600: 204 公共安全支出 276.93 276.93 (basic); lines 569-571: 201 一般公共服务支出 1065.08, all project
    assert found[("秦皇岛市海港区", 2023, "unit", "204")] == ("公共安全支出", 1, D("276.93"), D("276.93"), None)
    assert found[("秦皇岛市海港区", 2023, "unit", "201")] == ("一般公共服务支出", 1, D("1065.08"), None, D("1065.08"))
    # 000 lines 464-466 (department part): 201 一般公共服务支出 147.09 = 66.61 + 80.48
    assert found[("沧州渤海新区南大港产业园区", 2021, "department", "201")] == ("一般公共服务支出", 1, D("147.09"), D("66.61"), D("80.48"))
    # 002 lines 439-441: 201 一般公共服务支出 420.78 = 4.50 + 416.28
    assert found[("沧州经济开发区", 2024, "department", "201")] == ("一般公共服务支出", 1, D("420.78"), D("4.50"), D("416.28"))
    # 003 and 004 print no 支出总表; 000 prints it twice (department, then unit part)
    assert sorted({k[:3] for k in found}) == [("沧州渤海新区南大港产业园区", 2021, "department"), ("沧州渤海新区南大港产业园区", 2021, "unit"),
                                              ("沧州经济开发区", 2024, "department"), ("秦皇岛市海港区", 2023, "unit")]


# ---- project_indicators --------------------------------------------------------------------------

def test_a_project_with_its_indicators(con):
    found = rows(con, "project_indicators", S004, "project_code = '13021121MG8B307KIOQZQ'")  # 004 lines 1010-1017
    assert {r["project_name"] for r in found} == {"农村文化建设专项资金"} and {r["budget_wan"] for r in found} == {D("7.20")}  # 004 line 1021
    first = found[0]
    assert first["source_location"] == f"{S004}:1060"
    # 004 lines 1056-1060: 产出指标 / 数量指标 / 平均每村公益电影放映场次 … 1
    assert (first["level1_norm"], first["level2_norm"], first["level3"], first["target_raw"]) == ("产出指标", "数量指标", "平均每村公益电影放映场次", "1")
    assert (first["operator"], first["target_value"]) == ("=", D("1"))


def test_department_wide_indicators_have_no_project(con):
    found = rows(con, "project_indicators", S003, "project_id IS NULL")
    assert len(found) == 19  # 003's department-wide indicator table: 19 rows, targets on lines 91-253
    first = min(found, key=lambda r: int(r["source_location"].rsplit(":", 1)[1]))
    # 003 lines 86-91: 部门产出 / 数量 / 网格系统维护 … = 1 套
    assert (first["level3"], first["target_raw"], first["source_location"]) == ("网格系统维护", "=1套", f"{S003}:91")


def test_every_project_and_indicator_once(con):
    assert con.execute("SELECT count(DISTINCT project_id) FROM project_indicators").fetchone() == \
        con.execute("SELECT count(*) FROM dim_project").fetchone()
    assert con.execute("SELECT count(*) FROM project_indicators WHERE indicator_id IS NOT NULL").fetchone() == \
        con.execute("SELECT count(*) FROM fact_performance_indicator").fetchone()


# ---- disclosure_quality --------------------------------------------------------------------------

def test_quality_of_every_current_disclosure(con):
    assert con.execute("SELECT count(*), count(score) FROM disclosure_quality").fetchone() == (6, 6)
    row = one(con, "disclosure_quality", S001)
    assert row["file_name"] == S001 and not row["quarantined"]
    # 001 prose 上年末固定资产 326.27 (line 2829) against the table's 资产总额 344.74 (line 2840)
    assert "TXT-001" in row["failed_rules"].split(", ")
    assert row["score"] == D(100 * (row["rules_checked"] - row["rules_failed"]) / row["rules_checked"]).quantize(D("0.1"))
    # 001: seven tables read, two published empty (lines 1439, 1473: 空表列示)
    assert (row["tables_loaded"], row["tables_empty"], row["tables_absent"], row["tables_unparsed"]) == (7, 2, 0, 0)
    for name in (S003, S004):  # no standard tables at all
        row = one(con, "disclosure_quality", name)
        assert (row["tables_loaded"], row["tables_absent"]) == (0, 9)


def test_quality_is_the_latest_validation(warehouse, tmp_path):
    copy = tmp_path / "budget.duckdb"
    copy.write_bytes(warehouse.read_bytes())
    with duckdb.connect(str(copy)) as con:
        con.execute("""INSERT INTO dq_disclosure
            SELECT * REPLACE ('later-run' AS run_id, 10 AS rules_checked, 0 AS rules_failed, 0 AS failures, 100.0 AS score,
                              'ok' AS status, logged_at + INTERVAL 1 DAY AS logged_at)
            FROM dq_disclosure""")
        row = one(con, "disclosure_quality", S001)
        assert (row["run_id"], row["score"], row["failed_rules"]) == ("later-run", D("100.0"), None)
        assert con.execute("SELECT count(*) FROM disclosure_quality").fetchone() == (6,)


@pytest.mark.parametrize("name", list(VIEWS))
def test_every_join_of_a_view_is_a_hash_join(con, name):
    """Equality joins on keys only, no correlated subquery or range join: a view over 30,000
    documents costs a few scans."""
    plan = con.execute(f"EXPLAIN SELECT * FROM {name}").fetchall()[0][1]
    assert set(re.findall(r"\w*JOIN\w*", plan)) <= {"HASH_JOIN"}
