"""Team commands as a user meets them: merge, conflicts, and agreement in status."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from review_db import SCHEMA_VERSION, ReviewStore
from review_db.store import utc_timestamp

from .conftest import Invoke
from .review_logs import add_article, add_events, reviewer_database


def _fails(result, message: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code != 0
    assert result.stderr.startswith("Error: ") and message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


def _lines(result) -> list[dict]:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture
def laptops(tmp_path: Path) -> tuple[Path, Path]:
    """Ann's and Bob's databases: the same article, one verdict on which they differ."""
    ann, bob = tmp_path / "ann.db", tmp_path / "bob.db"
    reviewer_database(ann, "ann", "True")
    reviewer_database(bob, "bob", "False")
    return ann, bob


def test_merge_creates_the_database_and_reports_counts(
    run: Invoke, db_path: Path, laptops: tuple[Path, Path]
):
    ann, bob = laptops
    result = run("merge", str(ann), str(bob))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{ann}: added 1 article, 3 claims, 1 source, 3 passages, 3 events",
        f"{bob}: added 0 articles, 0 claims, 0 sources, 0 passages, 3 events",
        "Added 14 rows in all.",
    ]
    assert db_path.exists()
    again = run("merge", str(bob))
    assert again.stdout.startswith(f"{bob}: added 0 articles, 0 claims, 0 sources")


def test_merge_says_when_details_and_numbering_change(run: Invoke, db_path: Path, tmp_path: Path):
    text = "One sentence here. Another one there. A third."
    early, late = tmp_path / "early.db", tmp_path / "late.db"
    # Each reviewed (a verdict), so that neither is re-split on opening.
    with ReviewStore(early, create=True) as store:
        ids = add_article(store, text, ["One sentence here.", "Another one there.", "A third."])
        store.record_event(ids[0], "ann", "verdict", {"label": "True"})
    with ReviewStore(late, create=True) as store:
        ids = add_article(store, text, ["One sentence here.", "Another one there. A third."])
        store.record_event(ids[0], "bob", "verdict", {"label": "True"})
    run("merge", str(late))
    result = run("merge", str(early))
    assert result.stdout.strip() == (
        f"{early}: added 0 articles, 2 claims, 0 sources, 0 passages, 1 event "
        "(2 claims or passages of another segmentation numbered after the existing ones; "
        "1 article or source both held took the details of the earlier import)"
    )


def test_merge_dry_run_changes_nothing(run: Invoke, db_path: Path, laptops: tuple[Path, Path]):
    ann, _ = laptops
    result = run("merge", "--dry-run", str(ann))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{ann}: would add 1 article, 3 claims, 1 source, 3 passages, 3 events",
        f"Dry run: {db_path} was not changed.",
    ]
    assert not db_path.exists()
    run("merge", str(ann))
    assert "would add 0 articles" in run("merge", "--dry-run", str(ann)).stdout


def test_merge_refusals_are_one_line(run: Invoke, db_path: Path, tmp_path: Path, laptops):
    ann, _ = laptops
    _fails(run("merge", str(tmp_path / "missing.db")), "no database at")
    text = tmp_path / "notes.db"
    text.write_text("shopping list\n")
    _fails(run("merge", str(ann), str(text)), "is not a SQLite database")
    assert not db_path.exists()  # the good file before it was not merged either
    with ReviewStore(tmp_path / "newer.db", create=True) as newer:
        newer.set_meta("schema_version", str(SCHEMA_VERSION + 1))
    _fails(run("merge", str(tmp_path / "newer.db")), "newer workbench")
    assert not db_path.exists()
    run("merge", str(ann))
    _fails(run("merge", str(db_path)), "is the database being merged into")
    assert run("merge").exit_code != 0  # at least one FROM is needed


def test_conflicts_list_and_json(run: Invoke, laptops: tuple[Path, Path]):
    ann, bob = laptops
    run("merge", str(ann))
    assert "No conflicts" in run("conflicts").stdout
    run("merge", str(bob))
    (conflict,) = _lines(run("conflicts", "--json"))
    assert set(conflict) == {
        "claim_id",
        "article_id",
        "text",
        "verdicts",
        "notes",
        "adjudication",
    }
    assert conflict["verdicts"] == {"ann": "True", "bob": "False"}
    assert conflict["adjudication"] is None
    assert conflict["text"].startswith("The council voted 7 to 2")
    human = run("conflicts").stdout.splitlines()
    assert human[0].startswith(conflict["claim_id"]) and "The council voted" in human[0]
    assert human[1:] == ["  ann  True", "  bob  False", "1 conflict, 0 adjudicated."]


def test_conflicts_show_adjudication(run: Invoke, db_path: Path, laptops: tuple[Path, Path]):
    ann, bob = laptops
    run("merge", str(ann), str(bob))
    with ReviewStore(db_path) as store:
        (conflict,) = store.conflicts()
        store.record_event(conflict.claim_id, "cy", "adjudication", {"label": "Mostly true"})
        (settled,) = store.adjudications().values()
    (listed,) = _lines(run("conflicts", "--json"))
    assert listed["adjudication"] == {"label": "Mostly true", "adjudicator": "cy", "at": settled.at}
    human = run("conflicts").stdout
    on = f"{settled.at[:10]} {settled.at[11:19]}Z"
    assert f"adjudicated: Mostly true (by cy, {on})" in human
    assert "1 conflict, 1 adjudicated." in human


def test_conflicts_of_one_article_and_bad_prefix(run: Invoke, laptops: tuple[Path, Path]):
    ann, bob = laptops
    run("merge", str(ann), str(bob))
    (conflict,) = _lines(run("conflicts", "--json"))
    assert len(_lines(run("conflicts", "--article", conflict["article_id"][:4], "--json"))) == 1
    _fails(run("conflicts", "--article", "ffff"), "no article with id 'ffff'")


def test_conflicts_text_is_made_safe(run: Invoke, db_path: Path, laptops: tuple[Path, Path]):
    ann, bob = laptops
    run("merge", str(ann), str(bob))
    with ReviewStore(db_path) as store:
        claim = store.conflicts()[0].claim_id
        # The store and merge refuse such a name and label now; a database written before
        # they did may still hold them.
        add_events(
            store,
            [(str(uuid.uuid4()), claim, "eve\x1b[2J", "verdict", {"label": "Mixed\x1b[31m"},
              utc_timestamp())],
        )  # fmt: skip
    human = run("conflicts").stdout
    assert "\x1b" not in human and "eve\\x1b[2J" in human and "Mixed\\x1b[31m" in human


def test_conflicts_needs_a_database(run: Invoke, db_path: Path):
    _fails(run("conflicts"), f"no database at {db_path}")


def _claim_ids(run: Invoke) -> list[str]:
    return [c["id"] for c in _lines(run("claims", "--json"))]


def test_status_reports_agreement(run: Invoke, article_file: Path):
    run("add", "article", str(article_file))
    ids = _claim_ids(run)[:3]
    for claim, ann, bob in zip(
        ids, ("True", "True", "False"), ("True", "False", "False"), strict=True
    ):
        run("verdict", claim, ann)
        run("verdict", claim, bob, "--reviewer", "bob")
    article, overall = _lines(run("status", "--json"))
    # Worked by hand: observed 2/3, chance 4/9, so kappa (2/3-4/9)/(5/9) = 0.4; the
    # coincidence matrix gives alpha 1 - 2/3.6.
    expected = {
        "reviewers": ["ann", "bob"],
        "claims_compared": 3,
        "percent_agreement": 66.6667,
        "cohen_kappa": 0.4,
        "krippendorff_alpha": 0.4444,
    }
    assert article["agreement"] == expected and overall["agreement"] == expected
    assert overall["article_id"] is None and overall["claims"] == article["claims"]
    assert {"article_id", "title", "claims", "reviewed", "reviewers"} <= set(article)
    human = run("status").stdout
    assert (
        "agreement: 3 claims compared, 67% unanimous, Cohen's kappa 0.40, "
        "Krippendorff's alpha 0.44" in human
    )


def test_status_agreement_is_null_where_undefined(run: Invoke, article_file: Path):
    run("add", "article", str(article_file))
    ids = _claim_ids(run)
    run("verdict", ids[0], "True")
    (article, overall) = _lines(run("status", "--json"))
    assert article["agreement"] == {
        "reviewers": ["ann"],
        "claims_compared": 0,
        "percent_agreement": None,
        "cohen_kappa": None,
        "krippendorff_alpha": None,
    }
    assert "agreement" not in run("status").stdout
    for who in ("bob", "cy"):  # three reviewers: no kappa; one label only: no alpha
        run("verdict", ids[0], "True", "--reviewer", who)
    agreement = _lines(run("status", "--json"))[0]["agreement"]
    assert agreement["percent_agreement"] == 100.0 and agreement["cohen_kappa"] is None
    assert agreement["krippendorff_alpha"] is None


def test_status_overall_line_spans_articles(run: Invoke, article_file: Path, tmp_path: Path):
    other = tmp_path / "other.txt"
    other.write_text("A second story. It has two sentences.")
    run("add", "article", str(article_file), str(other))
    claims = _lines(run("claims", "--json"))
    first = next(c["id"] for c in claims if c["article_id"] == claims[0]["article_id"])
    second = next(c["id"] for c in claims if c["article_id"] != claims[0]["article_id"])
    for claim, bob in ((first, "True"), (second, "False")):
        run("verdict", claim, "True")
        run("verdict", claim, bob, "--reviewer", "bob")
    *articles, overall = _lines(run("status", "--json"))
    assert [a["agreement"]["claims_compared"] for a in articles] == [1, 1]
    assert overall["agreement"]["claims_compared"] == 2
    assert overall["agreement"]["percent_agreement"] == 50.0
    # The first article's first unit is its heading: counted apart from progress.
    assert overall["reviewers"] == [
        {"reviewer": "ann", "reviewed": 1, "other_reviewed": 1},
        {"reviewer": "bob", "reviewed": 1, "other_reviewed": 1},
    ]
    assert "All articles: agreement 2 claims compared, 50% unanimous" in run("status").stdout


def test_merge_into_a_read_only_database_is_refused(
    run: Invoke, db_path: Path, laptops: tuple[Path, Path]
):
    ann, bob = laptops
    run("merge", str(ann))
    with ReviewStore(db_path) as store:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db_path.chmod(0o444)
    try:
        _fails(run("merge", str(bob)), "is read-only: nothing was written")
        dry = run("merge", "--dry-run", str(bob))  # a dry run only reads, so it still works
        assert dry.exit_code == 0 and "would add 0 articles" in dry.stdout
    finally:
        db_path.chmod(0o644)
    assert len(_lines(run("conflicts", "--json"))) == 0
