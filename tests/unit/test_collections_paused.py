"""Garbage collection is held off while one document is read and parsed, and given back as the
caller had it: on again after a parse, still off for a caller that turned it off (a profiler, a
benchmark, a host application)."""

import gc

import pytest

from tests.conftest import S001, SEEDS
from yusuan.parse.batch import ROWS_HELD, parse_files
from yusuan.parse.document import parse_document
from yusuan.raw import document_files, read_raw
from yusuan.readers import read_document


@pytest.fixture
def collection_restored():
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def _parse_seed() -> None:
    parse_document(read_document(S001, (SEEDS / S001).read_bytes()), "0" * 16)


def test_collection_is_on_again_after_a_parse(collection_restored):
    gc.enable()
    seen = []
    gc.callbacks.append(lambda phase, info: seen.append(phase))
    try:
        _parse_seed()
    finally:
        gc.callbacks.pop()
    assert gc.isenabled()
    # Reading 001 makes thousands of cells, which start four collections without the pause; with
    # it, at most the one that the first allocation after each step starts (a start and a stop).
    assert len(seen) <= 4, seen


def test_a_caller_that_turned_collection_off_keeps_it_off(collection_restored):
    gc.disable()
    _parse_seed()
    assert not gc.isenabled()


def test_a_batch_gives_collection_back_between_pieces_and_after(collection_restored):
    # More documents than a piece holds: collection resumes when a piece ends, so cycles a reader
    # leaves are not held for the whole batch, and is on again after it.
    gc.enable()
    starts, seen_at = [], []
    seeds = [read_raw(p, SEEDS) for p in document_files(SEEDS)]
    files = seeds * (ROWS_HELD // len(seeds) + 1)
    gc.collect()  # counts start afresh: the few objects before the first piece start none
    gc.callbacks.append(lambda phase, info: starts.append(phase) if phase == "start" else None)
    try:
        batch = parse_files(files, progress=lambda raw: seen_at.append(len(starts)))
    finally:
        gc.callbacks.pop()
    assert gc.isenabled()
    assert batch.ledger.height == len(files) > ROWS_HELD
    assert seen_at[ROWS_HELD - 1] == 0  # none within the first piece
    assert seen_at[ROWS_HELD] > 0  # one between it and the second
