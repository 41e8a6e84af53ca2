"""The fact-check part of the store: content ids, the claims index across upgrades."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from review_db import NotFoundError, ReviewStore, migrations
from review_db.factchecks import NewFactCheck, factcheck_id
from review_db.schema import MIGRATION_NAMES


def test_ids_come_from_what_the_publisher_said() -> None:
    one = NewFactCheck(claim_reviewed="A claim.", terms="claim", verdict="False", origin="a.json")
    same = NewFactCheck(claim_reviewed="A claim.", terms="other", verdict="False", origin="b.json")
    other = NewFactCheck(claim_reviewed="A claim.", terms="claim", verdict="True")
    assert factcheck_id(one) == factcheck_id(same) != factcheck_id(other)


def test_add_get_and_count(store: ReviewStore) -> None:
    item = NewFactCheck(
        claim_reviewed="A claim.",
        terms="claim",
        verdict="False",
        appearances=("https://x.example",),
    )
    added = store.factchecks.add([item, item])
    assert (added.added, added.skipped, store.factchecks.count()) == (1, 1, 1)
    ident = factcheck_id(item)
    got = store.factchecks.get(ident[:6])
    assert (got.id, got.claim_reviewed, got.appearances) == (ident, "A claim.", item.appearances)
    assert store.factchecks.term_counts(["claim", "nothing"]) == [1, 0]
    with pytest.raises(NotFoundError):
        store.factchecks.get("ffffffff")


def test_the_upgrade_indexes_claims_already_there(db_path: Path) -> None:
    before = "0006_factchecks"
    db = sqlite3.connect(db_path, isolation_level=None)
    migrations.apply(db, stop_before=before)
    version = MIGRATION_NAMES.index(before)
    db.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(version)])
    db.execute(
        "INSERT INTO articles VALUES ('a1', 'Old', NULL, NULL, NULL, 'Old text.', 's', 'now')"
    )
    db.execute(
        "INSERT INTO claims VALUES ('c1', 'a1', 1, 'Old claim text.', 0, 9, 'claim', 0, '{}')"
    )
    db.close()
    with ReviewStore(db_path) as store:
        assert store.upgraded_from == version
        hits = store.conn.execute(
            "SELECT claim_id FROM claims_fts WHERE claims_fts MATCH 'claim'"
        ).fetchall()
        assert hits == [("c1",)]
