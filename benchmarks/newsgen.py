"""A deterministic generator of news-like text, for benchmarks.

Paragraphs mix what real articles hold: attributed statements, numbers and money,
weekdays and dates, quotations over several sentences, abbreviations, bullet lists,
captions and credit lines.  The same seed always gives the same text.
"""

from __future__ import annotations

import random
from typing import Any

PLACES = [
    "Harlow Vale",
    "Port Aldous",
    "Kettle Bridge",
    "New Marston",
    "the Esk valley",
    "Northfield",
    "Lower Brampton",
    "St. Ives Quay",
    "Mt. Carrow",
]
PEOPLE = [
    "Dr. Miriam Okafor",
    "Gov. Alan Pryce",
    "Sen. Ruth Kessler",
    "Prof. Daniel Hargreaves",
    "Jonas Whitby",
    "Priya Natarajan",
    "Gen. Tomas Varga",
    "Mr. Eli Sutton",
]
ORGS = [
    "the Environment Agency",
    "the U.S. Geological Survey",
    "the Met Office",
    "Northfield University",
    "the regional fire service",
    "the district council",
]
VERBS = ["said", "told reporters", "confirmed", "wrote on social media", "announced"]
THINGS = ["repairs", "the new sea wall", "emergency housing", "the relief fund", "road works"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "March", "June", "August", "October", "December"]


def _sentence(rng: random.Random) -> str:
    kind = rng.randrange(8)
    place, person, org = rng.choice(PLACES), rng.choice(PEOPLE), rng.choice(ORGS)
    n = rng.randrange(2, 5000)
    if kind == 0:
        return (
            f"{person} {rng.choice(VERBS)} that {rng.choice(THINGS)} in {place} would cost "
            f"£{rng.randrange(1, 90)}.{rng.randrange(10)} million."
        )
    if kind == 1:
        return (
            f"According to {org}, {n:,} people were moved from their homes on "
            f"{rng.choice(DAYS)}, {rng.choice(MONTHS)} {rng.randrange(1, 28)}."
        )
    if kind == 2:
        return (
            f'"We have never seen anything like it. The water rose {rng.randrange(2, 9)} '
            f'metres in an hour," said {person}.'
        )
    if kind == 3:
        return (
            f"Rainfall at {place} reached {rng.randrange(50, 300)} mm, about "
            f"{rng.randrange(2, 40)}% above the average for the month."
        )
    if kind == 4:
        return f"It remains unclear whether {org} will review the defences at {place}."
    if kind == 5:
        return (
            f"The storm was the worst since {rng.randrange(1950, 2020)}, and {org} "
            f"estimated the damage at ${rng.randrange(2, 900)} million."
        )
    if kind == 6:
        return (
            f"At 9 a.m. on {rng.choice(DAYS)}, crews from {place} reopened "
            f"{rng.randrange(2, 40)} roads, officials said."
        )
    return f"Residents in {place} said they were angry, and asked why nobody had warned them."


def article(words: int, seed: int = 1) -> str:
    """An article of about ``words`` words."""
    rng = random.Random(seed)
    blocks = [
        f"{rng.choice(DAYS)}, {rng.choice(MONTHS)} {rng.randrange(1, 28)}, 2026",
        f"Floods sweep {rng.choice(PLACES)} as rivers rise",
    ]
    count = 0
    while count < words:
        roll = rng.random()
        if roll < 0.08:
            block = "\n".join(f"  • {_sentence(rng)}" for _ in range(3))
        elif roll < 0.12:
            caption = f"Flooded streets in {rng.choice(PLACES)}."
            block = f"{caption}\n\n{caption}\n\n{rng.choice(['Ann Lee', 'Bo Kim'])}/Vale Wire"
        else:
            block = " ".join(_sentence(rng) for _ in range(rng.randrange(1, 5)))
        blocks.append(block)
        count += len(block.split())
    return "\n\n".join(blocks) + "\n"


def article_of_claims(count: int, words: int, seed: int = 1) -> tuple[str, list[Any]]:
    """An article of about ``words`` words cut after its ``count``-th claim (as the
    segmenter splits it), and its claims: the large articles of the TUI benchmarks."""
    from workbench.claims.extract import extract_claims

    text = article(words, seed=seed)
    claims = extract_claims(text)[:count]
    text = text[: claims[-1].end]
    return text, extract_claims(text)
