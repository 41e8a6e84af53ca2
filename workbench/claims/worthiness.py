"""Check-worthiness: a score in 0..1 and the reasons that produced it.

A plain weighted sum, so a reviewer can see exactly why one sentence ranks above another:
the kind's base plus one weight per reason, each reason naming the words it found.  The
reasons and the base add up to the score (a sum outside 0..1 is clipped, and the clip is
shown as a reason of its own).

The weights are not hand-set: ``benchmarks/worthiness.py --fit`` fits a logistic
regression over these features on the CLEF-2019 CheckThat! training debates and prints
them scaled to this range; the constants below are its output (see ``WEIGHTS``).  The
learned model (``worthiness_model``) uses the same features beside word n-grams.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.claims.signals import Signals

CLAIM_KINDS = ("claim", "quote", "heading", "caption", "credit", "other")

# The starting point of each kind.  "claim" is the fitted intercept; the others are that
# less what a reviewer loses by reading them first: a quote is often the speaker's view,
# a heading repeats the story, a caption or credit rarely holds a claim of its own (the
# benchmark has no captions or credits, so these offsets are set by hand).
KIND_BASE = {"claim": 0.35, "quote": 0.25, "heading": 0.15, "caption": 0.05, "credit": -1.0,
             "other": 0.05}  # fmt: skip

# Fitted by `benchmarks/worthiness.py --fit` on data/training (19 debates, 16,421
# sentences): logistic-regression coefficients x 0.1, rounded to 0.01 (a second figure
# in a sentence measured 0.00, so it is not a feature).  Leave-one-debate-
# out validation MAP of this scorer: see the table in README.md ("Check-worthiness").
WEIGHTS: dict[str, float] = {
    "figures": 0.11,
    "vague-amount": 0.05,  # fitted 0.06; capped at half a figure (see fit_default)
    "percent-or-money": 0.11,
    "dates": 0.03,
    "one-name": 0.04,
    "names": 0.02,
    "attributed": 0.04,
    "absolutes": 0.05,
    "comparison": 0.04,
    "hedged": -0.05,
    "question": -0.13,
    "opinion": -0.07,
    "first-person": -0.06,
    "promise": -0.06,
    "short": -0.09,
    "long": 0.03,
}
# A consistency flag marks a sentence an editor would query; the benchmark has none, so
# this weight is set by hand: enough to lift a flagged claim above its unflagged peers.
FLAG_WEIGHT = 0.15

_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'll|I'd|me|my|mine|myself)\b")
_PROMISE = re.compile(
    r"\b(?:will|won't|going to|gonna|we'll|I'll|plan to|intend to|promise|let's)\b", re.I
)
SHORT_WORDS = 8
LONG_WORDS = 25


@dataclass(frozen=True)
class Reason:
    """One feature that fired: its name, what it found, and its value (1 for a yes/no)."""

    feature: str
    found: str
    value: float = 1.0


@dataclass(frozen=True)
class Part:
    """One term of a score: the weight it added and the reason shown for it."""

    weight: float
    why: str

    def shown(self) -> str:
        """The reason as a reviewer reads it: ``numbers: 34 (+0.10)``."""
        return f"{self.why} ({self.weight:+.2f})"


def _listed(items: list[str], limit: int = 4) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" (+{len(items) - limit} more)" if len(items) > limit else "")


def find_reasons(signals: Signals, text: str, flags: int = 0) -> list[Reason]:
    """Every explainable feature of a sentence that fired, in a fixed order."""
    out: list[Reason] = []
    figures = [q.text for q in signals.numbers if not q.vague]
    vague = [q.text for q in signals.numbers if q.vague]
    if figures:
        out.append(Reason("figures", "figures: " + _listed(figures)))
    if vague:
        out.append(Reason("vague-amount", "vague amounts: " + _listed(vague)))
    measured = [q.text for q in signals.numbers if q.kind in ("percent", "money")]
    if measured:
        out.append(Reason("percent-or-money", "percent or money: " + _listed(measured)))
    calendar = [d.text for d in signals.dates if d.relative is None or d.weekday is not None]
    if calendar:
        out.append(Reason("dates", "dates: " + _listed(calendar)))
    if len(signals.entities) == 1:
        out.append(Reason("one-name", "names: " + signals.entities[0]))
    elif signals.entities:
        out.append(Reason("names", "names: " + _listed(signals.entities)))
    for feature, label, words in (
        ("attributed", "attributed", signals.attribution),
        ("absolutes", "absolutes or superlatives", signals.absolutes),
        ("comparison", "comparison or cause", signals.comparisons),
        ("hedged", "hedged", signals.hedges),
        ("opinion", "opinion", signals.opinion),
    ):
        if words:
            out.append(Reason(feature, f"{label}: " + _listed(words)))
    if signals.question:
        out.append(Reason("question", "a question"))
    first = _FIRST_PERSON.search(text)
    if first:
        out.append(Reason("first-person", f"speaks of oneself: {first.group()}"))
    promise = _PROMISE.search(text)
    if promise:
        out.append(Reason("promise", f"a promise or plan: {promise.group().lower()}"))
    length = len(text.split())
    if length < SHORT_WORDS:
        out.append(Reason("short", f"short: {length} words"))
    elif length >= LONG_WORDS:
        out.append(Reason("long", f"long: {length} words"))
    if flags:
        out.append(Reason("flagged", f"consistency flags: {flags}"))
    return out


def reason_weight(reason: Reason) -> float:
    """What a reason adds to the default score."""
    per_unit = FLAG_WEIGHT if reason.feature == "flagged" else WEIGHTS[reason.feature]
    return round(per_unit * reason.value, 2)


def score_parts(kind: str, signals: Signals, text: str, flags: int = 0) -> list[Part]:
    """The base of the kind and one part per reason; their sum is the raw score."""
    parts = [Part(KIND_BASE[kind], f"base for a {kind}")]
    parts += [Part(reason_weight(r), r.found) for r in find_reasons(signals, text, flags)]
    return parts


def total(parts: list[Part]) -> tuple[float, list[str]]:
    """The score of some parts, clipped to 0..1, and the reasons (the clip included)."""
    raw = round(sum(p.weight for p in parts), 2)
    clipped = min(max(raw, 0.0), 1.0)
    reasons = [p.shown() for p in parts]
    if clipped != raw:
        reasons.append(f"clipped to {clipped:.2f} ({clipped - raw:+.2f})")
    return clipped, reasons


def score(kind: str, signals: Signals, text: str, flags: int = 0) -> tuple[float, list[str]]:
    """The default worthiness of a unit and why: base plus reasons, clipped to 0..1."""
    return total(score_parts(kind, signals, text, flags))
