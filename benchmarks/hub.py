"""How fast `workbench sync` moves events through a hub, and what a no-op sync costs.

Makes a throwaway database and login roles on the local PostgreSQL (dropped at the end),
records EVENTS events in ann's review database (one article, its claims, actions of
1,000 events), then times:

- push: ann's sync, pushing only;
- pull-back: ann's sync pulling (and skipping) her own rows, which she meets once;
- pull: bob's first sync into an empty database;
- no-op: a sync with nothing to move, for each of them (median of 20);
- live: with ann's live sync running (as the TUI runs it), the time from bob's push of a
  verdict to its arrival in ann's database (20 verdicts; median and worst).

Targets (issue 15): push and pull of 100,000 events <= 10 s each, a no-op sync <= 100 ms,
another reviewer's verdict on screen <= 2 s (the screen adds at most its 1 s poll).

Run: .venv/bin/python benchmarks/hub.py [--events 100000] [--server "host=127.0.0.1 ..."]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgen import article  # noqa: E402

from review_db import NewClaim, ReviewStore  # noqa: E402
from review_db.hub import add_person, init_hub, sync  # noqa: E402
from review_db.hub.live import keep_in_sync  # noqa: E402

DEFAULT_SERVER = "host=127.0.0.1 port=5432 dbname=postgres"


@dataclass
class ScratchHub:
    """A throwaway hub: its database, its administrator's and people's connections."""

    server: str
    database: str
    prefix: str

    @property
    def admin(self) -> str:
        from psycopg.conninfo import make_conninfo

        return make_conninfo(self.server, dbname=self.database)

    def person(self, name: str, group: str = "reviewer") -> tuple[str, str]:
        """Create login role ``prefix+name``; returns (role, its connection string)."""
        from psycopg.conninfo import make_conninfo

        role = self.prefix + name
        add_person(self.admin, role, uuid.uuid4().hex, group=group)
        return role, make_conninfo(self.server, dbname=self.database, user=role)


@contextmanager
def scratch_hub(server: str = DEFAULT_SERVER) -> Iterator[ScratchHub]:
    """A hub in a new database, with roles of a unique prefix, all dropped afterwards.

    The local server trusts 127.0.0.1, so people log in without their password here.
    """
    import psycopg
    from psycopg import sql

    tag = uuid.uuid4().hex[:8]
    hub = ScratchHub(server, f"wbbench_{tag}", f"wbb{tag}_")
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(hub.database)))
    try:
        init_hub(hub.admin, role_prefix=hub.prefix)
        yield hub
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(hub.database)
                )
            )
            roles = conn.execute(
                "SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)", (hub.prefix,)
            ).fetchall()
            groups = {f"{hub.prefix}{g}" for g in ("reviewer", "adjudicator", "reader")}
            for (role,) in sorted(roles, key=lambda r: r[0] in groups):
                conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def sentences(text: str) -> list[NewClaim]:
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


def reviewer_database(path: Path, reviewer: str, events: int, seed: int = 1) -> ReviewStore:
    """A review database with one article and ``events`` events of ``reviewer``."""
    store = ReviewStore(path, create=True)
    text = article(700, seed=seed)
    store.add_article(text, title="Benchmark story", claims=sentences(text), segmenter="b")
    claims = [c.id for c in store.claims()]
    labels = ("True", "False", "Mixed")
    done = 0
    while done < events:
        n = min(1000, events - done)
        store.record_events(
            reviewer,
            [
                (claims[(done + i) % len(claims)], "verdict", {"label": labels[(done + i) % 3]})
                for i in range(n)
            ],
        )
        done += n
    return store


def _noop_ms(store: ReviewStore, dsn: str, runs: int = 20) -> float:
    times = []
    for _ in range(runs):
        result = sync(store.connection, dsn)
        assert result.moved == 0, result
        times.append(result.seconds * 1000)
    return statistics.median(times)


def _live_seconds(folder: Path, ann_dsn: str, bob: ReviewStore, bob_dsn: str) -> list[float]:
    """Seconds from each of bob's pushes to its arrival in ann's live-synced database."""
    ann_path = folder / "ann-live.db"
    ReviewStore(ann_path, create=True).close()
    stop = threading.Event()
    states: list[object] = []
    thread = threading.Thread(target=keep_in_sync, args=(ann_path, ann_dsn, states.append, stop))
    thread.start()
    claim = bob.claims()[0].id
    bob_role = sync(bob.connection, bob_dsn).role
    delays = []
    pushed_at: list[float] = []

    def committed(direction: str, table: str, rows: int) -> None:
        if (direction, table) == ("push", "events"):
            pushed_at.append(time.perf_counter())  # the hub has committed the verdict

    try:
        with ReviewStore(ann_path) as ann:
            while not states:
                time.sleep(0.01)
            for n in range(20):
                event = bob.record_event(claim, bob_role, "note", {"text": f"live {n}"})
                pushed_at.clear()
                sync(bob.connection, bob_dsn, on_batch=committed)
                pushed = pushed_at[0]
                while not ann.conn.execute(
                    "SELECT 1 FROM events WHERE id = ?", (event.id,)
                ).fetchone():
                    time.sleep(0.005)
                delays.append(time.perf_counter() - pushed)
    finally:
        stop.set()
        thread.join()
    return delays


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--server", default=DEFAULT_SERVER)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, scratch_hub(args.server) as hub:
        ann_role, ann_dsn = hub.person("ann")
        _, bob_dsn = hub.person("bob")
        ann = reviewer_database(Path(folder) / "ann.db", ann_role, args.events)
        bob = ReviewStore(Path(folder) / "bob.db", create=True)
        push = sync(ann.connection, ann_dsn, pull=False)
        assert push.pushed["events"] == args.events, push
        back = sync(ann.connection, ann_dsn)
        pull = sync(bob.connection, bob_dsn)
        assert pull.pulled["events"] == args.events, pull
        noop_ann, noop_bob = _noop_ms(ann, ann_dsn), _noop_ms(bob, bob_dsn)
        live = _live_seconds(Path(folder), ann_dsn, bob, bob_dsn)
        rows = [
            ("push", f"{push.seconds:.2f} s", f"{args.events / push.seconds:,.0f} events/s"),
            ("pull-back of own rows", f"{back.seconds:.2f} s", "once, after the first push"),
            ("pull into an empty db", f"{pull.seconds:.2f} s",
             f"{args.events / pull.seconds:,.0f} events/s"),
            ("no-op sync (ann)", f"{noop_ann:.0f} ms", "median of 20"),
            ("no-op sync (bob)", f"{noop_bob:.0f} ms", "median of 20"),
            ("live: push to arrival", f"{statistics.median(live) * 1000:.0f} ms",
             f"median of 20, worst {max(live) * 1000:.0f} ms"),
        ]  # fmt: skip
        print(f"workbench sync, {args.events:,} events, PostgreSQL on {args.server}")
        for name, value, note in rows:
            print(f"  {name:<24} {value:>9}   {note}")
        ann.close()
        bob.close()


if __name__ == "__main__":
    main()
