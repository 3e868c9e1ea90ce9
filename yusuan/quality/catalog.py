"""The rule catalog (schemas/rules.yaml) as data, and the rule reference page made from it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from yusuan.vocab import DQ_SEVERITIES

CATALOG = Path(__file__).resolve().parents[2] / "schemas" / "rules.yaml"
CATEGORIES = ("structure", "completeness", "within-row", "tree", "cross-table", "text-vs-table", "plausibility")
# What each tolerance allows: per printed part of a sum, or in total.
TOLERANCES = {"per_part": Decimal("0.005"), "exact": Decimal("0.005"), "none": Decimal(0)}
TOLERANCE_WORDS = {
    "per_part": "0.005 万元 for each printed part (n parts rounded to 0.01 may be off by n × 0.005)",
    "exact": "half a cent (0.005 万元): the same printed figure",
    "none": "none: a count or a flag",
}


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    severity: str
    tolerance: str
    tables: tuple[str, ...]
    description: str

    @property
    def check_name(self) -> str:
        """The rule id as a Dagster check name (letters, digits and underscores)."""
        return self.id.replace("-", "_")


def load_rules(path: Path = CATALOG) -> tuple[Rule, ...]:
    rules = tuple(Rule(r["id"], r["category"], r["severity"], r["tolerance"], tuple(r["tables"]), r["description"].strip())
                  for r in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"])
    for rule in rules:
        if rule.category not in CATEGORIES or rule.severity not in DQ_SEVERITIES or rule.tolerance not in TOLERANCES:
            raise ValueError(f"{path.name}: rule {rule.id} has an unknown category, severity or tolerance")
    if len({r.id for r in rules}) != len(rules):
        raise ValueError(f"{path.name}: duplicate rule ids")
    return rules


RULES: tuple[Rule, ...] = load_rules()


def rules_markdown(rules: tuple[Rule, ...] = RULES) -> str:
    lines = ["# Data-quality rules", "",
             "Generated from `schemas/rules.yaml` by `yusuan rules`; do not edit by hand.", "",
             "Severity: **error** quarantines the disclosure (its rows go to the `quarantine` schema, nothing is "
             "deleted); **warning** loads it, flagged in `dq_result`; **info** only reports.", ""]
    for category in CATEGORIES:
        chosen = [r for r in rules if r.category == category]
        if not chosen:
            continue
        lines += [f"## {category} ({len(chosen)})", "", "| id | severity | tolerance | tables | rule |", "|---|---|---|---|---|"]
        lines += [f"| {r.id} | {r.severity} | {TOLERANCE_WORDS[r.tolerance]} | {', '.join(r.tables)} | {r.description} |" for r in chosen]
        lines.append("")
    return "\n".join(lines)


def rules_frame(rules: tuple[Rule, ...] = RULES):
    """The catalog as the dq_rule table."""
    import polars as pl

    return pl.DataFrame([{"rule_id": r.id, "category": r.category, "severity": r.severity, "tolerance": r.tolerance,
                          "tables": ", ".join(r.tables), "description": r.description} for r in rules])
