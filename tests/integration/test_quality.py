"""Data quality through the real job: dq tables, asset checks, report, `yusuan check`."""

import re

import duckdb
from typer.testing import CliRunner

from pipelines.cli import app
from yusuan.quality.catalog import RULES


def test_dq_result_has_every_rule_for_every_disclosure(built):
    first, second, warehouse, _ = built
    with duckdb.connect(str(warehouse), read_only=True) as con:
        grid = con.sql(f"""SELECT count(DISTINCT (rule_id, disclosure_id)) FROM dq_result
                           WHERE run_id = '{first.run_id}'""").fetchone()[0]
        disclosures = con.sql("SELECT count(*) FROM dim_disclosure").fetchone()[0]
        runs = con.sql("SELECT count(DISTINCT run_id) FROM dq_result").fetchone()[0]
    assert grid == len(RULES) * disclosures == 36 * 6
    assert runs == 1  # the second run found nothing changed and wrote nothing


def test_each_rule_is_an_asset_check_with_its_evidence(built):
    evaluations = {e.check_name: e for e in built[0].get_asset_check_evaluations()}
    assert set(evaluations) == {r.check_name for r in RULES}
    failing = evaluations["EXP_ROW_003"]
    assert not failing.passed and failing.metadata["failures"].value == 2
    # 000 line 1134: 商品和服务支出 printed 8.71 where its parts add up to 8.21, in the unit's and the department's tables
    evidence = failing.metadata["evidence"].value
    assert "000_ff2e0223a4ae885a.txt:1134" in evidence and "| 8.21 | 8.71 | 0.50 |" in evidence
    assert "沧州渤海新区南大港产业园区综合治理办公室 2021 department" in evidence
    assert evaluations["XT_001"].passed


def test_html_report_names_each_failure_with_its_evidence(built):
    report = (built[2].parent / "reports" / f"dq_{built[0].run_id}.html").read_text(encoding="utf-8")
    assert "EXP-ROW-003" in report and "000_ff2e0223a4ae885a.txt:1134" in report and ">8.21<" in report and ">8.71<" in report


def test_yusuan_check_prints_the_summary(built):
    result = CliRunner().invoke(app, ["check", "--warehouse", str(built[2])])
    assert result.exit_code == 0, result.output
    assert "data quality of the disclosures now in the warehouse" in result.output
    assert "EXP-ROW-003" in result.output and "expected 8.21 actual 8.71" in result.output
    one_run = CliRunner().invoke(app, ["check", "--warehouse", str(built[2]), "--run", built[0].run_id])
    assert one_run.exit_code == 0 and f"data quality of run {built[0].run_id}" in one_run.output


def test_the_current_report_lists_every_disclosure_once(built):
    # Written as its rows are read (yusuan.quality.report.write_html), not from a list of them.
    report = (built[2].parent / "reports" / "current.html").read_text(encoding="utf-8")
    with duckdb.connect(str(built[2]), read_only=True) as con:
        ids = [r[0] for r in con.sql("SELECT disclosure_id FROM dim_disclosure UNION ALL SELECT disclosure_id FROM quarantine.dim_disclosure").fetchall()]
    assert len(ids) == 6  # the seeds' disclosures: 000 holds two
    assert f"<p>{len(ids)} disclosures," in report
    assert sorted(re.findall(r"<td>([0-9a-f]{16}-\d+)</td></tr>", report)) == sorted(ids)
