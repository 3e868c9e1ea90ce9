"""Build the DuckDB warehouse in a new file beside the old one, then swap it in.

Analysts keep `budget.duckdb` open while the pipeline runs. Writing a fresh file and renaming
it over the old one (atomic on POSIX) means a reader sees the old warehouse or the new one,
never half a load, and a crash mid-load leaves the old file untouched. The ingest ledger is
the one table that accumulates: its earlier runs are copied over from the old file.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
import polars as pl

from schemas import TABLES
from schemas.ddl import warehouse_ddl


class WarehouseLocked(RuntimeError):
    pass


def publish(frames: dict[str, pl.DataFrame], ledger: pl.DataFrame, path: Path, run_id: str) -> dict[str, int]:
    """Write every frame and this run's ledger into a new warehouse at `path`; rows per table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.{os.getpid()}.staging")
    staging.unlink(missing_ok=True)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    run_ledger = ledger.with_columns(pl.lit(run_id).alias("run_id"), pl.lit(now).alias("logged_at")).select(
        TABLES["ingest_log"].polars_schema.keys()
    )
    counts = {}
    try:
        with duckdb.connect(str(staging)) as con:
            for statement in warehouse_ddl():
                con.execute(statement)
            for name, frame in {**frames, "ingest_log": run_ledger}.items():
                con.register("incoming", frame.select(TABLES[name].polars_schema.keys()).to_arrow())
                con.execute(f"INSERT INTO {name} SELECT * FROM incoming")
                con.unregister("incoming")
                counts[name] = frame.height
            _carry_ledger(con, path)
            con.execute("CHECKPOINT")
        os.replace(staging, path)
    finally:
        staging.unlink(missing_ok=True)
        Path(f"{staging}.wal").unlink(missing_ok=True)
    return counts


def _carry_ledger(con: duckdb.DuckDBPyConnection, previous: Path) -> None:
    if not previous.exists():
        return
    try:
        con.execute(f"ATTACH '{previous}' AS previous (READ_ONLY)")
    except duckdb.IOException as exc:
        raise WarehouseLocked(
            f"cannot read the ledger of {previous}: another process holds it open for writing "
            f"(open it with read_only=True to query during loads). {exc}"
        ) from exc
    if con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = 'previous' AND table_name = 'ingest_log'").fetchone()[0]:
        con.execute("INSERT INTO ingest_log SELECT * FROM previous.ingest_log")
    con.execute("DETACH previous")
