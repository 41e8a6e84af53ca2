"""What a sentence contains that makes it worth checking: numbers, dates, names, sources.

Everything here is a deterministic pattern over one sentence, so every score it feeds can
be explained by pointing at the words that produced it.  Offsets are relative to the
sentence; ``claims.py`` turns them into article offsets where it needs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from workbench.claims.lexicon import (
    MONTH_NUMBERS,
    MONTHS,
    NUMBER_WORDS,
    WEEKDAYS,
    title_alternation,
)

_WEEKDAY = rf"(?P<weekday>{title_alternation(WEEKDAYS)})"
_MONTH = (
    rf"(?P<month>{title_alternation(MONTHS)}"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_DAY = r"(?P<day>[12]?\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"

# One pattern for every calendar mention, weekday optional: "Sunday, March 8",
# "Wednesday 19 August", "August 19, 2021", "19 August 2021", "March 2026", "2026-03-10".
_DATE = re.compile(
    rf"(?:{_WEEKDAY},?\s+(?:the\s+)?)?"
    rf"(?:{_MONTH}\s+{_DAY}(?![\d:])(?:,?\s+{_YEAR}\b)?"
    rf"|{_DAY.replace('day>', 'day2>')}\s+(?:of\s+)?{_MONTH.replace('month>', 'month2>')}"
    rf"(?:,?\s+{_YEAR.replace('year>', 'year2>')}\b)?"
    rf"|{_MONTH.replace('month>', 'month3>')}\s+{_YEAR.replace('year>', 'year3>')}\b"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})\b)"
)
_LONE_WEEKDAY = re.compile(
    rf"\b(?P<lead>(?:on|last|this|next|by|until|since|from|early|late)\s+)?{_WEEKDAY}"
    r"(?P<part>\s+(?:morning|afternoon|evening|night))?\b"
)
_RELATIVE = re.compile(
    r"\b(?P<rel>yesterday|today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)"
    r"|(?:last|this|next)\s+(?:week|month|year|weekend)|earlier\s+this\s+(?:week|month|year))\b",
    re.IGNORECASE,
)
# "the 1980s", "the '90s": a decade is a date a reviewer can check against.
_DECADE = re.compile(r"(?<![\w/])(?:(?P<decade>1[89]\d0|20\d0)s|['’](?P<short>\d0)s)\b")
# "9/11", "3/15/2020": month/day (US order), a slash date; fractions have no month above 12.
_SLASH_DATE = re.compile(
    r"(?<![\w/.])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])(?:/(?P<y>\d{4}|\d{2}))?(?![\w/])"
    r"(?!\s+of\b)"  # "2/3 of the vote" is a fraction
)
_LONE_YEAR = re.compile(r"\b(?i:in|since|by|until|from|of|during|before|after)\s+" + _YEAR + r"\b")

_NUMBER_WORDS = {**NUMBER_WORDS, "a hundred": 100, "a thousand": 1000, "a dozen": 12}
# Vague quantities as ranges, so "dozens" can be compared with "15".
_VAGUE = {
    "dozens": (24, 99), "scores": (40, 199), "hundreds": (200, 999),
    "thousands": (2000, 9999), "tens of thousands": (20000, 99999), "millions": (2e6, 9.99e8),
    "several": (3, 9), "a few": (2, 5), "a handful": (2, 6), "a couple": (2, 3),
}  # fmt: skip
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "m": 1e6,
           "bn": 1e9, "k": 1e3}  # fmt: skip
_QUALIFIERS = {
    "about": (0.9, 1.1), "around": (0.9, 1.1), "roughly": (0.9, 1.1), "approximately": (0.9, 1.1),
    "some": (0.9, 1.1), "nearly": (0.85, 1.0), "almost": (0.85, 1.0), "more than": (1.0, 10.0),
    "over": (1.0, 10.0), "at least": (1.0, 10.0), "up to": (0.0, 1.0), "fewer than": (0.0, 1.0),
    "less than": (0.0, 1.0), "under": (0.0, 1.0),
}  # fmt: skip

_QUALIFIER = r"(?:(?P<qual>about|around|roughly|approximately|some|nearly|almost|more than|over|at least|up to|fewer than|less than|under)\s+)?"  # noqa: E501
_NUMBER = re.compile(
    _QUALIFIER
    + r"(?:(?P<cur>[£$€¥])\s?)?"
    + r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    + r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|m|k)\b)?"
    + r"(?:\s?(?P<pct>%|per\s?cent\b|percent\b))?",
    re.IGNORECASE,
)
_WORD_NUMBER = re.compile(
    _QUALIFIER
    + r"\b(?P<word>tens of thousands|a dozen|dozens|scores|hundreds|thousands|millions|several"
    + r"|a few|a handful|a couple|a hundred|a thousand|"
    + "|".join(k for k in _NUMBER_WORDS if " " not in k)
    + r")\b(?:\s(?P<wscale>thousand|million|billion)\b)?",
    re.IGNORECASE,
)
_UNIT = re.compile(
    r"\s?-?(?:metres?|meters?|m\b|cm|mm|km|kilometres?|kilometers?|miles?|feet|foot|ft\b|inch"
    r"|inches|kg|kilograms?|grams?|g\b|tonnes?|tons?|litres?|liters?|degrees?|°|mph|km/h|knots"
    r"|hours?|minutes?|seconds?|days?|weeks?|months?|years?|decades?|centuries|century"
    r"|acres?|hectares?|square)\b",
    re.IGNORECASE,
)
_TIME = re.compile(r"\b\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d{2}\b", re.I)
_PHONE = re.compile(r"\b0\d{2,4}[ -]\d{3,4}[ -]\d{3,4}\b|\+\d[\d ()-]{7,}\d")

ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|told|tells|according to|reported|reports|reportedly|tweeted|wrote"
    r"|writes|stated|announced|confirmed|claimed|claims|denied|added|estimated|warned"
    r"|posted|shouted|insisted|declared)\b",
    re.IGNORECASE,
)
_ABSOLUTES = re.compile(
    r"\b(?:only|first|never|always|all|every|none|no one|nobody|nothing|ever|record"
    r"|unprecedented|largest|biggest|highest|lowest|smallest|most|(?<!at )least|worst|best|fastest"
    r"|deadliest|longest|greatest|oldest|youngest|entire|completely|totally)\b",
    re.IGNORECASE,
)
_COMPARISONS = re.compile(
    r"\b(?:more than|less than|fewer than|higher than|lower than|compared (?:with|to)|double[ds]?"
    r"|tripled?|halved|twice|increased?|decreased?|rose|risen|fell|fallen|up from|down from"
    r"|because|due to|caused|causes|led to|as a result|resulted in|blamed|thanks to|than)\b",
    re.IGNORECASE,
)
_HEDGES = re.compile(
    r"\b(?:may|might|could|possibly|perhaps|appears?|seems?|reportedly|allegedly|apparently"
    r"|likely|unlikely|suggests?|expected to|believed to|remains to be seen|unclear|unconfirmed"
    r"|rumou?red)\b",
    re.IGNORECASE,
)
_OPINION = re.compile(
    r"\b(?:I think|I believe|we believe|in my view|in our view|should|ought to|wonderful"
    r"|terrible|shameful|disgraceful|disgrace|beautiful|awful|brilliant|outrageous|ridiculous"
    r"|great|amazing|horrible|sad)\b",
    re.IGNORECASE,
)

_CAPITALISED = re.compile(r"[A-Z][\w’'.\-]*|[A-Z]")
_CONNECTORS = {"of", "the", "de", "al", "bin", "van", "von", "la", "du", "for", "and"}
# Capitalised words that never start a name: function words and pronouns (after a
# quotation mark or a colon they are capitalised without opening a sentence).
_NOT_ENTITIES = {
    "The", "A", "An", "In", "On", "At", "But", "And", "Or", "If", "It", "Its", "This", "That",
    "These", "Those", "He", "She", "They", "We", "I", "You", "His", "Her", "Their", "Our",
    "As", "After", "Before", "When", "While", "Although", "However", "Meanwhile", "Some",
    "Many", "Most", "All", "No", "Not", "For", "From", "With", "By", "To", "Of", "Every",
    "There", "Here", "What", "Who", "Why", "How", "Where", "Which", "My", "Mr", "Mrs", "Ms",
    "Dr", "Prof", "Nobody", "Everyone", "Yes", "So", "Then", "Now", "Today", "Yesterday",
}  # fmt: skip
_OPENERS = (".", "“", '"', "‘", ":", "!", "?", "•", "—", "(")
_TITLES = {"Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Gen.", "Gov.", "Sen.", "Rep.", "Sgt.", "Col.",
           "Capt.", "Lt.", "St.", "Mt.", "President", "General", "Minister", "Senator"}  # fmt: skip


@dataclass
class Quantity:
    """A number in a sentence, as a range (exact numbers have low == high)."""

    text: str
    start: int
    end: int
    low: float
    high: float
    kind: str  # count, percent, money, measure
    vague: bool = False  # a word for an amount ("several", "dozens"), not a figure

    def as_json(self) -> dict[str, Any]:
        value = self.low if self.low == self.high else None
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": value,
            "range": [self.low, self.high],
            "kind": self.kind,
        }


@dataclass
class DateMention:
    """A calendar date, weekday, year or relative day named in a sentence."""

    text: str
    start: int
    end: int
    weekday: int | None = None  # 0 = Monday
    month: int | None = None
    day: int | None = None
    year: int | None = None
    relative: str | None = None  # "yesterday", "last week", a lone weekday's lead word ...

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end}
        for name in ("weekday", "month", "day", "year", "relative"):
            value = getattr(self, name)
            if value is not None:
                out[name] = WEEKDAYS[value].title() if name == "weekday" else value
        return out


@dataclass
class Signals:
    """Everything found in one sentence."""

    numbers: list[Quantity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    attribution: list[str] = field(default_factory=list)
    absolutes: list[str] = field(default_factory=list)
    comparisons: list[str] = field(default_factory=list)
    hedges: list[str] = field(default_factory=list)
    opinion: list[str] = field(default_factory=list)
    question: bool = False


def _month_number(name: str) -> int:
    return MONTH_NUMBERS[name.lower().rstrip(".")]


def find_dates(text: str) -> list[DateMention]:
    """Calendar dates (with their weekday when named), lone weekdays, years, relative days."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for m in _DATE.finditer(text):
        g = m.groupdict()
        year: int | None
        day: int | None
        if g["iso"]:
            year, month, day = (int(x) for x in g["iso"].split("-"))
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
        else:
            month_name = g["month"] or g["month2"] or g["month3"]
            if month_name == "May" and not (g["day"] or g["day2"]) and not g["year3"]:
                continue
            month = _month_number(month_name)
            day_text = g["day"] or g["day2"]
            day = int(day_text) if day_text else None
            year_text = g["year"] or g["year2"] or g["year3"]
            year = int(year_text) if year_text else None
        weekday = WEEKDAYS.index(g["weekday"].lower()) if g["weekday"] else None
        found.append(DateMention(m.group(), m.start(), m.end(), weekday, month, day, year))
        taken.append(m.span())
    for m in _LONE_WEEKDAY.finditer(text):
        if any(a <= m.start("weekday") < b for a, b in taken):
            continue
        lead = (m.group("lead") or "").strip().lower() or None
        found.append(
            DateMention(
                m.group().strip(),
                m.start(),
                m.end(),
                weekday=WEEKDAYS.index(m.group("weekday").lower()),
                relative=lead or "on",
            )
        )
    for m in _RELATIVE.finditer(text):
        found.append(
            DateMention(
                m.group(), m.start(), m.end(), relative=" ".join(m.group("rel").lower().split())
            )
        )
    for m in _DECADE.finditer(text):
        decade = m.group("decade")
        year = int(decade) if decade else 1900 + int(m.group("short"))
        found.append(DateMention(m.group(), m.start(), m.end(), year=year))
        taken.append(m.span())
    for m in _SLASH_DATE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        year_text = m.group("y")
        year = None if not year_text else int(year_text) + (2000 if len(year_text) == 2 else 0)
        found.append(
            DateMention(
                m.group(),
                m.start(),
                m.end(),
                month=int(m.group("m")),
                day=int(m.group("d")),
                year=year,
            )  # fmt: skip
        )
        taken.append(m.span())
    for m in _LONE_YEAR.finditer(text):
        if not any(a <= m.start("year") < b for a, b in taken):
            found.append(
                DateMention(
                    m.group("year"), m.start("year"), m.end("year"), year=int(m.group("year"))
                )
            )
    found.sort(key=lambda d: d.start)
    return found


def find_quantities(text: str, dates: list[DateMention] | None = None) -> list[Quantity]:
    """Counts, percentages and money; years, times, dates and phone numbers are left out."""
    skip = [(d.start, d.end) for d in dates or find_dates(text)]
    skip += [m.span() for m in _TIME.finditer(text)] + [m.span() for m in _PHONE.finditer(text)]
    out: list[Quantity] = []
    for m in _NUMBER.finditer(text):
        start = m.start("cur") if m.group("cur") else m.start("num")
        if any(a <= start < b for a, b in skip):
            continue
        after = text[m.end() : m.end() + 1]
        if (start > 0 and (text[start - 1].isalnum() or text[start - 1] in "/")) or after == "/":
            continue  # part of a word or code: "9/11", "COVID19"
        raw = m.group("num").replace(",", "")
        if not m.group("cur") and not m.group("pct") and len(raw) == 4 and not m.group("scale"):
            if 1800 <= int(float(raw)) <= 2100:
                continue  # a year in passing
        scale = (m.group("scale") or "").lower()
        kind = "money" if m.group("cur") else "percent" if m.group("pct") else "count"
        if kind == "count" and (scale in ("m", "k") or _UNIT.match(text, m.end())):
            kind, scale = "measure", ""  # "4.2m" without a currency is metres, not millions
        value = float(raw) * _SCALES.get(scale, 1)
        out.append(_quantity(m, text, value, value, kind))
    for m in _WORD_NUMBER.finditer(text):
        if any(a <= m.start("word") < b for a, b in skip):
            continue
        word = " ".join(m.group("word").lower().split())
        if word == "one":
            continue  # "one of the", "no one", "under one roof": rarely a count to check
        scale = _SCALES.get((m.group("wscale") or "").lower(), 1)
        if word in _VAGUE:
            low, high = _VAGUE[word]
            out.append(_quantity(m, text, low * scale, high * scale, "count", vague=True))
        else:
            value = _NUMBER_WORDS[word] * scale
            out.append(_quantity(m, text, value, value, "count"))
    out.sort(key=lambda q: q.start)
    return out


def _quantity(
    m: re.Match[str], text: str, low: float, high: float, kind: str, vague: bool = False
) -> Quantity:
    qualifier = (m.group("qual") or "").lower()
    if qualifier:
        lo, hi = _QUALIFIERS[qualifier]
        low, high = low * lo, high * hi
    start = m.start("qual") if qualifier else m.start() + (len(m.group()) - len(m.group().lstrip()))
    return Quantity(m.group().strip(), start, m.end(), low, high, kind, vague)


def find_entities(text: str) -> list[str]:
    """Names of people, places and organisations, by a capitalised-span heuristic.

    A run of capitalised words (joined across "of", "the", "al", ...) is a name, unless it
    is a weekday or month, or a single word opening the sentence (where every word is
    capitalised).  No model has to be downloaded, and every hit can be explained.
    """
    names: list[str] = []
    current: list[str] = []
    connector: str | None = None
    run_starts_sentence = False

    def flush() -> None:
        if current and not (run_starts_sentence and len(current) == 1):
            name = " ".join(current)
            name = name.removesuffix("’s").removesuffix("'s").rstrip(".,")
            if name not in _TITLES and name not in names and len(name) > 1:
                names.append(name)
        current.clear()

    previous_end = 0
    for token in re.finditer(r"[\w’'\-]+(?:\.(?=\w))?[\w’'\-]*\.?", text):
        word = token.group()
        gap = text[previous_end : token.start()]
        previous_end = token.end()
        bare = word.rstrip(".")
        starts_sentence = (
            token.start() == 0
            or gap.strip()[-1:] in _OPENERS
            or (not gap.strip() and text[: token.start()].rstrip()[-1:] in (".", "!", "?"))
        )
        if gap.strip() and gap.strip() not in ("-",):
            flush()  # punctuation between words ends a name
            connector = None
        capitalised = word[:1].isupper()
        stem = bare.lower().removesuffix("’s").removesuffix("'s")
        calendar = stem in WEEKDAYS or (stem in MONTHS and bare != "May")
        if capitalised and not calendar:
            if not current:
                if bare in _NOT_ENTITIES:
                    continue
                run_starts_sentence = starts_sentence
            elif connector:
                current.append(connector)
            connector = None
            current.append(word)
            if word.endswith(".") and len(bare) > 4 and "." not in bare:
                flush()  # a full stop after a long word ends the sentence, and the name
        elif current and word in _CONNECTORS and connector is None:
            connector = word
        else:
            flush()
            connector = None
    flush()
    return names


def find_signals(text: str) -> Signals:
    """Every signal of one sentence."""
    dates = find_dates(text)
    return Signals(
        numbers=find_quantities(text, dates),
        dates=dates,
        entities=find_entities(text),
        attribution=_words(ATTRIBUTION, text),
        absolutes=_words(_ABSOLUTES, text),
        comparisons=_words(_COMPARISONS, text),
        hedges=_words(_HEDGES, text),
        opinion=_words(_OPINION, text),
        question=text.rstrip(" ”’\"')").endswith("?"),
    )


def _words(pattern: re.Pattern[str], text: str) -> list[str]:
    seen: list[str] = []
    for m in pattern.finditer(text):
        word = " ".join(m.group().lower().split())
        if word not in seen:
            seen.append(word)
    return seen
