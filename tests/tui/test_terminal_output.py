"""Output to a terminal that has gone away is dropped, never raised or waited on."""

from __future__ import annotations

import errno
import io

from workbench.tui.terminal import TerminalOutput


class HungUp(io.StringIO):
    """A terminal that was closed after ``fine`` writes: every later write fails."""

    def __init__(self, fine: int) -> None:
        super().__init__()
        self.fine = fine

    def write(self, text: str) -> int:
        if self.fine == 0:
            raise OSError(errno.EIO, "Input/output error")
        self.fine -= 1
        return super().write(text)


def test_writes_after_the_terminal_hung_up_are_dropped() -> None:
    stream = HungUp(fine=1)
    output = TerminalOutput(stream)
    assert output.write("frame 1") == len("frame 1")
    assert output.write("frame 2") == len("frame 2")  # EIO: dropped, not raised
    assert output.gone
    output.write("frame 3")
    output.flush()
    assert stream.getvalue() == "frame 1"
