"""The whole article laid out for the reading view, with no Textual in it: the text as the
terminal may show it, each claim's place in that text, and the text wrapped into lines.

Article text is untrusted, so it is shown through ``printable()``, which writes some
characters as several (an escape is four: ``\\x1b``).  Offsets into the stored article
would then point a few characters off after the first such character; so the text is made
printable piece by piece, cut at every claim's start and end, and each claim's place is
measured in the printable text itself.  ``printable`` works character by character, so
the pieces joined are the whole text made printable.

Wrapping is done here rather than by Rich: the view draws only the lines on screen, and
must know which line each claim is on to scroll to it, in an article of a megabyte.

A megabyte takes 0.1-0.2 s to lay out (benchmarks/reading_view.py), so the work comes
in steps (generators that yield between bounded pieces of work): the view runs them
between key presses.  A thread would not do: its Python holds the interpreter lock, and
each of the event loop's many hand-offs while a key is handled waited for it (90 ms a
key, measured).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rich.cells import cell_len, chop_cells

from review_db import ClaimBrief

from ..safe_text import printable

T = TypeVar("T")
Steps = Generator[None, None, T]  # yields between pieces of work, returns the result
STEP_CLAIMS = 256  # claims placed between two yields (about 1 ms)
STEP_LINES = 512  # lines wrapped between two yields (about 1 ms)
STEP_CHARACTERS = 65_536  # characters made printable between two yields (about 1 ms)


def run_steps(steps: Steps[T]) -> T:
    """Run ``steps`` to the end, at once; returns what it returns."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


@dataclass(frozen=True)
class ShownUnit:
    """A unit of the article and where it is in the shown text."""

    claim: ClaimBrief
    start: int
    end: int


@dataclass(frozen=True)
class ShownArticle:
    """The article as shown: printable text, and its units in article order (each at
    least one character long; none overlapping)."""

    text: str
    units: tuple[ShownUnit, ...]


def shown_article(text: str, claims: Sequence[ClaimBrief]) -> ShownArticle:
    """``text`` made printable, with the place of every claim in the result."""
    return run_steps(shown_article_steps(text, claims))


def shown_article_steps(text: str, claims: Sequence[ClaimBrief]) -> Steps[ShownArticle]:
    """``shown_article`` in steps.

    Offsets are trusted only as far as they hold: one beyond the text is cut to its end,
    and a claim starting inside the one before it starts where that one ends (a claim
    that then has nothing left is not shown: it cannot be told apart from its neighbour).
    """
    made: list[str] = []
    for at in range(0, len(text), STEP_CHARACTERS):  # (printable goes character by character)
        made.append(printable(text[at : at + STEP_CHARACTERS]))
        yield
    whole = "".join(made)
    ordered = sorted(claims, key=lambda c: (c.start, c.ordinal))
    yield
    # Nothing to escape (the usual case): the offsets hold as they are.
    unchanged = len(whole) == len(text)  # every escape is longer than what it replaces
    pieces: list[str] = []
    units: list[ShownUnit] = []
    at = 0  # article offset shown so far
    shown = 0  # length of the shown text so far

    def show_to(end: int) -> None:
        nonlocal at, shown
        if unchanged:
            shown = end
        else:
            piece = printable(text[at:end])
            pieces.append(piece)
            shown += len(piece)
        at = end

    for count, claim in enumerate(ordered):
        if count % STEP_CLAIMS == STEP_CLAIMS - 1:
            yield
        start = min(max(claim.start, at), len(text))
        end = min(max(claim.end, start), len(text))
        if end == start:
            continue
        show_to(start)
        begins = shown
        show_to(end)
        units.append(ShownUnit(claim, begins, shown))
    show_to(len(text))
    # Tabs as one space: the view measures every character in cells, and a tab has no
    # fixed width.
    return ShownArticle((whole if unchanged else "".join(pieces)).replace("\t", " "), tuple(units))


# A word with the spaces before and after it, or a run of spaces: the pieces a line is
# made of.  A paragraph holds no newline, so these cover it exactly.  Lines break at
# plain spaces only: a no-break space keeps its words together, as it is meant to.
_TOKEN = re.compile(r" *[^ ]+ *| +")
# Characters one cell wide (tests/tui/test_reading_layout.py checks each with Rich):
# Latin, Greek and Cyrillic letters (no combining marks), punctuation such as dashes,
# curly quotes, bullets and ellipses, and currency signs.  A paragraph of only these is
# wrapped by counting characters.
_SINGLE_CELLS = re.compile(
    "[ -~\xa0-\xac\xae-\u02ff\u0370-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e\u20a0-\u20c0]*"
)


@dataclass(frozen=True)
class WrappedLines:
    """The shown text cut into lines of at most ``width`` cells: line ``i`` is
    ``text[starts[i]:ends[i]]`` (ends leave out the newline; a line may end in spaces
    that the view crops)."""

    width: int
    starts: list[int]
    ends: list[int]

    def __len__(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        """The line showing the character at ``offset`` of the shown text."""
        return max(bisect_right(self.starts, offset) - 1, 0)

    def lines_of(self, unit: ShownUnit) -> tuple[int, int]:
        """The first and last line a unit is shown on."""
        return self.line_of(unit.start), self.line_of(max(unit.end - 1, unit.start))


def wrap(text: str, width: int) -> WrappedLines:
    """``text`` cut into lines at most ``width`` cells wide."""
    return run_steps(wrap_steps(text, width))


def wrap_steps(text: str, width: int) -> Steps[WrappedLines]:
    """``text`` cut into lines at most ``width`` cells wide, in steps: at spaces where it
    can be, and a word longer than a line folded by character.

    Paragraphs of characters one cell wide (nearly all of a European-language article)
    are cut by searching for spaces, a few steps a line; the rest word by word with
    Rich's cell widths (wide characters, combining marks).  Both cut where the other
    would (tested).
    """
    width = max(width, 1)
    starts: list[int] = []
    ends: list[int] = []
    paragraph, step = 0, STEP_LINES
    while paragraph <= len(text):
        stop = text.find("\n", paragraph)
        if stop < 0:
            stop = len(text)
        if _SINGLE_CELLS.fullmatch(text, paragraph, stop):
            _wrap_single_cells(text, paragraph, stop, width, starts, ends)
        else:
            yield from _wrap_words(text, paragraph, stop, width, starts, ends)
        paragraph = stop + 1
        if len(starts) >= step:
            step = len(starts) + STEP_LINES
            yield
    return WrappedLines(width, starts, ends)


def _wrap_words(
    text: str, begin: int, stop: int, width: int, starts: list[int], ends: list[int]
) -> Steps[None]:
    """Wrap ``text[begin:stop]`` (no newline in it) a word at a time, in cells; in steps,
    as a paragraph may be the whole article."""
    line, used = begin, 0
    for count, token in enumerate(_TOKEN.finditer(text, begin, stop)):
        if count % STEP_LINES == STEP_LINES - 1:
            yield
        word = token.group()
        visible = word.rstrip(" ")
        cells = cell_len(visible)
        if used and used + cells > width:  # the word goes to a new line
            starts.append(line)
            ends.append(token.start())
            line, used = token.start(), 0
        if cells > width:  # longer than any line: folded where the cells run out
            for part in chop_cells(visible, width)[:-1]:
                if part:  # (a character wider than the line gives an empty part)
                    starts.append(line)
                    ends.append(line + len(part))
                    line += len(part)
            cells = cell_len(text[line : token.start() + len(visible)])
        used += cells + len(word) - len(visible)
    starts.append(line)
    ends.append(stop)


def _wrap_single_cells(
    text: str, begin: int, stop: int, width: int, starts: list[int], ends: list[int]
) -> None:
    """Wrap ``text[begin:stop]``, one cell a character and no newline, by finding the
    last space that fits on each line."""
    visible_stop = begin + len(text[begin:stop].rstrip(" "))
    line = begin
    while visible_stop - line > width:
        space = text.rfind(" ", line, line + width + 1)
        if space <= line or not text[line:space].strip(" "):
            cut = line + width  # no word ends on this line: fold the word
        else:
            cut = space
            while cut < stop and text[cut] == " ":
                cut += 1  # spaces at the end of a line stay on it
        starts.append(line)
        ends.append(cut)
        line = cut
    starts.append(line)
    ends.append(stop)


def units_on(units: Sequence[ShownUnit], unit_ends: Sequence[int], start: int, end: int) -> range:
    """Indexes of the units that show on ``text[start:end]``; ``unit_ends`` is each
    unit's end, in order (units never overlap, so their ends are sorted too)."""
    first = bisect_right(unit_ends, start)
    last = first
    while last < len(units) and units[last].start < end:
        last += 1
    return range(first, last)
