"""Resources: where the raw files are, where the warehouse goes, and how progress is shown.

Settings reach the assets only through `YusuanPaths`; its defaults are the repository's own
data/ folders, overridden by the environment (YUSUAN_RAW_DIR, YUSUAN_WAREHOUSE, YUSUAN_LAKE_DATA)
or by the CLI. The warehouse is a DuckDB file, or `ducklake:<catalog>` for a DuckLake whose
Parquet files go to the lake data folder (docs/scaling.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from yusuan.parts import Parts
from yusuan.warehouse.target import Warehouse

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_RAW_DIR = PROJECT_ROOT / "data" / "raw"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "warehouse" / "budget.duckdb"
DEFAULT_LAKE_DATA = PROJECT_ROOT / "data" / "warehouse" / "lake"


class YusuanPaths(dg.ConfigurableResource):
    """The raw folder read by the raw stage and the DuckDB file written by the warehouse stage."""

    raw_dir: str = os.environ.get("YUSUAN_RAW_DIR", str(DEFAULT_RAW_DIR))
    warehouse: str = os.environ.get("YUSUAN_WAREHOUSE", str(DEFAULT_WAREHOUSE))
    lake_data: str = os.environ.get("YUSUAN_LAKE_DATA", str(DEFAULT_LAKE_DATA))
    full: bool = False  # read every file again, changed or not

    def target(self) -> Warehouse:
        return Warehouse(self.warehouse, Path(self.lake_data))

    def run_parts(self, run_id: str, stage: str) -> Parts:
        """Where a run's stage keeps its parts until the warehouse has loaded them."""
        return Parts(self.target().work_dir / run_id / stage)


class Progress:
    """Progress over the documents of a run. The CLI swaps in a progress bar; in the UI the
    parse asset's log lines are the progress."""

    def start(self, total: int) -> None:
        pass

    def advance(self) -> None:
        pass
