"""A connection to the session's warehouse built from the five samples (tests/conftest.py)."""

import duckdb
import pytest


@pytest.fixture
def con(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        yield connection
