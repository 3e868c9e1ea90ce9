"""Target values (指标值) as printed in the seeds → (operator, value, unit, status)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yusuan.parse.target_values import parse_target
from yusuan.vocab import TARGET_STATUSES

D = Decimal
N = "number"
Q = "qualitative"

# (seed:line, printed, operator, value, unit) — read off the seeds.
CASES = [
    ("000:1645", "1台", "=", "1", "台"),
    ("000:1652", ">95%", ">", "95", "%"),
    ("000:1721", "35.00", "=", "35.00", None),
    ("000:1728", "补贴不超过180", "<=", "180", None),
    ("000:1735", "<=10.00", "<=", "10.00", None),
    ("000:1742", "24.00", "=", "24.00", None),
    ("000:1777", ">=95.00", ">=", "95.00", None),
    ("000:1854", "每户25元", "=", "25", "元"),
    ("000:1948", "50000.00元", "=", "50000.00", "元"),
    ("000:1955", ">=3.00次", ">=", "3.00", "次"),
    ("000:1983", ">=90.00%", ">=", "90.00", "%"),
    ("000:2257", "209", "=", "209", None),
    ("000:2264", ">=95.00%", ">=", "95.00", "%"),
    ("000:2387", "95%", "=", "95", "%"),
    ("001:1642", "≥4次", ">=", "4", "次"),
    ("001:1652", "100%", "=", "100", "%"),
    ("001:1673", "≤5万元", "<=", "5", "万元"),
    ("001:1703", "≥90%", ">=", "90", "%"),
    ("001:1861", "≥80%", ">=", "80", "%"),
    ("001:1937", "0%", "=", "0", "%"),
    ("001:2316", "≥3个", ">=", "3", "个"),
    ("001:2344", "20万元", "=", "20", "万元"),
    ("001:2496", "≤33.08万元", "<=", "33.08", "万元"),
    ("001:2506", "3年", "=", "3", "年"),
    ("001:2675", "0起", "=", "0", "起"),
    ("002:1226", "≥95", ">=", "95", None),
    ("002:1444", "≥95百分比", ">=", "95", "%"),
    ("002:1493", "≥90百分比", ">=", "90", "%"),
    ("003:279", "≥2台", ">=", "2", "台"),
    ("003:300", "100百分比", "=", "100", "%"),
    ("003:307", "≤90天", "<=", "90", "天"),
    ("003:314", "≤182000元", "<=", "182000", "元"),
    ("003:328", "≤3个月", "<=", "3", "个月"),
    ("003:335", "≥100百分比", ">=", "100", "%"),
    ("003:364", "1629条", "=", "1629", "条"),
    ("003:392", "≤146.68元", "<=", "146.68", "元"),
    ("003:442", "≥3.2万户", ">=", "3.2", "万户"),
    ("003:527", "≥2件案件", ">=", "2", "件案件"),
    ("003:541", "≤12月份", "<=", "12", "月份"),
    ("003:647", "≤511.89万元", "<=", "511.89", "万元"),
    ("003:823", "0百分比", "=", "0", "%"),
    ("003:852", "42节点", "=", "42", "节点"),
    ("003:972", "≤0.4元", "<=", "0.4", "元"),
    ("003:1044", "≥75平米", ">=", "75", "平米"),
    ("003:1221", "≥38支（箱）", ">=", "38", "支(箱)"),
    ("003:1320", "178610度", "=", "178610", "度"),
    ("003:1362", "≤6条/天/元", "<=", "6", "条/天/元"),
    ("003:1369", "≤3‰", "<=", "3", "‰"),
    ("003:1682", "14000千瓦", "=", "14000", "千瓦"),
    ("003:1803", "≤10日", "<=", "10", "日"),
    ("003:1810", "≤0.44万", "<=", "0.44", "万"),
    ("004:223", "≥1000", ">=", "1000", None),
    ("004:230", "=100%", "=", "100", "%"),
    ("004:683", "≤3000路", "<=", "3000", "路"),
    ("004:872", "＜3", "<", "3", None),
    ("004:1102", "≥1万人", ">=", "1", "万人"),
    ("004:1364", "10M", "=", "10", "M"),
    ("004:1371", "24小时", "=", "24", "小时"),
    ("004:1480", "≤5000元每人", "<=", "5000", "元每人"),
    ("003:91", "=1套", "=", "1", "套"),  # 003 department table: = | 1 | 套 in three columns
    ("003:127", "≥3.32万户", ">=", "3.32", "万户"),
    ("issue", "不低于90%", ">=", "90", "%"),
    ("issue", "两次", "=", "2", "次"),
    ("issue", "90%-95%", "between", "90", "%"),
]


@pytest.mark.parametrize("where, printed, operator, value, unit", CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_numeric_targets(where, printed, operator, value, unit):
    target = parse_target(printed)
    assert (target.operator, target.value, target.unit, target.status) == (operator, D(value), unit, N)


QUALITATIVE = [
    ("004:118", "是"), ("003:413", "显著"), ("000:1962", "良好"), ("003:456", "及时"), ("001:1683", "效果明显"),
    ("001:1736", "较上年明显降低"), ("000:1847", "第一时间内"), ("003:1824", "非常满意"), ("001:2097", "保持历史低位"),
]


@pytest.mark.parametrize("where, printed", QUALITATIVE)
def test_qualitative_targets(where, printed):
    target = parse_target(printed)
    assert (target.status, target.is_qualitative, target.value, target.operator) == (Q, True, None, None)


def test_money_targets_are_given_in_wan_with_their_unit_kept():
    assert parse_target("≤182000元").value_wan == D("18.2")  # 003 line 314
    assert parse_target("≤5万元").value_wan == D("5")  # 001 line 1673
    assert parse_target("≥3.2万户").value_wan is None  # 003 line 442: 万户 is not money


def test_range_keeps_both_ends():
    target = parse_target("1-3个月")
    assert (target.operator, target.value, target.value_high, target.unit) == ("between", D(1), D(3), "个月")


def test_digits_that_fit_no_pattern_are_flagged_unparsed():
    # 000 line 2380: a list of equipment counts in one cell.
    target = parse_target("智能高清红外枪机264处、球机8处、跟踪球4个")
    assert (target.status, target.value) == ("unparsed", None)


def test_empty_and_classified():
    assert parse_target("").status == "empty"  # 004 line 522
    assert parse_target("涉密").status == "classified"  # 004 line 1549


@given(st.text())
def test_any_text_gives_a_result_never_an_exception(text):
    assert parse_target(text).status in TARGET_STATUSES
