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

Every flag names both places: claim ids and spans (offsets into the article text).  A
claim shows at most ``MAX_FLAGS_PER_TYPE`` flags of each type and a count of the rest (a
long article can pair one count with hundreds of others; the first few make the point),
and the pairwise checks are indexed so that a 1 MB article is checked in seconds.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from review_db.models import Flag
from workbench.claims.kinds import Unit
from workbench.claims.lexicon import MONTHS, WEEKDAYS
from workbench.claims.signals import DateMention, Quantity, Signals

MAX_FLAGS_PER_TYPE = 5
# A weekday is named for a day near the time of writing; one named for a day more than
# four weeks before the dateline means the dateline is not when the story was written.
DATELINE_DOUBT_DAYS = 28
# Lead words that tie a bare weekday to the time of writing, whatever the story says.
_NOW_LEADS = ("next", "this", "last")


@dataclass
class Place:
    """A unit of the article with its id and signals, as the checks see it."""

    unit: Unit
    claim_id: str
    signals: Signals

    def span(self, start: int, end: int) -> tuple[str, int, int]:
        return (self.claim_id, self.unit.start + start, self.unit.start + end)


def _flag(
    kind: str,
    message: str,
    places: list[Place],
    spans: list[tuple[str, int, int]],
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
    return Flag(kind, message, tuple(ids), tuple(spans), tuple(dict.fromkeys(held)))


def held_flags(places: list[Place]) -> dict[str, list[Flag]]:
    """The flags each claim shows, by claim id: of each type, in this order, the first
    ``MAX_FLAGS_PER_TYPE`` it holds, then a count of the rest of each type."""
    calendar = _Calendar(places)
    held = _Held()
    held.add(calendar.weekday_flags())
    held.add(calendar.relative_flags())
    held.add(_quantity_flags(places))
    _measurement_flags(places, held)
    return held.by_claim()


class _Held:
    """The flags each claim shows, and how many of each type it holds."""

    def __init__(self) -> None:
        self.shown: dict[str, list[Flag]] = {}
        self.counts: dict[str, dict[str, int]] = {}

    def add(self, flags: Iterable[Flag]) -> None:
        """Flags in the order claims show them; each counts for every one of its holders."""
        for flag in flags:
            for claim_id in flag.holders:
                self.add_held(claim_id, flag.type, [flag], 1)

    def add_held(self, claim_id: str, kind: str, first: list[Flag], count: int) -> None:
        """``count`` flags of type ``kind`` held by a claim, of which ``first`` come first."""
        counts = self.counts.setdefault(claim_id, {})
        seen = counts.get(kind, 0)
        counts[kind] = seen + count
        shown = self.shown.setdefault(claim_id, [])
        shown.extend(first[: max(0, MAX_FLAGS_PER_TYPE - seen)])

    def by_claim(self) -> dict[str, list[Flag]]:
        out = {}
        for claim_id, shown in self.shown.items():
            more = [
                Flag(kind, f"and {count - MAX_FLAGS_PER_TYPE} more {kind} flags on this claim",
                     (claim_id,), (), (claim_id,))
                for kind, count in self.counts[claim_id].items()
                if count > MAX_FLAGS_PER_TYPE
            ]  # fmt: skip
            out[claim_id] = shown + more
        return out


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
                if p.unit.dateline
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
    """Pairs of counts of one event that disagree, in the order of their first count, then
    their second (only counts of the same event are compared)."""
    counts = [c for p in places if p.unit.kind != "credit" for c in _event_counts(p)]
    by_event: dict[str, list[int]] = {}
    for i, count in enumerate(counts):
        by_event.setdefault(count.event, []).append(i)
    flags: list[Flag] = []
    seen: set[tuple[str, str, str]] = set()
    for i, a in enumerate(counts):
        same_event = by_event[a.event]
        for j in same_event[bisect_right(same_event, i) :]:
            b = counts[j]
            if a.place is b.place:
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


_Key = tuple[str, str]  # a measure: what was measured, and in which unit


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


def _measurement_flags(places: list[Place], held: _Held) -> None:
    """The measurement flags each claim shows, and how many it holds, without listing
    every pair: a long article can have hundreds of figures of one measure.

    Two claims disagree when one has a measure (a name and a unit) the other gives another
    value; the pair is one flag, worded after its first disagreeing figures in article
    order.  A claim shows first the claims before it that disagree with it, in article
    order, then those after it, by its own figure and then theirs: the order a list of
    every pair, first figure then second, would give.
    """
    found = [m for p in places if p.unit.kind not in ("credit", "caption") for m in _measures(p)]
    groups: dict[_Key, _MeasureGroup] = {}
    by_place: dict[int, list[_Measure]] = {}
    for m in found:
        groups.setdefault((m.name, m.unit), _MeasureGroup()).append(m)
        by_place.setdefault(m.place.unit.index, []).append(m)
    for group in groups.values():
        group.index()
    pairs: dict[tuple[int, int], Flag] = {}
    for position, mine in by_place.items():
        keyed = list(dict.fromkeys(((m.name, m.unit), m.quantity.low) for m in mine))
        total = _partner_count(position, keyed, groups)
        if not total:
            continue
        before = {d for key, value in keyed for d in groups[key].before(position, value)}
        partners = sorted(before)[:MAX_FLAGS_PER_TYPE]
        for key, value in keyed:
            for d in groups[key].after(position, value, MAX_FLAGS_PER_TYPE):
                if len(partners) < MAX_FLAGS_PER_TYPE and d not in partners:
                    partners.append(d)
        first = []
        for d in partners:
            pair = (min(position, d), max(position, d))
            if pair not in pairs:
                pairs[pair] = _pair_flag(by_place[pair[0]], by_place[pair[1]])
            first.append(pairs[pair])
        held.add_held(mine[0].place.claim_id, "measurement-mismatch", first, total)


def _partner_count(
    position: int, keyed: list[tuple[_Key, float]], groups: dict[_Key, _MeasureGroup]
) -> int:
    """How many other claims give another value for one of this claim's measures."""
    if len(keyed) == 1:  # the usual case: one figure, counted without a set
        key, value = keyed[0]
        return groups[key].disagreeing(value)
    partners: set[int] = set()
    for key, value in keyed:
        partners |= groups[key].positions - groups[key].only.get(value, set())
    partners.discard(position)
    return len(partners)


class _MeasureGroup:
    """The figures of one measure (name and unit) in article order, indexed."""

    def __init__(self) -> None:
        self.measures: list[_Measure] = []

    def append(self, measure: _Measure) -> None:
        self.measures.append(measure)

    def index(self) -> None:
        self.places = [m.place.unit.index for m in self.measures]
        self.values = [m.quantity.low for m in self.measures]
        self.positions = set(self.places)
        values: dict[int, set[float]] = {}
        for place, value in zip(self.places, self.values, strict=True):
            values.setdefault(place, set()).add(value)
        # Claims whose every figure of this measure has one value: they agree with that
        # value and disagree with every other.
        self.only: dict[float, set[int]] = {}
        for place, found in values.items():
            if len(found) == 1:
                self.only.setdefault(next(iter(found)), set()).add(place)
        # The next figure with a value other than this one's, to skip runs of equal values.
        self.next_other = [len(self.values)] * len(self.values)
        for k in range(len(self.values) - 2, -1, -1):
            same = self.values[k + 1] == self.values[k]
            self.next_other[k] = self.next_other[k + 1] if same else k + 1

    def disagreeing(self, value: float) -> int:
        """How many claims give this measure a value other than ``value``."""
        return len(self.positions) - len(self.only.get(value, ()))

    def _others(self, k: int, value: float) -> Iterable[int]:
        """Positions of the claims with a figure other than ``value``, from figure k on."""
        while k < len(self.values):
            if self.values[k] == value:
                k = self.next_other[k]
                continue
            yield self.places[k]
            k += 1

    def before(self, position: int, value: float) -> list[int]:
        """The first claims before ``position`` giving another value (enough to show)."""
        found: list[int] = []
        for place in self._others(0, value):
            if place >= position or len(found) == MAX_FLAGS_PER_TYPE:
                break
            if place not in found:
                found.append(place)
        return found

    def after(self, position: int, value: float, limit: int) -> list[int]:
        """The first ``limit`` claims after ``position`` giving another value, in the
        order of their first such figure."""
        found: list[int] = []
        for place in self._others(bisect_right(self.places, position), value):
            if len(found) == limit:
                break
            if place not in found:
                found.append(place)
        return found


def _pair_flag(first: list[_Measure], second: list[_Measure]) -> Flag:
    """The flag for two claims: worded after their first figures that disagree."""
    for a in first:
        for b in second:
            if (a.name, a.unit) == (b.name, b.unit) and a.quantity.low != b.quantity.low:
                message = (
                    f"{a.name} in {a.unit}: “{a.quantity.text}” against “{b.quantity.text}” "
                    "elsewhere in the article"
                )
                spans = [a.place.span(a.quantity.start, a.quantity.end),
                         b.place.span(b.quantity.start, b.quantity.end)]  # fmt: skip
                return _flag("measurement-mismatch", message, [a.place, b.place], spans)
    raise AssertionError("two claims counted as disagreeing have no figures that do")
