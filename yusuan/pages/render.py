"""Write the site: index.html, units/<unit_id>.html, places/<slug>.html, and assets/ (plotly.js
from the plotly package, the pages' own CSS and script). Jinja2 escapes every value it prints
(unit and class names come from the documents)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import jinja2

from yusuan.pages.charts import BASIC_PROJECT, BUDGET, THREE_PUBLIC, classes, columns, figure, period_of
from yusuan.pages.read import Place, Unit, read_warehouse

HERE = Path(__file__).parent


def cell(value) -> str:
    """A value as a page prints it: a DECIMAL exactly as the warehouse holds it (万元 with two places,
    as the documents print them); a float would mean a figure rounded on its way here."""
    if isinstance(value, float):
        raise TypeError(f"a float ({value!r}) reached a page: its figures must be the views' DECIMALs")
    return "—" if value is None else str(value)


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["cell"] = cell
    return env


def unit_charts(unit: Unit) -> dict[str, dict | None]:
    return {"budget": figure(columns(unit.years, BUDGET), stacked=False),
            "classes": figure(classes(unit.classes), stacked=True),
            "basic_project": figure(columns(unit.basic_project, BASIC_PROJECT), stacked=True),
            "three_public": figure(columns(unit.three_public, THREE_PUBLIC), stacked=True)}


def unit_grid(place: Place) -> tuple[list[str], dict[str, dict[str, Decimal | None]]]:
    """The place's units by period (year, and scope when the place has both): expenditure totals."""
    x = period_of(place.years)
    periods = sorted({x(row) for row in place.years})
    grid: dict[str, dict[str, Decimal | None]] = {}
    for row in place.years:
        grid.setdefault(row["unit_id"], {})[x(row)] = row["expenditure_total_wan"]
    return periods, grid


def write_site(con: duckdb.DuckDBPyConnection, out: Path) -> dict[str, int]:
    """Write the site for the warehouse `con` reads into the folder `out`; returns how many pages of each kind."""
    from plotly.offline import get_plotlyjs

    warehouse = read_warehouse(con)
    env = environment()
    for folder in ("assets", "units", "places"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    (out / "assets" / "plotly.min.js").write_text(get_plotlyjs(), encoding="utf-8")
    for name in ("pages.css", "pages.js"):
        shutil.copyfile(HERE / "static" / name, out / "assets" / name)
    pages = {out / "index.html": env.get_template("index.html").render(warehouse=warehouse, root="")}
    for unit_id, unit in warehouse.units.items():
        pages[out / "units" / f"{unit_id}.html"] = env.get_template("unit.html").render(
            unit=unit, charts=unit_charts(unit), root="../")
    for slug, place in warehouse.places.items():
        periods, grid = unit_grid(place)
        pages[out / "places" / f"{slug}.html"] = env.get_template("place.html").render(
            place=place, periods=periods, grid=grid, classes_chart=figure(classes(place.classes), stacked=True), root="../")
    for path, html in pages.items():
        path.write_text(html, encoding="utf-8")
    return {"units": len(warehouse.units), "places": len(warehouse.places)}
