"""``claims --reviewer NAME`` and ``claims --status``: each unit with its verdicts."""

from __future__ import annotations

import json

from review_db import ReviewStore

from .conftest import Invoke, add_text


def _reviewed(run: Invoke, store: ReviewStore) -> list[str]:
    ids = add_text(store)
    run("verdict", "1", "mostly false")
    run("verdict", "1", "true", "--reviewer", "bob")
    run("verdict", "2", "mixed", "--reviewer", "bob")
    return ids


def test_reviewer_column(run: Invoke, store: ReviewStore) -> None:
    _reviewed(run, store)
    lines = run("claims", "--reviewer", "ann").stdout.splitlines()[1:]
    assert "Mostly false" in lines[0] and "Mixed" not in lines[1]
    assert lines[1].split()[4] == "-"
    bob = run("claims", "--reviewer", "bob").stdout
    assert "Mixed" in bob


def test_status_shows_everyone(run: Invoke, store: ReviewStore) -> None:
    _reviewed(run, store)
    text = run("claims", "--status").stdout
    assert "verdicts: ann: Mostly false, bob" in text
    assert "\x1b" not in text
    assert text.count("verdicts: -") == 1  # claim 3


def test_json_adds_verdicts_only_when_asked(run: Invoke, store: ReviewStore) -> None:
    _reviewed(run, store)
    every = [json.loads(x) for x in run("claims", "--status", "--json").stdout.splitlines()]
    assert every[0]["verdicts"] == {"ann": "Mostly false", "bob": "True"}
    assert every[1]["verdicts"] == {"bob": "Mixed"} and every[2]["verdicts"] == {}
    ann = [json.loads(x) for x in run("claims", "--reviewer", "ann", "--json").stdout.splitlines()]
    assert [c["verdicts"] for c in ann] == [{"ann": "Mostly false"}, {}, {}]
    plain = json.loads(run("claims", "--json").stdout.splitlines()[0])
    assert "verdicts" not in plain


def test_reviewer_and_status_together_are_refused(run: Invoke, store: ReviewStore) -> None:
    add_text(store)
    result = run("claims", "--reviewer", "ann", "--status")
    assert result.exit_code != 0
    assert result.stderr.startswith("Error: --reviewer shows one reviewer's verdicts")
