"""How the conflicts screen looks at 80x24 and 120x40: the claim, its flags and every
reviewer's verdict in view, then notes and chosen evidence (update only after looking at
the report: pytest tests/tui/test_conflicts_snapshots.py --snapshot-update)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from review_db import log
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.conflicts import ConflictsScreen

from .conflict_data import write_disputes
from .conftest import settle

MakeApp = Callable[..., WorkbenchApp]


async def _opened(pilot: Any) -> None:
    """Open the conflicts screen and wait for its cases (read in a worker)."""
    await pilot.press("c")
    screen = pilot.app.screen
    assert isinstance(screen, ConflictsScreen)
    await settle(pilot, lambda: screen.loaded)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_open_conflict_shows_claim_flags_verdicts_and_evidence(
    snap_compare: Any, make_app: MakeApp, article_id: str, db_path: Path, size: tuple[int, int]
) -> None:
    disputed = write_disputes(db_path, article_id)
    app = make_app(article_id, reviewer="cy")

    async def flagged(pilot: Any) -> None:
        await _opened(pilot)
        if disputed.plain.ordinal < disputed.flagged.ordinal:
            await pilot.press("j")

    assert snap_compare(app, terminal_size=size, run_before=flagged)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_settled_conflict_says_by_whom_and_when(
    snap_compare: Any,
    make_app: MakeApp,
    article_id: str,
    db_path: Path,
    size: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    disputed = write_disputes(db_path, article_id)
    # The settlement's time shows on screen: the same in every run.
    monkeypatch.setattr(log, "utc_timestamp", lambda: "2026-06-12T09:30:00.000000+00:00")
    app = make_app(article_id, reviewer="cy")

    async def settled(pilot: Any) -> None:
        await _opened(pilot)
        if disputed.plain.ordinal < disputed.flagged.ordinal:
            await pilot.press("j")
        await pilot.press("4")
        await pilot.app.writes_saved()
        pilot.app.clear_notifications()  # the confirmation is checked by the journeys
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=settled)
