"""The explanation (情况说明) of each seed as data, read by hand (file:line in comments)."""

from decimal import Decimal

import pytest

from tests.conftest import S000, S001, S002, S003, S004, disclosure_of

D = Decimal


def overview(seeds, file_name, part=1, source="prose"):
    disclosure = disclosure_of(seeds, file_name, part)["disclosure_id"]
    rows = seeds.frames["fact_budget_overview"].filter(disclosure_id=disclosure, source=source)
    return {r["item"]: r for r in rows.iter_rows(named=True)}


# Figures stated in the prose (lines of the paragraphs they are in).
PROSE = {
    S003: {  # lines 29 (收入), 31 (支出), 36 (机关运行经费), 38 (三公), 1939 (采购), 2011 (资产)
        "income_total": "2913.49", "basic": "541.96", "personnel": "485.58", "public_funds": "56.38",
        "project": "2371.53", "three_public": "8.57", "carryover": "2.12", "procurement": "70.00",
        "fixed_assets": "4088.72", "operating_cost": "56.38", "expenditure_total": "2913.49",
        "vehicles": "8.30", "reception": "0.27", "overseas_travel": "0",
    },
    S004: {  # lines 29-30, 33 (机关运行经费), 35-40 (三公), 1587 (采购)
        "income_total": "3700.07", "personnel": "786.76", "public_funds": "512.11", "project": "2401.20",
        "expenditure_total": "3700.07", "three_public": "39.80", "vehicles": "36", "vehicle_operation": "36",
        "reception": "3.80", "procurement": "1340", "operating_cost": "512.11",
    },
    S000: {  # lines 1512, 1515, 1525 (8.71元), 1528-1531, 2758, 2919
        "income_total": "761.99", "income_general_public_budget": "761.99", "expenditure_total": "761.99",
        "basic": "69.88", "personnel": "61.17", "public_funds": "8.71", "project": "692.11", "operating_cost": "0.00",
        "three_public": "0.14", "reception": "0.14", "procurement": "573.46", "fixed_assets": "186.99",
    },
    S001: {  # lines 1614, 1617, 2692, 2829 (its overview section states no figures)
        # 1617 itemises 运行维护费 as 运行费 1.92 + 保险 0.33: read as their sum, the table's 2.25 (line 1567)
        "operating_cost": "31.82", "three_public": "2.56", "vehicles": "2.25", "vehicle_operation": "2.25",
        "reception": "0.31", "procurement": "47.80", "fixed_assets": "326.27",
    },
    S002: {  # lines 1145, 1147, 1151, 1153, 2204
        "income_total": "492.28", "expenditure_total": "492.28", "basic": "4.50", "personnel": "0",
        "public_funds": "4.50", "project": "487.78", "operating_cost": "4.50", "three_public": "0",
        "fixed_assets": "0",
    },
}


@pytest.mark.parametrize("file_name", list(PROSE))
def test_prose_figures(seeds, file_name):
    found = overview(seeds, file_name)
    assert {item: found[item]["amount_wan"] for item in PROSE[file_name]} == {k: D(v) for k, v in PROSE[file_name].items()}


def test_prose_keeps_the_printed_unit_and_sentence(seeds):
    row = overview(seeds, S000)["operating_cost"]  # line 1525: 共计安排8.71元
    assert (row["printed_amount"], row["printed_unit"], row["source_location"]) == (D("8.71"), "元", f"{S000}:1525")
    assert "8.71元" in row["wording"]


def test_changes_and_reasons(seeds):
    found = overview(seeds, S000)
    # line 1519: 较2020年增加574.26万元 … 基本支出增长3.22万元，主要是人员调资和单位业务活动增多
    assert found["expenditure_total"]["change_wan"] == D("574.26")
    assert (found["basic"]["change_wan"], found["basic"]["reason"]) == (D("3.22"), "人员调资和单位业务活动增多")
    assert overview(seeds, S004)["three_public"]["change_wan"] == D("-13.5")  # line 35: 较上年预算减少13.5万元
    assert overview(seeds, S003)["project"]["change_wan"] == D("-212.14")  # line 33


def test_table_side_of_the_overview(seeds):
    table = overview(seeds, S001, source="table")
    # 001 line 211 (本年收入合计), 560 (基本支出), 1281 (公用经费), 2723 (采购 合计), 2838 (资产总额)
    assert {k: table[k]["amount_wan"] for k in ("income_total", "basic", "public_funds", "procurement", "fixed_assets")} == {
        "income_total": D("1452.21"), "basic": D("387.13"), "public_funds": D("31.82"),
        "procurement": D("47.80"), "fixed_assets": D("344.74")}
    assert overview(seeds, S004, source="table")["fixed_assets"]["amount_wan"] == D("1141.09")  # line 1735, table only
    assert "fixed_assets" not in overview(seeds, S004)


def test_unit_profile(seeds):
    profiles = seeds.frames["dim_unit_profile"]
    first = profiles.filter(disclosure_id=disclosure_of(seeds, S000)["disclosure_id"]).row(0, named=True)
    # line 1502: 事业单位 | 正科级 | 财政拨款; line 1494: 在职人数为4人
    assert (first["nature"], first["grade"], first["funding_form"], first["staff_count"]) == ("事业单位", "正科级", "财政拨款", 4)
    prose_only = profiles.filter(disclosure_id=disclosure_of(seeds, S004)["disclosure_id"]).row(0, named=True)
    # lines 24-27: 部门级别：副县级 / 性质：行政 / 经费形式：财政拨款 / 下设处室为综合处…
    assert (prose_only["grade"], prose_only["nature"], prose_only["funding_form"]) == ("副县级", "行政", "财政拨款")
    assert prose_only["divisions"].startswith("综合处、秘书处")


def test_procurement_and_fixed_assets(seeds):
    disclosure = disclosure_of(seeds, S004)["disclosure_id"]
    purchases = seeds.frames["fact_procurement"].filter(disclosure_id=disclosure, is_total=False)
    # lines 1656-1701: 250 (服务) + 190 (货物) + 300 + 600 (工程)
    assert sorted(zip(purchases["category"], purchases["amount_wan"], strict=True)) == [
        ("工程", D(300)), ("工程", D(600)), ("服务", D(250)), ("货物", D(190))]
    assets = seeds.frames["fact_fixed_asset"].filter(disclosure_id=disclosure_of(seeds, S001)["disclosure_id"])
    vehicles = assets.filter(category="2、车辆（台、辆）").row(0, named=True)  # line 2850: 1 | 14.06
    assert (vehicles["quantity"], vehicles["amount_wan"]) == (D(1), D("14.06"))


def test_sections_of_the_explanation(seeds):
    sections = seeds.frames["doc_section"].filter(disclosure_id=disclosure_of(seeds, S001)["disclosure_id"])
    # 001 numbers 三、机关运行经费 (line 1613) and then 3、 财政拨款"三公"经费 (line 1616)
    kinds = dict(zip(sections["source_location"], zip(sections["number"], sections["kind"], strict=True), strict=True))
    assert kinds[f"{S001}:1613"] == ("三", "operating_cost") and kinds[f"{S001}:1616"] == ("3", "three_public")
