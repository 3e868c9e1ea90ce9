"""The synthetic corpus (yusuan.synth) against its own ground truth.

A few hundred generated documents, in a mix of the three templates (hebei, national, stacked),
go through the parser and the rule catalog; what they load must equal the truth the generator
wrote, row for row, and the rules that fail must be exactly the injected ones (plus COM-001 of
the explanation-only documents). The same comparisons are also made one template at a time, so
a template the parser cannot read yet shows as its own failure. A difference is either a
generator bug or a parser/rule bug: read the rows printed by the failing assertion (counted by
template first).

The generator writes its own wording (yusuan/synth/wording.py) and imports nothing of the
parser: its truth cannot share a mistake with the parser's vocabulary.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from pipelines.cli import app, synth
from yusuan.parse.batch import parse_files
from yusuan.quality.catalog import RULES as CATALOG
from yusuan.quality.evaluate import evaluate
from yusuan.raw import scan_raw
from yusuan.synth import TRUTH_FILES, generate
from yusuan.synth import corpus as corpus_module
from yusuan.synth.check import actual_tables, difference, expected_tables, failures_actual, failures_expected, read_truth
from yusuan.synth.corpus import parse_templates
from yusuan.synth.inject import RULES
from yusuan.synth.wording import DEFAULT_SHARES, TEMPLATES

DOCS, SEED, INCONSISTENT = 300, 8, 0.35  # seed 8 injects every one of the 36 rules at least once
MIX = {"hebei": 0.4, "national": 0.3, "stacked": 0.3}  # seed 8: 110 hebei, 99 national, 91 stacked documents
SYNTH = Path(__file__).resolve().parents[2] / "yusuan" / "synth"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("synth")
    return out, generate(out, DOCS, seed=SEED, inconsistent=INCONSISTENT, templates=MIX)


@pytest.fixture(scope="module")
def parsed(corpus):
    out, _ = corpus
    return parse_files(scan_raw(out / "raw"))


def _show(frame: pl.DataFrame) -> str:
    with pl.Config(tbl_rows=20, tbl_cols=-1, fmt_str_lengths=60, tbl_width_chars=300):
        return str(frame.head(20))


def _templates(truth: Path) -> pl.DataFrame:
    return read_truth(truth, "documents").select("file_name", "template")


def _by_template(frame: pl.DataFrame, templates: pl.DataFrame) -> str:
    if "file_name" not in frame.columns or frame.is_empty():
        return ""
    counts = frame.join(templates, on="file_name", how="left").group_by("template").len().sort("template")
    return "rows by template: " + ", ".join(f"{t} {n}" for t, n in counts.iter_rows())


def _assert_matches(expected: pl.DataFrame, actual: pl.DataFrame, what: str, templates: pl.DataFrame) -> None:
    missing, extra = difference(expected, actual)
    assert missing.is_empty() and extra.is_empty(), (
        f"{what}: expected, not found ({_by_template(missing, templates)}):\n{_show(missing)}\n"
        f"found, not expected ({_by_template(extra, templates)}):\n{_show(extra)}")


def _only(frame: pl.DataFrame, files: pl.Series) -> pl.DataFrame:
    return frame.filter(pl.col("file_name").is_in(files.implode()))


def _assert_truth(truth: Path, frames: dict[str, pl.DataFrame], results: pl.DataFrame, template: str | None = None) -> None:
    """Every truth table, and exactly the failing (disclosure, rule) pairs, as loaded and judged;
    with `template`, for the documents printed in it alone."""
    templates = _templates(truth)
    files = templates.filter(pl.col("template") == template)["file_name"] if template else templates["file_name"]
    actual = actual_tables(frames)
    for table, rows in expected_tables(truth).items():
        _assert_matches(_only(rows, files), _only(actual[table], files), table, templates)
    failures = _only(failures_actual(results, frames), files)
    _assert_matches(_only(failures_expected(truth), files), failures, "rule failures", templates)


def test_the_corpus_mixes_every_template(corpus):
    out, manifest = corpus
    assert manifest["templates"] == MIX
    counts = manifest["documents_by_template"]
    assert set(counts) == set(TEMPLATES) and sum(counts.values()) == DOCS and min(counts.values()) >= 60
    documents = read_truth(out / "truth", "documents")
    assert dict(documents.group_by("template").len().iter_rows()) == counts
    disclosures = read_truth(out / "truth", "disclosures").join(documents, on="file_name", suffix="_document")
    assert (disclosures["template"] == disclosures["template_document"]).all()
    # every edition in every template, so each template prints every table shape of the seeds
    editions = documents.filter(pl.col("edition").is_in(["2021", "2023", "2024"])).select("template", "edition").unique()
    assert len(editions) == 9


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


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_document_parses_without_a_parse_issue(corpus, parsed, template):
    out, _ = corpus
    assert parsed.rejected.is_empty(), _show(parsed.rejected)
    files = _templates(out / "truth").filter(template=template)["file_name"]
    keys = parsed.frames["dim_disclosure"].join(parsed.frames["dim_document"], on="document_id").select("disclosure_id", "file_name")
    issues = _only(parsed.frames["parse_issue"].join(keys, on="disclosure_id", how="left"), files)
    assert issues.is_empty(), _show(issues)


@pytest.mark.parametrize("table", ["expenditure", "income", "three_public", "indicators", "tables", "disclosures"])
def test_loaded_rows_equal_the_truth(corpus, parsed, table):
    out, _ = corpus
    expected = expected_tables(out / "truth")[table]
    _assert_matches(expected, actual_tables(parsed.frames)[table], table, _templates(out / "truth"))
    assert len(expected) > 0


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_template_loads_its_truth(corpus, parsed, template):
    """Every truth table and the rule failures, for the documents of one template."""
    out, _ = corpus
    _assert_truth(out / "truth", parsed.frames, evaluate(parsed.frames).results, template)


def test_exactly_the_expected_rules_fail(corpus, parsed):
    out, _ = corpus
    quality = evaluate(parsed.frames)
    failed = failures_actual(quality.results, parsed.frames)
    _assert_matches(failures_expected(out / "truth"), failed, "rule failures", _templates(out / "truth"))
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


# --- the truth does not depend on the template --------------------------------------------------

def _numbered(frame: pl.DataFrame) -> pl.DataFrame:
    """A truth table keyed by document number (the n of n_<hash>) instead of file and disclosure id."""
    return frame.with_columns(number=pl.col("file_name").str.extract(r"/(\d+)_").cast(pl.Int32)).drop(
        [c for c in ("file_name", "disclosure_id", "document_id", "template") if c in frame.columns])


@pytest.fixture(scope="module")
def one_template_each(tmp_path_factory) -> dict[str, Path]:
    """The same 60 documents (seed and options), printed in one template each."""
    outs = {}
    for template in TEMPLATES:
        outs[template] = tmp_path_factory.mktemp(template)
        generate(outs[template], 60, seed=SEED, inconsistent=INCONSISTENT, templates={template: 1})
    return outs


@pytest.mark.parametrize("template", ["national", "stacked"])
def test_every_template_states_the_same_facts(one_template_each, template):
    """Table kinds, subjects, measures, income sources, fund scopes, items, amounts, indicators,
    statuses and rule failures are the hebei document's; what may differ is how a row is
    labelled (national wording) and how many rows a stacked summary prints."""
    hebei, other = one_template_each["hebei"] / "truth", one_template_each[template] / "truth"
    assert set(read_truth(other, "documents")["template"]) == {template}
    label_free = {"expenditure": ["row_label"], "income": ["row_label"], "three_public": ["row_label"], "tables": ["row_count"]}
    for name in ("expenditure", "income", "three_public", "indicators", "tables", "disclosures", "failures", "documents"):
        drop = label_free.get(name, []) if template == "national" or name == "tables" else []
        a, b = (_numbered(read_truth(t, name)).drop(drop) for t in (hebei, other))
        missing, extra = difference(a, b)
        assert missing.is_empty() and extra.is_empty(), f"{name}: hebei only:\n{_show(missing)}\n{template} only:\n{_show(extra)}"
    # the row counts that differ are those of the stacked summaries, which print both sides in one column
    counts = [_numbered(read_truth(t, "tables")) for t in (hebei, other)]
    changed = counts[0].join(counts[1], on=["number", "part", "table_kind"]).filter(pl.col("row_count") != pl.col("row_count_right"))
    assert set(changed["table_kind"]) <= ({"summary", "appropriation_summary"} if template == "stacked" else set())


# --- what each template prints (parser-free) ---------------------------------------------------

def _standard_tables(text: str) -> list[tuple[str, list[list[str]]]]:
    """(the text above, the rows) of each table of a text form whose first row holds 预算年度: a
    cell is a TAB line, continued by text lines, a row ends at a blank line."""
    lines, out, i = text.split("\n"), [], 0
    while i < len(lines):
        if not lines[i].startswith("\t"):
            i += 1
            continue
        above = " ".join(line.strip() for line in lines[max(0, i - 3):i])
        rows, current, blanks = [], [], 0
        while i < len(lines):
            line = lines[i]
            if line.startswith("\t"):
                current.append(line[1:].strip())
            elif not line.strip():
                rows, current = rows + [current] * bool(current), []
                blanks += 1
            elif blanks <= 1 and (current or rows):
                (current or rows[-1])[-1] += line.strip()
            else:
                break
            blanks = blanks if not line.strip() else 0
            i += 1
        rows += [current] * bool(current)
        if any("预算年度" in c for c in rows[0]):
            out.append((above, rows))
    return out


@pytest.fixture(scope="module")
def clean_prints(tmp_path_factory) -> dict[str, Path]:
    """A few documents of each template printed without messes, to read their layout by eye."""
    outs = {}
    for template in TEMPLATES:
        outs[template] = tmp_path_factory.mktemp(f"clean_{template}")
        generate(outs[template], 12, seed=SEED, templates={template: 1}, messy=0)
    return outs


def _tables_of(out: Path, edition: str = "2021") -> list[tuple[str, list[list[str]]]]:
    documents = read_truth(out / "truth", "documents").filter(edition=edition, parts=1)
    return _standard_tables((out / "raw" / documents["file_name"][0]).read_text(encoding="utf-8"))


def _folded(row: list[str]) -> list[str]:
    return [re.sub(r"\s", "", c) for c in row]


def test_each_template_prints_its_own_titles_and_headers(clean_prints):
    hebei = _tables_of(clean_prints["hebei"])
    assert len(hebei) == 9
    assert all(re.search(r"(部门|单位)预算\S*表$", above) for above, _ in hebei)
    assert all(any(r[:1] == ["栏次"] for r in rows) for _, rows in hebei)
    assert _folded(hebei[0][1][2]) == ["", "项目", "预算数", "项目", "预算数"]
    assert _folded(hebei[2][1][1])[2:] == ["合计", "基本支出", "项目支出", "经营支出", "上解上级支出", "对附属单位补助支出"]

    national = _tables_of(clean_prints["national"])
    assert len(national) == 9
    assert all(re.search(r"附?表\d+.*20\d\d年\S*表$", above) for above, _ in national), [a for a, _ in national]
    assert not any(r[:1] == ["栏次"] for _, rows in national for r in rows)
    expenditure = national[2][1]
    assert _folded(expenditure[1])[1:] == ["科目编码", "科目名称", "合计", "基本支出", "项目支出", "事业单位经营支出",
                                         "上缴上级支出", "对附属单位补助支出"]
    assert expenditure[2][1:4] == ["类", "款", "项"]
    item = next(r for r in expenditure[3:] if r[3])  # 201 | 01 | 01 | 行政运行 … (or 201 | 20101 | 2010101)
    assert [len(c) for c in item[1:4]] in ([3, 2, 2], [3, 5, 7])

    stacked = _tables_of(clean_prints["stacked"])
    summary = stacked[0][1]
    assert _folded(summary[1]) == ["序号", "项目", "预算数"]  # one label column
    labels = [r[1] for r in summary[3:] if len(r) > 1]
    assert labels.index("本年收入合计") < labels.index("本年支出合计")  # the income block above the expenditure block
    spending = _folded(stacked[2][1][1])
    assert spending.index("项目支出") < spending.index("基本支出")
    one_cell = [rows for _, rows in stacked[1:] if any(re.fullmatch(r"\d{3,7} \S+", r[1]) for r in rows if len(r) > 1)]
    assert one_cell, "no table prints code and name in one cell"


def test_the_generator_reads_nothing_of_the_parser():
    """No module of yusuan/synth imports the parser, its vocabulary, the readers or the rules, not
    even through another module: the truth is written from the generator's own wording."""
    forbidden = ("yusuan.vocab", "yusuan.parse", "yusuan.readers", "yusuan.quality", "yusuan.warehouse")
    for path in SYNTH.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not [n for n in names if n.startswith(forbidden)], f"{path.name} imports {names}"
    code = ("import sys, tempfile, pathlib; from yusuan.synth import generate; "
            "generate(pathlib.Path(tempfile.mkdtemp()), 6, seed=1, formats=('txt', 'docx', 'html', 'xlsx')); "
            f"print(sorted(m for m in sys.modules if m.startswith({forbidden!r})))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


def test_template_shares_are_read_and_checked(tmp_path):
    assert parse_templates("hebei=0.5,national=0.3,stacked=0.2") == {"hebei": 0.5, "national": 0.3, "stacked": 0.2}
    assert parse_templates("national=2,stacked=2") == {"national": 0.5, "stacked": 0.5}
    assert parse_templates("stacked") == {"stacked": 1.0}
    for bad in ("hubei=1", "hebei=-1", "hebei=0", "hebei=x", ""):
        with pytest.raises(ValueError):
            parse_templates(bad)
    # the CLI's default is the generator's
    default = inspect.signature(synth).parameters["templates"].default.default
    assert parse_templates(default) == DEFAULT_SHARES
    result = CliRunner().invoke(app, ["synth", "--out", str(tmp_path), "--docs", "8", "--templates", "national", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert set(read_truth(tmp_path / "truth", "documents")["template"]) == {"national"}
    assert "8 national" in result.output
    bad = CliRunner().invoke(app, ["synth", "--out", str(tmp_path / "x"), "--docs", "2", "--templates", "hubei=1"])
    assert bad.exit_code == 2


# --- determinism -------------------------------------------------------------------------------

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


# --- the warehouse and the other formats ---------------------------------------------------------

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
    manifest = generate(tmp_path, 45, seed=SEED, inconsistent=INCONSISTENT, formats=("docx", "html", "xlsx"), templates=MIX)
    assert set(manifest["documents_by_template"]) == set(TEMPLATES)
    files = scan_raw(tmp_path / "raw")
    assert sorted({f.format for f in files}) == ["docx", "html", "xlsx"] and len(files) == 45
    parsed = parse_files(files)
    assert parsed.rejected.is_empty(), _show(parsed.rejected)
    _assert_truth(tmp_path / "truth", parsed.frames, evaluate(parsed.frames).results)
