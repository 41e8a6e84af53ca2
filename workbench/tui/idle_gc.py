"""Garbage collection between keys, not during them.

Drawing a frame allocates thousands of objects (strips, segments, styles): Python's
collector ran its youngest generation several times in every frame, and every few dozen
keys a full collection of 50-75 ms landed in the middle of one (measured with
``benchmarks/tui_speed.py`` on 10,000 claims: most of the p95 of "next claim").  The app
turns automatic collection off and collects here instead: the young generations once the
keys pause, the whole heap once they pause longer, at most twice a minute (its survivors
are then frozen, so that young collections do not walk them).  A key held down for long
still gets a young collection once garbage has piled up, so memory stays bounded.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

YOUNG_AFTER = 0.2  # seconds without a key before the youngest generation is collected
MIDDLE_AFTER = 1.0  # seconds without a key before the middle one is
FULL_AFTER = 2.0  # seconds without a key before the whole heap is
FULL_EVERY = 30.0  # seconds at least between two collections of the whole heap
PILED_UP = 200_000  # objects allocated since the last collection that force one anyway


class IdleCollector:
    """Runs the garbage collector when no key is waiting.  ``tick`` is called a few times
    a second (an interval timer of the app), ``key`` on every key."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_key = clock()
        self._last_full = clock()
        self._was_enabled = True

    def start(self) -> None:
        """Take over from the automatic collector."""
        self._was_enabled = gc.isenabled()
        gc.disable()

    def stop(self) -> None:
        """Give collection back (the app is gone: tests run many apps in one process)."""
        gc.unfreeze()
        if self._was_enabled:
            gc.enable()

    def key(self) -> None:
        self._last_key = self._clock()

    def tick(self) -> None:
        """Collect what the pause since the last key allows: the youngest generation
        (a few ms at most) after a short one, the middle one after a longer one, the
        whole heap after a long one."""
        now = self._clock()
        idle = now - self._last_key
        young, middle, _ = gc.get_count()
        if idle >= FULL_AFTER and now - self._last_full >= FULL_EVERY:
            self._last_full = now
            gc.unfreeze()  # what was frozen may be garbage by now (a closed screen)
            gc.collect()
            gc.freeze()
        elif idle >= MIDDLE_AFTER and middle:
            gc.collect(1)
        elif young and (idle >= YOUNG_AFTER or young >= PILED_UP):
            gc.collect(0)
