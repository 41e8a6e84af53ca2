"""Widgets of the review screen.  They show what they are given and post messages;
they never touch the database (the screen does, through ReviewStore)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.timer import Timer
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from .render import passage_view

SCROLL_KEYS: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("pageup,ctrl+u", "page_up", "Scroll up", show=False, id="scroll-up"),
    Binding("pagedown,ctrl+d", "page_down", "Scroll down", show=False, id="scroll-down"),
    Binding("home", "scroll_home", "Scroll to the top", show=False, id="scroll-top"),
    Binding("end", "scroll_end", "Scroll to the bottom", show=False, id="scroll-bottom"),
]
# Passages kept rendered for claims shown again (about the last 40 claims' lists).
KEPT_OPTIONS = 400


class Panel(VerticalScroll, inherit_bindings=False):
    """A focusable panel that scrolls with the page keys and leaves the arrow keys (and
    j/k) to the screen: they move to the next or previous claim."""

    can_focus = True
    BINDINGS = SCROLL_KEYS


class PassageList(OptionList):
    """The ranked passages for the current claim (or a search); ↑/↓ move the highlight,
    enter or a click marks the passage as evidence (the screen records it).

    A new list is filled once the screen has been painted: the claim is on screen a
    frame sooner (drawing ten passages costs more than the rest of the screen), and
    claims passed over in a burst of keys never fill it; while a key is held down, it
    waits until the keys stop.  An empty list (no sources, no match, still matching) is
    emptied at once: it costs nothing to draw.  Whatever
    reads or moves the highlight fills it first (this list's actions do; the screen calls
    ``fill``), so a key acts on the passages of the claim on screen when it was pressed.
    """

    BINDINGS = [
        Binding("ctrl+u", "page_up", "Page up", show=False, id="passages-page-up"),
        Binding("ctrl+d", "page_down", "Page down", show=False, id="passages-page-down"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.matches: list[Any] = []
        self._pending: tuple[list[Any], frozenset[str], float] | None = None
        self._wait: Timer | None = None
        # Built options by what they show: a claim shown again reuses its passages'
        # text, already laid out (Textual keeps that in the option).
        self._built: OrderedDict[tuple[Any, bool, int, float], Option] = OrderedDict()

    def show(
        self,
        matches: Sequence[Any],
        chosen: set[str],
        min_score: float = 0.0,
        *,
        wait: float | None = None,
    ) -> None:
        """Show these passages from the next frame on (see the class), or once ``wait``
        seconds have passed without another ``show`` (a key held down); the highlight
        stays on the same passage where it can; passages under ``min_score`` are shown
        as weak."""
        first = self._pending is None
        self._pending = (list(matches), frozenset(chosen), min_score)
        if self._wait is not None:
            self._wait.stop()
            self._wait = None
        if not matches:  # nothing to draw: emptied at once, with the claim
            self.fill()
        elif wait is not None:
            self._wait = self.set_timer(wait, self.fill)
        elif first:
            self.call_after_refresh(self.fill)

    def fill(self) -> None:
        """Put the passages last given to ``show`` in the list now (if not done yet)."""
        if self._pending is None:
            return
        matches, chosen, min_score = self._pending
        self._pending = None
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        self.matches = matches
        self.set_options(
            self._option(m, m.passage_id in chosen, i, min_score)
            for i, m in enumerate(matches, start=1)
        )
        ids = [m.passage_id for m in matches]
        if highlighted in ids:
            self.highlighted = ids.index(highlighted)
        elif ids:
            self.highlighted = 0

    def _option(self, match: Any, chosen: bool, number: int, min_score: float) -> Option:
        key = (match, chosen, number, min_score)
        option = self._built.get(key)
        if option is None:
            option = Option(passage_view(match, chosen, number, min_score), id=match.passage_id)
            self._built[key] = option
            if len(self._built) > KEPT_OPTIONS:
                self._built.popitem(last=False)
        else:
            self._built.move_to_end(key)
        return option

    # The list's own keys move or select among the passages of the claim on screen:
    # each fills the list first.  (Not on the key event itself: a key reaches the list
    # before the keys typed ahead of it have moved the claim.)

    def action_cursor_up(self) -> None:
        self.fill()
        super().action_cursor_up()

    def action_cursor_down(self) -> None:
        self.fill()
        super().action_cursor_down()

    def action_first(self) -> None:
        self.fill()
        super().action_first()

    def action_last(self) -> None:
        self.fill()
        super().action_last()

    def action_page_up(self) -> None:
        self.fill()
        super().action_page_up()

    def action_page_down(self) -> None:
        self.fill()
        super().action_page_down()

    def action_select(self) -> None:
        self.fill()
        super().action_select()

    @property
    def highlighted_passage(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None
