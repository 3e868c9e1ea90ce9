"""Each subject's lineage across years (subject_lineage), recomputed over dim_subject at each
publish that adds a subject (a new subject can continue, or take, the lineage of any later year's).

A subject code means something only with its year: the revisions of 政府收支分类科目 move names to
other codes (信访事务: item 2010308 until 2023, section 20140 from 2024) and give codes other
names. The lineages are read from what the corpus prints, year after year, each year's subjects
continuing the lineages of the earlier years (the latest state of each, so a subject no document
printed in a year is not lost):

1. same_code_name: the same code and name;
2. same_name: the same name under another code, when the name is printed under one code that
   year and ends one lineage only, and one of the two is a class or a section or both are items of
   one section: an item's name (行政运行, 一般行政管理事务) means something only in its section;
3. same_code: the same code under another name, when neither name is the other year's elsewhere.

Anything else starts a lineage. Each lineage takes at most one subject a year.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import duckdb
import polars as pl

from schemas import TABLES
from yusuan.parse.text import fold


def lineages(subjects: list[dict]) -> pl.DataFrame:
    """subject_lineage rows for `subjects`, dim_subject rows (subject_id, classification,
    budget_year, code, name, level)."""
    rows = []
    by_classification = defaultdict(list)
    for s in subjects:
        by_classification[s["classification"]].append(s)
    for group in by_classification.values():
        rows += _one_classification(group)
    return pl.DataFrame(rows, schema=TABLES["subject_lineage"].polars_schema, orient="row")


def _one_classification(subjects: list[dict]) -> list[dict]:
    latest: dict[str, dict] = {}  # lineage_key → its latest subject
    rows: dict[str, dict] = {}
    by_year = defaultdict(list)
    for s in sorted(subjects, key=lambda s: s["subject_id"]):
        by_year[s["budget_year"]].append(s)
    for year in sorted(by_year):
        found = _continue(by_year[year], latest)
        for s in by_year[year]:
            key, method = found.get(s["subject_id"], (s["subject_id"], "first"))
            rows[s["subject_id"]] = {"subject_id": s["subject_id"], "lineage_key": key, "method": method,
                                     "linked_from": latest[key]["subject_id"] if key in latest else None}
        for s in by_year[year]:
            latest[rows[s["subject_id"]]["lineage_key"]] = s
    for row in rows.values():
        end = latest[row["lineage_key"]]
        row["lineage_code"], row["lineage_name"] = end["code"], end["name"]
    return list(rows.values())


def _continue(year: list[dict], latest: dict[str, dict]) -> dict[str, tuple[str, str]]:
    """subject_id → (lineage_key, method) for the subjects of one year that continue a lineage."""
    names_now = Counter(fold(s["name"]) for s in year)
    names_before = Counter(fold(t["name"]) for t in latest.values())
    ends = defaultdict(list)  # (method, what it compares) → the lineages that end so
    for key, t in latest.items():
        name = fold(t["name"])
        ends["same_code_name", t["code"], name].append(key)
        ends["same_name", name].append(key)
        if not names_now[name]:  # a name still printed this year stays with its own code
            ends["same_code", t["code"]].append(key)
    found: dict[str, tuple[str, str]] = {}
    taken: set[str] = set()
    for method in ("same_code_name", "same_name", "same_code"):
        for s in year:
            name = fold(s["name"])
            if s["subject_id"] in found or (method == "same_name" and not names_now[name] == names_before[name] == 1) \
                    or (method == "same_code" and names_before[name]):
                continue
            compared = {"same_code_name": (s["code"], name), "same_name": (name,), "same_code": (s["code"],)}[method]
            free = [key for key in ends[(method, *compared)] if key not in taken
                    and (method != "same_name" or _named_alike(s, latest[key]))]
            if len(free) == 1:
                found[s["subject_id"]] = (free[0], method)
                taken.add(free[0])
    return found


def _named_alike(a: dict, b: dict) -> bool:
    """Whether the same name says the same subject: a class's or a section's name is its own, an
    item's only within its section."""
    return "class" in (a["level"], b["level"]) or "section" in (a["level"], b["level"]) or a["code"][:5] == b["code"][:5]


def subject_lineage(con: duckdb.DuckDBPyConnection, everything: bool) -> pl.DataFrame | None:
    """subject_lineage over every subject now in the warehouse; None when it has them all already
    (dim_subject rows are never changed, only added) and `everything` is not asked."""
    if not everything and not con.execute("""SELECT count(*) FROM main.dim_subject
            WHERE subject_id NOT IN (SELECT subject_id FROM main.subject_lineage)""").fetchone()[0]:
        return None
    subjects = con.execute("SELECT subject_id, classification, budget_year, code, name, level FROM main.dim_subject")
    return lineages(subjects.pl().to_dicts())
