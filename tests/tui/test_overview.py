"""The overview (``o``): every unit of an article in one table, opened from the review
and the articles screens; enter goes to the unit chosen, keys typed in a burst included."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Static

from review_db import NewClaim, ReviewStore
from workbench.config import Config
from workbench.tui.app import WorkbenchApp, build_app
from workbench.tui.screens.articles import ArticlesScreen
from workbench.tui.screens.overview import OverviewScreen
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.unit_table import UnitTable

from .conftest import add_article, plain, settle
from .test_key_bursts import burst

MakeApp = Callable[..., WorkbenchApp]


def _review(app: WorkbenchApp) -> ReviewScreen:
    assert isinstance(app.screen, ReviewScreen) and app.screen.nav is not None
    return app.screen


def _shown_id(review: ReviewScreen) -> str | None:
    return review.claim.id if review.claim else None


async def _overview(app: WorkbenchApp, pilot: Pilot[None]) -> OverviewScreen:
    """The overview on top, once its rows are read."""
    await settle(pilot, lambda: isinstance(app.screen, OverviewScreen))
    screen = app.screen
    assert isinstance(screen, OverviewScreen)
    await settle(pilot, lambda: screen.rows is not None)
    return screen


def _lines(screen: OverviewScreen) -> list[str]:
    """The table's lines as drawn, heading first."""
    table = screen.query_one(UnitTable)
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


def _row_line(screen: OverviewScreen, ordinal: int) -> str:
    """The drawn line of the unit with this number (scrolled into view, the cursor left
    where it is)."""
    table = screen.query_one(UnitTable)
    index = next(i for i, row in enumerate(table.rows) if row.ordinal == ordinal)
    table.scroll_to(y=index, animate=False, immediate=True)
    return next(line for line in _lines(screen) if line.split()[:1] == [str(ordinal)])


async def test_o_opens_on_the_claim_shown_and_enter_returns_there(
    make_app: MakeApp, article_id: str
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        review = _review(app)
        shown = review.claim
        assert shown is not None
        await pilot.press("o")
        overview = await _overview(app, pilot)
        table = overview.query_one(UnitTable)
        assert table.current is not None and table.current.id == shown.id
        assert overview.sort == "article order" and overview.filter == "all"
        # Every unit is listed, headings and captions too, in article order.
        with ReviewStore(app.db_path) as store:
            units = store.claims(article_id)
        assert [row.ordinal for row in table.rows] == [c.ordinal for c in units]
        heading = next(c for c in units if c.kind == "heading")
        assert "heading" in _row_line(overview, heading.ordinal)
        await pilot.press("k", "enter")
        assert app.screen is review
        assert review.claim is not None and review.claim.ordinal == shown.ordinal - 1
        assert f"Claim {shown.ordinal - 1}" in review.column.claim_text


async def test_keys_in_a_burst_wait_for_the_rows_then_open_the_right_claim(
    make_app: MakeApp, article_id: str
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        review = _review(app)
        start = review.claim
        assert start is not None
        burst(app, "o", "j", "j", "enter")
        await settle(pilot, lambda: app.screen is review and review.claim != start)
        assert review.claim is not None and review.claim.ordinal == start.ordinal + 2
        # And again after a sort: one row down in worthiness order.
        with ReviewStore(app.db_path) as store:
            units = store.claims(article_id)
        by_worth = sorted(units, key=lambda c: (-c.worthiness, c.ordinal))
        at = next(i for i, c in enumerate(by_worth) if c.ordinal == start.ordinal + 2)
        wanted = by_worth[at + 1].id
        burst(app, "o", "s", "j", "enter")
        await settle(pilot, lambda: app.screen is review and _shown_id(review) == wanted)


async def test_a_verdict_given_just_before_o_is_in_the_table(
    make_app: MakeApp, article_id: str
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(120, 40)) as pilot:
        review = _review(app)
        claim = review.claim
        assert claim is not None
        burst(app, "4", "o")
        overview = await _overview(app, pilot)
        row = next(row for row in overview.rows or () if row.id == claim.id)
        assert row.verdict == "Mostly false"
        assert "Mostly false" in _row_line(overview, claim.ordinal)
        progress = plain(overview.query_one("#overview-progress", Static))
        assert "reviewed 1/10 claims and quotes" in progress
        assert "10 other units not counted" in progress


async def test_sort_and_filter_cycle_and_say_so(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    with ReviewStore(db_path) as store:
        units = store.claims(article_id)
        flagged = [c for c in units if c.flags]
        store.record_event(flagged[0].id, "ann", "verdict", {"label": "True"})
        store.record_event(flagged[0].id, "bob", "verdict", {"label": "False"})
    app = make_app(article_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        overview = await _overview(app, pilot)
        table = overview.query_one(UnitTable)
        bar = overview.query_one("#overview-bar", Static)
        await pilot.press("s")
        assert overview.sort == "worthiness" and "sort worthiness" in plain(bar)
        worths = [row.worthiness for row in table.rows]
        assert worths == sorted(worths, reverse=True)
        await pilot.press("s")
        assert [row.ordinal for row in table.rows][: len(flagged)] != []
        assert all(row.flags for row in table.rows[: len(flagged)])
        await pilot.press("s")  # disputed is held back by blind review: back to the start
        assert overview.sort == "article order"
        await pilot.press("f")
        assert overview.filter == "unreviewed" and flagged[0].id not in {r.id for r in table.rows}
        await pilot.press("f")
        assert {row.id for row in table.rows} == {c.id for c in flagged}
        assert f"{len(flagged)} of {len(units)} units" in plain(bar)
        await pilot.press("f", "v", "f", "f", "f")
        assert overview.filter == "disputed"
        assert [row.id for row in table.rows] == [flagged[0].id]
        await pilot.press("v")  # hiding the verdicts again drops the disputed filter
        assert overview.filter == "all" and len(table.rows) == len(units)


async def test_find_narrows_by_words_and_escape_clears_then_goes_back(
    make_app: MakeApp, article_id: str
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        review = _review(app)
        await pilot.press("o")
        overview = await _overview(app, pilot)
        table = overview.query_one(UnitTable)
        await pilot.press("slash", *"HARBOUR", "enter")
        assert overview.find_text == "HARBOUR"
        assert table.rows and all("harbour" in row.text.lower() for row in table.rows)
        assert "find “HARBOUR”" in plain(overview.query_one("#overview-bar", Static))
        await pilot.press("slash", *"no such words", "enter")
        assert not table.rows and "No units match" in _lines(overview)[1]
        await pilot.press("escape")
        assert app.screen is overview and overview.find_text == ""
        await pilot.press("escape")
        assert app.screen is review


async def test_others_verdicts_stay_hidden_until_v_and_v_carries_back(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(120, 40)) as pilot:
        review = _review(app)
        claim = review.claim
        assert claim is not None
        with ReviewStore(db_path) as store:
            store.record_event(claim.id, "bob", "verdict", {"label": "Mostly false"})
        await pilot.press("o")
        overview = await _overview(app, pilot)
        line = _row_line(overview, claim.ordinal)
        assert "1 hidden" in line and "Mostly false" not in line
        assert "others hidden (v)" in plain(overview.query_one("#overview-bar", Static))
        await pilot.press("v")
        assert "Mostly false" in _row_line(overview, claim.ordinal)
        await pilot.press("enter")
        assert app.screen is review and review.show_others
        assert "bob: Mostly false" in review.column.claim_text
        await pilot.press("v", "o")  # hidden again on the review screen: hidden here too
        overview = await _overview(app, pilot)
        assert "1 hidden" in _row_line(overview, claim.ordinal)


async def test_o_on_the_articles_screen_opens_the_review_screen_at_the_unit(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    add_article(db_path, "Council news\n\nThe council met on Monday.\n", title="Second")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, ArticlesScreen)
        await pilot.press("o")
        overview = await _overview(app, pilot)
        assert overview.article_id == article_id  # the highlighted article, the first
        await pilot.press("end", "enter")
        review = _review(app)
        assert review.article_id == article_id
        with ReviewStore(db_path) as store:
            last = store.claims(article_id)[-1]
        assert review.claim is not None and review.claim.id == last.id
        await pilot.press("q", "j", "o", "q")  # back out of the overview: no article opened
        assert isinstance(app.screen, ArticlesScreen)


async def test_hostile_text_is_shown_as_text(make_app: MakeApp, db_path: Path) -> None:
    text = (
        "[red]Hostile[/red] page\n\n"
        "Officials said [bold]12[/bold] [@click=app.quit]died[/].\n\n"
        "Mayor \x1b[31mwarned\x1b]0;x\x07 \u202eof\u202c deaths.\n"
    )
    article = add_article(db_path, text, title="[red]Hostile[/red]")
    app = make_app(article)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        overview = await _overview(app, pilot)
        drawn = "\n".join(_lines(overview))
        assert "Officials said [bold]12[/bold] [@click=app.quit]died[/]." in drawn
        assert "[red]Hostile[/red] page" in drawn
        assert "Mayor \\x1b[31mwarned\\x1b]0;x\\x07 \\u202eof\\u202c deaths." in drawn
        assert not {"\x1b", "\x07", "\u202e"} & set(drawn)
        assert "[red]Hostile[/red]" in overview.sub_title


def _long_article(db_path: Path, count: int) -> str:
    """An article of ``count`` one-line claims, stored as they are (no segmenter)."""
    lines = [f"Claim {n} says the council spent {n} pounds." for n in range(1, count + 1)]
    text = "\n".join(lines) + "\n"
    claims, start = [], 0
    for line in lines:
        claims.append(NewClaim(text=line, start=start, end=start + len(line), worthiness=0.5))
        start += len(line) + 1
    with ReviewStore(db_path, create=True) as store:
        return store.add_article(text, title="Long", claims=claims, segmenter="test").article.id


async def test_a_long_article_shows_at_once_and_fills_in(make_app: MakeApp, db_path: Path) -> None:
    article = _long_article(db_path, 10_000)
    app = make_app(article)
    async with app.run_test(size=(80, 24)) as pilot:
        review = _review(app)
        # A write still being committed (another writer holds the database, say): the
        # overview reads after it, so it shows first with nothing in it yet.
        committing = threading.Event()
        app.write(lambda store: committing.wait(10), lambda _: None)
        burst(app, "o", "end", "k", "enter")
        await settle(pilot, lambda: isinstance(app.screen, OverviewScreen))
        overview = app.screen
        assert isinstance(overview, OverviewScreen) and overview.rows is None
        await pilot.pause()
        assert "Reading the article" in _lines(overview)[1]
        committing.set()
        # The keys pressed meanwhile take effect once the rows are in.
        await settle(pilot, lambda: app.screen is review, seconds=30)
        assert review.claim is not None and review.claim.ordinal == 9_999
        await pilot.press("o")
        overview = await _overview(app, pilot)
        table = overview.query_one(UnitTable)
        assert len(table.rows) == 10_000 and table.current is not None
        assert table.current.ordinal == 9_999
        assert _lines(overview)[-1].split()[0] == "9999"  # the cursor's row is in view
        await pilot.press("home", "pagedown")
        assert table.current.ordinal == 1 + table.scrollable_content_region.height - 2
        # "Checked before" is looked up for the rows in view, not for all 10,000.
        await settle(pilot, lambda: all(r.id in overview.checked for r in table.rows_in_view()))
        assert len(overview.checked) < 100


async def test_checked_before_marks_the_rows_in_view(db_path: Path) -> None:
    shared = "The council voted 7 to 2 on Monday to build the new Harlow bridge."
    first = add_article(db_path, f"Bridge vote\n\n{shared} Work starts in May.\n", title="First")
    second = add_article(db_path, f"Council news\n\nPeople gathered. {shared}\n", title="Second")
    with ReviewStore(db_path) as store:
        (earlier,) = [c for c in store.claims(first) if c.text == shared]
        store.record_event(earlier.id, "bob", "verdict", {"label": "Mostly true"})
        units = store.claims(second)
        (claim,) = [c for c in units if c.text == shared]
    app = build_app(db_path, Config(), "ann", second)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        overview = await _overview(app, pilot)
        await settle(pilot, lambda: all(c.id in overview.checked for c in units))
        assert overview.checked[claim.id] is not None
        assert "✓" in _row_line(overview, claim.ordinal)
        others = [c for c in units if c.id != claim.id]
        assert all(overview.checked[c.id] is None for c in others)
        assert not any("✓" in _row_line(overview, c.ordinal) for c in others)


async def test_other_writers_show_up_in_the_open_overview(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(120, 40)) as pilot:
        review = _review(app)
        claim = review.claim
        assert claim is not None
        await pilot.press("o", "v")
        overview = await _overview(app, pilot)
        with ReviewStore(db_path) as other:  # bob, and ann in another terminal
            other.record_event(claim.id, "bob", "verdict", {"label": "Unverifiable"})
            other.record_event(claim.id, "ann", "verdict", {"label": "Mixed"})
        await settle(pilot, lambda: "Unverifiable" in _row_line(overview, claim.ordinal), 4)
        assert "Mixed" in _row_line(overview, claim.ordinal)
        await pilot.press("f", "f", "f")  # all -> unreviewed -> flagged -> disputed
        table = overview.query_one(UnitTable)
        assert overview.filter == "disputed" and [r.id for r in table.rows] == [claim.id]


async def test_help_lists_the_overview_keys_once(make_app: MakeApp, article_id: str) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        overview = await _overview(app, pilot)
        table = overview.help_table()
        assert isinstance(table, Table)
        rows = [
            cell.plain if isinstance(cell, Text) else str(cell) for cell in table.columns[0].cells
        ]
        keys = [key for row in rows for key in row.split()]  # a row lists all its keys
        assert len(keys) == len(set(keys)), rows
        for key in ("j", "↓", "⏎", "s", "f", "/", "v", "q", "esc", "pgdn", "^d", "home"):
            assert key in keys, key
        titles = [command.title for command in app.get_system_commands(overview)]
        assert len(titles) == len(set(titles)) and "Sort" in titles and "Open" in titles


async def test_a_click_moves_to_a_row_and_a_second_click_opens_it(
    make_app: MakeApp, article_id: str
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        review = _review(app)
        await pilot.press("o")
        overview = await _overview(app, pilot)
        table = overview.query_one(UnitTable)
        await pilot.click(UnitTable, offset=(10, 3))  # the third row under the heading
        assert table.current is not None and table.current.ordinal == 3
        assert app.screen is overview
        await pilot.click(UnitTable, offset=(10, 3))
        assert app.screen is review and _shown_id(review) == table.rows[2].id
