"""Opening a review database: checks, migration, backup, meta, and the one write path.

Every part of the store (articles, the review log, the corpus) shares one ``Connection``;
all their writes go through :meth:`Connection.write`, so locking, retry and the turning
of SQLite errors into messages a user can act on live in one place.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from . import migrations
from .errors import (
    NewerSchemaError,
    NoDatabaseError,
    NotADatabaseError,
    NotFoundError,
    ReadOnlyError,
    StoreError,
)
from .schema import MIGRATION_NAMES, SCHEMA_VERSION
from .validation import TIMESTAMP_FORMAT

SQLITE_HEADER = b"SQLite format 3\x00"
# The shortest id prefix accepted: one or two characters are too easily a claim's number.
MIN_ID_PREFIX = 4
BUSY_TIMEOUT_SECONDS = 10.0

_clock_lock = threading.Lock()
_last_timestamp = ""

# Database files this process has open, by (device, inode), with how many connections.
# POSIX record locks belong to the process, and closing any descriptor of a file drops
# every lock the process holds on it: reading the header of a file that another of our
# connections has open would silently release that connection's WAL read lock, and the
# next process to close its own connection would then believe itself the last one and
# delete the -wal and -shm files from under us (our later commits lost).
_open_files: dict[tuple[int, int], int] = {}
_open_files_lock = threading.Lock()


def utc_timestamp() -> str:
    """UTC ISO timestamp with microseconds, strictly increasing within this process.

    Events are ordered by (at, id); a repeated timestamp would let two actions of one
    reviewer tie and leave "latest" to a random id.
    """
    global _last_timestamp
    with _clock_lock:
        stamp = datetime.now(UTC).strftime(TIMESTAMP_FORMAT)
        if stamp <= _last_timestamp:
            last = datetime.strptime(_last_timestamp, TIMESTAMP_FORMAT)
            stamp = (last + timedelta(microseconds=1)).strftime(TIMESTAMP_FORMAT)
        _last_timestamp = stamp
        return stamp


def canonical_json(value: Any) -> str:
    """Compact, key-sorted JSON: equal values are equal strings, which the views rely on."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class Connection:
    """One open review database: its sqlite3 connection and what every part needs of it.

    Args:
        path: the database file.
        create: create the database if the file does not exist (only ``add`` and
            ``merge`` do this); otherwise a missing file is a ``NoDatabaseError``.
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = False) -> None:
        self.path = Path(path)
        self.readonly = False
        self.upgraded_from: int | None = None
        self.backup_path: Path | None = None
        self._file: tuple[int, int] | None = None
        with _open_files_lock:
            self.conn = self._connect(create)
            self._register()
        try:
            self._prepare(create)
        except BaseException:
            self.close()
            raise

    def _connect(self, create: bool) -> sqlite3.Connection:
        path = self.path
        if not path.exists():
            if not create:
                raise NoDatabaseError(f"no database at {path}")
            if not path.parent.exists():
                raise StoreError(f"cannot create {path}: folder {path.parent} does not exist")
        elif path.is_dir():
            raise NotADatabaseError(f"{path} is a folder, not a review database")
        else:
            found = path.stat()
            mode = found.st_mode
            if not stat.S_ISREG(mode):  # a FIFO would block the read below forever
                raise NotADatabaseError(f"{path} is not a regular file, not a review database")
            if (found.st_dev, found.st_ino) not in _open_files:  # else known, and locked
                with path.open("rb") as f:
                    header = f.read(len(SQLITE_HEADER))
                if header and header != SQLITE_HEADER:
                    raise NotADatabaseError(f"{path} is not a SQLite database (left untouched)")
            # Root may write anything; a file with no write bit is still meant read-only.
            # WAL writes -wal and -shm files beside the database: a folder we cannot
            # write to makes the database read-only for us too.
            self.readonly = (
                not os.access(path, os.W_OK)
                or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
                or not os.access(path.resolve().parent, os.W_OK | os.X_OK)
            )
        uri = f"file:{quote(str(path.resolve()))}?{self._open_mode(path)}"
        try:
            conn = sqlite3.connect(
                uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
            )
        except sqlite3.Error as e:
            raise StoreError(f"cannot open {path}: {e}") from None
        return conn

    def _open_mode(self, path: Path) -> str:
        """SQLite URI parameters: read-write, read-only, or immutable.

        A read-only connection to a WAL database still needs the -shm file beside it; in a
        folder we cannot write to, with no writer present to have made one, the file can
        only be read as immutable (nobody can be changing it without a -wal file).
        """
        if not self.readonly:
            return "mode=rwc"
        beside = path.resolve().parent
        if not os.access(beside, os.W_OK) and not Path(f"{path.resolve()}-wal").exists():
            return "mode=ro&immutable=1"
        return "mode=ro"

    def _prepare(self, create: bool) -> None:
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            tables = {
                row[0]
                for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):  # held by another process, not broken
                raise self._operational_error(e) from None
            raise NotADatabaseError(f"{self.path} is not a usable SQLite database: {e}") from None
        except sqlite3.DatabaseError as e:
            raise NotADatabaseError(f"{self.path} is not a usable SQLite database: {e}") from None
        if not tables:
            if not create:
                raise NotADatabaseError(f"{self.path} is an empty database, not a review database")
            self._set_wal()
            self._migrate(fresh=True)
            return
        if "meta" not in tables or "_sqlite_migrations" not in tables:
            raise NotADatabaseError(
                f"{self.path} is a SQLite database but not a workbench review database"
            )
        version = self._schema_version()
        applied = migrations.applied(self.conn)
        unknown = applied - set(MIGRATION_NAMES)
        if version > SCHEMA_VERSION or unknown:
            raise NewerSchemaError(
                f"{self.path} was written by a newer workbench (schema version {version}; "
                f"this one knows up to {SCHEMA_VERSION}): upgrade workbench to open it"
            )
        if not self.readonly:
            self._set_wal()
        if set(MIGRATION_NAMES) - applied:
            if self.readonly:
                raise ReadOnlyError(
                    f"{self.path} needs an upgrade to schema version {SCHEMA_VERSION} "
                    "but is read-only"
                )
            self._migrate(fresh=False, from_version=version)

    def _set_wal(self) -> None:
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")

    def _schema_version(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        try:
            return int(row[0]) if row else 0
        except ValueError:
            raise NotADatabaseError(
                f"{self.path} has an unreadable schema_version {row[0]!r}"
            ) from None

    def _migrate(self, *, fresh: bool, from_version: int = 0) -> None:
        if not fresh:
            self.backup_path = self._backup(from_version)
            self.upgraded_from = from_version
        try:
            # One transaction (each step a savepoint in it): a process killed while it
            # creates or upgrades the database leaves the file as it was, never a file
            # with some tables that no later command would take for a review database.
            with self.write():
                migrations.apply(self.conn)
                self.set_meta("schema_version", str(SCHEMA_VERSION))
                if fresh:
                    self.set_meta("created_at", utc_timestamp())
        except sqlite3.OperationalError as e:
            raise self._operational_error(e) from None

    def _backup(self, from_version: int) -> Path:
        """Copy the database aside, consistently (WAL content included), before upgrading."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.v{from_version}-{stamp}.bak")
        counter = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.v{from_version}-{stamp}-{counter}.bak")
            counter += 1
        try:
            dest = sqlite3.connect(target)
            with dest:
                self.conn.backup(dest)
            dest.close()
        except (sqlite3.Error, OSError) as e:
            target.unlink(missing_ok=True)
            raise StoreError(f"cannot back up {self.path} before upgrading it: {e}") from None
        return target

    def query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """The rows of ``sql``, each a dict by column name, read as they are iterated."""
        cursor = self.conn.execute(sql, params)
        keys = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row, strict=True))

    def insert(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        """Insert ``rows`` (dicts with the same keys, our own column names) into ``table``,
        inside the caller's write transaction."""
        if not rows:
            return
        columns = list(rows[0])
        names = ", ".join(f'"{column}"' for column in columns)
        marks = ", ".join("?" for _ in columns)
        self.conn.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks})",
            ([row[column] for column in columns] for row in rows),
        )

    @contextmanager
    def write(self) -> Iterator[None]:
        """One short write transaction, taken IMMEDIATE so it never dead-ends mid-way.

        BEGIN IMMEDIATE waits (busy timeout) for other writers up front; a deferred
        transaction that reads and then writes could fail on upgrade instead of waiting.
        """
        if self.readonly:
            raise ReadOnlyError(f"{self.path} is read-only: nothing was written")
        deadline = time.monotonic() + 3 * BUSY_TIMEOUT_SECONDS
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as e:
                if "locked" in str(e) and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                raise self._operational_error(e) from None
        try:
            yield
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as e:
            self._rollback()
            raise self._operational_error(e) from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def _operational_error(self, e: sqlite3.OperationalError) -> StoreError:
        text = str(e)
        if "readonly" in text or "read-only" in text:
            return ReadOnlyError(f"{self.path} is read-only: nothing was written")
        if "locked" in text or "busy" in text:
            return StoreError(
                f"{self.path} stayed busy (another process held a write lock); "
                "nothing was written, try again"
            )
        return StoreError(f"{self.path}: {text}")

    def set_meta(self, key: str, value: str) -> None:
        """Set one meta key, inside the caller's write transaction or in one of its own."""
        if self.conn.in_transaction:
            self._put_meta(key, value)
            return
        with self.write():
            self._put_meta(key, value)

    def _put_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def meta(self) -> dict[str, str]:
        """Every key of the meta table (schema version, creation time, segmenters)."""
        return {row[0]: row[1] for row in self.conn.execute("SELECT key, value FROM meta")}

    @property
    def schema_version(self) -> int:
        """The schema version the file records."""
        return self._schema_version()

    def data_version(self) -> int:
        """A number that changes whenever another connection commits to this file.

        Cheap enough to poll (no I/O when nothing changed): a TUI compares it with the
        value it last saw to notice other reviewers' writes.
        """
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def ids_starting(
        self, table: str, prefix: str, *, where: str = "", params: Sequence[Any] = ()
    ) -> list[str]:
        """Up to two ids in ``table`` that start with ``prefix`` (two: enough to refuse)."""
        # A range on the primary key, not LIKE: '%' and '_' in a prefix mean nothing.
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        rows = self.conn.execute(
            f"SELECT id FROM {table} WHERE id >= ? AND id < ? {where} ORDER BY id LIMIT 2",
            (prefix, upper, *params),
        ).fetchall()
        return [str(row[0]) for row in rows]

    def resolve_id(
        self,
        table: str,
        prefix: str,
        what: str,
        hint: str,
        *,
        ambiguous: Callable[[str, list[str]], str] | None = None,
    ) -> str:
        """The id in ``table`` that is ``prefix``, or the one id that starts with it.

        A prefix needs ``MIN_ID_PREFIX`` characters: a shorter one (a claim's number
        typed as "8", say) would silently pick whichever id happens to start with it.

        Args:
            ambiguous: builds the refusal when two ids start with ``prefix`` (the table's
                own way of naming its rows); by default the two ids are named.
        """
        key = prefix.strip()
        if key and self.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (key,)).fetchone():
            return key
        if len(key) < MIN_ID_PREFIX:
            raise NotFoundError(
                f"{what} id {prefix!r} is too short: give at least {MIN_ID_PREFIX} "
                f"characters ({hint})"
            )
        found = self.ids_starting(table, key.lower())
        if not found:
            raise NotFoundError(f"no {what} with id {prefix!r} ({hint})")
        if len(found) > 1:
            if ambiguous is not None:
                raise NotFoundError(ambiguous(key, found))
            shown = " or ".join(f"{what} {i}" for i in found)
            raise NotFoundError(f'"{key}" could mean {shown}; give more characters')
        return found[0]

    def _register(self) -> None:
        """Count this connection among the process's open ones (under the lock)."""
        try:
            found = self.path.stat()
        except OSError:
            return
        self._file = (found.st_dev, found.st_ino)
        _open_files[self._file] = _open_files.get(self._file, 0) + 1

    def close(self) -> None:
        """Close the sqlite3 connection."""
        with _open_files_lock:
            self.conn.close()
            if self._file is not None:
                left = _open_files.pop(self._file) - 1
                if left:
                    _open_files[self._file] = left
                self._file = None
