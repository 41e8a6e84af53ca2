"""How far a review has got, counted the one way every screen and command shows it.

Progress is over claims and quotes (``REVIEWED_KINDS``): headings, captions, credits and
other units are counted apart, so an article whose claims all have verdicts is at 100%
whatever its headings.  The database views and ``ReviewStore.articles()`` count the same
way in SQL; this module counts units a screen already holds (the TUI's progress bar and
articles screen) and writes the figures as the CLI prints them.  UI-free: no Textual,
no click.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from review_db.schema import REVIEWED_KINDS


@dataclass(frozen=True)
class ReviewCounts:
    """``reviewed`` of ``total`` claims and quotes; the other units apart."""

    reviewed: int
    total: int
    other_reviewed: int = 0
    other_units: int = 0

    @property
    def percent(self) -> float | None:
        """The share reviewed, 0..100; None when there is nothing to review."""
        return 100 * self.reviewed / self.total if self.total else None

    @property
    def complete(self) -> bool:
        """Every claim and quote has a verdict (other units never hold this back)."""
        return self.reviewed >= self.total


def count_progress(units: Iterable[tuple[str, bool]]) -> ReviewCounts:
    """Count ``(kind, has_a_verdict)`` pairs, one per unit of an article.

    Args:
        units: each unit's kind (``Claim.kind``) and whether it counts as reviewed (for
            the reviewer in question, or anyone, as the caller shows it).
    """
    reviewed = total = other_reviewed = other_units = 0
    for kind, done in units:
        if kind in REVIEWED_KINDS:
            total += 1
            reviewed += done
        else:
            other_units += 1
            other_reviewed += done
    return ReviewCounts(reviewed, total, other_reviewed, other_units)


def progress_text(counts: ReviewCounts) -> str:
    """``"  3/5     60%"``: reviewed of total and the share, aligned for listings."""
    percent = "-" if counts.percent is None else f"{counts.percent:.0f}%"
    return f"{counts.reviewed:>5}/{counts.total:<5} {percent:>4}"


def others_text(counts: ReviewCounts) -> str:
    """The other units, said apart (``""`` when the article has none)."""
    if not counts.other_units:
        return ""
    units = "unit" if counts.other_units == 1 else "units"
    return (
        f"{counts.other_units} other {units} (headings, captions, credits; not counted), "
        f"{counts.other_reviewed} with a verdict"
    )
