"""The key footer: the screen's shown bindings drawn as one line by one widget.

Textual's ``Footer`` composes a child widget per key and recomposes them all whenever the
screen's bindings change (a dialog opening or closing, a focus change): restyling,
mounting and painting about twenty widgets took 100-250 ms of the main thread per
switch.  ``KeyFooter`` shows what that footer shows (the bindings of
``screen.active_bindings`` with ``show=True``, one per action, the keymap and
``key_display`` honoured, bindings of a ``Binding.Group`` drawn as their keys and the
group's name, the command palette's key docked right) in the footer's theme colours, but
as one line of text, redrawn only when that line changes.  A line wider than the
terminal ends in an ellipsis; a click on a key runs it as the footer does.

``shown_keys`` reads what to show; ``lay_out`` places it in a width; the widget colours
the result and draws it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import ClassVar, Literal

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

# What a stretch of the line is drawn as: the footer itself, a key, its description, a
# group's name, the bar before the palette key, or the space a key's region ends with.
Role = Literal["base", "key", "description", "label", "separator", "item"]

ELLIPSIS = "…"
SEPARATOR = "▏"  # the palette key's left border (Footer draws it as a ``vkey`` border)
# The component class each kind of run takes its colours from.
_COMPONENTS: dict[Role, str] = {
    "key": "key-footer--key",
    "description": "key-footer--description",
    "label": "key-footer--description",
    "separator": "key-footer--separator",
}


@dataclass(frozen=True, slots=True)
class FooterKey:
    """A key as the footer shows it: the key a click sends, as displayed, and what it does."""

    key: str
    display: str
    description: str
    tooltip: str
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class KeyGroup:
    """Keys of one ``Binding.Group`` shown side by side, then the group's name."""

    keys: tuple[FooterKey, ...]
    description: str
    compact: bool = False


@dataclass(frozen=True, slots=True)
class FooterLine:
    """Everything the footer shows, in order, and the palette key docked at the right."""

    entries: tuple[FooterKey | KeyGroup, ...] = ()
    palette: FooterKey | None = None

    def keys(self) -> Iterator[FooterKey]:
        """Every key shown, from the left, the palette key last."""
        for entry in self.entries:
            yield from entry.keys if isinstance(entry, KeyGroup) else (entry,)
        if self.palette is not None:
            yield self.palette


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of the laid-out line: its text, how it is drawn, and the key it belongs
    to (clicking it presses that key), if any."""

    text: str
    role: Role
    key: FooterKey | None = None


def shown_keys(screen: Screen[object]) -> FooterLine:
    """What Textual's Footer would show for ``screen``, read from its active bindings.

    The first shown binding of each action stands for it, in the order the bindings are
    found; actions next to each other whose first binding is in the same group, if there
    is more than one of them, are drawn as that group.
    """
    app = screen.app
    active = screen.active_bindings
    by_action: dict[str, list[tuple[Binding, bool, str]]] = {}
    for _node, binding, enabled, tooltip in active.values():
        if binding.show:
            by_action.setdefault(binding.action, []).append((binding, enabled, tooltip))
    entries: list[FooterKey | KeyGroup] = []
    for group, runs in groupby(by_action.values(), lambda found: found[0][0].group):
        firsts = [found[0] for found in runs]
        if group is not None and len(firsts) > 1:
            keys = tuple(
                FooterKey(b.key, app.get_key_display(b), "", tip or b.description, enabled)
                for b, enabled, tip in firsts
            )
            entries.append(KeyGroup(keys, group.description, group.compact))
        else:
            entries.extend(
                FooterKey(b.key, app.get_key_display(b), b.description, tip, enabled)
                for b, enabled, tip in firsts
            )
    palette = None
    if app.ENABLE_COMMAND_PALETTE and (found := active.get(app.COMMAND_PALETTE_BINDING)):
        binding = found.binding
        palette = FooterKey(
            binding.key,
            app.get_key_display(binding),
            binding.description,
            binding.tooltip or binding.description,
            found.enabled,
        )
    return FooterLine(tuple(entries), palette)


def _entry_units(entry: FooterKey | KeyGroup) -> Iterator[list[Run]]:
    """The runs of an entry, in the pieces a cut may keep or drop: a key with its
    description, a group's keys, a group's name.  Spacing is Footer's: a key padded by
    a space each side, its description followed by one; a group's keys a space apart
    (side by side and after one space, if compact) and its name followed by a space."""
    if isinstance(entry, FooterKey):
        if entry.description:
            yield [
                Run(f" {entry.display} ", "key", entry),
                Run(f"{entry.description} ", "description", entry),
            ]
        else:
            yield [Run(entry.display, "key", entry)]
        return
    keys: list[Run] = [Run(" ", "base")]
    for index, key in enumerate(entry.keys):
        if index and not entry.compact:
            keys.append(Run(" ", "base"))
        keys.append(Run(key.display, "key", key))
    keys.append(Run(" ", "base"))
    yield keys
    yield [Run(entry.description, "label"), Run(" ", "base")]


def _palette_runs(palette: FooterKey) -> list[Run]:
    """The palette key as Footer docks it: a bar, the key, its description, a space."""
    runs = [Run(SEPARATOR, "separator", palette), Run(palette.display, "key", palette)]
    if palette.description:
        runs.append(Run(f" {palette.description}", "description", palette))
    runs.append(Run(" ", "item", palette))
    return runs


def _width(runs: list[Run]) -> int:
    return sum(cell_len(run.text) for run in runs)


def lay_out(line: FooterLine, width: int) -> list[Run]:
    """The runs that fill ``width`` cells: the entries from the left, the palette key at
    the right, blank between.

    When the entries do not fit, those that would reach the last cell before the palette
    key are left out, whole (a group's name apart from its keys), and that cell shows an
    ellipsis; a line too wide only by the space that ends it just loses that space.
    """
    right = _palette_runs(line.palette) if line.palette else []
    room = width - _width(right)
    if room < 1:  # no room for the palette key beside anything: drop it
        right, room = [], width
    units = [unit for entry in line.entries for unit in _entry_units(entry)]
    left = [run for unit in units for run in unit]
    used = _width(left)
    if used - _trailing_space(left) <= room:  # all of it, but perhaps its last space
        return [*_cut_space(left, used - room), Run(" " * (room - used), "base"), *right]
    left, used = [], 0
    for unit in units:
        unit_width = _width(unit)
        if used + unit_width - _lent_space(unit) > room - 1:
            break
        left.extend(unit)
        used += unit_width
    left = _cut_space(left, used - (room - 1))
    used = min(used, room - 1)
    gap = Run(" " * (room - 1 - used), "base")
    return [*left, gap, Run(ELLIPSIS, "label"), *right]


def _trailing_space(runs: list[Run]) -> int:
    """1 if ``runs`` end with the space that separates them from what follows, else 0."""
    return 1 if runs and runs[-1].text.endswith(" ") else 0


def _lent_space(unit: list[Run]) -> int:
    """1 if the space ending ``unit`` may become the ellipsis: a group's keys may end in
    "7…" (more keys), but a description never runs into it ("Filter…" reads as a word
    cut short)."""
    return 1 if len(unit) > 1 and unit[-2].role == "key" and unit[-1].text == " " else 0


def _cut_space(runs: list[Run], over: int) -> list[Run]:
    """``runs`` without their trailing space if they are ``over`` their room by it."""
    if over <= 0:
        return runs
    last = runs[-1]
    return [*runs[:-1], Run(last.text[:-1], last.role, last.key)]


class KeyFooter(Widget, can_focus=False):
    """The screen's keys in one line, as Textual's Footer shows them.

    It follows the screen's ``bindings_updated_signal`` (as Footer does) and repaints
    only when the line it shows has changed; its height is always one row, so a change
    never needs a new layout.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-footer--item",
        "key-footer--hover",
        "key-footer--key",
        "key-footer--description",
        "key-footer--separator",
        "key-footer--disabled",
    }
    # Footer's colours, by the theme's footer variables: the footer's background, each
    # key's region over it (lighter while the mouse is over it), the key and its
    # description over that; a group's name is drawn like a description.
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        &:hover { pointer: pointer; }
        & > .key-footer--item { background: $footer-item-background; }
        & > .key-footer--hover { background: $block-hover-background; }
        & > .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-footer--separator { color: $foreground 20%; }
        & > .key-footer--disabled { text-style: dim; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.line = FooterLine()
        self._laid_out: tuple[int, list[Run]] | None = None
        self._hover: FooterKey | None = None
        self._update_pending = False

    # -- following the screen's bindings --------------------------------------------------

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.update_line()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        # Like Footer: nothing changes while the app is out of focus, and one reading
        # after the refresh stands for every change published before it.
        if not screen.app.app_focus or self._update_pending:
            return
        self._update_pending = True
        self.call_after_refresh(self._apply_pending)

    def _apply_pending(self) -> None:
        self._update_pending = False
        if self.is_attached:
            self.update_line()

    def update_line(self) -> bool:
        """Read the screen's shown keys again; repaint if they changed.

        Returns:
            Whether the line changed.
        """
        line = shown_keys(self.screen)
        if line == self.line:
            return False
        self.line = line
        self._laid_out = None
        if self._hover is not None:
            self._set_hover(None)
        self.refresh()
        return True

    # -- drawing ----------------------------------------------------------------------------

    def runs(self, width: int | None = None) -> list[Run]:
        """The line laid out in ``width`` cells (the widget's own width if not given)."""
        width = self.size.width if width is None else width
        if self._laid_out is None or self._laid_out[0] != width:
            self._laid_out = (width, lay_out(self.line, width))
        return self._laid_out[1]

    def rendered_text(self, width: int | None = None) -> Text:
        """The line as drawn: runs of text in the footer's colours (never markup).

        The colours are read afresh each time (the theme may have changed): the line is
        drawn only when it, the size, the mouse or the styles have changed.
        """
        styles: dict[tuple[Role, bool, bool], Style] = {}
        text = Text(no_wrap=True, end="")
        for run in self.runs(width):
            look = (run.role, run.key is not None and run.key is self._hover,
                    run.key is None or run.key.enabled)  # fmt: skip
            if (style := styles.get(look)) is None:
                style = styles[look] = self._style(*look)
            text.append(run.text, style)
        return text

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y != 0 or width <= 0:
            return Strip.blank(width, self.rich_style)
        segments = list(self.rendered_text(width).render(self.app.console))
        return Strip(segments).adjust_cell_length(width, self.rich_style)

    def _style(self, role: Role, hover: bool, enabled: bool) -> Style:
        """The Rich style of a run, layered as Footer's widgets are: the footer, a key's
        region on it, the key or description component on that (alpha blended)."""
        _, background = self.background_colors
        color = self.styles.color
        text_style = Style()
        if role in ("key", "description", "separator", "item"):
            region = "key-footer--hover" if hover else "key-footer--item"
            background += self.get_component_styles(region).background
            if not enabled:
                text_style += self.get_component_styles("key-footer--disabled").text_style
        if role not in ("base", "item"):
            styles = self.get_component_styles(_COMPONENTS[role])
            background += styles.background
            if styles.has_rule("color"):
                color = styles.color
            text_style += styles.text_style
        return text_style + Style.from_color(
            (background + color).rich_color, background.rich_color if background.a else None
        )

    # -- the mouse --------------------------------------------------------------------------

    def key_at(self, x: int) -> FooterKey | None:
        """The key drawn at column ``x``, if any."""
        start = 0
        for run in self.runs():
            end = start + cell_len(run.text)
            if start <= x < end:
                return run.key
            start = end
        return None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        event.stop()
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self.key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, key: FooterKey | None) -> None:
        if key is self._hover:
            return
        self._hover = key
        self.tooltip = key.tooltip if key is not None and key.tooltip else None
        self.refresh()
