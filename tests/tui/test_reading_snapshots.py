"""How the reading view looks at 80x24 and 120x40 (update only after reading the SVGs:
pytest tests/tui/test_reading_snapshots.py --snapshot-update)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from review_db import ReviewStore
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.reading import ArticleView, ReadingScreen

from .conftest import settle

MakeApp = Callable[..., WorkbenchApp]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_reading_view_lights_the_claim_and_marks_verdicts(
    snap_compare: Any, make_app: MakeApp, article_id: str, db_path: Path, size: tuple[int, int]
) -> None:
    with ReviewStore(db_path) as store:
        claims = [c for c in store.claims(article_id) if c.kind in ("claim", "quote")]
        flagged = next(c for c in claims if c.signals["flags"])
        store.record_events(
            "ann",
            [(claims[0].id, "verdict", {"label": "True"}),
             (claims[2].id, "verdict", {"label": "Mixed"}),
             (flagged.id, "verdict", {"label": "Mostly false"})],
        )  # fmt: skip

    async def open_reading(pilot: Pilot[None]) -> None:
        await pilot.press("g", *str(flagged.ordinal), "enter", "a")
        await settle(pilot, lambda: isinstance(pilot.app.screen, ReadingScreen))
        view = pilot.app.screen.query_one(ArticleView)
        await settle(pilot, lambda: view.lines is not None)

    assert snap_compare(make_app(article_id), terminal_size=size, run_before=open_reading)
