"""kill -9 of a sync at random moments, pushing and pulling: syncing again finishes with
exact counts (nothing lost, nothing doubled) and the same claim_status on every side.

The stress script (benchmarks/hub_stress.py) does the same at 50,000 events with 20
kills and a server restart; this keeps a small, quick version in every test run.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from review_db import ReviewStore
from review_db.hub import sync

from .conftest import Hub, local_db

pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[dev,hub]')")

from .test_sync import event_ids, hub_event_ids, hub_status, local_status

CHILD = """
import sys
from review_db import ReviewStore
from review_db.hub import sync
store = ReviewStore(sys.argv[1])
sync(store.connection, sys.argv[2], batch_rows=100,
     on_batch=lambda *batch: print(*batch, flush=True))
print("done", flush=True)
"""


def _sync_and_kill(db: Path, dsn: str, seed: int) -> str:
    """Run a sync in a child and SIGKILL it after some batches; returns its last line."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), dsn], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    wanted = random.Random(seed).randint(1, 12)
    line = ""
    for _ in range(wanted):
        line = child.stdout.readline()
        if not line or line.startswith("done"):
            break
    time.sleep(random.Random(seed).random() * 0.05)  # sometimes mid-batch
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdout.close()
    return line


def _killed_mid_sync(db: Path, dsn: str, seeds: range) -> int:
    """Sync and kill once per seed, until a sync finishes before its kill (a quiet
    machine may push the last batches inside the pause): how many kills landed mid-sync."""
    killed = 0
    for seed in seeds:
        if _sync_and_kill(db, dsn, seed) == "done\n":
            break
        killed += 1
    return killed


def test_killed_syncs_finish_exactly_when_run_again(hub: Hub, tmp_path: Path) -> None:
    ann_url, bob_url = hub.person("ann"), hub.person("bob")
    ann = local_db(tmp_path, "ann")
    claims = [c.id for c in ann.claims()]
    ann.record_events(
        hub.name("ann"),
        [(claims[i % len(claims)], "note", {"text": f"note {i}"}) for i in range(3000)],
    )
    ann.close()
    # 30 batches of events to push: killed mid-sync, again and again
    assert _killed_mid_sync(tmp_path / "ann.db", ann_url, range(3)) >= 1
    with ReviewStore(tmp_path / "ann.db") as ann:
        sync(ann.connection, ann_url)
        assert len(hub_event_ids(hub)) == 3000
        assert hub_event_ids(hub) == event_ids(ann)

        bob = local_db(tmp_path, "bob", article=False)
        bob.close()
        assert _killed_mid_sync(tmp_path / "bob.db", bob_url, range(3, 6)) >= 1
        with ReviewStore(tmp_path / "bob.db") as bob:
            sync(bob.connection, bob_url)
            assert event_ids(bob) == event_ids(ann)
            assert bob.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert local_status(bob) == local_status(ann) == hub_status(hub)
            assert sync(bob.connection, bob_url).moved == 0
