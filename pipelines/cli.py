"""The `yusuan` command: run the pipeline in-process, or start the Dagster UI.

`yusuan run` materialises every asset for one raw folder with a progress bar and ends with a
one-line summary; `yusuan ui` serves the same Definitions on 127.0.0.1. Both use the Dagster
instance in $DAGSTER_HOME (default: .dagster/ in the repository), so CLI runs show in the UI.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import sys
import threading
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pipelines.paths import DEFAULT_LAKE_DATA, DEFAULT_RAW_DIR, DEFAULT_WAREHOUSE, PROJECT_ROOT


class _Command(typer.Typer):
    """The command as a shell starts it: done, it leaves at once (_leave). Tests invoke its commands
    through typer's runner, which does not come here."""

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except SystemExit as done:
            if done.code is None or isinstance(done.code, int):
                _leave(done.code or 0)
            raise


def _leave(code: int) -> None:
    """End the process without the interpreter's teardown, which frees every module and object one
    by one: after a run (Dagster, polars, DuckDB loaded) about 0.9 s, after the summary is printed,
    and nothing an ending process needs. What is registered to run at exit still runs (the logs'
    flush, the end of the reader process, temporary folders' removal), and the output is flushed.
    While a thread still runs, the interpreter's own exit waits for it instead."""
    if threading.active_count() > 1:
        return
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`yusuan … | head`), a closed stream
            stream.flush()
    os._exit(code)


app = _Command(help="yusuan: budget disclosures (部门预算/单位预算) into a DuckDB warehouse.", no_args_is_help=True)
console = Console(stderr=True)

WAREHOUSE_HELP = ("DuckDB file, or ducklake:<catalog> for a DuckLake (e.g. 'ducklake:postgres:dbname=yusuan "
                  "host=localhost'; see docs/scaling.md).")
LAKE_DATA_HELP = "Folder of a DuckLake's Parquet files (used when the lake is created)."


def _target(warehouse: str, lake_data: Path):
    """The warehouse named on the command line; a file path is made absolute."""
    from yusuan.warehouse.target import LAKE_PREFIX, Warehouse

    location = warehouse if warehouse.startswith(LAKE_PREFIX) else str(Path(warehouse).resolve())
    return Warehouse(location, lake_data.resolve())


def _published(warehouse: str, lake_data: Path):
    target = _target(warehouse, lake_data)
    if not target.exists():
        console.print(f"[red]error:[/red] no warehouse at {warehouse}; run `yusuan run` first")
        raise typer.Exit(2)
    return target


def dagster_home() -> Path:
    """$DAGSTER_HOME, defaulting to .dagster/ in the repository, with telemetry off (offline machines)."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT / ".dagster")))
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML, encoding="utf-8")
    return home


# Telemetry off (offline machines); one run at a time: runs publish into the same warehouse.
DAGSTER_YAML = """telemetry:
  enabled: false
run_coordinator:
  module: dagster._core.run_coordinator
  class: QueuedRunCoordinator
  config:
    max_concurrent_runs: 1
"""


class _BarProgress:
    def __init__(self, bar: Progress) -> None:
        self.bar, self.task = bar, None

    def start(self, total: int) -> None:
        self.task = self.bar.add_task("parsing documents", total=total)

    def advance(self) -> None:
        self.bar.advance(self.task)


@app.command()
def run(
    raw: Path = typer.Option(DEFAULT_RAW_DIR, "--raw", help="Folder of raw disclosure files."),
    warehouse: str = typer.Option(str(DEFAULT_WAREHOUSE), "--warehouse", help=WAREHOUSE_HELP),
    lake_data: Path = typer.Option(DEFAULT_LAKE_DATA, "--lake-data", help=LAKE_DATA_HELP),
    full: bool = typer.Option(False, "--full", help="Read every file again, changed or not."),
    allow_withdraw: bool = typer.Option(False, "--allow-withdraw", help=(
        "Withdraw the documents whose files are gone even when they are more than the share allowed "
        "($YUSUAN_WITHDRAW_LIMIT, default 0.5 of the current documents).")),
) -> None:
    """Materialise every asset (raw → parsed → validated → warehouse) for one raw folder: new and
    changed files are read, withdrawn ones retired, unchanged ones left alone."""
    started = time.perf_counter()
    if not raw.is_dir():
        console.print(f"[red]error:[/red] raw folder {raw} does not exist")
        raise typer.Exit(2)
    target = _target(warehouse, lake_data)
    from yusuan.warehouse.target import WarehouseBusy, WarehouseUnwritable

    try:
        target.check_writable()
        with target.run_lock():
            _run(raw, target, full, allow_withdraw, started)
    except (WarehouseBusy, WarehouseUnwritable) as refused:
        console.print(f"[red]stopped:[/red] {refused}")
        raise typer.Exit(2) from None


def _run(raw: Path, target, full: bool, allow_withdraw: bool, started: float) -> None:
    # The raw stage's plan first, without Dagster: when nothing changed there is nothing to run,
    # and the answer comes in seconds (Dagster's start and its event log cost several); a plan
    # that would empty the warehouse is stopped before anything starts.
    from yusuan.parse.batch import part_count, start_reader
    from yusuan.quality.evaluate import keep_prepared, prepare
    from yusuan.raw import RunRefused, plan_run

    prepare()  # the validation's set-up, the longest of a small run's starts, on the other core meanwhile
    plan = None
    try:
        plan = plan_run(raw, target, full=full, allow_withdraw=allow_withdraw)
    except RunRefused as refused:
        console.print(f"[red]stopped:[/red] {refused}")
        raise typer.Exit(2) from None
    finally:
        keep_prepared(part_count(len(plan.to_parse)) if plan is not None else 0)
    if plan.is_noop and not plan.unchanged:  # (a warehouse with documents would have refused the withdrawal)
        console.print(f"[red]error:[/red] raw folder {raw} holds no document files and the warehouse no documents: "
                      "nothing to load (is the folder mounted, is its path right?)")
        raise typer.Exit(2)
    if plan.is_noop and not full:
        typer.echo(f"{len(plan.unchanged)} documents, all unchanged since the last run: nothing to do, no run "
                   f"started, {time.perf_counter() - started:.1f} s → {target.location}")
        return
    # Started before Dagster's imports, which its own overlap on the other core: the reader of a small
    # run's files.
    start_reader(len(plan.to_parse))
    from pipelines.resources import Planned

    # Handed to the run's raw stage, and not kept here: at 100,000 files the plan is some 35 MB.
    planned = Planned(plan)
    del plan
    result = _execute("build_warehouse", target, raw=raw, full=full, allow_withdraw=allow_withdraw, planned=planned)
    elapsed = time.perf_counter() - started
    ledger = result.output_for_node("parsed_budget", "parsed_ledger") if result.is_node_success("parsed_budget") else None
    if ledger is not None:
        for row in ledger.filter(ledger["status"] == "rejected").iter_rows(named=True):
            console.print(f"[yellow]rejected[/yellow] {row['file_name']}: {row['reason']}")
    if not result.success or not result.is_node_success("budget_warehouse"):
        _explain_failure(result)
        raise typer.Exit(1)
    plan = result.output_for_node("raw_documents")
    counts = result.output_for_node("budget_warehouse")
    typer.echo(_summary(plan, ledger, counts, result, elapsed, target))


def _execute(job: str, target, raw: Path = DEFAULT_RAW_DIR, full: bool = False, allow_withdraw: bool = False,
             planned=None):
    """Run a job of the Definitions in this process, on the instance the UI shows, with a progress bar."""
    dagster_home()
    import dagster as dg  # imported here so that `yusuan --help`, check, status and rules stay instant

    from pipelines.definitions import build_defs
    from pipelines.resources import YusuanPaths

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    # The instance closed with the run: its SQLite files are left whole (their write-ahead logs
    # merged), not by the interpreter's teardown, which the command skips (_leave).
    with Progress(*columns, console=console, transient=True) as bar, _instance(dg) as instance:
        defs = build_defs(YusuanPaths(raw_dir=str(raw.resolve()), warehouse=target.location,
                                      lake_data=str(target.lake_data), full=full, allow_withdraw=allow_withdraw),
                          _BarProgress(bar), planned)
        return defs.resolve_job_def(job).execute_in_process(
            instance=instance, raise_on_error=False,
            # Step-level logs, tracebacks among them, go to the run's event log (the UI); the terminal
            # shows what the CLI itself says: the rejected files, then the summary or the failure's cause.
            run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}},
        )


def _summary(plan, ledger, counts: dict, result, elapsed: float, target) -> str:
    from schemas.ddl import quote

    given = len(plan.to_parse) + len(plan.unchanged) + len(plan.duplicates)
    withdrawn = sum(r["status"] == "withdrawn" for r in plan.retired)
    run = quote(result.run_id)
    with target.read() as con:  # the run's parts are gone once loaded: the warehouse has its results
        quarantined, failures = con.execute(f"""
            SELECT (SELECT count(*) FROM dq_disclosure WHERE run_id = {run} AND status = 'quarantined'),
                   (SELECT count(*) FROM dq_result WHERE run_id = {run} AND status = 'fail')""").fetchone()
    rejected = ledger.filter(status="rejected").height
    return (f"{given} documents ({len(plan.to_parse)} read, {len(plan.unchanged)} unchanged, {withdrawn} withdrawn), "
            f"{counts.get('dim_disclosure', 0)} disclosures, "
            f"{sum(n for t, n in counts.items() if t.startswith('fact_'))} fact rows, {rejected} rejected files, "
            f"{quarantined} quarantined, {failures} rule failures (yusuan check), "
            f"{elapsed:.1f} s → {target.location}")


def _instance(dg):
    """The Dagster instance of $DAGSTER_HOME. Two runs starting at once on a new instance would both
    create its SQLite tables ("table runs already exists"): the first creates them under a lock."""
    import fcntl

    from dagster._core.instance.ref import InstanceRef

    home = Path(os.environ["DAGSTER_HOME"])
    with open(home / ".instance.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        instance = dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(home), overrides=_event_log(home)))
        instance.get_runs(limit=1)  # touches the storage, so its tables exist before the lock goes
        return instance


def _event_log(home: Path) -> dict:
    """The instance's event log kept open while the run writes it (pipelines.event_log), where the
    instance stores in Dagster's default SQLite files; an instance configured otherwise is left so."""
    import yaml

    config = home / "dagster.yaml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8")) if config.exists() else None
    if set(settings or {}) & {"storage", "run_storage", "event_log_storage", "schedule_storage"}:
        return {}
    return {"event_log_storage": {"module": "pipelines.event_log", "class": "KeptOpenEventLogStorage",
                                  "config": {"base_dir": str(home / "history" / "runs")}}}


def _explain_failure(result) -> None:
    """What failed, ending with one line that names the cause in words (the tracebacks are in the UI)."""
    import dagster as dg

    causes = []
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            causes.append(_cause(event.event_specific_data.error))
            console.print(f"[red]failed[/red] {event.step_key}: {causes[-1]}")
    for evaluation in result.get_asset_check_evaluations():
        if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR:
            failures = evaluation.metadata.get("failures")
            console.print(f"[red]check failed[/red] {evaluation.asset_key.to_user_string()} {evaluation.check_name}: "
                          f"{failures.value if failures else 'no'} failing instances (yusuan check)")
    cause = f"{causes[0]}. " if causes else ""
    console.print(f"[red]error:[/red] {cause}The warehouse was not replaced; the previous one, if any, is intact.")


def _cause(error) -> str:
    """The innermost error of a Dagster failure (its own message is 'Error occurred while executing
    op …'), in words where it is an OS error such as a full disk."""
    from yusuan.warehouse.target import plain_os_error

    while error.cause is not None:
        error = error.cause
    if error.cls_name in {"OSError", "PermissionError", "FileNotFoundError", "NotADirectoryError", "IsADirectoryError"}:
        number = re.match(r"\[Errno (\d+)\] ([^:]*)(?:: '(.*)')?", error.message.split(": ", 1)[-1])
        if number:
            return plain_os_error(OSError(int(number.group(1)), number.group(2), number.group(3)))
    return error.message.strip().splitlines()[0] if error.message.strip() else error.cls_name or "unknown error"


@app.command()
def check(
    warehouse: str = typer.Option(str(DEFAULT_WAREHOUSE), "--warehouse", help=WAREHOUSE_HELP),
    lake_data: Path = typer.Option(DEFAULT_LAKE_DATA, "--lake-data", help=LAKE_DATA_HELP),
    run_id: str | None = typer.Option(None, "--run", help="Report on what one run validated (its own rows), "
                                      "not on the disclosures the warehouse holds now."),
) -> None:
    """Print the data quality of the disclosures in the warehouse (each as its latest validation
    left it): scores per disclosure and every failure with its evidence."""
    from schemas.ddl import quote
    from yusuan.quality.report import Scope, text_summary

    target = _published(warehouse, lake_data)
    with target.read() as con:
        if run_id and not con.execute(f"SELECT 1 FROM dq_disclosure WHERE run_id = {quote(run_id)} LIMIT 1").fetchone():
            console.print(f"[red]error:[/red] {warehouse} records no validation by run {run_id}")
            raise typer.Exit(2)
        typer.echo(text_summary(con, Scope(run_id)))
    reports = target.work_dir.parent / "reports"
    typer.echo(f"\nreport: {reports / (f'dq_{run_id}.html' if run_id else 'current.html')}")


@app.command()
def revalidate(
    warehouse: str = typer.Option(str(DEFAULT_WAREHOUSE), "--warehouse", help=WAREHOUSE_HELP),
    lake_data: Path = typer.Option(DEFAULT_LAKE_DATA, "--lake-data", help=LAKE_DATA_HELP),
) -> None:
    """Run every rule again over the disclosures in the warehouse, read back from it (no file is read
    again), and publish the new data-quality results: after a change to schemas/rules.yaml."""
    started = time.perf_counter()
    target = _published(warehouse, lake_data)
    from yusuan.warehouse.target import WarehouseBusy, WarehouseUnwritable

    try:
        target.check_writable()
        with target.run_lock():
            result = _execute("revalidate", target)
    except (WarehouseBusy, WarehouseUnwritable) as refused:
        console.print(f"[red]stopped:[/red] {refused}")
        raise typer.Exit(2) from None
    if not result.success:
        _explain_failure(result)
        raise typer.Exit(1)
    from yusuan.quality.report import Quality, Scope

    with target.read() as con:
        quality = Quality.read(con, Scope())
    typer.echo(f"re-validated: {quality.headline} (yusuan check), {time.perf_counter() - started:.1f} s → {target.location}")


@app.command()
def status(
    warehouse: str = typer.Option(str(DEFAULT_WAREHOUSE), "--warehouse", help=WAREHOUSE_HELP),
    lake_data: Path = typer.Option(DEFAULT_LAKE_DATA, "--lake-data", help=LAKE_DATA_HELP),
    runs: int = typer.Option(5, help="How many recent runs to list."),
) -> None:
    """The ledger's balance (every file ever given, by where it is now) and the last runs."""
    with _published(warehouse, lake_data).read() as con:
        balance = con.sql("""SELECT status, count(*) FROM (
                                 SELECT file_name, arg_max(status, logged_at) AS status FROM ingest_log GROUP BY file_name)
                             GROUP BY status ORDER BY status""").fetchall()
        recent = con.sql(f"""SELECT run_id, min(logged_at), count(*), string_agg(DISTINCT status, ', ' ORDER BY status)
                             FROM ingest_log GROUP BY run_id ORDER BY min(logged_at) DESC LIMIT {int(runs)}""").fetchall()
    total = sum(n for _, n in balance)
    typer.echo(f"{total} files received = " + " + ".join(f"{n} {s}" for s, n in balance))
    typer.echo("\nlast runs (UTC):")
    for run_id, at, files, statuses in recent:
        typer.echo(f"  {at:%Y-%m-%d %H:%M}  {run_id}  {files} files acted on: {statuses}")


@app.command()
def rules() -> None:
    """Print the rule reference (markdown) generated from schemas/rules.yaml."""
    from yusuan.quality.catalog import rules_markdown

    typer.echo(rules_markdown())


@app.command()
def ui(
    host: str = typer.Option("127.0.0.1", help="Interface to bind; keep the loopback default unless you mean to share it."),
    port: int = typer.Option(3000, help="Port of the Dagster UI."),
) -> None:
    """Start the Dagster UI (and its daemon) on the workspace in workspace.yaml."""
    dagster_home()
    os.chdir(PROJECT_ROOT)
    os.execv(sys.executable, [sys.executable, "-W", DEV_NOTICE, "-m", "dagster", "dev", "-w", "workspace.yaml",
                              "-h", host, "-p", str(port)])


# Dagster 1.13 marks `dagster dev` superseded by `dg dev`, which belongs to another package
# (dagster-dg-cli) and serves dg projects, not a workspace.yaml; `dagster dev` is not deprecated
# and serves it the same. Its one start-up notice (a SupersessionWarning) is filtered, by its text.
DEV_NOTICE = "ignore:Function `dev_command` is superseded"


@app.command()
def synth(
    out: Path = typer.Option(..., "--out", help="Folder to write: OUT/raw gets the documents, OUT/truth the ground truth."),
    docs: int = typer.Option(1000, "--docs", min=1, help="How many documents (files) to write."),
    seed: int = typer.Option(0, "--seed", help="Random seed: the same seed (and options) gives the same corpus, byte for byte."),
    inconsistent: float = typer.Option(0.05, "--inconsistent", min=0.0, max=1.0,
                                       help="Share of documents given one injected inconsistency (a known rule fails)."),
    explanation_only: float = typer.Option(0.05, "--explanation-only", min=0.0, max=1.0,
                                           help="Share of departments published as an explanation without standard tables (003, 004)."),
    messy: float = typer.Option(1.0, "--messy", min=0.0, max=3.0, help="Scale of the printing messes (split rows, stray TABs, full-width digits …; listed in "
                                 "yusuan/synth/README.md) (0: clean prints)."),
    workers: int = typer.Option(0, "--workers", min=0, help="Processes to render on (0: every core)."),
    formats: str = typer.Option("txt", "--formats", help="Comma-separated formats the documents are written in, in turn: "
                                "txt (the Tika text form), docx, html, xlsx."),
    templates: str = typer.Option(
        "hebei=0.6,national=0.2,stacked=0.2", "--templates",
        help="Share of documents in each template, drawn per document: name=share pairs (normalised; a bare name: that "
        "template only). hebei: the seeds' 部门预算…表 titles, 栏次 row; national: Ministry of Finance wording (表1 "
        "2023年部门收支总表…), codes over 类|款|项, no 栏次 row; stacked: summary tables stacked, 项目支出 before 基本支出, "
        "code and name in one cell. The truth is the same in every template."),
) -> None:
    """Write a synthetic corpus of disclosures with its ground truth (yusuan/synth/README.md). Load it with
    `yusuan run --raw OUT/raw`; OUT/truth/*.parquet list the facts that must load and the rules that
    must fail (OUT/truth/manifest.json describes each file; documents.parquet names each file's template)."""
    raw = out / "raw"
    if raw.exists() and any(raw.iterdir()):
        console.print(f"[red]error:[/red] {raw} is not empty; give an empty or new folder")
        raise typer.Exit(2)
    from yusuan.synth import generate
    from yusuan.synth.corpus import FORMATS, parse_templates

    if unknown := set(formats.split(",")) - set(FORMATS):
        console.print(f"[red]error:[/red] unknown format {', '.join(sorted(unknown))}; choose among {', '.join(FORMATS)}")
        raise typer.Exit(2)
    try:
        shares = parse_templates(templates)
    except ValueError as error:
        console.print(f"[red]error:[/red] --templates: {error}")
        raise typer.Exit(2) from None
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("writing documents", total=docs)
        manifest = generate(out, docs, seed=seed, inconsistent=inconsistent, explanation_only=explanation_only,
                            messy=messy, workers=workers or len(os.sched_getaffinity(0)), formats=tuple(formats.split(",")),
                            templates=shares, progress=lambda n: bar.update(task, completed=n))
    injected = sum(manifest["injections"].values())
    by_template = ", ".join(f"{count} {name}" for name, count in manifest["documents_by_template"].items())
    typer.echo(f"{manifest['docs']} documents ({by_template}; {manifest['disclosures']} disclosures, {injected} injected "
               f"inconsistencies) in {manifest['seconds']:.1f} s, "
               f"{manifest['docs'] / max(manifest['seconds'], 1e-9):.0f} documents/s → {raw}; truth in {out / 'truth'}")


@app.command()
def export(
    to: Path = typer.Option(..., "--to", help="Folder to write the files into (created if need be)."),
    fmt: str = typer.Option("parquet", "--format", help="parquet or csv (a file per view), or xlsx (one workbook, a sheet per view)."),
    tables: bool = typer.Option(False, "--tables", help="Also write every table of the warehouse, not only the views."),
    warehouse: str = typer.Option(str(DEFAULT_WAREHOUSE), "--warehouse", help=WAREHOUSE_HELP),
    lake_data: Path = typer.Option(DEFAULT_LAKE_DATA, "--lake-data", help=LAKE_DATA_HELP),
) -> None:
    """Write the analysts' views (schemas/views.yaml) to files, for spreadsheets and other tools."""
    from yusuan.analysis.export import FORMATS, TooLargeForExcel, export_views

    if fmt not in FORMATS:
        console.print(f"[red]error:[/red] unknown format {fmt}; choose among {', '.join(FORMATS)}")
        raise typer.Exit(2)
    target = _published(warehouse, lake_data)
    try:
        with target.read() as con:
            written = export_views(con, to.resolve(), fmt, tables)
    except TooLargeForExcel as refused:
        console.print(f"[red]error:[/red] {refused}")
        raise typer.Exit(2) from None
    where = written[next(iter(written))] if fmt == "xlsx" else to.resolve()
    typer.echo(f"{len(written)} {'views and tables' if tables else 'views'} ({fmt}) → {where}")


@app.command()
def sql(
    command: str | None = typer.Option(None, "-c", "--command", help="Run this SQL, print its result and leave."),
    warehouse: str = typer.Option(str(DEFAULT_WAREHOUSE), "--warehouse", help=WAREHOUSE_HELP),
    lake_data: Path = typer.Option(DEFAULT_LAKE_DATA, "--lake-data", help=LAKE_DATA_HELP),
) -> None:
    """A SQL shell on the warehouse, read-only: statements end with ';', .quit leaves."""
    import duckdb

    from yusuan.analysis.shell import repl, run_sql

    target = _published(warehouse, lake_data)
    with target.read() as con:
        if command is None:
            repl(con)
            return
        try:
            run_sql(con, command)
        except duckdb.Error as error:
            console.print(f"[red]error:[/red] {error}")
            raise typer.Exit(1) from None


@app.command()
def pages(
    out: Path | None = typer.Option(None, "--out", help="Only write the site into this folder (created if need be); serve nothing."),
    host: str = typer.Option("127.0.0.1", help="Interface to bind; keep the loopback default unless you mean to share it."),
    port: int = typer.Option(3100, help="Port to serve the pages on."),
    warehouse: str = typer.Option(str(DEFAULT_WAREHOUSE), "--warehouse", help=WAREHOUSE_HELP),
    lake_data: Path = typer.Option(DEFAULT_LAKE_DATA, "--lake-data", help=LAKE_DATA_HELP),
) -> None:
    """Pictures of the warehouse: a page per unit and per place, with charts, served on 127.0.0.1
    (or only written to --out, a static site)."""
    import tempfile

    from yusuan.pages import write_site
    from yusuan.pages.serve import serve

    target = _published(warehouse, lake_data)
    with tempfile.TemporaryDirectory(prefix="yusuan-pages-") as scratch:
        site = (out or Path(scratch)).resolve()
        with target.read() as con:
            written = write_site(con, site)
        typer.echo(f"{written['units']} unit pages, {written['places']} place pages → {site}")
        if out is None:
            try:
                serve(site, host, port, ready=lambda url: typer.echo(f"serving on {url} (Ctrl-C stops)"))
            except KeyboardInterrupt:
                pass


if __name__ == "__main__":
    app()
