"""Performance target tables on snippets: header part, goals, indicators, department prose."""

from decimal import Decimal

from tests.unit.tika import gpb_basic, table
from yusuan.parse.document import parse_document
from yusuan.parse.disclosures import split_parts
from yusuan.parse.targets import parse_targets
from yusuan.readers.tika_text import parse_tika_text

INDICATOR_HEADER = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]


def targets(text: str):
    (part,) = split_parts(parse_tika_text("t.txt", "2021年部门预算信息公开情况说明\n" + text))
    return parse_targets(part, "d", "t.txt")


def test_header_part_by_label_and_indicators_by_column():
    result = targets("1、慰问活动经费绩效目标表\n" + table(
        ["项目编码", "13021121P29UKS2U1CSX1", "专项资金名称", "慰问活动经费"],
        ["预算规模及资金用途", "预算数", "100.00", "其中：财政资金", "90", "其他资金", "10"],
        ["", "走访慰问"],
        ["资金支出计划（%）", "3月底", "6月底", "10月底", "12月底"],
        ["", "80.00", "90.00", "95.00", "100.00"],
        ["绩效目标", "1、节日问候\n2、完成市慰问任务"],
        INDICATOR_HEADER,
        ["产出指标", "数量指标", "走访人数", "重点优抚对象", "≥1000", "往年经验"],
        ["", "时效指标", "按时完成", "按时慰问", "是", ""],
    ))
    (project,) = result.projects
    assert (project["project_code"], project["budget_wan"], project["fiscal_wan"], project["other_wan"], project["purpose"]) == (
        "13021121P29UKS2U1CSX1", Decimal("100.00"), Decimal(90), Decimal(10), "走访慰问")
    assert [s["cumulative_pct"] for s in result.spend_plan] == [Decimal(80), Decimal(90), Decimal(95), Decimal(100)]
    assert [g["goal_text"] for g in result.goals] == ["节日问候", "完成市慰问任务"]
    assert [(i["level1"], i["level2"], i["operator"], i["basis"]) for i in result.indicators] == [
        ("产出指标", "数量指标", ">=", "往年经验"), ("产出指标", "时效指标", None, None)]


def test_table_without_header_part_takes_its_name_from_the_title():
    result = targets("2、海防工作经费绩效目标表\n" + table(
        ["绩效目标", "1.目标内容1\n2.目标内容2"], INDICATOR_HEADER,
        ["产出指标", "数量指标", "联防演练次数", "提升技能", "≥1次", "年度工作计划"]))
    assert result.projects[0]["project_name"] == "海防工作经费"
    assert result.projects[0]["budget_wan"] is None
    assert [g["goal_text"] for g in result.goals] == ["目标内容1", "目标内容2"]


def test_split_row_is_rejoined_from_the_indicator_header():
    # 001 lines 1636-1644 in Tika form: 3 + 1 + 2 cells, split by empty paragraphs.
    text = ("1、反邪教专项资金绩效目标表\n\t一级指标\n\t二级指标\n\t三级指标\n\t绩效指标描述\n\t指标值\n\t指标值确定依据\n\n"
            "\t产出指标\n\t数量指标\n\t开展清理活动次数\n\n\t每季度开展一次\n\n\t≥4次\n\t年度工作计划\n\n\n")
    (row,) = targets(text).indicators
    assert (row["level3"], row["description"], row["target_value"], row["target_unit"]) == (
        "开展清理活动次数", "每季度开展一次", Decimal(4), "次")


def test_department_table_with_split_operator_value_unit_columns():
    result = targets("四、部门整体支出绩效指标\n" + table(
        INDICATOR_HEADER, ["", "", "", "", "符号", "值", "符号", ""],
        ["部门产出", "数量", "保险户数", "全县农村户数", "≥", "3.32", "万户", "实施计划"],
        ["部门效果", "社会效益", "实战能力", "深度应用", "文字描述", "", "显著", "问卷调查"]))
    assert [(i["project_id"], i["target_raw"], i["target_status"], i["basis"]) for i in result.indicators] == [
        (None, "≥3.32万户", "number", "实施计划"), (None, "显著", "qualitative", "问卷调查")]


def test_classified_rows():
    result = targets("16、密码工作经费绩效目标表\n" + table(INDICATOR_HEADER, ["产出指标", "数量指标", "涉密", "涉密", "", ""]))
    (row,) = result.indicators
    assert (row["is_classified"], row["target_status"], row["target_value"]) == (True, "classified", None)


def test_department_prose_runs_to_the_next_heading():
    result = targets("（一）总体绩效目标\n维护稳定。\n（二）分项绩效目标\n1、信访工作\n绩效目标：畅通渠道。\n"
                     "（三）工作保障措施\n一、组织保障\n成立领导小组。\n六、政府采购预算情况\n采购70万元。\n")
    assert [(t["section"], t["text"]) for t in result.texts] == [
        ("overall_goal", "维护稳定。"), ("item_goals", "1、信访工作"), ("item_goals", "绩效目标：畅通渠道。"),
        ("safeguards", "一、组织保障"), ("safeguards", "成立领导小组。")]


def test_indicators_run_on_inside_a_standard_table_are_still_found():
    # A standard table and a target table with no paragraph between them are one table in Word:
    # the indicator header then sits among the standard table's rows, and its words are reported
    # as figures that are not amounts, yet the indicators under it are read.
    text = gpb_basic(body=[["1", "", "合计", "69.88", "61.17", "8.71"], INDICATOR_HEADER,
                           ["产出指标", "数量指标", "走访人数", "重点优抚对象", "≥1000", "往年经验"]])
    rows = parse_document(parse_tika_text("t.txt", text), "0" * 16)
    assert {i["problem"] for i in rows["parse_issue"]} == {"not_an_amount"}
    assert [(i["level3"], i["target_value"]) for i in rows["fact_performance_indicator"]] == [("走访人数", Decimal(1000))]
