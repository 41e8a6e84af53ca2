"""A rounded box around lines of text, drawn as strips: how the claim column and the
passage list draw themselves.

They draw their own boxes instead of leaving borders, padding and scrollbars to
Textual's stylesheet machinery because that machinery draws every line anew (about
70 us a line on this project's 2-core machine) whenever what a widget shows changes, and
on the review screen that is every line at every key: more than the 16 ms a next claim
may take.  Here a text line is styled and filtered once and kept by its strip (Strip
caches both), so drawing a box joins kept pieces.  The colours still come from the
stylesheet: a widget passes the styles it was given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter
from textual.geometry import Region
from textual.strip import Strip

BORDER_ROWS = 2  # a box's top and bottom border
BORDER_COLUMNS = 4  # a box's borders and the padding of a cell inside each


@dataclass(frozen=True)
class Look:
    """How a box is drawn: the widget's own style (text and background), its border's,
    and the line filters of the app (with the background they blend towards)."""

    base: Style
    border: Style
    filters: Sequence[LineFilter]
    background: Color
    selection: Style = Style()  # text selected with the mouse

    def finish(self, strip: Strip) -> Strip:
        """``strip`` through the app's filters (kept by the strip)."""
        for line_filter in self.filters:
            strip = strip.apply_filter(line_filter, self.background)
        return strip


def draw_box(
    lines: Sequence[Strip],
    top: int,
    height: int,
    width: int,
    look: Look,
    style_of: Callable[[int], Style] | None = None,
    selected: Callable[[int], tuple[int, int] | None] | None = None,
) -> list[Strip]:
    """A box ``height`` rows by ``width`` cells around ``lines[top:]`` (each exactly
    ``width - BORDER_COLUMNS`` cells), with a scroll thumb on its right border when the
    lines do not all fit; ``style_of(i)`` styles line ``i`` (default: the base style),
    and ``selected(i)`` is the span of line ``i`` selected with the mouse, if any (lit
    in ``look.selection``)."""
    inner = height - BORDER_ROWS
    text_width = width - BORDER_COLUMNS
    border = look.base + look.border
    pad = Segment(" ", look.base)
    left = list(look.finish(Strip([Segment("│", border), pad])))
    right = list(look.finish(Strip([pad, Segment("│", border)])))
    lit = list(look.finish(Strip([pad, Segment("┃", border)])))
    blank = list(look.finish(Strip.blank(text_width, look.base)))
    thumb = scroll_thumb(top, inner, len(lines))
    rows = [look.finish(Strip([Segment("╭" + "─" * (width - 2) + "╮", border)], width))]
    for row in range(inner):
        index = top + row
        if index < len(lines):
            style = look.base if style_of is None else style_of(index)
            line = look.finish(lines[index].apply_style(style))
            span = selected(index) if selected is not None else None
            text = list(line if span is None else _lit(line, *span, look.selection))
        else:
            text = blank
        rows.append(Strip([*left, *text, *(lit if row in thumb else right)], width))
    rows.append(look.finish(Strip([Segment("╰" + "─" * (width - 2) + "╯", border)], width)))
    return rows


def _lit(line: Strip, start: int, end: int, style: Style) -> Strip:
    """``line`` with its cells from ``start`` to ``end`` (-1: to the end) in ``style``,
    over what they had."""
    end = line.cell_length if end < 0 else min(end, line.cell_length)
    if start >= end:
        return line
    before, middle, after = line.divide([start, end, line.cell_length])
    lit = [Segment(text, (old + style) if old else style, control) for text, old, control in middle]
    return Strip([*before, *lit, *after], line.cell_length)


def cropped(rows: list[Strip], crop: Region, width: int) -> list[Strip]:
    """The part of a widget's ``rows`` (each ``width`` cells) the compositor asks for."""
    if crop.x == 0 and crop.width == width:
        return rows[crop.y : crop.bottom]
    return [row.crop(crop.x, crop.right) for row in rows[crop.y : crop.bottom]]


def scroll_thumb(top: int, rows: int, lines: int) -> range:
    """The rows of a scroll thumb for ``lines`` lines seen ``rows`` at a time from
    ``top`` (none when they fit)."""
    if lines <= rows or rows <= 0:
        return range(0)
    size = max(1, rows * rows // lines)
    start = round(min(top, lines - rows) * (rows - size) / (lines - rows))
    return range(start, start + size)
