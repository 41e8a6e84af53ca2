"""Progress counts claims and quotes: headings, captions, credits and other units are
shown apart and never keep an article from 100% (``articles``, ``status``, the
``reviewer_progress`` view, reports, and the UI-free counter the TUI uses)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from review_db import ReviewStore, migrations
from review_db.schema import MIGRATION_NAMES
from workbench.review_progress import ReviewCounts, count_progress, others_text

from .conftest import Invoke

# Kinds as the extractor gives them: 1 heading, 2-3 claims, 4 quote.
ARTICLE = (
    "Council approves new bridge\n\n"
    "The council voted 7 to 2 on Monday to build a new bridge. "
    "It will cost £4.5 million, officials said.\n\n"
    '"This bridge will last a century," said the mayor.\n'
)


def _review_every_claim_and_the_heading(run: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert run("add", "article", str(path)).exit_code == 0
    kinds = [json.loads(line)["kind"] for line in run("claims", "--json").stdout.splitlines()]
    assert kinds == ["heading", "claim", "claim", "quote"]
    for number in ("2", "3", "4"):
        assert run("verdict", number, "true").exit_code == 0


def test_counting_units_leaves_other_kinds_apart() -> None:
    counts = count_progress(
        [("heading", False), ("claim", True), ("quote", True), ("caption", True)]
    )
    assert counts == ReviewCounts(reviewed=2, total=2, other_reviewed=1, other_units=2)
    assert counts.complete and counts.percent == 100
    assert "2 other units" in others_text(counts)
    empty = count_progress([("heading", True)])
    assert empty.percent is None and empty.complete and others_text(empty)


def test_status_and_articles_reach_100_percent_without_the_heading(
    run: Invoke, tmp_path: Path
) -> None:
    _review_every_claim_and_the_heading(run, tmp_path)
    status = run("status").stdout
    assert "3/3" in status and "100%" in status, status
    assert "1 other unit (headings, captions, credits; not counted), 0 with a verdict" in status
    listing = run("articles").stdout.splitlines()
    assert listing[0].split()[:4] == ["ID", "REVIEWED", "OTHER", "PUBLISHED"]
    assert listing[1].split()[1:3] == ["3/3", "0/1"]
    # A verdict on the heading is counted apart: progress stays 3 of 3.
    assert run("verdict", "1", "not a claim").exit_code == 0
    (row,) = [json.loads(x) for x in run("articles", "--json").stdout.splitlines()]
    assert (row["reviewed"], row["claims"], row["other_reviewed"], row["other_units"]) == (
        3,
        3,
        1,
        1,
    )
    first, whole = [json.loads(x) for x in run("status", "--json").stdout.splitlines()]
    assert (first["reviewed"], first["claims"], first["other_reviewed"]) == (3, 3, 1)
    assert first["reviewers"] == [{"reviewer": "ann", "reviewed": 3, "other_reviewed": 1}]
    assert (whole["reviewed"], whole["claims"], whole["other_units"]) == (3, 3, 1)


def test_reviewer_progress_view_counts_claims_and_quotes(
    run: Invoke, tmp_path: Path, db_path: Path
) -> None:
    _review_every_claim_and_the_heading(run, tmp_path)
    run("verdict", "1", "not a claim")
    with sqlite3.connect(db_path) as db:
        row = db.execute(
            "SELECT reviewer, reviewed, claims, other_reviewed, other_units FROM reviewer_progress"
        ).fetchall()
    assert row == [("ann", 3, 3, 1, 1)]


def test_upgrade_recreates_the_progress_view(db_path: Path) -> None:
    db = sqlite3.connect(db_path, isolation_level=None)
    step = MIGRATION_NAMES.index("0009_progress_of_claims_and_quotes")
    migrations.apply(db, stop_before=MIGRATION_NAMES[step])
    db.execute(f"INSERT INTO meta VALUES ('schema_version', '{step}')")
    db.execute("INSERT INTO articles (id, title, text, segmenter, added_at) "
               "VALUES ('a1', 'Old', 'Head. Claim.', 's', 'now')")  # fmt: skip
    db.execute("INSERT INTO claims VALUES ('c1', 'a1', 1, 'Head.', 0, 5, 'heading', 0, '{}')")
    db.execute("INSERT INTO claims VALUES ('c2', 'a1', 2, 'Claim.', 6, 12, 'claim', 0, '{}')")
    db.execute(
        "INSERT INTO events VALUES ('e1', 'c2', 'ann', 'verdict', '{\"label\":\"True\"}', "
        "'2026-01-01T00:00:00.000000Z')"
    )
    assert db.execute("SELECT reviewed, claims FROM reviewer_progress").fetchall() == [(1, 2)]
    db.close()
    with ReviewStore(db_path) as store:
        assert store.upgraded_from == step
        (progress,) = store.progress()
        assert (progress.reviewed, progress.claims, progress.other_units) == (1, 1, 1)
        (summary,) = store.articles()
        assert (summary.reviewed, summary.claims, summary.other_units) == (1, 1, 1)


def test_reports_count_claims_and_quotes(run: Invoke, tmp_path: Path) -> None:
    _review_every_claim_and_the_heading(run, tmp_path)
    run("verdict", "1", "not a claim")
    markdown = run("export", "--format", "markdown").stdout
    assert "- Claims reviewed: 3 of 3" in markdown
    assert "- Other units reviewed (headings, captions, credits; not counted above): 1" in (
        markdown
    )
    summary = json.loads(run("export", "--format", "json").stdout)["articles"][0]["summary"]
    assert (summary["claims"], summary["reviewed"], summary["other_reviewed"]) == (3, 3, 1)
    html = run("export", "--format", "html").stdout
    assert "Claims reviewed: 3 of 3." in html
