"""Checks of an article's dates against each other: weekdays named with dates they do not
fall on, and relative days ("yesterday", a bare "on Friday") the dateline contradicts or
leaves ambiguous.  ``consistency`` explains the flags."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from review_db.models import Flag
from workbench.claims.held import Place, name_flag
from workbench.claims.lexicon import MONTHS, WEEKDAYS
from workbench.claims.signals import DateMention

# A weekday is named for a day near the time of writing; one named for a day more than
# four weeks before the dateline means the dateline is not when the story was written.
DATELINE_DOUBT_DAYS = 28
# Lead words that tie a bare weekday to the time of writing, whatever the story says.
_NOW_LEADS = ("next", "this", "last")


def _date_text(d: dt.date) -> str:
    return f"{WEEKDAYS[d.weekday()].title()}, {MONTHS[d.month - 1].title()} {d.day}, {d.year}"


class Calendar:
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
            flag = name_flag("weekday-date-mismatch", message, [place, *sources], spans, [place])
            flags.append(flag)
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
                    name_flag(
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
        return name_flag("relative-date-inconsistent", message, named, spans, [place])

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
        return name_flag("relative-date-inconsistent", message, places, spans, [far_place])


def _last_weekday(today: dt.date, weekday: int) -> dt.date:
    """The day a bare weekday names when read against ``today``: the latest such day."""
    return today - dt.timedelta(days=(today.weekday() - weekday) % 7)


# -- quantities ------------------------------------------------------------------------------
