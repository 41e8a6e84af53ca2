"""`workbench demo` and `workbench review` from the command line."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from review_db import ReviewStore
from workbench.cli.tui import build_demo_database
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.review import ReviewScreen

from ..conftest import Invoke
from .conftest import settle


def test_demo_database_holds_the_sample(tmp_path: Path) -> None:
    article = build_demo_database(tmp_path / "demo.db")
    with ReviewStore(tmp_path / "demo.db") as store:
        assert store.article(article).title.startswith("River Esk floods")
        assert len(store.claims(article)) > 20


def test_demo_runs_end_to_end(run: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def drive(app: WorkbenchApp) -> None:  # the real app, headless instead of on a terminal
        async def journey() -> None:
            async with app.run_test(size=(100, 30)) as pilot:
                screen = app.screen
                assert isinstance(screen, ReviewScreen) and screen.claim is not None
                claim = screen.claim
                await pilot.press("1")
                await settle(pilot, lambda: claim.id in screen.nav.states)  # type: ignore[union-attr]
                seen["verdict"] = app.store.claim_state(claim.id, "ann").verdict
                seen["db"] = app.db_path
                await pilot.press("q", "q")

        asyncio.run(journey())

    monkeypatch.setattr(WorkbenchApp, "run", drive)
    result = run("demo")
    assert result.exit_code == 0, result.output
    assert seen["verdict"] == "True"
    assert not Path(str(seen["db"])).exists()  # the demo database is temporary


def test_review_refuses_bad_input(run: Invoke, db_path: Path, tmp_path: Path) -> None:
    result = run("review")
    assert result.exit_code == 1 and f"Error: no database at {db_path}" in result.stderr
    ReviewStore(db_path, create=True).close()
    result = run("review", "--article", "abcd")
    assert result.exit_code == 1 and "Error: no article with id 'abcd'" in result.stderr
