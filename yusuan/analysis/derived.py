"""The tables a publish derives from the whole warehouse: each unit's stable key (identity.py) and
each subject's lineage (subjects.py). Their links cross documents and runs, so they are recomputed
over every row now in the warehouse, never appended to.
"""

from __future__ import annotations

import duckdb

from yusuan.analysis.identity import unit_tables
from yusuan.analysis.subjects import subject_lineage


def refresh_derived(con: duckdb.DuckDBPyConnection) -> None:
    for table, frame in {**unit_tables(con), "subject_lineage": subject_lineage(con)}.items():
        con.execute(f"DELETE FROM main.{table}")
        con.register("derived", frame.to_arrow())
        con.execute(f"INSERT INTO main.{table} ({', '.join(frame.columns)}) SELECT * FROM derived")
        con.unregister("derived")
