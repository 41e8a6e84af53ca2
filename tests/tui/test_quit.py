"""Quitting never drops a verdict that was given: the keys before the quit take effect,
the writer commits everything queued, and only then does the app exit; a failed save
keeps it open with a message."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from review_db import StoreError
from review_db.log import ReviewLog
from workbench.config import Config
from workbench.tui.app import WorkbenchApp, build_app
from workbench.tui.modals import MessageModal
from workbench.tui.screens.review import ReviewScreen

from .conftest import settle
from .test_key_bursts import burst, verdicts

MakeApp = Callable[..., WorkbenchApp]


def _exited(app: WorkbenchApp) -> bool:
    return app.return_code is not None


def _first_three(app: WorkbenchApp) -> list[int]:
    screen = app.screen
    assert isinstance(screen, ReviewScreen) and screen.nav is not None
    return [c.ordinal for c in screen.nav.visible[:3]]


@pytest.mark.parametrize("quit_key", ["ctrl+q", "ctrl+c"])
async def test_burst_ending_in_quit_saves_every_verdict(
    make_app: MakeApp, article_id: str, db_path: Path, quit_key: str
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        first = _first_three(app)
        burst(app, "1", "j", "2", "j", "3", quit_key, "j", "4")  # keys after quit: ignored
        await settle(pilot, lambda: _exited(app))
    assert app.return_code == 0
    assert verdicts(db_path) == dict(zip(first, ["True", "Mostly true", "Mixed"], strict=True))


async def test_burst_ending_in_q_q_saves_every_verdict(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    app = make_app()  # the articles screen first: q goes back, q again quits
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        first = _first_three(app)
        burst(app, "5", "j", "6", "q", "q")
        await settle(pilot, lambda: _exited(app))
    assert verdicts(db_path) == {first[0]: "False", first[1]: "Unverifiable"}


async def test_failed_save_keeps_the_app_open_and_says_so(
    make_app: MakeApp, article_id: str, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = ReviewLog.record_actions
    refusing = [True]

    def refuse(log: ReviewLog, *args: Any, **kwargs: Any) -> Any:
        if refusing[0]:
            raise StoreError(f"{db_path} is read-only: nothing was written")
        return record(log, *args, **kwargs)

    monkeypatch.setattr(ReviewLog, "record_actions", refuse)
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        burst(app, "1", "ctrl+q")
        await settle(
            pilot,
            lambda: getattr(app.screen, "title_text", "") == "Not saved: workbench stays open",
        )
        assert not _exited(app)
        modal = app.screen
        assert isinstance(modal, MessageModal)
        assert modal.title_text == "Not saved: workbench stays open"
        assert "read-only" in str(modal.body)
        while isinstance(app.screen, MessageModal):  # and the error itself, if shown first
            await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)  # open, and taking keys again
        refusing[0] = False
        burst(app, "2", "ctrl+q")  # saving works again: this time it quits
        await settle(pilot, lambda: _exited(app))
    assert list(verdicts(db_path).values()) == ["Mostly true"]


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
async def test_signal_saves_then_exits(
    db_path: Path, article_id: str, number: signal.Signals
) -> None:
    app = build_app(db_path, Config(), "ann", article_id, handle_signals=True)
    async with app.run_test(size=(100, 30)) as pilot:
        first = _first_three(app)
        burst(app, "7", "j", "1")
        os.kill(os.getpid(), number)
        await settle(pilot, lambda: _exited(app))
    assert verdicts(db_path) == {first[0]: "Not a claim", first[1]: "True"}
    assert signal.getsignal(number) == signal.SIG_DFL  # the handler went with the app
