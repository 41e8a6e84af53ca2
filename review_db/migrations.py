"""Applying the schema's steps (``schema.STEPS``) in order, each recorded once.

The record is the ``_sqlite_migrations`` table as sqlite-utils' migrations keep it (one
row per step applied, under the migration set ``workbench``): databases made by earlier
versions of workbench, which applied their steps with sqlite-utils, read the same.  It is
applied here with sqlite3 alone: sqlite-utils loads numpy and dateutil, about 0.2 s of
every command that creates a database (``add``, ``demo``, a ``merge`` into a new file).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from .schema import MIGRATION_SET, STEPS

MIGRATIONS_TABLE = "_sqlite_migrations"
_TABLE = (
    f"CREATE TABLE IF NOT EXISTS [{MIGRATIONS_TABLE}] "
    "([id] INTEGER PRIMARY KEY, [migration_set] TEXT, [name] TEXT, [applied_at] TEXT)"
)
_INDEX = (
    f"CREATE UNIQUE INDEX IF NOT EXISTS [idx_{MIGRATIONS_TABLE}_migration_set_name] "
    f"ON [{MIGRATIONS_TABLE}] ([migration_set], [name])"
)


def applied(conn: sqlite3.Connection) -> set[str]:
    """The names of this schema's steps the database records as applied."""
    return {
        row[0]
        for row in conn.execute(
            f"SELECT name FROM [{MIGRATIONS_TABLE}] WHERE migration_set = ?", (MIGRATION_SET,)
        )
    }


def apply(conn: sqlite3.Connection, *, stop_before: str | None = None) -> None:
    """Apply every step not yet applied, in order (up to ``stop_before``, if given: tests
    build databases as older versions left them).

    Inside the caller's transaction if there is one (``Connection`` makes creating or
    upgrading a database one transaction); else each step in a transaction of its own,
    with the record that it was applied.
    """
    with _transaction(conn):
        conn.execute(_TABLE)
        conn.execute(_INDEX)
        done = applied(conn)
    for name, statements in STEPS:
        if name == stop_before:
            return
        if name in done:
            continue
        with _transaction(conn):
            for statement in statements:
                conn.execute(statement)
            conn.execute(
                f"INSERT INTO [{MIGRATIONS_TABLE}] (migration_set, name, applied_at) "
                "VALUES (?, ?, ?)",
                (MIGRATION_SET, name, str(datetime.now(UTC))),
            )


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """A transaction of its own, unless the caller's is open (then it is part of it)."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
