"""The warehouse built once per test session by the real Dagster job, from the seeds plus bad files."""

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import build_defs
from pipelines.resources import YusuanPaths
from schemas import TABLES
from tests.conftest import S000, S001, SEEDS

BAD_FILES = {
    "empty.txt": (b"", "empty file"),
    "photo.docx": (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg files are not supported yet"),
    "binary.txt": (bytes(range(128, 256)) * 8, "no encoding"),
    "notes.txt": ("会议纪要\n今天讨论了工作安排。\n".encode(), "not a budget disclosure"),
}


def run_pipeline(raw: Path, warehouse: Path | None = None, paths: YusuanPaths | None = None) -> dg.ExecuteInProcessResult:
    defs = build_defs(paths or YusuanPaths(raw_dir=str(raw), warehouse=str(warehouse)))
    return defs.resolve_job_def("build_warehouse").execute_in_process(instance=dg.DagsterInstance.ephemeral())


def edit_001(raw: Path) -> None:
    """001's 支出总表 合计 (line 559, printed 1452.21) changed to 1452.20."""
    text = (raw / S001).read_text(encoding="utf-8").split("\n")
    assert text[559 - 1] == "\t1452.21"
    text[559 - 1] = "\t1452.20"
    (raw / S001).write_text("\n".join(text), encoding="utf-8")


def supersede_and_withdraw(raw: Path) -> None:
    """001 edited (edit_001) and 000 deleted."""
    edit_001(raw)
    (raw / S000).unlink()


# dim_document after supersede_and_withdraw and a run: whether each version has a retirement time
RETIREMENT = "SELECT file_name, status, retired_at IS NOT NULL FROM dim_document ORDER BY file_name, ingested_at"


def check_retired_only_those(rows: list[tuple]) -> None:
    """RETIREMENT's rows: 000 withdrawn and 001's first version superseded, each with its time; the
    other three documents as they were."""
    assert [r for r in rows if r[0] in (S000, S001)] == [
        (S000, "withdrawn", True), (S001, "superseded", True), (S001, "current", False)]
    assert {r[1:] for r in rows if r[0] not in (S000, S001)} == {("current", False)}
    assert len(rows) == 6


def seeded(folder: Path, leave_out: str | None = None) -> tuple[Path, Path]:
    """The seeds (but `leave_out`) in folder/raw, loaded by the real job into folder/warehouse."""
    raw = folder / "raw"
    raw.mkdir()
    for seed in SEEDS.glob("*.txt"):
        if seed.name != leave_out:
            shutil.copy(seed, raw)
    warehouse = folder / "warehouse" / "budget.duckdb"
    assert run_pipeline(raw, warehouse).success
    return raw, warehouse


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, raw)
    for name, (data, _) in BAD_FILES.items():
        (raw / name).write_bytes(data)
    # A seed cut off in the middle of a table row (000 line 300 is inside a row of 收入总表).
    lines = (SEEDS / S000).read_text(encoding="utf-8").split("\n")
    (raw / "truncated.txt").write_text("\n".join(lines[:300]), encoding="utf-8")
    warehouse = tmp_path_factory.mktemp("warehouse") / "budget.duckdb"
    first = run_pipeline(raw, warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        snapshot = {t: con.sql(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t, meta in TABLES.items()
                    if not meta.history and t != "dim_document"}
    written = warehouse.stat().st_mtime_ns
    second = run_pipeline(raw, warehouse)
    assert warehouse.stat().st_mtime_ns == written, "a run over unchanged files must write nothing"
    return first, second, warehouse, snapshot


