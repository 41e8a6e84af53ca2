"""What a day of use finds: help and palette list each thing once and in key order, the
footer drops what no longer applies, the history speaks of sources and of what an undo
took back, and the panels scroll from the keyboard at 80x24."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.geometry import Region
from textual.widgets import Static

from workbench.cli.tui import build_demo_database
from workbench.config import Config
from workbench.tui.app import WorkbenchApp, build_app
from workbench.tui.claim_column import ClaimColumn
from workbench.tui.key_footer import KeyFooter
from workbench.tui.modals import MessageBody, MessageModal
from workbench.tui.passage_list import PassageList
from workbench.tui.screens.articles import ArticlesScreen
from workbench.tui.screens.review import ReviewScreen

from .conftest import plain, settle

MakeApp = Callable[..., WorkbenchApp]


def _drawn(column: ClaimColumn) -> str:
    """What the column draws, row by row (its boxes' borders included)."""
    width, height = column.size
    return "\n".join(row.text for row in column.render_lines(Region(0, 0, width, height)))


def _review(app: WorkbenchApp) -> ReviewScreen:
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


def _rows(table: Table) -> list[tuple[str, str]]:
    keys, actions = (
        [cell.plain if isinstance(cell, Text) else str(cell) for cell in column.cells]
        for column in table.columns[:2]
    )
    return list(zip(keys, actions, strict=True))


async def test_help_lists_verdicts_in_key_order_and_each_key_once(
    make_app: MakeApp, article_id: str
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)):
        table = _review(app).help_table()
        assert isinstance(table, Table)
        rows = _rows(table)
    labels = [entry.label for entry in Config().scale]
    verdicts = [action for _, action in rows if action in labels]
    assert verdicts == labels  # 1 True, 2 Mostly true, ... in the scale's order
    keys = [key for key, _ in rows]
    assert len(keys) == len(set(keys)), keys  # tab and ctrl+p no longer twice
    assert "ctrl+p" in keys and "tab" in keys


async def test_help_lists_keys_a_focused_table_or_textual_also_binds(
    make_app: MakeApp, article_id: str
) -> None:
    """Enter in the articles table and ctrl+c (Textual copies a selection with it) used to
    be missing from help: the active binding of those keys belongs to someone else."""
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        table = _review(app).help_table()
        assert isinstance(table, Table)
        review_rows = dict(_rows(table))
        await pilot.press("q")  # back to the articles screen, its table focused
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ArticlesScreen)
        table = screen.help_table()
        assert isinstance(table, Table)
        rows = dict(_rows(table))
    assert review_rows["j ↓"] == "Next" and review_rows["^q ^c"] == "Quit"
    assert rows["⏎"] == "Review"
    assert rows["q ^q ^c"] == "Quit"  # one row for one thing, with every key that does it
    assert "Copy selected text" not in rows.values()


async def test_palette_offers_each_command_once(make_app: MakeApp, article_id: str) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)):
        titles = [command.title for command in app.get_system_commands(app.screen)]
    assert len(titles) == len(set(titles)), titles
    assert "Back" in titles and "palette" not in titles


async def test_footer_drops_end_search_once_the_search_ends(tmp_path: Path) -> None:
    db_path = tmp_path / "demo.db"
    app = build_app(db_path, Config(), "ann", build_demo_database(db_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = _review(app)

        def footer_offers_end_search() -> bool:
            shown = screen.query_one(KeyFooter).line.keys()
            return any(key.description == "End search" for key in shown)

        await pilot.press("slash", *"flood", "enter")
        await settle(pilot, footer_offers_end_search)
        await pilot.press("escape")
        await settle(pilot, lambda: not footer_offers_end_search())


async def test_history_names_sources_and_what_an_undo_took_back(tmp_path: Path) -> None:
    db_path = tmp_path / "demo.db"
    app = build_app(db_path, Config(), "ann", build_demo_database(db_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = _review(app)
        passages = screen.query_one(PassageList)
        await settle(pilot, lambda: len(passages.matches) > 0)
        title = passages.matches[0].source_title
        await pilot.press("space", "1", "u")
        await app.writes_saved()
        await pilot.press("h")
        assert isinstance(app.screen, MessageModal)
        body = app.screen.query_one(MessageBody).text
    assert f"evidence-add  {title}: “" in body
    assert "undid verdict True from 20" in body
    assert "passage " not in body and " of " not in body  # no raw ids


async def test_panels_scroll_from_the_keyboard_and_j_still_moves(
    make_app: MakeApp, article_id: str
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = _review(app)
        assert screen.has_class("compact")
        column = screen.column
        assert app.focused is column and column.part == "claim"
        column.styles.max_height = 6  # a claim taller than its box
        await pilot.pause()
        assert column.max_scroll("claim") > 0
        first_line = column.claim_text.splitlines()[0]
        await pilot.press("pagedown")
        assert column.scroll_of("claim") > 0 and first_line not in _drawn(column)
        await pilot.press("home")
        assert column.scroll_of("claim") == 0 and first_line in _drawn(column)
        await pilot.press("ctrl+d")
        assert column.scroll_of("claim") > 0
        await pilot.press("end")
        assert column.scroll_of("claim") == column.max_scroll("claim")
        await pilot.press("ctrl+u")
        assert 0 < column.scroll_of("claim") < column.max_scroll("claim")
        first = screen.claim
        await pilot.press("j")
        assert screen.claim != first
        assert column.scroll_of("claim") == 0  # a new claim shows from its top


async def test_tab_goes_from_the_claim_to_the_article_then_to_the_passages(
    make_app: MakeApp, article_id: str
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 24)) as pilot:  # wide, the article overflowing
        screen = _review(app)
        column = screen.column
        assert app.focused is column and column.part == "claim"
        await pilot.press("tab")
        assert app.focused is column and column.part == "article"
        assert column.max_scroll("article") > 0
        await pilot.press("pagedown")
        assert column.scroll_of("article") > 0 and column.scroll_of("claim") == 0
        await pilot.press("tab")
        assert app.focused is screen.passages
        await pilot.press("shift+tab")
        assert app.focused is column and column.part == "claim"
        await pilot.press("w")  # the article hidden: tab leaves the claim for the passages
        assert column.article_text == ""
        await pilot.press("tab")
        assert app.focused is screen.passages


async def test_compact_layout_hides_the_article_until_asked(
    make_app: MakeApp, article_id: str
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = _review(app)
        column = screen.column
        assert column.article_text == "" and "╭" not in _drawn(column).split("╰")[1]
        await pilot.press("w")
        assert column.article_text and _drawn(column).count("╭") == 2  # a second box
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not screen.has_class("compact") and column.article_text
        await pilot.resize_terminal(79, 24)
        await pilot.pause()
        assert screen.has_class("too-small")
        assert plain(screen.query_one("#too-small", Static)).strip() == (
            "terminal too small (need 80x24)"
        )
