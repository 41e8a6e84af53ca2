"""A claim checked before (here: the same sentence reviewed in an earlier article) says so
on the review screen, and one key reuses the earlier verdict as one undoable action."""

from __future__ import annotations

from pathlib import Path

from review_db import ReviewStore
from workbench.config import Config
from workbench.tui.app import build_app
from workbench.tui.screens.review import ReviewScreen

from .conftest import add_article, settle

SHARED = "The council voted 7 to 2 on Monday to build the new Harlow bridge."
FIRST = f"Bridge vote\n\n{SHARED} Work starts in May.\n"
SECOND = f"Council news\n\nResidents gathered outside the hall. {SHARED}\n"


async def test_checked_before_is_shown_and_reused_with_one_key(db_path: Path) -> None:
    first = add_article(db_path, FIRST, title="First")
    second = add_article(db_path, SECOND, title="Second")
    with ReviewStore(db_path) as store:
        (earlier,) = [c for c in store.claims(first) if c.text == SHARED]
        store.record_event(earlier.id, "bob", "verdict", {"label": "Mostly true"})
        (claim,) = [c for c in store.claims(second) if c.text == SHARED]
    app = build_app(db_path, Config(), "ann", second)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.nav is not None and screen.nav.go_to_ordinal(claim.ordinal)
        screen.show_claim()
        column = screen.column
        await settle(pilot, lambda: "Checked before" in column.claim_text)
        (line,) = [ln for ln in column.claim_text.splitlines() if "Checked before" in ln]
        assert "Mostly true" in line and "earlier review by bob" in line
        await pilot.press("r")
        await app.writes_saved()
    with ReviewStore(db_path) as store:
        assert store.claim_state(claim.id, "ann").verdict == "Mostly true"
        (event,) = [e.event for e in store.history(claim.id)]
        assert event.value["reused_from"]["claim_id"] == earlier.id
        assert store.undo("ann") and store.claim_state(claim.id, "ann").verdict is None


async def test_a_claim_not_checked_before_says_nothing_and_r_records_nothing(
    db_path: Path,
) -> None:
    article = add_article(db_path, FIRST, title="First")
    app = build_app(db_path, Config(), "ann", article)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        shown = screen.claim
        assert shown is not None
        await settle(pilot, lambda: shown.id in screen.checked_before)
        assert screen.checked_before[shown.id] is None
        await pilot.press("r")
        await pilot.pause()
        assert "Checked before" not in screen.column.claim_text
    with ReviewStore(db_path) as store:
        assert store.conn.execute("SELECT count(*) FROM events").fetchone() == (0,)
