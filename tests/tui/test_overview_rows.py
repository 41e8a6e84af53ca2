"""The overview's rows, sorts and filters, without the app."""

from __future__ import annotations

from review_db import Claim, ClaimState
from review_db.models import PassageRef
from workbench.tui.overview_rows import (
    FILTERS,
    SORTS,
    arrange,
    next_choice,
    progress,
    unit_rows,
    with_states,
)

FLAG = {"type": "quantity-mismatch", "message": "two counts", "claims": [], "spans": []}


def _claim(ordinal: int, kind: str = "claim", worth: float = 0.5, flags: int = 0) -> Claim:
    signals = {"flags": [FLAG] * flags}
    text = f"Unit {ordinal} about the Harlow bridge" if ordinal % 2 else f"Unit {ordinal}"
    return Claim(f"c{ordinal:02d}", "a", ordinal, text, 0, 1, kind, worth, signals)


def _state(claim: str, who: str, label: str | None, evidence: int = 0) -> ClaimState:
    held = tuple(PassageRef(f"{n:016x}") for n in range(evidence))
    return ClaimState(claim, who, label, None, None, held)


CLAIMS = [
    _claim(1, "heading", 0.1),
    _claim(2, worth=0.9, flags=1),
    _claim(3, "quote", 0.7),
    _claim(4, "caption", 0.2),
    _claim(5, worth=0.9, flags=2),
    _claim(6, worth=0.4),
]
STATES = [
    _state("c02", "ann", "True", evidence=2),
    _state("c02", "bob", "False"),  # disputed
    _state("c03", "bob", "Mixed"),  # only bob: not disputed
    _state("c05", "ann", "False"),
    _state("c05", "bob", "False"),  # agreed
    _state("c05", "cy", None),  # a note only: no verdict
    _state("c04", "ann", "Not a claim"),  # a caption with a verdict
]
ROWS = unit_rows(CLAIMS, STATES, "ann")


def _ordinals(rows: list) -> list[int]:  # type: ignore[type-arg]
    return [row.ordinal for row in rows]


def test_rows_hold_this_reviewers_verdict_and_the_others_apart() -> None:
    two = ROWS[1]
    assert (two.verdict, two.evidence, two.others) == ("True", 2, (("bob", "False"),))
    assert two.flags == ("quantity-mismatch",) and two.disputed
    assert ROWS[2].verdict is None and ROWS[2].others == (("bob", "Mixed"),)
    assert not ROWS[2].disputed and not ROWS[4].disputed
    assert ROWS[4].others == (("bob", "False"),)  # cy gave no verdict: not listed
    assert [row.counted for row in ROWS] == [False, True, True, False, True, True]


def test_each_sort_breaks_ties_in_article_order() -> None:
    assert _ordinals(arrange(ROWS, "article order", "all")) == [1, 2, 3, 4, 5, 6]
    assert _ordinals(arrange(ROWS, "worthiness", "all")) == [2, 5, 3, 6, 4, 1]
    assert _ordinals(arrange(ROWS, "flags", "all")) == [5, 2, 1, 3, 4, 6]
    assert _ordinals(arrange(ROWS, "disputed", "all")) == [2, 1, 3, 4, 5, 6]


def test_filters_and_find_keep_the_right_units() -> None:
    assert _ordinals(arrange(ROWS, "article order", "unreviewed")) == [1, 3, 6]
    assert _ordinals(arrange(ROWS, "article order", "flagged")) == [2, 5]
    assert _ordinals(arrange(ROWS, "worthiness", "flagged")) == [2, 5]
    assert _ordinals(arrange(ROWS, "article order", "disputed")) == [2]
    assert _ordinals(arrange(ROWS, "article order", "all", "HARLOW")) == [1, 3, 5]
    assert _ordinals(arrange(ROWS, "worthiness", "unreviewed", "harlow")) == [3, 1]
    assert arrange(ROWS, "article order", "all", "no such words") == []


def test_disputed_is_skipped_while_others_verdicts_are_hidden() -> None:
    assert next_choice(SORTS, "flags", others_shown=True) == "disputed"
    assert next_choice(SORTS, "flags", others_shown=False) == "article order"
    assert next_choice(FILTERS, "all", others_shown=False) == "unreviewed"
    assert next_choice(FILTERS, "flagged", others_shown=False) == "all"
    assert next_choice(FILTERS, "disputed", others_shown=True) == "all"


def test_progress_counts_claims_and_quotes_only() -> None:
    counts = progress(ROWS)
    assert (counts.reviewed, counts.total) == (2, 4)
    assert (counts.other_reviewed, counts.other_units) == (1, 2)


def test_a_row_takes_new_states_and_keeps_the_rest() -> None:
    row = with_states(ROWS[2], [_state("c03", "ann", "Mixed"), _state("c03", "bob", "True")], "ann")
    assert (row.verdict, row.others, row.disputed) == ("Mixed", (("bob", "True"),), True)
    assert (row.ordinal, row.text, row.kind) == (3, ROWS[2].text, "quote")
