"""A unit's stable key across years and disclosures (unit_identity), with the evidence of every
link considered between two units (unit_link), brought up to date at each publish.

dim_unit's unit_id is place + name + code as printed, so the same unit printed another way
(中共 or not, its place with or without its city) is another unit_id. Links between units:

- same_code_place: the same code in the same place (codes are assigned by each local finance
  bureau: a code means nothing without its place);
- same_name_place: the same name once normalised (`name_key`) in the same place, unless both
  print a code and the codes differ;
- override: a pair of schemas/unit_links.yaml, to link or to keep apart, with its reason.

These merge units under one key. The department–unit relation (455 and its unit 455001, or a
department and its 本级) is recorded too but merges nothing: a department's disclosure covers
all its units, so its figures are never those of one of them.

Only units whose place the name or the sidecar gives (place_method sidecar or unit_name) are
followed: the unit_id of a unit without one (004: 办公室) is the same for every 办公室 of every
place, so nothing printed says which of them a disclosure is. Links are taken strongest first;
one that would put two codes of one place, or a pair kept apart, under one key is refused and
recorded with why, never applied.

A link joins two units of one place, or the two sides of an override: the links of a place (and of
the places overrides tie to it) never depend on another's. A publish that adds units therefore
links again only the places of its new units, with the keys stored for the units already there,
and gets the rows a recompute over every unit gives (tests/analysis/test_derived.py); dim_unit
rows are never changed, only added.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import yaml

from schemas import TABLES
from yusuan.parse.document import unit_id_of
from yusuan.parse.places import _PREFIX, BY_NAME, LONGEST
from yusuan.parse.text import fold
from yusuan.parts import listed

OVERRIDES = Path(__file__).resolve().parents[2] / "schemas" / "unit_links.yaml"
FOLLOWED_METHODS = ("sidecar", "unit_name")  # place evidence that is part of the unit's own print
PARTY = "中共"  # 中共X县委政法委员会 and X县委政法委员会 are the same committee


@dataclass(frozen=True)
class Override:
    a: str
    b: str
    link: bool  # True: the same unit; False: keep apart
    reason: str


def load_overrides(path: Path = OVERRIDES) -> list[Override]:
    """The curated pairs; a side is a unit_id, or the unit's place, name and code as dim_unit
    prints them (turned into its unit_id)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for entry in raw.get("pairs") or []:
        a, b = (u if isinstance(u, str) else unit_id_of(u.get("place"), u["name"], u.get("code")) for u in entry["units"])
        if entry["decision"] not in ("link", "apart"):
            raise ValueError(f"{path}: decision must be link or apart, not {entry['decision']!r}")
        out.append(Override(a, b, entry["decision"] == "link", entry["reason"]))
    return out


def _divisions_at(text: str, place_code: str) -> int:
    """How many leading characters of `text` name divisions that contain or are `place_code`
    (秦皇岛市海港区财政局 → 7 for 130302); only the unit's own divisions, so that a name's own words
    are never taken for another place."""
    i = 0
    while i < len(text):
        for length in range(min(LONGEST, len(text) - i), 1, -1):
            if any(place_code.startswith(d.code[:_PREFIX[d.level]]) for d in BY_NAME.get(text[i:i + length], ())):
                i += length
                break
        else:
            return i
    return i


def place_key(place: str, place_code: str) -> str:
    """The division code and what of the place names no division (a zone of 沧州: 130900/渤海新区…),
    so that two zones of one city stay two places and 海港区 is 秦皇岛市海港区."""
    text = fold(place)
    return f"{place_code}/{text[_divisions_at(text, place_code):]}"


def name_key(name: str, place: str, place_code: str) -> str:
    """The name without 中共, its divisions and its zone: 中共秦皇岛市海港区委政法委员会 → 委政法委员会."""
    text = fold(name).removeprefix(PARTY)
    text = text[_divisions_at(text, place_code):]
    zone = place_key(place, place_code).split("/", 1)[1]
    return text.removeprefix(zone) if zone else text


class _Components:
    """Union-find over unit_ids, each component with the codes it holds per place."""

    def __init__(self, units: list[dict]) -> None:
        self.parent = {u["unit_id"]: u["unit_id"] for u in units}
        self.codes = {u["unit_id"]: ({(u["place_key"], u["unit_code"])} if u["unit_code"] and u["place_key"] else set())
                      for u in units}
        self.members = {u["unit_id"]: {u["unit_id"]} for u in units}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = x = self.parent[self.parent[x]]
        return x

    def code_clash(self, a: str, b: str) -> str | None:
        codes = self.codes[self.find(a)] | self.codes[self.find(b)]
        places = [place for place, _ in codes]
        clash = sorted(code for place, code in codes if places.count(place) > 1)
        return f"codes {' and '.join(clash)} of one place would share a key" if clash else None

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra
            self.codes[ra] |= self.codes.pop(rb)
            self.members[ra] |= self.members.pop(rb)


def _describe(units: list[dict]) -> list[dict]:
    """dim_unit rows with followed, place_key and name_key."""
    units = [dict(u) for u in units]
    for u in units:
        u["followed"] = u["place_method"] in FOLLOWED_METHODS
        u["place_key"] = place_key(u["place"], u["place_code"]) if u["followed"] else None
        u["name_key"] = name_key(u["unit_name"], u["place"], u["place_code"]) if u["followed"] else fold(u["unit_name"])
    return units


def _star(units: list[dict], *fields: str) -> list[tuple[str, str]]:
    """Pairs linking every followed unit to the first of those sharing `fields` (n − 1 links, not n²)."""
    first: dict[tuple, str] = {}
    pairs = []
    for u in units:
        key = tuple(u[f] for f in fields)
        if u["followed"] and all(key):
            if key in first:
                pairs.append((u["unit_id"], first[key]))
            else:
                first[key] = u["unit_id"]
    return pairs


def _department_units(units: list[dict]) -> list[tuple[str, str]]:
    """(unit, its department) in one place: the department's code and three digits (455 → 455001),
    or its name and 本级."""
    departments = [u for u in units if u["followed"] and u["is_department"]]
    by_code = {(d["place_key"], d["unit_code"]): d["unit_id"] for d in departments if d["unit_code"]}
    by_name = {(d["place_key"], d["name_key"] + "本级"): d["unit_id"] for d in departments}
    pairs = []
    for u in units:
        if u["followed"]:
            code = u["unit_code"]
            found = by_code.get((u["place_key"], code[:-3])) if code and len(code) > 3 else None
            found = found or by_name.get((u["place_key"], u["name_key"]))
            if found and found != u["unit_id"]:
                pairs.append((u["unit_id"], found))
    return pairs


def link_units(units: list[dict], overrides: list[Override]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(unit_identity, unit_link) frames for `units`, dim_unit rows (unit_id, unit_code, unit_name,
    place, place_code, place_method, is_department)."""
    return _link(_describe(units), overrides)


def _link(units: list[dict], overrides: list[Override]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """link_units over described units: every unit of a place, or of an override, comes with all
    the others of it."""
    units = sorted(units, key=lambda u: u["unit_id"])  # the order links are taken in
    known = {u["unit_id"]: u for u in units}
    overrides = [o for o in overrides if o.a in known and o.b in known]  # a pair whose units are not loaded has nothing to say
    apart = {frozenset((o.a, o.b)) for o in overrides if not o.link}
    components = _Components(units)
    links = []

    def take(a: str, b: str, evidence: str, source: str, note: str | None) -> None:
        merged, refused = False, None
        if components.find(a) == components.find(b):
            merged = True
        else:
            kept_apart = apart and any(frozenset((x, y)) in apart for x in components.members[components.find(a)]
                             for y in components.members[components.find(b)])
            refused = "a pair of schemas/unit_links.yaml keeps them apart" if kept_apart else None
            if source == "rule" and not refused:
                refused = components.code_clash(a, b)
            if not refused:
                components.union(a, b)
                merged = True
        same_code = known[a]["unit_code"] is not None and known[a]["unit_code"] == known[b]["unit_code"]
        confidence = "high" if source == "override" or (same_code and known[a]["name_key"] == known[b]["name_key"]) else "medium"
        links.append({"unit_id": a, "linked_to": b, "evidence": evidence, "source": source, "merged": merged,
                      "confidence": confidence, "note": note if merged else refused})

    for o in overrides:
        if o.link:
            take(o.a, o.b, "override", "override", o.reason)
        else:
            links.append({"unit_id": o.a, "linked_to": o.b, "evidence": "override", "source": "override",
                          "merged": False, "confidence": "high", "note": o.reason})  # every link between them is refused
    for a, b in _star(units, "place_key", "unit_code"):
        take(a, b, "same_code_place", "rule", None)
    for a, b in _star(units, "place_key", "name_key"):
        take(a, b, "same_name_place", "rule", None)
    for a, b in _department_units(units):
        links.append({"unit_id": a, "linked_to": b, "evidence": "department_unit", "source": "rule", "merged": False,
                      "confidence": "high" if known[a]["unit_code"] else "medium",
                      "note": "a unit of the department: the department's disclosure covers it"})
    keys = {root: min(members) for root, members in components.members.items()}
    identity = [{"unit_id": u["unit_id"], "unit_key": keys[components.find(u["unit_id"])], "followed": u["followed"],
                 "place_key": u["place_key"], "name_key": u["name_key"]} for u in units]
    return (pl.DataFrame(identity, schema=TABLES["unit_identity"].polars_schema, orient="row"),
            pl.DataFrame(links, schema=TABLES["unit_link"].polars_schema, orient="row"))


UNIT_COLUMNS = "unit_id, unit_code, unit_name, place, place_code, place_method, is_department"
# The units one link can join: those of a place, or a unit of no place of its own (its links are overrides).
CLUSTER = "CASE WHEN followed THEN place_key ELSE unit_id END"


def _cluster(unit: dict) -> str:
    return unit["place_key"] if unit["followed"] else unit["unit_id"]


def unit_tables(con: duckdb.DuckDBPyConnection, overrides: list[Override],
                everything: bool) -> tuple[list[str] | None, dict[str, pl.DataFrame]]:
    """unit_identity and unit_link rows for the units dim_unit holds, linked again over every unit
    (`everything`), or over the places of the units not in unit_identity yet; with the unit_ids
    whose rows they replace (None: every row). No rows when there is nothing new."""
    if everything:
        units = _describe(con.execute(f"SELECT {UNIT_COLUMNS} FROM main.dim_unit").pl().to_dicts())
        replaced = None
    else:
        new = _describe(con.execute(f"""SELECT {UNIT_COLUMNS} FROM main.dim_unit
            WHERE unit_id NOT IN (SELECT unit_id FROM main.unit_identity)""").pl().to_dicts())
        if not new:
            return [], {}
        clusters = _tied(con, {_cluster(u) for u in new}, new, overrides)
        with listed(sorted(clusters)) as tied:
            units = new + con.execute(f"""SELECT {UNIT_COLUMNS}, followed, place_key, name_key
                FROM main.dim_unit JOIN main.unit_identity USING (unit_id) WHERE {CLUSTER} IN ({tied})""").pl().to_dicts()
        replaced = [u["unit_id"] for u in units]
    identity, links = _link(units, overrides)
    return replaced, {"unit_identity": identity, "unit_link": links}


def _tied(con: duckdb.DuckDBPyConnection, clusters: set[str], new: list[dict], overrides: list[Override]) -> set[str]:
    """`clusters` with every cluster an override ties to one of them, however indirectly."""
    sides = {o.a for o in overrides} | {o.b for o in overrides}
    cluster_of = {u["unit_id"]: _cluster(u) for u in new if u["unit_id"] in sides}
    with listed(sorted(sides)) as tied:
        cluster_of |= dict(con.execute(f"SELECT unit_id, {CLUSTER} FROM main.unit_identity WHERE unit_id IN ({tied})").fetchall())
    pairs = [(cluster_of[o.a], cluster_of[o.b]) for o in overrides if o.a in cluster_of and o.b in cluster_of]
    grown = True
    while grown:
        grown = False
        for a, b in pairs:
            if (a in clusters) != (b in clusters):
                clusters |= {a, b}
                grown = True
    return clusters
