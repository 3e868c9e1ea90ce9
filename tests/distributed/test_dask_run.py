"""A run spread over a cluster gives the warehouse a one-machine run gives. A dask scheduler and two
dask workers (separate processes, on 127.0.0.1: two machines but for the network) run the job
build_warehouse_on_cluster, one step per part, over the samples and a synthetic corpus, two
parts; the warehouse is a DuckLake whose catalog is PostgreSQL and whose Parquet files are in an
S3-compatible object store (moto's server). Every table must hold the rows that `build_warehouse`
writes on one machine into a DuckDB file, and both workers must have run parts.

Needs Debian's `postgresql` (its server binaries): skipped, with the reason, where no server can
be started (tests/integration/test_ducklake.py)."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import boto3
import dagster as dg
import distributed
import pytest
from moto.server import ThreadedMotoServer

from pipelines.distributed import cluster_job
from schemas import TABLES
from tests.conftest import ROOT, SEEDS
from tests.integration.conftest import run_pipeline
from tests.integration.test_ducklake import postgres  # noqa: F401 - the throwaway PostgreSQL server, a fixture
from yusuan.parse.batch import PART_SIZE
from yusuan.warehouse.target import Warehouse

SYNTH_DOCS = PART_SIZE  # with the five samples: two parts, the parts a one-machine run makes
BIN = Path(sys.executable).parent
# Columns that say when or in which run a row was written: they differ between any two runs.
RUN_COLUMNS = {"run_id", "logged_at", "ingested_at"}


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    subprocess.run([BIN / "yusuan", "synth", "--out", str(out), "--docs", str(SYNTH_DOCS), "--seed", "7"],
                   check=True, capture_output=True, timeout=300)
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, out / "raw")
    return out / "raw"


@pytest.fixture(scope="module")
def object_store():
    """An S3-compatible server on 127.0.0.1 with a bucket for the lake, and the AWS_* variables
    that reach it (what DuckDB and boto3 read)."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    env = {"AWS_ACCESS_KEY_ID": "yusuan", "AWS_SECRET_ACCESS_KEY": "yusuan-secret", "AWS_REGION": "us-east-1",
           "AWS_ENDPOINT_URL": f"http://{host}:{port}"}
    boto3.client("s3", endpoint_url=env["AWS_ENDPOINT_URL"], aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
                 aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"], region_name=env["AWS_REGION"]).create_bucket(Bucket="lake")
    yield env
    server.stop()


@pytest.fixture(scope="module")
def cluster_run(raw, postgres, object_store, tmp_path_factory):  # noqa: F811 - postgres is the fixture imported above
    """The corpus through a dask scheduler and two workers into the lake: (lake, the scheduler's task stream)."""
    home, shared = tmp_path_factory.mktemp("dagster_home"), tmp_path_factory.mktemp("shared")
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    settings = {**object_store, "DAGSTER_HOME": str(home), "PYTHONPATH": str(ROOT),
           "YUSUAN_RAW_DIR": str(raw), "YUSUAN_WAREHOUSE": f"ducklake:postgres:{postgres}",
           "YUSUAN_LAKE_DATA": str(shared / "lake"), "YUSUAN_LAKE_OBJECTS": "s3://lake/data/",
           # A worker's process may start processes of its own: the parse step's reader (yusuan.parse.batch).
           "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    # Every machine is given the scheduler's address in its environment, as the workers' steps read
    # the job's executor configuration too: a port free now, for the scheduler started next.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        settings["YUSUAN_DASK_SCHEDULER"] = address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    env = {**os.environ, **settings}
    processes = [subprocess.Popen([BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                                   "--no-dashboard"], env=env, stderr=subprocess.DEVNULL)]
    for name in ("worker-a", "worker-b"):
        # One thread: one step at a time, as on a machine given to one step. No memory limit: a
        # step keeps its own (a part at a time), and dask would pause a worker at its share of RAM.
        processes.append(subprocess.Popen([BIN / "dask", "worker", address, "--name", name, "--host", "127.0.0.1",
                                           "--nthreads", "1", "--memory-limit", "0", "--no-dashboard"],
                                          env=env, stderr=subprocess.DEVNULL))
    try:
        with distributed.Client(address, timeout=60, set_as_default=False) as client, pytest.MonkeyPatch.context() as patch:
            client.wait_for_workers(2, timeout=60)
            for key, value in settings.items():  # for the run's orchestrator (this process) and the lake's readers
                patch.setenv(key, value)
            with distributed.get_task_stream(client) as stream, dg.DagsterInstance.from_config(str(home)) as instance:
                result = dg.execute_job(dg.reconstructable(cluster_job), instance=instance)
                assert result.success, [e.message for e in result.all_events if e.is_failure]
            yield Warehouse(settings["YUSUAN_WAREHOUSE"], shared / "lake", settings["YUSUAN_LAKE_OBJECTS"]), stream.data
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


@pytest.fixture(scope="module")
def one_machine(raw, tmp_path_factory) -> Warehouse:
    warehouse = tmp_path_factory.mktemp("one_machine") / "budget.duckdb"
    assert run_pipeline(raw, warehouse).success
    return Warehouse(str(warehouse))


def _tables(target: Warehouse) -> dict[str, list]:
    with target.read() as con:
        return {table: con.sql(f"SELECT {', '.join(c for c in meta.polars_schema if c not in RUN_COLUMNS)}"
                               f" FROM {table} ORDER BY ALL").fetchall() for table, meta in TABLES.items()}


def test_every_table_holds_the_rows_of_a_one_machine_run(cluster_run, one_machine):
    on_cluster, alone = _tables(cluster_run[0]), _tables(one_machine)
    for table in TABLES:
        assert on_cluster[table] == alone[table], table
    assert len(alone["dim_disclosure"]) > SYNTH_DOCS  # a corpus, not a sample


def test_the_parts_ran_on_both_workers(cluster_run):
    stream = cluster_run[1]  # the scheduler's record of every task: its key (step, run) and its worker
    steps = {task["key"].split("-")[0]: task["worker"] for task in stream}
    per_part = {step: worker for step, worker in steps.items() if "_run_part[" in step}
    assert len(per_part) == 4, steps  # parse and validate, for each of the two parts
    assert len(set(per_part.values())) == 2, steps


def test_the_lake_data_is_in_the_object_store(cluster_run, object_store):
    lake = cluster_run[0]
    s3 = boto3.client("s3", endpoint_url=object_store["AWS_ENDPOINT_URL"], region_name=object_store["AWS_REGION"],
                      aws_access_key_id=object_store["AWS_ACCESS_KEY_ID"],
                      aws_secret_access_key=object_store["AWS_SECRET_ACCESS_KEY"])
    stored = [o["Key"] for o in s3.list_objects_v2(Bucket="lake", Prefix="data/").get("Contents", [])]
    assert stored and all(key.endswith(".parquet") for key in stored)
    assert not list(lake.lake_data.rglob("*.parquet")), "the run's parts are deleted once loaded, and no table is here"
