"""warehouse: the validated frames published as the DuckDB star schema, atomically."""

from pathlib import Path

import dagster as dg
import polars as pl

from assets.parsed import PARSED_TABLES
from pipelines.resources import YusuanPaths
from yusuan.warehouse.publish import publish


@dg.asset(
    group_name="warehouse",
    kinds={"duckdb"},
    ins={f"validated_{t}": dg.AssetIn(f"validated_{t}") for t in PARSED_TABLES} | {"parsed_ledger": dg.AssetIn()},
)
def budget_warehouse(context: dg.AssetExecutionContext, paths: YusuanPaths, parsed_ledger: pl.DataFrame, **validated: pl.DataFrame) -> dict[str, int]:
    """data/warehouse/budget.duckdb: dimensions, facts, parse issues and the ingest ledger.
    Built in a new file and renamed over the old one, so readers never see half a load."""
    frames = {name.removeprefix("validated_"): frame for name, frame in validated.items()}
    counts = publish(frames, parsed_ledger, Path(paths.warehouse), context.run.run_id)
    context.add_output_metadata({"path": paths.warehouse, **{f"rows/{t}": n for t, n in counts.items()}})
    return counts
