"""The overview's rows: every unit of an article with the verdicts on it, sorted and
filtered as the overview screen shows them.

Plain Python with no Textual in it (like ``navigation``), so that sorting and filtering
10,000 units is a list operation the tests can check on their own, and the screen only
draws what this module arranged.

Blind review is part of the arrangement, not only of the drawing: "disputed" (reviewers'
current verdicts differ) says something about the verdicts of others, so it is offered
only while those verdicts are shown, as the review screen shows them (``v``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from review_db import Claim, ClaimState
from review_db.schema import REVIEWED_KINDS
from workbench.review_progress import ReviewCounts, count_progress

SORTS = ("article order", "worthiness", "flags", "disputed")
FILTERS = ("all", "unreviewed", "flagged", "disputed")
NEED_OTHERS = frozenset({"disputed"})  # sorts and filters that read others' verdicts


@dataclass(frozen=True)
class UnitRow:
    """One unit of the article as the overview lists it."""

    id: str
    ordinal: int  # the claim's number, as users type it (``8``, ``ARTICLE:8``)
    kind: str
    worthiness: float
    text: str
    flags: tuple[str, ...]  # the types of the consistency flags it holds
    verdict: str | None  # this reviewer's current verdict
    evidence: int  # how many pieces of evidence this reviewer holds for it
    others: tuple[tuple[str, str], ...]  # (reviewer, verdict) of the others, by name

    @property
    def counted(self) -> bool:
        """A claim or a quote: what progress counts (``review_progress``)."""
        return self.kind in REVIEWED_KINDS

    @property
    def disputed(self) -> bool:
        """Reviewers' current verdicts differ (the ``conflicts`` view's rule)."""
        labels = {label for _, label in self.others}
        if self.verdict is not None:
            labels.add(self.verdict)
        return len(labels) > 1


def unit_rows(
    claims: Iterable[Claim], states: Iterable[ClaimState], reviewer: str
) -> list[UnitRow]:
    """The rows of an article, in article order.

    Args:
        claims: the article's units (``ArticleCatalog.claims``), in article order.
        states: every reviewer's current states of them (``ReviewLog.states``).
        reviewer: whose verdict is "yours"; everyone else's are the others'.
    """
    by_claim: dict[str, list[ClaimState]] = {}
    for state in states:
        by_claim.setdefault(state.claim_id, []).append(state)
    return [unit_row(claim, by_claim.get(claim.id, ()), reviewer) for claim in claims]


def unit_row(claim: Claim, states: Iterable[ClaimState], reviewer: str) -> UnitRow:
    """One unit's row, from the claim and its reviewers' current states."""
    blank = UnitRow(
        id=claim.id,
        ordinal=claim.ordinal,
        kind=claim.kind,
        worthiness=claim.worthiness,
        text=claim.text,
        flags=tuple(flag.type for flag in claim.flags),
        verdict=None,
        evidence=0,
        others=(),
    )
    return with_states(blank, states, reviewer)


def with_states(row: UnitRow, states: Iterable[ClaimState], reviewer: str) -> UnitRow:
    """The row with these verdicts (``states``: every reviewer's state of the unit)."""
    mine = None
    others = []
    for state in states:
        if state.reviewer == reviewer:
            mine = state
        elif state.verdict is not None:
            others.append((state.reviewer, state.verdict))
    return replace(
        row,
        verdict=mine.verdict if mine else None,
        evidence=len(mine.evidence) if mine else 0,
        others=tuple(sorted(others)),
    )


# Each sort's key (none: article order).  Python's sort is stable and the rows come in
# article order, so ties stay in article order without a second key to build.
_SORT_KEYS: dict[str, Callable[[UnitRow], float | int | bool]] = {
    "worthiness": lambda row: -row.worthiness,
    "flags": lambda row: -len(row.flags),
    "disputed": lambda row: not row.disputed,
}


def _keeps(row: UnitRow, name: str) -> bool:
    if name == "unreviewed":
        return row.verdict is None
    if name == "flagged":
        return bool(row.flags)
    if name == "disputed":
        return row.disputed
    return True


def arrange(rows: Sequence[UnitRow], sort: str, keep: str, text: str = "") -> list[UnitRow]:
    """The rows the filter ``keep`` and the words ``text`` keep, in ``sort`` order.

    ``rows`` are in article order, and ties stay in it, so the units of one worthiness
    (or the units without flags) read as the article does.  ``text`` is matched without
    regard to case anywhere in the unit's text.
    """
    words = text.casefold()
    kept = [
        row for row in rows if _keeps(row, keep) and (not words or words in row.text.casefold())
    ]
    key = _SORT_KEYS.get(sort)
    if key is not None:
        kept.sort(key=key)
    return kept


def next_choice(choices: Sequence[str], current: str, others_shown: bool) -> str:
    """The sort or filter after ``current``; those needing others' verdicts are skipped
    while the verdicts are hidden (blind review)."""
    index = choices.index(current)
    for step in range(1, len(choices) + 1):
        candidate = choices[(index + step) % len(choices)]
        if others_shown or candidate not in NEED_OTHERS:
            return candidate
    return current


def progress(rows: Iterable[UnitRow]) -> ReviewCounts:
    """Claims and quotes with this reviewer's verdict of all of them; the rest apart."""
    return count_progress((row.kind, row.verdict is not None) for row in rows)
