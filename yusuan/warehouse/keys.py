"""The warehouse's primary keys (schemas/warehouse.yaml), held without declaring them: no table
declares one (see schemas/ddl.py), so the publish checks what a declaration would have, before
it adds a row, and refuses the whole publish when a key would repeat.

Every key is either one identifier (document_id, disclosure_id, project_id, …) or starts with
the identifier of another table's key (fact_expenditure's disclosure_id, fact_spend_plan's
project_id): the rows of a disclosure come and go with it, and are parsed into the same part.
So a key holds when no identifier repeats among the run's rows, none of the run's composite keys
repeats within its part (STR-001 checks this before, and rows of two parts cannot share a key
whose identifier differs), and no identifier the run adds is in the warehouse yet: scans of the
run's rows, part by part for the large fact tables (a first load's 34 million rows at 100,000
documents, grouped at once, took hundreds of MB), and of the identifier columns, never of the
fact tables whose cost grew with the warehouse.
"""

from __future__ import annotations

import duckdb

from schemas import TABLES
from schemas.ddl import create_table
from yusuan.parts import Parts

# Identifiers: the one-column keys, which the composite keys start with.
IDENTIFIERS = {meta.primary_key[0] for meta in TABLES.values() if len(meta.primary_key) == 1}
_UNROOTED = [name for name, meta in TABLES.items() if len(meta.primary_key) > 1 and meta.primary_key[0] not in IDENTIFIERS]
if _UNROOTED:  # a new key the check below would not cover: fail at import, not with a repeated key in the warehouse
    raise RuntimeError(f"schemas/warehouse.yaml: the primary keys of {_UNROOTED} do not start with an identifier "
                       f"({sorted(IDENTIFIERS)}); yusuan.warehouse.keys cannot keep them")


class KeyRepeated(Exception):
    """A publish would have put two rows with the same primary key in a table; nothing was published."""


def check_parts(con: duckdb.DuckDBPyConnection, table: str, parts: Parts) -> None:
    """check_added for the rows of `table` in `parts`, a run's: an identifier over all of them, a
    composite key part by part."""
    if len(TABLES[table].primary_key) == 1:
        check_added(con, table, f"read_parquet('{parts.glob(table)}')")
    else:
        for number in parts.numbers():
            check_rows(con, table, f"read_parquet('{parts.file(table, number)}')")


def check_added(con: duckdb.DuckDBPyConnection, table: str, source: str) -> None:
    """Raise KeyRepeated when the rows of `source` (a relation: the run's rows of main.`table`)
    repeat a key among themselves, or add an identifier main.`table` holds already."""
    check_rows(con, table, source)
    key = TABLES[table].primary_key
    if len(key) == 1:
        columns = key[0]
        row = con.execute(f"SELECT {columns} FROM main.{table} WHERE {columns} IN (SELECT {columns} FROM {source}) LIMIT 1").fetchone()
        if row:
            raise KeyRepeated(f"main.{table}: the run adds {_named(key, row)}, which the warehouse holds already; "
                              "nothing was published")


def check_rows(con: duckdb.DuckDBPyConnection, table: str, source: str) -> None:
    """Raise KeyRepeated when two rows of `source` (main.`table` itself, or rows for it) share a key."""
    key = TABLES[table].primary_key
    if not key:
        return
    row = con.execute(f"SELECT {', '.join(key)}, count(*) FROM {source} GROUP BY ALL HAVING count(*) > 1 LIMIT 1").fetchone()
    if row:
        raise KeyRepeated(f"main.{table}: {row[-1]} rows would have the key {_named(key, row)}; nothing was published")


def _named(key: tuple[str, ...], row: tuple) -> str:
    return ", ".join(f"{column} = {value!r}" for column, value in zip(key, row, strict=False))


def drop_declared(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Rewrite without its declared primary key each table of a warehouse built when keys were
    declared: the same rows, comments and NOT NULLs. Returns the tables rewritten. DuckDB cannot
    drop a key in place (ALTER TABLE … DROP CONSTRAINT is not implemented)."""
    keyed = [row[0] for row in con.execute(
        "SELECT table_name FROM duckdb_constraints() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND constraint_type = 'PRIMARY KEY'").fetchall()]
    for table in keyed:
        con.execute(f"ALTER TABLE main.{table} RENAME TO {table}_keyed")
        for statement in create_table(TABLES[table]):
            con.execute(statement)
        con.execute(f"INSERT INTO main.{table} SELECT * FROM main.{table}_keyed")
        con.execute(f"DROP TABLE main.{table}_keyed")
    return keyed
