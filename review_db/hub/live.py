"""Staying in sync while someone works: sync now, then whenever the hub says another
reviewer pushed (LISTEN/NOTIFY) or this database changed; offline, retry with backoff.

UI-free: the TUI runs :func:`keep_in_sync` in a thread worker and shows each
:class:`SyncState` it reports.  Verdicts are always committed locally first, so being
offline only means they wait; the state says how many.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..connection import utc_timestamp
from ..errors import StoreError
from ..store import ReviewStore
from .driver import connect, describe, driver
from .schema import NOTIFY_CHANNEL
from .sync import sync, unpushed_events

RETRY_SECONDS = (1.0, 2.0, 5.0, 10.0, 30.0)  # after 1, 2, ... failures in a row
HELD_BACK_SECONDS = 0.2  # pull again this soon when rows wait for an older transaction
IDLE_SYNC_SECONDS = 30.0  # a sync even with no news, in case a notification was missed
POLL_SECONDS = 0.25  # how often local changes are looked for, between notifications


@dataclass(frozen=True)
class SyncState:
    """How the live sync stands, for a status bar."""

    online: bool
    waiting: int  # local events not yet on the hub
    last_sync: str | None  # UTC timestamp of the last sync that succeeded
    problem: str | None = None  # why offline, or what was not pushed
    pulled: int = 0  # events the last sync brought down

    def describe(self) -> str:
        """One short line: ``hub: online, synced 12:03:04`` or ``hub: offline, 3 waiting``."""
        when = f"synced {self.last_sync[11:19]}" if self.last_sync else "never synced"
        if self.online:
            waiting = f", {self.waiting} not pushed" if self.waiting else ""
            problem = f" ({self.problem})" if self.problem else ""
            return f"hub: online, {when}{waiting}{problem}"
        return f"hub: offline, {self.waiting} waiting ({when})"


def keep_in_sync(
    db_path: str | Path,
    dsn: str,
    report: Callable[[SyncState], object],
    stop: threading.Event,
    *,
    poll_seconds: float = POLL_SECONDS,
) -> None:
    """Sync ``db_path`` with the hub until ``stop`` is set, reporting each state.

    Runs in its own thread with its own connections.  Expected failures (the hub
    unreachable, a network cut, a server restart, a refused push) are reported as
    states and retried; anything else propagates.
    """
    with ReviewStore(db_path) as store:
        hub_id: str | None = None
        last: str | None = None
        failures = 0
        while not stop.is_set():
            try:
                with connect(dsn, autocommit=True) as listener:
                    listener.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    seen = -1
                    idle_until = 0.0
                    notified = False
                    while not stop.is_set():
                        changed = store.data_version() != seen
                        if changed or notified or time.monotonic() >= idle_until:
                            result = sync(store.connection, dsn)
                            hub_id, last, failures = result.hub_id, utc_timestamp(), 0
                            seen = store.data_version()
                            # Rows held back by an open transaction (an ANALYZE after a big
                            # push, say) come with no further notification: look again soon.
                            idle_until = time.monotonic() + (
                                HELD_BACK_SECONDS if result.held_back else IDLE_SYNC_SECONDS
                            )
                            refused = sum(result.refused.values())
                            report(
                                SyncState(
                                    online=True,
                                    waiting=unpushed_events(store.connection, hub_id),
                                    last_sync=last,
                                    problem=f"{refused} events not pushed: signed by others, "
                                    "or adjudications without the adjudicator role"
                                    if refused
                                    else None,
                                    pulled=result.pulled["events"],
                                )
                            )
                        notified = any(
                            True for _ in listener.notifies(timeout=poll_seconds, stop_after=1)
                        )
            except (StoreError, driver().Error) as e:
                message = e.message if isinstance(e, StoreError) else describe(e, dsn)
                report(SyncState(False, unpushed_events(store.connection, hub_id), last, message))
                stop.wait(RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)])
                failures += 1
