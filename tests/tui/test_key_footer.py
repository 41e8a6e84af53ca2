"""The key footer shows what Textual's Footer shows, cell for cell and in its colours, on
every screen (a dialog open over it, a search running, keys remapped by the config); a
line too wide for the terminal ends in an ellipsis; a click on a key runs it; and the
footer repaints only when its line changes."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widgets import Footer

from review_db import ReviewStore
from workbench.config import Config, parse_config
from workbench.tui.app import WorkbenchApp, build_app
from workbench.tui.key_footer import (
    ELLIPSIS,
    FooterKey,
    FooterLine,
    KeyFooter,
    KeyGroup,
    lay_out,
)
from workbench.tui.modals import NoteModal
from workbench.tui.screens import articles, claim_screen, conflicts, overview, reading
from workbench.tui.screens.review import ReviewScreen

from .conflict_data import write_disputes
from .conftest import settle

MakeApp = Callable[..., WorkbenchApp]
SCREEN_MODULES = (articles, claim_screen, conflicts, overview, reading)
Cells = dict[int, tuple[str, str, str]]  # column -> (character, its style, background)

_TEXT = re.compile(
    r'<text class="([\w-]+)" x="([\d.]+)" y="([\d.]+)" textLength="[\d.]+"[^>]*>([^<]*)</text>'
)
_RECT = re.compile(
    r'<rect fill="([^"]+)" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="[\d.]+" '
    r'shape-rendering="crispEdges"'
)
_CLASS = re.compile(r"\.([\w-]+) \{ ([^}]*)\}")


def bottom_row(app: App[Any]) -> Cells:
    """The screen's last row as a screenshot draws it: each cell's character, its style
    (colour, weight) and its background."""
    svg = app.export_screenshot()
    cell = 12.2  # the width of a cell in Rich's SVG export
    styles = dict(_CLASS.findall(svg))
    texts = [(cls, float(x), float(y), t) for cls, x, y, t in _TEXT.findall(svg)]
    rects = [(fill, float(x), float(y), float(w)) for fill, x, y, w in _RECT.findall(svg)]
    last_text, last_rect = max(t[2] for t in texts), max(r[2] for r in rects)
    backgrounds: dict[int, str] = {}
    for fill, x, y, w in rects:
        if y == last_rect:
            start = round(x / cell)
            backgrounds.update(dict.fromkeys(range(start, start + round(w / cell)), fill))
    cells: Cells = {column: (" ", "", fill) for column, fill in backgrounds.items()}
    for cls, x, y, text in texts:
        if y == last_text:
            start = round(x / cell)
            for offset, char in enumerate(html.unescape(text).replace("\xa0", " ")):
                if char != " ":
                    column = start + offset
                    cells[column] = (char, styles[cls].strip(), backgrounds.get(column, ""))
    return cells


def row_text(cells: Cells) -> str:
    return "".join(cells.get(column, (" ",))[0] for column in range(max(cells) + 1))


@pytest.fixture
def textual_footer(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[bool], None]]:
    """Switch the screens between Textual's Footer and KeyFooter (for screens composed
    after the switch)."""

    def use(textual: bool) -> None:
        for module in SCREEN_MODULES:
            monkeypatch.setattr(module, "KeyFooter", Footer if textual else KeyFooter)

    yield use


async def _footer_rows(app: WorkbenchApp, db_path: Path) -> dict[str, Cells]:
    """The footer row on each screen of a journey through the app."""
    rows: dict[str, Cells] = {}
    async with app.run_test(size=(200, 50)) as pilot:

        async def capture(name: str, when: Callable[[], bool] = lambda: True) -> None:
            await settle(pilot, when)
            for _ in range(3):  # the footers follow the bindings after a refresh
                await pilot.pause(0.02)
            app.clear_notifications()
            await pilot.pause()
            rows[name] = bottom_row(app)

        def review() -> ReviewScreen:
            assert isinstance(app.screen, ReviewScreen)
            return app.screen

        await capture("review", lambda: review().claim is not None)
        await pilot.press("slash", *"storm", "enter")
        await capture("searching", lambda: review().searching is not None)
        await pilot.press("escape", "n")
        await capture("note dialog over review", lambda: isinstance(app.screen, NoteModal))
        await pilot.press("escape", "o")
        await capture("overview", lambda: isinstance(app.screen, overview.OverviewScreen))
        await pilot.press("q", "a")
        await capture("reading", lambda: isinstance(app.screen, reading.ReadingScreen))
        await pilot.press("q", "c")
        await capture(
            "conflicts",
            lambda: isinstance(app.screen, conflicts.ConflictsScreen) and app.screen.loaded,
        )
        await pilot.press("q", "q")
        await capture("articles", lambda: isinstance(app.screen, articles.ArticlesScreen))
    return rows


async def test_key_footer_shows_what_textuals_footer_shows_on_every_screen(
    textual_footer: Callable[[bool], None], article_id: str, db_path: Path
) -> None:
    write_disputes(db_path, article_id)  # a source to search, a conflict to show
    textual_footer(True)
    expected = await _footer_rows(build_app(db_path, Config(), "ann", article_id), db_path)
    textual_footer(False)
    shown = await _footer_rows(build_app(db_path, Config(), "ann", article_id), db_path)
    assert shown.keys() == expected.keys()
    for screen, cells in expected.items():
        assert row_text(shown[screen]) == row_text(cells), screen
        assert shown[screen] == cells, screen  # and in the same colours
    assert "End search" in row_text(shown["searching"])
    assert "End search" not in row_text(shown["review"])
    assert "1 2 3 4 5 6 7 Verdict" in row_text(shown["review"])
    assert "u Undo" in row_text(shown["conflicts"])


async def test_a_remapped_key_shows_as_the_config_maps_it(
    textual_footer: Callable[[bool], None], article_id: str, db_path: Path
) -> None:
    """Textual applies the keymap by binding the new key after the others: Footer shows
    a remapped key last, out of its group, and so does KeyFooter."""
    config = parse_config("keys:\n  next-claim: l\n  verdict-1: t\n", "keys.yaml")
    rows = []
    for textual in (True, False):
        textual_footer(textual)
        app = build_app(db_path, config, "ann", article_id)
        async with app.run_test(size=(200, 50)) as pilot:
            await settle(pilot, lambda shown=app: "palette" in row_text(bottom_row(shown)))
            rows.append(bottom_row(app))
            if not textual:
                keys = list(app.screen.query_one(KeyFooter).line.keys())
                assert [key.display for key in keys][-3:] == ["l", "t", "^p"]
                assert keys[-3].key == "l" and keys[-3].description == "Next"
    text = row_text(rows[1])
    assert text.startswith(" k Previous  n Note")
    assert " q Back  2 3 4 5 6 7 Verdict  l Next  t True " in text
    assert rows[1] == rows[0]


class _Keys(App[None]):
    """Bindings of every kind the footer draws: grouped (compact or not), a key display,
    one without a description, one disabled, two keys of one action."""

    MOVE = Binding.Group("Move")
    MARKS = Binding.Group("Marks", compact=True)
    BINDINGS = [
        Binding("j", "move(1)", "Down", group=MOVE),
        Binding("k", "move(-1)", "Up", group=MOVE),
        Binding("x,X", "mark", "Mark"),
        Binding("a", "mark_a", "Mark a", group=MARKS),
        Binding("b", "mark_b", "Mark b", group=MARKS),
        Binding("ctrl+o", "open", "Open"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("z", "disabled", "Not now"),
        Binding("y", "quiet", ""),
        Binding("h", "hidden", "Hidden", show=False),
    ]

    def __init__(self, footer: type[Footer] | type[KeyFooter]) -> None:
        super().__init__()
        self.footer = footer
        self.ran: list[str] = []

    def compose(self) -> ComposeResult:
        yield self.footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "disabled" else True  # shown, dimmed

    def action_mark(self) -> None:
        self.ran.append("mark")

    def action_mark_b(self) -> None:
        self.ran.append("b")

    def action_move(self, step: int) -> None:
        self.ran.append(f"move {step}")


async def _keys_row(footer: type[Footer] | type[KeyFooter], width: int) -> Cells:
    app = _Keys(footer)
    async with app.run_test(size=(width, 10)) as pilot:
        await settle(pilot, lambda: "palette" in row_text(bottom_row(app)))
        return bottom_row(app)


@pytest.mark.parametrize("width", [120, 60])
async def test_every_kind_of_binding_is_drawn_as_footer_draws_it(width: int) -> None:
    expected = await _keys_row(Footer, width)
    shown = await _keys_row(KeyFooter, width)
    if width == 120:  # it all fits: the same cells in the same colours
        assert row_text(shown) == row_text(expected)
        assert shown == expected
        text = row_text(shown)
        # a binding without a description is not shown (Textual hides it)
        assert text.startswith(" j k Move  x Mark  ab Marks  ^o Open  ? Help  z Not now    ")
        assert shown[text.index("Not now")][1] != shown[text.index("Mark")][1]  # dimmed
    else:  # Footer clips under the palette key; KeyFooter cuts whole keys, then "…"
        assert row_text(shown).startswith(" j k Move  x Mark  ab Marks  ^o Open  ? Help  ")
        assert row_text(shown).endswith(f"{ELLIPSIS}▏^p palette ")
        assert len(row_text(shown)) == width
        # what it shows is drawn as Footer draws it
        assert all(shown[column] == expected[column] for column in range(44))


async def test_clicks_run_keys_and_a_disabled_key_rings_the_bell() -> None:
    app = _Keys(KeyFooter)
    async with app.run_test(size=(120, 10)) as pilot:
        await settle(pilot, lambda: "palette" in row_text(bottom_row(app)))
        footer = app.query_one(KeyFooter)
        text = row_text(bottom_row(app))
        bells: list[None] = []
        app.bell = lambda: bells.append(None)  # type: ignore[method-assign]
        for column in (text.index("x Mark"), text.index("Mark ", text.index("x ")),
                       text.index(" j ") + 1, text.index("ab") + 1):  # fmt: skip
            assert await pilot.click(KeyFooter, offset=(column, 0))
            await pilot.pause()
        assert app.ran == ["mark", "mark", "move 1", "b"]
        await pilot.click(KeyFooter, offset=(text.index("Not now"), 0))
        await pilot.click(KeyFooter, offset=(text.index("Marks"), 0))  # a name, not a key
        await pilot.pause()
        assert app.ran == ["mark", "mark", "move 1", "b"] and len(bells) == 1
        await pilot.hover(KeyFooter, offset=(text.index(" j ") + 1, 0))
        assert footer.tooltip == "Down"  # a grouped key says what it does
        await pilot.click(KeyFooter, offset=(text.index("palette"), 0))
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette))


async def test_clicking_the_footer_gives_a_verdict_and_opens_the_note(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await settle(pilot, lambda: screen.claim is not None)
        claim = screen.claim
        assert claim is not None
        text = row_text(bottom_row(app))
        await pilot.click(KeyFooter, offset=(text.index(" 1 2 3") + 3, 0))  # "2"
        await app.writes_saved()
        with ReviewStore(db_path) as store:
            assert store.claim_state(claim.id, "ann").verdict == Config().scale[1].label
        await pilot.click(KeyFooter, offset=(text.index("Note"), 0))
        await settle(pilot, lambda: isinstance(app.screen, NoteModal))


async def test_the_footer_repaints_only_when_its_line_changes(
    make_app: MakeApp, article_id: str, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_disputes(db_path, article_id)
    app = make_app(article_id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await settle(pilot, lambda: screen.claim is not None)
        await pilot.pause(0.05)
        footer = screen.query_one(KeyFooter)
        repaints: list[dict[str, Any]] = []
        refresh = footer.refresh

        def counted(*regions: Any, **options: Any) -> Any:
            repaints.append(options)
            return refresh(*regions, **options)

        monkeypatch.setattr(footer, "refresh", counted)
        await pilot.press("question_mark")  # help opens and closes: the same keys
        await settle(pilot, lambda: app.screen is not screen)
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is screen)
        screen.refresh_bindings()
        await pilot.pause(0.05)
        assert repaints == []
        line = footer.line
        await pilot.press("slash", *"storm", "enter")  # the search adds "End search"
        await settle(pilot, lambda: any(k.description == "End search" for k in footer.line.keys()))
        assert footer.line != line
        assert len(repaints) == 1 and not repaints[0].get("layout")


def _key(display: str, description: str = "") -> FooterKey:
    return FooterKey(display, display, description, "")


def _text(line: FooterLine, width: int) -> str:
    return "".join(run.text for run in lay_out(line, width))


def test_a_line_that_fits_is_padded_to_the_palette_key() -> None:
    line = FooterLine(
        (KeyGroup((_key("j"), _key("k")), "Navigate"), _key("n", "Note")), _key("^p", "palette")
    )
    assert _text(line, 40) == " j k Navigate  n Note       ▏^p palette "
    assert len(_text(line, 40)) == 40


def test_a_line_too_wide_drops_whole_keys_and_ends_in_an_ellipsis() -> None:
    keys = tuple(_key(letter, f"Word {letter}") for letter in "abcdefgh")
    line = FooterLine(keys, _key("^p", "palette"))
    text = _text(line, 40)
    assert text == " a Word a  b Word b        …▏^p palette "
    assert len(text) == 40
    # a description never runs into the ellipsis; without a palette key the cut is at
    # the edge
    assert _text(line, 42) == " a Word a  b Word b          …▏^p palette "
    assert _text(line, 43) == " a Word a  b Word b  c Word c …▏^p palette "
    assert _text(FooterLine(keys), 25) == " a Word a  b Word b     …"


def test_a_group_keeps_its_keys_when_its_name_does_not_fit() -> None:
    verdicts = KeyGroup(tuple(_key(str(n)) for n in range(1, 8)), "Verdict")
    line = FooterLine((_key("q", "Back"), verdicts), _key("^p", "palette"))
    # " q Back " (8) and " 1 2 3 4 5 6 7 " (15) are 23 cells: the space ending the
    # keys becomes the ellipsis
    assert _text(line, 23 + 12) == " q Back  1 2 3 4 5 6 7…▏^p palette "
    assert _text(line, 23 + 12 + 7) == " q Back  1 2 3 4 5 6 7 Verdict▏^p palette "


def test_a_line_short_only_of_its_last_space_is_whole() -> None:
    line = FooterLine((_key("q", "Back"),), _key("^p", "palette"))
    assert _text(line, 7 + 12) == " q Back▏^p palette "


def test_a_terminal_narrower_than_the_palette_key_gets_no_palette_key() -> None:
    line = FooterLine((_key("q", "Back"),), _key("^p", "palette"))
    assert _text(line, 5) == "    …"
    assert _text(line, 8) == " q Back "
