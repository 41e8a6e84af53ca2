"""schema.org ClaimReview (JSON-LD), the markup search engines and fact-check aggregators read.

One ClaimReview per claim that has one verdict: the adjudicated verdict, else the verdict
every reviewer gave; a claim on which reviewers disagree and nobody adjudicated is left
out and counted in a warning.  ``ratingValue`` comes from the verdict scale in the config,
``bestRating`` and ``worstRating`` from the highest and lowest rating in that scale.  A
label with no rating (Unverifiable, Not a claim) is exported with ``alternateName`` only:
schema.org makes every Rating property optional and Google requires only
``alternateName``.  A verdict whose label the configured scale no longer has cannot be
rated or named reliably, so it is left out and counted in a warning.

Google also requires ``url``, the page that publishes the review: it is
``organisation.review_base_url`` + ``/`` + the claim id (one page per claim, since a page
carries one ClaimReview).  Without a configured base URL the objects have no ``url`` and a
warning says the output is not publishable as is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from review_db import Article

from .gather import ClaimEntry, Report, web_link


@dataclass(frozen=True)
class ClaimReviews:
    """The ClaimReview objects of a report, each with its claim id, and what was left out."""

    reviews: tuple[tuple[str, dict[str, Any]], ...]
    warnings: tuple[str, ...]

    def text(self) -> str:
        """Every ClaimReview as one JSON-LD array."""
        return _dump([review for _, review in self.reviews])


# JSON-LD is published inside <script type="application/ld+json">, where "</script>" in a
# claim would end the script and "<!--" would change how it is parsed.  These characters
# only ever occur inside JSON strings, where the \u escapes mean exactly the same text.
_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")


def script_safe_json(value: Any) -> str:
    """``value`` as indented JSON that is safe to paste into an HTML ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _SCRIPT_UNSAFE_RE.sub(lambda m: _SCRIPT_UNSAFE[m.group()], text)


def _dump(value: Any) -> str:
    return script_safe_json(value) + "\n"


def review_text(review: dict[str, Any]) -> str:
    """One ClaimReview as a JSON-LD document (for a page of its own)."""
    return _dump(review)


def build(report: Report) -> ClaimReviews:
    """A ClaimReview for every claim of the report that has one verdict."""
    scale = report.config.scale
    ratings = [entry.rating for entry in scale if entry.rating is not None]
    organisation = report.config.organisation
    author: dict[str, Any] = {"@type": "Organization", "name": organisation.name}
    if web_link(organisation.url):
        author["url"] = web_link(organisation.url)
    base = web_link(organisation.review_base_url)
    reviews = []
    disputed = unscaled = 0
    for article in report.articles:
        for entry in article.claims:
            if entry.disputed:
                disputed += 1
                continue
            if entry.verdict is None:
                continue  # nobody gave a verdict: nothing to publish
            label = report.label(entry.verdict)
            if label is None:
                unscaled += 1
                continue
            rating: dict[str, Any] = {"@type": "Rating", "alternateName": label.label}
            if label.rating is not None:
                rating["ratingValue"] = label.rating
                rating["bestRating"] = max(ratings)
                rating["worstRating"] = min(ratings)
            review: dict[str, Any] = {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "claimReviewed": entry.claim.text,
                "reviewRating": rating,
                "itemReviewed": _item_reviewed(article.article, entry),
                "author": author,
            }
            if entry.verdict_at:
                review["datePublished"] = entry.verdict_at[:10]
            if base:
                # Quoted: a forged id ("../../x", "?a=b") must stay one path segment.
                review["url"] = f"{base.rstrip('/')}/{quote(entry.claim.id, safe='')}"
            reviews.append((entry.claim.id, review))
    return ClaimReviews(tuple(reviews), tuple(_warnings(disputed, unscaled, base, reviews)))


def _item_reviewed(article: Article, entry: ClaimEntry) -> dict[str, Any]:
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": article.title}
    if web_link(article.url) or web_link(article.origin):
        appearance["url"] = web_link(article.url) or web_link(article.origin)
    elif article.origin:
        appearance["name"] = article.origin
    if article.published:
        appearance["datePublished"] = article.published
    item: dict[str, Any] = {"@type": "Claim", "appearance": [appearance]}
    if article.published:
        item["datePublished"] = article.published
    speaker = entry.claim.signals.get("speaker")
    if isinstance(speaker, str) and speaker.strip():
        item["author"] = {"@type": "Person", "name": speaker.strip()}
    return item


def _warnings(
    disputed: int, unscaled: int, base: str | None, reviews: list[tuple[str, dict[str, Any]]]
) -> list[str]:
    warnings = []
    if disputed:
        warnings.append(
            f"{_claims(disputed)} left out: reviewers disagree and nobody adjudicated "
            "(see `workbench conflicts`)"
        )
    if unscaled:
        warnings.append(
            f"{_claims(unscaled)} left out: the verdict is not a label of the configured "
            "scale, so it has no rating"
        )
    if base is None and reviews:
        warnings.append(
            "organisation.review_base_url is not set to a web address in the config: the "
            "ClaimReview objects have no url, which Google requires; not publishable as is"
        )
    return warnings


def _claims(count: int) -> str:
    return f"{count} claim{'s' if count != 1 else ''}"
