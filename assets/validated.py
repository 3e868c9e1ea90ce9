"""validated: every rule of the catalog run on the parsed frames of the whole batch at once —
Pandera for structure (STR-001), Great Expectations for the reconciliation identities. Rows of
disclosures failing an error rule are split off into the quarantine; the rest go on to the
warehouse, flagged by their dq_result rows. Each rule is an asset check the UI shows."""

import dagster as dg
import polars as pl

from assets.parsed import PARSED_TABLES
from schemas import TABLES
from yusuan.quality.catalog import RULES
from yusuan.quality.evaluate import STRUCTURE_RULE, evaluate

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
def validated_budget(context: dg.AssetExecutionContext, **parsed: pl.DataFrame):
    """Structure and reconciliation rules over the whole batch; quarantine for error rules."""
    quality = evaluate({name.removeprefix("parsed_"): frame for name, frame in parsed.items()})
    results = quality.results
    fails = results.filter(status="fail")
    for table in PARSED_TABLES:
        yield dg.Output(quality.loaded[table], f"validated_{table}",
                        metadata={"rows": quality.loaded[table].height, "quarantined_rows": quality.quarantined[table].height})
        structure = fails.filter((pl.col("rule_id") == STRUCTURE_RULE) & (pl.col("source_location") == table))
        yield dg.AssetCheckResult(asset_key=f"validated_{table}", check_name="structure", passed=structure.is_empty(),
                                  severity=dg.AssetCheckSeverity.ERROR, metadata=_evidence(structure))
    yield dg.Output(quality.quarantined, "validated_quarantine",
                    metadata={"disclosures": dg.MetadataValue.json(quality.quarantined_disclosures)})
    yield dg.Output(results, "validated_dq_result", metadata=_summary(results, quality.scores))
    yield dg.Output(quality.scores, "validated_dq_disclosure",
                    metadata={"by_status": dg.MetadataValue.json(dict(quality.scores.group_by("status").len().iter_rows()))})
    for rule in RECONCILIATION:
        mine = results.filter(rule_id=rule.id)
        failed = mine.filter(status="fail")
        yield dg.AssetCheckResult(
            asset_key="validated_dq_result", check_name=rule.check_name, passed=failed.is_empty()
            and mine.filter(status="error").is_empty(), severity=SEVERITY[rule.severity],
            metadata={"disclosures_checked": mine.filter(pl.col("status").is_in(["pass", "fail"]))["disclosure_id"].n_unique(),
                      "disclosures_failing": failed["disclosure_id"].n_unique(), **_evidence(failed)})


def _evidence(failed: pl.DataFrame) -> dict:
    rows = ["| where | expected | actual | difference | what |", "|---|---|---|---|---|"]
    rows += [f"| {r['source_location']} | {r['expected']} | {r['actual']} | {r['difference']} | {r['message']} |"
             for r in failed.head(20).iter_rows(named=True)]
    return {"failures": failed.height, "first_failures": dg.MetadataValue.md("\n".join(rows)) if failed.height else "none"}


def _summary(results: pl.DataFrame, scores: pl.DataFrame) -> dict:
    fails = results.filter(status="fail")
    worst = scores.sort("score", "failures", descending=[False, True]).head(10)
    return {
        "rules_run": results["rule_id"].n_unique(),
        "disclosures": scores.height,
        "failures_by_rule": dg.MetadataValue.json(dict(fails.group_by("rule_id").len().sort("rule_id").iter_rows())),
        "failures_by_severity": dg.MetadataValue.json(dict(fails.group_by("severity").len().iter_rows())),
        "worst_disclosures": dg.MetadataValue.md("\n".join(
            ["| disclosure | score | failures | status |", "|---|---|---|---|"]
            + [f"| {r['disclosure_id']} | {r['score']} | {r['failures']} | {r['status']} |" for r in worst.iter_rows(named=True)])),
    }
