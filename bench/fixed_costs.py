"""Fixed costs and memory of `yusuan run` (issue #17): writes two sections of BENCHMARKS.md.

    .venv/bin/python bench/fixed_costs.py small [--runs 3] [--baseline REV]
        "Fixed costs of a small run": the five samples (data/raw) end to end into a new warehouse,
        then the no-op run over them, each a fresh process; with --baseline, the same commands of
        a git revision (extracted with `git archive`, run with this .venv), the two trees taking
        turns round by round so that both see the same load of this shared machine.
    .venv/bin/python bench/fixed_costs.py large [--docs 30000] [--corpus DIR]
        "Memory and increments at N documents" (a section per N): the first load of `yusuan synth --docs N --seed 7` (or the
        first N documents of the raw folder DIR), its peak memory, a no-op run on it and 100 new
        documents into it.

Memory is the peak resident memory of the whole process tree (the run, its reader processes and its
validation process), sampled every 0.1 s; per step too, from the step times of the Dagster event log.
Commands run without $PYTHONDONTWRITEBYTECODE, as on a user's machine: each tree's first,
unmeasured run writes its bytecode, and every measured run imports from it.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from cli_start import checkout
from run import ROOT, _rss_mb, _tree, latest_run, link_first, synth
from sections import write_section

SMALL_SECTION = "## Fixed costs of a small run"
TARGETS = {"no-op": 2.0, "five samples": 8.0, "increment": 10.0, "memory": 1024.0}
STEPS = {"raw_documents": "raw", "parsed_budget": "parse", "validated_budget": "validate", "budget_warehouse": "load",
         "warehouse_rules": "checks"}
# The console script's way in, from a tree given as the working directory: spawned workers import
# this file again as their __main__, as they do the installed `yusuan`.
ENTRY = """import os, sys
sys.path.insert(0, os.getcwd())
from pipelines.cli import app
if __name__ == "__main__":
    sys.argv[0] = "yusuan"
    app()
"""
ENTRY_FILE = Path(tempfile.mkdtemp(prefix="yusuan-entry-")) / "yusuan_entry.py"  # this process's own: runs may overlap


class Sampled:
    """Resident memory of a process tree, every 0.1 s, with the time of each sample."""

    def __init__(self, pid: int) -> None:
        self.pid, self.samples, self._done = pid, [], threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.wait(0.1):
            self.samples.append((time.time(), sum(_rss_mb(p) for p in _tree(self.pid))))

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def peak(self, start: float = 0.0, end: float = float("inf")) -> float:
        return max((mb for at, mb in self.samples if start <= at <= end), default=0.0)


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return env | {"DAGSTER_HOME": str(home)}


def yusuan(tree: Path, home: Path, *args: str) -> dict:
    """`yusuan <args>` of `tree` in a fresh process: wall seconds, peak MB (whole and per step), step
    seconds and its last line of output."""
    before = latest_run(home) if (home / "dagster.yaml").exists() else None
    started = time.perf_counter()
    ENTRY_FILE.write_text(ENTRY, encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(ENTRY_FILE), *args], cwd=tree, env=environment(home),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = Sampled(process.pid)
    out, err = process.communicate()
    memory.stop()
    wall = time.perf_counter() - started
    if process.returncode:
        raise RuntimeError(f"yusuan {' '.join(args)} ({tree}) failed:\n{err[-3000:]}")
    steps = step_spans(home, before)
    return {"wall": wall, "peak": memory.peak(), "summary": out.strip().splitlines()[-1],
            "steps": {STEPS[k]: end - start for k, (start, end) in steps.items() if k in STEPS},
            "step_peaks": {STEPS[k]: memory.peak(start, end) for k, (start, end) in steps.items() if k in STEPS}}


def step_spans(home: Path, before: str | None) -> dict[str, tuple[float, float]]:
    import dagster as dg

    run_id = latest_run(home)
    if run_id is None or run_id == before:
        return {}
    with dg.DagsterInstance.get() as instance:
        return {s.step_key: (s.start_time, s.end_time) for s in instance.get_run_step_stats(run_id)}


def small(args) -> None:
    work = Path(tempfile.mkdtemp(prefix="yusuan-fixed-"))
    trees = {"this tree": ROOT}
    if args.baseline:
        args.baseline = subprocess.run(["git", "rev-parse", "--short", args.baseline], cwd=ROOT, capture_output=True,
                                       text=True, check=True).stdout.strip()
        trees = {f"before ({args.baseline})": checkout(args.baseline, work / "baseline"), **trees}
    raw = ROOT / "data" / "raw"
    results: dict[str, dict[str, list[dict]]] = {name: {"five samples": [], "no-op": []} for name in trees}
    try:
        for round_ in range(args.runs + 1):  # round 0 writes the bytecode and the instance: not measured
            for name, tree in trees.items():
                folder = work / f"{name.split()[0]}_{round_}"
                home = work / f"home_{name.split()[0]}"
                warehouse = folder / "budget.duckdb"
                first = yusuan(tree, home, "run", "--raw", str(raw), "--warehouse", str(warehouse))
                again = yusuan(tree, home, "run", "--raw", str(raw), "--warehouse", str(warehouse))
                if round_:
                    results[name]["five samples"].append(first)
                    results[name]["no-op"].append(again)
                print(f"{name} round {round_}: {first['wall']:.1f} s, no-op {again['wall']:.2f} s", flush=True)
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    write_small(args, results)


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def write_small(args, results: dict) -> None:
    command = "`.venv/bin/python bench/fixed_costs.py small" + (f" --runs {args.runs}" if args.runs != 3 else "") + (
        f" --baseline {args.baseline}" if args.baseline else "") + "`"
    lines = [SMALL_SECTION, "",
             f"{command}: `yusuan run` on the five samples (data/raw) into a new warehouse, then again with nothing "
             f"changed (the no-op run); each a fresh process, median of {args.runs} rounds after one unmeasured one"
             + (", the trees taking turns in each round" if len(results) > 1 else "")
             + f". Step times from the Dagster event log (median). {_machine()}", "",
             "| tree | run | wall | × this tree | peak memory (process tree) | "
             + " | ".join(STEPS.values()) + " | target |",
             "|---|---|---|---|---|" + "---|" * len(STEPS) + "---|"]
    mine = results["this tree"]
    for name, runs in results.items():
        for what, target in (("five samples", TARGETS["five samples"]), ("no-op", TARGETS["no-op"])):
            wall = _median(runs[what], "wall")
            steps = " | ".join(f"{statistics.median(r['steps'].get(s, 0.0) for r in runs[what]):.2f} s" for s in STEPS.values())
            verdict = f"≤ {target:g} s: {'met' if wall <= target else '**missed**'}" if name == "this tree" else ""
            lines.append(f"| {name} | {what} | {wall:.2f} s | {wall / _median(mine[what], 'wall'):.2f} × | "
                         f"{_median(runs[what], 'peak'):,.0f} MB | {steps} | {verdict} |")
    lines += ["", "Last line of this tree's runs: " + "; ".join(f"`{runs[-1]['summary']}`" for runs in mine.values()), ""]
    write_section(args.out, SMALL_SECTION, lines)
    print("\n".join(lines))


def large(args) -> None:
    work = args.work
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    corpus = args.corpus
    if corpus is None:
        corpus = work / "corpus" / "raw"
        synth(args.docs, corpus.parent, 7)
    extra = work / "extra" / "raw"
    synth(100, extra.parent, 8)
    raw, warehouse, home = work / f"raw_{args.docs}", work / "wh" / "budget.duckdb", work / "home"
    link_first(corpus, raw, args.docs)
    first = yusuan(ROOT, home, "run", "--raw", str(raw), "--warehouse", str(warehouse))
    print("first load", first, flush=True)
    noop = yusuan(ROOT, home, "run", "--raw", str(raw), "--warehouse", str(warehouse))
    shutil.copytree(extra, raw / "_new_batch", copy_function=os.link)
    increment = yusuan(ROOT, home, "run", "--raw", str(raw), "--warehouse", str(warehouse))
    print("increment", increment, flush=True)
    write_large(args, {f"{args.docs:,} documents, first load": first, f"no-op run on {args.docs:,}": noop,
                       f"100 new documents into {args.docs:,}": increment}, warehouse.stat().st_size / 2**20)


def write_large(args, runs: dict[str, dict], size_mb: float) -> None:
    command = f"`.venv/bin/python bench/fixed_costs.py large --docs {args.docs}`"
    section = large_section(args.docs)
    lines = [section, "",
             f"{command}: `yusuan synth --docs {args.docs} --seed 7` loaded by a fresh `yusuan run`, then a run with "
             "nothing changed, then 100 new documents (`--seed 8`). Memory: peak resident memory of the whole process "
             "tree, overall and within each step (its times from the Dagster event log). " + _machine(), "",
             "| run | wall | peak memory (process tree) | " + " | ".join(STEPS.values()) + " | peak memory per step | target |",
             "|---|---|---|" + "---|" * len(STEPS) + "---|---|"]
    for what, r in runs.items():
        target = (f"≤ {TARGETS['increment']:g} s: {'met' if r['wall'] <= TARGETS['increment'] else '**missed**'}; "
                  if what.startswith("100 new") else "")
        target += f"≤ 1 GB: {'met' if r['peak'] <= TARGETS['memory'] else '**missed**'}"
        per_step = ", ".join(f"{s} {mb:,.0f} MB" for s, mb in r["step_peaks"].items())
        lines.append(f"| {what} | {r['wall']:.1f} s | {r['peak']:,.0f} MB | "
                     + " | ".join(f"{r['steps'].get(s, 0.0):.1f} s" for s in STEPS.values()) + f" | {per_step or '-'} | {target} |")
    lines += [""] + [f"- {what}: `{r['summary']}`" for what, r in runs.items()]
    lines += ["", f"Warehouse file: {size_mb:,.0f} MB.", ""]
    write_section(args.out, section, lines)
    print("\n".join(lines))


def large_section(docs: int) -> str:
    """Each corpus size its own section, so that a run at one size leaves the others' rows."""
    return f"## Memory and increments at {docs:,} documents"


def _machine() -> str:
    load = os.getloadavg()[0]
    return (f"Machine: {platform.machine()}, {len(os.sched_getaffinity(0))} cores, CPython {platform.python_version()}; "
            f"shared with other work (load average {load:.1f} at the end): compare rows measured in the same run.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("small", "large"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", help="git revision to time as well (small)")
    parser.add_argument("--docs", type=int, default=30000)
    parser.add_argument("--corpus", type=Path, help="raw folder to take the first --docs documents from (large)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/yusuan-fixed-costs"), help="scratch folder (emptied)")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    small(args) if args.mode == "small" else large(args)


if __name__ == "__main__":
    main()
