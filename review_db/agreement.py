"""How much reviewers agree: percent agreement, Cohen's kappa, Krippendorff's alpha.

Pure functions over ``{claim_id: {reviewer: label}}``; ``ReviewStore.current_verdicts``
supplies the data.  Only claims rated by at least two reviewers can be compared.  A
statistic that is undefined for the data (kappa with other than two reviewers, or when
chance agreement is total) is ``None``, never a made-up number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import permutations
from typing import Any

Ratings = Mapping[str, Mapping[str, str]]  # claim id -> reviewer -> label


@dataclass(frozen=True)
class Agreement:
    reviewers: tuple[str, ...]
    claims_compared: int  # claims with verdicts from two or more reviewers
    percent_agreement: float | None  # share of those where every verdict is the same
    cohen_kappa: float | None  # two reviewers only
    krippendorff_alpha: float | None  # nominal, any number of reviewers, missing allowed

    def as_json(self) -> dict[str, Any]:
        return {
            "reviewers": list(self.reviewers),
            "claims_compared": self.claims_compared,
            "percent_agreement": _rounded(self.percent_agreement),
            "cohen_kappa": _rounded(self.cohen_kappa),
            "krippendorff_alpha": _rounded(self.krippendorff_alpha),
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def measure_agreement(ratings: Ratings) -> Agreement:
    """Agreement statistics over every claim that two or more reviewers rated."""
    reviewers = tuple(sorted({r for by_reviewer in ratings.values() for r in by_reviewer}))
    compared = {c: dict(v) for c, v in ratings.items() if len(v) >= 2}
    percent = None
    if compared:
        unanimous = sum(len(set(v.values())) == 1 for v in compared.values())
        percent = 100.0 * unanimous / len(compared)
    kappa = cohen_kappa(compared, reviewers) if len(reviewers) == 2 else None
    return Agreement(
        reviewers=reviewers,
        claims_compared=len(compared),
        percent_agreement=percent,
        cohen_kappa=kappa,
        krippendorff_alpha=krippendorff_alpha_nominal(compared),
    )


def cohen_kappa(ratings: Ratings, pair: tuple[str, ...]) -> float | None:
    """Cohen's kappa of two reviewers over the claims both rated."""
    first, second = pair
    both = [(v[first], v[second]) for v in ratings.values() if first in v and second in v]
    if not both:
        return None
    n = len(both)
    observed = sum(a == b for a, b in both) / n
    counts_a = Counter(a for a, _ in both)
    counts_b = Counter(b for _, b in both)
    expected = sum(counts_a[label] * counts_b[label] for label in counts_a) / (n * n)
    if expected == 1.0:
        return None  # both used one and the same label throughout: kappa is undefined
    return (observed - expected) / (1.0 - expected)


def krippendorff_alpha_nominal(ratings: Ratings) -> float | None:
    """Krippendorff's alpha for nominal data, via the coincidence matrix.

    Each claim with m >= 2 ratings adds 1/(m-1) to o[c][k] for every ordered pair of its
    ratings; alpha = 1 - (n-1) * disagreement observed / disagreement expected.
    """
    coincidences: dict[tuple[str, str], float] = {}
    for by_reviewer in ratings.values():
        values = list(by_reviewer.values())
        m = len(values)
        if m < 2:
            continue
        for a, b in permutations(values, 2):
            coincidences[(a, b)] = coincidences.get((a, b), 0.0) + 1.0 / (m - 1)
    totals: dict[str, float] = {}
    for (a, _), weight in coincidences.items():
        totals[a] = totals.get(a, 0.0) + weight
    n = sum(totals.values())
    if n <= 1:
        return None
    observed = sum(w for (a, b), w in coincidences.items() if a != b)
    expected = sum(totals[a] * totals[b] for a in totals for b in totals if a != b) / (n - 1)
    if expected == 0:
        return None  # one label only: no disagreement was possible
    return 1.0 - observed / expected
