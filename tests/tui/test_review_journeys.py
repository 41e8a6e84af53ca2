"""Whole journeys through the review TUI, asserting what the database holds afterwards."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, Static, TextArea

from review_db import ReviewStore
from review_db.models import OutsideSource
from workbench.tui.app import WorkbenchApp
from workbench.tui.modals import ConfirmModal, MessageBody, MessageModal, NoteModal
from workbench.tui.screens.review import ReviewScreen

from .conftest import add_article, plain, settle

MakeApp = Callable[..., WorkbenchApp]


def _claim_text(app: WorkbenchApp) -> str:
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen.column.claim_text


def _screen(app: WorkbenchApp) -> ReviewScreen:
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


def _verdict(db_path: Path, claim_id: str, reviewer: str = "ann") -> str | None:
    with ReviewStore(db_path) as store:
        return store.claim_state(claim_id, reviewer).verdict


async def test_open_article_step_and_give_verdicts(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        screen = _screen(app)
        first = screen.claim
        assert first is not None and first.kind == "claim"  # claims come first
        await pilot.press("j")
        second = screen.claim
        assert second is not None and second.ordinal > first.ordinal
        assert second.text[:20] in _claim_text(app)
        await pilot.press("1")
        await settle(pilot, lambda: _verdict(db_path, second.id) == "True")
        await pilot.press("k", "5")
        await settle(pilot, lambda: _verdict(db_path, first.id) == "False")
        assert "Your verdict: False" in _claim_text(app)
        await pilot.press("down", "down", "up")  # arrows move between claims too
        assert screen.claim == second
        assert "reviewed 2/" in plain(app.screen.query_one("#position", Static))


async def test_verdict_keys_follow_the_configured_scale(db_path: Path, article_id: str) -> None:
    from workbench.config import parse_config
    from workbench.tui.app import build_app

    config = parse_config(
        "scale:\n  - {label: Correct, key: c, colour: green, rating: 1}\n"
        "  - {label: Wrong, key: w, colour: red, rating: 0}\n",
        "test.yaml",
    )
    app = build_app(db_path, config, "ann", article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        claim = _screen(app).claim
        assert claim is not None
        await pilot.press("w")
        await settle(pilot, lambda: _verdict(db_path, claim.id) == "Wrong")


async def test_note_saved_and_cancelled(make_app: MakeApp, article_id: str, db_path: Path) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        claim = _screen(app).claim
        assert claim is not None
        await pilot.press("n")
        assert isinstance(app.screen, NoteModal)
        app.screen.query_one(TextArea).insert("checked the wire copy")
        await pilot.press("ctrl+s")

        def note() -> str | None:
            with ReviewStore(db_path) as store:
                return store.claim_state(claim.id, "ann").note

        await settle(pilot, lambda: note() == "checked the wire copy")
        # typing then escape asks first; "n" keeps editing, "y" discards
        await pilot.press("n")
        app.screen.query_one(TextArea).insert("second thought")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        assert isinstance(app.screen, NoteModal)
        await pilot.press("escape", "y")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("n", "escape")  # nothing typed: closes at once
        assert isinstance(app.screen, ReviewScreen)
        await pilot.pause()
        assert note() == "checked the wire copy"


async def test_undo_takes_back_the_action_on_the_claim_on_screen(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = _screen(app)
        first = screen.claim
        assert first is not None
        await pilot.press("2", "j", "3")
        second = screen.claim
        assert second is not None and second != first
        await settle(pilot, lambda: _verdict(db_path, second.id) == "Mixed")
        await pilot.press("k", "u")  # the latest action is on the second claim, out of sight
        await settle(pilot, lambda: _verdict(db_path, first.id) is None)
        assert _verdict(db_path, second.id) == "Mixed"
        assert screen.claim == first  # the screen stays where the key was pressed
        await settle(pilot, lambda: "Your verdict: none yet" in _claim_text(app))
        await pilot.press("u")
        await app.writes_saved()
        assert _verdict(db_path, second.id) == "Mixed"  # nothing left to undo here


async def test_filters_history_go_to_and_outside_evidence(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = _screen(app)
        assert screen.nav is not None
        total = len(screen.nav.visible)
        await pilot.press("3")
        claim = screen.claim
        assert claim is not None
        await settle(pilot, lambda: _verdict(db_path, claim.id) == "Mixed")
        await pilot.press("f")  # unreviewed
        assert screen.nav.filter == "unreviewed" and len(screen.nav.visible) == total - 1
        await pilot.press("f")  # flagged
        assert screen.nav.visible and all(c.flagged for c in screen.nav.visible)
        await pilot.press("f")  # claims only
        assert {c.kind for c in screen.nav.visible} <= {"claim", "quote"}
        await pilot.press("f")  # all again
        assert screen.nav.filter == "all"
        await pilot.press("g", "1", "7", "enter")
        assert screen.claim is not None and screen.claim.ordinal == 17
        await pilot.press("e")
        app.screen.query_one("#evidence-url", Input).value = "https://coastguard.example/report"
        await pilot.press("enter")
        app.screen.query_one("#evidence-quote", Input).value = "two deaths confirmed"
        await pilot.press("enter")
        target = screen.claim

        def evidence() -> tuple[object, ...]:
            with ReviewStore(db_path) as store:
                return store.claim_state(target.id, "ann").evidence

        await settle(pilot, lambda: bool(evidence()))
        assert evidence() == (
            OutsideSource("https://coastguard.example/report", "two deaths confirmed"),
        )
        await pilot.press("h")
        assert isinstance(app.screen, MessageModal)
        body = app.screen.query_one(MessageBody).text
        assert "evidence-add" in body and "coastguard.example" in body
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_bad_outside_evidence_is_refused_in_place(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e", *"not a url", "enter", "escape")
        assert isinstance(app.screen, ReviewScreen)
    with ReviewStore(db_path) as store:
        assert store.conn.execute("SELECT count(*) FROM events").fetchone() == (0,)


async def test_blind_review_hides_others_until_asked(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    with ReviewStore(db_path) as store:
        first = store.claims(article_id)[4]  # the first in review order: the body comes first
        store.record_event(first.id, "bob", "verdict", {"label": "False"})
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        assert _screen(app).claim is not None and _screen(app).claim.id == first.id  # type: ignore[union-attr]
        assert "1 other reviewer(s) gave verdicts" in _claim_text(app)
        assert "bob" not in _claim_text(app)
        await pilot.press("v")
        assert "bob: False" in _claim_text(app)


async def test_other_writers_show_up_without_a_key(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        claim = _screen(app).claim
        assert claim is not None
        with ReviewStore(db_path) as other:  # the same reviewer in another terminal
            other.record_event(claim.id, "ann", "verdict", {"label": "Unverifiable"})
        await settle(pilot, lambda: "Your verdict: Unverifiable" in _claim_text(app), 4)


async def test_quit_goes_back_then_exits(make_app: MakeApp, article_id: str) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        assert not isinstance(app.screen, ReviewScreen)
        await pilot.press("q")
    assert app.return_code == 0 or app.return_code is None


async def test_untrusted_text_is_shown_literally(make_app: MakeApp, db_path: Path) -> None:
    text = (
        "Hostile page\n\n"
        "Officials said [bold]12[/bold] people [@click=app.quit]died[/] on Monday. "
        "The mayor \x1b[31mwarned\x1b[0m of 3 more deaths [link=https://evil.example]here[/link]."
        "\n\nA " + "x" * 3000 + " line. مرحبا بالعالم 🎉 שלום.\n"
    )
    article = add_article(db_path, text, title="[red]Hostile[/red]")
    app = make_app(article)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = _claim_text(app)
        assert "[bold]12[/bold]" in shown and "[@click=app.quit]died[/]" in shown
        await pilot.press("j")
        shown = _claim_text(app)
        assert "\\x1b[31mwarned" in shown and "\x1b" not in shown
        assert "[link=https://evil.example]" in shown
        await pilot.press("j", "j", "k", "k")
        assert app.is_running  # no markup action ran


async def test_empty_article_list_says_what_to_do(make_app: MakeApp, db_path: Path) -> None:
    ReviewStore(db_path, create=True).close()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "No articles yet" in plain(app.screen.query_one("#articles-intro", Static))
        await pilot.press("enter")  # nothing to open: nothing happens
        assert not isinstance(app.screen, ReviewScreen)


async def test_keys_remapped_from_config(db_path: Path, article_id: str) -> None:
    from workbench.config import parse_config
    from workbench.tui.app import build_app

    config = parse_config("keys:\n  next-claim: l\n", "keys.yaml")
    app = build_app(db_path, config, "ann", article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        first = _screen(app).claim
        await pilot.press("l")
        assert _screen(app).claim != first


async def test_command_palette_offers_the_screen_actions(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        claim = _screen(app).claim
        assert claim is not None
        await pilot.press("ctrl+p")
        await pilot.press(*"Unverifiable")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot, lambda: _verdict(db_path, claim.id) == "Unverifiable")


async def test_export_report_from_the_palette(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await pilot.press("ctrl+p")
        await pilot.press(*"Export report (html")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot, lambda: any(db_path.parent.glob("report-*.html")))
    (report,) = db_path.parent.glob(f"report-{article_id}-*.html")
    assert "<html" in report.read_text() and "True" in report.read_text()
