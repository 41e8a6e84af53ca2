"""ReviewStore: one review database opened, with its parts, behind the API callers use.

The work is done by the parts, each owning one kind of data: :class:`Connection`
(opening, migration, meta, the write path), :class:`ArticleCatalog` (articles and
claims), :class:`ReviewLog` (events and what is derived from them) and :class:`Corpus`
(sources, passages, search, the match cache), :class:`FactCheckLibrary` (published
fact-checks, and finding earlier reviewed claims).  This facade opens them on one
connection and offers their methods under the names callers have always used.

A store object belongs to one thread (sqlite3's default); a program with several threads
opens one store per thread, which WAL mode and the busy timeout make safe.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager

from .articles import ArticleCatalog
from .connection import Connection, canonical_json, utc_timestamp
from .corpus import Corpus
from .factchecks import FactCheckLibrary
from .log import ReviewLog
from .models import ClaimState, HistoryEntry
from .schema import MIGRATION_SET, SCHEMA_VERSION


class ReviewStore:
    """A review database opened for reading and writing (or reading only).

    Args:
        path: the database file.
        create: create the database if the file does not exist (only ``add`` and
            ``merge`` do this); otherwise a missing file is a ``NoDatabaseError``.
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = False) -> None:
        self.connection = Connection(path, create=create)
        self.catalog = ArticleCatalog(self.connection)
        self.log = ReviewLog(self.connection)
        self.corpus = Corpus(self.connection)
        self.factchecks = FactCheckLibrary(self.connection)
        connection, catalog, log, corpus = self.connection, self.catalog, self.log, self.corpus
        self.path = connection.path
        self.readonly = connection.readonly
        self.upgraded_from = connection.upgraded_from
        self.backup_path = connection.backup_path
        self.conn = connection.conn
        self.query = connection.query
        self.write: Callable[[], AbstractContextManager[None]] = connection.write
        self.meta = connection.meta
        self.set_meta = connection.set_meta
        self.data_version = connection.data_version
        self.close = connection.close
        # articles and claims
        self.resolve_claim_id = catalog.resolve_claim_id
        self.resolve_article_id = catalog.resolve_article_id
        self.add_article = catalog.add_article
        self.articles_needing_resplit = catalog.articles_needing_resplit
        self.replace_claims = catalog.replace_claims
        self.article = catalog.article
        self.articles = catalog.articles
        self.claims = catalog.claims
        self.claim_briefs = catalog.claim_briefs
        self.claim = catalog.claim
        self.flagged_counts = catalog.flagged_counts
        self.claims_with_ids = catalog.claims_with_ids
        self.claims_with_id_prefix = catalog.claims_with_id_prefix
        self.claims_numbered = catalog.claims_numbered
        self.article_ids = catalog.article_ids
        # the review log
        self.record_event = log.record_event
        self.record_events = log.record_events
        self.record_actions = log.record_actions
        self.undo = log.undo
        self.progress = log.progress
        self.conflicts = log.conflicts
        self.claims_judged_differently = log.claims_judged_differently
        self.verdicts_by_article = log.verdicts_by_article
        self.adjudications = log.adjudications
        self.claims_changed_since = log.claims_changed_since
        self.evidence_choices = log.evidence_choices
        # the corpus
        self.resolve_passage_id = corpus.resolve_passage_id
        self.count_sources = corpus.count_sources
        self.source = corpus.source
        self.sources = corpus.sources
        self.passage = corpus.passage
        self.passages = corpus.passages
        self.passage_count = corpus.passage_count
        self.add_sources = corpus.add_sources
        self.passage_term_counts = corpus.passage_term_counts
        self.search_passages = corpus.search_passages
        self.corpus_version = corpus.corpus_version
        self.cached_matches = corpus.cached_matches
        self.save_matches = corpus.save_matches

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The schema version the file records."""
        return self.connection.schema_version

    # -- the shapes of state and history callers read ----------------------------------

    def claim_states(self, claim_id: str) -> dict[str, ClaimState]:
        """Each reviewer's current state of a claim, by reviewer name."""
        return {s.reviewer: s for s in self.log.states(claim=claim_id)}

    def claim_state(self, claim_id: str, reviewer: str) -> ClaimState:
        """One reviewer's current state of a claim (all empty if they never touched it)."""
        found = self.log.states(claim=claim_id, reviewer=reviewer)
        return found[0] if found else ClaimState(claim_id, reviewer, None, None, None, ())

    def states_for_article(self, article_id: str, reviewer: str | None = None) -> list[ClaimState]:
        """Current states of an article's claims (one reviewer's, or everyone's)."""
        return self.log.states(article=article_id, reviewer=reviewer)

    def article_claim_states(
        self, article_id: str | None = None
    ) -> dict[str, dict[str, ClaimState]]:
        """``{claim_id: {reviewer: state}}`` for an article (or every article)."""
        states: dict[str, dict[str, ClaimState]] = {}
        for state in self.log.states(article=article_id):
            states.setdefault(state.claim_id, {})[state.reviewer] = state
        return states

    def states_of_claims(self, claim_ids: Sequence[str]) -> dict[str, dict[str, ClaimState]]:
        """``{claim_id: {reviewer: state}}`` for these claims (one query, however many)."""
        states: dict[str, dict[str, ClaimState]] = {}
        for state in self.log.states(claims=claim_ids):
            states.setdefault(state.claim_id, {})[state.reviewer] = state
        return states

    def current_verdicts(self, article_id: str | None = None) -> dict[str, dict[str, str]]:
        """Each claim's current verdict per reviewer: ``{claim_id: {reviewer: label}}``."""
        verdicts: dict[str, dict[str, str]] = {}
        for state in self.log.states(article=article_id):
            if state.verdict is not None:
                verdicts.setdefault(state.claim_id, {})[state.reviewer] = state.verdict
        return verdicts

    def history(self, claim_id: str) -> list[HistoryEntry]:
        """Every event on a claim, oldest first, each with the undo that cancels it."""
        return self.log.history(claim=claim_id).get(claim_id, [])

    def article_history(self, article_id: str | None = None) -> dict[str, list[HistoryEntry]]:
        """Every event on each claim of an article (or of all), oldest first, with its undo."""
        return self.log.history(article=article_id)


__all__ = ["ReviewStore", "SCHEMA_VERSION", "MIGRATION_SET", "canonical_json", "utc_timestamp"]
