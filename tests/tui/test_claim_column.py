"""The claim column alone: two boxes drawn from wrapped lines, each scrolled on its own,
hostile text drawn inert, every row exactly as wide as the column."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region

from workbench.tui.claim_column import ClaimColumn
from workbench.tui.render import safe


class ColumnApp(App[None]):
    CSS = "ClaimColumn { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield ClaimColumn()


def _rows(column: ClaimColumn) -> list[str]:
    width, height = column.size
    rows = column.render_lines(Region(0, 0, width, height))
    assert all(row.cell_length == width for row in rows)
    return [row.text for row in rows]


def _lines(prefix: str, count: int) -> Text:
    return Text("\n".join(f"{prefix} {n}" for n in range(1, count + 1)))


async def test_the_claim_box_fits_the_claim_and_the_article_takes_the_rest() -> None:
    app = ColumnApp()
    async with app.run_test(size=(40, 20)) as pilot:
        column = app.query_one(ClaimColumn)
        column.show(("c1", lambda: _lines("claim", 3)), ("a1", lambda: _lines("article", 30)))
        await pilot.pause()
        rows = _rows(column)
        assert rows[0].startswith("╭") and rows[4].startswith("╰")  # 3 lines, 2 borders
        assert "claim 3" in rows[3] and rows[5].startswith("╭") and rows[-1].startswith("╰")
        assert "┃" in "".join(r[-1] for r in rows[5:])  # the article overflows: a thumb
        assert "┃" not in "".join(r[-1] for r in rows[:5])


async def test_a_long_claim_takes_at_most_its_share_and_scrolls() -> None:
    app = ColumnApp()
    async with app.run_test(size=(40, 20)) as pilot:
        column = app.query_one(ClaimColumn)
        column.focus()
        column.show(("c1", lambda: _lines("claim", 40)), ("a1", lambda: _lines("article", 5)))
        await pilot.pause()
        assert column.max_scroll("claim") > 0
        await pilot.press("end")
        rows = _rows(column)
        assert rows[12].startswith("╰")  # 65% of 20 rows
        assert "claim 40" in rows[11] and "claim 1 " not in "".join(rows)
        # The same claim again (a verdict given) keeps its place; another starts on top.
        column.show(("c1", lambda: _lines("claim", 40)))
        assert column.scroll_of("claim") == column.max_scroll("claim")
        column.show(("c2", lambda: _lines("claim", 40)))
        assert column.scroll_of("claim") == 0


async def test_hidden_article_leaves_the_column_to_the_claim() -> None:
    app = ColumnApp()
    async with app.run_test(size=(40, 12)) as pilot:
        column = app.query_one(ClaimColumn)
        column.show(("c1", lambda: _lines("claim", 2)), ("a1", lambda: _lines("article", 5)))
        column.set_layout(show_article=False, compact=False)
        await pilot.pause()
        rows = _rows(column)
        assert sum(r.startswith("╭") for r in rows) == 1 and column.article_text == ""
        assert rows[4:] == [" " * 40] * 8


async def test_hostile_claim_text_is_drawn_inert_and_cut_to_fit() -> None:
    hostile = (
        "\x1b]52;c;cGF5bG9hZA==\x07 \x1b[2J\x1b[31mred \x9b31m \u202eevil\u202c "
        "[bold]not markup[/bold] " + "宽字符" * 40 + " " + "x" * 300
    )
    app = ColumnApp()
    async with app.run_test(size=(30, 30)) as pilot:
        column = app.query_one(ClaimColumn)
        column.show(("c1", lambda: safe(hostile)), ("a1", lambda: safe(hostile)))
        await pilot.pause()
        drawn = "\n".join(_rows(column))
        assert not any(ch in drawn for ch in "\x1b\x07\x9b\u202e\u202c")
        assert "[bold]not markup[/bold]" in " ".join(column.claim_text.split())


async def test_lines_wrapped_ahead_are_used_when_shown() -> None:
    app = ColumnApp()
    async with app.run_test(size=(40, 20)) as pilot:
        column = app.query_one(ClaimColumn)
        await pilot.pause()
        made: list[str] = []

        def claim() -> Text:
            made.append("claim")
            return Text("ahead")

        column.prepare("claim", "c9", claim)  # as the read-ahead worker does
        column.show(("c9", claim), ("a9", lambda: Text("article")))
        await pilot.pause()
        assert made == ["claim"] and "ahead" in column.claim_text


async def test_text_selected_with_the_mouse_is_lit_and_copied() -> None:
    app = ColumnApp()
    async with app.run_test(size=(40, 20)) as pilot:
        column = app.query_one(ClaimColumn)
        column.show(("c1", lambda: _lines("claim", 3)), ("a1", lambda: _lines("article", 3)))
        await pilot.pause()
        # From "claim 1" (the claim box's first text cell: after the border and a space)
        # to the "arti" of "article 1" below (its box starts after the claim's 5 rows).
        await pilot.mouse_down(ClaimColumn, offset=(2, 1))
        await pilot.hover(ClaimColumn, offset=(5, 6))
        await pilot.mouse_up(ClaimColumn, offset=(5, 6))
        await pilot.pause()
        assert app.screen.get_selected_text() == "claim 1\nclaim 2\nclaim 3\narti"
        width, height = column.size
        row = column.render_lines(Region(0, 0, width, height))[1]
        lit = app.screen.get_component_rich_style("screen--selection")
        styles = [segment.style for segment in row if "claim" in segment.text]
        assert styles and all(s is not None and s.bgcolor == lit.bgcolor for s in styles)
