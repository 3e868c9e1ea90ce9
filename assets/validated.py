"""validated: every rule of the catalog run on the parsed parts, a part (a few hundred
disclosures) at a time — Pandera for structure (STR-001), Great Expectations for the
reconciliation identities. Rows of disclosures failing an error rule are split off into the
quarantine; the rest go on to the warehouse, flagged by their dq_result rows.

The metadata here is this run's (what it validated); what the data now is — every rule over the
disclosures in the warehouse — is the asset checks on the warehouse (assets/checks.py)."""

import dagster as dg

from assets.parsed import PARSED_TABLES
from pipelines.resources import YusuanPaths
from schemas import TABLES
from yusuan.parts import TableParts
from yusuan.quality.evaluate import evaluate_parts


# The stage's assets, also made by the cluster job's steps (assets/parts.py).
VALIDATED_OUTS = {f"validated_{t}": dg.AssetOut(group_name="validated", kinds={"polars"}, description=TABLES[t].description)
                  for t in PARSED_TABLES} | {
    "validated_quarantine": dg.AssetOut(group_name="validated", description="Rows held back: disclosures failing an error rule."),
    "validated_dq_result": dg.AssetOut(group_name="validated", kinds={"great_expectations"},
                                       description="Every rule for every disclosure: pass, fail with evidence, not applicable."),
    "validated_dq_disclosure": dg.AssetOut(group_name="validated", description="A data-quality score per disclosure.")}


@dg.multi_asset(ins={f"parsed_{t}": dg.AssetIn() for t in PARSED_TABLES}, outs=VALIDATED_OUTS)
def validated_budget(context: dg.AssetExecutionContext, paths: YusuanPaths, **parsed: TableParts):
    """Structure and reconciliation rules over every part; quarantine for error rules. Materialised
    without the parsed assets (job `revalidate`), it runs the catalog again over the disclosures
    the warehouse holds, read back from it."""
    run_id = context.run.run_id
    validated, quarantine = paths.run_parts(run_id, "validated"), paths.run_parts(run_id, "quarantine")
    validated.clear(), quarantine.clear()  # a retried step starts again
    evaluate_parts(next(iter(parsed.values())).parts, validated, quarantine)
    scores = validated.scan("dq_disclosure").collect()
    fails = validated.scan("dq_result").filter(status="fail").collect()
    for table in PARSED_TABLES:
        output = TableParts(validated, table)
        yield dg.Output(output, f"validated_{table}", metadata={"rows": output.rows, "quarantined_rows": quarantine.rows(table)})
    yield dg.Output(quarantine, "validated_quarantine", metadata={"disclosures": scores.filter(status="quarantined").height})
    yield dg.Output(TableParts(validated, "dq_result"), "validated_dq_result", metadata={
        "disclosures_validated": scores.height,
        "failures_by_rule": dg.MetadataValue.json(dict(fails.group_by("rule_id").len().sort("rule_id").iter_rows())),
        "failures_by_severity": dg.MetadataValue.json(dict(fails.group_by("severity").len().sort("severity").iter_rows())),
    })
    yield dg.Output(TableParts(validated, "dq_disclosure"), "validated_dq_disclosure", metadata={
        "by_status": dg.MetadataValue.json(dict(scores.group_by("status").len().sort("status").iter_rows()))})
