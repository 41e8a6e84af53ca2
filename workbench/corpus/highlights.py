"""Which words of a passage carry its match with a claim, at word boundaries.

A reviewer reads a passage faster when the words it shares with the claim stand out, and
misreads it when a highlight starts inside a word ("Pul-e-«Hesar»").  Two things are
marked, both on whole words: the ``span`` (the region aligned with the claim, the
``match --json`` contract since the first release) and the ``highlights`` (each content
word, number or name the passage shares with the claim).
"""

from __future__ import annotations

import re
from collections.abc import Collection

from workbench.corpus.rerank import stem

# A word with its inner joiners: "Pul-e-Hesar", "don't", "4,200", "4.2", "£38".
WORD = re.compile(r"[£$€]?[^\W_]+(?:[-.,'’][^\W_]+)*")
_JOINERS = "-'’.,"


def shared_words(
    text: str, stems: Collection[str], numbers: Collection[str]
) -> tuple[tuple[int, int], ...]:
    """(start, end) of each word of ``text`` whose stem (``rerank.stem``) is in ``stems``
    or which is one of ``numbers`` (without thousands separators), in order."""
    found = []
    for m in WORD.finditer(text):
        word = m.group().lower().lstrip("£$€").replace("’", "'")
        if word[:1].isdigit():
            if word.replace(",", "") in numbers:  # "4,200" is 4200; "4200" is not "4201"
                found.append((m.start(), m.end()))
        elif stem(word) in stems or any(stem(part) in stems for part in word.split("-")):
            found.append((m.start(), m.end()))
    return tuple(found)


def word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words (hyphens and apostrophes inside a word keep it
    whole) and trim spaces, so a highlight never starts or ends inside a word."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))

    def inside(i: int) -> bool:
        """Whether position i (between text[i-1] and text[i]) lies inside a word."""
        if i <= 0 or i >= len(text):
            return False
        left, right = text[i - 1], text[i]
        if left.isalnum() and right.isalnum():
            return True
        if left in "£$€" and right.isalnum():
            return True
        if right in _JOINERS and i + 1 < len(text) and left.isalnum():
            return text[i + 1].isalnum() and (right in "-'’" or text[i + 1].isdigit())
        if left in _JOINERS and i >= 2 and right.isalnum():
            return text[i - 2].isalnum() and (left in "-'’" or right.isdigit())
        return False

    while inside(start):
        start -= 1
    while inside(end):
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
