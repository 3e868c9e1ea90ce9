"""A stage's frames on disk, in parts: `<root>/<table>/<part>.parquet`, one part per batch of
documents. Stages hand each other these folders rather than frames, so that a run never holds
the corpus in memory (30,000 disclosures are ~15 million rows) and the warehouse bulk-loads
Parquet. Every part has every table (an empty one keeps its schema), so a part reads whole.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import polars as pl

Job = TypeVar("Job")
Result = TypeVar("Result")


@dataclass(frozen=True)
class Parts:
    root: Path

    def write(self, part: int, frames: dict[str, pl.DataFrame]) -> None:
        for table, frame in frames.items():
            folder = self.root / table
            folder.mkdir(parents=True, exist_ok=True)
            # Written under a temporary name and renamed, so a killed worker leaves no half part.
            path = self.file(table, part)
            frame.write_parquet(path.with_suffix(".tmp"), statistics=False)
            path.with_suffix(".tmp").rename(path)

    def numbers(self) -> list[int]:
        tables = self.tables()
        return sorted(int(p.stem) for p in (self.root / tables[0]).glob("*.parquet")) if tables else []

    def tables(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir() if p.is_dir()) if self.root.exists() else []

    def file(self, table: str, part: int) -> Path:
        return self.root / table / f"{part:06d}.parquet"

    def read(self, part: int) -> dict[str, pl.DataFrame]:
        return {table: pl.read_parquet(self.file(table, part)) for table in self.tables()}

    def glob(self, table: str) -> str:
        """The part files of `table`, for DuckDB's read_parquet."""
        return str(self.root / table / "*.parquet")

    def scan(self, table: str) -> pl.LazyFrame:
        return pl.scan_parquet(self.glob(table))

    def rows(self, table: str) -> int:
        return self.scan(table).select(pl.len()).collect().item() if (self.root / table).exists() else 0

    def clear(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass(frozen=True)
class TableParts:
    """One table of a stage: what a stage's per-table asset hands the next stage."""

    parts: Parts
    table: str

    def scan(self) -> pl.LazyFrame:
        return self.parts.scan(self.table)

    @property
    def rows(self) -> int:
        return self.parts.rows(self.table)


@contextmanager
def relation(frame: pl.DataFrame) -> Iterator[str]:
    """`frame` as a relation a DuckDB statement reads, through a temporary Parquet file: DuckDB's
    Python client imports pandas (half a second of a run) at the first frame handed to it in memory."""
    with tempfile.TemporaryDirectory(prefix="yusuan-frame-") as folder:
        path = Path(folder) / "frame.parquet"
        frame.write_parquet(path)
        yield f"read_parquet('{path}')"


@contextmanager
def listed(texts: list[str]) -> Iterator[str]:
    """`texts` as a query of one column, `value`, for `IN (...)`: as SQL literals, 100,000 of them
    took some 800 MB to parse and bind, outside DuckDB's memory limit; through Parquet, 50 MB."""
    with relation(pl.DataFrame({"value": texts}, schema={"value": pl.String})) as values:
        yield f"SELECT value FROM {values}"


def cores() -> int:
    return len(os.sched_getaffinity(0))


def one_process() -> ProcessPoolExecutor:
    """A process of its own (spawned at the first task given it, see on_cores)."""
    return ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))


def apart(task: Callable[[Job], Result], job: Job, process: ProcessPoolExecutor | None = None) -> Result:
    """`task(job)` on a process of its own — `process` (one_process), else one spawned for it — ended
    after it: what the task imports and allocates is given back when it returns."""
    with process or one_process() as pool:
        return pool.submit(task, job).result()


def on_cores(task: Callable[[Job], Result], jobs: list[Job], workers: int) -> Iterator[Result]:
    """`task(job)` for every job, on `workers` processes (here when 1), in order of completion.
    Each worker pays its imports again (seconds), so callers use one only for many parts."""
    if workers <= 1:
        yield from map(task, jobs)
        return
    # spawn, not fork: the caller may run threads (Dagster's log capture, polars' and DuckDB's
    # pools), and a forked child can inherit one of their locks held, and hang on it for ever.
    # concurrent.futures, not multiprocessing.Pool: its workers are not daemonic, so a task can
    # start a process of its own.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        for done in as_completed([pool.submit(task, job) for job in jobs]):
            yield done.result()
    finally:  # on a task's error, or a caller that stops early: no job not yet started is run
        pool.shutdown(cancel_futures=True)
