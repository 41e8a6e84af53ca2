"""Retrieval quality on real claims: our rankers beside FTS5-porter BM25-OR, same run.

Run: .venv/bin/python benchmarks/retrieval_real.py PATH/climate-fever.jsonl
     [--workdir /tmp/workbench-real] [--rankers lexical,semantic] [--limit N] [--fit]
     [--semantic-candidates 20,30] [--cold-claims 40 [--semantic-embed 10,20]
     [--encode-batch 8,64]]

Data: CLIMATE-FEVER (T. Diggelmann, J. Boyd-Graber, J. Bulian, M. Ciaramita, M. Leippold,
"CLIMATE-FEVER: A Dataset for Verification of Real-World Climate Claims", Tackling Climate
Change with Machine Learning workshop at NeurIPS 2020, arXiv:2012.00614), from
github.com/tdiggelm/climate-fever-dataset, file ``dataset/climate-fever.jsonl``.  Its
licence is unspecified, so the project never stores it: give its path.

The corpus is one document per Wikipedia article holding that article's evidence
sentences in order (one per line), 5,240 sentences in all.  A claim's gold is every
passage of its SUPPORTS or REFUTES sentences; claims with none are left out.

Only the **dev half** (claims whose ``claim_id`` number is even) is ever scored here: the
odd half is the project owners' held-out test and must not inform any choice, so this
script neither offers it nor prints a figure for it.

For each ranker it prints recall@1/5/10, MRR (first gold within the top 10), candidate
recall@100 (a gold passage among the passages the re-ranker sees; for BM25 its top 100)
and p50/p95 latency per claim (uncached).  ``--flags`` reports the contradiction flags
instead: precision/recall on the project's labelled pairs, and how often each fires on
the dev claims' REFUTES and SUPPORTS evidence.  ``--fit`` fits the lexical re-rank
(``workbench.corpus.rerank``): a logistic model of "this candidate is gold" on the dev
claims' candidates, printed with a two-fold check within dev and a calibration table.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from review_db import ReviewStore  # noqa: E402
from workbench.corpus import matching, semantic  # noqa: E402
from workbench.corpus.contradiction import Statement, contradiction_flags  # noqa: E402
from workbench.corpus.evaluation import FLAGS, read_labelled_pairs, score_flags  # noqa: E402
from workbench.corpus.matching import (  # noqa: E402
    candidate_passages,
    content_words,
    rank_passages,
    score_candidates,
)
from workbench.corpus.rerank import FEATURES, SEMANTIC_FEATURES, Calibration  # noqa: E402
from workbench.corpus.semantic import load_model  # noqa: E402
from workbench.corpus.sources import import_sources  # noqa: E402

GOLD_LABELS = ("SUPPORTS", "REFUTES")
DEPTH = 10
CANDIDATES_SEEN = 100


@dataclass(frozen=True)
class RealClaim:
    """A dev-half claim with its gold evidence sentences (article, index) and labels."""

    claim_id: int
    text: str
    label: str
    gold: frozenset[tuple[str, int]]
    evidence: tuple[tuple[str, int, str, str], ...]  # (article, index, sentence, label)


def is_dev(claim_id: int) -> bool:
    """The dev half: even claim ids.  The odd half is held out and never read for scores."""
    return claim_id % 2 == 0


def read_dataset(path: Path) -> tuple[dict[str, dict[int, str]], list[RealClaim]]:
    """Every article's evidence sentences by index, and the dev-half claims with gold."""
    articles: dict[str, dict[int, str]] = {}
    claims: list[RealClaim] = []
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            evidence = []
            for item in record["evidences"]:
                article, _, index = item["evidence_id"].rpartition(":")
                articles.setdefault(article, {})[int(index)] = item["evidence"]
                evidence.append((article, int(index), item["evidence"], item["evidence_label"]))
            claim_id = int(record["claim_id"])
            gold = frozenset((a, i) for a, i, _, label in evidence if label in GOLD_LABELS)
            if is_dev(claim_id) and gold:
                claims.append(
                    RealClaim(claim_id, record["claim"], record["claim_label"], gold,
                              tuple(evidence))
                )  # fmt: skip
    return articles, claims


def build_database(articles: dict[str, dict[int, str]], workdir: Path) -> Path:
    """Import the corpus (one document per article, one sentence per line) into a db;
    an existing one built from the same corpus is kept (with its passage vectors)."""
    workdir.mkdir(parents=True, exist_ok=True)
    corpus = workdir / "climate-corpus.jsonl"
    lines = [
        json.dumps({"id": a, "title": a, "text": "\n".join(s[i] for i in sorted(s))}) + "\n"
        for a, s in sorted(articles.items())
    ]
    db = workdir / "climate.db"
    text = "".join(lines)
    if db.exists() and corpus.exists() and corpus.read_text(encoding="utf-8") == text:
        return db  # same corpus: keep the database and the passage vectors it holds
    corpus.write_text(text, encoding="utf-8")
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    with ReviewStore(db, create=True) as store:
        report = import_sources(store, [corpus])
        assert not report.problems, report.problems[:3]
    return db


def passage_sentences(
    store: ReviewStore, articles: dict[str, dict[int, str]]
) -> dict[str, tuple[str, int]]:
    """Each passage id's (article, sentence index), through the line it starts on."""
    by_passage: dict[str, tuple[str, int]] = {}
    rows = store.conn.execute(
        "SELECT p.id, p.start, s.external_id, s.text FROM passages AS p "
        "JOIN sources AS s ON s.id = p.source_id"
    )
    for pid, start, article, text in rows:
        line = text.count("\n", 0, start)
        by_passage[pid] = (article, sorted(articles[article])[line])
    return by_passage


Ranker = Callable[[ReviewStore, str], tuple[list[str], list[str]]]


def lexical(store: ReviewStore, text: str) -> tuple[list[str], list[str]]:
    """Our default matcher: (ranked ids, candidate ids)."""
    ranked = [m.passage_id for m in rank_passages(store, text, top=DEPTH)]
    return ranked, []


def semantic_ranker(store: ReviewStore, text: str) -> tuple[list[str], list[str]]:
    """The semantic re-rank (warm: passage vectors already in the database)."""
    ranked = [m.passage_id for m in rank_passages(store, text, top=DEPTH, ranker="semantic")]
    return ranked, []


def cold_semantic_ranker(store: ReviewStore, text: str) -> tuple[list[str], list[str]]:
    """The semantic re-rank with no passage vector stored: every candidate it embeds is
    embedded now (the model is loaded).  Nothing is read from or written to the cache."""
    load, save = semantic.load_embeddings, semantic.save_embeddings
    semantic.load_embeddings = lambda store, model, ids: {}  # type: ignore[assignment]
    semantic.save_embeddings = lambda store, model, vectors: 0
    try:
        return semantic_ranker(store, text)
    finally:
        semantic.load_embeddings, semantic.save_embeddings = load, save


def with_encode_batch(size: int, ranker: Ranker) -> Ranker:
    """``ranker`` with the model embedding ``size`` texts per forward pass."""

    def run(store: ReviewStore, text: str) -> tuple[list[str], list[str]]:
        default = semantic.ENCODE_BATCH
        semantic.ENCODE_BATCH = size
        try:
            return ranker(store, text)
        finally:
            semantic.ENCODE_BATCH = default

    return run


def with_semantic_candidates(count: int, embed: int, ranker: Ranker) -> Ranker:
    """``ranker`` with the semantic ranker scoring the lexical best ``count`` and
    embedding at most ``embed`` of them."""

    def run(store: ReviewStore, text: str) -> tuple[list[str], list[str]]:
        default = matching.SEMANTIC_CANDIDATES, matching.SEMANTIC_EMBED
        matching.SEMANTIC_CANDIDATES, matching.SEMANTIC_EMBED = count, embed
        try:
            return ranker(store, text)
        finally:
            matching.SEMANTIC_CANDIDATES, matching.SEMANTIC_EMBED = default

    return run


def embed_corpus(store: ReviewStore) -> None:
    """Embed and store every passage once, as ``add sources --embed`` does, and time it."""
    sources = [row[0] for row in store.conn.execute("SELECT id FROM sources ORDER BY rowid")]
    started = time.perf_counter()
    load_model()
    loaded = time.perf_counter()
    report = semantic.embed_sources(store, sources)
    done = time.perf_counter()
    print(
        f"semantic: model loaded in {loaded - started:.1f} s; {report.embedded:,} passages "
        f"embedded ({report.already:,} were stored) in {done - loaded:.1f} s"
    )


def lexical_candidates(store: ReviewStore, text: str) -> list[str]:
    return [h.passage_id for h in candidate_passages(store, text)]


def ensure_baseline_index(store: ReviewStore) -> None:
    """A text-only FTS5 porter index of the passages, for the BM25-OR baseline."""
    store.conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.baseline USING fts5("
        "text, tokenize='porter unicode61 remove_diacritics 2')"
    )
    if not store.conn.execute("SELECT count(*) FROM temp.baseline").fetchone()[0]:
        store.conn.execute(
            "INSERT INTO temp.baseline (rowid, text) SELECT rowid, text FROM passages"
        )


def bm25_or(store: ReviewStore, text: str) -> tuple[list[str], list[str]]:
    """FTS5-porter BM25 over the passage text, with an OR of all the claim's words."""
    words = content_words(text)
    if not words:
        return [], []
    query = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
    ids = [
        row[0]
        for row in store.conn.execute(
            "SELECT p.id FROM (SELECT rowid, bm25(baseline) AS r FROM temp.baseline "
            "WHERE baseline MATCH ? ORDER BY r LIMIT ?) AS f "
            "JOIN passages AS p ON p.rowid = f.rowid ORDER BY f.r",
            (query, CANDIDATES_SEEN),
        )
    ]
    return ids[:DEPTH], ids


@dataclass
class Scores:
    """One ranker's figures on the dev half."""

    name: str
    recall: dict[int, float]
    mrr: float
    candidate_recall: float | None
    p50: float
    p95: float


def percentile(values: Sequence[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def score_ranker(
    name: str,
    ranker: Ranker,
    store: ReviewStore,
    claims: Sequence[RealClaim],
    gold_of: Callable[[RealClaim], set[str]],
    candidates: Callable[[ReviewStore, str], list[str]] | None = None,
) -> Scores:
    """Run ``ranker`` on every claim (after one warm-up) and score it against the gold."""
    return score_rankers([(name, ranker)], store, claims, gold_of, candidates)[0]


def score_rankers(
    named: Sequence[tuple[str, Ranker]],
    store: ReviewStore,
    claims: Sequence[RealClaim],
    gold_of: Callable[[RealClaim], set[str]],
    candidates: Callable[[ReviewStore, str], list[str]] | None = None,
) -> list[Scores]:
    """Score several rankers, interleaved: each claim goes to every ranker in turn (the
    first one rotating), so a machine whose load changes over minutes times them alike."""
    for _, ranker in named:
        ranker(store, "warm up the connection and its temporary tables")
    found = [dict.fromkeys((1, 5, 10), 0) for _ in named]
    reciprocal = [0.0] * len(named)
    seen = [0] * len(named)
    pooled = [False] * len(named)
    times: list[list[float]] = [[] for _ in named]
    for turn, claim in enumerate(claims):
        gold = gold_of(claim)
        for offset in range(len(named)):
            i = (turn + offset) % len(named)
            started = time.perf_counter()
            ranked, pool = named[i][1](store, claim.text)
            times[i].append((time.perf_counter() - started) * 1000)
            for k in found[i]:
                found[i][k] += any(pid in gold for pid in ranked[:k])
            first = next((n for n, pid in enumerate(ranked[:DEPTH], 1) if pid in gold), None)
            reciprocal[i] += 1 / first if first else 0.0
            if candidates is not None:
                pool = candidates(store, claim.text)
            pooled[i] = pooled[i] or bool(pool)
            seen[i] += any(pid in gold for pid in pool)
    count = len(claims)
    return [
        Scores(
            name,
            {k: v / count for k, v in found[i].items()},
            reciprocal[i] / count,
            seen[i] / count if pooled[i] else None,
            percentile(times[i], 50),
            percentile(times[i], 95),
        )
        for i, (name, _) in enumerate(named)
    ]


def print_table(rows: Sequence[Scores], claims: int, passages: int) -> None:
    print(f"\ndev half (even claim_id): {claims} claims, {passages:,} passages")
    print(
        f"{'ranker':<26} {'R@1':>6} {'R@5':>6} {'R@10':>6} {'MRR':>6} {'cand@100':>9} "
        f"{'p50 ms':>7} {'p95 ms':>7}"
    )
    for r in rows:
        cand = f"{r.candidate_recall:9.3f}" if r.candidate_recall is not None else f"{'-':>9}"
        print(
            f"{r.name:<26} {r.recall[1]:6.3f} {r.recall[5]:6.3f} {r.recall[10]:6.3f} "
            f"{r.mrr:6.3f} {cand} {r.p50:7.1f} {r.p95:7.1f}"
        )


def fit_logistic(
    rows: Sequence[tuple[Sequence[float], int]], *, ridge: float = 1e-3
) -> list[float]:
    """Weights (bias last) of a logistic regression, fitted by Newton's method.

    Plain Python: eight features and some tens of thousands of rows need no numpy, and
    Newton converges in a few passes where gradient descent needs hundreds.
    """
    width = len(rows[0][0]) + 1
    weights = [0.0] * width
    for _ in range(12):
        grad = [0.0] * width
        hess = [[0.0] * width for _ in range(width)]
        for features, label in rows:
            x = [*features, 1.0]
            z = sum(w * v for w, v in zip(weights, x, strict=True))
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            for i in range(width):
                grad[i] += (p - label) * x[i]
                for j in range(i + 1):
                    hess[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(width):
            grad[i] += ridge * weights[i]
            hess[i][i] += ridge
            for j in range(i):
                hess[j][i] = hess[i][j]
        step = solve(hess, grad)
        weights = [w - d for w, d in zip(weights, step, strict=True)]
        if max(abs(d) for d in step) < 1e-6:
            break
    return weights


def solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """x with matrix @ x = vector, by Gaussian elimination with partial pivoting."""
    n = len(vector)
    a = [[*row, v] for row, v in zip(matrix, vector, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(col + 1, n):
            factor = a[r][col] / a[col][col]
            for c in range(col, n + 1):
                a[r][c] -= factor * a[col][c]
    x = [0.0] * n
    for r in reversed(range(n)):
        x[r] = (a[r][n] - sum(a[r][c] * x[c] for c in range(r + 1, n))) / a[r][r]
    return x


def feature_rows(
    store: ReviewStore,
    claims: Sequence[RealClaim],
    gold_of: Callable[[RealClaim], set[str]],
    ranker: str,
) -> list[list[tuple[tuple[float, ...], int]]]:
    """Per claim, each candidate's re-rank features and whether it is gold."""
    return [
        [
            (s.features, int(s.hit.passage_id in gold_of(c)))
            for s in score_candidates(store, c.text, ranker=ranker)
        ]
        for c in claims
    ]


def fit_report(per_claim: list[list[tuple[tuple[float, ...], int]]], names: Sequence[str]) -> None:
    """Fit on all dev claims and print the weights; also a two-fold check within dev."""

    def r_at(
        weights: list[float], groups: list[list[tuple[tuple[float, ...], int]]], k: int
    ) -> float:
        model = Calibration(tuple(weights[:-1]), weights[-1])
        hits = 0
        for group in groups:
            ranked = sorted(group, key=lambda row: -model.probability(row[0]))
            hits += any(label for _, label in ranked[:k])
        return hits / len(groups)

    rows = [row for group in per_claim for row in group]
    weights = fit_logistic(rows)
    print("\nlogistic fit on all dev claims (features, then bias):")
    for name, w in zip((*names, "bias"), weights, strict=True):
        print(f"  {name:<16} {w:8.3f}")
    print(f"  in-sample R@5 {r_at(weights, per_claim, 5):.3f}")
    folds = (per_claim[0::2], per_claim[1::2])
    for i, (train, test) in enumerate((folds, folds[::-1]), start=1):
        fitted = fit_logistic([row for group in train for row in group])
        print(
            f"  fold {i}: fitted on {len(train)}, R@5 on the other {len(test)}: "
            f"{r_at(fitted, test, 5):.3f}"
        )
    by_bucket: dict[int, list[int]] = {}
    model = Calibration(tuple(weights[:-1]), weights[-1])
    for features, label in rows:
        by_bucket.setdefault(min(9, int(model.probability(features) * 10)), []).append(label)
    print("  calibration (predicted decile: share gold, count):")
    for bucket in sorted(by_bucket):
        labels = by_bucket[bucket]
        print(
            f"    {bucket / 10:.1f}-{(bucket + 1) / 10:.1f}: {sum(labels) / len(labels):.3f} "
            f"({len(labels)})"
        )


PAIRS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "contradictions.jsonl"


def flag_report(claims: Sequence[RealClaim]) -> None:
    """Flag precision/recall on the labelled pairs, and how often each flag fires on the
    dev claims' REFUTES and SUPPORTS evidence sentences (a flag should favour REFUTES)."""
    print(f"\ncontradiction flags on {PAIRS.name} (pairs written for the project)")
    print(f"{'flag':<16} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>7}")
    for score in score_flags(read_labelled_pairs(PAIRS)):
        print(
            f"{score.flag:<16} {score.true_positives:>4} {score.false_positives:>4} "
            f"{score.false_negatives:>4} {score.precision:>10.3f} {score.recall:>7.3f}"
        )
    fired: dict[str, dict[str, int]] = {label: {} for label in GOLD_LABELS}
    totals = dict.fromkeys(GOLD_LABELS, 0)
    for claim in claims:
        statement = Statement(claim.text)
        for _, _, sentence, label in claim.evidence:
            if label not in GOLD_LABELS:
                continue
            totals[label] += 1
            found = contradiction_flags(statement, Statement(sentence))
            for flag in (*found, "any") if found else ():
                fired[label][flag] = fired[label].get(flag, 0) + 1
    print("\nflags on CLIMATE-FEVER dev-half evidence (share of sentences flagged)")
    print(
        f"{'flag':<16} "
        + " ".join(f"{label + f' (n={totals[label]})':>18}" for label in GOLD_LABELS)
    )
    for flag in (*FLAGS, "any"):
        print(
            f"{flag:<16} "
            + " ".join(
                f"{fired[label].get(flag, 0) / max(totals[label], 1):>18.3f}"
                for label in GOLD_LABELS
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path, help="climate-fever.jsonl")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/workbench-real"))
    parser.add_argument("--rankers", default="lexical", help="lexical,semantic")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N claims")
    parser.add_argument("--seed", type=int, default=0, help="with --limit: sample, not head")
    parser.add_argument(
        "--semantic-candidates",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[matching.SEMANTIC_CANDIDATES],
        help="how many lexical best get the semantic score (all stored), e.g. 20,30,100",
    )
    parser.add_argument(
        "--semantic-embed",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[matching.SEMANTIC_EMBED],
        help="with --cold-claims: how many the semantic ranker embeds when none is stored",
    )
    parser.add_argument(
        "--encode-batch",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[semantic.ENCODE_BATCH],
        help="with --cold-claims: texts per forward pass of the model, e.g. 8,64",
    )
    parser.add_argument(
        "--cold-claims", type=int, default=0, help="also time N claims with no stored vector"
    )
    parser.add_argument("--fit", action="store_true", help="fit the re-rank weights on dev")
    parser.add_argument("--flags", action="store_true", help="report the contradiction flags")
    args = parser.parse_args()
    articles, claims = read_dataset(args.path)
    if args.flags:
        flag_report(claims)
        return
    if args.limit:
        claims = random.Random(args.seed).sample(claims, min(args.limit, len(claims)))
    db = build_database(articles, args.workdir)
    with ReviewStore(db) as store:
        sentence_of = passage_sentences(store, articles)
        passages_of: dict[tuple[str, int], set[str]] = {}
        for pid, key in sentence_of.items():
            passages_of.setdefault(key, set()).add(pid)

        def gold_of(claim: RealClaim) -> set[str]:
            return set().union(*(passages_of.get(key, set()) for key in claim.gold))

        ensure_baseline_index(store)
        rows = []
        for name in args.rankers.split(","):
            if name == "lexical":
                rows.append(
                    score_ranker("lexical (default)", lexical, store, claims, gold_of,
                                 lexical_candidates)
                )  # fmt: skip
            elif name == "semantic":
                load_model()
                if args.cold_claims:
                    cold = random.Random(1).sample(claims, min(args.cold_claims, len(claims)))
                    # Cold: no vector is stored, so the ranker embeds the best ``embed``.
                    variants = [
                        (
                            f"semantic embed {embed} b{size} cold*",
                            with_encode_batch(
                                size,
                                with_semantic_candidates(
                                    max(embed, matching.SEMANTIC_CANDIDATES),
                                    embed,
                                    cold_semantic_ranker,
                                ),
                            ),
                        )
                        for embed in args.semantic_embed
                        for size in args.encode_batch
                    ]
                    rows += score_rankers(variants, store, cold, gold_of, lexical_candidates)
                embed_corpus(store)
                for count in args.semantic_candidates:
                    rows.append(
                        score_ranker(
                            f"semantic top {count} (warm)",
                            with_semantic_candidates(count, count, semantic_ranker),
                            store, claims, gold_of, lexical_candidates,
                        )
                    )  # fmt: skip
            else:
                raise SystemExit(f"unknown ranker {name!r}")
        rows.append(score_ranker("BM25-OR (FTS5 porter)", bm25_or, store, claims, gold_of))
        print_table(rows, len(claims), store.passage_count())
        if any("cold" in row.name for row in rows):
            print(f"* cold rows: {args.cold_claims} sampled claims, not all {len(claims)}")
        if args.fit:
            for name in args.rankers.split(","):
                names = SEMANTIC_FEATURES if name == "semantic" else FEATURES
                print(f"\n{name} ranker:")
                fit_report(feature_rows(store, claims, gold_of, name), names)


if __name__ == "__main__":
    main()
