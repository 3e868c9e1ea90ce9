"""The analysts' views, from schemas/views.yaml: CREATE OR REPLACE VIEW with its COMMENT ON VIEW
and a COMMENT ON COLUMN per column, so the data dictionary (duckdb_views(), duckdb_columns())
describes them as it does the tables.

The publish step creates them in every warehouse it writes; they read only the tables, so they
need no data of their own and follow every change of the rows at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

from schemas.ddl import quote


@dataclass(frozen=True)
class ViewMeta:
    name: str
    description: str
    columns: dict[str, str]  # column → description, in the SELECT's order
    sql: str


def _load() -> dict[str, ViewMeta]:
    raw = yaml.safe_load((Path(__file__).parents[2] / "schemas" / "views.yaml").read_text(encoding="utf-8"))
    return {name: ViewMeta(name, spec["description"], dict(spec["columns"]), spec["sql"].strip())
            for name, spec in raw["views"].items()}


VIEWS: dict[str, ViewMeta] = _load()


def view_ddl(column_comments: bool = True) -> list[str]:
    """The statements creating every view, in the file's order (a view may read those above it).
    `column_comments=False` leaves out the column comments, which DuckLake refuses on a view
    (the view's own comment it keeps)."""
    statements = []
    for view in VIEWS.values():
        statements.append(f"CREATE OR REPLACE VIEW main.{view.name} AS\n{view.sql}")
        statements.append(f"COMMENT ON VIEW main.{view.name} IS {quote(view.description)}")
        if column_comments:
            statements += [f"COMMENT ON COLUMN main.{view.name}.{column} IS {quote(text)}"
                           for column, text in view.columns.items()]
    return statements


def create_views(con: duckdb.DuckDBPyConnection, column_comments: bool = True) -> None:
    for statement in view_ddl(column_comments):
        con.execute(statement)
