"""The synthetic corpus (yusuan.synth) against its own ground truth.

A few hundred generated documents go through the parser and the rule catalog; what they load
must equal the truth the generator wrote, row for row, and the rules that fail must be exactly
the injected ones (plus COM-001 of the explanation-only documents). A difference is either a
generator bug or a parser/rule bug: read the rows printed by the failing assertion.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
import pytest

from yusuan.parse.batch import parse_files
from yusuan.quality.catalog import RULES as CATALOG
from yusuan.quality.evaluate import evaluate
from yusuan.raw import scan_raw
from yusuan.synth import TRUTH_FILES, generate
from yusuan.synth import corpus as corpus_module
from yusuan.synth.check import actual_tables, difference, expected_tables, failures_actual, failures_expected, read_truth
from yusuan.synth.inject import RULES

DOCS, SEED, INCONSISTENT = 300, 5, 0.35  # seed 5 injects every one of the 33 rules at least once


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("synth")
    return out, generate(out, DOCS, seed=SEED, inconsistent=INCONSISTENT)


@pytest.fixture(scope="module")
def parsed(corpus):
    out, _ = corpus
    return parse_files(scan_raw(out / "raw"))


def _show(frame: pl.DataFrame) -> str:
    with pl.Config(tbl_rows=20, tbl_cols=-1, fmt_str_lengths=60, tbl_width_chars=300):
        return str(frame.head(20))


def _assert_matches(expected: pl.DataFrame, actual: pl.DataFrame, what: str) -> None:
    missing, extra = difference(expected, actual)
    assert missing.is_empty() and extra.is_empty(), f"{what}: expected, not found:\n{_show(missing)}\nfound, not expected:\n{_show(extra)}"


def _assert_truth(truth: Path, frames: dict[str, pl.DataFrame], results: pl.DataFrame) -> None:
    """Every truth table, and exactly the failing (disclosure, rule) pairs, as loaded and judged."""
    actual = actual_tables(frames)
    for table, rows in expected_tables(truth).items():
        _assert_matches(rows, actual[table], table)
    _assert_matches(failures_expected(truth), failures_actual(results, frames), "rule failures")


def test_every_rule_of_the_catalog_is_injected(corpus):
    _, manifest = corpus
    assert set(RULES) == {rule.id for rule in CATALOG}
    assert set(manifest["injections"]) == set(RULES)
    assert manifest["docs"] == DOCS


def test_truth_sits_beside_the_raw_folder_and_only_documents_are_scanned(corpus):
    out, _ = corpus
    files = scan_raw(out / "raw")
    assert len(files) == DOCS and all(f.format == "tika_text" for f in files)
    assert sorted(p.name for p in (out / "truth").iterdir()) == sorted([*(f"{n}.parquet" for n in TRUTH_FILES), "manifest.json"])
    for name, schema in TRUTH_FILES.items():
        assert read_truth(out / "truth", name).schema == pl.Schema(schema)


def test_every_document_parses_without_a_parse_issue(parsed):
    assert parsed.rejected.is_empty(), _show(parsed.rejected)
    assert parsed.frames["parse_issue"].is_empty(), _show(parsed.frames["parse_issue"])


@pytest.mark.parametrize("table", ["expenditure", "income", "three_public", "indicators", "tables", "disclosures"])
def test_loaded_rows_equal_the_truth(corpus, parsed, table):
    out, _ = corpus
    expected = expected_tables(out / "truth")[table]
    _assert_matches(expected, actual_tables(parsed.frames)[table], table)
    assert len(expected) > 0


def test_exactly_the_expected_rules_fail(corpus, parsed):
    out, _ = corpus
    quality = evaluate(parsed.frames)
    failed = failures_actual(quality.results, parsed.frames)
    _assert_matches(failures_expected(out / "truth"), failed, "rule failures")
    assert set(failed["rule_id"]) == set(RULES)  # every rule of the catalog seen failing, not only injected
    assert not quality.results.filter(status="error").height
    quarantined = read_truth(out / "truth", "disclosures").filter("quarantined")["disclosure_id"].sort().to_list()
    assert sorted(quality.quarantined_disclosures) == quarantined and quarantined


def test_the_clean_share_is_what_was_asked(corpus):
    out, _ = corpus
    disclosures = read_truth(out / "truth", "disclosures")
    documents = read_truth(out / "truth", "documents")
    injected = disclosures.filter(pl.col("injected").is_not_null())["file_name"].n_unique()
    assert 0.25 < injected / len(documents) < 0.45


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "manifest.json"}


def test_the_same_seed_gives_the_same_corpus_and_another_seed_another(tmp_path):
    a = _digest_of(tmp_path / "a", seed=1)
    assert a == _digest_of(tmp_path / "b", seed=1)
    c = _digest_of(tmp_path / "c", seed=2)
    assert set(a) != set(c) and not set(a.values()) & set(c.values())


def _digest_of(out: Path, seed: int, workers: int = 1) -> dict[str, str]:
    generate(out, 40, seed=seed, workers=workers)
    return _digest(out)


def test_rendering_on_several_processes_writes_the_same_corpus(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus_module, "CHUNK_GROUPS", 8)  # several chunks for the pool
    monkeypatch.setattr(corpus_module, "POOL_FROM", 1)
    assert _digest_of(tmp_path / "one", seed=3) == _digest_of(tmp_path / "two", seed=3, workers=2)


WAREHOUSE_TABLES = ("fact_expenditure", "fact_income", "fact_three_public", "fact_performance_indicator", "dim_table",
                    "dim_disclosure", "dim_unit", "dim_document")


def test_the_warehouse_built_by_the_real_job_holds_the_truth(corpus, tmp_path):
    import duckdb

    from tests.integration.conftest import run_pipeline

    out, _ = corpus
    warehouse = tmp_path / "budget.duckdb"
    assert run_pipeline(out / "raw", warehouse).success
    with duckdb.connect(str(warehouse), read_only=True) as con:
        # quarantined disclosures keep their rows in the quarantine schema: both together are what was read
        frames = {t: con.sql(f"SELECT * FROM main.{t} UNION ALL BY NAME SELECT * FROM quarantine.{t}").pl()
                  for t in WAREHOUSE_TABLES}
        results = con.sql("SELECT * FROM dq_result").pl()
        held = con.sql("SELECT disclosure_id FROM quarantine.dim_disclosure ORDER BY 1").pl()["disclosure_id"].to_list()
    frames["dim_unit"] = frames["dim_unit"].unique("unit_id")
    _assert_truth(out / "truth", frames, results)
    assert held == read_truth(out / "truth", "disclosures").filter("quarantined")["disclosure_id"].sort().to_list()


def test_documents_written_as_word_web_pages_and_workbooks_load_their_truth(tmp_path):
    generate(tmp_path, 45, seed=SEED, inconsistent=INCONSISTENT, formats=("docx", "html", "xlsx"))
    files = scan_raw(tmp_path / "raw")
    assert sorted({f.format for f in files}) == ["docx", "html", "xlsx"] and len(files) == 45
    parsed = parse_files(files)
    assert parsed.rejected.is_empty(), _show(parsed.rejected)
    _assert_truth(tmp_path / "truth", parsed.frames, evaluate(parsed.frames).results)
