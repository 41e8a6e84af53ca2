"""The order a reviewer meets an article's units in, as a rule with no screen in it.

Claims and quotes come first, because they are what gets checked: in article order, or
in worthiness order (highest first, ties in article order: the most worth checking
before the rest when time is short); ``review.order`` in the config chooses.  A
run of bullet points at the top of an article (the "key points" summary many news pages
open with) repeats the body in short: reviewed first, it is checked without the context
the body gives, and then again in the body.  So those summary bullets come after the
body's claims and quotes, still before headings, captions, credits and the rest.  Both
orders keep these three groups; the order applies within each.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal, get_args

from review_db import ClaimBrief

CHECKABLE = ("claim", "quote")
ReviewOrder = Literal["article", "worthiness"]
ORDERS: tuple[ReviewOrder, ...] = get_args(ReviewOrder)
_BULLET = re.compile(r"[•●▪◦‣∙·*\-–—]\s")


def leading_summary(claims: Sequence[ClaimBrief]) -> set[str]:
    """Ids of the bullet points that open an article, before its first other claim or quote."""
    summary: set[str] = set()
    for claim in sorted(claims, key=lambda c: c.ordinal):
        if claim.kind not in CHECKABLE:
            continue  # a headline or dateline may come before the bullets
        if not _BULLET.match(claim.text):
            break
        summary.add(claim.id)
    return summary


def order_for_review(
    claims: Sequence[ClaimBrief], order: ReviewOrder = "article"
) -> list[ClaimBrief]:
    """Body claims and quotes, then the leading summary bullets, then headings, captions,
    credits and the rest: each group in article order, or by worthiness (highest
    first, ties in article order)."""
    summary = leading_summary(claims)

    def group(claim: ClaimBrief) -> int:
        if claim.kind not in CHECKABLE:
            return 2
        return 1 if claim.id in summary else 0

    if order == "worthiness":
        return sorted(claims, key=lambda c: (group(c), -c.worthiness, c.ordinal))
    return sorted(claims, key=lambda c: (group(c), c.ordinal))
