"""Opening what a merge reads: each FROM file as a checked, private copy, and the target
for the checks' lookups.

A FROM file is untrusted: it may be a pipe that never ends, a file swapped while being
opened, a newer schema, or damaged.  Each is refused in one line before anything is read
from it; what is read is a temporary copy at the current schema, never the original.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from .connection import BUSY_TIMEOUT_SECONDS, SQLITE_HEADER
from .errors import MergeError, NoDatabaseError, NotADatabaseError, StoreError
from .incoming import Other
from .store import ReviewStore


@contextmanager
def target_for_lookups(target_path: Path) -> Iterator[list[Other]]:
    """The target, read-only, for the checks of what joins it; none if it does not exist.

    A target that is not a readable review database is left out here: opening it for the
    merge then says what is wrong with it.
    """
    if not target_path.is_file():
        yield []
        return
    uri = f"file:{quote(str(target_path.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error:
        yield []
        return
    try:
        try:
            conn.execute("SELECT id, claim_id, reviewer, kind, value, at FROM events LIMIT 1")
            for table in ("articles", "claims", "sources", "passages"):
                conn.execute(f"SELECT id, text FROM {table} LIMIT 1")
        except sqlite3.Error:
            yield []
        else:
            yield [(str(target_path), conn)]
    finally:
        conn.close()


@contextmanager
def open_source(path: Path, target_path: Path) -> Iterator[ReviewStore]:
    """The database at ``path``, as a temporary copy at the current schema version.

    The original is only read: copied byte for byte when nothing else has it open (no
    ``-wal`` or ``-journal`` beside it), else through a read-only SQLite connection, which
    sees a consistent snapshot even while someone writes to it.
    """
    _check_source_path(path, target_path)
    with tempfile.TemporaryDirectory(prefix="workbench-merge-") as folder:
        copy = Path(folder) / "source.db"
        _snapshot(path, copy)
        try:
            store = ReviewStore(copy)
        except StoreError as e:
            raise type(e)(e.message.replace(str(copy), str(path))) from None
        try:
            if store.conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise NotADatabaseError(f"{path} is damaged (quick_check failed); nothing merged")
            yield store
        finally:
            store.close()


def _check_source_path(path: Path, target_path: Path) -> None:
    """Refuse at once anything that is not a regular file with a SQLite header.

    A named pipe or a device would block or never end when read, so the file's type is
    checked before it is opened, and again on the opened file (it may have been swapped).
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise NoDatabaseError(f"no database at {path}") from None
    except OSError as e:
        raise StoreError(f"cannot read {path}: {e.strerror}") from None
    if stat.S_ISDIR(mode):
        raise NotADatabaseError(f"{path} is a folder, not a review database")
    if not stat.S_ISREG(mode):
        raise NotADatabaseError(
            f"{path} is not a regular file (a pipe, socket or device), not a review database"
        )
    if target_path.exists() and path.samefile(target_path):
        raise MergeError(f"{path} is the database being merged into; give another file")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise NotADatabaseError(f"{path} is not a regular file, not a review database")
            header = f.read(len(SQLITE_HEADER))
    except OSError as e:
        raise StoreError(f"cannot read {path}: {e.strerror}") from None
    if header != SQLITE_HEADER:
        raise NotADatabaseError(f"{path} is not a SQLite database")


def _snapshot(path: Path, copy: Path) -> None:
    try:
        if not any(Path(f"{path}-{suffix}").exists() for suffix in ("wal", "journal")):
            shutil.copyfile(path, copy)
            return
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        source = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            dest = sqlite3.connect(copy)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
    except sqlite3.DatabaseError as e:
        raise NotADatabaseError(f"{path} is not a usable SQLite database: {e}") from None
    except OSError as e:
        raise StoreError(f"cannot read {path}: {e.strerror}") from None
