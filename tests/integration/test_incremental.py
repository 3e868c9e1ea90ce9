"""Incremental runs through the real job: a changed file replaces only its own rows; a deleted
file is withdrawn; a new parser version reads everything again."""

from decimal import Decimal

import duckdb
import pytest

import yusuan
from tests.conftest import S000, S001
from tests.integration.conftest import (RETIREMENT, check_retired_only_those, edit_001, run_pipeline, seeded,
                                       supersede_and_withdraw)

FACTS = ("fact_expenditure", "fact_income", "fact_three_public", "fact_performance_indicator", "fact_budget_overview")


def snapshot(warehouse, exclude_file: str | None = None) -> dict:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        out = {}
        for table in FACTS:
            rows = con.sql(f"""SELECT f.* EXCLUDE (disclosure_id), d.file_name FROM {table} f
                               JOIN dim_disclosure USING (disclosure_id) JOIN dim_document d USING (document_id)
                               WHERE d.file_name <> '{exclude_file}' ORDER BY ALL""").fetchall()
            out[table] = rows
        return out


@pytest.fixture
def corpus(tmp_path):
    return seeded(tmp_path)


def test_editing_one_seed_replaces_only_its_rows(corpus):
    raw, warehouse = corpus
    before = snapshot(warehouse, exclude_file=S001)
    edit_001(raw)
    result = run_pipeline(raw, warehouse)
    assert [f.file_name for f in result.output_for_node("raw_documents").to_parse] == [S001]
    assert snapshot(warehouse, exclude_file=S001) == before  # the other documents' rows, untouched
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.sql(f"SELECT status FROM dim_document WHERE file_name = '{S001}' ORDER BY ingested_at").fetchall() == [
            ("superseded",), ("current",)]
        assert con.sql(f"""SELECT amount_wan FROM fact_expenditure JOIN dim_disclosure USING (disclosure_id)
                           JOIN dim_document d USING (document_id)
                           WHERE d.file_name = '{S001}' AND source_location = '{S001}:559'""").fetchall() == [
            (Decimal("1452.20"),)]
        assert con.sql(f"SELECT status FROM ingest_log WHERE run_id = '{result.run_id}' ORDER BY status").fetchall() == [
            ("loaded_with_warnings",), ("superseded",)]


def test_deleted_file_is_withdrawn_not_silently_dropped(corpus):
    raw, warehouse = corpus
    (raw / S000).unlink()
    run_pipeline(raw, warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.sql(f"SELECT status FROM dim_document WHERE file_name = '{S000}'").fetchall() == [("withdrawn",)]
        assert con.sql(f"""SELECT count(*) FROM dim_disclosure JOIN dim_document USING (document_id)
                           WHERE file_name = '{S000}'""").fetchone() == (0,)
        balance = dict(con.sql("""SELECT status, count(*) FROM (SELECT file_name, arg_max(status, logged_at) AS status
                                  FROM ingest_log GROUP BY 1) GROUP BY 1""").fetchall())
    assert balance == {"loaded_with_warnings": 4, "withdrawn": 1}


def test_one_run_supersedes_and_withdraws_and_marks_only_those(corpus):
    raw, warehouse = corpus
    supersede_and_withdraw(raw)
    run_pipeline(raw, warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        check_retired_only_those(con.sql(RETIREMENT).fetchall())


def test_new_parser_version_reads_every_document_again(corpus, monkeypatch):
    raw, warehouse = corpus
    before = snapshot(warehouse)
    monkeypatch.setattr(yusuan, "PARSER_VERSION", yusuan.PARSER_VERSION + "+test")
    result = run_pipeline(raw, warehouse)
    assert len(result.output_for_node("raw_documents").to_parse) == 5
    assert snapshot(warehouse) == before
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.sql("SELECT DISTINCT parser_version FROM dim_document").fetchall() == [(yusuan.PARSER_VERSION,)]
