"""Where a unit is, as an administrative division code (GB/T 2260): the code, its level, the
evidence it was read from and the confidence that evidence gives (dim_unit.place_code …).

The divisions and the years each code was valid are in schemas/places/divisions.csv. A place
is read from the start of its phrase, division by division, each inside the one before
(秦皇岛市 then 海港区 → 130302); it stops at the first words that name no division of that year,
such as a zone (沧州 then 渤海新区… → 130900, the city: zones have no code of their own). A name
that several divisions bear (新华区: 石家庄 and 沧州) counts only where the division before it
tells which: a place is never guessed.

The evidence, strongest first (vocab.PLACE_EVIDENCE): the collector's sidecar, the unit's name,
the folders the file is filed under, and last a zone the document names after its division
(004, 办公室, names only 高新区, and once 《唐山高新区报》: 唐山, low confidence).
"""

from __future__ import annotations

import csv
import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from yusuan.model import Paragraph, cell_text
from yusuan.parse.disclosures import Part
from yusuan.parse.text import compact
from yusuan.vocab import PLACE_EVIDENCE, ZONE_WORDS

DIVISIONS_CSV = Path(__file__).resolve().parents[2] / "schemas" / "places" / "divisions.csv"
_PREFIX = {"province": 2, "city": 4, "county": 6}  # the code digits a division fixes
PLACE_COLUMNS = ("place_code", "place_level", "place_method", "place_confidence")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str
    first_year: int
    last_year: int

    def contains(self, other: Division) -> bool:
        digits = _PREFIX[self.level]
        return _PREFIX[other.level] > digits and other.code[:digits] == self.code[:digits]


def _load() -> dict[str, list[Division]]:
    """Every division under its full name and under its short name (沧州 for 沧州市)."""
    by_name: dict[str, list[Division]] = defaultdict(list)
    with DIVISIONS_CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            division = Division(row["code"], row["name"], row["level"], int(row["first_year"]), int(row["last_year"]))
            for name in {row["name"], row["short_name"]}:
                by_name[name].append(division)
    return dict(by_name)


BY_NAME = _load()
LONGEST = max(map(len, BY_NAME))
FIRST_YEAR = min(d.first_year for ds in BY_NAME.values() for d in ds)
LAST_YEAR = max(d.last_year for ds in BY_NAME.values() for d in ds)


def _valid(name: str, year: int) -> list[Division]:
    """The divisions called `name` in `year` (the table's first or last year outside its range)."""
    year = min(max(year, FIRST_YEAR), LAST_YEAR)
    return [d for d in BY_NAME.get(name, ()) if d.first_year <= year <= d.last_year]


def division_in(phrase: str, year: int, within: Division | None = None) -> Division | None:
    """The finest division `phrase` names from its start, each name inside the one before (and
    inside `within`); None when its first words name no division, or several."""
    found, i = within, 0
    while i < len(phrase):
        for length in range(min(LONGEST, len(phrase) - i), 1, -1):
            candidates = [d for d in _valid(phrase[i:i + length], year) if found is None or found.contains(d)]
            if candidates:
                break
        else:
            break
        if len(candidates) > 1:
            break  # a name several divisions bear, which nothing before it tells apart
        found, i = candidates[0], i + length
    return found if found is not within else None


_ZONE = re.compile("|".join(ZONE_WORDS))


def _zone_divisions(texts: Iterator[str], year: int) -> set[Division]:
    """The divisions named just before a zone word (唐山高新区 → 唐山市)."""
    found = set()
    # The texts (compacted: no line breaks) one a line, for the expression to run over all of them
    # at once; the name before a zone word is looked for in its own line.
    joined = "\n".join(texts)
    for zone in _ZONE.finditer(joined):
        before = joined[max(joined.rfind("\n", 0, zone.start()) + 1, zone.start() - LONGEST):zone.start()]
        for start in range(len(before) - 1):  # the longest name ending at the zone word
            candidates = _valid(before[start:], year)
            if candidates:
                if len(candidates) == 1:
                    found.add(candidates[0])
                break
    return found


def _texts(part: Part) -> Iterator[str]:
    for block in part.blocks:
        if isinstance(block, Paragraph):
            yield compact(block.text)
        else:
            yield from map(compact, map(cell_text, itertools.chain.from_iterable(block.rows)))


def _from_text(part: Part, year: int) -> Division | None:
    """The one division the document's zones are named after; None when it names none or several
    that do not nest (the finest of nested ones: a county and its city)."""
    found = _zone_divisions(_texts(part), year)
    finest = [d for d in found if not any(d.contains(other) for other in found)]
    return finest[0] if len(finest) == 1 else None


def _from_folders(file_name: str, year: int) -> Division | None:
    """The divisions the file's folders name, each inside the one before (河北省/唐山市/…)."""
    found = None
    for folder in PurePosixPath(file_name).parts[:-1]:
        found = division_in(compact(folder), year, found) or found
    return found


def locate(part: Part, place: str | None, from_sidecar: bool, file_name: str) -> dict[str, str | None]:
    """dim_unit's place_code, place_level, place_method and place_confidence for the unit of
    `part`, whose place phrase is `place` (from the sidecar, or its name); all None when nothing
    names a division."""
    year = part.budget_year or LAST_YEAR
    evidence = (
        ("sidecar" if from_sidecar else "unit_name", lambda: division_in(compact(place), year) if place else None),
        ("folder", lambda: _from_folders(file_name, year)),
        ("document_text", lambda: _from_text(part, year)),
    )
    for method, read in evidence:
        division = read()
        if division is not None:
            return dict(zip(PLACE_COLUMNS, (division.code, division.level, method, PLACE_EVIDENCE[method]), strict=True))
    return dict.fromkeys(PLACE_COLUMNS)
