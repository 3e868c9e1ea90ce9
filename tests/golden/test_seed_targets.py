"""Performance targets of the seeds: counts and values read by hand (file:line in comments)."""

from decimal import Decimal

import pytest

from tests.conftest import S000, S001, S002, S003, S004, disclosure_of, fact_at

D = Decimal


def rows_of(seeds, table, file_name):
    frame = seeds.frames[table]
    return frame.filter(frame["source_location"].str.starts_with(file_name + ":"))


# Project tables: the titles ending in 绩效目标表 (grep -c), 000 printing its 12 twice.
# Indicator rows: counted per table below the 一级指标 header. A grep of level-2 cells
# (^\t(数量指标|质量指标|…)$) gives 186/90/81/204/98; it over-counts where level-2 names are
# repeated in the 三级指标 and description columns (000 rows at lines 2072 and 2288, 社会效益指标
# twice each, and the same two tables in part 2; 003 lines 1586-1635, 8 rows), checked by eye.
# 003 adds its department-wide table (lines 87-249, 19 rows).
@pytest.mark.parametrize("file_name, projects, indicators", [
    (S000, 24, 178), (S001, 13, 90), (S002, 9, 81), (S003, 20, 215), (S004, 16, 98),
])
def test_projects_and_indicators_per_seed(seeds, file_name, projects, indicators):
    assert rows_of(seeds, "dim_project", file_name).height == projects
    assert rows_of(seeds, "fact_performance_indicator", file_name).height == indicators


def test_project_code_and_budget_as_printed(seeds):
    code = fact_at(seeds, "dim_project", f"{S004}:166")  # 2、慰问活动经费绩效目标表
    assert (code["project_code"], code["project_name"]) == ("13021121P29UKS2U1CSX1", "慰问活动经费")  # lines 171, 173
    assert (code["budget_wan"], code["fiscal_wan"], code["other_wan"]) == (D("100.00"), D("100.00"), None)  # 177, 179, 181
    odd = fact_at(seeds, "dim_project", f"{S004}:815")
    assert odd["project_code"] == "102-1002-JBN-DCDC"  # line 820: not 21 characters, kept as printed


def test_header_part_omitted_leaves_budget_unknown(seeds):
    project = fact_at(seeds, "dim_project", f"{S001}:1708")  # 2、海防工作经费绩效目标表, no 项目编码/预算数 rows
    assert (project["project_name"], project["budget_wan"], project["project_code"]) == ("海防工作经费", None, None)


def test_same_project_in_both_parts_of_000_loads_under_each_disclosure(seeds):
    names = seeds.frames["dim_project"].filter(project_name="河北省信息系统网络维护费")  # lines 1584 and 4498
    first, second = disclosure_of(seeds, S000, 1), disclosure_of(seeds, S000, 2)
    assert sorted(names["disclosure_id"]) == sorted([first["disclosure_id"], second["disclosure_id"]])


def test_spend_plan_as_percent(seeds):
    project = fact_at(seeds, "dim_project", f"{S000}:1671")  # budget 80 (line 1680); 25/50/80/100 (lines 1697-1700)
    plan = seeds.frames["fact_spend_plan"].filter(project_id=project["project_id"]).sort("period_end")
    assert plan["cumulative_pct"].to_list() == [D(25), D(50), D(80), D(100)]
    assert plan["cumulative_wan"].to_list() == [D(20), D(40), D(64), D(80)]
    assert not any(plan["is_amount_form"])


def test_spend_plan_printed_as_amounts_is_told_apart(seeds):
    # 002 lines 1205-1208: 4.00 / 8.00 / 12.00 / 18.00 under 资金支出计划（%）, ending at the budget 18.00.
    project = fact_at(seeds, "dim_project", f"{S002}:1179")
    plan = seeds.frames["fact_spend_plan"].filter(project_id=project["project_id"]).sort("period_end")
    assert plan["cumulative_wan"].to_list() == [D(4), D(8), D(12), D(18)]
    assert plan["cumulative_pct"].to_list() == [D("22.22"), D("44.44"), D("66.67"), D(100)]
    assert all(plan["is_amount_form"])


def test_goals_from_rows_and_from_one_cell(seeds):
    rows = fact_at(seeds, "fact_performance_goal", f"{S000}:1708")  # 000 lines 1702-1708: 目标1 / 目标2 rows
    assert (rows["seq"], rows["goal_text"]) == (2, "做好维稳工作，争取不出现赴省、进京事件")
    placeholders = seeds.frames["fact_performance_goal"].filter(source_location=f"{S001}:1710")  # 1.目标内容1 / 2.目标内容2
    assert placeholders["goal_text"].to_list() == ["目标内容1", "目标内容2"]


def test_indicator_with_zhibiao_shuoming_header(seeds):
    row = fact_at(seeds, "fact_performance_indicator", f"{S000}:1721")  # header 指标说明 (line 1713)
    assert (row["level1"], row["level2"], row["level3"]) == ("产出指标", "数量指标", "转交办信访案件")
    assert (row["description"], row["target_raw"], row["target_value"], row["basis"]) == (
        "上级转交办信访案件", "35.00", D("35.00"), "信访案件")


def test_blank_level_cells_repeat_the_row_above(seeds):
    row = fact_at(seeds, "fact_performance_indicator", f"{S001}:1652")  # row at 1646 starts with a blank 一级指标
    assert (row["level1"], row["level2"], row["target_value"], row["target_unit"]) == ("产出指标", "质量指标", D(100), "%")


def test_effect_indicator_is_normalised_to_benefit(seeds):
    row = fact_at(seeds, "fact_performance_indicator", f"{S004}:146")  # line 142: 效果指标 | 可持续影响指标 | … | 是
    assert (row["level1"], row["level1_norm"], row["is_qualitative"]) == ("效果指标", "效益指标", True)


def test_missing_basis_is_null(seeds):
    row = fact_at(seeds, "fact_performance_indicator", f"{S004}:1277")  # lines 1273-1278: basis cell empty
    assert (row["target_raw"], row["basis"]) == ("是", None)


def test_classified_rows_have_no_value(seeds):
    project = fact_at(seeds, "dim_project", f"{S004}:1502")  # 16、密码工作经费: rows 1547-1575 say 涉密
    rows = seeds.frames["fact_performance_indicator"].filter(project_id=project["project_id"])
    assert rows.height == 5
    assert all(rows["is_classified"]) and rows["target_value"].null_count() == 5


def test_department_table_maps_split_columns_by_what_they_hold(seeds):
    # 003 lines 87-94: 部门产出 | 数量 | 网格系统维护 | … | = | 1 | 套 | 工作要求 (the 符号 column holds 套).
    row = fact_at(seeds, "fact_performance_indicator", f"{S003}:91")
    assert row["project_id"] is None
    assert (row["target_raw"], row["operator"], row["target_value"], row["target_unit"], row["basis"]) == (
        "=1套", "=", D(1), "套", "工作要求")
    assert (row["level1_norm"], row["level2_norm"]) == ("产出指标", "数量指标")
    # lines 222-229: 文字描述 in the operator column, the text 显著 in the unit column.
    text = fact_at(seeds, "fact_performance_indicator", f"{S003}:226")
    assert (text["target_raw"], text["is_qualitative"], text["operator"]) == ("显著", True, None)


def test_department_prose_sections(seeds):
    texts = rows_of(seeds, "performance_text", S003)
    # 003 lines 41-69: 一、总体绩效目标 (42-47), 二、分项绩效目标 (49-57), 三、工作保障措施 (59-69).
    assert texts.group_by("section").len().sort("section").rows() == [
        ("item_goals", 9), ("overall_goal", 6), ("safeguards", 11)]
