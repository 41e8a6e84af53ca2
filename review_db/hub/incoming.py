"""Rows that come down from a hub, checked and written into a review database.

Every pulled row passes through :func:`apply_incoming`, the one door into the local
database for what other people wrote, so a check applied here applies to all of it (this
is where the merge's validation of incoming rows plugs in).  It runs inside the caller's
write transaction, which also records how far the pull got, so a batch and its position
are kept or lost together.

As in a merge: a row whose id is present is the same row and is skipped; a claim or
passage of another segmentation whose ordinal is taken is numbered after the last one;
new passages get their full-text rows and move the corpus version on.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..connection import Connection
from ..incoming import RowCheck, RowRefused
from .tables import ARTICLES, CLAIMS, EVENTS, PASSAGES, SOURCES, SyncedTable

Row = dict[str, Any]


@dataclass
class Incoming:
    """One batch from the hub: rows of one table, with any parents the local side lacks."""

    articles: list[Row] = field(default_factory=list)
    claims: list[Row] = field(default_factory=list)
    sources: list[Row] = field(default_factory=list)
    passages: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)


@dataclass
class Applied:
    """What one batch added, and the rows it turned away with the reason."""

    added: Counter[str] = field(default_factory=Counter)
    rejected: list[tuple[str, str, str]] = field(default_factory=list)  # (table, id, reason)


def apply_incoming(connection: Connection, incoming: Incoming) -> Applied:
    """Write one batch from the hub into the local database (inside a write transaction).

    Parents go first (articles, claims, sources, passages, events), so each foreign key
    finds its row.
    """
    assert connection.conn.in_transaction, "apply_incoming runs inside Connection.write()"
    applied = Applied()
    # The merge's row checks, with parents looked up in this database: a batch's parents
    # are written before its children, so a child finds them (and a refused parent's
    # children are refused in turn).  An event this database holds must be the very same.
    check = RowCheck(connection.conn, [("this database", connection.conn)], datetime.now(UTC))
    _insert_new(
        connection, ARTICLES, _checked(check, ARTICLES, incoming.articles, applied), applied
    )
    _insert_numbered(connection, CLAIMS, _checked(check, CLAIMS, incoming.claims, applied), applied)
    _insert_new(connection, SOURCES, _checked(check, SOURCES, incoming.sources, applied), applied)
    _insert_numbered(
        connection, PASSAGES, _checked(check, PASSAGES, incoming.passages, applied), applied
    )
    # An undo is checked against the event it cancels, which may come in the same batch.
    for undos in (False, True):
        events = [row for row in incoming.events if (row["kind"] == "undo") is undos]
        _insert_new(connection, EVENTS, _checked(check, EVENTS, events, applied), applied)
    return applied


def _checked(check: RowCheck, table: SyncedTable, rows: list[Row], applied: Applied) -> list[Row]:
    """The rows that pass the merge's checks; the others are listed as rejected."""
    kept = []
    for row in rows:
        try:
            check.check(table.name, row)
        except RowRefused as e:
            applied.rejected.append((table.name, str(row.get("id")), e.problem))
            continue
        kept.append(row)
    return kept


def _insert_new(
    connection: Connection, table: SyncedTable, rows: list[Row], applied: Applied
) -> None:
    if not rows:
        return
    conn = connection.conn
    marks = ", ".join("?" for _ in table.columns)
    before = conn.total_changes
    conn.executemany(
        f"INSERT INTO {table.name} ({table.quoted_columns}) VALUES ({marks}) "
        "ON CONFLICT (id) DO NOTHING",
        [tuple(row[c] for c in table.columns) for row in rows],
    )
    applied.added[table.name] += conn.total_changes - before


def _missing(connection: Connection, table: SyncedTable, rows: list[Row]) -> list[Row]:
    ids = json.dumps([row["id"] for row in rows])
    present = {
        r[0]
        for r in connection.conn.execute(
            f"SELECT id FROM {table.name} WHERE id IN (SELECT value FROM json_each(?))", (ids,)
        )
    }
    seen: set[str] = set()
    fresh = []
    for row in rows:
        if row["id"] not in present and row["id"] not in seen:
            seen.add(row["id"])
            fresh.append(row)
    return fresh


def _insert_numbered(
    connection: Connection, table: SyncedTable, rows: list[Row], applied: Applied
) -> None:
    """Claims or passages: a taken ordinal is renumbered after the last (as merge does)."""
    if not rows:
        return
    assert table.parent is not None
    parent_column = table.parent[0]
    conn = connection.conn
    marks = ", ".join("?" for _ in table.columns)
    insert = f"INSERT INTO {table.name} ({table.quoted_columns}) VALUES ({marks})"
    fresh = _missing(connection, table, rows)
    for row in fresh:
        taken = conn.execute(
            f"SELECT 1 FROM {table.name} WHERE {parent_column} = ? AND ordinal = ?",
            (row[parent_column], row["ordinal"]),
        ).fetchone()
        if taken:
            last = conn.execute(
                f"SELECT coalesce(max(ordinal), 0) FROM {table.name} WHERE {parent_column} = ?",
                (row[parent_column],),
            ).fetchone()[0]
            row = {**row, "ordinal": int(last) + 1}
            applied.added["renumbered"] += 1
        cursor = conn.execute(insert, tuple(row[c] for c in table.columns))
        if table.name == PASSAGES.name:
            title = conn.execute(
                "SELECT title FROM sources WHERE id = ?", (row["source_id"],)
            ).fetchone()
            conn.execute(
                "INSERT INTO passages_fts (rowid, title, text) VALUES (?, ?, ?)",
                (cursor.lastrowid, title[0] if title else "", row["text"]),
            )
    applied.added[table.name] += len(fresh)
    if table.name == PASSAGES.name and fresh:
        # New passages change what matching can find: cached matches must expire.
        row = conn.execute("SELECT value FROM meta WHERE key = 'corpus_version'").fetchone()
        connection.set_meta("corpus_version", str(int(row[0]) + 1 if row else 1))
