"""Disclosure completeness on the five samples: every required item of schemas/completeness.yaml,
as read by hand in each document, and the score it gives."""

from decimal import Decimal

import duckdb
import polars as pl
import pytest

from schemas.ddl import warehouse_ddl
from tests.conftest import S000, S001, S002, S003, S004
from yusuan.analysis.views import view_ddl
from yusuan.quality.catalog import RULES
from yusuan.quality.completeness import CREDIT, ITEMS, completeness
from yusuan.quality.evaluate import evaluate

TABLE_ITEMS = [i.item for i in ITEMS if i.kind == "table"]
P, E, M, I = "present", "empty_explained", "missing", "inconsistent"


def _all_tables(status: str) -> dict[str, str]:
    return dict.fromkeys(TABLE_ITEMS, status)


# (file, part) → item → status; what is not listed is present.
GOLDEN = {
    (S000, 1): {
        "table_gov_fund": E,  # line 1347: 注：无政府基金预算财政拨款预算，空表列示。
        "table_state_capital": E,  # line 1381: 注：无国有资本经营预算财政拨款预算，空表列示。
        "table_appropriation_summary": I,  # line 879: 年初结转 blank (870) above 761.99 of carry-over (INC-TREE-002)
        "table_gpb_basic": I,  # line 1134: 302 商品和服务支出 8.71 against 公用经费 8.21 (EXP-ROW-003)
        "operating_cost": I,  # line 1525: 机关运行经费 "8.71元" where the table gives 8.71万元 (TXT-001, TXT-004)
    },
    (S000, 2): {  # the unit part repeats the department's, 2966 lines further on
        "table_gov_fund": E,  # line 4314
        "table_state_capital": E,  # line 4348
        "table_appropriation_summary": I,  # line 3845
        "table_gpb_basic": I,  # line 4101
        "operating_cost": I,  # line 4490
    },
    (S001, 1): {
        "table_gov_fund": E,  # line 1472: 注：无政府基金预算财政拨款预算，空表列示。
        "table_state_capital": E,  # line 1506
        "overview": M,  # lines 1610-1611: 二、单位预算安排的总体情况, one sentence and no figure
        "assets": I,  # line 2829: 上年末固定资产 326.27 against the table's 资产总额 344.74 (line 2840)
        # line 1617: 运行费 1.92 + 保险 0.33 is the table's 运行维护费 2.25, so 三公 stays present
    },
    (S002, 1): {
        "table_gov_fund": E,  # line 1056
        "table_state_capital": E,  # line 1090
        "table_three_public": E,  # line 1122: 注：无财政拨款“三公”经费支出表预算，空表列示。
        "procurement": E,  # line 2201: 注：无政府采购预算，空表列示。
        "assets": E,  # line 2204: 上年末固定资产 0.00; line 2218: 注：无固定资产占用情况，空表列示。
    },
    (S003, 1): {
        **_all_tables(M),  # the explanation and target tables only
        "overview": I,  # line 29: 收入 2913.49 of which 一般公共预算 2913.49 … 上年结转 2.12 (TXT-006)
        # present: duties 7, operating_cost 35, three_public 37, targets (department-wide 41-100, projects from 262),
        # procurement 1938, assets 2010, glossary 2046
    },
    (S004, 1): {
        **_all_tables(M),
        # present: duties 2, overview 28, operating_cost 32, three_public 34, targets 41, procurement 1586,
        # assets 1725 (its 固定资产占用情况表, line 1737: 1141.09), glossary 1789
    },
}
SCORES = {(S000, 1): "91.2", (S000, 2): "91.2", (S001, 1): "91.2", (S002, 1): "100.0", (S003, 1): "44.1",
          (S004, 1): "47.1"}


@pytest.fixture(scope="module")
def quality(seeds):
    return evaluate(seeds.frames)


def _disclosure(seeds, file_name: str, part: int) -> str:
    document = seeds.frames["dim_document"].filter(file_name=file_name)["document_id"].item()
    return f"{document}-{part}"


@pytest.mark.parametrize("key", GOLDEN, ids=[f"{f[:3]}-{p}" for f, p in GOLDEN])
def test_each_item_as_read_in_the_document(seeds, quality, key):
    disclosure = _disclosure(seeds, *key)
    rows = quality.completeness.filter(disclosure_id=disclosure)
    found = dict(rows.select("item", "status").iter_rows())
    assert found == {i.item: GOLDEN[key].get(i.item, P) for i in ITEMS}
    assert rows["evidence"].null_count() == 0 and rows["evidence"].str.len_chars().min() > 0


@pytest.mark.parametrize("key", SCORES, ids=[f"{f[:3]}-{p}" for f, p in SCORES])
def test_score(seeds, quality, key):
    score = quality.completeness_scores.filter(disclosure_id=_disclosure(seeds, *key)).row(0, named=True)
    assert score["score"] == Decimal(SCORES[key])
    statuses = [GOLDEN[key].get(i.item, P) for i in ITEMS]
    assert [score[s] for s in CREDIT] == [statuses.count(s) for s in CREDIT]


def test_evidence_says_where_and_why(seeds, quality):
    evidence = dict(quality.completeness.filter(disclosure_id=_disclosure(seeds, S001, 1)).select("item", "evidence").iter_rows())
    assert evidence["table_gov_fund"] == f"{S001}:1439: printed empty with its note (空表列示)"
    assert evidence["overview"] == f"{S001}:1610: the section states no expenditure_total figure"
    assert evidence["assets"].startswith(f"{S001}:2828; TXT-001 fails at {S001}:2829: fixed_assets")
    evidence = dict(quality.completeness.filter(disclosure_id=_disclosure(seeds, S003, 1)).select("item", "evidence").iter_rows())
    assert evidence["table_summary"] == "收支总表 not printed"


def test_a_section_left_out_is_missing(seeds, quality):
    # 004 without its 名词解释 (line 1789 on)
    frames = dict(seeds.frames)
    frames["doc_section"] = frames["doc_section"].filter(~((pl.col("kind") == "glossary")
                                                            & pl.col("source_location").str.starts_with(S004)))
    items, _ = completeness(frames, quality.results)
    glossary = items.filter(pl.col("disclosure_id") == _disclosure(seeds, S004, 1), item="glossary").row(0, named=True)
    assert (glossary["status"], glossary["evidence"]) == (M, "no section on 名词解释 in the explanation")


def test_every_item_cites_its_source_and_ties_known_rules():
    known = {r.id for r in RULES}
    for item in ITEMS:
        assert item.source.startswith("《") and item.weight > 0
        assert set(item.rules) <= known, item.item


def test_completeness_by_place_takes_each_disclosures_latest_run(seeds, quality):
    con = duckdb.connect()
    for statement in warehouse_ddl() + view_ddl():
        con.execute(statement)
    for table in ("dim_disclosure", "dim_unit"):
        con.register("incoming", seeds.frames[table].to_arrow())
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
    for run, day in (("earlier", "2026-01-01"), ("latest", "2026-01-02")):  # two runs: each disclosure counts once
        for table, frame in (("dq_completeness", quality.completeness), ("dq_completeness_score", quality.completeness_scores)):
            con.register("incoming", frame.to_arrow())
            con.execute(f"INSERT INTO {table} BY NAME SELECT *, '{run}' AS run_id, TIMESTAMP '{day}' AS logged_at FROM incoming")
    rows = {(r[0], r[3]): r for r in con.execute("SELECT * FROM completeness_by_place").fetchall()}
    assert len(rows) == 6 and sum(r[4] for r in rows.values()) == 6
    # 003 (大厂回族自治县, line 3): no standard tables and an inconsistent overview
    place, code, year, scope, n, mean, low, high, present, explained, inconsistent, missing, missing_items = \
        rows[("大厂回族自治县", "department")]
    assert (code, year, mean, present, explained, inconsistent, missing) == ("131028", 2021, Decimal("44.1"), 7, 0, 1, 9)
    assert missing_items.startswith("table_appropriation_summary ×1, ")
    assert rows[("秦皇岛市海港区", "unit")][-1] == "overview ×1"  # 001 lines 1610-1611
