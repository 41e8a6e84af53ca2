"""The claim and the article around it: two boxes, one above the other, drawn by one
widget from lines wrapped once.

Why one widget that draws its own boxes, not two scrolling panels of ``Static``s: the
claim's panel was as tall as the claim, so every new claim laid the whole screen out
again, and Textual drew every line of both panels anew through its stylesheet machinery
(about 70 us a line).  That was 20-30 ms of every ``j`` on this project's 2-core machine,
more than the 16 ms a next claim may take (``benchmarks/tui_speed.py``).  This column keeps
its size whatever the claim (the split between its boxes is its own business), so a new
claim lays nothing out; the claim's and the article's lines come wrapped (ahead, by the
review screen's read-ahead worker, through ``prepare``), and a frame only joins them with
the borders.

The claim's box is as tall as the claim, up to a share of the column; the article's
takes the rest.  With the article hidden (``w``; hidden by default in the compact
layout, where the column is as tall as the claim) the claim's box has the column.  The
focused box scrolls with the page keys; tab goes from the claim's box to the article's,
then on to the passages.  Like every widget here it shows what it is given: the screen
says what the claim and the article window are.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, ClassVar, Literal

from rich.console import RenderableType
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.selection import Selection
from textual.strip import Strip
from textual.widget import Widget

from .boxes import BORDER_COLUMNS, BORDER_ROWS, Look, cropped, draw_box
from .widgets import SCROLL_KEYS
from .wrapped_lines import WrappedLines

Part = Literal["claim", "article"]
# What a box shows: a key naming it (the lines it wraps to are kept under it) and what
# draws it.
Drawn = tuple[Hashable, Callable[[], RenderableType]]

# The most of the column the claim's box takes while the article shows below it.
CLAIM_SHARE = 0.65
COMPACT_CLAIM_SHARE = 0.6
# Wrapped claims and article windows kept: the claims read ahead and the last few shown.
KEPT_TEXTS = 64


class ClaimColumn(Widget, can_focus=True, inherit_bindings=False):
    """The claim's box above the article's; see the module."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "claim-column--claim-border",
        "claim-column--article-border",
        "claim-column--focused-border",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        *SCROLL_KEYS,
        Binding("tab", "next_box", "Next box", show=False, id="next-box"),
        Binding("shift+tab", "previous_box", "Previous box", show=False, id="previous-box"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.wrapped = WrappedLines(KEPT_TEXTS)
        self.show_article = True
        self.compact = False  # the compact layout: the article's box gets a smaller share
        self.part: Part = "claim"  # the box the page keys scroll while focused
        self._claim: Drawn | None = None
        self._article: Drawn | None = None
        self._scroll: dict[Part, int] = {"claim": 0, "article": 0}
        self._painted: tuple[object, list[Strip]] | None = None  # (what, rows) last drawn

    # -- what is shown -------------------------------------------------------------------

    def show(
        self,
        claim: Drawn,
        article: Drawn | None = None,
    ) -> None:
        """Show a claim and the article around it, each as (key, make): ``key`` names what
        ``make()`` draws, so lines wrapped ahead for that key are used; a claim or article
        window with another key than the last starts at its top."""
        article = article if article is not None else self._article
        if self._claim is None or self._claim[0] != claim[0]:
            self._scroll["claim"] = 0
        if article is not None and (self._article is None or self._article[0] != article[0]):
            self._scroll["article"] = 0
        height = self._wanted_height()
        self._claim, self._article = claim, article
        self.refresh(layout=self._wanted_height() != height)

    def prepare(self, part: Part, key: Hashable, make: Callable[[], RenderableType]) -> None:
        """Wrap what ``make`` draws for the box of ``part`` at the width it has, kept
        under ``key``: called from a worker for the claims ahead (thread-safe), so that
        showing them wraps nothing."""
        width = self._text_width()
        if width > 0:
            self.wrapped.lines((part, key), width, self.app.console, make)

    def set_layout(self, *, show_article: bool, compact: bool) -> None:
        """Show or hide the article's box; ``compact`` for the compact layout."""
        if (show_article, compact) != (self.show_article, self.compact):
            self.show_article, self.compact = show_article, compact
            if not show_article and self.part == "article":
                self.part = "claim"
            self.refresh(layout=True)

    @property
    def claim_text(self) -> str:
        """The claim's box as text: what a reader sees in it, scrolled or not."""
        return "\n".join(line.text.rstrip() for line in self._lines("claim"))

    @property
    def article_text(self) -> str:
        """The article's box as text (empty while it is hidden)."""
        if not self.show_article:
            return ""
        return "\n".join(line.text.rstrip() for line in self._lines("article"))

    def _text_width(self) -> int:
        return max(0, self.size.width - BORDER_COLUMNS)

    def _lines(self, part: Part, width: int | None = None) -> list[Strip]:
        shown = self._claim if part == "claim" else self._article
        width = self._text_width() if width is None else width
        if shown is None or width <= 0:
            return []
        key, make = shown
        return self.wrapped.lines((part, key), width, self.app.console, make)

    # -- the split ------------------------------------------------------------------------

    def _wanted_height(self) -> int:
        """The rows the column would like: the compact layout sizes it to the claim while
        the article is hidden (0: a size of its own, which a claim does not change)."""
        if not self.compact or self.show_article or self.size.width <= BORDER_COLUMNS:
            return 0
        return self._claim_rows()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._claim_rows(max(1, width - BORDER_COLUMNS))

    def _claim_rows(self, width: int | None = None) -> int:
        """The rows the claim's box needs for all its lines (at ``width``: default the
        width it has)."""
        return len(self._lines("claim", width)) + BORDER_ROWS

    def _boxes(self) -> tuple[int, int]:
        """The rows of the claim's box and of the article's (0: hidden)."""
        height = self.size.height
        wanted = self._claim_rows()
        if not self.show_article:
            return min(wanted, height), 0
        share = COMPACT_CLAIM_SHARE if self.compact else CLAIM_SHARE
        claim = max(min(wanted, int(height * share)), min(height, BORDER_ROWS + 1))
        article = height - claim
        return (claim, article) if article > BORDER_ROWS else (height, 0)

    def _visible_rows(self, part: Part) -> int:
        claim, article = self._boxes()
        return max(0, (claim if part == "claim" else article) - BORDER_ROWS)

    def max_scroll(self, part: Part) -> int:
        """How far the box of ``part`` scrolls (0: its lines fit)."""
        return max(0, len(self._lines(part)) - self._visible_rows(part))

    def scroll_of(self, part: Part) -> int:
        """The first line of ``part`` in view."""
        return min(self._scroll[part], self.max_scroll(part))

    def _scroll_part(self, part: Part, line: int) -> None:
        line = max(0, min(line, self.max_scroll(part)))
        if line != self.scroll_of(part):
            self._scroll[part] = line
            self.refresh()

    # -- keys and the mouse --------------------------------------------------------------

    def action_page_down(self) -> None:
        part = self.part
        self._scroll_part(part, self.scroll_of(part) + max(1, self._visible_rows(part) - 1))

    def action_page_up(self) -> None:
        part = self.part
        self._scroll_part(part, self.scroll_of(part) - max(1, self._visible_rows(part) - 1))

    def action_scroll_home(self) -> None:
        self._scroll_part(self.part, 0)

    def action_scroll_end(self) -> None:
        self._scroll_part(self.part, self.max_scroll(self.part))

    def action_next_box(self) -> None:
        if self.part == "claim" and self._boxes()[1]:
            self._focus_part("article")
        else:
            self.screen.focus_next()

    def action_previous_box(self) -> None:
        if self.part == "article":
            self._focus_part("claim")
        else:
            self.screen.focus_previous()

    def _focus_part(self, part: Part) -> None:
        self.part = part
        self.refresh()

    def on_focus(self, event: events.Focus) -> None:
        self.refresh()  # the focused box's border lights up

    def on_blur(self, event: events.Blur) -> None:
        self.part = "claim"  # tab back in lands on the claim
        self.refresh()

    def _part_at(self, y: int) -> Part:
        return "claim" if y < self._boxes()[0] else "article"

    def on_click(self, event: events.Click) -> None:
        self._focus_part(self._part_at(event.y))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        part = self._part_at(event.y)
        self._scroll_part(part, self.scroll_of(part) + 1)
        event.stop()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        part = self._part_at(event.y)
        self._scroll_part(part, self.scroll_of(part) - 1)
        event.stop()

    # -- drawing -------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        """The rows in ``crop``, from the whole column drawn once per change."""
        return cropped(self._rows(), crop, self.size.width)

    def _rows(self) -> list[Strip]:
        width, height = self.size
        claim_box, article_box = self._boxes()
        focused, selection = self.has_focus, self.text_selection
        what = (
            self.size, self._claim and self._claim[0], self._article and self._article[0],
            claim_box, article_box, self.scroll_of("claim"), self.scroll_of("article"),
            focused, self.part, self.app.theme, selection,
        )  # fmt: skip
        if self._painted is not None and self._painted[0] == what:
            return self._painted[1]
        base = self.rich_style  # walks the ancestors: once per drawing
        filters, background = self.app.get_line_filters(), self.background_colors[1]
        lit = self.screen.get_component_rich_style("screen--selection")
        rows: list[Strip] = []
        parts: tuple[tuple[Part, int], ...] = (("claim", claim_box), ("article", article_box))
        for part, box in parts:
            if box:
                name = "focused" if focused and self.part == part else part
                border = self.get_component_rich_style(f"claim-column--{name}-border")
                look = Look(base, border, filters, background, lit)
                first = self._first_line(part)
                spans = (
                    None
                    if selection is None
                    else (lambda line, first=first: selection.get_span(first + line))
                )
                lines, top = self._lines(part), self.scroll_of(part)
                rows += draw_box(lines, top, box, width, look, selected=spans)
        if len(rows) < height:
            blank = Look(base, base, filters, background).finish(Strip.blank(width, base))
            rows += [blank] * (height - len(rows))
        self._painted = (what, rows)
        return rows

    # -- selecting text with the mouse ----------------------------------------------------

    def _first_line(self, part: Part) -> int:
        """Where ``part``'s lines start in the column's text (the claim's, then the
        article's): the y of their offsets in a mouse selection."""
        return 0 if part == "claim" else len(self._lines("claim"))

    def render_line(self, y: int) -> Strip:
        """Row ``y`` with each text cell's place in the column's text: Textual reads it
        (only) to find where a mouse selection starts and ends."""
        rows = self._rows()
        if not 0 <= y < len(rows):
            return Strip.blank(self.size.width)
        claim_box, article_box = self._boxes()
        part: Part = "claim" if y < claim_box else "article"
        row = y - 1 if part == "claim" else y - claim_box - 1
        inner = (claim_box if part == "claim" else article_box) - BORDER_ROWS
        lines = self._lines(part)
        index = self.scroll_of(part) + row
        if not 0 <= row < inner or index >= len(lines):
            return rows[y]
        left, _, right = rows[y].divide([2, 2 + self._text_width(), self.size.width])
        text = lines[index].apply_offsets(0, self._first_line(part) + index)
        return Strip([*left, *text, *right], self.size.width)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text selected with the mouse: the claim's lines, then the article's."""
        lines = self._lines("claim") + (self._lines("article") if self.show_article else [])
        text = "\n".join(line.text.rstrip() for line in lines)
        return selection.extract(text), "\n"
