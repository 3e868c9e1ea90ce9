"""Issue #17, fixed costs and memory of a run: a part's frames built a few documents at a time are
the frames built at once; the event log `yusuan run` writes is Dagster's own, read by the default storage as any other run's;
the raw folder's listing finds what Path.rglob finds, in its order."""

import os

import dagster as dg
import polars as pl

from pipelines import cli
from tests.conftest import SEEDS
from yusuan.parse import batch
from yusuan.raw import SIDECAR_SUFFIX, document_files, scan_raw


def copies(folder, times: int):
    """The seeds `times` over (the same units in every copy, so that units merge across pieces)."""
    folder.mkdir()
    for n in range(times):
        for seed in sorted(SEEDS.glob("*.txt")):
            (folder / f"{n:02d}_{seed.name}").write_text(seed.read_text(encoding="utf-8") + f"\n副本{n}\n", encoding="utf-8")
    return scan_raw(folder)


def without_times(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    return {t: f.drop("ingested_at", strict=False) for t, f in frames.items()}


def test_frames_built_a_few_documents_at_a_time_are_the_frames_built_at_once(tmp_path, monkeypatch):
    files = copies(tmp_path / "raw", 3)
    monkeypatch.setattr(batch, "ROWS_HELD", len(files) + 1)
    whole = batch.parse_files(files)
    monkeypatch.setattr(batch, "ROWS_HELD", 2)  # eight pieces, a seed's copies in different ones
    pieces = batch.parse_files(files)
    assert whole.ledger.equals(pieces.ledger)
    expected, found = without_times(whole.frames), without_times(pieces.frames)
    assert expected.keys() == found.keys()
    for table, frame in expected.items():
        assert frame.equals(found[table]), table
    assert found["dim_unit"]["unit_id"].is_unique().all()


def test_the_event_log_a_run_writes_is_read_by_dagsters_default_storage(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    cli.dagster_home()

    @dg.asset
    def numbers() -> int:
        return 3

    instance = cli._instance(dg)
    assert type(instance.event_log_storage).__name__ == "KeptOpenEventLogStorage"
    result = dg.materialize([numbers], instance=instance)
    instance.dispose()
    with dg.DagsterInstance.get() as default:  # as the UI opens the instance
        assert type(default.event_log_storage).__name__ == "SqliteEventLogStorage"
        record = default.get_latest_materialization_event(dg.AssetKey("numbers"))
        assert record is not None and record.run_id == result.run_id
        assert default.get_run_by_id(result.run_id).is_success


def test_an_instance_with_a_storage_of_its_own_keeps_it(tmp_path):
    assert cli._event_log(tmp_path)["event_log_storage"]["class"] == "KeptOpenEventLogStorage"
    (tmp_path / "dagster.yaml").write_text(f"storage:\n  sqlite:\n    base_dir: {tmp_path / 'elsewhere'}\n")
    assert cli._event_log(tmp_path) == {}


def test_the_listing_finds_what_rglob_finds_in_its_order(tmp_path):
    for folder in ("a", "a-b", "a b", ".hidden", "A", "a/deep/er"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    for name in ("a/x.txt", "a-b/x.txt", "a b/x.txt", ".hidden/x.txt", "A/x.txt", "a/deep/er/x.txt", "a.txt", "a-b.txt",
                 "a/b c.txt", "a/b-c.txt", "a/b.c.txt", "B.txt", "_z.txt", ".dot.txt", "a/x.txt" + SIDECAR_SUFFIX):
        (tmp_path / name).write_text(name)
    os.symlink(tmp_path / "a" / "x.txt", tmp_path / "link.txt")
    os.symlink(tmp_path / "missing", tmp_path / "broken.txt")
    os.symlink(tmp_path / "a", tmp_path / "linked_folder")
    os.mkfifo(tmp_path / "pipe")
    expected = sorted(p for p in tmp_path.rglob("*") if p.is_file() and not p.name.startswith(".")
                      and not p.name.endswith(SIDECAR_SUFFIX))
    assert document_files(tmp_path) == expected and len(expected) == 14
