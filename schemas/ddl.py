"""DuckDB DDL for the warehouse, generated from warehouse.yaml, with COMMENT ON for every
table and column so that `duckdb_tables()` / `duckdb_columns()` are the data dictionary."""

from __future__ import annotations

from schemas import TABLES, TableMeta


# Values are written into statements as literals, not passed as parameters: DuckDB's Python
# client imports pandas at the first statement given a parameter (0.3 to 0.8 s of a run).
def quote(text: str) -> str:
    """`text` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


QUARANTINE = "quarantine"


def create_table(table: TableMeta, schema: str = "main") -> list[str]:
    """DDL for `table`; in the quarantine schema without NOT NULL, since the rows held back there
    are exactly those that may break it. No table declares its primary key: DuckLake has none, and
    in a DuckDB file their indexes are written again whole at every checkpoint (the cost of a
    publish grew with the warehouse) and held in memory. The keys hold all the same: STR-001
    checks them within each part before it loads, and the publish checks the rows it adds against
    the rest (yusuan.warehouse.keys), refusing the whole publish when one repeats."""
    strict = schema == "main"
    name = f"{schema}.{table.name}"
    cols = [f"{c.name} {c.type}{' NOT NULL' if strict and not c.nullable else ''}" for c in table.columns]
    statements = [f"CREATE TABLE {name} (\n  " + ",\n  ".join(cols) + "\n)"]
    description = table.description if strict else f"Held back from main.{table.name} (see dq_result): {table.description}"
    statements.append(f"COMMENT ON TABLE {name} IS {quote(description)}")
    statements += [f"COMMENT ON COLUMN {name}.{c.name} IS {quote(c.description)}" for c in table.columns]
    return statements


def quarantinable() -> list[TableMeta]:
    """Tables whose rows a failing error rule can hold back: all but the run history, the catalog and
    the tables derived over the whole warehouse."""
    return [t for t in TABLES.values() if not (t.history or t.derived) and t.name != "dq_rule"]


def warehouse_ddl() -> list[str]:
    statements = [s for table in TABLES.values() for s in create_table(table)]
    statements.append(f"CREATE SCHEMA IF NOT EXISTS {QUARANTINE}")
    return statements + [s for table in quarantinable() for s in create_table(table, QUARANTINE)]
