"""Fixtures for driving the real app with Pilot against a real temporary database."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from review_db import ReviewStore
from workbench.claims.extract import SEGMENTER_VERSION, extract_claims
from workbench.config import Config
from workbench.tui.app import WorkbenchApp, build_app

FIXTURE = Path(__file__).parents[1] / "fixtures" / "articles" / "every-kind.txt"


def add_article(db_path: Path, text: str, title: str = "Storm") -> str:
    with ReviewStore(db_path, create=True) as store:
        added = store.add_article(
            text, title=title, claims=extract_claims(text), segmenter=SEGMENTER_VERSION
        )
        return added.article.id


@pytest.fixture
def article_id(db_path: Path) -> str:
    return add_article(db_path, FIXTURE.read_text())


@pytest.fixture
def make_app(db_path: Path) -> Callable[..., WorkbenchApp]:
    def make(article: str | None = None, reviewer: str = "ann") -> WorkbenchApp:
        return build_app(db_path, Config(), reviewer, article)

    return make


def plain(widget: Static) -> str:
    """What a Static shows, as plain text (its content rendered by Rich, wide)."""
    console = Console(width=300, file=io.StringIO(), color_system=None)
    console.print(widget.content)
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]


async def settle(pilot: Pilot[None], done: Callable[[], bool], seconds: float = 5.0) -> None:
    """Let workers and the writer thread finish until ``done()`` holds."""
    for _ in range(int(seconds / 0.02)):
        await pilot.pause()
        if done():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the app did not get there in time")
