"""Where the warehouse lives: a DuckDB file (the default, data/warehouse/budget.duckdb) or a
DuckLake — its catalog in PostgreSQL, its data as Parquet files in a shared folder or in object
storage (s3://, through DuckDB's httpfs) — for when several machines write and many analysts
read. The same SQL runs on both: each connection attaches the warehouse as `wh` and makes it the
default catalog.

A DuckDB file is written in place, in one transaction: DuckDB commits it whole (its write-ahead
log included) or not at all, so a failed or killed run leaves the warehouse as it was, and the
cost of a publish is that of the rows it changes. DuckDB's lock on the file lets no reader open
it while a writer holds it, and no writer while a reader does, so:

- a publish finding a reader (an analyst's connection, another process's `yusuan sql`) writes a
  staging copy of the file instead, renamed over it when complete: the reader keeps the old file
  (Linux keeps the unlinked inode), new connections get the new one; the copy costs a read and a
  write of the whole file;
- a large publish (a first load, a rebuild, a revalidation: more than a part of documents) writes
  a staging file too (a copy of the warehouse, when there is one), one statement after the other,
  since one transaction holds all its rows in memory until it commits (LOAD_MEMORY);
- `Warehouse.read` opened while a run writes in place waits for it, saying so; other programs
  get DuckDB's lock error for the seconds of a publish and open again.

Runs are serialised by a lock file beside the warehouse. A DuckLake is written in one transaction
too: its readers see the snapshot before it or after it, without waiting.
"""

from __future__ import annotations

import errno
import fcntl
import importlib.util
import os
import shutil
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import duckdb

LAKE_PREFIX = "ducklake:"
ALIAS = "wh"
# A load spills to disk beyond this, as long as no one statement adds more than fits (publish
# loads a part at a time), so that a run stays inside 1 GB for the whole process tree whatever
# the warehouse's size (BENCHMARKS.md), with the run's own process (Dagster, polars, the plan:
# 300-400 MB) beside it. DuckDB fills its cap with the warehouse's blocks and holds some 200 MB
# more of its own; a load of 100,000 documents took 216 s at 384 MB, about the same at 256 MB.
LOAD_MEMORY = "256MB"
# The cap while Python works beside DuckDB on the same connection (the derived tables): lowered,
# DuckDB gives back the warehouse blocks it caches (clean; read again if needed), some 250 MB of a
# first load of 100,000 documents, while the derived tables' Python objects took 200 MB.
BESIDE_PYTHON_MEMORY = "128MB"
# What DuckDB says when another connection holds the file: in another process (its lock), or in this one.
_LOCKED = "Could not set lock on file"
_HELD = (_LOCKED, "Unique file handle conflict")
READ_WAIT_S = 300  # a publish in place takes seconds: a reader waiting this long is stuck behind something else


def load_extension(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """LOAD an extension from its PyPI wheel (duckdb-extension-<name>), never from the network:
    many users' machines are offline."""
    spec = importlib.util.find_spec(f"duckdb_extension_{name}")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the DuckDB extension {name} is not installed (pip package duckdb-extension-{name})")
    folder = Path(spec.submodule_search_locations[0]) / "extensions" / f"v{duckdb.__version__}"
    files = sorted(folder.glob("*.duckdb_extension"))
    if not files:
        raise RuntimeError(f"no {name} extension for duckdb {duckdb.__version__} in {folder}")
    con.execute(f"LOAD '{files[0]}'")


def s3_settings(environ: Mapping[str, str]) -> dict[str, str]:
    """DuckDB's settings for an S3-compatible store that is not AWS itself (MinIO, Ceph, a cloud's
    own), from `AWS_ENDPOINT_URL` — the variable boto3 and the aws CLI read. DuckDB takes the keys
    and the region from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_REGION` by itself, but
    not the endpoint. Such stores are addressed by path (`host/bucket/key`), not by a bucket host name."""
    endpoint = environ.get("AWS_ENDPOINT_URL")
    if not endpoint:
        return {}
    url = urlsplit(endpoint)
    return {"s3_endpoint": url.netloc, "s3_use_ssl": str(url.scheme == "https").lower(), "s3_url_style": "path"}


class WarehouseBusy(Exception):
    """Another run holds the warehouse's run lock; the message says which and where."""


class WarehouseUnwritable(Exception):
    """The warehouse's folder cannot be written (read-only, not a folder, full); the message says why."""


# OS errors a run meets writing its parts and the warehouse, in words for the person at the terminal.
_OS_ERRORS = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
              errno.EROFS: "the file system is read-only", errno.EACCES: "permission denied",
              errno.EPERM: "permission denied", errno.ENOTDIR: "a part of the path is a file, not a folder",
              errno.EEXIST: "a file stands where the folder should be",
              errno.ENOENT: "the folder does not exist"}


def plain_os_error(exc: OSError) -> str:
    words = _OS_ERRORS.get(exc.errno, exc.strerror or str(exc))
    return f"{words} ({exc.filename})" if exc.filename else words


@dataclass(frozen=True)
class Warehouse:
    """`location` is a DuckDB file path or `ducklake:<catalog>` (e.g. `ducklake:postgres:dbname=yusuan
    host=localhost`); a DuckLake's Parquet files go to `lake_data` when the lake is created, or to
    `lake_objects` (`s3://bucket/prefix/`) when given: the run's parts and reports stay in `lake_data`,
    a folder every machine of a run sees."""

    location: str
    lake_data: Path | None = None
    lake_objects: str | None = None

    @property
    def is_lake(self) -> bool:
        return self.location.startswith(LAKE_PREFIX)

    @property
    def path(self) -> Path:
        return Path(self.location)

    @property
    def work_dir(self) -> Path:
        """A local folder for the run's parts and reports: beside the file, or the lake's data folder."""
        return (self._lake_data if self.is_lake else self.path.parent) / ".runs"

    @property
    def _lake_data(self) -> Path:
        if self.lake_data is None:
            raise ValueError(f"{self.location}: a DuckLake warehouse needs a data folder for its Parquet files")
        return self.lake_data

    def exists(self) -> bool:
        if not self.is_lake:
            return self.path.exists()
        try:
            with self.read():
                return True
        except duckdb.InvalidInputException as exc:  # a catalog database without a lake in it yet
            if "does not exist" in str(exc):
                return False
            raise

    def _attach(self, con: duckdb.DuckDBPyConnection, target: str, read_only: bool) -> None:
        if not read_only:
            con.execute(f"SET memory_limit = '{LOAD_MEMORY}'")
            # The run's Parquet parts are read once: cached (DuckDB's default), they held 107 MB
            # of the cap at the end of a first load of 100,000 documents.
            con.execute("SET enable_external_file_cache = false")
            con.execute(f"SET temp_directory = '{self.work_dir / 'spill'}'")
        if self.is_lake:
            load_extension(con, "ducklake")
            if "postgres:" in self.location:
                load_extension(con, "postgres_scanner")
            self._lake_data.mkdir(parents=True, exist_ok=True)
            if self.lake_objects:
                load_extension(con, "httpfs")
                for setting, value in s3_settings(os.environ).items():
                    con.execute(f"SET {setting} = '{value}'")
            data_path = self.lake_objects or f"{self._lake_data}/"
            con.execute(f"ATTACH '{target}' AS {ALIAS} (DATA_PATH '{data_path}'{', READ_ONLY' if read_only else ''})")
        else:
            con.execute(f"ATTACH '{target}' AS {ALIAS}{' (READ_ONLY)' if read_only else ''}")
        con.execute(f"USE {ALIAS}")

    def check_writable(self) -> None:
        """Raise WarehouseUnwritable when the folder the run writes in (the warehouse's, or the
        lake's data folder) cannot be written: found before parsing, not after every file is read."""
        folder = self.work_dir.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / f".write-probe-{os.getpid()}"
            probe.write_bytes(b"yusuan")
            probe.unlink()
        except OSError as exc:
            raise WarehouseUnwritable(f"cannot write in {folder}: {plain_os_error(exc)}") from None

    @contextmanager
    def run_lock(self) -> Iterator[None]:
        """Held by a run from its plan to its publish: a second run into the same warehouse would
        plan against the state the first is about to change. Refuses at once (WarehouseBusy)
        rather than waiting an unknown time. The lock is a file beside the warehouse (for a
        DuckLake, in its data folder); the kernel releases it when the run's process ends."""
        folder = self.work_dir.parent
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / (f".{self.path.name}.run.lock" if not self.is_lake else ".lake.run.lock")
        with open(path, "a+") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.seek(0)
                raise WarehouseBusy(f"another run is writing {self.location} ({lock.read().strip() or 'lock'} {path}); "
                                    "try again when it has finished") from None
            lock.truncate(0)
            lock.write(f"process {os.getpid()}, lock file")
            lock.flush()
            yield

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection on the published warehouse (which must exist); waits while a run
        writes a DuckDB file in place."""
        with duckdb.connect() as con:
            waited = 0.0
            while True:
                try:
                    self._attach(con, self.location, read_only=True)
                    break
                except duckdb.IOException as exc:
                    if _LOCKED not in str(exc) or waited >= READ_WAIT_S:
                        raise
                    if not waited:
                        print(f"{self.location}: a run is publishing into it; waiting", file=sys.stderr, flush=True)
                    time.sleep(0.25)
                    waited += 0.25
            yield con

    @contextmanager
    def write(self, small: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection on the warehouse (empty when there is none yet) whose work is published
        all at once when the block ends without error, and not at all otherwise. `small`: the
        work fits in memory as one transaction (see the module's docstring)."""
        if self.is_lake:
            with duckdb.connect() as con:
                self._attach(con, self.location, read_only=False)
                with _transaction(con):
                    yield con
            return
        path = self.path
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.with_name(f".{path.name}.lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            staging = path.with_name(f".{path.name}.staging")
            _clear(staging)  # left by a run that was killed
            con = self._in_place() if small and path.exists() else None
            if con is not None:
                with con:
                    with _transaction(con):
                        yield con
                    con.execute(f"CHECKPOINT {ALIAS}")  # committed already; readers then need not replay the log
                return
            log = _log(path)
            try:
                if path.exists():
                    shutil.copyfile(path, staging)
                if log.exists():  # a publish in place killed after its commit: the commit is there
                    shutil.copyfile(log, _log(staging))
                with duckdb.connect() as con:
                    self._attach(con, str(staging), read_only=False)
                    yield con
                    con.execute(f"CHECKPOINT {ALIAS}")
                # DuckDB would replay the old file's log onto the new one. Killed between the two,
                # the old file is left without its last publish, ledger included: the next run does it again.
                log.unlink(missing_ok=True)
                os.replace(staging, path)
            finally:
                _clear(staging)

    def _in_place(self) -> duckdb.DuckDBPyConnection | None:
        """A connection writing the warehouse file itself, or None while another connection holds it."""
        con = duckdb.connect()
        try:
            self._attach(con, self.location, read_only=False)
        except (duckdb.IOException, duckdb.BinderException) as exc:
            con.close()
            if any(words in str(exc) for words in _HELD):
                return None
            raise
        return con


@contextmanager
def beside_python(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """A writing connection's DuckDB held to BESIDE_PYTHON_MEMORY for the block."""
    con.execute(f"SET memory_limit = '{BESIDE_PYTHON_MEMORY}'")
    try:
        yield
    finally:
        con.execute(f"SET memory_limit = '{LOAD_MEMORY}'")


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _log(database: Path) -> Path:
    """The write-ahead log DuckDB keeps beside a database file."""
    return Path(f"{database}.wal")


def _clear(staging: Path) -> None:
    staging.unlink(missing_ok=True)
    _log(staging).unlink(missing_ok=True)
