"""Parse many raw files into typed polars frames, one frame per warehouse table, plus the
ledger of what became of each file. One bad file never stops the batch: it is rejected with
its reason, and the reason reaches the ingest ledger. A run's documents are parsed in parts,
written to Parquet as they come (see yusuan.parts), on every core when there are many. In a run,
each file is read and parsed within a time budget (yusuan.readers.limits.file_seconds), in a
reader process that is killed when a file overruns it; the batch goes on."""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import hashlib
import multiprocessing
import signal
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

import yusuan
from schemas import TABLES
from yusuan.model import collections_paused
from yusuan.parse.document import ROW_GROUPS, parse_document
from yusuan.parts import Parts, cores, on_cores
from yusuan.raw import RawFile
from yusuan.readers import RejectedFile, read_document
from yusuan.readers.limits import file_seconds

# The warehouse tables a parse fills: one row group per table, the documents, and their years.
PARSED_TABLES = ("dim_document", *ROW_GROUPS, "dim_year")
LEDGER_COLUMNS = {"file_name": pl.String, "sha256": pl.String, "status": pl.String, "reason": pl.String}


@dataclass
class ParsedBatch:
    frames: dict[str, pl.DataFrame]  # warehouse table → typed frame (ingest_log excluded)
    ledger: pl.DataFrame  # file_name, sha256, status, reason

    @property
    def rejected(self) -> pl.DataFrame:
        return self.ledger.filter(pl.col("status") == "rejected")


# Below this many files a process pool costs more than it saves: each spawned worker imports
# the parser again (about 2 s), against about 20 ms to parse a document.
POOL_THRESHOLD = 500
# Documents per part: small enough that a part's rows (a few hundred MB as Python objects at
# most) stay well inside memory, large enough that parts do not become thousands of files.
PART_SIZE = 200


def parse_files(files: Iterable[RawFile], progress: Callable[[RawFile], None] | None = None,
                budget: float | None = None) -> ParsedBatch:
    """Parse `files` into frames held in memory: one part of a run. With a `budget` (seconds), each
    file is read in the reader process (_Reader) and rejected when it takes longer; without one,
    on this process (for tests and benchmarks that look inside the parser)."""
    outcomes: list[tuple[RawFile, dict | None, str | None]] = []
    for raw in files:
        outcomes.append((raw, *(_READER.outcome(raw, budget) if budget else _outcome(raw))))
        if progress:
            progress(raw)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    try:
        return _batch(outcomes, now)
    except Exception:  # noqa: BLE001 - some document's rows do not fit the warehouse's types: find it, reject it
        return _batch([(raw, parsed, reason or _misfit(parsed)) for raw, parsed, reason in outcomes], now)


def _batch(outcomes: list[tuple[RawFile, dict | None, str | None]], now: dt.datetime) -> ParsedBatch:
    rows: dict[str, list[dict]] = {group: [] for group in (*ROW_GROUPS, "dim_document")}
    ledger: list[dict] = []
    for raw, parsed, reason in outcomes:
        _collect(rows, ledger, raw, None if reason else parsed, reason, now)
    return ParsedBatch(_frames(rows), pl.DataFrame(ledger, schema=LEDGER_COLUMNS))


def _misfit(parsed: dict[str, list[dict]] | None) -> str | None:
    """Why one document's rows do not make typed frames (a value beyond its column's type), or None.
    Tried only when a whole part failed: a document's frames alone cost more than its share."""
    if parsed is None:
        return None
    for table, group in parsed.items():
        try:
            pl.DataFrame(group, schema=TABLES[table].polars_schema, orient="row" if not group else None)
        except Exception as exc:  # noqa: BLE001 - polars raises several kinds for a value its column cannot hold
            return f"a value in {table} does not fit the warehouse ({type(exc).__name__}: {str(exc).splitlines()[0]})"
    return None


def parse_into(parts: Parts, files: Iterable[RawFile], progress: Callable[[RawFile], None] | None = None,
               duplicates: Iterable[tuple[RawFile, str]] = (), workers: int | None = None,
               pool_from: int = POOL_THRESHOLD, part_size: int = PART_SIZE) -> pl.DataFrame:
    """Parse `files` into `parts`, `part_size` documents a part, on `workers` processes (default:
    every core) from `pool_from` files up, each file within the time budget; returns the ledger.
    `duplicates` (a file and the one it repeats byte for byte) are rejected."""
    files, budget = list(files), file_seconds()
    chunks = split_parts(files, part_size)
    workers = min(workers or cores(), len(chunks)) if len(files) >= pool_from else 1
    ledgers: dict[int, pl.DataFrame] = {}
    if workers <= 1:  # here, with progress file by file
        for number, chunk in enumerate(chunks):
            ledgers[number] = _parse_part(parts, number, chunk, budget, progress)
    else:  # each worker writes its own parts: only the small ledger comes back through the pipe
        jobs = [(parts, n, chunk, budget) for n, chunk in enumerate(chunks)]
        for number, ledger in on_cores(_parse_part_job, jobs, workers):
            ledgers[number] = ledger
            for raw in chunks[number] if progress else ():
                progress(raw)
    return pl.concat([*(ledgers[n] for n in sorted(ledgers)), duplicate_ledger(duplicates)])


def split_parts(files: list[RawFile], part_size: int = PART_SIZE) -> list[list[RawFile]]:
    """The run's files in parts of `part_size`, in order. At least one part, empty when there is
    nothing to parse: the next stages read every table."""
    return [files[i:i + part_size] for i in range(0, len(files), part_size)] or [[]]


def duplicate_ledger(duplicates: Iterable[tuple[RawFile, str]]) -> pl.DataFrame:
    """The ledger rows of files that repeat another byte for byte: rejected, never parsed."""
    return pl.DataFrame([{"file_name": raw.file_name, "sha256": raw.sha256, "status": "rejected",
                          "reason": f"same content as {original}, which is loaded under that name"}
                         for raw, original in duplicates], schema=LEDGER_COLUMNS)


def parse_part(parts: Parts, number: int, files: list[RawFile]) -> pl.DataFrame:
    """One part (see split_parts) parsed on this process into `parts` under `number`, each file
    within the time budget; returns its ledger. For a run whose parts are steps of their own, on
    several machines (assets/parts.py)."""
    return _parse_part(parts, number, files, file_seconds())


def _parse_part(parts: Parts, number: int, files: list[RawFile], budget: float, progress=None) -> pl.DataFrame:
    batch = parse_files(files, progress, budget)
    parts.write(number, batch.frames)
    return batch.ledger


def _parse_part_job(job: tuple[Parts, int, list[RawFile], float]) -> tuple[int, pl.DataFrame]:
    parts, number, files, budget = job
    return number, _parse_part(parts, number, files, budget)


def _outcome(raw: RawFile) -> tuple[dict[str, list[dict]] | None, str | None]:
    """(rows, None) for a parsed file, (None, reason) for a rejected one. Never raises."""
    try:
        return _parse_one(raw), None
    except RejectedFile as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001 - a parser bug in one file must not stop the batch
        return None, _failure(raw, exc)


# Formats as a person names them, for reasons in the ledger.
FORMAT_NAMES = {"tika_text": "text", "docx": "Word (.docx)", "html": "web page", "xlsx": "Excel workbook",
                "ole2": "old Office (.doc/.xls)", "pdf": "PDF", "zip": "zip archive"}


def _failure(raw: RawFile, exc: Exception) -> str:
    """A reason a person can act on for an error the readers and parsers did not foresee."""
    kind = _kind(raw)
    if isinstance(exc, RecursionError):
        return f"{kind} nested too deeply to read (elements within elements thousands of levels deep): damaged or hostile"
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return (f"{kind} that could not be read: it is probably damaged (does it open in its usual program?); if it "
            f"opens, report it to the pipeline's maintainers with the file (internal error {detail})")


class _Reader:
    """A process that reads and parses files for this one, one at a time, and is killed when a file
    takes longer than its budget. Why a process: a signal (SIGALRM) works only in the main thread,
    and interrupts neither calamine nor a regular expression nor any other code in C; a thread
    cannot be stopped at all. A killed process takes all it allocated with it and holds nothing
    the batch needs, so no hung worker is left, whichever thread or worker asks, and a file that
    crashes the reader (an allocation abort in a library) is rejected too. The process is spawned
    (see yusuan.parts), started at the first file and kept for the next (starting one costs the
    parser's imports, about a second), and started again after a file it was killed for."""

    def __init__(self) -> None:
        self.process: multiprocessing.process.BaseProcess | None = None
        self.connection: multiprocessing.connection.Connection | None = None
        self.lock = threading.Lock()  # one file at a time through the pipe

    def outcome(self, raw: RawFile, budget: float) -> tuple[dict[str, list[dict]] | None, str | None]:
        with self.lock:
            if self.process is None or not self.process.is_alive():
                self._start()
            try:
                self.connection.send(raw)
                if self.connection.poll(budget):
                    return self.connection.recv()
            except (EOFError, OSError):  # the process ended while it had this file
                self.process.join()
                reason = _crashed(raw, self.process.exitcode)
            else:
                self.process.kill()
                self.process.join()
                reason = (f"took longer than {budget:g} s to read; stopped there so that the batch goes on (the "
                          "time a file may take, $YUSUAN_FILE_TIMEOUT). A disclosure reads in well under a second: "
                          "this file is unusually large, or made to be slow")
            self.connection.close()
            self.process = None
            return None, reason

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=_serve, args=(child_end,), name="yusuan-reader", daemon=True)
        self.process.start()  # daemonic: ended with this process when it exits
        child_end.close()
        self.connection.recv()  # ready: its imports do not count against the first file's budget


def _serve(connection: multiprocessing.connection.Connection) -> None:
    """The reader process: the outcome of each file it is sent, until the pipe closes."""
    # Linux: the kernel kills the reader when the process that started it dies, even in the middle
    # of a file (PR_SET_PDEATHSIG); elsewhere it ends at its next read from the closed pipe.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    # An ignored SIGTERM is inherited across the spawn (a process running Dagster can have it
    # ignored): then the exit of the process that started the reader, which ends its daemonic
    # children with SIGTERM and waits for them, would wait for ever on a reader blocked on its pipe.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    connection.send("ready")
    while True:
        try:
            raw = connection.recv()
        except EOFError:
            return
        connection.send(_outcome(raw))


_READER = _Reader()  # this process's reader, for every part it parses


def _crashed(raw: RawFile, exitcode: int | None) -> str:
    how = f"killed by {signal.Signals(-exitcode).name}" if exitcode and exitcode < 0 else f"exit status {exitcode}"
    return f"{_kind(raw)} whose reading ended the reader process ({how}): it is damaged, or made to exhaust memory"


def _kind(raw: RawFile) -> str:
    return FORMAT_NAMES.get(raw.format, raw.format or "file")


def _collect(rows: dict, ledger: list, raw: RawFile, parsed: dict | None, reason: str | None, now: dt.datetime) -> None:
    if parsed is not None:
        for group, group_rows in parsed.items():
            rows[group] += group_rows
    # Rejected versions are recorded too, so that an unchanged bad file is not read again.
    rows["dim_document"].append({
        "document_id": raw.document_id, "file_name": raw.file_name, "sha256": raw.sha256, "format": raw.format,
        "size_bytes": raw.size_bytes, "mtime_ns": raw.mtime_ns, "parser_version": yusuan.PARSER_VERSION,
        "status": "rejected" if reason else "current", "reason": reason, "ingested_at": now, "retired_at": None})
    ledger.append({"file_name": raw.file_name, "sha256": raw.sha256, "status": "rejected" if reason else "loaded",
                   "reason": reason})


def _parse_one(raw: RawFile) -> dict[str, list[dict]]:
    if raw.meta_error:
        raise RejectedFile(raw.meta_error)
    # Read again rather than carried from the raw stage: holding a whole corpus in memory
    # between stages does not scale, and the hash check below catches a file changed since.
    try:
        data = raw.read_bytes()
    except OSError as exc:
        raise RejectedFile("the file disappeared or became unreadable between the raw and parsed stages (a download "
                           "or move in progress?); it will be read next run") from exc
    if hashlib.sha256(data).hexdigest() != raw.sha256:
        raise RejectedFile("the file changed between the raw and parsed stages; it will be read next run")
    # One pause over reading and parsing: the document model lives from one to the other, and a
    # collection in between would promote it to the older generations, to be walked by every
    # full collection after (about a tenth of a batch's parse time, bench/parse_speed.py).
    with collections_paused():
        return parse_document(read_document(raw.file_name, data, raw.format or None), raw.document_id, raw.meta)


def _frames(rows: dict[str, list[dict]]) -> dict[str, pl.DataFrame]:
    rows["dim_unit"] = _merge_units(rows["dim_unit"])
    frames = {name: pl.DataFrame(group, schema=TABLES[name].polars_schema, orient="row" if not group else None)
              for name, group in rows.items()}
    frames["dim_subject"] = frames["dim_subject"].unique("subject_id", keep="first", maintain_order=True)
    frames["dim_year"] = frames["dim_disclosure"].select("budget_year").unique().sort("budget_year")
    frames["dim_document"] = frames["dim_document"].unique("document_id", keep="first", maintain_order=True)
    return frames


def _merge_units(units: list[dict]) -> list[dict]:
    """One row per unit, with the aliases every disclosure gave it."""
    merged: dict[str, dict] = {}
    for unit in units:
        known = merged.setdefault(unit["unit_id"], {**unit, "aliases": []})
        known["aliases"] = sorted(set(known["aliases"]) | set(unit["aliases"]))
    return list(merged.values())
