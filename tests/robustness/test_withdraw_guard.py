"""Issue #16 (c): a raw folder that is empty or half there (a mount that did not come up, a
mistyped path) must not withdraw the warehouse's documents without a word."""

import shutil

import dagster as dg
import duckdb
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.resources import YusuanPaths
from tests.conftest import S000, SEEDS
from tests.integration.conftest import run_pipeline
from yusuan import raw as raw_stage
from yusuan.raw import IngestPlan

runner = CliRunner()


def said(result) -> str:
    """The command's output as one line (the console wraps it at the terminal's width)."""
    return " ".join(result.output.split())


def _known(n: int) -> list[dict]:
    return [{"document_id": f"d{i}", "file_name": f"f{i}.txt", "sha256": f"s{i}", "status": "current"} for i in range(n)]


def _withdrawing(known: list[dict], n: int) -> IngestPlan:
    return IngestPlan([], [{**row, "status": "withdrawn"} for row in known[:n]], [])


def test_withdrawing_more_than_the_limit_is_refused_with_the_reason():
    known = _known(4)
    assert raw_stage.withdrawal_refused(_withdrawing(known, 2), known) is None  # half: allowed
    reason = raw_stage.withdrawal_refused(_withdrawing(known, 3), known)
    assert "withdraw 3 of the 4 current documents" in reason and "--allow-withdraw" in reason
    assert raw_stage.withdrawal_refused(_withdrawing(known, 4), known, limit=1.0) is None


def test_an_empty_raw_folder_without_a_warehouse_says_so(tmp_path):
    (tmp_path / "raw").mkdir()
    result = runner.invoke(app, ["run", "--raw", str(tmp_path / "raw"), "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2
    assert "holds no document files" in said(result)
    assert not (tmp_path / "w.duckdb").exists()


def test_an_empty_raw_folder_stops_before_withdrawing_everything(tmp_path):
    raw, empty, warehouse = tmp_path / "raw", tmp_path / "empty", tmp_path / "w" / "budget.duckdb"
    raw.mkdir(), empty.mkdir()
    shutil.copy(SEEDS / S000, raw)
    assert run_pipeline(raw, warehouse).success
    written = warehouse.stat().st_mtime_ns

    result = runner.invoke(app, ["run", "--raw", str(empty), "--warehouse", str(warehouse)])
    assert result.exit_code == 2 and "would withdraw 1 of the 1 current documents" in said(result)
    with pytest.raises(dg.Failure, match="would withdraw"):  # the job itself refuses too (UI, schedule, sensor)
        run_pipeline(empty, warehouse)
    assert warehouse.stat().st_mtime_ns == written

    assert run_pipeline(empty, paths=YusuanPaths(raw_dir=str(empty), warehouse=str(warehouse), allow_withdraw=True)).success
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.sql("SELECT status FROM dim_document").fetchall() == [("withdrawn",)]
