"""The review screen: one claim at a time, its evidence, and a verdict in one key.

Reads that take a frame or less (the article's claims and states, cached matches) run on
the main thread; matching runs in thread workers and never delays a key press; every
write goes to the app's writer thread and is confirmed on screen once committed.

Every key acts on the claim on screen when it was pressed: keys are handled in the order
typed (no binding here jumps the queue as a priority binding would), each action takes
its claim when its key is handled, and nothing but a key moves to another claim.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, OptionList, ProgressBar, Static

from review_db import Claim, ClaimBrief, ClaimState, Event, ReviewStore
from review_db.models import OutsideSource
from workbench.corpus import matching
from workbench.reviewing import (
    Recorded,
    add_evidence,
    give_verdict,
    save_note,
    toggle_passage,
    undo_latest,
)

from ..safe_text import printable
from .modals import AskModal, EvidenceModal, MessageModal, NoteModal, OutsideEvidence
from .navigation import Navigator, review_order
from .render import article_window, claim_view, history_view, safe
from .widgets import Panel, PassageList

if TYPE_CHECKING:
    from .app import WorkbenchApp

TOP_PASSAGES = 10
PREFETCH = 3
PREFETCH_AFTER = 0.4  # seconds without a key press before the next claims are matched

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
    Binding("question_mark", "help", "Help", id="help", key_display="?"),
    Binding("q", "back", "Back", id="back"),
]


class ReviewScreen(Screen[None]):
    """Step through an article's claims, see the evidence, give verdicts."""

    AUTO_FOCUS = "#claim-panel"

    def __init__(self, article_id: str) -> None:
        super().__init__()
        self.article_id = article_id
        self.nav: Navigator | None = None
        self.searching: str | None = None
        self.show_others = False
        self.others: dict[str, ClaimState] = {}
        self.has_sources = False
        self._data_version = 0
        self._shown_matches: dict[str, list[Any]] = {}
        self._passages_title: Text | None = None
        self._claims: dict[str, Claim] = {}
        self._prefetch_timer: Timer | None = None
        self._last_event = 0  # newest event rowid seen, for refreshing after other writers
        for i, entry in enumerate(self.workbench.config.scale):
            label = printable(entry.label, one_line=True)
            binding = Binding(
                entry.key, f"verdict({i})", label, id=f"verdict-{i + 1}", group=VERDICTS
            )
            self._bindings.key_to_bindings.setdefault(entry.key, []).append(binding)

    BINDINGS = BASE_BINDINGS

    @property
    def workbench(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    @property
    def store(self) -> ReviewStore:
        return self.workbench.store

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="review"):
            with Vertical(id="left"):
                with Panel(id="claim-panel"):
                    yield Static(id="claim")
                with Panel(id="article-panel"):
                    yield Static(id="context")
            with Vertical(id="right"):
                yield Static(id="passages-title")
                yield PassageList(id="passages")
        with Horizontal(id="status"):
            yield ProgressBar(id="progress", show_eta=False, show_percentage=True)
            yield Static(id="position")
        yield Footer()

    # -- loading -------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.load()
        self.set_interval(1.0, self._poll_other_writers)

    def load(self) -> None:
        """Read the article's claims and this reviewer's states (one query each)."""
        store = self.store
        article = store.article(self.article_id)
        self.article_text = article.text
        self.title = "workbench"
        self.sub_title = printable(
            f"{article.title} — reviewing as {self.workbench.reviewer}", one_line=True
        )
        claims = store.claim_briefs(article.id)
        self.by_ordinal = {c.ordinal: c for c in claims}
        states = store.states_for_article(article.id, self.workbench.reviewer)
        self.nav = Navigator(review_order(claims), {s.claim_id: s for s in states})
        self.has_sources = store.count_sources() > 0
        self._data_version = store.data_version()
        self._last_event = store.claims_changed_since(0, article.id)[1]
        # The claims live as long as the screen: moving them out of the collector's way
        # keeps full collections (40 ms with 10,000 claims, measured) off key presses.
        gc.freeze()
        self.show_claim()

    def _poll_other_writers(self) -> None:
        """Another reviewer (or process) committed: refresh the claims it touched."""
        version = self.store.data_version()
        if version == self._data_version or self.nav is None:
            return
        self._data_version = version
        changed, self._last_event = self.store.claims_changed_since(
            self._last_event, self.article_id
        )
        for claim_id in changed:
            self.nav.set_state(self.store.claim_state(claim_id, self.workbench.reviewer))
        sources = self.store.count_sources() > 0
        claim = self.claim
        if changed or sources != self.has_sources:
            self.has_sources = sources
            self.show_claim(
                refresh_matches=claim is not None and claim.id not in self._shown_matches
            )

    # -- showing -------------------------------------------------------------------------

    @property
    def claim(self) -> ClaimBrief | None:
        return self.nav.current if self.nav else None

    def _details(self, claim_id: str) -> Claim:
        """The whole claim, signals decoded, read when it is shown (and kept)."""
        found = self._claims.get(claim_id)
        if found is None:
            found = self._claims[claim_id] = self.store.claim(claim_id)
        return found

    def state(self, claim: ClaimBrief) -> ClaimState | None:
        return self.nav.states.get(claim.id) if self.nav else None

    def show_claim(self, *, refresh_matches: bool = True) -> None:
        nav = self.nav
        claim = self.claim
        if nav is None or claim is None:
            self.query_one("#claim", Static).update(
                Text(
                    f"No claims match the filter “{nav.filter if nav else 'all'}”. "
                    "Press f to change it.",
                    style="italic",
                )
            )
            self.query_one("#context", Static).update("")
            self.query_one(PassageList).show([], set())
            self._update_progress()
            return
        everyone = self.store.claim_states(claim.id)
        others = {k: v for k, v in everyone.items() if k != self.workbench.reviewer}
        hidden = sum(1 for s in others.values() if s.verdict)
        mine = self.state(claim)
        # Blind review: other verdicts stay hidden until this reviewer gives their own.
        visible = others if self.show_others else {}
        self.query_one("#claim", Static).update(
            claim_view(
                self._details(claim.id),
                nav.position + 1,
                len(nav.visible),
                mine,
                visible,
                0 if self.show_others else hidden,
                self.workbench.config,
            )
        )
        self.query_one("#context", Static).update(
            article_window(self.article_text, self.by_ordinal, claim)
        )
        panel = self.query_one("#claim-panel", Panel)
        if panel.scroll_y:
            panel.scroll_home(animate=False)
        self._update_progress()
        if refresh_matches and self.searching is None:
            self._show_passages_for(claim)
        elif self.searching is None:
            self._render_passages(self._shown_matches.get(claim.id, []), self._passages_title)

    def _update_progress(self) -> None:
        nav = self.nav
        if nav is None:
            return
        bar = self.query_one(ProgressBar)
        total, done = max(len(nav.claims), 1), nav.reviewed_count
        if (bar.total, bar.progress) != (total, done):
            bar.update(total=total, progress=done)
        where = f"{nav.position + 1} of {len(nav.visible)}" if nav.visible else "none"
        self.query_one("#position", Static).update(
            Text.assemble(
                ("reviewed ", "dim"),
                (f"{nav.reviewed_count}/{len(nav.claims)}", "bold"),
                ("  ·  claim ", "dim"),
                (where, "bold"),
                ("  ·  filter ", "dim"),
                (nav.filter, "bold"),
            )
        )

    def _chosen_passages(self) -> set[str]:
        claim = self.claim
        state = self.state(claim) if claim else None
        return set(state.passage_ids()) if state else set()

    def _render_passages(self, matches: list[Any], title: Text | None = None) -> None:
        self.query_one(PassageList).show(matches, self._chosen_passages())
        if title is None and not matches:
            title = Text("No matching passages in the sources.", style="italic")
        elif title is None:
            title = Text.assemble(("Sources", "bold"), (f"  {_passages(len(matches))}", "dim"))
        self._passages_title = title
        self.query_one("#passages-title", Static).update(title)

    def _show_passages_for(self, claim: ClaimBrief) -> None:
        if not self.has_sources:
            self._render_passages(
                [],
                Text(
                    "No sources imported yet: add some with `workbench add sources PATH`",
                    style="italic",
                ),
            )
            return
        cached = self._shown_matches.get(claim.id)
        if cached is None:
            cached = matching.cached_matches(self.store, claim.text, top=TOP_PASSAGES)
        if cached is not None:
            self._shown_matches[claim.id] = cached
            self._render_passages(cached)
        else:
            self._render_passages([], Text("Finding passages…", style="italic"))
            self.fetch_matches(claim)
        # Prefetch once the reviewer pauses: matching while keys are held down would
        # compete with the screen for the interpreter.
        if self._prefetch_timer is not None:
            self._prefetch_timer.stop()
        self._prefetch_timer = self.set_timer(PREFETCH_AFTER, self.prefetch)

    @work(
        thread=True,
        exclusive=True,
        group="match",
        exit_on_error=False,
        description="matching the claim against the sources",
    )
    def fetch_matches(self, claim: ClaimBrief) -> None:
        found = matching.find_matches(self.workbench.thread_store(), claim.text, top=TOP_PASSAGES)
        self.app.call_from_thread(self._matches_ready, claim.id, found)

    def _matches_ready(self, claim_id: str, found: list[Any]) -> None:
        self._shown_matches[claim_id] = found
        claim = self.claim
        if claim is not None and claim.id == claim_id and self.searching is None:
            self._render_passages(found)

    @work(
        thread=True,
        exclusive=True,
        group="prefetch",
        exit_on_error=False,
        description="matching the next claims ahead of time",
    )
    def prefetch(self) -> None:
        if self.nav is None:
            return
        store = self.workbench.thread_store()
        for claim in self.nav.neighbours(PREFETCH):
            if claim.id in self._shown_matches:
                continue
            found = matching.find_matches(store, claim.text, top=TOP_PASSAGES)
            self.app.call_from_thread(self._shown_matches.__setitem__, claim.id, found)

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

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_help(self) -> None:
        self.app.push_screen(MessageModal("Keys", self.workbench.help_text(self)))

    def action_toggle_others(self) -> None:
        self.show_others = not self.show_others
        self.notify(
            "Showing other reviewers' verdicts"
            if self.show_others
            else "Other reviewers' verdicts hidden (blind review)",
            timeout=1.5,
        )
        self.show_claim(refresh_matches=False)

    def action_conflicts(self) -> None:
        from .conflicts_screen import ConflictsScreen

        self.app.push_screen(ConflictsScreen(self.article_id))

    def on_screen_resume(self) -> None:
        """Back from another screen (conflicts, say): show what changed meanwhile."""
        if self.nav is not None:
            self._data_version = -1
            self._poll_other_writers()

    def action_history(self) -> None:
        claim = self.claim
        if claim is not None:
            body = history_view(self.store.history(claim.id))
            self.app.push_screen(MessageModal(f"History of claim {claim.ordinal}", body))

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

        self.workbench.write(write, confirmed, failed)

    def _state_saved(self, state: ClaimState) -> None:
        if self.nav is None or not self.is_attached:  # confirmed after the screen was left
            return
        self.nav.set_state(state)
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
        passage = self.query_one(PassageList).highlighted_passage
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

    @on(OptionList.OptionSelected, "#passages")
    def _passage_clicked(self) -> None:
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

    def action_undo(self) -> None:
        """Take back your latest action on the claim on screen (never one out of sight,
        and never by moving the screen after the key)."""
        claim = self.claim
        if claim is None:
            return
        reviewer = self.workbench.reviewer

        def write(store: ReviewStore) -> tuple[tuple[Event, ...], ClaimState]:
            recorded = undo_latest(store, reviewer, claim.id)
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

    # -- searching -----------------------------------------------------------------------

    def action_search(self) -> None:
        if not self.has_sources:
            self.notify("No sources imported yet.", severity="warning")
            return

        def asked(query: str | None) -> None:
            if query:
                self.searching = query
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
        found = matching.search_corpus(self.workbench.thread_store(), query, top=20)
        self.app.call_from_thread(self._search_ready, query, found)

    def _search_ready(self, query: str, found: list[Any]) -> None:
        if self.searching != query:
            return
        title = Text.assemble(
            ("Search ", "bold"),
            safe(f"“{query}”"),
            (f"  {_passages(len(found))} · escape returns", "dim"),
        )
        self._render_passages(found, title)

    def action_end_search(self) -> None:
        self.searching = None
        claim = self.claim
        if claim is not None:
            self._show_passages_for(claim)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "end_search":
            return self.searching is not None
        return True


def _passages(count: int) -> str:
    return f"{count} passage" if count == 1 else f"{count} passages"
