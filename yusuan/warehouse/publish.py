"""Build the DuckDB warehouse in a new file beside the old one, then swap it in.

Analysts keep `budget.duckdb` open while the pipeline runs. Writing a fresh file and renaming
it over the old one (atomic on POSIX) means a reader sees the old warehouse or the new one,
never half a load, and a crash mid-load leaves the old file untouched. The history tables
(ingest_log, dq_result, dq_disclosure) are the ones that accumulate: their earlier runs are
copied over from the old file.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
import polars as pl

from schemas import TABLES
from schemas.ddl import QUARANTINE, warehouse_ddl

HISTORY = [name for name, meta in TABLES.items() if meta.history]


class WarehouseLocked(RuntimeError):
    pass


def publish(frames: dict[str, pl.DataFrame], quarantined: dict[str, pl.DataFrame], history: dict[str, pl.DataFrame],
            path: Path, run_id: str) -> dict[str, int]:
    """Write a new warehouse at `path`: `frames` into main, `quarantined` into the quarantine
    schema, and this run's `history` rows (stamped with run_id) after the earlier runs'.
    Returns the rows written per main table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.{os.getpid()}.staging")
    staging.unlink(missing_ok=True)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    stamped = {name: frame.with_columns(run_id=pl.lit(run_id), logged_at=pl.lit(now)) for name, frame in history.items()}
    counts = {}
    try:
        with duckdb.connect(str(staging)) as con:
            for statement in warehouse_ddl():
                con.execute(statement)
            _carry_history(con, path)
            for name, frame in {**frames, **stamped}.items():
                counts[name] = _insert(con, "main", name, frame)
            for name, frame in quarantined.items():
                _insert(con, QUARANTINE, name, frame)
            con.execute("CHECKPOINT")
        os.replace(staging, path)
    finally:
        staging.unlink(missing_ok=True)
        Path(f"{staging}.wal").unlink(missing_ok=True)
    return counts


def _insert(con: duckdb.DuckDBPyConnection, schema: str, name: str, frame: pl.DataFrame) -> int:
    if frame.is_empty():
        return 0
    con.register("incoming", frame.select(TABLES[name].polars_schema.keys()).to_arrow())
    con.execute(f"INSERT INTO {schema}.{name} SELECT * FROM incoming")
    con.unregister("incoming")
    return frame.height


def _carry_history(con: duckdb.DuckDBPyConnection, previous: Path) -> None:
    if not previous.exists():
        return
    try:
        con.execute(f"ATTACH '{previous}' AS previous (READ_ONLY)")
    except duckdb.IOException as exc:
        raise WarehouseLocked(
            f"cannot read the run history of {previous}: another process holds it open for writing "
            f"(open it with read_only=True to query during loads). {exc}"
        ) from exc
    present = {row[0] for row in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = 'previous' AND schema_name = 'main'").fetchall()}
    for name in HISTORY:
        if name in present:
            columns = ", ".join(TABLES[name].polars_schema)
            con.execute(f"INSERT INTO main.{name} ({columns}) SELECT {columns} FROM previous.main.{name}")
    con.execute("DETACH previous")
