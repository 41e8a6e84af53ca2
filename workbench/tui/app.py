"""The Textual app, and the one factory that builds it for the CLI, tests and benchmarks.

The app owns the database connections: one for the main thread (short reads), one for
each run of a thread worker (matching, search, export; closed when the run ends), and
a single writer thread that records every verdict, note and evidence change in order,
committing each before it posts the confirmation the screen shows.

Quitting (a key, on any screen or dialog, or SIGTERM/SIGHUP when the app runs in a
terminal) first lets every key already pressed take effect, then waits for the writer to
commit everything queued, and exits only if all of it was saved; otherwise it says what
was not and stays open.
"""

from __future__ import annotations

import asyncio
import queue
import signal
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, work
from textual.actions import SkipAction
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.markup import escape
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, TextArea
from textual.worker import Worker, WorkerState

from review_db import ReviewStore, StoreError

from ..config import Config
from ..errors import WorkbenchError
from ..safe_text import printable
from .idle_gc import IdleCollector
from .modals import MessageModal, SavingModal, worker_failed
from .screens.base import BaseScreen
from .screens.review import ReviewScreen
from .terminal import terminal_driver

if TYPE_CHECKING:
    from .hub_sync import HubSync, HubSyncChanged

QUIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def report_formats() -> dict[str, str]:
    """Each report format with the file suffix it is written under (the first that names
    it).  The report writers (Jinja2 among them) load when the palette first offers them,
    not with the app."""
    from ..export import FORMATS, SUFFIX_FORMATS

    return {
        fmt: next(suffix for suffix, named in SUFFIX_FORMATS.items() if named == fmt)
        for fmt in FORMATS
    }


@dataclass
class _Write:
    run: Callable[[ReviewStore], Any]
    done: Callable[[Any], None]
    failed: Callable[[], None] | None = None


class WorkbenchApp(App[None]):
    """Review an article claim by claim; every verdict saved the moment it is given."""

    CSS_PATH = "workbench.tcss"
    TITLE = "workbench"
    # Priority bindings, so that the quit keys work on every screen: a modal ends the chain
    # an ordinary binding is looked up in, so a "Not saved" dialog that opened between "1"
    # and ctrl+q used to swallow the quit.  A priority binding runs as soon as its key
    # arrives, ahead of keys pressed before it that are still on their way through the
    # focused widget, so these only ask to quit (QuitRequested), behind those keys: "1 j 2
    # ctrl+q" typed in one burst gives the verdicts, then quits.
    BINDINGS = [
        Binding("ctrl+q", "request_quit", "Quit", id="app-quit", show=False, priority=True),
        Binding("ctrl+c", "copy_or_quit", "Quit", id="app-quit-ctrl-c", show=False, priority=True),
    ]

    class QuitRequested(Message):
        """Quit once the keys pressed before the request have taken effect.

        Posted to the focused widget, it bubbles up the path those keys took, so it
        reaches the app after them.
        """

    class Saved(Message):
        """A write was committed (posted by the writer thread)."""

        def __init__(self, write: _Write, result: Any) -> None:
            super().__init__()
            self.write = write
            self.result = result

    class NotSaved(Message):
        """A write could not be committed: nothing of it was (posted by the writer)."""

        def __init__(self, write: _Write, message: str) -> None:
            super().__init__()
            self.write = write
            self.message = message

    def __init__(
        self,
        db_path: Path,
        config: Config,
        reviewer: str,
        article_id: str | None = None,
        *,
        handle_signals: bool = False,
    ) -> None:
        # A real terminal (the CLI) may go away under the app: its driver must not hang.
        super().__init__(driver_class=terminal_driver() if handle_signals else None)
        self.db_path = db_path
        self.config = config
        self.reviewer = reviewer
        self.start_article = article_id
        self.handle_signals = handle_signals
        self._writes: queue.Queue[_Write | None] = queue.Queue()
        self._quitting = False
        self.collector = IdleCollector()  # garbage collection between keys
        self._unsaved: list[str] = []  # failed writes the reviewer has not yet been shown
        self.store = ReviewStore(db_path)
        self.hub_sync: HubSync | None = None
        dsn = config.hub()  # as `workbench sync` finds it
        if dsn is not None:
            from .hub_sync import HubSync  # the hub's code: imported only with a hub

            self.hub_sync = HubSync(self, db_path, dsn)

    def on_mount(self) -> None:
        self.collector.start()
        self.set_interval(0.1, self.collector.tick)
        if self.config.keys:
            self.set_keymap(self.config.keys)
        if self.handle_signals:
            loop = asyncio.get_running_loop()
            for number in QUIT_SIGNALS:
                loop.add_signal_handler(number, self._signalled)
        self._writer()
        if self.hub_sync is not None:
            self.hub_sync.start()
        if self.start_article is None:
            from .screens.articles import ArticlesScreen

            self.push_screen(ArticlesScreen())
        else:  # the articles screen is made when the reviewer goes back to it (go_back)
            self.open_article(self.start_article)

    def go_back(self) -> None:
        """Back to the screen below; to the articles screen, made now, from a screen that
        was opened first (``review --article``: the first claim shows sooner; so does
        importing the screen only now)."""
        from .screens.articles import ArticlesScreen

        if len(self.screen_stack) <= 2 and not isinstance(self.screen, ArticlesScreen):
            self.switch_screen(ArticlesScreen())
        else:
            self.pop_screen()

    def open_article(
        self, article_id: str, claim_id: str | None = None, *, show_others: bool = False
    ) -> None:
        review = ReviewScreen.for_scale(self.config.scale)
        self.push_screen(review(article_id, claim_id=claim_id, show_others=show_others))

    def open_conflicts(self, article_id: str | None) -> None:
        from .screens.conflicts import ConflictsScreen  # here: the first claim shows sooner

        self.push_screen(ConflictsScreen.for_scale(self.config.scale)(article_id))

    @contextmanager
    def worker_store(self) -> Iterator[ReviewStore]:
        """A connection for one run of a thread worker (sqlite3 connections stay in the
        thread that opened them), closed when the run is done."""
        with ReviewStore(self.db_path) as store:
            yield store

    # -- writing ---------------------------------------------------------------------------

    def write(
        self,
        run: Callable[[ReviewStore], Any],
        done: Callable[[Any], None],
        failed: Callable[[], None] | None = None,
    ) -> None:
        """Record something through the writer thread; ``done`` runs once it is committed,
        ``failed`` (after the error is shown) if it could not be."""
        self._writes.put(_Write(run, done, failed))

    async def writes_saved(self) -> None:
        """Wait, without holding up the screen, until every write queued so far has been
        committed (or has failed) and its confirmation has run."""
        saved = asyncio.Event()
        self.write(lambda store: None, lambda _: saved.set())
        await saved.wait()

    @work(thread=True, group="writer", description="saving reviews")
    def _writer(self) -> None:
        """Writes one at a time, in the order given; unexpected errors end the app loudly.

        Waits for the next write (unmounting the app queues the None that ends it), and
        posts each outcome, never waiting for it, so the writer goes on committing what
        is queued even while the app shuts down (its thread is joined at exit).
        """
        with ReviewStore(self.db_path) as store:
            while (request := self._writes.get()) is not None:
                try:
                    result = request.run(store)
                except (StoreError, WorkbenchError) as e:
                    self.post_message(self.NotSaved(request, e.message))
                    continue
                self.post_message(self.Saved(request, result))

    def on_workbench_app_saved(self, event: Saved) -> None:
        event.write.done(event.result)

    def on_workbench_app_not_saved(self, event: NotSaved) -> None:
        self._write_failed(event.message)
        if event.write.failed is not None:
            event.write.failed()

    def _write_failed(self, message: str) -> None:
        """Say so now, unless quitting (then all at once); either way a quit that comes
        before the reviewer has closed the message stays open and says it again."""
        self._unsaved.append(message)
        if not self._quitting:
            self.push_screen(
                MessageModal("Not saved", Text(printable(message))),
                lambda _: self._unsaved.remove(message) if message in self._unsaved else None,
            )

    @work(thread=True, group="export", exit_on_error=False, description="exporting the report")
    def export_report(self, fmt: str, suffix: str, article_id: str | None) -> None:
        """Write a report beside the database (a new file each time) and say where."""
        from ..export import file_name_for, write_report

        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        name = file_name_for(f"report-{article_id or 'all'}-{stamp}", suffix)
        path = self.db_path.resolve().parent / name
        with self.worker_store() as store:
            result = write_report(store, self.config, fmt, path, article_id=article_id)
        self.call_from_thread(self._exported, result.paths, result.warnings)

    def _exported(self, paths: tuple[Path, ...], warnings: tuple[str, ...]) -> None:
        self.notify(printable(f"Report written: {paths[0]}"), timeout=6, markup=False)
        for warning in warnings:
            self.notify(printable(warning), severity="warning", timeout=8, markup=False)

    def show_error(self, title: str, message: str) -> None:
        self.push_screen(MessageModal(title, Text(printable(message))))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A matching or search worker failed: say so instead of failing silently."""
        if event.state == WorkerState.ERROR and event.worker.group != "writer":
            self.push_screen(worker_failed(event.worker))

    def on_hub_sync_changed(self, event: HubSyncChanged) -> None:
        if self.hub_sync is not None:
            self.hub_sync.changed(event.state)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.collector.key()
        await super().on_event(event)

    def on_unmount(self) -> None:
        self.collector.stop()
        if self.hub_sync is not None:
            self.hub_sync.stop()
        if self.handle_signals:
            loop = asyncio.get_running_loop()
            for number in QUIT_SIGNALS:
                loop.remove_signal_handler(number)
        self._writes.put(None)  # the writer finishes what is queued, then stops
        self.store.close()

    # -- quitting --------------------------------------------------------------------------

    def _signalled(self) -> None:
        """SIGTERM or SIGHUP: quit as the quit key does, after the keys already read."""
        self.call_later(self.action_request_quit)

    def action_request_quit(self) -> None:
        """The quit key, on any screen or dialog: quit once the keys read before it have
        taken effect (they are on their way through the focused widget; the request
        follows them)."""
        (self.focused or self.screen).post_message(self.QuitRequested())

    def action_copy_or_quit(self) -> None:
        """ctrl+c: with text selected, Textual's own ctrl+c copies it (that of the focused
        input, or the screen's); otherwise it quits as ctrl+q does."""
        focused = self.focused
        in_input = isinstance(focused, Input | TextArea) and bool(focused.selected_text)
        if in_input or self.screen.get_selected_text() is not None:
            raise SkipAction()  # the next ctrl+c binding down the chain copies it
        self.action_request_quit()

    async def on_workbench_app_quit_requested(self, _: QuitRequested) -> None:
        await self.action_quit()

    async def action_quit(self) -> None:
        """Stop taking keys, save everything given so far, then exit (or stay open and
        say what could not be saved)."""
        if self._quitting:
            return
        self._quitting = True
        self.push_screen(SavingModal())
        self.run_worker(self._save_then_exit(), group="quit", description="saving before quitting")

    async def _save_then_exit(self) -> None:
        await self.writes_saved()
        if not self._unsaved:
            self.exit()
            return
        unsaved, self._unsaved = self._unsaved, []
        self._quitting = False
        self.pop_screen()  # the saving notice: nothing else is pushed while quitting
        self.show_error(
            "Not saved: workbench stays open",
            "\n".join(unsaved) + "\n\nFix the problem and give those verdicts again, "
            "or quit again to leave without them.",
        )

    # -- keys ------------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette offers every action of the screen it was opened on, and reports,
        each once (an action Textual already offers, such as Quit, is not repeated)."""
        offered = set()
        for command in super().get_system_commands(screen):
            offered.add(command.title.casefold())
            yield command
        article = getattr(screen, "article_id", None)
        scope = "this article" if article else "every article"
        for fmt, suffix in report_formats().items():
            yield SystemCommand(
                f"Export report ({fmt})",
                f"Write a {fmt} report of {scope} beside the database",
                _exporter(self, fmt, suffix, article),
            )
        if not isinstance(screen, BaseScreen):
            return
        for binding, keys in screen.command_bindings():
            if binding.description.casefold() in offered:
                continue
            # The palette reads names as markup; a label from the config is plain text.
            name = escape(printable(binding.description, one_line=True))
            key = escape(printable(keys))
            yield SystemCommand(name, f"{name} ({key})", _runner(screen, binding.action))


def _exporter(app: WorkbenchApp, fmt: str, suffix: str, article: str | None) -> Callable[[], Any]:
    def run() -> None:
        app.export_report(fmt, suffix, article)

    return run


def _runner(screen: Screen[Any], action: str) -> Callable[[], Any]:
    async def run() -> None:
        await screen.run_action(action)

    return run


def build_app(
    db_path: Path,
    config: Config,
    reviewer: str,
    article_id: str | None = None,
    *,
    handle_signals: bool = False,
) -> WorkbenchApp:
    """The app as the CLI, the tests and the benchmarks start it.

    Args:
        handle_signals: quit gracefully (saving first) on SIGTERM and SIGHUP; for a real
            terminal, not for tests running many apps in one process.
    """
    return WorkbenchApp(db_path, config, reviewer, article_id, handle_signals=handle_signals)
