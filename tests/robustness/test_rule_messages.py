"""Issue #16 (a): a rule's message is never null. dq_result.message is NOT NULL, so one null
part of one failing rule's message used to abort the publish of the whole batch."""

import polars as pl
import pytest

from yusuan.quality.catalog import RULES
from yusuan.quality.checks import CHECKS
from yusuan.quality.evaluate import STRUCTURE_RULE, _structure


def _nulled(frames: dict, table: str, column: str) -> dict:
    return {**frames, table: frames[table].with_columns(pl.lit(None, frames[table].schema[column]).alias(column))}


def _variants(frames: dict):
    """The seeds' frames with, in turn, each non-key column of each table all null."""
    for table, frame in frames.items():
        for column in frame.columns:
            if not column.endswith("_id"):
                yield f"{table}.{column}", _nulled(frames, table, column)


@pytest.mark.parametrize("rule_id", [r.id for r in RULES if r.id != STRUCTURE_RULE])
def test_every_rule_message_is_never_null(seeds, rule_id):
    nulls = []
    for where, frames in _variants(seeds.frames):
        found = CHECKS[rule_id](frames)
        if found["message"].null_count():
            nulls.append(where)
    assert not nulls, f"{rule_id} gives null messages when these are null: {nulls}"


def test_structure_message_names_a_null_failure_case(seeds):
    frames = _nulled(seeds.frames, "fact_expenditure", "table_kind")  # NOT NULL in the schema
    failures = _structure(frames)
    assert failures.height and failures["message"].null_count() == 0
