"""Each unit's place as an administrative division code (dim_unit.place_code …), read by hand from
the samples, and the recogniser's rules: the evidence in order, never a guess."""

import pytest

from tests.conftest import S000, S001, S002, S003, S004, disclosure_of
from yusuan.model import Paragraph
from yusuan.parse.disclosures import Part
from yusuan.parse.places import division_in, locate

COLUMNS = ("place", "place_code", "place_level", "place_method", "place_confidence")


@pytest.mark.parametrize("file_name, part, expected", [
    # 000 lines 4 and 2969: 455沧州渤海新区南大港产业园区综合治理办公室: a zone of 沧州市, which has no code of its own
    (S000, 1, ("沧州渤海新区南大港产业园区", "130900", "city", "unit_name", "high")),
    (S000, 2, ("沧州渤海新区南大港产业园区", "130900", "city", "unit_name", "high")),
    # 001 line 3: 216001中共秦皇岛市海港区委政法委员会本级
    (S001, 1, ("秦皇岛市海港区", "130302", "county", "unit_name", "high")),
    # 002 line 2: 223沧州经济开发区群众工作中心
    (S002, 1, ("沧州经济开发区", "130900", "city", "unit_name", "high")),
    # 003 lines 3-4: 中共大厂回族自治县委政法委员会 (廊坊市)
    (S003, 1, ("大厂回族自治县", "131028", "county", "unit_name", "high")),
    # 004 line 1: 办公室部门预算情况说明 names no place; the text speaks of 高新区 and twice of 唐山高新区
    # (line 46: 负责《唐山高新区报》的撰稿, line 485: 开设唐山高新区专栏): 唐山市, from the text, low.
    (S004, 1, (None, "130200", "city", "document_text", "low")),
])
def test_the_place_of_each_sample(seeds, file_name, part, expected):
    unit_id = disclosure_of(seeds, file_name, part)["unit_id"]
    unit = seeds.frames["dim_unit"].filter(unit_id=unit_id).row(0, named=True)
    assert tuple(unit[c] for c in COLUMNS) == expected


def test_the_warehouse_carries_the_codes(con):
    assert sorted(con.execute("SELECT DISTINCT place_code, place_level FROM dim_unit").fetchall()) == [
        ("130200", "city"), ("130302", "county"), ("130900", "city"), ("131028", "county")]


@pytest.mark.parametrize("phrase, year, code", [
    ("秦皇岛市海港区", 2023, "130302"),
    ("河北省唐山市", 2021, "130200"),
    ("沧州渤海新区南大港产业园区", 2021, "130900"),  # stops at 渤海新区: no division of that name
    ("邯郸市邱县", 2021, "130430"),
    ("雄县", 2021, "130638"),  # a county named alone, unique in its year
    ("新华区", 2021, None),  # 石家庄 and 沧州 both have one: not guessed
    ("沧州市新华区", 2021, "130902"),  # the city before it tells which
    ("石家庄市海港区", 2021, "130100"),  # 海港区 is in 秦皇岛, not inside 石家庄: the city only
    ("滦县", 2016, "130223"),
    ("滦县", 2021, None),  # 滦县 became 滦州市 (130284) in 2018
    ("滦州市", 2021, "130284"),
    ("滦州市", 2026, "130284"),  # after the table's last year: that year's divisions
    ("南大港产业园区", 2021, None),
])
def test_division_in_a_place_phrase(phrase, year, code):
    found = division_in(phrase, year)
    assert (found.code if found else None) == code


def _part(*texts: str, year: int = 2021) -> Part:
    return Part(seq=1, blocks=[Paragraph(t, n) for n, t in enumerate(texts, 1)], budget_year=year)


def test_the_evidence_in_order_sidecar_name_folder_text():
    text = _part("负责《唐山高新区报》的撰稿")
    assert locate(text, "廊坊市大厂回族自治县", True, "a.txt") == {
        "place_code": "131028", "place_level": "county", "place_method": "sidecar", "place_confidence": "high"}
    assert locate(text, "大厂回族自治县", False, "河北省/唐山市/a.txt")["place_method"] == "unit_name"
    assert locate(text, None, False, "河北省/唐山市/路南区/a.txt") == {
        "place_code": "130202", "place_level": "county", "place_method": "folder", "place_confidence": "medium"}
    assert locate(text, None, False, "2021/batch 1/a.txt")["place_method"] == "document_text"
    # a place phrase that names no division leaves the weaker evidence to speak
    assert locate(text, "南大港产业园区", False, "a.txt")["place_code"] == "130200"


def test_no_evidence_no_place():
    assert locate(_part("办公室部门预算情况说明", "负责高新区党工委文件的起草"), None, False, "a.txt") == dict.fromkeys(
        ("place_code", "place_level", "place_method", "place_confidence"))


def test_text_evidence_must_point_one_way():
    # two cities' zones: which one is the unit's is not known
    assert locate(_part("唐山高新区", "沧州经济开发区"), None, False, "a.txt")["place_code"] is None
    # a county's zone and its city's: the county
    assert locate(_part("唐山高新区", "唐山市丰润区经济开发区"), None, False, "a.txt")["place_code"] == "130208"
    # a zone after a name several divisions bear (桥西区: 石家庄, 邢台, 张家口) is no evidence
    assert locate(_part("桥西区开发区"), None, False, "a.txt")["place_code"] is None
