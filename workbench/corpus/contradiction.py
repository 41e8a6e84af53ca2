"""Flags that a passage may contradict a claim: other numbers, another date, a negation.

A flag is a prompt to read closely, so precision matters more than recall: a passage is
flagged only when it is about the same subject (it shares enough of the claim's words)
and the differing parts are anchored to the same thing:

- ``number-mismatch``: a count of the same unit ("four districts" / "three districts"),
  an amount of the same currency, a percentage or a year next to the same words ("records
  began in 1911" / "began in 1958") with no value in common.  Numbers and dates are
  read as ``workbench.claims`` reads them (``claims.quantities``, ``signals.find_dates``):
  the same parser for both sides, and for a stored claim its stored signals.
- ``date-mismatch``: a full date (day and month, or month and year) next to the same
  words with another day, month or year ("killed on 10 September 2001" / "9 September").
- ``negation``: a word negated on one side and asserted on the other, with the scope of
  the negation ("is not the only province" / "remained the only one"; "no longer"); "not
  only", "no less than" and "no more than" are not negations.

``benchmarks/retrieval_real.py --flags`` reports precision and recall on the labelled
pairs in ``tests/fixtures/contradictions.jsonl`` and how often each flag fires on
CLIMATE-FEVER's REFUTES and SUPPORTS evidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from workbench.claims.lexicon import MONTH_NUMBERS, ONES, TENS
from workbench.claims.quantities import SCALES, VAGUE
from workbench.claims.quantities import Quantity as Figure
from workbench.claims.signals import DateMention, find_dates, find_numbers

_TOKEN = re.compile(r"[£$€]|%|\d[\d,]*(?:\.\d+)?|[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Words that are numbers or amounts, never the subject of a text: "ninety-nine", "dozens".
_NUMBER_WORDS = frozenset(
    [*ONES, *TENS, *(f"{t}-{o}" for t in TENS for o in ONES[1:10]), "dozen", "hundred"]
    + [word for phrase in VAGUE for word in phrase.split() if word not in ("a", "of")]
)
_MONTHS = MONTH_NUMBERS
_Item = TypeVar("_Item", Figure, DateMention)
_PERCENT = {"%", "percent", "per", "pc"}
_FUNCTION = frozenset(
    """a an the is are was were be been being am to of in on at by for with from as that
    this these those it its it's their his her our your my and or but than then there
    have has had do does did will would shall should can could may might must which who
    whom whose what when where while into onto about after before during since until
    per also""".split()
)
_NOT_SUBJECT = _FUNCTION | frozenset(
    """said says say told according more most less many much some any all one other such
    only very just not no never new year years""".split()
)
_CUES = frozenset(
    """not no never none nobody nothing neither nor without cannot denied denies deny
    refused refuses rejected rejects false""".split()
)
_SCOPE_ENDS = frozenset({"but", "and", "while", "although", "though", "which", "who",
                         "whereas", "because", "however", "yet"})  # fmt: skip
_SCOPE_WORDS = 5  # a negation's head is at most this many words after it


def stem(word: str) -> str:
    """A stem that joins inflections ("vote", "voted", "voting"; "pass", "passed") before
    cutting to five letters: flags compare single words, so "vote" must meet "voted"."""
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith("ss"):
                break
            word = word[: -len(suffix)]
            break
    return word[:5]


@dataclass(frozen=True)
class Quantity:
    """A number as the flags compare it: its kind, its interval, and the words it is about."""

    kind: str  # "count", "money:£", "percent", "year", "date"
    low: float
    high: float
    unit: tuple[str, ...]  # for counts: stems of the (up to two) words that follow
    anchors: frozenset[str]  # stems of the content words around it
    date: tuple[int | None, int | None, int | None] = (None, None, None)  # y, m, d


@dataclass(frozen=True)
class _Token:
    text: str  # lower case
    start: int


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.group().lower().replace("’", "'"), m.start()) for m in _TOKEN.finditer(text)]


class Statement:
    """What the flags need to know about one text, computed once.

    Its numbers and dates are those ``workbench.claims`` reads (``find_numbers``,
    ``find_dates``): given, for a stored claim (``from_claim``), or found in ``text``.
    """

    def __init__(
        self,
        text: str,
        numbers: Sequence[Figure] | None = None,
        dates: Sequence[DateMention] | None = None,
    ) -> None:
        self.text = text
        tokens = _tokens(text)
        self._tokens = tokens
        self.subject = {
            stem(t.text) for t in tokens if _is_word(t.text) and t.text not in _NOT_SUBJECT
        }
        if dates is None:
            dates = find_dates(text)
        if numbers is None:
            numbers = find_numbers(text, list(dates))
        self.quantities = _quantities(tokens, text, numbers, dates)
        self.negated, self.asserted = _negation_scopes(tokens, text)

    @classmethod
    def from_claim(cls, text: str, signals: Mapping[str, Any], start: int) -> Statement:
        """A stored claim: ``text`` starting at ``start`` in its article, its numbers and
        dates read from its stored ``signals`` (offsets into the article), not re-parsed.
        A stored number or date that cannot be read, or whose span does not hold its
        text in ``text`` (signals from another version of the claim, a damaged merge), is
        left out."""
        numbers = [
            q for q in _read(Figure.from_json, _items(signals, "numbers"), start)
            if q.start < q.end and text[q.start : q.end] == q.text
        ]  # fmt: skip
        dates = [
            d for d in _read(DateMention.from_json, _items(signals, "dates"), start)
            if d.start < d.end and text[d.start : d.end] == d.text
        ]  # fmt: skip
        return cls(text, numbers, dates)

    def related(self, other: Statement) -> bool:
        """Whether two texts are about the same subject: they share at least two subject
        words, and at least a third of the smaller one's."""
        shared = self.subject & other.subject
        smaller = min(len(self.subject), len(other.subject))
        return len(shared) >= 2 and len(shared) * 3 >= smaller


def _is_word(token: str) -> bool:
    return (
        token[:1].isalpha() and token not in _NUMBER_WORDS and token not in _MONTHS
    )  # fmt: skip


def _context(tokens: list[_Token], i: int, j: int, width: int = 6) -> frozenset[str]:
    """Stems of the content words within ``width`` tokens before i and after j."""
    around = tokens[max(0, i - width) : i] + tokens[j + 1 : j + 1 + width]
    return frozenset(
        stem(t.text) for t in around if _is_word(t.text) and t.text not in _NOT_SUBJECT
        and t.text not in SCALES and t.text not in _PERCENT
    )  # fmt: skip


def _read(
    decode: Callable[[dict[str, Any], int], _Item], items: list[dict[str, Any]], offset: int
) -> list[_Item]:
    out = []
    for item in items:
        try:
            out.append(decode(item, offset))
        except (KeyError, TypeError, ValueError):
            continue  # not as ``as_json`` writes it: no number to compare
    return out


def _items(signals: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    items = signals.get(key)
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _quantities(
    tokens: list[_Token], text: str, numbers: Sequence[Figure], dates: Sequence[DateMention]
) -> list[Quantity]:
    """The numbers and dates of a text as the flags compare them: each with the words
    around it (its anchors) and, for a count, the words it counts (its unit)."""
    found: list[Quantity] = []
    for d in dates:
        if d.month is None or (d.day is None and d.year is None):
            if d.year is not None and d.month is None and d.relative is None:
                i, j = _token_span(tokens, d.start, d.end)
                found.append(Quantity("year", d.year, d.year, (), _context(tokens, i, j)))
            continue  # a weekday, a relative day, "March" alone: nothing to compare
        i, j = _token_span(tokens, d.start, d.end)
        anchors = _context(tokens, i, j)
        found.append(Quantity("date", 0, 0, (), anchors, (d.year, d.month, d.day)))
        if d.year is not None:
            found.append(Quantity("year", d.year, d.year, (), anchors))
    for q in numbers:
        i, j = _token_span(tokens, q.start, q.end)
        anchors = _context(tokens, i, j)
        if q.kind == "money":
            if q.currency:
                found.append(Quantity(f"money:{q.currency}", q.low, q.high, (), anchors))
        elif q.kind == "percent":
            found.append(Quantity("percent", q.low, q.high, (), anchors))
        elif q.kind == "year":
            found.append(Quantity("year", q.low, q.low, (), anchors))
        else:
            unit = _unit(tokens, j + 1, text)
            if unit:
                found.append(Quantity("count", q.low, q.high, unit, anchors))
    return found


def _token_span(tokens: list[_Token], start: int, end: int) -> tuple[int, int]:
    """The first and last token inside [start, end) (one past the last before it when
    none is: the span is then empty)."""
    i = bisect_left([t.start for t in tokens], start)
    j = i
    while j + 1 < len(tokens) and tokens[j + 1].start < end:
        j += 1
    return i, j


def _unit(tokens: list[_Token], k: int, text: str) -> tuple[str, ...]:
    """Stems of the (up to two) words a count counts: "four rural districts"."""
    if k < len(tokens) and tokens[k].text == "of":  # "dozens of people"
        k += 1
    words: list[str] = []
    while k < len(tokens) and len(words) < 2 and _is_word(tokens[k].text):
        if tokens[k].text in _FUNCTION or tokens[k].text in _CUES:
            break
        if words and _gap(tokens, k, text).strip():  # punctuation ends the unit
            break
        words.append(stem(tokens[k].text))
        k += 1
    return tuple(words)


def _gap(tokens: list[_Token], k: int, text: str) -> str:
    """The text between token k-1 and token k (spaces, punctuation)."""
    return text[tokens[k - 1].start + len(tokens[k - 1].text) : tokens[k].start]


def _negation_scopes(tokens: list[_Token], text: str) -> tuple[set[str], set[str]]:
    """Stems inside some negation's scope, and stems outside every one."""
    negated: set[str] = set()
    inside = [False] * len(tokens)
    for i, token in enumerate(tokens):
        word = token.text
        following = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if not (word in _CUES or word.endswith("n't")):
            continue
        if word == "not" and following == "only":
            continue  # "not only X but also Y" asserts X
        if word == "no" and following in ("less", "more", "fewer", "sooner"):
            continue  # "no less than £38 million" asserts an amount
        # The scope runs to the first content word after the cue, its head: "not the
        # only province" negates "only", "did not approve the plan" negates "approve".
        for k in range(i + 1, min(len(tokens), i + 1 + _SCOPE_WORDS)):
            if any(mark in _gap(tokens, k, text) for mark in ",;:.!?()"):
                break
            word_k = tokens[k].text
            if word_k in _SCOPE_ENDS:
                break
            inside[k] = True
            if word_k == "longer" or word_k in _FUNCTION or not _is_word(word_k):
                continue  # "no longer a member" negates "member"
            negated.add(stem(word_k))
            break
    asserted = {
        stem(t.text)
        for k, t in enumerate(tokens)
        if not inside[k] and _is_word(t.text) and t.text not in _FUNCTION
        and t.text not in _CUES and not t.text.endswith("n't")
    }  # fmt: skip
    return negated, asserted


def _comparable(mine: Quantity, theirs: Quantity) -> bool:
    if mine.kind != theirs.kind:
        return False
    if mine.kind == "count":
        # The same first word, or one side's second: "four rural districts" counts what
        # "three districts" does; "15 soldiers fell" does not count "four districts fell".
        a, b = mine.unit, theirs.unit
        return a[0] == b[0] or a[1:2] == b[:1] or a[:1] == b[1:2]
    return bool(mine.anchors & theirs.anchors)


def _agree(mine: Quantity, theirs: Quantity) -> bool:
    if mine.kind == "date":
        return all(
            a is None or b is None or a == b for a, b in zip(mine.date, theirs.date, strict=True)
        )
    tolerance = 1e-9 * max(abs(mine.low), abs(theirs.low), 1.0)  # float noise only
    return mine.low - tolerance <= theirs.high and theirs.low - tolerance <= mine.high


def _conflicts(claim: Statement, passage: Statement, kinds: tuple[str, ...]) -> bool:
    """Some claim quantity of these kinds has comparable passage quantities, none agreeing."""
    for mine in claim.quantities:
        if not mine.kind.startswith(kinds):
            continue
        comparable = [q for q in passage.quantities if _comparable(mine, q)]
        if comparable and not any(_agree(mine, q) for q in comparable):
            return True
    return False


def contradiction_flags(claim: Statement, passage: Statement) -> tuple[str, ...]:
    """The flags for a passage against a claim, in a fixed order; () when unrelated."""
    if not claim.related(passage):
        return ()
    flags = []
    if _conflicts(claim, passage, ("count", "money", "percent", "year")):
        flags.append("number-mismatch")
    if _conflicts(claim, passage, ("date",)):
        flags.append("date-mismatch")
    one_way = claim.negated & (passage.asserted - passage.negated)
    other_way = passage.negated & (claim.asserted - claim.negated)
    if one_way or other_way:
        flags.append("negation")
    return tuple(flags)


__all__ = ["Quantity", "Statement", "contradiction_flags"]
