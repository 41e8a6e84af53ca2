"""The consistency targets of issue 14, on articles written for these tests: at least 90%
of planted inconsistencies flagged, at most one false flag per article.

Every inconsistency type is planted at least once: the same measurement given two values
by two sources (metres, degrees, percent, money, people counts), a figure in a list
against the same figure in the text, a count of the dead or hurt given two ways, a weekday
that does not fit its date, a relative day the dateline contradicts, and a bare weekday
whose reading is really ambiguous.  Each article also holds figures that agree, or that
look alike but measure different things, which must not be flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

from review_db import ids
from workbench.claims.extract import extract_claims


@dataclass(frozen=True)
class Planted:
    """One planted inconsistency: its flag type and words from each place it joins."""

    kind: str
    places: tuple[str, ...]


@dataclass(frozen=True)
class Article:
    name: str
    text: str
    planted: tuple[Planted, ...]


ARTICLES = (
    Article(
        "flood",
        """Ouse Beck floods Carrow for the second time in a month

Wednesday, January 21, 2026

The Ouse Beck peaked at 3.8 metres at Carrow weir on Monday, the river authority said.

Volunteers at the sandbag depot said the beck reached a peak of 3.2 metres on Monday evening.

The water stood 0.6 metres deep in Weir Lane, and 40 homes were flooded.

Residents were moved to the school hall, which was reopened on Tuesday, January 20.

The authority said the defences had been raised by 0.6 metres since 2019.

Reporting by Ada Moss; Editing by Carl Wynn
""",
        (Planted("measurement-mismatch", ("peaked at 3.8 metres", "peak of 3.2 metres")),),
    ),
    Article(
        "heatwave",
        """Heat record falls in Sarno

Friday, July 17, 2026

The temperature in Sarno hit 41.2 degrees on Thursday, the weather service said.

A university station in the city said the temperature hit 39.5 degrees that afternoon.

Yesterday, Wednesday, two hospitals opened cooling rooms for older patients.

Water use rose 12% during the week, the utility said, while power use rose 8%.

Officials confirmed on Tuesday, July 14 that schools would close early.
""",
        (
            Planted("measurement-mismatch", ("hit 41.2 degrees", "hit 39.5 degrees")),
            Planted("relative-date-inconsistent", ("Yesterday, Wednesday",)),
        ),
    ),
    Article(
        "budget",
        """Tolland council sets its budget

Thursday, March 5, 2026

Tolland council approved a budget of £48.5m on Wednesday, its finance chief said.

Spending on roads will rise to £6.2m, and spending on libraries will stay at £1.1m.

Council tax will rise 4.9%, the council said.

Key figures:

- Budget: £46.5m
- Council tax: 4.9%
- Roads: £6.2m

Opposition councillors said the budget of £48.5m left too little for social care.

By Lina Ortez
""",
        (Planted("measurement-mismatch", ("budget of £48.5m", "Budget: £46.5m")),),
    ),
    Article(
        "festival",
        """Crowds pack Brenmoor folk festival

Monday, August 10, 2026

A crowd of 18,000 attended the Brenmoor folk festival over the weekend, the organisers said.

Police estimated that a crowd of 12,000 attended on the final night.

Four people were injured when a stage barrier gave way, the ambulance service said.

The festival director said six people were injured in the barrier collapse.

Tickets cost £65, up from £60 last year.

The festival opened on Friday, August 8, with a parade through the town.

Additional reporting by Rui Fenn
""",
        (
            Planted("measurement-mismatch", ("crowd of 18,000", "crowd of 12,000")),
            Planted("quantity-mismatch", ("Four people were injured", "six people were injured")),
            Planted("weekday-date-mismatch", ("Friday, August 8",)),
        ),
    ),
    Article(
        "jobs",
        """Calder valley jobless rate falls

Tuesday, June 9, 2026

Unemployment in the Calder valley fell to 5.4% in May, the regional statistics office said.

The valley economy grew 1.8% over the year, helped by new warehouse jobs.

The office first reported the figures on Thursday, May 14, 2026 at a briefing in Hebble.

Officials said on Friday that the rate for young people had also fallen.

At a glance:

- Unemployment: 5.4%
- Growth: 2.3%
- Warehouse jobs added: 1,400

Reporting by Noor Vance
""",
        (
            Planted("measurement-mismatch", ("grew 1.8%", "Growth: 2.3%")),
            Planted("relative-date-inconsistent", ("on Friday that the rate",)),
        ),
    ),
    Article(
        "ferry",
        """Ferry fire off Skerra

Sunday, September 20, 2026

SKERRA (Reuters) - Three crew members died in a fire aboard the ferry Tern, the coastguard said.

The operator said two crew members were killed and 14 passengers were hurt.

Fourteen passengers were treated for smoke, the hospital said.

The fire broke out on Thursday, September 18 in the engine room.

Repairs will cost $2.4 million, the operator said, and the ship will be out of service until spring.

The harbour master said on Saturday that the ship was towed in at dawn.

A sister ship, the Petrel, was repaired in 2024 at a cost of $1.1 million.
""",
        (
            Planted(
                "quantity-mismatch", ("Three crew members died", "two crew members were killed")
            ),
            Planted("weekday-date-mismatch", ("Thursday, September 18",)),
        ),
    ),
)


@dataclass(frozen=True)
class Score:
    article: str
    planted: int
    caught: int
    false: list[str]


def score(article: Article) -> Score:
    """Planted inconsistencies caught, and the flags that match none of them."""
    claims = extract_claims(article.text)
    article_id = ids.article_id(article.text)
    by_id = {ids.claim_id(article_id, i + 1, c.text): c for i, c in enumerate(claims)}
    carried = {
        f["message"]: f for c in claims for f in c.signals["flags"] if f.get("claims")
    }.values()

    def matches(flag: dict, planted: Planted) -> bool:
        named = [by_id[i].text for i in flag["claims"] if i in by_id]
        return flag["type"] == planted.kind and all(
            any(words in text for text in named) for words in planted.places
        )

    caught = sum(any(matches(f, p) for f in carried) for p in article.planted)
    false = [f["message"] for f in carried if not any(matches(f, p) for p in article.planted)]
    return Score(article.name, len(article.planted), caught, false)


def test_planted_inconsistencies_meet_the_targets() -> None:
    scores = [score(a) for a in ARTICLES]
    for s in scores:
        assert len(s.false) <= 1, (s.article, s.false)
    assert sum(s.caught for s in scores) / sum(s.planted for s in scores) >= 0.9, scores


def test_every_named_type_is_planted() -> None:
    kinds = {p.kind for a in ARTICLES for p in a.planted}
    assert kinds == {
        "measurement-mismatch",
        "quantity-mismatch",
        "weekday-date-mismatch",
        "relative-date-inconsistent",
    }
    assert len(ARTICLES) >= 5
