"""The review order and filters, without the app."""

from __future__ import annotations

from review_db import ClaimBrief, ClaimState
from workbench.tui.navigation import Navigator, review_order


def _claim(ordinal: int, kind: str = "claim", flagged: bool = False) -> ClaimBrief:
    return ClaimBrief(f"c{ordinal:02d}", "a", ordinal, f"text {ordinal}", 0, 1, kind, 0.5, flagged)


def _verdict(claim: ClaimBrief) -> ClaimState:
    return ClaimState(claim.id, "ann", "True", "2026-01-01T00:00:00.000000Z", None, ())


CLAIMS = [_claim(1, "heading"), _claim(2), _claim(3, "quote", flagged=True), _claim(4, "caption"),
          _claim(5, flagged=True)]  # fmt: skip


def test_claims_and_quotes_come_first_in_article_order() -> None:
    assert [c.ordinal for c in review_order(CLAIMS)] == [2, 3, 5, 1, 4]


def test_filters_keep_the_right_claims_and_the_place() -> None:
    nav = Navigator(review_order(CLAIMS), {"c02": _verdict(CLAIMS[1])})
    assert nav.current is not None and nav.current.ordinal == 2
    assert nav.cycle_filter() == "unreviewed"
    # the current claim was reviewed: the next kept one after it is shown
    assert [c.ordinal for c in nav.visible] == [3, 5, 1, 4] and nav.current.ordinal == 3
    assert nav.cycle_filter() == "flagged"
    assert [c.ordinal for c in nav.visible] == [3, 5] and nav.current.ordinal == 3
    assert nav.cycle_filter() == "claims only"
    assert [c.ordinal for c in nav.visible] == [2, 3, 5]
    assert nav.cycle_filter() == "all"
    assert nav.progress.reviewed == 1 and nav.progress.total == 3  # claims and quotes
    assert nav.progress.other_units == 2


def test_progress_counts_claims_and_quotes_only() -> None:
    nav = Navigator(review_order(CLAIMS), {})
    nav.mark_reviewed("c01")  # a heading: shown apart, never holds 100% back
    assert (nav.progress.reviewed, nav.progress.other_reviewed) == (0, 1)
    for claim_id in ("c02", "c03", "c05"):
        nav.mark_reviewed(claim_id)
    assert nav.progress.complete and nav.progress.percent == 100


def test_progress_follows_verdicts_given_twice_and_taken_back() -> None:
    nav = Navigator(review_order(CLAIMS), {"c02": _verdict(CLAIMS[1])})
    nav.mark_reviewed("c02")  # saved again: still one claim
    nav.set_state(_verdict(CLAIMS[2]))
    assert (nav.progress.reviewed, nav.progress.total) == (2, 3)
    undone = ClaimState("c02", "ann", None, None, None, ())
    nav.set_state(undone)  # an undo takes the verdict back
    nav.set_state(undone)
    assert (nav.progress.reviewed, nav.progress.other_reviewed) == (1, 0)
    assert not nav.reviewed(CLAIMS[1])


def test_moving_stops_at_the_ends_and_finds_unreviewed() -> None:
    nav = Navigator(review_order(CLAIMS), {"c03": _verdict(CLAIMS[2])})
    assert not nav.move(-1)
    assert nav.next_unreviewed(1) and nav.current.ordinal == 5  # type: ignore[union-attr]
    assert nav.move(2) and nav.current.ordinal == 4  # type: ignore[union-attr]
    assert not nav.move(1)
    assert nav.go_to_ordinal(3) and nav.current.ordinal == 3  # type: ignore[union-attr]
    assert not nav.go_to_ordinal(99)
    assert [c.ordinal for c in nav.neighbours(2)] == [5, 1]


def test_going_to_a_hidden_claim_shows_all() -> None:
    nav = Navigator(review_order(CLAIMS), {}, filter="flagged")
    assert nav.go_to_ordinal(2) and nav.filter == "all"


def test_an_empty_filter_has_no_current_claim() -> None:
    nav = Navigator(review_order([_claim(1)]), {"c01": _verdict(_claim(1))}, filter="unreviewed")
    assert nav.visible == [] and nav.current is None and not nav.move(1)
