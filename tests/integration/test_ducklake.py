"""The DuckLake warehouse (catalog in PostgreSQL, Parquet files in a folder): the same run loads
the same tables, the README's queries give the same answers as on the DuckDB file, a second
run over unchanged files writes nothing, and a changed and a deleted file retire their versions.
Needs Debian's `postgresql` (its server binaries); skipped, with the reason, where no server can be
started."""

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from pipelines.resources import YusuanPaths
from schemas import TABLES
from tests.conftest import SEEDS
from tests.integration.conftest import RETIREMENT, check_retired_only_those, run_pipeline, supersede_and_withdraw
from tests.integration.test_readme import QUERIES
from yusuan.warehouse.target import Warehouse


def _server_binaries() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return os.path.dirname(found[-1]) if found else None


@pytest.fixture(scope="module")
def postgres():
    """A throwaway PostgreSQL server listening only on a Unix socket in a temporary folder (in
    /tmp itself: pytest's folders are private to root, and a socket path must stay short)."""
    bin_dir = _server_binaries()
    if bin_dir is None:
        pytest.skip("PostgreSQL server not installed (Debian: apt install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="yusuan-pg-"))
    # initdb refuses to run as root: as root, the cluster belongs to the `postgres` user.
    as_user = []
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no `postgres` user to own the cluster")
        os.chmod(folder, 0o777)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, log = folder / "data", folder / "log"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*as_user, *args], capture_output=True, text=True, timeout=120)

    init = run(f"{bin_dir}/initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
    if init.returncode:
        pytest.skip(f"initdb failed: {init.stderr.strip()[-300:]}")
    start = run(f"{bin_dir}/pg_ctl", "-D", str(data), "-l", str(log), "-w", "-o",
                f"-k {folder} -c listen_addresses='' -c fsync=off", "start")
    if start.returncode:
        pytest.skip(f"PostgreSQL did not start: {start.stderr.strip()[-300:]} {log.read_text()[-300:] if log.exists() else ''}")
    yield f"dbname=postgres user=postgres host={folder}"
    run(f"{bin_dir}/pg_ctl", "-D", str(data), "-m", "immediate", "stop")
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def lake(postgres, tmp_path_factory):
    raw = tmp_path_factory.mktemp("lake_raw")
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, raw)
    target = Warehouse(f"ducklake:postgres:{postgres}", tmp_path_factory.mktemp("lake_data"))
    paths = YusuanPaths(raw_dir=str(raw), warehouse=target.location, lake_data=str(target.lake_data))
    first = run_pipeline(raw, paths=paths)
    assert first.success
    return target, raw, paths


@pytest.fixture(scope="module")
def seeds_file(tmp_path_factory):
    raw = tmp_path_factory.mktemp("file_raw")
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, raw)
    warehouse = tmp_path_factory.mktemp("file_wh") / "budget.duckdb"
    assert run_pipeline(raw, warehouse).success
    return Warehouse(str(warehouse))


def _rows(target: Warehouse, sql: str) -> list:
    with target.read() as con:
        return con.sql(sql).fetchall()


@pytest.mark.parametrize("sql", QUERIES, ids=[f"query{i + 1}" for i in range(len(QUERIES))])
def test_readme_queries_answer_the_same_on_the_lake(lake, seeds_file, sql):
    assert _rows(lake[0], sql) == _rows(seeds_file, sql)


def test_every_table_holds_the_same_rows(lake, seeds_file):
    for table, meta in TABLES.items():
        if meta.history or table == "dim_document":  # run ids and load times differ
            continue
        sql = f"SELECT * FROM {table} ORDER BY ALL"
        assert _rows(lake[0], sql) == _rows(seeds_file, sql), table


def test_the_lake_keeps_no_primary_keys_but_the_data_files_are_parquet(lake):
    target = lake[0]
    assert list(target.lake_data.rglob("*.parquet"))
    with target.read() as con:
        assert con.sql("SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
                       " AND database_name = 'wh'").fetchone()[0] == 0


def test_a_second_run_over_unchanged_files_adds_no_snapshot(lake):
    target, raw, paths = lake
    with target.read() as con:
        before = con.sql("SELECT max(snapshot_id) FROM ducklake_snapshots('wh')").fetchone()[0]
    second = run_pipeline(raw, paths=paths)
    assert second.output_for_node("raw_documents").is_noop
    with target.read() as con:
        assert con.sql("SELECT max(snapshot_id) FROM ducklake_snapshots('wh')").fetchone()[0] == before


def test_a_changed_and_a_deleted_file_retire_their_versions(postgres, tmp_path):
    """On a lake of its own (a second catalog database), not the module's, which the tests above share."""
    created = subprocess.run([f"{_server_binaries()}/createdb", "-U", "postgres", "-h", postgres.split("host=")[1], "retiring"],
                             capture_output=True, text=True, timeout=60)
    assert created.returncode == 0, created.stderr
    raw = tmp_path / "raw"
    raw.mkdir()
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, raw)
    target = Warehouse(f"ducklake:postgres:{postgres.replace('dbname=postgres', 'dbname=retiring')}", tmp_path / "data")
    paths = YusuanPaths(raw_dir=str(raw), warehouse=target.location, lake_data=str(target.lake_data))
    assert run_pipeline(raw, paths=paths).success
    supersede_and_withdraw(raw)
    assert run_pipeline(raw, paths=paths).success
    check_retired_only_those(_rows(target, RETIREMENT))
