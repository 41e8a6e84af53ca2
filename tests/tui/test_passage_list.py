"""The passage list on its own: what it draws, how its keys move the highlight, that a
list given while a key is held down is always drawn in the end, and that hostile
passage text stays inert in the lines it draws."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip

from workbench.corpus.matching import Match
from workbench.tui.passage_list import PassageList, passages_shown
from workbench.tui.wrapped_lines import WrappedLines


def match(n: int, text: str | None = None, title: str = "Wire report") -> Match:
    body = text if text is not None else f"Passage {n} says the river rose {n} metres. " * 4
    return Match(f"p{n:015d}", "s" * 16, f"{title} {n}", None, None, None, body,
                 90.0 - n, (0, min(20, len(body))), (), ())  # fmt: skip


class ListApp(App[None]):
    """The list alone, focused, filling the screen; it keeps the passages chosen."""

    CSS = "PassageList { height: 1fr; }"

    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        yield PassageList(id="passages")

    def on_mount(self) -> None:
        self.query_one(PassageList).focus()

    def on_passage_list_selected(self, message: PassageList.Selected) -> None:
        self.chosen.append(message.passage_id)


def _rows(passages: PassageList) -> list[Strip]:
    """The rows the list draws, its box's borders included."""
    width, height = passages.size
    return passages.render_lines(Region(0, 0, width, height))


def _background(passages: PassageList, y: int) -> object:
    """The background of the text drawn on line ``y`` of the list (below the border,
    after the border and the padding)."""
    segments = list(_rows(passages)[1 + y])
    text = next(s for s in segments[2:] if s.text.strip())
    return text.style.bgcolor if text.style else None


def _screen_text(passages: PassageList) -> str:
    return "\n".join(row.text.rstrip() for row in _rows(passages))


async def test_keys_move_the_highlight_and_keep_it_in_view() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        passages = app.query_one(PassageList)
        passages.show([match(n) for n in range(1, 7)], {"p000000000000002"})
        await pilot.pause()
        assert passages.highlighted == 0 and "Wire report 1" in _screen_text(passages)
        lit = passages.drawn(0).count("\n") + 1  # lines of passage 1, then passage 2
        assert _background(passages, 0) == _background(passages, lit - 1)
        assert _background(passages, 0) != _background(passages, lit)
        assert "✓" in passages.drawn(1) and "✓" not in passages.drawn(0)
        await pilot.press("down", "down", "down")  # no pause between the keys
        assert passages.highlighted == 3
        assert "Wire report 4" in _screen_text(passages)  # scrolled to it
        await pilot.press("end")
        assert passages.highlighted == 5 and "Wire report 6" in _screen_text(passages)
        await pilot.press("home", "pagedown")
        assert passages.highlighted >= 1 and passages.top > 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen == [passages.highlighted_passage]


async def test_a_click_highlights_and_chooses_the_passage_under_it() -> None:
    app = ListApp()
    async with app.run_test(size=(60, 30)) as pilot:
        passages = app.query_one(PassageList)
        passages.show([match(1), match(2)], set())
        await pilot.pause()
        second = passages.drawn(0).count("\n") + 1  # the first line of passage 2
        await pilot.click(PassageList, offset=(3, 1 + second))  # below the top border
        await pilot.pause()
        assert passages.highlighted == 1 and app.chosen == ["p000000000000002"]


async def test_every_list_is_wrapped_to_one_width_with_the_thumb_on_the_border() -> None:
    """A short list and a long one wrap alike (the scroll thumb sits on the box's
    border): passages wrapped ahead fit whichever list comes; a narrower terminal wraps
    them again."""
    app = ListApp()
    async with app.run_test(size=(40, 40)) as pilot:
        passages = app.query_one(PassageList)
        passages.show([match(1)], set())
        await pilot.pause()
        assert "┃" not in _screen_text(passages)  # no thumb: it fits
        short = passages.drawn(0)
        width = passages.text_width
        assert width == 40 - 4  # the borders and a cell of padding inside each
        assert max(len(line) for line in short.splitlines()) <= width
        passages.show([match(n) for n in range(1, 9)], set())
        await pilot.pause()
        await pilot.pause()
        assert "┃" in _screen_text(passages)  # the thumb: more than fits
        assert passages.drawn(0) == short
        await pilot.resize_terminal(30, 40)
        await pilot.pause()
        narrow = passages.text_width
        assert narrow < width
        assert all(len(line) <= narrow for line in passages.drawn(0).splitlines())


async def test_a_list_given_while_a_key_is_held_is_drawn_when_the_keys_stop() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        passages = app.query_one(PassageList)
        passages.show([match(1)], set(), wait=0.05)  # a held key: waits for a pause
        passages.show([match(2)], set())  # then a tap: the next frame draws it
        await pilot.pause()
        await pilot.pause(0.1)
        assert [m.passage_id for m in passages.matches] == ["p000000000000002"]


@pytest.mark.parametrize("wait", [None, 0.05])  # a tap; a held key (nothing to wrap)
async def test_passages_wrapped_ahead_are_drawn_with_no_frame_to_wait_for(
    wait: float | None,
) -> None:
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        passages = app.query_one(PassageList)
        passages.show([match(1)], set())
        await pilot.pause()
        ahead = [match(n) for n in range(2, 5)]
        passages.prepare(ahead, set(), 0.0)  # as the read-ahead worker does
        passages.show(ahead, set(), wait=wait)
        assert [m.passage_id for m in passages.matches] == [m.passage_id for m in ahead]


def test_wrapped_passages_are_kept_by_what_they_show_and_the_width() -> None:
    from rich.console import Console

    console = Console(width=80)
    wrapped = WrappedLines(kept=2)
    one, two, three = passages_shown([match(1), match(2), match(3)], set(), 0.0)
    first = wrapped.lines(one, 30, console, one.view)
    assert wrapped.lines(one, 30, console, one.view) is first and wrapped.has(one, 30)
    assert not wrapped.has(one, 31)
    wrapped.lines(two, 30, console, two.view)
    wrapped.lines(three, 30, console, three.view)  # the oldest goes
    assert not wrapped.has(one, 30) and wrapped.has(three, 30)


HOSTILE: list[str] = [
    "\x1b]52;c;cGF5bG9hZA==\x07 clipboard \x1b[2J\x1b[31mred\x1b[0m \x9b31m",
    "\u202eevil\u202c \u2066isolate\u2069 zero\u200bwidth",
    "[bold]not markup[/bold] [@click=app.quit]quit[/]",
    "宽字符" * 200 + " " + "x" * 5000,
]


async def test_hostile_passage_text_is_drawn_inert() -> None:
    app = ListApp()
    async with app.run_test(size=(50, 20)) as pilot:
        passages = app.query_one(PassageList)
        found: list[Any] = [match(n, text, title=text[:30]) for n, text in enumerate(HOSTILE)]
        passages.show(found, set())
        await pilot.pause()
        await pilot.press("end")
        for index in range(len(found)):
            drawn = passages.drawn(index)
            assert not any(ch in drawn for ch in "\x1b\x07\x9b\u202e\u202c\u2066\u2069")
        assert "[bold]not markup[/bold]" in passages.drawn(2).replace("\n", "")
        width = passages.size.width
        assert all(row.cell_length == width for row in _rows(passages))  # wide text cut
