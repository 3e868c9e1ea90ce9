"""warehouse: the run published into the star schema (a DuckDB file, or a DuckLake), all at
once, with the quarantine, the data-quality results, the ledger, and the data-quality report of
the disclosures the warehouse now holds (Markdown in the UI, HTML beside the warehouse)."""

import shutil
import time

import dagster as dg
import polars as pl

from assets.parsed import PARSED_TABLES
from pipelines.resources import YusuanPaths
from yusuan.parts import Parts, TableParts
from yusuan.quality.catalog import rules_frame
from yusuan.quality.report import Quality, Scope, disclosure_label, markdown_report, write_html
from yusuan.raw import IngestPlan
from yusuan.warehouse.ledger import finalize
from yusuan.warehouse.publish import publish
from yusuan.warehouse.target import Warehouse

STALE_AFTER_S = 24 * 3600  # the files of a failed or killed run are kept this long, for a look


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
    run_id = context.run.run_id
    counts: dict[str, int] = {}
    metadata = {"path": paths.warehouse}
    if parsed_ledger.height or raw_documents.retired:
        loaded = validated_dq_result.parts
        disclosures = pl.concat([parts.scan("dim_disclosure").select("disclosure_id", "document_id").collect()
                                 for parts in (loaded, validated_quarantine)])
        ledger = finalize(parsed_ledger, validated_dq_disclosure.scan().collect(), disclosures, raw_documents.retired)
        counts = publish(target, loaded, validated_quarantine, {"dq_rule": rules_frame(), "ingest_log": ledger},
                         run_id, raw_documents.retired)
        metadata |= {"ledger": dg.MetadataValue.json(dict(ledger.group_by("status").len().sort("status").iter_rows())),
                     **{f"rows/{t}": n for t, n in counts.items()}}
    else:
        metadata |= {"unchanged": len(raw_documents.unchanged), "written": 0}
    shutil.rmtree(target.work_dir / run_id, ignore_errors=True)  # the run's parts, in the warehouse now or not needed
    _clear_stale(target)
    if target.exists():
        metadata |= _report(target, run_id if counts else None)
    context.add_output_metadata(metadata)
    return counts


def _report(target: Warehouse, published_run: str | None) -> dict:
    """The report of the current disclosures: in the UI as Markdown, beside the warehouse as HTML
    (current.html; and dq_<run>.html, the run's own results, for a run that published)."""
    reports = target.work_dir.parent / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    with target.read() as con:  # the queries once, for the page, the UI and the worst disclosures
        quality = Quality.read(con, Scope())
        write_html(quality, con, reports / "current.html")
        if published_run:
            write_html(Quality.read(con, Scope(published_run)), con, reports / f"dq_{published_run}.html")
    worst = quality.worst[:10]
    markdown = markdown_report(quality)
    return {
        "report": dg.MetadataValue.md(markdown),
        "report_file": str(reports / "current.html"),
        "worst_disclosures": dg.MetadataValue.md("\n".join(
            ["| disclosure | file | score | failures | status |", "|---|---|---|---|---|"]
            + [f"| {disclosure_label(r)} | {r['file_name']} | {r['score']} | {r['failures']} | {r['status']} |" for r in worst])),
    }


def _clear_stale(target: Warehouse) -> None:
    """Parts and step outputs of runs that failed or were killed, once they are a day old."""
    for folder in target.work_dir.glob("*") if target.work_dir.exists() else ():
        if folder.is_dir() and time.time() - folder.stat().st_mtime > STALE_AFTER_S:
            shutil.rmtree(folder, ignore_errors=True)
