"""Checked before? Quality against an FTS5 BM25 baseline, and speed at 100,000 fact-checks.

    python benchmarks/checked.py                 # dev quality table (for every choice)
    python benchmarks/checked.py --part test     # the test part: evaluate once, at the end
    python benchmarks/checked.py --fit           # fit the score's weights on dev; print them
    python benchmarks/checked.py --speed 100000  # import rate and `checked` latency

Data comes from ``factcheckgen.py`` (templates written for this; no public set is used).
MAP@5 is the mean over restating queries of the average precision in the top 5 (one
relevant fact-check each, so 1/rank when it is in the top 5); recall@5 the share whose
fact-check is in the top 5.  Decoys (unrelated claims sharing a name) are not in MAP;
the table gives the share of them that reach the "checked before" threshold.  The
baseline is FTS5 BM25 (porter tokenizer) over the fact-checks' raw text, queried with
every word of the claim, in the same run.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import fields, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from factcheckgen import FactCheckItem, Part, generate  # noqa: E402

from review_db import ReviewStore  # noqa: E402
from workbench.factchecks.checked import (  # noqa: E402
    CHECKED_THRESHOLD,
    WEIGHTS,
    Features,
    TermWeights,
    Weights,
    compare,
    find_checked,
    library_candidates,
)
from workbench.factchecks.library import import_factchecks  # noqa: E402
from workbench.factchecks.terms import claim_terms  # noqa: E402

_WORD = re.compile(r"[^\W_]+")
THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5)


def claim_review(item: FactCheckItem) -> dict[str, object]:
    return {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "claimReviewed": item.claim, "url": item.url, "datePublished": item.date,
        "reviewRating": {"@type": "Rating", "alternateName": item.verdict},
        "author": {"@type": "Organization", "name": item.author},
    }  # fmt: skip


def build_library(folder: Path, items: list[FactCheckItem]) -> tuple[ReviewStore, float]:
    """A database holding ``items``, imported through `add factchecks`; and the seconds."""
    feed = folder / "library.jsonl"
    with feed.open("w", encoding="utf-8") as f:
        for item in items:
            f.write(json.dumps(claim_review(item)) + "\n")
    store = ReviewStore(folder / "review.db", create=True)
    report = import_factchecks(store, [feed])
    assert not report.problems, report.problems[:3]
    return store, report.seconds


def library_ids(store: ReviewStore) -> dict[str, str]:
    """Our ids by claim text, to map results back to the generator's ids."""
    return {text: ident for ident, text in store.conn.execute(
        "SELECT id, claim_reviewed FROM factchecks")}  # fmt: skip


class Bm25Baseline:
    """FTS5 BM25 over the fact-checks' raw text, every word of the claim OR-ed."""

    def __init__(self, items: list[FactCheckItem]) -> None:
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute(
            "CREATE VIRTUAL TABLE fc USING fts5(id UNINDEXED, text, "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        self.conn.executemany("INSERT INTO fc VALUES (?, ?)", [(i.id, i.claim) for i in items])

    def rank(self, claim: str, top: int = 5) -> list[str]:
        words = dict.fromkeys(w.lower() for w in _WORD.findall(claim))
        if not words:
            return []
        query = " OR ".join(f'"{w}"' for w in words)
        rows = self.conn.execute(
            "SELECT id FROM fc WHERE fc MATCH ? ORDER BY bm25(fc) LIMIT ?", (query, top)
        )
        return [row[0] for row in rows]


def evaluate(part: Part, weights: Weights = WEIGHTS) -> dict[str, dict[str, list[float]]]:
    """MAP@5 and recall@5 of the matcher and the baseline, per restatement and overall."""
    # Every sixth restating query (each kind of restatement in turn) loses its fact-check
    # from the library: an orphan, whose near misses (the same claim about another place
    # or number) remain and should not pass for it.
    restating = [q for q in part.queries if q.relevant]
    orphans = {q.id for q in restating[::6]}
    removed = {ident for q in restating if q.id in orphans for ident in q.relevant}
    library = [item for item in part.factchecks if item.id not in removed]
    with tempfile.TemporaryDirectory() as folder:
        store, _ = build_library(Path(folder), library)
        ours = library_ids(store)
        theirs = {item.claim: item.id for item in library}
        to_gen = {ours[text]: theirs[text] for text in theirs}
        baseline = Bm25Baseline(library)
        sums: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        for query in part.queries:
            found = find_checked(store, query.claim, top=5, min_score=0.0, weights=weights)
            ranked = [to_gen.get(m.ident, m.ident) for m in found]
            best = found[0].score if found else 0.0
            if not query.relevant or query.id in orphans:
                group = "orphan" if query.relevant else "decoy"
                for threshold in THRESHOLDS:
                    sums[group][f"alarm@{threshold}"].append(float(best >= threshold))
                continue
            for name, ranking in (("ours", ranked), ("bm25", baseline.rank(query.claim))):
                rr = _reciprocal_rank(ranking, query.relevant)
                for group in (query.how, "all"):
                    sums[group][f"{name}_map"].append(rr)
                    sums[group][f"{name}_recall"].append(float(rr > 0))
            for threshold in THRESHOLDS:
                hit = bool(ranked) and ranked[0] in query.relevant and best >= threshold
                sums["all"][f"found@{threshold}"].append(float(hit))
        store.close()
    return {g: dict(m) for g, m in sums.items()}


def _reciprocal_rank(ranking: list[str], relevant: tuple[str, ...]) -> float:
    for rank, ident in enumerate(ranking[:5], start=1):
        if ident in relevant:
            return 1.0 / rank
    return 0.0


def print_quality(part_name: str, sums: dict[str, dict[str, list[float]]], part: Part) -> None:
    table = {g: {k: statistics.fmean(v) for k, v in m.items()} for g, m in sums.items()}
    restating = len(sums["all"]["ours_map"])
    decoys = len(sums["decoy"]["alarm@0.5"])
    orphans = len(sums["orphan"]["alarm@0.5"])
    print(f"\n{part_name}: {len(part.factchecks)} fact-checks less the orphans', "
          f"{restating} restating queries, {orphans} orphans (their fact-check removed), "
          f"{decoys} decoys")  # fmt: skip
    print("| queries | n | BM25 MAP@5 | ours MAP@5 | BM25 R@5 | ours R@5 |")
    print("|---|---:|---:|---:|---:|---:|")
    for group in ("reworded", "reordered", "numbers-as-words", "shortened", "context", "all"):
        row = table[group]
        n = len(sums[group]["ours_map"])
        print(
            f"| {group} | {n} | {row['bm25_map']:.3f} | {row['ours_map']:.3f} | "
            f"{row['bm25_recall']:.3f} | {row['ours_recall']:.3f} |"
        )
    print("\n| threshold | restatements found (top 1, at or above) | orphans flagged | "
          "decoys flagged |")  # fmt: skip
    print("|---:|---:|---:|---:|")
    for threshold in THRESHOLDS:
        mark = " (CHECKED_THRESHOLD)" if threshold == CHECKED_THRESHOLD else ""
        print(
            f"| {threshold}{mark} | {table['all'][f'found@{threshold}']:.3f} | "
            f"{table['orphan'][f'alarm@{threshold}']:.3f} | "
            f"{table['decoy'][f'alarm@{threshold}']:.3f} |"
        )


def fit(part: Part) -> Weights:
    """Logistic regression of "same claim" on the features of every candidate the
    indexes return, by gradient descent with a little L2; the dev part only."""
    rows: list[tuple[list[float], float]] = []
    names = [f.name for f in fields(Features)]
    with tempfile.TemporaryDirectory() as folder:
        store, _ = build_library(Path(folder), part.factchecks)
        ours = library_ids(store)
        gen = {ours[i.claim]: i.id for i in part.factchecks}
        for query in part.queries:
            claim = claim_terms(query.claim)
            weigher = TermWeights(store, [t.term for t in claim])
            for check in library_candidates(store, claim, weigher):
                features = compare(claim, claim_terms(check.claim_reviewed), weigher)
                label = float(gen[check.id] in query.relevant)
                rows.append(([getattr(features, n) for n in names], label))
        store.close()
    w = [0.0] * len(names)
    b = 0.0
    rate, l2 = 1.0, 1e-4
    positives = sum(label for _, label in rows)
    balance = 1.0  # unweighted: the probability is then calibrated on real candidate lists
    for _ in range(2000):
        gw = [0.0] * len(names)
        gb = 0.0
        total = 0.0
        for x, y in rows:
            z = b + sum(wi * xi for wi, xi in zip(w, x, strict=True))
            p = 1.0 / (1.0 + math.exp(-max(min(z, 50), -50)))
            weight = balance if y else 1.0
            gb += weight * (p - y)
            for i, xi in enumerate(x):
                gw[i] += weight * (p - y) * xi
            total += weight
        b -= rate * gb / total
        w = [wi - rate * (gi / total + l2 * wi) for wi, gi in zip(w, gw, strict=True)]
    fitted = Weights(bias=round(b, 2), **{n: round(v, 2) for n, v in zip(names, w, strict=True)})
    print(f"fitted on {len(rows)} candidates ({int(positives)} positive): {fitted}")
    return fitted


def speed(count: int) -> None:
    """Import rate for ``count`` fact-checks, and `checked` latency against them.

    Both in wall-clock time and in this process's CPU time: on a machine shared with
    other work the first measures the neighbours too.
    """
    part = generate("dev", targets=300, decoys=0, background=count, seed=99)
    items = part.factchecks[:count]
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as folder:
        cpu = time.process_time()
        store, seconds = build_library(Path(folder), items)
        cpu = time.process_time() - cpu
        queries = [q.claim for q in rng.sample(part.queries, 300)]
        find_checked(store, queries[0])  # warm the term cache as a session would
        wall_ms, cpu_ms = [], []
        for claim in queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            find_checked(store, claim, top=5)
            wall_ms.append((time.perf_counter() - started) * 1000)
            cpu_ms.append((time.process_time() - started_cpu) * 1000)
        store.close()
    wall_ms.sort()
    cpu_ms.sort()
    p95 = int(len(wall_ms) * 0.95)
    print("\n| measure | wall clock | CPU time |\n|---|---:|---:|")
    print(f"| fact-checks imported | {len(items):,} | |")
    print(f"| import rate | {len(items) / seconds:,.0f} /s | {len(items) / cpu:,.0f} /s |")
    print(f"| `checked` p50 | {statistics.median(wall_ms):.1f} ms | "
          f"{statistics.median(cpu_ms):.1f} ms |")  # fmt: skip
    print(f"| `checked` p95 | {wall_ms[p95]:.1f} ms | {cpu_ms[p95]:.1f} ms |")
    print(f"| load average during the run | {os.getloadavg()[0]:.1f} | |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=["dev", "test"], default="dev")
    parser.add_argument("--fit", action="store_true")
    parser.add_argument("--speed", type=int, metavar="N")
    args = parser.parse_args()
    if args.speed:
        speed(args.speed)
        return
    part = generate(args.part)
    weights = WEIGHTS
    if args.fit:
        weights = fit(generate("dev"))
    print_quality(args.part, evaluate(part, weights), part)
    if args.fit:
        print(f"default weights, for comparison: {replace(WEIGHTS)}")
        print_quality(args.part + " (default weights)", evaluate(part), part)


if __name__ == "__main__":
    main()
