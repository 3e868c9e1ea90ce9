"""Shared fixtures: the bundled sample corpus (data/raw, copies of the five seeds) parsed once, and
loaded once into a warehouse."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from yusuan.parse.batch import ParsedBatch, parse_files
from yusuan.raw import scan_raw

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "raw"
S000, S001, S002, S003, S004 = (
    "000_ff2e0223a4ae885a.txt", "001_b2c706af3b854347.txt", "002_a4c3473fffdcfd73.txt",
    "003_00249603e80ef86b.txt", "004_450e1f3480f53fae.txt",
)


@pytest.fixture(scope="session")
def seeds() -> ParsedBatch:
    return parse_files(scan_raw(SEEDS))


def fact_at(batch: ParsedBatch, table: str, location: str) -> dict:
    """The one fact row loaded from the cell at `file:line`."""
    rows = batch.frames[table].filter(source_location=location).to_dicts()
    assert len(rows) == 1, f"{location}: {len(rows)} rows in {table}"
    return rows[0]


def disclosure_of(batch: ParsedBatch, file_name: str, part: int = 1) -> dict:
    doc = batch.frames["dim_document"].filter(file_name=file_name).row(0, named=True)
    return batch.frames["dim_disclosure"].filter(disclosure_id=f"{doc['document_id']}-{part}").row(0, named=True)


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory) -> Path:
    """A warehouse built by the real pipeline from the five samples, views included (publish makes them)."""
    from tests.integration.conftest import run_pipeline

    raw = tmp_path_factory.mktemp("raw")
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, raw)
    path = tmp_path_factory.mktemp("warehouse") / "budget.duckdb"
    assert run_pipeline(raw, path).success
    return path
