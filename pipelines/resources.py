"""Resources: where the raw files are, where the warehouse goes, and how progress is shown.

Settings reach the assets only through `YusuanPaths`; its defaults are the repository's own
data/ folders, overridden by the environment (YUSUAN_RAW_DIR, YUSUAN_WAREHOUSE) or by the CLI.
"""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_RAW_DIR = PROJECT_ROOT / "data" / "raw"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "warehouse" / "budget.duckdb"


class YusuanPaths(dg.ConfigurableResource):
    """The raw folder read by the raw stage and the DuckDB file written by the warehouse stage."""

    raw_dir: str = os.environ.get("YUSUAN_RAW_DIR", str(DEFAULT_RAW_DIR))
    warehouse: str = os.environ.get("YUSUAN_WAREHOUSE", str(DEFAULT_WAREHOUSE))
    full: bool = False  # read every file again, changed or not


class Progress:
    """Progress over the documents of a run. The CLI swaps in a progress bar; in the UI the
    parse asset's log lines are the progress."""

    def start(self, total: int) -> None:
        pass

    def advance(self) -> None:
        pass
