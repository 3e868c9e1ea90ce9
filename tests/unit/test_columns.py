"""A document's rows as named columns (what a reader process sends back), and their columns joined
across documents in a table's order: whatever keys the rows have, the values land where polars'
own constructor from the dicts would put them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from yusuan.parse.batch import _piece
from yusuan.parse.columns import in_order, named_columns, packed
from yusuan.raw import read_raw


def test_rows_with_the_same_keys_become_their_columns():
    assert named_columns([{"a": 1, "b": "x"}, {"a": 2, "b": "y"}]) == (("a", "b"), ((1, 2), ("x", "y")))


def test_a_key_a_row_lacks_is_null_there_and_a_later_key_is_kept():
    assert named_columns([{"a": 1, "b": "x"}, {"a": 2}]) == (("a", "b"), ((1, 2), ("x", None)))
    assert named_columns([{"a": 1, "b": 2}, {"a": 3, "b": 4, "c": 5}]) == (("a", "b", "c"), ((1, 3), (2, 4), (None, 5)))
    assert named_columns([{"a": 1, "b": 2}, {"a": 3, "c": 4}]) == (("a", "b", "c"), ((1, 3), (2, None), (None, 4)))
    assert named_columns([{"a": 1}, {"a": 2}]) == (("a",), ((1, 2),))


def test_documents_are_joined_in_their_order_into_the_tables_columns():
    one = (("b", "a"), (("x",), (1,)))  # keys in another order than the table's
    two = (("a", "b", "z"), ((2, 3), ("y", "w"), (9, 9)))  # a key the table does not have
    assert in_order([one, two], ["a", "b", "c"]) == [[1, 2, 3], ["x", "y", "w"], [None, None, None]]
    same = [(("a", "b"), ((1,), ("x",))), (("a", "b"), ((2, 3), ("y", "z")))]
    assert in_order(same, ["b", "a", "c"]) == [["x", "y", "z"], [1, 2, 3], [None, None, None]]


def test_a_document_whose_value_fits_no_column_is_rejected_and_the_rest_load(tmp_path):
    files = []
    for name in ("good.txt", "bad.txt"):
        (tmp_path / name).write_text(name, encoding="utf-8")
        files.append(read_raw(tmp_path / name, tmp_path))
    row = {"disclosure_id": "d1", "amount_wan": Decimal("761.99"), "source": "prose"}
    good = packed({"fact_budget_overview": [row], "doc_section": [{"disclosure_id": "d1", "seq": 1}]})
    bad = packed({"fact_budget_overview": [{**row, "disclosure_id": "d2"}],
                  "doc_section": [{"disclosure_id": "d2", "seq": 2**40}]})  # beyond the column's INTEGER
    batch = _piece([(files[0], good, None), (files[1], bad, None)], dt.datetime(2026, 12, 3))
    assert batch.frames["fact_budget_overview"]["disclosure_id"].to_list() == ["d1"]  # none of d2's rows
    assert batch.frames["doc_section"]["seq"].to_list() == [1]
    assert batch.ledger["status"].to_list() == ["loaded", "rejected"]
    assert batch.ledger["reason"][1].startswith("a value in doc_section does not fit the warehouse")
