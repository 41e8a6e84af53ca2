"""From article text to claims: the units a reviewer steps through.

Until check-worthiness and kinds land, every unit is stored as kind ``claim`` with
worthiness 0 and no signals; ``claims --help`` says so.
"""

from __future__ import annotations

from review_db import NewClaim

from .segment import SEGMENTER_VERSION, segment_sentences

__all__ = ["SEGMENTER_VERSION", "extract_claims"]


def extract_claims(text: str) -> list[NewClaim]:
    """Every sentence-level unit of ``text``, in order, with exact offsets."""
    return [
        NewClaim(text=text[span.start : span.end], start=span.start, end=span.end)
        for span in segment_sentences(text)
    ]
