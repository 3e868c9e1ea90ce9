"""raw: the files in the raw folder against what the warehouse holds: what to parse, what to
retire, what to leave alone."""

from pathlib import Path

import dagster as dg

import yusuan
from pipelines.resources import YusuanPaths
from yusuan.raw import IngestPlan, plan_ingest
from yusuan.warehouse.state import known_documents


@dg.asset(group_name="raw", kinds={"python"})
def raw_documents(context: dg.AssetExecutionContext, paths: YusuanPaths) -> IngestPlan:
    """New, changed and re-versioned files to parse (by content hash, read only when their size or
    time changed); versions to retire (superseded, withdrawn); unchanged files to skip."""
    plan = plan_ingest(Path(paths.raw_dir), known_documents(paths.target()), yusuan.PARSER_VERSION,
                       full=paths.full)
    context.add_output_metadata({
        "raw_dir": paths.raw_dir, "to_parse": len(plan.to_parse), "unchanged": len(plan.unchanged),
        "superseded": sum(r["status"] == "superseded" for r in plan.retired),
        "withdrawn": sum(r["status"] == "withdrawn" for r in plan.retired), "duplicates": len(plan.duplicates),
        "bytes_to_parse": sum(f.size_bytes for f in plan.to_parse),
    })
    return plan
