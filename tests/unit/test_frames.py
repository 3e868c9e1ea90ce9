"""A table's rows → its typed frame: built a column at a time for speed, it must hold what polars'
own constructor from the same dicts gives, whatever the rows hold (the general way, which the
batch falls back on)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from schemas import TABLES
from yusuan.parse.batch import _frame


def _overview(**values) -> dict:
    row = {"disclosure_id": "d", "item": "total", "source": None, "amount_wan": Decimal("761.99"),
           "printed_amount": Decimal("7619900.0000"), "printed_unit": "元", "change_wan": None, "change_pct": Decimal("-3.5"),
           "reason": None, "wording": "收入预算761.99万元", "source_location": "f.txt:12"}
    return {**row, **values}


@pytest.mark.parametrize("rows", [
    [_overview(), _overview(amount_wan=None, change_wan=Decimal("0.00"))],  # a missing figure beside printed ones
    [_overview(amount_wan=Decimal("1E+2"))],  # a figure printed with an exponent
    [_overview(printed_amount=Decimal("-0.0001"), change_pct=Decimal("12345678901234567.5"))],
    [_overview(amount_wan=None), _overview(amount_wan=None)],  # a column of nothing but nulls
    [_overview(amount_wan=1.5)],  # no Decimal: converted as polars converts it
    [_overview(), _overview(amount_wan="761.99万元", disclosure_id=5)],  # text where a figure goes, a number where text goes
])
def test_a_frame_holds_what_polars_builds_from_the_same_dicts(rows):
    schema = TABLES["fact_budget_overview"].polars_schema
    assert_frame_equal(_frame("fact_budget_overview", rows), pl.DataFrame(rows, schema=schema))


def test_rows_short_of_a_column_or_of_other_types_are_built_as_polars_builds_them():
    schema = TABLES["dim_document"].polars_schema
    row = {"document_id": "a" * 16, "file_name": "x.txt", "sha256": "0" * 64, "format": "tika_text", "size_bytes": 10,
           "mtime_ns": 1, "parser_version": "0", "status": "current", "reason": None,
           "ingested_at": dt.datetime(2026, 12, 3, 14, 0), "retired_at": None}
    short = {k: v for k, v in row.items() if k != "retired_at"}  # a key left out is null, as in polars
    assert_frame_equal(_frame("dim_document", [row, short]), pl.DataFrame([row, short], schema=schema))


def test_a_value_no_column_can_hold_fails_as_polars_fails():
    rows = [{"document_id": "a" * 16, "size_bytes": 2**70}]  # beyond BIGINT: the batch then finds the document (_misfit)
    with pytest.raises(Exception) as ours:
        _frame("dim_document", rows)
    with pytest.raises(Exception) as theirs:
        pl.DataFrame(rows, schema=TABLES["dim_document"].polars_schema)
    assert type(ours.value) is type(theirs.value)


def test_an_empty_table_has_its_columns_and_types():
    frame = _frame("fact_expenditure", [])
    assert frame.height == 0 and frame.schema == TABLES["fact_expenditure"].polars_schema
