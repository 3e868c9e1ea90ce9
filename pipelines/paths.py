"""The repository's default folders, without Dagster: the CLI's commands that do not run the
pipeline (`--help`, check, status, rules, synth) import only this, so they start in well under
a second; `pipelines.resources` (which imports Dagster) takes its defaults from here."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_RAW_DIR = PROJECT_ROOT / "data" / "raw"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "warehouse" / "budget.duckdb"
DEFAULT_LAKE_DATA = PROJECT_ROOT / "data" / "warehouse" / "lake"
