"""How the main screens look at 100x30 (update only after looking at the report:
pytest tests/tui/test_snapshots.py --snapshot-update)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from review_db import ReviewStore
from workbench.tui.app import WorkbenchApp

MakeApp = Callable[..., WorkbenchApp]


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
