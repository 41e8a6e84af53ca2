"""Checked before? A claim matched against the fact-check library and earlier reviews.

Candidates come from two full-text indexes: the library's (normalised terms, the rarest
of the claim's terms first) and every article's claims (their words, stemmed by FTS5),
the latter kept only when the claim has a settled verdict and belongs to another article.
Each candidate is then scored by one logistic model over how much of each side's
weighted content the other covers, names and numbers apart, so that a restatement scores
high and a claim that only shares a name scores low.  The score is a probability that
the candidate states the same claim (calibrated on ``benchmarks/checked.py``'s dev set),
so results of both kinds rank on one scale and one threshold means the same everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from review_db import ReviewStore
from review_db.factchecks import FactCheck
from workbench.web_url import web_url_problem

from .terms import Term, claim_terms, surface_forms

CANDIDATES = 40  # per index; recall@40 of the dev set's relevant fact-check is 1.0
QUERY_TERMS = 6  # the rarest terms of a claim make a fast, selective index query
COMMON_SHARE = 0.02  # a term in more of the library than this is common (see below)
COMMON_MIN = 200
# At or above this score a claim counts as "checked before".  On the dev set: 0.976 of
# restatements have their fact-check first at or above it, no claim that only shares a
# name reaches it, and 0.357 of "orphans" (a restatement whose fact-check is missing,
# with the same claim about another place or number present) do: a near miss worth
# showing.  At 0.5 the figures are 0.788, 0 and 0.119 (benchmarks/checked.py prints them).
CHECKED_THRESHOLD = 0.3
MIN_SCORE = 0.1  # `checked` lists candidates from here, so near misses can be judged


@dataclass(frozen=True)
class Weights:
    """The logistic model of the score: ``1 / (1 + exp(-(bias + sum(w * feature))))``.

    Fitted by ``benchmarks/checked.py --fit`` on the dev set: every candidate the index
    returns for each query (14,800, 296 of them the query's fact-check), unweighted, so
    the score is the chance that a candidate is the same claim.  Dev MAP@5 0.998 against
    0.995 for the hand-set weights it replaced, which put a restatement dropping its
    attribution behind the same claim about another place.
    """

    bias: float = -8.57
    covered: float = 1.79  # weighted share of the candidate's terms the claim has
    covering: float = 2.43  # weighted share of the claim's terms the candidate has
    content: float = 0.78  # share of the candidate's non-name words the claim has
    names: float = 1.25  # share of the candidate's names the claim has
    named: float = 1.99  # share of the claim's names the candidate has
    numbers: float = 3.03  # share of the candidate's numbers the claim has
    number_clash: float = -2.83  # both give numbers and none agree
    fuzzy: float = -1.13  # rapidfuzz token_set_ratio of the two term lists, 0..1


WEIGHTS = Weights()


@dataclass(frozen=True)
class CheckedMatch:
    """A fact-check or an earlier reviewed claim that states the claim asked about."""

    kind: str  # "factcheck" or "review"
    ident: str  # the fact-check id, or the claim id
    claim_reviewed: str
    verdict: str | None
    by: str | None
    url: str | None
    date: str | None
    score: float  # 0..1: the calibrated probability that it is the same claim
    span: tuple[int, int]  # claim_reviewed[start:end] is the part that aligns


@dataclass(frozen=True)
class Features:
    """What the score is computed from (see :class:`Weights`)."""

    covered: float
    covering: float
    content: float
    names: float
    named: float
    numbers: float
    number_clash: float
    fuzzy: float

    def score(self, weights: Weights = WEIGHTS) -> float:
        """The calibrated probability that the two claims are the same claim."""
        z = weights.bias + sum(
            getattr(weights, name) * getattr(self, name) for name in _FEATURE_NAMES
        )
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


_FEATURE_NAMES = tuple(Features.__dataclass_fields__)


class TermWeights:
    """Inverse document frequency of terms in the library: rare words weigh more."""

    def __init__(self, store: ReviewStore, terms: Sequence[str]) -> None:
        self.store = store
        self.size = store.factchecks.count()
        self.weights: dict[str, float] = {}
        self.counts: dict[str, int] = {}
        self.add(terms)

    def add(self, terms: Sequence[str]) -> None:
        missing = [t for t in dict.fromkeys(terms) if t not in self.weights]
        for term, count in zip(missing, self.store.factchecks.term_counts(missing), strict=True):
            self.counts[term] = count
            self.weights[term] = math.log(1.0 + (self.size + 1) / (count + 0.5))

    def total(self, terms: set[str]) -> float:
        return sum(self.weights[t] for t in terms)


def compare(claim: list[Term], candidate: list[Term], weigher: TermWeights) -> Features:
    """The features of a candidate's terms against the claim's."""
    weigher.add([t.term for t in candidate])
    mine = {t.term for t in claim}
    theirs = {t.term for t in candidate}
    shared = mine & theirs
    mine_words = {t.term for t in claim if t.kind == "word"}
    their_words = {t.term for t in candidate if t.kind == "word"}
    their_names = {t.term for t in candidate if t.kind == "name"}
    mine_names = {t.term for t in claim if t.kind == "name"}
    mine_numbers = {t.term for t in claim if t.kind == "number"}
    their_numbers = {t.term for t in candidate if t.kind == "number"}
    return Features(
        covered=_share(weigher, shared, theirs),
        covering=_share(weigher, shared, mine),
        content=_share(weigher, mine_words & their_words, their_words),
        names=len(their_names & mine) / len(their_names) if their_names else 1.0,
        named=len(mine_names & theirs) / len(mine_names) if mine_names else 1.0,
        numbers=(len(their_numbers & mine_numbers) / len(their_numbers) if their_numbers else 0.5),
        number_clash=float(
            bool(their_numbers and mine_numbers and not their_numbers & mine_numbers)
        ),
        fuzzy=fuzz.token_set_ratio(" ".join(sorted(mine)), " ".join(sorted(theirs))) / 100.0,
    )


def _share(weigher: TermWeights, part: set[str], whole: set[str]) -> float:
    total = weigher.total(whole)
    return weigher.total(part) / total if total else 0.0


def find_checked(
    store: ReviewStore,
    text: str,
    *,
    top: int = 5,
    exclude_article: str | None = None,
    min_score: float = MIN_SCORE,
    weights: Weights = WEIGHTS,
) -> list[CheckedMatch]:
    """The fact-checks and earlier reviewed claims that state ``text``, best first.

    Args:
        store: the review database (its library and its reviewed claims).
        text: the claim.
        top: at most this many.
        exclude_article: the claim's own article, whose claims are not "earlier".
        min_score: leave out candidates scoring lower.
        weights: the score's model (the benchmark passes others when fitting).
    """
    claim = claim_terms(text)
    if not claim:
        return []
    weigher = TermWeights(store, [t.term for t in claim])
    found: list[CheckedMatch] = []
    for check in library_candidates(store, claim, weigher):
        terms = claim_terms(check.claim_reviewed)
        score = compare(claim, terms, weigher).score(weights)
        if score >= min_score:
            found.append(_factcheck_match(check, terms, claim, score))
    found.extend(_review_matches(store, text, claim, weigher, exclude_article, min_score, weights))
    found.sort(key=lambda m: (-m.score, m.kind, m.ident))
    return found[:top]


def library_candidates(
    store: ReviewStore, claim: list[Term], weigher: TermWeights
) -> list[FactCheck]:
    """The library's fact-checks sharing the claim's rarest terms, best BM25 first.

    FTS5 computes bm25 for every fact-check a query matches, so a term in more than
    ``COMMON_SHARE`` of the library is only used where the rare ones are too few, and
    then the three rarest of them together (AND), which match few.
    """
    known = [t for t in dict.fromkeys(t.term for t in claim) if weigher.counts[t] > 0]
    if not known:
        return []
    known.sort(key=lambda t: weigher.counts[t])
    cap = max(COMMON_MIN, COMMON_SHARE * weigher.size)
    rare = [t for t in known if weigher.counts[t] <= cap][:QUERY_TERMS]
    common = [t for t in known if weigher.counts[t] > cap]
    clauses = [_quoted(t) for t in rare]
    if len(rare) < 2 and len(common) >= 2:
        clauses.append("(" + " AND ".join(_quoted(t) for t in common[:3]) + ")")
    if not clauses:
        return []
    return [check for check, _ in store.factchecks.search(" OR ".join(clauses), CANDIDATES)]


def _review_matches(
    store: ReviewStore,
    text: str,
    claim: list[Term],
    weigher: TermWeights,
    exclude_article: str | None,
    min_score: float,
    weights: Weights,
) -> list[CheckedMatch]:
    words: dict[str, None] = {}
    for term in claim:
        words.update(dict.fromkeys(surface_forms(term, text)))
    if not words:
        return []
    query = " OR ".join(_quoted(w) for w in words)
    scored = []
    for hit in store.factchecks.search_claims(query, CANDIDATES, exclude_article=exclude_article):
        terms = claim_terms(hit.text)
        score = compare(claim, terms, weigher).score(weights)
        if score >= min_score:
            scored.append((hit, terms, score))
    settled = store.factchecks.settled_verdicts([hit.claim_id for hit, _, _ in scored])
    matches = []
    for hit, terms, score in scored:
        verdict = settled.get(hit.claim_id)
        if verdict is None:
            continue  # disputed, or every verdict undone: nothing to reuse
        url = hit.article_url if hit.article_url and not web_url_problem(hit.article_url) else None
        matches.append(
            CheckedMatch(
                kind="review",
                ident=hit.claim_id,
                claim_reviewed=hit.text,
                verdict=verdict.verdict,
                by=", ".join(verdict.by),
                url=url,
                date=verdict.at[:10],
                score=score,
                span=aligned_span(terms, claim),
            )
        )
    return matches


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def aligned_span(candidate: list[Term], claim: list[Term]) -> tuple[int, int]:
    """From the first to the last of the candidate's terms that the claim shares."""
    mine = {t.term for t in claim}
    shared = [t for t in candidate if t.term in mine]
    if not shared:
        return (0, 0)
    return (shared[0].start, shared[-1].end)


def _factcheck_match(
    check: FactCheck, terms: list[Term], claim: list[Term], score: float
) -> CheckedMatch:
    return CheckedMatch(
        kind="factcheck",
        ident=check.id,
        claim_reviewed=check.claim_reviewed,
        verdict=check.verdict,
        by=check.author_name,
        url=check.url,
        date=check.date_published,
        score=score,
        span=aligned_span(terms, claim),
    )


def checked_json(match: CheckedMatch) -> dict[str, object]:
    """One match as ``checked --json`` prints it."""
    key = "factcheck_id" if match.kind == "factcheck" else "claim_id"
    return {
        "kind": match.kind,
        key: match.ident,
        "claim_reviewed": match.claim_reviewed,
        "verdict": match.verdict,
        "by": match.by,
        "url": match.url,
        "date": match.date,
        "score": round(match.score, 4),
        "span": list(match.span),
    }
