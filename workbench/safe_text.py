"""Making untrusted text safe to print on a terminal.

Articles, sources and notes are data.  A control character or escape sequence in them
must never move the cursor, recolour the terminal or reorder what follows, so they are
shown as visible escapes (``\\x1b``) instead of being sent raw.
"""

from __future__ import annotations

import re

# C0 controls except tab/newline, DEL, C1 controls, the bidirectional marks, overrides and
# isolates that can make a terminal line read differently from what it holds, the line and
# paragraph separators some terminals treat as newlines, and lone surrogates (which cannot
# be encoded for the terminal at all).  ESC itself is shown, so an OSC, CSI or DCS sequence
# arrives as inert text ("\x1b]2;title\x1b\\") whatever follows it.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, one_line: bool = False) -> str:
    """``text`` with every unsafe character shown as an escape.

    Args:
        text: untrusted text.
        one_line: also show newlines and tabs as ``⏎`` and a space, for listings.
    """
    text = _UNSAFE.sub(_escape, text)
    if one_line:
        text = text.replace("\n", " ⏎ ").replace("\t", " ")
    return text


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis when it is longer."""
    if width <= 0 or len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"
