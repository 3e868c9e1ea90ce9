"""The validated stage's structure rules: each parsed frame against its Pandera schema.

Failures are returned as rows (table, column, check, failure case, row index), never raised,
so one malformed frame is reported in full instead of stopping the run at the first error.
The reconciliation rules (totals, trees, cross-table identities) are a separate stage.

Pandera (and the pandas it brings) is imported at the first validation, not with this module:
every Dagster start imports the assets, and a run with nothing to validate should not pay it.
"""

from __future__ import annotations

import polars as pl

FAILURE_COLUMNS = {"table": pl.String, "column": pl.String, "check": pl.String,
                   "failure_case": pl.String, "row_index": pl.Int64}


def schemas() -> dict:
    """The Pandera schema of every warehouse table (schemas.frames builds them once, when imported)."""
    from schemas.frames import SCHEMAS

    return SCHEMAS


def structure_failures(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    import pandera.errors

    try:
        schemas()[table].validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        return pl.DataFrame({
            "table": [table] * cases.height,
            "column": cases["column"].cast(pl.String),
            "check": cases["check"].cast(pl.String),
            "failure_case": cases["failure_case"].cast(pl.String),
            "row_index": cases["index"].cast(pl.Int64),
        }, schema=FAILURE_COLUMNS)
    return pl.DataFrame(schema=FAILURE_COLUMNS)
