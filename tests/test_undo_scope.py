"""Undo narrowed to a scope: an adjudication is taken back apart from the same person's
verdicts, and the log only grows."""

from __future__ import annotations

from review_db import ReviewStore
from review_db.models import UndoScope


def _events(store: ReviewStore) -> int:
    return int(store.conn.execute("SELECT count(*) FROM events").fetchone()[0])


def test_adjudication_scope_skips_later_verdicts(store: ReviewStore, claim_ids: list[str]) -> None:
    a, b = claim_ids[:2]
    store.record_event(a, "ann", "verdict", {"label": "True"})
    store.record_event(a, "bob", "verdict", {"label": "False"})
    store.record_event(a, "cy", "adjudication", {"label": "Mixed"})
    store.record_event(a, "cy", "verdict", {"label": "Mixed"})  # cy reviews it too, later
    store.record_event(b, "cy", "adjudication", {"label": "True"})  # and settles another
    cancelled = store.undo("cy", a, UndoScope.ADJUDICATION)
    assert [(e.kind, e.claim_id, e.value) for e in cancelled] == [
        ("adjudication", a, {"label": "Mixed"})
    ]
    assert a not in store.adjudications()
    assert store.adjudications()[b].verdict == "True"  # another claim's is left alone
    assert store.claim_state(a, "cy").verdict == "Mixed"  # and so is cy's verdict
    assert store.undo("cy", a, UndoScope.ADJUDICATION) == []


def test_review_scope_leaves_the_adjudication(store: ReviewStore, claim_ids: list[str]) -> None:
    a = claim_ids[0]
    store.record_event(a, "cy", "verdict", {"label": "True"})
    store.record_event(a, "cy", "adjudication", {"label": "Mixed"})
    cancelled = store.undo("cy", a, UndoScope.REVIEW)
    assert [e.kind for e in cancelled] == ["verdict"]
    assert store.adjudications()[a].verdict == "Mixed"
    assert store.claim_state(a, "cy").verdict is None


def test_any_scope_is_the_latest_action_of_any_kind(
    store: ReviewStore, claim_ids: list[str]
) -> None:
    a = claim_ids[0]
    store.record_event(a, "cy", "verdict", {"label": "True"})
    store.record_event(a, "cy", "adjudication", {"label": "Mixed"})
    assert [e.kind for e in store.undo("cy")] == ["adjudication"]
    assert [e.kind for e in store.undo("cy")] == ["verdict"]


def test_undoing_a_change_brings_the_earlier_adjudication_back(
    store: ReviewStore, claim_ids: list[str]
) -> None:
    a = claim_ids[0]
    store.record_event(a, "cy", "adjudication", {"label": "True"})
    store.record_event(a, "cy", "adjudication", {"label": "False"})  # changed
    before = _events(store)
    store.undo("cy", a, UndoScope.ADJUDICATION)
    settled = store.adjudications(claim=a)
    assert list(settled) == [a] and settled[a].verdict == "True"
    store.undo("cy", a, UndoScope.ADJUDICATION)
    assert store.adjudications(claim=a) == {}
    # Append-only: each undo added an event, nothing was removed or changed.
    assert _events(store) == before + 2
    kinds = [e.event.kind for e in store.history(a)]
    assert kinds == ["adjudication", "adjudication", "undo", "undo"]


def test_adjudications_of_one_claim(store: ReviewStore, claim_ids: list[str]) -> None:
    a, b = claim_ids[:2]
    store.record_event(a, "cy", "adjudication", {"label": "True"})
    store.record_event(b, "dee", "adjudication", {"label": "Mixed"})
    assert set(store.adjudications(claim=b)) == {b}
    assert store.adjudications(claim=b)[b].adjudicator == "dee"
    assert store.adjudications(claim=claim_ids[2]) == {}
