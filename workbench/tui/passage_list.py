"""The ranked passages for the claim on screen (or a search): a list in a box that draws
only the lines in view, from lines wrapped once.

Textual's ``OptionList`` converted, measured and drew its ten passages anew for every
claim: about 45 ms of the main thread's time per key on this project's 2-core machine
(``benchmarks/tui_speed.py``), three times the 16 ms a next claim may take.  Here each
passage is wrapped to the list's width once (``prepare``, which the screen's read-ahead
worker calls for the claims ahead, off the main thread) and kept; a frame then joins
the lines in view with the box around them (``boxes``), the highlighted passage's lit.
The list scrolls itself (a thumb on the box's right border shows where): a list of
another length changes no layout, and every list wraps to the same width.

Like every widget here it shows what it is given and posts messages: it never reads the
database.  ↑/↓ (and the page keys) move the highlight; enter or a click posts
``Selected`` (the screen marks the passage as evidence).
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from .boxes import BORDER_COLUMNS, BORDER_ROWS, Look, cropped, draw_box
from .render import passage_view
from .wrapped_lines import WrappedLines

# Wrapped passages kept for claims shown again (about the last 40 claims' lists).
KEPT_PASSAGES = 400


@dataclass(frozen=True)
class Shown:
    """What one passage of the list shows: the same match, tick, number and threshold
    always draw the same lines, so they key the wrapped lines."""

    match: Any
    chosen: bool
    number: int
    min_score: float

    def view(self) -> Text:
        """The passage as the list draws it."""
        return passage_view(self.match, self.chosen, self.number, self.min_score)


def passages_shown(matches: Sequence[Any], chosen: set[str], min_score: float) -> list[Shown]:
    """What each passage of a list shows, numbered from 1."""
    return [
        Shown(m, m.passage_id in chosen, number, min_score)
        for number, m in enumerate(matches, start=1)
    ]


class PassageList(Widget, can_focus=True, inherit_bindings=False):
    """The passages, each on its own lines, one of them highlighted.

    A new list whose passages were wrapped ahead (``prepare``, from a worker) is drawn
    with the claim, a key held down or not (drawing it costs about a millisecond).  One
    that must be wrapped first is drawn once the screen has been painted: the claim is on
    screen a frame sooner, and claims passed over in a burst of keys never wrap theirs;
    while a key is held down, it waits until the keys stop.  Whatever reads or moves the
    highlight fills the list first (this list's actions do; the screen calls ``fill``),
    so a key acts on the passages of the claim on screen when it was pressed.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "passage-list--highlighted",
        "passage-list--border",
        "passage-list--focused-border",
    }

    DEFAULT_CSS = """
    PassageList {
        background: $surface;
        color: $foreground;
        & > .passage-list--border {
            color: $foreground 15%;
        }
        & > .passage-list--focused-border {
            color: $accent;
        }
        & > .passage-list--highlighted {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .passage-list--highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Next passage", show=False, id="passages-next"),
        Binding("up", "cursor_up", "Previous passage", show=False, id="passages-previous"),
        Binding("home", "first", "First passage", show=False, id="passages-first"),
        Binding("end", "last", "Last passage", show=False, id="passages-last"),
        Binding("pageup,ctrl+u", "page_up", "Page up", show=False, id="passages-page-up"),
        Binding("pagedown,ctrl+d", "page_down", "Page down", show=False, id="passages-page-down"),
        Binding("enter", "select", "Mark as evidence", show=False, id="passages-select"),
    ]

    class Selected(Message):
        """A passage was chosen (enter, or a click): the screen marks it as evidence."""

        def __init__(self, passage_id: str) -> None:
            super().__init__()
            self.passage_id = passage_id

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.wrapped = WrappedLines(KEPT_PASSAGES)
        self.matches: list[Any] = []  # the passages in the list, best first
        self.highlighted: int | None = None
        self._shown: list[Shown] = []
        self._pending: list[Shown] | None = None
        self._fill_queued = False  # a fill waits for the next frame
        self._wait: Timer | None = None
        self._width = 0  # the width the lines were wrapped to (0: not yet laid out)
        self._lines: list[Strip] = []  # every passage's lines, one after another
        self._starts: list[int] = []  # the first line of each passage
        self._look: Look | None = None  # how the list was last drawn
        self.top = 0  # the first line in view
        self._version = 0  # counts the lists laid out (a new one draws anew)
        self._painted: tuple[object, list[Strip]] | None = None  # (what, rows) last drawn

    # -- what is shown -------------------------------------------------------------------

    def show(
        self,
        matches: Sequence[Any],
        chosen: set[str],
        min_score: float = 0.0,
        *,
        wait: float | None = None,
    ) -> None:
        """Show these passages now if they were wrapped ahead, else from the next frame
        on (see the class), or, to be wrapped, once ``wait`` seconds have passed without
        another ``show`` (a key held down); the highlight stays on the same passage where
        it can; passages under ``min_score`` are shown as weak."""
        self._pending = shown = passages_shown(matches, chosen, min_score)
        if self._wait is not None:
            self._wait.stop()
            self._wait = None
        if all(self.wrapped.has(s, self._width) for s in shown):
            self.fill()  # nothing to wrap (none, or wrapped ahead): drawn with the claim
        elif wait is not None:
            self._wait = self.set_timer(wait, self.fill)
        elif not self._fill_queued:
            self._fill_queued = True
            self.call_after_refresh(self.fill)

    def fill(self) -> None:
        """Put the passages last given to ``show`` in the list now (if not done yet)."""
        self._fill_queued = False
        if self._pending is None:
            return
        shown, self._pending = self._pending, None
        highlighted = self.highlighted_passage
        self._shown = shown
        self.matches = [s.match for s in shown]
        ids = [m.passage_id for m in self.matches]
        self.highlighted = ids.index(highlighted) if highlighted in ids else 0 if ids else None
        self._lay_out()
        if highlighted not in ids:
            self.top = 0
        self._reveal()

    @property
    def highlighted_passage(self) -> str | None:
        index = self.highlighted
        return self.matches[index].passage_id if index is not None else None

    def drawn(self, index: int) -> str:
        """The lines passage ``index`` is drawn on, as text (what a reader sees of it)."""
        start, end = self._span(index)
        return "\n".join(line.text.rstrip() for line in self._lines[start:end])

    @property
    def text_width(self) -> int:
        """The cells a passage's line has: the same for every list."""
        return max(0, self.size.width - BORDER_COLUMNS)

    @property
    def rows(self) -> int:
        """The lines in view at once."""
        return max(0, self.size.height - BORDER_ROWS)

    def _lay_out(self) -> None:
        """Wrap the passages to the width there is (if it is known yet: else on_resize
        does)."""
        width = self.text_width
        if width <= 0:
            return
        self._width = width
        self._lines, self._starts = self._wrap(width)
        self._version += 1
        self.top = min(self.top, self._max_top())
        self.refresh()

    def _max_top(self) -> int:
        return max(0, len(self._lines) - self.rows)

    def _scroll(self, top: int) -> None:
        top = max(0, min(top, self._max_top()))
        if top != self.top:
            self.top = top
            self.refresh()

    def _wrap(self, width: int) -> tuple[list[Strip], list[int]]:
        lines: list[Strip] = []
        starts: list[int] = []
        console = self.app.console
        for shown in self._shown:
            starts.append(len(lines))
            lines.extend(self.wrapped.lines(shown, width, console, shown.view))
        return lines, starts

    def prepare(self, matches: Sequence[Any], chosen: set[str], min_score: float) -> None:
        """Wrap, style and filter these passages now, to the width and look the list has:
        called from a worker for the claims ahead, so that showing them wraps nothing
        (safe from any thread: a line keeps its styled copies itself)."""
        width, look = self._width, self._look
        if width > 0:
            console = self.app.console
            for shown in passages_shown(matches, chosen, min_score):
                for line in self.wrapped.lines(shown, width, console, shown.view):
                    if look is not None:
                        look.finish(line.apply_style(look.base))
                # Let a key that came meanwhile have the interpreter now, not at the end
                # of the switch interval (5 ms): wrapping ten passages takes about 6 ms.
                time.sleep(0)

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out()
        self._reveal()

    # -- the highlight -------------------------------------------------------------------

    def _span(self, index: int) -> tuple[int, int]:
        """The first line of passage ``index`` and the line after its last."""
        end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self._lines)
        return self._starts[index], end

    def _reveal(self) -> None:
        """Scroll the highlighted passage into view: all of it where it fits, else its
        first lines."""
        if self.highlighted is None or not self._starts:
            return
        start, end = self._span(self.highlighted)
        top, height = self.top, self.rows
        if start < top or end - start > height:
            self._scroll(start)
        elif end > top + height:
            self._scroll(end - height)

    def _highlight(self, index: int) -> None:
        if not self.matches:
            return
        index = max(0, min(index, len(self.matches) - 1))
        if index != self.highlighted:
            self.highlighted = index
            self.refresh()
        self._reveal()

    def _passage_at(self, line: int) -> int | None:
        """The passage drawn on ``line`` of the scrolled area (None: below the last)."""
        if not self._starts or not 0 <= line < len(self._lines):
            return None
        return bisect_right(self._starts, line) - 1

    # The list's own keys move or select among the passages of the claim on screen:
    # each fills the list first.  (Not on the key event itself: a key reaches the list
    # before the keys typed ahead of it have moved the claim.)

    def action_cursor_down(self) -> None:
        self.fill()
        if self.highlighted is not None:
            self._highlight(self.highlighted + 1)

    def action_cursor_up(self) -> None:
        self.fill()
        if self.highlighted is not None:
            self._highlight(self.highlighted - 1)

    def action_first(self) -> None:
        self.fill()
        self._highlight(0)

    def action_last(self) -> None:
        self.fill()
        self._highlight(len(self.matches) - 1)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        """Move the highlight to the passage a screenful of lines away."""
        self.fill()
        if self.highlighted is None:
            return
        line = self._span(self.highlighted)[0] + direction * self.rows
        found = self._passage_at(max(0, line))
        self._highlight(found if found is not None else len(self.matches) - 1)

    def action_select(self) -> None:
        self.fill()
        passage = self.highlighted_passage
        if passage is not None:
            self.post_message(self.Selected(passage))

    def on_click(self, event: events.Click) -> None:
        self.fill()
        index = self._passage_at(self.top + event.y - 1)  # below the top border
        if index is not None:
            self._highlight(index)
            self.action_select()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll(self.top + 1)
        event.stop()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll(self.top - 1)
        event.stop()

    def on_focus(self) -> None:
        self.refresh()  # the border lights up

    def on_blur(self) -> None:
        self.refresh()

    # -- drawing -------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        """The rows in ``crop``, from the whole box drawn once per change."""
        return cropped(self._rows(), crop, self.size.width)

    def _rows(self) -> list[Strip]:
        width, height = self.size
        focused = self.has_focus
        what = (self.size, self._version, self.top, self.highlighted, focused, self.app.theme)
        if self._painted is not None and self._painted[0] == what:
            return self._painted[1]
        # The list's own style: working it out walks the widget's ancestors.
        base = self.rich_style
        lit = base + self.get_component_rich_style("passage-list--highlighted")
        border = "passage-list--focused-border" if focused else "passage-list--border"
        self._look = look = Look(
            base,
            self.get_component_rich_style(border),
            self.app.get_line_filters(),
            self.background_colors[1],
        )
        span = self._span(self.highlighted) if self.highlighted is not None else (0, 0)
        rows = (
            draw_box(
                self._lines, self.top, height, width, look,
                lambda line: lit if span[0] <= line < span[1] else base,
            )
            if height > BORDER_ROWS and width > BORDER_COLUMNS
            else [Strip.blank(width, base)] * height
        )  # fmt: skip
        self._painted = (what, rows)
        return rows
