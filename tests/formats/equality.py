"""The format-equality check: a seed rendered in another format loads the same warehouse rows
as its text form, once locations and content-derived ids are set aside."""

from collections.abc import Callable

import polars as pl

from tests.conftest import SEEDS
from yusuan.model import Document
from yusuan.parse.batch import parse_files
from yusuan.raw import scan_raw
from yusuan.readers.tika_text import read_tika_text
from yusuan.validate import structure_failures

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


def assert_loads_like_text(tmp_path, seed: str, render: Callable[[Document], bytes], suffix: str) -> None:
    text_dir, other_dir = tmp_path / "txt", tmp_path / suffix
    text_dir.mkdir(), other_dir.mkdir()
    (text_dir / seed).write_bytes((SEEDS / seed).read_bytes())
    (other_dir / seed.replace(".txt", f".{suffix}")).write_bytes(render(read_tika_text(seed, (SEEDS / seed).read_bytes())))
    from_text, from_other = parse_files(scan_raw(text_dir)), parse_files(scan_raw(other_dir))
    assert from_other.rejected.is_empty(), from_other.rejected
    for name, frame in from_other.frames.items():  # the structure rules hold, unique cell locations among them
        assert structure_failures(name, frame).is_empty(), (name, structure_failures(name, frame))
    expected, actual = comparable(from_text.frames), comparable(from_other.frames)
    for table in expected:
        assert actual[table] == expected[table], table
