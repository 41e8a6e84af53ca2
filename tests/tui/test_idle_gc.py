"""The TUI collects garbage between keys: what a pause of each length collects, and that
the collector is handed back when the app goes."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.tui import idle_gc
from workbench.tui.app import WorkbenchApp
from workbench.tui.idle_gc import IdleCollector


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def collected(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The generations collected, in order (the real collector is not run)."""
    calls: list[int] = []
    monkeypatch.setattr(idle_gc.gc, "collect", lambda generation=2: calls.append(generation))
    monkeypatch.setattr(idle_gc.gc, "freeze", lambda: None)
    monkeypatch.setattr(idle_gc.gc, "unfreeze", lambda: None)
    return calls


def test_a_pause_collects_by_its_length(
    collected: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = [(500, 3, 0)]
    monkeypatch.setattr(idle_gc.gc, "get_count", lambda: counts[0])
    clock = Clock()
    collector = IdleCollector(clock)
    collector.key()
    clock.now += 0.1
    collector.tick()
    assert collected == []  # keys still coming: nothing
    clock.now += 0.2
    collector.tick()
    assert collected == [0]  # a short pause: the youngest generation
    clock.now += 1.0
    collector.tick()
    assert collected == [0, 1]  # a longer one: the middle generation
    clock.now += 30.0
    collector.tick()
    assert collected == [0, 1, 2]  # a long pause, 30 s after the last: the whole heap
    collector.key()
    clock.now += 3.0
    collector.tick()
    assert collected[-1] != 2  # the whole heap at most every 30 s


def test_garbage_piling_up_under_a_held_key_is_collected_anyway(
    collected: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(idle_gc.gc, "get_count", lambda: (idle_gc.PILED_UP, 0, 0))
    clock = Clock()
    collector = IdleCollector(clock)
    collector.key()
    collector.tick()
    assert collected == [0]


async def test_the_app_turns_automatic_collection_off_and_back_on(
    make_app: Callable[..., WorkbenchApp], article_id: str, db_path: Path
) -> None:
    assert gc.isenabled()
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not gc.isenabled()
        await pilot.press("j")
    assert gc.isenabled()
