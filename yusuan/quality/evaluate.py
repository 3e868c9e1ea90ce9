"""Run the whole rule catalog on a batch of parsed frames: dq_result rows, a score per
disclosure, and the split of the batch into the rows to load and the rows to quarantine.

A run is evaluated part by part (see yusuan.parts), one part after the other in one process (see
evaluate_parts: the one `prepare` started, one spawned for many parts, or the step's own): each rule
sees a few hundred disclosures at a time, and Great Expectations is imported and set up once, only
in that process. Every rule but DEP-001 looks inside one
disclosure; DEP-001 (a department against its units) sees the documents of the same part, and
parts follow file names, so a department and its units filed side by side meet.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import polars as pl

from schemas import DISCLOSURE_SCOPED, TABLES
from yusuan.parts import Parts, apart, one_process
from yusuan.quality.catalog import RULES, TOLERANCES, Rule
from yusuan.quality.checks import CHECKS, INSTANCE_SCHEMA, describe
from yusuan.quality.completeness import completeness
from yusuan.quality.judge import failing, set_up
from yusuan.validate import schemas, structure_failures

STRUCTURE_RULE = "STR-001"
TOLERANCE = pl.Decimal(18, 3)
RUN_COLUMNS = ("run_id", "logged_at")  # stamped when the warehouse is published
# The history tables a run writes per disclosure, with the columns the validation gives them.
DQ_TABLES = {table: [c for c in TABLES[table].polars_schema if c not in RUN_COLUMNS]
             for table in ("dq_result", "dq_disclosure", "dq_completeness", "dq_completeness_score")}
DQ_COLUMNS, SCORE_COLUMNS = DQ_TABLES["dq_result"], DQ_TABLES["dq_disclosure"]


@dataclass
class Quality:
    results: pl.DataFrame  # dq_result without the run columns
    scores: pl.DataFrame  # dq_disclosure without the run columns
    loaded: dict[str, pl.DataFrame]  # the frames to load
    quarantined: dict[str, pl.DataFrame]  # the rows held back, by table
    completeness: pl.DataFrame  # dq_completeness without the run columns
    completeness_scores: pl.DataFrame  # dq_completeness_score without the run columns

    @property
    def dq_tables(self) -> dict[str, pl.DataFrame]:
        """The run's history rows of these disclosures, by warehouse table."""
        return {"dq_result": self.results, "dq_disclosure": self.scores, "dq_completeness": self.completeness,
                "dq_completeness_score": self.completeness_scores}

    @property
    def quarantined_disclosures(self) -> list[str]:
        return self.scores.filter(status="quarantined")["disclosure_id"].to_list()


def evaluate(frames: dict[str, pl.DataFrame], rules: tuple[Rule, ...] = RULES) -> Quality:
    disclosures = frames["dim_disclosure"].select("disclosure_id")
    instances, broken = [], {}
    for rule in rules:
        if rule.id == STRUCTURE_RULE:
            continue
        try:
            found = CHECKS[rule.id](frames)
        except Exception as exc:  # noqa: BLE001 - a broken check is reported as status 'error', never fatal
            broken[rule.id] = f"{type(exc).__name__}: {exc}"
            continue
        instances.append(found.with_columns(rule_id=pl.lit(rule.id), tolerance=_tolerance(rule)))
    checked = pl.concat(instances) if instances else _empty_instances()
    failed = pl.concat([failing(checked), _structure(frames)], how="diagonal_relaxed")
    results = _results(rules, disclosures, checked, failed, broken)
    scores = _scores(results, disclosures)
    loaded, quarantined = _split(frames, scores, failed)
    return Quality(results, scores, loaded, quarantined, *completeness(frames, results))


# From this many parts (2,000 documents) up, the run's validation has a process of its own, started
# when the validation starts: Great Expectations' import (about 250 MB, seconds) and the parts'
# frames are given back when it ends, before the warehouse's load needs the memory. Below, the
# process is started with the parse, or before it (`prepare`), so that the import is done on
# another core while this one starts Dagster and parses; it is small beside the parse's memory then.
APART_FROM = 10
_prepared: list[ProcessPoolExecutor] = []  # the process `prepare` started, for the next evaluate_parts


def prepare(parts: int | None = None) -> None:
    """For a run that will validate `parts` parts: below APART_FROM, start the process that will
    validate them now, and its set-up — importing Pandera and Great Expectations, building their
    schemas and suite, about 4 s of a core. With `parts` not known yet (None), start it all the same:
    `yusuan run` does before it makes the run's plan (0.6 s of this core at 30,000 files, the other
    free), and keeps it or ends it once the plan is made (keep_prepared). Not a thread of this
    process: it would hold the interpreter against Dagster's start, and import modules while Dagster
    imports them (seen: a module half initialised)."""
    if (parts is None or 0 < parts < APART_FROM) and not _prepared:
        process = one_process()
        process.submit(_set_up)
        _prepared.append(process)


def keep_prepared(parts: int) -> None:
    """Keep the process `prepare` started for a run that will validate `parts` parts, below
    APART_FROM; else end it at once, in the middle of its set-up: a run with nothing to validate has
    no use for it, a larger one starts its own when the validation starts."""
    if _prepared and not 0 < parts < APART_FROM:
        process = _prepared.pop()
        for worker in process._processes.values():  # ProcessPoolExecutor.kill_workers(), before Python 3.14
            worker.kill()
        process.shutdown(cancel_futures=True)


def _set_up() -> None:
    with contextlib.suppress(Exception):  # a set-up that fails is tried again by the validation, which reports it
        schemas()
        set_up()


def evaluate_parts(parsed: Parts, validated: Parts, quarantine: Parts, apart_from: int = APART_FROM) -> None:
    """Evaluate every part of `parsed`, one after the other: in the process `prepare` started, or in
    this process, or from `apart_from` parts up in one process of its own. The rows to load go to
    `validated` (with the part's dq_result and dq_disclosure rows), the rows held back to
    `quarantine`, under the same number. Never on a pool: each worker would import Great
    Expectations again and grow to about 600 MB, for about half a second of work a part; one part at
    a time is held, and polars' own threads use every core."""
    job = (parsed, validated, quarantine)
    if _prepared:
        apart(_evaluate_in_own_process, job, _prepared.pop())
    elif len(parsed.numbers()) >= apart_from:
        apart(_evaluate_in_own_process, job)
    else:
        _evaluate_all(job)


def _evaluate_in_own_process(job: tuple[Parts, Parts, Parts]) -> None:
    """_evaluate_all as the last task of the validation's own process, whose end the step waits for:
    that process leaves without the interpreter's teardown, which frees Great Expectations' modules
    and objects one by one (1 to 2 s) for nothing. The exit handlers it skips (registered before this
    one, so run after it) have nothing to do there: it holds no file, lock, thread or temporary folder."""
    atexit.register(_leave_at_once)
    _evaluate_all(job)


def _leave_at_once() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _evaluate_all(job: tuple[Parts, Parts, Parts]) -> None:
    parsed, validated, quarantine = job
    for number in parsed.numbers():
        evaluate_part(parsed, validated, quarantine, number)


def evaluate_part(parsed: Parts, validated: Parts, quarantine: Parts, number: int) -> None:
    """Part `number` of `parsed`, as evaluate_parts does each; on its own for a run whose parts are
    steps of their own, on several machines (assets/parts.py)."""
    frames = parsed.read(number)
    try:
        quality = evaluate(frames)
    except Exception:  # noqa: BLE001 - one document's rows broke the evaluation: find it, hold it back
        quality = _evaluate_apart(frames)
    validated.write(number, {**quality.loaded, **quality.dq_tables})
    quarantine.write(number, quality.quarantined)


def _evaluate_apart(frames: dict[str, pl.DataFrame]) -> Quality:
    """`evaluate` document by document, once it failed on a whole part: a document whose own
    evaluation fails is quarantined whole, the reason in an `error` result; the others load."""
    each = []
    for document_id in frames["dim_document"]["document_id"].unique(maintain_order=True):
        own = _of_document(frames, document_id)
        try:
            each.append(evaluate(own))
        except Exception as exc:  # noqa: BLE001 - the reason goes to dq_result
            each.append(_held_back(own, f"the data-quality rules could not be evaluated on this document "
                                        f"({type(exc).__name__}: {exc}); held back whole"))

    def merged(table: str, frames: list[pl.DataFrame]) -> pl.DataFrame:
        whole = pl.concat(frames)  # the shared dimensions came whole with every document: once each
        return whole if _scoped(table, whole) or table == "dim_document" else whole.unique(maintain_order=True)

    return Quality(pl.concat([q.results for q in each]), pl.concat([q.scores for q in each]),
                   {t: merged(t, [q.loaded[t] for q in each]) for t in frames},
                   {t: merged(t, [q.quarantined[t] for q in each]) for t in frames},
                   pl.concat([q.completeness for q in each]), pl.concat([q.completeness_scores for q in each]))


def _scoped(table: str, frame: pl.DataFrame) -> bool:
    """Whether `table`'s rows belong to disclosures (the rest are shared dimensions and documents)."""
    return table in DISCLOSURE_SCOPED or "project_id" in frame.columns


def _of_document(frames: dict[str, pl.DataFrame], document_id: str) -> dict[str, pl.DataFrame]:
    """The rows of one document; the shared dimensions whole."""
    disclosures = frames["dim_disclosure"].filter(document_id=document_id)["disclosure_id"].implode()
    projects = frames["dim_project"].filter(pl.col("disclosure_id").is_in(disclosures))["project_id"].implode()
    own = {}
    for table, frame in frames.items():
        if "disclosure_id" in frame.columns:
            own[table] = frame.filter(pl.col("disclosure_id").is_in(disclosures))
        elif "project_id" in frame.columns:
            own[table] = frame.filter(pl.col("project_id").is_in(projects))
        elif table == "dim_document":
            own[table] = frame.filter(document_id=document_id)
        else:
            own[table] = frame
    return own


def _held_back(frames: dict[str, pl.DataFrame], reason: str) -> Quality:
    disclosures = frames["dim_disclosure"].select("disclosure_id")
    null_money = pl.lit(None).cast(INSTANCE_SCHEMA["expected"])
    results = disclosures.with_columns(
        rule_id=pl.lit(STRUCTURE_RULE), severity=pl.lit("error"), status=pl.lit("error"), expected=null_money,
        actual=null_money, difference=null_money, tolerance=pl.lit(None).cast(TOLERANCE),
        source_location=pl.lit(None, pl.String), message=pl.lit(reason)).select(DQ_COLUMNS)
    scores = disclosures.with_columns(rules_checked=pl.lit(0, pl.Int32), rules_failed=pl.lit(0, pl.Int32),
                                      failures=pl.lit(0, pl.Int32), score=pl.lit(0).cast(pl.Decimal(5, 1)),
                                      status=pl.lit("quarantined")).select(SCORE_COLUMNS)
    loaded = {t: f.clear() if _scoped(t, f) else f for t, f in frames.items()}
    quarantined = {t: f if _scoped(t, f) else f.clear() for t, f in frames.items()}
    # rows that broke the evaluation may break the completeness reading too: held back, not scored
    unscored = [pl.DataFrame(schema={c: TABLES[t].polars_schema[c] for c in DQ_TABLES[t]})
                for t in ("dq_completeness", "dq_completeness_score")]
    return Quality(results, scores, loaded, quarantined, *unscored)


def _tolerance(rule: Rule) -> pl.Expr:
    unit = pl.lit(TOLERANCES[rule.tolerance]).cast(TOLERANCE)
    return (unit * pl.max_horizontal(pl.col("n_parts"), 1)).cast(TOLERANCE) if rule.tolerance == "per_part" else unit


def _empty_instances() -> pl.DataFrame:
    return pl.DataFrame(schema={**INSTANCE_SCHEMA, "rule_id": pl.String, "tolerance": TOLERANCE})


def _structure(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """STR-001: each row that breaks its Pandera schema, as a failing instance of its disclosure(s)."""
    out = []
    for table, frame in frames.items():
        failures = structure_failures(table, frame)
        if failures.is_empty():
            continue
        owners = _owners(table, frame, frames)
        rows = failures.join(owners, left_on="row_index", right_on="row", how="left")
        out.append(rows.select(
            disclosure_id=pl.col("disclosure_id").fill_null("(none)"), source_location=pl.lit(table),
            message=describe(f"{table}.{{}} fails {{}}: {{}} (row {{}})", "column", "check", "failure_case", "row_index"),
            table=pl.lit(table), row=pl.col("row_index")))
    if not out:
        return _empty_instances().with_columns(table=pl.lit(None, pl.String), row=pl.lit(None, pl.Int64)).clear()
    failures = pl.concat(out)
    zero = pl.lit(None).cast(INSTANCE_SCHEMA["expected"])
    return failures.with_columns(expected=zero, actual=zero, difference=zero, n_parts=pl.lit(0, pl.Int32),
                                 rule_id=pl.lit(STRUCTURE_RULE), tolerance=pl.lit(None).cast(TOLERANCE)).select(
        *INSTANCE_SCHEMA, "rule_id", "tolerance", "table", "row")


def _owners(table: str, frame: pl.DataFrame, frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """(row, disclosure_id): which disclosures each row of `table` belongs to."""
    numbered = frame.with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
    if "disclosure_id" in frame.columns:
        return numbered.select("row", "disclosure_id")
    links = {
        "project_id": frames["dim_project"].select("project_id", "disclosure_id"),
        "document_id": frames["dim_disclosure"].select("document_id", "disclosure_id"),
        "unit_id": frames["dim_disclosure"].select("unit_id", "disclosure_id"),
        "budget_year": frames["dim_disclosure"].select("budget_year", "disclosure_id"),
        "subject_id": pl.concat([frames[t].select("subject_id", "disclosure_id") for t in ("fact_expenditure", "fact_income")]).unique(),
    }
    key = next(k for k in links if k in frame.columns)
    return numbered.select("row", key).join(links[key], on=key).select("row", "disclosure_id")


def _results(rules, disclosures, checked, failed, broken) -> pl.DataFrame:
    severity = {r.id: r.severity for r in rules}
    fails = failed.with_columns(status=pl.lit("fail"), severity=pl.col("rule_id").replace_strict(severity))
    applicable = pl.concat([checked.select("rule_id", "disclosure_id"), failed.select("rule_id", "disclosure_id")])
    counts = applicable.group_by("rule_id", "disclosure_id").len()
    grid = disclosures.join(pl.DataFrame({"rule_id": [r.id for r in rules]}), how="cross")
    grid = grid.join(counts, on=["rule_id", "disclosure_id"], how="left").join(
        fails.select("rule_id", "disclosure_id").unique().with_columns(has_fail=pl.lit(True)), on=["rule_id", "disclosure_id"], how="left")
    grid = grid.with_columns(severity=pl.col("rule_id").replace_strict(severity)).filter(pl.col("has_fail").is_null())
    status = (pl.when(pl.col("rule_id").is_in(list(broken))).then(pl.lit("error"))
              .when(pl.col("len").is_null() & (pl.col("rule_id") != STRUCTURE_RULE)).then(pl.lit("not_applicable"))
              .otherwise(pl.lit("pass")))
    message = (pl.when(pl.col("rule_id").is_in(list(broken))).then(pl.col("rule_id").replace_strict(broken, default=""))
               .when(pl.col("len").is_null()).then(pl.lit("nothing to check"))
               .otherwise(pl.format("{} instances checked", "len")))
    others = grid.with_columns(status=status, message=message)
    null_money = pl.lit(None).cast(INSTANCE_SCHEMA["expected"])
    others = others.with_columns(expected=null_money, actual=null_money, difference=null_money,
                                 tolerance=pl.lit(None).cast(TOLERANCE), source_location=pl.lit(None, pl.String))
    return pl.concat([fails.select(DQ_COLUMNS), others.select(DQ_COLUMNS)]).sort("disclosure_id", "rule_id")


def _scores(results: pl.DataFrame, disclosures: pl.DataFrame) -> pl.DataFrame:
    per_rule = results.filter(pl.col("status").is_in(["pass", "fail"])).group_by("disclosure_id", "rule_id").agg(
        failed=(pl.col("status") == "fail").any(), failures=(pl.col("status") == "fail").sum(),
        error=((pl.col("status") == "fail") & (pl.col("severity") == "error")).any(),
        warning=((pl.col("status") == "fail") & (pl.col("severity") == "warning")).any())
    scores = per_rule.group_by("disclosure_id").agg(
        rules_checked=pl.len().cast(pl.Int32), rules_failed=pl.col("failed").sum().cast(pl.Int32),
        failures=pl.col("failures").sum().cast(pl.Int32), error=pl.col("error").any(), warning=pl.col("warning").any())
    scores = disclosures.join(scores, on="disclosure_id", how="left").with_columns(
        pl.col("rules_checked", "rules_failed", "failures").fill_null(0))
    return scores.with_columns(
        score=pl.when(pl.col("rules_checked") == 0).then(100.0)
        .otherwise(100 * (1 - pl.col("rules_failed") / pl.col("rules_checked"))).round(1).cast(pl.Decimal(5, 1)),
        status=pl.when(pl.col("error").fill_null(False)).then(pl.lit("quarantined"))
        .when(pl.col("warning").fill_null(False)).then(pl.lit("warnings")).otherwise(pl.lit("ok")),
    ).select(SCORE_COLUMNS)


def _split(frames, scores, failed) -> tuple[dict, dict]:
    """Rows of quarantined disclosures (and structurally broken rows of shared dimensions) are held back."""
    held = scores.filter(status="quarantined").select("disclosure_id")
    held_projects = frames["dim_project"].join(held, on="disclosure_id").select("project_id")
    loaded, quarantined = {}, {}
    for table, frame in frames.items():
        if table in DISCLOSURE_SCOPED:
            mask = pl.col("disclosure_id").is_in(held["disclosure_id"].implode())
        elif "project_id" in frame.columns:
            mask = pl.col("project_id").is_in(held_projects["project_id"].implode())
        else:  # shared dimensions: only the rows that broke their schema
            bad = failed.filter(pl.col("table") == table)["row"] if "table" in failed.columns else pl.Series([], dtype=pl.Int64)
            mask = pl.int_range(pl.len()).is_in(bad.implode())
        loaded[table], quarantined[table] = frame.filter(~mask), frame.filter(mask)
    return loaded, quarantined
