"""When the pipeline runs by itself: every night, and whenever the raw folder changes."""

import hashlib
from pathlib import Path

import dagster as dg

import yusuan
from pipelines.resources import YusuanPaths
from yusuan.raw import document_files, plan_ingest
from yusuan.warehouse.state import known_documents

build_warehouse_job = dg.define_asset_job(
    "build_warehouse", selection=dg.AssetSelection.all(),
    description="raw → parsed → validated → warehouse; only new, changed and withdrawn files do any work.")

@dg.schedule(name="nightly_build", job=build_warehouse_job, cron_schedule="0 2 * * *", execution_timezone="Asia/Shanghai",
             default_status=dg.DefaultScheduleStatus.RUNNING)
def nightly(context: dg.ScheduleEvaluationContext, paths: YusuanPaths):
    """02:00 Beijing time, every night: a run when a file was added, changed or removed (or the
    parser is newer than the warehouse), else a skip that says so in the UI — the raw stage's plan,
    made here without starting a run (a run with nothing to do still costs Dagster seconds)."""
    folder = Path(paths.raw_dir)
    if not folder.is_dir():
        return dg.SkipReason(f"raw folder {folder} does not exist")
    plan = plan_ingest(folder, known_documents(paths.target()), yusuan.PARSER_VERSION)
    if plan.is_noop:
        return dg.SkipReason(f"{len(plan.unchanged)} documents, all unchanged since the last run")
    return dg.RunRequest()


@dg.sensor(job=build_warehouse_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def raw_folder_changed(context: dg.SensorEvaluationContext, paths: YusuanPaths):
    """A run when the raw folder's listing (paths, sizes, times) differs from the last one seen.
    Only stat() is called here; the run itself tells changed content by hash."""
    folder = Path(paths.raw_dir)
    if not folder.is_dir():
        return dg.SkipReason(f"raw folder {folder} does not exist")
    listing = hashlib.sha256()
    for path in document_files(folder):
        stat = path.stat()
        listing.update(f"{path.relative_to(folder)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    cursor = listing.hexdigest()
    if cursor == context.cursor:
        return dg.SkipReason("no file added, changed or removed")
    context.update_cursor(cursor)
    return dg.RunRequest(run_key=cursor)
