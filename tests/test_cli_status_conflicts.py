"""``status`` counts conflicts and adjudications; ``conflicts`` shows each reviewer's note."""

from __future__ import annotations

import json

from review_db import ReviewStore

from .conftest import Invoke, add_text


def _disagree(run: Invoke, store: ReviewStore) -> list[str]:
    """Two conflicts on claims 1 and 2 (the first adjudicated), with notes."""
    ids = add_text(store)
    run("verdict", "1", "true", "--note", "Minutes say 7-2")
    run("verdict", "1", "false", "--reviewer", "bob", "--note", "Vote was \x1b[31m6-3")
    run("verdict", "2", "true")
    run("verdict", "2", "mixed", "--reviewer", "bob")
    run("verdict", "3", "true")
    run("verdict", "3", "true", "--reviewer", "bob")
    store.record_event(ids[0], "carol", "adjudication", {"label": "True"})
    return ids


def test_status_shows_conflicts_and_adjudicated(run: Invoke, store: ReviewStore) -> None:
    _disagree(run, store)
    text = run("status").stdout
    assert "2 conflicts (claims the reviewers disagree on), 1 adjudicated, 1 open" in text
    first, whole = [json.loads(x) for x in run("status", "--json").stdout.splitlines()]
    assert (first["conflicts"], first["adjudicated"]) == (2, 1)
    assert (whole["conflicts"], whole["adjudicated"]) == (2, 1)


def test_status_without_conflicts_says_nothing_of_them(run: Invoke, store: ReviewStore) -> None:
    add_text(store)
    run("verdict", "1", "true")
    assert "conflict" not in run("status").stdout
    (first, _) = [json.loads(x) for x in run("status", "--json").stdout.splitlines()]
    assert (first["conflicts"], first["adjudicated"]) == (0, 0)


def test_conflicts_show_notes(run: Invoke, store: ReviewStore) -> None:
    ids = _disagree(run, store)
    text = run("conflicts").stdout
    assert "note: Minutes say 7-2" in text
    assert "\x1b" not in text and "note: Vote was" in text  # the note is printed inert
    found = [json.loads(x) for x in run("conflicts", "--json").stdout.splitlines()]
    assert [c["claim_id"] for c in found] == ids[:2]
    assert found[0]["notes"] == {"ann": "Minutes say 7-2", "bob": "Vote was \x1b[31m6-3"}
    assert found[1]["notes"] == {}
