"""Finding the source passages that back or contradict a claim.

Three stages, each chosen by measurement (``benchmarks/matching.py``):

1. **Candidates** from the FTS5 index.  ORing every word of a claim touches most of a
   large corpus (about 670 ms at a million passages), and the cost grows with the rows
   that match, so the query ORs only the claim's rarest content words, picked by their
   document counts in the index's own vocabulary, until a budget of rows is spent; when
   that leaves fewer than three words, it adds one AND of the next-rarest words, which
   together are selective.  BM25 ranks them, with the source title as a column of its
   own.
2. **Re-rank** of the best ``CANDIDATES`` (``rerank``): BM25, rapidfuzz
   ``token_set_ratio``, rarity-weighted word coverage of text and title, and shared
   numbers and names, fused by a logistic model fitted on real claims into one
   calibrated score: the probability, in percent, that the passage is evidence.
3. **Explain** each returned passage: the aligned span of the claim inside the passage
   (``partial_ratio_alignment``), the shared words (``highlights``), and the flags of
   ``contradiction``: ``number-mismatch``, ``date-mismatch`` and ``negation``.

Results are cached in the database per claim text and expire when sources change.  Every
function takes its own ``ReviewStore``, so a worker thread that opened one may call them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, replace
from itertools import combinations

from rapidfuzz import fuzz
from rapidfuzz.distance import ScoreAlignment

from review_db import PassageHit, ReadOnlyError, ReviewStore
from review_db.embeddings import embeddings_version
from review_db.ids import normalise_for_id
from workbench.corpus import rerank, semantic
from workbench.corpus.contradiction import Statement, contradiction_flags
from workbench.corpus.highlights import shared_words, word_bounds
from workbench.corpus.rerank import DEFAULT_MIN_SCORE, LEXICAL, RANKERS, SEMANTIC, Calibration
from workbench.errors import UsageError

MATCHER_VERSION = "match-4"
CANDIDATES = 100
# The semantic ranker gives a cosine to the lexical best SEMANTIC_CANDIDATES whose
# passage vectors are stored, and embeds (then stores) at most the best SEMANTIC_EMBED
# of those that have none: embedding is compute-bound, 15-40 ms a passage on one shared
# core, while reading a stored vector costs next to nothing.  CLIMATE-FEVER dev half
# (retrieval_real.py), every vector stored, R@5 for the best 10 / 20 / 30 / 50 / 100:
# 0.611 / 0.645 / 0.647 / 0.652 / 0.649 (20-100 within noise of each other; 50 is the
# best measured, and costs no embedding).  None stored (80 claims, --semantic-embed
# 10,20,30, interleaved, machine loaded ~2x): embedding 10: p50 457 ms, p95 738, R@5
# 0.600; 20: 707 / 1,242 / 0.650; 30: 980 / 1,441 / 0.650.  So a claim met cold costs a
# third as much, and once vectors are stored (by the claims before it, or ``add sources
# --embed``) it gets the quality of 50.
SEMANTIC_CANDIDATES = 50
SEMANTIC_EMBED = 10


@dataclass(frozen=True)
class Fusion:
    """The knobs of the candidate query; the defaults are the measured best
    (benchmarks/matching.py).  How candidates are then scored is ``rerank.LEXICAL``."""

    # bm25 weight of the source-title column (text: 1).  On the CLIMATE-FEVER dev half
    # (benchmarks/retrieval_real.py) 1.0 puts gold among the candidates for 88.6% of
    # claims, 0.5 for 88.2%, 0 for 87.1%.
    title_weight: float = 1.0
    posting_budget: int = 15_000  # passages the candidate query may touch
    min_terms: int = 3  # fewer rare words than this: add an AND of the common ones
    # 12 terms: gold among the candidates for 84.5% of CLIMATE-FEVER dev claims; 48 (all
    # a claim has, within the posting budget): 88.2%, as much as BM25 with an OR of all.
    max_terms: int = 48
    and_terms: int = 3
    # Any two of the common words instead of all: +4 points recall on paraphrases at a
    # million passages, but p95 110 ms instead of 30 (benchmarks/matching.py), so off.
    and_pairs: bool = False
    # Below this best token_set_ratio, query again with 4x the budget: at 0.7, +1 point
    # recall at a million passages with p95 49.5 ms, on the edge of 50; so off (0).
    widen_below: float = 0.0


DEFAULT_FUSION = Fusion()


@dataclass(frozen=True)
class Match:
    """A passage that matches a claim, with why and where."""

    passage_id: str
    source_id: str
    source_title: str
    publisher: str | None
    published: str | None
    url: str | None
    text: str  # the passage text
    score: float  # 0..100
    span: tuple[int, int]  # matched region inside text
    flags: tuple[str, ...]  # e.g. ("number-mismatch", "negation")
    highlights: tuple[tuple[int, int], ...] = ()  # the shared words, whole


_WORD = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*")
_NOT_WORD = re.compile(r"[\W_]")
_STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself of off on once only or other
    our ours out over own same she should so some such than that the their theirs them
    then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your said says say told
    according one also last first new""".split()
)


def find_matches(
    store: ReviewStore,
    text: str,
    *,
    top: int = 10,
    min_score: float = 0.0,
    ranker: str = "lexical",
) -> list[Match]:
    """The ``top`` best passages for a claim scoring at least ``min_score``: from the
    cache, else computed and cached.  ``match`` passes ``matching.min_score``; the TUI
    takes them all and greys out the weak ones.

    Safe to call from a worker thread with its own ``store``.  A read-only database is
    matched but not cached.  The cache keeps every one of the ``top`` passages, so a new
    threshold needs no new matching.
    """
    cached = cached_matches(store, text, top=top, min_score=min_score, ranker=ranker)
    if cached is not None:
        return cached
    version = store.corpus_version()
    matches = rank_passages(store, text, top=top, ranker=ranker)
    try:
        key = _cache_key(store, text, top, ranker)
        store.save_matches(key, version, [_to_json(m) for m in matches])
    except ReadOnlyError:
        pass  # a reader without write access still gets its matches, just not cached
    return [m for m in matches if m.score >= min_score]


def cached_matches(
    store: ReviewStore,
    text: str,
    *,
    top: int = 10,
    min_score: float = 0.0,
    ranker: str = "lexical",
) -> list[Match] | None:
    """The cached matches of a claim for the current corpus scoring at least
    ``min_score``, or None when nothing is cached; never computes."""
    rows = store.cached_matches(_cache_key(store, text, top, ranker))
    if rows is None:
        return None
    matches = [
        Match(
            **{
                **row,
                "span": (row["span"][0], row["span"][1]),
                "flags": tuple(row["flags"]),
                "highlights": tuple((a, b) for a, b in row["highlights"]),
            }
        )
        for row in rows
    ]
    return [m for m in matches if m.score >= min_score]


def search_corpus(
    store: ReviewStore, query: str, *, top: int = 20, ranker: str = "lexical"
) -> list[Match]:
    """Passages for a reviewer's own words (the TUI's "/" search); not cached.  The same
    pipeline and score as ``find_matches``, so search and ``match`` agree."""
    return rank_passages(store, query, top=top, ranker=ranker)


def rank_passages(
    store: ReviewStore,
    text: str,
    *,
    top: int = 10,
    fusion: Fusion = DEFAULT_FUSION,
    ranker: str = "lexical",
    calibration: Calibration | None = None,
) -> list[Match]:
    """Compute the ``top`` best passages for ``text`` (no cache), best score first.

    ``ranker`` is "lexical" or "semantic" (the optional extra; ``semantic``).
    """
    claim = _Profile(text)
    scored = score_candidates(store, text, fusion=fusion, ranker=ranker, calibration=calibration)
    return [_explain(claim, s.hit, s.passage, s.probability) for s in scored[:top]]


@dataclass(frozen=True)
class Scored:
    """A candidate passage with its re-rank features and calibrated probability."""

    hit: PassageHit
    passage: _Profile
    features: tuple[float, ...]
    probability: float


def score_candidates(
    store: ReviewStore,
    text: str,
    *,
    fusion: Fusion = DEFAULT_FUSION,
    ranker: str = "lexical",
    calibration: Calibration | None = None,
) -> list[Scored]:
    """Every candidate for ``text`` with its features and probability, best first.

    The semantic ranker adds the claim/passage cosine as a last feature; ``calibration``
    overrides the fitted model of the ranker (for fitting).
    """
    if ranker not in RANKERS:
        raise UsageError(f"unknown ranker {ranker!r}; choose one of: {', '.join(RANKERS)}")
    model = calibration or (SEMANTIC if ranker == "semantic" else LEXICAL)
    hits = candidate_passages(store, text, fusion=fusion)
    claim = _Profile(text)
    if fusion.widen_below and _best_similarity(claim, hits) < fusion.widen_below:
        # Nothing close: the claim may word its subject differently; look wider.
        wider = replace(fusion, posting_budget=fusion.posting_budget * 4, widen_below=0.0)
        seen = {hit.passage_id for hit in hits}
        hits += [
            h for h in candidate_passages(store, text, fusion=wider) if h.passage_id not in seen
        ]
    if not hits:
        return []
    words = content_words(text)
    weights = rerank.rarity_weights(words, store.passage_term_counts(words), _passage_count(store))
    best = max(-hit.rank for hit in hits)
    worst = min(-hit.rank for hit in hits)
    title_stems: dict[str, set[str]] = {}
    scored: list[tuple[PassageHit, _Profile, tuple[float, ...]]] = []
    for position, hit in enumerate(hits):
        passage = _Profile(hit.text)
        if hit.source_title not in title_stems:
            title_stems[hit.source_title] = {
                rerank.stem(w) for w in content_words(hit.source_title)
            }
        passage_stems = set(passage.stems)
        features = (
            (-hit.rank - worst) / (best - worst) if best > worst else 1.0,
            1 / (1 + position),
            fuzz.token_set_ratio(claim.folded, passage.folded) / 100,
            rerank.covered(weights, passage_stems),
            rerank.covered(weights, title_stems[hit.source_title]),
            len(passage_stems & set(claim.stems)) / len(passage_stems) if passage_stems else 0.0,
            rerank.bigram_share(claim.stems, passage.stems),
            claim.agreement(passage),
        )
        scored.append((hit, passage, features))
    if ranker == "semantic" and calibration is None:
        # Embedding is the slow part: only the lexical best are worth a vector.  The
        # rest keep their lexical probability, which estimates the same thing.
        lexical = sorted(scored, key=lambda row: -LEXICAL.probability(row[2]))
        near = lexical[:SEMANTIC_CANDIDATES]
        cosines = semantic.similarities(
            store,
            text,
            [(h.passage_id, h.text) for h, _, _ in near],
            embed_first=SEMANTIC_EMBED,
        )
        cosines += [None] * (len(lexical) - len(near))
        ranked = [
            Scored(h, p, f, LEXICAL.probability(f))
            if cos is None
            else Scored(h, p, (*f, cos), model.probability((*f, cos)))
            for (h, p, f), cos in zip(lexical, cosines, strict=True)
        ]
    elif ranker == "semantic":  # fitting: every candidate gets its cosine
        every = semantic.similarities(store, text, [(h.passage_id, h.text) for h, _, _ in scored])
        ranked = [
            Scored(h, p, (*f, cos), model.probability((*f, cos)))
            for (h, p, f), cos in zip(scored, every, strict=True)
            if cos is not None  # every passage is embedded when there is no bound
        ]
    else:
        ranked = [Scored(h, p, f, model.probability(f)) for h, p, f in scored]
    ranked.sort(key=lambda s: -s.probability)
    return ranked


_PASSAGE_COUNTS: dict[tuple[str, int], int] = {}


def _passage_count(store: ReviewStore) -> int:
    """The corpus size, counted once per corpus version (a count is slow at a million)."""
    key = (str(store.path), store.corpus_version())
    if key not in _PASSAGE_COUNTS:
        _PASSAGE_COUNTS[key] = store.passage_count()
    return _PASSAGE_COUNTS[key]


def _best_similarity(claim: _Profile, hits: list[PassageHit]) -> float:
    return max((fuzz.token_set_ratio(claim.folded, _fold(h.text)) / 100 for h in hits), default=0)


def candidate_passages(
    store: ReviewStore, text: str, *, fusion: Fusion = DEFAULT_FUSION
) -> list[PassageHit]:
    """BM25 candidates for ``text`` from an OR of its rarest content words."""
    query = build_query(store, text, fusion=fusion)
    if query is None:
        return []
    return store.search_passages(query, CANDIDATES, title_weight=fusion.title_weight)


def build_query(store: ReviewStore, text: str, *, fusion: Fusion = DEFAULT_FUSION) -> str | None:
    """The FTS5 query for ``text``, or None when none of its words is in the corpus."""
    if store.corpus_version() == 0:
        return None
    words = content_words(text)
    counts = store.passage_term_counts(words)
    known = sorted((count, i) for i, count in enumerate(counts) if count > 0)
    rare: list[int] = []
    spent = 0
    for count, i in known:
        if len(rare) >= fusion.max_terms or spent + count > fusion.posting_budget:
            break
        rare.append(i)
        spent += count
    common = [i for _, i in known[len(rare) :]][: fusion.and_terms]
    parts = [_quoted(words[i]) for i in sorted(rare)]
    if len(rare) < fusion.min_terms and len(common) > 1:
        # Common words ORed would score most of the corpus; together they are selective.
        pairs = combinations(common, 2) if fusion.and_pairs else [common]
        parts.extend("(" + " AND ".join(_quoted(words[i]) for i in pair) + ")" for pair in pairs)
    elif not parts and common:
        parts.append(_quoted(words[common[0]]))
    return " OR ".join(parts) if parts else None


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry meaning (no stop words), lower-cased, once each."""
    seen: dict[str, None] = {}
    for match in _WORD.finditer(text.lower()):
        word = match.group().replace("’", "'")
        if word not in _STOPWORDS and word not in seen and (len(word) > 1 or word.isdigit()):
            seen[word] = None
    return list(seen)[:48]


class _Profile:
    """What ranking and flags need to know about one text, computed once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = _fold(text)
        words = _WORD.findall(text)
        lowered = text.lower().replace("’", "'")
        if len(lowered) != len(text):  # a letter whose lower case is longer: word by word
            content = [w.lower().replace("’", "'") for w in words]
        else:
            content = _WORD.findall(lowered)
        content = [w for w in content if w not in _STOPWORDS]
        self.words = set(content)
        self.stems = [w[:5] for w in content]  # rerank.stem, inlined: 100 passages a claim
        self.digits = {w.replace(",", "") for w in content if w[0].isdigit()}
        self.names = {w for w in words[1:] if w[0].isupper()}
        self._statement: Statement | None = None

    @property
    def statement(self) -> Statement:
        """The text as the contradiction flags read it (parsed on first use: only the
        passages shown need it)."""
        if self._statement is None:
            self._statement = Statement(self.text)
        return self._statement

    def agreement(self, other: _Profile) -> float:
        """0..1: how far the numbers and names of this claim recur in ``other``."""
        parts = []
        if self.digits:
            parts.append(len(self.digits & other.digits) / len(self.digits))
        if self.names:
            parts.append(len(self.names & other.names) / len(self.names))
        return sum(parts) / len(parts) if parts else 0.0


def _fold(text: str) -> str:
    """Lower case, punctuation as spaces, same length: offsets stay those of ``text``."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter whose lower case is longer ("İ")
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    return _NOT_WORD.sub(" ", lowered)


def _explain(claim: _Profile, hit: PassageHit, passage: _Profile, probability: float) -> Match:
    alignment = fuzz.partial_ratio_alignment(claim.folded, passage.folded)
    if alignment is None:  # only for empty strings, which passages never are
        alignment = ScoreAlignment(0.0, 0, 0, 0, len(hit.text))
    start, end = _widen_to_shared_words(claim, passage, alignment.dest_start, alignment.dest_end)
    start, end = word_bounds(hit.text, start, end)
    flags = contradiction_flags(claim.statement, passage.statement)
    score = round(100 * probability, 1)
    return Match(
        passage_id=hit.passage_id,
        source_id=hit.source_id,
        source_title=hit.source_title,
        publisher=hit.publisher,
        published=hit.published,
        url=hit.url,
        text=hit.text,
        score=max(0.0, min(100.0, score)),
        span=(start, end),
        flags=flags,
        highlights=shared_words(hit.text, set(claim.stems), claim.digits),
    )


def _widen_to_shared_words(
    claim: _Profile, passage: _Profile, start: int, end: int
) -> tuple[int, int]:
    """The aligned window, stretched over the claim's words that lie just beyond it.

    partial_ratio aligns a window as long as the claim, so a passage that says the same
    with more words ("recorded a peak level of 4.2 metres") would lose its last words.
    """
    limit = max(len(claim.text) * 3 // 2, end - start)
    for m in _WORD.finditer(passage.folded):
        if m.group() in claim.words and m.group() not in _STOPWORDS:
            new_start, new_end = min(start, m.start()), max(end, m.end())
            if new_end - new_start <= limit:
                start, end = new_start, new_end
    return start, end


def _cache_key(store: ReviewStore, text: str, top: int, ranker: str) -> str:
    # Semantic matches cached before ``add sources --embed`` may lack cosines the stored
    # vectors now give: they expire with ``embeddings_version``.
    kind = f"{ranker} {embeddings_version(store)}" if ranker == "semantic" else ranker
    key = f"{MATCHER_VERSION}\x1f{kind}\x1f{top}\x1f{normalise_for_id(text)}"
    digest = hashlib.sha256(key.encode())
    return digest.hexdigest()


def _to_json(match: Match) -> dict[str, object]:
    row = asdict(match)
    row["span"] = list(match.span)
    row["flags"] = list(match.flags)
    row["highlights"] = [list(pair) for pair in match.highlights]
    return row


def match_json(match: Match) -> dict[str, object]:
    """A match as the ``match --json`` contract shows it."""
    return {
        "passage_id": match.passage_id,
        "source_id": match.source_id,
        "source_title": match.source_title,
        "text": match.text,
        "score": match.score,
        "span": list(match.span),
        "flags": list(match.flags),
        "highlights": [list(pair) for pair in match.highlights],
    }


__all__ = [
    "CANDIDATES",
    "DEFAULT_MIN_SCORE",
    "DEFAULT_FUSION",
    "MATCHER_VERSION",
    "Fusion",
    "Match",
    "build_query",
    "cached_matches",
    "candidate_passages",
    "content_words",
    "find_matches",
    "match_json",
    "rank_passages",
    "search_corpus",
]
