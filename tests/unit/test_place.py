"""The place a unit's name starts with (dim_unit.place), which DEP-001 matches departments and units on."""

import pytest

from yusuan.parse.disclosures import place_of


@pytest.mark.parametrize("name, place", [
    ("中共秦皇岛市海港区委政法委员会本级", "秦皇岛市海港区"),  # 001
    ("沧州渤海新区南大港产业园区综合治理办公室", "沧州渤海新区南大港产业园区"),  # 000
    ("中共大厂回族自治县委政法委员会", "大厂回族自治县"),  # 003
    # Hebei counties whose name is one character before 县: the place was cut back to the city
    # (保定市) or ran into the next word (邱县市), so DEP-001 matched departments across places.
    ("保定市雄县财政局", "保定市雄县"),
    ("雄县财政局", "雄县"),
    ("中共石家庄市赵县委政法委员会", "石家庄市赵县"),
    ("邯郸市涉县教育局本级", "邯郸市涉县"),
    ("沧县民政局", "沧县"),
    ("邯郸市邱县市场监督管理局", "邯郸市邱县"),  # not 邯郸市邱县市
    ("石家庄市正定县市场监督管理局", "石家庄市正定县"),
])
def test_place_of_a_unit_name(name, place):
    assert place_of(name) == place


@pytest.mark.parametrize("name", ["办公室", "县委办公室", "市场监督管理局", "社区服务中心"])
def test_names_without_a_place(name):
    assert place_of(name) is None
