"""Widgets of the review screen.  They show what they are given and post messages;
they never touch the database (the screen does, through ReviewStore)."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll

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
