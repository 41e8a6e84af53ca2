"""The reading view: the whole article, wrapped and scrolled with the keyboard, every
claim marked by its verdict's colour and the current one lit; ``j``/``k`` move between
the claims, enter reviews the one lit.

The article may be a megabyte with 10,000 claims, so the view draws only the lines on
screen (Textual's line API) from a layout made a few milliseconds at a time by a worker
(``reading_layout``): the keys pressed meanwhile move the cursor as usual and the view
scrolls to it once laid out.  Article text is untrusted: every line is a ``Text`` built
from the printable text, styled by span, never markup.
"""

from __future__ import annotations

import asyncio
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence

from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Header, Static

from review_db import ClaimBrief, ClaimState
from workbench.claims.review_order import CHECKABLE

from ...config import VerdictLabel
from ...safe_text import printable
from ..key_footer import KeyFooter
from ..reading_layout import (
    ShownArticle,
    Steps,
    T,
    WrappedLines,
    shown_article_steps,
    units_on,
    wrap_steps,
)
from .base import BaseScreen

CURSOR = Style(reverse=True, bold=True)
UNREVIEWED = Style(underline=True)
LAYING_OUT = Text("Laying out the article…", style="dim italic")
SLICE = 0.004  # seconds of layout at a time
PAUSE = 0.001  # seconds left to the event loop between slices


async def _between_keys(steps: Steps[T]) -> T:
    """Run ``steps`` to its end in slices of about ``SLICE`` seconds, leaving the event
    loop to itself for a moment after each, so a key pressed meanwhile is handled
    (every hand-off it takes between the app's tasks happens in that moment)."""
    while True:
        until = time.perf_counter() + SLICE
        try:
            while time.perf_counter() < until:
                next(steps)
        except StopIteration as done:
            return done.value
        await asyncio.sleep(PAUSE)


class ArticleView(ScrollView, inherit_bindings=False):
    """The article's lines, drawn as they come into view.  Keys are the screen's: the
    view scrolls when told to and follows the cursor.

    Each line drawn is kept (up to ``KEPT_LINES``) until what it shows changes: moving
    the cursor redraws the lines of the claim it leaves and of the one it lights, not
    the screen (measured: 0.3 ms a line, most of it Textual's style lookups).
    """

    can_focus = False
    KEPT_LINES = 2048

    def __init__(
        self,
        text: str,
        claims: Sequence[ClaimBrief],
        mark: Callable[[ClaimBrief], Style | None],
        cursor: str | None,
        *,
        id: str | None = None,  # noqa: A002 (Textual's name for it)
    ) -> None:
        super().__init__(id=id)
        self._text = text
        self._claims = claims
        self._mark = mark
        self.cursor = cursor
        self.shown: ShownArticle | None = None
        self.lines: WrappedLines | None = None
        self._unit_ends: list[int] = []
        self._unit_of: dict[str, int] = {}
        self._wanted_width = 0  # the width the latest layout was asked for
        self._drawn: LRUCache[int, Strip] = LRUCache(self.KEPT_LINES)
        self._base: Style | None = None  # the view's own colours, looked up once

    # -- layout ----------------------------------------------------------------------------

    def on_resize(self, _: events.Resize) -> None:
        self.redraw()
        width = self.scrollable_content_region.width
        if width > 0 and width != self._wanted_width:
            self._wanted_width = width
            self.lay_out(width)

    @work(exclusive=True, group="reading-layout", exit_on_error=False,
          description="laying out the article")  # fmt: skip
    async def lay_out(self, width: int) -> None:
        """The article made printable (once) and wrapped to ``width``, a few steps at a
        time between keys (a newer size cancels this one)."""
        shown = self.shown
        if shown is None:
            shown = await _between_keys(shown_article_steps(self._text, self._claims))
        self._laid_out(shown, await _between_keys(wrap_steps(shown.text, width)))

    def _laid_out(self, shown: ShownArticle, lines: WrappedLines) -> None:
        if lines.width != self._wanted_width:
            return
        first = self.lines is None
        if self.shown is not shown:
            self.shown = shown
            self._unit_ends = [unit.end for unit in shown.units]
            self._unit_of = {unit.claim.id: i for i, unit in enumerate(shown.units)}
        self.lines = lines
        self.virtual_size = Size(lines.width, len(lines))
        self.show_cursor(middle=first)
        self.redraw()

    # -- the cursor ------------------------------------------------------------------------

    def move_cursor(self, claim_id: str) -> None:
        """Light ``claim_id`` and scroll it into view."""
        left = self.cursor_lines()
        self.cursor = claim_id
        lit = self.cursor_lines()
        for lines in (left, lit):
            if lines is not None:
                first, last = lines
                for row in range(first, last + 1):
                    self._drawn.discard(row)
                self.refresh_lines(first, last - first + 1)
        self.show_cursor(middle=False)

    def cursor_lines(self) -> tuple[int, int] | None:
        """The first and last line of the claim under the cursor, once laid out."""
        index = self._unit_of.get(self.cursor or "")
        if self.lines is None or self.shown is None or index is None:
            return None
        return self.lines.lines_of(self.shown.units[index])

    def show_cursor(self, *, middle: bool) -> None:
        """Scroll so the cursor's claim is in view: a third of the way down when it was
        out of view (or ``middle``), its first line at the top when it is taller."""
        found = self.cursor_lines()
        if found is None:
            return
        first, last = found
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        if not middle and top <= first and last < top + height:
            return
        above = height // 3 if last - first < height - height // 3 else 0
        self.scroll_to(y=max(first - above, 0), animate=False, force=True)

    # -- drawing ---------------------------------------------------------------------------

    def redraw(self) -> None:
        """Draw every line afresh (the layout, a verdict, the size or theme changed)."""
        self._drawn.clear()
        self._base = None
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn.clear()
        self._base = None

    def render_line(self, y: int) -> Strip:
        row = round(self.scroll_y) + y
        drawn = self._drawn.get(row)
        if drawn is None:
            if self._base is None:
                self._base = self.rich_style
            drawn = self._draw(row, self._base).crop_extend(
                0, self.scrollable_content_region.width, self._base
            )
            self._drawn[row] = drawn
        return drawn

    def _draw(self, row: int, base: Style) -> Strip:
        """Line ``row`` of the article, each claim on it marked (none yet: a notice)."""
        lines, shown = self.lines, self.shown
        if lines is None or shown is None:
            text = LAYING_OUT.copy() if row == 0 else Text("")
            text.stylize_before(base)
        elif row >= len(lines):
            return Strip.blank(0, base)
        else:
            start, end = lines.starts[row], lines.ends[row]
            text = Text(shown.text[start:end], no_wrap=True, end="")
            text.stylize(base)  # the view's colours under every span (Text.render has none)
            for index in units_on(shown.units, self._unit_ends, start, end):
                unit = shown.units[index]
                style = self._mark(unit.claim)
                if unit.claim.id == self.cursor:
                    style = style + CURSOR if style else CURSOR
                if style is not None:
                    text.stylize(style, max(unit.start, start) - start, min(unit.end, end) - start)
        return Strip(list(text.render(self.app.console)))


class ReadingScreen(BaseScreen):
    """The whole article, read with the claims marked; enter reviews the one lit."""

    BINDINGS = [
        Binding("j", "step(1)", "Next claim", id="reading-next"),
        Binding("k", "step(-1)", "Previous claim", id="reading-previous"),
        Binding("down", "step(1)", "Next claim", show=False, id="reading-next-arrow"),
        Binding("up", "step(-1)", "Previous claim", show=False, id="reading-previous-arrow"),
        Binding("enter", "review", "Review this claim", id="reading-review"),
        Binding("pagedown,ctrl+d", "page(1)", "Page down", show=False, id="reading-page-down"),
        Binding("pageup,ctrl+u", "page(-1)", "Page up", show=False, id="reading-page-up"),
        Binding("home", "top", "Top of the article", show=False, id="reading-top"),
        Binding("end", "bottom", "End of the article", show=False, id="reading-bottom"),
        Binding("question_mark", "help", "Help", id="reading-help", key_display="?"),
        Binding("q,escape", "back", "Back", id="reading-back"),
    ]
    HELP_EXTRA = (("ctrl+p", "Command palette: every action by name"),)

    def __init__(
        self,
        title: str,
        text: str,
        claims: Sequence[ClaimBrief],
        states: Mapping[str, ClaimState],
        current: str | None,
        scale: Sequence[VerdictLabel],
        review: Callable[[str], None],
    ) -> None:
        """
        Args:
            claims: the article's units in article order.
            states: this reviewer's state of each claim, as the review screen keeps it
                (read when drawn, so a verdict saved meanwhile shows when redrawn).
            current: the claim lit at first (the review screen's).
            review: shows a claim on the review screen (enter).
        """
        super().__init__()
        self.article_title = title
        self.claims = list(claims)
        self.states = states
        self._colours = {entry.label: entry.colour for entry in scale}
        self._review = review
        # The units j/k stop at: claims and quotes, other units the reviewer gave a
        # verdict anyway, and the one the reader came from.
        self.stops = [
            i
            for i, c in enumerate(self.claims)
            if c.kind in CHECKABLE or c.id == current or self._verdict(c) is not None
        ]
        here = next((i for i, c in enumerate(self.claims) if c.id == current), None)
        self.cursor = here if here is not None else (self.stops[0] if self.stops else None)
        self._text = text

    def compose(self) -> ComposeResult:
        yield Header()
        yield ArticleView(
            self._text, self.claims, self.mark, self.claim.id if self.claim else None,
            id="reading-view",
        )  # fmt: skip
        yield Static(id="reading-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "workbench"
        self.sub_title = printable(f"reading: {self.article_title}", one_line=True)
        self._show_status()

    @property
    def claim(self) -> ClaimBrief | None:
        """The claim under the cursor."""
        return self.claims[self.cursor] if self.cursor is not None else None

    def _verdict(self, claim: ClaimBrief) -> str | None:
        state = self.states.get(claim.id)
        return state.verdict if state is not None else None

    def mark(self, claim: ClaimBrief) -> Style | None:
        """How a unit shows: in its verdict's colour, underlined while a claim or quote
        has none, plain otherwise (headings, captions and the rest)."""
        label = self._verdict(claim)
        if label is not None:
            colour = self._colours.get(label)
            # A label the scale lacks (another desk's, merged in) is still marked.
            return Style(color=colour) if colour else Style(italic=True)
        return UNREVIEWED if claim.kind in CHECKABLE else None

    def verdicts_changed(self) -> None:
        """A state the view shows changed (a save confirmed, or refused and read back)."""
        self.query_one(ArticleView).redraw()
        self._show_status()

    def _show_status(self) -> None:
        claim = self.claim
        status = Text(no_wrap=True, overflow="ellipsis")
        if claim is None:
            status.append("This article has no claims.", "italic")
        else:
            label = self._verdict(claim)
            status.append("Claim ", "dim")
            status.append(str(claim.ordinal), "bold")
            status.append(f"  ·  {printable(claim.kind, one_line=True)}  ·  ", "dim")
            if label is None:
                status.append("not reviewed", "italic")
            else:
                status.append_text(Text(printable(label, one_line=True), self.mark(claim) or ""))
            assert self.cursor is not None
            where = bisect_left(self.stops, self.cursor)
            status.append(f"  ·  {where + 1} of {len(self.stops)}", "dim")
            status.append("  ·  enter reviews it", "dim")
        self.query_one("#reading-status", Static).update(status)

    # -- keys ------------------------------------------------------------------------------

    def action_step(self, step: int) -> None:
        """The next (or previous) claim in the article."""
        if self.cursor is None:
            return
        if step > 0:
            index = bisect_right(self.stops, self.cursor)
        else:
            index = bisect_left(self.stops, self.cursor) - 1
        if not 0 <= index < len(self.stops):
            self.notify("No more claims that way.", timeout=1.5)
            return
        self.cursor = self.stops[index]
        claim = self.claims[self.cursor]
        self.query_one(ArticleView).move_cursor(claim.id)
        self._show_status()

    def action_review(self) -> None:
        """Back to the review screen, on the claim under the cursor."""
        claim = self.claim
        self.app.pop_screen()
        if claim is not None:
            self._review(claim.id)

    def action_page(self, step: int) -> None:
        view = self.query_one(ArticleView)
        if step > 0:
            view.scroll_page_down(animate=False)
        else:
            view.scroll_page_up(animate=False)

    def action_top(self) -> None:
        self.query_one(ArticleView).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one(ArticleView).scroll_end(animate=False)
