"""Write the analysts' views (and, when asked, the warehouse's tables) to files for those who do not
use SQL: a Parquet or CSV file per view, or one Excel workbook with a sheet per view.

DuckDB writes Parquet and CSV itself (COPY … TO). Its Excel extension would be downloaded at run
time, which offline machines cannot do, so the workbook is written by polars with XlsxWriter.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from schemas import TABLES
from schemas.ddl import quote
from yusuan.analysis.views import VIEWS

FORMATS = ("parquet", "csv", "xlsx")
WORKBOOK = "budget.xlsx"
EXCEL_ROWS = 1_048_575  # rows a worksheet holds below its header row


class TooLargeForExcel(ValueError):
    """A view or table has more rows than a worksheet holds; the message names it."""


def exported_names(tables: bool) -> list[str]:
    """The views, then (with `tables`) every table of the warehouse's main schema."""
    return list(VIEWS) + (list(TABLES) if tables else [])


def export_views(con: duckdb.DuckDBPyConnection, out: Path, fmt: str, tables: bool = False) -> dict[str, Path]:
    """Write every exported view or table into the folder `out` (created if need be); returns the
    file each went into (for xlsx, the one workbook)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose among {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    names = exported_names(tables)
    if fmt == "xlsx":
        return dict.fromkeys(names, _workbook(con, names, out / WORKBOOK))
    options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER"
    written = {}
    for name in names:
        written[name] = out / f"{name}.{fmt}"
        con.execute(f"COPY ({_select(name)}) TO {quote(str(written[name]))} ({options})")
    return written


def _select(name: str) -> str:
    # Rows in a stable order: two exports of the same warehouse are the same files.
    return f"SELECT * FROM main.{name} ORDER BY ALL"


def _workbook(con: duckdb.DuckDBPyConnection, names: list[str], path: Path) -> Path:
    import xlsxwriter

    for name in names:  # checked before writing, so that no half workbook is left behind
        (rows,) = con.execute(f"SELECT count(*) FROM main.{name}").fetchone()
        if rows > EXCEL_ROWS:
            raise TooLargeForExcel(f"{name} has {rows:,} rows, more than an Excel sheet holds ({EXCEL_ROWS:,}): "
                                   "export it as parquet or csv")
    # Text stays text: a target printed "=1套" (003) is not a formula, an address not a link.
    with xlsxwriter.Workbook(path, {"strings_to_formulas": False, "strings_to_urls": False}) as workbook:
        for name in names:
            frame = con.sql(_select(name)).pl()
            # A cell holds one value: lists (dim_unit.aliases) are written joined.
            lists = [c for c, dtype in frame.schema.items() if isinstance(dtype, pl.List)]
            frame = frame.with_columns(pl.col(c).list.join("; ") for c in lists)
            frame.write_excel(workbook, worksheet=name)
    return path
