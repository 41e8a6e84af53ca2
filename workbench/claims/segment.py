"""Sentence segmentation with exact character offsets.

pysbd does the sentence splitting (47 of the 48 English Golden Rules), but it slows
sharply on long strings, so it is fed one block at a time: a paragraph, a list item or a
line that stands alone.  Blocks longer than ``MAX_CHUNK`` are cut first at line, clause
or word boundaries.  Every span returned satisfies ``text[start:end] == sentence``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pysbd

SEGMENTER_VERSION = "blocks-2+slugs+quotes+pysbd-0.3.4+signals-5"
MAX_CHUNK = 4000
MAX_QUOTE_SENTENCES = 6

_segmenter = pysbd.Segmenter(language="en", clean=False)

# A line that starts a unit of its own: bullets, numbered items, markdown headings.
_ITEM_START = re.compile(r"\s*(?:[•●▪◦‣∙·*\-–—]\s|\d{1,3}[.)]\s|#{1,6}\s)")
_TERMINAL = re.compile(r"""[.!?…:;"”’')\]]\s*$""")
# What could end a sentence inside a block: stops, and inline list markers "1) ", "b. ".
_INNER_STOP = re.compile(r"[.!?…。！？•]|\s(?:\d{1,3}|[a-zA-Z])[.)]\s")
# "At 5 a.m." alone is a fragment, not a sentence: pysbd splits it from what follows.
_TIME_FRAGMENT = re.compile(r"\W*\w+\s+\d{1,2}(?::\d{2})?\s*[ap]\.m\.", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n[ \t\f\v]*\n")
# A wire agency's slug opening a story: "(Reuters) -", "LONDON (AP) —", "PARIS, May 4
# (AFP) -".  It is a dateline and a credit, so it becomes a unit of its own.
AGENCY_SLUG = re.compile(
    r"(?:[A-Z][\w .,'’/-]{0,60}?\s)?\((?:Reuters|AP|AFP|Bloomberg|UPI|PA|dpa|DPA|Xinhua"
    r"|AAP|ANSA|EFE|IANS|PTI|Kyodo|Yonhap|TASS|Anadolu|CNN)\)\s*[-–—]{1,2}(?=\s|$)"
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    block: int = 0  # which block (paragraph, item, line) of the text the span lies in


def split_blocks(text: str) -> Iterator[Span]:
    """Paragraphs, list items and stand-alone lines, trimmed of surrounding whitespace.

    A single newline inside a paragraph is a line wrap (joined) when the line before is
    long and does not end a sentence; otherwise it starts a block of its own, so a
    sentence never runs from a heading, caption or list item into the next line.
    """
    paragraph_start = 0
    for match in _BLANK_LINES.finditer(text + "\n\n"):
        yield from _split_lines(text, paragraph_start, min(match.start(), len(text)))
        paragraph_start = match.end()


def _split_lines(text: str, start: int, end: int) -> Iterator[Span]:
    lines: list[Span] = []
    position = start
    for piece in text[start:end].split("\n"):
        lines.append(Span(position, position + len(piece)))
        position += len(piece) + 1
    if not lines:
        return
    longest = max(line.end - line.start for line in lines)
    block_start = lines[0].start
    for previous, line in zip(lines, lines[1:], strict=False):
        previous_text = text[previous.start : previous.end]
        wrapped = (
            len(previous_text) >= 0.6 * longest
            and len(previous_text) > 40
            and not _TERMINAL.search(previous_text)
            and not _ITEM_START.match(text, line.start)
        )
        if not wrapped:
            yield from _trimmed(text, block_start, previous.end)
            block_start = line.start
    yield from _trimmed(text, block_start, lines[-1].end)


def _trimmed(text: str, start: int, end: int) -> Iterator[Span]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield Span(start, end)


def _chunks(text: str, block: Span) -> Iterator[Span]:
    """Cut a block longer than MAX_CHUNK at the best boundary before the limit."""
    start = block.start
    while block.end - start > MAX_CHUNK:
        window = text[start : start + MAX_CHUNK]
        cut = -1
        for pattern in (r"[.!?;]\s", r"[,:]\s", r"\s"):
            matches = list(re.finditer(pattern, window[MAX_CHUNK // 2 :]))
            if matches:
                cut = MAX_CHUNK // 2 + matches[-1].end()
                break
        if cut <= 0:
            cut = MAX_CHUNK  # one unbroken run of characters: cut it anyway
        yield from _trimmed(text, start, start + cut)
        start += cut
    yield from _trimmed(text, start, block.end)


def segment_sentences(text: str) -> list[Span]:
    """Sentence spans of ``text``, in order, never overlapping, never crossing a block."""
    spans: list[Span] = []
    for number, block in enumerate(split_blocks(text)):
        slug = AGENCY_SLUG.match(text, block.start, block.end)
        if slug:
            spans.append(Span(slug.start(), slug.end(), number))
            rest = list(_trimmed(text, slug.end(), block.end))
            if not rest:
                continue
            block = rest[0]
        for chunk in _chunks(text, block):
            # Soft line wraps become spaces: same length, so offsets are unchanged.
            chunk_text = text[chunk.start : chunk.end].replace("\n", " ")
            sentences = _join_fragments(text, list(_sentences(chunk_text, chunk.start)))
            spans.extend(Span(s.start, s.end, number) for s in sentences)
    return spans


def _open_quotation(sentence: str) -> bool:
    return sentence.count("“") > sentence.count("”") or sentence.count('"') % 2 == 1


def _join_fragments(text: str, spans: list[Span]) -> list[Span]:
    """Join sentences that pysbd split too eagerly.

    A quotation left open is joined with the following sentences until it closes (at most
    ``MAX_QUOTE_SENTENCES``; one that never closes keeps the splits it had), and a time
    fragment such as "At 5 a.m." is joined with the sentence it begins.
    """
    out: list[Span] = []
    i = 0
    while i < len(spans):
        fragment = _TIME_FRAGMENT.fullmatch(text[spans[i].start : spans[i].end])
        base = i + 1 if fragment and i + 1 < len(spans) else i
        j = base
        while (
            _open_quotation(text[spans[i].start : spans[j].end])
            and j + 1 < len(spans)
            and j - i < MAX_QUOTE_SENTENCES
        ):
            j += 1
        if _open_quotation(text[spans[i].start : spans[j].end]):
            j = base
        out.append(Span(spans[i].start, spans[j].end))
        i = j + 1
    return out


def _sentences(chunk: str, offset: int) -> Iterator[Span]:
    body = chunk.strip()
    if not _INNER_STOP.search(body[:-1]):  # one sentence at most: pysbd has nothing to do
        if body:
            lead = len(chunk) - len(chunk.lstrip())
            yield Span(offset + lead, offset + lead + len(body))
        return
    cursor = 0
    for sentence in _segmenter.segment(chunk):
        piece = sentence.strip()
        if not piece:
            continue
        found = chunk.find(piece, cursor)
        if found < 0:  # pysbd changed the text; keep the rest of the chunk whole
            break
        yield Span(offset + found, offset + found + len(piece))
        cursor = found + len(piece)
    rest = chunk[cursor:]
    if rest.strip():
        lead = len(rest) - len(rest.lstrip())
        yield Span(offset + cursor + lead, offset + len(chunk.rstrip()))
