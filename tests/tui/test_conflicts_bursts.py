"""Keys typed in one burst on the conflicts screen act on the claim highlighted when each
was pressed, in order; quitting in the middle keeps every settlement given."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from review_db import ReviewStore
from workbench.tui.app import WorkbenchApp
from workbench.tui.conflict_cases import ConflictCase, read_cases
from workbench.tui.screens import conflicts

from .conftest import settle
from .test_conflicts import detail, open_conflicts, settlement
from .test_key_bursts import burst

MakeApp = Callable[..., WorkbenchApp]


def three_disputes(db_path: Path, article_id: str) -> list[str]:
    """The first three claims, each judged True by ann and False by bob."""
    with ReviewStore(db_path) as store:
        claims = [c.id for c in store.claims(article_id) if c.kind == "claim"][:3]
        for claim in claims:
            store.record_event(claim, "ann", "verdict", {"label": "True"})
            store.record_event(claim, "bob", "verdict", {"label": "False"})
    return claims


def settled(db_path: Path, claims: list[str]) -> list[str | None]:
    found = [settlement(db_path, claim) for claim in claims]
    return [s[0] if s else None for s in found]


async def test_settle_and_move_in_one_burst(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    claims = three_disputes(db_path, article_id)
    app = make_app(article_id, reviewer="cy")
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await open_conflicts(app, pilot)
        burst(app, "4", "j", "2", "j", "5", "k", "k")
        await settle(pilot, lambda: screen.highlighted_case().claim.id == claims[0])  # type: ignore[union-attr]
        await app.writes_saved()
        assert settled(db_path, claims) == ["Mostly false", "Mostly true", "False"]
        # Change the first, take back the second, change the third and take the change
        # back (its earlier settlement returns), still in bursts.
        burst(app, "1", "j", "u", "j", "3", "u")
        await settle(pilot, lambda: screen.highlighted_case().claim.id == claims[2])  # type: ignore[union-attr]
        await app.writes_saved()
        assert settled(db_path, claims) == ["True", None, "False"]
        await settle(pilot, lambda: "Settled: False by cy" in detail(screen))


async def test_settle_then_undo_in_one_burst_leaves_it_open(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    claims = three_disputes(db_path, article_id)
    app = make_app(article_id, reviewer="cy")
    async with app.run_test(size=(110, 32)) as pilot:
        await open_conflicts(app, pilot)
        # The undo is decided when it is written: after the settlement typed before it.
        burst(app, "6", "u")
        await app.writes_saved()
        await pilot.pause()
        assert settled(db_path, claims) == [None, None, None]
    with ReviewStore(db_path) as store:
        kinds = [e.event.kind for e in store.history(claims[0]) if e.event.reviewer == "cy"]
    assert kinds == ["adjudication", "undo"]


@pytest.mark.parametrize("quit_key", ["ctrl+q", "ctrl+c"])
async def test_quitting_mid_write_keeps_the_settlements(
    make_app: MakeApp, article_id: str, db_path: Path, quit_key: str
) -> None:
    claims = three_disputes(db_path, article_id)
    app = make_app(article_id, reviewer="cy")
    async with app.run_test(size=(110, 32)) as pilot:
        await open_conflicts(app, pilot)
        burst(app, "4", "j", "7", "j", "1", "u", quit_key, "j", "2")  # after quit: ignored
        await settle(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0
    assert settled(db_path, claims) == ["Mostly false", "Not a claim", None]


async def test_back_before_the_write_is_confirmed_keeps_it(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    claims = three_disputes(db_path, article_id)
    app = make_app(article_id, reviewer="cy")
    async with app.run_test(size=(110, 32)) as pilot:
        await open_conflicts(app, pilot)
        burst(app, "3", "q")
        await app.writes_saved()
        await pilot.pause()
        assert settled(db_path, claims) == ["Mixed", None, None]
        assert app.return_code is None  # back on the review screen, not gone


async def test_a_key_before_the_list_is_read_settles_nothing(
    make_app: MakeApp, article_id: str, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claims = three_disputes(db_path, article_id)
    reading = threading.Event()

    def slow_read(store: ReviewStore, article: str | None) -> list[ConflictCase]:
        reading.wait(timeout=10)  # held until the key has been handled
        return read_cases(store, article)

    monkeypatch.setattr(conflicts, "read_cases", slow_read)
    app = make_app(article_id, reviewer="cy")
    async with app.run_test(size=(110, 32)) as pilot:
        burst(app, "c", "4")  # no claim is highlighted when 4 is handled
        await settle(pilot, lambda: isinstance(app.screen, conflicts.ConflictsScreen))
        for _ in range(5):
            await pilot.pause()
        reading.set()
        await settle(pilot, lambda: getattr(app.screen, "loaded", False))
        await app.writes_saved()
        assert settled(db_path, claims) == [None, None, None]
