"""Parse speed on one core, as a ratio to a bare pass over the same files, and where the time goes. Run:

    .venv/bin/python bench/parse_speed.py [--docs 500] [--baseline REV] [--python PATH] [--instructions]

Two corpora: the five samples (text form, each listed 20 times) and a synthetic corpus
(`yusuan synth --docs N --seed 7`, its default mix of templates). Each is measured in five fresh
processes, one core each, CPU time, best of the five: the full parse (`parse.batch.parse_files`
on this process: read, parse, typed frames; no Dagster) and a bare pass over the same files (read,
split lines, find every number with one regex; repeated to last about as long as a parse pass, right
before it), so that a speed is also a ratio to work any parser must do, on the machine as loaded at
those moments. One more process profiles a parse pass (cProfile) for the functions with the most
time of their own. The share of each stage is measured without the profiler, which weighs on small
functions called often: three more passes with each stage's entry functions wrapped in CPU timers,
garbage collection timed there as well (gc.callbacks; wall time, as a share of the pass's).
With --baseline REV the parser at REV (unpacked with `git archive`) is measured the same way, a
process of each tree in turn, so that both meet the same load: the before and after of a change.
With --python PATH this tree is also measured under another Python 3.11 (with .venv's packages), in
turns with the others: how a Python is built (profile-guided, link-time optimised, libpython linked
in or loaded as a shared library) can move the same parse more than a change to the parser.
Where `make setup` compiled the parser (yusuan/native.py), this tree runs compiled and also as plain
Python (YUSUAN_PURE_PYTHON=1), in the same turns; the profile is of the plain runs, since neither the
stage timers nor cProfile see into native code.
With --instructions valgrind also counts the instructions of each tree's parse, which the load does
not move (minutes more).
Writes the section "Parse speed on one core, and its profile" of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from pathlib import Path

from parse_layouts import ROOT, unpack
from sections import write_section
SECTION = "## Parse speed on one core, and its profile"
TARGET = 250.0  # documents per CPU second on one core, on the synthetic corpus
SAMPLE_REPEATS = 20

# Stages of a parse: (module, attribute) of each entry function where the parse calls it, wrapped
# in a timer in the measuring process. What none of them covers (reading the file and its hash,
# the loops) is "other".
STAGES = {
    # where the parse calls the reader: its reader process's module, or the batch's before that existed
    "reader (bytes → document model)": [("yusuan.parse.reader", "read_document"), ("yusuan.parse.batch", "read_document")],
    "splitting into disclosures, titles": [("yusuan.parse.document", "split_parts")],
    "standard tables": [("yusuan.parse.document", "parse_tables")],
    "targets": [("yusuan.parse.document", "parse_targets")],
    "prose, outline, overview": [("yusuan.parse.prose", f) for f in ("sections", "section_rows", "unit_profiles",
                                                                     "procurement_rows", "fixed_asset_rows", "prose_figures")]
                                + [("yusuan.parse.outline", "promises"), ("yusuan.parse.outline", "breaks"),
                                   ("yusuan.parse.document", "table_figures")],
    "frame building": [("yusuan.parse.batch", "_batch")],
}
TOP = 15
PASSES = 5  # timed passes of each tree, each in a process of its own
INSTRUCTION_DOCUMENTS = 100  # synthetic documents whose parse valgrind counts (--instructions)

# How a Python was built, as far as it can tell: run under each Python measured.
BUILD = r"""
import json, os, sys, sysconfig
configured = sysconfig.get_config_var("CONFIG_ARGS") or ""
try:  # what this process loaded, whatever the build's variables say
    with open("/proc/self/maps") as maps:
        libpython = "shared library" if "libpython" in maps.read() else "linked in"
except OSError:  # no /proc (macOS)
    libpython = "unknown"
print(json.dumps({"version": sys.version.split()[0], "executable": os.path.realpath(sys.executable), "libpython": libpython,
                  "configured": [flag for flag in ("--enable-optimizations", "--with-lto") if flag in configured]}))
"""

# Runs inside each measured process, with that parser's tree first on sys.path; MODE "speed" times
# one pass of each kind, "profile" measures where the time goes.
PROBE = r"""
import cProfile, gc, importlib, json, pstats, re, sys, time
from pathlib import Path
from yusuan.parse.batch import parse_files
from yusuan.raw import read_raw

folder, repeats = Path(sys.argv[1]), int(sys.argv[2])
files = [read_raw(Path(p), folder) for p in json.loads(sys.argv[3])] * repeats
number = re.compile(r"\d[\d,]*\.?\d*")

def bare():
    for raw in files:
        for line in raw.path.read_bytes().decode("utf-8", "replace").splitlines():
            number.findall(line)

def parse():
    batch = parse_files(files)
    return sum(batch.frames[t].height for t in ("fact_expenditure", "fact_income", "fact_three_public"))

stage_s = {stage: 0.0 for stage in STAGES}
def timed(stage, fn):
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            stage_s[stage] += time.process_time() - started
    return wrapper

gc_wall = [0.0, None]
def on_gc(phase, info):
    if phase == "start":
        gc_wall[1] = time.perf_counter()
    elif gc_wall[1] is not None:
        gc_wall[0] += time.perf_counter() - gc_wall[1]

def best(fn, passes):
    runs = []
    for _ in range(passes):
        gc_wall[0] = 0.0
        for stage in stage_s:
            stage_s[stage] = 0.0
        cpu, wall = time.process_time(), time.perf_counter()
        out = fn()
        cpu = time.process_time() - cpu
        runs.append((cpu, gc_wall[0] / (time.perf_counter() - wall), {k: v / cpu for k, v in stage_s.items()}, out))
    return min(runs, key=lambda r: r[0])

def cpu_of(fn):
    started = time.process_time()
    out = fn()
    return time.process_time() - started, out

if MODE == "speed":
    # One timed pass of each after a warm one: the bare pass repeated to last about as long as a
    # parse pass (the best of short passes would catch the machine's fastest moments more often
    # than the best of long ones), right before it, so that both meet the same moments.
    parse_once, _ = cpu_of(parse)  # warm: imports, caches
    rounds = max(1, round(parse_once / cpu_of(bare)[0]))
    bare_s = cpu_of(lambda: [bare() for _ in range(rounds)])[0] / rounds
    parse_s, facts = cpu_of(parse)
    print(json.dumps({"bare_s": bare_s, "parse_s": parse_s, "facts": facts, "documents": len(files)}))
    sys.exit()
parse()  # warm
originals = {}
for stage, entries in STAGES.items():
    for module, name in entries:
        try:
            module = importlib.import_module(module)
        except ModuleNotFoundError:  # a tree from before that module (--baseline)
            continue
        if not hasattr(module, name):
            continue
        originals[(module, name)] = getattr(module, name)
        setattr(module, name, timed(stage, getattr(module, name)))
gc.callbacks.append(on_gc)
_, gc_share, stages, _ = best(parse, 3)
gc.callbacks.remove(on_gc)
for (module, name), fn in originals.items():
    setattr(module, name, fn)
profile = cProfile.Profile()
profile.runcall(parse)
stats = {f"{Path(f).as_posix()}:{line}({name})": (calls, own, cumulative)
         for (f, line, name), (_, calls, own, cumulative, _) in pstats.Stats(profile).stats.items()}
print(json.dumps({"gc_share": gc_share, "stages": stages, "documents": len(files), "stats": stats}))
"""


@dataclass(frozen=True)
class Runner:
    """A parser's tree, the Python it runs under, and whether as plain Python where it is compiled."""
    tree: Path
    python: str = sys.executable
    pure: bool = False

    @property
    def env(self) -> dict[str, str]:
        return {**_ENV, **({"YUSUAN_PURE_PYTHON": "1"} if self.pure else {})}

    def compiled(self) -> bool:
        """Whether this tree runs its compiled parser here (a tree from before there was one does not)."""
        done = subprocess.run([self.python, "-c", self.code(COMPILED)], check=True, capture_output=True, text=True,
                              cwd=self.tree, env=self.env)
        return json.loads(done.stdout)

    def code(self, body: str) -> str:
        """`body` with this tree first on sys.path, and for a Python other than this one .venv's packages
        next (ahead of that Python's own: the versions uv.lock pins)."""
        head = f"import sys; sys.path.insert(0, {str(self.tree)!r})\n"
        if self.python != sys.executable:
            head += (f"import site; _own = sys.path[1:]; site.addsitedir({sysconfig.get_paths()['purelib']!r}); "
                     "sys.path[1:] = [*(p for p in sys.path[1:] if p not in _own), *_own]\n")
        return head + body


def measure(runner: Runner, folder: Path, files: list[Path], repeats: int, mode: str) -> dict:
    done = subprocess.run([runner.python, "-c", runner.code(f"STAGES = {STAGES!r}\nMODE = {mode!r}\n{PROBE}"),
                           str(folder), str(repeats), json.dumps([str(f) for f in files])],
                          check=True, capture_output=True, text=True, cwd=runner.tree, env=runner.env)
    return json.loads(done.stdout.strip().splitlines()[-1])


_ENV = {"PYTHONHASHSEED": "0", "PATH": "/usr/bin:/bin"}
COMPILED = """
import json
try:
    from yusuan.native import compiled
except ImportError:
    compiled = bool
print(json.dumps(compiled()))
"""
# Runs under valgrind, with that parser's tree first on sys.path: `passes` parses of the files.
COUNTED = r"""
import json, sys
from pathlib import Path
from yusuan.parse.batch import parse_files
from yusuan.raw import read_raw
files = [read_raw(Path(p), Path(sys.argv[1])) for p in json.loads(sys.argv[2])]
for _ in range(int(sys.argv[3])):
    parse_files(files)
"""


def instructions(runner: Runner, folder: Path, files: list[Path]) -> float:
    """Instructions a document of a warm parse, as valgrind counts them: unlike time, the count does
    not move with the machine's load. Three passes less one, each in a process of its own, so that
    start-up and what the first pass warms cancel out."""
    counts = []
    for passes in (1, 3):
        done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                               runner.python, "-c", runner.code(COUNTED),
                               str(folder), json.dumps([str(f) for f in files]), str(passes)],
                              check=True, capture_output=True, text=True, cwd=runner.tree, env=runner.env)
        counts.append(int(re.search(r"I\s+refs:\s+([\d,]+)", done.stderr).group(1).replace(",", "")))
    return (counts[1] - counts[0]) / (2 * len(files))


def profile_of(run: dict) -> dict:
    """Stage shares, the share of garbage collection and the top functions by own time."""
    stats = {key.split("/yusuan/", 1)[-1] if "/yusuan/" in key else key.rsplit("/", 1)[-1]: v
             for key, v in run["stats"].items()}
    total = next(v[2] for k, v in stats.items() if k.startswith("parse/batch.py:") and k.endswith("(parse_files)"))
    stages = dict(run["stages"])
    stages["other (file read, hash, loops)"] = 1 - sum(stages.values())
    top = sorted(stats.items(), key=lambda kv: -kv[1][1])[:TOP]
    return {"stages": stages, "gc": run["gc_share"], "calls": sum(v[0] for v in stats.values()) / run["documents"],
            "top": [(name, calls / run["documents"], own / total, cum / total) for name, (calls, own, cum) in top]}


def synth(out: Path, docs: int) -> Path:
    subprocess.run([str(Path(sys.executable).parent / "yusuan"), "synth", "--docs", str(docs), "--out", str(out),
                    "--seed", "7"], check=True, capture_output=True)
    return out / "raw"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=500, help="documents in the synthetic corpus")
    parser.add_argument("--baseline", help="a revision whose parser to measure beside this tree's (before/after)")
    parser.add_argument("--python", action="append", default=[], metavar="PATH",
                        help="another Python 3.11 to measure this tree under, with .venv's packages (repeatable)")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--instructions", action="store_true",
                        help=f"also count the instructions of parsing {INSTRUCTION_DOCUMENTS} synthetic documents (valgrind; minutes)")
    args = parser.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind (Debian: apt install valgrind)")
    for python in args.python:  # .venv's compiled packages are built for its Python's minor version
        found = subprocess.run([python, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True)
        if found.returncode or found.stdout.strip() != str(sys.version_info[:2]):
            parser.error(f"--python {python}: not a Python {sys.version_info[0]}.{sys.version_info[1]} "
                         f"({(found.stdout or found.stderr).strip() or 'no output'}), so .venv's packages do not fit it")
    if args.baseline:  # named by its commit, which a branch name or HEAD stops being
        args.baseline = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.baseline],
                                       check=True, capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        samples = ROOT / "data" / "raw"
        synthetic = synth(work / "synth", args.docs)
        corpora = {
            f"the five samples (text form), ×{SAMPLE_REPEATS}": (samples, sorted(samples.glob("*.txt")), SAMPLE_REPEATS),
            f"synthetic (`yusuan synth --docs {args.docs} --seed 7`)": (synthetic, sorted(synthetic.rglob("*.txt")), 1),
        }
        runners = {"after": Runner(ROOT), **{f"under {python}": Runner(ROOT, python) for python in args.python}}
        if runners["after"].compiled():
            runners = {"after": runners["after"], "plain": Runner(ROOT, pure=True), **runners}
        if args.baseline:
            runners = {"before": Runner(unpack(args.baseline, work / "baseline")), **runners}
        compiled = {label for label, runner in runners.items() if runner.compiled()}
        builds = {python: json.loads(subprocess.run([python, "-c", BUILD], check=True, capture_output=True, text=True).stdout)
                  for python in [sys.executable, *args.python]} if args.python else {}
        results: dict[str, dict[str, dict]] = {}
        for name, (root, files, repeats) in corpora.items():
            runs: dict[str, list[dict]] = {label: [] for label in runners}
            for _ in range(PASSES):  # a process a pass, the runners alternated: all meet the same load
                for label, runner in runners.items():
                    runs[label].append(measure(runner, root, files, repeats, "speed"))
            # The fastest parse with the bare pass of its own process, which met the same moments.
            results[name] = {label: {**min(rs, key=lambda r: r["parse_s"]),
                                     **({} if label in compiled else measure(runners[label], root, files, repeats, "profile"))}
                             for label, rs in runs.items()}
            for label, run in results[name].items():
                print(f"{name} {label}: {run['documents'] / run['parse_s']:.0f} documents/s, "
                      f"{run['parse_s'] / run['bare_s']:.1f} × bare, {run['facts']} facts", flush=True)
        counted = {}
        if args.instructions:
            files = sorted(synthetic.rglob("*.txt"))[:INSTRUCTION_DOCUMENTS]
            for label, runner in runners.items():
                counted[label] = instructions(runner, synthetic, files)
                print(f"instructions {label}: {counted[label] / 1e6:.2f} M a document", flush=True)
    write(args, results, counted, builds, compiled)


def _build_row(item: tuple[str, dict]) -> str:
    python, build = item
    where = f"`{python}`" + (f" (.venv, on `{build['executable']}`)" if python == sys.executable else "")
    flags = ", ".join(f"`{flag}`" for flag in build["configured"]) or "neither `--enable-optimizations` nor `--with-lto`"
    return f"| {where} | {build['version']} | {build['libpython']} | {flags} |"


def write(args, results: dict[str, dict[str, dict]], counted: dict[str, float], builds: dict[str, dict],
          compiled: set[str]) -> None:
    command = f"`.venv/bin/python bench/parse_speed.py --docs {args.docs}"
    command += f" --baseline {args.baseline}" if args.baseline else ""
    command += "".join(f" --python {python}" for python in args.python)
    command += " --instructions`" if counted else "`"
    names = {"before": f"at {args.baseline}", "after": "this tree" + (", compiled" if "after" in compiled else ""),
             "plain": "this tree as plain Python", **{f"under {python}": f"this tree under `{python}`" for python in args.python}}
    plain = "plain" in next(iter(results.values()))
    labels = [names[label] for label in next(iter(results.values()))]
    lines = [SECTION, "",
             f"{command}: a pass a fresh process, one core, CPU time, best of {PASSES} passes; the full parse is",
             "`parse.batch.parse_files` (read, parse, typed frames; no Dagster). In brackets the parse time as a multiple",
             "of a bare pass over the same files in the same process (read, split lines, find every number with one regex;",
             "repeated to last about as long as a parse pass, right before it). On this shared machine the documents per second",
             "move with its load, and the bare pass's own speed moves from process to process too, so the ratios move with it:",
             "compare trees by the CPU-time column (their processes in turns) and by the instruction count (--instructions).",
             *(["The parser at the baseline revision and this tree's (with whatever it holds uncommitted) ran in turns,",
                "a process of each."] if args.baseline else []),
             *(["This tree ran compiled (`make setup`, yusuan/native.py) and as plain Python (`YUSUAN_PURE_PYTHON=1`) in",
                "those turns too."] if plain else []),
             *(["Under another Python (`--python`), the same tree with .venv's packages ran in those turns too; each",
                "ratio is to the bare pass under its own Python. The Pythons:", "",
                "| Python | version | libpython | configured with |", "|---|---|---|---|",
                *map(_build_row, builds.items())] if args.python else []),
             "", "| corpus | " + " | ".join(f"{label}: documents/s (× bare)" for label in labels)
             + (" | CPU time, this tree / baseline" if args.baseline else "")
             + (" | CPU time, compiled / plain" if plain else "")
             + "".join(f" | CPU time, under `{python}` / .venv's{' (plain)' if plain else ''}" for python in args.python)
             + " | facts |",
             "|---|" + "---|" * (len(labels) + 1 + bool(args.baseline) + plain + len(args.python))]
    for name, runs in results.items():
        speeds = [f"{r['documents'] / r['parse_s']:.0f} ({r['parse_s'] / r['bare_s']:.1f} ×)" for r in runs.values()]
        ratio = [f"{runs['after']['parse_s'] / runs['before']['parse_s']:.2f}"] if args.baseline else []
        ratio += [f"{runs['after']['parse_s'] / runs['plain']['parse_s']:.2f}"] if plain else []
        ratio += [f"{runs[f'under {python}']['parse_s'] / runs['plain' if plain else 'after']['parse_s']:.2f}"
                  for python in args.python]  # plain Python under either
        facts = " → ".join(f"{r['facts']:,}" for r in runs.values())
        lines.append(f"| {name} | " + " | ".join(speeds + ratio) + f" | {facts} |")
    synthetic = next(runs for name, runs in results.items() if name.startswith("synthetic"))
    if counted:
        lines += ["", f"Instructions a document of a warm parse, counted by valgrind (`--instructions`: the first "
                      f"{INSTRUCTION_DOCUMENTS} synthetic documents; a count the machine's load does not move): "
                      + ", ".join(f"{names[label]} {n / 1e6:.2f} M" for label, n in counted.items())
                      + (f"; this tree / baseline {counted['after'] / counted['before']:.3f}" if "before" in counted else "") + "."]
    lines += ["", f"Target: {TARGET:.0f} documents/s on one core on the synthetic corpus. Measured:", ""]
    for label, run in synthetic.items():
        if label == "before":
            continue
        speed = run["documents"] / run["parse_s"]
        # The target as a ratio to the bare pass, at the speed the bare pass ran at in that process.
        needed = run["documents"] / run["bare_s"] / TARGET
        lines.append(f"- {names[label]}: {speed:.0f} documents/s, {run['parse_s'] / run['bare_s']:.1f} × bare, where the target "
                     f"was {needed:.1f} × bare or less: {'met' if speed >= TARGET else '**missed**'}.")
    lines.append("")
    for name, runs in results.items():
        profiles = {names[label]: profile_of(run) for label, run in runs.items() if label not in compiled}
        lines += [f"### Profile: {name}", "",
                  "Share of the parse's CPU time by stage (timers on each stage's entry functions, no profiler; best of 3 passes",
                  "in a process apart from those the speed is taken from).",
                  *(["Of the plain runs only: the stage timers and cProfile do not see into compiled code."] if compiled else []),
                  "Garbage collection is part of whichever stage allocated; its own row is its share of the whole.", "",
                  "| stage | " + " | ".join(profiles) + " |", "|---|" + "---|" * len(profiles)]
        for stage in next(iter(profiles.values()))["stages"]:
            lines.append(f"| {stage} | " + " | ".join(f"{p['stages'][stage]:.0%}" for p in profiles.values()) + " |")
        lines.append("| garbage collection (of the whole, timed apart) | "
                     + " | ".join(f"{p['gc']:.1%}" for p in profiles.values()) + " |")
        lines.append("| Python function calls per document | "
                     + " | ".join(f"{p['calls']:,.0f}" for p in profiles.values()) + " |")
        for label, p in profiles.items():
            lines += ["", f"Top {TOP} functions by own time under cProfile, {label} (shares of the profiled parse):", "",
                      "| function | calls per document | own time | cumulative |", "|---|---|---|---|"]
            lines += [f"| `{fn}` | {calls:,.{0 if calls >= 10 else 2}f} | {own:.1%} | {cum:.1%} |" for fn, calls, own, cum in p["top"]]
        lines.append("")
    write_section(args.out, SECTION, lines)


if __name__ == "__main__":
    main()
