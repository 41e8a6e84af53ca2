"""Live sync: a background loop pulls another reviewer's verdict soon after it is pushed
(LISTEN/NOTIFY), pushes local verdicts as they are committed, and reports its state; in
the TUI the state shows in the status bar and no key waits for the hub."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from review_db import ReviewStore
from review_db.hub import sync
from review_db.hub.live import SyncState, keep_in_sync
from workbench.config import Config
from workbench.tui.app import build_app
from workbench.tui.hub_sync import HubStatus

from ..tui.conftest import add_article, plain, settle
from .conftest import Hub, local_db

DEADLINE = 30.0  # generous: the machine is shared; the loop itself reacts in well under 2 s


def _wait(done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + DEADLINE
    while not done():
        assert time.monotonic() < deadline, "live sync did not get there in time"
        time.sleep(0.05)


@contextmanager
def _live(db: Path, dsn: str) -> Iterator[list[SyncState]]:
    states: list[SyncState] = []
    stop = threading.Event()
    thread = threading.Thread(target=keep_in_sync, args=(db, dsn, states.append, stop))
    thread.start()
    try:
        yield states
    finally:
        stop.set()
        thread.join()


def _has_event(db: Path, reviewer: str) -> bool:
    with ReviewStore(db) as store:
        found = store.conn.execute("SELECT 1 FROM events WHERE reviewer = ?", (reviewer,))
        return found.fetchone() is not None


def test_another_reviewers_verdict_arrives_and_mine_goes_up(hub: Hub, tmp_path: Path) -> None:
    ann_url, bob_url = hub.person("ann"), hub.person("bob")
    local_db(tmp_path, "ann").close()
    bob = local_db(tmp_path, "bob")
    claim = bob.claims()[0].id
    with _live(tmp_path / "ann.db", ann_url) as states:
        _wait(lambda: any(s.online for s in states))
        bob.record_event(claim, hub.name("bob"), "verdict", {"label": "False"})
        sync(bob.connection, bob_url)
        _wait(lambda: _has_event(tmp_path / "ann.db", hub.name("bob")))
        with ReviewStore(tmp_path / "ann.db") as ann:  # as the TUI's writer thread would
            ann.record_event(claim, hub.name("ann"), "verdict", {"label": "True"})
        _wait(lambda: bool(hub.query("SELECT 1 FROM workbench.events WHERE reviewer = %s",
                                     hub.name("ann"))))  # fmt: skip
    assert states[-1].online and states[-1].waiting == 0
    assert states[-1].describe().startswith("hub: online, synced ")


def test_offline_the_state_says_how_many_events_wait(tmp_path: Path) -> None:
    # An unreachable server, through the driver: without psycopg there is no attempt.
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[dev,hub]')")
    ann = local_db(tmp_path, "ann")
    ann.record_event(ann.claims()[0].id, "ann", "verdict", {"label": "True"})
    ann.close()
    with _live(tmp_path / "ann.db", "postgresql://ann:hunter2@127.0.0.1:1/hub") as states:
        _wait(lambda: bool(states))
    assert not states[0].online and states[0].waiting == 1
    assert states[0].describe() == "hub: offline, 1 waiting (never synced)"
    assert states[0].problem and "hunter2" not in states[0].problem


async def test_the_tui_syncs_in_the_background_and_shows_the_state(
    hub: Hub, tmp_path: Path
) -> None:
    ann_url, bob_url = hub.person("ann"), hub.person("bob")
    db = tmp_path / "ann.db"
    text = "The council voted 7 to 2 on Monday.\n\nIt will cost £4.5 million, officials said.\n"
    add_article(db, text)
    app = build_app(db, Config(hub_url=ann_url), hub.name("ann"))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot, lambda: bool(app.screen.query(HubStatus)), DEADLINE)
        status = app.screen.query_one(HubStatus)
        await settle(pilot, lambda: "hub: online" in plain(status), DEADLINE)
        await pilot.press("1")  # a verdict: saved locally, then pushed in the background
        await settle(
            pilot,
            lambda: bool(hub.query("SELECT 1 FROM workbench.events WHERE reviewer = %s",
                                   hub.name("ann"))),
            DEADLINE,
        )  # fmt: skip
        bob = local_db(tmp_path, "bob", article=False)
        sync(bob.connection, bob_url)
        claim = bob.claims()[0].id
        bob.record_event(claim, hub.name("bob"), "verdict", {"label": "False"})
        sync(bob.connection, bob_url)
        await settle(pilot, lambda: _has_event(db, hub.name("bob")), DEADLINE)
        await pilot.press("ctrl+q")
