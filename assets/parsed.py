"""parsed: each raw file read and parsed into typed polars frames, one per warehouse table,
plus the ledger of loaded and rejected files."""

import dagster as dg
import polars as pl

from yusuan.parse.batch import parse_files
from yusuan.raw import IngestPlan, RawFile

PARSED_TABLES = ("dim_document", "dim_disclosure", "dim_unit", "dim_year", "dim_subject", "dim_table",
                 "fact_expenditure", "fact_income", "fact_three_public",
                 "dim_project", "fact_spend_plan", "fact_performance_goal", "fact_performance_indicator",
                 "performance_text", "fact_budget_overview", "dim_unit_profile", "fact_procurement",
                 "fact_fixed_asset", "doc_section", "parse_issue")


@dg.multi_asset(
    outs={f"parsed_{t}": dg.AssetOut(group_name="parsed", kinds={"polars"}) for t in PARSED_TABLES}
    | {"parsed_ledger": dg.AssetOut(group_name="parsed", kinds={"polars"},
                                    description="What became of each raw file: loaded, or rejected with the reason.")},
    required_resource_keys={"progress"},
)
def parsed_budget(context: dg.AssetExecutionContext, raw_documents: IngestPlan):
    """Read and parse the new and changed documents; a bad file is rejected with its reason, never fatal."""
    files = raw_documents.to_parse
    progress = context.resources.progress
    progress.start(len(files))
    step = max(1, len(files) // 10)
    done = 0

    def advance(raw: RawFile) -> None:
        nonlocal done
        done += 1
        progress.advance()
        if done % step == 0 or done == len(files):
            context.log.info(f"parsed {done}/{len(files)} documents")

    batch = parse_files(files, advance, raw_documents.duplicates)
    for row in batch.rejected.iter_rows(named=True):
        context.log.warning(f"rejected {row['file_name']}: {row['reason']}")
    for table in PARSED_TABLES:
        frame = batch.frames[table]
        yield dg.Output(frame, f"parsed_{table}", metadata={"rows": frame.height})
    yield dg.Output(batch.ledger, "parsed_ledger", metadata={
        "files": batch.ledger.height,
        "rejected": batch.rejected.height,
        "rejections": dg.MetadataValue.md(_table_md(batch.rejected)) if batch.rejected.height else "none",
    })


def _table_md(frame: pl.DataFrame) -> str:
    lines = ["| file | reason |", "|---|---|"]
    lines += [f"| {r['file_name']} | {r['reason']} |" for r in frame.iter_rows(named=True)]
    return "\n".join(lines)
