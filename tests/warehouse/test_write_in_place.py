"""Warehouse.write on a DuckDB file: in place, in one transaction (a failed or killed publish leaves
the warehouse as it was); through a staging copy when a reader holds the file, or when asked for
a large publish; Warehouse.read waits while a publish holds the file. Real processes where the
file's lock is between processes."""

import shutil
import subprocess
import sys
import textwrap

import pytest

import yusuan.warehouse.target
from yusuan.warehouse.target import Warehouse

ROWS = 1000


@pytest.fixture
def warehouse(tmp_path) -> Warehouse:
    target = Warehouse(str(tmp_path / "wh" / "budget.duckdb"))
    with target.write() as con:
        con.execute(f"CREATE TABLE t AS SELECT range AS i FROM range({ROWS})")
    return target


@pytest.fixture
def copies(monkeypatch) -> list[tuple]:
    """Every copy write() makes of the warehouse file."""
    made = []
    real = shutil.copyfile

    def copyfile(*args, **kwargs):
        made.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(yusuan.warehouse.target.shutil, "copyfile", copyfile)
    return made


def rows(warehouse: Warehouse) -> tuple:
    with warehouse.read() as con:
        return con.execute("SELECT count(*), sum(i) FROM t").fetchone()


def other_process(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(script), *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_publish_is_written_in_place_without_a_copy(warehouse, copies):
    with warehouse.write() as con:
        con.execute("INSERT INTO t VALUES (-1)")
    assert rows(warehouse) == (ROWS + 1, ROWS * (ROWS - 1) // 2 - 1) and copies == []
    assert not list(warehouse.path.parent.glob("*.staging*"))


def test_an_error_inside_a_publish_leaves_the_warehouse_as_it_was(warehouse, copies):
    before = rows(warehouse)
    with pytest.raises(RuntimeError), warehouse.write() as con:
        con.execute("DELETE FROM t")
        con.execute("INSERT INTO t SELECT range FROM range(5)")
        raise RuntimeError("the run failed here")
    assert rows(warehouse) == before and copies == []
    with warehouse.write() as con:  # and the next publish goes through
        con.execute("DELETE FROM t WHERE i = 0")
    assert rows(warehouse) == (ROWS - 1, before[1])


KILLED = """
    import sys, time
    from yusuan.warehouse.target import Warehouse
    with Warehouse(sys.argv[1]).write() as con:
        con.execute("DELETE FROM t")
        con.execute("INSERT INTO t SELECT range FROM range(3000000)")  # enough for DuckDB to write blocks to the file
        print("written", flush=True)
        time.sleep(60)
"""


def test_a_publish_killed_midway_leaves_the_warehouse_as_it_was(warehouse):
    before = rows(warehouse)
    writer = other_process(KILLED, str(warehouse.path))
    try:
        assert writer.stdout.readline().strip() == "written", writer.stderr.read()
    finally:
        writer.kill()
        writer.wait()
    assert rows(warehouse) == before
    with warehouse.write() as con:
        con.execute("INSERT INTO t VALUES (-1)")
    assert rows(warehouse) == (ROWS + 1, before[1] - 1)


HOLDER = """
    import sys, duckdb
    held = duckdb.connect(sys.argv[1], read_only=True)
    print(held.execute("SELECT count(*) FROM t").fetchone()[0], flush=True)
    sys.stdin.readline()
    print(held.execute("SELECT count(*) FROM t").fetchone()[0], flush=True)
"""


def test_a_reader_holding_the_file_gets_a_staging_copy_published_beside_it(warehouse, copies):
    """DuckDB lets no writer open a file a reader holds: the publish goes through a copy renamed over
    the file, the reader keeps seeing the warehouse it opened, a new reader sees the new one."""
    reader = other_process(HOLDER, str(warehouse.path))
    try:
        assert reader.stdout.readline().strip() == str(ROWS)
        with warehouse.write() as con:
            con.execute("INSERT INTO t VALUES (-1)")
        assert len(copies) == 1
        assert rows(warehouse)[0] == ROWS + 1
        reader.stdin.write("again\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == str(ROWS)
    finally:
        reader.kill()
        reader.wait()
    assert not list(warehouse.path.parent.glob("*.staging*"))


def test_a_large_publish_goes_through_a_staging_copy(warehouse, copies):
    with warehouse.write(small=False) as con:
        con.execute("INSERT INTO t VALUES (-1)")
    assert len(copies) == 1 and rows(warehouse)[0] == ROWS + 1


WRITER = """
    import sys, time
    from yusuan.warehouse.target import Warehouse
    with Warehouse(sys.argv[1]).write() as con:
        con.execute("INSERT INTO t VALUES (-1)")
        print("writing", flush=True)
        time.sleep(1.5)
"""


def test_a_reader_opened_during_a_publish_in_place_waits_for_it(warehouse, capfd):
    writer = other_process(WRITER, str(warehouse.path))
    try:
        assert writer.stdout.readline().strip() == "writing"
        assert rows(warehouse)[0] == ROWS + 1  # waited, and sees the publish whole
    finally:
        writer.wait(timeout=60)
    assert "a run is publishing into it; waiting" in capfd.readouterr().err


COMMITTED_THEN_KILLED = """
    import duckdb, os, signal, sys
    con = duckdb.connect(sys.argv[1])
    con.execute("INSERT INTO t VALUES (-2)")  # committed to the log, not yet checkpointed into the file
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_staging_copy_keeps_a_commit_still_in_the_log(warehouse, copies):
    """A publish in place killed after its commit leaves it in DuckDB's log beside the file; a
    staging copy made then (a reader holds the file) takes the log along, and leaves none behind
    that DuckDB would replay onto the new file."""
    other_process(COMMITTED_THEN_KILLED, str(warehouse.path)).wait()
    log = warehouse.path.with_name(f"{warehouse.path.name}.wal")
    assert log.exists()
    reader = other_process(HOLDER, str(warehouse.path))
    try:
        assert reader.stdout.readline().strip() == str(ROWS + 1)
        with warehouse.write() as con:
            con.execute("INSERT INTO t VALUES (-1)")
        assert len(copies) == 2 and not log.exists()
    finally:
        reader.kill()
        reader.wait()
    assert rows(warehouse) == (ROWS + 2, ROWS * (ROWS - 1) // 2 - 3)
