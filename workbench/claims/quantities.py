"""The one reading of the numbers in a text: figures, number words, vague amounts, hedges.

Two parsers used to read numbers, and disagreed: ``signals`` (for worthiness and the
article's own consistency) and ``corpus.contradiction`` (claim against passage).  Both
now read them here, so a claim's stored numbers are the numbers the flags compare.  The
decisions where they disagreed:

- Number words are read to "ninety-nine" and beyond as one number: "ninety-nine" is 99
  (not 90 and 9), "twenty one" is 21, "two hundred and fifty" is 250, "two dozen" is 24,
  "three million" is 3e6.  "zero" is a number; a bare "one" is read (as 1) but
  ``signals`` does not list it ("one of the", "no one"), while "one million" it does.
- Vague amounts are ranges: "dozens" 24-99, "hundreds" 200-999 and "scores" 40-199 (a
  score is twenty, so "scores" starts at two score, and English says "hundreds" from 200
  on; 40-99 left "150" outside both "scores" and "hundreds").
- Comparatives bound one side only: "more than 30" is 30 and up with no upper limit
  (it used to be 30-300 in one parser, 30 and up in the other; nothing in "more than 30"
  rules out 400, and a false alarm costs more than a missed one).  "up to 30" is 0-30;
  "no more than" and "no fewer/less than" are at most and at least, not negations.
  "about", "some", "around", "roughly", "an estimated" are ±10%; "nearly", "almost" and
  "just under" are 85-100% (they say the figure was not reached).
- A plain four-digit number from 1800 to 2100 is a year ("a year in passing"), as is one
  from 1000 to 1799 after "in", "since", "by" and the like ("began in 1911"); with a
  comma, a currency, a percent sign or a scale it is a figure ("1,500", "$2000").
- Money: a currency sign before ("£38m", "$1.5 billion") or a currency word after
  ("1,500 million dollars", "40 euros"; "pounds" only after a scale word, since "5
  pounds" is a weight).  Without a currency, "4.2m" and "5k" next to no sign are
  measures (metres, a run), not millions.
- Times ("3:40", "7 pm"), phone numbers, dates and numbers inside words or codes ("9/11",
  "COVID19") are not quantities.

Offsets are into the text given; an open bound is ``math.inf`` (``high``) and is stored
as ``null`` in JSON.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from workbench.claims.lexicon import ONES, TENS

# Vague quantities as ranges, so "dozens" can be compared with "15".
VAGUE = {
    "dozens": (24.0, 99.0), "scores": (40.0, 199.0), "hundreds": (200.0, 999.0),
    "thousands": (2000.0, 9999.0), "tens of thousands": (20000.0, 99999.0),
    "millions": (2e6, 9.99e8), "several": (3.0, 9.0), "a few": (2.0, 5.0),
    "a handful": (2.0, 6.0), "a couple": (2.0, 3.0),
}  # fmt: skip
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "m": 1e6, "mn": 1e6, "bn": 1e9, "k": 1e3}  # fmt: skip
_CURRENCY_WORDS = {"dollars": "$", "dollar": "$", "euros": "€", "euro": "€", "pounds": "£"}

# A qualifier's effect on a figure x: (low factor, high factor); inf is an open bound.
_ABOUT = (0.9, 1.1)
_BELOW_REACHED = (0.85, 1.0)
_AT_LEAST = (1.0, math.inf)
_AT_MOST = (0.0, 1.0)
QUALIFIERS = {
    "about": _ABOUT, "around": _ABOUT, "roughly": _ABOUT, "approximately": _ABOUT,
    "some": _ABOUT, "an estimated": _ABOUT, "estimated": _ABOUT, "circa": _ABOUT,
    "close to": _ABOUT, "nearly": _BELOW_REACHED, "almost": _BELOW_REACHED,
    "just under": _BELOW_REACHED, "more than": _AT_LEAST, "over": _AT_LEAST,
    "at least": _AT_LEAST, "upwards of": _AT_LEAST, "in excess of": _AT_LEAST,
    "exceeding": _AT_LEAST, "above": _AT_LEAST, "no fewer than": _AT_LEAST,
    "no less than": _AT_LEAST, "up to": _AT_MOST, "fewer than": _AT_MOST,
    "less than": _AT_MOST, "under": _AT_MOST, "below": _AT_MOST, "at most": _AT_MOST,
    "no more than": _AT_MOST,
}  # fmt: skip

# Longest first, so "no more than" wins over "more than".
_QUALIFIER = (
    r"(?:(?P<qual>"
    + "|".join(q.replace(" ", r"\s+") for q in sorted(QUALIFIERS, key=len, reverse=True))
    + r")\s+)?"
)
_SCALE = r"thousand|million|billion|trillion|bn|mn|m|k"
_NUMBER = re.compile(
    _QUALIFIER
    + r"(?:(?P<cur>[£$€¥])\s?)?"
    + r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    + rf"(?:\s?(?P<scale>{_SCALE})\b)?"
    + r"(?:\s?(?P<pct>%|per\s?cent\b|percent\b)"
    + r"|\s(?P<curword>dollars?|euros?|pounds)\b)?",
    re.IGNORECASE,
)
_ONE_TO_NINE = "|".join(ONES[1:10])
_SMALL = rf"(?:(?:{'|'.join(TENS)})(?:[-\s](?:{_ONE_TO_NINE}))?|{'|'.join(ONES[::-1])})"
_WORD_NUMBER = re.compile(
    _QUALIFIER
    + r"\b(?P<word>tens\s+of\s+thousands|dozens|scores|hundreds|thousands|millions|several"
    + r"|a\s+few|a\s+handful|a\s+couple|a\s+dozen|a\s+hundred|a\s+thousand"
    + rf"|{_SMALL}(?:\s+hundred(?:\s+(?:and\s+)?{_SMALL})?)?"
    + r"(?:\s+dozen)?)\b"
    + r"(?:\s(?P<wscale>thousand|million|billion|trillion)\b)?"
    + r"(?:\s(?P<curword>dollars?|euros?|pounds)\b)?",
    re.IGNORECASE,
)
_SMALL_VALUES = {word: float(value) for value, word in enumerate(ONES)}
_SMALL_VALUES.update({word: 20.0 + 10 * i for i, word in enumerate(TENS)})
UNIT = re.compile(
    r"\s?-?(?:metres?|meters?|m\b|cm|mm|km|kilometres?|kilometers?|miles?|feet|foot|ft\b|inch"
    r"|inches|kg|kilograms?|grams?|g\b|tonnes?|tons?|litres?|liters?|degrees?|°|mph|km/h|knots"
    r"|hours?|minutes?|seconds?|days?|weeks?|months?|years?|decades?|centuries|century"
    r"|acres?|hectares?|square)\b",
    re.IGNORECASE,
)
_TIME = re.compile(r"\b\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d{2}\b", re.I)
_PHONE = re.compile(r"\b0\d{2,4}[ -]\d{3,4}[ -]\d{3,4}\b|\+\d[\d ()-]{7,}\d")
_YEAR_LEAD = re.compile(
    r"\b(?:in|since|by|until|from|of|during|before|after|between|and|to)\s+$", re.IGNORECASE
)


@dataclass(frozen=True)
class Quantity:
    """A number in a text, as a range (exact numbers have low == high; an open bound is
    inf).  ``kind`` is count, percent, money, measure or year."""

    text: str
    start: int
    end: int
    low: float
    high: float
    kind: str
    vague: bool = False  # a word for an amount ("several", "dozens"), not a figure
    currency: str = ""  # for money: "£", "$", "€", "¥"

    def as_json(self) -> dict[str, Any]:
        """The stored form (offsets as given); an open bound is null; "vague" and
        "currency" only when they say something."""
        value = self.low if self.low == self.high else None
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": value,
            "range": [self.low, None if math.isinf(self.high) else self.high],
            "kind": self.kind,
            **({"vague": True} if self.vague else {}),
            **({"currency": self.currency} if self.currency else {}),
        }

    @classmethod
    def from_json(cls, item: dict[str, Any], offset: int = 0) -> Quantity:
        """A stored quantity read back: ``item`` as ``as_json`` wrote it, its offsets
        moved back by ``offset`` (the claim's start, to make them claim offsets)."""
        low, high = item["range"]
        return cls(
            text=str(item["text"]),
            start=int(item["start"]) - offset,
            end=int(item["end"]) - offset,
            low=float(low),
            high=math.inf if high is None else float(high),
            kind=str(item["kind"]),
            vague=bool(item.get("vague", False)),
            currency=str(item.get("currency", "")),
        )


def find_quantities(text: str, skip: Iterable[tuple[int, int]] = ()) -> list[Quantity]:
    """Every quantity of ``text`` in order, years included; numbers starting inside a
    ``skip`` span (dates found elsewhere), times and phone numbers are left out."""
    spans = list(skip)
    spans += [m.span() for m in _TIME.finditer(text)] + [m.span() for m in _PHONE.finditer(text)]
    out = [*_figures(text, spans), *_words(text, spans)]
    out.sort(key=lambda q: q.start)
    return out


def _figures(text: str, skip: list[tuple[int, int]]) -> Iterable[Quantity]:
    for m in _NUMBER.finditer(text):
        start = m.start("cur") if m.group("cur") else m.start("num")
        if any(a <= start < b for a, b in skip):
            continue
        after = text[m.end() : m.end() + 1]
        if (start > 0 and (text[start - 1].isalnum() or text[start - 1] in "/")) or after == "/":
            continue  # part of a word or code: "9/11", "COVID19"
        raw = m.group("num").replace(",", "")
        scale = (m.group("scale") or "").lower()
        currency = m.group("cur") or _currency_word(m.group("curword"), scale)
        if not currency and not m.group("pct") and not scale and _is_year(text, m, raw):
            year = float(raw)
            yield Quantity(m.group("num"), m.start("num"), m.end("num"), year, year, "year")
            continue
        kind = "money" if currency else "percent" if m.group("pct") else "count"
        if kind == "count" and (scale in ("m", "k", "mn") or UNIT.match(text, m.end("num"))):
            kind, scale = "measure", ""  # "4.2m" without a currency is metres, not millions
        value = float(raw) * SCALES.get(scale, 1)
        yield _quantity(m, text, value, value, kind, currency=currency)


def _is_year(text: str, m: re.Match[str], raw: str) -> bool:
    if len(raw) != 4 or not raw.isdigit() or m.group("num") != raw:
        return False
    year = int(raw)
    if 1800 <= year <= 2100:
        return True
    return 1000 <= year < 1800 and bool(_YEAR_LEAD.search(text, 0, m.start("num")))


def _currency_word(word: str | None, scale: str) -> str:
    word = (word or "").lower()
    if word == "pounds" and not scale:
        return ""  # "5 pounds" is a weight; "5 million pounds" is money
    return _CURRENCY_WORDS.get(word if word.endswith("s") else word + "s", "")


def _words(text: str, skip: list[tuple[int, int]]) -> Iterable[Quantity]:
    for m in _WORD_NUMBER.finditer(text):
        if any(a <= m.start("word") < b for a, b in skip):
            continue
        word = " ".join(m.group("word").lower().split())
        scale_word = (m.group("wscale") or "").lower()
        scale = SCALES.get(scale_word, 1)
        currency = _currency_word(m.group("curword"), scale_word)
        kind = "money" if currency else "count"
        if word in VAGUE:
            low, high = VAGUE[word]
            yield _quantity(m, text, low * scale, high * scale, kind, True, currency)
        else:
            value = _word_value(word) * scale
            yield _quantity(m, text, value, value, kind, currency=currency)


def _word_value(word: str) -> float:
    """ "ninety-nine" 99, "two hundred and fifty" 250, "a dozen" 12, "two dozen" 24."""
    dozen = word.endswith("dozen")
    words = word.removesuffix("dozen").replace("-", " ").split()
    total = 0.0
    current = 0.0
    for w in words:
        if w == "a":
            current = 1.0
        elif w == "hundred":
            current = max(current, 1.0) * 100
        elif w == "thousand":
            total, current = total + max(current, 1.0) * 1000, 0.0
        elif w != "and":
            current += _SMALL_VALUES[w]
    value = total + current
    return value * 12 if dozen else value


def _quantity(
    m: re.Match[str],
    text: str,
    low: float,
    high: float,
    kind: str,
    vague: bool = False,
    currency: str = "",
) -> Quantity:
    qualifier = " ".join((m.group("qual") or "").lower().split())
    if qualifier:
        lo, hi = QUALIFIERS[qualifier]
        low, high = low * lo, high * hi
    start = m.start("qual") if qualifier else m.start() + (len(m.group()) - len(m.group().lstrip()))
    return Quantity(m.group().strip(), start, m.end(), low, high, kind, vague, currency)
