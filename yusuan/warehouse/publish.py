"""Publish a run into the DuckDB warehouse: in a copy of it, renamed over it when complete.

Analysts keep `budget.duckdb` open while the pipeline runs. The run works on a staging copy
(or a new file when there is none, or its schema is outdated) and renames it over the
warehouse only when complete (atomic on POSIX): a reader sees the old warehouse or the new one,
never half a load, and a process killed mid-load leaves the old file untouched; its staging
file is cleared by the next run. Runs are serialised by a lock file beside the warehouse.

In the copy, the rows of every document the run replaces or retires leave every table (main
and quarantine), the retired versions are marked in dim_document, and the run's rows go in.
The history tables (ingest_log, dq_result, dq_disclosure) only ever grow.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from schemas import DISCLOSURE_SCOPED, TABLES
from schemas.ddl import QUARANTINE, warehouse_ddl
from yusuan.warehouse.state import SCHEMA_FINGERPRINT, schema_is_current

HISTORY = [name for name, meta in TABLES.items() if meta.history]
SHARED_DIMENSIONS = ("dim_unit", "dim_subject", "dim_year")  # rows other documents may share: kept, added if new


def publish(frames: dict[str, pl.DataFrame], quarantined: dict[str, pl.DataFrame], history: dict[str, pl.DataFrame],
            path: Path, run_id: str, retired: list[dict]) -> dict[str, int]:
    """Write this run into the warehouse at `path`; returns the rows written per main table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    stamped = {name: frame.with_columns(run_id=pl.lit(run_id), logged_at=pl.lit(now)) for name, frame in history.items()}
    with _lock(path):
        staging = path.with_name(f".{path.name}.staging")
        _clear(staging)  # left by a run that was killed
        counts = {}
        try:
            fresh = _start(staging, path)
            with duckdb.connect(str(staging)) as con:
                if fresh:
                    _carry_history(con, path)
                new = frames["dim_document"]["document_id"].to_list()
                _remove(con, [r["document_id"] for r in retired] + new, reread=new)
                for row in retired:
                    con.execute("UPDATE main.dim_document SET status = ?, retired_at = ? WHERE document_id = ?",
                                [row["status"], now, row["document_id"]])
                con.execute("DELETE FROM main.dq_rule")
                con.execute("INSERT OR REPLACE INTO main.warehouse_meta VALUES ('schema_fingerprint', ?)", [SCHEMA_FINGERPRINT])
                for name, frame in {**frames, **stamped}.items():
                    counts[name] = _insert(con, "main", name, frame)
                for name, frame in quarantined.items():
                    _insert(con, QUARANTINE, name, frame)
                con.execute("CHECKPOINT")
            os.replace(staging, path)
        finally:
            _clear(staging)
    return counts


@contextmanager
def _lock(path: Path):
    with open(path.with_name(f".{path.name}.lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _clear(staging: Path) -> None:
    staging.unlink(missing_ok=True)
    Path(f"{staging}.wal").unlink(missing_ok=True)


def _start(staging: Path, path: Path) -> bool:
    """Copy the warehouse to `staging`, or create an empty one there; True when created."""
    if path.exists():
        with duckdb.connect(str(path), read_only=True) as con:
            current = schema_is_current(con)
        if current:
            shutil.copyfile(path, staging)
            return False
    with duckdb.connect(str(staging)) as con:
        for statement in warehouse_ddl():
            con.execute(statement)
    return True


def _remove(con: duckdb.DuckDBPyConnection, document_ids: list[str], reread: list[str]) -> None:
    """Every row of these documents' disclosures leaves every table, main and quarantine; the
    dim_document rows of the documents read again leave too (the run writes them anew)."""
    if not document_ids:
        return
    con.execute("CREATE TEMP TABLE gone_documents AS SELECT unnest(?::VARCHAR[]) AS document_id", [document_ids])
    con.execute(f"""CREATE TEMP TABLE gone AS
        SELECT disclosure_id FROM main.dim_disclosure WHERE document_id IN (SELECT document_id FROM gone_documents)
        UNION SELECT disclosure_id FROM {QUARANTINE}.dim_disclosure WHERE document_id IN (SELECT document_id FROM gone_documents)""")
    for schema in ("main", QUARANTINE):
        con.execute(f"""DELETE FROM {schema}.fact_spend_plan WHERE project_id IN (
            SELECT project_id FROM {schema}.dim_project WHERE disclosure_id IN (SELECT disclosure_id FROM gone))""")
        for table in DISCLOSURE_SCOPED:
            con.execute(f"DELETE FROM {schema}.{table} WHERE disclosure_id IN (SELECT disclosure_id FROM gone)")
        con.execute(f"DELETE FROM {schema}.dim_document WHERE list_contains(?::VARCHAR[], document_id)", [reread])
    con.execute("DROP TABLE gone")
    con.execute("DROP TABLE gone_documents")


def _insert(con: duckdb.DuckDBPyConnection, schema: str, name: str, frame: pl.DataFrame) -> int:
    if frame.is_empty():
        return 0
    verb = "INSERT OR IGNORE" if schema == "main" and name in SHARED_DIMENSIONS else "INSERT"
    con.register("incoming", frame.select(TABLES[name].polars_schema.keys()).to_arrow())
    con.execute(f"{verb} INTO {schema}.{name} SELECT * FROM incoming")
    con.unregister("incoming")
    return frame.height


def _carry_history(con: duckdb.DuckDBPyConnection, previous: Path) -> None:
    """Into a new warehouse, the runs recorded in the old one (the columns both schemas share)."""
    if not previous.exists():
        return
    con.execute(f"ATTACH '{previous}' AS previous (READ_ONLY)")
    for name in HISTORY:
        old = {r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE database_name = 'previous'"
                                         " AND schema_name = 'main' AND table_name = ?", [name]).fetchall()}
        columns = ", ".join(c for c in TABLES[name].polars_schema if c in old)
        if columns:
            con.execute(f"INSERT INTO main.{name} ({columns}) SELECT {columns} FROM previous.main.{name}")
    con.execute("DETACH previous")
