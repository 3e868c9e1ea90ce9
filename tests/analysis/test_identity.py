"""The units' stable key (unit_identity, unit_link): hand-built units for each rule, the override
file both ways, the samples, and a synthetic corpus over four years against its truth."""

from pathlib import Path

import duckdb
import polars as pl
import pytest

from schemas.ddl import warehouse_ddl
from tests.conftest import S000, S001, S002, S003, S004
from yusuan.analysis.derived import refresh_derived
from yusuan.analysis.identity import Override, link_units, load_overrides
from yusuan.analysis.views import create_views
from yusuan.parse.batch import parse_files
from yusuan.parse.document import unit_id_of
from yusuan.raw import scan_raw
from yusuan.synth import generate


def unit(name, place=None, code=None, place_code=None, method="unit_name", department=True) -> dict:
    return {"unit_id": unit_id_of(place, name, code), "unit_code": code, "unit_name": name, "place": place,
            "place_code": place_code, "place_method": method if place_code else None, "is_department": department}


HAIGANG = dict(place="秦皇岛市海港区", place_code="130302")
POLITICS = unit("中共秦皇岛市海港区委政法委员会", code="216", **HAIGANG)
POLITICS_SHORT = unit("海港区委政法委员会", place="海港区", place_code="130302")  # 简称, no code
POLITICS_OWN = unit("中共秦皇岛市海港区委政法委员会本级", code="216001", department=False, **HAIGANG)
ZONE_A = unit("沧州渤海新区财政局", place="沧州渤海新区", place_code="130900", code="101")
ZONE_B = unit("沧州经济开发区财政局", place="沧州经济开发区", place_code="130900", code="101")
OFFICE_TANGSHAN = unit("办公室", place_code="130200", method="document_text")


def keys(units, overrides=()) -> dict[str, str]:
    identity, _ = link_units(units, list(overrides))
    return dict(identity.select("unit_id", "unit_key").iter_rows())


def links(units, overrides=()) -> list[dict]:
    return link_units(units, list(overrides))[1].to_dicts()


def test_full_and_short_names_of_one_place_are_one_unit():
    found = keys([POLITICS, POLITICS_SHORT])
    assert found[POLITICS["unit_id"]] == found[POLITICS_SHORT["unit_id"]]
    (link,) = links([POLITICS, POLITICS_SHORT])
    assert (link["evidence"], link["merged"], link["confidence"]) == ("same_name_place", True, "medium")


def test_the_same_code_in_one_place_follows_a_renamed_unit():
    renamed = unit("秦皇岛市海港区委政法委", code="216", **HAIGANG)
    assert len(set(keys([POLITICS, renamed]).values())) == 1
    assert [link["evidence"] for link in links([POLITICS, renamed])] == ["same_code_place"]


def test_the_same_code_or_name_in_two_places_stays_apart():
    """Codes are each finance bureau's: 101 of two zones of 沧州 (one division code) are two units."""
    other_county = unit("中共秦皇岛市山海关区委政法委员会", place="秦皇岛市山海关区", place_code="130303", code="216")
    assert len(set(keys([ZONE_A, ZONE_B, POLITICS, other_county]).values())) == 4
    assert links([ZONE_A, ZONE_B, POLITICS, other_county]) == []


def test_units_without_a_place_of_their_own_are_never_linked():
    elsewhere = unit("办公室", place_code="130300", method="folder")
    identity, found = link_units([OFFICE_TANGSHAN, elsewhere, unit("办公室")], [])
    assert found.is_empty()
    assert not identity["followed"].any()


def test_a_department_and_its_unit_are_related_not_merged():
    """000 prints department 455 and its unit 455001 under the same name: the codes keep them apart."""
    department = unit("沧州渤海新区南大港产业园区综合治理办公室", place="沧州渤海新区南大港产业园区", place_code="130900", code="455")
    own = {**department, "unit_code": "455001", "is_department": False,
           "unit_id": unit_id_of(department["place"], department["unit_name"], "455001")}
    assert len(set(keys([department, own, POLITICS, POLITICS_OWN]).values())) == 4
    found = {(link["unit_id"], link["evidence"]): link for link in links([department, own, POLITICS, POLITICS_OWN])}
    assert found[own["unit_id"], "department_unit"]["linked_to"] == department["unit_id"]
    assert found[POLITICS_OWN["unit_id"], "department_unit"]["linked_to"] == POLITICS["unit_id"]
    refused = found[department["unit_id"], "same_name_place"]
    assert not refused["merged"] and "455 and 455001" in refused["note"]


def test_a_name_link_never_joins_two_codes_of_one_place():
    """An uncoded print of a name shared by two coded units joins one of them, never both."""
    a, b = unit("秦皇岛市海港区财政局", code="301", **HAIGANG), unit("秦皇岛市海港区财政局", code="302", **HAIGANG)
    bare = unit("海港区财政局", place="海港区", place_code="130302")
    found = keys([a, b, bare])
    assert found[a["unit_id"]] != found[b["unit_id"]] and found[bare["unit_id"]] in (found[a["unit_id"]], found[b["unit_id"]])


def test_an_override_links_what_the_rules_cannot_and_keeps_apart_what_they_would_merge():
    renamed = unit("秦皇岛市海港区综合治理中心", code="230", **HAIGANG)
    linked = keys([POLITICS, renamed], [Override(POLITICS["unit_id"], renamed["unit_id"], True, "renamed in 2022")])
    assert len(set(linked.values())) == 1
    apart = [Override(POLITICS["unit_id"], POLITICS_SHORT["unit_id"], False, "two committees")]
    assert len(set(keys([POLITICS, POLITICS_SHORT], apart).values())) == 2
    recorded = {(link["evidence"], link["merged"], link["note"]) for link in links([POLITICS, POLITICS_SHORT], apart)}
    assert recorded == {("override", False, "two committees"),
                        ("same_name_place", False, "a pair of schemas/unit_links.yaml keeps them apart")}


def test_the_override_file_names_units_by_id_or_as_printed(tmp_path):
    path = tmp_path / "unit_links.yaml"
    path.write_text(f"""pairs:
  - units: [{POLITICS['unit_id']}, {{place: 秦皇岛市海港区, name: 秦皇岛市海港区综合治理中心, code: '230'}}]
    decision: link
    reason: 'renamed in 2022'
""", encoding="utf-8")
    (override,) = load_overrides(path)
    assert override == Override(POLITICS["unit_id"], unit_id_of("秦皇岛市海港区", "秦皇岛市海港区综合治理中心", "230"), True,
                                "renamed in 2022")
    assert load_overrides() == []  # the file in schemas/ holds no pair yet


def _key_of(con, file_name: str, part: int = 1) -> str:
    return con.execute("""SELECT k.unit_key FROM dim_disclosure d JOIN dim_document USING (document_id)
        JOIN unit_identity k USING (unit_id) WHERE file_name = ? AND disclosure_id LIKE '%-' || ?""",
                       [file_name, part]).fetchone()[0]


def test_the_samples_are_six_units_and_000_links_its_department_and_unit(con):
    """The five samples are different units: none shares a key. 000's department 455 and its unit
    455001 print the same name: they are linked by the department–unit relation, and kept apart
    (the department's figures include the unit's). 004 (办公室) names no place of its own."""
    found = [_key_of(con, S000, 1), _key_of(con, S000, 2), *(_key_of(con, f) for f in (S001, S002, S003, S004))]
    assert len(set(found)) == 6
    assert con.execute("""SELECT l.evidence, l.merged FROM unit_link l
        JOIN unit_identity a ON a.unit_id = l.unit_id JOIN unit_identity b ON b.unit_id = l.linked_to
        WHERE a.unit_key = ? AND b.unit_key = ? AND evidence = 'department_unit'""",
                       [found[1], found[0]]).fetchall() == [("department_unit", False)]
    assert con.execute("SELECT count(*) FROM unit_link WHERE merged").fetchone() == (0,)
    assert con.execute("SELECT k.followed FROM unit_identity k JOIN dim_unit USING (unit_id) WHERE unit_name = '办公室'").fetchone() == (False,)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> tuple[Path, duckdb.DuckDBPyConnection]:
    """A synthetic corpus whose places and codes each print one department and its units over the
    four years (中共 and 本级 in odd years, no 中共 and 机关 in even ones), parsed, its units and
    overview loaded into an empty warehouse, and the identity and views made as a publish makes them."""
    out = tmp_path_factory.mktemp("synth")
    generate(out, 40, seed=7, inconsistent=0, explanation_only=0.15)
    frames = parse_files(scan_raw(out / "raw")).frames
    con = duckdb.connect()
    for statement in warehouse_ddl():
        con.execute(statement)
    for table in ("dim_unit", "dim_disclosure", "fact_budget_overview"):
        frame = frames[table].unique("unit_id") if table == "dim_unit" else frames[table]  # a shared dimension
        con.execute(f"INSERT INTO main.{table} BY NAME SELECT * FROM frame")
    refresh_derived(con)
    refresh_derived(con)  # recomputed over the warehouse, never appended to
    create_views(con)
    yield out, con
    con.close()


def test_a_synthetic_unit_has_one_key_over_its_years_and_no_two_units_share_one(synthetic):
    """Exactly the truth: every disclosure of a unit with a place of its own has the key of its
    truth unit, and a key gathers one truth unit; a bare name (办公室) is not followed."""
    out, con = synthetic
    found = con.execute(f"""SELECT t.unit, t.budget_year, t.place IS NOT NULL AS placed, k.unit_key, k.followed
        FROM '{out}/truth/disclosures.parquet' t JOIN dim_disclosure USING (disclosure_id) JOIN unit_identity k USING (unit_id)""").pl()
    assert found.height > 40 and found["budget_year"].n_unique() == 4
    assert con.execute("SELECT count(*) FROM unit_identity").fetchone() == con.execute("SELECT count(*) FROM dim_unit").fetchone()
    placed = found.filter("placed")
    assert placed["followed"].all() and not found.filter(~pl.col("placed"))["followed"].any()
    assert placed.group_by("unit").agg(pl.col("unit_key").n_unique())["unit_key"].max() == 1
    assert placed.group_by("unit_key").agg(pl.col("unit").n_unique())["unit"].max() == 1
    over_years = placed.group_by("unit").agg(pl.col("budget_year").n_unique())
    assert over_years["budget_year"].max() == 4


def test_unit_years_gives_the_previous_year_of_a_renamed_unit(synthetic):
    """A committee printed with 中共 in 2021 and without in 2022 is one unit: its 2022 rows name
    the 2021 disclosure."""
    _, con = synthetic
    renamed = con.execute("""SELECT count(*) FROM unit_years y JOIN unit_years p ON p.disclosure_id = y.previous_disclosure_id
        AND p.item = y.item WHERE y.unit_id <> p.unit_id AND y.item = 'expenditure_total'""").fetchone()[0]
    missing = con.execute("""SELECT count(*) FROM unit_years y WHERE y.item = 'expenditure_total'
        AND y.previous_disclosure_id IS NULL AND EXISTS (SELECT 1 FROM unit_years p JOIN unit_identity k USING (unit_id)
          WHERE k.followed AND p.unit_key = y.unit_key AND p.scope = y.scope AND p.budget_year = y.budget_year - 1
          AND p.item = 'expenditure_total')""").fetchone()[0]
    assert renamed > 0 and missing == 0
    merged = dict(con.execute("SELECT evidence, count(*) FROM unit_link WHERE merged GROUP BY ALL").fetchall())
    assert merged.keys() == {"same_code_place", "same_name_place"}
