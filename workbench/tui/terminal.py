"""The driver for a real terminal: Textual's own, except that a terminal that goes away
(closed window, dropped ssh connection) cannot hang the app.

Textual writes to the terminal from a thread fed by a bounded queue.  When the terminal
is gone every write fails with EIO; the first failure ends that thread, the queue fills
up, and the next frame (or the screen restore at exit) blocks the app for ever: the
hang-up signal is never handled and queued verdicts wait with it.  Here output to a
terminal that is gone is dropped instead, so the app goes on to save and exit.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO, cast

from textual.driver import Driver


class TerminalOutput:
    """A text stream that stops writing, silently, once the terminal behind it is gone."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                self.stream.write(text)
            except OSError:  # EIO (hung up), EPIPE, EBADF: nobody will see it any more
                self.gone = True
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self.stream.flush()
            except OSError:
                self.gone = True

    def fileno(self) -> int:
        return self.stream.fileno()

    def isatty(self) -> bool:
        return self.stream.isatty()


def terminal_driver() -> type[Driver] | None:
    """The driver class for a real terminal here, or None for Textual's default
    (Windows, whose console does not hang up this way)."""
    if sys.platform == "win32":
        return None
    from textual.drivers.linux_driver import LinuxDriver

    class HangupSafeDriver(LinuxDriver):
        """Textual's Linux/macOS driver, writing through a ``TerminalOutput``."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # The one stream Textual's writer thread writes to (set in LinuxDriver.__init__).
            if self._file is not None:
                self._file = cast(Any, TerminalOutput(self._file))

    return HangupSafeDriver
