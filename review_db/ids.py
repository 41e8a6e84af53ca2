"""Content-derived identifiers.

Two reviewers who import the same article get the same article, claim and passage ids, so
their databases merge without any mapping table.  SQLite rowids stay internal.
"""

from __future__ import annotations

import hashlib
import unicodedata

ARTICLE_ID_LENGTH = 12
CLAIM_ID_LENGTH = 12
SOURCE_ID_LENGTH = 16
PASSAGE_ID_LENGTH = 16


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")  # unit separator: ("ab", "c") and ("a", "bc") differ
    return h.hexdigest()


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
