"""Which web addresses workbench accepts as evidence or as a document's origin.

An address given by a reviewer or carried by an imported file ends up as a link in
Markdown and HTML reports and in ClaimReview.  Only plain ``http``/``https`` addresses
with a host and no whitespace or control characters can be linked safely in every one of
those contexts, so anything else is refused where it enters, with one line saying why.
The rule itself lives in ``review_db.validation``, so an address arriving by merge or
sync is held to exactly the rule an address typed here is.
"""

from __future__ import annotations

from review_db.validation import web_url_problem
from workbench.errors import InputError
from workbench.safe_text import printable

__all__ = ["check_web_url", "web_url_problem"]


def check_web_url(url: str, *, what: str = "URL") -> str:
    """``url`` unchanged if acceptable; otherwise an :class:`InputError` naming ``what``."""
    problem = web_url_problem(url)
    if problem is not None:
        shown = printable(url[:200], one_line=True)
        raise InputError(f"{what} {shown!r} refused: the address {problem}")
    return url
