"""How the overview looks at 80x24 and 120x40 (update only after reading the SVG's text:
pytest tests/tui/test_overview_snapshots.py --snapshot-update)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from review_db import ReviewStore
from review_db.models import EvidenceAdd, OutsideSource, Verdict
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.overview import OverviewScreen
from workbench.tui.unit_table import UnitTable

from .conftest import settle

MakeApp = Callable[..., WorkbenchApp]


def _reviewed(db_path: Path, article_id: str) -> None:
    """Verdicts by ann (who looks) and by bob and cy, one of them disputed, and evidence."""
    with ReviewStore(db_path) as store:
        claims = [c for c in store.claims(article_id) if c.kind in ("claim", "quote")]
        flagged = next(c for c in claims if c.flags)
        evidence = EvidenceAdd(OutsideSource("https://example.org/a", "300 homes"))
        store.record_actions("ann", [(claims[0].id, Verdict("True")), (claims[0].id, evidence)])
        store.record_actions("ann", [(flagged.id, Verdict("Mostly false"))])
        store.record_actions("bob", [(flagged.id, Verdict("False"))])
        store.record_actions("cy", [(flagged.id, Verdict("Mostly false"))])
        store.record_actions("bob", [(claims[2].id, Verdict("Unverifiable"))])


def _opened(keys: tuple[str, ...]) -> Callable[[Pilot[None]], Any]:
    """Press ``keys`` on the review screen, then wait for the rows and for the "checked
    before" markers of the rows in view (the screenshot must not catch them half done)."""

    async def run(pilot: Pilot[None]) -> None:
        await pilot.press(*keys)
        await settle(pilot, lambda: isinstance(pilot.app.screen, OverviewScreen))
        screen = pilot.app.screen
        assert isinstance(screen, OverviewScreen)
        await settle(pilot, lambda: screen.rows is not None)
        table = screen.query_one(UnitTable)
        await settle(pilot, lambda: all(r.id in screen.checked for r in table.rows_in_view()))
        pilot.app.clear_notifications()  # "Showing other reviewers' verdicts" and the like

    return run


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_overview(
    snap_compare: Any, make_app: MakeApp, article_id: str, db_path: Path, size: tuple[int, int]
) -> None:
    _reviewed(db_path, article_id)
    app = make_app(article_id)
    assert snap_compare(app, terminal_size=size, run_before=_opened(("o",)))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_overview_with_others_shown_sorted_by_flags(
    snap_compare: Any, make_app: MakeApp, article_id: str, db_path: Path, size: tuple[int, int]
) -> None:
    _reviewed(db_path, article_id)
    app = make_app(article_id)
    assert snap_compare(app, terminal_size=size, run_before=_opened(("o", "v", "s", "s")))
