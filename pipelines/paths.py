"""The default folders, without Dagster: the CLI's commands that do not run the pipeline
(`--help`, check, status, rules, synth) import only this, so they start in well under a second;
`pipelines.resources` (which imports Dagster) takes its defaults from here, so the CLI and the UI
(its schedule and sensor) default to the same places: the environment's YUSUAN_RAW_DIR,
YUSUAN_WAREHOUSE and YUSUAN_LAKE_DATA, else the repository's data/ folders."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_RAW_DIR = Path(os.environ.get("YUSUAN_RAW_DIR") or PROJECT_ROOT / "data" / "raw")
DEFAULT_WAREHOUSE = os.environ.get("YUSUAN_WAREHOUSE") or str(PROJECT_ROOT / "data" / "warehouse" / "budget.duckdb")
DEFAULT_LAKE_DATA = Path(os.environ.get("YUSUAN_LAKE_DATA") or PROJECT_ROOT / "data" / "warehouse" / "lake")
