"""A deterministic news-like source corpus, and claims derived from known passages.

Real news has a long tail of names: thousands of places, people and organisations, each
rare, over a few hundred common words.  The corpus mimics that (names made of syllables,
Zipf-like topic words) so that full-text search behaves as it would on news; a corpus of
fifty template names would make every query touch every row.  Claims are made from chosen
passages the ways reviewers meet them: paraphrased (synonyms, attribution, first names
and places dropped),
reordered (clauses swapped), partly quoted, and with a number changed (the gold passage
is then the one that contradicts it).  The same seed always gives the same corpus.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from review_db import ids
from workbench.corpus.passages import split_passages

_SYLLABLES = (
    "ka ri no ta mel vor an dal bre sto ven lis mar kel dor fen gal hol isk jor lun "
    "mor nes pel quin ros sal tor ull var wen yor zel bar cor dun ell fal gor hart"
).split()
_FIRST = (
    "Anna Ben Carla David Elena Farid Grace Hugo Irene Jonas Kofi Lena Marco Nadia Omar "
    "Priya Quentin Rosa Samuel Tara Umar Vera Walter Ximena Yusuf Zoe Miriam Tomas Ruth Eli"
).split()
_TITLES = ["Dr.", "Prof.", "Gov.", "Sen.", "Mr.", "Ms.", "Gen.", "Mayor", "Inspector"]
_ORG_KINDS = ["Authority", "Council", "Agency", "Institute", "Trust", "Board", "Commission"]
_TOPICS = {
    "flood": "river rain water levels defences homes shelters evacuation storm",
    "budget": "budget spending taxes deficit schools hospitals pensions funding cuts",
    "health": "hospital patients vaccine clinic doctors nurses outbreak infections beds",
    "transport": "railway trains buses fares bridge tunnel motorway delays passengers",
    "energy": "power grid turbines solar prices tariffs outages pipeline reactor",
    "housing": "housing rents tenants landlords homes planning developers estates",
    "crime": "police arrests court charges burglary officers prison sentence fraud",
    "election": "election voters ballots turnout candidates campaign polling seats",
    "farming": "farmers harvest crops wheat cattle drought prices fertiliser yields",
    "schools": "schools teachers pupils exams classrooms funding strikes curriculum",
}
_VERBS = ["said", "told reporters", "confirmed", "announced", "stated", "wrote"]
_SYNONYMS = {
    "said": "stated",
    "told reporters": "said",
    "confirmed": "said",
    "announced": "declared",
    "would cost": "will cost",
    "people": "residents",
    "reached": "hit",
    "about": "roughly",
    "estimated": "put",
    "rose": "increased",
    "fell": "dropped",
    "opened": "set up",
    "closed": "shut",
    "more than": "over",
    "at least": "no less than",
    "million": "m",
    "percent": "%",
}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


@dataclass(frozen=True)
class World:
    """The named things a corpus talks about."""

    places: list[str]
    people: list[str]
    orgs: list[str]


def make_world(seed: int, scale: int) -> World:
    """Places, people and organisations; more of each for a bigger corpus."""
    rng = random.Random(seed)
    count = max(100, scale // 400)  # each name recurs in about 400 passages
    places = sorted({_name(rng, rng.randrange(2, 4)) for _ in range(count)})
    people = sorted(
        {f"{rng.choice(_FIRST)} {_name(rng, rng.randrange(2, 4))}" for _ in range(count)}
    )
    orgs = sorted(
        {f"the {_name(rng, 2)} {rng.choice(_ORG_KINDS)}" for _ in range(max(50, count // 5))}
    )
    return World(places, people, orgs)


def _sentence(rng: random.Random, world: World, topic: str, place: str) -> str:
    words = _TOPICS[topic].split()
    thing, other = rng.sample(words, 2)
    person = f"{rng.choice(_TITLES)} {rng.choice(world.people)}"
    org = rng.choice(world.orgs)
    n = rng.randrange(2, 9000)
    kind = rng.randrange(9)
    if kind == 0:
        return (
            f"{person} {rng.choice(_VERBS)} that the {thing} in {place} would cost "
            f"£{rng.randrange(1, 900)}.{rng.randrange(10)} million."
        )
    if kind == 1:
        return f"According to {org}, {n:,} people were affected by the {thing} in {place}."
    if kind == 2:
        return (
            f'"We have never seen {thing} like this in {place}," said {person}, '
            f"who has worked on {other} for {rng.randrange(2, 40)} years."
        )
    if kind == 3:
        return (
            f"The {thing} reached {rng.randrange(2, 99)} percent in {place}, about "
            f"{rng.randrange(2, 40)} points above the level of {rng.randrange(1990, 2025)}."
        )
    if kind == 4:
        return f"{org.capitalize()} denied that the {thing} had failed, and blamed the {other}."
    if kind == 5:
        return (
            f"In {place}, the {thing} rose by {n:,} in {rng.randrange(2, 12)} months, "
            f"while the {other} fell."
        )
    if kind == 6:
        return (
            f"{person} opened {rng.randrange(2, 60)} new {thing} centres near {place} "
            f"on {rng.choice(['Monday', 'Tuesday', 'Friday', 'Sunday'])}."
        )
    if kind == 7:
        return (
            f"Officials in {place} estimated the cost of the {other} at more than "
            f"${rng.randrange(2, 900)} million, {org} confirmed."
        )
    return f"Critics in {place} said the {thing} was not ready, and asked who would pay."


def documents(count_passages: int, seed: int = 7) -> Iterator[dict[str, str]]:
    """Source documents (the .jsonl record shape) until about ``count_passages`` sentences."""
    rng = random.Random(seed)
    world = make_world(seed, count_passages)
    made = 0
    number = 0
    while made < count_passages:
        number += 1
        topic = rng.choice(list(_TOPICS))
        place = rng.choice(world.places)
        sentences = [_sentence(rng, world, topic, place) for _ in range(rng.randrange(4, 14))]
        made += len(sentences)
        paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
        yield {
            "id": f"doc-{number}",
            "title": f"{topic.capitalize()} news from {place}",
            "text": "\n\n".join(paragraphs),
            "url": f"https://news.example/{number}",
            "published": f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
            "publisher": rng.choice(["Vale Courier", "Northern Wire", "Daily Ledger"]),
        }


@dataclass(frozen=True)
class Claim:
    """A claim made from a known passage, and how it was made."""

    text: str
    passage_id: str
    passage: str
    how: str  # paraphrase, reorder, partial, number


def passages_of(doc: dict[str, str]) -> list[tuple[str, str]]:
    """(passage id, text) of a document, exactly as the importer will make them."""
    text = doc["text"]
    source = ids.source_id(text)
    spans = split_passages(text)
    return [
        (ids.passage_id(source, ordinal, text[s:e]), text[s:e])
        for ordinal, (s, e) in enumerate(spans, start=1)
    ]


def write_corpus(
    path: Path, count_passages: int, *, claims: int = 100, seed: int = 7
) -> tuple[int, list[Claim], list[tuple[str, str]]]:
    """Write the corpus as .jsonl.

    Returns the number of documents, ``claims`` claims made from passages picked evenly
    across the corpus, and every (passage id, text) for the brute-force baseline.
    """
    rng = random.Random(seed * 31 + 1)
    every = max(1, count_passages // (9 * claims))  # documents hold about 9 sentences
    hows = ["paraphrase", "reorder", "partial", "number"]
    made: list[Claim] = []
    everything: list[tuple[str, str]] = []
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for doc in documents(count_passages, seed):
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
            written += 1
            passages = passages_of(doc)
            everything.extend(passages)
            if written % every or len(made) >= claims:
                continue
            candidates = [p for p in passages if len(p[1].split()) >= 8]
            if candidates:
                pid, text = rng.choice(candidates)
                how = hows[len(made) % len(hows)]
                made.append(Claim(_transform(text, how, rng), pid, text, how))
    return written, made, everything


def _transform(text: str, how: str, rng: random.Random) -> str:
    if how == "paraphrase":
        out = text
        for word, other in _SYNONYMS.items():
            out = out.replace(word, other)
        out = re.sub(r"^According to [^,]+, ", "", out)
        # Reporters shorten names and places: "Dr. Anna Kelvor" -> "Kelvor", "in X" -> "locally".
        out = re.sub(
            r"\b(?:Dr|Prof|Gov|Sen|Mr|Ms|Gen)\. [A-Z][a-z]+ |\b(?:Mayor|Inspector) [A-Z][a-z]+ ",
            "",
            out,
        )
        return re.sub(r"\b(?:in|near) [A-Z][a-z]+", "locally", out)
    if how == "reorder":
        head, sep, tail = text.rstrip(".").partition(", ")
        return f"{tail[:1].upper()}{tail[1:]}, {head[:1].lower()}{head[1:]}." if sep else text
    if how == "partial":
        words = text.split()
        size = max(5, int(len(words) * rng.uniform(0.5, 0.7)))
        start = rng.randrange(0, len(words) - size + 1)
        return " ".join(words[start : start + size])
    numbers = list(_NUMBER.finditer(text))
    if not numbers:
        return text
    chosen = rng.choice(numbers)
    value = chosen.group().replace(",", "")
    changed = str(int(float(value)) + rng.randrange(1, 9) * (1 + int(float(value)) // 10))
    return text[: chosen.start()] + changed + text[chosen.end() :]
