"""The JSON report: the full structured review of the selection, for other tools.

The format is documented in the README ("Reports"); ``FORMAT_VERSION`` changes whenever a
field is removed or changes meaning (added fields do not change it).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from review_db import HistoryEntry

from .gather import ArticleEntry, ClaimEntry, Report

FORMAT_VERSION = 1


def _history(entry: HistoryEntry) -> dict[str, Any]:
    e = entry.event
    return {
        "id": e.id,
        "reviewer": e.reviewer,
        "kind": e.kind,
        "value": e.value,
        "at": e.at,
        "undone_by": entry.undone_by,
    }


def _claim(entry: ClaimEntry) -> dict[str, Any]:
    c = entry.claim
    adjudication = None
    if entry.adjudication is not None:
        adj = entry.adjudication
        adjudication = {"verdict": adj.verdict, "adjudicator": adj.adjudicator, "at": adj.at}
    return {
        "id": c.id,
        "ordinal": c.ordinal,
        "text": c.text,
        "start": c.start,
        "end": c.end,
        "kind": c.kind,
        "worthiness": c.worthiness,
        "signals": c.signals,
        "verdict": entry.verdict,
        "verdict_at": entry.verdict_at,
        "verdict_basis": entry.basis,
        "reused_from": entry.reused_from,
        "disputed": entry.disputed,
        "adjudication": adjudication,
        "reviews": [
            {
                "reviewer": r.reviewer,
                "verdict": r.verdict,
                "verdict_at": r.verdict_at,
                "note": r.note,
                "evidence": [e.number for e in r.evidence],
            }
            for r in entry.reviews
        ],
        "history": [_history(h) for h in entry.history],
    }


def _article(report: Report, entry: ArticleEntry) -> dict[str, Any]:
    a = entry.article
    return {
        "id": a.id,
        "title": a.title,
        "origin": a.origin,
        "url": a.url,
        "published": a.published,
        "author": a.author,
        "publisher": a.publisher,
        "added_at": a.added_at,
        "text": a.text,
        "reviewers": list(entry.reviewers),
        "summary": {
            "claims": entry.total_claims,
            "selected": len(entry.claims),
            "reviewed": entry.reviewed,
            "other_reviewed": entry.other_reviewed,
            "flagged": entry.flagged,
            "disputed": entry.disputed,
            "verdicts": dict(report.verdict_counts(entry)),
        },
        "agreement": entry.agreement.as_json() if entry.agreement else None,
        "claims": [_claim(c) for c in entry.claims],
    }


def document(report: Report) -> dict[str, Any]:
    """The report as one JSON-ready object."""
    config = report.config
    return {
        "format_version": FORMAT_VERSION,
        "generator": report.generator,
        "exported_at": report.exported_at,
        "selection": {
            "article": report.article_id,
            "reviewer": report.reviewer,
            "only_reviewed": report.only_reviewed,
            "all_units": report.all_units,
        },
        "organisation": dataclasses.asdict(config.organisation),
        "scale": [dataclasses.asdict(entry) for entry in config.scale],
        "articles": [_article(report, a) for a in report.articles],
        "evidence": [e.as_json() for e in report.evidence],
    }


def render(report: Report) -> str:
    """The whole report as indented JSON (UTF-8, non-ASCII kept as is)."""
    return json.dumps(document(report), ensure_ascii=False, indent=2) + "\n"
