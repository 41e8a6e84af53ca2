"""Fact-checks and the claims that restate them, generated from templates, for tuning.

Each template is one kind of claim (a number of nurses hired, a tax cut, a vaccine
side effect, ...) written several ways by hand: the first wording is the fact-check's
``claimReviewed``, the others say the same thing with other verbs and another order.
A query restates a fact-check in one of five ways (reworded, reordered, numbers as
words, shortened, with added context); a *decoy* query uses a name of the library (the
same person, place or body) in an unrelated claim, and must not be matched.  Other
fact-checks of the same template with other people, places or numbers stand beside
each target in the library, as near misses.

Templates are split in two: even ones make the dev part (for every choice of the
matcher), odd ones the test part (evaluated once); people and places are shared.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

PEOPLE = [
    ("Maria Lopez", "senator"), ("James Okafor", "health minister"), ("Priya Raman", "mayor"),
    ("Tom Hughes", "governor"), ("Elena Petrova", "finance minister"),
    ("David Chen", "council leader"), ("Aisha Bello", "education secretary"),
    ("Lars Nilsson", "prime minister"), ("Fatima Haddad", "opposition leader"),
    ("Robert King", "congressman"), ("Sofia Rossi", "transport minister"),
    ("Kwame Mensah", "president"), ("Hannah Schmidt", "police commissioner"),
    ("Carlos Mendes", "trade secretary"), ("Yuki Tanaka", "energy minister"),
    ("Grace Mwangi", "chief medical officer"), ("Oliver Grant", "home secretary"),
    ("Nadia Karimi", "housing minister"), ("Peter Walsh", "state treasurer"),
    ("Lucia Fernandez", "environment minister"), ("Ahmed Siddiqui", "city councillor"),
    ("Ingrid Berg", "labour minister"), ("Samuel Adeyemi", "party chairman"),
    ("Chloe Martin", "deputy mayor"), ("Viktor Horvat", "defence minister"),
]  # fmt: skip
PLACES = [
    "Lagos", "Ohio", "Manchester", "Bavaria", "Quebec", "Kerala", "Texas", "Glasgow",
    "Nairobi", "Lyon", "Queensland", "Ontario", "Wales", "Catalonia", "Arizona",
    "Birmingham", "Accra", "Porto", "Oslo", "Cork", "Leeds", "Florida", "Victoria",
    "Bristol", "Munich",
]  # fmt: skip
_SYLLABLES = ("Al Ber Cas Dor El Fen Gar Hal Is Jor Kal Lin Mor Nor Os Pal Quin Ros Sal Tor "
              "Ul Var Wes Yor Zan").split()  # fmt: skip
_SURNAME_ENDS = "ton berg ski ley man dez ova sen ini ard".split()
_PLACE_ENDS = "ford ville burg stad mouth field".split()
YEARS = [str(y) for y in range(2012, 2026)]
CONTEXT_BEFORE = [
    "A post shared thousands of times on Facebook claims that ",
    "According to a viral video, ",
    "In a speech on Tuesday evening, it was said that ",
    "Social media users are sharing the claim that ",
    "A leaflet delivered to homes last week says ",
    "Breaking: ",
    "During the televised debate, viewers heard that ",
]
CONTEXT_AFTER = [
    ", a claim repeated in several WhatsApp groups.",
    ", the post says, adding that the media is hiding it.",
    " This was posted alongside a photo of a crowded street.",
    ", according to a message forwarded by many readers.",
    " Is this true?",
]

# {p} person, {r} role, {pl} place, {n} a count, {pc} a percentage, {y} a year,
# {m} millions of money.  Square brackets mark what a shortened claim leaves out.
TEMPLATES: list[list[str]] = [
    [
        "[{r} {p} said] {pl} hired {n} new nurses in {y}.",
        "In {y}, {pl} recruited {n} additional nurses, according to {p}.",
        "{n} extra nurses were employed by {pl} during {y}, {p} claimed.",
    ],
    [
        "[{p} claimed that] violent crime in {pl} fell by {pc} percent last year.",
        "Violent crime dropped {pc}% in {pl} last year, {p} says.",
        "Last year {pl} saw a {pc} per cent decrease in violent crime, said {p}.",
    ],
    [
        "[{r} {p} stated that] the government of {pl} spent {m} million dollars on a new stadium.",
        "A new stadium in {pl} cost the government {m} million dollars, {p} said.",
        "{pl}'s government paid {m} million dollars for a new stadium, claimed {p}.",
    ],
    [
        "The COVID-19 vaccine caused {n} deaths in {pl} in {y}[, says {p}].",
        "In {y}, {n} people in {pl} died because of the Covid vaccine, {p} claimed.",
        "{p}: Covid-19 jabs killed {n} people in {pl} during {y}.",
    ],
    [
        "[{p} said] unemployment in {pl} rose to {pc} percent in {y}.",
        "In {y} the jobless rate in {pl} climbed to {pc}%, according to {p}.",
        "{pl}'s unemployment rate increased to {pc} per cent in {y}, {p} said.",
    ],
    [
        "{pl} banned the sale of petrol cars from {y}[, {r} {p} announced].",
        "From {y}, selling petrol cars is prohibited in {pl}, {p} said.",
        "{p} said petrol car sales were outlawed in {pl} starting in {y}.",
    ],
    [
        "[{p} said] {n} schools in {pl} closed because of teacher shortages.",
        "Teacher shortages forced {n} schools to shut in {pl}, {p} claimed.",
        "In {pl}, {n} schools have closed as there are not enough teachers, says {p}.",
    ],
    [
        "The minimum wage in {pl} doubled between {y} and 2025[, {p} said].",
        "Between {y} and 2025, {pl}'s minimum wage has doubled, according to {p}.",
        "{p}: the lowest legal wage in {pl} is twice what it was in {y}.",
    ],
    [
        "[{r} {p} claimed] {pc} percent of new homes in {pl} were bought by foreign investors.",
        "Foreign investors purchased {pc}% of the new houses built in {pl}, {p} said.",
        "{p} says overseas investors acquired {pc} per cent of new homes in {pl}.",
    ],
    [
        "Police in {pl} arrested {n} people at the climate protest[, {p} said].",
        "{n} protesters were detained by police at the climate demonstration in {pl}, said {p}.",
        "At the climate protest in {pl}, officers arrested {n} people, according to {p}.",
    ],
    [
        "[{p} said] {pl} cut its police budget by {m} million dollars in {y}.",
        "In {y}, the police budget of {pl} was reduced by {m} million dollars, {p} claimed.",
        "{pl} slashed {m} million dollars from police funding in {y}, according to {p}.",
    ],
    [
        "Tap water in {pl} contains dangerous levels of lead[, {r} {p} warned].",
        "{p} warned that the drinking water in {pl} has dangerous amounts of lead.",
        "Dangerous lead levels have been found in {pl}'s tap water, says {p}.",
    ],
    [
        "[{p} claimed that] {n} migrants crossed into {pl} illegally in {y}.",
        "In {y}, {n} migrants entered {pl} illegally, according to {p}.",
        "{pl} saw {n} illegal migrant crossings in {y}, {p} said.",
    ],
    [
        "Electricity prices in {pl} increased by {pc} percent after the new tax[, {p} said].",
        "After the new tax, power bills in {pl} went up {pc}%, {p} claimed.",
        "{p} said the new tax made electricity in {pl} {pc} per cent more expensive.",
    ],
    [
        "[{r} {p} said] {pl} built {n} new hospitals since {y}.",
        "Since {y}, {n} new hospitals have been constructed in {pl}, {p} claimed.",
        "{p}: {pl} has opened {n} new hospitals since {y}.",
    ],
    [
        "Only {pc} percent of students in {pl} passed the maths exam in {y}[, said {p}].",
        "In {y}, just {pc}% of {pl} pupils passed their maths exam, according to {p}.",
        "{p} said the maths exam pass rate in {pl} was only {pc} per cent in {y}.",
    ],
    [
        "[{p} said] the new bridge in {pl} will cost {m} million dollars.",
        "Building the new bridge in {pl} is going to cost {m} million dollars, {p} claimed.",
        "{pl}'s new bridge has a price tag of {m} million dollars, says {p}.",
    ],
    [
        "{n} people died in road accidents in {pl} in {y}[, {r} {p} said].",
        "In {y}, road crashes killed {n} people in {pl}, according to {p}.",
        "{p}: road accidents in {pl} caused {n} deaths in {y}.",
    ],
    [
        "[{p} claimed that] the mayor of {pl} gave {m} million dollars to his brother's charity.",
        "A charity run by the brother of {pl}'s mayor received {m} million dollars, {p} said.",
        "{p} says {pl}'s mayor donated {m} million dollars to his brother's charity.",
    ],
    [
        "Homelessness in {pl} has tripled since {y}[, {p} said].",
        "Since {y}, the number of homeless people in {pl} has tripled, {p} claimed.",
        "{p}: {pl} has three times as many homeless people as in {y}.",
    ],
    [
        "[{r} {p} said] {pl} sold {n} tonnes of wheat to China in {y}.",
        "In {y}, China bought {n} tonnes of wheat from {pl}, {p} said.",
        "{p} claimed {pl}'s wheat sales to China reached {n} tonnes in {y}.",
    ],
    [
        "Wind farms in {pl} killed {n} birds last year[, {p} claimed].",
        "Last year, {n} birds were killed by wind turbines in {pl}, {p} says.",
        "{p}: {pl}'s wind farms caused the deaths of {n} birds last year.",
    ],
    [
        "[{p} said] {pc} percent of doctors in {pl} plan to leave the profession.",
        "{pc}% of {pl} doctors intend to quit medicine, according to {p}.",
        "{p} claimed that {pc} per cent of doctors in {pl} are planning to leave.",
    ],
    [
        "The government of {pl} paid {m} million dollars to a consulting firm in {y}[, {p} said].",
        "In {y}, {pl}'s government gave a consultancy {m} million dollars, {p} claimed.",
        "{p}: {m} million dollars went from the {pl} government to consultants in {y}.",
    ],
]
# Unrelated claims that reuse a library name: each must be told apart from its checks.
DECOYS = [
    "{p} was born in {pl} in {y}.",
    "{p} will visit {pl} next month to open a library.",
    "{p} married a journalist from {pl} in {y}.",
    "The football team of {pl} won the cup in {y}, {p} said.",
    "{p} wrote a book about the history of {pl}.",
    "{p} has a dog named Biscuit.",
    "A statue of {p} was unveiled in {pl} in {y}.",
    "{p} ran a marathon in {pl} in under four hours.",
    "{pl} will host a jazz festival in {y}, {p} announced.",
    "{p} studied law at a university in {pl}.",
]

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen").split()  # fmt: skip
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str:
    """``n`` in English words (below a million), as a newspaper would write it."""
    if n < 20:
        return _UNITS[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else "-" + _UNITS[n % 10])
    if n < 1000:
        rest = n % 100
        return _UNITS[n // 100] + " hundred" + ("" if rest == 0 else " and " + number_words(rest))
    rest = n % 1000
    head = number_words(n // 1000) + " thousand"
    if rest == 0:
        return head
    return head + (" and " if rest < 100 else " ") + number_words(rest)


@dataclass(frozen=True)
class FactCheckItem:
    id: str
    claim: str
    verdict: str
    author: str
    url: str
    date: str


@dataclass(frozen=True)
class Query:
    id: str
    claim: str
    relevant: tuple[str, ...]  # fact-check ids; empty for a decoy
    how: str  # reworded, reordered, numbers-as-words, shortened, context, decoy


@dataclass(frozen=True)
class Part:
    factchecks: list[FactCheckItem]
    queries: list[Query]


def _fill(text: str, slots: dict[str, str], *, keep_optional: bool = True) -> str:
    if keep_optional:
        text = text.replace("[", "").replace("]", "")
    else:
        text = re.sub(r"\[[^\]]*\]\s*", "", text)
        text = re.sub(r",\s*\.", ".", text)
    filled = text.format(**slots)
    filled = re.sub(r"\s+", " ", filled).strip()
    return filled[0].upper() + filled[1:]


def _slots(rng: random.Random) -> dict[str, str]:
    person, role = rng.choice(PEOPLE)
    return {
        "p": person, "r": role, "pl": rng.choice(PLACES), "y": rng.choice(YEARS),
        "n": str(rng.choice([rng.randint(2, 99), rng.randint(100, 999), rng.randint(1000, 60000)])),
        "pc": str(rng.randint(3, 95)), "m": str(rng.randint(2, 900)),
    }  # fmt: skip


def _with_words(slots: dict[str, str]) -> dict[str, str]:
    return {
        key: number_words(int(value)) if key in ("n", "pc", "m") else value
        for key, value in slots.items()
    }


def _restate(rng: random.Random, wordings: list[str], slots: dict[str, str], how: str) -> str:
    if how in ("reworded", "reordered"):
        wording = wordings[1 if how == "reworded" else 2]
        if rng.random() < 0.4:  # restatements often combine changes
            return _fill(wording, _with_words(slots))
        return _fill(wording, slots)
    if how == "numbers-as-words":
        return _fill(rng.choice(wordings), _with_words(slots))
    if how == "shortened":
        return _fill(wordings[0], slots, keep_optional=False)
    text = _fill(rng.choice(wordings), slots if rng.random() < 0.6 else _with_words(slots))
    if rng.random() < 0.6:
        return rng.choice(CONTEXT_BEFORE) + text
    return text.rstrip(".") + rng.choice(CONTEXT_AFTER)


HOWS = ("reworded", "reordered", "numbers-as-words", "shortened", "context")
VERDICTS = ("False", "Mostly false", "Misleading", "True", "Half true", "Pants on fire")
CHECKERS = ("Vale Fact Check", "CheckDesk", "Verify Now", "Truth Team")


def generate(
    part: str,
    *,
    targets: int = 250,
    near_misses: int = 3,
    decoys: int = 120,
    background: int = 1500,
    seed: int = 13,
) -> Part:
    """The dev or test part: a library, restating queries and decoy queries.

    Args:
        part: "dev" (even templates) or "test" (odd templates).
        targets: fact-checks that queries restate.
        near_misses: other fact-checks of the same template beside each target.
        decoys: unrelated claims sharing a name with the library.
        background: further fact-checks of the same templates, about anyone.
        seed: the same seed gives the same data.
    """
    rng = random.Random(f"{seed}-{part}")
    templates = TEMPLATES[0 if part == "dev" else 1 :: 2]
    factchecks: list[FactCheckItem] = []
    queries: list[Query] = []
    seen: set[str] = set()

    def add_check(text: str) -> FactCheckItem | None:
        if text in seen:
            return None
        seen.add(text)
        ident = f"{part}-fc{len(factchecks):04d}"
        item = FactCheckItem(
            ident, text, rng.choice(VERDICTS), rng.choice(CHECKERS),
            f"https://checks.example/{ident}",
            f"20{rng.randint(15, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        )  # fmt: skip
        factchecks.append(item)
        return item

    used: list[dict[str, str]] = []
    while len(queries) < targets:
        wordings = rng.choice(templates)
        slots = _slots(rng)
        target = add_check(_fill(wordings[0], slots))
        if target is None:
            continue
        used.append(slots)
        how = HOWS[len(queries) % len(HOWS)]
        relevant = [target.id]
        # Near misses: the same claim with one thing changed (who, where, when, how many),
        # as the same claim recurs with other numbers or about another place.
        present = [k for k in ("p", "pl", "n", "pc", "m", "y") if "{" + k + "}" in wordings[0]]
        for key in rng.sample(present, min(near_misses, len(present))):
            other = dict(slots)
            while other[key] == slots[key]:
                other[key] = _slots(rng)[key]
            other["r"] = dict(PEOPLE)[other["p"]]
            near = add_check(_fill(wordings[0], other))
            if near is not None and key == "p" and how == "shortened" and "[" in wordings[0]:
                if "{p}" in wordings[0].split("]")[0]:
                    relevant.append(near.id)  # the shortened claim no longer says who
        queries.append(
            Query(f"{part}-q{len(queries):04d}", _restate(rng, wordings, slots, how),
                  tuple(relevant), how)
        )  # fmt: skip
    while len(factchecks) < targets * (near_misses + 1) + background:
        # Other checks of the same topics; at scale, about the many people and places a
        # real library names (first and last names, towns, recombined).
        slots = _slots(rng)
        if len(factchecks) > 5_000:
            first = rng.choice(PEOPLE)[0].split()[0]
            slots["p"] = f"{first} {rng.choice(_SYLLABLES)}{rng.choice(_SURNAME_ENDS)}"
            slots["pl"] = f"{rng.choice(_SYLLABLES)}{rng.choice(_PLACE_ENDS)}"
        add_check(_fill(rng.choice(templates)[0], slots))
    rng.shuffle(factchecks)  # index order must not break ties in anyone's favour
    for i in range(decoys):
        slots = rng.choice(used)
        queries.append(Query(f"{part}-d{i:04d}", _fill(rng.choice(DECOYS), slots), (), "decoy"))
    return Part(factchecks, queries)
