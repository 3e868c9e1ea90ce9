"""The README's example queries run against the warehouse built from the sample corpus."""

import re

import duckdb
import pytest

from tests.conftest import ROOT

QUERIES = re.findall(r"```sql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


def test_the_readme_has_at_least_five_example_queries():
    assert len(QUERIES) >= 5


@pytest.mark.parametrize("sql", QUERIES, ids=[f"query{i + 1}" for i in range(len(QUERIES))])
def test_example_query_runs_and_returns_rows(built, sql):
    with duckdb.connect(str(built[2]), read_only=True) as con:
        assert con.sql(sql).fetchall()


def test_first_query_gives_the_totals_printed_in_the_seeds(built):
    # 000 lines 454 and 3420 (761.99, both parts), 001 line 559 (1452.21), 002 line 429 (492.28).
    with duckdb.connect(str(built[2]), read_only=True) as con:
        totals = [row[-1] for row in con.sql(QUERIES[0]).fetchall()]
    assert [str(t) for t in totals] == ["1452.21", "761.99", "761.99", "492.28"]
