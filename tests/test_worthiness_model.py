"""The learned worthiness model: training from labels and verdicts, JSON storage (never
pickle), re-scoring, evaluation, status and the way back to the default scorer."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from review_db import ReviewStore
from review_db.models_store import active_model
from tests.conftest import Invoke
from workbench.claims.signals import find_signals
from workbench.claims.worthiness_model import (
    ModelError,
    explain,
    model_from_json,
    model_score,
    model_to_json,
    term_label,
    train_model,
)
from workbench.claims.worthiness_training import labelled_examples, read_labels

# Sentences written for these tests: the worth-checking ones carry figures on budgets and
# schools, the others are greetings and plans.
WORTHY = [
    "The county spent 4.1 million pounds on school roofs last year, twice the 2019 budget.",
    "Bus fares rose 18 percent in 2023 while wages rose 6 percent.",
    "The hospital treated 5,400 patients in March, the most since it opened in 1974.",
    "Unemployment in the valley fell from 9 percent to 5 percent in four years.",
    "The council cut 300 jobs and closed 12 libraries between 2015 and 2020.",
    "Rents have doubled since 2010 according to the housing office.",
]
UNWORTHY = [
    "Thank you all for coming tonight.",
    "I want to talk to you about the future.",
    "We will keep working together.",
    "Good evening and welcome.",
    "Let me say this very clearly.",
    "That is a good question, and I appreciate it.",
]


def _labels(tmp_path: Path) -> Path:
    lines = []
    for doc in ("one", "two"):
        lines += [json.dumps({"text": t, "label": 1, "doc": doc}) for t in WORTHY]
        lines += [json.dumps({"text": t, "label": 0, "doc": doc}) for t in UNWORTHY]
    path = tmp_path / "labels.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


ARTICLE = (
    "Harbour town counts the cost\n\n"
    "The harbour authority spent 2.3 million pounds on the sea wall in 2021.\n\n"
    "Thank you all for coming tonight, the mayor said.\n"
)


def test_train_stores_json_rescores_and_leaves_the_log_alone(
    run: Invoke, tmp_path: Path, db_path: Path
) -> None:
    article = tmp_path / "harbour.txt"
    article.write_text(ARTICLE)
    run("add", "article", str(article))
    claim = json.loads(run("claims", "--json").stdout.splitlines()[1])
    run("verdict", claim["id"], "True")
    with ReviewStore(db_path) as store:
        events_before = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    trained = run("worthiness", "train", "--labels", str(_labels(tmp_path)))
    assert trained.exit_code == 0 and "re-scored 3 claims" in trained.stdout
    with ReviewStore(db_path) as store:
        stored = active_model(store)
        assert stored is not None and stored.examples == 25  # 24 labelled + 1 verdict
        raw = store.conn.execute("SELECT model FROM worthiness_models").fetchone()[0]
        assert json.loads(raw)["format"] == 1  # plain JSON, not a pickle
        assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == events_before
    rows = [json.loads(x) for x in run("claims", "--json").stdout.splitlines()]
    wall, thanks = rows[1], rows[2]
    assert wall["worthiness"] > thanks["worthiness"]
    assert any(r.startswith("model: ") for r in wall["signals"]["reasons"])
    assert "why: model log-odds" in run("claims", "--why").stdout
    assert "Model 1 in use" in run("worthiness", "status").stdout
    back = run("worthiness", "--no-model")
    assert "re-scored 3 claims" in back.stdout
    assert "Default scorer in use (1 trained models stored)" in run("worthiness", "status").stdout
    rows = [json.loads(x) for x in run("claims", "--json").stdout.splitlines()]
    assert rows[1]["signals"]["reasons"][0].startswith("base for a claim")


def test_eval_prints_ranking_metrics(run: Invoke, tmp_path: Path) -> None:
    out = run("worthiness", "eval", "--labels", str(_labels(tmp_path))).stdout
    assert "default scorer: 24 sentences in 2 docs" in out
    assert "MAP " in out and "P@5 " in out and "R-precision " in out


@pytest.mark.parametrize(
    ("line", "problem"),
    [('{"text": "x", "label": 2}', '"label" must be 0 or 1'),
     ('{"label": 1}', '"text" must be a non-empty string'),
     ("[1, 2]", "not a JSON object"), ("{", "not a JSON object")],
)  # fmt: skip
def test_bad_label_lines_are_named(run: Invoke, tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n")
    result = run("worthiness", "eval", "--labels", str(path))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {path}:1: {problem}"


def test_training_needs_both_labels(run: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"text": "Rents doubled since 2010.", "label": 1}) + "\n")
    result = run("worthiness", "train", "--labels", str(path), "--no-verdicts")
    assert result.exit_code == 1 and "both kinds" in result.stderr


def test_a_model_round_trips_through_json_and_scores_the_same(tmp_path: Path) -> None:
    from workbench.claims.worthiness_model import train_model

    model = train_model(labelled_examples(read_labels(_labels(tmp_path))), source="test")
    again = model_from_json(json.loads(json.dumps(model_to_json(model))))
    text = "Council tax rose 7 percent in 2024."
    signals = find_signals(text)
    assert model_score(again, "claim", signals, text) == model_score(model, "claim", signals, text)


@pytest.mark.parametrize(
    "tamper",
    [lambda d: d.update(format=2), lambda d: d.update(intercept="1e309"),
     lambda d: d["terms"].update(evil=[1.0]), lambda d: d.update(examples=None)],
)  # fmt: skip
def test_a_tampered_stored_model_is_refused(tmp_path: Path, tamper: object) -> None:
    from workbench.claims.worthiness_model import train_model

    data = model_to_json(train_model(labelled_examples(read_labels(_labels(tmp_path))), source="t"))
    tamper(data)  # type: ignore[operator]
    with pytest.raises(ModelError):
        model_from_json(data)


def test_the_migration_adds_the_models_table(db_path: Path, run: Invoke, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    run("add", "article", str(article))
    with sqlite3.connect(db_path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "worthiness_models" in names


def test_why_shows_the_figures_a_model_term_stands_for() -> None:
    text = "The council cut 70,000 jobs and 12 jobs in 2020."
    assert term_label("0", text) == "“70,000”, “12”, “2020” (<number>)"
    assert term_label("0 jobs", text) == "“70,000 jobs”, “12 jobs” (<number> jobs)"
    assert term_label("council", text) == "“council”"


def test_trained_reasons_never_show_a_bare_zero_token(tmp_path: Path) -> None:
    examples = labelled_examples(read_labels(_labels(tmp_path)))
    model = train_model(examples, source="test")
    text = "The council cut 300 jobs in 2019."
    reasons = explain(model, "claim", find_signals(text), text, top=50)
    figures = [r for r in reasons if "<number>" in r]
    assert figures and all("“0" not in r and " 0”" not in r for r in reasons)
    assert any(r.startswith("model: “300”, “2019” (<number>)") for r in figures), reasons
