"""The CSV report, read back with the csv module: one row per claim and reviewer."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review_db import ReviewStore
from workbench.config import Config
from workbench.export import render_report, write_report
from workbench.export.csv import COLUMNS, INTERNAL_COLUMNS, neutralise

from .export_review import (
    FORMULA_NOTE,
    NOTE,
    OUTSIDE_QUOTE,
    OUTSIDE_URL,
    SOURCE_TITLE,
    build_review,
)


def _rows(store: ReviewStore, internal: bool = True) -> list[dict[str, str]]:
    text = render_report(store, Config(), "csv", internal=internal, bom=False).text
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == (INTERNAL_COLUMNS if internal else COLUMNS)
    return list(reader)


def test_one_row_per_claim_and_reviewer(store: ReviewStore) -> None:
    review = build_review(store)
    rows = _rows(store)
    pairs = [(r["claim_id"], r["reviewer"]) for r in rows]
    one, two, three, four, five = review.claims
    assert (one, "ann") in pairs and (one, "bob") in pairs
    assert (five, "") in pairs  # nobody reviewed it: one row, reviewer empty
    assert len(rows) == 1 + 2 * 4 + 1  # heading, four claims by two reviewers, the last
    ann = next(r for r in rows if r["claim_id"] == one and r["reviewer"] == "ann")
    assert ann["note"] == NOTE  # newlines, quotes and markup survive the round trip
    assert ann["verdict"] == "False" and ann["ordinal"] == "2"
    assert ann["evidence"].endswith(
        f"passage {review.passage_id}, https://council.example/m: "
        '"The motion carried 7-2 on Monday."'
    )
    bob = next(r for r in rows if r["claim_id"] == one and r["reviewer"] == "bob")
    assert bob["evidence"].splitlines()[1] == f'[2] {OUTSIDE_URL}: "{OUTSIDE_QUOTE}"'
    assert bob["worthiness"] == "0.50"
    assert bob["reviewed_at"].endswith("Z")
    flagged = next(r for r in rows if r["claim_id"] == two)
    assert flagged["flags"] == "quantity-mismatch"


def test_published_sheet_shows_evidence_as_title_url_quote_without_ids(
    store: ReviewStore,
) -> None:
    review = build_review(store)
    rows = _rows(store, internal=False)
    bob = next(r for r in rows if r["ordinal"] == "2" and r["reviewer"] == "bob")
    assert bob["evidence"].splitlines() == [
        f"[1] {SOURCE_TITLE}, Harlow Vale Council, 2026-03-09, https://council.example/m: "
        '"The motion carried 7-2 on Monday."',
        f'[2] {OUTSIDE_URL}: "{OUTSIDE_QUOTE}"',
    ]
    assert bob["article_url"] == "https://news.example/bridge"
    text = render_report(store, Config(), "csv").text
    for internal in (review.passage_id, review.article_id, review.claims[0], "minutes.txt"):
        assert internal not in text  # no id, no local path


def test_formulas_are_neutralised(store: ReviewStore) -> None:
    review = build_review(store)
    rows = _rows(store)
    three = [r for r in rows if r["claim_id"] == review.claims[2]]
    assert all(r["text"].startswith("'=HYPERLINK(") for r in three)
    ann = next(r for r in three if r["reviewer"] == "ann")
    assert ann["note"] == "'" + FORMULA_NOTE
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_each_formula_start(cell: str) -> None:
    assert neutralise(cell) == "'" + cell
    assert neutralise("a" + cell) == "a" + cell


def test_utf8_with_a_byte_order_mark_by_default(store: ReviewStore, tmp_path: Path) -> None:
    build_review(store)
    path = tmp_path / "review.csv"
    write_report(store, Config(), "csv", path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfarticle_title,")  # Excel reads UTF-8
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert any("🎉" in r["note"] for r in rows)
    assert rows[0]["article_title"].endswith("🌉")
    plain = tmp_path / "plain.csv"
    write_report(store, Config(), "csv", plain, bom=False)
    assert plain.read_bytes().startswith(b"article_title,")


@given(st.lists(st.text(max_size=20), min_size=1, max_size=5))
def test_any_cells_read_back_as_written_or_neutralised(cells: list[str]) -> None:
    out = io.StringIO()
    csv.writer(out).writerow([neutralise(c) for c in cells])
    (row,) = csv.reader(io.StringIO(out.getvalue(), newline=""))
    assert row == [("'" + c if c[:1] in ("=", "+", "-", "@", "\t", "\r") else c) for c in cells]
