"""When the pipeline runs by itself (every night, and whenever the raw folder changes), and the
jobs a person launches from the UI."""

import hashlib
from pathlib import Path

import dagster as dg

from pipelines.resources import YusuanPaths
from yusuan.raw import RunRefused, document_files, plan_run

build_warehouse_job = dg.define_asset_job(
    "build_warehouse", selection=dg.AssetSelection.all(),
    description="raw → parsed → validated → warehouse; only new, changed and withdrawn files do any work.")

revalidate_job = dg.define_asset_job(
    "revalidate", selection=dg.AssetSelection.groups("validated", "warehouse"),
    description="Every rule of schemas/rules.yaml again over the disclosures in the warehouse, read back from it (no "
                "file is read again), and the dq tables re-published: after a change to the rules.")


def _wanted(paths: YusuanPaths, folder: Path) -> dg.RunRequest | dg.SkipReason:
    """A run when the raw stage's plan has work, else a skip that says why (a run with nothing to
    do still costs Dagster seconds and fills the run list)."""
    try:
        plan = plan_run(folder, paths.target())
    except RunRefused as refused:
        return dg.SkipReason(f"not started: {refused}")
    if plan.is_noop:
        return dg.SkipReason(f"{len(plan.unchanged)} documents, all unchanged since the last run")
    return dg.RunRequest()


@dg.schedule(name="nightly_build", job=build_warehouse_job, cron_schedule="0 2 * * *", execution_timezone="Asia/Shanghai",
             default_status=dg.DefaultScheduleStatus.RUNNING)
def nightly(context: dg.ScheduleEvaluationContext, paths: YusuanPaths):
    """02:00 Beijing time, every night: a run when a file was added, changed or removed (or the
    parser is newer than the warehouse), else a skip that says so in the UI."""
    folder = Path(paths.raw_dir)
    if not folder.is_dir():
        return dg.SkipReason(f"raw folder {folder} does not exist")
    return _wanted(paths, folder)


@dg.sensor(job=build_warehouse_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def raw_folder_changed(context: dg.SensorEvaluationContext, paths: YusuanPaths):
    """A run when the raw folder holds work for the warehouse. A tick whose listing (paths, sizes,
    times) is the one last seen calls only stat(); a new listing — and the first tick of a new
    Dagster instance, which has none — is compared with the warehouse's ledger, so files already
    loaded (by `yusuan run`, say) start nothing."""
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
    wanted = _wanted(paths, folder)
    context.update_cursor(cursor)
    if isinstance(wanted, dg.RunRequest):
        return dg.RunRequest(run_key=cursor)
    return wanted
