"""Benchmarks: writes BENCHMARKS.md. Run: .venv/bin/python bench/run.py [--copies N]

Speeds are reported per 1,000 disclosures and as ratios against the parse of the same
disclosures measured in the same run, since this machine is shared and its clock noisy.
The batch is the five seeds' parsed frames replicated N times under new disclosure ids: the
rules see N times the rows, with the seeds' mix of consistent and broken identities.
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from yusuan.parse.batch import parse_files  # noqa: E402
from yusuan.quality.evaluate import evaluate  # noqa: E402
from yusuan.raw import scan_raw  # noqa: E402

KEYS = ("disclosure_id", "project_id", "indicator_id")


def replicate(frames: dict[str, pl.DataFrame], copies: int) -> dict[str, pl.DataFrame]:
    """`copies` copies of every disclosure-scoped frame, the document part of their ids replaced
    by the copy number (so that every id still has its warehouse format)."""
    out = {}
    for name, frame in frames.items():
        if "disclosure_id" not in frame.columns and "project_id" not in frame.columns:
            out[name] = frame
            continue
        parts = []
        for n in range(copies):
            parts.append(frame.with_columns(pl.col(k).str.replace(r"^[0-9a-f]{8}", f"{n:08x}") for k in KEYS if k in frame.columns))
        out[name] = pl.concat(parts)
    return out


def incremental(folder: Path) -> dict[str, float]:
    """Wall time of the real job (in-process, imports done) for a first load of the seeds, a run
    with nothing changed, and a run with one seed edited."""
    import shutil

    import dagster as dg

    from pipelines.definitions import build_defs
    from pipelines.resources import YusuanPaths

    raw, warehouse = folder / "raw", folder / "budget.duckdb"
    shutil.copytree(ROOT / "data" / "raw", raw)
    job = build_defs(YusuanPaths(raw_dir=str(raw), warehouse=str(warehouse))).resolve_job_def("build_warehouse")
    quiet = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}

    def timed() -> float:
        started = time.perf_counter()
        assert job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), run_config=quiet).success
        return time.perf_counter() - started

    times = {"first load of the 5 seeds": timed(), "no-op run (nothing changed)": timed()}
    edited = raw / "001_b2c706af3b854347.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("\t1452.21\n", "\t1452.20\n", 1), encoding="utf-8")
    times["one seed edited"] = timed()
    return times


def parallel_parse(folder: Path, copies: int) -> dict[str, float]:
    """Parse `copies` × the seeds (each a distinct document) on one process and on every core."""
    for n in range(copies):
        for seed in sorted((ROOT / "data" / "raw").glob("*.txt")):
            (folder / f"{n:03d}_{seed.name}").write_text(seed.read_text(encoding="utf-8") + f"\n副本{n}\n", encoding="utf-8")
    files = scan_raw(folder)
    times = {}
    for workers in (1, _cpus()):
        started = time.perf_counter()
        parse_files(files, workers=workers, pool_from=2)
        times[workers] = time.perf_counter() - started
    return {"documents": len(files), **times}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=200, help="copies of the seeds' disclosures (6 each)")
    args = parser.parse_args()
    files = scan_raw(ROOT / "data" / "raw")
    started = time.perf_counter()
    batch = parse_files(files)
    parse_s = time.perf_counter() - started
    disclosures = batch.frames["dim_disclosure"].height
    evaluate(batch.frames)  # imports Great Expectations and warms it up: once per run in production too
    frames = replicate(batch.frames, args.copies)
    n = frames["dim_disclosure"].height
    started = time.perf_counter()
    quality = evaluate(frames)
    validate_s = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    parse_per_1000 = parse_s / disclosures * 1000
    validate_per_1000 = validate_s / n * 1000
    rows = sum(f.height for f in frames.values())
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        runs = incremental(Path(folder))
    with tempfile.TemporaryDirectory() as folder:
        par = parallel_parse(Path(folder), 120)
    cores = _cpus()
    run_rows = "\n".join(f"| {what} | {seconds:.2f} s | {seconds / runs['first load of the 5 seeds']:.2f} × the first load |"
                         for what, seconds in runs.items())
    report = f"""# Benchmarks

Command: `.venv/bin/python bench/run.py --copies {args.copies}` · machine: {platform.machine()}, \
{platform.python_implementation()} {platform.python_version()}, {_cpus()} cores · peak RSS {peak_mb:.0f} MB

| what | measured | per 1,000 disclosures |
|---|---|---|
| parse the 5 seeds ({disclosures} disclosures, one process) | {parse_s:.2f} s | {parse_per_1000:.1f} s |
| validate {n:,} disclosures ({rows:,} rows; {quality.results.height:,} dq_result rows, {quality.results.filter(status='fail').height:,} failures) | {validate_s:.2f} s | {validate_per_1000:.2f} s |
| validation against parsing, same disclosures | | {validate_per_1000 / parse_per_1000:.3f} × |
| parse {par['documents']} documents on 1 process | {par[1]:.2f} s | {par['documents'] / par[1]:.1f} documents/s |
| the same on {cores} processes | {par[cores]:.2f} s | {par['documents'] / par[cores] / cores:.1f} documents/s per core; {par[1] / par[cores]:.2f} × faster |

## Runs of the Dagster job (in-process, after imports; `yusuan run` adds about 5 s of imports)

| run | wall time | against the first load, same run |
|---|---|---|
{run_rows}

Validation runs every rule of schemas/rules.yaml: Pandera on every frame, and the reconciliation
identities computed in polars and judged by Great Expectations in one batch. Great Expectations is
imported and its context built once, before the timing (about 2-10 s, once per run). The failures
are the seeds' own (27) once per copy, plus one DEP-001 per copy of department 455, whose unit
455001 now appears once in every copy.
"""
    (ROOT / "BENCHMARKS.md").write_text(report, encoding="utf-8")
    print(report)


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0))


if __name__ == "__main__":
    main()
