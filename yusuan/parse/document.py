"""One read document → the warehouse rows it yields (as dicts, grouped by warehouse table).

This is the single entry the pipeline calls per document. A document that is not a budget
disclosure, or that was cut off, raises `RejectedFile` with the reason for the ledger.
"""

from __future__ import annotations

import hashlib

from yusuan.model import Document, Table, collections_paused
from yusuan.parse import outline, prose
from yusuan.parse.disclosures import Part, place_of, split_parts
from yusuan.parse.overview import table_figures
from yusuan.parse.places import locate
from yusuan.parse.rows import issue_row
from yusuan.parse.tables import parse_tables
from yusuan.parse.targets import parse_targets
from yusuan.readers.detect import RejectedFile

ROW_GROUPS = ("dim_disclosure", "dim_unit", "dim_table", "dim_subject",
              "fact_expenditure", "fact_income", "fact_three_public",
              "dim_project", "fact_spend_plan", "fact_performance_goal", "fact_performance_indicator",
              "performance_text", "fact_budget_overview", "dim_unit_profile", "fact_procurement", "fact_fixed_asset",
              "doc_section", "parse_issue")


def unit_id_of(place: str | None, name: str | None, code: str | None) -> str:
    """A unit is place + name (+ code): codes repeat across places, names across counties."""
    key = "|".join(x or "" for x in (place, name, code))
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def parse_document(doc: Document, document_id: str, meta: dict | None = None) -> dict[str, list[dict]]:
    with collections_paused():
        return _rows(doc, document_id, meta or {})


def _rows(doc: Document, document_id: str, meta: dict) -> dict[str, list[dict]]:
    _check_complete(doc)
    parts = [p for p in split_parts(doc) if p.scope]
    if not parts:
        raise RejectedFile("not a budget disclosure: no 部门预算/单位预算 table or explanation title found")
    rows: dict[str, list[dict]] = {group: [] for group in ROW_GROUPS}
    sections = [prose.sections(part) for part in parts]
    for part, found, announced in zip(parts, sections, outline.promises(parts, sections), strict=True):
        if part.budget_year is None:
            raise RejectedFile(f"disclosure starting at line {part.first_line} names no budget year (预算年度)")
        disclosure_id = f"{document_id}-{part.seq}"
        unit = _unit_row(part, meta, doc.name)
        rows["dim_unit"].append(unit)
        rows["dim_disclosure"].append({
            "disclosure_id": disclosure_id, "document_id": document_id, "unit_id": unit["unit_id"],
            "budget_year": part.budget_year, "scope": part.scope, "title": part.title,
            "first_line": part.first_line, "last_line": part.last_line,
            "parts_announced": len(announced), "outline_breaks": outline.breaks(announced, doc.name),
            "source_url": meta.get("source_url"), "published_on": meta.get("published_on"),
        })
        result = parse_tables(part, disclosure_id, doc.name)
        if part.scope_assumed:
            result.issues.append(issue_row(disclosure_id, "document", "scope_assumed",
                                           "neither the table titles nor the text say 部门 or 单位: read as a department budget",
                                           f"{doc.name}:{part.first_line}"))
        rows["dim_table"] += result.tables
        rows["dim_subject"] += result.subjects.values()
        rows["fact_expenditure"] += result.expenditure
        rows["fact_income"] += result.income
        rows["fact_three_public"] += result.three_public
        targets = parse_targets(part, disclosure_id, doc.name, result.read)
        rows["dim_project"] += targets.projects
        rows["fact_spend_plan"] += targets.spend_plan
        rows["fact_performance_goal"] += targets.goals
        rows["fact_performance_indicator"] += targets.indicators
        rows["performance_text"] += targets.texts
        rows["parse_issue"] += result.issues + targets.issues
        rows["doc_section"] += prose.section_rows(found, disclosure_id, doc.name)
        rows["dim_unit_profile"] += prose.unit_profiles(found, disclosure_id, doc.name)
        procurement, unread = prose.procurement_rows(found, disclosure_id, doc.name)
        rows["fact_procurement"] += procurement
        rows["parse_issue"] += unread
        fixed_assets = prose.fixed_asset_rows(found, disclosure_id, doc.name)
        rows["fact_fixed_asset"] += fixed_assets
        facts = {"fact_income": result.income, "fact_expenditure": result.expenditure,  # this disclosure's alone
                 "fact_three_public": result.three_public, "fact_procurement": procurement, "fact_fixed_asset": fixed_assets}
        rows["fact_budget_overview"] += prose.prose_figures(found, disclosure_id, doc.name) + table_figures(facts, disclosure_id)
    return rows


def _unit_row(part: Part, meta: dict, file_name: str) -> dict:
    place = meta.get("place") or part.place or (place_of(part.aliases[0]) if part.aliases else None)
    return {
        "unit_id": unit_id_of(place, part.unit_name, part.unit_code), "unit_code": part.unit_code,
        "unit_name": part.unit_name, "place": place, **locate(part, place, bool(meta.get("place")), file_name),
        "is_department": part.scope == "department",
        "aliases": list(part.aliases),
    }


def _check_complete(doc: Document) -> None:
    """A text dump that stops inside a table row was cut off: refuse it rather than load half."""
    last = doc.blocks[-1] if doc.blocks else None
    if isinstance(last, Table) and len(last.rows) > 1 and len(last.rows[-1]) < last.width:
        raise RejectedFile(
            f"truncated: the file ends inside a table row at line {last.last_line} "
            f"({len(last.rows[-1])} of {last.width} cells)"
        )
