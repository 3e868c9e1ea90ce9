"""Structure rules generated from schemas/warehouse.yaml report failing values, never raise."""

import polars as pl

from schemas import TABLES
from yusuan.validate import structure_failures


def subjects(**overrides) -> pl.DataFrame:
    row = {"subject_id": "functional:2021:201", "classification": "functional", "budget_year": 2021,
           "code": "201", "name": "一般公共服务支出", "level": "class", "parent_code": None} | overrides
    return pl.DataFrame([row], schema=TABLES["dim_subject"].polars_schema)


def test_a_valid_frame_has_no_failures():
    assert structure_failures("dim_subject", subjects()).is_empty()


def test_bad_code_vocabulary_and_duplicate_key_are_each_reported():
    frame = pl.concat([subjects(code="2010", level="category"), subjects()])
    failures = structure_failures("dim_subject", frame)
    assert set(zip(failures["column"], failures["failure_case"], failures["row_index"], strict=True)) >= {
        ("code", "2010", 0), ("level", "category", 0)}
    assert failures.filter(check="multiple_fields_uniqueness")["row_index"].to_list() == [0, 1]
