"""Who said or wrote something, as schema.org names it: a ``Person`` or an ``Organization``.

A quote's speaker is whatever the attribution said ("Dr. Ada Okafor", "the tweet",
"officials", "the Ministry of Health") and a byline may be "By Jane Doe" or "Reuters".
ClaimReview's ``itemReviewed.author`` must name who made the claim, so only names are
kept: a name of capitalised words is a person, a name with an organisation's word in it
(Ministry, Council, News, Inc...) or an acronym is an organisation, and anything else (a
common noun, a pronoun, one capitalised word that could be a surname or a country) is no
author at all, since a wrong author published under the desk's name is worse than none.
"""

from __future__ import annotations

import re
from typing import Any

# Words that make a name an organisation's, lower-cased.
_ORGANISATION_WORDS = frozenset(
    """
    agency alliance association authority bank board bureau campaign centre center
    church club coalition college commission committee company corp corporation council
    court department foundation fund government group hospital inc institute league ltd
    llc ministry news network office organisation organization parliament party plc
    police press service society team times trust union university post herald journal
    tribune gazette guardian telegraph reuters bloomberg associated afp ap bbc cnn
    """.split()
)
# Lower-case words that may sit inside a person's name.
_PARTICLES = frozenset("al bin da de del della der di du el la le van von y of".split())
_TITLES = re.compile(r"^(?:dr|mr|mrs|ms|prof|sir|dame|rev|gen|col|capt|sen|rep)\.?$", re.I)
_BYLINE = re.compile(r"^\s*by\s+", re.IGNORECASE)
_THE = re.compile(r"^the\s+(?=[A-Z])", re.IGNORECASE)
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*")
_SEVERAL = re.compile(r"\s*(?:,|\band\b|&)\s*")
MAX_NAME_WORDS = 6


def party_type(name: str) -> str | None:
    """``"Person"``, ``"Organization"``, or None when ``name`` is not a name."""
    words = name.split()
    if not words or len(words) > MAX_NAME_WORDS or any(c.isdigit() for c in name):
        return None
    if any(w.strip(".,").casefold() in _ORGANISATION_WORDS for w in words):
        return "Organization" if words[0][:1].isupper() else None  # not "a news site"
    if len(words) == 1:
        return "Organization" if _ACRONYM.fullmatch(words[0]) else None
    for word in words:
        if word.casefold() in _PARTICLES:
            continue
        if not _NAME_WORD.fullmatch(word):
            return None
    named = [w for w in words if not _TITLES.match(w) and w.casefold() not in _PARTICLES]
    return "Person" if named else None


def party(name: str) -> dict[str, Any] | list[dict[str, Any]] | None:
    """``name`` as a schema.org Person or Organization (a list for "A and B"), or None.

    A byline's "By " is dropped.  Several names are kept only when every one is a name.
    """
    name = " ".join(_BYLINE.sub("", name).split())
    # "the Ministry of Health" said it: the organisation is "Ministry of Health".
    name = _THE.sub("", name)
    kind = party_type(name)
    if kind is not None:
        return {"@type": kind, "name": name}
    names = [n for n in _SEVERAL.split(name) if n]
    if len(names) < 2:
        return None
    parties = [{"@type": party_type(n), "name": n} for n in names]
    return parties if all(p["@type"] for p in parties) else None
