"""warehouse: the run published into the DuckDB star schema, atomically, with the quarantine,
the data-quality results, the ledger, and an HTML report of the run's data quality."""

from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from assets.parsed import PARSED_TABLES
from pipelines.resources import YusuanPaths
from yusuan.quality.catalog import rules_frame
from yusuan.quality.report import html_report
from yusuan.raw import IngestPlan
from yusuan.warehouse.ledger import finalize
from yusuan.warehouse.publish import publish


@dg.asset(
    group_name="warehouse",
    kinds={"duckdb"},
    ins={f"validated_{t}": dg.AssetIn() for t in PARSED_TABLES}
    | {n: dg.AssetIn() for n in ("raw_documents", "parsed_ledger", "validated_quarantine", "validated_dq_result",
                                 "validated_dq_disclosure")},
)
def budget_warehouse(context: dg.AssetExecutionContext, paths: YusuanPaths, raw_documents: IngestPlan,
                     parsed_ledger: pl.DataFrame, validated_quarantine: dict, validated_dq_result: pl.DataFrame,
                     validated_dq_disclosure: pl.DataFrame, **validated: pl.DataFrame) -> dict[str, int]:
    """data/warehouse/budget.duckdb: the run's documents replace their earlier versions, in a copy
    renamed over the warehouse, so readers never see half a load. A run with nothing new writes nothing."""
    if raw_documents.is_noop:
        context.add_output_metadata({"path": paths.warehouse, "unchanged": len(raw_documents.unchanged), "written": 0})
        return {}
    run_id = context.run.run_id
    frames = {name.removeprefix("validated_"): frame for name, frame in validated.items()} | {"dq_rule": rules_frame()}
    disclosures = pl.concat([frames["dim_disclosure"], validated_quarantine["dim_disclosure"]])
    ledger = finalize(parsed_ledger, validated_dq_disclosure, disclosures, raw_documents.retired)
    history = {"ingest_log": ledger, "dq_result": validated_dq_result, "dq_disclosure": validated_dq_disclosure}
    path = Path(paths.warehouse)
    counts = publish(frames, validated_quarantine, history, path, run_id, raw_documents.retired)
    report = path.parent / "reports" / f"dq_{run_id}.html"
    report.parent.mkdir(exist_ok=True)
    with duckdb.connect(str(path), read_only=True) as con:
        report.write_text(html_report(con, run_id), encoding="utf-8")
    (report.parent / "latest.html").write_text(report.read_text(encoding="utf-8"), encoding="utf-8")
    context.add_output_metadata({"path": str(path), "report": dg.MetadataValue.path(str(report)),
                                 "ledger": dg.MetadataValue.json(dict(ledger.group_by("status").len().iter_rows())),
                                 **{f"rows/{t}": n for t, n in counts.items()}})
    return counts
