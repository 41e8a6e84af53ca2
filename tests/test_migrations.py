"""Opening databases: upgrades with a backup, and refusals that leave the file untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from review_db import (
    SCHEMA_VERSION,
    NewerSchemaError,
    NoDatabaseError,
    NotADatabaseError,
    ReadOnlyError,
    ReviewStore,
    StoreError,
    migrations,
)
from review_db.schema import MIGRATION_NAMES, STEPS

from .conftest import add_text


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _version_one_database(path: Path) -> None:
    """A database as the first schema version left it, with one verdict in it."""
    db = sqlite3.connect(path, isolation_level=None)
    migrations.apply(db, stop_before=MIGRATION_NAMES[1])
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    db.execute(
        "INSERT INTO articles VALUES ('a1', 'Old', NULL, NULL, NULL, 'Old text.', 's', 'now')"
    )
    db.execute("INSERT INTO claims VALUES ('c1', 'a1', 1, 'Old text.', 0, 9, 'claim', 0, '{}')")
    db.execute(
        "INSERT INTO events VALUES ('e1', 'c1', 'ann', 'verdict', '{\"label\":\"True\"}', "
        "'2026-01-01T00:00:00.000000Z')"
    )
    db.close()


def test_fresh_database_has_current_schema(db_path: Path) -> None:
    with ReviewStore(db_path, create=True) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.upgraded_from is None
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_creation_cut_short_leaves_no_tables_and_is_done_again(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Creating is one transaction: a process stopped in the middle (here, a last step
    that fails) leaves no half-made schema, and the next command creates it whole."""
    *steps, (name, _) = STEPS
    monkeypatch.setattr(migrations, "STEPS", [*steps, (name, ["CREATE TABLE cut ("])])
    with pytest.raises(StoreError):
        ReviewStore(db_path, create=True)
    assert sqlite3.connect(db_path).execute("SELECT name FROM sqlite_master").fetchall() == []
    monkeypatch.undo()
    with ReviewStore(db_path, create=True) as store:
        assert store.schema_version == SCHEMA_VERSION
        add_text(store, "The council met on Tuesday.")


def test_steps_are_recorded_as_sqlite_utils_records_them(db_path: Path) -> None:
    """Databases made by earlier versions (whose steps sqlite-utils applied) and by this
    one keep the same record of the steps: one row each, under the set "workbench"."""
    with ReviewStore(db_path, create=True):
        pass
    conn = sqlite3.connect(db_path)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(_sqlite_migrations)")]
    assert columns == ["id", "migration_set", "name", "applied_at"]
    rows = conn.execute("SELECT migration_set, name FROM _sqlite_migrations ORDER BY id")
    assert rows.fetchall() == [("workbench", name) for name in MIGRATION_NAMES]
    unique = conn.execute("PRAGMA index_list(_sqlite_migrations)").fetchall()
    assert any(index[2] for index in unique)  # one record per step, enforced


def test_older_database_is_upgraded_in_place_with_backup(db_path: Path) -> None:
    _version_one_database(db_path)
    with ReviewStore(db_path) as store:
        assert store.upgraded_from == 1
        assert store.schema_version == SCHEMA_VERSION
        assert store.claim_state("c1", "ann").verdict == "True"
        backup = store.backup_path
    assert backup is not None and backup.exists()
    old = sqlite3.connect(backup)
    assert old.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == ("1",)
    assert old.execute("SELECT count(*) FROM events").fetchone() == (1,)
    with ReviewStore(db_path) as again:  # upgraded once; opening again changes nothing
        assert again.upgraded_from is None


def test_newer_database_is_refused_untouched(db_path: Path) -> None:
    with ReviewStore(db_path, create=True) as store:
        add_text(store)
        store.set_meta("schema_version", str(SCHEMA_VERSION + 1))
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _digest(db_path)
    with pytest.raises(NewerSchemaError, match="newer workbench"):
        ReviewStore(db_path)
    assert _digest(db_path) == before


def test_unknown_migration_means_newer(db_path: Path) -> None:
    with ReviewStore(db_path, create=True) as store:
        store.conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('workbench', '0099_future', 'x')"
        )
    with pytest.raises(NewerSchemaError):
        ReviewStore(db_path)


@pytest.mark.parametrize(
    "content",
    [
        b"this is a text file, not a database\n" * 20,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 200,
        b"SQLite format 3\x00" + b"\xff" * 4000,
    ],
    ids=["text", "png", "corrupt-sqlite"],
)
def test_non_database_is_refused_untouched(db_path: Path, content: bytes) -> None:
    db_path.write_bytes(content)
    with pytest.raises(NotADatabaseError):
        ReviewStore(db_path, create=True)
    assert db_path.read_bytes() == content
    assert not Path(f"{db_path}-wal").exists()


def test_foreign_sqlite_database_is_refused(db_path: Path) -> None:
    plain = sqlite3.connect(db_path)
    plain.execute("CREATE TABLE notes (x)")
    plain.commit()
    plain.close()
    with pytest.raises(NotADatabaseError, match="not a workbench review database"):
        ReviewStore(db_path, create=True)


def test_missing_database_is_not_created_unless_asked(db_path: Path) -> None:
    with pytest.raises(NoDatabaseError, match="no database at"):
        ReviewStore(db_path)
    assert not db_path.exists()


def test_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(NotADatabaseError, match="is a folder"):
        ReviewStore(tmp_path, create=True)


def test_read_only_file_reads_but_refuses_writes(db_path: Path) -> None:
    with ReviewStore(db_path, create=True) as store:
        ids = add_text(store)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db_path.chmod(0o444)
    try:
        with ReviewStore(db_path) as store:
            assert store.readonly
            assert len(store.claims()) == len(ids)
            with pytest.raises(ReadOnlyError, match="read-only"):
                store.record_event(ids[0], "ann", "verdict", {"label": "True"})
    finally:
        db_path.chmod(0o644)
    with ReviewStore(db_path) as store:
        assert store.history(ids[0]) == []
