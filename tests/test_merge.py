"""Merging review databases: what is copied, what is refused, and what a crash leaves."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest

from review_db import (
    SCHEMA_VERSION,
    NewerSchemaError,
    NoDatabaseError,
    NotADatabaseError,
    ReviewStore,
    ids,
    migrations,
)
from review_db import merge as merge_module
from review_db.errors import InvalidEventError, MergeError
from review_db.merge import merge_databases, merge_many
from review_db.models import (
    ACTION_TYPES,
    Adjudication,
    EvidenceAdd,
    EvidenceRemove,
    Note,
    OutsideSource,
    PassageRef,
    ReusedFrom,
    Undo,
    Verdict,
    decode_action,
)
from review_db.schema import EVENT_KINDS, MIGRATION_NAMES
from review_db.store import canonical_json

from .conftest import add_text
from .review_logs import (
    PASSAGES,
    add_article,
    add_events,
    add_source,
    check_consistent,
    fts_hits,
    ids_of,
    reviewer_database,
    rows,
)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def ann_db(tmp_path: Path) -> Path:
    path = tmp_path / "ann.db"
    reviewer_database(path, "ann", "True")
    return path


@pytest.fixture
def bob_db(tmp_path: Path) -> Path:
    path = tmp_path / "bob.db"
    reviewer_database(path, "bob", "False")
    return path


def test_merge_into_empty_copies_everything(store: ReviewStore, db_path: Path, ann_db: Path):
    summary = merge_databases(store, ann_db)
    assert (summary.articles, summary.claims, summary.sources, summary.passages) == (1, 3, 1, 3)
    assert summary.events == 3 and summary.renumbered == 0 and not summary.dry_run
    for table in ("articles", "claims", "sources", "passages", "events", "claim_status"):
        assert rows(db_path, table) == rows(ann_db, table), table
    assert fts_hits(db_path, "bridge") == fts_hits(ann_db, "bridge") != set()
    assert store.corpus_version() == 1
    check_consistent(db_path)


def test_merging_twice_changes_nothing(store: ReviewStore, db_path: Path, ann_db: Path):
    merge_databases(store, ann_db)
    before = {t: rows(db_path, t) for t in ("claims", "passages", "events", "meta")}
    with ReviewStore(db_path) as observer:
        version = observer.data_version()
        again = merge_databases(store, ann_db)
        assert observer.data_version() == version  # nothing was committed at all
    assert again.added == 0
    assert {t: rows(db_path, t) for t in before} == before
    assert store.corpus_version() == 1


def test_two_reviewers_merge_into_conflicts(tmp_path: Path, ann_db: Path, bob_db: Path):
    with ReviewStore(ann_db) as target:
        summary = merge_databases(target, bob_db)
    # Same article and source, so only bob's events are new.
    assert (summary.articles, summary.claims, summary.passages, summary.events) == (0, 0, 0, 3)
    with ReviewStore(ann_db) as merged:
        (conflict,) = merged.conflicts()
        assert conflict.verdicts == {"ann": "True", "bob": "False"}
        assert conflict.adjudicated is None
        assert conflict.text.startswith("The council voted 7 to 2 on Monday")
        assert merged.claim_state(conflict.claim_id, "bob").passage_ids()
    check_consistent(ann_db)


def test_another_segmentation_of_the_same_article_is_kept(store: ReviewStore, tmp_path: Path):
    text = "One sentence here. Another one there. A third."
    mine = add_article(store, text, ["One sentence here.", "Another one there. A third."])
    other_path = tmp_path / "other.db"
    with ReviewStore(other_path, create=True) as other:
        theirs = add_article(other, text, ["One sentence here.", "Another one there.", "A third."])
        other.record_events("bob", [(theirs[2], "verdict", {"label": "False"})])
    assert mine[0] == theirs[0]  # same sentence at the same place: same claim
    summary = merge_databases(store, other_path)
    assert (summary.articles, summary.claims, summary.events, summary.renumbered) == (0, 2, 1, 2)
    claims = store.claims()
    assert [c.id for c in claims[:2]] == mine and {c.id for c in claims[2:]} == set(theirs[1:])
    assert [c.ordinal for c in claims] == [1, 2, 3, 4]
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
    assert store.claim_state(theirs[2], "bob").verdict == "False"
    assert merge_databases(store, other_path).added == 0
    # Renumbered claims keep ids made from their first ordinals, and still pass the check
    # when this database is merged onward.
    with ReviewStore(tmp_path / "onward.db", create=True) as onward:
        assert merge_databases(onward, store.path).claims == 4


def test_merge_order_does_not_matter(tmp_path: Path, ann_db: Path, bob_db: Path):
    first, second = tmp_path / "ab.db", tmp_path / "ba.db"
    for path, order in ((first, (ann_db, bob_db)), (second, (bob_db, ann_db))):
        with ReviewStore(path, create=True) as target:
            merge_many(target, order)
    for table in ("articles", "claims", "sources", "passages", "events", "claim_status"):
        assert rows(first, table) == rows(second, table), table
    assert rows(first, "conflicts") == rows(second, "conflicts") != set()


def test_an_article_both_hold_keeps_its_earlier_import(tmp_path: Path):
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    for path, title in ((first, "First title"), (second, "Second title")):
        with ReviewStore(path, create=True) as store:
            add_article(store, "Same text. Same claims.", ["Same text.", "Same claims."], title)
    with ReviewStore(first) as target:
        assert merge_databases(target, second).updated == 0
        assert target.articles()[0].title == "First title"
    with ReviewStore(second) as target:
        summary = merge_databases(target, first)
        assert (summary.updated, summary.articles, summary.claims) == (1, 0, 0)
        assert target.articles()[0].title == "First title"
        assert merge_databases(target, first).updated == 0
    assert rows(first, "articles") == rows(second, "articles")


def test_dry_run_reports_without_writing(store: ReviewStore, db_path: Path, ann_db: Path):
    before = rows(db_path, "events")
    planned = merge_databases(store, ann_db, dry_run=True)
    assert planned.dry_run and planned.events == 3 and planned.passages == 3
    assert rows(db_path, "events") == before and store.articles() == []
    done = merge_databases(store, ann_db)
    assert (done.articles, done.claims, done.events) == (planned.articles, planned.claims, 3)


def test_source_is_never_written(store: ReviewStore, ann_db: Path):
    before = _digest(ann_db)
    merge_databases(store, ann_db)
    assert _digest(ann_db) == before
    assert not Path(f"{ann_db}-wal").exists() and not Path(f"{ann_db}-shm").exists()


def test_source_in_use_is_read_as_a_snapshot(store: ReviewStore, ann_db: Path):
    with ReviewStore(ann_db) as live:  # someone is reviewing in it: its log is in the WAL
        claim = live.claims()[2].id
        live.record_events("ann", [(claim, "verdict", {"label": "Mixed"})])
        assert Path(f"{ann_db}-wal").stat().st_size > 0
        summary = merge_databases(store, ann_db)
    assert summary.events == 4
    assert store.claim_state(claim, "ann").verdict == "Mixed"


OLD_ARTICLE = ids.article_id("Old text.")
OLD_CLAIM = ids.claim_id(OLD_ARTICLE, 1, "Old text.")


def _version_one(path: Path) -> None:
    """A database of schema version 1 (ids and rows as that version wrote them)."""
    db = sqlite3.connect(path, isolation_level=None)
    migrations.apply(db, stop_before=MIGRATION_NAMES[1])
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    db.execute(
        "INSERT INTO articles VALUES (?, 'Old', NULL, NULL, NULL, 'Old text.', 's', ?)",
        [OLD_ARTICLE, "2025-01-01T00:00:00.000000Z"],
    )
    db.execute(
        "INSERT INTO claims VALUES (?, ?, 1, 'Old text.', 0, 9, 'claim', 0, '{}')",
        [OLD_CLAIM, OLD_ARTICLE],
    )
    db.execute(
        "INSERT INTO events VALUES (?, ?, 'cy', 'verdict', '{\"label\":\"True\"}', "
        "'2026-01-01T00:00:00.000000Z')",
        ["0b7e5a4e-8f1c-4d57-9a43-c7b6b2f0a001", OLD_CLAIM],
    )
    db.close()


def test_older_source_is_upgraded_in_a_copy(store: ReviewStore, tmp_path: Path):
    old = tmp_path / "old.db"
    _version_one(old)
    before = _digest(old)
    summary = merge_databases(store, old)
    assert summary.upgraded_from == 1 and summary.events == 1
    assert store.claim_state(OLD_CLAIM, "cy").verdict == "True"
    assert _digest(old) == before
    assert list(tmp_path.glob("old.db*")) == [old]  # no backup, no WAL beside it


def test_newer_source_is_refused(store: ReviewStore, tmp_path: Path):
    newer = tmp_path / "newer.db"
    with ReviewStore(newer, create=True) as other:
        add_text(other)
        other.set_meta("schema_version", str(SCHEMA_VERSION + 1))
    with pytest.raises(NewerSchemaError, match=f"{newer} was written by a newer workbench"):
        merge_databases(store, newer)
    assert store.articles() == []


@pytest.mark.parametrize(
    ("content", "error", "message"),
    [
        (b"not a database\n" * 40, NotADatabaseError, "is not a SQLite database"),
        (b"SQLite format 3\x00" + b"\xff" * 4000, NotADatabaseError, "not a usable"),
        (b"", NotADatabaseError, "is not a SQLite database"),
    ],
    ids=["text", "corrupt", "empty"],
)
def test_non_database_is_refused(
    store: ReviewStore, tmp_path: Path, content: bytes, error: type, message: str
):
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    with pytest.raises(error, match=message):
        merge_databases(store, bad)
    assert bad.read_bytes() == content


def test_missing_folder_and_self_are_refused(store: ReviewStore, db_path: Path, tmp_path: Path):
    with pytest.raises(NoDatabaseError, match="no database at"):
        merge_databases(store, tmp_path / "nope.db")
    with pytest.raises(NotADatabaseError, match="is a folder"):
        merge_databases(store, tmp_path)
    with pytest.raises(MergeError, match="the database being merged into"):
        merge_databases(store, db_path)


def test_one_bad_source_stops_all_before_writing(store: ReviewStore, ann_db: Path, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("nope")
    with pytest.raises(NotADatabaseError):
        merge_many(store, [ann_db, bad])
    assert store.articles() == []


def test_crash_mid_merge_leaves_a_consistent_database(
    store: ReviewStore, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    source_path = tmp_path / "big.db"
    with ReviewStore(source_path, create=True) as source:
        for n in range(6):
            text = f"Story {n} begins. It goes on. It ends."
            claim_ids = add_article(source, text, [f"Story {n} begins.", "It goes on.", "It ends."])
            for i, claim in enumerate(claim_ids):
                source.record_events(f"r{i}", [(claim, "verdict", {"label": "True"})])
        add_source(source, "Minutes", PASSAGES)
        passages = add_source(source, "Report", ["A report says one thing.", "And another."])
        # Evidence naming a passage, and undos naming events: a merge cut short must never
        # leave them pointing at rows it has not copied yet.
        source.record_events("r0", [(claim_ids[0], "evidence-add", {"passage": passages[1]})])
        for _ in range(2):
            source.undo("r1")
    monkeypatch.setattr(merge_module, "ARTICLES_PER_BATCH", 2)
    monkeypatch.setattr(merge_module, "SOURCES_PER_BATCH", 1)
    monkeypatch.setattr(merge_module, "ROWS_PER_BATCH", 2)
    real_insert = merge_module._insert
    for crash_at in (2, 4, 7):
        calls = 0

        def crashing_insert(*args: object, limit: int = crash_at) -> None:
            nonlocal calls
            calls += 1
            if calls == limit:
                raise KeyboardInterrupt  # the process dies mid-transaction
            real_insert(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(merge_module, "_insert", crashing_insert)
        with pytest.raises(KeyboardInterrupt):
            merge_databases(store, source_path)
        check_consistent(db_path)
        _passes_the_merge_check(db_path, tmp_path / f"onward-{crash_at}.db")
    monkeypatch.setattr(merge_module, "_insert", real_insert)
    merge_databases(store, source_path)
    check_consistent(db_path)
    for table in ("events", "claim_status"):
        assert rows(db_path, table) == rows(source_path, table)
    for table in ("articles", "claims", "sources", "passages"):
        assert ids_of(db_path, table) == ids_of(source_path, table)


@pytest.mark.parametrize("table", ["sources", "articles", "events"])
def test_a_merge_cut_short_leaves_no_reference_dangling(
    store: ReviewStore, db_path: Path, ann_db: Path, monkeypatch: pytest.MonkeyPatch, table: str
):
    """Wherever a merge dies, what it committed can be merged onward: evidence never
    arrives before its passage, nor an undo before the event it cancels."""
    with ReviewStore(ann_db) as ann:
        claim = ann.claims()[2].id
        ann.record_events("ann", [(claim, "verdict", {"label": "Mixed"})])
        ann.undo("ann")
    real_insert = merge_module._insert

    def dying_insert(target: ReviewStore, into: str, *args: Any) -> None:
        if into == table:
            raise KeyboardInterrupt
        real_insert(target, into, *args)

    monkeypatch.setattr(merge_module, "_insert", dying_insert)
    with pytest.raises(KeyboardInterrupt):
        merge_databases(store, ann_db)
    _passes_the_merge_check(db_path, db_path.with_name("onward.db"))


def _passes_the_merge_check(path: Path, scratch: Path) -> None:
    """No reference in ``path`` dangles (a half-merged file can be merged onward)."""
    with ReviewStore(scratch, create=True) as onward:
        merge_databases(onward, path)


def test_inconsistent_source_is_refused_whole_before_writing(
    store: ReviewStore, db_path: Path, ann_db: Path
):
    raw = sqlite3.connect(ann_db)  # foreign keys are off in a plain connection
    raw.execute(
        "INSERT INTO events VALUES ('00000000-0000-4000-8000-00000000000f', 'feedfeedfeed', "
        "'eve', 'verdict', '{\"label\":\"True\"}', '2026-01-01T00:00:00.000000Z')"
    )
    raw.commit()
    raw.close()
    message = (
        f"{ann_db}: events row 4 (id '00000000-0000-4000-8000-00000000000f'): its claim "
        "feedfeedfeed is in none of the databases merged; nothing merged"
    )
    with pytest.raises(MergeError, match=re.escape(message)):
        merge_databases(store, ann_db)
    check_consistent(db_path)
    assert store.articles() == [] and rows(db_path, "events") == set()  # nothing at all


def test_an_undo_made_elsewhere_cancels_the_verdict_it_names(
    store: ReviewStore, db_path: Path, tmp_path: Path
):
    claim_ids = add_text(store)
    store.record_events("ann", [(claim_ids[0], "verdict", {"label": "True"})])
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    laptop = tmp_path / "laptop.db"
    laptop.write_bytes(db_path.read_bytes())  # ann takes a copy away and changes her mind
    with ReviewStore(laptop) as away:
        assert len(away.undo("ann")) == 1
        away.record_events("ann", [(claim_ids[0], "verdict", {"label": "Mixed"})])
        away.undo("ann")  # and takes that back too: no verdict at all
    assert merge_databases(store, laptop).events == 3
    assert store.claim_state(claim_ids[0], "ann").verdict is None
    assert [e.undone_by is not None for e in store.history(claim_ids[0])] == [
        True,
        False,
        True,
        False,
    ]


@pytest.mark.parametrize(
    ("kind", "value", "problem"),
    [
        ("verdict", {"label": 7}, "verdict label is a number, not a string"),
        ("note", {"text": 7}, "note text is a number, not a string"),
        ("adjudication", {"label": "True\nFalse"}, "adjudication label holds the control"),
        ("evidence-add", {"url": "javascript:alert(1)", "quote": "x"}, "evidence url is not"),
        ("evidence-remove", {"passage": "../x"}, "evidence passage is not a passage id"),
    ],
)
def test_the_store_and_the_merge_refuse_the_same_values(
    store: ReviewStore, tmp_path: Path, kind: str, value: dict[str, object], problem: str
):
    """One decoder per event kind serves both paths, so they cannot disagree."""
    claim = add_text(store)[0]
    with pytest.raises(InvalidEventError, match=re.escape(problem)):
        store.record_event(claim, "ann", kind, value)
    laptop = tmp_path / "laptop.db"
    with ReviewStore(laptop, create=True) as away:
        add_events(
            away,
            [
                (
                    str(uuid.uuid4()),
                    add_text(away)[0],
                    "ann",
                    kind,
                    value,
                    "2026-01-01T00:00:00.000000Z",
                )
            ],
        )
    with pytest.raises(MergeError, match=re.escape(problem)):
        merge_databases(store, laptop)


def test_a_reviewer_name_the_merge_refuses_is_refused_locally(store: ReviewStore):
    claim = add_text(store)[0]
    for name in ("eve\x1b[2J", " ", "x" * 101, "a\u202eb"):
        with pytest.raises(InvalidEventError, match="reviewer name"):
            store.record_event(claim, name, "verdict", {"label": "True"})


def test_every_event_kind_has_one_typed_value():
    assert set(ACTION_TYPES) == set(EVENT_KINDS)
    passage = "0123456789abcdef"
    values = [
        Verdict("True"),
        Verdict(
            "False",
            ReusedFrom(
                "factcheck",
                passage,
                "False",
                "Fact Desk",
                "2026-01-02",
                "https://factdesk.example/c",
            ),
        ),
        Verdict("Mixed", ReusedFrom("review", "0123456789ab", "Mixed", None, None, None)),
        Note(""),
        EvidenceAdd(PassageRef(passage)),
        EvidenceRemove(OutsideSource("https://council.example/minutes", "voted 7-2")),
        Adjudication("Mixed"),
        Undo(str(uuid.uuid4())),
    ]
    for action in values:
        assert decode_action(action.KIND, json.loads(canonical_json(action.to_json()))) == action
    reused = values[1].to_json()
    for forged in (
        {**reused["reused_from"], "factcheck_id": "../../x"},
        {**reused["reused_from"], "url": "javascript:alert(1)"},
        {**reused["reused_from"], "kind": "rumour"},
        {**reused["reused_from"], "extra": 1},
        "a string",
    ):
        with pytest.raises(InvalidEventError):
            decode_action("verdict", {"label": "False", "reused_from": forged})
