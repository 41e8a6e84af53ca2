"""Which web addresses workbench accepts as evidence or as a document's origin.

An address given by a reviewer or carried by an imported file ends up as a link in
Markdown and HTML reports and in ClaimReview.  Only plain ``http``/``https`` addresses
with a host and no whitespace or control characters can be linked safely in every one of
those contexts, so anything else is refused where it enters, with one line saying why.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from workbench.errors import InputError
from workbench.safe_text import printable

# Whitespace, controls, and the characters that end a Markdown autolink or an HTML
# attribute; none of them belongs in a well-formed URL (they are percent-encoded there).
_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f-\x9f<>\"'`\\\u2028\u2029]")
MAX_URL_LENGTH = 2_048


def web_url_problem(url: str) -> str | None:
    """Why ``url`` is not an acceptable web address, or None when it is."""
    if len(url) > MAX_URL_LENGTH:
        return f"longer than {MAX_URL_LENGTH:,} characters"
    if _FORBIDDEN.search(url):
        return "it holds spaces, quotes, angle brackets or control characters"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "it is not a well-formed address"
    if parts.scheme.lower() not in ("http", "https"):
        return "only http:// and https:// addresses are accepted"
    if not parts.hostname:
        return "it names no host"
    return None


def check_web_url(url: str, *, what: str = "URL") -> str:
    """``url`` unchanged if acceptable; otherwise an :class:`InputError` naming ``what``."""
    problem = web_url_problem(url)
    if problem is not None:
        raise InputError(f"{what} {printable(url[:200], one_line=True)!r} refused: {problem}")
    return url
