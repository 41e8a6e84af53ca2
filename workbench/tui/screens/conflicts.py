"""The conflicts screen: claims on which reviewers disagree, side by side, and the
adjudicator's final verdict in one key (recorded as an ``adjudication`` event)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from review_db import ClaimState, Conflict, ReviewStore, StoreError
from review_db.models import PassageRef
from workbench.reviewing import Settled, adjudicate

from ...config import VerdictLabel
from ...safe_text import printable
from ..render import safe, verdict_style
from ..widgets import Panel
from .base import BaseScreen

ADJUDICATE = Binding.Group("Adjudicate")


class ConflictsScreen(BaseScreen):
    """Settle disagreements between reviewers."""

    BINDINGS = [
        Binding("r", "refresh", "Refresh", id="refresh-conflicts"),
        Binding("question_mark", "help", "Help", id="conflicts-help", key_display="?"),
        Binding("q,escape", "back", "Back", id="conflicts-back"),
    ]
    AUTO_FOCUS = "#conflict-list"

    def __init__(self, article_id: str | None) -> None:
        super().__init__()
        self.article_id = article_id
        self.conflicts: list[Conflict] = []

    @classmethod
    def scale_binding(cls, index: int, entry: VerdictLabel) -> Binding:
        label = printable(entry.label, one_line=True)
        return Binding(entry.key, f"adjudicate({index})", f"Settle: {label}",
                       id=f"adjudicate-{index + 1}", group=ADJUDICATE)  # fmt: skip

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="conflicts"):
            yield OptionList(id="conflict-list")
            with Panel(id="conflict-detail"):
                yield Static(id="conflict")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "workbench"
        self.sub_title = printable(
            f"conflicts — adjudicating as {self.workbench.reviewer}", one_line=True
        )
        self.action_refresh()

    def action_refresh(self) -> None:
        store = self.workbench.store
        self.conflicts = store.conflicts(self.article_id)
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.set_options(
            Option(self._summary(store, conflict), id=conflict.claim_id)
            for conflict in self.conflicts
        )
        if self.conflicts:
            options.highlighted = min(highlighted or 0, len(self.conflicts) - 1)
        else:
            self.query_one("#conflict", Static).update(
                Text(
                    "No conflicts: every claim that several reviewers judged has one verdict.",
                    style="italic",
                )  # fmt: skip
            )

    def _summary(self, store: ReviewStore, conflict: Conflict) -> Text:
        claim = store.claim(conflict.claim_id)
        line = Text(overflow="ellipsis", no_wrap=True)
        line.append(f"{claim.ordinal:>4} ", "dim")
        if conflict.adjudicated:
            line.append("✓ ", "bold green")
        line.append_text(safe(conflict.text))
        return line

    @on(OptionList.OptionHighlighted, "#conflict-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.query_one("#conflict", Static).update(self._detail(event.option.id))

    def _detail(self, claim_id: str) -> RenderableType:
        store = self.workbench.store
        claim = store.claim(claim_id)
        conflict = next(c for c in self.conflicts if c.claim_id == claim_id)
        states = store.claim_states(claim_id)
        table = Table(expand=True, show_lines=True)
        table.add_column("")
        reviewers = sorted(conflict.verdicts)
        for name in reviewers:
            table.add_column(safe(name, "bold"))
        config = self.workbench.config
        table.add_row(
            Text("verdict", "dim"),
            *(
                safe(conflict.verdicts[n], verdict_style(config, conflict.verdicts[n]))
                for n in reviewers
            ),  # fmt: skip
        )
        table.add_row(Text("note", "dim"), *(_note(states.get(n)) for n in reviewers))
        table.add_row(
            Text("evidence", "dim"), *(self._evidence(store, states.get(n)) for n in reviewers)
        )
        settled = (
            Text.assemble(("Settled: ", "bold"), safe(conflict.adjudicated or "", verdict_style(
                config, conflict.adjudicated)), (" by ", "dim"), safe(conflict.adjudicator or ""))
            if conflict.adjudicated
            else Text("Not settled yet: press a verdict key (1-7) to give the final verdict.",
                      style="italic")
        )  # fmt: skip
        return Group(
            safe(f"Claim {claim.ordinal} · {claim.kind}", "dim"),
            safe(claim.text, "bold"),
            Text(""),
            table,
            Text(""),
            settled,
        )

    def _evidence(self, store: ReviewStore, state: ClaimState | None) -> Text:
        out = Text(overflow="fold")
        for item in state.evidence if state else ():
            if isinstance(item, PassageRef):
                try:
                    passage = store.passage(item.passage)
                    title = store.source(passage.source_id).title
                except StoreError:
                    out.append_text(safe(f"passage {item.passage} (not in this database)\n", "dim"))
                    continue
                out.append_text(safe(title, "bold"))
                out.append(": ")
                out.append_text(safe(passage.text[:160]))
            else:
                out.append_text(safe(item.url, "underline"))
                out.append(" “")
                out.append_text(safe(item.quote))
                out.append("”")
            out.append("\n")
        return out if out.plain else Text("none", "dim")

    def action_adjudicate(self, index: int) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is None or option.id is None:
            return
        claim_id = option.id  # the claim highlighted when the key was pressed
        ordinal = self.workbench.store.claim(claim_id).ordinal
        label = self.workbench.config.scale[index].label
        reviewer = self.workbench.reviewer

        def write(store: ReviewStore) -> Settled:
            return adjudicate(store, reviewer, claim_id, label)

        def done(_: Settled) -> None:
            self.notify(printable(f"Settled: {label} on claim {ordinal}"), timeout=2, markup=False)
            if not self.is_attached:  # confirmed after the screen was left
                return
            self.action_refresh()
            # The list may have moved on since the key: show what is highlighted now.
            now = self.query_one(OptionList).highlighted_option
            if now is not None and now.id is not None:
                self.query_one("#conflict", Static).update(self._detail(now.id))

        self.workbench.write(write, done)


def _note(state: ClaimState | None) -> Text:
    return safe(state.note) if state and state.note else Text("none", "dim")
