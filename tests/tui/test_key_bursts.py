"""Keys typed faster than the app handles them (fast typing, ssh, a paste) act on the
claim that was on screen when each was pressed, in the order pressed, and none is lost.

``pilot.press`` waits for the app to go idle after every key, which hides the race, so
these tests deliver a whole burst at once, as a terminal does when keys arrive together.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.widgets import OptionList, Static, TextArea

from review_db import ReviewStore
from review_db.models import PassageRef
from workbench.cli.tui import build_demo_database
from workbench.config import Config
from workbench.tui.app import WorkbenchApp, build_app
from workbench.tui.modals import ConfirmModal, NoteModal
from workbench.tui.passage_list import PassageList
from workbench.tui.screens.conflicts import ConflictsScreen
from workbench.tui.screens.review import ReviewScreen

from .conftest import plain, settle

MakeApp = Callable[..., WorkbenchApp]


def burst(app: WorkbenchApp, *keys: str) -> None:
    """Deliver ``keys`` all at once: each is queued before the app has handled the last."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


def verdicts(db_path: Path, reviewer: str = "ann") -> dict[int, str]:
    """Claim ordinal -> this reviewer's verdict, for every claim with one."""
    with ReviewStore(db_path) as store:
        found = {}
        for article in store.articles():
            for claim in store.claims(article.id):
                verdict = store.claim_state(claim.id, reviewer).verdict
                if verdict is not None:
                    found[claim.ordinal] = verdict
        return found


def _review(app: WorkbenchApp) -> ReviewScreen:
    assert isinstance(app.screen, ReviewScreen) and app.screen.nav is not None
    return app.screen


async def _handled(app: WorkbenchApp, pilot: object, position: int) -> None:
    """Wait until the burst has moved the screen to ``position`` and everything it gave
    is committed."""
    screen = _review(app)
    await settle(pilot, lambda: screen.nav is not None and screen.nav.position == position)  # type: ignore[arg-type]
    await app.writes_saved()


async def test_verdict_then_next_in_bursts(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = _review(app)
        assert screen.nav is not None
        order = [c.ordinal for c in screen.nav.visible]
        for _ in range(4):  # four bursts of "3j", as a fast typist gives them
            burst(app, "3", "j")
        await _handled(app, pilot, 4)
        assert verdicts(db_path) == dict.fromkeys(order[:4], "Mixed")
        burst(app, *"1j1j1j1j")  # one burst of four verdicts
        await _handled(app, pilot, 8)
        assert verdicts(db_path) == {
            **dict.fromkeys(order[:4], "Mixed"), **dict.fromkeys(order[4:8], "True")
        }  # fmt: skip
        burst(app, "5", "k", "k", "6", "J", "7")  # back, and on to the next unreviewed
        await _handled(app, pilot, 9)
        assert verdicts(db_path) == {
            **dict.fromkeys(order[:4], "Mixed"), order[4]: "True", order[5]: "True",
            order[6]: "Unverifiable", order[7]: "True", order[8]: "False",
            order[9]: "Not a claim",
        }  # fmt: skip


async def test_undo_in_a_burst_acts_on_the_claim_on_screen(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = _review(app)
        assert screen.nav is not None
        first, second = (c.ordinal for c in screen.nav.visible[:2])
        burst(app, "1", "j", "2", "k", "u")
        await _handled(app, pilot, 0)
        assert verdicts(db_path) == {second: "Mostly true"}
        await settle(pilot, lambda: "Your verdict: none yet" in screen.column.claim_text)
        assert screen.claim is not None and screen.claim.ordinal == first


async def test_note_saved_on_the_claim_it_was_opened_for(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = _review(app)
        claim = screen.claim
        assert claim is not None
        await pilot.press("n")
        assert isinstance(app.screen, NoteModal)
        assert f"Note on claim {claim.ordinal}" in str(app.screen.query_one("Label").render())
        screen.action_move(1)  # the screen behind moves on (say, another writer refreshed it)
        assert screen.claim != claim
        app.screen.query_one(TextArea).text = "checked"
        await pilot.press("ctrl+s")
        await app.writes_saved()
    with ReviewStore(db_path) as store:
        assert store.claim_state(claim.id, "ann").note == "checked"
        assert store.conn.execute("SELECT count(*) FROM events").fetchone() == (1,)


async def test_note_typed_and_saved_in_one_burst_keeps_every_letter(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    """ctrl+s right behind the letters (a paste, a fast typist) saves them all."""
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        claim = _review(app).claim
        assert claim is not None
        await pilot.press("n")
        burst(app, "o", "k", "ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await app.writes_saved()
    with ReviewStore(db_path) as store:
        assert store.claim_state(claim.id, "ann").note == "ok"


async def test_escape_right_after_typing_a_note_asks_before_discarding_it(
    make_app: MakeApp, article_id: str
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        note = app.screen
        burst(app, "o", "k", "escape")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("n")  # keep it
        assert app.screen is note and note.query_one(TextArea).text == "ok"


async def test_evidence_toggled_twice_in_a_burst_is_added_then_removed(tmp_path: Path) -> None:
    db_path = tmp_path / "demo.db"
    article = build_demo_database(db_path)
    app = build_app(db_path, Config(), "ann", article)
    async with app.run_test(size=(110, 32)) as pilot:
        screen = _review(app)
        passages = screen.query_one(PassageList)
        await settle(pilot, lambda: len(passages.matches) > 0)
        first = screen.claim
        assert first is not None
        burst(app, "space", "space", "j")  # on, off again, next claim
        await _handled(app, pilot, 1)
        second = screen.claim
        assert second is not None
        await settle(pilot, lambda: len(passages.matches) > 0)
        chosen = passages.highlighted_passage
        burst(app, "space", "k")
        await _handled(app, pilot, 0)
        with ReviewStore(db_path) as store:
            assert store.claim_state(first.id, "ann").evidence == ()
            assert store.claim_state(second.id, "ann").evidence == (PassageRef(chosen),)
            kinds = [k for (k,) in store.conn.execute("SELECT kind FROM events ORDER BY rowid")]
        assert kinds == ["evidence-add", "evidence-remove", "evidence-add"]


async def test_evidence_keys_right_after_a_move_act_on_the_new_claims_passages(
    tmp_path: Path,
) -> None:
    """The passage list is drawn a frame after the claim; keys typed before that frame
    still pick among the passages of the claim they were typed on."""
    from workbench.corpus import matching

    db_path = tmp_path / "demo.db"
    article = build_demo_database(db_path)
    with ReviewStore(db_path) as store:
        expected = {
            claim.id: [m.passage_id for m in matching.find_matches(store, claim.text, top=10)]
            for claim in store.claims(article)
        }
    app = build_app(db_path, Config(), "ann", article)
    async with app.run_test(size=(110, 32)) as pilot:
        screen = _review(app)
        assert screen.nav is not None
        second, third = screen.nav.visible[1:3]
        assert len(expected[second.id]) > 1 and len(expected[third.id]) > 1
        burst(app, "j", "space")  # the second claim's first passage
        await _handled(app, pilot, 1)
        await pilot.press("tab", "tab")  # into the passage list: arrows move its highlight
        assert app.focused is screen.query_one(PassageList)
        burst(app, "j", "down", "space")  # the third claim's second passage
        await _handled(app, pilot, 2)
        with ReviewStore(db_path) as store:
            assert store.claim_state(second.id, "ann").evidence == (
                PassageRef(expected[second.id][0]),
            )
            assert store.claim_state(third.id, "ann").evidence == (
                PassageRef(expected[third.id][1]),
            )


async def test_adjudication_in_a_burst_settles_the_highlighted_conflict(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    with ReviewStore(db_path) as store:
        claims = [c for c in store.claims(article_id) if c.kind == "claim"][:2]
        for claim in claims:
            store.record_event(claim.id, "ann", "verdict", {"label": "True"})
            store.record_event(claim.id, "bob", "verdict", {"label": "False"})
    app = make_app(article_id, reviewer="cy")
    async with app.run_test(size=(110, 32)) as pilot:
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, ConflictsScreen)
        options = screen.query_one(OptionList)
        await settle(pilot, lambda: options.option_count == 2)
        burst(app, "4", "down")
        await settle(pilot, lambda: options.highlighted == 1)
        await app.writes_saved()
        # The detail follows the highlight, not the claim whose save finished last.
        detail = screen.query_one("#conflict", Static)
        await settle(pilot, lambda: claims[1].text[:30] in plain(detail))
        assert "Open: a verdict key" in plain(detail)
        burst(app, "2", "up")
        await settle(pilot, lambda: options.highlighted == 0)
        await app.writes_saved()
        with ReviewStore(db_path) as store:
            settled = {c.claim_id: c.adjudicated for c in store.conflicts(article_id)}
        assert settled == {claims[0].id: "Mostly false", claims[1].id: "Mostly true"}
        await settle(pilot, lambda: "Settled: Mostly false by cy" in plain(detail))
        assert claims[0].text[:30] in plain(detail)
