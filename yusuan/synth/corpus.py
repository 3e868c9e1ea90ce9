"""A corpus of synthetic disclosures and its ground truth, streamed to disk.

Layout of `out`:

    out/raw/<year>/<n>_<hex>.txt   the documents (point `yusuan run --raw out/raw` at this folder)
    out/truth/*.parquet            what a correct run must load and which rules must fail
    out/truth/manifest.json        parameters, counts and the meaning of each file

The truth sits beside `raw/`, never inside it: the raw stage reads every file under its folder.

Documents come in groups, one department of one place and year: a department publishing alone
(002), a unit alone (001), a department with its units in one file (000) or in a file each, or
an explanation without standard tables (003, 004). Each group has its own random stream
(`seed:group`) for what its disclosures hold (budgets, tables, injections), so a corpus is the
same for the same seed, whatever else changes in the run. Each document is printed from a stream
of its own (`seed:print:n`) in a template drawn for it (`seed:template:n`, shares in
Settings.templates): what is printed never draws from the group's stream, so the facts of a
document are the same in every template.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from yusuan.parts import on_cores
from yusuan.synth import catalog as cat
from yusuan.synth.budget import Budget, department_indicators, merge, unit_budget
from yusuan.synth.document import Disclosure, document
from yusuan.synth.inject import CYCLE, INJECTIONS
from yusuan.synth.office import render_docx, render_html, render_xlsx
from yusuan.synth.render import Part, Printer, money
from yusuan.synth.tables import build
from yusuan.synth.wording import DEFAULT_SHARES, PRINT_ORDER, TEMPLATES

GENERATOR_VERSION = "4"
YEARS = (2021, 2022, 2023, 2024)
CODES = 800  # department codes 101-900 (their units: code + 001, 002…)
STR, INT, BOOL = pl.String, pl.Int32, pl.Boolean
MONEY = pl.Decimal(18, 2)
KEY = {"file_name": STR, "part": INT, "disclosure_id": STR}
# The truth tables and their columns (Parquet, typed like the warehouse columns they describe).
TRUTH_FILES: dict[str, dict[str, pl.DataType]] = {
    "documents": {"file_name": STR, "document_id": STR, "group": INT, "group_kind": STR, "template": STR, "edition": STR,
                  "parts": INT},
    "disclosures": {**KEY, "scope": STR, "budget_year": INT, "unit_code": STR, "unit_name": STR, "place": STR, "unit": STR, "template": STR,
                    "edition": STR, "injected": STR, "quarantined": BOOL},
    "expenditure": {**KEY, "table_kind": STR, "subject_id": STR, "measure": STR, "fund_scope": STR, "row_label": STR, "is_total": BOOL,
                    "amount_wan": MONEY},
    "income": {**KEY, "table_kind": STR, "subject_id": STR, "income_source": STR, "fund_scope": STR, "row_label": STR, "is_total": BOOL,
               "amount_wan": MONEY},
    "three_public": {**KEY, "item": STR, "fund_scope": STR, "row_label": STR, "amount_wan": MONEY},
    "indicators": {**KEY, "project_seq": INT, "level1": STR, "level2": STR, "level3": STR, "target_raw": STR, "operator": STR,
                   "target_value": pl.Decimal(18, 4), "target_unit": STR, "target_status": STR, "is_classified": BOOL},
    "tables": {**KEY, "table_kind": STR, "status": STR, "row_count": INT},
    "failures": {**KEY, "rule_id": STR, "cause": STR},
}
TRUTH_DOC = {
    "documents": "one row per file written: template is how its standard tables are printed (hebei, national, stacked), "
                 "edition the seed it follows (2021, 2023, 2024; prose, brief: no standard tables)",
    "disclosures": "one row per disclosure (dim_disclosure + dim_unit): place is what the unit name says; unit is the unit "
                   "it is, the same in every year whatever its printed name (place/department/部门, 本级 or the unit's name); "
                   "template and edition "
                   "as its document's; injected names the rule the generator broke (null for a clean one); quarantined when "
                   "an error rule (STR-001) must fail",
    "expenditure": "every fact_expenditure row a correct parse loads (source_location left out); amount_wan in 万元",
    "income": "every fact_income row",
    "three_public": "every fact_three_public row",
    "indicators": "every fact_performance_indicator row: project_seq is the order of the project table in the disclosure "
                  "(the n of project_id …-pn), null for department-wide indicators",
    "tables": "dim_table: status and row_count of each of the nine standard tables (row_count as printed: a stacked summary "
              "prints its income and expenditure rows one under the other)",
    "failures": "every (disclosure, rule) that must fail, and nothing else: cause is the injection, or explanation_only "
                "(COM-001 of a document without standard tables)",
}


@dataclass
class Settings:
    docs: int
    seed: int
    inconsistent: float = 0.05  # share of documents given one injected inconsistency
    explanation_only: float = 0.05  # share of groups printed without standard tables (003, 004)
    messy: float = 1.0  # scale of the cell-level messes (0: clean prints)
    formats: tuple[str, ...] = ("txt",)  # the n-th document is written in formats[n % len(formats)]
    # (template, share) pairs: each document's template is drawn with these weights
    templates: tuple[tuple[str, float], ...] = tuple(DEFAULT_SHARES.items())

    def template(self, n: int) -> str:
        """The template of the n-th document: a draw of its own, whatever the other documents."""
        names, weights = zip(*self.templates, strict=True)
        return random.Random(f"{self.seed}:template:{n}").choices(names, weights)[0]


@dataclass
class GroupPlan:
    """What the sequential planning pass knows of a group before it is built."""

    g: int
    remaining: int  # documents still to write when the group starts
    first_file: int  # number of its first document in the corpus
    first_injection: int  # how many documents before it were injected (its first turn in inject.CYCLE)


def _place_order(seed: int) -> list[str]:
    places = cat.all_places()
    random.Random(f"{seed}:places").shuffle(places)
    return places


def _group_slot(g: int, places: list[str]) -> tuple[str, int, int]:
    """(place, year, code) of group g: every (place, year) slot gets distinct department codes."""
    year = YEARS[g % len(YEARS)]
    place_index = (g // len(YEARS)) % len(places)
    code_index = g // (len(YEARS) * len(places))
    code = 101 + (code_index * 37 + place_index * 13) % CODES
    return places[place_index], year, code


def edition_of(year: int) -> str:
    return "2021" if year <= 2022 else str(year)


@dataclass
class Member:
    """One file of a group: its disclosures and whether it is to be injected."""

    disclosures: list[Disclosure]
    injected: bool
    dep_units_left_out: bool = False


class GroupBuilder:
    """One group, from its own random stream: `plan` draws what the corpus needs to number files
    and injections; `realize` (with the same stream, after `plan`) builds its disclosures."""

    def __init__(self, settings: Settings, g: int, places: list[str], remaining: int) -> None:
        self.settings = settings
        self.g = g
        self.rng = random.Random(f"{settings.seed}:{g}")
        self.place, self.year, code = _group_slot(g, places)
        self.code = str(code)
        # The groups of one place and code, a year each, are one department and its units, whose
        # codes keep their names: a stream of the place and code, not of the group.
        lasting = random.Random(f"{settings.seed}:unit:{self.place}:{code}")
        self.dept = lasting.choice(cat.DEPARTMENTS)
        self.subs = lasting.sample(cat.SUBORDINATE_UNITS, 2)
        self.remaining = remaining

    def plan(self) -> tuple[str, int, list[bool]]:
        """(group kind, number of units, injected flag of each file)."""
        rng, s = self.rng, self.settings
        roll = rng.random()
        if roll < s.explanation_only:
            kind = "explanation"
        elif self.remaining < 3 or roll < s.explanation_only + (1 - s.explanation_only) * 0.3:
            kind = rng.choice(("department", "unit"))
        elif roll < s.explanation_only + (1 - s.explanation_only) * 0.6:
            kind = "combined"
        else:
            kind = "separate"
        n_units = rng.randint(2, 3) if kind in ("combined", "separate") else 1
        if kind == "separate":
            n_units = min(n_units, self.remaining - 1)
        files = 1 + n_units if kind == "separate" else 1
        injected = [rng.random() < s.inconsistent for _ in range(files)]
        self.kind, self.n_units, self.injected = kind, n_units, injected
        return kind, n_units, injected

    def realize(self, first_injection: int) -> list[Member]:
        core, party, *_ = self.dept
        # 全称 in odd years, without 中共 in even years: one committee under two names
        self.dept_name = ("中共" if party and self.year % 2 else "") + self.place + core
        self.first_injection = first_injection
        return getattr(self, f"_{self.kind}")(self.n_units, self.injected)

    # --- the kinds of group ------------------------------------------------------------------
    def _names(self, n_units: int) -> list[str]:
        return [self.dept_name + (self._own() if member == "本级" else member) for member in self._members(n_units)]

    def _own(self) -> str:
        """The department's own office is its 本级 in odd years, its 机关 in even ones: one unit, as its code says."""
        return "本级" if self.year % 2 else "机关"

    def _members(self, n_units: int) -> list[str]:
        """What tells the units of the department apart, in code order (code + 001, 002…)."""
        return ["本级", *self.subs[: n_units - 1]]

    def _projects(self, n_units: int) -> list[list[str]]:
        names = list(self.dept[4])
        self.rng.shuffle(names)
        out: list[list[str]] = [[] for _ in range(n_units)]
        for name in names[: self.rng.choice((0, 1, 2, 2, 3, 3, 4, 5))]:
            out[self.rng.randrange(n_units)].append(name)
        return out

    def _budgets(self, n_units: int) -> list[Budget]:
        natures = ["行政" if self.rng.random() < 0.8 else "参照公务员法管理"] + ["事业"] * (n_units - 1)
        return [unit_budget(self.rng, self.year, self.dept, nature, names)
                for nature, names in zip(natures, self._projects(n_units), strict=True)]

    def _disclosure(self, scope: str, code: str | None, name: str, budget: Budget, seq: int, edition: str,
                    profiles, member: str = "部门") -> Disclosure:
        rng = self.rng
        tables = None
        if edition in ("2021", "2023", "2024"):
            tables = build(budget, self.year, rng, blank_economic_rows=edition == "2021" and rng.random() < 0.5)
        d = Disclosure(Part(scope, self.year, code, name, seq), edition, budget, tables, profiles)
        d.place = self.place if self.place in name else None
        d.unit = f"{self.place}/{self.dept[0]}/{member}"
        d.prose_figures = edition != "2023" or rng.random() < 0.5
        if edition == "prose" and rng.random() < 0.7:
            d.department_indicators = department_indicators(rng)
        return d

    def _profile(self, name: str, nature: str) -> tuple[str, str, str, str]:
        """A row of the 机构设置 table: name, nature, grade, funding form."""
        return name, nature, self.rng.choice(cat.GRADES), self.rng.choice(cat.FUNDING_FORMS)

    def _department(self, n_units, injected):
        (budget,) = self._budgets(1)
        profiles = [self._profile(self.dept_name + "本级", budget.nature)]
        d = self._disclosure("department", self.code, self.dept_name, budget, 1, edition_of(self.year), profiles)
        return [Member([d], injected[0])]

    def _unit(self, n_units, injected):
        (budget,) = self._budgets(1)
        name = self.dept_name + self._own()
        d = self._disclosure("unit", self.code + "001", name, budget, 1, edition_of(self.year),
                             [self._profile(name, budget.nature)], "本级")
        return [Member([d], injected[0])]

    def _explanation(self, n_units, injected):
        (budget,) = self._budgets(1)
        edition = self.rng.choice(("prose", "brief"))
        name = self.dept_name if edition == "prose" or self.rng.random() < 0.5 else self.dept[0].removeprefix("委")
        d = self._disclosure("department", None, name, budget, 1, edition, [self._profile(name, budget.nature)])
        return [Member([d], injected[0])]

    def _family(self, n_units: int, dep: bool) -> tuple[Disclosure, list[Disclosure]]:
        """A department and its units; with `dep`, the department's tables leave its last unit out."""
        budgets = self._budgets(n_units)
        names = self._names(n_units)
        edition = edition_of(self.year)
        profiles = [self._profile(n, b.nature) for n, b in zip(names, budgets, strict=True)]
        counted = budgets[:-1] if dep else budgets
        dept_budget = merge(self.year, counted, budgets[0].admin_item)
        dept = self._disclosure("department", self.code, self.dept_name, dept_budget, 1, edition,
                                [self._profile(self.dept_name, budgets[0].nature), *profiles[1:]])
        units = [self._disclosure("unit", f"{self.code}{k + 1:03d}", names[k], budgets[k], 1, edition, [profiles[k]], member)
                 for k, member in enumerate(self._members(n_units))]
        return dept, units

    def _dep(self, injected, n_units: int) -> bool:
        """Whether the department's file takes the DEP-001 injection: when it is injected, its turn
        in the rule cycle is DEP-001, and it has units enough to leave one out."""
        return injected[0] and n_units >= 2 and CYCLE[self.first_injection % len(CYCLE)] == "DEP-001"

    def _combined(self, n_units, injected):
        dep = self._dep(injected, n_units)
        dept, units = self._family(n_units, dep)
        for k, u in enumerate(units, start=2):
            u.part.seq = k
        return [Member([dept, *units], injected[0], dep_units_left_out=dep)]

    def _separate(self, n_units, injected):
        dep = self._dep(injected, n_units)
        dept, units = self._family(n_units, dep)
        return [Member([dept], injected[0], dep_units_left_out=dep),
                *(Member([u], injected[k + 1]) for k, u in enumerate(units))]


def inject(turn: int, rng: random.Random, member: Member) -> dict[int, tuple[str, list[str]]]:
    """Apply to one of the member's disclosures the first injection, from the `turn`-th rule of
    CYCLE on, that fits it: {part: (injection, rules that must fail)}."""
    for step in range(len(CYCLE)):
        name = CYCLE[(turn + step) % len(CYCLE)]
        if name not in INJECTIONS:
            continue
        parts = list(member.disclosures)
        rng.shuffle(parts)
        for d in parts:
            rules = INJECTIONS[name](rng, d)
            if rules is not None:
                return {d.part.seq: (name, rules)}
    return {}


class TruthWriter:
    """The truth rows of one chunk of groups, written as Parquet files when the chunk ends."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.rows: dict[str, list[tuple]] = {name: [] for name in TRUTH_FILES}

    def close(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, schema in TRUTH_FILES.items():
            rows = self.rows[name]
            columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
            # amounts travel as decimal strings (exact), everything else as its own type
            raw = {c: pl.Series(c, values, dtype=pl.String if isinstance(t, pl.Decimal) else t)
                   for (c, t), values in zip(schema.items(), columns, strict=True)}
            frame = pl.DataFrame(raw).with_columns(pl.col(c).cast(t) for c, t in schema.items() if isinstance(t, pl.Decimal))
            frame.write_parquet(self.folder / f"{name}.parquet", statistics=False)


RENDERERS = {"docx": render_docx, "html": render_html, "xlsx": render_xlsx}
FORMATS = ("txt", *RENDERERS)


def _encode(p: Printer, fmt: str) -> bytes:
    """The printed document in `fmt`: its text form, or the document model the printer built
    alongside, rendered as Word, a web page or a workbook."""
    return p.text().encode("utf-8") if fmt == "txt" else RENDERERS[fmt](p.document("synthetic"))


def write_member(out: Path, truth: TruthWriter, n: int, member: Member, injections, group: int, group_kind: str,
                 settings: Settings) -> tuple[int, str]:
    """Print the n-th document and write it and its truth rows: (bytes written, its template)."""
    first = member.disclosures[0]
    fmt = settings.formats[n % len(settings.formats)]
    template = settings.template(n)
    p = Printer(random.Random(f"{settings.seed}:print:{n}"), settings.messy, text_form=fmt == "txt")
    document(p, member.disclosures, template)
    data = _encode(p, fmt)
    sha = hashlib.sha256(data).hexdigest()
    file_name = f"{first.part.year}/{n:06d}_{sha[:16]}.{fmt}"
    path = out / "raw" / file_name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    doc_id = sha[:16]
    w = truth.rows
    w["documents"].append((file_name, doc_id, group, group_kind, template, first.edition, len(member.disclosures)))
    for d in member.disclosures:
        seq = d.part.seq
        key = (file_name, seq, f"{doc_id}-{seq}")
        name, rules = injections.get(seq, (None, []))
        if member.dep_units_left_out and seq == 1:
            name, rules = "DEP-001", ["DEP-001"]
        w["disclosures"].append((*key, d.part.scope, d.part.year, d.part.code, d.part.name, d.place, d.unit, template, d.edition,
                                 name, "STR-001" in rules))
        w["failures"] += [(*key, rule, name) for rule in rules]
        if d.tables is None:
            w["failures"].append((*key, "COM-001", "explanation_only"))
            w["tables"] += [(*key, kind, "absent", 0) for kind in PRINT_ORDER]
        f = d.facts
        w["expenditure"] += [(*key, kind, subject, measure, scope, label, is_total, money(c))
                             for kind, subject, measure, scope, label, is_total, c in f.expenditure]
        w["income"] += [(*key, kind, subject, source, scope, label, is_total, money(c))
                        for kind, subject, source, scope, label, is_total, c in f.income]
        w["three_public"] += [(*key, item, scope, label, money(c)) for item, scope, label, c in f.three_public]
        w["indicators"] += [(*key, *row) for row in f.indicators]
        w["tables"] += [(*key, kind, status, count) for kind, status, count in f.tables]
    return len(data), template


def plan(settings: Settings) -> list[GroupPlan]:
    """The groups of the corpus, in order, with where their documents and injections start."""
    places = _place_order(settings.seed)
    plans, written, injected, g = [], 0, 0, 0
    while written < settings.docs:
        if g >= CODES * len(YEARS) * len(places):  # department codes would repeat within a place and year
            raise ValueError(f"at most {CODES * len(YEARS) * len(places)} groups (about {written} documents) per corpus")
        builder = GroupBuilder(settings, g, places, settings.docs - written)
        _kind, _n, flags = builder.plan()
        plans.append(GroupPlan(g, settings.docs - written, written, injected))
        written += len(flags)
        injected += sum(flags)
        g += 1
    return plans


CHUNK_GROUPS = 40  # groups rendered by one job: its truth rows are a chunk file of their own
POOL_FROM = 1000  # documents from which several processes pay for their start (about a second each)


def _render_chunk(job: tuple[Settings, Path, int, list[GroupPlan]]) -> dict:
    """Build, inject, print and write the documents of some groups; their truth goes to
    out/truth/.chunks/<number>/."""
    settings, out, number, plans = job
    places = _place_order(settings.seed)
    truth = TruthWriter(out / "truth" / ".chunks" / f"{number:06d}")
    stats = {"docs": 0, "disclosures": 0, "bytes": 0, "injections": {}, "templates": {}}
    try:
        for plan_ in plans:
            builder = GroupBuilder(settings, plan_.g, places, plan_.remaining)
            builder.plan()
            turn = plan_.first_injection
            for k, member in enumerate(builder.realize(plan_.first_injection)):
                injections = {}
                if member.injected:
                    injections = {} if member.dep_units_left_out else inject(turn, builder.rng, member)
                    turn += 1
                for name, _ in injections.values():
                    stats["injections"][name] = stats["injections"].get(name, 0) + 1
                if member.dep_units_left_out:
                    stats["injections"]["DEP-001"] = stats["injections"].get("DEP-001", 0) + 1
                size, template = write_member(out, truth, plan_.first_file + k, member, injections, plan_.g,
                                              builder.kind, settings)
                stats["docs"] += 1
                stats["disclosures"] += len(member.disclosures)
                stats["bytes"] += size
                stats["templates"][template] = stats["templates"].get(template, 0) + 1
    finally:
        truth.close()
    return stats


def parse_templates(text: str) -> dict[str, float]:
    """`hebei=0.5,national=0.3,stacked=0.2` → shares; a bare name counts 1 (`national`: only national)."""
    shares: dict[str, float] = {}
    for item in filter(None, (t.strip() for t in text.split(","))):
        name, _, share = item.partition("=")
        try:
            shares[name.strip()] = float(share) if share else 1.0
        except ValueError:
            raise ValueError(f"template share {item!r} is not name=number") from None
    return check_templates(shares)


def check_templates(shares: dict[str, float]) -> dict[str, float]:
    """The shares normalised to sum to 1, or ValueError: known names, no negative share, some positive."""
    unknown = set(shares) - set(TEMPLATES)
    if unknown:
        raise ValueError(f"unknown template {', '.join(sorted(unknown))}; choose among {', '.join(TEMPLATES)}")
    if any(not 0 <= v < float("inf") for v in shares.values()) or sum(shares.values()) <= 0:
        raise ValueError(f"template shares must be non-negative and not all zero; got {shares}")
    total = sum(shares.values())
    return {name: shares[name] / total for name in TEMPLATES if shares.get(name)}


def generate(out: Path, docs: int, seed: int = 0, inconsistent: float = 0.05, explanation_only: float = 0.05,
             messy: float = 1.0, workers: int = 1, progress=None, formats: tuple[str, ...] = ("txt",),
             templates: dict[str, float] | None = None) -> dict:
    """Write `docs` documents under out/raw and their truth under out/truth; returns the manifest.
    `templates` gives the share of documents printed in each template (wording.TEMPLATES; default
    wording.DEFAULT_SHARES). The corpus is the same for the same arguments whatever the number
    of `workers`."""
    started = time.perf_counter()
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ValueError(f"formats must be among {', '.join(FORMATS)}; got {', '.join(formats) or 'none'}")
    shares = check_templates(dict(templates if templates is not None else DEFAULT_SHARES))
    settings = Settings(docs, seed, inconsistent, explanation_only, messy, tuple(formats), tuple(shares.items()))
    plans = plan(settings)
    jobs = [(settings, out, n, plans[i: i + CHUNK_GROUPS]) for n, i in enumerate(range(0, len(plans), CHUNK_GROUPS))]
    totals = {"docs": 0, "disclosures": 0, "bytes": 0, "injections": {}, "templates": {}}
    for stats in on_cores(_render_chunk, jobs, min(workers, len(jobs)) if docs >= POOL_FROM else 1):
        for key in ("docs", "disclosures", "bytes"):
            totals[key] += stats[key]
        for key in ("injections", "templates"):
            for name, count in stats[key].items():
                totals[key][name] = totals[key].get(name, 0) + count
        if progress:
            progress(totals["docs"])
    _concatenate(out / "truth", len(jobs))
    elapsed = time.perf_counter() - started
    manifest = {
        "generator_version": GENERATOR_VERSION, "seed": seed, "docs": totals["docs"], "groups": len(plans),
        "disclosures": totals["disclosures"], "inconsistent": inconsistent, "explanation_only": explanation_only,
        "messy": messy, "formats": list(formats), "templates": shares,
        "documents_by_template": {t: totals["templates"][t] for t in TEMPLATES if t in totals["templates"]},
        "injections": dict(sorted(totals["injections"].items())), "bytes": totals["bytes"],
        "seconds": round(elapsed, 3), "raw_folder": "raw",
        "truth_files": {f"{name}.parquet": {"rows": TRUTH_DOC[name], "columns": {c: str(t) for c, t in schema.items()}}
                        for name, schema in TRUTH_FILES.items()},
    }
    (out / "truth" / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def _concatenate(folder: Path, chunks: int) -> None:
    """One Parquet file per truth table: the chunk files in order, streamed; the chunks are removed."""
    for name in TRUTH_FILES:
        parts = [pl.scan_parquet(folder / ".chunks" / f"{n:06d}" / f"{name}.parquet") for n in range(chunks)]
        pl.concat(parts, how="vertical").sink_parquet(folder / f"{name}.parquet", compression="zstd", maintain_order=True)
    shutil.rmtree(folder / ".chunks")
