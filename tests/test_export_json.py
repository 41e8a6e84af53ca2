"""The JSON report: the full structured review, history included, as the README documents."""

from __future__ import annotations

import json
from typing import Any

from review_db import NewClaim, ReviewStore
from review_db.agreement import measure_agreement
from workbench.config import Config
from workbench.export import render_report
from workbench.export.json import FORMAT_VERSION

from .export_review import NOTE, OUTSIDE_QUOTE, OUTSIDE_URL, SOURCE_TITLE, build_review


def _document(store: ReviewStore, **options: Any) -> dict[str, Any]:
    return json.loads(render_report(store, Config(), "json", **options).text)


def test_documented_top_level_and_article_fields(store: ReviewStore) -> None:
    review = build_review(store)
    doc = _document(store)
    assert doc["format_version"] == FORMAT_VERSION == 1
    assert set(doc) == {
        "format_version",
        "generator",
        "exported_at",
        "selection",
        "organisation",
        "scale",
        "articles",
        "evidence",
    }
    (article,) = doc["articles"]
    assert article["id"] == review.article_id and article["reviewers"] == ["ann", "bob"]
    assert article["summary"] == {
        "claims": 6,
        "selected": 6,
        "reviewed": 4,
        "other_reviewed": 0,
        "flagged": 1,
        "disputed": 1,
        "verdicts": {"Mostly true": 1, "False": 1, "Unverifiable": 1},
    }
    expected = measure_agreement(store.current_verdicts(review.article_id))
    assert article["agreement"] == expected.as_json() and expected.claims_compared == 4
    assert [c["ordinal"] for c in article["claims"]] == [1, 2, 3, 4, 5, 6]


def test_claims_carry_reviews_verdict_basis_and_history(store: ReviewStore) -> None:
    review = build_review(store)
    claims = {c["id"]: c for c in _document(store)["articles"][0]["claims"]}
    one, two, _, four, five = (claims[i] for i in review.claims)
    assert (one["verdict"], one["verdict_basis"]) == ("False", "unanimous")
    assert one["reviews"][0]["note"] == NOTE and one["reviews"][1]["evidence"] == [1, 2]
    assert (two["verdict"], two["verdict_basis"]) == ("Mostly true", "adjudication")
    assert two["adjudication"]["adjudicator"] == "carol"
    assert four["verdict"] is None and four["disputed"] is True
    assert five["reviews"] == [] and five["history"] == []
    # The history keeps the undone verdict and the undo itself.
    kinds = [(h["reviewer"], h["kind"], h["undone_by"] is not None) for h in four["history"]]
    assert ("bob", "verdict", True) in kinds and ("bob", "undo", False) in kinds
    assert [h["at"] for h in four["history"]] == sorted(h["at"] for h in four["history"])


def test_evidence_is_resolved_to_sources(store: ReviewStore) -> None:
    review = build_review(store)
    passage, outside = _document(store)["evidence"]
    assert passage["type"] == "passage" and passage["passage_id"] == review.passage_id
    assert passage["source"]["title"] == SOURCE_TITLE
    assert passage["source"]["url"] == "https://council.example/m"
    assert outside == {"number": 2, "type": "url", "url": OUTSIDE_URL, "quote": OUTSIDE_QUOTE}


def test_missing_passage_is_kept_by_id_with_a_warning(store: ReviewStore) -> None:
    review = build_review(store)
    store.conn.execute("PRAGMA foreign_keys = OFF")
    store.conn.execute("DELETE FROM passages")  # as after merging a log without its sources
    rendered = render_report(store, Config(), "json")
    first = json.loads(rendered.text)["evidence"][0]
    assert first["passage_id"] == review.passage_id and first["source"] is None
    assert any("not in this database" in w for w in rendered.warnings)


def test_selection_by_reviewer_and_article(store: ReviewStore) -> None:
    review = build_review(store)
    doc = _document(store, reviewer="bob", article_id=review.article_id[:6])
    assert doc["selection"] == {
        "article": review.article_id,
        "reviewer": "bob",
        "only_reviewed": False,
        "all_units": False,
    }
    for claim in doc["articles"][0]["claims"]:
        assert {r["reviewer"] for r in claim["reviews"]} <= {"bob"}
        assert {h["reviewer"] for h in claim["history"]} <= {"bob"}
        assert claim["adjudication"] is None
    only = _document(store, only_reviewed=True)
    assert len(only["articles"][0]["claims"]) == 4
    # Evidence given on a claim without a verdict is listed only when that claim is.
    last = review.claims[4]
    store.record_event(last, "ann", "evidence-add", {"url": "https://x.example", "quote": "q"})
    assert len(_document(store)["evidence"]) == 3
    assert len(_document(store, only_reviewed=True)["evidence"]) == 2


def test_evidence_is_numbered_once_across_articles(store: ReviewStore) -> None:
    review = build_review(store)
    other = store.add_article(
        "A second story about the vote.",
        title="Second",
        claims=[NewClaim("A second story about the vote.", 0, 30)],
        segmenter="test",
    )
    (claim,) = store.claims(other.article.id)
    store.record_events(
        "cy",
        [
            (claim.id, "verdict", {"label": "True"}),
            (claim.id, "evidence-add", {"passage": review.passage_id}),
        ],
    )
    doc = _document(store)
    assert [a["title"] for a in doc["articles"]][1] == "Second"
    assert doc["articles"][1]["claims"][0]["reviews"][0]["evidence"] == [1]
    assert len(doc["evidence"]) == 2
    assert doc["articles"][1]["agreement"] is None  # one reviewer: nothing to compare
