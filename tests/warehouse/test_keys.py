"""The warehouse declares no primary key (schemas/ddl.py): the publish keeps them instead
(yusuan.warehouse.keys). A run that would repeat a key publishes nothing and says which; a
warehouse built when keys were declared is rewritten without them, its rows and comments kept."""

import shutil

import duckdb
import polars as pl
import pytest

from schemas import TABLES
from schemas.ddl import warehouse_ddl
from tests.conftest import S000, SEEDS
from tests.integration.conftest import run_pipeline, seeded
from yusuan.parse.batch import parse_files
from yusuan.raw import read_raw
from yusuan.parts import Parts
from yusuan.warehouse.keys import KeyRepeated, check_added, check_parts, drop_declared


@pytest.fixture
def con():
    con = duckdb.connect()
    for statement in warehouse_ddl():
        con.execute(statement)
    return con


def test_no_table_declares_a_key(con):
    assert con.sql("SELECT count(*) FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE')").fetchone()[0] == 0


def test_rows_repeating_a_key_among_themselves_are_refused(con):
    rows = "(SELECT * FROM (VALUES ('d-1', '支出总表'), ('d-1', '收入总表'), ('d-1', '支出总表')) t(disclosure_id, table_kind))"
    with pytest.raises(KeyRepeated, match=r"main.dim_table: 2 rows would have the key disclosure_id = 'd-1', table_kind = '支出总表'"):
        check_added(con, "dim_table", rows)


def test_an_identifier_the_warehouse_holds_is_refused_and_a_new_one_passes(con):
    con.execute("INSERT INTO dim_year VALUES (2024)")
    with pytest.raises(KeyRepeated, match="main.dim_year: the run adds budget_year = 2024, which the warehouse holds already"):
        check_added(con, "dim_year", "(SELECT 2024 AS budget_year)")
    check_added(con, "dim_year", "(SELECT 2025 AS budget_year)")


def test_a_table_without_a_key_takes_any_rows(con):
    check_added(con, "parse_issue", "(SELECT 'd-1' AS disclosure_id UNION ALL SELECT 'd-1')")


@pytest.fixture
def four_seeds(tmp_path):
    """A warehouse of the seeds but 000, built by the real job."""
    return seeded(tmp_path, leave_out=S000)


def test_a_run_adding_a_project_the_warehouse_holds_publishes_nothing(four_seeds):
    raw, warehouse = four_seeds
    # A stray row holding the identifier 000's first project will have (a damaged or hand-edited warehouse).
    project = parse_files([read_raw(SEEDS / S000, SEEDS)]).frames["dim_project"]["project_id"][0]
    with duckdb.connect(str(warehouse)) as con:
        con.execute(f"INSERT INTO dim_project SELECT * REPLACE ('{project}' AS project_id) FROM dim_project LIMIT 1")
        before = con.sql("SELECT count(*) FROM dim_document").fetchone()[0]
    shutil.copy(SEEDS / S000, raw)
    with pytest.raises(Exception) as failed:  # noqa: PT011 - Dagster wraps the step's error
        run_pipeline(raw, warehouse)
    chain = []
    error: BaseException | None = failed.value
    while error is not None:
        chain.append(str(error))
        error = error.__cause__
    assert any(f"main.dim_project: the run adds project_id = '{project}', which the warehouse holds already" in text
               for text in chain), chain
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.sql("SELECT count(*) FROM dim_document").fetchone()[0] == before == 4


def test_a_warehouse_with_declared_keys_is_rewritten_without_them(four_seeds):
    _, warehouse = four_seeds
    with duckdb.connect(str(warehouse)) as con:
        # As a warehouse written before: each keyed table again, with its key declared (hand-written DDL).
        for name, meta in TABLES.items():
            if not meta.primary_key:
                continue
            con.execute(f"CREATE TABLE {name}_old AS SELECT * FROM {name}")
            con.execute(f"DROP TABLE {name} CASCADE")
            columns = ", ".join(f"{c.name} {c.type}" for c in meta.columns)
            con.execute(f"CREATE TABLE {name} ({columns}, PRIMARY KEY ({', '.join(meta.primary_key)}))")
            con.execute(f"COMMENT ON TABLE {name} IS 'old'")
            con.execute(f"INSERT INTO {name} SELECT * FROM {name}_old")
            con.execute(f"DROP TABLE {name}_old")
        keyed = {name for name, meta in TABLES.items() if meta.primary_key}
        rows = {name: con.sql(f"SELECT * FROM {name} ORDER BY ALL").fetchall() for name in keyed}
        assert set(drop_declared(con)) == keyed
        assert con.sql("SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'").fetchone()[0] == 0
        assert {name: con.sql(f"SELECT * FROM {name} ORDER BY ALL").fetchall() for name in keyed} == rows
        # The comments are the data dictionary's again (schemas/warehouse.yaml), not the old ones.
        comments = dict(con.sql("SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main'").fetchall())
        assert all(comments[name] == TABLES[name].description for name in keyed)
        assert drop_declared(con) == []


def test_a_run_key_repeated_within_a_part_or_an_identifier_across_parts_is_refused(con, tmp_path):
    parts = Parts(tmp_path / "parts")
    table = lambda rows: pl.DataFrame(rows, schema={"disclosure_id": pl.String, "table_kind": pl.String}, orient="row")  # noqa: E731
    parts.write(1, {"dim_table": table([("d-1", "支出总表")]), "dim_disclosure": pl.DataFrame({"disclosure_id": ["d-1"]})})
    parts.write(2, {"dim_table": table([("d-2", "支出总表"), ("d-2", "支出总表")]), "dim_disclosure": pl.DataFrame({"disclosure_id": ["d-2"]})})
    with pytest.raises(KeyRepeated, match="main.dim_table: 2 rows would have the key disclosure_id = 'd-2'"):
        check_parts(con, "dim_table", parts)
    parts.write(2, {"dim_table": table([("d-2", "支出总表")]), "dim_disclosure": pl.DataFrame({"disclosure_id": ["d-1"]})})
    check_parts(con, "dim_table", parts)
    with pytest.raises(KeyRepeated, match="main.dim_disclosure: 2 rows would have the key disclosure_id = 'd-1'"):
        check_parts(con, "dim_disclosure", parts)
