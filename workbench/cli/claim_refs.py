"""How a command names a claim: by the number every screen shows, or by an id prefix.

``8`` is claim number 8 of the article given with ``--article`` (or of the only article);
``46732b:8`` is claim 8 of the article whose id starts with ``46732b``; ``3f2a91`` is the
claim whose id starts with that (at least four characters).  A reference that could
mean two claims is refused, naming both, rather than guessed: a verdict silently
recorded on the wrong claim is the worst thing a fact-checking tool can do.
"""

from __future__ import annotations

import re

from review_db import Claim, NotFoundError, ReviewStore
from review_db.articles import ambiguous_claims
from review_db.connection import MIN_ID_PREFIX

from ..errors import UsageError

# A claim's number: digits only, and few enough that it is not an id typed in full.
_NUMBER = re.compile(r"[0-9]{1,9}")


def resolve_article(store: ReviewStore, ref: str | None) -> str | None:
    """The full id of the article ``ref`` names (an id prefix), or None without one."""
    return None if ref is None else store.resolve_article_id(ref)


def resolve_claim(store: ReviewStore, ref: str, article: str | None = None) -> Claim:
    """The claim ``ref`` names: ``N``, ``ARTICLE:N`` or an id prefix.

    Args:
        store: the review database.
        ref: the claim as the user typed it.
        article: the ``--article`` option (an article id prefix), if given.

    Raises:
        NotFoundError: nothing matches, or ``ref`` could mean two claims.
        UsageError: a bare number with several articles and no ``--article``.
    """
    text = ref.strip()
    scope = resolve_article(store, article)
    if ":" in text:
        return _in_article(store, text, scope)
    is_number = _NUMBER.fullmatch(text) is not None
    if not is_number and len(text) < MIN_ID_PREFIX:
        return store.claim(text)  # only an exact id; anything else is refused as too short
    by_id = store.claims_with_id_prefix(text, scope) if len(text) >= MIN_ID_PREFIX else []
    by_number: list[Claim] = []
    if is_number:
        articles = [scope] if scope else store.article_ids(limit=2)
        if len(articles) <= 1:
            by_number = store.claims_numbered(int(text), articles[0]) if articles else []
        else:
            # Several articles: the number could be any of theirs, so it is only ever
            # taken as an id prefix, and only when no article has a claim so numbered.
            anywhere = store.claims_numbered(int(text))
            if by_id and anywhere:
                raise NotFoundError(ambiguous_claims(text, [*by_id, *anywhere][:2]))
            if not by_id:
                raise UsageError(
                    f"{text!r} is a claim number, and there are several articles: "
                    f"give ARTICLE:{text} (an article id prefix) or --article ID"
                )
    candidates = list({c.id: c for c in by_number + by_id}.values())
    if len(candidates) > 1:
        raise NotFoundError(ambiguous_claims(text, candidates[:2]))
    if not candidates:
        where = f" in article {scope}" if scope else ""
        if not is_number:
            what = f"with id {text!r}"
        else:
            what = f"#{text} or id {text!r}" if len(text) >= MIN_ID_PREFIX else f"#{text}"
        raise NotFoundError(f"no claim {what}{where} (run `workbench claims` to list them)")
    return candidates[0]


def _in_article(store: ReviewStore, text: str, scope: str | None) -> Claim:
    """``ARTICLE:N``: claim number N of the article with that id prefix."""
    prefix, _, digits = text.partition(":")
    if not _NUMBER.fullmatch(digits):
        raise UsageError(f"{text!r}: after the article id and ':' comes the claim's number")
    article = store.resolve_article_id(prefix)
    if scope is not None and scope != article:
        raise UsageError(f"{text!r} names article {article}, but --article is {scope}")
    claims = store.claims_numbered(int(digits), article)
    if not claims:
        raise NotFoundError(
            f"article {article} has no claim #{int(digits)} (run `workbench claims` to list them)"
        )
    return claims[0]
