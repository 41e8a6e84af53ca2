"""Consistency flags on articles written for these tests: planted contradictions are
flagged (at least 90% of them), and no article gets more than one false flag."""

from __future__ import annotations

from workbench.claims.extract import extract_claims

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
