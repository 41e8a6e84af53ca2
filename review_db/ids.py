"""Content-derived identifiers.

Two reviewers who import the same article get the same article, claim and passage ids, so
their databases merge without any mapping table.  SQLite rowids stay internal.  Events are
the exception: two reviewers' identical verdicts are two events, so each gets a random
UUID.

Ids end up in file names (``export --one-per-file``), URLs and terminal lines, so every id
that enters from outside (a merged database) must have exactly the form made here; the
``is_*_id`` checks say whether it does.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid

ARTICLE_ID_LENGTH = 12
CLAIM_ID_LENGTH = 12
SOURCE_ID_LENGTH = 16
PASSAGE_ID_LENGTH = 16
FACTCHECK_ID_LENGTH = 16

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _digest(*parts: str) -> str:
    # Each part followed by a unit separator, so ("ab", "c") and ("a", "bc") differ; one
    # string hashed at once (a million passages are a million ids at import).
    return hashlib.sha256(("\x1f".join(parts) + "\x1f").encode("utf-8")).hexdigest()


def normalise_for_id(text: str) -> str:
    """NFC, whitespace collapsed: what an id is derived from."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def article_id(text: str) -> str:
    """The id of an article: a short sha256 of its normalised text."""
    return _digest("article", normalise_for_id(text))[:ARTICLE_ID_LENGTH]


def claim_id(article: str, ordinal: int, sentence: str) -> str:
    """The id of a claim: article id + ordinal + normalised sentence."""
    return _digest("claim", article, str(ordinal), normalise_for_id(sentence))[:CLAIM_ID_LENGTH]


def source_id(text: str) -> str:
    """The id of a source document: a short sha256 of its normalised text."""
    return _digest("source", normalise_for_id(text))[:SOURCE_ID_LENGTH]


def passage_id(source: str, ordinal: int, text: str) -> str:
    """The id of a passage: source id + ordinal + normalised text."""
    return _digest("passage", source, str(ordinal), normalise_for_id(text))[:PASSAGE_ID_LENGTH]


def new_event_id() -> str:
    """A fresh event id: a random UUID in its lower-case hyphenated form."""
    return str(uuid.uuid4())


def _is_hex(value: object, length: int) -> bool:
    return (
        isinstance(value, str)
        and len(value) == length
        and all(ch in "0123456789abcdef" for ch in value)
    )


def is_article_id(value: object) -> bool:
    """Whether ``value`` has the form of an article id (12 lower-case hex digits)."""
    return _is_hex(value, ARTICLE_ID_LENGTH)


def is_claim_id(value: object) -> bool:
    """Whether ``value`` has the form of a claim id (12 lower-case hex digits)."""
    return _is_hex(value, CLAIM_ID_LENGTH)


def is_source_id(value: object) -> bool:
    """Whether ``value`` has the form of a source id (16 lower-case hex digits)."""
    return _is_hex(value, SOURCE_ID_LENGTH)


def is_passage_id(value: object) -> bool:
    """Whether ``value`` has the form of a passage id (16 lower-case hex digits)."""
    return _is_hex(value, PASSAGE_ID_LENGTH)


def is_factcheck_id(value: object) -> bool:
    """Whether ``value`` has the form of a fact-check id (16 lower-case hex digits)."""
    return _is_hex(value, FACTCHECK_ID_LENGTH)


def is_event_id(value: object) -> bool:
    """Whether ``value`` has the form of an event id (a lower-case hyphenated UUID)."""
    return isinstance(value, str) and _UUID.fullmatch(value) is not None
