"""A warehouse built by the real pipeline from the five samples, with the analysts' views."""

import shutil

import duckdb
import pytest

from tests.conftest import SEEDS
from tests.integration.conftest import run_pipeline
from yusuan.analysis.views import create_views


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, raw)
    path = tmp_path_factory.mktemp("warehouse") / "budget.duckdb"
    assert run_pipeline(raw, path).success
    # Idempotent (CREATE OR REPLACE): whether or not the publish step has created them already.
    with duckdb.connect(str(path)) as con:
        create_views(con)
    return path


@pytest.fixture
def con(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        yield connection
