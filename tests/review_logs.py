"""Building review databases with exactly the rows a merge test needs.

Sources and passages are written here directly (with their full-text rows, keyed by the
passage rowid as the schema requires), and events with chosen ids and timestamps, so a
test can give two databases the same event, or a tie in time, on purpose.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from review_db import NewClaim, ReviewStore, ids
from review_db.store import canonical_json

from .conftest import add_text

TABLE_KEYS = {
    "articles": "id",
    "claims": "id",
    "sources": "id",
    "passages": "id",
    "events": "*",
}


PASSAGES = ["The council met on Monday.", "Seven members voted for the bridge.", "Two voted no."]


def add_article(store: ReviewStore, text: str, sentences: list[str], title: str = "A") -> list[str]:
    """Store ``text`` split into ``sentences`` (each must occur in it); returns claim ids."""
    claims = []
    position = 0
    for sentence in sentences:
        start = text.index(sentence, position)
        claims.append(NewClaim(text=sentence, start=start, end=start + len(sentence)))
        position = start + len(sentence)
    added = store.add_article(text, title=title, claims=claims, segmenter="test")
    return [c.id for c in store.claims(added.article.id)]


def add_source(store: ReviewStore, title: str, passages: list[str]) -> list[str]:
    """Store a source made of ``passages``; returns the passage ids."""
    text = " ".join(passages)
    source_id = ids.source_id(text)
    passage_ids = []
    with store.write():
        store.conn.execute(
            "INSERT INTO sources (id, title, text, added_at) VALUES (?, ?, ?, ?)",
            (source_id, title, text, "2026-01-01T00:00:00.000000Z"),
        )
        start = 0
        for ordinal, passage in enumerate(passages, start=1):
            passage_id = ids.passage_id(source_id, ordinal, passage)
            cursor = store.conn.execute(
                'INSERT INTO passages (id, source_id, ordinal, text, start, "end") '
                "VALUES (?, ?, ?, ?, ?, ?)",
                (passage_id, source_id, ordinal, passage, start, start + len(passage)),
            )
            store.conn.execute(
                "INSERT INTO passages_fts (rowid, title, text) VALUES (?, ?, ?)",
                (cursor.lastrowid, title, passage),
            )
            passage_ids.append(passage_id)
            start += len(passage) + 1
    return passage_ids


def add_events(
    store: ReviewStore, events: list[tuple[str, str, str, str, dict[str, Any], str]]
) -> None:
    """Append events ``(id, claim_id, reviewer, kind, value, at)`` with the given ids and
    times (as if another database had made them), in one transaction."""
    with store.write():
        store.conn.executemany(
            "INSERT INTO events (id, claim_id, reviewer, kind, value, at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(e, c, r, k, canonical_json(v), at) for e, c, r, k, v, at in events],
        )


def rows(path: Path, table: str) -> set[tuple[Any, ...]]:
    """A table (or view) as a set of rows, read with plain sqlite3."""
    conn = sqlite3.connect(path)
    try:
        return set(conn.execute(f"SELECT * FROM {table}").fetchall())
    finally:
        conn.close()


def ids_of(path: Path, table: str) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute(f"SELECT id FROM {table}")}
    finally:
        conn.close()


def fts_hits(path: Path, query: str) -> set[str]:
    """Passage ids the full-text index finds for ``query``."""
    conn = sqlite3.connect(path)
    try:
        return {
            r[0]
            for r in conn.execute(
                "SELECT p.id FROM passages_fts JOIN passages AS p ON p.rowid = passages_fts.rowid "
                "WHERE passages_fts MATCH ?",
                (query,),
            )
        }
    finally:
        conn.close()


def check_consistent(path: Path) -> None:
    """Integrity, foreign keys, and one full-text row per passage."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        indexed = conn.execute("SELECT rowid FROM passages_fts ORDER BY rowid").fetchall()
        assert indexed == conn.execute("SELECT rowid FROM passages ORDER BY rowid").fetchall()
        for rowid, text in conn.execute("SELECT rowid, text FROM passages").fetchall():
            word = '"' + text.split()[0].replace('"', "") + '"'
            found = conn.execute(
                "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?", (word,)
            ).fetchall()
            assert (rowid,) in found, text
    finally:
        conn.close()


def reviewer_database(path: Path, reviewer: str, label: str) -> list[str]:
    """A database with the short article, one source, and ``reviewer``'s verdicts."""
    with ReviewStore(path, create=True) as store:
        claim_ids = add_text(store)
        passage_ids = add_source(store, "Council minutes", PASSAGES)
        store.record_events(reviewer, [(claim_ids[0], "verdict", {"label": "True"})])
        store.record_events(
            reviewer,
            [
                (claim_ids[1], "verdict", {"label": label}),
                (claim_ids[1], "evidence-add", {"passage": passage_ids[1]}),
            ],
        )
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return claim_ids
