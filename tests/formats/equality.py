"""The format-equality check: a seed rendered in another format (a committed fixture, see
make_fixtures.py) loads the same warehouse rows as its text form, once locations and
content-derived ids are set aside."""

import functools
from pathlib import Path

import polars as pl

from tests.conftest import SEEDS
from yusuan.parse.batch import parse_files
from yusuan.raw import read_raw
from yusuan.validate import structure_failures

FIXTURES = Path(__file__).parent / "fixtures"

LOCATIONS = {"source_location", "first_line", "last_line", "ingested_at", "mtime_ns", "format", "size_bytes",
             "sha256", "file_name"}
IDS = ("document_id", "disclosure_id", "project_id", "indicator_id", "unit_id")


def comparable(frames: dict[str, pl.DataFrame]) -> dict[str, list]:
    out = {}
    for name, frame in frames.items():
        frame = frame.drop([c for c in frame.columns if c in LOCATIONS])
        frame = frame.with_columns(pl.col(c).str.replace(r"^[0-9a-f]{16}", "D") for c in IDS if c in frame.columns)
        out[name] = sorted(frame.rows(), key=repr)
    return out


def fixture(seed: str, suffix: str) -> Path:
    return FIXTURES / seed.replace(".txt", f".{suffix}")


@functools.cache
def _text_form(seed: str) -> dict[str, list]:
    return comparable(parse_files([read_raw(SEEDS / seed, SEEDS)]).frames)


def assert_loads_like_text(seed: str, suffix: str) -> None:
    from_other = parse_files([read_raw(fixture(seed, suffix), FIXTURES)])
    assert from_other.rejected.is_empty(), from_other.rejected
    for name, frame in from_other.frames.items():  # the structure rules hold, unique cell locations among them
        assert structure_failures(name, frame).is_empty(), (name, structure_failures(name, frame))
    expected, actual = _text_form(seed), comparable(from_other.frames)
    for table in expected:
        assert actual[table] == expected[table], table
