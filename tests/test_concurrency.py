"""Several writers on one file at once (WAL, busy timeout, immediate transactions)."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

from review_db import ReviewStore

from .conftest import add_text

EVENTS_EACH = 150


def _write_verdicts(db_path: str, reviewer: str, claim_ids: list[str]) -> None:
    with ReviewStore(db_path) as store:
        for i in range(EVENTS_EACH):
            claim = claim_ids[i % len(claim_ids)]
            store.record_events(
                reviewer,
                [(claim, "verdict", {"label": "True"}), (claim, "note", {"text": str(i)})],
            )


def _count(db_path: Path) -> dict[str, int]:
    with ReviewStore(db_path) as store:
        rows = store.conn.execute("SELECT reviewer, count(*) FROM events GROUP BY reviewer")
        return dict(rows.fetchall())


def test_threads_writing_at_once_lose_nothing(store: ReviewStore, db_path: Path) -> None:
    ids = add_text(store)
    threads = [
        threading.Thread(target=_write_verdicts, args=(str(db_path), name, ids))
        for name in ("ann", "bob", "cy")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _count(db_path) == {name: 2 * EVENTS_EACH for name in ("ann", "bob", "cy")}


def test_processes_writing_at_once_lose_nothing(store: ReviewStore, db_path: Path) -> None:
    ids = add_text(store)
    context = multiprocessing.get_context("spawn")
    procs = [
        context.Process(target=_write_verdicts, args=(str(db_path), name, ids))
        for name in ("ann", "bob")
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0]
    assert _count(db_path) == {"ann": 2 * EVENTS_EACH, "bob": 2 * EVENTS_EACH}
    assert store.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
