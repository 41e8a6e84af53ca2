"""The CSV report: one row per claim and reviewer, for a desk that works in spreadsheets.

UTF-8 with a header row, and by default a byte-order mark, which is how Excel on Windows
knows the file is UTF-8 (without it, accents and quotation marks come out as mojibake).
A claim nobody reviewed still gets one row (reviewer empty), so the sheet lists the whole
selection.  Evidence is what a reader can follow: each item on its own line of the cell,
as the source's title, publisher and date, its address and the quoted words; claim,
article and passage ids, the article's file and the worthiness score are in an
``internal`` report only.  A cell that a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with an
apostrophe, so ``=HYPERLINK(...)`` in an article or a note stays text.
"""

from __future__ import annotations

import csv
import io

from review_db import Article

from .gather import ClaimEntry, Evidence, Report, Review

BOM = "\ufeff"
COLUMNS = (
    "article_title",
    "article_url",
    "ordinal",
    "text",
    "kind",
    "speaker",
    "flags",
    "reviewer",
    "verdict",
    "note",
    "evidence",
    "reviewed_at",
)
INTERNAL_COLUMNS = ("claim_id", "article_id", "article_origin", *COLUMNS, "worthiness")

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """``cell`` as a spreadsheet will show it rather than run it."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def evidence_line(item: Evidence, *, internal: bool) -> str:
    """One piece of evidence as a line: ``[n] title, publisher, date, URL: "quote"``."""
    parts = list(item.details(internal=internal))
    address = item.url or (item.source.url if item.source else None)
    if address:
        parts.append(address)
    line = f"[{item.number}] " + ", ".join(parts)
    if item.text:
        line += f': "{" ".join(item.text.split())}"'
    return line


def _cells(
    report: Report, article: Article, entry: ClaimEntry, review: Review | None
) -> dict[str, str]:
    claim = entry.claim
    speaker = claim.signals.get("speaker")
    evidence = review.evidence if review else ()
    return {
        "claim_id": claim.id,
        "article_id": claim.article_id,
        "article_title": article.title,
        "article_url": article.url or "",
        "article_origin": article.origin or "",
        "ordinal": str(claim.ordinal),
        "text": claim.text,
        "kind": claim.kind,
        "speaker": speaker if isinstance(speaker, str) else "",
        "worthiness": f"{claim.worthiness:.2f}",
        "flags": "; ".join(flag.type for flag in entry.flags),
        "reviewer": review.reviewer if review else "",
        "verdict": (review.verdict or "") if review else "",
        "note": (review.note or "") if review else "",
        "evidence": "\n".join(evidence_line(e, internal=report.internal) for e in evidence),
        "reviewed_at": (review.verdict_at or "") if review else "",
    }


def columns(report: Report) -> tuple[str, ...]:
    """The header row of this report: with ids and scores only when ``internal``."""
    return INTERNAL_COLUMNS if report.internal else COLUMNS


def render(report: Report, *, bom: bool = False) -> str:
    """The whole report as CSV text (write it as UTF-8); ``bom`` starts it with a
    byte-order mark."""
    out = io.StringIO()
    writer = csv.writer(out)
    header = columns(report)
    writer.writerow(header)
    for article in report.articles:
        for entry in article.claims:
            reviews: list[Review | None] = list(entry.reviews) or [None]
            for review in reviews:
                cells = _cells(report, article.article, entry, review)
                writer.writerow([neutralise(cells[name]) for name in header])
    return (BOM if bom else "") + out.getvalue()
