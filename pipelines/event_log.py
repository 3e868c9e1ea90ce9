"""Dagster's SQLite event log, written by a `yusuan run` at a fraction of its cost.

A run of the five samples records about 400 events (every output of every asset: its output,
materialization and handling; every check). Dagster's SQLite event log opens each database anew
for every event and closes it after: with the write-ahead log, that is a new log file, a commit
flushed to disk and, at the close of the last connection, a checkpoint flushed again — 10 to 40 ms
an event on this machine, seconds of a small run. This storage keeps the connection to each
database open between events and flushes at checkpoints only (`synchronous=NORMAL`, SQLite's
setting for a write-ahead log: a crash of the process loses nothing, a power cut at most the last
events); a run's new database is in write-ahead mode before its tables are made, not after them
(Dagster's order, in which each of their statements is flushed to disk). The files, their tables
and their paths are Dagster's own, so the UI, the daemon and every other process read and write
them with Dagster's default storage as before; only `yusuan run`'s process uses this one
(`pipelines.cli`)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as db
from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy.engine import Connection, Engine

# Databases held open at once: the index and the run being written, and room for a reader's few
# more. An evicted one is closed, so a process that reads many runs holds few files.
KEPT_OPEN = 4


class KeptOpenEventLogStorage(SqliteEventLogStorage):
    def __init__(self, base_dir: str, inst_data=None) -> None:
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        super().__init__(base_dir, inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value) -> KeptOpenEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:  # as Dagster's: one statement at a time, whichever thread logs
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def _engine(self, shard: str) -> Engine:
        if shard in self._engines:
            self._engines.move_to_end(shard)
            return self._engines[shard]
        engine = db.create_engine(self.conn_string_for_shard(shard),
                                  connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False})
        db.event.listen(engine, "connect", _write_ahead)
        self._engines[shard] = engine
        while len(self._engines) > KEPT_OPEN:
            self._engines.popitem(last=False)[1].dispose()
        return engine

    def dispose(self) -> None:
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()
        super().dispose()


def _write_ahead(connection, _record) -> None:
    # Write-ahead from the start: a run's new database is in it before Dagster makes its tables (it
    # sets the mode after them), else each of their twenty-odd statements is a commit flushed to
    # disk, 0.3 s of the run's start. On a database in the mode already, a no-op.
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
