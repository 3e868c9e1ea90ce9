"""Run files through the parse batch and the rule catalog, as a run does, and note for each file
what a reader of the warehouse would get: its ledger status, the figures it loaded, and every
flag it raised (a quarantine, a failing rule, a parse issue), with its parse time.

    python -m tests.fuzz.observe FOLDER OUT.pickle

The command form runs a batch in a process of its own, so that its peak memory (ru_maxrss) is
the batch's and a batch that hangs can be killed.
"""

from __future__ import annotations

import pickle
import re
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

import yusuan
from yusuan.parse.batch import parse_files
from yusuan.quality.evaluate import evaluate
from yusuan.raw import plan_ingest

# What makes a figure, per table: what it is and its value, not its wording (a damaged label
# that still names the same subject and amount is no wrong figure) nor its line. Projects are
# not told apart: one lost from the middle renumbers those after it, and a damaged name is no
# wrong figure; a project's figures count as figures of its disclosure.
FIGURES = {
    "fact_expenditure": ("table_kind", "subject_id", "fund_scope", "measure", "is_total", "amount_wan"),
    "fact_income": ("table_kind", "subject_id", "income_source", "fund_scope", "is_total", "amount_wan"),
    "fact_three_public": ("item", "fund_scope", "amount_wan"),
    "fact_budget_overview": ("item", "source", "amount_wan", "change_wan", "change_pct"),
    "fact_procurement": ("category", "is_total", "amount_wan"),
    "fact_fixed_asset": ("is_total", "quantity", "amount_wan"),
    "dim_project": ("budget_wan", "fiscal_wan", "other_wan"),
    "fact_spend_plan": ("period_end", "cumulative_pct", "cumulative_wan", "is_amount_form"),
    "fact_performance_indicator": ("operator", "target_value", "target_value_high", "target_value_wan"),
}
_PLACE = re.compile(r"\S+?:\d+|\(row \d+\)|[0-9a-f]{16}-")  # file:line, frame row, document id: differ between copies


@dataclass
class Observation:
    file_name: str
    status: str  # loaded or rejected, as in the ledger
    reason: str | None
    figures: Counter = field(default_factory=Counter)
    flags: set[str] = field(default_factory=set)
    seconds: float = 0.0  # parsing this file


@dataclass
class Batch:
    observations: dict[str, Observation]
    seconds: float  # the whole batch: parse and evaluate
    max_rss_mb: float  # this process's peak memory after the batch


def observe(folder: Path) -> Batch:
    started = time.perf_counter()
    plan = plan_ingest(folder, [], yusuan.PARSER_VERSION)  # as a run plans it: archives opened, repeats found
    raws = plan.to_parse
    seconds: dict[str, float] = {}
    mark = [time.perf_counter()]

    def timed(raw) -> None:
        now = time.perf_counter()
        seconds[raw.file_name], mark[0] = now - mark[0], now

    batch = parse_files(raws, timed)
    quality = evaluate(batch.frames)
    figures: dict[str, Counter] = {}
    flags: dict[str, set[str]] = {}
    for document_id, key in _figures(batch.frames):
        figures.setdefault(document_id, Counter())[key] += 1
    for document_id, flag in _flags(batch.frames, quality):
        flags.setdefault(document_id, set()).add(flag)
    document_ids = {raw.file_name: raw.document_id for raw in raws}
    observations = {}
    for row in batch.ledger.iter_rows(named=True):
        document_id = document_ids[row["file_name"]]
        observations[row["file_name"]] = Observation(row["file_name"], row["status"], row["reason"],
                                                     figures.get(document_id, Counter()), flags.get(document_id, set()),
                                                     seconds.get(row["file_name"], 0.0))
    for raw, original in plan.duplicates:  # a run rejects a copy of a file it loads; it says the same
        observations[raw.file_name] = replace(observations[original], file_name=raw.file_name)
    return Batch(observations, time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _owner(frame: pl.DataFrame) -> pl.DataFrame:
    """document_id and the disclosure's number in it (…-2), from disclosure_id."""
    parts = pl.col("disclosure_id").str.splitn("-", 2).struct
    return frame.with_columns(document_id=parts.field("field_0"), seq=parts.field("field_1"))


def _figures(frames: dict[str, pl.DataFrame]):
    """(document_id, figure) for every figure loaded."""
    for table, columns in FIGURES.items():
        frame = frames[table]
        if "disclosure_id" not in frame.columns:  # a project's rows: its id is the disclosure's, -p and a number
            frame = frame.with_columns(disclosure_id=pl.col("project_id").str.replace(r"-p\d+$", ""))
        frame = _owner(frame)
        for row in frame.select("document_id", "seq", *columns).iter_rows():
            yield row[0], (table, *row[1:])


def _flags(frames: dict[str, pl.DataFrame], quality) -> list[tuple[str, str]]:
    """(document_id, flag): each quarantine, failing rule instance and parse issue, in words that
    do not depend on where in the file (or in the batch) it was found."""
    failed = _owner(quality.results.filter(pl.col("status").is_in(["fail", "error"])))
    held = _owner(quality.scores.filter(status="quarantined"))
    issues = _owner(frames["parse_issue"])
    out = [(d, f"{s} quarantined") for d, s in held.select("document_id", "seq").iter_rows()]
    out += [(d, _PLACE.sub("", f"{s} {rule} {expected} {actual} {message}"))
            for d, s, rule, expected, actual, message in failed.select("document_id", "seq", "rule_id", "expected", "actual",
                                                                        "message").iter_rows()]
    out += [(d, _PLACE.sub("", f"{s} issue {kind} {problem} {detail}"))
            for d, s, kind, problem, detail in issues.select("document_id", "seq", "table_kind", "problem", "detail").iter_rows()]
    return out


def main() -> None:
    from tests.fuzz import observe as module  # run as __main__: pickle the classes under the module's own name

    folder, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.write_bytes(pickle.dumps(module.observe(folder)))


if __name__ == "__main__":
    main()
