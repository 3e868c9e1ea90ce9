"""validated: each parsed frame checked against its Pandera schema (generated from
schemas/warehouse.yaml). The check is blocking: a frame whose structure is broken is a parser
defect, and the warehouse is not replaced until it is fixed. The failures, with their rows,
are the check's metadata in the UI."""

import dagster as dg
import polars as pl

from assets.parsed import PARSED_TABLES
from schemas import TABLES
from yusuan.validate import structure_failures


def _validated_asset(table: str) -> dg.AssetsDefinition:
    name = f"validated_{table}"

    @dg.asset(
        name=name,
        ins={"frame": dg.AssetIn(f"parsed_{table}")},
        group_name="validated",
        kinds={"polars", "pandera"},
        description=TABLES[table].description,
        check_specs=[dg.AssetCheckSpec("structure", asset=name, blocking=True,
                                       description="Types, nulls, vocabularies, code formats and keys (Pandera).")],
    )
    def _asset(frame: pl.DataFrame):
        failures = structure_failures(table, frame)
        yield dg.Output(frame, metadata={"rows": frame.height})
        yield dg.AssetCheckResult(
            check_name="structure",
            passed=failures.is_empty(),
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "failures": failures.height,
                "by_check": dg.MetadataValue.json(
                    {f"{r['column']}: {r['check']}": r["len"] for r in failures.group_by("column", "check").len().iter_rows(named=True)}
                ),
                "first_failures": dg.MetadataValue.md(_failures_md(failures.head(20))) if failures.height else "none",
            },
        )

    return _asset


def _failures_md(failures: pl.DataFrame) -> str:
    lines = ["| column | check | value | row |", "|---|---|---|---|"]
    lines += [f"| {r['column']} | {r['check']} | {r['failure_case']} | {r['row_index']} |" for r in failures.iter_rows(named=True)]
    return "\n".join(lines)


VALIDATED_ASSETS = [_validated_asset(t) for t in PARSED_TABLES]
