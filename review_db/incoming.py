"""Checking a database that arrives by merge, whole, before anything of it is written.

A review database from another laptop is untrusted input: it may be damaged, hand-edited,
or forged to plant ids that become file names (``../../x``), values that crash every
report, or events that outrank a reviewer's real ones.  So every row of it is checked
first, and one bad row refuses the whole file with one line naming the file, the table,
the row (its SQLite rowid) and the problem; nothing of it is merged.

What a row must be:

* ids of exactly the form ``ids.py`` makes them, and, where ids are derived from content
  (articles, claims, sources, passages), the id that content gives: a row whose id does
  not match its content was altered or forged.  (A claim or passage that an earlier merge
  numbered after another segmentation's keeps its id, so its id may come from a smaller
  ordinal.)
* references that resolve in the arriving file or in the databases it joins (the target,
  and files merged before it): a claim's article, a passage's source, an event's claim, an
  evidence passage, and the event an undo cancels, which must be an event of the same
  claim by the same reviewer that is not itself an undo.
* values of their declared form: texts that are strings, offsets that slice the text
  they point into, event values that decode as their kind's typed value (``models.py``)
  and are stored in its one encoding, well-formed timestamps, reviewer names that are
  short one-line strings.
* an event already held (by the target, or a file merged before) must be the very same
  event: events are immutable, so two different events under one id mean one copy was
  tampered with, and neither is kept silently.
* no event stamped more than ``FUTURE_TOLERANCE`` after the merge's clock.  The log orders a
  reviewer's actions by time, so an event dated 9999 would outrank every real later
  verdict, and the reviewer's own undo would cancel it rather than their real action.  A
  day allows for laptops whose clocks are wrong by some hours.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from . import ids
from .errors import InvalidEventError, MergeError
from .models import EvidenceAdd, EvidenceRemove, PassageRef, Undo, decode_action
from .schema import CLAIM_KINDS
from .store import ReviewStore, canonical_json
from .validation import (
    TIMESTAMP_FORMAT,
    reviewer_problem,
    text_problem,
    timestamp_problem,
)

FUTURE_TOLERANCE = timedelta(days=1)
# Far beyond any real article or source (its units are numbered from 1), small enough that
# looking for the ordinal a renumbered row's id came from stays quick.
MAX_ORDINAL = 100_000
MAX_DOCUMENT_LENGTH = 50_000_000  # an article's or a source's text

# The columns of each table a merge reads (the schema's, in order); each is checked here.
# A later migration that adds a column must decide here whether and how it merges.
COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (
        "id",
        "title",
        "origin",
        "url",
        "published",
        "text",
        "segmenter",
        "added_at",
        "author",
        "publisher",
    ),
    "claims": (
        "id",
        "article_id",
        "ordinal",
        "text",
        "start",
        "end",
        "kind",
        "worthiness",
        "signals",
    ),
    "sources": (
        "id",
        "external_id",
        "title",
        "origin",
        "url",
        "publisher",
        "published",
        "text",
        "added_at",
    ),
    "passages": ("id", "source_id", "ordinal", "text", "start", "end"),
    "events": ("id", "claim_id", "reviewer", "kind", "value", "at"),
}

Row = dict[str, Any]
_EVENT_FIELDS = ("claim_id", "reviewer", "kind", "value", "at")  # all an event is, but its id
Other = tuple[str, sqlite3.Connection]  # a database the arriving one joins, and its name


class RowRefused(Exception):
    """One row's problem, raised deep in a check and worded at its top."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def check_incoming(source: ReviewStore, name: str, others: Sequence[Other], now: datetime) -> None:
    """Refuse ``source`` unless every row of it may be merged.

    Args:
        source: the arriving database (a temporary copy at the current schema).
        name: how to name it in the message (the path the user gave).
        others: the databases it will join, with their names: the target (if it exists)
            and files merged before it; references may resolve in them, and events they
            hold must be the same there.
        now: the merge's clock, for refusing events from the future.

    Raises:
        MergeError: one line naming the file, table, row and problem.
    """
    check = RowCheck(source.conn, others, now)
    _check_tables(source.conn, name)
    for table, rows, check_row in (
        ("articles", check.articles, check.article),
        ("sources", check.sources, check.source),
        ("claims", check.claims, check.claim),
        ("passages", check.passages, check.passage),
        ("events", check.events, check.event),
    ):
        try:
            for row in rows():
                try:
                    check_row(row)
                except RowRefused as e:
                    raise MergeError(
                        f"{name}: {table} row {row['rowid']} (id {_shown(row['id'])}): "
                        f"{e.problem}; nothing merged"
                    ) from None
        except sqlite3.Error as e:
            raise MergeError(
                f"{name}: {table} cannot be read ({_sqlite_problem(e)}); nothing merged"
            ) from None


def _check_tables(conn: sqlite3.Connection, name: str) -> None:
    kinds = dict(conn.execute("SELECT name, type FROM sqlite_master").fetchall())
    for table, columns in COLUMNS.items():
        if kinds.get(table) != "table":
            raise MergeError(
                f"{name} has no {table} table: it is not a review database; nothing merged"
            )
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        missing = [c for c in columns if c not in present]
        if missing:
            raise MergeError(
                f"{name}: table {table} lacks the column(s) {', '.join(missing)}: "
                "it is not a review database; nothing merged"
            )


def _sqlite_problem(e: sqlite3.Error) -> str:
    """SQLite's complaint, without the bytes it quotes from the file (they may be escapes)."""
    if "decode to UTF-8" in str(e):
        return "it holds text that is not UTF-8"
    return ascii(str(e))[1:-1]


def _shown(value: object) -> str:
    """An id from the file, quoted and cut short: it may be anything."""
    if not isinstance(value, str):
        return f"<{type(value).__name__}>"
    return repr(value[:40]) + ("…" if len(value) > 40 else "")


def _require(problem: str | None, what: str) -> None:
    if problem is not None:
        raise RowRefused(f"{what} {problem}")


def _optional_text(row: Row, *columns: str) -> None:
    for column in columns:
        if row[column] is not None:
            _require(text_problem(row[column]), column)


def _integer(value: object, what: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise RowRefused(f"{what} is not a whole number from {low:,} to {high:,}")
    return value


def _slices(row: Row, document: str, what: str) -> None:
    """The row's text is exactly ``document[start:end]``."""
    start = _integer(row["start"], "start", 0, len(document))
    end = _integer(row["end"], "end", start, len(document))
    if document[start:end] != row["text"]:
        raise RowRefused(f"its offsets {start}-{end} do not hold its text in its {what}'s text")


def _derived(row: Row, parent: str, make: Callable[[str, int, str], str]) -> None:
    """The id of a claim or passage is what its parent, ordinal and text give.

    A row another segmentation held at the same ordinal was numbered after the last by an
    earlier merge, keeping its id: its id may come from any smaller ordinal.
    """
    ordinal = row["ordinal"]
    for candidate in range(ordinal, 0, -1):
        if make(row[parent], candidate, row["text"]) == row["id"]:
            return
    raise RowRefused("its id does not match its content (an altered or forged row)")


def _json(text: object, what: str) -> Any:
    if not isinstance(text, str):
        raise RowRefused(f"{what} is not JSON text")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise RowRefused(
            f"{what} is not readable JSON (malformed, too deep or too large)"
        ) from None


def _signals_problem(signals: object) -> str | None:
    """Why a claim's signals are not of the shape readers rely on, or None."""
    if not isinstance(signals, dict):
        return "are not a JSON object"
    flags = signals.get("flags", [])
    if not isinstance(flags, list) or not all(isinstance(f, dict) for f in flags):
        return "flags are not a list of objects"
    reasons = signals.get("reasons", [])
    if not isinstance(reasons, list) or not all(isinstance(r, str) for r in reasons):
        return "reasons are not a list of strings"
    if signals.get("speaker") is not None and not isinstance(signals["speaker"], str):
        return "speaker is not a string"
    return None


class RowCheck:
    """The row checks of one arriving database, with lookups into it and its targets.

    A merge checks a whole file with it (``check_incoming``); a hub sync checks each
    pulled row, looking parents up in the local database it is filling (``check``).
    """

    def __init__(self, conn: sqlite3.Connection, others: Sequence[Other], now: datetime) -> None:
        self.conn = conn
        self.others = others
        self.latest = (now + FUTURE_TOLERANCE).strftime(TIMESTAMP_FORMAT)
        self._parent: tuple[str, str] | None = None  # (id, text) of the last looked-up parent

    def check(self, table: str, row: Row) -> None:
        """Check one row of ``table`` (its columns as ``COLUMNS`` lists them).

        Raises:
            RowRefused: what is wrong with it.
        """
        checks: dict[str, Callable[[Row], None]] = {
            "articles": self.article,
            "sources": self.source,
            "claims": self.claim,
            "passages": self.passage,
            "events": self.event,
        }
        try:
            checks[table](row)
        except sqlite3.Error as e:
            raise RowRefused(f"cannot be checked ({_sqlite_problem(e)})") from None

    # -- reading --

    def _rows(self, table: str, order: str) -> Iterator[Row]:
        columns = ", ".join(f'"{c}"' for c in ("rowid", *COLUMNS[table]))
        cursor = self.conn.execute(f"SELECT {columns} FROM {table} ORDER BY {order}")
        names = [d[0] for d in cursor.description]
        for values in cursor:
            yield dict(zip(names, values, strict=True))

    def articles(self) -> Iterator[Row]:
        return self._rows("articles", "rowid")

    def sources(self) -> Iterator[Row]:
        return self._rows("sources", "rowid")

    def claims(self) -> Iterator[Row]:
        return self._rows("claims", "article_id, ordinal, rowid")

    def passages(self) -> Iterator[Row]:
        return self._rows("passages", "source_id, ordinal, rowid")

    def events(self) -> Iterator[Row]:
        return self._rows("events", "rowid")

    def _found(self, sql: str, key: str) -> tuple[Any, ...] | None:
        """The first row ``sql`` gives for ``key`` in the arriving file, else in the others."""
        for conn in (self.conn, *(other for _, other in self.others)):
            row = conn.execute(sql, (key,)).fetchone()
            if row is not None:
                return tuple(row)
        return None

    def _parent_text(self, table: str, key: str, what: str) -> str:
        if self._parent is None or self._parent[0] != key:
            found = self._found(f"SELECT text FROM {table} WHERE id = ?", key)
            if found is None:
                raise RowRefused(f"its {what} {key} is in none of the databases merged")
            if not isinstance(found[0], str):
                raise RowRefused(f"its {what}'s text is not a string")
            self._parent = (key, found[0])
        return self._parent[1]

    def _exists(self, table: str, key: str) -> bool:
        return self._found(f"SELECT 1 FROM {table} WHERE id = ?", key) is not None

    # -- rows --

    def article(self, row: Row) -> None:
        if not ids.is_article_id(row["id"]):
            raise RowRefused("id is not an article id (12 lower-case hex digits)")
        self._document(row, "segmenter", "author", "publisher")
        if ids.article_id(row["text"]) != row["id"]:
            raise RowRefused("its id does not match its text (an altered or forged row)")

    def source(self, row: Row) -> None:
        if not ids.is_source_id(row["id"]):
            raise RowRefused("id is not a source id (16 lower-case hex digits)")
        self._document(row, "external_id", "publisher")
        if ids.source_id(row["text"]) != row["id"]:
            raise RowRefused("its id does not match its text (an altered or forged row)")

    def _document(self, row: Row, *other_text: str) -> None:
        _require(text_problem(row["text"], limit=MAX_DOCUMENT_LENGTH), "text")
        _require(text_problem(row["title"]), "title")
        _optional_text(row, "origin", "url", "published", *other_text)
        if "segmenter" in other_text:
            _require(text_problem(row["segmenter"]), "segmenter")
        _require(timestamp_problem(row["added_at"]), "added_at")

    def claim(self, row: Row) -> None:
        if not ids.is_claim_id(row["id"]):
            raise RowRefused("id is not a claim id (12 lower-case hex digits)")
        if not ids.is_article_id(row["article_id"]):
            raise RowRefused("article_id is not an article id")
        _require(text_problem(row["text"], limit=MAX_DOCUMENT_LENGTH), "text")
        _integer(row["ordinal"], "ordinal", 1, MAX_ORDINAL)
        _slices(row, self._parent_text("articles", row["article_id"], "article"), "article")
        if row["kind"] not in CLAIM_KINDS:
            raise RowRefused(f"kind is not one of {', '.join(CLAIM_KINDS)}")
        worthiness = row["worthiness"]
        if (
            not isinstance(worthiness, int | float)
            or isinstance(worthiness, bool)
            or not math.isfinite(worthiness)
            or not 0 <= worthiness <= 1
        ):
            raise RowRefused("worthiness is not a number from 0 to 1")
        _require(_signals_problem(_json(row["signals"], "signals")), "signals")
        _derived(row, "article_id", ids.claim_id)

    def passage(self, row: Row) -> None:
        if not ids.is_passage_id(row["id"]):
            raise RowRefused("id is not a passage id (16 lower-case hex digits)")
        if not ids.is_source_id(row["source_id"]):
            raise RowRefused("source_id is not a source id")
        _require(text_problem(row["text"], limit=MAX_DOCUMENT_LENGTH), "text")
        _integer(row["ordinal"], "ordinal", 1, MAX_ORDINAL)
        _slices(row, self._parent_text("sources", row["source_id"], "source"), "source")
        _derived(row, "source_id", ids.passage_id)

    def event(self, row: Row) -> None:
        if not ids.is_event_id(row["id"]):
            raise RowRefused("id is not an event id (a lower-case UUID)")
        if not ids.is_claim_id(row["claim_id"]):
            raise RowRefused("claim_id is not a claim id")
        if not self._exists("claims", row["claim_id"]):
            raise RowRefused(f"its claim {row['claim_id']} is in none of the databases merged")
        _require(reviewer_problem(row["reviewer"]), "reviewer name")
        try:
            action = decode_action(row["kind"], _json(row["value"], "value"))
        except InvalidEventError as e:
            raise RowRefused(e.message) from None
        if canonical_json(action.to_json()) != row["value"]:
            raise RowRefused("value is not written in its one encoding (altered by hand)")
        _require(timestamp_problem(row["at"]), "time")
        if row["at"] > self.latest:
            raise RowRefused(
                f"it is stamped {row['at']}, more than a day after this merge's clock; an "
                "event from the future would outrank the reviewer's real later ones"
            )
        if isinstance(action, EvidenceAdd | EvidenceRemove) and isinstance(
            action.evidence, PassageRef
        ):
            passage = action.evidence.passage
            if not self._exists("passages", passage):
                raise RowRefused(f"its evidence passage {passage} is in none of the databases")
        if isinstance(action, Undo):
            self._undo(row, action.event)
        self._same_everywhere(row)

    def _undo(self, row: Row, cancelled: str) -> None:
        """An undo cancels an action of its own reviewer on its own claim, as ``undo`` makes
        them; anything else would let one reviewer erase another's work."""
        found = self._found("SELECT claim_id, reviewer, kind FROM events WHERE id = ?", cancelled)
        if found is None:
            raise RowRefused(f"it cancels event {cancelled}, which none of the databases holds")
        claim, reviewer, kind = found
        if kind == "undo" or (claim, reviewer) != (row["claim_id"], row["reviewer"]):
            raise RowRefused(
                f"it cancels event {cancelled}, which is not an action of the same reviewer "
                "on the same claim"
            )

    def _same_everywhere(self, row: Row) -> None:
        for other_name, conn in self.others:
            held = conn.execute(
                f"SELECT {', '.join(_EVENT_FIELDS)} FROM events WHERE id = ?", (row["id"],)
            ).fetchone()
            if held is None:
                continue
            for column, value in zip(_EVENT_FIELDS, held, strict=True):
                mine = row[column]
                if column == "value" and value != mine:
                    value, mine = _comparable(value), _comparable(mine)
                if value != mine:
                    raise RowRefused(
                        f"{other_name} holds an event with this id but another {column}: "
                        "one of the two copies was altered, so neither is trusted"
                    )


def _comparable(value: object) -> object:
    """An event value as data, so two encodings of one value compare equal."""
    try:
        return json.loads(value) if isinstance(value, str) else value
    except (ValueError, RecursionError):
        return value
