"""schema.org ClaimReview (JSON-LD), the markup search engines and fact-check aggregators read.

One ClaimReview per claim that has one verdict: the adjudicated verdict, else the verdict
every reviewer gave; a claim on which reviewers disagree and nobody adjudicated is left
out and counted in a warning.  ``ratingValue`` comes from the verdict scale in the config,
``bestRating`` and ``worstRating`` from the highest and lowest rating in that scale.  A
label with no rating (Unverifiable) is exported with ``alternateName`` only: schema.org
makes every Rating property optional and Google requires only ``alternateName``.  A
label that says the unit is not a claim at all (the config's ``not_worth_checking``,
"Not a claim" by default) is never published: there is no claim to review.  A verdict
whose label the configured scale no longer has cannot be rated or named reliably, so it
is left out and counted in a warning.

Google also requires ``url``, the page that publishes the review: it is
``organisation.review_base_url`` + ``/`` + the claim id (one page per claim, since a page
carries one ClaimReview).  Without a configured base URL the objects have no ``url`` and a
warning says the output is not publishable as is.

``itemReviewed`` never carries a local file path: its ``appearance`` is the article's web
address, or is left out (with a warning) when the article has none.  Its ``author`` is a
quote's speaker when the speaker is a person's or an organisation's name (not "the
tweet" or "officials"), else the article's author; ``@type`` is ``Person`` or
``Organization`` by the name's form.  Every object is then checked against the fields
Google's fact-check documentation requires and recommends (``GOOGLE_REQUIRED``,
``GOOGLE_RECOMMENDED``) and what each claim lacks is reported in a warning.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from review_db import Article

from .gather import ClaimEntry, Report, web_link
from .parties import party


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


# From Google's "Fact check (ClaimReview) structured data" documentation: dotted paths
# into one ClaimReview object (a list is checked at its first element).
GOOGLE_REQUIRED = ("claimReviewed", "reviewRating", "reviewRating.alternateName", "url")
GOOGLE_RECOMMENDED = (
    "author",
    "author.name",
    "datePublished",
    "itemReviewed",
    "itemReviewed.appearance",
    "itemReviewed.author",
    "itemReviewed.author.name",
    "itemReviewed.datePublished",
    "reviewRating.bestRating",
    "reviewRating.name",
    "reviewRating.ratingValue",
    "reviewRating.worstRating",
)


def build(report: Report) -> ClaimReviews:
    """A ClaimReview for every claim of the report that has one verdict."""
    scale = report.config.scale
    ratings = [entry.rating for entry in scale if entry.rating is not None]
    not_ratings = set(report.config.not_worth_checking)
    organisation = report.config.organisation
    author: dict[str, Any] = {"@type": "Organization", "name": organisation.name}
    if web_link(organisation.url):
        author["url"] = web_link(organisation.url)
    base = web_link(organisation.review_base_url)
    reviews = []
    missing: list[str] = []
    left_out = _LeftOut()
    for article in report.articles:
        for entry in article.claims:
            if entry.disputed:
                left_out.disputed += 1
                continue
            if entry.verdict is None:
                continue  # nobody gave a verdict: nothing to publish
            label = report.label(entry.verdict)
            if label is None:
                left_out.unscaled += 1
                continue
            if label.label in not_ratings:
                left_out.not_ratings[label.label] += 1
                continue
            rating: dict[str, Any] = {
                "@type": "Rating",
                "alternateName": label.label,
                "name": label.label,
            }
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
            left_out.no_address += "appearance" not in review["itemReviewed"]
            reviews.append((entry.claim.id, review))
            missing += _missing_line(entry, review)
    warnings = _warnings(left_out, base, reviews) + missing
    return ClaimReviews(tuple(reviews), tuple(warnings))


def missing_fields(review: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The fields Google requires, and those it recommends, that ``review`` lacks (a
    field inside a missing one is not listed again)."""
    absent: list[str] = []
    for path in (*GOOGLE_REQUIRED, *GOOGLE_RECOMMENDED):
        if not any(path.startswith(parent + ".") for parent in absent) and not _has(review, path):
            absent.append(path)
    return (
        [path for path in absent if path in GOOGLE_REQUIRED],
        [path for path in absent if path in GOOGLE_RECOMMENDED],
    )


def _has(value: Any, path: str) -> bool:
    for key in path.split("."):
        if isinstance(value, list):
            value = value[0] if value else None
        if not isinstance(value, dict) or value.get(key) in (None, "", [], {}):
            return False
        value = value[key]
    return True


def _missing_line(entry: ClaimEntry, review: dict[str, Any]) -> list[str]:
    required, recommended = missing_fields(review)
    if not required and not recommended:
        return []
    parts = []
    if required:
        parts.append("required " + ", ".join(required))
    if recommended:
        parts.append("recommended " + ", ".join(recommended))
    words = " ".join(entry.claim.text.split())
    shown = words if len(words) <= 40 else words[:39] + "…"
    return [f"claim {entry.claim.ordinal} ({shown!r}) lacks " + "; ".join(parts)]


def _item_reviewed(article: Article, entry: ClaimEntry) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    address = web_link(article.url)
    if address:
        appearance: dict[str, Any] = {"@type": "CreativeWork", "url": address}
        appearance["headline"] = article.title
        if article.published:
            appearance["datePublished"] = article.published
        if article.author and party(article.author):
            appearance["author"] = party(article.author)
        if article.publisher:
            appearance["publisher"] = {"@type": "Organization", "name": article.publisher}
        item["appearance"] = [appearance]
    if article.published:
        item["datePublished"] = article.published
    speaker = entry.claim.signals.get("speaker")
    who = party(speaker) if isinstance(speaker, str) else None
    who = who or (party(article.author) if article.author else None)
    if who:
        item["author"] = who
    return item


@dataclass
class _LeftOut:
    """What ``build`` counted on the way: claims left out, and why; claims without an
    appearance."""

    disputed: int = 0
    unscaled: int = 0
    not_ratings: Counter[str] = field(default_factory=Counter)
    no_address: int = 0


def _warnings(
    left_out: _LeftOut, base: str | None, reviews: list[tuple[str, dict[str, Any]]]
) -> list[str]:
    warnings = []
    if left_out.disputed:
        warnings.append(
            f"{_claims(left_out.disputed)} left out: reviewers disagree and nobody "
            "adjudicated (see `workbench conflicts`)"
        )
    if left_out.unscaled:
        warnings.append(
            f"{_claims(left_out.unscaled)} left out: the verdict is not a label of the "
            "configured scale, so it has no rating"
        )
    for label, count in sorted(left_out.not_ratings.items()):
        warnings.append(
            f"{_claims(count)} left out: {label!r} is not a rating (not_worth_checking "
            "in the config), so there is no claim to review"
        )
    if base is None and reviews:
        warnings.append(
            "organisation.review_base_url is not set to a web address in the config: the "
            "ClaimReview objects have no url, which Google requires; not publishable as is"
        )
    if left_out.no_address:
        warnings.append(
            f"{_claims(left_out.no_address)} of an article with no web address: itemReviewed "
            "has no appearance (give the article's URL with `workbench add article --url`)"
        )
    return warnings


def _claims(count: int) -> str:
    return f"{count} claim{'s' if count != 1 else ''}"
