"""Publish a run into the warehouse, all at once (see target.py for how each kind of warehouse
keeps its readers on a whole version).

The run's rows arrive as Parquet parts (yusuan.parts) and are bulk-loaded by DuckDB. The rows of
every document the run replaces or retires leave every table (main and quarantine) first, the
retired versions are marked in dim_document, and the run's rows go in. The history tables
(ingest_log, dq_result, dq_disclosure) only ever grow, and survive a change of schema.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from schemas import DISCLOSURE_SCOPED, TABLES
from schemas.ddl import QUARANTINE, quote, warehouse_ddl
from yusuan.analysis.derived import refresh_derived
from yusuan.analysis.views import create_views
from yusuan.parse.batch import PART_SIZE
from yusuan.parts import Parts, listed, relation
from yusuan.warehouse.keys import check_added, check_parts, check_rows, drop_declared
from yusuan.warehouse.state import SCHEMA_FINGERPRINT, schema_is_current
from yusuan.warehouse.target import Warehouse, beside_python

HISTORY = [name for name, meta in TABLES.items() if meta.history]
DERIVED = [name for name, meta in TABLES.items() if meta.derived]
SHARED_DIMENSIONS = ("dim_unit", "dim_subject", "dim_year")  # rows other documents may share: kept, added if new


def publish(warehouse: Warehouse, loaded: Parts, quarantined: Parts, frames: dict[str, pl.DataFrame],
            run_id: str, retired: list[dict]) -> dict[str, int]:
    """Write this run into `warehouse`: the tables of `loaded` (dq_result and dq_disclosure among
    them) and the in-memory `frames` (the catalog, the ledger) into main, those of `quarantined`
    into the quarantine; returns the rows written per main table."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    new = loaded.scan("dim_document").select("document_id").collect()["document_id"].to_list()
    counts: dict[str, int] = {}
    # A part's rows, added or removed, fit in LOAD_MEMORY as one transaction (_insert_parts); more go
    # through a staging copy.
    with warehouse.write(small=len(loaded.numbers()) <= 1 and len(retired) <= PART_SIZE) as con:
        if not schema_is_current(con):
            _rebuild(con)
        drop_declared(con)
        _remove(con, [r["document_id"] for r in retired] + new, reread=new)
        _mark_retired(con, retired, now)
        con.execute("DELETE FROM main.dq_rule")
        for table in loaded.tables():
            if table not in SHARED_DIMENSIONS:  # those add only the keys they lack (_new_shared)
                check_parts(con, table, loaded)
            counts[table] = _insert_parts(con, "main", table, loaded, run_id, now, by_part=not warehouse.is_lake)
        for table, frame in frames.items():
            with relation(frame) as incoming:
                check_added(con, table, incoming)
                counts[table] = _insert(con, "main", table, incoming, run_id, now)
        for table in quarantined.tables():
            _insert_parts(con, QUARANTINE, table, quarantined, run_id, now, by_part=not warehouse.is_lake)
        create_views(con, column_comments=not warehouse.is_lake)
        with beside_python(con):
            refresh_derived(con)  # units' keys and subjects' lineages, for the units and subjects the run adds
        for table in DERIVED:
            check_rows(con, table, f"main.{table}")
    return counts


def _rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """An empty warehouse of the current schema in place of an outdated one (or of none), with
    the runs the old one recorded (the columns both schemas share)."""
    existing = con.execute("SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database()").fetchall()
    kept = {}
    for schema, table in existing:
        if schema == "main" and table in HISTORY:
            con.execute(f"CREATE TEMP TABLE carried_{table} AS SELECT * FROM main.{table}")
            kept[table] = {c[0] for c in con.execute(f"DESCRIBE temp.carried_{table}").fetchall()}
    for schema, table in existing:
        con.execute(f"DROP TABLE {schema}.{table}")
    for statement in warehouse_ddl():
        con.execute(statement)
    con.execute(f"INSERT INTO main.warehouse_meta VALUES ('schema_fingerprint', {quote(SCHEMA_FINGERPRINT)})")
    for table, old in kept.items():
        columns = ", ".join(c for c in TABLES[table].polars_schema if c in old)
        con.execute(f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM temp.carried_{table}")
        con.execute(f"DROP TABLE temp.carried_{table}")


def _remove(con: duckdb.DuckDBPyConnection, document_ids: list[str], reread: list[str]) -> None:
    """Every row of these documents' disclosures leaves every table, main and quarantine; the
    dim_document rows of the documents read again leave too (the run writes them anew)."""
    if not document_ids:
        return
    with listed(document_ids) as gone_documents:
        con.execute(f"CREATE TEMP TABLE gone_documents AS SELECT value AS document_id FROM ({gone_documents})")
    con.execute(f"""CREATE TEMP TABLE gone AS
        SELECT disclosure_id FROM main.dim_disclosure WHERE document_id IN (SELECT document_id FROM gone_documents)
        UNION SELECT disclosure_id FROM {QUARANTINE}.dim_disclosure WHERE document_id IN (SELECT document_id FROM gone_documents)""")
    # Each DELETE reads a table's whole disclosure_id column; documents new to the warehouse (a
    # nightly run's, mostly) have no rows to remove.
    any_gone = con.execute("SELECT count(*) FROM temp.gone").fetchone()[0] > 0
    with listed(reread) as written_anew:
        for schema in ("main", QUARANTINE):
            if any_gone:
                con.execute(f"""DELETE FROM {schema}.fact_spend_plan WHERE project_id IN (
                    SELECT project_id FROM {schema}.dim_project WHERE disclosure_id IN (SELECT disclosure_id FROM gone))""")
                for table in DISCLOSURE_SCOPED:
                    con.execute(f"DELETE FROM {schema}.{table} WHERE disclosure_id IN (SELECT disclosure_id FROM gone)")
            con.execute(f"DELETE FROM {schema}.dim_document WHERE document_id IN ({written_anew})")
    con.execute("DROP TABLE temp.gone")
    con.execute("DROP TABLE temp.gone_documents")


def _mark_retired(con: duckdb.DuckDBPyConnection, retired: list[dict], now: dt.datetime) -> None:
    """The retired versions' status (superseded, withdrawn) and time in dim_document, in one
    statement: one a document took 0.6 ms each against 30,000 rows, which a province's corpus
    published again (every file changed) pays 30,000 times."""
    if not retired:
        return
    statuses = pl.DataFrame([{"document_id": r["document_id"], "status": r["status"]} for r in retired],
                            schema={"document_id": pl.String, "status": pl.String})
    with relation(statuses.unique("document_id", keep="last")) as marked:
        con.execute(f"UPDATE main.dim_document SET status = retired.status, retired_at = {_timestamp(now)} "
                    f"FROM {marked} AS retired WHERE dim_document.document_id = retired.document_id")


def _insert_parts(con: duckdb.DuckDBPyConnection, schema: str, table: str, parts: Parts, run_id: str,
                  now: dt.datetime, by_part: bool) -> int:
    """`table` of `parts` into `schema`, `by_part` one statement per part: in a DuckDB file, what a
    statement adds must fit in the memory DuckDB is allowed (LOAD_MEMORY) when it commits, and a
    part's does, where a whole first load's (millions of rows) did not. A DuckLake would get a data
    file per statement: one statement. A shared dimension goes in one statement: a unit named in
    several parts gets the aliases of all of them."""
    if not by_part or (schema == "main" and table in SHARED_DIMENSIONS):
        return _insert(con, schema, table, f"read_parquet('{parts.glob(table)}')", run_id, now)
    return sum(_insert(con, schema, table, f"read_parquet('{parts.file(table, number)}')", run_id, now)
               for number in parts.numbers())


def _insert(con: duckdb.DuckDBPyConnection, schema: str, table: str, source: str, run_id: str, now: dt.datetime) -> int:
    meta = TABLES[table]
    if meta.history:
        source = f"(SELECT *, '{run_id}' AS run_id, {_timestamp(now)} AS logged_at FROM {source})"
    if schema == "main" and table in SHARED_DIMENSIONS:
        source = _new_shared(table, source)
    columns = ", ".join(meta.polars_schema)
    return con.execute(f"INSERT INTO {schema}.{table} ({columns}) SELECT {columns} FROM {source}").fetchone()[0]


def _new_shared(table: str, source: str) -> str:
    """The rows of a shared dimension not in the warehouse yet, one per key: a unit named by
    several documents of the run gets the aliases of all of them."""
    (key,) = TABLES[table].primary_key
    if table == "dim_unit":
        others = ", ".join(f"any_value({c}) AS {c}" for c in TABLES[table].polars_schema if c not in (key, "aliases"))
        source = f"(SELECT {key}, {others}, list_sort(list_distinct(flatten(list(aliases)))) AS aliases FROM {source} GROUP BY {key})"
    else:
        source = f"(SELECT DISTINCT ON ({key}) * FROM {source})"
    return f"(SELECT * FROM {source} WHERE {key} NOT IN (SELECT {key} FROM main.{table}))"


def _timestamp(moment: dt.datetime) -> str:
    return f"TIMESTAMP '{moment.isoformat(sep=' ')}'"
