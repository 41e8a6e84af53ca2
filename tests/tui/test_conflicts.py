"""Settling disagreements in the conflicts screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import OptionList, Static

from review_db import ReviewStore
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.conflicts import ConflictsScreen

from .conftest import plain, settle

MakeApp = Callable[..., WorkbenchApp]


async def test_conflicts_side_by_side_then_adjudicated(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    with ReviewStore(db_path) as store:
        claims = [c for c in store.claims(article_id) if c.kind == "claim"]
        a, b = claims[0], claims[1]
        store.record_events(
            "ann",
            [
                (a.id, "verdict", {"label": "True"}),
                (a.id, "note", {"text": "Wire copy agrees <b>"}),
            ],
        )
        store.record_event(a.id, "bob", "verdict", {"label": "False"})
        store.record_event(
            a.id, "bob", "evidence-add", {"url": "https://x.example", "quote": "[bold]no[/bold]"}
        )
        store.record_event(b.id, "ann", "verdict", {"label": "Mixed"})
        store.record_event(b.id, "bob", "verdict", {"label": "Mixed"})  # agreement
    app = make_app(article_id, reviewer="cy")
    async with app.run_test(size=(110, 32)) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, ConflictsScreen)
        options = app.screen.query_one(OptionList)
        await settle(pilot, lambda: options.option_count == 1)  # the list is read on mount
        detail_widget = app.screen.query_one("#conflict", Static)
        await settle(pilot, lambda: "Not settled yet" in plain(detail_widget))
        detail = plain(detail_widget)
        assert "True" in detail and "False" in detail and "Wire copy agrees <b>" in detail
        assert "[bold]no[/bold]" in detail and "Not settled yet" in detail
        await pilot.press("4")  # Mostly false

        def settled() -> str | None:
            with ReviewStore(db_path) as store:
                (conflict,) = store.conflicts(article_id)
                return conflict.adjudicated

        await settle(pilot, lambda: settled() == "Mostly false")
        await settle(
            pilot,
            lambda: (
                "Settled: Mostly false by cy" in plain(app.screen.query_one("#conflict", Static))
            ),
        )
        await pilot.press("q")
        assert not isinstance(app.screen, ConflictsScreen)


async def test_no_conflicts_says_so(make_app: MakeApp, article_id: str) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert "No conflicts" in plain(app.screen.query_one("#conflict", Static))
