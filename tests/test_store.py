"""ReviewStore: round trips, the event log, state derived from it, undo, history."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from review_db import (
    InvalidEventError,
    NewClaim,
    NotFoundError,
    ReviewStore,
)
from review_db import ids as id_rules
from review_db.models import OutsideSource

from .conftest import SHORT_ARTICLE, add_text


def test_article_and_claims_round_trip(store: ReviewStore) -> None:
    text = "First claim here. Second one."
    claims = [
        NewClaim("First claim here.", 0, 17, "claim", 0.5, {"reasons": ["x"]}),
        NewClaim("Second one.", 18, 29),
    ]
    added = store.add_article(
        text,
        title="T",
        claims=claims,
        segmenter="s1",
        origin="a.txt",
        url="https://example.org/a",
        published="2026-03-10",
    )
    assert added.created and added.claims == 2
    article = store.article(added.article.id[:6])
    assert article.text == text and article.url == "https://example.org/a"
    assert article.published == "2026-03-10" and article.segmenter == "s1"
    stored = store.claims(article.id)
    assert [c.text for c in stored] == ["First claim here.", "Second one."]
    assert [c.ordinal for c in stored] == [1, 2]
    assert stored[0].signals == {"reasons": ["x"]} and stored[0].worthiness == 0.5
    assert all(text[c.start : c.end] == c.text for c in stored)
    assert store.meta()["segmenter"] == "s1"


def test_ids_are_content_derived(store: ReviewStore, tmp_path: Path) -> None:
    first = add_text(store)
    with ReviewStore(tmp_path / "other.db", create=True) as other:
        assert add_text(other) == first
    article = store.articles()[0]
    assert article.id == id_rules.article_id(SHORT_ARTICLE)


def test_same_article_twice_is_a_no_op(store: ReviewStore) -> None:
    add_text(store)
    again = store.add_article(SHORT_ARTICLE, title="Other", claims=[], segmenter="x")
    assert not again.created and again.claims == 3
    assert len(store.articles()) == 1 and again.article.title == "Test"


def test_claim_offsets_must_slice_the_text(store: ReviewStore) -> None:
    with pytest.raises(ValueError):
        store.add_article("abc def", title="T", claims=[NewClaim("abd", 0, 3)], segmenter="s")
    assert store.articles() == []  # the failed import left nothing behind


def test_prefixes_resolve_and_complain(store: ReviewStore, claim_ids: list[str]) -> None:
    assert store.claim(claim_ids[0][:5]).id == claim_ids[0]
    assert store.claim(claim_ids[0]).id == claim_ids[0]
    with pytest.raises(NotFoundError, match="no claim with id 'zzzz'"):
        store.claim("zzzz")
    with pytest.raises(NotFoundError, match="too short: give at least 4 characters"):
        store.claim("")
    # One character is never a prefix, even when only one id starts with it.
    with pytest.raises(NotFoundError, match=f"claim id '{claim_ids[0][0]}' is too short"):
        store.claim(claim_ids[0][0])


def test_verdict_note_and_evidence_derive_state(store: ReviewStore, claim_ids: list[str]) -> None:
    c = claim_ids[0]
    store.record_events("ann", [(c, "verdict", {"label": "True"}), (c, "note", {"text": "ok"})])
    store.record_event(c, "ann", "evidence-add", {"url": "https://x.org", "quote": "q"})
    store.record_event(c, "bob", "verdict", {"label": "False"})
    state = store.claim_state(c, "ann")
    assert state.verdict == "True" and state.note == "ok"
    assert state.evidence == (OutsideSource("https://x.org", "q"),)
    assert store.claim_state(c, "bob").verdict == "False"
    assert store.claim_state(c, "carol").verdict is None
    store.record_event(c, "ann", "verdict", {"label": "Mixed"})
    store.record_event(c, "ann", "evidence-remove", {"url": "https://x.org", "quote": "q"})
    state = store.claim_state(c, "ann")
    assert state.verdict == "Mixed" and state.evidence == () and state.note == "ok"
    assert set(store.claim_states(c)) == {"ann", "bob"}


def test_undo_cancels_the_latest_action_whole(store: ReviewStore, claim_ids: list[str]) -> None:
    a, b = claim_ids[:2]
    store.record_event(a, "ann", "verdict", {"label": "True"})
    store.record_events("ann", [(b, "verdict", {"label": "False"}), (b, "note", {"text": "n"})])
    store.record_event(a, "bob", "verdict", {"label": "Mixed"})  # another reviewer's action
    cancelled = store.undo("ann")
    assert {e.kind for e in cancelled} == {"verdict", "note"}
    assert all(e.claim_id == b for e in cancelled)
    assert store.claim_state(b, "ann").verdict is None
    assert store.claim_state(b, "ann").note is None
    assert store.claim_state(a, "bob").verdict == "Mixed"
    assert [e.claim_id for e in store.undo("ann")] == [a]
    assert store.claim_state(a, "ann").verdict is None
    assert store.undo("ann") == []
    # Undo never cancels an undo: the log only grows, and nothing comes back.
    assert store.claim_state(b, "ann").verdict is None


def test_undo_reveals_the_previous_verdict(store: ReviewStore, claim_ids: list[str]) -> None:
    c = claim_ids[0]
    store.record_event(c, "ann", "verdict", {"label": "True"})
    store.record_event(c, "ann", "verdict", {"label": "False"})
    store.undo("ann")
    assert store.claim_state(c, "ann").verdict == "True"


def test_history_shows_everything_with_undos(store: ReviewStore, claim_ids: list[str]) -> None:
    c = claim_ids[0]
    store.record_event(c, "ann", "verdict", {"label": "True"})
    store.undo("ann")
    entries = store.history(c)
    assert [e.event.kind for e in entries] == ["verdict", "undo"]
    assert entries[0].undone_by == entries[1].event.id
    assert entries[1].event.value == {"event": entries[0].event.id}
    assert entries[0].event.at < entries[1].event.at


def test_events_are_append_only(store: ReviewStore, claim_ids: list[str]) -> None:
    store.record_event(claim_ids[0], "ann", "verdict", {"label": "True"})
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.conn.execute("UPDATE events SET reviewer = 'mallory'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.conn.execute("DELETE FROM events")


@pytest.mark.parametrize(
    ("kind", "value", "error"),
    [
        ("verdict", {}, InvalidEventError),
        ("verdict", {"label": "  "}, InvalidEventError),
        ("note", {"txt": "x"}, InvalidEventError),
        ("evidence-add", {"url": "https://x"}, InvalidEventError),
        ("evidence-add", {"passage": "0123456789abcdef"}, NotFoundError),
        ("undo", {"event": "x"}, InvalidEventError),
        ("shout", {}, InvalidEventError),
    ],
)
def test_bad_events_are_refused(
    store: ReviewStore, claim_ids: list[str], kind: str, value: dict[str, str], error: type
) -> None:
    with pytest.raises(error):
        store.record_event(claim_ids[0], "ann", kind, value)
    assert store.history(claim_ids[0]) == []


def test_an_action_is_all_or_nothing(store: ReviewStore, claim_ids: list[str]) -> None:
    with pytest.raises(NotFoundError):
        store.record_events(
            "ann",
            [(claim_ids[0], "verdict", {"label": "True"}), ("feedfeedfeed", "note", {"text": ""})],
        )
    assert store.history(claim_ids[0]) == []


def test_progress_and_article_summaries(store: ReviewStore, claim_ids: list[str]) -> None:
    store.record_event(claim_ids[0], "ann", "verdict", {"label": "True"})
    store.record_event(claim_ids[1], "ann", "verdict", {"label": "True"})
    store.record_event(claim_ids[1], "bob", "verdict", {"label": "False"})
    store.record_event(claim_ids[2], "bob", "note", {"text": "later"})
    progress = {(p.reviewer, p.reviewed, p.claims) for p in store.progress()}
    assert progress == {("ann", 2, 3), ("bob", 1, 3)}
    (summary,) = store.articles()
    assert summary.claims == 3 and summary.reviewed == 2


def test_claim_status_view_is_readable_without_our_code(
    store: ReviewStore, claim_ids: list[str], db_path: Path
) -> None:
    store.record_event(claim_ids[0], "ann", "verdict", {"label": "True"})
    store.record_event(
        claim_ids[0], "ann", "evidence-add", {"url": "https://e.org/u", "quote": "q"}
    )
    plain = sqlite3.connect(db_path)
    row = plain.execute("SELECT claim_id, reviewer, verdict, evidence FROM claim_status").fetchone()
    assert row == (claim_ids[0], "ann", "True", '[{"quote":"q","url":"https://e.org/u"}]')
    assert plain.execute("SELECT reviewer, reviewed FROM reviewer_progress").fetchall() == [
        ("ann", 1)
    ]


def test_timestamps_strictly_increase() -> None:
    from review_db.store import utc_timestamp

    stamps = [utc_timestamp() for _ in range(2000)]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)


def test_conflicts_view_and_adjudication(store: ReviewStore, claim_ids: list[str]) -> None:
    a, b = claim_ids[:2]
    store.record_event(a, "ann", "verdict", {"label": "True"})
    store.record_event(a, "bob", "verdict", {"label": "False"})
    store.record_event(b, "ann", "verdict", {"label": "Mixed"})
    store.record_event(b, "bob", "verdict", {"label": "Mixed"})
    rows = store.conn.execute("SELECT claim_id, verdicts, adjudicated FROM conflicts").fetchall()
    assert rows == [(a, '{"ann":"True","bob":"False"}', None)]
    store.record_event(a, "cy", "adjudication", {"label": "Mostly false"})
    assert store.conn.execute("SELECT adjudicated, adjudicator FROM conflicts").fetchall() == [
        ("Mostly false", "cy")
    ]


def test_match_cache_expires_with_the_corpus(store: ReviewStore) -> None:
    assert store.corpus_version() == 0 and store.cached_matches("k") is None
    store.save_matches("k", 0, [{"passage_id": "p", "score": 90.0}])
    assert store.cached_matches("k") == [{"passage_id": "p", "score": 90.0}]
    store.set_meta("corpus_version", "1")
    assert store.cached_matches("k") is None
