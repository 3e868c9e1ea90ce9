"""Turn the rows of a page into plotly.js figures (plain JSON, drawn by assets/pages.js).

A bar's height is a float, as a chart needs; its label and its hover text are the DECIMAL as the
warehouse holds it, so that what a reader reads off a chart is the printed figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from html import escape

Point = tuple[str, str, Decimal | None]  # x (a period), series name, value

BUDGET = {"收入合计 income": "income_total_wan", "支出合计 expenditure": "expenditure_total_wan"}
BASIC_PROJECT = {"基本支出 basic": "basic_wan", "项目支出 project": "project_wan"}
# The leaves of the 三公 total (公务用车购置及运行维护费 is the two vehicle parts): stacked, they add up to it.
THREE_PUBLIC = {"因公出国（境）费": "overseas_travel_wan", "公务用车购置费": "vehicle_purchase_wan",
                "公务用车运行维护费": "vehicle_operation_wan", "公务接待费": "reception_wan"}


def period_of(rows: Iterable[dict]) -> Callable[[dict], str]:
    """A row's place on the x axis: its year, and its scope too when the page has both (a department
    includes its units, so their bars must stand apart)."""
    mixed = len({row["scope"] for row in rows}) > 1
    return lambda row: f"{row['budget_year']} {row['scope']}" if mixed else str(row["budget_year"])


def columns(rows: list[dict], series: dict[str, str]) -> list[Point]:
    """Points from wide rows: one series per column."""
    x = period_of(rows)
    return [(x(row), name, row[column]) for row in rows for name, column in series.items()]


def classes(rows: list[dict]) -> list[Point]:
    """Points from class rows (one per period and class): one series per class."""
    x = period_of(rows)
    return [(x(row), f"{row['class_code']} {row['class_name']}", row["total_wan"]) for row in rows]


def figure(points: list[Point], stacked: bool) -> dict | None:
    """A bar chart of the points (None when no point has a value: no chart, the table says why)."""
    if all(value is None for _, _, value in points):
        return None
    periods = list(dict.fromkeys(x for x, _, _ in points))
    values: dict[str, dict[str, Decimal | None]] = {}
    for x, name, value in points:
        values.setdefault(name, {})[x] = value
    data = []
    for name, by_period in values.items():
        printed = [by_period.get(x) for x in periods]
        data.append({
            "type": "bar", "x": periods,
            # plotly reads names as its small HTML subset: escaped, a document's text shows as printed
            "name": escape(name),
            "y": [None if v is None else float(v) for v in printed],
            "text": ["" if v is None else str(v) for v in printed],
            "textposition": "inside" if stacked else "outside",
            "hovertemplate": "%{x} %{fullData.name}: %{text} 万元<extra></extra>",
        })
    return {"data": data, "layout": {
        "barmode": "stack" if stacked else "group", "height": 340, "margin": {"t": 20, "b": 40, "l": 60, "r": 20},
        "xaxis": {"type": "category"}, "yaxis": {"title": {"text": "万元"}, "rangemode": "tozero"},
        "legend": {"orientation": "h", "y": -0.15}, "font": {"family": "sans-serif"},
        # a label too small to read is left out (the table below has every figure)
        "uniformtext": {"mode": "hide", "minsize": 9},
    }}
