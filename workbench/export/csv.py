"""The CSV report: one row per claim and reviewer, for a desk that works in spreadsheets.

UTF-8 with a header row.  A claim nobody reviewed still gets one row (reviewer empty), so
the sheet lists the whole selection.  A cell that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with an
apostrophe, so ``=HYPERLINK(...)`` in an article or a note stays text.
"""

from __future__ import annotations

import csv
import io

from .gather import ClaimEntry, Report, Review

COLUMNS = (
    "claim_id",
    "article_id",
    "article_title",
    "ordinal",
    "text",
    "kind",
    "worthiness",
    "flags",
    "reviewer",
    "verdict",
    "note",
    "evidence",
    "reviewed_at",
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """``cell`` as a spreadsheet will show it rather than run it."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _evidence_ids(review: Review) -> str:
    """Passage ids, and the addresses of outside evidence, separated by spaces."""
    return " ".join(e.passage_id or e.url or "" for e in review.evidence)


def _row(article_title: str, entry: ClaimEntry, review: Review | None) -> list[str]:
    claim = entry.claim
    cells = [
        claim.id,
        claim.article_id,
        article_title,
        str(claim.ordinal),
        claim.text,
        claim.kind,
        f"{claim.worthiness:.2f}",
        "; ".join(str(flag.get("type", "")) for flag in entry.flags),
        review.reviewer if review else "",
        (review.verdict or "") if review else "",
        (review.note or "") if review else "",
        _evidence_ids(review) if review else "",
        (review.verdict_at or "") if review else "",
    ]
    return [neutralise(cell) for cell in cells]


def render(report: Report) -> str:
    """The whole report as CSV text (write it as UTF-8)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for article in report.articles:
        for entry in article.claims:
            reviews: list[Review | None] = list(entry.reviews) or [None]
            for review in reviews:
                writer.writerow(_row(article.article.title, entry, review))
    return out.getvalue()
