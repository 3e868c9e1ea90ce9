"""Layouts of other provinces: the same disclosure printed another way must give the same facts.

Each fixture in tests/layouts/fixtures/<variant>/ is a seed (001, 002) with its standard tables
rewritten one way (titles, numbering, split codes, stacked summary…; see make_variants.py, which
writes them without the parser). Parsed, a fixture must yield the same multiset of facts as its
seed — (table kind, measure / income source / item, fund scope, subject code, amount) — and
every table the same status (loaded, empty). Row labels and source lines may differ.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.layouts.make_variants import (
    EXPENDITURE_COLUMNS,
    FIXTURES,
    SEED_FILES,
    VARIANTS,
    SeedDocument,
    amount_strings,
    check,
    is_figure,
    read_seed,
    rewrite,
    seed_figures,
    seed_text,
    standard_cells,
    set_amount_columns,
    three_public_title,
    variant_text,
)
from yusuan.parse.document import parse_document
from yusuan.readers.detect import RejectedFile
from yusuan.readers.tika_text import read_tika_text

CASES = [(variant, seed) for variant in VARIANTS for seed in SEED_FILES]
CASE_IDS = [f"{variant}-{seed[:3]}" for variant, seed in CASES]
# A layout the parser does not know is what these fixtures are about: neither may be reported.
LAYOUT_PROBLEMS = {"layout_mismatch", "unknown_table_title"}


def fixture_text(variant: str, seed: str) -> str:
    return (FIXTURES / variant / seed).read_bytes().decode("utf-8")


# --- the fixtures themselves (no parser) ------------------------------------------------------


@pytest.mark.parametrize(("variant", "seed"), CASES, ids=CASE_IDS)
def test_fixture_is_current(variant, seed):
    assert fixture_text(variant, seed) == variant_text(variant, seed), (
        f"{variant}/{seed} differs from what make_variants writes: run python -m tests.layouts.make_variants")


@pytest.mark.parametrize(("variant", "seed"), CASES, ids=CASE_IDS)
def test_fixture_keeps_every_figure(variant, seed):
    """Same multiset of figures in table cells, the same lines outside the nine tables, nine
    standard tables, and something changed."""
    original, text = seed_text(seed), fixture_text(variant, seed)
    assert text != original
    assert check(original, text) == []
    assert sum(amount_strings(original).values()) > 30  # the check is not vacuous


@pytest.mark.parametrize("seed", SEED_FILES, ids=[s[:3] for s in SEED_FILES])
def test_figure_pattern_sees_every_figure(seed):
    """amount_strings (by pattern, any layout) finds exactly the seed's figures (by position)."""
    text = seed_text(seed)
    by_pattern = Counter(c.strip() for _, rows in standard_cells(text) for row in rows for c in row if is_figure(c))
    assert by_pattern == seed_figures(read_seed(text))


# --- parsed: the same facts as the seed -------------------------------------------------------


def parse(name: str, text: str, document_id: str) -> dict[str, list[dict]]:
    try:
        return parse_document(read_tika_text(name, text.encode("utf-8")), document_id)
    except RejectedFile as exc:
        pytest.fail(f"{document_id}: the document was rejected: {exc}")


def facts(rows: dict[str, list[dict]]) -> Counter:
    """(fact table, table kind, measure / income source / item, fund scope, subject code, amount)."""
    codes = {s["subject_id"]: s["code"] for s in rows["dim_subject"]}

    def code(row: dict) -> str | None:
        sid = row.get("subject_id")
        return None if sid is None else codes.get(sid, f"?{sid}")

    out: Counter = Counter()
    for r in rows["fact_expenditure"]:
        out[("expenditure", r["table_kind"], r["measure"], r["fund_scope"], code(r), r["amount_wan"])] += 1
    for r in rows["fact_income"]:
        out[("income", r["table_kind"], r["income_source"], r["fund_scope"], code(r), r["amount_wan"])] += 1
    for r in rows["fact_three_public"]:
        out[("three_public", r["table_kind"], r["item"], r["fund_scope"], None, r["amount_wan"])] += 1
    return out


def subjects(rows: dict[str, list[dict]]) -> Counter:
    """The subjects registered, with the name each is given (a code glued to its name is wrong)."""
    return Counter((s["classification"], s["budget_year"], s["code"], s["name"], s["level"], s["parent_code"])
                   for s in rows["dim_subject"])


def statuses(rows: dict[str, list[dict]]) -> dict[str, str]:
    return {t["table_kind"]: t["status"] for t in rows["dim_table"]}


@cache
def seed_rows(seed: str) -> dict[str, list[dict]]:
    return parse(seed, seed_text(seed), f"seed-{seed[:3]}")


def _show(items: Counter, limit: int = 10) -> str:
    listed = sorted(items.elements(), key=repr)
    more = f"\n      … and {len(listed) - limit} more" if len(listed) > limit else ""
    return "".join(f"\n      {fact}" for fact in listed[:limit]) + more


def differences(seed: str, rows: dict[str, list[dict]]) -> list[str]:
    """What the parse of a variant gets wrong against the parse of its seed, readably."""
    expected = seed_rows(seed)
    problems = []
    want, got = statuses(expected), statuses(rows)
    if want != got:
        changed = {k: f"{want.get(k)} → {got.get(k)}" for k in sorted(set(want) | set(got)) if want.get(k) != got.get(k)}
        problems.append(f"table status changed: {changed}")
    want, got = facts(expected), facts(rows)
    if want != got:
        missing, extra = want - got, got - want
        problems.append(f"{sum(missing.values())} facts missing (of {sum(want.values())}):{_show(missing)}")
        problems.append(f"{sum(extra.values())} facts extra:{_show(extra)}")
    want, got = subjects(expected), subjects(rows)
    if want != got:
        problems.append(f"subjects missing:{_show(want - got)}")
        problems.append(f"subjects extra:{_show(got - want)}")
    layout = [i for i in rows["parse_issue"] if i["problem"] in LAYOUT_PROBLEMS]
    if layout:
        problems.append("layout issues: " + "".join(
            f"\n      {i['table_kind']} {i['problem']} at {i['source_location']}: {i['detail']}" for i in layout[:10]))
    return problems


def assert_same_as_seed(seed: str, text: str, document_id: str) -> None:
    problems = differences(seed, parse(seed, text, document_id))
    assert not problems, f"{document_id} against its seed {seed}:\n  " + "\n  ".join(problems)


def test_seeds_have_facts_and_no_layout_issues():
    """The comparison means something: the seeds load, with facts of every kind."""
    for seed in SEED_FILES:
        rows = seed_rows(seed)
        assert set(statuses(rows).values()) <= {"loaded", "empty"}, statuses(rows)
        assert not [i for i in rows["parse_issue"] if i["problem"] in LAYOUT_PROBLEMS]
    assert len(facts(seed_rows(SEED_FILES[0]))) > 100
    assert {f[0] for f in facts(seed_rows(SEED_FILES[0]))} == {"expenditure", "income", "three_public"}


@pytest.mark.parametrize(("variant", "seed"), CASES, ids=CASE_IDS)
def test_variant_gives_the_seeds_facts(variant, seed):
    assert_same_as_seed(seed, fixture_text(variant, seed), f"{variant}-{seed[:3]}")


# The 三公 title in the wordings of other places (the fixtures hold two of them).
QUOTES = ("“三公”", '"三公"', "‘三公’", "三公")
FUNDS = ("财政拨款", "一般公共预算", "一般公共预算财政拨款", "")


@pytest.mark.parametrize("seed", SEED_FILES, ids=[s[:3] for s in SEED_FILES])
@pytest.mark.parametrize("fund", FUNDS, ids=["appropriation", "gpb", "gpb_appropriation", "none"])
@pytest.mark.parametrize("quoted", QUOTES, ids=["curly", "ascii", "single", "bare"])
def test_three_public_title_wordings(quoted, fund, seed):
    text = rewrite(seed_text(seed), lambda doc: three_public_title(doc, quoted, fund))
    assert_same_as_seed(seed, text, f"three_public-{seed[:3]}")


# --- property: 001's 支出总表 with any header wording and any column order ----------------------

SYNONYMS = (
    ("合计",),
    ("基本支出",),
    ("项目支出",),
    ("经营支出", "事业单位经营支出"),
    ("上解上级支出", "上缴上级支出"),
    ("对附属单位补助支出",),
)
assert len(SYNONYMS) == len(EXPENDITURE_COLUMNS)


def _expenditure_variant(names: tuple[str, ...], order: list[int]):
    def change(doc: SeedDocument) -> None:
        set_amount_columns(doc.tables["expenditure"], names, order)
    return change


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.tuples(*(st.sampled_from(words) for words in SYNONYMS)),
       order=st.permutations(range(len(EXPENDITURE_COLUMNS))))
def test_expenditure_columns_any_wording_any_order(names, order):
    seed = SEED_FILES[0]
    text = rewrite(seed_text(seed), _expenditure_variant(names, order))
    assert amount_strings(text) == amount_strings(seed_text(seed))
    assert_same_as_seed(seed, text, "expenditure-property-001")


def test_property_rewrite_moves_cells_with_their_header():
    """The rewrite the property test relies on, checked without the parser: each column's cells
    stay under their header wherever it goes."""
    seed = SEED_FILES[0]
    names = ("合计", "基本支出", "项目支出", "事业单位经营支出", "上缴上级支出", "对附属单位补助支出")
    order = [2, 0, 5, 1, 4, 3]
    table = read_seed(rewrite(seed_text(seed), _expenditure_variant(names, order))).tables["expenditure"]
    original = read_seed(seed_text(seed)).tables["expenditure"]
    for position, source in enumerate(order):
        assert table.header[0][2 + position] == names[source]
        assert [row[3 + position] for row in table.body] == [row[3 + source] for row in original.body]
