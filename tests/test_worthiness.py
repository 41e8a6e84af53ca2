"""Check-worthiness: ranking metrics, and the default scorer's fixes from issue 14."""

from __future__ import annotations

import re

import pytest

from workbench.claims.extract import extract_claims
from workbench.claims.ranking_metrics import (
    average_precision,
    evaluate_documents,
    precision_at,
    r_precision,
    ranked_labels,
)
from workbench.claims.signals import find_signals
from workbench.claims.worthiness import score


def test_average_precision_matches_the_clef_definition() -> None:
    # hits at ranks 1 and 3: (1/1 + 2/3) / 2
    assert average_precision([1, 0, 1, 0]) == pytest.approx((1 + 2 / 3) / 2)
    assert average_precision([0, 0, 0]) == 0.0
    assert precision_at([1, 0, 1], 5) == pytest.approx(2 / 5)  # a short list counts as 5
    assert r_precision([0, 1, 1, 0]) == pytest.approx(0.5)


def test_ties_keep_document_order_and_documents_are_averaged() -> None:
    assert ranked_labels([0.5, 0.9, 0.5], [1, 0, 0]) == [0, 1, 0]
    scores = evaluate_documents([([0.9, 0.1], [1, 0]), ([0.9, 0.1], [0, 1])])
    assert scores.documents == 2 and scores.map == pytest.approx((1 + 0.5) / 2)


def _score(text: str, kind: str = "claim", flags: int = 0) -> float:
    return score(kind, find_signals(text), text, flags)[0]


def test_vague_amounts_weigh_less_than_figures() -> None:
    exact = _score("The council said 34 families were moved out of the flooded estate.")
    vague = _score("The council said several families were moved out of the flooded estate.")
    assert vague < exact


@pytest.mark.parametrize(
    ("text", "found"),
    [("Wages in the town have not risen since the 1980s, the union said.", "1980s"),
     ("Airport security was tightened across the country after 9/11 and never eased.", "9/11")],
)  # fmt: skip
def test_decades_and_slash_dates_are_dates(text: str, found: str) -> None:
    assert [d.text for d in find_signals(text).dates] == [found]
    reasons = score("claim", find_signals(text), text)[1]
    assert any(r.startswith(f"dates: {found}") for r in reasons)


def test_a_fraction_is_not_a_date() -> None:
    assert find_signals("Turnout fell to 2/3 of the usual level.").dates == []


def test_a_flagged_sentence_ranks_higher() -> None:
    text = "The ferry left the harbour on Tuesday with 120 passengers aboard."
    assert _score(text, flags=1) > _score(text)


def test_an_opinion_quote_ranks_below_a_factual_claim() -> None:
    units = extract_claims(
        "The mill closed in March after 61 years, putting 240 people out of work.\n\n"
        "“We have built something truly wonderful here and I am proud of it,” said the "
        "owner, Ada Kerslake.\n"
    )
    fact, quote = units
    assert quote.kind == "quote" and quote.worthiness < fact.worthiness


@pytest.mark.parametrize(
    "text",
    ["The river peaked at 4.2 metres on Sunday, the highest since 1968, officials said.",
     "Could the town have done more?", "I think we will do better next year."],
)  # fmt: skip
def test_the_base_and_the_reasons_add_up_to_the_score(text: str) -> None:
    value, reasons = score("claim", find_signals(text), text)
    weights = [float(m.group(1)) for r in reasons if (m := re.search(r"\(([+-]\d+\.\d\d)\)$", r))]
    assert reasons[0].startswith("base for a claim")
    assert len(weights) == len(reasons)
    assert sum(weights) == pytest.approx(value)
