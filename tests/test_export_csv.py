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
from workbench.export.csv import COLUMNS, neutralise

from .export_review import FORMULA_NOTE, NOTE, OUTSIDE_URL, build_review


def _rows(store: ReviewStore) -> list[dict[str, str]]:
    text = render_report(store, Config(), "csv").text
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
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
    assert ann["evidence"] == review.passage_id
    bob = next(r for r in rows if r["claim_id"] == one and r["reviewer"] == "bob")
    assert bob["evidence"] == f"{review.passage_id} {OUTSIDE_URL}"
    assert bob["reviewed_at"].endswith("Z")
    flagged = next(r for r in rows if r["claim_id"] == two)
    assert flagged["flags"] == "quantity-mismatch"


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


def test_utf8_with_emoji(store: ReviewStore, tmp_path: Path) -> None:
    build_review(store)
    path = tmp_path / "review.csv"
    write_report(store, Config(), "csv", path)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert any("🎉" in r["note"] for r in rows)
    assert rows[0]["article_title"].endswith("🌉")


@given(st.lists(st.text(max_size=20), min_size=1, max_size=5))
def test_any_cells_read_back_as_written_or_neutralised(cells: list[str]) -> None:
    out = io.StringIO()
    csv.writer(out).writerow([neutralise(c) for c in cells])
    (row,) = csv.reader(io.StringIO(out.getvalue(), newline=""))
    assert row == [("'" + c if c[:1] in ("=", "+", "-", "@", "\t", "\r") else c) for c in cells]
