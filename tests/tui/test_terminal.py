"""``workbench review`` in a real terminal (tmux): keys arriving in one burst, and the
terminal closing or the process being told to stop while verdicts are still being saved.

Slow (each starts the app in its own process), so kept out of the default run.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .test_key_bursts import verdicts

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]
WORKBENCH = Path(sys.executable).parent / "workbench"
# A tmux server of our own: never the user's, never another test run's.
SOCKET = f"wb-test-{os.getpid()}"


class Terminal:
    """``workbench review`` running in a detached tmux session of its own."""

    def __init__(self, db_path: Path, article_id: str) -> None:
        self.name = f"wb-test-{uuid.uuid4().hex[:8]}"
        command = f"exec {WORKBENCH} --db {db_path} review --article {article_id} --reviewer ann"
        subprocess.run(
            ["tmux", "-L", SOCKET, "new-session", "-d", "-s", self.name, "-x", "100", "-y", "30",
             "-e", "TERM=xterm-256color", command],
            check=True,
        )  # fmt: skip
        self.pid = int(self._tmux("display-message", "-p", "-t", self.name, "#{pane_pid}"))

    def _tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", SOCKET, *args], check=True, capture_output=True, text=True
        ).stdout.strip()

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def type(self, text: str) -> None:
        """Send ``text`` as one burst of keys, as a paste or a fast typist over ssh does."""
        self._tmux("send-keys", "-t", self.name, "-l", text)

    def key(self, name: str) -> None:
        self._tmux("send-keys", "-t", self.name, name)

    def close(self) -> None:
        """Close the terminal: tmux hangs up on the program in it (SIGHUP, and reads and
        writes on its terminal fail from then on)."""
        subprocess.run(["tmux", "-L", SOCKET, "kill-session", "-t", self.name], capture_output=True)

    def running(self) -> bool:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        # A child of the tmux server that exited but was not yet reaped is a zombie.
        try:
            with open(f"/proc/{self.pid}/stat") as stat:
                return stat.read().split(") ")[-1][0] != "Z"
        except FileNotFoundError:  # reaped meanwhile
            return False


def wait_for(done: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError("the terminal did not get there in time")
        time.sleep(0.05)


@pytest.fixture
def terminal(db_path: Path, article_id: str) -> Iterator[Terminal]:
    term = Terminal(db_path, article_id)
    try:
        wait_for(lambda: "reviewing as ann" in term.screen())
        yield term
    finally:
        term.close()
        if term.running():  # a hung app must not outlive its test
            os.kill(term.pid, signal.SIGKILL)


def _order(db_path: Path) -> list[int]:
    """Claim ordinals in review order (claims and quotes first)."""
    from review_db import ReviewStore
    from workbench.tui.navigation import review_order

    with ReviewStore(db_path) as store:
        (article,) = store.articles()
        return [c.ordinal for c in review_order(store.claim_briefs(article.id))]


def test_burst_typed_in_the_terminal(terminal: Terminal, db_path: Path) -> None:
    order = _order(db_path)
    terminal.type("3j3j3j3j")
    wait_for(lambda: "claim 5 of" in terminal.screen())
    terminal.type("qq")
    wait_for(lambda: not terminal.running())
    assert verdicts(db_path) == dict.fromkeys(order[:4], "Mixed")


@pytest.mark.parametrize("stop", ["SIGTERM", "SIGHUP", "closed terminal"])
def test_stopped_while_saving_keeps_every_verdict(
    terminal: Terminal, db_path: Path, stop: str
) -> None:
    """Another process holds the write lock (and opens and closes its own connections,
    as ``_order`` does), the reviewer types, and the app is stopped: every verdict
    typed is saved once the lock is free, and the app exits."""
    order = _order(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the lock: saves must wait
    try:
        terminal.type("1j2j3")
        wait_for(lambda: "claim 3 of" in terminal.screen())
        if stop == "closed terminal":
            terminal.close()
        else:
            os.kill(terminal.pid, getattr(signal, stop))
        time.sleep(0.3)  # long enough for a process that ignores the lock to be gone
    finally:
        other.execute("COMMIT")
        other.close()
    wait_for(lambda: not terminal.running())
    assert verdicts(db_path) == {order[0]: "True", order[1]: "Mostly true", order[2]: "Mixed"}
