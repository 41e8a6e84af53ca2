"""The hostile corpus: nasty inputs every feature is attacked with.

Generated here rather than committed as binaries, so each test builds exactly what it needs
in its own temporary folder.  Add to it whenever an attack finds something new: the next
feature is then attacked the same way.
"""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

# Strings that must reach the screen, a terminal, a report or the database as inert data.
OSC_TITLE = "\x1b]2;PWNED\x1b\\"
OSC_CLIPBOARD = "\x1b]52;c;cHduZWQ=\x1b\\"
OSC_BEL = "\x1b]0;PWNED\x07"
CSI_CLEAR = "\x1b[2J\x1b[H"
CSI_C1 = "\x9b31mred"
DCS = "\x1bPq#0;2;0;0;0\x1b\\"
BIDI_OVERRIDE = "abc\u202edcba\u202c"
BIDI_ISOLATE = "\u2066x\u2069"
MARKUP_CLOSING = "Closing [/] tag"
MARKUP_BRACKETS = "Pants [on fire]"
MARKUP_BOLD = "[bold red]loud[/]"
MARKUP_ACTION = "[@click=app.quit]quit[/]"
MARKUP_LINK = "[link=https://evil.example]click[/link]"
SCRIPT_BREAKOUT = "</script><script>alert(1)</script>"
MARKDOWN_LINK = "[Click me](https://evil.example/phish)"
CSV_FORMULA = '=HYPERLINK("https://evil.example","x")'
CONTROL_SOUP = "".join(chr(c) for c in range(0x20) if c not in (9, 10)) + "\x7f"

TERMINAL_ATTACKS = {
    "osc-title": OSC_TITLE,
    "osc-clipboard": OSC_CLIPBOARD,
    "osc-bel": OSC_BEL,
    "csi-clear": CSI_CLEAR,
    "csi-c1": CSI_C1,
    "dcs": DCS,
    "bidi-override": BIDI_OVERRIDE,
    "bidi-isolate": BIDI_ISOLATE,
    "control-soup": CONTROL_SOUP,
}
MARKUP_ATTACKS = {
    "closing": MARKUP_CLOSING,
    "brackets": MARKUP_BRACKETS,
    "bold": MARKUP_BOLD,
    "action": MARKUP_ACTION,
    "link": MARKUP_LINK,
}

# Anything that can change a terminal's state: ESC, C0 controls but tab and newline, DEL,
# C1 controls, and the bidi formatting characters.
_LIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_inert(output: str) -> None:
    """Fail if ``output`` holds any character that would act on a terminal."""
    found = _LIVE.search(output)
    assert found is None, f"live control {found.group()!r} at {found.start()}: {output!r}"


def deep_json(depth: int = 100_000) -> str:
    """A JSON text nested ``depth`` arrays deep (crashes a recursive decoder)."""
    return "[" * depth + "]" * depth


def huge_int_json(digits: int = 5_000) -> str:
    """A JSON object holding an integer longer than Python converts by default."""
    return '{"n": ' + "9" * digits + "}"


LONE_SURROGATE_JSON = '{"text": "\\ud800"}'
LATIN1_BYTES = "Café naïve résumé".encode("latin-1")
# UTF-8 and Latin-1 mixed in one file: no single encoding reads it right.
MIXED_ENCODING = "Zürich café ".encode() + "Köln über".encode("latin-1")

YAML_ATTACKS = {
    "bad-bool": "verdicts: !!bool maybe\n",
    "bad-int": "verdicts: !!int abc\n",
    "bad-timestamp": "verdicts: !!timestamp 2020-99-99\n",
    "bad-binary": "verdicts: !!binary '%%%'\n",
    "python-object": "verdicts: !!python/object:os.system {}\n",
    "recursive-alias": "a: &a [*a]\n",
    "merge-key": "base: &b {x: 1}\nverdicts:\n  <<: *b\n",
    "deep": "verdicts: " + "[" * 5_000 + "]" * 5_000 + "\n",
    "huge-number": "verdicts:\n  - label: x\n    rating: " + "9" * 5_000 + "\n",
}


def make_fifo(path: Path) -> Path:
    """A named pipe nobody writes to: reading it blocks forever."""
    os.mkfifo(path)
    return path


def make_socket(path: Path) -> tuple[Path, socket.socket]:
    """A bound Unix socket at ``path``; the caller closes the returned socket."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    return path, sock


ENDLESS_DEVICE = Path("/dev/zero")
