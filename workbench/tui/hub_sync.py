"""Live sync with the team hub while the TUI runs, and its state in the status bar.

A thread worker runs ``review_db.hub.live.keep_in_sync``: it syncs at start, whenever
another reviewer pushes (the hub notifies), and whenever this database changes (your
own verdicts, committed locally first by the writer thread).  It never blocks a key.
Pulled verdicts reach the screens the way any other writer's do: the review screen
notices the database changed and refreshes the claims concerned.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import App
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from review_db.hub.live import SyncState, keep_in_sync

from ..safe_text import printable

if TYPE_CHECKING:
    pass

REFRESH_SECONDS = 1.0


class HubSyncChanged(Message):
    """The live sync has a new state (posted from the sync thread)."""

    def __init__(self, state: SyncState) -> None:
        super().__init__()
        self.state = state


class HubStatus(Static):
    """The sync state, one line: online and when last synced, or offline and how many
    of your events wait."""

    DEFAULT_CSS = """
    HubStatus {
        width: auto;
        padding-left: 2;
    }
    """

    def show(self, state: SyncState) -> None:
        self.update(Text(printable(state.describe(), one_line=True)))


class HubSync:
    """The background sync of one app: started on mount, stopped on unmount."""

    def __init__(self, app: App[None], db_path: Path, dsn: str) -> None:
        self.app = app
        self.db_path = db_path
        self.dsn = dsn
        self.latest: SyncState | None = None
        self._stop = threading.Event()

    def start(self) -> None:
        self.app.run_worker(
            self._run, thread=True, group="hub-sync", exit_on_error=False,
            description="syncing with the hub",
        )  # fmt: skip
        # A screen opened since the last state shows it within a second.
        self.app.set_interval(REFRESH_SECONDS, self._show_latest)

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        keep_in_sync(
            self.db_path, self.dsn, lambda state: self.app.post_message(HubSyncChanged(state)),
            self._stop,
        )  # fmt: skip

    def changed(self, state: SyncState) -> None:
        """Keep and show a new state (called on the app's thread)."""
        self.latest = state
        self._show_latest()

    def _show_latest(self) -> None:
        if self.latest is not None:
            show_state(self.app.screen, self.latest)


def show_state(screen: Screen[object], state: SyncState) -> None:
    """Show ``state`` in the screen's status bar (``#status``), if it has one."""
    found = screen.query(HubStatus)
    if found:
        found.first().show(state)
        return
    bars = screen.query("#status")
    if bars:
        status = HubStatus(id="hub-state")
        bars.first().mount(status)
        status.show(state)
