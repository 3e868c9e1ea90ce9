"""The parser's compiled form (yusuan.native): built where a compiler is at hand, never run from
stale sources, the same rows as plain Python, and plain Python again for a document it fails on."""

from __future__ import annotations

import json
import logging
import os
import pickle
import shutil
import subprocess
import sys
import sysconfig
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import S000, S002, SEEDS
from yusuan import native
from yusuan.parse import reader
from yusuan.raw import read_raw

HAS_COMPILER = shutil.which((sysconfig.get_config_var("CC") or "cc").split()[0]) is not None

# The samples' frames, parsed in a process of its own, pickled to stdout.
PARSE = """
import pickle, sys
from pathlib import Path
from yusuan import native
from yusuan.parse.batch import parse_files
from yusuan.raw import scan_raw
batch = parse_files(scan_raw(Path(sys.argv[1])))
sys.stdout.buffer.write(pickle.dumps((native.compiled(), batch.frames, batch.ledger)))
"""


def _parsed(pure: bool) -> tuple[bool, dict, object]:
    env = {k: v for k, v in os.environ.items() if k != native.PURE} | ({native.PURE: "1"} if pure else {})
    done = subprocess.run([sys.executable, "-c", PARSE, str(SEEDS)], capture_output=True, check=True, env=env,
                          cwd=native.ROOT)
    return pickle.loads(done.stdout)


@pytest.mark.skipif(not HAS_COMPILER or os.environ.get(native.PURE), reason="no C compiler: the parser stays plain Python")
def test_where_a_compiler_is_at_hand_the_parser_runs_compiled_and_reads_the_samples_as_plain_python_does():
    compiled, frames, ledger = _parsed(pure=False)
    assert compiled, "make setup compiles the parser where a C compiler is at hand (see yusuan/native.py)"
    plain, plain_frames, plain_ledger = _parsed(pure=True)
    assert not plain
    assert ledger.equals(plain_ledger)
    assert frames.keys() == plain_frames.keys()
    for table, frame in frames.items():
        ours = frame.drop("ingested_at") if table == "dim_document" else frame  # the time each process ran
        theirs = plain_frames[table].drop("ingested_at") if table == "dim_document" else plain_frames[table]
        assert ours.equals(theirs), table
    totals = frames["fact_expenditure"].filter(source_location=f"{S002}:224")  # seed 002 line 224: 支出总计 492.28
    assert totals["amount_wan"].to_list() == [Decimal("492.28")]


def _manifest(folder: Path, **fields) -> Path:
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps(fields))
    return folder / "manifest.json"


def test_a_build_of_other_sources_is_not_loaded_and_says_so(tmp_path):
    with pytest.warns(UserWarning, match="built from other sources"):
        assert native.finder_of(_manifest(tmp_path / "old", source="0" * 64, files={"yusuan.parse.text": "x.so"})) is None


def test_a_build_of_these_sources_is_loaded_from_its_folder(tmp_path):
    finder = native.finder_of(_manifest(tmp_path / "new", source=native.source_digest(),
                                        files={"yusuan.parse.text": "yusuan/parse/text.so"}))
    assert finder.find_spec("yusuan.parse.text").origin == str(tmp_path / "new/yusuan/parse/text.so")
    assert finder.find_spec("yusuan.parse.tables") is None  # not in the build: its source


def test_nothing_built_is_plain_python_without_a_warning(tmp_path, recwarn):
    assert native.finder_of(tmp_path / "absent" / "manifest.json") is None
    assert native.finder_of(_manifest(tmp_path / "none", source=native.source_digest(), files={},
                                      **{"not built": "no C compiler (cc) on this machine"})) is None
    assert not recwarn.list


def test_a_document_the_compiled_parser_fails_on_is_parsed_again_as_plain_python(monkeypatch, caplog):
    """Compiled, a value of another type than the source declares raises where plain Python goes on."""
    def fails(*args, **kwargs):
        raise TypeError("str object expected; got None")

    monkeypatch.setattr(reader, "COMPILED", True)
    monkeypatch.setattr(reader, "parse_document", fails)
    raw = read_raw(SEEDS / S000, SEEDS)
    with caplog.at_level(logging.WARNING):
        rows, reason = reader.outcome(raw)
    assert reason is None
    assert f"{S000}: the compiled parser failed (TypeError: str object expected; got None)" in caplog.text
    income = dict(zip(*rows["fact_income"], strict=True))
    total = income["source_location"].index(f"{S000}:206")  # seed 000 line 206: 本年收入合计 761.99
    assert income["amount_wan"][total] == Decimal("761.99")
    # The plain copies stay apart: this process's modules are still its own, the copies kept for next time.
    assert sys.modules["yusuan.parse.reader"] is reader
    assert native.plain("yusuan.parse.reader") is native.plain("yusuan.parse.reader")
    assert native.plain("yusuan.parse.reader") is not reader

