"""What the claim screen reads of the claims it will show: the whole claim, its cached
passages and whether it was checked before.  UI-free (a store in, values out): the
screen's worker runs it and hands each claim's values to the screen in one call.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from review_db import Claim, ClaimBrief, ReviewStore
from workbench.corpus import matching
from workbench.corpus.matching import Match
from workbench.factchecks.checked import CHECKED_THRESHOLD, CheckedMatch, find_checked

TOP_PASSAGES = 10


@dataclass(frozen=True)
class Wanted:
    """What the screen lacks of a claim."""

    claim: ClaimBrief
    details: bool  # the whole claim (flags, signals)
    matches: bool  # its cached matches (never computed here)
    checked: bool  # "checked before?"


@dataclass(frozen=True)
class ClaimRead:
    """What was read of one claim; what was not wanted is None (``matches`` is None too
    when nothing is cached: ``matches_read`` tells the two apart)."""

    claim_id: str
    details: Claim | None = None
    matches: list[Match] | None = None
    matches_read: bool = False
    checked: CheckedMatch | None = None
    checked_read: bool = False


def read_claims(store: ReviewStore, wanted: Sequence[Wanted], ranker: str) -> Iterator[ClaimRead]:
    """Read what each claim lacks, in the order given."""
    for want in wanted:
        claim = want.claim
        yield ClaimRead(
            claim.id,
            details=store.claim(claim.id) if want.details else None,
            matches=(
                matching.cached_matches(store, claim.text, top=TOP_PASSAGES, ranker=ranker)
                if want.matches
                else None
            ),
            matches_read=want.matches,
            checked=checked_before(store, claim) if want.checked else None,
            checked_read=want.checked,
        )


def checked_before(store: ReviewStore, claim: ClaimBrief) -> CheckedMatch | None:
    """The best earlier check of ``claim`` in another article, if one is close enough."""
    found = find_checked(
        store, claim.text, top=1, exclude_article=claim.article_id, min_score=CHECKED_THRESHOLD
    )
    return found[0] if found else None
