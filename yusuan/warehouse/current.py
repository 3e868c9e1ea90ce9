"""The warehouse as the store of each stage's current value.

A run hands its stages' outputs on in files of its own (pipelines.resources.RunOutputs) and
deletes them once published: after that, the current value of every stage is what the warehouse
holds. A run that materialises a stage without its upstream (re-validating after a change to the
rule catalog, re-publishing) reads the upstream from here, in the same shapes the stages write:
the plan, the ledger, and Parquet parts of PART_SIZE documents in file-name order.
"""

from __future__ import annotations

import polars as pl

from schemas import DISCLOSURE_SCOPED, TABLES
from schemas.ddl import QUARANTINE
from yusuan.parse.batch import LEDGER_COLUMNS, PARSED_TABLES, PART_SIZE
from yusuan.parts import Parts, listed
from yusuan.quality.evaluate import DQ_TABLES
from yusuan.quality.report import CURRENT_SCOPE
from yusuan.raw import IngestPlan
from yusuan.warehouse.state import WarehouseOutdated, schema_is_current
from yusuan.warehouse.target import Warehouse

SHARED = [t for t in PARSED_TABLES if t not in DISCLOSURE_SCOPED and t != "dim_document" and "project_id" not in TABLES[t].polars_schema]
BY_PROJECT = [t for t in PARSED_TABLES if t not in DISCLOSURE_SCOPED and "project_id" in TABLES[t].polars_schema]


def current_documents(warehouse: Warehouse) -> pl.DataFrame:
    """document_id, file_name, sha256 of the documents in force, in file-name order."""
    if not warehouse.exists():
        return pl.DataFrame(schema={"document_id": pl.String, "file_name": pl.String, "sha256": pl.String})
    with warehouse.read() as con:
        if not schema_is_current(con):
            raise WarehouseOutdated(f"{warehouse.location} was built with an older schema: it holds nothing to validate "
                                    "again; `yusuan run --full` reads every file and builds it anew")
        return con.execute("SELECT document_id, file_name, sha256 FROM main.dim_document WHERE status = 'current' "
                           "ORDER BY file_name, document_id").pl()


def current_plan(warehouse: Warehouse) -> IngestPlan:
    """The raw stage's value once its run is published: every current document unchanged."""
    return IngestPlan(to_parse=[], retired=[], unchanged=current_documents(warehouse)["file_name"].to_list())


def current_ledger(warehouse: Warehouse) -> pl.DataFrame:
    """The parse ledger of the current documents: each one loaded (the validation decides the rest)."""
    documents = current_documents(warehouse)
    return documents.select("file_name", "sha256", status=pl.lit("loaded"), reason=pl.lit(None, pl.String)).cast(LEDGER_COLUMNS)


def export_parsed(warehouse: Warehouse, parsed: Parts) -> None:
    """The parsed stage's parts: every row of the current disclosures, loaded or quarantined."""
    _export(warehouse, {parsed: ("main", QUARANTINE)}, dq=None)


def export_validated(warehouse: Warehouse, validated: Parts, quarantine: Parts) -> None:
    """The validated stage's parts: the loaded rows and their current dq rows, and the quarantine."""
    _export(warehouse, {validated: ("main",), quarantine: (QUARANTINE,)}, dq=validated)


def _export(warehouse: Warehouse, sources: dict[Parts, tuple[str, ...]], dq: Parts | None) -> None:
    """Each of `sources` gets, part by part, the rows of its schemas (main, quarantine); written
    beside it and renamed when whole, so that a killed export is never taken for a finished one."""
    partial = {parts: Parts(parts.root.with_name(f".{parts.root.name}.partial")) for parts in sources}
    for parts in partial.values():
        parts.clear()
    documents = current_documents(warehouse)["document_id"].to_list()
    chunks = [documents[i:i + PART_SIZE] for i in range(0, len(documents), PART_SIZE)] or [[]]
    with warehouse.read() as con:
        for number, chunk in enumerate(chunks):
            with listed(chunk) as documents:
                con.execute(f"CREATE OR REPLACE TEMP TABLE part_documents AS SELECT value AS document_id FROM ({documents})")
            con.execute(f"""CREATE OR REPLACE TEMP TABLE part_disclosures AS
                SELECT disclosure_id FROM main.dim_disclosure WHERE document_id IN (SELECT document_id FROM part_documents)
                UNION SELECT disclosure_id FROM {QUARANTINE}.dim_disclosure WHERE document_id IN (SELECT document_id FROM part_documents)""")
            for parts, schemas in sources.items():
                frames = {t: _union(con, schemas, t, *_where(t)) for t in PARSED_TABLES if t not in SHARED}
                for table in SHARED:  # the rows the part's own rows name, as a parse of its documents gives
                    frames[table] = _union(con, schemas, table, *_named(table, frames))
                if parts == dq:
                    frames |= {table: _dq(con, table, columns) for table, columns in DQ_TABLES.items()}
                partial[parts].write(number, frames)
    for parts, written in partial.items():
        written.root.rename(parts.root)


def _where(table: str) -> tuple[str, dict]:
    if table in DISCLOSURE_SCOPED:
        return "disclosure_id IN (SELECT disclosure_id FROM part_disclosures)", {}
    if table in BY_PROJECT:
        return ("project_id IN (SELECT project_id FROM main.dim_project WHERE disclosure_id IN (SELECT disclosure_id FROM part_disclosures) "
                f"UNION ALL SELECT project_id FROM {QUARANTINE}.dim_project WHERE disclosure_id IN (SELECT disclosure_id FROM part_disclosures))"), {}
    return "document_id IN (SELECT document_id FROM part_documents)", {}  # dim_document


def _named(table: str, frames: dict[str, pl.DataFrame]) -> tuple[str, dict]:
    (key,) = TABLES[table].primary_key
    named = [frame[key] for frame in frames.values() if key in frame.columns]
    return f"{key} IN (SELECT unnest($values))", {"values": pl.concat(named).unique().to_list() if named else []}


def _union(con, schemas: tuple[str, ...], table: str, where: str, params: dict) -> pl.DataFrame:
    columns = ", ".join(TABLES[table].polars_schema)
    # UNION ALL: a table may print the same row twice, and main and quarantine rows are disjoint
    sql = " UNION ALL ".join(f"SELECT {columns} FROM {schema}.{table} WHERE {where}" for schema in schemas)
    schema = TABLES[table].polars_schema
    frame = con.execute(sql, params).pl()
    return frame.cast(schema) if frame.height else pl.DataFrame(schema=schema)


def _dq(con, table: str, columns: list[str]) -> pl.DataFrame:
    frame = con.execute(f"""WITH chosen AS ({CURRENT_SCOPE})
        SELECT {', '.join(columns)} FROM {table} JOIN chosen USING (disclosure_id, run_id)
        WHERE disclosure_id IN (SELECT disclosure_id FROM part_disclosures)""").pl()
    return frame.cast({c: TABLES[table].polars_schema[c] for c in columns})
