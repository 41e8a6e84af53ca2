"""The review screen: one claim at a time, its evidence, and a verdict in one key.

Every key acts on the claim on screen when it was pressed: keys are handled in the order
typed (no binding here jumps the queue as a priority binding would), each action takes
its claim when its key is handled, and nothing but a key moves to another claim.  Every
write goes to the app's writer thread and is confirmed on screen once committed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on, work
from textual.binding import Binding

from review_db import ClaimBrief, ClaimState, Event, ReviewStore, StoreError
from review_db.models import OutsideSource, UndoScope
from workbench.corpus import matching
from workbench.reviewing import (
    Recorded,
    add_evidence,
    give_verdict,
    save_note,
    toggle_passage,
    undo_latest,
)

from ...config import VerdictLabel
from ...errors import WorkbenchError
from ...factchecks.reuse import reuse_label, reuse_verdict
from ...safe_text import printable
from ..modals import AskModal, EvidenceModal, MessageModal, NoteModal, OutsideEvidence
from ..navigation import review_order
from ..passage_list import PassageList
from ..render import history_view, safe
from .claim_screen import ClaimScreen, passages_count

NAVIGATION = Binding.Group("Navigate")
VERDICTS = Binding.Group("Verdict")

BASE_BINDINGS: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("j", "move(1)", "Next", id="next-claim", group=NAVIGATION),
    Binding("k", "move(-1)", "Previous", id="previous-claim", group=NAVIGATION),
    Binding("down", "move(1)", "Next claim", show=False, id="next-claim-arrow"),
    Binding("up", "move(-1)", "Previous claim", show=False, id="previous-claim-arrow"),
    Binding("J", "unreviewed(1)", "Next unreviewed", show=False, id="next-unreviewed"),
    Binding("K", "unreviewed(-1)", "Previous unreviewed", show=False, id="previous-unreviewed"),
    Binding("n", "note", "Note", id="note"),
    Binding("space", "toggle_evidence", "Evidence", id="toggle-evidence"),
    Binding("e", "outside_evidence", "Outside evidence", show=False, id="outside-evidence"),
    Binding("slash", "search", "Search", id="search", key_display="/"),
    Binding("escape", "end_search", "End search", id="end-search"),
    Binding("u", "undo", "Undo", id="undo"),
    Binding("f", "cycle_filter", "Filter", id="filter"),
    Binding("g", "go_to", "Go to", show=False, id="go-to"),
    Binding("h", "history", "History", id="history"),
    Binding("v", "toggle_others", "Others' verdicts", show=False, id="show-others"),
    Binding("c", "conflicts", "Conflicts", show=False, id="conflicts"),
    Binding("w", "toggle_article", "Article window", show=False, id="toggle-article"),
    Binding("r", "reuse_checked", "Reuse earlier check", show=False, id="reuse-checked"),
    Binding("a", "read_article", "Read the article", show=False, id="read-article"),
    Binding("O", "switch_order", "Article or worthiness order", show=False, id="review-order"),
    Binding("o", "overview", "Overview", show=False, id="overview", group=NAVIGATION),
    Binding("question_mark", "help", "Help", id="help", key_display="?"),
    Binding("q", "back", "Back", id="back"),
]


class ReviewScreen(ClaimScreen):
    """Step through an article's claims, see the evidence, give verdicts."""

    BINDINGS = BASE_BINDINGS
    HELP_EXTRA = (
        *ClaimScreen.HELP_EXTRA,
        ("pgup pgdn", "Scroll the focused panel a page (also ctrl+u, ctrl+d)"),
        ("home end", "Scroll the focused panel to its top or bottom"),
        ("↑ ↓", "In the passage list: move the highlight"),
        ("enter", "In the passage list: mark as evidence (like space)"),
    )

    @classmethod
    def scale_binding(cls, index: int, entry: VerdictLabel) -> Binding:
        label = printable(entry.label, one_line=True)
        return Binding(entry.key, f"verdict({index})", label, id=f"verdict-{index + 1}",
                       group=VERDICTS)  # fmt: skip

    # -- navigating ----------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self.nav and self.nav.move(step):
            self.show_claim()
        else:
            self.notify("No more claims that way.", timeout=1.5)

    def action_unreviewed(self, step: int) -> None:
        if self.nav and self.nav.next_unreviewed(step):
            self.show_claim()
        else:
            self.notify("No unreviewed claim that way.", timeout=1.5)

    def action_cycle_filter(self) -> None:
        if self.nav:
            name = self.nav.cycle_filter()
            self.notify(f"Filter: {name} ({len(self.nav.visible)} claims)", timeout=1.5)
            self.show_claim()

    def action_go_to(self) -> None:
        def chosen(answer: str | None) -> None:
            if answer and self.nav:
                if self.nav.go_to_ordinal(int(answer)):
                    self.show_claim()
                else:
                    self.notify(f"There is no claim {answer} in this article.", severity="warning")

        self.app.push_screen(AskModal("Go to claim number", "e.g. 12", numbers=True), chosen)

    def action_toggle_others(self) -> None:
        self.show_others = not self.show_others
        self.notify(
            "Showing other reviewers' verdicts"
            if self.show_others
            else "Other reviewers' verdicts hidden (blind review)",
            timeout=1.5,
        )
        self.show_claim(refresh_matches=False)

    def action_toggle_article(self) -> None:
        """Show or hide the article window (hidden by default in the compact layout)."""
        self.toggle_class("show-article" if self.has_class("compact") else "hide-article")
        self._lay_out_column()

    def action_conflicts(self) -> None:
        self.workbench.open_conflicts(self.article_id)

    def action_switch_order(self) -> None:
        """Go through the claims in the other order (article, worthiness), staying on the
        claim on screen: the keys after this one move in the new order."""
        if self.nav is None:
            return
        self.order = "worthiness" if self.order == "article" else "article"
        self.nav.reorder(review_order(self.nav.claims, self.order))
        self.show_subtitle()
        by = "highest worthiness first" if self.order == "worthiness" else "as the article runs"
        self.notify(f"Review order: {self.order} ({by})", timeout=2)
        self.show_claim(refresh_matches=False)

    def action_read_article(self) -> None:
        """The whole article, the claim on screen lit; enter there comes back to the
        claim then lit."""
        if self.nav is None:
            return
        from .reading import ReadingScreen  # here: the first claim shows sooner without

        claim = self.claim
        self.app.push_screen(
            ReadingScreen(
                self.article_title,
                self.article_text,
                list(self.by_ordinal.values()),
                self.nav.states,
                claim.id if claim else None,
                self.workbench.config.scale,
                self._review_from_reading,
            )
        )

    def _review_from_reading(self, claim_id: str) -> None:
        if self.nav is not None and self.nav.go_to_claim(claim_id):
            self.show_claim()

    def _reading_view_changed(self) -> None:
        """Redraw the reading view over this screen, if open: a verdict given before it
        opened may be confirmed after."""
        from .reading import ReadingScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, ReadingScreen):
                screen.verdicts_changed()

    def action_overview(self) -> None:
        """Every unit of the article in a table, the cursor on the claim shown here."""
        from .overview import OverviewScreen  # here: the first claim shows sooner without

        claim = self.claim
        overview = OverviewScreen(
            self.article_id,
            at=claim.id if claim else None,
            show_others=self.show_others,
            checked=self.checked_before,
            leave=self._back_from_overview,
        )
        self.app.push_screen(overview)

    def _back_from_overview(self, claim_id: str | None, show_others: bool) -> None:
        """Show the unit chosen in the overview (if one was), with others' verdicts
        shown or hidden as they were set there."""
        shown_before, self.show_others = self.show_others, show_others
        if claim_id is not None and self.nav is not None and self.nav.go_to_claim(claim_id):
            self.show_claim()
        elif shown_before != show_others:
            self.show_claim(refresh_matches=False)

    def on_screen_resume(self) -> None:
        """Back from another screen (conflicts, say): show what changed meanwhile."""
        if self.nav is not None:
            self._data_version = -1
            self._poll_other_writers()

    # -- searching the sources ---------------------------------------------------------

    def action_search(self) -> None:
        if not self.has_sources:
            self.notify("No sources imported yet.", severity="warning")
            return

        def asked(query: str | None) -> None:
            if query:
                self.searching = query
                self.refresh_bindings()  # the footer offers to end the search
                self._render_passages([], Text(f"Searching for “{query}”…", style="italic"))
                self.run_search(query)

        self.app.push_screen(AskModal("Search the sources", "your own words"), asked)

    @work(
        thread=True,
        exclusive=True,
        group="search",
        exit_on_error=False,
        description="searching the sources",
    )
    def run_search(self, query: str) -> None:
        with self.workbench.worker_store() as store:
            found = matching.search_corpus(store, query, top=20, ranker=self.ranker)
        self.app.call_from_thread(self._search_ready, query, found)

    def _search_ready(self, query: str, found: list[Any]) -> None:
        if self.searching != query:
            return
        title = Text.assemble(
            ("Search ", "bold"),
            safe(f"“{query}”"),
            (f"  {passages_count(len(found))} · escape returns", "dim"),
        )
        self._render_passages(found, title, now=True)

    def action_end_search(self) -> None:
        self.searching = None
        self.refresh_bindings()  # and stops offering it
        claim = self.claim
        if claim is not None:
            self._show_passages_for(claim)

    def action_history(self) -> None:
        claim = self.claim
        if claim is not None:
            body = history_view(self.store.history(claim.id), self._passage_text)
            self.app.push_screen(MessageModal(f"History of claim {claim.ordinal}", body))

    def _passage_text(self, passage_id: str) -> tuple[str, str] | None:
        """A passage's source title and text, for the history (None: not here)."""
        try:
            passage = self.store.passage(passage_id)
            return self.store.source(passage.source_id).title, passage.text
        except StoreError:
            return None

    # -- recording -----------------------------------------------------------------------

    def _record(
        self,
        claim: ClaimBrief,
        action: Callable[[ReviewStore, str, str], Recorded],
        done: str,
        *,
        verdict: bool = False,
    ) -> None:
        """Queue one use case of ``reviewing`` on ``claim`` (the claim on screen when the
        key was pressed), and show the state it returns once it is saved."""
        reviewer = self.workbench.reviewer
        if self.nav is not None and verdict:
            self.nav.mark_reviewed(claim.id)

        def write(store: ReviewStore) -> ClaimState:
            return action(store, reviewer, claim.id).state

        def confirmed(state: ClaimState) -> None:
            self._state_saved(state)
            self.notify(printable(done), timeout=2, markup=False)

        def failed() -> None:  # not saved: show the claim as the database has it
            if self.nav is not None and self.is_attached:
                self.nav.set_state(self.store.claim_state(claim.id, reviewer))
                self._update_progress()
                self._reading_view_changed()

        self.workbench.write(write, confirmed, failed)

    def _state_saved(self, state: ClaimState) -> None:
        if self.nav is None or not self.is_attached:  # confirmed after the screen was left
            return
        self.nav.set_state(state)
        self._reading_view_changed()
        claim = self.claim
        if claim is not None and claim.id == state.claim_id:
            self.show_claim(refresh_matches=False)
        else:
            self._update_progress()

    def action_verdict(self, index: int) -> None:
        claim = self.claim
        if claim is None:
            return
        label = self.workbench.config.scale[index].label
        self._record(
            claim,
            lambda store, who, claim_id: give_verdict(store, who, claim_id, label),
            f"Saved: {label} on claim {claim.ordinal}",
            verdict=True,
        )

    def action_note(self) -> None:
        claim = self.claim
        if claim is None:
            return
        state = self.state(claim)

        def written(text: str | None) -> None:
            # ``claim`` is the one on screen when n was pressed, wherever the screen is now.
            if text is not None and text != ((state.note if state else None) or ""):
                self._record(
                    claim,
                    lambda store, who, claim_id: save_note(store, who, claim_id, text),
                    f"Note saved on claim {claim.ordinal}",
                )

        self.app.push_screen(NoteModal(state.note if state else None, claim.ordinal), written)

    def action_toggle_evidence(self) -> None:
        claim = self.claim
        self.passages.fill()  # the passages of the claim on screen, even before drawn
        passage = self.passages.highlighted_passage
        if claim is None or passage is None:
            self.notify("No passage highlighted.", severity="warning", timeout=1.5)
            return
        reviewer = self.workbench.reviewer

        def write(store: ReviewStore) -> tuple[ClaimState, str]:
            recorded, held = toggle_passage(store, reviewer, claim.id, passage)
            done = "added to" if held else "removed from"
            return recorded.state, f"Evidence {done} claim {claim.ordinal}"

        def confirmed(result: tuple[ClaimState, str]) -> None:
            state, done = result
            self._state_saved(state)
            self.notify(done, timeout=2, markup=False)

        self.workbench.write(write, confirmed)

    @on(PassageList.Selected)
    def _passage_chosen(self) -> None:
        self.action_toggle_evidence()

    def action_outside_evidence(self) -> None:
        claim = self.claim
        if claim is None:
            return

        def given(evidence: OutsideEvidence | None) -> None:
            if evidence is not None:
                outside = OutsideSource(evidence.url, evidence.quote)
                self._record(
                    claim,
                    lambda store, who, claim_id: add_evidence(store, who, claim_id, outside),
                    f"Outside evidence added to claim {claim.ordinal}",
                )

        self.app.push_screen(EvidenceModal(claim.ordinal), given)

    def action_reuse_checked(self) -> None:
        """Give the claim on screen the verdict it was checked with before, with the
        fact-check (or the earlier claim's article) as evidence: one action, one undo."""
        claim = self.claim
        if claim is None:
            return
        found = self.checked_before.get(claim.id)
        if found is None:
            self.notify("This claim was not checked before.", timeout=1.5)
            return
        labels = [entry.label for entry in self.workbench.config.scale]
        try:
            label = reuse_label(found, labels)
        except WorkbenchError as e:
            self.notify(printable(e.message), severity="warning", timeout=4, markup=False)
            return

        def reuse(store: ReviewStore, who: str, claim_id: str) -> Recorded:
            events = reuse_verdict(store, claim_id, who, found, labels)
            return Recorded(tuple(events), store.claim_state(claim_id, who))

        by = found.by or "an earlier review"
        self._record(
            claim, reuse, f"Saved: {label} on claim {claim.ordinal}, as checked by {by}",
            verdict=True,
        )  # fmt: skip

    def action_undo(self) -> None:
        """Take back your latest verdict, note or evidence on the claim on screen (never
        one out of sight, such as an adjudication, and never by moving the screen after
        the key)."""
        claim = self.claim
        if claim is None:
            return
        reviewer = self.workbench.reviewer

        def write(store: ReviewStore) -> tuple[tuple[Event, ...], ClaimState]:
            recorded = undo_latest(store, reviewer, claim.id, UndoScope.REVIEW)
            return recorded.events, recorded.state

        def undone(result: tuple[tuple[Event, ...], ClaimState]) -> None:
            cancelled, state = result
            if not cancelled:
                self.notify(f"Nothing to undo on claim {claim.ordinal}.", timeout=1.5)
                return
            self._state_saved(state)
            kinds = printable(", ".join(e.kind for e in cancelled), one_line=True)
            self.notify(f"Undid {kinds} on claim {claim.ordinal}", timeout=2.5, markup=False)

        self.workbench.write(write, undone)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "end_search":
            return self.searching is not None
        return True
