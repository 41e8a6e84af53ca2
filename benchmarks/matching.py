"""Import rate, match latency, recall against two baselines, and memory, at several sizes.

Run: .venv/bin/python benchmarks/matching.py [--sizes 10000,100000,1000000] [--claims 100]
     [--brute-claims 100] [--workdir /tmp/workbench-bench] [--fusion]

For each size it writes a generated corpus (benchmarks/corpusgen.py) as .jsonl, imports
it with ``workbench.corpus.sources.import_sources`` into a fresh database, and then, on claims
made from known passages:

- times our matcher (uncached ``rank_passages``) in a child process, which also reports
  its peak RSS, so the figure is the matcher's and not this script's;
- measures recall@1/5/10 of ours, of FTS5 BM25 over an OR of all the claim's content
  words, and of brute-force ``rapidfuzz.process.extract`` with ``token_set_ratio`` over
  every passage (on ``--brute-claims`` claims).

--real PATH/climate-fever.jsonl runs the scale test on real vocabulary instead: the
CLIMATE-FEVER corpus (Diggelmann et al. 2020; see benchmarks/retrieval_real.py) plus
distractor documents made of fragments of its real sentences (a first part of one joined
to the last part of another), to --sizes passages; it reports import rate, p50/p95 of
our matcher on dev-half claims (even claim_id only), peak RSS, and R@5 on those claims
among the distractors.  Generated vocabulary flatters the matcher: real text has far more
common words, which make candidate queries touch many more rows.

--fusion also prints recall for candidate-query variants at the largest size up to 100k
(the re-rank weights are fitted on real claims: benchmarks/retrieval_real.py).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz, process, utils

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpusgen import Claim, write_corpus  # noqa: E402

from review_db import ReviewStore  # noqa: E402
from workbench.corpus.matching import DEFAULT_FUSION, content_words, rank_passages  # noqa: E402
from workbench.corpus.sources import import_sources  # noqa: E402


def recall(ranked: list[list[str]], gold: list[set[str]]) -> tuple[float, float, float]:
    """Recall at 1, 5 and 10 given each claim's ranked passage ids and gold ids."""
    count = len(gold)
    return tuple(  # type: ignore[return-value]
        sum(bool(g & set(r[:k])) for r, g in zip(ranked, gold, strict=True)) / count
        for k in (1, 5, 10)
    )


def gold_sets(claims: list[Claim], passages: list[tuple[str, str]]) -> list[set[str]]:
    """Each claim's passage and its exact duplicates: a template corpus repeats some
    sentences word for word, and no matcher can tell those apart."""
    wanted = {c.passage for c in claims}
    same: dict[str, set[str]] = {}
    for pid, text in passages:
        if text in wanted:
            same.setdefault(text, set()).add(pid)
    return [same[c.passage] for c in claims]


def measure_child(db: Path, claims_file: Path) -> dict[str, object]:
    """Run our matcher in a fresh process: latencies, ranked ids, peak RSS."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(db), str(claims_file)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)  # type: ignore[no-any-return]


def child(db: Path, claims_file: Path) -> None:
    claims = json.loads(claims_file.read_text())
    with ReviewStore(db) as store:
        rank_passages(store, "warm up the connection and its temp tables", top=10)
        times, ranked = [], []
        for text in claims:
            started = time.perf_counter()
            found = rank_passages(store, text, top=10)
            times.append((time.perf_counter() - started) * 1000)
            ranked.append([m.passage_id for m in found])
    print(json.dumps({"ms": times, "ranked": ranked, "rss_mb": peak_rss_mb()}))


def peak_rss_mb() -> float:
    """This process's peak RSS since exec.

    getrusage's ru_maxrss survives fork and exec, so a child would report the parent's
    peak (this script holds every passage for the brute-force baseline); VmHWM belongs to
    the address space exec made.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bm25_or(store: ReviewStore, claims: list[Claim]) -> tuple[list[list[str]], list[float]]:
    ranked, times = [], []
    for claim in claims:
        words = content_words(claim.text)
        query = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        started = time.perf_counter()
        hits = store.search_passages(query, 10, title_weight=1.0) if words else []
        times.append((time.perf_counter() - started) * 1000)
        ranked.append([h.passage_id for h in hits])
    return ranked, times


def brute_force(
    claims: list[Claim], passages: list[tuple[str, str]]
) -> tuple[list[list[str]], list[float]]:
    ids = [pid for pid, _ in passages]
    choices = [utils.default_process(text) for _, text in passages]
    ranked, times = [], []
    for claim in claims:
        started = time.perf_counter()
        found = process.extract(
            utils.default_process(claim.text), choices, scorer=fuzz.token_set_ratio, limit=10
        )
        times.append((time.perf_counter() - started) * 1000)
        ranked.append([ids[index] for _, _, index in found])
    return ranked, times


def fusion_table(store: ReviewStore, claims: list[Claim], gold: list[set[str]]) -> None:
    variants = {
        "default": DEFAULT_FUSION,
        "default, title weight 0": replace(DEFAULT_FUSION, title_weight=0.0),
        "default, title weight 0.5": replace(DEFAULT_FUSION, title_weight=0.5),
        "default, budget 5k rows": replace(DEFAULT_FUSION, posting_budget=5_000),
        "default, budget 50k rows": replace(DEFAULT_FUSION, posting_budget=50_000),
        "default, no AND group": replace(DEFAULT_FUSION, min_terms=0),
        "default, AND pairs": replace(DEFAULT_FUSION, and_pairs=True),
        "default, widen below 0.7": replace(DEFAULT_FUSION, widen_below=0.7),
    }
    print(f"\nfusion variants ({store.passage_count():,} passages, {len(claims)} claims)")
    print(f"{'variant':<40} {'R@1':>6} {'R@5':>6} {'R@10':>6}")
    for name, fusion in variants.items():
        ranked = [
            [m.passage_id for m in rank_passages(store, c.text, top=10, fusion=fusion)]
            for c in claims
        ]
        r1, r5, r10 = recall(ranked, gold)
        print(f"{name:<40} {r1:6.2f} {r5:6.2f} {r10:6.2f}")


def real_sentences(path: Path) -> list[str]:
    """Every evidence sentence and claim of the dataset: a pool of real English."""
    pool: dict[str, None] = {}
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            pool[record["claim"]] = None
            for item in record["evidences"]:
                pool[item["evidence"]] = None
    return list(pool)


def write_real_distractors(path: Path, pool: list[str], passages: int, seed: int = 7) -> None:
    """Documents of five sentences, each the first part of a real sentence joined to the
    last part of another: real words in real proportions, claims rarely matched whole."""
    rng = random.Random(seed)
    halves = [sentence.split() for sentence in pool if len(sentence.split()) >= 6]
    with path.open("w", encoding="utf-8") as out:
        for number in range(0, passages, 5):
            sentences = []
            for _ in range(5):
                head, tail = rng.choice(halves), rng.choice(halves)
                cut_head = rng.randint(2, len(head) - 2)
                cut_tail = rng.randint(2, len(tail) - 2)
                sentences.append(" ".join(head[:cut_head] + tail[cut_tail:]).rstrip(".") + ".")
            title = " ".join(rng.choice(halves)[:3]).strip(".,")
            out.write(
                json.dumps({"id": f"d{number}", "title": title, "text": "\n".join(sentences)})
            )
            out.write("\n")


def real_run(path: Path, sizes: list[int], claims_wanted: int, workdir: Path) -> None:
    """The scale test on real vocabulary (see the module doc)."""
    from retrieval_real import build_database, passage_sentences, read_dataset

    articles, claims = read_dataset(path)  # dev half only
    claims = random.Random(0).sample(claims, min(claims_wanted, len(claims)))
    pool = real_sentences(path)
    print(f"\nreal-vocabulary scale test ({len(claims)} dev-half claims; 2 cores)")
    print(f"{'passages':>10} {'import/s':>9} {'p50 ms':>7} {'p95 ms':>7} {'RSS MB':>7} {'R@5':>6}")
    for size in sizes:
        base = workdir / f"real-{size}"
        db = build_database(articles, base)
        with ReviewStore(db) as store:
            sentence_of = passage_sentences(store, articles)
            wanted = max(0, size - store.passage_count())
            distractors = base / "distractors.jsonl"
            write_real_distractors(distractors, pool, wanted)
            report = import_sources(store, [distractors])
            rate = report.passages / report.seconds if report.seconds else 0.0
            total = store.passage_count()
        claims_file = base / "claims.json"
        claims_file.write_text(json.dumps([c.text for c in claims]))
        ours = measure_child(db, claims_file)
        ranked = ours["ranked"]
        assert isinstance(ranked, list)
        passages_of: dict[tuple[str, int], set[str]] = {}
        for pid, key in sentence_of.items():
            passages_of.setdefault(key, set()).add(pid)
        gold = [set().union(*(passages_of.get(k, set()) for k in c.gold)) for c in claims]
        ms = ours["ms"]
        assert isinstance(ms, list)
        print(
            f"{total:>10,} {rate:>9,.0f} {percentile(ms, 50):>7.1f} {percentile(ms, 95):>7.1f} "
            f"{ours['rss_mb']:>7.0f} {recall(ranked, gold)[1]:>6.3f}"
        )


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if values else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--claims", type=int, default=100)
    parser.add_argument("--brute-claims", type=int, default=100)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/workbench-bench"))
    parser.add_argument("--fusion", action="store_true")
    parser.add_argument("--child", nargs=2, type=Path)
    parser.add_argument("--real", type=Path, help="climate-fever.jsonl: real-vocabulary run")
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.real:
        real_run(args.real, [int(s) for s in args.sizes.split(",")], args.claims, args.workdir)
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    sizes = [int(s) for s in args.sizes.split(",")]
    for size in sizes:
        corpus = args.workdir / f"corpus-{size}.jsonl"
        db = args.workdir / f"corpus-{size}.db"
        for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            path.unlink(missing_ok=True)
        _, claims, passages = write_corpus(corpus, size, claims=args.claims)
        with ReviewStore(db, create=True) as store:
            report = import_sources(store, [corpus])
            rate = report.passages / report.seconds
            claims_file = args.workdir / f"claims-{size}.json"
            claims_file.write_text(json.dumps([c.text for c in claims]))
            ours = measure_child(db, claims_file)
            gold = gold_sets(claims, passages)
            bm25_ranked, bm25_ms = bm25_or(store, claims)
            brute = claims[: args.brute_claims]
            brute_ranked, brute_ms = brute_force(brute, passages)
            if args.fusion and size <= 100_000 and size == max(s for s in sizes if s <= 100_000):
                fusion_table(store, claims, gold)
        ours_ms = ours["ms"]
        assert isinstance(ours_ms, list)
        ranked = ours["ranked"]
        assert isinstance(ranked, list)
        rows.append(
            {
                "size": report.passages,
                "rate": rate,
                "p50": percentile(ours_ms, 50),
                "p95": percentile(ours_ms, 95),
                "rss": ours["rss_mb"],
                "ours": recall(ranked, gold),
                "bm25": recall(bm25_ranked, gold),
                "bm25_p95": percentile(bm25_ms, 95),
                "brute": recall(brute_ranked, gold[: len(brute)]),
                "brute_p50": percentile(brute_ms, 50),
                "brute_n": len(brute),
                "by_how": {
                    how: recall(
                        [r for r, c in zip(ranked, claims, strict=True) if c.how == how],
                        [g for g, c in zip(gold, claims, strict=True) if c.how == how],
                    )
                    for how in ("paraphrase", "reorder", "partial", "number")
                },
            }
        )
    print(f"\nworkbench matching benchmark ({args.claims} claims per size; 2 cores)")
    print(
        f"{'passages':>10} {'import/s':>9} {'p50 ms':>7} {'p95 ms':>7} {'RSS MB':>7}  "
        f"{'ours R@1/5/10':<16} {'BM25-OR R@1/5/10':<17} {'BM25 p95':>8}  "
        f"{'brute R@1/5/10':<16} {'brute p50':>9} {'speed-up':>8}"
    )
    for r in rows:
        fmt = "/".join(f"{v:.2f}" for v in r["ours"])
        b = "/".join(f"{v:.2f}" for v in r["bm25"])
        bf = "/".join(f"{v:.2f}" for v in r["brute"])
        print(
            f"{r['size']:>10,} {r['rate']:>9,.0f} {r['p50']:>7.1f} {r['p95']:>7.1f} "
            f"{r['rss']:>7.0f}  {fmt:<16} {b:<17} {r['bm25_p95']:>8.1f}  {bf:<16} "
            f"{r['brute_p50']:>8.0f}ms {r['brute_p50'] / max(r['p50'], 1e-9):>7.0f}x"
        )
    print("\nours by kind of claim (R@1/5/10)")
    for r in rows:
        parts = "  ".join(
            f"{how} {'/'.join(f'{v:.2f}' for v in values)}" for how, values in r["by_how"].items()
        )
        print(f"{r['size']:>10,}  {parts}")


if __name__ == "__main__":
    main()
