"""What every screen shares: typed access to the app, help and back, and the bindings the
verdict scale adds.

Screens reach the app through the ``Workbench`` protocol, never by importing the app
module: the app imports the screens, and the screens only know what they may ask of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, NamedTuple, Protocol, Self, cast

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from review_db import ReviewStore

from ...config import Config, VerdictLabel
from ...safe_text import printable
from ..modals import MessageModal, worker_failed

MIN_SIZE = (80, 24)  # the smallest terminal every screen is laid out for
COMPACT_BELOW = 100  # columns: narrower, the review screen stacks its panels


# Actions that are not commands: the palette's own key, and Textual's copy of selected
# text (ctrl+c copies when text is selected, else it falls through to quit).
_NOT_COMMANDS = frozenset({"command_palette", "app.command_palette", "screen.copy_text"})


class Command(NamedTuple):
    """An action of a screen as help and the palette list it: the binding that names it
    and every key that runs it, as shown ("^q ^c")."""

    binding: Binding
    keys: str


class Workbench(Protocol):
    """What a screen may ask of the app."""

    db_path: Path
    config: Config
    reviewer: str

    @property
    def store(self) -> ReviewStore:
        """The main thread's connection (short reads only)."""

    def worker_store(self) -> AbstractContextManager[ReviewStore]:
        """A connection of its own for a thread worker, closed when the block ends."""

    def write(
        self,
        run: Callable[[ReviewStore], Any],
        done: Callable[[Any], None],
        failed: Callable[[], None] | None = None,
    ) -> None:
        """Record something through the writer thread."""

    def open_article(
        self, article_id: str, claim_id: str | None = None, *, show_others: bool = False
    ) -> None:
        """Show an article's review screen (at ``claim_id``, if given)."""

    async def writes_saved(self) -> None:
        """Wait until every write queued so far is committed (or has failed)."""

    def go_back(self) -> None:
        """Back to the screen below (the articles screen, when there is none)."""

    def open_conflicts(self, article_id: str | None) -> None:
        """Show the conflicts of one article, or of every article."""

    async def action_quit(self) -> None:
        """Save everything given so far, then exit."""


class BaseScreen(Screen[None]):
    """A workbench screen: help lists its keys, back returns to the screen before."""

    # Rows the help adds after the screen's bindings: keys that are not bindings of the
    # screen itself (a focused widget's, the palette's).
    HELP_EXTRA: ClassVar[tuple[tuple[str, str], ...]] = (
        ("ctrl+p", "Command palette: every action by name"),
        ("tab", "Next panel (claim, article, passages)"),
    )

    @property
    def workbench(self) -> Workbench:
        return cast(Workbench, self.app)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker of this screen (matching, prefetch, search) failed: say so.  Its state
        changes do not bubble to the app, whose handler sees only its own workers; a
        second worker failing for the same reason adds no second message."""
        if event.state != WorkerState.ERROR:
            return
        modal = worker_failed(event.worker)
        shown = self.app.screen
        if isinstance(shown, MessageModal) and str(shown.body) == str(modal.body):
            return
        self.app.push_screen(modal)

    def on_mount(self) -> None:
        width, height = MIN_SIZE
        notice = Static(f"terminal too small (need {width}x{height})", id="too-small")
        self.mount(notice)
        self._fit(self.size.width, self.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        """Lay out for the terminal's size: compact below ``COMPACT_BELOW`` columns, and
        a notice instead of a broken layout below ``MIN_SIZE``."""
        self.set_class(width < COMPACT_BELOW, "compact")
        self.set_class(width < MIN_SIZE[0] or height < MIN_SIZE[1], "too-small")

    @property
    def store(self) -> ReviewStore:
        return self.workbench.store

    @classmethod
    def scale_binding(cls, index: int, entry: VerdictLabel) -> Binding | None:
        """The binding a step of the verdict scale adds to this screen (none here)."""
        return None

    @classmethod
    def for_scale(cls, scale: Sequence[VerdictLabel]) -> type[Self]:
        """This screen with a binding for each step of ``scale`` (keys from the config).

        The scale is configuration, so its bindings cannot be written in ``BINDINGS``;
        a subclass that declares them is how Textual takes bindings.
        """
        return cast(type[Self], _with_scale(cls, tuple(scale)))

    def command_bindings(self) -> list[Command]:
        """The commands of this screen and the app, one per action with every key that
        runs it (as remapped by the keymap), in the order declared (the verdict scale in
        its own order).

        Read from the screen's and the app's own bindings rather than the active ones:
        a key the focused widget also binds (enter in a table) or one Textual's screen
        binds first (ctrl+c copies a selection, and quits otherwise) still lists what it
        does here.  The palette's own key and Textual's copy are not commands.
        """
        commands: list[Command] = []
        by_action: dict[str, int] = {}  # action -> its entry in commands
        by_name: dict[str, int] = {}  # description, casefolded -> its entry
        for node in (self, self.app):
            for _key, binding in node._bindings:
                if not binding.description or binding.system or binding.action in _NOT_COMMANDS:
                    continue
                if not self.app._check_action_state(binding.action, node):
                    continue  # disabled here (check_action said no)
                key, name = self.key_of(binding), binding.description.casefold()
                # One entry per action, and per name: "q Quit" on a screen and the app's
                # "^q Quit" are one thing to the reader.
                index = by_action.get(binding.action, by_name.get(name))
                if index is None:
                    index = len(commands)
                    commands.append(Command(binding, key))
                elif key not in commands[index].keys.split(" "):
                    same = commands[index]
                    # The binding the footer shows names the action; others add their keys.
                    named = binding if binding.show and not same.binding.show else same.binding
                    commands[index] = Command(named, f"{same.keys} {key}")
                by_action.setdefault(binding.action, index)
                by_name.setdefault(name, index)
        return commands

    def key_of(self, binding: Binding) -> str:
        """The key shown for a binding (its display name, or the key as remapped)."""
        return binding.key_display or self.app.get_key_display(binding)

    def help_table(self) -> RenderableType:
        """Every binding of the screen, grouped, with its key."""
        table = Table(show_header=True, box=None, pad_edge=False)
        table.add_column("Key", style="bold", min_width=8)
        table.add_column("Action", min_width=30)
        table.add_column("Group", style="dim")
        found = self.command_bindings()
        # Grouped (ungrouped last), and in declared order within a group: the verdicts
        # read in key order, as the scale gives them.
        bindings = sorted(
            found,
            key=lambda c: (c.binding.group.description if c.binding.group else "~", found.index(c)),
        )
        for binding, keys in bindings:
            group = binding.group.description if binding.group else ""
            # Text cells, not strings: Rich would read a label like "Closing [/] tag" as markup.
            table.add_row(*(Text(printable(cell, one_line=True)) for cell in (
                keys, binding.description, group)))  # fmt: skip
        bound = {key for command in found for key in command.binding.key.split(",")}
        for key, text in self.HELP_EXTRA:
            if key not in bound:  # a key the screen binds itself is listed once, above
                table.add_row(key, text, "")
        return table

    def action_help(self) -> None:
        self.app.push_screen(MessageModal("Keys", self.help_table()))

    def action_back(self) -> None:
        self.workbench.go_back()


@cache
def _with_scale(cls: type[BaseScreen], scale: tuple[VerdictLabel, ...]) -> type[BaseScreen]:
    bindings = [
        binding
        for index, entry in enumerate(scale)
        if (binding := cls.scale_binding(index, entry)) is not None
    ]
    return type(cls.__name__, (cls,), {"BINDINGS": bindings, "__module__": cls.__module__})
