"""How the main screens look at 100x30, and at 80x24 and 120x40 (update only after
looking at the report: pytest tests/tui/test_snapshots.py --snapshot-update)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from review_db import ReviewStore
from workbench.tui.app import WorkbenchApp

from .conftest import add_article

MakeApp = Callable[..., WorkbenchApp]
LONG_TITLE = "Floods in Port Aldous: what the council, the coastguard and the mayor said"


def test_articles_screen(snap_compare: Any, make_app: MakeApp, article_id: str) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30))


def test_review_screen(
    snap_compare: Any, make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    with ReviewStore(db_path) as store:
        claims = store.claims(article_id)
        flagged = next(c for c in claims if c.signals["flags"] and c.kind == "claim")
        store.record_events(
            "ann",
            [(flagged.id, "verdict", {"label": "Mostly false"}),
             (flagged.id, "note", {"text": "Coastguard says two, mayor says three."})],
        )  # fmt: skip
    app = make_app(article_id)
    assert snap_compare(app, terminal_size=(100, 30), press=["J", "k"])


def test_help_screen(snap_compare: Any, make_app: MakeApp, article_id: str) -> None:
    assert snap_compare(make_app(article_id), terminal_size=(100, 30), press=["question_mark"])


def _flagged_with_verdict(db_path: Path, article_id: str) -> int:
    """Give the first flagged claim a verdict and a note; returns its number."""
    with ReviewStore(db_path) as store:
        flagged = next(
            c for c in store.claims(article_id) if c.signals["flags"] and c.kind == "claim"
        )
        store.record_events(
            "ann",
            [(flagged.id, "verdict", {"label": "Mostly false"}),
             (flagged.id, "note", {"text": "Coastguard says two, mayor says three."})],
        )  # fmt: skip
        return flagged.ordinal


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_review_screen_keeps_flags_verdict_and_note_in_view(
    snap_compare: Any, make_app: MakeApp, article_id: str, db_path: Path, size: tuple[int, int]
) -> None:
    ordinal = _flagged_with_verdict(db_path, article_id)
    keys = ["g", *str(ordinal), "enter"]
    assert snap_compare(make_app(article_id), terminal_size=size, press=keys)


def test_compact_review_screen_shows_the_article_on_request(
    snap_compare: Any, make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    ordinal = _flagged_with_verdict(db_path, article_id)
    keys = ["g", *str(ordinal), "enter", "w"]
    assert snap_compare(make_app(article_id), terminal_size=(80, 24), press=keys)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_articles_screen_columns_fit(
    snap_compare: Any, make_app: MakeApp, article_id: str, db_path: Path, size: tuple[int, int]
) -> None:
    add_article(db_path, "The council said 40 homes flooded on Tuesday.\n", title=LONG_TITLE)
    assert snap_compare(make_app(), terminal_size=size)


def test_too_small_terminal_says_so(snap_compare: Any, make_app: MakeApp, article_id: str) -> None:
    assert snap_compare(make_app(article_id), terminal_size=(79, 23))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_passages_with_the_highlight_on_the_second(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    """The demo's second claim with its passages: numbers, scores, weak ones dimmed, the
    shared words in bold, the second passage highlighted in the focused list."""
    from workbench.cli.tui import build_demo_database
    from workbench.config import Config
    from workbench.corpus import matching
    from workbench.tui.app import build_app
    from workbench.tui.passage_list import PassageList
    from workbench.tui.screens.review import ReviewScreen

    from .conftest import settle

    db_path = tmp_path / "demo.db"
    article = build_demo_database(db_path)
    with ReviewStore(db_path) as store:  # matched ahead: the passages are read, not matched
        for claim in store.claims(article):
            matching.find_matches(store, claim.text, top=10)

    async def ready(pilot: Any) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("j")
        passages = screen.query_one(PassageList)
        claim = screen.claim
        await settle(pilot, lambda: bool(passages.matches) and claim.id in screen.checked_before)
        while pilot.app.focused is not passages:  # two tabs, one at 80x24 (no article)
            await pilot.press("tab")
        await pilot.press("down")
        assert passages.highlighted == 1

    app = build_app(db_path, Config(), "ann", article)
    assert snap_compare(app, terminal_size=size, run_before=ready)
