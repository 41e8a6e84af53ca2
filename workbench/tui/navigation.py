"""Where the reviewer is in an article: the review order, the filter, the position.

Plain Python with no Textual in it, so moving from claim to claim costs a list lookup
and the rules (claims first, filters, next unreviewed) can be tested on their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from review_db import ClaimBrief, ClaimState
from review_db.schema import REVIEWED_KINDS
from workbench.claims.review_order import ReviewOrder, order_for_review
from workbench.review_progress import ReviewCounts

FILTERS = ("all", "unreviewed", "flagged", "claims only")
CHECKABLE = ("claim", "quote")


def review_order(claims: Sequence[ClaimBrief], order: ReviewOrder = "article") -> list[ClaimBrief]:
    """Claims and quotes first, in article or worthiness order (leading summary bullets
    after the body); then headings, captions and the rest: the rule is
    ``order_for_review``."""
    return order_for_review(claims, order)


@dataclass
class Navigator:
    """The ordered, filtered list of claims a reviewer steps through."""

    claims: list[ClaimBrief]  # in review order
    states: dict[str, ClaimState]  # this reviewer's current state, by claim id
    filter: str = "all"
    position: int = 0  # index into visible

    def __post_init__(self) -> None:
        self.visible: list[ClaimBrief] = []
        self._reviewed: set[str] = set()
        # Progress counts claims and quotes (review_progress); the rest is shown apart.
        self._counted = frozenset(c.id for c in self.claims if c.kind in REVIEWED_KINDS)
        # Kept as verdicts come and go, so the progress bar costs nothing per key (an
        # intersection of 10,000 ids on every move took a fraction of a frame).
        self._counted_reviewed = 0
        for claim_id, state in self.states.items():
            if state.verdict is not None:
                self._set_reviewed(claim_id, True)
        self.apply_filter(self.filter)

    def _set_reviewed(self, claim_id: str, reviewed: bool) -> None:
        if reviewed == (claim_id in self._reviewed):
            return
        if reviewed:
            self._reviewed.add(claim_id)
        else:
            self._reviewed.discard(claim_id)
        if claim_id in self._counted:
            self._counted_reviewed += 1 if reviewed else -1

    def set_state(self, state: ClaimState) -> None:
        """Record a claim's new state (after a write, or another reviewer's)."""
        self.states[state.claim_id] = state
        self._set_reviewed(state.claim_id, state.verdict is not None)

    def mark_reviewed(self, claim_id: str) -> None:
        """A verdict was just given and its save may still be queued: count the claim as
        reviewed now, so the keys pressed after it ("next unreviewed") see it."""
        self._set_reviewed(claim_id, True)

    @property
    def current(self) -> ClaimBrief | None:
        return self.visible[self.position] if self.visible else None

    def reviewed(self, claim: ClaimBrief) -> bool:
        return claim.id in self._reviewed

    def _keeps(self, claim: ClaimBrief, name: str) -> bool:
        if name == "unreviewed":
            return not self.reviewed(claim)
        if name == "flagged":
            return claim.flagged
        if name == "claims only":
            return claim.kind in CHECKABLE
        return True

    def apply_filter(self, name: str) -> None:
        """Show only the claims the filter keeps, staying on the current claim if it is kept."""
        current = self.current if self.visible else None
        self.filter = name
        self.visible = [c for c in self.claims if self._keeps(c, name)]
        self.position = 0
        if current is None:
            return
        # Stay on the current claim, else go to the first kept claim after it.
        order = {c.id: i for i, c in enumerate(self.claims)}
        here = order[current.id]
        for index, claim in enumerate(self.visible):
            if order[claim.id] >= here:
                self.position = index
                return

    def reorder(self, claims: list[ClaimBrief]) -> None:
        """Go through the same claims in another order (``claims``): the filter shows what
        it showed, and the current claim stays current, at its place in the new order."""
        current = self.current
        shown = {c.id for c in self.visible}
        self.claims = claims
        self.visible = [c for c in claims if c.id in shown]
        self.position = next(
            (i for i, c in enumerate(self.visible) if current is not None and c.id == current.id),
            0,
        )

    def cycle_filter(self) -> str:
        self.apply_filter(FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)])
        return self.filter

    def move(self, step: int) -> bool:
        """Go ``step`` claims forward or back; False at either end."""
        target = self.position + step
        if not self.visible or not 0 <= target < len(self.visible):
            return False
        self.position = target
        return True

    def move_to_next(self, step: int, wanted: Callable[[ClaimBrief], bool]) -> bool:
        """Go to the next claim (in ``step`` direction) that ``wanted`` accepts."""
        index = self.position + step
        while 0 <= index < len(self.visible):
            if wanted(self.visible[index]):
                self.position = index
                return True
            index += step
        return False

    def next_unreviewed(self, step: int) -> bool:
        return self.move_to_next(step, lambda c: not self.reviewed(c))

    def go_to_claim(self, claim_id: str) -> bool:
        """Show this claim; if the filter hides it, show all so that it can be shown."""
        for index, claim in enumerate(self.visible):
            if claim.id == claim_id:
                self.position = index
                return True
        if self.filter != "all" and any(c.id == claim_id for c in self.claims):
            self.apply_filter("all")
            return self.go_to_claim(claim_id)
        return False

    def go_to_ordinal(self, ordinal: int) -> bool:
        """Show the claim with this number in the article."""
        for claim in self.claims:
            if claim.ordinal == ordinal:
                return self.go_to_claim(claim.id)
        return False

    def neighbours(self, count: int) -> list[ClaimBrief]:
        """The next ``count`` visible claims after the current one (for prefetching)."""
        return self.visible[self.position + 1 : self.position + 1 + count]

    @property
    def progress(self) -> ReviewCounts:
        """Claims and quotes with a verdict of all of them; the other units apart."""
        counted = self._counted_reviewed
        return ReviewCounts(
            reviewed=counted,
            total=len(self._counted),
            other_reviewed=len(self._reviewed) - counted,
            other_units=len(self.claims) - len(self._counted),
        )
