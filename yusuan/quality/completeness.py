"""Disclosure completeness: each item the national disclosure rules require (schemas/completeness.yaml),
per disclosure, as present, empty_explained, missing or inconsistent, and a score per disclosure.

Read from the parsed frames (which standard tables were printed, the explanation's sections, the
performance targets) and from the disclosure's own dq results: an item printed but failing one of
its reconciliation rules is inconsistent. Computed in the validation stage with the dq results,
so each run records it per disclosure as it records their data-quality score.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl
import yaml

from yusuan.quality.checks import describe, line_of

SPEC = yaml.safe_load((Path(__file__).parents[2] / "schemas" / "completeness.yaml").read_text(encoding="utf-8"))
CREDIT: dict[str, float] = {status: float(credit) for status, credit in SPEC["credit"].items()}
STATUSES = tuple(CREDIT)

# A section that says it has nothing to report: 无政府采购预算, 本单位无此项支出, 不涉及…
NOTHING_TO_REPORT = r"无[^，,。；;]{0,15}(预算|经费|支出|资产|采购|情况)|没有|未安排|不涉及"


@dataclass(frozen=True)
class Item:
    item: str
    kind: str  # table, section or targets
    weight: int
    rules: tuple[str, ...]
    source: str
    description: str
    table_kind: str | None = None
    section_kind: str | None = None
    figure: str | None = None


ITEMS: tuple[Item, ...] = tuple(Item(**{**spec, "rules": tuple(spec["rules"])}) for spec in SPEC["items"])


def completeness(frames: dict[str, pl.DataFrame], results: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(dq_completeness, dq_completeness_score) without the run columns, for the disclosures of
    `frames`; `results` are their dq_result rows."""
    found = pl.concat([_tables(frames), _sections(frames), _targets(frames)], how="diagonal_relaxed")
    grid = frames["dim_disclosure"].select("disclosure_id").join(_items_frame(), how="cross")
    rows = grid.join(found, on=["disclosure_id", "item"], how="left").with_columns(
        status=pl.col("status").fill_null("missing"), evidence=pl.col("evidence").fill_null(_why_missing()))
    rows = _inconsistent(rows, results, _spans(frames, found))
    items = rows.select("disclosure_id", "item", "status", "evidence", "weight").sort("disclosure_id", "item")
    return items, _scores(items)


def _items_frame() -> pl.DataFrame:
    return pl.DataFrame([{"item": i.item, "kind": i.kind, "weight": i.weight, "description": i.description,
                          "rules": list(i.rules)} for i in ITEMS],
                        schema={"item": pl.String, "kind": pl.String, "weight": pl.Int32, "description": pl.String,
                                "rules": pl.List(pl.String)})


def _why_missing() -> pl.Expr:
    return (pl.when(pl.col("kind") == "table").then(describe("{} not printed", "description"))
            .when(pl.col("kind") == "section").then(describe("no section on {} in the explanation", "description"))
            .otherwise(pl.lit("no project target table, department-wide indicator or target text printed")))


def _tables(frames) -> pl.DataFrame:
    """The standard tables as dim_table records them (absent ones are left to the grid's missing)."""
    kinds = {i.table_kind: i.item for i in ITEMS if i.kind == "table"}
    tables = frames["dim_table"].filter(pl.col("table_kind").is_in(list(kinds)) & (pl.col("status") != "absent"))
    status, rows = pl.col("status"), pl.col("row_count")
    return tables.select(
        "disclosure_id", item=pl.col("table_kind").replace_strict(kinds), line=line_of("source_location"),
        status=pl.when(status == "empty").then(pl.lit("empty_explained"))
        .when((status == "loaded") & (rows == 0)).then(pl.lit("missing")).otherwise(pl.lit("present")),
        evidence=pl.when(status == "empty").then(describe("{}: printed empty with its note (空表列示)", "source_location"))
        .when(status == "unparsed").then(describe("{}: printed, not read (see parse_issue)", "source_location"))
        .when(rows == 0).then(describe("{}: title printed without rows and without a note saying why", "source_location"))
        .otherwise(describe("{}: {} rows", "source_location", "row_count")))


def _sections(frames) -> pl.DataFrame:
    """The explanation's sections, each with the figure it states, in its prose or in a table of
    its own (fact_budget_overview rows printed inside the section)."""
    items = [i for i in ITEMS if i.kind == "section"]
    figures = {i.item: i.figure for i in items if i.figure}
    marks = _section_marks(frames)
    sections = frames["doc_section"].with_columns(item=marks["item"]).filter(
        pl.col("item").is_in([i.item for i in items])).sort("disclosure_id", "seq")
    # a heading without text may head sub-sections of the same kind (五、预算绩效信息 › 一、总体绩效目标)
    whole = sections.group_by("disclosure_id", "item", maintain_order=True).agg(
        pl.col("source_location").first(), text=pl.col("text").str.join("\n"))
    whole = _until_next(whole.with_columns(start=line_of("source_location")), marks, frames)
    stated = frames["fact_budget_overview"].select("disclosure_id", figure="item", amount="amount_wan",
                                                   line=line_of("source_location"))
    inside = whole.with_columns(figure=pl.col("item").replace_strict(figures, default=None)).join(
        stated, on=["disclosure_id", "figure"], how="left").with_columns(
        amount=pl.when((pl.col("line") >= pl.col("start")) & (pl.col("line") < pl.col("end"))).then("amount"))
    whole = inside.group_by("disclosure_id", "item", "figure", "text", "source_location", "start", maintain_order=True).agg(
        stated=pl.col("amount").is_not_null().any(), amount=pl.col("amount").abs().max())
    says_none = pl.col("text").str.contains(NOTHING_TO_REPORT) & (pl.col("amount").fill_null(0) == 0)
    blank = pl.col("text").str.strip_chars() == ""
    unstated = pl.col("figure").is_not_null() & ~pl.col("stated")
    return whole.select(
        "disclosure_id", "item", line="start",
        status=pl.when(says_none).then(pl.lit("empty_explained")).when(blank | unstated).then(pl.lit("missing"))
        .otherwise(pl.lit("present")),
        evidence=pl.when(says_none).then(
            describe("{}: {}", "source_location", pl.col("text").str.extract(f"([^。；;\n]*({NOTHING_TO_REPORT})[^。；;\n]*)")))
        .when(blank).then(describe("{}: a heading without text", "source_location"))
        .when(unstated).then(describe("{}: the section states no {} figure", "source_location", "figure"))
        .otherwise(pl.col("source_location")))


def _section_marks(frames) -> pl.DataFrame:
    """(disclosure_id, item, line) of every section heading, in doc_section order: the item it
    is, or (section)<kind> for a section no item asks for."""
    kinds = {i.section_kind: i.item for i in ITEMS if i.kind == "section"}
    sections = frames["doc_section"]
    return sections.select("disclosure_id", item=pl.col("kind").replace_strict(kinds, default=pl.lit("(section)") + pl.col("kind")),
                           line=line_of("source_location"))


def _until_next(starts: pl.DataFrame, marks: pl.DataFrame, frames) -> pl.DataFrame:
    """`starts` (disclosure_id, item, start …) with `end`: the line of the next of `marks` that is
    not the same item, else the line after the disclosure."""
    later = starts.select("disclosure_id", "item", "start").join(marks, on="disclosure_id").filter(
        (pl.col("line") > pl.col("start")) & (pl.col("item_right") != pl.col("item")))
    nearest = later.group_by("disclosure_id", "item").agg(end=pl.col("line").min())
    last = frames["dim_disclosure"].select("disclosure_id", last=pl.col("last_line").cast(pl.Int64) + 1)
    return starts.join(nearest, on=["disclosure_id", "item"], how="left").join(last, on="disclosure_id", how="left").with_columns(
        end=pl.coalesce("end", "last")).drop("last")


def _targets(frames) -> pl.DataFrame:
    """The performance targets: project target tables, department-wide indicators, target prose."""
    (item,) = (i.item for i in ITEMS if i.kind == "targets")
    first = pl.col("source_location").sort_by(line_of("source_location")).first()
    printed = pl.concat([
        frames["dim_project"].group_by("disclosure_id").agg(first, what=pl.format("{} project target tables", pl.len())),
        frames["fact_performance_indicator"].filter(pl.col("project_id").is_null()).group_by("disclosure_id").agg(
            first, what=pl.format("{} department-wide indicators", pl.len())),
        frames["performance_text"].group_by("disclosure_id").agg(
            first, what=pl.format("{} paragraphs of department-wide targets", pl.len())),
    ])
    return printed.group_by("disclosure_id", maintain_order=True).agg(
        evidence=pl.format("{}: {}", "source_location", "what").str.join("; ")).with_columns(
        item=pl.lit(item), status=pl.lit("present"), line=pl.lit(None, pl.Int64))


def _spans(frames, found: pl.DataFrame) -> pl.DataFrame:
    """(disclosure_id, item, start, end): the lines of each printed table and section, from its
    title or heading to the next table, section or project table of the disclosure."""
    printed = found.filter(pl.col("line").is_not_null())
    projects = frames["dim_project"].select("disclosure_id", item=pl.lit("(project)"), line=line_of("source_location"))
    marks = pl.concat([printed.select("disclosure_id", "item", "line"), _section_marks(frames), projects])
    return _until_next(printed.select("disclosure_id", "item", start="line"), marks, frames)


def _inconsistent(rows: pl.DataFrame, results: pl.DataFrame, spans: pl.DataFrame) -> pl.DataFrame:
    """An item printed whose rules fail for the disclosure (inside its span, for tables and sections)."""
    fails = results.filter((pl.col("status") == "fail") & (pl.col("severity") != "info")).select(
        "disclosure_id", "rule_id", "source_location", "message", fail_line=line_of("source_location"))
    tied = rows.filter(pl.col("status") != "missing").select("disclosure_id", "item", "kind", rule_id="rules").explode("rule_id")
    hits = tied.join(fails, on=["disclosure_id", "rule_id"]).join(spans, on=["disclosure_id", "item"], how="left")
    inside = (pl.col("kind") == "targets") | ((pl.col("fail_line") >= pl.col("start")) & (pl.col("fail_line") < pl.col("end")))
    # The message last: one rule can fail twice on a line, and the evidence must read the same every run.
    hits = hits.filter(inside.fill_null(False)).sort("disclosure_id", "item", "fail_line", "rule_id", "message")
    why = hits.group_by("disclosure_id", "item", maintain_order=True).agg(
        failing=pl.format("{} fails at {}: {}", "rule_id", pl.col("source_location").fill_null("(no location)"), "message")
        .str.join("; "))
    rows = rows.join(why, on=["disclosure_id", "item"], how="left")
    return rows.with_columns(
        status=pl.when(pl.col("failing").is_not_null()).then(pl.lit("inconsistent")).otherwise("status"),
        evidence=pl.when(pl.col("failing").is_not_null()).then(pl.format("{}; {}", "evidence", "failing")).otherwise("evidence"))


def _scores(items: pl.DataFrame) -> pl.DataFrame:
    counts = {status: (pl.col("status") == status).sum().cast(pl.Int32) for status in STATUSES}
    credit = pl.col("status").replace_strict(CREDIT, return_dtype=pl.Float64)
    return items.group_by("disclosure_id").agg(
        items=pl.len().cast(pl.Int32), **counts,
        score=(100 * (pl.col("weight") * credit).sum() / pl.col("weight").sum()).round(1).cast(pl.Decimal(5, 1)),
    ).select("disclosure_id", "items", *STATUSES, "score").sort("disclosure_id")
