"""Merging review databases: copy into a target what it lacks, in short transactions.

Ids are derived from content (articles, claims, sources, passages) or are UUIDs (events), so
the same thing has the same id in every database and a merge needs no mapping: it copies
the rows whose ids the target lacks (the check before it makes sure a row whose id the
target holds is the same row).  An article or source that both hold (the same text
imported on two laptops) keeps the details of its earlier import (title, origin, dates),
whichever database that came from.  That is what makes merging idempotent (a second merge
finds nothing to do), order-independent (the result is the union of ids, with the earlier
details, and the event log is the union of immutable events) and lossless (every event of
every input ends up in the target).  The one order-dependent detail: where two
segmentations of one article (or source) both number a unit N, the one merged in second
is numbered after the last.

The work is cut into short write transactions (a batch of articles with their claims and
events, a batch of sources with their passages, a page of events), so reviewers writing
to the target wait milliseconds, never the whole merge, and readers are never blocked
(WAL).  Each transaction leaves the target consistent; a merge that is interrupted is
completed by running it again.

The source database is never opened for writing: it is copied to a temporary file first
(an older schema is upgraded there, a newer one refused).  A dry run merges into a
temporary copy of the target and reports what that added.

A source is untrusted input.  Before anything is written, every row of every source is
checked (``incoming.check_incoming``): ids of the project's form and, where derived from
content, matching it; references that resolve; event values of their kind's typed form;
an event the target already holds must be the same event (a different one under its id
is a tampered copy, refused); and no event may be stamped more than a day after this
machine's clock, since the log orders actions by time and a planted event dated 9999
would outrank a reviewer's real later ones.  One bad row refuses the whole file, in one
line.  Sources and passages are copied before the events that name them, and undos after
the events they cancel, so an interrupted merge leaves no reference dangling.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .connection import canonical_json
from .errors import MergeError
from .incoming import COLUMNS, check_incoming
from .merge_inputs import open_source, target_for_lookups
from .store import ReviewStore

# Rows per transaction: small enough that a reviewer saving a verdict on the target waits
# some tens of milliseconds at most (benchmarks/merge_speed.py measures it), large enough
# that a big merge is not dominated by commits.
ARTICLES_PER_BATCH = 2
SOURCES_PER_BATCH = 5
ROWS_PER_BATCH = 500
MAX_PAUSE_SECONDS = 0.05

ARTICLE_COLUMNS = COLUMNS["articles"]
CLAIM_COLUMNS = COLUMNS["claims"]
SOURCE_COLUMNS = COLUMNS["sources"]
# Passage rowids are internal to each database (the FTS index points at them); the
# target assigns its own.
PASSAGE_COLUMNS = COLUMNS["passages"]
EVENT_COLUMNS = COLUMNS["events"]

Row = dict[str, Any]


@dataclass(frozen=True)
class MergeSummary:
    """What one merge added to the target (or, in a dry run, would add)."""

    source: str
    articles: int
    claims: int
    sources: int
    passages: int
    events: int
    renumbered: int  # claims and passages of another segmentation given a free ordinal
    updated: int  # articles and sources that took the details of the source's earlier import
    upgraded_from: int | None  # the source's schema version, when it was older
    dry_run: bool

    @property
    def added(self) -> int:
        return self.articles + self.claims + self.sources + self.passages + self.events


def merge_databases(
    target: ReviewStore, source_path: str | os.PathLike[str], *, dry_run: bool = False
) -> MergeSummary:
    """Copy into ``target`` the articles, claims, sources, passages and events it lacks.

    Args:
        target: the database to merge into (opened for writing unless ``dry_run``).
        source_path: the review database to merge from; it is never written to.
        dry_run: merge into a temporary copy of the target instead, to report what a real
            merge would add.
    """
    return merge_many(target, [source_path], dry_run=dry_run)[0]


def merge_many(
    target: ReviewStore, source_paths: Sequence[str | os.PathLike[str]], *, dry_run: bool = False
) -> list[MergeSummary]:
    """Merge several databases into ``target``, in order, one summary each.

    Every source is opened (and checked) before anything is written, so an unreadable,
    newer or foreign file among them stops the merge with the target unchanged.
    """
    with open_sources(source_paths, target.path) as sources:
        return merge_opened(target, sources, dry_run=dry_run)


@contextmanager
def open_sources(
    source_paths: Sequence[str | os.PathLike[str]], target_path: Path
) -> Iterator[list[tuple[Path, ReviewStore]]]:
    """Every source opened (see ``open_source``) and checked row by row
    (``incoming.check_incoming``), for ``merge_opened``.

    Lets a caller check all its inputs before it creates or opens the target.  Each source
    is checked against what it will join: the target at ``target_path`` (if it exists)
    and the sources before it; ``merge_opened`` must then merge them, in this order, into
    that target (or a copy of it).
    """
    now = datetime.now(UTC)
    with ExitStack() as stack:
        others = list(stack.enter_context(target_for_lookups(target_path)))
        opened = []
        for path in map(Path, source_paths):
            source = stack.enter_context(open_source(path, target_path))
            check_incoming(source, str(path), others, now)
            others.append((str(path), source.conn))
            opened.append((path, source))
        yield opened


def merge_opened(
    target: ReviewStore, sources: Sequence[tuple[Path, ReviewStore]], *, dry_run: bool = False
) -> list[MergeSummary]:
    """Merge sources from ``open_sources`` into ``target`` (or a scratch copy of it)."""
    with ExitStack() as stack:
        into = stack.enter_context(_scratch_copy(target)) if dry_run else target
        return [_merge(into, source, path, dry_run) for path, source in sources]


@contextmanager
def _scratch_copy(target: ReviewStore) -> Iterator[ReviewStore]:
    """A throwaway copy of the target, for a dry run that counts exactly as a merge would."""
    with tempfile.TemporaryDirectory(prefix="workbench-dry-run-") as folder:
        copy = Path(folder) / "target.db"
        dest = sqlite3.connect(copy)
        try:
            target.conn.backup(dest)
        finally:
            dest.close()
        with ReviewStore(copy) as scratch:
            yield scratch


def _merge(target: ReviewStore, source: ReviewStore, path: Path, dry_run: bool) -> MergeSummary:
    counts: Counter[str] = Counter()
    try:
        # Sources first: evidence events name passages, so a merge cut short never leaves
        # an event naming a passage the target lacks.
        _merge_sources(target, source, counts)
        _merge_passages(target, source, counts)
        _merge_articles(target, source, counts)
        _merge_claims(target, source, counts)
        _merge_events(target, source, counts, undo=False)
        _merge_events(target, source, counts, undo=True)
    except sqlite3.DatabaseError as e:
        raise MergeError(
            f"cannot merge {path}: {e}; what was merged before this stays, "
            "and merging again is safe"
        ) from None
    return MergeSummary(
        source=str(path),
        articles=counts["articles"],
        claims=counts["claims"],
        sources=counts["sources"],
        passages=counts["passages"],
        events=counts["events"],
        renumbered=counts["renumbered"],
        updated=counts["updated"],
        upgraded_from=source.upgraded_from,
        dry_run=dry_run,
    )


def _merge_articles(target: ReviewStore, source: ReviewStore, counts: Counter[str]) -> None:
    """New articles arrive whole: with their claims and the events on them, at once.

    So no reader ever sees a merged article without its claims, and no command on the
    target can re-split it (an unreviewed article of an older segmenter) before its
    reviews are in.
    """
    for page in _pages(source, "articles", ARTICLE_COLUMNS, ("id",), ARTICLES_PER_BATCH):
        if not _missing(target, "articles", page) and not _earlier(target, "articles", page):
            continue  # a read first: no write lock taken for nothing
        with _batch(target):
            counts["updated"] += _take_earlier(target, "articles", ARTICLE_COLUMNS, page)
            new = _missing(target, "articles", page)
            _insert(target, "articles", ARTICLE_COLUMNS, new)
            for article in new:
                claims = _select(
                    source,
                    "claims",
                    CLAIM_COLUMNS,
                    "article_id = ? ORDER BY ordinal",
                    article["id"],
                )
                _insert(target, "claims", CLAIM_COLUMNS, claims)
                events = _select(
                    source,
                    "events",
                    EVENT_COLUMNS,
                    "claim_id IN (SELECT id FROM claims WHERE article_id = ?) ORDER BY at, id",
                    article["id"],
                )
                _insert(target, "events", EVENT_COLUMNS, events)
                counts.update(claims=len(claims), events=len(events))
            counts["articles"] += len(new)


def _merge_claims(target: ReviewStore, source: ReviewStore, counts: Counter[str]) -> None:
    """Claims the target lacks of articles it has: another segmentation of the same text.

    Events point at them, so they are copied too; where the target already uses the
    ordinal, the claim is numbered after the article's last claim (its id, text and
    offsets are unchanged).
    """
    order = ("article_id", "ordinal")
    for page in _pages(source, "claims", CLAIM_COLUMNS, order, ROWS_PER_BATCH):
        if not _missing(target, "claims", page):
            continue  # a read first: no write lock taken for nothing
        with _batch(target):
            for claim in _missing(target, "claims", page):
                if _ordinal_taken(target, "claims", "article_id", claim):
                    claim = {
                        **claim,
                        "ordinal": _next_ordinal(target, "claims", "article_id", claim),
                    }
                    counts["renumbered"] += 1
                _insert(target, "claims", CLAIM_COLUMNS, [claim])
                counts["claims"] += 1


def _merge_sources(target: ReviewStore, source: ReviewStore, counts: Counter[str]) -> None:
    """New sources arrive whole: with their passages and the passages' full-text rows."""
    for page in _pages(source, "sources", SOURCE_COLUMNS, ("id",), SOURCES_PER_BATCH):
        if not _missing(target, "sources", page) and not _earlier(target, "sources", page):
            continue  # a read first: no write lock taken for nothing
        with _batch(target):
            counts["updated"] += _take_earlier(target, "sources", SOURCE_COLUMNS, page)
            new = _missing(target, "sources", page)
            _insert(target, "sources", SOURCE_COLUMNS, new)
            added = 0
            for row in new:
                passages = _select(
                    source, "passages", PASSAGE_COLUMNS, "source_id = ? ORDER BY ordinal", row["id"]
                )
                for passage in passages:
                    _insert_passage(target, passage, row["title"])
                added += len(passages)
            if added:
                _bump_corpus_version(target)
            counts.update(sources=len(new), passages=added)


def _merge_passages(target: ReviewStore, source: ReviewStore, counts: Counter[str]) -> None:
    """Passages the target lacks of sources it has (another segmentation of the source)."""
    order = ("source_id", "ordinal")
    for page in _pages(source, "passages", PASSAGE_COLUMNS, order, ROWS_PER_BATCH):
        if not _missing(target, "passages", page):
            continue  # a read first: no write lock taken for nothing
        with _batch(target):
            missing = _missing(target, "passages", page)
            for passage in missing:
                if _ordinal_taken(target, "passages", "source_id", passage):
                    ordinal = _next_ordinal(target, "passages", "source_id", passage)
                    passage = {**passage, "ordinal": ordinal}
                    counts["renumbered"] += 1
                title = target.conn.execute(
                    "SELECT title FROM sources WHERE id = ?", (passage["source_id"],)
                ).fetchone()
                _insert_passage(target, passage, title[0] if title else "")
            if missing:
                _bump_corpus_version(target)
            counts["passages"] += len(missing)


def _merge_events(
    target: ReviewStore, source: ReviewStore, counts: Counter[str], *, undo: bool
) -> None:
    """Every event the target lacks (the check made sure an id it holds is the same event).

    Undos come after every other event, so a merge cut short never leaves an undo whose
    event the target lacks.
    """
    where = "kind = 'undo'" if undo else "kind <> 'undo'"
    for page in _pages(source, "events", EVENT_COLUMNS, ("id",), ROWS_PER_BATCH, where):
        if not _missing(target, "events", page):
            continue  # a read first: no write lock taken for nothing
        with _batch(target):
            missing = _missing(target, "events", page)
            _insert(target, "events", EVENT_COLUMNS, missing)
            counts["events"] += len(missing)


@contextmanager
def _batch(target: ReviewStore) -> Iterator[None]:
    """One write transaction of the merge, then a pause as long as it took (up to 50 ms).

    SQLite's locks are not queued: a reviewer waiting for the write lock sleeps and polls,
    and a merge that took the lock again at once would keep them waiting for the whole
    merge.  Pausing as long as each batch held the lock leaves them a window every time.
    """
    began = time.perf_counter()
    with target.write():
        yield
    time.sleep(min(time.perf_counter() - began, MAX_PAUSE_SECONDS))


# -- SQL helpers (table and column names come from the constants above, never from input) --


def _columns(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def _pages(
    store: ReviewStore,
    table: str,
    columns: Sequence[str],
    order: Sequence[str],
    size: int,
    where: str = "1 = 1",
) -> Iterator[list[Row]]:
    """The rows of ``table`` in ``order``, a page at a time (keyset paging: no OFFSET scans).

    Each page is read in its own statement, so the source is never held open in one long
    read, and the key of the last row is where the next page starts.
    """
    keys = _columns(order)
    marks = ", ".join("?" for _ in order)
    sql = (
        f"SELECT {_columns(columns)} FROM {table} WHERE ({keys}) > ({marks}) AND {where} "
        f"ORDER BY {keys} LIMIT {int(size)}"
    )
    # Every real key sorts after the empty string (and integers sort before text, but an
    # ordinal is only compared when the text key before it is equal).
    last: list[Any] = [""] * len(order)
    while True:
        rows = list(store.query(sql, last))
        if not rows:
            return
        yield rows
        last = [rows[-1][key] for key in order]


def _select(
    store: ReviewStore, table: str, columns: Sequence[str], where: str, value: str
) -> list[Row]:
    return list(store.query(f"SELECT {_columns(columns)} FROM {table} WHERE {where}", [value]))


def _missing(target: ReviewStore, table: str, rows: list[Row]) -> list[Row]:
    """The rows whose ids ``table`` in the target lacks, in their order."""
    ids = [row["id"] for row in rows]
    marks = ", ".join("?" for _ in ids)
    present = {
        r[0] for r in target.conn.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", ids)
    }
    return [row for row in rows if row["id"] not in present]


def _order_key(row: Row) -> tuple[str, str]:
    """Earlier import first; the whole row breaks a tie, so every database agrees."""
    return (str(row["added_at"]), canonical_json(sorted(row.items())))


def _earlier(target: ReviewStore, table: str, rows: list[Row]) -> list[Row]:
    """The rows the target holds with the same text but from a later import.

    Only rows with the very same text are compared: claim and passage offsets point into
    the text, so a row whose text differs (in whitespace only, since the id matched)
    stays as it is.
    """
    ids = [row["id"] for row in rows]
    marks = ", ".join("?" for _ in ids)
    held = {
        found["id"]: found
        for found in target.query(f"SELECT * FROM {table} WHERE id IN ({marks})", ids)
    }
    return [
        row
        for row in rows
        if row["id"] in held
        and held[row["id"]]["text"] == row["text"]
        and _order_key(row) < _order_key({k: held[row["id"]][k] for k in row})
    ]


def _take_earlier(target: ReviewStore, table: str, columns: Sequence[str], rows: list[Row]) -> int:
    earlier = _earlier(target, table, rows)
    details = [c for c in columns if c not in ("id", "text")]
    assignments = ", ".join(f'"{c}" = ?' for c in details)
    target.conn.executemany(
        f"UPDATE {table} SET {assignments} WHERE id = ?",
        [(*(row[c] for c in details), row["id"]) for row in earlier],
    )
    return len(earlier)


def _insert(target: ReviewStore, table: str, columns: Sequence[str], rows: list[Row]) -> None:
    if rows:
        marks = ", ".join("?" for _ in columns)
        target.conn.executemany(
            f"INSERT INTO {table} ({_columns(columns)}) VALUES ({marks})",
            [tuple(row[c] for c in columns) for row in rows],
        )


def _insert_passage(target: ReviewStore, passage: Row, title: str) -> None:
    """A passage and its full-text row, which is keyed by the target's own rowid."""
    marks = ", ".join("?" for _ in PASSAGE_COLUMNS)
    cursor = target.conn.execute(
        f"INSERT INTO passages ({_columns(PASSAGE_COLUMNS)}) VALUES ({marks})",
        tuple(passage[c] for c in PASSAGE_COLUMNS),
    )
    target.conn.execute(
        "INSERT INTO passages_fts (rowid, title, text) VALUES (?, ?, ?)",
        (cursor.lastrowid, title, passage["text"]),
    )


def _ordinal_taken(target: ReviewStore, table: str, parent: str, row: Row) -> bool:
    found = target.conn.execute(
        f"SELECT 1 FROM {table} WHERE {parent} = ? AND ordinal = ?", (row[parent], row["ordinal"])
    ).fetchone()
    return found is not None


def _next_ordinal(target: ReviewStore, table: str, parent: str, row: Row) -> int:
    found = target.conn.execute(
        f"SELECT coalesce(max(ordinal), 0) + 1 FROM {table} WHERE {parent} = ?", (row[parent],)
    ).fetchone()
    return int(found[0])


def _bump_corpus_version(target: ReviewStore) -> None:
    """New passages change what matching can find, so cached matches must expire."""
    target.set_meta("corpus_version", str(target.corpus_version() + 1))


__all__ = [
    "MergeSummary",
    "merge_databases",
    "merge_many",
    "merge_opened",
    "open_source",
    "open_sources",
]
