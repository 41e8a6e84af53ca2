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
from typing import Any

from ..connection import Connection
from ..schema import EVENT_KINDS
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


def event_problem(row: Row) -> str | None:
    """Why an incoming event cannot be stored, or None when it can."""
    if row["kind"] not in EVENT_KINDS:
        return f"unknown event kind {row['kind']!r}"
    if not isinstance(row["reviewer"], str) or not row["reviewer"].strip():
        return "no reviewer name"
    try:
        value = json.loads(row["value"])
    except (TypeError, ValueError):
        return "its value is not JSON"
    if not isinstance(value, dict):
        return "its value is not a JSON object"
    return None


def apply_incoming(connection: Connection, incoming: Incoming) -> Applied:
    """Write one batch from the hub into the local database (inside a write transaction).

    Parents go first (articles, claims, sources, passages, events), so each foreign key
    finds its row.
    """
    assert connection.conn.in_transaction, "apply_incoming runs inside Connection.write()"
    applied = Applied()
    _insert_new(connection, ARTICLES, incoming.articles, applied)
    _insert_numbered(connection, CLAIMS, incoming.claims, applied)
    _insert_new(connection, SOURCES, incoming.sources, applied)
    _insert_numbered(connection, PASSAGES, incoming.passages, applied)
    events = []
    for row in incoming.events:
        problem = event_problem(row)
        if problem is None:
            events.append(row)
        else:
            applied.rejected.append(("events", str(row["id"]), problem))
    _insert_new(connection, EVENTS, events, applied)
    return applied


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
