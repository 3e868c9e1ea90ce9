"""Parse many raw files into typed polars frames, one frame per warehouse table, plus the
ledger of what became of each file. One bad file never stops the batch: it is rejected with
its reason, and the reason reaches the ingest ledger. A run's documents are parsed in parts,
written to Parquet as they come (see yusuan.parts), on every core when there are many. In a run,
each file is read and parsed within a time budget (yusuan.readers.limits.file_seconds), in a
reader process that is killed when a file overruns it; the batch goes on."""

from __future__ import annotations

import datetime as dt
import itertools
import queue
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

import yusuan
from schemas import TABLES
from yusuan.model import collections_paused
from yusuan.parse.columns import PLAIN_ROWS, Named, in_order, named_columns
from yusuan.parse.document import ROW_GROUPS
from yusuan.parse.reader import READER, Reader, outcome
from yusuan.parts import Parts, cores
from yusuan.raw import RawFile
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


# Below this many files one reader process parses them all: each further reader imports the
# parser again (about a second), against about 10 ms to parse a document.
POOL_THRESHOLD = 500
# Documents per part: small enough that a part's frames stay well inside memory, large enough that
# parts do not become thousands of files.
PART_SIZE = 200


def parse_files(files: Iterable[RawFile], progress: Callable[[RawFile], None] | None = None,
                budget: float | None = None, reader: Reader = READER) -> ParsedBatch:
    """Parse `files` into frames held in memory: one part of a run. With a `budget` (seconds), each
    file is read in a reader process (yusuan.parse.reader; `reader`) and rejected when it takes longer;
    without one, on this process (for tests and benchmarks that look inside the parser)."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)

    def read(raw: RawFile) -> tuple[RawFile, dict | None, str | None]:
        result = reader.outcome(raw, budget) if budget else outcome(raw)
        if progress:
            progress(raw)
        return (raw, *result)

    files = iter(files)
    pieces: list[ParsedBatch] = []
    while True:
        # Collection paused over a piece, not only over each document: the rows held for it would
        # otherwise be walked by each young collection, then promoted, and every so often a full
        # collection walks every object the process holds (2.4 % of a 500-document parse). Resumed
        # between pieces, so what a reader leaves in reference cycles is freed a piece at a time.
        with collections_paused():
            outcomes = [read(raw) for raw in itertools.islice(files, ROWS_HELD)]
            if outcomes or not pieces:
                pieces.append(_piece(outcomes, now))
            last = len(outcomes) < ROWS_HELD
            # Freed while collection is paused: held past it, the piece's columns (tuples, which
            # the collector tracks) would be walked by the first collection after.
            del outcomes
        if last:
            return _joined(pieces)


# Documents whose rows are held as Python objects at a time, before they become typed frames: the
# rows of a whole part as dicts are several times the size of its frames (a process building a
# part's frames at once peaked at 217 MB against 169 MB 25 documents at a time, 3,000 synthetic
# documents), and frames of fewer documents cost no more to build.
ROWS_HELD = 25


def _piece(outcomes: list[tuple[RawFile, dict | None, str | None]], now: dt.datetime) -> ParsedBatch:
    try:
        return _batch(outcomes, now)
    except Exception:  # noqa: BLE001 - some document's rows do not fit the warehouse's types: find it, reject it
        return _batch([(raw, parsed, reason or _misfit(parsed)) for raw, parsed, reason in outcomes], now)


def _batch(outcomes: list[tuple[RawFile, dict | None, str | None]], now: dt.datetime) -> ParsedBatch:
    """The frames of the documents of `outcomes` (each parsed as yusuan.parse.columns packs it)."""
    tables: dict[str, list] = {group: [] for group in ROW_GROUPS}
    documents: list[dict] = []
    ledger: list[dict] = []
    for raw, parsed, reason in outcomes:
        _collect(tables, documents, ledger, raw, None if reason else parsed, reason, now)
    frames = {name: _frame(name, _merge_units(group)) if name == "dim_unit" else _frame_of(name, group)
              for name, group in tables.items()}
    frames["dim_document"] = _frame("dim_document", documents)
    return ParsedBatch(_unique(frames), pl.DataFrame(ledger, schema=LEDGER_COLUMNS))


def _joined(pieces: list[ParsedBatch]) -> ParsedBatch:
    """The pieces of a part as one batch: the rows of each table in order, the shared dimensions
    made unique across pieces as _batch makes them within one."""
    frames = {name: pl.concat([piece.frames[name] for piece in pieces]) for name in pieces[0].frames}
    frames["dim_unit"] = _frame("dim_unit", _merge_units(frames["dim_unit"].to_dicts()))
    return ParsedBatch(_unique(frames), pl.concat([piece.ledger for piece in pieces]))


def _misfit(parsed: dict | None) -> str | None:
    """Why one document's rows do not make typed frames (a value beyond its column's type), or None.
    Tried only when a whole piece failed: a document's frames alone cost more than its share."""
    if parsed is None:
        return None
    for table, group in parsed.items():
        try:
            _frame(table, group) if table in PLAIN_ROWS else _frame_of(table, [group])
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
    else:
        for number, ledger in _on_readers(parts, chunks, budget, workers):
            ledgers[number] = ledger
            for raw in chunks[number] if progress else ():
                progress(raw)
    return pl.concat([*(ledgers[n] for n in sorted(ledgers)), duplicate_ledger(duplicates)])


def _on_readers(parts: Parts, chunks: list[list[RawFile]], budget: float, workers: int) -> Iterator[tuple[int, pl.DataFrame]]:
    """(number, ledger) of each part, parsed by `workers` reader processes at once, in order of
    completion. A thread of this process feeds each reader and makes the frames of its part: the
    reading and parsing, nearly all of the work, is the readers', and a worker process between them
    and this one would hold imports and an allocator of its own (about 160 MB, to build frames of
    25 documents at a time). On a part's error, or a caller that stops early, no part not yet
    started is parsed; the readers end with the parse."""
    readers: queue.SimpleQueue[Reader] = queue.SimpleQueue()
    for _ in range(workers):
        readers.put(Reader())

    def part(number: int) -> tuple[int, pl.DataFrame]:
        reader = readers.get()
        try:
            return number, _parse_part(parts, number, chunks[number], budget, reader=reader)
        finally:
            readers.put(reader)

    pool = ThreadPoolExecutor(workers, thread_name_prefix="yusuan-parse")
    try:
        for done in as_completed([pool.submit(part, number) for number in range(len(chunks))]):
            yield done.result()
    finally:
        pool.shutdown(cancel_futures=True)
        for _ in range(workers):
            readers.get().stop()


def part_count(files: int) -> int:
    """How many parts split_parts makes of `files` files (none of none)."""
    return -(-files // PART_SIZE)


def start_reader(files: int) -> None:
    """Start this process's reader now, when a parse of `files` files will be done here (below
    POOL_THRESHOLD): its imports (about a second) overlap what comes before the parse step."""
    if 0 < files < POOL_THRESHOLD:
        READER.start()


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


def _parse_part(parts: Parts, number: int, files: list[RawFile], budget: float, progress=None,
                reader: Reader = READER) -> pl.DataFrame:
    batch = parse_files(files, progress, budget, reader)
    parts.write(number, batch.frames)
    return batch.ledger


def _collect(tables: dict, documents: list, ledger: list, raw: RawFile, parsed: dict | None, reason: str | None,
             now: dt.datetime) -> None:
    if parsed is not None:
        for table, group in parsed.items():
            if table in PLAIN_ROWS:
                tables[table] += group
            else:
                tables[table].append(group)
    # Rejected versions are recorded too, so that an unchanged bad file is not read again.
    documents.append({
        "document_id": raw.document_id, "file_name": raw.file_name, "sha256": raw.sha256, "format": raw.format,
        "size_bytes": raw.size_bytes, "mtime_ns": raw.mtime_ns, "parser_version": yusuan.PARSER_VERSION,
        "status": "rejected" if reason else "current", "reason": reason, "ingested_at": now, "retired_at": None})
    ledger.append({"file_name": raw.file_name, "sha256": raw.sha256, "status": "rejected" if reason else "loaded",
                   "reason": reason})


def _frame(table: str, rows: list[dict]) -> pl.DataFrame:
    """The typed frame of `table` holding `rows`."""
    return _frame_of(table, [named_columns(rows)] if rows else [])


def _frame_of(table: str, named: list[Named]) -> pl.DataFrame:
    """The typed frame of `table` from the named columns of its rows in each document."""
    schema = TABLES[table].polars_schema
    rows: list[dict] = []
    if named:
        columns = in_order(named, list(schema))
        try:
            return _by_columns(columns, schema)
        except Exception:  # noqa: BLE001 - a figure not printed plainly, a value that fits no column: as below, with its error
            rows = [dict(zip(schema, values)) for values in zip(*columns)]
    return pl.DataFrame(rows, schema=schema, orient="row" if not rows else None)


# Polars builds a frame from dicts value by value through its Python conversions, and Decimal
# objects one by one through Decimal.as_tuple, which costs several times the rest of their row.
# Each column made a Series at once, with the Decimals printed and converted by one cast, the same
# values cost less (6 % fewer instructions than printing the Decimals alone, the rest from dicts);
# printed figures convert to the same values wherever the objects convert at all: at most 38 digits
# and 38 places, which a plain print of 39 characters or fewer is. Anything else takes the general
# way (_frame_of).
_PLAIN_PRINT = 39
_printed = Decimal.__str__  # a TypeError for a value that is no Decimal


def _by_columns(columns: list[list], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    series = []
    for (name, dtype), column in zip(schema.items(), columns, strict=True):
        if isinstance(dtype, pl.Decimal):
            try:
                texts = list(map(_printed, column))
            except TypeError:  # a missing figure among them
                texts = [None if value is None else _printed(value) for value in column]
            plain = list(filter(None, texts))
            if max(map(len, plain), default=0) > _PLAIN_PRINT or "E" in "".join(plain):
                raise ValueError(f"{name}: a figure beyond a plain print")
            series.append(pl.Series(name, texts, dtype=pl.String).cast(dtype))
        else:
            series.append(pl.Series(name, column, dtype=dtype))
    return pl.DataFrame(series)


def _unique(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
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
