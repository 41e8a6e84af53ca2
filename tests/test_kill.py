"""kill -9 of a reviewing process at random moments: nothing it confirmed is lost.

A child process records verdicts (each with a note, one action) and prints each event id
once ``record_events`` has returned, which is when the user would see "Saved".  The
parent kills it with SIGKILL at a random moment (some while it is still starting up and
opening the file), then checks that every id printed is in the database, that no action
is half there, and that the file passes ``PRAGMA integrity_check``; then kills the next
one on the same file.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from review_db import ReviewStore

from .conftest import add_text
from .review_logs import add_article, add_events, add_source, check_consistent, rows

CHILD = """
import sys
from review_db import ReviewStore
store = ReviewStore(sys.argv[1])
claims = sys.argv[2].split(",")
i = 0
while True:
    claim = claims[i % len(claims)]
    events = store.record_events(
        sys.argv[3], [(claim, "verdict", {"label": "True"}), (claim, "note", {"text": str(i)})]
    )
    print(events[0].id, flush=True)
    i += 1
"""


def _run_and_kill(
    db_path: Path, claim_ids: list[str], name: str, delay: float, running: bool
) -> list[str]:
    """Start a reviewing child and SIGKILL it ``delay`` s later (after its first verdict
    when ``running``, else after it started); returns the ids it had confirmed."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path), ",".join(claim_ids), name],
        stdout=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    assert child.stdout is not None
    stdout = child.stdout
    reader = threading.Thread(target=lambda: lines.extend(stdout))
    reader.start()
    deadline = time.monotonic() + 30
    while running and not lines and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    reader.join()
    # Only whole lines were confirmed; a line cut by the kill was not.
    return [line.strip() for line in lines if line.endswith("\n")]


def _check_after_kill(db_path: Path, confirmed: list[str], name: str) -> None:
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {
            row[0] for row in conn.execute("SELECT id FROM events WHERE reviewer = ?", (name,))
        }
        assert set(confirmed) <= stored
        # One action, one transaction: every verdict has its note, and nothing else is there.
        kinds = dict(
            conn.execute(
                "SELECT kind, count(*) FROM events WHERE reviewer = ? GROUP BY kind", (name,)
            ).fetchall()
        )
        assert kinds.get("verdict", 0) == kinds.get("note", 0)
    finally:
        conn.close()


def _kill_rounds(store: ReviewStore, db_path: Path, rounds: int, seed: int) -> None:
    claim_ids = add_text(store)
    store.close()
    rng = random.Random(seed)
    total_confirmed = 0
    for n in range(rounds):
        # Every other kill lands while the child may still be importing or opening the file.
        running = n % 2 == 0
        delay = rng.uniform(0.0, 0.3 if running else 0.25)
        confirmed = _run_and_kill(db_path, claim_ids, f"r{n}", delay, running)
        _check_after_kill(db_path, confirmed, f"r{n}")
        total_confirmed += len(confirmed)
    with ReviewStore(db_path) as again:  # and the file is still a working review database
        again.record_event(claim_ids[0], "after", "verdict", {"label": "False"})
        assert again.claim_state(claim_ids[0], "after").verdict == "False"
    assert total_confirmed > 0  # the test did kill a process that was saving verdicts


def test_kill_minus_nine_loses_no_confirmed_verdict(store: ReviewStore, db_path: Path) -> None:
    _kill_rounds(store, db_path, rounds=5, seed=7)


@pytest.mark.slow
def test_kill_minus_nine_many_times(store: ReviewStore, db_path: Path) -> None:
    _kill_rounds(store, db_path, rounds=60, seed=11)


MERGE = "import sys; from workbench.cli import main; sys.argv[0] = 'workbench'; main()"


def test_kill_minus_nine_mid_merge_then_merge_again(tmp_path: Path) -> None:
    """A merge killed at random moments leaves a consistent target; a rerun completes it."""
    source, target = tmp_path / "source.db", tmp_path / "target.db"
    with ReviewStore(source, create=True) as store:  # big enough to take about a second
        events = []
        for n in range(300):
            sentences = [f"Story {n} claim {k} happened." for k in range(12)]
            for claim in add_article(store, " ".join(sentences), sentences):
                for reviewer in ("ann", "bob"):
                    event = (str(uuid.uuid4()), claim, reviewer, "verdict", {"label": "True"})
                    events.append((*event, "2026-01-01T00:00:00.000000Z"))
        add_events(store, events)
        add_source(store, "Minutes", ["The council met.", "It voted for the bridge."])
    rng = random.Random(5)
    partial = 0
    for round_ in range(4):
        child = subprocess.Popen(
            [sys.executable, "-c", MERGE, "--db", str(target), "merge", str(source)],
            stdout=subprocess.DEVNULL,
        )
        if round_ % 2:  # a kill once events are arriving: certainly mid-merge
            _wait_for_events(target, child)
        else:  # a kill at a random moment: start-up takes about 0.25 s
            time.sleep(rng.uniform(0.25, 0.45))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        if target.exists() and _has_tables(target):  # else killed before it was created
            check_consistent(target)
            merged = len(rows(target, "events"))
            partial += 0 < merged < len(rows(source, "events"))
    done = subprocess.run(
        [sys.executable, "-c", MERGE, "--db", str(target), "merge", str(source)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    check_consistent(target)
    for table in ("articles", "claims", "sources", "passages", "events", "claim_status"):
        assert rows(target, table) == rows(source, table), table
    assert partial >= 1, "no kill landed while events were being merged"


def _has_tables(path: Path) -> bool:
    """Whether the database at ``path`` holds any table (creating it is one transaction:
    a process killed before its commit leaves a file with none)."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    finally:
        conn.close()


def _wait_for_events(target: Path, child: subprocess.Popen[bytes]) -> None:
    """Return once the merge has committed some events to ``target`` (or has ended)."""
    while child.poll() is None:
        if target.exists():
            try:
                conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
                try:
                    if conn.execute("SELECT count(*) FROM events").fetchone()[0] > 0:
                        return
                finally:
                    conn.close()
            except sqlite3.Error:
                pass  # not created or not migrated yet
        time.sleep(0.005)
