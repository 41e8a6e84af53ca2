"""How fast `workbench merge` runs, and how long it makes a reviewer on the target wait.

Builds a source database (ARTICLES articles of about 40 claims, SOURCES sources of 50
passages, three reviewers' verdicts and notes on every claim), then merges it into an
empty target while another process records a verdict on the target every 5 ms and
times each one.  Prints the merge time, rows/s, the writer's latency during the merge,
and the time of a second merge that finds nothing to add.

Run: .venv/bin/python benchmarks/merge_speed.py [--articles 100] [--sources 200]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgen import article  # noqa: E402

from review_db import NewClaim, ReviewStore, ids  # noqa: E402
from review_db.merge import merge_databases  # noqa: E402
from review_db.store import utc_timestamp  # noqa: E402

REVIEWERS = ("ann", "bob", "cy")
LABELS = ("True", "False", "Mixed")


def _sentences(text: str) -> list[NewClaim]:
    """Naive full-stop splitting: enough claims for a benchmark, far faster than pysbd."""
    claims, start = [], 0
    for end in range(len(text)):
        if text[end] == "." and (end + 1 == len(text) or text[end + 1] in " \n"):
            piece = text[start : end + 1]
            lead = len(piece) - len(piece.lstrip())
            if piece.strip():
                claims.append(NewClaim(text=piece.strip(), start=start + lead, end=end + 1))
            start = end + 1
    return claims


def _build_source(path: Path, articles: int, sources: int) -> None:
    with ReviewStore(path, create=True) as store:
        for n in range(articles):
            text = article(700, seed=1000 + n)
            store.add_article(text, title=f"Story {n}", claims=_sentences(text), segmenter="b")
        claim_ids = [c.id for c in store.claims()]
        for reviewer in REVIEWERS:
            for i, claim in enumerate(claim_ids):
                label = LABELS[(i + len(reviewer)) % len(LABELS)]
                store.record_events(
                    reviewer,
                    [(claim, "verdict", {"label": label}), (claim, "note", {"text": f"n{i}"})],
                )
        with store.write():  # sources are written directly: the bench needs many, fast
            for n in range(sources):
                passages = [s.text for s in _sentences(article(600, seed=5000 + n))][:50]
                text = " ".join(passages)
                source_id = ids.source_id(text)
                store.conn.execute(
                    "INSERT INTO sources (id, title, text, added_at) VALUES (?, ?, ?, ?)",
                    (source_id, f"Source {n}", text, utc_timestamp()),
                )
                start = 0  # a merge checks that a passage's offsets hold its text
                for ordinal, passage in enumerate(passages, start=1):
                    pid = ids.passage_id(source_id, ordinal, passage)
                    cursor = store.conn.execute(
                        'INSERT INTO passages (id, source_id, ordinal, text, start, "end") '
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (pid, source_id, ordinal, passage, start, start + len(passage)),
                    )
                    start += len(passage) + 1
                    store.conn.execute(
                        "INSERT INTO passages_fts (rowid, title, text) VALUES (?, ?, ?)",
                        (cursor.lastrowid, f"Source {n}", passage),
                    )


def _reviewer(db: str, claim: str, ready: Event, stop: Event, out: Queue) -> None:
    """Record a verdict every 5 ms until told to stop; report each one's latency."""
    latencies: list[float] = []
    errors = 0
    with ReviewStore(db) as store:
        ready.set()
        while not stop.is_set():
            began = time.perf_counter()
            try:
                store.record_events("dora", [(claim, "verdict", {"label": "True"})])
            except Exception:
                errors += 1
            latencies.append(time.perf_counter() - began)
            time.sleep(0.005)
    out.put((latencies, errors))


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--sources", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "source.db", Path(folder) / "target.db"
        began = time.perf_counter()
        _build_source(source, args.articles, args.sources)
        with ReviewStore(source) as s:
            counts = {
                t: s.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "claims", "sources", "passages", "events")
            }
        print(f"source built in {time.perf_counter() - began:.1f} s: {counts}")

        # The target holds the first article already, so the reviewer has a claim to judge.
        with ReviewStore(target, create=True) as t:
            text = article(700, seed=1000)
            t.add_article(text, title="Story 0", claims=_sentences(text), segmenter="b")
            claim = t.claims()[0].id
        context = multiprocessing.get_context("spawn")
        ready, stop, out = context.Event(), context.Event(), context.Queue()
        writer = context.Process(target=_reviewer, args=(str(target), claim, ready, stop, out))
        writer.start()
        ready.wait()
        with ReviewStore(target) as t:
            began = time.perf_counter()
            summary = merge_databases(t, source)
            merge_time = time.perf_counter() - began
            stop.set()
            latencies, errors = out.get()
            writer.join()
            began = time.perf_counter()
            again = merge_databases(t, source)
            again_time = time.perf_counter() - began
            integrity = t.conn.execute("PRAGMA integrity_check").fetchone()[0]
        ordered = sorted(latencies)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        print(f"merge into a target in use: {summary.added:,} rows in {merge_time:.2f} s")
        print(f"  {'rows/s':<30}{summary.added / merge_time:,.0f}")
        print(
            f"  {'added':<30}{summary.articles} articles, {summary.claims} claims, "
            f"{summary.sources} sources, {summary.passages} passages, {summary.events} events"
        )
        print(
            f"  {'reviewer verdicts meanwhile':<30}{len(ordered)} "
            f"(median {_ms(statistics.median(ordered))}, p99 {_ms(p99)}, "
            f"max {_ms(ordered[-1])}), errors {errors}"
        )
        print(f"  {'merging again (adds nothing)':<30}{again_time:.2f} s, {again.added} rows")
        print(f"  {'integrity_check':<30}{integrity}")
        slowest = ", ".join(f"{x * 1000:.0f}" for x in ordered[-5:])
        print(f"  {'slowest verdicts (ms)':<30}{slowest}")


if __name__ == "__main__":
    main()
