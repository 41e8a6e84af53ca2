"""Hub URLs made safe to show: the password masked wherever it may hide.

A libpq connection string is either a URL (``postgresql://user:secret@host/db``, where
the password may also be a ``password=`` query parameter) or ``key=value`` words
(``host=... password=secret``).  Every message about a hub shows the URL through
:func:`masked_url`, and :func:`scrub` removes the password from any other text (a
driver's error message, say) before it is shown.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

MASK = "****"

_URL_SCHEMES = ("postgresql://", "postgres://")
# key=value conninfo: the value is a single-quoted string (with \' and \\ escapes) or a word.
_KEYWORD_PASSWORD = re.compile(r"(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)
_QUERY_PASSWORD = re.compile(r"([?&]password=)([^&#]*)", re.IGNORECASE)
_USERINFO_PASSWORD = re.compile(r"^([a-z]+://[^:@/?#]*:)([^@/?#]*)(@)", re.IGNORECASE)


def is_url(dsn: str) -> bool:
    """Whether ``dsn`` is a URL rather than ``key=value`` words."""
    return dsn.strip().lower().startswith(_URL_SCHEMES)


def masked_url(dsn: str) -> str:
    """``dsn`` with any password replaced by ``****``; safe to print and to log."""
    if is_url(dsn):
        masked = _USERINFO_PASSWORD.sub(lambda m: m[1] + MASK + m[3], dsn.strip())
        return _QUERY_PASSWORD.sub(lambda m: m[1] + MASK, masked)
    return _KEYWORD_PASSWORD.sub(lambda m: m[1] + MASK, dsn)


def passwords_in(dsn: str) -> list[str]:
    """The password(s) written into ``dsn``, decoded as the driver would read them."""
    found: list[str] = []
    if is_url(dsn):
        try:
            password = urlsplit(dsn.strip()).password
        except ValueError:
            password = None
        if password:
            found += [password, unquote(password)]
        found += [unquote(m[2]) for m in _QUERY_PASSWORD.finditer(dsn)] + [
            m[2] for m in _QUERY_PASSWORD.finditer(dsn)
        ]
    else:
        for m in _KEYWORD_PASSWORD.finditer(dsn):
            value = m[2]
            if value.startswith("'"):
                value = re.sub(r"\\(.)", r"\1", value[1:-1])
            found.append(value)
    return [p for p in found if p]


def scrub(text: str, dsn: str) -> str:
    """``text`` with ``dsn`` shown masked and any password in it replaced by ``****``."""
    text = text.replace(dsn, masked_url(dsn))
    for password in sorted(passwords_in(dsn), key=len, reverse=True):
        text = text.replace(password, MASK)
    return text
