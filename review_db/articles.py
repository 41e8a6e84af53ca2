"""Articles and their claims: import, re-splitting, listing and lookup by id.

Claims are immutable once an article is stored; the one exception is an article nobody
has reviewed yet, whose claims a newer segmenter may replace whole.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from . import ids
from .connection import Connection, canonical_json, utc_timestamp
from .errors import NotFoundError
from .models import AddedArticle, Article, ArticleSummary, Claim, ClaimBrief, NewClaim
from .schema import REVIEWED_KINDS


def ambiguous_claims(ref: str, claims: Sequence[Claim]) -> str:
    """Why ``ref`` is refused: it could mean each of ``claims`` (named by id and number)."""
    shown = []
    article = None
    for claim in claims:
        where = f"#{claim.ordinal}"
        if claim.article_id != article:
            where = f"article {claim.article_id}, {where}"
            article = claim.article_id
        shown.append(f"{claim.id} ({where})")
    return (
        f'"{ref}" could mean claim {" or ".join(shown)}; give more of the id, '
        "or ARTICLE:N with the claim's number"
    )


class ArticleCatalog:
    """The articles and claims of one review database."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.conn = connection.conn

    def resolve_claim_id(self, prefix: str) -> str:
        """The full id of the claim with this id or id prefix (of ``MIN_ID_PREFIX``+)."""
        return self.connection.resolve_id(
            "claims",
            prefix,
            "claim",
            "run `workbench claims` to list them",
            ambiguous=lambda ref, found: ambiguous_claims(ref, self.claims_with_ids(found)),
        )

    def resolve_article_id(self, prefix: str) -> str:
        """The full id of the article with this id or id prefix (of ``MIN_ID_PREFIX``+)."""
        return self.connection.resolve_id(
            "articles", prefix, "article", "run `workbench articles` to list them"
        )

    def claims_with_ids(self, claim_ids: Sequence[str]) -> list[Claim]:
        """The claims with these full ids, in the order given (unknown ids left out)."""
        found = {}
        for claim_id in claim_ids:
            for row in self.connection.query("SELECT * FROM claims WHERE id = ?", [claim_id]):
                found[claim_id] = self._claim(row)
        return [found[i] for i in claim_ids if i in found]

    def claims_with_id_prefix(self, prefix: str, article_id: str | None = None) -> list[Claim]:
        """Up to two claims whose id starts with ``prefix`` (in one article, if given)."""
        if not prefix:
            return []
        where, params = ("AND article_id = ?", [article_id]) if article_id else ("", [])
        return self.claims_with_ids(
            self.connection.ids_starting("claims", prefix.lower(), where=where, params=params)
        )

    def claims_numbered(self, ordinal: int, article_id: str | None = None) -> list[Claim]:
        """The claims with this number (ordinal): one article's, or up to two of any."""
        where, params = ("AND article_id = ?", [article_id]) if article_id else ("", [])
        rows = self.conn.execute(
            f"SELECT id FROM claims WHERE ordinal = ? {where} ORDER BY article_id LIMIT 2",
            (ordinal, *params),
        ).fetchall()
        return self.claims_with_ids([str(row[0]) for row in rows])

    def article_ids(self, limit: int | None = None) -> list[str]:
        """Article ids, oldest article first (``limit`` of them, when given)."""
        rows = self.conn.execute(
            "SELECT id FROM articles ORDER BY added_at, id LIMIT ?",
            (-1 if limit is None else limit,),
        )
        return [str(row[0]) for row in rows]

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
        author: str | None = None,
        publisher: str | None = None,
    ) -> AddedArticle:
        """Store an article and its claims in one transaction.

        The id is derived from the text, so importing the same text again changes nothing
        and returns ``created=False``.
        """
        article_id = ids.article_id(text)
        with self.connection.write():
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
                author=author,
                publisher=publisher,
            )
            self.connection.insert("articles", [asdict(article)])
            self._insert_claims(article_id, text, claims)
            self.connection.set_meta("segmenter", segmenter)
        return AddedArticle(article=article, created=True, claims=len(claims))

    def _insert_claims(self, article_id: str, text: str, claims: Sequence[NewClaim]) -> None:
        """Store ``claims`` in order: a claim's ordinal is its 1-based position in the list,
        and its id is ``ids.claim_id(article id, ordinal, text)``, checked against the id
        the pipeline gave it."""
        rows = []
        for ordinal, claim in enumerate(claims, start=1):
            if text[claim.start : claim.end] != claim.text:
                raise ValueError(f"claim {ordinal} does not slice the article text exactly")
            claim_id = ids.claim_id(article_id, ordinal, claim.text)
            if claim.id is not None and claim.id != claim_id:
                raise ValueError(f"claim {ordinal} has id {claim.id}, not {claim_id}")
            rows.append(
                {
                    "id": claim_id,
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
        self.connection.insert("claims", rows)

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
        with self.connection.write():
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
            self.connection.set_meta("segmenter", segmenter)
        return True

    def _article_row(self, article_id: str) -> Article | None:
        rows = list(self.connection.query("SELECT * FROM articles WHERE id = ?", [article_id]))
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
        """Every article, oldest first, with its claims and quotes and how many of them
        anyone reviewed (progress counts those); its other units apart."""
        sql = f"""
            SELECT a.id, a.title, a.origin, a.published, a.added_at,
                count(c.id) FILTER (WHERE c.kind IN {REVIEWED_KINDS!r}) AS claims,
                count(r.claim_id) FILTER (WHERE c.kind IN {REVIEWED_KINDS!r}) AS reviewed,
                count(c.id) FILTER (WHERE c.kind NOT IN {REVIEWED_KINDS!r}) AS other_units,
                count(r.claim_id) FILTER (WHERE c.kind NOT IN {REVIEWED_KINDS!r})
                    AS other_reviewed
            FROM articles AS a
            LEFT JOIN claims AS c ON c.article_id = a.id
            LEFT JOIN (
                SELECT DISTINCT claim_id FROM claim_status WHERE verdict IS NOT NULL
            ) AS r ON r.claim_id = c.id
            GROUP BY a.id ORDER BY a.added_at, a.id
        """
        return [ArticleSummary(**row) for row in self.connection.query(sql)]

    def claims(self, article_id: str | None = None) -> list[Claim]:
        """Claims in article order (every article's, oldest article first, without an id)."""
        if article_id is not None:
            rows = self.connection.query(
                "SELECT * FROM claims WHERE article_id = ? ORDER BY ordinal", [article_id]
            )
        else:
            rows = self.connection.query(
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
        row = next(self.connection.query("SELECT * FROM claims WHERE id = ?", [full]))
        return self._claim(row)

    @staticmethod
    def _claim(row: dict[str, Any]) -> Claim:
        return Claim(**{**row, "signals": json.loads(row["signals"])})

    def flagged_counts(self) -> dict[str, int]:
        """How many claims of each article carry a consistency flag."""
        rows = self.conn.execute(
            "SELECT article_id, count(*) FROM claims "
            "WHERE json_array_length(signals, '$.flags') > 0 GROUP BY article_id"
        )
        return {row[0]: int(row[1]) for row in rows}
