"""How fast articles become claims: segmentation + kinds + worthiness + flags.

Prints the time for a 10,000-word article (target: under 1 s), the throughput on 5 MB of
news-like text in MB/s, and the time for one article of 250 kB, 500 kB and 1 MB (target: a
1 MB article in under 10 s; the cross-article checks must stay near-linear).
Run: .venv/bin/python benchmarks/claims_speed.py [--sizes-only]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgen import article  # noqa: E402

from workbench.claims.extract import extract_claims  # noqa: E402
from workbench.claims.segment import segment_sentences  # noqa: E402

SIZES = (250_000, 500_000, 1_000_000)  # bytes


def sized_article(size: int, seed: int = 7) -> str:
    """A generated article of at least ``size`` bytes of UTF-8."""
    words = size // 6
    text = article(words, seed=seed)
    while len(text.encode()) < size:
        words += words // 10 + 100
        text = article(words, seed=seed)
    return text


def large_articles() -> None:
    """One extract_claims run per size: the whole pipeline, flags across the article
    included, as ``workbench add article`` runs it."""
    for size in SIZES:
        text = sized_article(size)
        start, cpu = time.perf_counter(), time.process_time()
        claims = extract_claims(text)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        flags = sum(len(c.signals["flags"]) for c in claims)
        print(
            f"{len(text.encode()) / 1e3:6.0f} kB article: {len(claims):,} units, "
            f"{flags:,} flags shown: {elapsed:.1f} s ({cpu:.1f} s of CPU)"
        )


def main() -> None:
    if "--sizes-only" in sys.argv[1:]:
        extract_claims(article(100, seed=1))  # warm up
        large_articles()
        return
    text = article(10_000, seed=7)
    extract_claims(text)  # warm up (pysbd compiles its rules on first use)
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        units = extract_claims(text)
        runs.append(time.perf_counter() - start)
    print(
        f"10,000-word article: {len(text.split()):,} words, {len(text) / 1e3:.0f} kB, "
        f"{len(units)} units"
    )
    print(
        f"  extract_claims: median {statistics.median(runs) * 1000:.0f} ms, "
        f"max {max(runs) * 1000:.0f} ms (target < 1000 ms)"
    )
    start = time.perf_counter()
    segment_sentences(text)
    print(f"  of which segmentation: {(time.perf_counter() - start) * 1000:.0f} ms")

    corpus = []
    size = 0
    seed = 100
    while size < 5_000_000:
        part = article(5_000, seed=seed)
        corpus.append(part)
        size += len(part.encode())
        seed += 1
    start = time.perf_counter()
    total_units = sum(len(extract_claims(part)) for part in corpus)
    elapsed = time.perf_counter() - start
    print(
        f"5 MB of news-like text ({len(corpus)} articles, {size / 1e6:.1f} MB, "
        f"{total_units:,} units): {elapsed:.1f} s, {size / 1e6 / elapsed:.2f} MB/s"
    )
    large_articles()


if __name__ == "__main__":
    main()
