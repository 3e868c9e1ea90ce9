"""A document's warehouse rows as columns: the form a reader process sends its parse back in, and
the batch builds typed frames from. The dicts the parsers make are the readable form; taken apart
into columns in the reader, a tuple a column, they cross the pipe in about half the time (pickled
and unpickled: 0.49 against 0.94 ms a synthetic document) and reach the batch ready for its frames.
Each table's columns carry their names, so that the reader needs no warehouse schema (it imports
only the parser); the batch puts them in its tables' order (`in_order`)."""

from __future__ import annotations

import operator
from collections.abc import Sequence

Columns = tuple[tuple, ...]  # a tuple a column
Named = tuple[tuple[str, ...], Columns]  # the columns' names, and the columns
PLAIN_ROWS = ("dim_unit",)  # sent as dicts: the batch merges a unit's rows across documents


def packed(parsed: dict[str, list[dict]]) -> dict[str, Named | list[dict]]:
    """A document's rows (table → dicts) as named columns; tables without rows left out."""
    return {table: rows if table in PLAIN_ROWS else named_columns(rows) for table, rows in parsed.items() if rows}


def named_columns(rows: list[dict]) -> Named:
    """Non-empty `rows` as columns named by every key any row has; a key a row lacks is null there."""
    names = tuple(rows[0])
    if len(names) > 1 and all(map(len(names).__eq__, map(len, rows))):
        try:  # each row has the first one's keys, and no other (as many): in C, without a test per key
            return names, tuple(zip(*map(operator.itemgetter(*names), rows)))
        except KeyError:
            pass
    names = tuple(dict.fromkeys(key for row in rows for key in row))
    return names, tuple(tuple(row.get(name) for row in rows) for name in names)


def in_order(named: Sequence[Named], names: Sequence[str]) -> list[list]:
    """The named columns of several documents joined into one list a column, in the order of
    `names`: a column a document does not have is null there, one `names` lacks is left out (as
    polars reads dicts)."""
    out: list[list] = [[] for _ in names]
    for their_names, columns in named:
        by_name = dict(zip(their_names, columns, strict=True))
        height = len(columns[0])
        for column, name in zip(out, names, strict=True):
            column += by_name.get(name) or (None,) * height
    return out
