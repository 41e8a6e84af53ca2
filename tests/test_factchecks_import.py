"""`workbench add factchecks`: ClaimReview in every shape publishers use, bad input, round trip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from review_db import ReviewStore
from workbench.config import Config, Organisation
from workbench.export import render_report
from workbench.factchecks.reading import read_factcheck_file

from .conftest import Invoke
from .export_review import LINES, build_review


def claim_review(claim: str, verdict: str = "False", **extra: Any) -> dict[str, Any]:
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": verdict,
            "ratingValue": "1",
            "bestRating": 5,
            "worstRating": 1,
        },
        "author": {
            "@type": "Organization",
            "name": "Vale Fact Check",
            "url": "https://vfc.example",
        },
        "url": f"https://vfc.example/{abs(hash(claim)) % 10_000}",
        "datePublished": "2025-06-01T09:00:00Z",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Maria Lopez"},
            "appearance": [{"@type": "CreativeWork", "url": "https://social.example/post/1"}],
        },
        "inLanguage": "en",
    }
    review.update(extra)
    return review


def write(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def stored(db_path: Path) -> list[Any]:
    with ReviewStore(db_path) as store:
        rows = store.conn.execute("SELECT id FROM factchecks ORDER BY claim_reviewed").fetchall()
        return [store.factchecks.get(row[0]) for row in rows]


def test_one_object_and_every_field(run: Invoke, tmp_path: Path, db_path: Path) -> None:
    path = write(tmp_path / "one.json", claim_review("Unemployment fell by 25 percent in 2023."))
    result = run("add", "factchecks", str(path))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "Imported 1 fact-checks; skipped 0 already imported, 0 unusable;"
    )
    [check] = stored(db_path)
    assert check.claim_reviewed == "Unemployment fell by 25 percent in 2023."
    assert (check.verdict, check.rating_value, check.best_rating, check.worst_rating) == (
        "False", 1.0, 5.0, 1.0,
    )  # fmt: skip
    assert (check.author_name, check.author_url) == ("Vale Fact Check", "https://vfc.example")
    assert check.date_published == "2025-06-01" and check.language == "en"
    assert check.claim_author == "Maria Lopez"
    assert check.appearances == ("https://social.example/post/1",)
    assert check.url is not None and check.url.startswith("https://vfc.example/")
    assert check.terms == "unemployment fall 25 percent 2023"
    assert len(check.id) == 16


def test_array_graph_feed_and_jsonl(run: Invoke, tmp_path: Path, db_path: Path) -> None:
    array = write(tmp_path / "array.json", [claim_review("A1 claim."), claim_review("A2 claim.")])
    graph = write(
        tmp_path / "graph.json",
        {"@context": "https://schema.org", "@graph": [
            {"@type": "WebPage", "name": "not a review"}, claim_review("G1 claim."),
        ]},
    )  # fmt: skip
    feed = write(
        tmp_path / "feed.json",
        {"@type": "DataFeed", "dataFeedElement": [
            {"@type": "DataFeedItem",
             "item": [claim_review("F1 claim."), claim_review("F2 claim.")]},
            {"@type": "DataFeedItem", "item": claim_review("F3 claim.")},
        ]},
    )  # fmt: skip
    lines = tmp_path / "lines.jsonl"
    lines.write_text(
        json.dumps(claim_review("L1 claim."))
        + "\n\n"
        + json.dumps(claim_review("L2 claim."))
        + "\n"
    )
    result = run("add", "factchecks", str(array), str(graph), str(feed), str(lines))
    assert result.exit_code == 0, result.output
    assert "Imported 8 fact-checks" in result.output
    assert len(stored(db_path)) == 8


def test_html_pages_give_their_ld_json_claim_reviews(
    run: Invoke, tmp_path: Path, db_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><script type='application/ld+json'>"
        + json.dumps({"@type": "Organization", "name": "Vale"})
        + '</script><script type="application/ld+json">'
        + json.dumps(claim_review("The bridge will cost £4.5 million &amp; more."))
        + "</script><script>var x = 1;</script></head><body>text</body></html>"
    )
    result = run("add", "factchecks", str(page))
    assert result.exit_code == 0, result.output
    [check] = stored(db_path)
    assert check.claim_reviewed == "The bridge will cost £4.5 million &amp; more."  # data, as given


def test_duplicates_are_skipped_and_counted(run: Invoke, tmp_path: Path, db_path: Path) -> None:
    path = write(tmp_path / "a.json", [claim_review("Same claim."), claim_review("Same claim.")])
    first = run("add", "factchecks", str(path))
    assert "Imported 1 fact-checks; skipped 1 already imported" in first.output
    again = run("add", "factchecks", str(path))
    assert "Imported 0 fact-checks; skipped 2 already imported" in again.output
    assert len(stored(db_path)) == 1


def test_malformed_entries_are_listed_by_position_and_the_rest_imported(
    run: Invoke, tmp_path: Path, db_path: Path
) -> None:
    no_claim = claim_review("x")
    del no_claim["claimReviewed"]
    feed = write(
        tmp_path / "feed.json",
        {"dataFeedElement": [{"item": [claim_review("Good one."), no_claim]},
                             {"item": [claim_review("No rating.", reviewRating=None)]}]},
    )  # fmt: skip
    lines = tmp_path / "lines.jsonl"
    lines.write_text(json.dumps(claim_review("Good two.")) + "\n{broken\n")
    result = run("add", "factchecks", str(feed), str(lines))
    assert result.exit_code == 1
    assert (
        f"Skipped: {feed} entry dataFeedElement[0].item[1]: a ClaimReview without "
        "claimReviewed; skipped"
    ) in result.output
    assert (
        f"Skipped: {feed} entry dataFeedElement[1].item[0]: a ClaimReview without a rating "
        "(reviewRating alternateName or ratingValue); skipped"
    ) in result.output
    assert f"Skipped: {lines} line 2: is not valid JSON" in result.output
    assert "Imported 2 fact-checks; skipped 0 already imported, 3 unusable" in result.output
    assert result.output.rstrip().splitlines()[-1].startswith("Error: 3 entries could not be")
    assert [c.claim_reviewed for c in stored(db_path)] == ["Good one.", "Good two."]


def test_each_bad_file_is_one_line_and_nothing_of_it_is_imported(
    run: Invoke, tmp_path: Path, db_path: Path
) -> None:
    not_json = tmp_path / "notjson.json"
    not_json.write_text("this is not json {")
    no_review = write(tmp_path / "none.json", {"@type": "WebPage", "name": "x"})
    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:
        f.truncate(1024 * 1024 * 1024)  # sparse: 1 GB on paper, nothing on disk
    broken_page = tmp_path / "broken.html"
    broken_page.write_text('<script type="application/ld+json">{"@type": "ClaimReview", </script>')
    good = write(tmp_path / "good.json", claim_review("The good one."))
    files = [not_json, no_review, huge, broken_page, good]
    result = run("add", "factchecks", *map(str, files))
    assert result.exit_code == 1
    skipped = [line for line in result.output.splitlines() if line.startswith("Skipped: ")]
    assert skipped == [
        f"Skipped: {not_json}: is not valid JSON (Expecting value at line 1 column 1)",
        f"Skipped: {no_review}: holds no ClaimReview",
        f"Skipped: {huge}: is 1024 MB; a .json or .html file of fact-checks may be at most "
        "64 MB (put one ClaimReview per line in a .jsonl file, which streams); refused",
        f"Skipped: {broken_page} script 1: is not valid JSON "
        "(Expecting property name enclosed in double quotes at line 1 column 26)",
    ]
    assert [c.claim_reviewed for c in stored(db_path)] == ["The good one."]


def test_a_huge_binary_jsonl_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.jsonl"
    with huge.open("wb") as f:
        f.truncate(1024 * 1024 * 1024)
    entries = list(read_factcheck_file(huge))
    assert [e.problem for e in entries] == [f"{huge}: is binary, not JSON lines"]


def test_an_overlong_jsonl_line_is_skipped_and_the_next_read(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_text(
        '"' + "x" * (5 * 1024 * 1024) + '"\n' + json.dumps(claim_review("After.")) + "\n"
    )
    entries = list(read_factcheck_file(path))
    assert entries[0].problem == f"{path} line 1: is over 4 MB, not one ClaimReview; skipped"
    assert entries[1].factcheck is not None and entries[1].factcheck.claim_reviewed == "After."


def test_missing_path_is_one_error_line(run: Invoke, tmp_path: Path) -> None:
    result = run("add", "factchecks", str(tmp_path / "nope.json"))
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'nope.json'}: no such file or folder\n"


def test_the_projects_own_claimreview_export_imports_back(
    store: ReviewStore, tmp_path: Path
) -> None:
    build_review(store)
    organisation = Organisation(
        name="Desk", url="https://desk.example", review_base_url="https://desk.example/r"
    )
    exported = render_report(store, Config(organisation=organisation), "claimreview").text
    path = tmp_path / "export.json"
    path.write_text(exported, encoding="utf-8")
    reviews = json.loads(exported)
    entries = list(read_factcheck_file(path))
    assert [e.problem for e in entries] == [None] * len(reviews)
    checks = [e.factcheck for e in entries if e.factcheck is not None]
    assert [c.claim_reviewed for c in checks] == [r["claimReviewed"] for r in reviews]
    first = checks[0]
    assert first.claim_reviewed == LINES[0] and first.verdict == "False"
    assert (first.rating_value, first.best_rating, first.worst_rating) == (1.0, 5.0, 1.0)
    assert (first.author_name, first.author_url) == ("Desk", "https://desk.example")
    assert first.url is not None and first.url.startswith("https://desk.example/r/")
    assert first.appearances == ("https://news.example/bridge",)
    added = store.factchecks.add(checks)
    assert (added.added, added.skipped) == (len(reviews), 0)
    assert store.factchecks.add(checks).skipped == len(reviews)
