"""ReviewStore: the one API through which workbench reads and writes a review database.

Every reviewer action is an event appended to ``events`` and committed before the call
returns, so a crash or a kill never loses a verdict that was confirmed.  Current state is
always derived from the log (the ``claim_status`` view), which is what lets history, undo,
audit and merging share one mechanism.

A store object belongs to one thread (sqlite3's default); a program with several threads
opens one store per thread, which WAL mode and the busy timeout make safe.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlite_utils import Database

from . import ids
from .errors import (
    InvalidEventError,
    NewerSchemaError,
    NoDatabaseError,
    NotADatabaseError,
    NotFoundError,
    ReadOnlyError,
    StoreError,
)
from .models import (
    AddedArticle,
    AddedSources,
    Adjudication,
    Article,
    ArticleSummary,
    Claim,
    ClaimBrief,
    ClaimState,
    Conflict,
    Event,
    EvidenceChoice,
    HistoryEntry,
    JSONDict,
    NewClaim,
    NewSource,
    Passage,
    PassageHit,
    Progress,
    Source,
)
from .schema import (
    EVENT_KINDS,
    MIGRATION_NAMES,
    MIGRATION_SET,
    SCHEMA_VERSION,
    claim_status_select,
    migrations,
)

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 10.0

_TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
_clock_lock = threading.Lock()
_last_timestamp = ""


def utc_timestamp() -> str:
    """UTC ISO timestamp with microseconds, strictly increasing within this process.

    Events are ordered by (at, id); a repeated timestamp would let two actions of one
    reviewer tie and leave "latest" to a random id.
    """
    global _last_timestamp
    with _clock_lock:
        stamp = datetime.now(UTC).strftime(_TIMESTAMP_FORMAT)
        if stamp <= _last_timestamp:
            last = datetime.strptime(_last_timestamp, _TIMESTAMP_FORMAT)
            stamp = (last + timedelta(microseconds=1)).strftime(_TIMESTAMP_FORMAT)
        _last_timestamp = stamp
        return stamp


def canonical_json(value: Any) -> str:
    """Compact, key-sorted JSON: equal values are equal strings, which the views rely on."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class ReviewStore:
    """A review database opened for reading and writing (or reading only).

    Args:
        path: the database file.
        create: create the database if the file does not exist (only ``add`` and
            ``merge`` do this); otherwise a missing file is a ``NoDatabaseError``.
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = False) -> None:
        self.path = Path(path)
        self.readonly = False
        self.upgraded_from: int | None = None
        self._term_counts: dict[str, int] = {}  # passage_term_counts, per corpus version
        self._term_counts_version = -1
        self.backup_path: Path | None = None
        self.conn = self._connect(create)
        try:
            self.db = Database(self.conn)
            self._prepare(create)
        except BaseException:
            self.conn.close()
            raise

    # -- opening -------------------------------------------------------------------------

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
            with path.open("rb") as f:
                header = f.read(len(SQLITE_HEADER))
            if header and header != SQLITE_HEADER:
                raise NotADatabaseError(f"{path} is not a SQLite database (left untouched)")
            mode = path.stat().st_mode
            # Root may write anything; a file with no write bit is still meant read-only.
            self.readonly = not os.access(path, os.W_OK) or not mode & (
                stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
            )
        uri = f"file:{quote(str(path.resolve()))}?mode={'ro' if self.readonly else 'rwc'}"
        try:
            conn = sqlite3.connect(
                uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
            )
        except sqlite3.Error as e:
            raise StoreError(f"cannot open {path}: {e}") from None
        return conn

    def _prepare(self, create: bool) -> None:
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            tables = set(self.db.table_names())
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
        applied = {m.name for m in migrations.applied(self.db)}
        unknown = applied - set(MIGRATION_NAMES)
        if version > SCHEMA_VERSION or unknown:
            raise NewerSchemaError(
                f"{self.path} was written by a newer workbench (schema version {version}; "
                f"this one knows up to {SCHEMA_VERSION}): upgrade workbench to open it"
            )
        if not self.readonly:
            self._set_wal()
        if migrations.pending(self.db):
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
            migrations.apply(self.db)
            with self._write():
                self._set_meta("schema_version", str(SCHEMA_VERSION))
                if fresh:
                    self._set_meta("created_at", utc_timestamp())
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

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions --------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[None]:
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

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- meta ----------------------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        """Every key of the meta table (schema version, creation time, segmenters)."""
        return {row[0]: row[1] for row in self.conn.execute("SELECT key, value FROM meta")}

    def set_meta(self, key: str, value: str) -> None:
        with self._write():
            self._set_meta(key, value)

    @property
    def schema_version(self) -> int:
        return self._schema_version()

    # -- ids -----------------------------------------------------------------------------

    def _resolve(self, table: str, prefix: str, what: str, hint: str) -> str:
        """The one id in ``table`` that starts with ``prefix``."""
        key = prefix.strip().lower()
        if not key or any(ch not in "0123456789abcdef" for ch in key):
            raise NotFoundError(f"no {what} with id {prefix!r} ({hint})")
        rows = self.conn.execute(
            f"SELECT id FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT 3",
            (key, key + "g"),
        ).fetchall()
        if not rows:
            raise NotFoundError(f"no {what} with id {prefix!r} ({hint})")
        if len(rows) > 1:
            shown = ", ".join(r[0] for r in rows[:2])
            raise NotFoundError(
                f"{what} id {prefix!r} is ambiguous: it matches {shown}"
                f"{' and more' if len(rows) > 2 else ''}; give more characters"
            )
        return str(rows[0][0])

    def resolve_claim_id(self, prefix: str) -> str:
        return self._resolve("claims", prefix, "claim", "run `workbench claims` to list them")

    def resolve_article_id(self, prefix: str) -> str:
        return self._resolve("articles", prefix, "article", "run `workbench articles` to list them")

    def resolve_passage_id(self, prefix: str) -> str:
        return self._resolve("passages", prefix, "passage", "run `workbench match` to find them")

    # -- articles and claims -------------------------------------------------------------

    def add_article(
        self,
        text: str,
        *,
        title: str,
        claims: Sequence[NewClaim],
        segmenter: str,
        origin: str | None = None,
        url: str | None = None,
        published: str | None = None,
    ) -> AddedArticle:
        """Store an article and its claims in one transaction.

        The id is derived from the text, so importing the same text again changes nothing
        and returns ``created=False``.
        """
        article_id = ids.article_id(text)
        with self._write():
            existing = self._article_row(article_id)
            if existing is not None:
                count = self._claim_count(article_id)
                return AddedArticle(article=existing, created=False, claims=count)
            article = Article(
                id=article_id,
                title=title,
                origin=origin,
                url=url,
                published=published,
                text=text,
                segmenter=segmenter,
                added_at=utc_timestamp(),
            )
            self.db.table("articles").insert(asdict(article))
            self._insert_claims(article_id, text, claims)
            self._set_meta("segmenter", segmenter)
        return AddedArticle(article=article, created=True, claims=len(claims))

    def _insert_claims(self, article_id: str, text: str, claims: Sequence[NewClaim]) -> None:
        rows = []
        for ordinal, claim in enumerate(claims, start=1):
            if text[claim.start : claim.end] != claim.text:
                raise ValueError(f"claim {ordinal} does not slice the article text exactly")
            rows.append(
                {
                    "id": ids.claim_id(article_id, ordinal, claim.text),
                    "article_id": article_id,
                    "ordinal": ordinal,
                    "text": claim.text,
                    "start": claim.start,
                    "end": claim.end,
                    "kind": claim.kind,
                    "worthiness": claim.worthiness,
                    "signals": canonical_json(claim.signals),
                }
            )
        self.db.table("claims").insert_all(rows, batch_size=500)

    def articles_needing_resplit(self, segmenter: str) -> list[str]:
        """Ids of articles split by another segmenter whose claims nobody has reviewed."""
        rows = self.conn.execute(
            """
            SELECT a.id FROM articles AS a
            WHERE a.segmenter <> ?
              AND NOT EXISTS (
                SELECT 1 FROM events AS e JOIN claims AS c ON c.id = e.claim_id
                WHERE c.article_id = a.id
              )
            ORDER BY a.added_at, a.id
            """,
            (segmenter,),
        )
        return [row[0] for row in rows]

    def replace_claims(self, article_id: str, claims: Sequence[NewClaim], segmenter: str) -> bool:
        """Swap an unreviewed article's claims for a new segmenter's, in one transaction.

        Returns False, changing nothing, if any of its claims has an event by then:
        claims are never re-split once reviewed.
        """
        with self._write():
            reviewed = self.conn.execute(
                "SELECT 1 FROM events AS e JOIN claims AS c ON c.id = e.claim_id "
                "WHERE c.article_id = ? LIMIT 1",
                (article_id,),
            ).fetchone()
            if reviewed:
                return False
            article = self._article_row(article_id)
            if article is None:
                raise NotFoundError(f"no article with id {article_id!r}")
            self.conn.execute("DELETE FROM claims WHERE article_id = ?", (article_id,))
            self._insert_claims(article_id, article.text, claims)
            self.conn.execute(
                "UPDATE articles SET segmenter = ? WHERE id = ?", (segmenter, article_id)
            )
            self._set_meta("segmenter", segmenter)
        return True

    def _article_row(self, article_id: str) -> Article | None:
        rows = list(self.db.table("articles").rows_where("id = ?", [article_id]))
        return Article(**rows[0]) if rows else None

    def _claim_count(self, article_id: str) -> int:
        row = self.conn.execute(
            "SELECT count(*) FROM claims WHERE article_id = ?", (article_id,)
        ).fetchone()
        return int(row[0])

    def article(self, article_id: str) -> Article:
        """The article with this id or unique id prefix."""
        found = self._article_row(self.resolve_article_id(article_id))
        assert found is not None
        return found

    def articles(self) -> list[ArticleSummary]:
        """Every article, oldest first, with its claim count and claims reviewed by anyone."""
        sql = """
            SELECT a.id, a.title, a.origin, a.published, a.added_at,
                (SELECT count(*) FROM claims AS c WHERE c.article_id = a.id) AS claims,
                (SELECT count(DISTINCT s.claim_id) FROM claim_status AS s
                 WHERE s.article_id = a.id AND s.verdict IS NOT NULL) AS reviewed
            FROM articles AS a ORDER BY a.added_at, a.id
        """
        return [ArticleSummary(**row) for row in self.db.query(sql)]

    def claims(self, article_id: str | None = None) -> list[Claim]:
        """Claims in article order (every article's, oldest article first, without an id)."""
        if article_id is not None:
            rows = self.db.query(
                "SELECT * FROM claims WHERE article_id = ? ORDER BY ordinal", [article_id]
            )
        else:
            rows = self.db.query(
                "SELECT c.* FROM claims AS c JOIN articles AS a ON a.id = c.article_id "
                "ORDER BY a.added_at, a.id, c.ordinal"
            )
        return [self._claim(row) for row in rows]

    def claim_briefs(self, article_id: str) -> list[ClaimBrief]:
        """An article's claims in article order, without decoding their signals."""
        rows = self.conn.execute(
            'SELECT id, article_id, ordinal, text, start, "end", kind, worthiness, '
            "coalesce(json_array_length(signals, '$.flags'), 0) > 0 "
            "FROM claims WHERE article_id = ? ORDER BY ordinal",
            (article_id,),
        )
        return [
            ClaimBrief(
                id=row[0],
                article_id=row[1],
                ordinal=row[2],
                text=row[3],
                start=row[4],
                end=row[5],
                kind=row[6],
                worthiness=row[7],
                flagged=bool(row[8]),
            )
            for row in rows
        ]

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id or unique id prefix."""
        full = self.resolve_claim_id(claim_id)
        row = next(self.db.query("SELECT * FROM claims WHERE id = ?", [full]))
        return self._claim(row)

    @staticmethod
    def _claim(row: dict[str, Any]) -> Claim:
        return Claim(**{**row, "signals": json.loads(row["signals"])})

    # -- events --------------------------------------------------------------------------

    def record_event(self, claim_id: str, reviewer: str, kind: str, value: JSONDict) -> Event:
        """Append one event and commit it before returning."""
        return self.record_events(reviewer, [(claim_id, kind, value)])[0]

    def record_events(
        self, reviewer: str, items: Sequence[tuple[str, str, JSONDict]]
    ) -> list[Event]:
        """Append several events as one action: one transaction, one timestamp.

        One action (a verdict with its note, say) is what one undo takes back.
        """
        if not reviewer.strip():
            raise InvalidEventError("a reviewer name is needed")
        with self._write():
            at = utc_timestamp()
            # Events of one action share `at`; sorted ids keep (at, id) in the given order.
            event_ids = sorted(str(uuid.uuid4()) for _ in items)
            events = []
            for event_id, (claim_id, kind, value) in zip(event_ids, items, strict=True):
                self._check_event(claim_id, kind, value)
                events.append(self._append(event_id, claim_id, reviewer, kind, value, at))
        return events

    def _append(
        self, event_id: str, claim_id: str, reviewer: str, kind: str, value: JSONDict, at: str
    ) -> Event:
        event = Event(
            id=event_id,
            claim_id=claim_id,
            reviewer=reviewer,
            kind=kind,
            value=value,
            at=at,
        )
        self.conn.execute(
            "INSERT INTO events (id, claim_id, reviewer, kind, value, at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (event.id, claim_id, reviewer, kind, canonical_json(value), at),
        )
        return event

    def _check_event(self, claim_id: str, kind: str, value: JSONDict) -> None:
        if kind not in EVENT_KINDS or kind == "undo":
            raise InvalidEventError(f"unknown event kind {kind!r}")
        if not self.conn.execute("SELECT 1 FROM claims WHERE id = ?", (claim_id,)).fetchone():
            raise NotFoundError(f"no claim with id {claim_id!r}")
        if kind in ("verdict", "adjudication"):
            if not isinstance(value.get("label"), str) or not value["label"].strip():
                raise InvalidEventError(f"a {kind} needs a label")
        elif kind == "note":
            if not isinstance(value.get("text"), str):
                raise InvalidEventError("a note needs text")
        elif "passage" in value:
            if not self.conn.execute(
                "SELECT 1 FROM passages WHERE id = ?", (value["passage"],)
            ).fetchone():
                raise NotFoundError(f"no passage with id {value['passage']!r}")
        elif not (isinstance(value.get("url"), str) and isinstance(value.get("quote"), str)):
            raise InvalidEventError("evidence is a passage id, or a url with a quote")

    def undo(self, reviewer: str, claim_id: str | None = None) -> list[Event]:
        """Cancel the reviewer's latest action that is not yet undone.

        Writes one undo event per event of that action, each naming the event it cancels,
        so a merged log keeps its meaning.  Returns the cancelled events (empty when there
        is nothing left to undo).

        Args:
            reviewer: whose action to cancel.
            claim_id: only an action on this claim (the review screen undoes on the claim
                the reviewer is looking at, never one they cannot see).
        """
        on_claim = "" if claim_id is None else " AND claim_id = ?"
        claim = [] if claim_id is None else [claim_id]
        with self._write():
            latest = self.conn.execute(
                f"SELECT at FROM live_events WHERE reviewer = ?{on_claim} "
                "ORDER BY at DESC, id DESC LIMIT 1",
                [reviewer, *claim],
            ).fetchone()
            if latest is None:
                return []
            cancelled = [
                self._event(row)
                for row in self.db.query(
                    f"SELECT * FROM live_events WHERE reviewer = ? AND at = ?{on_claim} "
                    "ORDER BY id",
                    [reviewer, latest[0], *claim],
                )
            ]
            at = utc_timestamp()
            for event in cancelled:
                undo_id = str(uuid.uuid4())
                self._append(undo_id, event.claim_id, reviewer, "undo", {"event": event.id}, at)
        return cancelled

    @staticmethod
    def _event(row: dict[str, Any]) -> Event:
        return Event(**{**row, "value": json.loads(row["value"])})

    def history(self, claim_id: str) -> list[HistoryEntry]:
        """Every event on a claim, oldest first, each with the undo that cancels it."""
        rows = self.db.query(
            """
            SELECT e.*, (
                SELECT u.id FROM events AS u
                WHERE u.kind = 'undo' AND json_extract(u.value, '$.event') = e.id
                ORDER BY u.at, u.id LIMIT 1
            ) AS undone_by
            FROM events AS e WHERE e.claim_id = ? ORDER BY e.at, e.id
            """,
            [claim_id],
        )
        entries = []
        for row in rows:
            undone_by = row.pop("undone_by")
            entries.append(HistoryEntry(event=self._event(row), undone_by=undone_by))
        return entries

    def claim_states(self, claim_id: str) -> dict[str, ClaimState]:
        """Each reviewer's current state of a claim, by reviewer name."""
        rows = self.db.query(
            claim_status_select("AND e.claim_id = ?") + " ORDER BY p.reviewer", [claim_id]
        )
        return {row["reviewer"]: self._state(row) for row in rows}

    def claim_state(self, claim_id: str, reviewer: str) -> ClaimState:
        """One reviewer's current state of a claim (all empty if they never touched it)."""
        state = self.claim_states(claim_id).get(reviewer)
        return state or ClaimState(claim_id, reviewer, None, None, None, ())

    @staticmethod
    def _state(row: dict[str, Any]) -> ClaimState:
        return ClaimState(
            claim_id=row["claim_id"],
            reviewer=row["reviewer"],
            verdict=row["verdict"],
            verdict_at=row["verdict_at"],
            note=row["note"],
            evidence=tuple(json.loads(row["evidence"])),
        )

    def progress(self) -> list[Progress]:
        """Claims with a current verdict, per article and reviewer (reviewers who began)."""
        return [
            Progress(**row)
            for row in self.db.query(
                "SELECT article_id, title, reviewer, reviewed, claims FROM reviewer_progress "
                "ORDER BY article_id, reviewer"
            )
        ]

    def current_verdicts(self, article_id: str | None = None) -> dict[str, dict[str, str]]:
        """Each claim's current verdict per reviewer: ``{claim_id: {reviewer: label}}``."""
        sql = "SELECT claim_id, reviewer, verdict FROM claim_status WHERE verdict IS NOT NULL"
        params: list[str] = []
        if article_id is not None:
            sql += " AND article_id = ?"
            params.append(article_id)
        verdicts: dict[str, dict[str, str]] = {}
        for claim_id, reviewer, label in self.conn.execute(sql, params):
            verdicts.setdefault(claim_id, {})[reviewer] = label
        return verdicts

    def states_for_article(self, article_id: str, reviewer: str | None = None) -> list[ClaimState]:
        """Current states of an article's claims (one reviewer's, or everyone's), in one query."""
        event_filter = "AND e.claim_id IN (SELECT id FROM claims WHERE article_id = ?)"
        params = [article_id]
        if reviewer is not None:
            event_filter += " AND e.reviewer = ?"
            params.append(reviewer)
        rows = self.db.query(claim_status_select(event_filter), params)
        return [self._state(row) for row in rows]

    def flagged_counts(self) -> dict[str, int]:
        """How many claims of each article carry a consistency flag."""
        rows = self.conn.execute(
            "SELECT article_id, count(*) FROM claims "
            "WHERE json_array_length(signals, '$.flags') > 0 GROUP BY article_id"
        )
        return {row[0]: int(row[1]) for row in rows}

    # -- sources and passages (reads) ----------------------------------------------------

    def claims_changed_since(self, last: int, article_id: str) -> tuple[list[str], int]:
        """An article's claims with events newer than event rowid ``last``, and the newest
        rowid: what a screen must refresh after other writers, without rereading it all."""
        newest = self.conn.execute("SELECT coalesce(max(rowid), 0) FROM events").fetchone()[0]
        rows = self.conn.execute(
            "SELECT DISTINCT e.claim_id FROM events AS e JOIN claims AS c ON c.id = e.claim_id "
            "WHERE e.rowid > ? AND e.rowid <= ? AND c.article_id = ?",
            (last, newest, article_id),
        )
        return [row[0] for row in rows], int(newest)

    def count_sources(self) -> int:
        """How many source documents the corpus holds."""
        return int(self.conn.execute("SELECT count(*) FROM sources").fetchone()[0])

    def source(self, source_id: str) -> Source:
        """The source with this id or unique id prefix."""
        full = self._resolve("sources", source_id, "source", "run `workbench add sources`")
        return Source(**next(self.db.query("SELECT * FROM sources WHERE id = ?", [full])))

    def passage(self, passage_id: str) -> Passage:
        """The passage with this id or unique id prefix."""
        full = self.resolve_passage_id(passage_id)
        row = next(
            self.db.query(
                'SELECT id, source_id, ordinal, text, start, "end" FROM passages WHERE id = ?',
                [full],
            )
        )
        return Passage(**row)

    # -- match cache ---------------------------------------------------------------------

    def corpus_version(self) -> int:
        """A number that changes whenever sources are added, so cached matches expire."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'corpus_version'").fetchone()
        return int(row[0]) if row else 0

    def cached_matches(self, key: str) -> list[JSONDict] | None:
        """The results saved under ``key`` for the current corpus, or None."""
        row = self.conn.execute(
            "SELECT results FROM match_cache WHERE key = ? AND corpus_version = ?",
            (key, self.corpus_version()),
        ).fetchone()
        return json.loads(row[0]) if row else None

    def save_matches(self, key: str, corpus_version: int, results: list[JSONDict]) -> None:
        """Keep ``results`` for ``key``, computed against ``corpus_version``."""
        with self._write():
            self.conn.execute(
                "INSERT INTO match_cache (key, corpus_version, results, created_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
                "corpus_version = excluded.corpus_version, results = excluded.results, "
                "created_at = excluded.created_at",
                (key, corpus_version, canonical_json(results), utc_timestamp()),
            )

    # -- team sharing --------------------------------------------------------------------

    def data_version(self) -> int:
        """A number that changes whenever another connection commits to this file.

        Cheap enough to poll (no I/O when nothing changed): a TUI compares it with the
        value it last saw to notice other reviewers' writes.
        """
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def conflicts(self, article_id: str | None = None) -> list[Conflict]:
        """Claims whose reviewers' current verdicts differ, in article order (the
        ``conflicts`` view), each with its adjudication if there is one."""
        sql = (
            "SELECT k.claim_id, k.article_id, c.text, k.verdicts, k.adjudicated, k.adjudicator "
            "FROM conflicts AS k JOIN claims AS c ON c.id = k.claim_id "
            "JOIN articles AS a ON a.id = k.article_id"
        )
        params: list[str] = []
        if article_id is not None:
            sql += " WHERE k.article_id = ?"
            params.append(article_id)
        sql += " ORDER BY a.added_at, a.id, c.ordinal"
        return [
            Conflict(**{**row, "verdicts": dict(sorted(json.loads(row["verdicts"]).items()))})
            for row in self.db.query(sql, params)
        ]

    def verdicts_by_article(self) -> dict[str, dict[str, dict[str, str]]]:
        """Current verdicts grouped by article: ``{article_id: {claim_id: {reviewer: label}}}``.

        One pass over ``claim_status`` for every article's agreement figures.
        """
        grouped: dict[str, dict[str, dict[str, str]]] = {}
        for article_id, claim_id, reviewer, label in self.conn.execute(
            "SELECT article_id, claim_id, reviewer, verdict FROM claim_status "
            "WHERE verdict IS NOT NULL"
        ):
            grouped.setdefault(article_id, {}).setdefault(claim_id, {})[reviewer] = label
        return grouped

    # -- sources: import, term statistics, full-text search ------------------------------

    def add_sources(self, sources: Sequence[NewSource], *, segmenter: str) -> AddedSources:
        """Store a batch of source documents, their passages and their FTS rows at once.

        One transaction per batch keeps an import fast and lets reviewers write between
        batches; a document whose content id is already stored is skipped and counted,
        which makes re-importing a corpus incremental.  When passages are added, the
        corpus version moves on, so cached matches expire.
        """
        with self._write():
            seen: set[str] = set()
            source_rows = []
            passage_rows = []
            fts_rows = []
            skipped = 0
            rowid = self.conn.execute("SELECT coalesce(max(rowid), 0) FROM passages").fetchone()[0]
            added_at = utc_timestamp()
            for doc in sources:
                sid = ids.source_id(doc.text)
                if (
                    sid in seen
                    or self.conn.execute("SELECT 1 FROM sources WHERE id = ?", (sid,)).fetchone()
                ):
                    skipped += 1
                    continue
                seen.add(sid)
                source_rows.append(
                    (sid, doc.external_id, doc.title, doc.origin, doc.url, doc.publisher,
                     doc.published, doc.text, added_at)
                )  # fmt: skip
                for ordinal, (start, end) in enumerate(doc.passages, start=1):
                    text = doc.text[start:end]
                    rowid += 1
                    pid = ids.passage_id(sid, ordinal, text)
                    passage_rows.append((rowid, pid, sid, ordinal, text, start, end))
                    fts_rows.append((rowid, doc.title, text))
            self.conn.executemany(
                "INSERT INTO sources (id, external_id, title, origin, url, publisher, "
                "published, text, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                source_rows,
            )
            self.conn.executemany(
                'INSERT INTO passages (rowid, id, source_id, ordinal, text, start, "end") '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                passage_rows,
            )
            self.conn.executemany(
                "INSERT INTO passages_fts (rowid, title, text) VALUES (?, ?, ?)", fts_rows
            )
            if passage_rows:
                self._set_meta("corpus_version", str(self.corpus_version() + 1))
                self._set_meta("passage_segmenter", segmenter)
        return AddedSources(len(source_rows), len(passage_rows), skipped)

    def passage_count(self) -> int:
        """How many passages the corpus holds."""
        return int(self.conn.execute("SELECT count(*) FROM passages").fetchone()[0])

    def _term_tables(self) -> None:
        """Per-connection temp tables that stem words exactly as the index does.

        The FTS5 vocabulary of ``passages_fts`` is keyed by porter stems; putting the
        query's words through a temp FTS5 table with the same tokenizer gives the same
        stems, with no stemmer of our own to drift from SQLite's.
        """
        self.conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_words USING fts5("
            "word, tokenize='porter unicode61 remove_diacritics 2')"
        )
        self.conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_word_terms "
            "USING fts5vocab(temp, query_words, 'instance')"
        )
        self.conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.passage_terms "
            "USING fts5vocab(main, passages_fts, 'row')"
        )

    def passage_term_counts(self, words: Sequence[str]) -> list[int]:
        """For each word, how many passages (title or text) contain its stem.

        Rare words make a fast, selective full-text query; a word the index does not know
        counts 0.  A word the tokenizer splits ("4,200") counts its rarest part.
        """
        # FTS5 counts a term by walking its whole doclist (milliseconds for a common word
        # at a million passages), so counts are kept until the corpus changes.
        version = self.corpus_version()
        if self._term_counts_version != version:
            self._term_counts = {}
            self._term_counts_version = version
        missing = [w for w in dict.fromkeys(words) if w not in self._term_counts]
        if missing:
            self._term_tables()
            self.conn.execute("DELETE FROM temp.query_words")
            self.conn.executemany(
                "INSERT INTO temp.query_words (rowid, word) VALUES (?, ?)",
                list(enumerate(missing, start=1)),
            )
            found: dict[int, int] = {}
            for doc, count in self.conn.execute(
                "SELECT q.doc, coalesce(t.doc, 0) FROM temp.query_word_terms AS q "
                "LEFT JOIN temp.passage_terms AS t ON t.term = q.term"
            ):
                found[doc] = min(found.get(doc, count), count)
            for i, word in enumerate(missing, start=1):
                self._term_counts[word] = found.get(i, 0)
        return [self._term_counts[w] for w in words]

    def search_passages(
        self, query: str, limit: int, *, title_weight: float = 0.5
    ) -> list[PassageHit]:
        """Passages matching an FTS5 ``query``, best BM25 first, with their sources.

        Args:
            query: an FTS5 query (matching.py builds it from quoted terms).
            limit: at most this many hits.
            title_weight: bm25 weight of the source-title column (the text's is 1).
        """
        sql = f"""
            SELECT p.id, p.source_id, s.title, s.publisher, s.published, s.url, p.text, f.rank
            FROM (
                SELECT rowid, bm25(passages_fts, {float(title_weight)!r}, 1.0) AS rank
                FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rank LIMIT ?
            ) AS f
            JOIN passages AS p ON p.rowid = f.rowid
            JOIN sources AS s ON s.id = p.source_id
            ORDER BY f.rank
        """
        try:
            rows = self.conn.execute(sql, (query, int(limit))).fetchall()
        except sqlite3.OperationalError as e:
            raise StoreError(f"full-text search failed for {query!r}: {e}") from None
        return [PassageHit(*row) for row in rows]

    def passages_by_id(self, passage_ids: Sequence[str]) -> list[PassageHit]:
        """The passages with these full ids (rank 0), in the order given; unknown ids left out."""
        found: dict[str, PassageHit] = {}
        for start in range(0, len(passage_ids), 500):
            chunk = list(passage_ids[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            for row in self.conn.execute(
                "SELECT p.id, p.source_id, s.title, s.publisher, s.published, s.url, p.text, 0.0 "
                "FROM passages AS p JOIN sources AS s ON s.id = p.source_id "
                f"WHERE p.id IN ({marks})",
                chunk,
            ):
                found[row[0]] = PassageHit(*row)
        return [found[pid] for pid in passage_ids if pid in found]

    def evidence_choices(self) -> list[EvidenceChoice]:
        """Every passage some reviewer currently holds as evidence, with its claim."""
        rows = self.conn.execute(
            """
            SELECT DISTINCT c.id, c.text, json_extract(j.value, '$.passage') AS passage
            FROM claim_status AS s
            JOIN claims AS c ON c.id = s.claim_id, json_each(s.evidence) AS j
            WHERE passage IS NOT NULL
            ORDER BY c.article_id, c.ordinal, passage
            """
        ).fetchall()
        return [EvidenceChoice(*row) for row in rows]

    # -- reports -------------------------------------------------------------------------

    @staticmethod
    def _article_filter(column: str, article_id: str | None) -> tuple[str, list[str]]:
        """A WHERE fragment narrowing ``column`` (a claim id) to one article's claims."""
        if article_id is None:
            return "", []
        return f"AND {column} IN (SELECT id FROM claims WHERE article_id = ?)", [article_id]

    def article_claim_states(
        self, article_id: str | None = None
    ) -> dict[str, dict[str, ClaimState]]:
        """Each reviewer's current state of each claim of an article (or of every article).

        One query for a whole report, rather than one ``claim_states`` per claim:
        ``{claim_id: {reviewer: state}}``, reviewers in name order.
        """
        where, params = self._article_filter("e.claim_id", article_id)
        rows = self.db.query(
            claim_status_select(where) + " ORDER BY p.claim_id, p.reviewer", params
        )
        states: dict[str, dict[str, ClaimState]] = {}
        for row in rows:
            states.setdefault(row["claim_id"], {})[row["reviewer"]] = self._state(row)
        return states

    def article_history(self, article_id: str | None = None) -> dict[str, list[HistoryEntry]]:
        """Every event on each claim of an article (or of all), oldest first, with its undo."""
        where, params = self._article_filter("e.claim_id", article_id)
        rows = self.db.query(
            f"""
            SELECT e.*, (
                SELECT u.id FROM events AS u
                WHERE u.kind = 'undo' AND json_extract(u.value, '$.event') = e.id
                ORDER BY u.at, u.id LIMIT 1
            ) AS undone_by
            FROM events AS e WHERE 1 = 1 {where} ORDER BY e.claim_id, e.at, e.id
            """,
            params,
        )
        history: dict[str, list[HistoryEntry]] = {}
        for row in rows:
            undone_by = row.pop("undone_by")
            entry = HistoryEntry(event=self._event(row), undone_by=undone_by)
            history.setdefault(entry.event.claim_id, []).append(entry)
        return history

    def adjudications(self, article_id: str | None = None) -> dict[str, Adjudication]:
        """The settled verdict of each adjudicated claim of an article (or of all)."""
        where, params = self._article_filter("claim_id", article_id)
        rows = self.db.query(
            f"SELECT claim_id, adjudicator, verdict, at FROM adjudications WHERE 1 = 1 {where}",
            params,
        )
        return {row["claim_id"]: Adjudication(**row) for row in rows}

    def passages(self, passage_ids: Sequence[str]) -> dict[str, Passage]:
        """The passages with these exact ids that exist, by id (one query for many)."""
        rows = self.db.query(
            'SELECT id, source_id, ordinal, text, start, "end" FROM passages '
            "WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(passage_ids))],
        )
        return {row["id"]: Passage(**row) for row in rows}

    def sources(self, source_ids: Sequence[str]) -> dict[str, Source]:
        """The sources with these exact ids that exist, by id (one query for many)."""
        rows = self.db.query(
            "SELECT * FROM sources WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(source_ids))],
        )
        return {row["id"]: Source(**row) for row in rows}


__all__ = ["ReviewStore", "SCHEMA_VERSION", "MIGRATION_SET", "canonical_json", "utc_timestamp"]
