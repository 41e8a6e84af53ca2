"""Reusing a verdict: a claim checked before gets the earlier verdict in one action.

The reviewer's verdict is recorded with what it was reused from (``reused_from`` in the
verdict event's value, which reports read back), and the fact-check's URL, or the earlier
claim's article, as evidence quoting the text that was checked.  One action: one undo
takes back both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from review_db import Event, ReviewStore
from workbench.errors import UsageError

from .checked import CheckedMatch


def reuse_label(match: CheckedMatch, labels: Sequence[str]) -> str:
    """The label of the verdict scale that the match's verdict is (ignoring case).

    Raises:
        UsageError: the match has no verdict, or one the scale does not have (a
            publisher's "Pants on fire" is not ours to translate).
    """
    if not match.verdict:
        raise UsageError("the match has no verdict to reuse")
    wanted = match.verdict.strip().casefold()
    for label in labels:
        if label.casefold() == wanted:
            return label
    raise UsageError(
        f"the verdict {match.verdict!r} is not a label of the verdict scale "
        f"({', '.join(labels)}): give your own verdict"
    )


def reused_from(match: CheckedMatch) -> dict[str, Any]:
    """What a reused verdict records about its origin (reports show it)."""
    key = "factcheck_id" if match.kind == "factcheck" else "claim_id"
    return {
        "kind": match.kind,
        key: match.ident,
        "verdict": match.verdict,
        "by": match.by,
        "date": match.date,
        "url": match.url,
    }


def reuse_verdict(
    store: ReviewStore, claim_id: str, reviewer: str, match: CheckedMatch, labels: Sequence[str]
) -> list[Event]:
    """Record ``reviewer``'s verdict on ``claim_id`` as the match's, with it as evidence.

    Args:
        store: the review database.
        claim_id: the claim given the verdict (the one asked about, not the match).
        reviewer: who reuses it.
        match: the fact-check or earlier claim (see ``find_checked``).
        labels: the verdict scale's labels.
    """
    label = reuse_label(match, labels)
    items: list[tuple[str, str, dict[str, Any]]] = [
        (claim_id, "verdict", {"label": label, "reused_from": reused_from(match)})
    ]
    if match.url:
        items.append((claim_id, "evidence-add", {"url": match.url, "quote": match.claim_reviewed}))
    return store.record_events(reviewer, items)
