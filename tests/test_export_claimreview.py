"""ClaimReview JSON-LD: the fields the issue lists, one verdict per claim, warnings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from review_db import NewClaim, ReviewStore
from workbench.config import Config, Organisation, VerdictLabel
from workbench.export import render_report, write_report
from workbench.export.claimreview import missing_fields
from workbench.export.parties import party

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
        "name": "False",
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
    assert warnings[0] == (
        "1 claim left out: reviewers disagree and nobody adjudicated (see `workbench conflicts`)"
    )
    # Nobody named made the claims, so Google's recommended claim author is missing.
    assert warnings[1] == (
        "claim 2 ('The council voted 7 to 2 on Monday to b…') lacks recommended itemReviewed.author"
    )
    assert len(warnings) == 4


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
    assert unrated == {"@type": "Rating", "alternateName": "Unverifiable", "name": "Unverifiable"}


def test_a_speaker_that_is_no_name_is_no_author(store: ReviewStore) -> None:
    build_review(store)  # the quote's speaker is "the mayor": a role, not a name
    reviews = json.loads(render_report(store, Config(), "claimreview", reviewer="ann").text)
    quote = next(r for r in reviews if r["claimReviewed"] == LINES[3])
    assert "author" not in quote["itemReviewed"]


QUOTES = [
    ('"We will build it," said Dr. Ada Okafor.', "Dr. Ada Okafor"),
    ('"Bridges fall," the tweet said.', "the tweet"),
    ('"Costs are up," the Ministry of Transport said.', "the Ministry of Transport"),
]


def _quotes_article(store: ReviewStore, **details: str) -> list[str]:
    """An article of three quotes, each given a verdict by ann; its claim ids."""
    text = "\n".join(line for line, _ in QUOTES) + "\n"
    claims, position = [], 0
    for line, speaker in QUOTES:
        signals = {"speaker": speaker}
        claims.append(NewClaim(line, position, position + len(line), "quote", 0.5, signals))
        position += len(line) + 1
    store.add_article(text, title="Quotes", claims=claims, segmenter="test", **details)
    ids = [c.id for c in store.claims()]
    store.record_events("ann", [(c, "verdict", {"label": "False"}) for c in ids])
    return ids


def test_claim_author_is_a_named_speaker_else_the_article_author(store: ReviewStore) -> None:
    _quotes_article(store, url="https://news.example/q", author="Jane Doe", publisher="News")
    reviews, _ = _reviews(store, Config(organisation=PUBLISHER))
    authors = [r["itemReviewed"]["author"] for r in reviews]
    assert authors == [
        {"@type": "Person", "name": "Dr. Ada Okafor"},
        {"@type": "Person", "name": "Jane Doe"},  # "the tweet" is no one: the byline
        {"@type": "Organization", "name": "Ministry of Transport"},
    ]
    appearance = reviews[0]["itemReviewed"]["appearance"][0]
    assert appearance["author"] == {"@type": "Person", "name": "Jane Doe"}
    assert appearance["publisher"] == {"@type": "Organization", "name": "News"}


def test_no_local_path_and_no_appearance_without_a_web_address(
    store: ReviewStore, tmp_path: Path
) -> None:
    secret = str(tmp_path / "home" / "ann" / "leaks" / "draft.txt")
    _quotes_article(store, origin=secret)
    reviews, warnings = _reviews(store, Config(organisation=PUBLISHER))
    assert len(reviews) == 3
    assert all("appearance" not in r["itemReviewed"] for r in reviews)
    assert "leaks" not in render_report(store, Config(organisation=PUBLISHER), "claimreview").text
    assert "3 claims of an article with no web address: itemReviewed has no appearance" in (
        " ".join(warnings)
    )
    assert any(w.startswith("claim 1 (") and "itemReviewed.appearance" in w for w in warnings)


def test_not_a_claim_is_never_published(store: ReviewStore) -> None:
    ids = _quotes_article(store, url="https://news.example/q")
    store.record_event(ids[0], "ann", "verdict", {"label": "Not a claim"})
    reviews, warnings = _reviews(store, Config(organisation=PUBLISHER))
    assert [r["claimReviewed"] for r in reviews] == [line for line, _ in QUOTES[1:]]
    assert "1 claim left out: 'Not a claim' is not a rating" in " ".join(warnings)
    custom = Config(organisation=PUBLISHER, not_worth_checking=("False",))
    published = _reviews(store, custom)[0]  # any label configured as not a rating
    assert [r["reviewRating"]["alternateName"] for r in published] == ["Not a claim"]


def test_missing_fields_follow_google_documentation() -> None:
    required, recommended = missing_fields({"@type": "ClaimReview", "reviewRating": {}})
    assert required == ["claimReviewed", "reviewRating", "url"]  # alternateName: inside
    assert "itemReviewed" in recommended and "itemReviewed.author" not in recommended
    full = {
        "claimReviewed": "x",
        "url": "https://d.example/1",
        "author": {"name": "Desk"},
        "datePublished": "2026-01-01",
        "reviewRating": dict.fromkeys(
            ("alternateName", "name", "ratingValue", "bestRating", "worstRating"), 1
        ),
        "itemReviewed": {
            "appearance": [{"url": "https://n.example"}],
            "author": {"name": "A B"},
            "datePublished": "2026-01-01",
        },
    }
    assert missing_fields(full) == ([], [])


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Dr. Ada Okafor", "Person"),
        ("Jane Doe", "Person"),
        ("Ludwig van Beethoven", "Person"),
        ("By Jane Doe", "Person"),
        ("Reuters", "Organization"),
        ("NHS", "Organization"),
        ("Associated Press", "Organization"),
        ("the Ministry of Health", "Organization"),
        ("the tweet", None),
        ("officials", None),
        ("the mayor", None),
        ("he", None),
        ("Massoud", None),  # a surname, or a country: not sure, so no author
        ("Jane Doe and John Roe", "Person"),
    ],
)
def test_person_or_organisation(name: str, kind: str | None) -> None:
    found = party(name)
    if kind is None:
        assert found is None
    else:
        first = found[0] if isinstance(found, list) else found
        assert first is not None and first["@type"] == kind


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
