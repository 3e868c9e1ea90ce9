"""Issue #16 (f): two `yusuan run`s at once, sharing DAGSTER_HOME, into different warehouses each
publish their own documents (a run's step outputs are its own, beside its warehouse, not in one
store under DAGSTER_HOME shared by every run); a second run into the same warehouse is refused
while the first holds it. Real processes."""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb

from tests.conftest import S001, S004, SEEDS

BIN = Path(sys.executable).parent


def yusuan_run(home: Path, raw: Path, warehouse: Path) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "yusuan"), "run", "--raw", str(raw), "--warehouse", str(warehouse)],
                            env=os.environ | {"DAGSTER_HOME": str(home)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def documents(warehouse: Path) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return [r[0] for r in con.sql("SELECT file_name FROM dim_document ORDER BY ALL").fetchall()]


def test_two_runs_at_once_into_two_warehouses_publish_their_own_documents(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    runs = {}
    for name, seed in (("a", S001), ("b", S004)):
        (tmp_path / name).mkdir()
        shutil.copy(SEEDS / seed, tmp_path / name)
        runs[name] = (seed, tmp_path / f"wh_{name}" / "budget.duckdb")
    processes = {name: yusuan_run(home, tmp_path / name, warehouse) for name, (_, warehouse) in runs.items()}
    for name, process in processes.items():
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err[-3000:]
    for name, (seed, warehouse) in runs.items():
        assert documents(warehouse) == [seed]
    # Nothing of either run in a store every run of the instance shares.
    assert not (home / "storage" / "raw_documents").exists()


HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from yusuan.warehouse.target import Warehouse
    with Warehouse(sys.argv[1]).run_lock():
        print("held", flush=True)
        time.sleep(60)
""")


def test_a_second_run_into_the_same_warehouse_is_refused_clearly(tmp_path):
    (tmp_path / "raw").mkdir()
    shutil.copy(SEEDS / S001, tmp_path / "raw")
    warehouse = tmp_path / "wh" / "budget.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(warehouse)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        second = yusuan_run(tmp_path / "home", tmp_path / "raw", warehouse)
        out, err = second.communicate(timeout=300)
    finally:
        holder.kill()
        holder.wait()
    said = " ".join(err.split())
    assert second.returncode == 2 and "another run is writing" in said and "Traceback" not in said
    assert not warehouse.exists()
