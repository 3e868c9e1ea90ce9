"""Issue #16 (g): a warehouse folder that cannot be written is found before any file is parsed,
and a run that fails on a full disk ends with a line naming the cause in words, no traceback."""

import errno
import shutil

from typer.testing import CliRunner

import assets.warehouse
from pipelines.cli import app
from tests.conftest import S001, SEEDS

runner = CliRunner()


def last_message(result) -> str:
    """The last message printed, as one line (the console wraps it at the terminal's width)."""
    return " ".join(result.output.split()).rsplit("error:", 1)[-1]


def test_an_unwritable_warehouse_folder_stops_the_run_before_parsing(tmp_path, monkeypatch):
    (tmp_path / "raw").mkdir()
    shutil.copy(SEEDS / S001, tmp_path / "raw")
    (tmp_path / "file").write_text("not a folder")
    parsed = []
    monkeypatch.setattr("yusuan.parse.reader.parse_document", lambda *a: parsed.append(a))
    result = runner.invoke(app, ["run", "--raw", str(tmp_path / "raw"), "--warehouse", str(tmp_path / "file" / "budget.duckdb")])
    said = " ".join(result.output.split())
    assert result.exit_code == 2 and "cannot write in" in said and "a file stands where the folder should be" in said
    assert "Traceback" not in said and not parsed


def test_a_full_disk_is_named_on_the_last_line(tmp_path, monkeypatch):
    (tmp_path / "raw").mkdir()
    shutil.copy(SEEDS / S001, tmp_path / "raw")
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "w" / ".budget.duckdb.staging"))

    monkeypatch.setattr(assets.warehouse, "publish", full)
    result = runner.invoke(app, ["run", "--raw", str(tmp_path / "raw"), "--warehouse", str(tmp_path / "w" / "budget.duckdb")])
    assert result.exit_code == 1
    assert "the disk is full" in last_message(result) and "Traceback" not in result.output
    assert "Error occurred while executing" not in result.output
