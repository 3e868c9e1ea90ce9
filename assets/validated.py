"""validated: every rule of the catalog run on the parsed parts, a part (a few hundred
disclosures) at a time — Pandera for structure (STR-001), Great Expectations for the
reconciliation identities. Rows of disclosures failing an error rule are split off into the
quarantine; the rest go on to the warehouse, flagged by their dq_result rows. Each rule is an
asset check the UI shows."""

import dagster as dg
import polars as pl

from assets.parsed import PARSED_TABLES
from pipelines.resources import YusuanPaths
from schemas import TABLES
from yusuan.parts import TableParts
from yusuan.quality.catalog import RULES
from yusuan.quality.evaluate import STRUCTURE_RULE, evaluate_parts

SEVERITY = {"error": dg.AssetCheckSeverity.ERROR, "warning": dg.AssetCheckSeverity.WARN, "info": dg.AssetCheckSeverity.WARN}
RECONCILIATION = [rule for rule in RULES if rule.id != STRUCTURE_RULE]


@dg.multi_asset(
    ins={f"parsed_{t}": dg.AssetIn() for t in PARSED_TABLES},
    outs={f"validated_{t}": dg.AssetOut(group_name="validated", kinds={"polars"}, description=TABLES[t].description)
          for t in PARSED_TABLES}
    | {"validated_quarantine": dg.AssetOut(group_name="validated", description="Rows held back: disclosures failing an error rule."),
       "validated_dq_result": dg.AssetOut(group_name="validated", kinds={"great_expectations"},
                                          description="Every rule for every disclosure: pass, fail with evidence, not applicable."),
       "validated_dq_disclosure": dg.AssetOut(group_name="validated", description="A data-quality score per disclosure.")},
    check_specs=[dg.AssetCheckSpec("structure", asset=f"validated_{t}", description="Pandera schema (STR-001).") for t in PARSED_TABLES]
    + [dg.AssetCheckSpec(rule.check_name, asset="validated_dq_result", description=f"[{rule.severity}] {rule.description}")
       for rule in RECONCILIATION],
)
def validated_budget(context: dg.AssetExecutionContext, paths: YusuanPaths, **parsed: TableParts):
    """Structure and reconciliation rules over every part; quarantine for error rules."""
    run_id = context.run.run_id
    validated, quarantine = paths.run_parts(run_id, "validated"), paths.run_parts(run_id, "quarantine")
    validated.clear(), quarantine.clear()  # a retried step starts again
    evaluate_parts(next(iter(parsed.values())).parts, validated, quarantine)
    results = TableParts(validated, "dq_result")
    scores = validated.scan("dq_disclosure").collect()
    # Only the failures are gathered (a few per disclosure); the grid of passes stays on disk.
    fails = results.scan().filter(status="fail").collect()
    checked = (results.scan().group_by("rule_id").agg(
        checked=pl.col("disclosure_id").filter(pl.col("status").is_in(["pass", "fail"])).n_unique(),
        errors=(pl.col("status") == "error").sum()).collect())
    checked = {r["rule_id"]: r for r in checked.iter_rows(named=True)}
    for table in PARSED_TABLES:
        output = TableParts(validated, table)
        yield dg.Output(output, f"validated_{table}", metadata={"rows": output.rows, "quarantined_rows": quarantine.rows(table)})
        structure = fails.filter((pl.col("rule_id") == STRUCTURE_RULE) & (pl.col("source_location") == table))
        yield dg.AssetCheckResult(asset_key=f"validated_{table}", check_name="structure", passed=structure.is_empty(),
                                  severity=dg.AssetCheckSeverity.ERROR, metadata=_evidence(structure))
    held = scores.filter(status="quarantined")["disclosure_id"].to_list()
    yield dg.Output(quarantine, "validated_quarantine", metadata={"disclosures": dg.MetadataValue.json(held)})
    yield dg.Output(results, "validated_dq_result", metadata=_summary(fails, scores, len(checked)))
    yield dg.Output(TableParts(validated, "dq_disclosure"), "validated_dq_disclosure",
                    metadata={"by_status": dg.MetadataValue.json(dict(scores.group_by("status").len().iter_rows()))})
    for rule in RECONCILIATION:
        failed = fails.filter(rule_id=rule.id)
        counts = checked.get(rule.id, {"checked": 0, "errors": 0})
        yield dg.AssetCheckResult(
            asset_key="validated_dq_result", check_name=rule.check_name, passed=failed.is_empty() and not counts["errors"],
            severity=SEVERITY[rule.severity],
            metadata={"disclosures_checked": counts["checked"], "disclosures_failing": failed["disclosure_id"].n_unique(),
                      **_evidence(failed)})


def _evidence(failed: pl.DataFrame) -> dict:
    rows = ["| where | expected | actual | difference | what |", "|---|---|---|---|---|"]
    rows += [f"| {r['source_location']} | {r['expected']} | {r['actual']} | {r['difference']} | {r['message']} |"
             for r in failed.head(20).iter_rows(named=True)]
    return {"failures": failed.height, "first_failures": dg.MetadataValue.md("\n".join(rows)) if failed.height else "none"}


def _summary(fails: pl.DataFrame, scores: pl.DataFrame, rules_run: int) -> dict:
    worst = scores.sort("score", "failures", descending=[False, True]).head(10)
    return {
        "rules_run": rules_run,
        "disclosures": scores.height,
        "failures_by_rule": dg.MetadataValue.json(dict(fails.group_by("rule_id").len().sort("rule_id").iter_rows())),
        "failures_by_severity": dg.MetadataValue.json(dict(fails.group_by("severity").len().iter_rows())),
        "worst_disclosures": dg.MetadataValue.md("\n".join(
            ["| disclosure | score | failures | status |", "|---|---|---|---|"]
            + [f"| {r['disclosure_id']} | {r['score']} | {r['failures']} | {r['status']} |" for r in worst.iter_rows(named=True)])),
    }
