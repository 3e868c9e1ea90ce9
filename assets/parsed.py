"""parsed: each raw file read and parsed into typed frames, one table per warehouse table, kept
as Parquet parts of the run (yusuan.parts), plus the ledger of loaded and rejected files."""

import dagster as dg
import polars as pl

from pipelines.resources import Progress, YusuanPaths
from yusuan.parse.batch import PARSED_TABLES, parse_into, part_count
from yusuan.parts import TableParts
from yusuan.quality.evaluate import prepare as prepare_validation
from yusuan.raw import IngestPlan, RawFile


# The stage's assets, also made by the cluster job's steps (assets/parts.py).
PARSED_OUTS = {f"parsed_{t}": dg.AssetOut(group_name="parsed", kinds={"polars"}) for t in PARSED_TABLES} | {
    "parsed_ledger": dg.AssetOut(group_name="parsed", kinds={"polars"},
                                 description="What became of each raw file: loaded, or rejected with the reason.")}


@dg.multi_asset(outs=PARSED_OUTS)
def parsed_budget(context: dg.AssetExecutionContext, paths: YusuanPaths, progress: dg.ResourceParam[Progress],
                  raw_documents: IngestPlan):
    """Read and parse the new and changed documents; a bad file is rejected with its reason, never fatal."""
    files = raw_documents.to_parse
    # The validation that follows sets up (seconds of imports) while these are parsed, unless the
    # one who started the run had it start sooner (yusuan run).
    prepare_validation(parts=part_count(len(files)))
    parts = paths.run_parts(context.run.run_id, "parsed")
    progress.start(len(files))
    step = max(1, len(files) // 10)
    done = 0

    def advance(raw: RawFile) -> None:
        nonlocal done
        done += 1
        progress.advance()
        if done % step == 0 or done == len(files):
            context.log.info(f"parsed {done}/{len(files)} documents")

    parts.clear()  # a retried step starts again
    ledger = parse_into(parts, files, advance, raw_documents.duplicates)
    rejected = ledger.filter(status="rejected")
    for row in rejected.iter_rows(named=True):
        context.log.warning(f"rejected {row['file_name']}: {row['reason']}")
    for table in PARSED_TABLES:
        output = TableParts(parts, table)
        yield dg.Output(output, f"parsed_{table}", metadata={"rows": output.rows, "parts": str(parts.root / table)})
    yield dg.Output(ledger, "parsed_ledger", metadata={
        "files": ledger.height,
        "rejected": rejected.height,
        "rejections": dg.MetadataValue.md(_table_md(rejected)) if rejected.height else "none",
    })


def _table_md(frame: pl.DataFrame) -> str:
    lines = ["| file | reason |", "|---|---|"]
    lines += [f"| {r['file_name']} | {r['reason']} |" for r in frame.iter_rows(named=True)]
    return "\n".join(lines)
