"""warehouse: the run published into the star schema (a DuckDB file, or a DuckLake), all at
once, with the quarantine, the data-quality results, the ledger, and an HTML report of the
run's data quality."""

import shutil

import dagster as dg
import polars as pl

from assets.parsed import PARSED_TABLES
from pipelines.resources import YusuanPaths
from yusuan.parts import Parts, TableParts
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
                     parsed_ledger: pl.DataFrame, validated_quarantine: Parts, validated_dq_result: TableParts,
                     validated_dq_disclosure: TableParts, **validated: TableParts) -> dict[str, int]:
    """data/warehouse/budget.duckdb: the run's documents replace their earlier versions, published
    all at once, so readers never see half a load. A run with nothing new writes nothing."""
    target = paths.target()
    if raw_documents.is_noop:
        context.add_output_metadata({"path": paths.warehouse, "unchanged": len(raw_documents.unchanged), "written": 0})
        return {}
    run_id = context.run.run_id
    loaded = validated_dq_result.parts
    disclosures = pl.concat([parts.scan("dim_disclosure").select("disclosure_id", "document_id").collect()
                             for parts in (loaded, validated_quarantine)])
    ledger = finalize(parsed_ledger, validated_dq_disclosure.scan().collect(), disclosures, raw_documents.retired)
    counts = publish(target, loaded, validated_quarantine, {"dq_rule": rules_frame(), "ingest_log": ledger},
                     run_id, raw_documents.retired)
    reports = target.work_dir.parent / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    with target.read() as con:
        html = html_report(con, run_id)
    for name in (f"dq_{run_id}.html", "latest.html"):
        (reports / name).write_text(html, encoding="utf-8")
    shutil.rmtree(loaded.root.parent, ignore_errors=True)  # the run's parts, now in the warehouse
    context.add_output_metadata({"path": paths.warehouse, "report": dg.MetadataValue.path(str(reports / f"dq_{run_id}.html")),
                                 "ledger": dg.MetadataValue.json(dict(ledger.group_by("status").len().iter_rows())),
                                 **{f"rows/{t}": n for t, n in counts.items()}})
    return counts
