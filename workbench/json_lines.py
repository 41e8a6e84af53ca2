"""Parsing one untrusted JSON line (.jsonl sources, claims files, gold files) safely.

Python's ``json`` raises more than ``JSONDecodeError`` on hostile input: ``ValueError``
for an integer over 4,300 digits and ``RecursionError`` for arrays nested 100,000 deep.
It also accepts ``"\\ud800"`` and returns a lone surrogate, which no UTF-8 database,
file or terminal can hold.  Every such line is refused here with one message naming
where it is, so a caller reports it (or skips it) instead of crashing.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .errors import InputError

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def has_lone_surrogate(text: str) -> bool:
    """True when ``text`` holds a surrogate code point, which is not a character.

    Proper pairs are joined when JSON or UTF-8 is decoded, so any surrogate left in a
    ``str`` is a lone one (from a ``\\ud800`` escape, or an undecodable byte smuggled in
    by ``surrogateescape``).
    """
    return _LONE_SURROGATE.search(text) is not None


def parse_json_line(line: bytes | str, where: str) -> Any:
    """The JSON value of one line, whose strings are all real text.

    Args:
        line: the line, as read (bytes are decoded as UTF-8, with or without a BOM).
        where: "FILE line N", to begin every message.

    Raises:
        InputError: not UTF-8, not valid JSON, nested too deep, a number too long to
            convert, or a string holding a lone surrogate.
    """
    try:
        text = line.decode("utf-8-sig") if isinstance(line, bytes) else line
    except UnicodeDecodeError:
        raise InputError(f"{where}: is not UTF-8 text") from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{where}: is not valid JSON ({e.msg} at column {e.colno})") from None
    except RecursionError:
        raise InputError(f"{where}: is nested too deeply to read") from None
    except ValueError:  # an integer longer than int() converts (sys.get_int_max_str_digits)
        raise InputError(f"{where}: holds a number too long to read") from None
    # A lone surrogate in decoded UTF-8 can only come from a \uD800-\uDFFF escape:
    # without one, the walk over every string is skipped (a tenth of reading a corpus).
    may_hold = not isinstance(line, bytes) or _SURROGATE_ESCAPE.search(text) is not None
    if may_hold and _holds_lone_surrogate(value):
        raise InputError(f"{where}: holds a lone surrogate escape (like \\ud800), not text")
    return value


def _holds_lone_surrogate(value: Any) -> bool:
    """Whether any string (key or value) in a decoded JSON value has a lone surrogate.

    Iterative, so a value nested as deep as the decoder allows is walked safely.
    """
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if has_lone_surrogate(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False
