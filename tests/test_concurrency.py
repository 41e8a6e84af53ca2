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


def _read_and_close(db_path: str) -> None:
    with ReviewStore(db_path) as other:
        other.articles()


def test_a_second_connection_keeps_the_first_ones_locks(store: ReviewStore, db_path: Path) -> None:
    """The TUI opens several connections to one file (main, writer, workers).  Opening
    one must not drop the locks of the others: if it did, another process closing its
    connection would think itself the last and delete the -wal and -shm files under
    us, and what we committed afterwards would be lost."""
    ids = add_text(store)
    store.articles()  # a read: this connection now holds its WAL read lock
    with ReviewStore(db_path) as second:
        second.articles()
        reader = multiprocessing.get_context("spawn").Process(
            target=_read_and_close, args=(str(db_path),)
        )
        reader.start()
        reader.join(timeout=60)
        assert reader.exitcode == 0
        second.record_events("ann", [(ids[0], "verdict", {"label": "True"})])
    assert _count(db_path) == {"ann": 1}
