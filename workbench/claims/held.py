"""What the consistency checks share: a place of the article, the flag that names places,
and the flags each claim holds (the first few of each type and a count of the rest)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from review_db.models import Flag
from workbench.claims.kinds import Unit
from workbench.claims.signals import Signals

MAX_FLAGS_PER_TYPE = 5


@dataclass
class Place:
    """A unit of the article with its id and signals, as the checks see it."""

    unit: Unit
    claim_id: str
    signals: Signals

    def span(self, start: int, end: int) -> tuple[str, int, int]:
        return (self.claim_id, self.unit.start + start, self.unit.start + end)


def name_flag(
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


class HeldFlags:
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
