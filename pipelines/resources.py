"""Resources: where the raw files are, where the warehouse goes, and how progress is shown.

Settings reach the assets only through `YusuanPaths`; its defaults are the repository's own
data/ folders, overridden by the environment (YUSUAN_RAW_DIR, YUSUAN_WAREHOUSE, YUSUAN_LAKE_DATA)
or by the CLI. The warehouse is a DuckDB file, or `ducklake:<catalog>` for a DuckLake whose
Parquet files go to the lake data folder (docs/scaling.md).
"""

from __future__ import annotations

import pickle
from pathlib import Path

import dagster as dg

from pipelines.paths import DEFAULT_LAKE_DATA, DEFAULT_RAW_DIR, DEFAULT_WAREHOUSE
from yusuan.parts import Parts, TableParts
from yusuan.warehouse.state import WarehouseOutdated
from yusuan.warehouse.target import Warehouse


class YusuanPaths(dg.ConfigurableResource):
    """The raw folder read by the raw stage and the DuckDB file written by the warehouse stage."""

    raw_dir: str = str(DEFAULT_RAW_DIR)
    warehouse: str = DEFAULT_WAREHOUSE  # a file, or ducklake:<catalog>
    lake_data: str = str(DEFAULT_LAKE_DATA)
    full: bool = False  # read every file again, changed or not
    # Withdrawing more than $YUSUAN_WITHDRAW_LIMIT of the current documents stops the run unless
    # `allow_withdraw`: an empty or unmounted raw folder must not empty the warehouse.
    allow_withdraw: bool = False

    def target(self) -> Warehouse:
        return Warehouse(self.warehouse, Path(self.lake_data))

    def run_parts(self, run_id: str, stage: str) -> Parts:
        """Where a run's stage keeps its parts until the warehouse has loaded them."""
        return Parts(self.target().work_dir / run_id / stage)


OUTPUTS_SUFFIX = ".outputs"  # <work_dir>/<run_id>.outputs/: a run's step outputs


class RunOutputs(dg.ConfigurableIOManager):
    """The steps' outputs (plans, ledgers, pointers to Parquet parts: small) pickled in a folder of
    their run beside the warehouse, never in a store shared by every run: two runs at once, from
    different raw folders, must not read each other's plans. Kept until stale (assets.warehouse).

    An input the run did not make itself is the asset's current value, which is what the
    warehouse holds once a run is published (yusuan.warehouse.current): so `validated_*` can be
    materialised alone after a change to the rules, and `budget_warehouse` re-published."""

    paths: YusuanPaths

    def _path(self, run_id: str, key: dg.AssetKey) -> Path:
        return self.paths.target().work_dir / f"{run_id}{OUTPUTS_SUFFIX}" / f"{'__'.join(key.path)}.pickle"

    def handle_output(self, context: dg.OutputContext, obj) -> None:
        path = self._path(context.run_id, context.asset_key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.with_suffix(".tmp").write_bytes(pickle.dumps(obj))
        path.with_suffix(".tmp").rename(path)

    def load_input(self, context: dg.InputContext):
        run_id = context.step_context.run_id if context.step_context else context.upstream_output.run_id
        path = self._path(run_id, context.asset_key)
        if path.exists():
            return pickle.loads(path.read_bytes())
        try:
            return self._current(run_id, context.asset_key.path[-1])
        except WarehouseOutdated as exc:
            raise dg.Failure(str(exc), allow_retries=False) from None

    def _current(self, run_id: str, name: str):
        from yusuan.warehouse import current

        target = self.paths.target()
        if name == "raw_documents":
            return current.current_plan(target)
        if name == "parsed_ledger":
            return current.current_ledger(target)
        stage, table = name.split("_", 1)
        parts = self.paths.run_parts(run_id, stage)
        if stage == "parsed":
            if not parts.root.exists():
                current.export_parsed(target, parts)
            return TableParts(parts, table)
        quarantine = self.paths.run_parts(run_id, "quarantine")
        if not parts.root.exists():
            current.export_validated(target, parts, quarantine)
        return quarantine if table == "quarantine" else TableParts(parts, table)


class Planned:
    """The raw stage's plan, when the one who starts the run made it already: `yusuan run` plans before
    it starts Dagster, to start no run when nothing changed. Handed to the run's raw stage once,
    not made again (at 30,000 files the plan is a stat() of every file and a read of the ledger,
    about 0.6 s), and not held after."""

    def __init__(self, plan=None) -> None:
        self._plan = plan

    def take(self):
        """The plan, once; None when there is none (the UI's runs, the schedule's)."""
        plan, self._plan = self._plan, None
        return plan


class Progress:
    """Progress over the documents of a run. The CLI swaps in a progress bar; in the UI the
    parse asset's log lines are the progress."""

    def start(self, total: int) -> None:
        pass

    def advance(self) -> None:
        pass
