"""``status``: where the review stands, per article and reviewer.

Progress counts claims and quotes (``workbench.review_progress``); the other units, the
conflicts and how many of them are adjudicated are shown beside it, so a team lead sees
from one command what is left to do.
"""

from __future__ import annotations

from typing import Any

import click

from review_db import ArticleSummary, Conflict, Progress
from review_db.agreement import Agreement, measure_agreement

from ..review_progress import ReviewCounts, others_text, progress_text
from ..safe_text import printable
from .session import Session, echo_json, fit, pass_session


def _article_counts(a: ArticleSummary) -> ReviewCounts:
    return ReviewCounts(a.reviewed, a.claims, a.other_reviewed, a.other_units)


def _reviewer_counts(p: Progress) -> ReviewCounts:
    return ReviewCounts(p.reviewed, p.claims, p.other_reviewed, p.other_units)


def _conflict_counts(found: list[Conflict]) -> dict[str, int]:
    adjudicated = sum(1 for c in found if c.adjudicated)
    return {"conflicts": len(found), "adjudicated": adjudicated}


@click.command()
@click.option(
    "--json", "as_json", is_flag=True, help="One JSON object per article, then one for all."
)
@pass_session
def status(session: Session, as_json: bool) -> None:
    """Progress per article and reviewer, conflicts, and how much the reviewers agree.

    Progress counts claims and quotes; headings, captions, credits and other units are
    shown apart and never keep an article from 100%. Conflicts are claims whose
    reviewers' current verdicts differ; "adjudicated" counts those someone settled.
    Agreement is over claims with verdicts from two or more reviewers: the share where
    all agree, Cohen's kappa (exactly two reviewers) and Krippendorff's alpha (nominal,
    any number); "-" where a statistic is undefined for the data.
    """
    store = session.store()
    summaries = store.articles()
    by_article: dict[str, list[Progress]] = {}
    for row in store.progress():
        by_article.setdefault(row.article_id, []).append(row)
    conflicts: dict[str, list[Conflict]] = {}
    for conflict in store.conflicts():
        conflicts.setdefault(conflict.article_id, []).append(conflict)
    verdicts = store.verdicts_by_article()
    agreement = {a.id: measure_agreement(verdicts.get(a.id, {})) for a in summaries}
    overall = measure_agreement(
        {c: v for by_claim in verdicts.values() for c, v in by_claim.items()}
    )
    if as_json:
        _print_json(summaries, by_article, conflicts, agreement, overall)
        return
    if not summaries:
        click.echo("No articles yet: import one with `workbench add article FILE`.")
        return
    for a in summaries:
        counts = _article_counts(a)
        click.echo(f"{printable(a.id, one_line=True)}  {fit(a.title, 14)}")
        click.echo(f"  {progress_text(counts)} reviewed by anyone")
        for row in by_article.get(a.id, []):
            name = printable(row.reviewer, one_line=True)
            click.echo(f"  {progress_text(_reviewer_counts(row))} {name}")
        if others_text(counts):
            click.echo(f"  {others_text(counts)}")
        found = _conflict_counts(conflicts.get(a.id, []))
        if found["conflicts"]:
            click.echo(f"  {_conflicts_text(found)}")
        if agreement[a.id].claims_compared:
            click.echo(f"  agreement: {_agreement_text(agreement[a.id])}")
    if len(summaries) > 1:
        every = _conflict_counts([c for found in conflicts.values() for c in found])
        if every["conflicts"]:
            click.echo(f"All articles: {_conflicts_text(every)}")
        if overall.claims_compared:
            click.echo(f"All articles: agreement {_agreement_text(overall)}")


def _print_json(
    summaries: list[ArticleSummary],
    by_article: dict[str, list[Progress]],
    conflicts: dict[str, list[Conflict]],
    agreement: dict[str, Agreement],
    overall: Agreement,
) -> None:
    def reviewer(name: str, reviewed: int, other_reviewed: int) -> dict[str, Any]:
        return {"reviewer": name, "reviewed": reviewed, "other_reviewed": other_reviewed}

    for a in summaries:
        echo_json(
            {
                "article_id": a.id,
                "title": a.title,
                "claims": a.claims,
                "reviewed": a.reviewed,
                "other_units": a.other_units,
                "other_reviewed": a.other_reviewed,
                **_conflict_counts(conflicts.get(a.id, [])),
                "reviewers": [
                    reviewer(p.reviewer, p.reviewed, p.other_reviewed)
                    for p in by_article.get(a.id, [])
                ],
                "agreement": agreement[a.id].as_json(),
            }
        )
    totals: dict[str, tuple[int, int]] = {}
    for rows in by_article.values():
        for p in rows:
            done, other = totals.get(p.reviewer, (0, 0))
            totals[p.reviewer] = (done + p.reviewed, other + p.other_reviewed)
    # The whole database, in the same shape; article_id null marks it.
    echo_json(
        {
            "article_id": None,
            "title": None,
            "claims": sum(a.claims for a in summaries),
            "reviewed": sum(a.reviewed for a in summaries),
            "other_units": sum(a.other_units for a in summaries),
            "other_reviewed": sum(a.other_reviewed for a in summaries),
            **_conflict_counts([c for found in conflicts.values() for c in found]),
            "reviewers": [
                reviewer(name, done, other) for name, (done, other) in sorted(totals.items())
            ],
            "agreement": overall.as_json(),
        }
    )


def _conflicts_text(counts: dict[str, int]) -> str:
    n = counts["conflicts"]
    return (
        f"{n} conflict{'' if n == 1 else 's'} (claims the reviewers disagree on), "
        f"{counts['adjudicated']} adjudicated, {n - counts['adjudicated']} open"
    )


def _agreement_text(agreement: Agreement) -> str:
    def figure(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    percent = agreement.percent_agreement
    return (
        f"{agreement.claims_compared} claim{'' if agreement.claims_compared == 1 else 's'} "
        "compared, "
        f"{'-' if percent is None else f'{percent:.0f}%'} unanimous, "
        f"Cohen's kappa {figure(agreement.cohen_kappa)}, "
        f"Krippendorff's alpha {figure(agreement.krippendorff_alpha)}"
    )
