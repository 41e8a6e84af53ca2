"""Contradictions inside one article: the checks no other tool does for a reviewer.

- ``weekday-date-mismatch``: a weekday named with a date it does not fall on.  A date
  without a year is resolved from the dateline or the article's other full dates; if no
  year can be resolved, nothing is flagged (a false alarm costs a reviewer's trust).
- ``quantity-mismatch``: the same count given differently in two places ("two people
  died" against "three people were killed", "15 fighters" against "dozens").
- ``measurement-mismatch``: the same measurement given two values in two places ("the
  river peaked at 4.2 metres" against "a peak of 3.9 metres"; "grew 2.1%" in the text
  against "growth: 1.6%" in a list; "a budget of £48.5m" against "Budget: £46.5m"; "a
  crowd of 18,000" against "a crowd of 12,000"), matched by its unit (metres, degrees,
  percent, a currency, people) and the word that names it.
- ``relative-date-inconsistent``: "yesterday" that the dateline contradicts, or a bare "on
  Friday" that is really ambiguous: it follows an earlier date that reads it as another
  day, or the dateline is doubtful.  One flag per cause, on the one claim that shows it.

Every flag names both places: claim ids and spans (offsets into the article text).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from workbench.claims.kinds import Unit
from workbench.claims.signals import MONTHS, WEEKDAYS, DateMention, Quantity, Signals

Flag = dict[str, Any]
# A weekday is named for a day near the time of writing; one named for a day more than
# four weeks before the dateline means the dateline is not when the story was written.
DATELINE_DOUBT_DAYS = 28
# Lead words that tie a bare weekday to the time of writing, whatever the story says.
_NOW_LEADS = ("next", "this", "last")
HOLDERS = "_holders"  # claim ids that carry a flag; internal, dropped before storing


@dataclass
class Place:
    """A unit of the article with its id and signals, as the checks see it."""

    unit: Unit
    claim_id: str
    signals: Signals

    def span(self, start: int, end: int) -> list[Any]:
        return [self.claim_id, self.unit.start + start, self.unit.start + end]


def _flag(
    kind: str,
    message: str,
    places: list[Place],
    spans: list[list[Any]],
    holders: list[Place] | None = None,
) -> Flag:
    """A flag naming ``places``; it is shown on ``holders`` (default: all of them).

    A place that only supports a flag (the dateline that gave a year) is named in it but
    does not carry it, so one dateline does not collect every flag of a long article.
    """
    ids: list[str] = []
    for place in places:
        if place.claim_id not in ids:
            ids.append(place.claim_id)
    held = [p.claim_id for p in holders] if holders is not None else ids
    return {"type": kind, "message": message, "claims": ids, "spans": spans, HOLDERS: held}


def find_flags(places: list[Place]) -> list[Flag]:
    """Every consistency flag of an article, each naming the places it concerns."""
    calendar = _Calendar(places)
    return [
        *calendar.weekday_flags(),
        *calendar.relative_flags(),
        *_quantity_flags(places),
        *_measurement_flags(places),
    ]


def _date_text(d: dt.date) -> str:
    return f"{WEEKDAYS[d.weekday()].title()}, {MONTHS[d.month - 1].title()} {d.day}, {d.year}"


class _Calendar:
    """The article's dateline and reference year, and the dates it names."""

    def __init__(self, places: list[Place]) -> None:
        self.places = places
        self.mentions = [(p, d) for p in places for d in p.signals.dates]
        self.dateline: tuple[Place, DateMention] | None = next(
            (
                (p, d)
                for p in places[:3]
                if p.unit.reasons == ["dateline"]
                for d in p.signals.dates
                if d.month and d.day
            ),
            None,
        )
        self.year, self.year_source = self._reference_year()

    def _reference_year(self) -> tuple[int | None, tuple[Place, DateMention] | None]:
        if self.dateline and self.dateline[1].year:
            return self.dateline[1].year, self.dateline
        full = [(p, d) for p, d in self.mentions if d.year and d.month and d.day]
        years = Counter(d.year for _, d in full)
        if not years:
            return None, None
        (year, count), *rest = years.most_common()
        if rest and rest[0][1] == count:
            return None, None  # two years equally likely: do not guess
        return year, next((p, d) for p, d in full if d.year == year)

    def resolve(self, mention: DateMention) -> dt.date | None:
        """The calendar date of a mention, with its year resolved from the article."""
        if not (mention.month and mention.day):
            return None
        year = mention.year or self.year
        if year is None:
            return None
        if mention.year is None and self.dateline and self.dateline[1].month:
            # A month well after the dateline's month belongs to the year before.
            if mention.month - self.dateline[1].month > 1:
                year -= 1
        try:
            return dt.date(year, mention.month, mention.day)
        except ValueError:
            return None

    def dateline_date(self) -> dt.date | None:
        return self.resolve(self.dateline[1]) if self.dateline else None

    def _year_note(self, place: Place, mention: DateMention) -> tuple[str, list[Place]]:
        if mention.year is not None or self.year_source is None:
            return "", []
        source_place, source = self.year_source
        if source_place is place:
            return "", []
        where = "the dateline" if self.year_source is self.dateline else f"“{source.text}”"
        return f" (year {self.year} from {where})", [source_place]

    def weekday_flags(self) -> list[Flag]:
        flags = []
        for place, mention in self.mentions:
            if mention.weekday is None or not mention.day:
                continue
            date = self.resolve(mention)
            if date is None or date.weekday() == mention.weekday:
                continue
            note, sources = self._year_note(place, mention)
            message = (
                f"“{mention.text}”: {MONTHS[date.month - 1].title()} {date.day}, {date.year} "
                f"was a {WEEKDAYS[date.weekday()].title()}, not a "
                f"{WEEKDAYS[mention.weekday].title()}{note}"
            )
            spans = [place.span(mention.start, mention.end)]
            spans += [s.span(self.year_source[1].start, self.year_source[1].end)
                      for s in sources if self.year_source]  # fmt: skip
            flags.append(_flag("weekday-date-mismatch", message, [place, *sources], spans, [place]))
        return flags

    def relative_flags(self) -> list[Flag]:
        today = self.dateline_date()
        if today is None or self.dateline is None:
            return []
        dateline_place, dateline = self.dateline
        flags = []
        offsets = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1,
                   "this morning": 0, "this afternoon": 0, "this evening": 0}  # fmt: skip
        # "Yesterday, Sunday, ..." against the dateline
        for place, mention in self.mentions:
            if mention.relative not in offsets or place is dateline_place:
                continue
            expected = today + dt.timedelta(days=offsets[mention.relative])
            for other in place.signals.dates:
                if other.weekday is None or other.weekday == expected.weekday():
                    continue
                message = (
                    f"“{mention.text}” is {WEEKDAYS[expected.weekday()].title()} by the dateline "
                    f"({_date_text(today)}), but the sentence names "
                    f"{WEEKDAYS[other.weekday].title()}"
                )
                spans = [place.span(mention.start, mention.end),
                         place.span(other.start, other.end),
                         dateline_place.span(dateline.start, dateline.end)]  # fmt: skip
                flags.append(
                    _flag(
                        "relative-date-inconsistent",
                        message,
                        [place, dateline_place],
                        spans,
                        [place],
                    )  # fmt: skip
                )
        return [*flags, *self._bare_weekday_flags(today, dateline_place, dateline)]

    def _bare_weekday_flags(
        self, today: dt.date, dateline_place: Place, dateline: DateMention
    ) -> list[Flag]:
        """Bare weekdays ("on Friday") whose reading is really ambiguous, one flag per cause.

        A bare weekday is read against the dateline unless the sentence, or the story
        sentence just before it, names an earlier date: then the narrative runs from that
        date, and when the two readings give different days the reader cannot tell which
        is meant.  Separately, a past day named with its weekday more than four weeks
        before the dateline (news names weekdays only for days near the time of writing)
        means the dateline itself is doubtful, so the weekdays read against it are too.
        Each cause makes one flag, carried by the one claim that shows it.
        """
        story = [p for p in self.places if p.unit.kind in ("claim", "quote")]
        anchored: dict[int, list[tuple[Place, DateMention, dt.date]]] = {}
        anchors: dict[int, tuple[Place, DateMention, dt.date]] = {}
        unanchored: list[tuple[Place, DateMention]] = []
        for i, place in enumerate(story):
            for mention in place.signals.dates:
                if mention.weekday is None or mention.day or mention.relative in _NOW_LEADS:
                    continue
                anchor = self._narrative_anchor(story, i, mention, today)
                if anchor is None:
                    unanchored.append((place, mention))
                    continue
                read_by_anchor = anchor[2] + dt.timedelta(
                    days=(mention.weekday - anchor[2].weekday()) % 7
                )
                if read_by_anchor != _last_weekday(today, mention.weekday):
                    anchors[id(anchor[1])] = anchor
                    anchored.setdefault(id(anchor[1]), []).append((place, mention, read_by_anchor))
        flags = [
            self._anchored_flag(anchors[key], found, today, dateline_place, dateline)
            for key, found in anchored.items()
        ]
        doubt = self._dateline_doubt(today, dateline_place, dateline, unanchored)
        return flags + ([doubt] if doubt else [])

    def _narrative_anchor(
        self, story: list[Place], index: int, mention: DateMention, today: dt.date
    ) -> tuple[Place, DateMention, dt.date] | None:
        """The latest past date named before ``mention`` in its sentence or the one before."""
        place = story[index]
        candidates = [(place, d) for d in place.signals.dates if d.end <= mention.start]
        if not candidates and index > 0:
            candidates = [(story[index - 1], d) for d in story[index - 1].signals.dates]
        for anchor_place, anchor in reversed(candidates):
            date = self.resolve(anchor)
            if date is not None and date < today:
                return anchor_place, anchor, date
        return None

    def _anchored_flag(
        self,
        anchor: tuple[Place, DateMention, dt.date],
        found: list[tuple[Place, DateMention, dt.date]],
        today: dt.date,
        dateline_place: Place,
        dateline: DateMention,
    ) -> Flag:
        anchor_place, anchor_mention, _ = anchor
        place, mention, meant = found[0]
        assert mention.weekday is not None
        by_dateline = _last_weekday(today, mention.weekday)
        others = list(dict.fromkeys(f"“{m.text}”" for _, m, _ in found[1:]))
        also = f" (so are {', '.join(others)} after it)" if others else ""
        message = (
            f"“{mention.text}” follows “{anchor_mention.text}”, so it may mean "
            f"{_date_text(meant)}; read against the dateline ({_date_text(today)}) it means "
            f"{_date_text(by_dateline)}: which is meant?{also}"
        )
        spans = [p.span(m.start, m.end) for p, m, _ in found]
        spans += [anchor_place.span(anchor_mention.start, anchor_mention.end),
                  dateline_place.span(dateline.start, dateline.end)]  # fmt: skip
        named = [place, *(p for p, _, _ in found[1:]), anchor_place, dateline_place]
        return _flag("relative-date-inconsistent", message, named, spans, [place])

    def _dateline_doubt(
        self,
        today: dt.date,
        dateline_place: Place,
        dateline: DateMention,
        bare: list[tuple[Place, DateMention]],
    ) -> Flag | None:
        far = next(
            (
                (p, m, date)
                for p, m in self.mentions
                if m.weekday is not None and m.day and p is not dateline_place
                and (date := self.resolve(m)) is not None
                and (today - date).days > DATELINE_DOUBT_DAYS
            ),
            None,
        )  # fmt: skip
        if far is None or not bare:
            return None
        far_place, far_mention, far_date = far
        named = list(dict.fromkeys(f"“{m.text}”" for _, m in bare))
        shown = ", ".join(named[:5]) + (f" and {len(named) - 5} more" if len(named) > 5 else "")
        message = (
            f"the dateline ({_date_text(today)}) is {(today - far_date).days} days after "
            f"“{far_mention.text}”, a day the article names by its weekday as if recent, so "
            f"its bare weekdays ({shown}; {len(bare)} in all) cannot be pinned to a date"
        )
        spans = [far_place.span(far_mention.start, far_mention.end),
                 dateline_place.span(dateline.start, dateline.end),
                 *(p.span(m.start, m.end) for p, m in bare)]  # fmt: skip
        places = [far_place, dateline_place, *(p for p, _ in bare)]
        return _flag("relative-date-inconsistent", message, places, spans, [far_place])


def _last_weekday(today: dt.date, weekday: int) -> dt.date:
    """The day a bare weekday names when read against ``today``: the latest such day."""
    return today - dt.timedelta(days=(today.weekday() - weekday) % 7)


# -- quantities ------------------------------------------------------------------------------

_EVENTS = {
    "killed": r"kill(?:ed|ing|s)?|died|dead|deaths?|death toll|lost their lives|perished"
    r"|fatalities|fatally",
    "injured": r"injur(?:ed|ies|ing)|wounded|wounding|hurt",
    "missing": r"missing|unaccounted for",
    "arrested": r"arrest(?:ed|s|ing)?|detained",
    "displaced": r"evacuated|displaced|forc(?:ed|ing)\b.{0,40}\bfrom (?:their )?homes|fled"
    r"|moved to (?:emergency )?shelters|homeless",
}
_EVENT_AFTER = {k: re.compile(rf"^.{{0,70}}?\b(?:{v})\b", re.I | re.S) for k, v in _EVENTS.items()}
_EVENT_BEFORE = {
    k: re.compile(rf"\b(?:{v})\b(?:\s+\w+){{0,2}}\s*$", re.I | re.S) for k, v in _EVENTS.items()
}
_GROUPS = {
    "people": {"people", "persons", "person", "residents", "civilians", "children", "women",
               "men", "villagers", "locals", "passengers", "workers", "protesters",
               "bystanders", "individuals", "adults", "victims", "others"},
    "combatants": {"fighters", "militants", "soldiers", "insurgents", "troops", "rebels",
                   "gunmen", "combatants", "servicemen", "jihadists"},
    "police": {"police", "officers", "policemen", "policewomen"},
}  # fmt: skip


@dataclass
class _Count:
    place: Place
    quantity: Quantity
    event: str
    group: str | None


def _group_after(text: str) -> str | None:
    """The kind of people counted: the first group noun within three words."""
    for word in re.findall(r"[A-Za-z'’-]+", text)[:4]:
        lower = word.lower()
        for group, nouns in _GROUPS.items():
            if lower in nouns:
                return group
    return None


def _event_counts(place: Place) -> list[_Count]:
    text = place.unit.text
    counts: list[_Count] = []
    quantities = [q for q in place.signals.numbers if q.kind == "count"]
    for i, q in enumerate(quantities):
        limit = quantities[i + 1].start if i + 1 < len(quantities) else len(text)
        after = text[q.end : limit]
        before = text[max(0, q.start - 40) : q.start]
        event = next((k for k, p in _EVENT_AFTER.items() if p.search(after)), None)
        if event is None:
            event = next((k for k, p in _EVENT_BEFORE.items() if p.search(before)), None)
        if event is None:
            continue
        group = _group_after(after)
        if group is None and counts:  # "15 fighters were killed and 15 wounded"
            group = counts[-1].group
        counts.append(_Count(place, q, event, group))
    return counts


def _range_text(q: Quantity) -> str:
    if q.low == q.high:
        return f"{q.low:g}"
    return f"{q.low:g}–{q.high:g}"


def _quantity_flags(places: list[Place]) -> list[Flag]:
    counts = [c for p in places if p.unit.kind != "credit" for c in _event_counts(p)]
    flags: list[Flag] = []
    seen: set[tuple[str, str, str]] = set()
    for i, a in enumerate(counts):
        for b in counts[i + 1 :]:
            if a.place is b.place or a.event != b.event:
                continue
            if a.group != b.group and not ({a.group, b.group} <= {None, "people"}):
                continue
            if a.quantity.low <= b.quantity.high and b.quantity.low <= a.quantity.high:
                continue  # the two ranges agree
            key = (a.place.claim_id, b.place.claim_id, a.event)
            if key in seen:
                continue
            seen.add(key)
            message = (
                f"{a.event}: “{a.quantity.text}” ({_range_text(a.quantity)}) against "
                f"“{b.quantity.text}” ({_range_text(b.quantity)}) elsewhere in the article"
            )
            spans = [a.place.span(a.quantity.start, a.quantity.end),
                     b.place.span(b.quantity.start, b.quantity.end)]  # fmt: skip
            flags.append(_flag("quantity-mismatch", message, [a.place, b.place], spans))
    return flags


# -- measurements ----------------------------------------------------------------------------

_MEASURE_UNIT = re.compile(
    r"^\s?-?(?P<unit>metres?|meters?|m\b|cm|mm|km|feet|ft\b|degrees?|°[CF]?|%|per\s?cent|percent)",
    re.IGNORECASE,
)
_UNIT_NAMES = {"meter": "metres", "metre": "metres", "m": "metres", "degree": "degrees",
               "°": "degrees", "per cent": "percent", "%": "percent"}  # fmt: skip
# The words that say what was measured; a measurement is (its name, its unit).
_MEASURES = {
    "peak": r"peak(?:ed|s)?|crest(?:ed)?|highest (?:level|reading)",
    "depth": r"deep|depth",
    "height": r"tall|height",
    "temperature": r"temperature|warm(?:er|ed)?|hott?(?:er|est)?|cold(?:er|est)?",
    # Not "rose" or "increased": prices and wages both rise, and are different things.
    "growth": r"gr[eo]w(?:th|n|s)?|expand(?:ed|s)?",
    "inflation": r"inflation",
    "unemployment": r"unemployment|jobless",
    "turnout": r"turnout",
    # Money: what was spent or charged, each its own measurement.
    "budget": r"budgets?",
    "cost": r"cost(?:s|ing)?",
    "price": r"prices?|priced",
    "fine": r"fined?",
    "deficit": r"deficit",
    "revenue": r"revenues?|sales|turnover",
    "profit": r"profits?",
    # People counts: how many came.
    "attendance": r"crowds?|attend(?:ed|ance|ees)?|spectators|turned out",
}
_MEASURE_NEAR = {k: re.compile(rf"\b(?:{v})\b", re.I) for k, v in _MEASURES.items()}


@dataclass
class _Measure:
    place: Place
    quantity: Quantity
    name: str
    unit: str


_PEOPLE_AFTER = re.compile(
    r"^\s+(?:people|persons|visitors|fans|spectators|protesters|attendees|guests|runners"
    r"|marchers|supporters)\b",
    re.IGNORECASE,
)
_PEOPLE_BEFORE = re.compile(r"\b(?:crowds?|attendance|audience)\s+of\s+$", re.IGNORECASE)


def _unit_of(place: Place, q: Quantity) -> str | None:
    if q.kind == "percent":
        return "percent"
    if q.kind == "money":
        currency = re.search(r"[£$€¥]", q.text)
        return f"money ({currency.group() if currency else '?'})"  # £ is not $
    text = place.unit.text
    if q.kind == "count" and (
        _PEOPLE_AFTER.match(text[q.end :]) or _PEOPLE_BEFORE.search(text[: q.start])
    ):
        return "people"
    m = _MEASURE_UNIT.match(place.unit.text[q.end :])
    if not m:
        return None
    unit = m.group("unit").lower().replace("°c", "°").replace("°f", "°")
    return _UNIT_NAMES.get(unit.rstrip("s") if unit.endswith("s") else unit, unit)


def _measures(place: Place) -> list[_Measure]:
    text = place.unit.text
    out: list[_Measure] = []
    for q in place.signals.numbers:
        if q.low != q.high or q.vague:
            continue  # an approximate figure agrees with a range of others
        unit = _unit_of(place, q)
        if unit is None:
            continue
        window = text[max(0, q.start - 60) : q.start]
        names = [k for k, p in _MEASURE_NEAR.items() if p.search(window)]
        if len(names) == 1:  # two candidate names: too ambiguous to compare
            out.append(_Measure(place, q, names[0], unit))
    return out


def _measurement_flags(places: list[Place]) -> list[Flag]:
    found = [m for p in places if p.unit.kind not in ("credit", "caption") for m in _measures(p)]
    flags: list[Flag] = []
    seen: set[tuple[str, str]] = set()
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            if a.place is b.place or (a.name, a.unit) != (b.name, b.unit):
                continue
            if a.quantity.low == b.quantity.low:
                continue
            key = (a.place.claim_id, b.place.claim_id)
            if key in seen:
                continue
            seen.add(key)
            message = (
                f"{a.name} in {a.unit}: “{a.quantity.text}” against “{b.quantity.text}” "
                "elsewhere in the article"
            )
            spans = [a.place.span(a.quantity.start, a.quantity.end),
                     b.place.span(b.quantity.start, b.quantity.end)]  # fmt: skip
            flags.append(_flag("measurement-mismatch", message, [a.place, b.place], spans))
    return flags
