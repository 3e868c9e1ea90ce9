"""What the published warehouse already holds: the documents the next run compares the raw
folder against. Read-only, and empty when there is no warehouse or its schema is outdated
(the next run then rebuilds everything from the raw files)."""

from __future__ import annotations

import hashlib

import duckdb

from schemas import TABLES
from yusuan.warehouse.target import Warehouse

SCHEMA_FINGERPRINT = hashlib.sha256(repr(sorted(
    (name, [(c.name, c.type) for c in meta.columns]) for name, meta in TABLES.items())).encode()).hexdigest()[:16]


class WarehouseOutdated(Exception):
    """The warehouse was built with another schema: its rows cannot stand for a stage's value."""


def schema_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        row = con.execute("SELECT value FROM warehouse_meta WHERE key = 'schema_fingerprint'").fetchone()
    except duckdb.CatalogException:
        return False
    return row is not None and row[0] == SCHEMA_FINGERPRINT


def known_documents(warehouse: Warehouse) -> list[dict]:
    """dim_document rows still in force (current or rejected), or [] when starting afresh."""
    if not warehouse.exists():
        return []
    with warehouse.read() as con:
        if not schema_is_current(con):
            return []
        cursor = con.execute("""SELECT document_id, file_name, sha256, size_bytes, mtime_ns, parser_version, status
                                FROM dim_document WHERE status IN ('current', 'rejected')""")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
