"""The fact-check library, and the index that finds earlier reviewed claims.

Published fact-checks (schema.org ClaimReview, as fact-checkers publish them) are stored
in ``factchecks``, content-addressed and immutable, with the words the matcher normalised
them to in ``factchecks_fts``.  Claims of every article are indexed in ``claims_fts`` by
triggers, so a claim reviewed in one article can be found from another; which of them
have a settled verdict is read from the review log when asked.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import ids
from .connection import Connection, canonical_json, utc_timestamp
from .errors import StoreError
from .schema import claim_status_select

_COLUMNS = (
    "claim_reviewed", "verdict", "rating_value", "best_rating", "worst_rating",
    "author_name", "author_url", "url", "date_published", "claim_author", "appearances",
    "language", "terms", "origin",
)  # fmt: skip
# What makes two fact-checks the same one: what the publisher said, not where we read it.
_IDENTITY = tuple(c for c in _COLUMNS if c not in ("terms", "origin"))


@dataclass(frozen=True)
class NewFactCheck:
    """A ClaimReview as read from a file, before it has an id.

    ``terms`` is the claim as the matcher reads it (space-separated normalised words).
    """

    claim_reviewed: str
    terms: str
    verdict: str | None = None
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    author_name: str | None = None
    author_url: str | None = None
    url: str | None = None
    date_published: str | None = None
    claim_author: str | None = None
    appearances: tuple[str, ...] = ()
    language: str | None = None
    origin: str | None = None


@dataclass(frozen=True)
class FactCheck(NewFactCheck):
    """A stored fact-check."""

    id: str = ""
    added_at: str = ""


@dataclass(frozen=True)
class AddedFactChecks:
    added: int
    skipped: int  # already in the library, or repeated within the batch


@dataclass(frozen=True)
class ClaimHit:
    """A claim of some article that has been given a verdict, found by full-text search."""

    claim_id: str
    article_id: str
    text: str
    article_title: str
    article_url: str | None
    rank: float  # bm25: lower is better


@dataclass(frozen=True)
class SettledVerdict:
    """A claim's one verdict: its adjudication, else the label every reviewer gave."""

    claim_id: str
    verdict: str
    by: tuple[str, ...]  # the adjudicator, or every reviewer who gave the label
    at: str
    basis: str  # "adjudication" or "unanimous"


def factcheck_id(item: NewFactCheck) -> str:
    """A short sha256 of what the publisher said: the same ClaimReview, the same id."""
    identity = {name: getattr(item, name) for name in _IDENTITY}
    identity["appearances"] = list(item.appearances)
    digest = hashlib.sha256(b"factcheck\x1f" + canonical_json(identity).encode("utf-8"))
    return digest.hexdigest()[: ids.FACTCHECK_ID_LENGTH]


class FactCheckLibrary:
    """The fact-checks of one review database, and the search for earlier claims."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.conn = connection.conn
        self._term_counts: dict[str, int] = {}
        self._term_counts_version = -1

    def add(self, items: Sequence[NewFactCheck]) -> AddedFactChecks:
        """Store a batch of fact-checks and their index rows in one transaction.

        A fact-check whose id is already stored (or repeats within the batch) is skipped
        and counted, so importing a feed again adds only what is new.
        """
        with self.connection.write():
            rowid = self.conn.execute("SELECT coalesce(max(rowid), 0) FROM factchecks").fetchone()[
                0
            ]
            added_at = utc_timestamp()
            seen: set[str] = set()
            rows = []
            fts_rows = []
            for item in items:
                ident = factcheck_id(item)
                if (
                    ident in seen
                    or self.conn.execute(
                        "SELECT 1 FROM factchecks WHERE id = ?", (ident,)
                    ).fetchone()
                ):
                    continue
                seen.add(ident)
                rowid += 1
                values = [getattr(item, c) for c in _COLUMNS]
                values[_COLUMNS.index("appearances")] = json.dumps(list(item.appearances))
                rows.append((rowid, ident, *values, added_at))
                fts_rows.append((rowid, item.terms))
            columns = ", ".join(("rowid", "id", *_COLUMNS, "added_at"))
            marks = ", ".join("?" * (len(_COLUMNS) + 3))
            self.conn.executemany(f"INSERT INTO factchecks ({columns}) VALUES ({marks})", rows)
            self.conn.executemany(
                "INSERT INTO factchecks_fts (rowid, terms) VALUES (?, ?)", fts_rows
            )
        return AddedFactChecks(len(rows), len(items) - len(rows))

    def count(self) -> int:
        """How many fact-checks the library holds.

        Fact-checks are never deleted and rowids are given in sequence, so the largest
        rowid is their number, read from the index end rather than counted (a count
        walks the table, milliseconds at 100,000: too slow for every lookup).
        """
        return int(
            self.conn.execute("SELECT coalesce(max(rowid), 0) FROM factchecks").fetchone()[0]
        )

    def get(self, prefix: str) -> FactCheck:
        """The fact-check with this id or unique id prefix."""
        full = self.connection.resolve_id(
            "factchecks", prefix, "fact-check", "run `workbench checked` to find them"
        )
        row = self.conn.execute(f"{_SELECT} WHERE id = ?", (full,)).fetchone()
        return _factcheck(row)

    def term_counts(self, terms: Sequence[str]) -> list[int]:
        """For each normalised term, how many fact-checks contain it (0 if none).

        Kept until the library grows: the matcher asks for every query's words.
        """
        version = int(
            self.conn.execute("SELECT coalesce(max(rowid), 0) FROM factchecks").fetchone()[0]
        )
        if version != self._term_counts_version:
            self._term_counts = {}
            self._term_counts_version = version
            self.conn.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.factcheck_terms "
                "USING fts5vocab(main, factchecks_fts, 'row')"
            )
        for term in terms:
            if term not in self._term_counts:
                row = self.conn.execute(
                    "SELECT doc FROM temp.factcheck_terms WHERE term = ?", (term,)
                ).fetchone()
                self._term_counts[term] = int(row[0]) if row else 0
        return [self._term_counts[t] for t in terms]

    def search(self, query: str, limit: int) -> list[tuple[FactCheck, float]]:
        """Fact-checks matching an FTS5 ``query`` over their terms, best BM25 first."""
        sql = f"""
            SELECT {_FIELDS}, r.rank
            FROM (
                SELECT rowid, bm25(factchecks_fts) AS rank FROM factchecks_fts
                WHERE factchecks_fts MATCH ? ORDER BY rank LIMIT ?
            ) AS r JOIN factchecks ON factchecks.rowid = r.rowid
            ORDER BY r.rank
        """
        rows = self._query(sql, (query, int(limit)))
        return [(_factcheck(row[:-1]), float(row[-1])) for row in rows]

    def search_claims(
        self, query: str, limit: int, *, exclude_article: str | None = None
    ) -> list[ClaimHit]:
        """Claims that some reviewer gave a verdict, matching an FTS5 ``query``.

        Args:
            query: an FTS5 query over the claims' words (porter-stemmed).
            limit: at most this many, best BM25 first.
            exclude_article: leave out this article's own claims.
        """
        sql = """
            SELECT c.id, c.article_id, c.text, a.title, coalesce(a.url, a.origin),
                   bm25(claims_fts) AS rank
            FROM claims_fts
            JOIN claims AS c ON c.id = claims_fts.claim_id
            JOIN articles AS a ON a.id = c.article_id
            WHERE claims_fts MATCH ? AND c.article_id IS NOT ?
              AND EXISTS (
                SELECT 1 FROM events AS e
                WHERE e.claim_id = c.id AND e.kind IN ('verdict', 'adjudication')
              )
            ORDER BY rank LIMIT ?
        """
        rows = self._query(sql, (query, exclude_article, int(limit)))
        return [ClaimHit(*row) for row in rows]

    def settled_verdicts(self, claim_ids: Sequence[str]) -> dict[str, SettledVerdict]:
        """The settled verdict of each claim that has one (disputed claims have none).

        Adjudicated: the latest live adjudication.  Otherwise the label every reviewer's
        current verdict agrees on, dated by the latest of them.
        """
        ids = json.dumps(list(claim_ids))
        settled: dict[str, SettledVerdict] = {}
        for claim_id, adjudicator, verdict, at in self.conn.execute(
            "SELECT claim_id, adjudicator, verdict, at FROM adjudications "
            "WHERE claim_id IN (SELECT value FROM json_each(?))",
            (ids,),
        ):
            settled[claim_id] = SettledVerdict(
                claim_id, verdict, (adjudicator,), at, "adjudication"
            )
        states: dict[str, list[tuple[str, str, str]]] = {}
        narrowed = claim_status_select("AND e.claim_id IN (SELECT value FROM json_each(?))")
        for row in self.conn.execute(
            f"SELECT claim_id, reviewer, verdict, verdict_at FROM ({narrowed}) "
            "WHERE verdict IS NOT NULL",
            (ids,),
        ):
            states.setdefault(row[0], []).append((row[1], row[2], row[3]))
        for claim_id, given in states.items():
            labels = {label for _, label, _ in given}
            if claim_id in settled or len(labels) != 1:
                continue
            reviewers = tuple(sorted(reviewer for reviewer, _, _ in given))
            latest = max(at for _, _, at in given)
            settled[claim_id] = SettledVerdict(
                claim_id, labels.pop(), reviewers, latest, "unanimous"
            )
        return settled

    def _query(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as e:
            raise StoreError(f"full-text search failed: {e}") from None


_FIELDS = ", ".join(("id", "added_at", *_COLUMNS))
_SELECT = f"SELECT {_FIELDS} FROM factchecks"


def _factcheck(row: tuple[Any, ...]) -> FactCheck:
    values = dict(zip(("id", "added_at", *_COLUMNS), row, strict=True))
    values["appearances"] = tuple(json.loads(values["appearances"]))
    return FactCheck(**values)
