"""Rules for single values that enter the review database: names, labels, texts, addresses,
timestamps.

Each rule returns why a value is unacceptable, or None.  The store's own write path and
the check of a merged database (``incoming.py``) use the same rules, so a value refused
from a keyboard is refused from a file too.  The web-address rule repeats
``workbench.web_url`` (review_db may not import the application); the two must agree.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from urllib.parse import urlsplit

MAX_REVIEWER_LENGTH = 100
MAX_LABEL_LENGTH = 100
MAX_TEXT_LENGTH = 100_000  # a note or a quote
MAX_URL_LENGTH = 2_048

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")

# Whitespace, controls, and the characters that end a Markdown autolink or an HTML
# attribute (as in workbench.web_url).
_URL_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f-\x9f<>\"'`\\\u2028\u2029]")
# Characters that reorder or hide the text around them on a screen.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_UNSHOWABLE_CATEGORIES = frozenset(("Cc", "Cs", "Co", "Cn", "Zl", "Zp"))


def text_problem(value: object, *, limit: int = MAX_TEXT_LENGTH) -> str | None:
    """Why ``value`` is not a storable text (a string of at most ``limit`` characters that
    UTF-8 can encode: no lone surrogates), or None."""
    if not isinstance(value, str):
        return f"is a {_json_type(value)}, not a string"
    if len(value) > limit:
        return f"is longer than {limit:,} characters"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "holds a lone surrogate, which no file can store"
    return None


def name_problem(value: object, *, limit: int) -> str | None:
    """Why ``value`` is not a short one-line name (a reviewer, a verdict label), or None:
    it must be a non-blank string of at most ``limit`` characters, with no control,
    line-breaking or direction-changing characters."""
    problem = text_problem(value, limit=limit)
    if problem is not None:
        return problem
    assert isinstance(value, str)
    if not value.strip():
        return "is empty"
    for ch in value:
        if ch in _BIDI_CONTROLS or unicodedata.category(ch) in _UNSHOWABLE_CATEGORIES:
            return f"holds the control character U+{ord(ch):04X}"
    return None


def reviewer_problem(value: object) -> str | None:
    """Why ``value`` is not an acceptable reviewer name, or None."""
    return name_problem(value, limit=MAX_REVIEWER_LENGTH)


def label_problem(value: object) -> str | None:
    """Why ``value`` is not an acceptable verdict label, or None."""
    return name_problem(value, limit=MAX_LABEL_LENGTH)


def web_url_problem(value: object) -> str | None:
    """Why ``value`` is not an acceptable web address (http/https, a host, nothing that
    breaks a link in Markdown, HTML or a terminal), or None."""
    if not isinstance(value, str):
        return f"is a {_json_type(value)}, not a string"
    if len(value) > MAX_URL_LENGTH:
        return f"is longer than {MAX_URL_LENGTH:,} characters"
    if _URL_FORBIDDEN.search(value) or any(ch in _BIDI_CONTROLS for ch in value):
        return "holds spaces, quotes, angle brackets or control characters"
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return "is not a well-formed address"
    if parts.scheme.lower() not in ("http", "https"):
        return "is not an http:// or https:// address"
    if not host:
        return "names no host"
    return None


def timestamp_problem(value: object) -> str | None:
    """Why ``value`` is not a timestamp as the store writes them
    (``2026-03-01T09:30:00.000000Z``, UTC), or None."""
    if not isinstance(value, str) or not _TIMESTAMP.fullmatch(value):
        return "is not a timestamp of the form 2026-03-01T09:30:00.000000Z"
    try:
        datetime.fromisoformat(value[:-1])  # the form is checked: this only checks the date
    except ValueError:
        return "is not a real date and time"
    return None


def _json_type(value: object) -> str:
    """The JSON (or SQLite) name of a value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, bytes):
        return "blob"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__
