"""Contradiction flags: the issue's examples fire, and precision/recall on labelled pairs
written for the project (tests/fixtures/contradictions.jsonl)."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.claims.extract import extract_claims
from workbench.corpus.contradiction import Statement, contradiction_flags
from workbench.corpus.evaluation import read_labelled_pairs, score_flags
from workbench.errors import InputError

PAIRS = Path(__file__).parent / "fixtures" / "contradictions.jsonl"


def flags(claim: str, passage: str) -> tuple[str, ...]:
    return contradiction_flags(Statement(claim), Statement(passage))


@pytest.mark.parametrize(
    ("claim", "passage", "flag"),
    [
        (
            "Massoud was killed on 10 September 2001 in Khwaja Bahauddin.",
            "Massoud was killed in Khwaja Bahauddin on 9 September 2001.",
            "date-mismatch",
        ),
        (
            "The Taliban took four districts of Baghlan.",
            "The Taliban took three districts of Baghlan in a week.",
            "number-mismatch",
        ),
        (
            "Panjshir is not the only province holding out against the Taliban.",
            "Panjshir remained the only one holding out against the Taliban.",
            "negation",
        ),
        (
            "Rainfall records for the valley began in 1911.",
            "Rainfall records for the valley only began in 1958.",
            "number-mismatch",
        ),
    ],
)
def test_the_issues_contradictions_fire(claim: str, passage: str, flag: str) -> None:
    assert flag in flags(claim, passage)
    assert flags(claim, claim) == ()


def test_labelled_pairs_precision_and_recall() -> None:
    pairs = read_labelled_pairs(PAIRS)
    assert len(pairs) >= 60
    assert sum(bool(p.flags) for p in pairs) >= 30 and sum(not p.flags for p in pairs) >= 30
    for score in score_flags(pairs):
        assert score.precision >= 0.9, score
        assert score.recall >= 0.9, score


@pytest.mark.parametrize(
    ("claim", "passage", "expected"),
    [
        # number words, vague counts and hedges
        ("Ninety-nine sheep died on the fell.", "Ninety-eight sheep died on the fell.", True),
        ("Dozens of people fled the village.", "Thirty people fled the village.", False),
        ("Dozens of people fled the village.", "Hundreds of people fled the village.", True),
        ("More than 30 people fled the village.", "Twelve people fled the village.", True),
        ("Up to 30 people fled the village.", "Twelve people fled the village.", False),
        ("About 1,200 people fled the village.", "1,150 people fled the village.", False),
        # scales, money and percentages
        (
            "The scheme costs $1.5 billion a year.",
            "The scheme costs 1,500 million dollars a year.",
            False,
        ),
        ("The scheme costs $1.5 billion a year.", "The scheme costs £1.5 billion a year.", False),
        ("Turnout was 61 per cent in the city.", "Turnout in the city was 64%.", True),
        # a time of day and a number about something else are not compared
        ("The gauge read 4.2 metres at noon.", "At 3:40 the gauge read 4.2 metres.", False),
        (
            "Four districts fell in Baghlan.",
            "In Baghlan 15 soldiers fell as districts fell.",
            False,
        ),
    ],
)
def test_number_mismatch(claim: str, passage: str, expected: bool) -> None:
    assert ("number-mismatch" in flags(claim, passage)) is expected


@pytest.mark.parametrize(
    ("claim", "passage", "expected"),
    [
        ("The mayor is no longer a party member.", "The mayor is a party member.", True),
        ("Not only the school flooded.", "The school flooded, and the library.", False),
        ("The repairs cost no less than £38 million.", "The repairs cost £38 million.", False),
        ("Nobody was hurt in the warehouse fire.", "No one was hurt in the warehouse fire.", False),
        ("The court did not approve the merger.", "The court approved the merger on Friday.", True),
    ],
)
def test_negation_has_a_scope(claim: str, passage: str, expected: bool) -> None:
    assert ("negation" in flags(claim, passage)) is expected


def test_an_unrelated_passage_is_never_flagged() -> None:
    assert flags("Four districts fell to the Taliban.", "Three bakeries closed in Leeds.") == ()
    assert flags("The bridge did not open.", "The museum opened on Monday.") == ()


def test_a_bad_pairs_file_is_refused_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "pairs.jsonl"
    bad.write_text('{"claim": "a", "passage": "b", "flags": ["typo"]}\n')
    with pytest.raises(InputError, match="line 1: unknown flag"):
        read_labelled_pairs(bad)
    bad.write_text('{"claim": "a"}\n')
    with pytest.raises(InputError, match="line 1: needs"):
        read_labelled_pairs(bad)


def _stored(text: str) -> tuple[str, dict[str, object], int]:
    """The second claim of an article as the store keeps it: its text, signals, start."""
    [_, claim] = extract_claims("Harbour report\n\n" + text)
    return claim.text, claim.signals, claim.start


def test_a_stored_claim_is_read_from_its_signals() -> None:
    text, signals, start = _stored("Ninety-nine sheep died on the fell on 3 March 2021.")
    passage = Statement("Ninety-eight sheep died on the fell on 4 March 2021.")
    claim = Statement.from_claim(text, signals, start)
    assert contradiction_flags(claim, passage) == ("number-mismatch", "date-mismatch")
    assert claim.quantities == Statement(text).quantities
    # The stored numbers are what is compared: a stored 98 agrees with the passage.
    numbers = [{**n, "range": [98.0, 98.0]} for n in signals["numbers"]]  # type: ignore[attr-defined]
    agreeing = Statement.from_claim(text, {**signals, "numbers": numbers}, start)
    assert contradiction_flags(agreeing, passage) == ("date-mismatch",)


@pytest.mark.parametrize(
    "damage",
    [
        {"start": 0},  # offsets of another version of the claim: the span holds other text
        {"range": "many"},
        {"range": [1.0]},
        {"start": "x"},
        {"start": 1.5},
        {"text": None},
    ],
)
def test_stored_numbers_that_do_not_fit_the_claim_are_left_out(damage: dict[str, object]) -> None:
    text, signals, start = _stored("Ninety-nine sheep died on the fell.")
    numbers = [{**n, **damage} for n in signals["numbers"]]  # type: ignore[attr-defined]
    claim = Statement.from_claim(text, {**signals, "numbers": numbers, "dates": "x"}, start)
    assert claim.quantities == []
