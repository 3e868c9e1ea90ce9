"""`yusuan export` and `yusuan sql`: the files read back give the views' rows; the shell runs SQL."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from pipelines.cli import app
from schemas import TABLES
from yusuan.analysis import export
from yusuan.analysis.export import WORKBOOK, TooLargeForExcel, export_views, exported_names
from yusuan.analysis.shell import repl
from yusuan.analysis.views import VIEWS

runner = CliRunner()


def _rows(con, name: str) -> list[tuple]:
    return con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall()


def test_parquet_files_read_back_give_every_views_rows(con, tmp_path):
    written = export_views(con, tmp_path, "parquet")
    assert set(written) == set(VIEWS)
    for name, path in written.items():
        assert path == tmp_path / f"{name}.parquet"
        assert con.execute(f"SELECT * FROM read_parquet('{path}')").fetchall() == _rows(con, name), name


def test_csv_files_have_a_header_and_every_row(con, tmp_path):
    for name, path in export_views(con, tmp_path, "csv").items():
        header = path.read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == list(VIEWS[name].columns)
        assert con.execute(f"SELECT count(*) FROM read_csv('{path}', header = true)").fetchone() == \
            con.execute(f"SELECT count(*) FROM {name}").fetchone()


def _as_excel_reads_it(value):
    """A value as it comes back from a worksheet: numbers as floats, no value as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool | str | dt.datetime):
        return value
    if isinstance(value, Decimal | int | float):
        return float(value)
    raise AssertionError(f"unexpected type {type(value)}")


def _same(written, read) -> bool:
    if isinstance(written, dt.datetime):  # Excel keeps time to the millisecond
        return abs(written - read) < dt.timedelta(milliseconds=1)
    return written == read


def test_the_workbook_has_a_sheet_per_view_that_reads_back_as_its_rows(con, tmp_path):
    written = export_views(con, tmp_path, "xlsx")
    assert set(written.values()) == {tmp_path / WORKBOOK}
    book = CalamineWorkbook.from_path(str(tmp_path / WORKBOOK))
    assert book.sheet_names == list(VIEWS)
    for name, view in VIEWS.items():
        header, *cells = book.get_sheet_by_name(name).to_python()
        assert header == list(view.columns)
        expected = [[_as_excel_reads_it(v) for v in row] for row in _rows(con, name)]
        assert len(cells) == len(expected), name
        for row, want in zip(cells, expected, strict=True):
            assert all(_same(w, r) for w, r in zip(want, row, strict=True)), (name, row, want)


def test_with_tables_every_table_is_written_too(con, tmp_path):
    written = export_views(con, tmp_path, "parquet", tables=True)
    assert list(written) == list(VIEWS) + list(TABLES)
    assert con.execute(f"SELECT count(*) FROM read_parquet('{written['fact_expenditure']}')").fetchone() == \
        con.execute("SELECT count(*) FROM fact_expenditure").fetchone()
    assert all(len(name) <= 31 for name in exported_names(tables=True))  # an Excel sheet name's limit


def test_a_view_too_long_for_a_sheet_is_refused_before_anything_is_written(con, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "EXCEL_ROWS", 100)
    with pytest.raises(TooLargeForExcel, match=r"\w+ has [\d,]+ rows, more than an Excel sheet holds \(100\)"):
        export_views(con, tmp_path, "xlsx")
    assert not (tmp_path / WORKBOOK).exists()


def test_the_export_command(warehouse, tmp_path):
    result = runner.invoke(app, ["export", "--to", str(tmp_path / "out"), "--format", "csv", "--warehouse", str(warehouse)])
    assert result.exit_code == 0, result.output
    assert f"{len(VIEWS)} views (csv)" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(f"{v}.csv" for v in VIEWS)
    refused = runner.invoke(app, ["export", "--to", str(tmp_path), "--format", "ods", "--warehouse", str(warehouse)])
    assert refused.exit_code == 2


def test_sql_command_runs_a_statement_read_only(warehouse):
    result = runner.invoke(app, ["sql", "--warehouse", str(warehouse), "-c",
                                 "SELECT total_wan FROM three_public_years WHERE total_wan = 39.80"])
    assert result.exit_code == 0, result.output
    assert re.search(r"│\s+39\.80 │", result.output)  # 004 line 35: 三公 39.8万元
    written = runner.invoke(app, ["sql", "--warehouse", str(warehouse), "-c", "DELETE FROM dim_unit"])
    assert written.exit_code == 1 and "read-only" in written.output


def test_the_shell_reads_statements_to_their_semicolon(con, capsys):
    lines = iter(["SELECT count(*) AS n", "FROM dim_disclosure;", "SELECT nope;", "SELECT 'after an error' AS s;"])

    def read(prompt: str) -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    repl(con, read)
    out = capsys.readouterr().out
    assert re.search(r"│\s+6 │", out)  # six disclosures in the five samples
    assert "Error: Binder Error" in out and "after an error" in out
