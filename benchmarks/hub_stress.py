"""The hub under load, and under kill -9: does every verdict arrive, exactly once?

Reviewers mode (default): REVIEWERS processes, each a real login role with its own
review database, record VERDICTS verdicts each (one thread) while another thread syncs
with the hub every second.  At the end every verdict must be on the hub and in every
local database: 0 lost, 0 duplicated, 0 sync errors, claim_status equal everywhere.

Kill mode (--kill N): one reviewer pushes EVENTS events; the sync is killed with SIGKILL
at N random moments (and, with --restart, the PostgreSQL server is restarted in the
middle of one); then a second database pulls the same way.  Re-running sync must finish
with exact counts and claim_status equal on every side.

Run: .venv/bin/python benchmarks/hub_stress.py [--reviewers 8] [--verdicts 1000]
     .venv/bin/python benchmarks/hub_stress.py --kill 20 --events 50000 [--restart]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hub import DEFAULT_SERVER, reviewer_database, scratch_hub, sentences  # noqa: E402
from newsgen import article  # noqa: E402

from review_db import ReviewStore  # noqa: E402
from review_db.hub import sync  # noqa: E402

LABELS = ("True", "False", "Mixed", "Mostly true")


def _reviewer(path: str, role: str, dsn: str, verdicts: int, seconds: float, out: Queue) -> None:
    """Record ``verdicts`` verdicts over about ``seconds`` while syncing every second."""
    store = ReviewStore(path)
    claims = [c.id for c in store.claims()]
    done = threading.Event()
    syncs: list[float] = []
    errors: list[str] = []

    def syncing() -> None:
        with ReviewStore(path) as mine:  # sqlite3 connections stay in their own thread
            while True:
                finished = done.is_set()
                try:
                    syncs.append(sync(mine.connection, dsn).seconds)
                except Exception as e:  # counted and reported: the point of the test
                    errors.append(f"{type(e).__name__}: {e}")
                if finished:
                    return
                time.sleep(1.0)

    thread = threading.Thread(target=syncing)
    thread.start()
    rng = random.Random(role)
    began = time.monotonic()
    for i in range(verdicts):
        store.record_event(claims[i % len(claims)], role, "verdict", {"label": rng.choice(LABELS)})
        lag = began + seconds * (i + 1) / verdicts - time.monotonic()
        if lag > 0:
            time.sleep(lag)
    done.set()
    thread.join()
    store.close()
    out.put({"role": role, "syncs": syncs, "errors": errors})


def _status(store: ReviewStore) -> set[tuple[Any, ...]]:
    return set(
        store.conn.execute("SELECT claim_id, reviewer, verdict, verdict_at FROM claim_status")
    )


def _hub_status(admin: str) -> set[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(admin) as conn:
        return set(
            conn.execute(
                "SELECT claim_id, reviewer, verdict, verdict_at FROM workbench.claim_status"
            ).fetchall()
        )


def _hub_events(admin: str) -> tuple[int, int]:
    import psycopg

    with psycopg.connect(admin) as conn:
        row = conn.execute("SELECT count(*), count(DISTINCT id) FROM workbench.events").fetchone()
        assert row is not None
        return int(row[0]), int(row[1])


def reviewers_mode(args: argparse.Namespace) -> bool:
    with tempfile.TemporaryDirectory() as folder, scratch_hub(args.server) as hub:
        text = article(600, seed=7)
        people = []
        for n in range(args.reviewers):
            role, dsn = hub.person(f"r{n}")
            path = Path(folder) / f"r{n}.db"
            with ReviewStore(path, create=True) as store:
                store.add_article(text, title="Stress", claims=sentences(text), segmenter="b")
            people.append((str(path), role, dsn))
        out: Queue = multiprocessing.Queue()
        began = time.perf_counter()
        procs = [
            multiprocessing.Process(
                target=_reviewer, args=(path, role, dsn, args.verdicts, args.seconds, out)
            )
            for path, role, dsn in people
        ]
        for p in procs:
            p.start()
        reports = [out.get() for _ in procs]
        for p in procs:
            p.join()
        # One more round, so each database also has what others pushed last.
        for path, _role, dsn in people:
            with ReviewStore(path) as store:
                sync(store.connection, dsn)
        elapsed = time.perf_counter() - began
        expected = args.reviewers * args.verdicts
        total, distinct = _hub_events(hub.admin)
        hub_status = _hub_status(hub.admin)
        local_ok = 0
        for path, _role, _dsn in people:
            with ReviewStore(path) as store:
                count = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
                local_ok += count == expected and _status(store) == hub_status
        syncs = [s for r in reports for s in r["syncs"]]
        errors = [e for r in reports for e in r["errors"]]
        print(f"{args.reviewers} reviewers x {args.verdicts} verdicts, sync every second")
        print(f"  elapsed                  {elapsed:.1f} s")
        median, slowest = statistics.median(syncs) * 1000, max(syncs) * 1000
        print(f"  on the hub               {total} events ({distinct} distinct, {expected} made)")
        print(f"  lost / duplicated        {expected - distinct} / {total - distinct}")
        print(f"  complete local databases {local_ok} of {args.reviewers} (events, claim_status)")
        print(f"  syncs                    {len(syncs)}, median {median:.0f} ms, max {slowest:.0f}")
        print(f"  sync errors              {len(errors)}")
        for error in errors[:5]:
            print(f"    {error}")
        return total == distinct == expected and local_ok == args.reviewers and not errors


CHILD = """
import sys
from review_db import ReviewStore
from review_db.hub import sync
store = ReviewStore(sys.argv[1])
sync(store.connection, sys.argv[2], on_batch=lambda *b: print(*b, flush=True))
print("done", flush=True)
"""


def _kill_sync(path: Path, dsn: str, rng: random.Random, restart: bool) -> str:
    """Start a sync and SIGKILL it at a random moment (or restart the server under it)."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), dsn],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    time.sleep(rng.uniform(0.2, 2.5))
    if restart:
        cluster = sorted(os.listdir("/etc/postgresql"))[0]
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"], check=True
        )
        child.wait()
        return "restarted"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    return "killed"


def kill_mode(args: argparse.Namespace) -> bool:
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder, scratch_hub(args.server) as hub:
        ann_role, ann_dsn = hub.person("ann")
        _, bob_dsn = hub.person("bob")
        ann_path, bob_path = Path(folder) / "ann.db", Path(folder) / "bob.db"
        reviewer_database(ann_path, ann_role, args.events).close()
        ReviewStore(bob_path, create=True).close()
        outcomes = []
        push_kills = args.kill // 2
        for n in range(args.kill):
            path, dsn = (ann_path, ann_dsn) if n < push_kills else (bob_path, bob_dsn)
            if n == push_kills and args.restart:
                outcomes.append(_kill_sync(path, dsn, rng, restart=True))
            outcomes.append(_kill_sync(path, dsn, rng, restart=False))
            if n == push_kills - 1:  # finish the push before bob's pulls are killed
                with ReviewStore(ann_path) as ann:
                    sync(ann.connection, ann_dsn)
        with ReviewStore(bob_path) as bob, ReviewStore(ann_path) as ann:
            final = sync(bob.connection, bob_dsn)
            total, distinct = _hub_events(hub.admin)
            ann_n = ann.conn.execute("SELECT count(*) FROM events").fetchone()[0]
            bob_n = bob.conn.execute("SELECT count(*) FROM events").fetchone()[0]
            hub_status = _hub_status(hub.admin)
            same = _status(ann) == _status(bob) == hub_status
            integrity = bob.conn.execute("PRAGMA integrity_check").fetchone()[0]
        print(f"kill -9 of sync at {args.kill} random moments, {args.events:,} events"
              f"{', plus a server restart' if args.restart else ''}")  # fmt: skip
        print(f"  interruptions            {json.dumps(dict(_count(outcomes)))}")
        print(f"  hub events               {total} ({distinct} distinct; {args.events} recorded)")
        print(f"  ann / bob events         {ann_n} / {bob_n}")
        print(f"  final sync pulled        {final.pulled['events']} events")
        print(f"  claim_status equal       {same} (hub, ann, bob)")
        print(f"  bob integrity_check      {integrity}")
        return total == distinct == ann_n == bob_n == args.events and same and integrity == "ok"


def _count(items: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviewers", type=int, default=8)
    parser.add_argument("--verdicts", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=30.0, help="spread the verdicts over")
    parser.add_argument("--kill", type=int, default=0, help="kill mode: this many kills")
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--restart", action="store_true", help="also restart the server")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--server", default=DEFAULT_SERVER)
    args = parser.parse_args()
    ok = kill_mode(args) if args.kill else reviewers_mode(args)
    print("OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
