"""Atomic publish, tested with real processes: a load killed midway leaves the old warehouse
readable and the next run finishes the work; readers during a load see the old or the new
warehouse, never a mix, and do not block the load."""

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SEEDS

BIN = Path(sys.executable).parent
COPIES = 12  # 60 documents: a load long enough to be caught in the middle


def make_corpus(raw: Path, mark: str) -> None:
    raw.mkdir(exist_ok=True)
    for n in range(COPIES):
        for seed in sorted(SEEDS.glob("*.txt")):
            # A closing paragraph of our own makes each copy (and each edit) a distinct document.
            (raw / f"{n:02d}_{seed.name}").write_text(seed.read_text(encoding="utf-8") + f"\n\n副本{n}{mark}\n",
                                                      encoding="utf-8")


def yusuan_run(tmp_path: Path, raw: Path, warehouse: Path) -> subprocess.Popen:
    home = tmp_path / "dagster_home"
    home.mkdir(exist_ok=True)
    env = os.environ | {"DAGSTER_HOME": str(home)}
    return subprocess.Popen([str(BIN / "yusuan"), "run", "--raw", str(raw), "--warehouse", str(warehouse)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err[-3000:]
    return out


def state(warehouse: Path) -> tuple:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("""SELECT (SELECT count(*) FROM fact_expenditure), (SELECT count(*) FROM dim_disclosure),
                                     (SELECT string_agg(document_id, ',' ORDER BY document_id) FROM dim_document
                                      WHERE status = 'current')""").fetchone()


@pytest.fixture
def loaded(tmp_path):
    raw, warehouse = tmp_path / "raw", tmp_path / "wh" / "budget.duckdb"
    make_corpus(raw, "")
    finish(yusuan_run(tmp_path, raw, warehouse))
    return raw, warehouse, state(warehouse)


def publishing(warehouse: Path) -> bool:
    """Whether a publish holds the warehouse's write lock (it writes in place, or a staging copy)."""
    with open(warehouse.with_name(f".{warehouse.name}.lock"), "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(lock, fcntl.LOCK_UN)
        return False


@pytest.mark.slow  # two loads of 60 documents through real processes: minutes on 2 cores
def test_killed_load_leaves_the_old_warehouse_and_the_next_run_finishes(tmp_path, loaded):
    raw, warehouse, before = loaded
    make_corpus(raw, "（修订）")  # every file changed: the next run has all of them to load
    staging = warehouse.with_name(f".{warehouse.name}.staging")
    process = yusuan_run(tmp_path, raw, warehouse)
    while not publishing(warehouse):
        assert process.poll() is None, "the run ended before it started publishing"
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert state(warehouse) == before  # the old warehouse, whole and readable
    finish(yusuan_run(tmp_path, raw, warehouse))
    after = state(warehouse)
    assert after[0] == before[0] and after[1] == before[1] and after[2] != before[2]  # same shape, new versions
    assert not staging.exists()


READER = """
import duckdb, json, sys, time, pathlib
path, stop = sys.argv[1], pathlib.Path(sys.argv[2])
held = duckdb.connect(path, read_only=True)   # opened before the load, kept open through it
first = held.execute("SELECT count(*), sum(amount_wan) FROM fact_expenditure").fetchone()
seen = set()
while not stop.exists():
    with duckdb.connect(path, read_only=True) as con:   # a new reader every time
        seen.add(con.execute("SELECT count(*), (SELECT count(*) FROM dim_document WHERE status = 'current') "
                             "FROM fact_expenditure").fetchone())
held_after = held.execute("SELECT count(*), sum(amount_wan) FROM fact_expenditure").fetchone()
print(json.dumps({"seen": sorted(seen), "held_same": held_after == first}))
"""


@pytest.mark.slow  # two loads of 60 documents through real processes: minutes on 2 cores
def test_readers_during_a_load_see_old_or_new_never_a_mix(tmp_path, loaded):
    raw, warehouse, before = loaded
    (raw / "00_000_ff2e0223a4ae885a.txt").unlink()  # the load withdraws one document
    make_corpus_edit = raw / "01_001_b2c706af3b854347.txt"
    make_corpus_edit.write_text(make_corpus_edit.read_text(encoding="utf-8") + "又及\n", encoding="utf-8")
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(warehouse), str(stop)], stdout=subprocess.PIPE, text=True)
    time.sleep(1)
    finish(yusuan_run(tmp_path, raw, warehouse))  # finishes although a reader holds the warehouse open
    time.sleep(0.5)
    stop.touch()
    report = json.loads(reader.communicate(timeout=60)[0])
    old = (before[0], COPIES * 5)
    new = (state(warehouse)[0], COPIES * 5 - 1)
    assert old != new
    assert {tuple(s) for s in report["seen"]} <= {old, new} and tuple(report["seen"][0]) in (old, new)
    assert report["held_same"]  # the connection opened before the load kept seeing the old warehouse


def test_a_run_with_nothing_changed_says_so_and_starts_no_dagster_run(tmp_path, loaded, monkeypatch):
    import dagster as dg

    raw, warehouse, before = loaded
    written = warehouse.stat().st_mtime_ns
    out = finish(yusuan_run(tmp_path, raw, warehouse))
    assert f"{COPIES * 5} documents, all unchanged since the last run: nothing to do, no run started" in out
    assert warehouse.stat().st_mtime_ns == written and state(warehouse) == before
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    with dg.DagsterInstance.get() as instance:
        assert len(instance.get_runs()) == 1  # the first load's only
