"""warehouse: the validated frames published as the DuckDB star schema, atomically, with the
quarantine, the data-quality results and an HTML report of them."""

from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from assets.parsed import PARSED_TABLES
from pipelines.resources import YusuanPaths
from yusuan.quality.catalog import rules_frame
from yusuan.quality.report import html_report
from yusuan.warehouse.publish import publish


@dg.asset(
    group_name="warehouse",
    kinds={"duckdb"},
    ins={f"validated_{t}": dg.AssetIn() for t in PARSED_TABLES}
    | {n: dg.AssetIn() for n in ("parsed_ledger", "validated_quarantine", "validated_dq_result", "validated_dq_disclosure")},
)
def budget_warehouse(context: dg.AssetExecutionContext, paths: YusuanPaths, parsed_ledger: pl.DataFrame,
                     validated_quarantine: dict, validated_dq_result: pl.DataFrame, validated_dq_disclosure: pl.DataFrame,
                     **validated: pl.DataFrame) -> dict[str, int]:
    """data/warehouse/budget.duckdb: dimensions, facts, quarantine, data quality and the ingest
    ledger, built in a new file renamed over the old one, so readers never see half a load."""
    run_id = context.run.run_id
    frames = {name.removeprefix("validated_"): frame for name, frame in validated.items()} | {"dq_rule": rules_frame()}
    history = {"ingest_log": parsed_ledger, "dq_result": validated_dq_result, "dq_disclosure": validated_dq_disclosure}
    path = Path(paths.warehouse)
    counts = publish(frames, validated_quarantine, history, path, run_id)
    report = path.parent / "reports" / f"dq_{run_id}.html"
    report.parent.mkdir(exist_ok=True)
    with duckdb.connect(str(path), read_only=True) as con:
        report.write_text(html_report(con, run_id), encoding="utf-8")
    (report.parent / "latest.html").write_text(report.read_text(encoding="utf-8"), encoding="utf-8")
    context.add_output_metadata({"path": str(path), "report": dg.MetadataValue.path(str(report)),
                                 **{f"rows/{t}": n for t, n in counts.items()}})
    return counts
