"""The demo database is built once per version of the code and copied for each demo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from review_db import ReviewStore
from workbench.cli import demo_cache
from workbench.cli.demo_cache import kept_demo_database

from .conftest import add_text


def _build(calls: list[Path]) -> Callable[[Path], str]:
    """A small stand-in for the demo's builder, counting its calls."""

    def build(db_path: Path) -> str:
        calls.append(db_path)
        with ReviewStore(db_path, create=True) as store:
            add_text(store, "The river rose 4 metres.\nThe mayor said so.")
            (article,) = store.articles()
        return article.id

    return build


def test_the_second_demo_copies_the_kept_database(tmp_path: Path) -> None:
    calls: list[Path] = []
    first = kept_demo_database(tmp_path / "one.db", _build(calls))
    with ReviewStore(tmp_path / "one.db") as store:
        store.record_event(store.claims(first)[0].id, "ann", "verdict", {"label": "True"})
    second = kept_demo_database(tmp_path / "two.db", _build(calls))
    assert second == first and calls == [tmp_path / "one.db"]  # built once
    with ReviewStore(tmp_path / "two.db") as store:  # a fresh copy: no verdict in it
        assert store.conn.execute("SELECT count(*) FROM events").fetchone() == (0,)


def test_changed_code_builds_anew_and_drops_the_old_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []
    kept_demo_database(tmp_path / "one.db", _build(calls))
    monkeypatch.setattr(demo_cache, "_code_digest", lambda: "0123456789abcdef")
    kept_demo_database(tmp_path / "two.db", _build(calls))
    assert len(calls) == 2
    cache = Path(str(demo_cache._cache_folder()))
    assert [p.name for p in cache.glob("demo-*.db")] == ["demo-0123456789abcdef.db"]


def test_a_damaged_kept_copy_is_built_anew(tmp_path: Path) -> None:
    calls: list[Path] = []
    kept_demo_database(tmp_path / "one.db", _build(calls))
    cache = Path(str(demo_cache._cache_folder()))
    (kept,) = cache.glob("demo-*.db")
    kept.write_bytes(b"not a database" * 100)
    article = kept_demo_database(tmp_path / "two.db", _build(calls))
    assert len(calls) == 2
    with ReviewStore(tmp_path / "two.db") as store:
        assert store.article(article).title == "Test"


def test_a_cache_that_cannot_be_written_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    calls: list[Path] = []
    kept_demo_database(tmp_path / "one.db", _build(calls))
    kept_demo_database(tmp_path / "two.db", _build(calls))
    assert len(calls) == 2 and (tmp_path / "two.db").is_file()


def test_a_symlinked_kept_copy_is_not_followed(tmp_path: Path) -> None:
    calls: list[Path] = []
    cache = Path(str(demo_cache._cache_folder()))
    target = tmp_path / "elsewhere.db"
    target.write_bytes(b"x")
    (cache / f"demo-{demo_cache._code_digest()}.db").symlink_to(target)
    kept_demo_database(tmp_path / "one.db", _build(calls))
    assert len(calls) == 1 and target.read_bytes() == b"x"
