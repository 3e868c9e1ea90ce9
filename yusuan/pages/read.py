"""Read what the pages show from the warehouse: each view once, grouped by unit and by place.

Everything comes from the analysts' views (schemas/views.yaml) except a unit's classes (类), which
no view gives per disclosure: that query is here, with class_totals_by_place's filter.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

import duckdb

UNITS = """SELECT unit_id, unit_name, unit_code, place, place_code FROM main.dim_unit
           ORDER BY place NULLS LAST, place_code, unit_name, unit_code"""

# A disclosure's totals, one row per disclosure (unit_years has one per item).
YEARS = """SELECT unit_id, place, place_code, disclosure_id, budget_year, scope,
                  any_value(amount_wan) FILTER (item = 'income_total') AS income_total_wan,
                  any_value(amount_wan) FILTER (item = 'expenditure_total') AS expenditure_total_wan,
                  any_value(change_wan) FILTER (item = 'expenditure_total') AS change_wan,
                  any_value(stated_change_wan) FILTER (item = 'expenditure_total') AS stated_change_wan,
                  any_value(source_location) FILTER (item = 'expenditure_total') AS source_location
           FROM main.unit_years
           WHERE item IN ('income_total', 'expenditure_total')
           GROUP BY ALL ORDER BY budget_year, scope, disclosure_id"""

# class_totals_by_place's rows, per disclosure instead of per place.
UNIT_CLASSES = """SELECT d.unit_id, d.disclosure_id, d.budget_year, d.scope, s.code AS class_code, s.name AS class_name,
                         CAST(sum(f.amount_wan) FILTER (f.measure = 'total') AS DECIMAL(18,2)) AS total_wan,
                         CAST(sum(f.amount_wan) FILTER (f.measure = 'basic') AS DECIMAL(18,2)) AS basic_wan,
                         CAST(sum(f.amount_wan) FILTER (f.measure = 'project') AS DECIMAL(18,2)) AS project_wan
                  FROM main.fact_expenditure f
                  JOIN main.dim_subject s USING (subject_id)
                  JOIN main.dim_disclosure d USING (disclosure_id)
                  WHERE f.table_kind = 'expenditure' AND f.fund_scope = 'all' AND s.level = 'class' AND NOT f.is_total
                  GROUP BY ALL ORDER BY d.budget_year, d.scope, s.code"""

BASIC_PROJECT = "SELECT * FROM main.basic_vs_project ORDER BY budget_year, scope, disclosure_id"
THREE_PUBLIC = "SELECT * FROM main.three_public_years ORDER BY budget_year, scope, disclosure_id"

# disclosure_quality names no unit_id; a quarantined disclosure's is in the quarantine schema.
QUALITY = """SELECT d.unit_id, q.* FROM main.disclosure_quality q
             JOIN (SELECT disclosure_id, unit_id FROM main.dim_disclosure
                   UNION ALL SELECT disclosure_id, unit_id FROM quarantine.dim_disclosure) d USING (disclosure_id)
             ORDER BY q.budget_year, q.scope, q.disclosure_id"""

PLACE_CLASSES = "SELECT * FROM main.class_totals_by_place ORDER BY budget_year, scope, class_code"


def place_slug(place: str | None, place_code: str | None) -> str:
    """The place page's file name: its code, and a hash of its name, as two places can share a code
    (zones of a city: 沧州经济开发区 and 沧州渤海新区… are both 130900)."""
    return f"{place_code or 'unknown'}-{hashlib.sha1((place or '').encode()).hexdigest()[:8]}"


def place_label(place: str | None, place_code: str | None) -> str:
    return place or f"place not named ({place_code or 'no division code'})"


@dataclass
class Place:
    slug: str
    label: str
    place_code: str | None
    units: list[dict] = field(default_factory=list)
    years: list[dict] = field(default_factory=list)    # YEARS rows of its units
    classes: list[dict] = field(default_factory=list)  # class_totals_by_place rows


@dataclass
class Unit:
    row: dict  # dim_unit's columns
    place: Place
    years: list[dict] = field(default_factory=list)
    classes: list[dict] = field(default_factory=list)
    basic_project: list[dict] = field(default_factory=list)
    three_public: list[dict] = field(default_factory=list)
    quality: list[dict] = field(default_factory=list)


@dataclass
class Site:
    units: dict[str, Unit]    # by unit_id, in the index's order
    places: dict[str, Place]  # by slug, in the index's order


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _by(rows: list[dict], key) -> dict:
    groups = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return groups


def read_warehouse(con: duckdb.DuckDBPyConnection) -> Site:
    """Every unit and place with the rows of each of its sections (a query per section, not per page)."""
    places: dict[str, Place] = {}
    units: dict[str, Unit] = {}
    for row in _rows(con, UNITS):
        slug = place_slug(row["place"], row["place_code"])
        place = places.setdefault(slug, Place(slug, place_label(row["place"], row["place_code"]), row["place_code"]))
        place.units.append(row)
        units[row["unit_id"]] = Unit(row, place)
    years = _rows(con, YEARS)
    for section, rows in (("years", years), ("classes", _rows(con, UNIT_CLASSES)),
                          ("basic_project", _rows(con, BASIC_PROJECT)), ("three_public", _rows(con, THREE_PUBLIC)),
                          ("quality", _rows(con, QUALITY))):
        for unit_id, group in _by(rows, lambda row: row["unit_id"]).items():
            setattr(units[unit_id], section, group)
    for section, rows in (("years", years), ("classes", _rows(con, PLACE_CLASSES))):
        for slug, group in _by(rows, lambda row: place_slug(row["place"], row["place_code"])).items():
            setattr(places[slug], section, group)
    return Site(units, places)
