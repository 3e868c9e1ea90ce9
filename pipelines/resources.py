"""Resources: where the raw files are, where the warehouse goes, and how progress is shown.

Settings reach the assets only through `YusuanPaths`; its defaults are the repository's own
data/ folders, overridden by the environment (YUSUAN_RAW_DIR, YUSUAN_WAREHOUSE, YUSUAN_LAKE_DATA)
or by the CLI. The warehouse is a DuckDB file, or `ducklake:<catalog>` for a DuckLake whose
Parquet files go to the lake data folder (docs/scaling.md).
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import dagster as dg

from pipelines.paths import DEFAULT_LAKE_DATA, DEFAULT_RAW_DIR, DEFAULT_WAREHOUSE
from yusuan.parts import Parts
from yusuan.raw import withdraw_limit
from yusuan.warehouse.target import Warehouse


class YusuanPaths(dg.ConfigurableResource):
    """The raw folder read by the raw stage and the DuckDB file written by the warehouse stage."""

    raw_dir: str = os.environ.get("YUSUAN_RAW_DIR", str(DEFAULT_RAW_DIR))
    warehouse: str = os.environ.get("YUSUAN_WAREHOUSE", str(DEFAULT_WAREHOUSE))
    lake_data: str = os.environ.get("YUSUAN_LAKE_DATA", str(DEFAULT_LAKE_DATA))
    full: bool = False  # read every file again, changed or not
    # Withdrawing more than this share of the current documents stops the run unless `allow_withdraw`:
    # an empty or unmounted raw folder must not empty the warehouse.
    withdraw_limit: float = withdraw_limit()
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
    different raw folders, must not read each other's plans. Kept until stale (see assets.parsed)."""

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
        if not path.exists():
            raise dg.Failure(f"{context.asset_key.to_user_string()} was not materialised by this run: a run reads only "
                             "what it made itself, so materialise the assets upstream of it in the same run")
        return pickle.loads(path.read_bytes())


class Progress:
    """Progress over the documents of a run. The CLI swaps in a progress bar; in the UI the
    parse asset's log lines are the progress."""

    def start(self, total: int) -> None:
        pass

    def advance(self) -> None:
        pass
