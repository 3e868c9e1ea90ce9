"""The Dagster UI's data-quality checks state the warehouse as it is, whatever the last run did,
read back through Dagster's own API from a real instance (the one `yusuan ui` shows); and the
validated assets can be materialised alone, after a change to the rules, without parsing again."""

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import dagster as dg
import duckdb
import pytest
import yaml

from pipelines.cli import dagster_home
from pipelines.definitions import build_defs
from pipelines.resources import YusuanPaths
from pipelines.schedules import raw_folder_changed
from yusuan.quality.catalog import CATALOG, RULES
from tests.conftest import SEEDS

FAILING_INSTANCES = 27  # what `yusuan check` lists for the five seeds (tests/quality/test_rules.py has each)


@pytest.fixture(scope="module")
def instance_and_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("truth")
    raw = root / "raw"
    shutil.copytree(SEEDS, raw, ignore=shutil.ignore_patterns("*.md"))
    saved = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(root / "dagster_home")
    try:
        dagster_home()
        instance = dg.DagsterInstance.get()
        paths = YusuanPaths(raw_dir=str(raw), warehouse=str(root / "budget.duckdb"))
        build = build_defs(paths).resolve_job_def("build_warehouse").execute_in_process(instance=instance)
        yield instance, paths, build, root
    finally:
        os.environ.pop("DAGSTER_HOME") if saved is None else os.environ.__setitem__("DAGSTER_HOME", saved)


def latest_checks(instance: dg.DagsterInstance) -> dict[str, tuple[str, dg.AssetCheckEvaluation]]:
    records = {rule.check_name: instance.get_latest_asset_check_evaluation_record(
        dg.AssetCheckKey(dg.AssetKey("budget_warehouse"), rule.check_name)) for rule in RULES}
    return {name: (r.run_id, r.event.dagster_event.event_specific_data) for name, r in records.items()}


def failing_in_warehouse(warehouse: Path, run_id: str) -> Counter:
    """(rule, disclosure) of every failing instance the build run wrote: it validated every disclosure."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("SELECT rule_id, disclosure_id FROM dq_result WHERE run_id = ? AND status = 'fail'", [run_id]).fetchall()
    return Counter((rule.replace("-", "_"), disclosure) for rule, disclosure in rows)


def failing_in_checks(checks: dict, warehouse: Path) -> Counter:
    """The same, as the checks show them: each check's evidence rows, named by unit, year and scope."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = dict(con.execute("""SELECT u.unit_name || ' ' || d.budget_year || ' ' || d.scope, d.disclosure_id
                                    FROM dim_disclosure d JOIN dim_unit u USING (unit_id)""").fetchall())
    found = Counter()
    for name, (_, evaluation) in checks.items():
        evidence = evaluation.metadata.get("evidence")
        for line in evidence.value.splitlines()[2:] if evidence else ():
            found[(name, names[line.split(" | ")[0].lstrip("| ")])] += 1
    return found


def test_checks_state_the_warehouse_before_and_after_a_noop_run_and_a_sensor_tick(instance_and_build):
    instance, paths, build, _ = instance_and_build
    warehouse = Path(paths.warehouse)
    expected = failing_in_warehouse(warehouse, build.run_id)
    assert sum(expected.values()) == FAILING_INSTANCES

    before = latest_checks(instance)
    assert failing_in_checks(before, warehouse) == expected
    severity = {r.check_name: r.severity for r in RULES}
    for name, (_, evaluation) in before.items():
        failures = evaluation.metadata["failures"].value
        assert evaluation.passed == (failures == 0 or severity[name] == "info"), name  # info only reports
        if not evaluation.passed:
            assert evaluation.severity == (dg.AssetCheckSeverity.ERROR if severity[name] == "error" else dg.AssetCheckSeverity.WARN)
    assert before["PRJ_004"][1].passed  # info: its instances are listed, never a failure

    # The UI's job with nothing to do, then the sensor's first tick on this instance (no cursor yet).
    noop = build_defs(paths).resolve_job_def("build_warehouse").execute_in_process(instance=instance)
    assert noop.success and noop.output_for_node("raw_documents").is_noop
    tick = raw_folder_changed(dg.build_sensor_context(instance=instance, resources={"paths": paths}))
    assert isinstance(tick, dg.SkipReason) and "unchanged" in tick.skip_message

    after = latest_checks(instance)
    assert {run for run, _ in after.values()} == {noop.run_id}  # evaluated again by the no-op run …
    assert failing_in_checks(after, warehouse) == expected  # … and still the truth
    assert {n: e.passed for n, (_, e) in after.items()} == {n: e.passed for n, (_, e) in before.items()}
    assert not list((warehouse.parent / ".runs").glob("*/validated"))  # no run leaves its parts behind

    report = instance.get_latest_materialization_event(dg.AssetKey("budget_warehouse")).asset_materialization.metadata
    assert "000_ff2e0223a4ae885a.txt:1134" in report["report"].value  # the report, in the UI, after the no-op too
    assert "沧州经济开发区群众工作中心 2024 department" in report["worst_disclosures"].value  # 002 line 3


def test_revalidating_after_a_tolerance_change_parses_nothing_and_republishes_dq(instance_and_build, tmp_path):
    instance, paths, _, root = instance_and_build
    warehouse = tmp_path / "budget.duckdb"
    shutil.copy(paths.warehouse, warehouse)
    catalog = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    for tolerance in catalog["tolerances"].values():  # every amount within 1,000 万元 now passes
        tolerance["amount"] = 1000
    rules = tmp_path / "rules.yaml"
    rules.write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")

    def snapshot():
        with duckdb.connect(str(warehouse), read_only=True) as con:
            facts = con.sql("SELECT * FROM fact_expenditure ORDER BY ALL").fetchall()
            documents = con.sql("SELECT document_id, ingested_at FROM dim_document ORDER BY ALL").fetchall()
            failing = con.sql("""SELECT count(*) FROM dq_result JOIN (SELECT disclosure_id, arg_max(run_id, logged_at) AS run_id
                                 FROM dq_disclosure GROUP BY 1) USING (disclosure_id, run_id) WHERE status = 'fail'""").fetchone()[0]
            runs = con.sql("SELECT count(DISTINCT run_id) FROM dq_result").fetchone()[0]
        return facts, documents, failing, runs

    facts, documents, failing, runs = snapshot()
    assert failing == FAILING_INSTANCES
    env = {**os.environ, "YUSUAN_RULES": str(rules), "DAGSTER_HOME": str(root / "dagster_home")}
    done = subprocess.run([sys.executable, "-m", "pipelines.cli", "revalidate", "--warehouse", str(warehouse)],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "re-validated: 6 disclosures" in done.stdout

    facts_after, documents_after, failing_after, runs_after = snapshot()
    assert runs_after == runs + 1 and failing_after == 0  # the dq tables changed: nothing is off by 1,000 万元
    assert (facts_after, documents_after) == (facts, documents)  # the rows as they were, read at the same time: not parsed again
    (run,) = instance.get_runs(dg.RunsFilter(job_name="revalidate"), limit=1)
    steps = {s.step_key for s in instance.get_run_step_stats(run.run_id)}
    assert not any(step.startswith(("raw", "parsed")) for step in steps) and "validated_budget" in steps, steps


def test_the_warehouse_asset_alone_republishes_the_same_rows(instance_and_build, tmp_path):
    instance, paths, build, _ = instance_and_build
    copy = YusuanPaths(raw_dir=paths.raw_dir, warehouse=str(tmp_path / "budget.duckdb"))
    shutil.copy(paths.warehouse, copy.warehouse)

    def rows():
        with duckdb.connect(copy.warehouse, read_only=True) as con:
            return {t: con.sql(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                    for t in ("fact_expenditure", "fact_performance_indicator", "dim_document", "quarantine.fact_expenditure")}

    before = rows()
    job = build_defs(copy).resolve_implicit_global_asset_job_def()
    result = job.execute_in_process(instance=instance, asset_selection=[dg.AssetKey("budget_warehouse")])
    assert result.success
    assert rows() == before  # read back from the warehouse, published again as they were
    with duckdb.connect(copy.warehouse, read_only=True) as con:
        ledger = con.execute("SELECT status, count(*) FROM ingest_log WHERE run_id = ? GROUP BY 1", [result.run_id]).fetchall()
    assert ledger == [("loaded_with_warnings", 5)]
    assert failing_in_checks(latest_checks(instance), Path(copy.warehouse)) == failing_in_warehouse(Path(paths.warehouse), build.run_id)
