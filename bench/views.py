"""The analysts' views (schemas/views.yaml) on a 30,000-document warehouse, against the 1 s target.
Writes the section "Analysts' views on 30,000 documents" of BENCHMARKS.md.

Run: .venv/bin/python bench/views.py [--docs 30000] [--work /tmp/yusuan-views] [--warehouse FILE]

The warehouse is built the honest way: `yusuan synth --docs N --seed 7`, then the real
`yusuan run` on it (a 1,000-document first load is timed first, to show what the full build will
cost). `--warehouse FILE` reuses a warehouse built so before (by this script or bench/run.py).
The views are then created again from schemas/views.yaml, as every publish does, so that the
numbers are those of the SQL in the tree. Each view is timed on a fresh read-only connection:
its full materialisation (`SELECT count(*) FROM (SELECT * FROM view)`) and a typical filtered
query (one unit, one place-year …), each the median of 5 runs after one unmeasured run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import duckdb

from run import link_first, synth, yusuan
from sections import write_section

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SECTION = "## Analysts' views on 30,000 documents"
TARGET_S = 1.0
RUNS = 5

# A typical question of each view, on the warehouse's busiest place and unit (the parameters are
# found in the data: see `pick`).
FILTERED = {
    "unit_years": ("one unit, every year and item", "SELECT * FROM unit_years WHERE unit_key = $unit_key"),
    "basic_vs_project": ("one place-year", "SELECT * FROM basic_vs_project WHERE place = $place AND budget_year = $year"),
    "three_public_years": ("one unit, every year", "SELECT * FROM three_public_years WHERE unit_id = $unit_id"),
    "class_totals_by_place": ("one place-year", "SELECT * FROM class_totals_by_place WHERE place = $place AND budget_year = $year"),
    "project_indicators": ("one place-year", "SELECT * FROM project_indicators WHERE place = $place AND budget_year = $year"),
    "disclosure_quality": ("one disclosure", "SELECT * FROM disclosure_quality WHERE disclosure_id = $disclosure_id"),
    "completeness_by_place": ("one place-year", "SELECT * FROM completeness_by_place WHERE place = $place AND budget_year = $year"),
}


def build(docs: int, work: Path, seed: int) -> tuple[Path, list[str]]:
    """Synthetic corpus, then `yusuan run` on its first 1,000 documents and on all of them."""
    home, corpus = work / "dagster_home", work / "corpus"
    home.mkdir(parents=True, exist_ok=True)
    notes = []
    if not (corpus / "raw").is_dir():
        notes.append(f"`yusuan synth --docs {docs} --seed {seed}` in {synth(docs, corpus, seed):.0f} s")
    warehouse = work / f"wh_{docs}" / "budget.duckdb"
    for n in sorted({min(1000, docs), docs}):
        raw, target = work / f"raw_{n}", work / f"wh_{n}" / "budget.duckdb"
        if not raw.is_dir():
            link_first(corpus / "raw", raw, n)
        wall, peak, summary = yusuan("run", "--raw", str(raw), "--warehouse", str(target), home=home)
        notes.append(f"`yusuan run` on {n:,} documents: {wall:.0f} s ({summary})")
        print(notes[-1], flush=True)
    return warehouse, notes


def recreate_views(warehouse: Path) -> None:
    from yusuan.analysis.views import create_views

    with duckdb.connect(str(warehouse)) as con:
        create_views(con)


def pick(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """The busiest place and its latest year, the unit with most disclosures, one disclosure."""
    place, year = con.sql("""SELECT u.place, d.budget_year FROM dim_disclosure d JOIN dim_unit u USING (unit_id)
                             WHERE u.place IS NOT NULL GROUP BY ALL ORDER BY count(*) DESC, 2 DESC LIMIT 1""").fetchone()
    unit_key, = con.sql("""SELECT k.unit_key FROM dim_disclosure d JOIN unit_identity k USING (unit_id)
                           WHERE k.followed GROUP BY ALL ORDER BY count(*) DESC, 1 LIMIT 1""").fetchone()
    unit_id, = con.sql("""SELECT d.unit_id FROM dim_disclosure d JOIN dim_unit u USING (unit_id)
                          WHERE u.place IS NOT NULL GROUP BY ALL ORDER BY count(*) DESC, 1 LIMIT 1""").fetchone()
    disclosure_id, = con.sql("SELECT max(disclosure_id) FROM dim_disclosure").fetchone()
    return {"place": place, "year": year, "unit_key": unit_key, "unit_id": unit_id, "disclosure_id": disclosure_id}


def timed(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> tuple[float, int]:
    """(median seconds of RUNS runs after one unmeasured run, rows)."""
    used = {k: v for k, v in params.items() if f"${k}" in sql}
    rows = len(con.execute(sql, used).fetchall())
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        con.execute(sql, used).fetchall()
        times.append(time.perf_counter() - started)
    return statistics.median(times), rows


def measure(warehouse: Path) -> tuple[dict, dict[str, tuple[float, int, float, int]]]:
    from yusuan.analysis.views import VIEWS

    with duckdb.connect(str(warehouse), read_only=True) as con:
        params = pick(con)
        sizes = dict(con.sql("""SELECT 'documents', count(*) FROM dim_document UNION ALL
                                SELECT 'disclosures', count(*) FROM dim_disclosure UNION ALL
                                SELECT 'units', count(*) FROM dim_unit UNION ALL
                                SELECT 'places', count(DISTINCT place) FROM dim_unit UNION ALL
                                SELECT 'fact_budget_overview', count(*) FROM fact_budget_overview UNION ALL
                                SELECT 'fact_expenditure', count(*) FROM fact_expenditure""").fetchall())
    out = {}
    for name in VIEWS:
        with duckdb.connect(str(warehouse), read_only=True) as con:  # fresh: nothing cached from another view
            full, total = timed(con, f"SELECT count(*) FROM (SELECT * FROM {name})", {})
            total = con.sql(f"SELECT count(*) FROM {name}").fetchone()[0]
            filtered, rows = timed(con, FILTERED[name][1], params)
        out[name] = (full, total, filtered, rows)
        print(f"{name}: full {full * 1000:.0f} ms ({total:,} rows), filtered {filtered * 1000:.0f} ms ({rows:,} rows)", flush=True)
    return params | {"sizes": sizes}, out


def verdict(seconds: float) -> str:
    return "met" if seconds < TARGET_S else "**missed**"


def report(path: Path, warehouse: Path, notes: list[str], context: dict, results: dict, before: dict | None) -> None:
    sizes = context["sizes"]
    lines = [
        SECTION, "",
        f"`.venv/bin/python bench/views.py`: {', '.join(notes) if notes else f'on {warehouse}'}. "
        f"Route: the real pipeline on a synthetic corpus (no rows multiplied in SQL): "
        f"{sizes['documents']:,} documents, {sizes['disclosures']:,} disclosures, {sizes['units']:,} units in "
        f"{sizes['places']:,} places, {sizes['fact_budget_overview']:,} overview and {sizes['fact_expenditure']:,} "
        f"expenditure facts. The views are created from schemas/views.yaml as a publish does; each is timed on a "
        f"fresh read-only connection, median of {RUNS} runs after one unmeasured run; machine "
        f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores (shared), DuckDB {duckdb.__version__}.",
        "",
        f"Filtered queries: place `{context['place']}`, year {context['year']}, unit_key `{context['unit_key']}`, "
        f"unit_id `{context['unit_id']}`, disclosure `{context['disclosure_id']}`.", "",
    ]
    head = "| view | full (`count(*)` of `SELECT *`) | rows | typical query | time | rows | < 1 s |"
    lines += [head if before is None else head.replace("| full", "| full before | full"), "|---|---|---|---|---|---|---|" + ("---|" if before else "")]
    for name, (full, total, filtered, rows) in results.items():
        cells = [f"`{name}`"] + ([f"{before[name][0] * 1000:,.0f} ms"] if before else [])
        cells += [f"{full * 1000:,.0f} ms", f"{total:,}", FILTERED[name][0], f"{filtered * 1000:,.0f} ms", f"{rows:,}",
                  verdict(max(full, filtered))]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "The filtered queries are in `bench/views.py` (FILTERED)."]
    write_section(path, SECTION, lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path("/tmp/yusuan-views"))
    parser.add_argument("--warehouse", type=Path, help="a warehouse already built: skip the build")
    parser.add_argument("--notes", default="", help="how that warehouse was built, for the section (with --warehouse)")
    parser.add_argument("--before", type=Path, help="JSON of an earlier run's results (full times), shown as 'before'")
    parser.add_argument("--save", type=Path, help="write this run's results as JSON here")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    if args.warehouse:
        warehouse, notes = args.warehouse, [n for n in args.notes.split(";") if n]
    else:
        warehouse, notes = build(args.docs, args.work, args.seed)
    recreate_views(warehouse)
    context, results = measure(warehouse)
    if args.save:
        args.save.write_text(json.dumps(results))
    before = json.loads(args.before.read_text()) if args.before else None
    report(args.out, warehouse, notes, context, results, before)


if __name__ == "__main__":
    main()
