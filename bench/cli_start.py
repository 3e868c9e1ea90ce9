"""Start time of the `yusuan` command: `yusuan --help`, median of fresh processes, against a bare
`python -c pass`. Writes the section "`yusuan` start-up" of BENCHMARKS.md.

Run: .venv/bin/python bench/cli_start.py [--runs 5] [--baseline REV]

--baseline REV also times the CLI of a git revision (extracted with `git archive` into a
temporary folder and run from there with this .venv), to show the change against it.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

from sections import write_section

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## `yusuan` start-up"
TARGET_S = 1.5
HELP = "import sys; sys.argv = ['yusuan', '--help']; from pipelines.cli import app; app()"


def median_seconds(command: list[str], runs: int, cwd: Path) -> float:
    """Median wall time of `runs` fresh processes (after one unmeasured run that warms the file cache)."""
    times = []
    for i in range(runs + 1):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        if i:
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def checkout(rev: str, into: Path) -> Path:
    archive = subprocess.run(["git", "archive", "--format=tar", rev, "pipelines", "yusuan", "schemas", "assets"],
                             cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", help="git revision to time as well (e.g. HEAD before a change)")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    script = Path(sys.executable).with_name("yusuan")
    rows = [("`python -c pass`", median_seconds([sys.executable, "-c", "pass"], args.runs, ROOT))]
    if args.baseline:
        args.baseline = subprocess.run(["git", "rev-parse", "--short", args.baseline], cwd=ROOT, capture_output=True,
                                       text=True, check=True).stdout.strip()
        with tempfile.TemporaryDirectory() as tmp:
            # From its own folder, `-c` puts the revision's packages first on sys.path.
            old = checkout(args.baseline, Path(tmp))
            rows.append((f"`yusuan --help` at {args.baseline}", median_seconds([sys.executable, "-c", HELP], args.runs, old)))
    rows.append(("`yusuan --help`", median_seconds([str(script), "--help"], args.runs, ROOT)))
    rows.append(("`yusuan rules`", median_seconds([str(script), "rules"], args.runs, ROOT)))
    for name, seconds in rows:
        print(f"{name}: {seconds:.3f} s", flush=True)
    write(args, rows)


def write(args, rows: list[tuple[str, float]]) -> None:
    bare = rows[0][1]
    command = "`.venv/bin/python bench/cli_start.py" + (f" --runs {args.runs}" if args.runs != 5 else "") + (
        f" --baseline {args.baseline}" if args.baseline else "") + "`"
    lines = [SECTION, "",
             f"{command}: wall time of a fresh process, median of {args.runs} (after one unmeasured run); "
             f"CPython {platform.python_version()}, {platform.machine()}. `--help`, `check`, `status` and `rules` "
             "import no Dagster (tests/unit/test_cli_start.py); `run` and `ui` import it when they start it.", "",
             "| command | median | × `python -c pass` | target |", "|---|---|---|---|"]
    for name, seconds in rows:
        target = "" if name.startswith("`python") else f"< {TARGET_S} s: {'met' if seconds < TARGET_S else 'not met'}"
        lines.append(f"| {name} | {seconds:.2f} s | {seconds / bare:.0f} × | {target} |")
    lines.append("")
    write_section(args.out, SECTION, lines)


if __name__ == "__main__":
    main()
