"""Compare parsed frames (yusuan.parse.batch) and rule results (yusuan.quality.evaluate) with the
truth a corpus was written with: each truth table against the frames it describes, as
multisets of rows keyed by file name and part. Used by tests/synth; handy after any run on a
generated corpus.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from yusuan.synth.corpus import TRUTH_FILES

KEY = ["file_name", "part"]
COMPARED = {  # truth table → its columns compared (all but the key's disclosure_id)
    name: [c for c in TRUTH_FILES[name] if c != "disclosure_id"]
    for name in ("expenditure", "income", "three_public", "indicators", "tables")
}
COMPARED["disclosures"] = [*KEY, "scope", "budget_year", "unit_code", "unit_name", "place"]


def read_truth(folder: Path, name: str) -> pl.DataFrame:
    return pl.read_parquet(folder / f"{name}.parquet")


def _keys(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """disclosure_id → file_name, part."""
    documents = frames["dim_document"].select("document_id", "file_name")
    return frames["dim_disclosure"].join(documents, on="document_id").select(
        "disclosure_id", "file_name", part=pl.col("disclosure_id").str.split("-").list.last().cast(pl.Int32))


def actual_tables(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The parsed frames in the shape of the truth tables."""
    keys = _keys(frames)
    out = {
        "expenditure": frames["fact_expenditure"],
        "income": frames["fact_income"],
        "three_public": frames["fact_three_public"],
        "indicators": frames["fact_performance_indicator"].with_columns(
            project_seq=pl.col("project_id").str.extract(r"-p(\d+)$").cast(pl.Int32)),
        "tables": frames["dim_table"],
        "disclosures": frames["dim_disclosure"].join(frames["dim_unit"], on="unit_id"),
    }
    return {name: frame.join(keys, on="disclosure_id").select(COMPARED[name]) for name, frame in out.items()}


def expected_tables(folder: Path) -> dict[str, pl.DataFrame]:
    return {name: read_truth(folder, name).select(columns) for name, columns in COMPARED.items()}


def failures_actual(results: pl.DataFrame, frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    return results.filter(status="fail").join(_keys(frames), on="disclosure_id", how="left").select(
        *KEY, "rule_id").unique()


def failures_expected(folder: Path) -> pl.DataFrame:
    return read_truth(folder, "failures").select(*KEY, "rule_id").unique()


def difference(expected: pl.DataFrame, actual: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows expected but not found, rows found but not expected), counting duplicates."""
    columns = expected.columns
    actual = actual.select(columns).cast(dict(expected.schema))
    e = expected.with_columns(n=pl.int_range(pl.len()).over(columns))
    a = actual.with_columns(n=pl.int_range(pl.len()).over(columns))
    on = [*columns, "n"]
    return e.join(a, on=on, how="anti", nulls_equal=True), a.join(e, on=on, how="anti", nulls_equal=True)
