"""Widgets of the review screen.  They show what they are given and post messages;
they never touch the database (the screen does, through ReviewStore)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from .render import passage_view

SCROLL_KEYS: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("pageup,ctrl+u", "page_up", "Scroll up", show=False, id="scroll-up"),
    Binding("pagedown,ctrl+d", "page_down", "Scroll down", show=False, id="scroll-down"),
    Binding("home", "scroll_home", "Scroll to the top", show=False, id="scroll-top"),
    Binding("end", "scroll_end", "Scroll to the bottom", show=False, id="scroll-bottom"),
]


class Panel(VerticalScroll, inherit_bindings=False):
    """A focusable panel that scrolls with the page keys and leaves the arrow keys (and
    j/k) to the screen: they move to the next or previous claim."""

    can_focus = True
    BINDINGS = SCROLL_KEYS


class PassageList(OptionList):
    """The ranked passages for the current claim (or a search); ↑/↓ move the highlight,
    enter or a click marks the passage as evidence (the screen records it)."""

    BINDINGS = [
        Binding("ctrl+u", "page_up", "Page up", show=False, id="passages-page-up"),
        Binding("ctrl+d", "page_down", "Page down", show=False, id="passages-page-down"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.matches: list[Any] = []

    def show(self, matches: Sequence[Any], chosen: set[str], min_score: float = 0.0) -> None:
        """Replace the list, keeping the highlight on the same passage where it can;
        passages under ``min_score`` are shown as weak."""
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        self.matches = list(matches)
        self.set_options(
            Option(passage_view(m, m.passage_id in chosen, i, min_score), id=m.passage_id)
            for i, m in enumerate(self.matches, start=1)
        )
        ids = [m.passage_id for m in self.matches]
        if highlighted in ids:
            self.highlighted = ids.index(highlighted)
        elif ids:
            self.highlighted = 0

    @property
    def highlighted_passage(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None
