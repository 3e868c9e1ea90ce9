"""DuckDB DDL for the warehouse, generated from warehouse.yaml, with COMMENT ON for every
table and column so that `duckdb_tables()` / `duckdb_columns()` are the data dictionary."""

from __future__ import annotations

from schemas import TABLES, TableMeta


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_table(table: TableMeta) -> list[str]:
    cols = [f"{c.name} {c.type}{'' if c.nullable else ' NOT NULL'}" for c in table.columns]
    if table.primary_key:
        cols.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
    statements = [f"CREATE TABLE {table.name} (\n  " + ",\n  ".join(cols) + "\n)"]
    statements.append(f"COMMENT ON TABLE {table.name} IS {_quote(table.description)}")
    statements += [f"COMMENT ON COLUMN {table.name}.{c.name} IS {_quote(c.description)}" for c in table.columns]
    return statements


def warehouse_ddl() -> list[str]:
    return [s for table in TABLES.values() for s in create_table(table)]
