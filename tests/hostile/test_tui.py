"""The TUI attacked with the hostile corpus: terminal escapes and markup in every piece of
text that reaches the screen (titles, names, notes, labels from the database or the
config) arrive as inert text, and an evidence address follows the one URL rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, Label

from review_db import ReviewStore
from review_db.connection import utc_timestamp
from review_db.ids import new_event_id
from tests.hostile import (
    MARKUP_BRACKETS,
    MARKUP_CLOSING,
    OSC_CLIPBOARD,
    OSC_TITLE,
    TERMINAL_ATTACKS,
    assert_inert,
)
from tests.review_logs import add_events
from tests.tui.conftest import add_article, settle
from workbench.config import Config, parse_config
from workbench.errors import ConfigError
from workbench.safe_text import printable
from workbench.tui.app import build_app
from workbench.tui.modals import EvidenceModal, MessageModal
from workbench.tui.screens.conflicts import ConflictsScreen
from workbench.tui.screens.review import ReviewScreen

ATTACK = "".join(TERMINAL_ATTACKS.values())
ARTICLE = "Storm report\n\nThe storm killed 3 people on Monday, officials said.\n"


def _shown(app: object) -> str:
    """Everything the app would send to the terminal for the current screen."""
    return app.export_screenshot()  # type: ignore[attr-defined, no-any-return]


async def test_escapes_in_titles_names_notes_and_labels_are_inert(db_path: Path) -> None:
    article = add_article(db_path, ARTICLE, title=f"Title {OSC_TITLE}{OSC_CLIPBOARD}{ATTACK}")
    with ReviewStore(db_path) as store:
        claim = store.claims(article)[0]
        other = f"bob{OSC_TITLE}"
        # The log refuses such names and labels now; a database written before it did may
        # still hold them, so they are planted directly.
        forged = [
            (claim.id, other, "verdict", {"label": f"False{OSC_CLIPBOARD}"}),
            (claim.id, other, "note", {"text": f"note {ATTACK}"}),
            (claim.id, "ann", "verdict", {"label": f"True{OSC_TITLE}"}),
        ]
        add_events(store, [(new_event_id(), *event, utc_timestamp()) for event in forged])
    app = build_app(db_path, Config(), f"ann{OSC_TITLE}", article)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert "\x1b" not in screen.sub_title and "\\x1b]2;PWNED" in screen.sub_title
        assert app.title == "workbench"
        assert_inert(_shown(app))
        await pilot.press("v")  # other reviewers' names, verdicts and notes
        assert_inert(_shown(app))
        await pilot.press("h")  # history
        assert isinstance(app.screen, MessageModal)
        assert_inert(_shown(app))
        await pilot.press("escape", "c")  # conflicts: ann's and bob's verdicts side by side
        assert isinstance(app.screen, ConflictsScreen)
        await settle(pilot, lambda: "PWNED" in _shown(app))
        assert "\x1b" not in app.screen.sub_title
        assert_inert(_shown(app))


def test_a_config_label_with_escapes_is_refused_inert() -> None:
    with pytest.raises(ConfigError) as refused:
        parse_config(
            f"scale:\n  - {{label: {json.dumps(f'Odd{OSC_TITLE}')}, key: x, colour: red, "
            "rating: 0}\n",
            "workbench.yaml",
        )
    assert "control character" in refused.value.message
    assert_inert(printable(refused.value.message))


@pytest.mark.parametrize("label", [MARKUP_CLOSING, MARKUP_BRACKETS])
async def test_config_labels_are_text_not_markup(db_path: Path, label: str) -> None:
    config = parse_config(
        f"scale:\n  - {{label: {json.dumps(label)}, key: x, colour: red, rating: 0}}\n"
        "  - {label: Fine, key: y, colour: green, rating: 1}\n",
        "workbench.yaml",
    )
    article = add_article(db_path, ARTICLE)
    app = build_app(db_path, config, "ann", article)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("x")
        await app.writes_saved()
        await pilot.pause()
        shown = _shown(app)
        assert_inert(shown)
        visible = label.replace("\x1b", "\\x1b")
        notices = [str(n.message) for n in app._notifications]  # noqa: SLF001
        assert f"Saved: {visible} on claim" in " ".join(notices)
        await pilot.press("question_mark")  # help lists the label as written
        assert isinstance(app.screen, MessageModal)
        assert_inert(_shown(app))
        await pilot.press("escape", "ctrl+p")  # the palette offers it by name
        await pilot.pause()
        assert_inert(_shown(app))
    with ReviewStore(db_path) as store:
        (claim,) = [c for c in store.claims(article) if store.claim_state(c.id, "ann").verdict]
        assert store.claim_state(claim.id, "ann").verdict == label


@pytest.mark.parametrize(
    "url", ["https://x y", "javascript:alert(1)", "https://a.example/\nX-Injected: 1"]
)
async def test_outside_evidence_address_follows_the_url_rule(db_path: Path, url: str) -> None:
    article = add_article(db_path, ARTICLE)
    app = build_app(db_path, Config(), "ann", article)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("e")
        modal = app.screen
        assert isinstance(modal, EvidenceModal)
        modal.query_one("#evidence-url", Input).value = url
        modal.query_one("#evidence-quote", Input).value = "quoted"
        await pilot.press("enter")
        assert app.screen is modal  # refused in place
        problem = str(modal.query_one("#evidence-problem", Label).render())
        assert problem.startswith("Address refused:") and "\n" not in problem
    with ReviewStore(db_path) as store:
        assert store.conn.execute("SELECT count(*) FROM events").fetchone() == (0,)
