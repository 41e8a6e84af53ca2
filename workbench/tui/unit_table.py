"""A table of many rows that draws only the rows in view: the overview's table.

Textual's ``DataTable`` measures every cell of every row it is given, on the main
thread: 10,000 rows of nine cells took 2.7 s before the first frame (and ~1.2 s again
for each re-sort or re-filter that refills it), measured on this project's 2-core
machine with Textual 8.2.  Here the screen hands over its rows already arranged and a
function that turns one row into cells; a frame renders the twenty-odd rows in view
(cached while they stay the same), so 10,000 rows cost what twenty do, and a new sort
or filter is a list the screen gives again.

Like every widget here it shows what it is given and posts messages: it never reads the
database.  It has no key bindings of its own (the screen's keys move its cursor, so keys
pressed before the rows arrive can wait for them there), and a click moves the cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

RowT = TypeVar("RowT")
MIN_FLEX = 8  # the flexible column is never narrower than this


@dataclass(frozen=True)
class Column:
    """A column: its heading, its width in cells (0: what the others leave), and whether
    it reads right-aligned (numbers)."""

    label: str
    width: int = 0
    right: bool = False


class UnitTable(ScrollView, Generic[RowT], can_focus=True, inherit_bindings=False):
    """Rows under a fixed heading, one of them under the cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"unit-table--header", "unit-table--cursor"}

    class Clicked(Message):
        """A row was clicked (the cursor is on it now)."""

        def __init__(self, index: int, again: bool) -> None:
            super().__init__()
            self.index = index
            self.again = again  # the cursor was already on it

    class ViewChanged(Message):
        """Other rows came into view (scrolled, resized, or new rows)."""

    def __init__(self, cells: Callable[[RowT], Sequence[Text]], **kwargs: Any) -> None:
        """Args:
        cells: a row's cells, one per column, made anew at each call (the table cuts
            them to their columns in place).
        """
        super().__init__(**kwargs)
        self._cells = cells
        self.columns: tuple[Column, ...] = ()
        self.rows: Sequence[RowT] = ()
        self.cursor = 0
        self.placeholder = Text("")
        self._widths: tuple[int, tuple[int, ...]] = (0, ())  # (table width, column widths)
        self._lines: LRUCache[int, Strip] = LRUCache(1024)  # rendered rows, by index

    # -- what is shown ---------------------------------------------------------------

    def show(self, rows: Sequence[RowT], cursor: int = 0, placeholder: Text | None = None) -> None:
        """Show ``rows`` with the cursor on row ``cursor``; ``placeholder`` says why there
        are none when there are none."""
        self.rows = rows
        if placeholder is not None:
            self.placeholder = placeholder
        self.virtual_size = Size(0, len(rows) + 1)
        self.cursor = max(0, min(cursor, len(rows) - 1))
        self.invalidate()
        self._reveal()
        self.post_message(self.ViewChanged())

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Lay the rows out in these columns (a narrower screen may give fewer)."""
        self.columns = tuple(columns)
        self._widths = (0, ())
        self.invalidate()

    def invalidate(self) -> None:
        """Draw the rows again: what their cells show has changed."""
        self._lines.clear()
        self.refresh()

    @property
    def current(self) -> RowT | None:
        """The row under the cursor (None when there are no rows)."""
        return self.rows[self.cursor] if self.rows else None

    def rows_in_view(self) -> Sequence[RowT]:
        """The rows on screen now, top to bottom."""
        top = self.scroll_offset.y
        return self.rows[top : top + max(0, self._view.height - 1)]

    # -- the cursor ------------------------------------------------------------------

    def move_to(self, index: int) -> None:
        """Put the cursor on row ``index`` (kept within the rows) and bring it into view."""
        if not self.rows:
            return
        index = max(0, min(index, len(self.rows) - 1))
        if index != self.cursor:
            self._refresh_row(self.cursor)
            self.cursor = index
            self._refresh_row(index)
        self._reveal()

    def move(self, step: int) -> bool:
        """Move the cursor ``step`` rows down (up if negative); False at either end."""
        target = self.cursor + step
        if not self.rows or not 0 <= target < len(self.rows):
            return False
        self.move_to(target)
        return True

    def page(self, direction: int) -> None:
        """Move the cursor a screenful down (or up)."""
        self.move_to(self.cursor + direction * max(1, self._view.height - 2))

    def _reveal(self) -> None:
        shown = max(1, self._view.height - 1)  # rows under the heading
        top = self.scroll_offset.y
        # Forced: rows that just arrived have no scrollbar laid out yet, and Textual
        # refuses to scroll a widget without one.
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, force=True)
        elif self.cursor >= top + shown:
            self.scroll_to(y=self.cursor - shown + 1, animate=False, force=True)

    def _refresh_row(self, index: int) -> None:
        self.refresh_line(index + 1)  # the heading is line 0

    # -- events ----------------------------------------------------------------------

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self.post_message(self.ViewChanged())

    def on_resize(self, event: events.Resize) -> None:
        self._reveal()
        self.post_message(self.ViewChanged())

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y - 1
        if event.y >= 1 and 0 <= index < len(self.rows):
            again = index == self.cursor
            self.move_to(index)
            self.post_message(self.Clicked(index, again))

    # -- drawing ---------------------------------------------------------------------

    @property
    def _view(self) -> Size:
        """The size of the rows' area: the widget less its scrollbar, when it has one."""
        return self.scrollable_content_region.size

    def _column_widths(self, width: int) -> tuple[int, ...]:
        """Each column's width in a table ``width`` wide: fixed ones as given, the
        flexible one (width 0) what is left after a space before each column."""
        if self._widths[0] != width:
            fixed = sum(c.width for c in self.columns) + len(self.columns)
            rest = max(MIN_FLEX, width - fixed)
            self._widths = (width, tuple(c.width or rest for c in self.columns))
            self._lines.clear()  # drawn for another width (the scrollbar came or went)
        return self._widths[1]

    def render_line(self, y: int) -> Strip:
        width = self._view.width
        self._column_widths(width)
        index = self.scroll_offset.y + y - 1
        if y and index != self.cursor and (line := self._lines.get(index)) is not None:
            return line  # most lines of most frames: drawn before, unchanged
        base = self.rich_style
        if y == 0:
            heading = [Text(c.label) for c in self.columns]
            return self._strip(heading, base + self.get_component_rich_style("unit-table--header"))
        if not self.rows and y == 1:
            return self._strip([self.placeholder.copy()], base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        if index == self.cursor:
            cursor = base + self.get_component_rich_style("unit-table--cursor")
            return self._strip(self._cells(self.rows[index]), cursor)
        line = self._lines[index] = self._strip(self._cells(self.rows[index]), base)
        return line

    def _strip(self, cells: Sequence[Text], style: Style) -> Strip:
        """One line of cells, each cut to its column (with an ellipsis) and padded.  The
        cells are the line's own (``cells`` makes new ones each time): cut in place."""
        width = self._view.width
        line = Text(no_wrap=True, end="")
        if len(cells) == 1 and len(self.columns) != 1:  # a message across the table
            line.append(" ")
            line.append_text(cells[0])
        else:
            widths = self._column_widths(width)
            for cell, column, size in zip(cells, self.columns, widths, strict=False):
                cell.truncate(size, overflow="ellipsis")
                pad = " " * (size - cell.cell_len)  # unstyled: a cell's style stays on it
                line.append(f" {pad}" if column.right else " ")
                line.append_text(cell)
                if not column.right:
                    line.append(pad)
        line.truncate(width, overflow="ellipsis")
        segments = list(line.render(self.app.console))
        return Strip(segments).apply_style(style).extend_cell_length(width, style)
