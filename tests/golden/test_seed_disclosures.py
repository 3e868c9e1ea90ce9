"""Who, when and where each seed disclosure is about, read by hand from the seeds."""

import pytest

from tests.conftest import S000, S001, S002, S003, S004, disclosure_of


def unit_of(seeds, disclosure):
    return seeds.frames["dim_unit"].filter(unit_id=disclosure["unit_id"]).row(0, named=True)


@pytest.mark.parametrize("file_name, part, scope, code, name, year, place, first_line", [
    (S000, 1, "department", "455", "沧州渤海新区南大港产业园区综合治理办公室", 2021, "沧州渤海新区南大港产业园区", 1),  # line 4
    (S000, 2, "unit", "455001", "沧州渤海新区南大港产业园区综合治理办公室", 2021, "沧州渤海新区南大港产业园区", 2966),  # line 2969
    (S001, 1, "unit", "216001", "中共秦皇岛市海港区委政法委员会本级", 2023, "秦皇岛市海港区", 1),  # line 3
    (S002, 1, "department", "223", "沧州经济开发区群众工作中心", 2024, "沧州经济开发区", 1),  # line 2
    (S003, 1, "department", None, "中共大厂回族自治县委政法委员会", 2021, "大厂回族自治县", 3),  # lines 3-4
    (S004, 1, "department", None, "办公室", 2021, None, 1),  # line 1: 办公室部门预算情况说明; 2021 from line 29
])
def test_disclosure_identity(seeds, file_name, part, scope, code, name, year, place, first_line):
    disclosure = disclosure_of(seeds, file_name, part)
    unit = unit_of(seeds, disclosure)
    assert (disclosure["scope"], disclosure["budget_year"], disclosure["first_line"]) == (scope, year, first_line)
    assert (unit["unit_code"], unit["unit_name"], unit["place"]) == (code, name, place)
    assert unit["is_department"] == (scope == "department")


def test_000_holds_two_disclosures_split_at_the_second_part(seeds):
    # line 2966: 第二部分  部门所属单位预算 starts the unit part; the department part ends just above.
    assert disclosure_of(seeds, S000, 1)["last_line"] == 2965
    assert disclosure_of(seeds, S000, 2)["last_line"] == 5895

def test_000_unit_part_keeps_the_heading_name_as_an_alias(seeds):
    unit = unit_of(seeds, disclosure_of(seeds, S000, 2))
    # line 2967: 一、沧州渤海新区南大港产业园区政法工作办公室本级收支预算; the tables (line 2969) say 综合治理办公室.
    assert "沧州渤海新区南大港产业园区政法工作办公室本级" in unit["aliases"]


def test_same_code_in_another_place_is_another_unit(seeds):
    assert seeds.frames["dim_unit"].height == 6
    assert seeds.frames["dim_unit"]["unit_id"].n_unique() == 6


@pytest.mark.parametrize("file_name", [S003, S004])
def test_prose_only_documents_record_all_nine_tables_absent(seeds, file_name):
    disclosure = disclosure_of(seeds, file_name)
    tables = seeds.frames["dim_table"].filter(disclosure_id=disclosure["disclosure_id"])
    assert tables.height == 9
    assert set(tables["status"]) == {"absent"}
