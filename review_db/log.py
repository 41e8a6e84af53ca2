"""The review log: events appended, undone, and read back as states and history.

Every reviewer action is an event appended to ``events`` and committed before the call
returns, so a crash or a kill never loses a verdict that was confirmed.  Current state is
always derived from the log (the query behind the ``claim_status`` view), which is what
lets history, undo, audit and merging share one mechanism.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from . import ids
from .connection import Connection, canonical_json, utc_timestamp
from .errors import InvalidEventError, NotFoundError
from .models import (
    Action,
    ClaimState,
    Conflict,
    Event,
    EvidenceAdd,
    EvidenceChoice,
    EvidenceRemove,
    HistoryEntry,
    JSONDict,
    PassageRef,
    Progress,
    SettledVerdict,
    Undo,
    UndoScope,
    decode_action,
    stored_evidence,
)
from .schema import claim_status_select
from .validation import reviewer_problem

# Each event with the id of the first undo that cancels it (None while it stands).
_HISTORY_SELECT = """
    SELECT e.*, (
        SELECT u.id FROM events AS u
        WHERE u.kind = 'undo' AND json_extract(u.value, '$.event') = e.id
        ORDER BY u.at, u.id LIMIT 1
    ) AS undone_by
    FROM events AS e WHERE 1 = 1
"""


def _article_filter(column: str, article_id: str | None) -> tuple[str, list[str]]:
    """A WHERE fragment narrowing ``column`` (a claim id) to one article's claims."""
    if article_id is None:
        return "", []
    return f"AND {column} IN (SELECT id FROM claims WHERE article_id = ?)", [article_id]


def _narrowed(
    column: str,
    claim: str | None,
    article: str | None,
    reviewer: str | None = None,
    claims: Sequence[str] | None = None,
) -> tuple[str, list[str]]:
    """A WHERE fragment on events ``e`` for one claim, some claims, one article, one
    reviewer, or all."""
    where, params = _article_filter(column, article)
    if claim is not None:
        where += f" AND {column} = ?"
        params.append(claim)
    if claims is not None:
        where += f" AND {column} IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(list(claims)))
    if reviewer is not None:
        where += " AND e.reviewer = ?"
        params.append(reviewer)
    return where, params


class ReviewLog:
    """The append-only event log of one review database and what is derived from it."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.conn = connection.conn

    def states(
        self,
        *,
        claim: str | None = None,
        article: str | None = None,
        reviewer: str | None = None,
        claims: Sequence[str] | None = None,
    ) -> list[ClaimState]:
        """Current states, by claim then reviewer name, narrowed to what is given (one
        claim, or the ``claims`` listed).

        One query in every case (the ``claim_status`` query narrowed at its base, so one
        claim's state is read through the index rather than by deriving every claim's).
        """
        where, params = _narrowed("e.claim_id", claim, article, reviewer, claims)
        rows = self.connection.query(
            claim_status_select(where) + " ORDER BY p.claim_id, p.reviewer", params
        )
        return [_state(row) for row in rows]

    def history(
        self, *, claim: str | None = None, article: str | None = None
    ) -> dict[str, list[HistoryEntry]]:
        """Every event on each claim (one, an article's, or all), oldest first, with its undo."""
        where, params = _narrowed("e.claim_id", claim, article)
        order = "ORDER BY e.claim_id, e.at, e.id"
        rows = self.connection.query(f"{_HISTORY_SELECT} {where} {order}", params)
        history: dict[str, list[HistoryEntry]] = {}
        for row in rows:
            undone_by = row.pop("undone_by")
            entry = HistoryEntry(event=_event(row), undone_by=undone_by)
            history.setdefault(entry.event.claim_id, []).append(entry)
        return history

    def record_event(self, claim_id: str, reviewer: str, kind: str, value: JSONDict) -> Event:
        """Append one event and commit it before returning."""
        return self.record_events(reviewer, [(claim_id, kind, value)])[0]

    def record_events(
        self, reviewer: str, items: Sequence[tuple[str, str, JSONDict]]
    ) -> list[Event]:
        """Append several events as one action, each value given as JSON: decoded by its
        kind's typed value (``models.decode_action``), so it meets the rules a merged
        database is checked by, then recorded as :meth:`record_actions` does."""
        for _, kind, _ in items:
            if kind == "undo":
                raise InvalidEventError("an undo is recorded by undo(), which chooses its event")
        return self.record_actions(
            reviewer, [(claim_id, decode_action(kind, value)) for claim_id, kind, value in items]
        )

    def record_actions(self, reviewer: str, items: Sequence[tuple[str, Action]]) -> list[Event]:
        """Append several typed actions as one: one transaction, one timestamp.

        One action (a verdict with its note, say) is what one undo takes back; each value
        is stored in its type's one encoding.
        """
        problem = reviewer_problem(reviewer)
        if problem is not None:
            raise InvalidEventError(f"reviewer name {problem}")
        with self.connection.write():
            at = utc_timestamp()
            # Events of one action share `at`; sorted ids keep (at, id) in the given order.
            event_ids = sorted(ids.new_event_id() for _ in items)
            events = []
            for event_id, (claim_id, action) in zip(event_ids, items, strict=True):
                self._check_action(claim_id, action)
                events.append(self._append(event_id, claim_id, reviewer, action, at))
        return events

    def _append(
        self, event_id: str, claim_id: str, reviewer: str, action: Action, at: str
    ) -> Event:
        event = Event(
            id=event_id,
            claim_id=claim_id,
            reviewer=reviewer,
            kind=action.KIND,
            value=action.to_json(),
            at=at,
        )
        self.conn.execute(
            "INSERT INTO events (id, claim_id, reviewer, kind, value, at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (event.id, claim_id, reviewer, event.kind, canonical_json(event.value), at),
        )
        return event

    def _check_action(self, claim_id: str, action: Action) -> None:
        """What an action names exists (never an undo: ``undo`` chooses what it cancels)."""
        if isinstance(action, Undo):
            raise InvalidEventError("an undo is recorded by undo(), which chooses its event")
        if not self.conn.execute("SELECT 1 FROM claims WHERE id = ?", (claim_id,)).fetchone():
            raise NotFoundError(f"no claim with id {claim_id!r}")
        if isinstance(action, EvidenceAdd | EvidenceRemove) and isinstance(
            action.evidence, PassageRef
        ):
            passage = action.evidence.passage
            if not self.conn.execute("SELECT 1 FROM passages WHERE id = ?", (passage,)).fetchone():
                raise NotFoundError(f"no passage with id {passage!r}")

    def undo(
        self, reviewer: str, claim_id: str | None = None, scope: UndoScope = UndoScope.ANY
    ) -> list[Event]:
        """Cancel the reviewer's latest action (of ``scope``) that is not yet undone.

        Writes one undo event per event of that action, each naming the event it cancels,
        so a merged log keeps its meaning.  Returns the cancelled events (empty when there
        is nothing left to undo).

        Args:
            reviewer: whose action to cancel.
            claim_id: only an action on this claim (the review screen undoes on the claim
                the reviewer is looking at, never one they cannot see).
            scope: only an action of these kinds (the review screen never takes back an
                adjudication it does not show, the conflicts screen nothing else).
        """
        kinds = scope.kinds
        where = f" AND kind IN ({', '.join('?' * len(kinds))})"
        params: list[str] = list(kinds)
        if claim_id is not None:
            where += " AND claim_id = ?"
            params.append(claim_id)
        with self.connection.write():
            latest = self.conn.execute(
                f"SELECT at FROM live_events WHERE reviewer = ?{where} "
                "ORDER BY at DESC, id DESC LIMIT 1",
                [reviewer, *params],
            ).fetchone()
            if latest is None:
                return []
            cancelled = [
                _event(row)
                for row in self.connection.query(
                    f"SELECT * FROM live_events WHERE reviewer = ? AND at = ?{where} ORDER BY id",
                    [reviewer, latest[0], *params],
                )
            ]
            at = utc_timestamp()
            for event in cancelled:
                self._append(ids.new_event_id(), event.claim_id, reviewer, Undo(event.id), at)
        return cancelled

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

    def progress(self) -> list[Progress]:
        """Claims and quotes with a current verdict, per article and reviewer (reviewers
        who began); other units apart."""
        return [
            Progress(**row)
            for row in self.connection.query(
                "SELECT article_id, title, reviewer, reviewed, claims, other_reviewed, "
                "other_units FROM reviewer_progress "
                "ORDER BY article_id, reviewer"
            )
        ]

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
            for row in self.connection.query(sql, params)
        ]

    def claims_judged_differently(self, article_id: str | None = None) -> list[str]:
        """Claims (of an article, or of all) given verdicts of two labels or more at any
        time, undone or replaced ones included: every claim in conflict is one of them, so
        a reader that needs its claims' whole states reads just these rather than derive
        every claim's (``conflicts`` derives every claim's state to find them)."""
        where, params = _article_filter("claim_id", article_id)
        rows = self.conn.execute(
            f"SELECT claim_id FROM events WHERE kind = 'verdict' {where} GROUP BY claim_id "
            "HAVING count(DISTINCT json_extract(value, '$.label')) > 1",
            params,
        )
        return [row[0] for row in rows]

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

    def adjudications(
        self, article_id: str | None = None, *, claim: str | None = None
    ) -> dict[str, SettledVerdict]:
        """The settled verdict of each adjudicated claim of an article (or of all, or of
        one ``claim``)."""
        where, params = _narrowed("claim_id", claim, article_id)
        rows = self.connection.query(
            f"SELECT claim_id, adjudicator, verdict, at FROM adjudications WHERE 1 = 1 {where}",
            params,
        )
        return {row["claim_id"]: SettledVerdict(**row) for row in rows}


def _event(row: dict[str, Any]) -> Event:
    return Event(**{**row, "value": json.loads(row["value"])})


def _state(row: dict[str, Any]) -> ClaimState:
    return ClaimState(
        claim_id=row["claim_id"],
        reviewer=row["reviewer"],
        verdict=row["verdict"],
        verdict_at=row["verdict_at"],
        note=row["note"],
        evidence=tuple(stored_evidence(item) for item in json.loads(row["evidence"])),
    )
