"""The derived tables (unit_identity, unit_link, subject_lineage) a publish brings up to date with
the units and subjects it adds are those a recompute over the whole warehouse gives: a synthetic
corpus loaded in two halves against the same corpus loaded at once, with overrides that tie places
together and keep units apart."""

import duckdb
import polars as pl
import pytest

import yusuan.analysis.identity
from schemas.ddl import warehouse_ddl
from yusuan.analysis.derived import refresh_derived
from yusuan.analysis.identity import Override
from yusuan.parse.batch import parse_files
from yusuan.raw import scan_raw
from yusuan.synth import generate

DERIVED = ("unit_identity", "unit_link", "subject_lineage")
TABLE_KEYS = {"dim_unit": "unit_id", "dim_subject": "subject_id"}


@pytest.fixture(scope="module")
def frames(tmp_path_factory) -> dict[str, pl.DataFrame]:
    out = tmp_path_factory.mktemp("synth")
    generate(out, 40, seed=7, inconsistent=0, explanation_only=0.15)
    return parse_files(scan_raw(out / "raw")).frames


def empty_warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for statement in warehouse_ddl():
        con.execute(statement)
    return con


def add(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame], documents: list[str]) -> None:
    """The units and subjects of `documents` not in the warehouse yet, as a publish adds them; then its refresh."""
    disclosures = frames["dim_disclosure"].filter(pl.col("document_id").is_in(documents))
    units = frames["dim_unit"].filter(pl.col("unit_id").is_in(disclosures["unit_id"].implode())).unique("unit_id")
    used = pl.concat([frames[t].filter(pl.col("disclosure_id").is_in(disclosures["disclosure_id"].implode()))["subject_id"]
                      for t in ("fact_expenditure", "fact_income")])
    subjects = frames["dim_subject"].filter(pl.col("subject_id").is_in(used.implode())).unique("subject_id")
    for table, rows in (("dim_unit", units), ("dim_subject", subjects)):
        key = TABLE_KEYS[table]
        con.register("incoming", rows.to_arrow())
        con.execute(f"INSERT INTO main.{table} BY NAME SELECT * FROM incoming WHERE {key} NOT IN (SELECT {key} FROM main.{table})")
        con.unregister("incoming")
    refresh_derived(con)


def derived(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {table: con.execute(f"SELECT * FROM main.{table} ORDER BY ALL").fetchall() for table in DERIVED}


def followed_units(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    units = frames["dim_unit"].unique("unit_id").sort("unit_id")
    return units.filter(pl.col("place_method").is_in(["sidecar", "unit_name"]))


def overrides_across_places(frames: dict[str, pl.DataFrame], place: str) -> list[Override]:
    """A unit elsewhere linked to one of `place`, and a pair kept apart that the rules would merge."""
    units = followed_units(frames)
    there = units.filter(pl.col("place_code") == place)["unit_id"][0]
    elsewhere = units.filter(pl.col("place_code") != place)["unit_id"][0]
    twins = units.filter(pl.col("unit_code").is_not_null() & (pl.len().over("place_code", "unit_code") > 1))
    a, b = twins.sort("place_code", "unit_code", "unit_id").head(2)["unit_id"]
    return [Override(elsewhere, there, True, "机构改革"), Override(a, b, False, "two units")]


def busiest_place(frames: dict[str, pl.DataFrame]) -> str:
    documents = frames["dim_disclosure"].join(followed_units(frames), on="unit_id")
    return documents.group_by("place_code").agg(pl.col("document_id").n_unique()).sort("document_id", "place_code")[-1, 0]


@pytest.mark.parametrize("split", ["alternate", "one_place_last"])
def test_two_loads_give_the_derived_tables_of_one_load(frames, monkeypatch, split):
    """Alternate documents first: the second load's units join keys of the first's. One place's
    documents last, with overrides: a unit of that place is linked to a unit elsewhere that the
    second load brings nothing for."""
    place = busiest_place(frames)
    overrides = overrides_across_places(frames, place) if split == "one_place_last" else []
    monkeypatch.setattr(yusuan.analysis.identity, "load_overrides", lambda: overrides)
    documents = frames["dim_disclosure"]["document_id"].unique().sort().to_list()
    last = frames["dim_disclosure"].join(frames["dim_unit"].unique("unit_id"), on="unit_id").filter(pl.col("place_code") == place)
    first = documents[::2] if split == "alternate" else sorted(set(documents) - set(last["document_id"]))
    whole, twice = empty_warehouse(), empty_warehouse()
    add(whole, frames, documents)
    add(twice, frames, first)
    twice.execute("CREATE TEMP TABLE first_units AS SELECT unit_id FROM main.dim_unit")
    add(twice, frames, documents)
    found = derived(twice)
    assert found == derived(whole)
    assert len(found["unit_identity"]) == whole.execute("SELECT count(*) FROM dim_unit").fetchone()[0]
    across = twice.execute("""SELECT count(*) FROM unit_link WHERE merged
        AND (unit_id IN (SELECT unit_id FROM first_units)) <> (linked_to IN (SELECT unit_id FROM first_units))""")
    assert across.fetchone()[0] > 0  # the second load's units joined keys of the first's


def test_a_change_of_the_overrides_relinks_the_units_already_there(frames, monkeypatch):
    documents = frames["dim_disclosure"]["document_id"].unique().sort().to_list()
    before, after = empty_warehouse(), empty_warehouse()
    monkeypatch.setattr(yusuan.analysis.identity, "load_overrides", lambda: [])
    add(before, frames, documents)
    overrides = overrides_across_places(frames, busiest_place(frames))
    monkeypatch.setattr(yusuan.analysis.identity, "load_overrides", lambda: overrides)
    add(before, frames, documents)  # nothing new: only the overrides changed
    add(after, frames, documents)
    assert derived(before) == derived(after)
    assert before.execute("SELECT count(*) FROM unit_link WHERE source = 'override'").fetchone()[0] == 2
