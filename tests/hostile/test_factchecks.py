"""Attacks on the fact-check library: hostile feeds, files and text reach the terminal inert."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from review_db import ReviewStore
from workbench.factchecks.reading import read_factcheck_file
from workbench.web_url import web_url_problem

from ..conftest import Invoke
from . import (
    LONE_SURROGATE_JSON,
    TERMINAL_ATTACKS,
    assert_inert,
    deep_json,
    huge_int_json,
    make_fifo,
)


def _review(claim: str, **extra: object) -> dict[str, object]:
    return {
        "@type": "ClaimReview",
        "claimReviewed": claim,
        "reviewRating": {"alternateName": "False"},
        **extra,
    }


@pytest.mark.parametrize("attack", sorted(TERMINAL_ATTACKS))
def test_hostile_claims_verdicts_and_names_print_inert(
    run: Invoke, tmp_path: Path, attack: str
) -> None:
    evil = TERMINAL_ATTACKS[attack]
    feed = tmp_path / f"feed{evil.replace(chr(0), '')}.json"
    feed.write_text(
        json.dumps(
            [
                _review(
                    f"Ohio hired 4,200 nurses in 2023 {evil}",
                    reviewRating={"alternateName": f"False{evil}"},
                    author={"name": f"Desk{evil}"},
                    url=f"https://vfc.example/{evil}",
                ),
                {"@type": "ClaimReview", "claimReviewed": evil},  # no rating: listed
            ]
        )
    )
    added = run("add", "factchecks", str(feed))
    assert added.exit_code == 1
    assert_inert(added.output)
    result = run("checked", f"Ohio hired 4200 nurses in 2023 {evil}")
    assert result.exit_code == 0 and "fact-check" in result.output
    assert_inert(result.output)
    as_json = run("checked", "Ohio hired 4200 nurses in 2023", "--json")
    match = json.loads(as_json.output)["matches"][0]
    # only an address the shared rule accepts is ever offered as evidence
    assert match["url"] is None or web_url_problem(match["url"]) is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (deep_json(), "is JSON nested too deeply to be a ClaimReview"),
        (huge_int_json(), "is not usable JSON"),
        ("\ufeff" + json.dumps(_review("BOM first.")), None),
        (json.dumps(_review("x" * 6_000)), "claimReviewed is over 5,000 characters"),
        (json.dumps(_review(123)), "a ClaimReview without claimReviewed"),
        (json.dumps(_review("ok", reviewRating="False")), "a ClaimReview without a rating"),
        (json.dumps({"@graph": {"@graph": [_review("Nested graph.")]}}), None),
        (json.dumps([1, "two", None, []]), "holds no ClaimReview"),
    ],
)
def test_hostile_json_is_one_problem_or_read(
    tmp_path: Path, content: str, message: str | None
) -> None:
    path = tmp_path / "feed.json"
    path.write_text(content, encoding="utf-8")
    entries = list(read_factcheck_file(path))
    problems = [e.problem for e in entries if e.problem]
    if message is None:
        assert problems == [] and [e.factcheck for e in entries if e.factcheck]
    else:
        assert len(problems) == 1 and message in problems[0], problems


def test_lone_surrogates_and_undecodable_lines_are_skipped(
    run: Invoke, tmp_path: Path, db_path: Path
) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(
        LONE_SURROGATE_JSON.replace("text", "claimReviewed").encode()
        + b"\n\xff\xfe bad bytes\n"
        + json.dumps(_review("Good line.")).encode()
        + b"\n"
    )
    result = run("add", "factchecks", str(path))
    assert result.exit_code == 1
    assert f"{path} line 2: is not UTF-8 text" in result.output
    with ReviewStore(db_path) as store:
        texts = [r[0] for r in store.conn.execute("SELECT claim_reviewed FROM factchecks")]
    assert "Good line." in texts
    assert_inert(result.output)


def test_a_fifo_is_refused_without_blocking(run: Invoke, tmp_path: Path) -> None:
    fifo = make_fifo(tmp_path / "feed.json")
    result = run("add", "factchecks", str(fifo))
    assert result.exit_code == 1
    assert f"Skipped: {fifo}: is not a regular file" in result.output


def test_script_breakout_in_html_is_data(run: Invoke, tmp_path: Path, db_path: Path) -> None:
    page = tmp_path / "page.html"
    # JSON-LD escapes "</" as "<\/" so the page's parser does not end the script early
    page.write_text(
        '<script type="application/ld+json">{"@type": "ClaimReview", "claimReviewed": '
        '"Wind farms killed 12 birds <\\/script><script>alert(1)<\\/script>", '
        '"reviewRating": {"alternateName": "False"}}</script>'
    )
    result = run("add", "factchecks", str(page))
    assert result.exit_code == 0, result.output
    with ReviewStore(db_path) as store:
        [(stored,)] = store.conn.execute("SELECT claim_reviewed FROM factchecks").fetchall()
    assert stored == "Wind farms killed 12 birds </script><script>alert(1)</script>"


def test_fts_syntax_in_a_claim_is_just_words(run: Invoke, tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(_review('Ohio "hired" NEAR(4200 nurses) OR * AND -x')))
    assert run("add", "factchecks", str(feed)).exit_code == 0
    result = run("checked", 'Ohio "hired" NEAR(4200 nurses) OR * AND -x', "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["matches"]
