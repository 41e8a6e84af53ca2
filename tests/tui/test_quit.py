"""Quitting never drops a verdict that was given: the keys before the quit take effect,
the writer commits everything queued, and only then does the app exit; a failed save
keeps it open with a message.  The quit keys do this on every screen, dialogs included:
a dialog (the "Not saved" message among them) used to swallow them."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from review_db import StoreError
from review_db.log import ReviewLog
from workbench.cli.tui import build_demo_database
from workbench.config import Config
from workbench.tui.app import WorkbenchApp, build_app
from workbench.tui.modals import AskModal, EvidenceModal, MessageModal, NoteModal
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


def _title(app: WorkbenchApp) -> str:
    """The title of the message shown on top, or "" if the top screen is no message."""
    screen = app.screen
    return screen.title_text if isinstance(screen, MessageModal) else ""


def _refuse_writes(monkeypatch: pytest.MonkeyPatch, db_path: Path) -> list[bool]:
    """Make every save fail as a read-only database does, while the returned flag holds."""
    record = ReviewLog.record_actions
    refusing = [True]

    def refuse(log: ReviewLog, *args: Any, **kwargs: Any) -> Any:
        if refusing[0]:
            raise StoreError(f"{db_path} is read-only: nothing was written")
        return record(log, *args, **kwargs)

    monkeypatch.setattr(ReviewLog, "record_actions", refuse)
    return refusing


def _text_field(app: WorkbenchApp) -> Input | TextArea:
    """The focused text field (of the dialog on top)."""
    field = app.focused
    assert isinstance(field, Input | TextArea), field
    return field


def _typed(field: Input | TextArea) -> str:
    return field.text if isinstance(field, TextArea) else field.value


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
    """The save fails while the keys are still arriving: its "Not saved" message may open
    before the quit key reaches the app or after it; either way the quit happens."""
    refusing = _refuse_writes(monkeypatch, db_path)
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        burst(app, "1", "ctrl+q")
        await settle(pilot, lambda: _title(app) == "Not saved: workbench stays open")
        assert not _exited(app)
        modal = app.screen
        assert isinstance(modal, MessageModal)
        assert "read-only" in str(modal.body)
        while isinstance(app.screen, MessageModal):  # and the error itself, if shown first
            await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)  # open, and taking keys again
        refusing[0] = False
        burst(app, "2", "ctrl+q")  # saving works again: this time it quits
        await settle(pilot, lambda: _exited(app))
    assert list(verdicts(db_path).values()) == ["Mostly true"]


@pytest.mark.parametrize("quit_key", ["ctrl+q", "ctrl+c"])
async def test_quit_key_in_the_not_saved_message_quits_as_anywhere(
    make_app: MakeApp, article_id: str, db_path: Path, monkeypatch: pytest.MonkeyPatch,
    quit_key: str,
) -> None:  # fmt: skip
    """The quit key pressed while a failed save's message is open: the app saves what it
    can, says what it could not and stays open; quitting again leaves without it."""
    _refuse_writes(monkeypatch, db_path)
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await settle(pilot, lambda: _title(app) == "Not saved")
        await pilot.press(quit_key)
        await settle(pilot, lambda: _title(app) == "Not saved: workbench stays open")
        assert not _exited(app)
        assert "read-only" in str(app.screen.body)  # type: ignore[attr-defined]
        await pilot.press(quit_key)  # again: leave without it
        await settle(pilot, lambda: _exited(app))
    assert app.return_code == 0
    assert verdicts(db_path) == {}


@pytest.mark.parametrize("quit_key", ["ctrl+q", "ctrl+c"])
async def test_quit_key_in_a_message_saves_then_exits(
    make_app: MakeApp, article_id: str, db_path: Path, quit_key: str
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        first = _first_three(app)
        await pilot.press("2", "question_mark")  # a verdict, then the help
        assert _title(app) == "Keys"
        await pilot.press(quit_key)
        await settle(pilot, lambda: _exited(app))
    assert verdicts(db_path) == {first[0]: "Mostly true"}


async def test_quit_in_a_burst_that_opens_a_dialog(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    """A key of the burst opens a dialog before the quit key behind it reaches the app: the
    quit still happens, after the verdicts before it."""
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        first = _first_three(app)
        burst(app, "3", "j", "4", "question_mark", "ctrl+q", "escape", "5")
        await settle(pilot, lambda: _exited(app))
    assert verdicts(db_path) == {first[0]: "Mixed", first[1]: "Mostly false"}


# The dialogs in which the reviewer types: the key that opens each on the review screen.
TEXT_DIALOGS = [("n", NoteModal), ("slash", AskModal), ("e", EvidenceModal)]


@pytest.mark.parametrize("quit_key", ["ctrl+q", "ctrl+c"])
@pytest.mark.parametrize(("opener", "dialog"), TEXT_DIALOGS)
async def test_quit_key_in_a_text_dialog_saves_then_exits(
    tmp_path: Path, opener: str, dialog: type, quit_key: str
) -> None:
    """Letters typed in the dialog (q among them) are text, typed before the quit key
    in one burst; the quit key quits, and the verdict given before is saved."""
    db_path = tmp_path / "demo.db"  # the demo has sources: "/" searches them
    app = build_app(db_path, Config(), "ann", build_demo_database(db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        first = _first_three(app)
        await pilot.press("6", opener)
        assert isinstance(app.screen, dialog)
        field = _text_field(app)
        burst(app, "q", "u", "o", "t", "e", quit_key)
        await settle(pilot, lambda: _exited(app))
        assert _typed(field) == "quote"
    assert verdicts(db_path) == {first[0]: "Unverifiable"}


@pytest.mark.parametrize(("opener", "dialog"), TEXT_DIALOGS)
async def test_letters_in_a_text_dialog_are_text_and_ctrl_c_copies_a_selection(
    tmp_path: Path, opener: str, dialog: type
) -> None:
    db_path = tmp_path / "demo.db"
    app = build_app(db_path, Config(), "ann", build_demo_database(db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(opener)
        field = _text_field(app)
        burst(app, "q", "q")  # q: back on a screen, close on a message; here two letters
        await settle(pilot, lambda: _typed(field) == "qq")
        field.select_all()
        await pilot.press("ctrl+c")  # copies the selection, and does not quit
        await pilot.pause()  # a quit would have put its saving notice on top by now
        assert app.clipboard == "qq"
        assert isinstance(app.screen, dialog) and not _exited(app)
        field.action_cursor_right()  # nothing selected: ctrl+c quits
        await pilot.press("ctrl+c")
        await settle(pilot, lambda: _exited(app))


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


async def test_review_opened_directly_goes_back_to_the_articles_then_quits(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    """`review --article` opens the review screen alone (its first claim shows sooner);
    q still goes back to the articles screen, made then, and q again quits, even typed in
    one burst after a verdict."""
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        first = _first_three(app)
        await pilot.press("q")
        await settle(pilot, lambda: type(app.screen).__name__ == "ArticlesScreen")
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, ReviewScreen))
        burst(app, "2", "q", "q")
        await settle(pilot, lambda: _exited(app))
    assert verdicts(db_path) == {first[0]: "Mostly true"}


async def test_burst_of_q_q_from_a_review_opened_directly_saves_and_quits(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        first = _first_three(app)
        burst(app, "3", "q", "q")  # back makes the articles screen; the second q quits
        await settle(pilot, lambda: _exited(app))
    assert verdicts(db_path) == {first[0]: "Mixed"}
