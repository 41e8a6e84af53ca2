"""The one reading of numbers (``workbench.claims.quantities``), shared by the claims'
signals and the contradiction flags: each decision where the two parsers used to differ."""

from __future__ import annotations

import math

import pytest

from workbench.claims.extract import extract_claims
from workbench.claims.quantities import Quantity, find_quantities
from workbench.claims.signals import find_numbers


def ranges(text: str) -> list[tuple[str, float, float, str]]:
    return [(q.text, q.low, q.high, q.kind) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Ninety-nine sheep died.", 99),
        ("Twenty one sheep died.", 21),
        ("Two hundred and fifty sheep died.", 250),
        ("Two dozen sheep died.", 24),
        ("A dozen sheep died.", 12),
        ("Three million sheep died.", 3e6),
        ("Zero sheep died.", 0),
    ],
)
def test_number_words_are_one_number(text: str, value: float) -> None:
    assert [(q.low, q.high) for q in find_quantities(text)] == [(value, value)]


def test_signals_read_ninety_nine_as_one_number() -> None:
    assert [(q.text, q.low) for q in find_numbers("Ninety-nine sheep died.")] == [
        ("Ninety-nine", 99.0)
    ]


def test_a_bare_one_is_not_listed_but_one_million_is() -> None:
    assert find_numbers("One of the sheep died.") == []
    assert [q.low for q in find_numbers("One million sheep died.")] == [1e6]


def test_vague_amounts_are_ranges_and_scores_reach_hundreds() -> None:
    assert ranges("Scores of people fled.") == [("Scores", 40, 199, "count")]
    assert ranges("Dozens of people fled.") == [("Dozens", 24, 99, "count")]
    assert all(q.vague for q in find_quantities("Scores, dozens and hundreds fled."))


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("More than 30 people fled.", 30, math.inf),
        ("At least 30 people fled.", 30, math.inf),
        ("No fewer than 30 people fled.", 30, math.inf),
        ("No more than 30 people fled.", 0, 30),
        ("Up to 30 people fled.", 0, 30),
        ("Nearly 100 people fled.", 85, 100),
        ("About 100 people fled.", 90, 110),
        ("An estimated 100 people fled.", 90, 110),
    ],
)
def test_comparatives_bound_one_side(text: str, low: float, high: float) -> None:
    [q] = find_quantities(text)
    assert (q.low, q.high) == pytest.approx((low, high))
    assert q.start == 0  # the qualifier is part of the quantity's span


def test_an_open_bound_is_stored_as_null_and_read_back() -> None:
    [q] = find_quantities("More than 30 people fled.")
    stored = q.as_json()
    assert stored["range"] == [30.0, None] and stored["value"] is None
    assert Quantity.from_json({**stored, "start": 100, "end": 112}, 100) == q


def test_years_and_figures() -> None:
    assert ranges("The storm was the worst since 1984.") == [("1984", 1984, 1984, "year")]
    assert ranges("Records began in 1500.") == [("1500", 1500, 1500, "year")]
    assert ranges("1500 people fled.") == [("1500", 1500, 1500, "count")]
    # A comma makes a figure: "1,840 people" used to be dropped from signals as a year.
    assert [q.text for q in find_numbers("1,840 people were moved.")] == ["1,840"]


def test_money_by_sign_or_word() -> None:
    [q] = find_quantities("It cost 1,500 million dollars.")
    assert (q.kind, q.currency, q.low) == ("money", "$", 1.5e9)
    assert [(q.kind, q.currency) for q in find_quantities("It cost £38m.")] == [("money", "£")]
    assert [(q.kind, q.currency) for q in find_quantities("Forty euros each.")] == [("money", "€")]
    assert [q.kind for q in find_quantities("It weighed 5 pounds.")] == ["count"]
    assert [q.kind for q in find_quantities("The wave was 4.2m high.")] == ["measure"]


def test_times_dates_and_codes_are_not_quantities() -> None:
    assert find_quantities("At 3:40 and 7 pm, after 9/11 and COVID19.") == []
    assert find_numbers("On 10 September 2001 nothing happened.") == []


def test_more_than_has_no_ceiling_in_the_articles_own_consistency() -> None:
    # "more than 30" used to be 30-300 here (and 30 and up in the contradiction flags),
    # so 400 killed elsewhere in the article was a quantity-mismatch.
    text = (
        "More than 30 people were killed in the flood, police said.\n\n"
        "Officials later said 400 people were killed in the flood."
    )
    flags = [f["type"] for c in extract_claims(text) for f in c.signals["flags"]]
    assert "quantity-mismatch" not in flags
    text = text.replace("More than 30", "Thirty")
    flags = [f["type"] for c in extract_claims(text) for f in c.signals["flags"]]
    assert "quantity-mismatch" in flags
