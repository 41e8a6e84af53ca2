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


def _scored(ordinal: int, worthiness: float, kind: str = "claim") -> ClaimBrief:
    return ClaimBrief(
        f"c{ordinal:02d}", "a", ordinal, f"text {ordinal}", 0, 1, kind, worthiness, False
    )


SCORED = [_scored(1, 0.9, "heading"), _scored(2, 0.3), _scored(3, 0.7, "quote"),
          _scored(4, 0.8, "caption"), _scored(5, 0.7), _scored(6, 0.2, "other"),
          _scored(7, 0.95)]  # fmt: skip


def test_worthiness_order_puts_the_highest_first_and_the_rest_still_last() -> None:
    # 7 (0.95), then 3 and 5 tied at 0.7 in article order, then 2; then the units that are
    # not claims or quotes, by worthiness too.
    assert [c.ordinal for c in review_order(SCORED, "worthiness")] == [7, 3, 5, 2, 1, 4, 6]
    assert [c.ordinal for c in review_order(SCORED, "article")] == [2, 3, 5, 7, 1, 4, 6]


def test_reordering_keeps_the_current_claim_and_the_filter() -> None:
    nav = Navigator(review_order(SCORED), {"c03": _verdict(SCORED[2])}, filter="unreviewed")
    assert [c.ordinal for c in nav.visible] == [2, 5, 7, 1, 4, 6]
    assert nav.move(1) and nav.current is not None and nav.current.ordinal == 5
    nav.mark_reviewed("c05")  # reviewed now, still shown until the filter is applied again
    nav.reorder(review_order(SCORED, "worthiness"))
    assert [c.ordinal for c in nav.visible] == [7, 5, 2, 1, 4, 6]
    assert nav.current is not None and nav.current.ordinal == 5 and nav.position == 1
    assert nav.move(1) and nav.current.ordinal == 2
    nav.reorder(review_order(SCORED, "article"))
    assert nav.current.ordinal == 2 and nav.position == 0
