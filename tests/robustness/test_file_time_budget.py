"""Issue #16: a file that takes longer than its time budget ($YUSUAN_FILE_TIMEOUT) to read is
rejected with that reason, in a run here and in a run on several processes, and the other files of
the batch load; so is a file whose reading ends the reader process."""

import os
import signal
import subprocess
import sys
import threading

import pytest

from tests.conftest import S001, S004, SEEDS
from yusuan.parse.reader import READER
from yusuan.parse.batch import parse_files, parse_into
from yusuan.parts import Parts
from yusuan.raw import scan_raw

# A page of 1,999 rows of 1,000 cells: within every limit, and many seconds to read and parse.
SLOW_PAGE = ("<html><body><p>部门预算</p><table>" + ("<tr>" + "<td>1</td>" * 1_000) * 1_999
             + "</table></body></html>").encode()


@pytest.fixture
def folder(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in (S001, S004):
        (raw / name).write_bytes((SEEDS / name).read_bytes())
    (raw / "002_slow.html").write_bytes(SLOW_PAGE)  # between the two seeds, in file-name order
    return raw


@pytest.mark.parametrize("pool", [False, True], ids=["here", "on two processes"])
def test_a_file_over_its_time_budget_is_rejected_and_the_batch_goes_on(folder, tmp_path, monkeypatch, pool):
    monkeypatch.setenv("YUSUAN_FILE_TIMEOUT", "2")
    parts = Parts(tmp_path / "parsed")
    options = {"workers": 2, "pool_from": 2, "part_size": 2} if pool else {}
    ledger = {r["file_name"]: r for r in parse_into(parts, scan_raw(folder), **options).iter_rows(named=True)}
    assert ledger["002_slow.html"]["status"] == "rejected"
    assert ledger["002_slow.html"]["reason"].startswith("took longer than 2 s to read;")
    assert "$YUSUAN_FILE_TIMEOUT" in ledger["002_slow.html"]["reason"]
    assert ledger[S001]["status"] == ledger[S004]["status"] == "loaded"
    assert parts.rows("dim_disclosure") == 2


def test_a_file_whose_reading_ends_the_reader_is_rejected_and_the_batch_goes_on(folder):
    def kill_the_reader_once_it_has_the_slow_page(raw):
        if raw.file_name == S001:  # the next file is the slow page: the reader gets it at once
            threading.Timer(0.5, os.kill, (READER.process.pid, signal.SIGKILL)).start()

    batch = parse_files(scan_raw(folder), kill_the_reader_once_it_has_the_slow_page, budget=60)
    ledger = {r["file_name"]: r for r in batch.ledger.iter_rows(named=True)}
    assert ledger["002_slow.html"]["status"] == "rejected"
    assert ledger["002_slow.html"]["reason"].startswith("web page whose reading ended the reader process (killed by SIGKILL)")
    assert ledger[S001]["status"] == ledger[S004]["status"] == "loaded"


def test_a_process_with_sigterm_ignored_still_ends_with_its_reader(tmp_path):
    """Dagster can leave SIGTERM ignored in the process that starts the reader, and an ignored signal
    is inherited across the spawn: the process's exit, which ends its daemonic children with SIGTERM
    and waits for them, must not wait for ever (it hung a test run once)."""
    script = (
        "import signal; signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "from pathlib import Path\n"
        "from yusuan.parse.reader import READER\n"
        "from yusuan.raw import scan_raw\n"
        f"[raw] = [r for r in scan_raw(Path({str(SEEDS)!r})) if r.file_name == {S004!r}]\n"
        "print(READER.outcome(raw, 60)[1])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "None", done.stderr[-2000:]
