"""The reader process: one file read and parsed within the time a file may take. A run's parse
sends each file to a process of its own (`Reader`), killed when the file overruns its budget, so
that the batch goes on. The process imports only this module, the readers and the parser, not the
frames and schemas of yusuan.parse.batch: it is started for every worker and started again after
each file it is killed for."""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import logging
import multiprocessing
import multiprocessing.connection
import signal
import threading

from yusuan import native
from yusuan.model import collections_paused
from yusuan.parse.columns import packed
from yusuan.parse.document import parse_document
from yusuan.raw import RawFile
from yusuan.readers import RejectedFile, read_document

# Whether this copy of the parser is the compiled one (yusuan.native), decided as it is imported.
COMPILED = native.compiled()


def parse_one(raw: RawFile) -> dict[str, list[dict]]:
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



def outcome(raw: RawFile) -> tuple[dict | None, str | None]:
    """(rows, None) for a parsed file, packed into columns (yusuan.parse.columns), or (None,
    reason) for a rejected one. Never raises."""
    try:
        return packed(parse_one(raw)), None
    except RejectedFile as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001 - a parser bug in one file must not stop the batch
        if COMPILED:
            return _read_plain(raw, exc)
        return None, _failure(raw, exc)


def _read_plain(raw: RawFile, exc: Exception) -> tuple[dict | None, str | None]:
    """The outcome of a file the compiled parser failed on, parsed again as plain Python. Compiled,
    a value of another type than the source declares raises where plain Python would go on: a
    document is never lost to that. The error is still a bug, so it is reported."""
    logging.getLogger(__name__).warning("%s: the compiled parser failed (%s: %s); parsed again as plain Python",
                                        raw.file_name, type(exc).__name__, exc)
    return native.plain(__name__).outcome(raw)


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


class Reader:
    """A process that reads and parses files for this one, one at a time, and is killed when a file
    takes longer than its budget. Why a process: a signal (SIGALRM) works only in the main thread,
    and interrupts neither calamine nor a regular expression nor any other code in C; a thread
    cannot be stopped at all. A killed process takes all it allocated with it and holds nothing
    the batch needs, so no hung worker is left, whichever thread or worker asks, and a file that
    crashes the reader (an allocation abort in a library) is rejected too. The process is spawned
    (see yusuan.parts), started at the first file or before (`start`) and kept for the next (starting
    one costs the parser's imports, about a second), and started again after a file it was killed for."""

    def __init__(self) -> None:
        self.process: multiprocessing.process.BaseProcess | None = None
        self.connection: multiprocessing.connection.Connection | None = None
        self.ready = False  # the process said it is ready (its imports done)
        self.lock = threading.Lock()  # one file at a time through the pipe

    def start(self) -> None:
        """Start the process now rather than at the first file: its imports then overlap what the
        caller does before (Dagster's start, for a small run)."""
        with self.lock:
            self._started()

    def outcome(self, raw: RawFile, budget: float) -> tuple[dict | None, str | None]:
        with self.lock:
            self._started()
            if not self.ready:  # its imports do not count against the first file's budget
                self.connection.recv()
                self.ready = True
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

    def stop(self) -> None:
        """End the process, when no file is left for it."""
        with self.lock:
            if self.process is not None:
                self.process.kill()
                self.process.join()
                self.connection.close()
                self.process = None

    def _started(self) -> None:
        if self.process is not None and self.process.is_alive():
            return
        context = multiprocessing.get_context("spawn")
        connection, child_end = context.Pipe()
        process = context.Process(target=_serve, args=(child_end,), name="yusuan-reader", daemon=True)
        try:
            process.start()  # daemonic: ended with this process when it exits
        except BaseException:  # kept only once started: `stop` would fail on it, hiding this error
            connection.close()
            raise
        finally:
            child_end.close()
        self.process, self.connection, self.ready = process, connection, False


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
        connection.send(outcome(raw))


READER = Reader()  # this process's reader, for every part it parses


def _crashed(raw: RawFile, exitcode: int | None) -> str:
    how = f"killed by {signal.Signals(-exitcode).name}" if exitcode and exitcode < 0 else f"exit status {exitcode}"
    return f"{_kind(raw)} whose reading ended the reader process ({how}): it is damaged, or made to exhaust memory"


def _kind(raw: RawFile) -> str:
    return FORMAT_NAMES.get(raw.format, raw.format or "file")
