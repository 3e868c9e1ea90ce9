"""The data dictionary in the database is the text of schemas/warehouse.yaml, word for word.

The descriptions are read back from the DuckDB comments and compared with the text of the file
read line by line, not through YAML: an unquoted description in a `{…}` mapping is cut by YAML
at its first comma (the rest becomes a key of its own), which a comparison with yaml.safe_load
would never see.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
import yaml

from schemas import TABLES
from schemas.ddl import QUARANTINE, quarantinable, warehouse_ddl

WAREHOUSE_YAML = Path(__file__).resolve().parents[2] / "schemas" / "warehouse.yaml"
COLUMN_KEYS = {"type", "description", "nullable", "values", "pattern", "min"}
TABLE_KEYS = {"description", "primary_key", "columns", "history", "derived"}

_TABLE = re.compile(r"^  (\w+):\s*$")
_TABLE_DESCRIPTION = re.compile(r"^    description: (.*?)\s*$")
_COLUMN = re.compile(r"^      (\w+): \{(.*)\}\s*$")
# In a column's mapping the description runs to the next known key, or to the closing brace.
_COLUMN_DESCRIPTION = re.compile(r"description: (.*?)(?:, (?:nullable|values|pattern|min): .*)?$")


def _scalar(source: str) -> str:
    """The text of a scalar as written: between its quotes (with YAML's escapes undone), or as is."""
    if source.startswith("'"):
        assert source.endswith("'"), source
        return source[1:-1].replace("''", "'")
    if source.startswith('"'):
        assert source.endswith('"'), source
        return source[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return source


def source_descriptions(text: str) -> dict[tuple[str, str | None], str]:
    """(table, column or None) → the description as written on its line of warehouse.yaml."""
    found: dict[tuple[str, str | None], str] = {}
    table = None
    for number, line in enumerate(text.splitlines(), 1):
        if m := _TABLE.match(line):
            table = m[1]
        elif m := _TABLE_DESCRIPTION.match(line):
            found[(table, None)] = _scalar(m[1])
        elif m := _COLUMN.match(line):
            body = m[2]
            d = _COLUMN_DESCRIPTION.search(body)
            assert d, f"warehouse.yaml:{number}: column {m[1]} has no description"
            found[(table, m[1])] = _scalar(d[1])
    return found


def database_comments() -> dict[tuple[str, str, str | None], str]:
    """(schema, table, column or None) → COMMENT, from a warehouse built in memory from the DDL."""
    con = duckdb.connect()
    for statement in warehouse_ddl():
        con.execute(statement)
    comments = {(s, t, None): c for s, t, c in con.execute(
        "SELECT schema_name, table_name, comment FROM duckdb_tables() WHERE database_name = current_database()").fetchall()}
    comments |= {(s, t, col): c for s, t, col, c in con.execute(
        """SELECT schema_name, table_name, column_name, comment FROM duckdb_columns()
           WHERE database_name = current_database() AND NOT internal""").fetchall()}
    return comments


def test_every_comment_is_the_description_as_written_in_warehouse_yaml():
    written = source_descriptions(WAREHOUSE_YAML.read_text(encoding="utf-8"))
    assert {t for t, _ in written} == set(TABLES)
    comments = database_comments()
    main = {(t, c): text for (s, t, c), text in comments.items() if s == "main"}
    assert set(main) == set(written)
    differ = {key: (written[key], main[key]) for key in written if main[key] != written[key]}
    assert not differ, "comments that differ from warehouse.yaml's text (written, in the database):\n" + "\n".join(
        f"  {t}.{c or ''}: {w!r} != {d!r}" for (t, c), (w, d) in differ.items())
    # The quarantine schema: the same column comments, and the table's own behind a prefix.
    for table in quarantinable():
        assert comments[(QUARANTINE, table.name, None)] == (
            f"Held back from main.{table.name} (see dq_result): {written[(table.name, None)]}")
        for column in table.columns:
            assert comments[(QUARANTINE, table.name, column.name)] == written[(table.name, column.name)]


def test_the_line_reader_catches_a_description_cut_at_a_comma():
    cut = "tables:\n  t:\n    description: T.\n    columns:\n      c: {type: BOOLEAN, description: True on 合计 rows, so not twice.}\n"
    assert source_descriptions(cut)[("t", "c")] == "True on 合计 rows, so not twice."
    assert yaml.safe_load(cut)["tables"]["t"]["columns"]["c"]["description"] == "True on 合计 rows"


def test_no_description_parses_to_anything_but_text():
    raw = yaml.safe_load(WAREHOUSE_YAML.read_text(encoding="utf-8"))
    for name, spec in raw["tables"].items():
        assert set(spec) <= TABLE_KEYS, f"{name}: unknown keys {set(spec) - TABLE_KEYS}"
        assert isinstance(spec["description"], str) and spec["description"].strip(), name
        for column, c in spec["columns"].items():
            # A key YAML made of the tail of a cut description (with a None value) shows here.
            assert set(c) <= COLUMN_KEYS, f"{name}.{column}: unknown keys {set(c) - COLUMN_KEYS}"
            assert isinstance(c["description"], str) and c["description"].strip(), f"{name}.{column}"


@pytest.mark.parametrize(("table", "column", "words"), [
    ("fact_expenditure", "is_total", "does not count twice"),
    ("fact_expenditure", "amount_wan", "10,000 yuan"),
    ("fact_fixed_asset", "quantity", "vehicles, items"),
    ("dim_disclosure", "source_url", "meta.json"),
    ("dim_unit", "unit_name", "explanation title"),
])
def test_the_descriptions_once_cut_are_whole(table, column, words):
    assert words in next(c.description for c in TABLES[table].columns if c.name == column)


def test_the_readme_data_dictionary_query_lists_exactly_the_warehouse_columns():
    readme = (WAREHOUSE_YAML.parents[1] / "README.md").read_text(encoding="utf-8")
    [query] = [q for q in re.findall(r"```sql\n(.*?)```", readme, re.S) if "duckdb_columns()" in q]
    con = duckdb.connect()
    for statement in warehouse_ddl():
        con.execute(statement)
    rows = con.execute(query).fetchall()
    expected = sorted((t.name, c.name, c.description) for t in TABLES.values() for c in t.columns)
    assert sorted((table, column, comment) for table, column, _, comment in rows) == expected
