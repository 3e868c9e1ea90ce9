"""The Dagster Definitions run end to end on the seeds plus bad files, into a DuckDB file."""

from pathlib import Path

import duckdb

from pipelines.definitions import build_defs
from schemas import TABLES
from schemas.ddl import quarantinable
from tests.integration.conftest import BAD_FILES


def query(warehouse: Path, sql: str):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.sql(sql).fetchall()


def test_both_runs_succeed_with_the_structure_check_passing(built):
    first, second, _, _ = built
    assert first.success and second.success
    for run in (first, second):  # the second run had nothing to do: its checks state the same warehouse
        (structure,) = [e for e in run.get_asset_check_evaluations() if e.check_name == "STR_001"]
        assert structure.passed and structure.metadata["disclosures_checked"].value == 6


def test_fact_rows_per_seed(built):
    rows = dict(query(built[2], """
        SELECT d.file_name, count(*) FROM (
            SELECT disclosure_id FROM fact_expenditure UNION ALL SELECT disclosure_id FROM fact_income
            UNION ALL SELECT disclosure_id FROM fact_three_public) f
        JOIN dim_disclosure USING (disclosure_id) JOIN dim_document d USING (document_id) GROUP BY 1"""))
    # = the numeric cells counted in tests/golden/test_cell_coverage.py
    assert rows == {"000_ff2e0223a4ae885a.txt": 320, "001_b2c706af3b854347.txt": 216, "002_a4c3473fffdcfd73.txt": 97}


def test_every_file_is_loaded_or_rejected_with_its_reason(built):
    ledger = query(built[2], "SELECT file_name, status, reason FROM ingest_log WHERE run_id = (SELECT max_by(run_id, logged_at) FROM ingest_log)")
    by_file = {name: (status, reason) for name, status, reason in ledger}
    assert len(by_file) == 5 + len(BAD_FILES) + 1
    for name, (_, reason) in BAD_FILES.items():
        assert by_file[name][0] == "rejected" and reason in by_file[name][1]
    assert by_file["truncated.txt"][0] == "rejected" and "truncated" in by_file["truncated.txt"][1]
    # every seed breaks at least one warning rule (yusuan check lists them)
    assert [s for n, (s, _) in by_file.items() if n.startswith("00")] == ["loaded_with_warnings"] * 5


def test_second_run_over_unchanged_files_writes_nothing(built):
    first, second, warehouse, snapshot = built
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for table, rows in snapshot.items():
            assert con.sql(f"SELECT * FROM {table} ORDER BY ALL").fetchall() == rows, table
    assert dict(query(warehouse, "SELECT run_id, count(*) FROM ingest_log GROUP BY 1")) == {first.run_id: 10}
    assert second.output_for_node("raw_documents").is_noop


def test_every_table_and_column_is_described_in_the_database(built):
    undocumented = query(built[2], "SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal AND (comment IS NULL OR comment = '')")
    assert undocumented == []
    described = query(built[2], "SELECT schema_name, count(*) FROM duckdb_tables() WHERE comment IS NOT NULL GROUP BY 1 ORDER BY 1")
    assert described == [("main", len(TABLES)), ("quarantine", len(quarantinable()))]


def test_money_is_decimal_never_float(built):
    types = query(built[2], "SELECT DISTINCT data_type FROM duckdb_columns() WHERE column_name = 'amount_wan'")
    assert types == [("DECIMAL(18,2)",)]


def test_asset_keys_are_stable():
    keys = sorted(k.to_user_string() for k in build_defs().resolve_asset_graph().get_all_asset_keys())
    tables = ["dim_disclosure", "dim_document", "dim_subject", "dim_table", "dim_unit", "dim_year",
              "fact_expenditure", "fact_income", "fact_three_public", "dim_project", "fact_spend_plan",
              "fact_performance_goal", "fact_performance_indicator", "performance_text", "fact_budget_overview",
              "dim_unit_profile", "fact_procurement", "fact_fixed_asset", "doc_section", "parse_issue"]
    assert keys == sorted(["raw_documents", "parsed_ledger", "budget_warehouse", "validated_quarantine",
                           "validated_dq_result", "validated_dq_disclosure"]
                          + [f"parsed_{t}" for t in tables] + [f"validated_{t}" for t in tables])
