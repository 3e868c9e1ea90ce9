"""The validation's process that `yusuan run` starts before its plan (yusuan.quality.evaluate.prepare):
kept for a small run, ended at once, in the middle of its set-up, for a run it does not suit."""

import json
import subprocess
import sys
import textwrap

from tests.conftest import ROOT
from yusuan.quality.evaluate import APART_FROM

# In a fresh interpreter: this test session's own processes and threads are not the script's.
SCRIPT = textwrap.dedent("""
    import json, multiprocessing, sys, threading, time
    from yusuan.quality import evaluate

    seen = {}
    for parts in map(int, sys.argv[1:]):
        evaluate.prepare()
        time.sleep(0.5)  # well into the set-up's imports
        started = time.perf_counter()
        evaluate.keep_prepared(parts)
        seen[parts] = {"kept": len(evaluate._prepared), "seconds": time.perf_counter() - started,
                       "threads": threading.active_count(), "children": len(multiprocessing.active_children())}
    print(json.dumps(seen))
""")


def test_the_prepared_process_is_kept_for_a_small_run_and_ended_at_once_otherwise():
    runs = (0, APART_FROM, 1)  # nothing to validate, as many parts as start a process of their own, a small run
    done = subprocess.run([sys.executable, "-c", SCRIPT, *map(str, runs)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    for ended in map(str, runs[:2]):
        assert (seen[ended]["kept"], seen[ended]["threads"], seen[ended]["children"]) == (0, 1, 0), seen
        assert seen[ended]["seconds"] < 2, seen  # killed, not waited for
    assert (seen["1"]["kept"], seen["1"]["children"]) == (1, 1), seen
