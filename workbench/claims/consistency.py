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

from review_db.models import Flag
from workbench.claims.calendar_checks import Calendar
from workbench.claims.count_checks import measurement_flags, quantity_flags
from workbench.claims.held import MAX_FLAGS_PER_TYPE, HeldFlags, Place

__all__ = ["MAX_FLAGS_PER_TYPE", "Place", "held_flags"]


def held_flags(places: list[Place]) -> dict[str, list[Flag]]:
    """The flags each claim shows, by claim id: of each type, in this order, the first
    ``MAX_FLAGS_PER_TYPE`` it holds, then a count of the rest of each type."""
    calendar = Calendar(places)
    held = HeldFlags()
    held.add(calendar.weekday_flags())
    held.add(calendar.relative_flags())
    held.add(quantity_flags(places))
    measurement_flags(places, held)
    return held.by_claim()
