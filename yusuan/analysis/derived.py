"""The tables a publish derives from the whole warehouse: each unit's stable key (identity.py) and
each subject's lineage (subjects.py). Their links cross documents and runs: a publish brings them
up to date with the units and subjects it adds, to the rows a recompute over the whole warehouse
gives, and recomputes them whole when what they are computed with has changed since the last
publish (the code, the divisions, schemas/unit_links.yaml: their fingerprint is kept in
warehouse_meta as derived_fingerprint).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import polars as pl

from schemas.ddl import quote
from yusuan.analysis import identity, subjects
from yusuan.parse import places, text
from yusuan.parts import listed, relation

_SOURCES = [Path(m.__file__) for m in (identity, subjects, places, text)] + [places.DIVISIONS_CSV]


def refresh_derived(con: duckdb.DuckDBPyConnection) -> None:
    overrides = identity.load_overrides()
    fingerprint = _fingerprint(overrides)
    stored = con.execute("SELECT value FROM main.warehouse_meta WHERE key = 'derived_fingerprint'").fetchone()
    everything = stored is None or stored[0] != fingerprint
    units, frames = identity.unit_tables(con, overrides, everything)
    for table, frame in frames.items():
        _replace(con, table, frame, "unit_id", units)
    lineage = subjects.subject_lineage(con, everything)
    if lineage is not None:
        _replace(con, "subject_lineage", lineage, "subject_id", None)
    if everything:
        con.execute("DELETE FROM main.warehouse_meta WHERE key = 'derived_fingerprint'")
        con.execute(f"INSERT INTO main.warehouse_meta VALUES ('derived_fingerprint', {quote(fingerprint)})")


def _replace(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, key: str, keys: list[str] | None) -> None:
    """The rows of `table` whose `key` is among `keys` (every row when None) replaced by `frame`."""
    if keys is None:
        con.execute(f"DELETE FROM main.{table}")
    else:
        with listed(keys) as replaced:
            con.execute(f"DELETE FROM main.{table} WHERE {key} IN ({replaced})")
    with relation(frame) as derived:
        con.execute(f"INSERT INTO main.{table} ({', '.join(frame.columns)}) SELECT * FROM {derived}")


def _fingerprint(overrides: list[identity.Override]) -> str:
    digest = hashlib.sha256(repr(overrides).encode())
    for source in _SOURCES:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]
