"""``adjudicate`` settles (or changes) a conflict from the command line, ``undo
--adjudication`` takes it back, and a settlement taken back leaves the reports."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import Result

from review_db import ReviewStore

from .conftest import Invoke, add_text


def _fails(result: Result, message: str) -> None:
    assert result.exit_code != 0
    assert result.stderr.strip().splitlines()[-1] == f"Error: {message}"


def _disputed(run: Invoke, store: ReviewStore) -> list[str]:
    """Claim 1: ann True, bob False; claim 2: both True."""
    ids = add_text(store)
    run("verdict", "1", "true")
    run("verdict", "1", "false", "--reviewer", "bob")
    run("verdict", "2", "true")
    run("verdict", "2", "true", "--reviewer", "bob")
    return ids


def _settled(run: Invoke) -> dict[str, object] | None:
    (conflict,) = [json.loads(line) for line in run("conflicts", "--json").stdout.splitlines()]
    adjudication = conflict["adjudication"]
    assert adjudication is None or isinstance(adjudication, dict)
    return adjudication


def test_adjudicate_change_and_undo(run: Invoke, store: ReviewStore) -> None:
    ids = _disputed(run, store)
    out = run("adjudicate", "1", "mostly false", "--reviewer", "cy").stdout
    assert out.startswith(f"Settled: Mostly false on claim #1 ({ids[0]}), by cy\n")
    assert _settled(run) == {
        "label": "Mostly false",
        "adjudicator": "cy",
        "at": store.adjudications()[ids[0]].at,
    }
    run("adjudicate", "1", "3", "--reviewer", "cy")  # changed, by its key
    assert (_settled(run) or {})["label"] == "Mixed"
    out = run("undo", "--adjudication", "1", "--reviewer", "cy").stdout
    assert out.startswith(
        f"Undid adjudication 'Mixed' on claim #1 ({ids[0]}); settled again: Mostly false (by cy)"
    )
    out = run("undo", "--adjudication", "1", "--reviewer", "cy").stdout
    assert "Undid adjudication 'Mostly false'" in out and "; open again" in out
    assert _settled(run) is None
    out = run("undo", "--adjudication", "1", "--reviewer", "cy").stdout
    assert out == f"Claim #1 ({ids[0]}) is not adjudicated: nothing to undo.\n"
    history = run("history", "1").stdout
    assert history.count("(undone)") == 2 and history.count("undo of event") == 2


def test_undo_of_an_adjudication_spares_later_verdicts(run: Invoke, store: ReviewStore) -> None:
    ids = _disputed(run, store)
    run("adjudicate", "1", "mixed", "--reviewer", "cy")
    run("verdict", "2", "false", "--reviewer", "cy")  # cy's latest action is this verdict
    run("undo", "--adjudication", "1", "--reviewer", "cy")
    assert store.claim_state(ids[1], "cy").verdict == "False"
    assert store.adjudications() == {}


def test_plain_undo_takes_back_an_adjudication_that_is_the_latest_action(
    run: Invoke, store: ReviewStore
) -> None:
    _disputed(run, store)
    run("adjudicate", "1", "mixed", "--reviewer", "cy")
    assert "Undid adjudication 'Mixed' on claim #1" in run("undo", "--reviewer", "cy").stdout
    assert store.adjudications() == {}


def test_refusals(run: Invoke, store: ReviewStore) -> None:
    ids = _disputed(run, store)
    _fails(
        run("adjudicate", "2", "true", "--reviewer", "cy"),
        "the claim's reviewers do not disagree (see `workbench conflicts`): "
        "there is nothing to settle",
    )
    _fails(
        run("adjudicate", "1", "Pants on fire", "--reviewer", "cy"),
        "unknown verdict label 'Pants on fire'; valid labels: 'True' (1), 'Mostly true' (2), "
        "'Mixed' (3), 'Mostly false' (4), 'False' (5), 'Unverifiable' (6), 'Not a claim' (7)",
    )
    run("adjudicate", "1", "true", "--reviewer", "cy")
    _fails(
        run("undo", "--adjudication", "1", "--reviewer", "dee"),
        "the claim was settled by cy, and only they can undo it; give another verdict to change it",
    )
    _fails(run("undo", "--article", "abcd"), "--article goes with --adjudication CLAIM: it "
           "names CLAIM's article")  # fmt: skip
    assert store.adjudications()[ids[0]].verdict == "True"  # nothing refused changed it


def test_undone_adjudication_leaves_the_reports(
    run: Invoke, store: ReviewStore, tmp_path: Path
) -> None:
    ids = _disputed(run, store)
    run("adjudicate", "1", "mostly false", "--reviewer", "cy")
    report = tmp_path / "settled.json"
    run("export", "--format", "json", "-o", str(report))
    claims = {c["id"]: c for c in json.loads(report.read_text())["articles"][0]["claims"]}
    assert claims[ids[0]]["verdict"] == "Mostly false"
    assert claims[ids[0]]["adjudication"]["adjudicator"] == "cy"
    run("undo", "--adjudication", "1", "--reviewer", "cy")
    report = tmp_path / "undone.json"
    run("export", "--format", "json", "-o", str(report))
    claims = {c["id"]: c for c in json.loads(report.read_text())["articles"][0]["claims"]}
    assert claims[ids[0]]["adjudication"] is None
    assert claims[ids[0]]["verdict"] is None  # disputed, and nobody settles it now
    markdown = tmp_path / "undone.md"
    run("export", "--format", "markdown", "-o", str(markdown))
    assert "Adjudicated" not in markdown.read_text()
