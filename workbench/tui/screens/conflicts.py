"""The conflicts screen: claims on which reviewers disagree, each with its flags and every
reviewer's verdict, note and chosen evidence; a verdict key settles one (or changes how
it was settled), ``u`` takes the adjudicator's settlement back.

The cases are read in a worker (``conflict_cases``), so opening the screen never waits
for the database.  Every key acts on the claim highlighted when it was pressed: j/k and
the arrows move the highlight at once, each write captures its claim when its key is
handled and goes to the app's writer thread, and the case is read again in the same
write, so what the screen confirms is what was committed.  A settled claim stays in the
list, marked, where it can be changed or undone; ``f`` hides the settled ones.  What
other reviewers (or processes) commit shows within a second: the cases are read again
when the database changed, and the list is redrawn only if they differ.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from review_db import ReviewStore

from ...config import VerdictLabel
from ...errors import UsageError
from ...reviewing import Settled, adjudicate, undo_adjudication
from ...safe_text import printable
from ..conflict_cases import ConflictCase, case_line, case_view, read_case, read_cases
from ..key_footer import KeyFooter
from ..widgets import Panel
from .base import BaseScreen

ADJUDICATE = Binding.Group("Adjudicate")
NAVIGATION = Binding.Group("Navigate")


class ConflictsScreen(BaseScreen):
    """Settle disagreements between reviewers, change a settlement, or take it back."""

    BINDINGS = [
        Binding("j", "move(1)", "Next", show=False, id="conflicts-next", group=NAVIGATION),
        Binding(
            "k", "move(-1)", "Previous", show=False, id="conflicts-previous", group=NAVIGATION
        ),  # fmt: skip
        Binding("u", "undo", "Undo", id="undo-adjudication", tooltip="Undo your settlement"),
        Binding("f", "toggle_settled", "Hide settled", id="hide-settled"),
        Binding("r", "refresh", "Refresh", show=False, id="refresh-conflicts"),
        Binding("question_mark", "help", "Help", id="conflicts-help", key_display="?"),
        Binding("q,escape", "back", "Back", id="conflicts-back"),
    ]
    HELP_EXTRA = (
        ("↑ ↓", "Move through the conflicts (like j and k)"),
        ("tab", "Next panel (the list, the detail)"),
        ("pgup pgdn", "In the detail: scroll a page (also ctrl+u, ctrl+d)"),
        ("ctrl+p", "Command palette: every action by name"),
    )
    AUTO_FOCUS = "#conflict-list"

    def __init__(self, article_id: str | None) -> None:
        super().__init__()
        self.article_id = article_id
        self.cases: dict[str, ConflictCase] = {}  # by claim id, in article order
        self.hide_settled = False
        self.loaded = False
        self._data_version = 0  # the database's version the cases were read at

    @classmethod
    def scale_binding(cls, index: int, entry: VerdictLabel) -> Binding:
        label = printable(entry.label, one_line=True)
        return Binding(entry.key, f"adjudicate({index})", f"Settle: {label}",
                       id=f"adjudicate-{index + 1}", group=ADJUDICATE)  # fmt: skip

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="conflicts-summary")
        with Horizontal(id="conflicts"):
            yield OptionList(id="conflict-list")
            with Panel(id="conflict-detail"):
                yield Static(id="conflict")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "workbench"
        self.sub_title = printable(
            f"conflicts — adjudicating as {self.workbench.reviewer}", one_line=True
        )
        self._say(Text("Reading the conflicts…", style="italic"))
        self.action_refresh()
        self.set_interval(1.0, self._poll_other_writers)

    # -- reading -------------------------------------------------------------------------

    def action_refresh(self) -> None:
        """Read every case again (in a worker): others may have given verdicts since."""
        self._data_version = self.store.data_version()
        self.load_cases()

    def _poll_other_writers(self) -> None:
        """Something was committed since the cases were read (by anyone, this reviewer's
        settlements included): read them again."""
        if self.loaded and self.store.data_version() != self._data_version:
            self.action_refresh()

    @work(thread=True, exclusive=True, group="conflicts", exit_on_error=False,
          description="reading the conflicts")  # fmt: skip
    def load_cases(self) -> None:
        with self.workbench.worker_store() as store:
            cases = read_cases(store, self.article_id)
        self.app.call_from_thread(self._cases_ready, cases)

    def _cases_ready(self, cases: list[ConflictCase]) -> None:
        if not self.is_attached:
            return
        fresh = {case.claim.id: case for case in cases}
        if self.loaded and fresh == self.cases:
            return  # nothing a reader would see changed (a settlement shown already)
        self.cases = fresh
        self.loaded = True
        self._show_list()

    def _show_list(self) -> None:
        """Fill the list, keeping the highlight on the claim it was on where it can."""
        options = self.query_one(OptionList)
        current = options.highlighted_option
        was = current.id if current is not None else None
        shown = [
            case
            for case in self.cases.values()
            if not (self.hide_settled and case.adjudication is not None)
        ]
        options.set_options(Option(case_line(case), id=case.claim.id) for case in shown)
        ids = [case.claim.id for case in shown]
        if ids:
            options.highlighted = ids.index(was) if was in ids else 0
        self._show_summary()
        self._show_detail()

    def _show_summary(self) -> None:
        settled = sum(1 for case in self.cases.values() if case.adjudication is not None)
        line = Text.assemble(
            ("Conflicts ", "bold"),
            (f"{len(self.cases)}", "bold"),
            (f"  ·  {settled} settled (✓), {len(self.cases) - settled} open (○)", "dim"),
        )
        if self.hide_settled:
            line.append("  ·  settled hidden (f shows them)", "italic")
        self.query_one("#conflicts-summary", Static).update(line)

    @on(OptionList.OptionHighlighted, "#conflict-list")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        case = self.highlighted_case()
        if case is not None:
            self._say(case_view(case, self.workbench.config, self.workbench.reviewer,
                                self._settle_keys()))  # fmt: skip
        elif self.loaded and self.cases:
            self._say(Text("Every conflict is settled: f shows them again.", style="italic"))
        elif self.loaded:
            self._say(
                Text(
                    "No conflicts: every claim that several reviewers judged has one verdict.",
                    style="italic",
                )  # fmt: skip
            )

    def _say(self, body: RenderableType) -> None:
        self.query_one("#conflict", Static).update(body)

    def highlighted_case(self) -> ConflictCase | None:
        """The case highlighted now: what a key pressed now acts on."""
        option = self.query_one(OptionList).highlighted_option
        return self.cases.get(option.id) if option is not None and option.id else None

    def _case_for_key(self) -> ConflictCase | None:
        """The case a key acts on; before the list is read there is none to act on, and
        the key says so rather than vanish."""
        if not self.loaded:
            self.notify("Still reading the conflicts: press it again in a moment.", timeout=2)
        return self.highlighted_case()

    def _settle_keys(self) -> str:
        """The keys that settle, as the footer would name them (remapped ones included)."""
        keys = [
            command.keys
            for command in self.command_bindings()
            if command.binding.action.startswith("adjudicate(")
        ]
        return _key_range(keys)

    # -- moving --------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_toggle_settled(self) -> None:
        self.hide_settled = not self.hide_settled
        self._show_list()
        self.notify(
            "Settled conflicts hidden" if self.hide_settled else "Showing every conflict",
            timeout=1.5,
        )

    # -- writing -------------------------------------------------------------------------

    def action_adjudicate(self, index: int) -> None:
        case = self._case_for_key()  # the claim highlighted when the key was pressed
        if case is None:
            return
        claim = case.claim
        label = self.workbench.config.scale[index].label
        reviewer = self.workbench.reviewer

        def write(store: ReviewStore) -> ConflictCase:
            adjudicate(store, reviewer, claim.id, label)
            return read_case(store, claim)

        def done(fresh: ConflictCase) -> None:
            self.notify(printable(f"Settled: {label} on claim {claim.ordinal}"), timeout=2,
                        markup=False)  # fmt: skip
            self._case_saved(fresh)

        self.workbench.write(write, done)

    def action_undo(self) -> None:
        """Take back the settlement of the highlighted claim, if it is yours.

        Decided when the write runs, not by what the screen shows when the key is
        pressed: a verdict key and ``u`` typed together settle, then take it back.
        """
        case = self._case_for_key()
        if case is None:
            return
        claim = case.claim
        reviewer = self.workbench.reviewer

        def write(store: ReviewStore) -> tuple[Settled | str, ConflictCase]:
            try:
                outcome: Settled | str = undo_adjudication(store, reviewer, claim.id)
            except UsageError as refused:
                outcome = refused.message
            return outcome, read_case(store, claim)

        def done(result: tuple[Settled | str, ConflictCase]) -> None:
            outcome, fresh = result
            self._case_saved(fresh)
            if isinstance(outcome, str):
                self.notify(printable(f"Claim {claim.ordinal}: {outcome}"), severity="warning",
                            timeout=4, markup=False)  # fmt: skip
            elif not outcome.events:
                self.notify(f"Claim {claim.ordinal} is not settled: nothing to undo.",
                            timeout=2)  # fmt: skip
            else:
                self.notify(printable(_undone(claim.ordinal, outcome)), timeout=3, markup=False)

        self.workbench.write(write, done)

    def _case_saved(self, fresh: ConflictCase) -> None:
        """Show a case as its write left it (the list keeps its order and highlight)."""
        if not self.is_attached:  # confirmed after the screen was left
            return
        claim_id = fresh.claim.id
        self.cases[claim_id] = fresh
        options = self.query_one(OptionList)
        if any(option.id == claim_id for option in options.options):
            options.replace_option_prompt(claim_id, case_line(fresh))
        self._show_summary()
        case = self.highlighted_case()
        if case is not None and case.claim.id == claim_id:
            self._show_detail()


def _undone(ordinal: int, outcome: Settled) -> str:
    was = str(outcome.events[0].value.get("label"))
    now = outcome.adjudication
    after = f"settled again: {now.verdict} by {now.adjudicator}" if now else "open again"
    return f"Undid the settlement {was} of claim {ordinal}: {after}"


def _key_range(keys: Sequence[str]) -> str:
    """``1-7`` for consecutive digits, else the keys one by one (``a/s/d``)."""
    digits = [int(k) for k in keys if k.isdigit() and len(k) == 1]
    if keys and len(digits) == len(keys) and digits == list(range(digits[0], digits[-1] + 1)):
        return f"{digits[0]}-{digits[-1]}" if len(digits) > 1 else keys[0]
    return "/".join(keys)
