"""A reader process that cannot be started: the parse fails with that error, not with one from
the clean-up of a process that never ran."""

import multiprocessing.context

import pytest

from tests.conftest import SEEDS
from yusuan.parse.batch import parse_into
from yusuan.parts import Parts
from yusuan.raw import scan_raw


def test_a_reader_that_cannot_start_fails_the_parse_with_its_own_error(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        (raw / seed.name).write_bytes(seed.read_bytes())

    def refused(self):
        raise OSError("no more processes")

    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", refused)
    with pytest.raises(OSError, match="no more processes"):
        parse_into(Parts(tmp_path / "parts"), scan_raw(raw), workers=2, pool_from=2, part_size=1)
