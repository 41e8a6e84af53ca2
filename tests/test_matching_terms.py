"""Term counts kept at import, which pick a claim's rare words without walking doclists."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from review_db import ReviewStore, migrations
from review_db.merge import merge_databases
from review_db.models import NewSource
from review_db.schema import MIGRATION_NAMES


def source(text: str, title: str = "Floods") -> NewSource:
    return NewSource(
        external_id=None,
        title=title,
        origin=None,
        url=None,
        publisher=None,
        published=None,
        text=text,
        passages=((0, len(text)),),
    )


def indexed_counts(store: ReviewStore) -> dict[str, int]:
    """What FTS5 itself says: passages (title or text) holding each term."""
    store.conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.check_terms "
        "USING fts5vocab(main, passages_fts, 'row')"
    )
    return dict(store.conn.execute("SELECT term, doc FROM temp.check_terms").fetchall())


def stored_counts(store: ReviewStore) -> dict[str, int]:
    return dict(store.conn.execute("SELECT term, passages FROM passage_terms").fetchall())


def test_import_keeps_the_index_term_counts(store: ReviewStore) -> None:
    store.add_sources(
        [source("The river flooded three districts."), source("Rivers rose.", "River levels")],
        segmenter="test",
    )
    # A second batch: one new document, one already stored (skipped, not counted twice).
    added = store.add_sources(
        [source("Rivers rose."), source("Flooding closed the bridge.", "Bridges")],
        segmenter="test",
    )
    assert added.skipped == 1
    counts = stored_counts(store)
    assert counts == indexed_counts(store)
    assert counts["river"] == 2  # "River levels" title + "river"; "Rivers" stems alike
    assert store.passage_term_counts(["rivers", "bridge", "unheard"]) == [2, 1, 0]


def test_counts_are_read_from_the_stored_table(store: ReviewStore) -> None:
    store.add_sources([source("The river flooded three districts.")], segmenter="test")
    with store.write():
        store.conn.execute("UPDATE passage_terms SET passages = 42 WHERE term = 'district'")
    assert store.passage_term_counts(["districts"]) == [42]


def test_passages_merged_in_are_counted_from_the_index_until_the_next_import(
    store: ReviewStore, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    with ReviewStore(other, create=True) as theirs:
        theirs.add_sources([source("A bridge over the river closed.")], segmenter="test")
    store.add_sources([source("The river flooded.")], segmenter="test")
    merge_databases(store, other)
    # The stored table lags the merge; counting falls back to the index, exactly.
    assert store.passage_term_counts(["river", "bridge"]) == [2, 1]
    store.add_sources([source("The bridge reopened.")], segmenter="test")
    assert stored_counts(store) == indexed_counts(store)


def test_an_upgraded_corpus_is_counted_from_the_index_then_caught_up(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    migrations.apply(db, stop_before="0010_passage_terms")
    version = MIGRATION_NAMES.index("0010_passage_terms")
    db.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", [version])
    db.execute("INSERT INTO sources (id, title, text, added_at) VALUES ('s', 'T', 'x', 'now')")
    db.execute(
        'INSERT INTO passages (rowid, id, source_id, ordinal, text, start, "end") '
        "VALUES (1, 'p', 's', 1, 'Storms hit the coast.', 0, 21)"
    )
    db.execute(
        "INSERT INTO passages_fts (rowid, title, text) VALUES (1, 'T', 'Storms hit the coast.')"
    )
    db.execute("INSERT INTO meta (key, value) VALUES ('corpus_version', '1')")
    db.close()
    assert "0010_passage_terms" in MIGRATION_NAMES
    with ReviewStore(path) as store:
        assert store.passage_term_counts(["storm", "coast"]) == [1, 1]
        store.add_sources([source("Another storm.")], segmenter="test")
        assert stored_counts(store) == indexed_counts(store)
        assert store.passage_term_counts(["storms"]) == [2]


def test_the_import_cache_size_is_restored(store: ReviewStore) -> None:
    before = store.conn.execute("PRAGMA cache_size").fetchone()[0]
    store.add_sources([source("The river flooded.")], segmenter="test")
    assert store.conn.execute("PRAGMA cache_size").fetchone()[0] == before
