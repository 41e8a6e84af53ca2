"""Text wrapped to a width once and kept, for the widgets that draw their own lines (the
claim column, the passage list).

Wrapping a claim or a passage with Rich takes about half a millisecond on this project's
2-core machine; a frame has 16.  So the review screen's read-ahead worker wraps the next
claims' text ahead, off the main thread, and showing a claim then finds its lines here.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock

from rich.console import Console, RenderableType
from textual.strip import Strip


def wrap(renderable: RenderableType, width: int, console: Console) -> list[Strip]:
    """``renderable`` as lines of exactly ``width`` cells."""
    options = console.options.update_width(width)
    return [
        Strip(line).extend_cell_length(width)
        for line in console.render_lines(renderable, options, pad=False)
    ]


class WrappedLines:
    """Lines wrapped to a width, kept by what they show and the width: an LRU shared by
    the main thread and the read-ahead worker, hence the lock."""

    def __init__(self, kept: int) -> None:
        self._lines: OrderedDict[tuple[Hashable, int], list[Strip]] = OrderedDict()
        self._kept = kept
        self._lock = Lock()

    def has(self, key: Hashable, width: int) -> bool:
        """Whether ``key`` is kept wrapped at ``width``."""
        with self._lock:
            return (key, width) in self._lines

    def lines(
        self,
        key: Hashable,
        width: int,
        console: Console,
        make: Callable[[], RenderableType],
    ) -> list[Strip]:
        """``key``'s lines at ``width`` cells: kept ones, else ``make()`` wrapped now (and
        kept)."""
        entry = (key, width)
        with self._lock:
            found = self._lines.get(entry)
            if found is not None:
                self._lines.move_to_end(entry)
                return found
        wrapped = wrap(make(), width, console)
        with self._lock:
            self._lines[entry] = wrapped
            if len(self._lines) > self._kept:
                self._lines.popitem(last=False)
        return wrapped
