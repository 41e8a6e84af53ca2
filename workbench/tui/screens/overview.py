"""The overview screen: every unit of an article in one table, with the verdicts on it.

Opened with ``o`` from the review screen (the cursor starts on the claim shown there) or
from the articles screen (on the highlighted article).  Enter goes back to the review
screen on the chosen unit; ``q`` or escape goes back without choosing.

The screen shows at once and fills in: the article's units and everyone's states are
read in a thread worker, after the writes already queued are committed (a verdict given
just before ``o`` is in the table).  Keys pressed before the rows arrive wait for them
and then take effect in the order pressed, so ``o j j enter`` typed in one burst opens
the unit two rows below the one the review screen showed.

Others' verdicts follow the review screen's blind-review rule: hidden until shown with
``v`` (the same setting, carried to and from the review screen), and "disputed" is
offered as a sort and a filter only while they are shown, since it tells of them.

"Checked before" markers are looked up only for the rows in view, once the view has
settled, in a worker that a newer view cancels: a lookup takes a full-text search and a
scoring of the candidates per unit (tens of milliseconds each on a large library), so
all 10,000 units of a long article would take minutes.  What was found is kept, and
shared with the review screen's own "Checked before" line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import Header, Static
from textual.worker import get_current_worker

from workbench.factchecks.checked import CHECKED_THRESHOLD, CheckedMatch, find_checked

from ...safe_text import printable
from ..key_footer import KeyFooter
from ..modals import AskModal
from ..overview_rows import (
    FILTERS,
    NEED_OTHERS,
    SORTS,
    UnitRow,
    arrange,
    next_choice,
    progress,
    unit_rows,
    with_states,
)
from ..render import verdict_style
from ..unit_table import Column, UnitTable
from .base import COMPACT_BELOW, BaseScreen

MOVE = Binding.Group("Move and open")
ARRANGE = Binding.Group("Sort and filter")
CHECK_AFTER = 0.3  # seconds of a still view before its rows are looked up
REREAD_OVER = 50  # more claims changed by others than this: read the article again
DIM_KINDS_STYLE = "dim"

# (claim id or None for "back", others' verdicts shown): what the screen below is told.
Leave = Callable[[str | None, bool], None]


class OverviewScreen(BaseScreen):
    """Every unit of an article: sort, filter, find, and open one."""

    AUTO_FOCUS = "#units"
    BINDINGS = [
        Binding("j", "move(1)", "Down", show=False, id="overview-down", group=MOVE),
        Binding("k", "move(-1)", "Up", show=False, id="overview-up", group=MOVE),
        Binding("down", "move(1)", "Down", show=False, id="overview-down-arrow"),
        Binding("up", "move(-1)", "Up", show=False, id="overview-up-arrow"),
        Binding(
            "pagedown,ctrl+d",
            "page(1)",
            "Page down",
            show=False,
            id="overview-page-down",
            group=MOVE,
        ),
        Binding(
            "pageup,ctrl+u", "page(-1)", "Page up", show=False, id="overview-page-up", group=MOVE
        ),
        Binding("home", "edge(-1)", "First row", show=False, id="overview-first", group=MOVE),
        Binding("end", "edge(1)", "Last row", show=False, id="overview-last", group=MOVE),
        Binding("enter", "open", "Open", id="overview-open", group=MOVE),
        Binding("s", "cycle_sort", "Sort", id="overview-sort", group=ARRANGE),
        Binding("f", "cycle_filter", "Filter", id="overview-filter", group=ARRANGE),
        Binding("slash", "find", "Find", id="overview-find", key_display="/", group=ARRANGE),
        Binding("v", "toggle_others", "Others' verdicts", id="overview-show-others"),
        Binding("question_mark", "help", "Help", id="overview-help", key_display="?"),
        Binding("q", "back", "Back", id="overview-back"),
        Binding("escape", "escape", "Clear find, else back", show=False, id="overview-escape"),
    ]
    HELP_EXTRA = (
        ("ctrl+p", "Command palette: every action by name"),
        ("click", "Move to a row; a second click opens it"),
    )

    def __init__(
        self,
        article_id: str,
        *,
        at: str | None = None,
        show_others: bool = False,
        checked: dict[str, CheckedMatch | None] | None = None,
        leave: Leave | None = None,
    ) -> None:
        """Args:
        article_id: the article whose units are listed.
        at: the unit the cursor starts on (the one the review screen shows).
        show_others: others' verdicts shown, as on the review screen.
        checked: "checked before" lookups already made (shared and added to).
        leave: told on leaving which unit was chosen (None: none) and whether others'
            verdicts are shown now.
        """
        super().__init__()
        self.article_id = article_id
        self.show_others = show_others
        self.checked: dict[str, CheckedMatch | None] = {} if checked is None else checked
        self.sort = SORTS[0]
        self.filter = FILTERS[0]
        self.find_text = ""
        self.rows: list[UnitRow] | None = None  # in article order, once read
        self.shown: list[UnitRow] = []  # as arranged, in the table
        self._at = at
        self._leave = leave
        self._index: dict[str, int] = {}  # claim id -> position in self.rows
        self._queued: list[Callable[[], None]] = []  # keys pressed before the rows came
        self._check_timer: Timer | None = None
        self._data_version = -1
        self._last_event = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="overview-bar")
        yield UnitTable[UnitRow](self._cells, id="units")
        yield Static(id="overview-progress")
        yield KeyFooter()

    @property
    def table(self) -> UnitTable[UnitRow]:
        return self.query_one("#units", UnitTable)

    def on_mount(self) -> None:
        self.title = "workbench"
        self.sub_title = "overview"
        self._lay_out()
        self.table.show([], placeholder=Text("Reading the article…", style="italic"))
        self._show_bar()
        self.run_worker(
            self._read_when_saved(),
            group="overview-read",
            exit_on_error=False,
            description="reading the article's units",
        )
        self.set_interval(1.0, self._poll_other_writers)

    # -- reading ---------------------------------------------------------------------------

    async def _read_when_saved(self) -> None:
        """Read once every write queued before the screen opened is committed."""
        await self.workbench.writes_saved()
        self.read_units()

    @work(
        thread=True,
        group="overview-read",
        exit_on_error=False,
        description="reading the article's units",
    )
    def read_units(self) -> None:
        reviewer = self.workbench.reviewer
        with self.workbench.worker_store() as store:
            article = store.article(self.article_id)
            last = store.claims_changed_since(0, article.id)[1]
            rows = unit_rows(
                store.claims(article.id), store.states_for_article(article.id), reviewer
            )
        self.app.call_from_thread(self._read, article.title, rows, last)

    def _read(self, title: str, rows: list[UnitRow], last_event: int) -> None:
        if not self.is_attached:
            return
        first = self.rows is None
        self.sub_title = printable(f"overview — {title}", one_line=True)
        self.rows = rows
        self._index = {row.id: i for i, row in enumerate(rows)}
        self._last_event = last_event
        self._lay_out()  # the number column fits the article's last number
        current = self.table.current
        self._arrange(self._at if first or current is None else current.id)
        queued, self._queued = self._queued, []
        for run in queued:
            run()

    def _poll_other_writers(self) -> None:
        """Another reviewer (or process) committed: show the units it changed."""
        if self.rows is None:
            return
        version = self.store.data_version()
        if version == self._data_version:
            return
        self._data_version = version
        changed, self._last_event = self.store.claims_changed_since(
            self._last_event, self.article_id
        )
        if len(changed) > REREAD_OVER:
            self.read_units()
            return
        reviewer = self.workbench.reviewer
        for claim_id in changed:
            index = self._index.get(claim_id)
            if index is not None:
                states = self.store.claim_states(claim_id).values()
                self.rows[index] = with_states(self.rows[index], states, reviewer)
        if changed:
            current = self.table.current
            self._arrange(current.id if current else None)

    # -- arranging -------------------------------------------------------------------------

    def _arrange(self, keep: str | None) -> None:
        """Sort and filter the rows again, the cursor staying on ``keep`` if still shown."""
        if self.rows is None:
            return
        self.shown = arrange(self.rows, self.sort, self.filter, self.find_text)
        cursor = next((i for i, row in enumerate(self.shown) if row.id == keep), 0)
        empty = Text(f"No units match the filter “{self.filter}”", style="italic")
        if self.find_text:
            empty.append_text(Text(f" and “{printable(self.find_text, one_line=True)}”"))
        empty.append(": press f to change it, escape to clear the find.", "italic")
        self.table.show(self.shown, cursor, placeholder=empty)
        self._show_bar()
        self._show_progress()

    def _show_bar(self) -> None:
        """What is shown: the sort, the filter, the words found, how many units."""
        bar = Text.assemble(
            ("sort ", "dim"), (self.sort, "bold"), (" · filter ", "dim"), (self.filter, "bold")
        )
        if self.find_text:
            bar.append(" · find ", "dim")
            bar.append(f"“{printable(self.find_text, one_line=True)}”", "bold")
        if self.rows is not None:
            bar.append(f" · {len(self.shown)} of {len(self.rows)} units", "dim")
        if not self.show_others:
            bar.append(" · others hidden (v)", "dim italic")
        self.query_one("#overview-bar", Static).update(bar)

    def _show_progress(self) -> None:
        if self.rows is None:
            return
        counts = progress(self.rows)
        percent = "" if counts.percent is None else f" ({counts.percent:.0f}%)"
        line = Text.assemble(
            ("reviewed ", "dim"),
            (f"{counts.reviewed}/{counts.total}", "bold"),
            (f" claims and quotes{percent}", "dim"),
        )
        if counts.other_units:
            line.append(f" · {counts.other_units} other units not counted", "dim")
        if counts.other_reviewed:
            line.append(f" ({counts.other_reviewed} with a verdict)", "dim")
        self.query_one("#overview-progress", Static).update(line)

    # -- the table -------------------------------------------------------------------------

    def _lay_out(self) -> None:
        """The columns for this width: below ``COMPACT_BELOW`` others' verdicts are shown
        by their keys, so that the unit's text keeps room at 80 columns."""
        digits = len(str(max(len(self.rows or ()), 999)))
        wide = self.size.width >= COMPACT_BELOW
        self.table.set_columns(
            [
                Column("#", digits, right=True),
                Column("Kind", 7),
                Column("Worth", 5, right=True),
                Column("⚑", 3),
                Column("Yours", 12),
                Column("Others", 20 if wide else 8),
                Column("Ev", 2, right=True),
                Column("Chk", 3),
                Column("Text"),
            ]
        )

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out()

    def _cells(self, row: UnitRow) -> list[Text]:
        """What a row shows; units that progress does not count are dimmed."""
        config = self.workbench.config
        base = "" if row.counted else DIM_KINDS_STYLE
        mine = (
            Text(printable(row.verdict, one_line=True), style=verdict_style(config, row.verdict))
            if row.verdict
            else Text("·", style="dim")
        )
        cells = [
            Text(str(row.ordinal)),
            Text(printable(row.kind, one_line=True)),
            Text(f"{row.worthiness:.2f}"),
            Text(f"⚑{len(row.flags)}", style="bold red") if row.flags else Text(""),
            mine,
            self._others(row),
            Text(str(row.evidence) if row.evidence else ""),
            self._checked_marker(row),
            Text(printable(row.text, one_line=True)),
        ]
        if base:
            for cell in cells:
                cell.stylize_before(base)
        return cells

    def _others(self, row: UnitRow) -> Text:
        if not row.others:
            return Text("")
        if not self.show_others:  # blind review: how many, never what
            return Text(f"{len(row.others)} hidden", style="dim italic")
        config = self.workbench.config
        keys = {entry.label: entry.key for entry in config.scale}
        wide = self.size.width >= COMPACT_BELOW
        out = Text()
        for number, (_, label) in enumerate(row.others):
            if number:
                out.append(", " if wide else " ")
            shown = label if wide else keys.get(label, "?")
            out.append(printable(shown, one_line=True), verdict_style(config, label))
        return out

    def _checked_marker(self, row: UnitRow) -> Text:
        if row.id not in self.checked:
            return Text("·", style="dim")  # not looked up yet
        return Text("✓", style="bold magenta") if self.checked[row.id] else Text("")

    @on(UnitTable.ViewChanged)
    def _view_changed(self) -> None:
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(CHECK_AFTER, self._check_in_view)

    @on(UnitTable.Clicked)
    def _clicked(self, event: UnitTable.Clicked) -> None:
        if event.again:
            self.action_open()

    # -- checked before? -------------------------------------------------------------------

    def _check_in_view(self) -> None:
        wanted = [row for row in self.table.rows_in_view() if row.id not in self.checked]
        if wanted:
            self.find_checked_in_view(wanted)

    @work(
        thread=True,
        exclusive=True,
        group="overview-checked",
        exit_on_error=False,
        description="checked before?",
    )
    def find_checked_in_view(self, rows: list[UnitRow]) -> None:
        worker = get_current_worker()
        with self.workbench.worker_store() as store:
            for row in rows:
                if worker.is_cancelled:
                    return
                found = find_checked(
                    store,
                    row.text,
                    top=1,
                    exclude_article=self.article_id,
                    min_score=CHECKED_THRESHOLD,
                )
                self.app.call_from_thread(self._checked_found, row.id, found[0] if found else None)

    def _checked_found(self, claim_id: str, found: CheckedMatch | None) -> None:
        self.checked[claim_id] = found
        if self.is_attached:
            self.table.invalidate()

    # -- keys ------------------------------------------------------------------------------

    def _when_read(self, run: Callable[[], Any]) -> None:
        """Run now, or once the rows are read if they are not yet (in the order pressed)."""
        if self.rows is None:
            self._queued.append(run)
        else:
            run()

    def action_move(self, step: int) -> None:
        self._when_read(lambda: self.table.move(step))

    def action_page(self, direction: int) -> None:
        self._when_read(lambda: self.table.page(direction))

    def action_edge(self, direction: int) -> None:
        self._when_read(lambda: self.table.move_to(0 if direction < 0 else len(self.shown) - 1))

    def action_open(self) -> None:
        self._when_read(self._open)

    def _open(self) -> None:
        row = self.table.current
        if row is None:
            self.notify("No unit to open: change the filter (f).", timeout=1.5)
            return
        self._go(row.id)

    def action_back(self) -> None:
        self._go(None)

    def action_escape(self) -> None:
        if self.find_text:
            self._set_find("")
        else:
            self._go(None)

    def _go(self, claim_id: str | None) -> None:
        """Back to the screen below, telling it the unit chosen (if any).  Not while
        something was opened over this screen (help, say) since the key was pressed."""
        if self.app.screen is not self:
            return
        self.app.pop_screen()
        if self._leave is not None:
            self._leave(claim_id, self.show_others)

    def action_cycle_sort(self) -> None:
        self._when_read(lambda: self._choose("sort", SORTS))

    def action_cycle_filter(self) -> None:
        self._when_read(lambda: self._choose("filter", FILTERS))

    def _choose(self, what: str, choices: tuple[str, ...]) -> None:
        """The next sort or filter (the bar above the table names it); one that blind
        review holds back is skipped, and said so."""
        current = getattr(self, what)
        chosen = next_choice(choices, current, self.show_others)
        setattr(self, what, chosen)
        self._arrange(self.table.current.id if self.table.current else None)
        after = choices.index(current) + 1
        between = (choices.index(chosen) - after) % len(choices)
        passed = (choices[after:] + choices[:after])[:between]
        if passed:
            self.notify(
                f"{what.capitalize()} by {', '.join(passed)} needs others' verdicts shown (v)",
                timeout=2,
            )

    def action_find(self) -> None:
        def asked(answer: str | None) -> None:
            self._when_read(lambda: self._set_find(answer or ""))

        self.app.push_screen(AskModal("Show the units containing", "words; empty shows all"), asked)

    def _set_find(self, text: str) -> None:
        self.find_text = text
        self._arrange(self.table.current.id if self.table.current else None)

    def action_toggle_others(self) -> None:
        def toggle() -> None:
            self.show_others = not self.show_others
            if not self.show_others and (self.sort in NEED_OTHERS or self.filter in NEED_OTHERS):
                self.sort = SORTS[0] if self.sort in NEED_OTHERS else self.sort
                self.filter = FILTERS[0] if self.filter in NEED_OTHERS else self.filter
            self._arrange(self.table.current.id if self.table.current else None)
            self.notify(
                "Showing other reviewers' verdicts"
                if self.show_others
                else "Other reviewers' verdicts hidden (blind review)",
                timeout=1.5,
            )

        self._when_read(toggle)
