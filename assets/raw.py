"""raw: the files in the raw folder against what the warehouse holds: what to parse, what to
retire, what to leave alone."""

from pathlib import Path

import dagster as dg

from pipelines.resources import Planned, YusuanPaths
from yusuan.raw import IngestPlan, RunRefused, plan_run
from yusuan.warehouse.target import WarehouseUnwritable


@dg.asset(group_name="raw", kinds={"python"})
def raw_documents(context: dg.AssetExecutionContext, paths: YusuanPaths, planned: dg.ResourceParam[Planned]) -> IngestPlan:
    """New, changed and re-versioned files to parse (by content hash, read only when their size or
    time changed); versions to retire (superseded, withdrawn); unchanged files to skip."""
    try:  # a read-only or missing warehouse folder is found now, not after every file is parsed
        paths.target().check_writable()
        plan = planned.take() or plan_run(Path(paths.raw_dir), paths.target(), full=paths.full,
                                          allow_withdraw=paths.allow_withdraw)
    except (WarehouseUnwritable, RunRefused) as exc:
        raise dg.Failure(description=str(exc), allow_retries=False) from None
    context.add_output_metadata({
        "raw_dir": paths.raw_dir, "to_parse": len(plan.to_parse), "unchanged": len(plan.unchanged),
        "superseded": sum(r["status"] == "superseded" for r in plan.retired),
        "withdrawn": sum(r["status"] == "withdrawn" for r in plan.retired), "duplicates": len(plan.duplicates),
        "bytes_to_parse": sum(f.size_bytes for f in plan.to_parse),
    })
    return plan
