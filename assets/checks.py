"""The rule catalog as asset checks on the warehouse: each check states its rule's result over the
disclosures the warehouse holds now — whatever the run did (nothing, one document, everything) —
read from its dq tables: the failing instances with their disclosure (unit, year, scope) and
evidence (source file:line, expected, actual, difference).

Severity follows the catalog: an error rule fails as ERROR, a warning rule as WARN; an info rule
only reports, so it never shows as failed."""

import dagster as dg

from pipelines.resources import YusuanPaths
from yusuan.quality.catalog import RULES, Rule
from yusuan.quality.report import FAILURES_SQL, Scope, markdown_evidence, rule_status

SEVERITY = {"error": dg.AssetCheckSeverity.ERROR, "warning": dg.AssetCheckSeverity.WARN, "info": dg.AssetCheckSeverity.WARN}
EVIDENCE_ROWS = 50  # per check in the UI; `yusuan check` and the report list every one
REPORT_PAGE = "/assets/budget_warehouse?view=overview"  # in the UI: its metadata "report"


@dg.multi_asset_check(
    specs=[dg.AssetCheckSpec(rule.check_name, asset="budget_warehouse", description=f"{rule.id} [{rule.severity}] {rule.description}")
           for rule in RULES],
)
def warehouse_rules(context: dg.AssetCheckExecutionContext, paths: YusuanPaths):
    """Every rule over the current disclosures, from the published dq tables."""
    target = paths.target()
    if not target.exists():
        for rule in RULES:
            yield dg.AssetCheckResult(check_name=rule.check_name, asset_key="budget_warehouse", passed=False,
                                      severity=dg.AssetCheckSeverity.WARN,
                                      metadata={"why": f"no warehouse at {target.location} yet: nothing was checked"})
        return
    scope = Scope()
    with target.read() as con:
        status = rule_status(con, scope)
        failures = scope.rows(con, FAILURES_SQL)
        disclosures = con.execute("SELECT count(*) FROM (SELECT disclosure_id FROM main.dim_disclosure "
                                  "UNION ALL SELECT disclosure_id FROM quarantine.dim_disclosure)").fetchone()[0]
    for rule in RULES:
        yield _result(rule, status.get(rule.id), [f for f in failures if f["rule_id"] == rule.id], disclosures)


def _result(rule: Rule, status: dict | None, failures: list[dict], disclosures: int) -> dg.AssetCheckResult:
    metadata = {"disclosures_in_warehouse": disclosures}
    if status is None and disclosures:
        # The catalog has a rule the warehouse's results predate: say so rather than pass it.
        return dg.AssetCheckResult(
            check_name=rule.check_name, asset_key="budget_warehouse", passed=False, severity=dg.AssetCheckSeverity.WARN,
            metadata={**metadata, "why": "not yet evaluated on the disclosures in the warehouse: run `yusuan revalidate` "
                                         "(or materialise the validated assets)"})
    status = status or {"checked": 0, "failing": 0, "failures": 0, "errors": 0}
    broken = [f for f in failures if f["status"] == "error"]
    failed = [f for f in failures if f["status"] == "fail"]
    metadata |= {"disclosures_checked": status["checked"], "disclosures_failing": status["failing"], "failures": len(failed),
                 "evaluation_errors": len(broken)}
    if failures:
        metadata["evidence"] = dg.MetadataValue.md(markdown_evidence(failures, EVIDENCE_ROWS))
        # The whole report is the warehouse asset's metadata (a page of this UI): linked, not copied into every check.
        metadata["report"] = dg.MetadataValue.url(REPORT_PAGE)
    # An info rule only reports what it found; an error in evaluating any rule is a failure to see.
    passed = not broken and (not failed or rule.severity == "info")
    severity = dg.AssetCheckSeverity.ERROR if broken and rule.severity == "error" else SEVERITY[rule.severity]
    return dg.AssetCheckResult(check_name=rule.check_name, asset_key="budget_warehouse", passed=passed, severity=severity,
                               metadata=metadata)
