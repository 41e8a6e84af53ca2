"""ClaimReview JSON-LD: the fields the issue lists, one verdict per claim, warnings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from review_db import ReviewStore
from workbench.config import Config, Organisation, VerdictLabel
from workbench.export import render_report, write_report

from .export_review import LINES, build_review

PUBLISHER = Organisation(
    name="Fact-check desk",
    url="https://desk.example",
    review_base_url="https://desk.example/reviews/",
)


def _reviews(store: ReviewStore, config: Config) -> tuple[list[dict[str, Any]], list[str]]:
    rendered = render_report(store, config, "claimreview")
    return json.loads(rendered.text), list(rendered.warnings)


def test_every_field_of_the_issue(store: ReviewStore) -> None:
    review = build_review(store)
    reviews, warnings = _reviews(store, Config(organisation=PUBLISHER))
    by_text = {r["claimReviewed"]: r for r in reviews}
    false = by_text[LINES[0]]
    assert false["@context"] == "https://schema.org" and false["@type"] == "ClaimReview"
    assert false["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "False",
    }
    item = false["itemReviewed"]
    assert item["@type"] == "Claim" and item["datePublished"] == "2026-03-09"
    assert item["appearance"][0]["url"] == "https://news.example/bridge"
    assert false["author"] == {
        "@type": "Organization",
        "name": "Fact-check desk",
        "url": "https://desk.example",
    }
    assert len(false["datePublished"]) == 10  # the verdict's date
    assert false["url"] == f"https://desk.example/reviews/{review.claims[0]}"
    assert warnings == [
        "1 claim left out: reviewers disagree and nobody adjudicated (see `workbench conflicts`)"
    ]


def test_one_verdict_per_claim(store: ReviewStore) -> None:
    build_review(store)
    reviews, _ = _reviews(store, Config(organisation=PUBLISHER))
    labels = {r["claimReviewed"]: r["reviewRating"]["alternateName"] for r in reviews}
    assert labels == {
        LINES[0]: "False",  # unanimous
        LINES[1]: "Mostly true",  # adjudicated over True / Mostly true
        LINES[2]: "Unverifiable",  # unanimous, a label without a rating
    }
    unrated = next(r for r in reviews if r["claimReviewed"] == LINES[2])["reviewRating"]
    assert unrated == {"@type": "Rating", "alternateName": "Unverifiable"}


def test_quote_speaker_is_the_claim_author(store: ReviewStore) -> None:
    build_review(store)
    reviews = json.loads(render_report(store, Config(), "claimreview", reviewer="ann").text)
    quote = next(r for r in reviews if r["claimReviewed"] == LINES[3])
    assert quote["itemReviewed"]["author"] == {"@type": "Person", "name": "the mayor"}


def test_missing_base_url_and_unknown_labels_warn(store: ReviewStore) -> None:
    build_review(store)
    scale = tuple(e for e in Config().scale if e.label != "Unverifiable") + (
        VerdictLabel("Satire", "9", "#123456", None),
    )
    reviews, warnings = _reviews(store, Config(scale=scale))
    assert all("url" not in r for r in reviews)
    assert any("review_base_url is not set" in w and "not publishable" in w for w in warnings)
    assert any(w.startswith("1 claim left out: the verdict is not a label") for w in warnings)
    assert len(reviews) == 2


def test_scale_sets_rating_bounds(store: ReviewStore) -> None:
    build_review(store)
    scale = tuple(
        VerdictLabel(e.label, e.key, e.colour, None if e.rating is None else e.rating * 10)
        for e in Config().scale
    )
    reviews, _ = _reviews(store, Config(scale=scale, organisation=PUBLISHER))
    rating = reviews[0]["reviewRating"]
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (10, 50, 10)


def test_one_file_per_claim(store: ReviewStore, tmp_path: Path) -> None:
    review = build_review(store)
    folder = tmp_path / "out"
    folder.mkdir()
    result = write_report(
        store, Config(organisation=PUBLISHER), "claimreview", folder, one_per_file=True
    )
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(f"{c}.json" for c in review.claims[:3])
    assert sorted(result.paths) == sorted(folder / n for n in names)
    single = json.loads((folder / f"{review.claims[0]}.json").read_text(encoding="utf-8"))
    assert single["@type"] == "ClaimReview" and single["claimReviewed"] == LINES[0]
