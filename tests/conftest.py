"""Shared fixtures: a temporary database, a CLI runner, and small articles written for tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from review_db import NewClaim, ReviewStore
from workbench.cli import cli

settings.register_profile("workbench", deadline=None, max_examples=60)
settings.load_profile("workbench")

SHORT_ARTICLE = (
    "Council approves new bridge\n\n"
    "The council voted 7 to 2 on Monday to build a new bridge. "
    "It will cost £4.5 million, officials said.\n\n"
    '"This bridge will last a century," said the mayor.\n'
)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "review.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[ReviewStore]:
    with ReviewStore(db_path, create=True) as s:
        yield s


def add_text(store: ReviewStore, text: str = SHORT_ARTICLE) -> list[str]:
    """Store ``text`` with one claim per non-empty line; returns the claim ids."""
    claims = []
    position = 0
    for line in text.split("\n"):
        if line.strip():
            claims.append(NewClaim(text=line, start=position, end=position + len(line)))
        position += len(line) + 1
    store.add_article(text, title="Test", claims=claims, segmenter="test")
    return [c.id for c in store.claims()]


@pytest.fixture
def claim_ids(store: ReviewStore) -> list[str]:
    return add_text(store)


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests keep what they cache (the demo database) in a folder of their own, never
    in the user's cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


Invoke = Callable[..., Result]


@pytest.fixture
def run(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run the CLI against the temporary database, as reviewer 'ann' unless told."""
    monkeypatch.setenv("WORKBENCH_DB", str(db_path))
    monkeypatch.setenv("USER", "ann")
    monkeypatch.setenv("LOGNAME", "ann")
    runner = CliRunner()

    def invoke(*args: str, stdin: str | bytes | None = None) -> Result:
        return runner.invoke(cli, list(args), input=stdin, catch_exceptions=False)

    return invoke


@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(SHORT_ARTICLE, encoding="utf-8")
    return path
