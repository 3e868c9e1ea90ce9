"""The build_warehouse run spread over machines: the parse and validate stages one step per part
(assets/parts.py), every step run on a dask.distributed cluster (a scheduler and workers, each
worker a machine), the warehouse a DuckLake every machine reaches (docs/scaling.md). A code
location of its own: its parsed and validated assets have the keys of pipelines/definitions.py's.

Dagster's dask executor (dagster-dask) submits the whole plan when the run starts, so it cannot run
the steps that exist only once the raw stage has said how many parts there are (a DynamicOut:
dagster-io/dagster#9785). Here Dagster's step-delegating executor, the one under its Kubernetes
and Docker executors, keeps the plan and hands each step, when it is ready, to the dask scheduler,
which gives it to a free worker. The worker runs it as `dagster api execute_step` does, in its own
process (which imported the code once, not once a step); the step's events reach the run through
the Dagster instance ($DAGSTER_HOME), which every machine of the cluster must share, as it must
share the lake data folder ($YUSUAN_LAKE_DATA) where the run's parts are written.

Every machine has the same environment (YUSUAN_*, AWS_*, DAGSTER_HOME, and
YUSUAN_DASK_SCHEDULER=tcp://HOST:8786, which a worker's steps read too); then
    dask scheduler --host HOST --port 8786                                            # one machine
    DASK_DISTRIBUTED__WORKER__DAEMON=False dask worker tcp://HOST:8786 --nthreads 1   # each worker
(one step at a time on each; not daemonic, as the parse step starts a reader process of its own),
    dagster job execute -m pipelines.distributed -a defs -j build_warehouse_on_cluster
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import distributed
from dagster._cli.api import _execute_step_command_body
from dagster._core.execution.retries import RetryMode
from dagster._core.executor.step_delegating import (
    CheckStepHealthResult,
    StepDelegatingExecutor,
    StepHandler,
    StepHandlerContext,
)
from dagster._grpc.types import ExecuteStepArgs

from assets.checks import warehouse_rules
from assets.parts import STEP_IO, parsed_validated_by_part
from assets.raw import raw_documents
from assets.warehouse import budget_warehouse
from pipelines.resources import Planned, RunOutputs, YusuanPaths
from yusuan.warehouse.target import Warehouse


class LakePaths(YusuanPaths):
    """YusuanPaths, and where a DuckLake keeps its Parquet files when that is object storage
    (`s3://bucket/prefix/`, $YUSUAN_LAKE_OBJECTS; the store's keys and endpoint from the usual
    AWS_* variables): the run's parts stay in the lake data folder."""

    lake_objects: str | None = os.environ.get("YUSUAN_LAKE_OBJECTS") or None

    def target(self) -> Warehouse:
        return Warehouse(self.warehouse, Path(self.lake_data), self.lake_objects)


def execute_step(serialized_args: str) -> None:
    """On a dask worker: one step, as `dagster api execute_step` runs it, its events written to
    the run's Dagster instance (a failing step is a failure event there, not an exception here)."""
    args = dg.deserialize_value(serialized_args, ExecuteStepArgs)
    with dg.DagsterInstance.from_ref(args.instance_ref) as instance:
        run = instance.get_run_by_id(args.run_id)
        for _ in _execute_step_command_body(args, instance, run):
            pass


class DaskStepHandler(StepHandler):
    """Each step a task for the dask scheduler at `address`; the run's client lives as long as the run."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.client: distributed.Client | None = None
        self.futures: dict[str, distributed.Future] = {}

    @property
    def name(self) -> str:
        return "DaskStepHandler"

    @contextmanager
    def connected(self) -> Iterator[None]:
        with distributed.Client(self.address, set_as_default=False) as client:
            self.client = client
            try:
                yield
            finally:
                self.client, self.futures = None, {}

    def launch_step(self, step_handler_context: StepHandlerContext) -> Iterator[dg.DagsterEvent]:
        args = step_handler_context.execute_step_args
        (step_key,) = args.step_keys_to_execute
        # pure=False: a step run again (a retry, a re-execution) is new work, not a cached result.
        self.futures[step_key] = self.client.submit(execute_step, dg.serialize_value(args),
                                                    key=f"{step_key}-{args.run_id}", pure=False)
        yield dg.DagsterEvent.step_worker_starting(
            step_handler_context.get_step_context(step_key), message=f"Sent to the dask scheduler at {self.address}.",
            metadata={"dask_key": f"{step_key}-{args.run_id}"})

    def check_step_health(self, step_handler_context: StepHandlerContext) -> CheckStepHealthResult:
        (step_key,) = step_handler_context.execute_step_args.step_keys_to_execute
        future = self.futures.get(step_key)
        if future is None or future.status in ("pending", "finished"):
            return CheckStepHealthResult.healthy()
        # Dagster's errors are events of the step; an error here is the worker's (it died, or the
        # task could not be unpickled there), and the step would otherwise wait for ever.
        reason = repr(future.exception()) if future.status == "error" else f"dask task {future.status}"
        return CheckStepHealthResult.unhealthy(f"step {step_key} on the dask cluster: {reason}")

    def terminate_step(self, step_handler_context: StepHandlerContext) -> Iterator[dg.DagsterEvent]:
        for step_key in step_handler_context.execute_step_args.step_keys_to_execute:
            if step_key in self.futures:
                self.futures.pop(step_key).cancel()
        return iter(())


class DaskExecutor(StepDelegatingExecutor):
    def __init__(self, handler: DaskStepHandler) -> None:
        super().__init__(handler, retries=RetryMode.DISABLED)
        self.handler = handler

    def execute(self, plan_context, execution_plan) -> Iterator[dg.DagsterEvent]:
        with self.handler.connected():
            yield from super().execute(plan_context, execution_plan)


@dg.executor(name="dask_steps", config_schema={"scheduler": dg.Field(dg.StringSource, description="tcp://host:port")},
             requirements=dg.multiple_process_executor_requirements())
def dask_steps_executor(init_context: dg.InitExecutorContext) -> DaskExecutor:
    """Every step a task of the dask cluster whose scheduler is at `scheduler`."""
    return DaskExecutor(DaskStepHandler(init_context.executor_config["scheduler"]))


build_warehouse_on_cluster = dg.define_asset_job(
    "build_warehouse_on_cluster", selection=dg.AssetSelection.all(),
    executor_def=dask_steps_executor.configured({"scheduler": {"env": "YUSUAN_DASK_SCHEDULER"}}),
    description="build_warehouse with a step per part, every step on the dask cluster at $YUSUAN_DASK_SCHEDULER.")

paths = LakePaths()
defs = dg.Definitions(
    assets=[raw_documents, parsed_validated_by_part, budget_warehouse],
    asset_checks=[warehouse_rules],
    jobs=[build_warehouse_on_cluster],
    # STEP_IO: no base folder, so the instance's storage ($DAGSTER_HOME/storage), shared like the instance.
    resources={"paths": paths, "io_manager": RunOutputs(paths=paths), STEP_IO: dg.FilesystemIOManager(),
               "planned": dg.ResourceDefinition.hardcoded_resource(Planned())},
)


def cluster_job() -> dg.JobDefinition:
    """The job, for dg.reconstructable: the executor and every worker load it from this module."""
    return defs.resolve_job_def("build_warehouse_on_cluster")
