"""The store reads reports are built from: one article's states, history and adjudications."""

from __future__ import annotations

from review_db import NewClaim, ReviewStore
from review_db.models import PassageRef

from .export_review import build_review


def _other_article(store: ReviewStore) -> str:
    text = "Another story. It has a second sentence."
    store.add_article(
        text,
        title="Other",
        claims=[NewClaim("Another story.", 0, 14), NewClaim("It has a second sentence.", 15, 40)],
        segmenter="test",
    )
    claim = store.claims()[-1]
    store.record_event(claim.id, "dan", "verdict", {"label": "True"})
    store.record_event(claim.id, "erin", "adjudication", {"label": "Mixed"})
    return claim.id


def test_reads_are_narrowed_to_one_article(store: ReviewStore) -> None:
    review = build_review(store)
    other = _other_article(store)
    states = store.article_claim_states(review.article_id)
    assert set(states) == set(review.claims[:4])
    assert states[review.claims[0]]["ann"].evidence == (PassageRef(review.passage_id),)
    for claim_id, by_reviewer in states.items():
        assert by_reviewer == store.claim_states(claim_id)
    assert other in store.article_claim_states()
    history = store.article_history(review.article_id)
    for claim_id in review.claims:
        assert history.get(claim_id, []) == store.history(claim_id)
    assert other not in history and other in store.article_history()
    assert set(store.adjudications(review.article_id)) == {review.claims[1]}
    assert set(store.adjudications()) == {review.claims[1], other}


def test_undone_adjudication_no_longer_settles(store: ReviewStore) -> None:
    review = build_review(store)
    assert store.adjudications()[review.claims[1]].verdict == "Mostly true"
    store.record_event(review.claims[1], "carol", "adjudication", {"label": "True"})
    assert store.adjudications()[review.claims[1]].verdict == "True"
    store.undo("carol")
    adjudication = store.adjudications()[review.claims[1]]
    assert (adjudication.verdict, adjudication.adjudicator) == ("Mostly true", "carol")


def test_passages_and_sources_in_bulk(store: ReviewStore) -> None:
    review = build_review(store)
    found = store.passages([review.passage_id, "0" * 16, review.passage_id[:6]])
    assert list(found) == [review.passage_id]  # exact ids only; unknown ones are absent
    assert found[review.passage_id].source_id == review.source_id
    sources = store.sources([review.source_id, "nope"])
    assert list(sources) == [review.source_id]
    assert store.passages([]) == {} and store.sources([]) == {}
