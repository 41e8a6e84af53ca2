"""How well a worthiness ranking puts check-worthy sentences first, the CLEF CheckThat! way.

Ranking is judged within one document (an article, a debate) and averaged over documents:
mean average precision is the official metric; precision at 5 and 10 and R-precision
(precision at R, R the number of check-worthy sentences) are shown beside it.  Ties are
broken by position in the document, as the benchmark's scorer does (a stable sort).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RankingScores:
    """Metrics averaged over documents (documents without a positive count as 0 for MAP,
    as in the official scorer)."""

    documents: int
    map: float
    p_at_5: float
    p_at_10: float
    r_precision: float


def ranked_labels(scores: Sequence[float], labels: Sequence[int]) -> list[int]:
    """The labels in ranking order: highest score first, ties in document order."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    return [labels[i] for i in order]


def average_precision(ranked: Sequence[int]) -> float:
    """Mean of the precision at each check-worthy sentence's rank (0 with none)."""
    hits = 0
    total = 0.0
    for rank, label in enumerate(ranked, start=1):
        if label:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def precision_at(ranked: Sequence[int], k: int) -> float:
    """Share of the first ``k`` that are check-worthy (a short document counts as k)."""
    return sum(ranked[:k]) / k if k else 0.0


def r_precision(ranked: Sequence[int]) -> float:
    """Precision at R, R being the number of check-worthy sentences."""
    relevant = sum(ranked)
    return precision_at(ranked, relevant) if relevant else 0.0


def evaluate_documents(documents: Sequence[tuple[Sequence[float], Sequence[int]]]) -> RankingScores:
    """Average the metrics over documents given as (scores, labels) pairs."""
    if not documents:
        return RankingScores(0, 0.0, 0.0, 0.0, 0.0)
    rankings = [ranked_labels(scores, labels) for scores, labels in documents]
    count = len(rankings)
    return RankingScores(
        documents=count,
        map=sum(average_precision(r) for r in rankings) / count,
        p_at_5=sum(precision_at(r, 5) for r in rankings) / count,
        p_at_10=sum(precision_at(r, 10) for r in rankings) / count,
        r_precision=sum(r_precision(r) for r in rankings) / count,
    )
