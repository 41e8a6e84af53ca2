"""Checks of an article's figures against each other: counts of one event that disagree
("two people died" / "three people were killed") and one measurement given two values
("peaked at 4.2 metres" / "a peak of 3.9 metres").  ``consistency`` explains the flags."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from review_db.models import Flag
from workbench.claims.held import MAX_FLAGS_PER_TYPE, HeldFlags, Place, name_flag
from workbench.claims.signals import Quantity

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


def quantity_flags(places: list[Place]) -> list[Flag]:
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
            flags.append(name_flag("quantity-mismatch", message, [a.place, b.place], spans))
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


def measures(place: Place) -> list[_Measure]:
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


def measurement_flags(places: list[Place], held: HeldFlags) -> None:
    """The measurement flags each claim shows, and how many it holds, without listing
    every pair: a long article can have hundreds of figures of one measure.

    Two claims disagree when one has a measure (a name and a unit) the other gives another
    value; the pair is one flag, worded after its first disagreeing figures in article
    order.  A claim shows first the claims before it that disagree with it, in article
    order, then those after it, by its own figure and then theirs: the order a list of
    every pair, first figure then second, would give.
    """
    found = [m for p in places if p.unit.kind not in ("credit", "caption") for m in measures(p)]
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
                pairs[pair] = pair_flag(by_place[pair[0]], by_place[pair[1]])
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


def pair_flag(first: list[_Measure], second: list[_Measure]) -> Flag:
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
                return name_flag("measurement-mismatch", message, [a.place, b.place], spans)
    raise AssertionError("two claims counted as disagreeing have no figures that do")
