"""Adjudication as a use case both faces share: settle, change, take back; refused where
there is nothing to settle or the settlement is someone else's."""

from __future__ import annotations

import pytest

from review_db import ReviewStore
from workbench.errors import UsageError
from workbench.reviewing import adjudicate, undo_adjudication


@pytest.fixture
def disputed(store: ReviewStore, claim_ids: list[str]) -> str:
    claim = claim_ids[0]
    store.record_event(claim, "ann", "verdict", {"label": "True"})
    store.record_event(claim, "bob", "verdict", {"label": "False"})
    return claim


def test_settle_change_and_take_back(store: ReviewStore, disputed: str) -> None:
    first = adjudicate(store, "cy", disputed, "Mixed")
    assert [e.kind for e in first.events] == ["adjudication"]
    assert first.adjudication is not None
    assert (first.adjudication.verdict, first.adjudication.adjudicator) == ("Mixed", "cy")
    assert first.adjudication.at == first.events[0].at
    changed = adjudicate(store, "cy", disputed, "Mostly false")
    assert changed.adjudication is not None and changed.adjudication.verdict == "Mostly false"
    (conflict,) = store.conflicts()
    assert conflict.adjudicated == "Mostly false"
    undone = undo_adjudication(store, "cy", disputed)
    assert [e.value for e in undone.events] == [{"label": "Mostly false"}]
    assert undone.adjudication is not None and undone.adjudication.verdict == "Mixed"
    assert undo_adjudication(store, "cy", disputed).adjudication is None
    (conflict,) = store.conflicts()
    assert conflict.adjudicated is None
    nothing = undo_adjudication(store, "cy", disputed)
    assert (nothing.events, nothing.adjudication) == ((), None)


def test_another_adjudicator_changes_but_cannot_undo(store: ReviewStore, disputed: str) -> None:
    adjudicate(store, "cy", disputed, "Mixed")
    with pytest.raises(UsageError, match="settled by cy, and only they can undo it"):
        undo_adjudication(store, "dee", disputed)
    assert store.adjudications()[disputed].verdict == "Mixed"
    changed = adjudicate(store, "dee", disputed, "True")
    assert changed.adjudication is not None and changed.adjudication.adjudicator == "dee"
    # cy's own is no longer the one that settles it: cy cannot undo dee's.
    with pytest.raises(UsageError, match="settled by dee"):
        undo_adjudication(store, "cy", disputed)
    undo_adjudication(store, "dee", disputed)
    assert store.adjudications()[disputed].adjudicator == "cy"


def test_nothing_to_settle_where_reviewers_agree(store: ReviewStore, claim_ids: list[str]) -> None:
    agreed, lone = claim_ids[1], claim_ids[2]
    store.record_event(agreed, "ann", "verdict", {"label": "True"})
    store.record_event(agreed, "bob", "verdict", {"label": "True"})
    store.record_event(lone, "ann", "verdict", {"label": "True"})
    for claim in (agreed, lone, claim_ids[0]):
        with pytest.raises(UsageError, match="do not disagree"):
            adjudicate(store, "cy", claim, "Mixed")
    assert store.adjudications() == {}


def test_a_settled_claim_can_be_changed_after_its_reviewers_came_to_agree(
    store: ReviewStore, disputed: str
) -> None:
    adjudicate(store, "cy", disputed, "Mixed")
    store.record_event(disputed, "bob", "verdict", {"label": "True"})  # bob comes round
    assert store.conflicts() == []
    changed = adjudicate(store, "cy", disputed, "True")
    assert changed.adjudication is not None and changed.adjudication.verdict == "True"
