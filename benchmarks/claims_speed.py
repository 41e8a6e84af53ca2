"""How fast articles become claims: segmentation + kinds + worthiness + flags.

Prints the time for a 10,000-word article (target: under 1 s) and the throughput on
5 MB of news-like text in MB/s.  Run: .venv/bin/python benchmarks/claims_speed.py
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


def main() -> None:
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


if __name__ == "__main__":
    main()
