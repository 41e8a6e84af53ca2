"""Consistency flags on articles written for these tests: planted contradictions are
flagged (at least 90% of them), and no article gets more than one false flag."""

from __future__ import annotations

import random

import pytest

from review_db.models import Flag
from workbench.claims import calendar_checks, consistency, count_checks
from workbench.claims.consistency import Place, held_flags
from workbench.claims.extract import extract_claims
from workbench.claims.kinds import Unit, classify
from workbench.claims.segment import segment_sentences
from workbench.claims.signals import find_signals

# Each article: its text, and the planted contradictions as (flag type, words in a claim
# that must carry it).
RIVER = """Tarn bursts its banks as Millbrook waits for the crest

Monday, February 9, 2026

The River Tarn peaked at 5.1 metres at Millbrook Bridge on Sunday, the flood agency said.

A council engineer said the river had crested at 4.6 metres shortly after midnight.

Two people died when their car was swept off the Hollins road, police said.

Police later said three people were killed on the Hollins road.

Some 800 homes were evacuated, and the water was 1.2 metres deep in Mill Lane.

"We have never seen anything like it," said resident Orla Pike.

Reporting by Jem Castle; Editing by Ruth Ames
"""
RIVER_PLANTED = [
    ("measurement-mismatch", "peaked at 5.1 metres"),
    ("measurement-mismatch", "crested at 4.6 metres"),
    ("quantity-mismatch", "Two people died"),
    ("quantity-mismatch", "three people were killed"),
]

ECONOMY = """Ashland economy slows as exports stall

The Ashland economy grew 2.4% in the year to June, the statistics office said on Tuesday.

Prices rose 3% over the same period while wages rose 5%.

Unemployment held at 4.1%, the lowest level since 2008.

At a glance:

- Growth: 1.9%
- Unemployment: 4.1%

The finance minister said the figures showed "a resilient economy".

Additional reporting by Pia Lorne
"""
ECONOMY_PLANTED = [
    ("measurement-mismatch", "grew 2.4%"),
    ("measurement-mismatch", "Growth: 1.9%"),
]

STORM = """Storm Wren closes ports

Thursday, October 15, 2026

Storm Wren made landfall on Tuesday, October 13, 2026, bringing gusts of 90 mph.

The harbour master said on Wednesday, October 14 that all ferries were cancelled.

Forecasters said on Saturday, October 16, 2026 that the storm would weaken.

The temperature fell to 4 degrees overnight, the weather office said.

By Nell Hart
"""
STORM_PLANTED = [("weekday-date-mismatch", "Saturday, October 16")]


def _flags(text: str) -> list[tuple[str, str, str]]:
    return [
        (flag["type"], claim.text, claim.kind)
        for claim in extract_claims(text)
        for flag in claim.signals["flags"]
    ]


def test_planted_contradictions_are_flagged_with_few_false_flags() -> None:
    caught = planted = 0
    for text, wanted in ((RIVER, RIVER_PLANTED), (ECONOMY, ECONOMY_PLANTED),
                         (STORM, STORM_PLANTED)):  # fmt: skip
        flags = _flags(text)
        hits = [
            any(t == kind and words in claim for t, claim, _ in flags) for kind, words in wanted
        ]
        caught += sum(hits)
        planted += len(wanted)
        false = [
            (t, claim) for t, claim, _ in flags
            if not any(t == kind and words in claim for kind, words in wanted)
        ]  # fmt: skip
        assert len(false) <= 1, false
    assert caught / planted >= 0.9


def test_staff_credits_are_credits_not_headings() -> None:
    kinds = {c.text: c.kind for c in extract_claims(RIVER + "\n" + ECONOMY + "\n" + STORM)}
    assert kinds["Reporting by Jem Castle; Editing by Ruth Ames"] == "credit"
    assert kinds["Additional reporting by Pia Lorne"] == "credit"
    assert kinds["By Nell Hart"] == "credit"


def test_a_flagged_claim_ranks_above_its_unflagged_twin() -> None:
    claims = {c.text: c for c in extract_claims(RIVER)}
    flagged = claims[
        "A council engineer said the river had crested at 4.6 metres shortly after midnight."
    ]
    assert flagged.signals["flags"]
    assert any(r.startswith("consistency flags: 1") for r in flagged.signals["reasons"])


# -- bare weekdays: flagged only when the reading is really ambiguous, on one claim ---------

FERRY = """Ferry strike enters its second week

Monday, March 16, 2026

Crews on the Kestrel Isles ferries stayed ashore on Sunday as the strike went on.

Union leaders met the operator on Friday but no deal was reached, the union said.

The walkout began on Tuesday, March 3, 2026 after talks over rotas collapsed.

Shops on Lanna island ran short of bread by Thursday, traders said.

A further meeting is planned for Wednesday, the operator said.
"""

ELECTION = """Harwick votes on new mayor

Monday, April 20, 2026

Candidates made their final pitches on Sunday before polling day.

Voters go to the polls on Thursday, May 7, 2026, the electoral office said.

On Saturday, the two leading candidates debated on local radio.
"""

# The dateline is months after a day the story names by its weekday: the dateline is
# doubtful, so every bare weekday read against it is too; one claim shows why.
ORCHARD = """Saturday, November 14, 2026

Frost ruins apple harvest in Vell valley

Growers in the Vell valley said on Friday that frost had killed most of the blossom.

The cooperative met on Sunday to plan for a smaller crop, its chair said.

Frost first struck on Tuesday, August 4, 2026, when the valley fell to minus two.

Buyers were told on Monday that prices would rise.
"""


def _date_flag_holders(text: str) -> list[str]:
    return [
        claim.text
        for claim in extract_claims(text)
        if any(f["type"] == "relative-date-inconsistent" for f in claim.signals["flags"])
    ]


def test_a_bare_weekday_after_an_earlier_date_is_flagged_once() -> None:
    assert _date_flag_holders(FERRY) == [
        "Shops on Lanna island ran short of bread by Thursday, traders said."
    ]
    (flag,) = next(c for c in extract_claims(FERRY) if "bread" in c.text).signals["flags"]
    assert flag["message"] == (
        "“by Thursday” follows “Tuesday, March 3, 2026”, so it may mean Thursday, March 5, "
        "2026; read against the dateline (Monday, March 16, 2026) it means Thursday, "
        "March 12, 2026: which is meant?"
    )


def test_a_future_day_named_with_its_weekday_leaves_bare_weekdays_alone() -> None:
    assert all(claim.signals["flags"] == [] for claim in extract_claims(ELECTION))


def test_a_doubtful_dateline_is_one_flag_on_the_claim_that_shows_it() -> None:
    # Two problems, two claims: the doubtful dateline (shown by the far weekday), and a
    # bare weekday right after that far date.  The weekdays near the dateline carry none.
    assert _date_flag_holders(ORCHARD) == [
        "Frost first struck on Tuesday, August 4, 2026, when the valley fell to minus two.",
        "Buyers were told on Monday that prices would rise.",
    ]
    messages = [f["message"] for c in extract_claims(ORCHARD) for f in c.signals["flags"]]
    assert messages == [
        "the dateline (Saturday, November 14, 2026) is 102 days after “Tuesday, August 4, "
        "2026”, a day the article names by its weekday as if recent, so its bare weekdays "
        "(“on Friday”, “on Sunday”; 2 in all) cannot be pinned to a date",
        "“on Monday” follows “Tuesday, August 4, 2026”, so it may mean Monday, August 10, "
        "2026; read against the dateline (Saturday, November 14, 2026) it means Monday, "
        "November 9, 2026: which is meant?",
    ]


def test_the_dateline_is_known_by_its_type_not_its_reasons() -> None:
    units = [
        Unit(index=i, start=0, end=len(t), text=t, whole_block=True)
        for i, t in enumerate(["Harbour reopens", "Monday, February 9, 2026", "It rained."])
    ]
    classify(units)
    assert [u.dateline for u in units] == [False, True, False]


def _every_flag(places: list[Place]) -> list[Flag]:
    """Every flag of an article, measurement pairs listed one by one: the plain
    quadratic reading that ``held_flags`` must agree with."""
    calendar = calendar_checks.Calendar(places)
    flags = [*calendar.weekday_flags(), *calendar.relative_flags()]
    flags += count_checks.quantity_flags(places)
    found = [m for p in places if p.unit.kind not in ("credit", "caption")
             for m in count_checks.measures(p)]  # fmt: skip
    seen: set[tuple[str, str]] = set()
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            key = (a.place.claim_id, b.place.claim_id)
            if a.place is b.place or (a.name, a.unit) != (b.name, b.unit) or key in seen:
                continue
            if a.quantity.low != b.quantity.low:
                seen.add(key)
                flags.append(count_checks.pair_flag([a], [b]))
    return flags


def _shown(flags: list[Flag], claim_id: str) -> list[Flag]:
    shown: list[Flag] = []
    counts: dict[str, int] = {}
    for flag in flags:
        if claim_id in flag.holders:
            counts[flag.type] = counts.get(flag.type, 0) + 1
            if counts[flag.type] <= consistency.MAX_FLAGS_PER_TYPE:
                shown.append(flag)
    limit = consistency.MAX_FLAGS_PER_TYPE
    return shown + [
        Flag(t, f"and {n - limit} more {t} flags on this claim", (claim_id,), (), (claim_id,))
        for t, n in counts.items()
        if n > limit
    ]


def _figures_article(seed: int) -> str:
    rng = random.Random(seed)
    parts = ["the river peaked at {} metres", "growth of {}%", "the budget was £{}m",
             "{} people were killed", "the temperature hit {} degrees"]  # fmt: skip
    values = ["4.2", "3.9", "5", "2", "15"]
    sentences = [
        ", and ".join(rng.choice(parts).format(rng.choice(values))
                      for _ in range(rng.choice([1, 1, 2, 3]))).capitalize() + ", police said."
        for _ in range(120)
    ]  # fmt: skip
    return "Monday, February 9, 2026\n\n" + "\n\n".join(sentences)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_held_flags_are_those_of_listing_every_pair(seed: int) -> None:
    """Many figures of one measure, several to a sentence: each claim shows the flags, and
    the counts, that listing every disagreeing pair in article order would give."""
    text = _figures_article(seed)
    units = [
        Unit(index=i, start=s.start, end=s.end, text=text[s.start : s.end], whole_block=True)
        for i, s in enumerate(segment_sentences(text))
    ]
    classify(units)
    places = [Place(u, f"c{u.index}", find_signals(u.text)) for u in units]
    every = _every_flag(places)
    held = held_flags(places)
    assert any(len(flags) > consistency.MAX_FLAGS_PER_TYPE for flags in held.values())
    for place in places:
        assert held.get(place.claim_id, []) == _shown(every, place.claim_id)
