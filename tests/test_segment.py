"""Sentence segmentation: exact offsets, blocks, golden rules, and hostile text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.claims.extract import extract_claims
from workbench.claims.segment import MAX_CHUNK, segment_sentences

GOLDEN = Path(__file__).resolve().parents[2] / "shared" / "data" / "golden-rules-en.json"


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in segment_sentences(text)]


def _check_spans(text: str) -> None:
    spans = segment_sentences(text)
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        piece = text[span.start : span.end]
        assert piece == piece.strip() and piece
        assert text[previous_end : span.start].strip() == ""  # nothing between units is lost
        previous_end = span.end
    assert text[previous_end:].strip() == ""


_PIECES = list("ab .!?\n\"“”'-•1,:;\t…") + ["Mr. ", "U.S. ", "3.5 ", "\n\n", "Word "]


@given(st.lists(st.sampled_from(_PIECES), max_size=120).map("".join))
def test_spans_cover_the_text_exactly_without_overlap(text: str) -> None:
    _check_spans(text)


@given(st.text(max_size=200))
def test_any_unicode_text_segments_exactly(text: str) -> None:
    _check_spans(text)


def test_paragraphs_lines_and_bullets_are_boundaries() -> None:
    text = (
        "Tuesday, March 10, 2026\n\nRiver floods town\n\n"
        "  • First point here.\n  • Second point here\n\n"
        "A long paragraph that was wrapped by an editor at a fixed width so it\n"
        "continues on the next line. Then another sentence."
    )
    assert _texts(text) == [
        "Tuesday, March 10, 2026",
        "River floods town",
        "• First point here.",
        "• Second point here",
        "A long paragraph that was wrapped by an editor at a fixed width so it\n"
        "continues on the next line.",
        "Then another sentence.",
    ]


def test_quotes_abbreviations_and_decimals_stay_whole() -> None:
    text = (
        '"All of it must stop. The talks are over," the statement said. '
        "Gov. Smith of the U.S. Senate said rates rose 3.5 percent at 9 a.m. on Friday."
    )
    assert _texts(text) == [
        '"All of it must stop. The talks are over," the statement said.',
        "Gov. Smith of the U.S. Senate said rates rose 3.5 percent at 9 a.m. on Friday.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "no punctuation at all just words " * 300,
        "x" * 200_000,
        ("word " * 40_000).strip(),
        "   \n\t  \n ",
        "مرحبا بالعالم. 你好，世界。 Emoji 🎉🎉 here! שלום.",
        "Bell\x07 and escape \x1b[31m red\x1b[0m. Next\x00 one.",
    ],
    ids=[
        "no-punctuation",
        "one-200kB-run",
        "200kB-words",
        "whitespace",
        "mixed-scripts",
        "controls",
    ],
)
def test_hostile_text_gives_sensible_units(text: str) -> None:
    _check_spans(text)
    for span in segment_sentences(text):
        assert span.end - span.start <= MAX_CHUNK


def test_golden_rules() -> None:
    # The project's checkout always has ../shared beside it (CI too): a missing file is a
    # broken setup, not a reason to pass.
    assert GOLDEN.exists(), f"golden rules data not found at {GOLDEN} (it lives in ../shared/data)"
    cases = json.loads(GOLDEN.read_text())["cases"]
    passed = sum(_texts(case["text"]) == case["sentences"] for case in cases)
    assert passed >= 0.95 * len(cases), f"{passed}/{len(cases)} golden rules"


def test_extract_claims_slices_exactly() -> None:
    text = "One claim. Two claims!\n\nThird claim?"
    claims = extract_claims(text)
    assert [c.text for c in claims] == ["One claim.", "Two claims!", "Third claim?"]
    assert all(text[c.start : c.end] == c.text for c in claims)
