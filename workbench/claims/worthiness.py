"""Check-worthiness: a score in 0..1 and the reasons that produced it.

A plain weighted sum, so a reviewer can see exactly why one sentence ranks above
another: each reason names the words it found and the weight it added or took away.
"""

from __future__ import annotations

from workbench.claims.signals import Signals

# The starting point of each kind: claims and quotes are what a reviewer checks;
# headings repeat the story; captions, credits and page furniture rarely hold a claim.
KIND_BASE = {"claim": 0.15, "quote": 0.10, "heading": 0.05, "caption": 0.0, "credit": 0.0,
             "other": 0.0}  # fmt: skip
KIND_FACTOR = {"claim": 1.0, "quote": 0.9, "heading": 0.6, "caption": 0.4, "credit": 0.0,
               "other": 0.3}  # fmt: skip


def _listed(items: list[str], limit: int = 4) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" (+{len(items) - limit} more)" if len(items) > limit else "")


def score(kind: str, signals: Signals) -> tuple[float, list[str]]:
    """The worthiness of a unit of this kind with these signals, and why."""
    total = KIND_BASE[kind]
    reasons: list[str] = []

    def add(weight: float, why: str) -> None:
        nonlocal total
        total += weight
        reasons.append(f"{why} ({weight:+.2f})")

    if signals.numbers:
        add(min(0.25 + 0.05 * (len(signals.numbers) - 1), 0.35),
            "numbers: " + _listed([q.text for q in signals.numbers]))  # fmt: skip
    calendar = [d.text for d in signals.dates if d.relative is None or d.weekday is not None]
    if calendar:
        add(0.10, "dates: " + _listed(calendar))
    if signals.entities:
        add(0.15 if len(signals.entities) > 1 else 0.10,
            "names: " + _listed(signals.entities))  # fmt: skip
    if signals.attribution:
        add(0.10, "attributed: " + _listed(signals.attribution))
    if signals.absolutes:
        add(0.15, "absolutes or superlatives: " + _listed(signals.absolutes))
    if signals.comparisons:
        add(0.10, "comparison or cause: " + _listed(signals.comparisons))
    if signals.hedges:
        add(-0.10, "hedged: " + _listed(signals.hedges))
    if signals.question:
        add(-0.30, "a question")
    if signals.opinion:
        add(-0.15, "opinion: " + _listed(signals.opinion))
    factor = KIND_FACTOR[kind]
    if factor != 1.0:
        reasons.append(f"kind {kind} (x{factor:.1f})")
    return round(min(max(total * factor, 0.0), 1.0), 2), reasons
