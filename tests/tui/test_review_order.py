"""Review order (review.order, and O to switch): claims and quotes first in article or
worthiness order; switching keeps the claim on screen, and the keys after it (in a
burst too) move in the new order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from review_db import ReviewStore
from workbench.config import parse_config
from workbench.tui.app import WorkbenchApp, build_app
from workbench.tui.navigation import review_order
from workbench.tui.screens.review import ReviewScreen

from .conftest import plain, settle
from .test_key_bursts import burst, verdicts

MakeApp = Callable[..., WorkbenchApp]


def _review(app: WorkbenchApp) -> ReviewScreen:
    assert isinstance(app.screen, ReviewScreen) and app.screen.nav is not None
    return app.screen


def _orders(db_path: Path, article_id: str) -> tuple[list[int], list[int]]:
    """Claim numbers in article order and in worthiness order."""
    with ReviewStore(db_path) as store:
        briefs = store.claim_briefs(article_id)
    return (
        [c.ordinal for c in review_order(briefs, "article")],
        [c.ordinal for c in review_order(briefs, "worthiness")],
    )


def _shown(screen: ReviewScreen) -> int:
    assert screen.claim is not None
    assert f"Claim {screen.claim.ordinal}" in screen.column.claim_text
    return screen.claim.ordinal


async def test_the_config_can_start_in_worthiness_order(db_path: Path, article_id: str) -> None:
    article, worthiness = _orders(db_path, article_id)
    assert article != worthiness
    config = parse_config("review:\n  order: worthiness\n", "workbench.yaml")
    app = build_app(db_path, config, "ann", article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = _review(app)
        assert _shown(screen) == worthiness[0]
        assert screen.sub_title.startswith("worthiness order — Storm")
        await pilot.press("j", "j")
        assert _shown(screen) == worthiness[2]


async def test_switching_keeps_the_claim_and_j_k_follow_the_new_order(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    article, worthiness = _orders(db_path, article_id)
    app = make_app(article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = _review(app)
        assert screen.sub_title.startswith("article order — Storm")
        await pilot.press("j", "j")
        here = _shown(screen)
        assert here == article[2]
        await pilot.press("O")
        assert _shown(screen) == here and screen.sub_title.startswith("worthiness order")
        where = worthiness.index(here)
        position = plain(screen.query_one("#position"))  # type: ignore[arg-type]
        assert f"claim {where + 1} of {len(worthiness)}" in position
        await pilot.press("j")
        assert _shown(screen) == worthiness[where + 1]
        await pilot.press("k", "k")
        assert _shown(screen) == worthiness[where - 1]
        await pilot.press("O")
        back = _shown(screen)
        assert screen.sub_title.startswith("article order")
        await pilot.press("j")
        assert _shown(screen) == article[article.index(back) + 1]


async def test_a_burst_across_a_switch_acts_on_the_claims_each_key_met(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    article, worthiness = _orders(db_path, article_id)
    first = article[0]
    second = worthiness[worthiness.index(first) + 1]
    third = article[article.index(second) + 1]
    assert len({first, second, third}) == 3
    app = make_app(article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = _review(app)
        burst(app, "1", "O", "j", "2", "O", "j", "3")
        await settle(pilot, lambda: screen.order == "article" and screen.claim is not None
                     and screen.claim.ordinal == third)  # fmt: skip
        await app.writes_saved()
    assert verdicts(db_path) == {first: "True", second: "Mostly true", third: "Mixed"}


async def test_a_filter_keeps_what_it_shows_across_a_switch(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    article, worthiness = _orders(db_path, article_id)
    app = make_app(article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = _review(app)
        assert screen.nav is not None
        await pilot.press("1", "f")  # a verdict on the first claim, then "unreviewed"
        assert screen.nav.filter == "unreviewed"
        shown = {c.ordinal for c in screen.nav.visible}
        assert article[0] not in shown
        await pilot.press("O")
        assert screen.nav.filter == "unreviewed"
        assert [c.ordinal for c in screen.nav.visible] == [o for o in worthiness if o in shown]
