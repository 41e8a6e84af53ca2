"""What a sentence contains that makes it worth checking: numbers, dates, names, sources.

Everything here is a deterministic pattern over one sentence, so every score it feeds can
be explained by pointing at the words that produced it.  Offsets are relative to the
sentence; ``claims.py`` turns them into article offsets where it needs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from workbench.claims.lexicon import MONTH_NUMBERS, MONTHS, WEEKDAYS, title_alternation
from workbench.claims.quantities import Quantity, find_quantities

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

    @classmethod
    def from_json(cls, item: dict[str, Any], offset: int = 0) -> DateMention:
        """A stored date read back: ``item`` as ``as_json`` wrote it, its offsets moved
        back by ``offset`` (the claim's start, to make them claim offsets)."""
        weekday = item.get("weekday")
        return cls(
            text=str(item["text"]),
            start=int(item["start"]) - offset,
            end=int(item["end"]) - offset,
            weekday=WEEKDAYS.index(weekday.lower()) if isinstance(weekday, str) else None,
            month=_int_or_none(item.get("month")),
            day=_int_or_none(item.get("day")),
            year=_int_or_none(item.get("year")),
            relative=item.get("relative") if isinstance(item.get("relative"), str) else None,
        )


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


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


def find_numbers(text: str, dates: list[DateMention] | None = None) -> list[Quantity]:
    """Counts, percentages, money and measures; years, times, dates and phone numbers are
    left out (dates are signals of their own), and so is a bare "one" ("one of the", "no
    one", "under one roof": rarely a count to check)."""
    spans = [(d.start, d.end) for d in (find_dates(text) if dates is None else dates)]
    return [
        q
        for q in find_quantities(text, spans)
        if q.kind != "year" and q.text.lower().split()[-1] != "one"
    ]


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
        numbers=find_numbers(text, dates),
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
