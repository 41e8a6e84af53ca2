"""Many reviewers on one file: every verdict arrives, locks never surface raw, changes show."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import review_db.connection
from review_db import ReviewStore, StoreError
from review_db.articles import ArticleCatalog

from .conftest import Invoke, add_text

STRESS = Path(__file__).resolve().parents[1] / "benchmarks" / "stress.py"


def _stress(db_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(STRESS), "--db", str(db_path), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def _check_stress(db_path: Path, result: subprocess.CompletedProcess[str], each: int) -> None:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "process errors          0" in result.stdout
    conn = sqlite3.connect(db_path)
    counts = dict(conn.execute("SELECT reviewer, count(*) FROM events GROUP BY reviewer"))
    assert counts == {f"reviewer{n}": each for n in range(1, 5)}
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_four_cli_writers_and_a_reader_at_once(tmp_path: Path) -> None:
    db_path = tmp_path / "shared.db"
    result = _stress(
        db_path, "--writers", "4", "--verdicts", "40", "--readers", "1", "--via", "cli"
    )
    _check_stress(db_path, result, 40)


@pytest.mark.slow
def test_four_writers_five_hundred_verdicts_each(tmp_path: Path) -> None:
    db_path = tmp_path / "shared.db"
    result = _stress(db_path, "--writers", "4", "--verdicts", "500", "--readers", "2")
    _check_stress(db_path, result, 500)


@pytest.fixture
def locked(
    store: ReviewStore, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[sqlite3.Connection]:
    """A review database that another process holds exclusively, past a (shortened) busy
    timeout."""
    add_text(store)
    store.close()
    monkeypatch.setattr(review_db.connection, "BUSY_TIMEOUT_SECONDS", 0.2)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO meta VALUES ('held', 'yes')")
    yield holder
    holder.execute("ROLLBACK")
    holder.close()


@pytest.mark.parametrize("args", [["status"], ["verdict", "abc", "true"], ["conflicts"]])
def test_a_held_lock_is_reported_plainly(
    run: Invoke, locked: sqlite3.Connection, args: list[str]
) -> None:
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "stayed busy" in result.stderr
    assert "database is locked" not in result.output and len(result.stderr.splitlines()) == 1


def test_store_open_under_a_held_lock_is_not_called_broken(
    db_path: Path, locked: sqlite3.Connection
) -> None:
    with pytest.raises(StoreError, match="stayed busy") as raised:
        ReviewStore(db_path)
    assert "not a usable" not in raised.value.message


def test_data_version_shows_other_writers(store: ReviewStore, db_path: Path) -> None:
    ids = add_text(store)
    seen = store.data_version()
    assert store.data_version() == seen  # nothing happened
    store.record_event(ids[0], "ann", "verdict", {"label": "True"})
    assert store.data_version() == seen  # our own write is not news to us
    with ReviewStore(db_path) as other:
        other.record_event(ids[0], "bob", "verdict", {"label": "False"})
    assert store.data_version() != seen


def test_a_lock_met_after_opening_is_reported_plainly(
    run: Invoke, store: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_text(store)

    def held(self: ArticleCatalog) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(ArticleCatalog, "articles", held)
    result = run("status")
    assert result.exit_code == 1 and "stayed busy" in result.stderr
    assert "database is locked" not in result.output
