"""The rule catalog (schemas/rules.yaml) as data, and the rule reference page made from it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from yusuan.vocab import DQ_SEVERITIES

# A budget office may try its own tolerances or severities on a copy: YUSUAN_RULES names it, and
# `yusuan revalidate` runs it over the current disclosures without reading any file again.
CATALOG = Path(os.environ.get("YUSUAN_RULES") or Path(__file__).resolve().parents[2] / "schemas" / "rules.yaml")
CATEGORIES = ("structure", "completeness", "within-row", "tree", "cross-table", "text-vs-table", "plausibility")


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


def load_catalog(path: Path = CATALOG) -> tuple[tuple[Rule, ...], dict[str, Decimal], dict[str, str]]:
    """The rules, each tolerance's amount (万元) and its wording, checked for unknown names."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    tolerances = {name: Decimal(str(t["amount"])) for name, t in data["tolerances"].items()}
    words = {name: t["words"] for name, t in data["tolerances"].items()}
    rules = tuple(Rule(r["id"], r["category"], r["severity"], r["tolerance"], tuple(r["tables"]), r["description"].strip())
                  for r in data["rules"])
    for rule in rules:
        if rule.category not in CATEGORIES or rule.severity not in DQ_SEVERITIES or rule.tolerance not in tolerances:
            raise ValueError(f"{path}: rule {rule.id} has an unknown category, severity or tolerance")
    if len({r.id for r in rules}) != len(rules):
        raise ValueError(f"{path}: duplicate rule ids")
    return rules, tolerances, words


RULES, TOLERANCES, TOLERANCE_WORDS = load_catalog()


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
