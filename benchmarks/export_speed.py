"""How fast reports are made: every format, for one article and for a whole database.

Builds a review database in a temporary folder (20 news-like articles of 2,000 words,
three reviewers with a verdict on every claim, a note on every third, a passage as
evidence on every other), then prints the median time of ``render_report`` per format.
Run: .venv/bin/python benchmarks/export_speed.py
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgen import article  # noqa: E402

from review_db import NewSource, ReviewStore, ids  # noqa: E402
from workbench.claims.extract import SEGMENTER_VERSION, extract_claims  # noqa: E402
from workbench.config import Config  # noqa: E402
from workbench.export import FORMATS, render_report  # noqa: E402

ARTICLES = 20
WORDS = 2_000
REVIEWERS = ("ann", "bob", "cy")


def build(store: ReviewStore) -> tuple[str, int, int]:
    rng = random.Random(3)
    labels = [entry.label for entry in Config().scale]
    passages = []
    sources = []
    for n in range(200):
        text = f"Source passage {n}: the council said {rng.randint(1, 999)} homes were hit."
        sources.append(NewSource(text=text, title=f"Source {n}", passages=((0, len(text)),),
                                 url=f"https://source.example/{n}"))  # fmt: skip
        source_id = ids.source_id(text)
        passages.append(ids.passage_id(source_id, 1, text))
    store.add_sources(sources, segmenter="benchmark")
    first = ""
    events = 0
    for seed in range(ARTICLES):
        text = article(WORDS, seed=seed)
        added = store.add_article(
            text, title=f"Article {seed}", claims=extract_claims(text), segmenter=SEGMENTER_VERSION
        )
        first = first or added.article.id
        claims = store.claims(added.article.id)
        for reviewer in REVIEWERS:
            items = []
            for i, claim in enumerate(claims):
                items.append((claim.id, "verdict", {"label": rng.choice(labels[:5])}))
                if i % 3 == 0:
                    items.append(
                        (claim.id, "note", {"text": f"Checked by {reviewer}.\nSee minutes."})
                    )
                if i % 2 == 0:
                    items.append((claim.id, "evidence-add", {"passage": rng.choice(passages)}))
            store.record_events(reviewer, items)
            events += len(items)
    return first, len(store.claims()), events


def median_ms(store: ReviewStore, fmt: str, article_id: str | None) -> tuple[float, int]:
    runs = []
    size = 0
    for _ in range(3):
        start = time.perf_counter()
        size = len(render_report(store, Config(), fmt, article_id=article_id).text.encode())
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000, size


def main() -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        ReviewStore(Path(folder) / "bench.db", create=True) as store,
    ):
        first, claims, events = build(store)
        print(
            f"{ARTICLES} articles of {WORDS:,} words, {claims:,} claims, "
            f"{len(REVIEWERS)} reviewers, {events:,} events"
        )
        print(f"{'format':<12} {'one article':>14} {'all articles':>14} {'size (all)':>12}")
        for fmt in FORMATS:
            one, _ = median_ms(store, fmt, first)
            whole, size = median_ms(store, fmt, None)
            print(f"{fmt:<12} {one:>11.0f} ms {whole:>11.0f} ms {size / 1e6:>9.2f} MB")


if __name__ == "__main__":
    main()
