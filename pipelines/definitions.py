"""The one place the Dagster graph is assembled: assets, checks, jobs and resources."""

from __future__ import annotations

import dagster as dg

from assets.checks import warehouse_rules
from assets.parsed import parsed_budget
from assets.raw import raw_documents
from assets.validated import validated_budget
from assets.warehouse import budget_warehouse
from pipelines.resources import Planned, Progress, RunOutputs, YusuanPaths
from pipelines.schedules import build_warehouse_job, nightly, raw_folder_changed, revalidate_job

ALL_ASSETS = [raw_documents, parsed_budget, validated_budget, budget_warehouse]


def build_defs(paths: YusuanPaths | None = None, progress: Progress | None = None,
               planned: Planned | None = None) -> dg.Definitions:
    paths = paths or YusuanPaths()
    return dg.Definitions(
        assets=ALL_ASSETS,
        asset_checks=[warehouse_rules],
        jobs=[build_warehouse_job, revalidate_job],
        schedules=[nightly],
        sensors=[raw_folder_changed],
        # One process for the whole graph: its steps are small and each extra process would pay
        # dagster's import time again. Parallelism belongs inside the parse step.
        executor=dg.in_process_executor,
        resources={"paths": paths, "io_manager": RunOutputs(paths=paths),
                   "progress": dg.ResourceDefinition.hardcoded_resource(progress or Progress()),
                   "planned": dg.ResourceDefinition.hardcoded_resource(planned or Planned())},
    )


defs = build_defs()
