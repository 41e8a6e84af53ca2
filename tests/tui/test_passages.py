"""Passages in the review screen: shown for each claim, marked as evidence, searched."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from review_db import ReviewStore
from review_db.models import PassageRef
from workbench.cli.tui import build_demo_database
from workbench.config import Config
from workbench.tui.app import build_app
from workbench.tui.passage_list import PassageList
from workbench.tui.screens.review import ReviewScreen

from .conftest import plain, settle


def _evidence(db_path: Path, claim_id: str) -> tuple[object, ...]:
    with ReviewStore(db_path) as store:
        return store.claim_state(claim_id, "ann").evidence


async def test_passages_marked_as_evidence_and_searched(tmp_path: Path) -> None:
    db_path = tmp_path / "demo.db"
    article = build_demo_database(db_path)
    app = build_app(db_path, Config(), "ann", article)
    async with app.run_test(size=(110, 32)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        passages = screen.query_one(PassageList)
        await settle(pilot, lambda: len(passages.matches) > 0)
        claim = screen.claim
        assert claim is not None
        chosen = passages.highlighted_passage
        await pilot.press("space")
        await settle(pilot, lambda: _evidence(db_path, claim.id) == (PassageRef(chosen),))
        await settle(pilot, lambda: "✓" in passages.drawn(0))
        await pilot.press("space")
        await settle(pilot, lambda: _evidence(db_path, claim.id) == ())
        # in the passage list the arrows move the highlight, not the claim
        await pilot.press("tab", "tab")
        assert app.focused is passages
        await pilot.press("down")
        assert screen.claim == claim and passages.highlighted == 1
        await pilot.press("j")  # j always moves the claim
        assert screen.claim != claim
        # search with your own words; escape returns to the claim's passages
        await pilot.press("slash")
        app.screen.query_one(Input).value = "substation flooded"
        await pilot.press("enter")
        title = screen.query_one("#passages-title", Static)
        await settle(pilot, lambda: "Search" in plain(title) and len(passages.matches) > 0)
        assert "substation" in passages.drawn(0).lower()
        await pilot.press("escape")
        await settle(pilot, lambda: plain(title).startswith("Sources"))


async def test_cached_matches_show_at_once(tmp_path: Path) -> None:
    from workbench.corpus import matching

    db_path = tmp_path / "demo.db"
    article = build_demo_database(db_path)
    with ReviewStore(db_path) as store:
        for claim in store.claims(article):
            matching.find_matches(store, claim.text, top=10)
    app = build_app(db_path, Config(), "ann", article)
    async with app.run_test(size=(110, 32)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        for _ in range(4):  # the body's first claims (the fifth, a quote, has no match)
            await pilot.press("j")
            # no worker needed: the list is filled in the same key press
            assert screen.query_one(PassageList).matches


def test_passage_view_lights_the_shared_words_and_dims_weak_passages() -> None:
    from workbench.corpus.matching import Match
    from workbench.tui.render import passage_view

    text = "Fighters took three districts \x1b]2;PWNED\x1b\\ in Baghlan, officials said."
    words = ((text.index("three"), text.index("three") + 5), (text.index("Baghlan"),
             text.index("Baghlan") + 7))  # fmt: skip
    found = Match("p" * 16, "s" * 16, "Wire", None, None, None, text, 62.0,
                  (0, text.index(",")), (), words)  # fmt: skip
    shown = passage_view(found, False, 1, min_score=15)
    bold = {shown.plain[s.start : s.end] for s in shown.spans if "bold" in str(s.style)}
    assert {"three", "Baghlan"} <= bold and "Fighters" not in bold  # words, not the sentence
    assert "weak" not in shown.plain and "\x1b" not in shown.plain
    weak = passage_view(Match(**{**found.__dict__, "score": 9.0}), False, 1, min_score=15)
    assert weak.plain.split("\n")[0].split()[1:3] == ["9", "weak"]


async def test_the_configured_ranker_ranks_the_passages_and_its_missing_extra_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from workbench.config import parse_config
    from workbench.corpus import semantic
    from workbench.tui.modals import MessageModal

    monkeypatch.setattr(semantic, "_model", None)
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # extra not installed
    db_path = tmp_path / "demo.db"
    article = build_demo_database(db_path)
    config = parse_config("matching:\n  ranker: semantic\n", "workbench.yaml")
    app = build_app(db_path, config, "ann", article)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, MessageModal))
        modal = app.screen
        assert isinstance(modal, MessageModal)
        assert modal.title_text == "matching the claim against the sources failed"
        assert "pip install 'workbench[semantic]'" in str(modal.body)
