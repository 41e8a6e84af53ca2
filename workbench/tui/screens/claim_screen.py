"""The claim on screen: the article's claims and this reviewer's states, the claim shown
with its flags and verdicts, the article around it, and the passages that may bear on it.

The article's claims and every reviewer's states are read once, when the screen opens
(and what other writers change, once a second).  Moving to a claim then reads nothing:
once a claim is on screen, a worker reads what it and the next claims need (the whole
claim, its cached passages, "checked before?") and wraps their boxes and passages for
the claim column and the passage list; a claim the read-ahead has not reached (a jump)
is read on the spot, in under a millisecond.  A claim never matched is matched in a
worker as soon as it is shown; matching the next claims waits for a pause.  Each worker
run has a connection of its own.  The review screen adds the keys and the search
(``review``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import Any

from rich.console import RenderableType
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Header, ProgressBar, Static
from textual.worker import get_current_worker

from review_db import Claim, ClaimBrief, ClaimState
from workbench.claims.review_order import ReviewOrder
from workbench.corpus import matching
from workbench.factchecks.checked import CheckedMatch

from ...safe_text import printable
from ..claim_column import ClaimColumn
from ..key_footer import KeyFooter
from ..navigation import Navigator, review_order
from ..passage_list import PassageList
from ..read_ahead import TOP_PASSAGES, ClaimRead, Wanted, read_claims
from ..render import (
    ClaimHead,
    ClaimKey,
    article_window,
    claim_box_view,
    claim_head,
    progress_line,
)
from .base import BaseScreen

PREFETCH = 3
PREFETCH_AFTER = 0.4  # seconds without a key press before the next claims are matched
# Claims read ahead in one worker run, started when the claim on screen or one of the
# next READ_AGAIN has not been read: one run every few claims, not one per key.
READ_AHEAD = 8
READ_AGAIN = 2
# Claims shown less than SKIMMING seconds apart come from a key held down (key repeat
# sends 25-40 a second; taps come further apart): passages not wrapped ahead wait until
# no new claim has come for SKIM_PAUSE seconds, so the claims keep up with the key.
SKIMMING = 0.08
SKIM_PAUSE = 0.1


class ClaimScreen(BaseScreen):
    """One claim of an article at a time, with its context and passages."""

    AUTO_FOCUS = "#claim-column"

    def __init__(
        self, article_id: str, *, claim_id: str | None = None, show_others: bool = False
    ) -> None:
        super().__init__()
        self.article_id = article_id
        self.start_claim = claim_id  # shown first instead of the first in review order
        self.nav: Navigator | None = None
        self.order: ReviewOrder = "article"  # the config's, once loaded; O switches it
        self.searching: str | None = None
        self.show_others = show_others
        self.has_sources = False
        self._data_version = 0
        self._shown_matches: dict[str, list[Any]] = {}
        # The best earlier check of each claim looked up ("checked before?"), or None.
        self.checked_before: dict[str, CheckedMatch | None] = {}
        self._passages_title: Text | None = None
        self._claims: dict[str, Claim] = {}
        self._others: dict[str, dict[str, ClaimState]] = {}  # other reviewers' states
        self._not_cached: set[str] = set()  # claims whose matches were never computed
        self._matching: str | None = None  # the claim on screen being matched, if any
        self._moved_at = 0.0  # when the last claim was shown (time.monotonic())
        self._skimming = False  # it came less than SKIMMING after the one before
        self._prefetch_timer: Timer | None = None
        self._last_event = 0  # newest event rowid seen, for refreshing after other writers
        self._boxed: set[str] = set()  # claims whose boxes the read-ahead wrapped
        self._claim_moved: str | None = None  # the claim shown last (a move is to another)
        # Kept, not queried: the read-ahead worker wraps text into them from its thread.
        self.column = ClaimColumn(id="claim-column")
        self.passages = PassageList(id="passages")

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="review"):
            yield self.column
            with Vertical(id="right"):
                yield Static(id="passages-title")
                yield self.passages
        with Horizontal(id="status"):
            yield ProgressBar(id="progress", show_eta=False, show_percentage=True)
            yield Static(id="position")
        yield KeyFooter()

    # -- loading -------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.load()
        self.set_interval(1.0, self._poll_other_writers)

    def load(self) -> None:
        """Read the article's claims and every reviewer's states (one query each)."""
        store = self.store
        article = store.article(self.article_id)
        self.article_text = article.text
        self.article_title = article.title
        self.title = "workbench"
        self.order = self.workbench.config.review.order
        self.show_subtitle()
        claims = store.claim_briefs(article.id)
        self.by_ordinal = {c.ordinal: c for c in claims}
        mine: dict[str, ClaimState] = {}
        for state in store.states_for_article(article.id):  # every reviewer's, at once
            self._set_state(state, mine)
        self.nav = Navigator(review_order(claims, self.order), mine)
        if self.start_claim is not None:
            self.nav.go_to_claim(self.start_claim)
        self.has_sources = store.count_sources() > 0
        self._data_version = store.data_version()
        self._last_event = store.claims_changed_since(0, article.id)[1]
        self.show_claim()

    def show_subtitle(self) -> None:
        """The review order first (a long title is cut from the end), then the article
        and the reviewer."""
        self.sub_title = printable(
            f"{self.order} order — {self.article_title} — reviewing as {self.workbench.reviewer}",
            one_line=True,
        )

    def _poll_other_writers(self) -> None:
        """Another reviewer (or process) committed: refresh the claims it touched."""
        version = self.store.data_version()
        if version == self._data_version or self.nav is None:
            return
        self._data_version = version
        changed, self._last_event = self.store.claims_changed_since(
            self._last_event, self.article_id
        )
        reviewer = self.workbench.reviewer
        for claim_id in changed:
            self._others.pop(claim_id, None)
            states = self.store.claim_states(claim_id)
            for state in states.values():
                self._set_state(state)
            if reviewer not in states:
                self.nav.set_state(ClaimState(claim_id, reviewer, None, None, None, ()))
        sources = self.store.count_sources() > 0
        claim = self.claim
        if changed or sources != self.has_sources:
            self.has_sources = sources
            self.show_claim(
                refresh_matches=claim is not None and claim.id not in self._shown_matches
            )

    def _set_state(self, state: ClaimState, mine: dict[str, ClaimState] | None = None) -> None:
        """Keep a state read from the database: this reviewer's in ``mine`` (or the
        navigator), another reviewer's with the claim's others."""
        if state.reviewer != self.workbench.reviewer:
            self._others.setdefault(state.claim_id, {})[state.reviewer] = state
        elif mine is not None:
            mine[state.claim_id] = state
        elif self.nav is not None:
            self.nav.set_state(state)

    # -- showing -------------------------------------------------------------------------

    @property
    def ranker(self) -> str:
        """``matching.ranker`` from the config: passages and "/" search rank as ``match``
        does."""
        return self.workbench.config.matching.ranker

    @property
    def claim(self) -> ClaimBrief | None:
        return self.nav.current if self.nav else None

    def _details(self, claim_id: str) -> Claim:
        """The whole claim, signals decoded: read ahead, else read now (and kept)."""
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
            self._claim_moved = None
            message = (
                f"No claims match the filter “{nav.filter if nav else 'all'}”. "
                "Press f to change it."
            )
            self.column.show(
                (("none", message), lambda: Text(message, style="italic")), (("none",), Text)
            )
            self.passages.show([], set())
            self._update_progress()
            return
        if self._claim_moved != claim.id:  # another claim: a move, not a refresh
            self._claim_moved = claim.id
            moved, self._moved_at = self._moved_at, time.monotonic()
            self._skimming = self._moved_at - moved < SKIMMING
        self._show_claim_box(claim)
        self._update_progress()
        if refresh_matches and self.searching is None:
            self._show_passages_for(claim)
        elif self.searching is None:
            self._render_passages(self._shown_matches.get(claim.id, []), self._passages_title)
        self.call_after_refresh(self._after_frame, claim)

    def _claim_head(self, claim: ClaimBrief, position: int) -> ClaimHead:
        assert self.nav is not None
        return claim_head(
            claim.id, position, len(self.nav.visible), self.state(claim),
            self._others.get(claim.id, {}), show_others=self.show_others,
        )  # fmt: skip

    def _claim_box(
        self, key: ClaimKey, details: Callable[[], Claim]
    ) -> Callable[[], RenderableType]:
        """What draws the claim's box for ``key``."""
        return lambda: claim_box_view(key, details(), self.workbench.config)

    def _article_box(self, claim: ClaimBrief) -> Callable[[], Text]:
        return lambda: article_window(self.article_text, self.by_ordinal, claim)

    def _show_claim_box(self, claim: ClaimBrief) -> None:
        """Show ``claim`` (the claim on screen) in the column, with the article around it."""
        assert self.nav is not None
        key = (self._claim_head(claim, self.nav.position + 1), self.checked_before.get(claim.id))
        self.column.show(
            (key, self._claim_box(key, lambda: self._details(claim.id))),
            (claim.id, self._article_box(claim)),
        )

    def _fit(self, width: int, height: int) -> None:
        super()._fit(width, height)
        self._lay_out_column()

    def _lay_out_column(self) -> None:
        """The column's boxes for the layout: the article window shows in the compact
        layout only on request (``w``), in the wide one unless hidden."""
        compact = self.has_class("compact")
        shown = self.has_class("show-article") if compact else not self.has_class("hide-article")
        self.column.set_layout(show_article=shown, compact=compact)

    def _update_progress(self) -> None:
        nav = self.nav
        if nav is None:
            return
        bar = self.query_one(ProgressBar)
        counts = nav.progress
        total, done = max(counts.total, 1), counts.reviewed
        if (bar.total, bar.progress) != (total, done):
            bar.update(total=total, progress=done)
        where = f"{nav.position + 1} of {len(nav.visible)}" if nav.visible else "none"
        line = progress_line(counts.reviewed, counts.total, where, nav.filter)
        position = self.query_one("#position", Static)
        if position.content != line:
            # One row whatever it says (workbench.tcss): no layout needed.
            position.update(line, layout=False)

    def _chosen_passages(self, claim: ClaimBrief | None = None) -> set[str]:
        """The passages this reviewer chose as evidence for ``claim`` (default: the claim
        on screen)."""
        claim = claim or self.claim
        state = self.state(claim) if claim else None
        return set(state.passage_ids()) if state else set()

    def _render_passages(
        self, matches: list[Any], title: Text | None = None, *, now: bool = False
    ) -> None:
        """Show passages under ``title``: with the claim if wrapped ahead, else from the
        next frame on, unless ``now`` (passages that arrive for the claim already on
        screen have no frame to wait for)."""
        min_score = self.workbench.config.matching.min_score
        wait = SKIM_PAUSE if self._skimming and not now else None
        self.passages.show(matches, self._chosen_passages(), min_score, wait=wait)
        if now:
            self.passages.fill()
        if title is None and not matches:
            title = Text("No matching passages in the sources.", style="italic")
        elif title is None:
            title = Text.assemble(("Sources", "bold"), (f"  {passages_count(len(matches))}", "dim"))
        self._passages_title = title
        shown = self.query_one("#passages-title", Static)
        if shown.content != title:  # mostly "Sources  10 passages", claim after claim
            shown.update(title)

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
        if cached is None and claim.id not in self._not_cached:  # not read ahead yet
            cached = matching.cached_matches(
                self.store, claim.text, top=TOP_PASSAGES, ranker=self.ranker
            )
            if cached is None:
                self._not_cached.add(claim.id)
            else:
                self._shown_matches[claim.id] = cached
        if cached is not None:
            self._render_passages(cached)
        else:
            self._render_passages([], Text("Finding passages…", style="italic"))
            self._matching = claim.id
            self.match_claim(claim)
        # Prefetch once the reviewer pauses: matching while keys are held down would
        # compete with the screen for the interpreter.
        if self._prefetch_timer is not None:
            self._prefetch_timer.stop()
        self._prefetch_timer = self.set_timer(PREFETCH_AFTER, self.prefetch)

    # -- checked before? -------------------------------------------------------------------

    def _checked_ready(self, claim_id: str, found: CheckedMatch | None) -> None:
        self.checked_before[claim_id] = found
        claim = self.claim
        if claim is not None and claim.id == claim_id and self.is_attached:
            self._show_claim_box(claim)

    # -- reading ahead ---------------------------------------------------------------------

    def _after_frame(self, claim: ClaimBrief) -> None:
        """``claim`` has been painted: if it is still on screen (not passed over in a burst
        of keys), read what it and the next claims lack, in a worker."""
        nav = self.nav
        if nav is None or self.claim != claim or not self.is_attached:
            return
        if self._matching == claim.id:
            # Its passages are being matched; reading ahead now would compete with
            # drawing them for the interpreter: it follows once they are painted.
            return
        ahead = nav.neighbours(READ_AHEAD)
        wanted = [w for c in [claim, *ahead] if (w := self._wanted(c)) is not None]
        if wanted and wanted[0].claim.id in {c.id for c in [claim, *ahead[:READ_AGAIN]]}:
            heads = {
                c.id: self._claim_head(c, nav.position + 1 + offset)
                for offset, c in enumerate([claim, *ahead])
            }
            self.read_ahead(wanted, heads)

    def _wanted(self, claim: ClaimBrief) -> Wanted | None:
        """What the screen still lacks of ``claim`` (None: nothing, its boxes wrapped)."""
        matches = self.has_sources and claim.id not in self._shown_matches
        wanted = Wanted(
            claim,
            details=claim.id not in self._claims,
            matches=matches and claim.id not in self._not_cached,
            checked=claim.id not in self.checked_before,
        )
        lacks = wanted.details or wanted.matches or wanted.checked
        return wanted if lacks or claim.id not in self._boxed else None

    @work(
        thread=True,
        exclusive=True,  # a newer claim on screen makes the older reading pointless
        group="read-ahead",
        exit_on_error=False,
        description="reading the claims ahead",
    )
    def read_ahead(self, wanted: list[Wanted], heads: dict[str, ClaimHead]) -> None:
        """Read what each claim lacks, the claim on screen first, and wrap its boxes and
        passages (``heads``: what its box shows, as the screen had it); each claim's
        values are kept (and shown, for the claim on screen) as they come."""
        worker = get_current_worker()
        by_id = {w.claim.id: w.claim for w in wanted}
        with self.workbench.worker_store() as store:
            for read in read_claims(store, wanted, self.ranker):
                if worker.is_cancelled:
                    return
                claim = by_id[read.claim_id]
                if read.matches:
                    self._prepare(claim, read.matches)
                details = read.details or self._claims.get(claim.id)
                if details is not None:
                    checked = read.checked if read.checked_read else None
                    key = (heads[claim.id], checked or self.checked_before.get(claim.id))
                    draw = partial(claim_box_view, key, details, self.workbench.config)
                    self.column.prepare("claim", key, draw)
                    self.column.prepare("article", claim.id, self._article_box(claim))
                self.app.call_from_thread(self._claim_read, read)

    def _prepare(self, claim: ClaimBrief, matches: list[Any]) -> None:
        """Wrap ``claim``'s passages ahead, in the worker that read them: showing the
        claim then draws them with it."""
        min_score = self.workbench.config.matching.min_score
        self.passages.prepare(matches, self._chosen_passages(claim), min_score)

    def _claim_read(self, read: ClaimRead) -> None:
        self._boxed.add(read.claim_id)
        if read.details is not None:
            self._claims.setdefault(read.claim_id, read.details)
        if read.matches is not None:
            self._shown_matches.setdefault(read.claim_id, read.matches)
        elif read.matches_read:
            self._not_cached.add(read.claim_id)
        if read.checked_read:
            self._checked_ready(read.claim_id, read.checked)

    @work(
        thread=True,
        exclusive=True,
        group="match",
        exit_on_error=False,
        description="matching the claim against the sources",
    )
    def match_claim(self, claim: ClaimBrief) -> None:
        """Match the claim on screen (never matched before); the rest it lacks is read
        once its passages are painted (``_after_frame``)."""
        with self.workbench.worker_store() as store:
            found = matching.find_matches(store, claim.text, top=TOP_PASSAGES, ranker=self.ranker)
        self.app.call_from_thread(self._matches_ready, claim.id, found)

    def _matches_ready(self, claim_id: str, found: list[Any]) -> None:
        self._shown_matches[claim_id] = found
        self._not_cached.discard(claim_id)
        if self._matching == claim_id:
            self._matching = None
        claim = self.claim
        if claim is not None and claim.id == claim_id and self.searching is None:
            self._render_passages(found, now=True)
            self.call_after_refresh(self._after_frame, claim)

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
        with self.workbench.worker_store() as store:
            for claim in self.nav.neighbours(PREFETCH):
                if claim.id in self._shown_matches:
                    continue
                found = matching.find_matches(
                    store, claim.text, top=TOP_PASSAGES, ranker=self.ranker
                )
                self._prepare(claim, found)
                self.app.call_from_thread(self._matches_ready, claim.id, found)


def passages_count(count: int) -> str:
    """'1 passage', '2 passages'."""
    return f"{count} passage" if count == 1 else f"{count} passages"
