"""`yusuan sql`: SQL over the warehouse, opened read-only. The duckdb Python package has no
command-line shell, so this is a small one: statements end with `;`, results print as DuckDB's
boxes; `.quit` or end of input leaves."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import duckdb

PROMPT, CONTINUE = "D ", "· "
MAX_ROWS = 100  # the shell is for looking; `yusuan export` writes whole views


def run_sql(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Run `sql` (one or more statements) and print what the last one returns."""
    relation = con.sql(sql)
    if relation is not None:
        relation.show(max_rows=MAX_ROWS, max_width=shutil.get_terminal_size().columns)


def repl(con: duckdb.DuckDBPyConnection, read: Callable[[str], str] = input) -> None:
    """Read statements until end of input; an error is printed and the shell goes on."""
    import readline  # noqa: F401  (line editing and history for input())

    lines: list[str] = []
    while True:
        try:
            line = read(CONTINUE if lines else PROMPT)
        except EOFError:
            print()
            return
        if not lines and line.strip() in (".quit", ".exit"):
            return
        lines.append(line)
        if line.rstrip().endswith(";"):
            sql, lines = "\n".join(lines), []
            try:
                run_sql(con, sql)
            except duckdb.Error as error:
                print(f"Error: {error}")
