"""Flags that a passage may contradict a claim: other numbers, another date, a negation.

A flag is a prompt to read closely, so precision matters more than recall: a passage is
flagged only when it is about the same subject (it shares enough of the claim's words)
and the differing parts are anchored to the same thing:

- ``number-mismatch``: a count of the same unit ("four districts" / "three districts"),
  an amount of the same currency, a percentage or a year next to the same words ("records
  began in 1911" / "began in 1958") with no value in common.  Numbers may be digits,
  number words up to "ninety-nine" with scales ("two hundred", "1.5 million"), or vague
  ("dozens", "hundreds"); hedges widen them ("about 1,200", "more than 30").
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

import math
import re
from dataclasses import dataclass

from workbench.claims.lexicon import MONTH_NUMBERS, ONES, TENS

_TOKEN = re.compile(r"[£$€]|%|\d[\d,]*(?:\.\d+)?|[^\W\d_]+(?:[-'’][^\W\d_]+)*")
NUMBER_WORDS: dict[str, float] = {w: float(i) for i, w in enumerate(ONES)}
NUMBER_WORDS.update({w: float(20 + 10 * i) for i, w in enumerate(TENS)})
NUMBER_WORDS.update(
    {f"{t}-{o}": 20 + 10 * i + float(j) for i, t in enumerate(TENS) for j, o in
     enumerate(ONES[1:10], start=1)}
)  # fmt: skip
NUMBER_WORDS["dozen"] = 12.0
_VAGUE = {  # plural counts: a range, not a number
    "dozens": (24.0, 99.0),
    "scores": (40.0, 99.0),
    "hundreds": (200.0, 999.0),
    "thousands": (2000.0, 9999.0),
    "millions": (2e6, 9.99e8),
}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6,
           "billion": 1e9, "bn": 1e9, "trillion": 1e12}  # fmt: skip
_CURRENCY_WORDS = {"dollars": "$", "dollar": "$", "pounds": "£", "euros": "€", "euro": "€"}
_MONTHS = MONTH_NUMBERS
_PERCENT = {"%", "percent", "per", "pc"}
_ABOVE = {"more", "over", "least", "upwards", "exceeding", "above", "beyond"}  # "at least"
_BELOW = {"less", "fewer", "under", "below", "most", "up"}  # "up to", "at most"
_ABOUT = {"about", "around", "approximately", "nearly", "almost", "roughly", "some",
          "estimated", "circa", "c", "approx", "close", "near"}  # fmt: skip
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
    """A number found in a text: its kind, its interval, and the words it is about."""

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


def _digits(token: str) -> float | None:
    if not token[:1].isdigit():
        return None
    try:
        return float(token.replace(",", ""))
    except ValueError:
        return None


class Statement:
    """What the flags need to know about one text, computed once."""

    def __init__(self, text: str) -> None:
        self.text = text
        tokens = _tokens(text)
        self._tokens = tokens
        self.subject = {
            stem(t.text) for t in tokens if _is_word(t.text) and t.text not in _NOT_SUBJECT
        }
        self.quantities = _quantities(tokens, text)
        self.negated, self.asserted = _negation_scopes(tokens, text)

    def related(self, other: Statement) -> bool:
        """Whether two texts are about the same subject: they share at least two subject
        words, and at least a third of the smaller one's."""
        shared = self.subject & other.subject
        smaller = min(len(self.subject), len(other.subject))
        return len(shared) >= 2 and len(shared) * 3 >= smaller


def _is_word(token: str) -> bool:
    return (
        token[:1].isalpha() and token not in NUMBER_WORDS and token not in _MONTHS
        and token not in _VAGUE
    )  # fmt: skip


def _context(tokens: list[_Token], i: int, j: int, width: int = 6) -> frozenset[str]:
    """Stems of the content words within ``width`` tokens before i and after j."""
    around = tokens[max(0, i - width) : i] + tokens[j + 1 : j + 1 + width]
    return frozenset(
        stem(t.text) for t in around if _is_word(t.text) and t.text not in _NOT_SUBJECT
        and t.text not in _SCALES and t.text not in _PERCENT
    )  # fmt: skip


def _hedge(tokens: list[_Token], i: int, low: float, high: float) -> tuple[float, float]:
    before = [t.text for t in tokens[max(0, i - 3) : i]]
    last = before[-1] if before else ""
    if last in ("than", "to") and len(before) >= 2:  # "more than", "up to"
        last = before[-2]
    if last in _ABOVE and not (last == "more" and "no" in before):
        return low, math.inf
    if last in _BELOW and not (last == "less" and "no" in before):
        return -math.inf, high
    if (last in ("more", "less")) and "no" in before:  # "no less than 38": at least 38
        return (low, math.inf) if last == "less" else (-math.inf, high)
    if last in _ABOUT:
        return low * 0.9, high * 1.1
    return low, high


def _quantities(tokens: list[_Token], text: str) -> list[Quantity]:
    found: list[Quantity] = []
    i = 0
    while i < len(tokens):
        token = tokens[i].text
        month = _MONTHS.get(token) if _is_month_name(tokens, i, text) else None
        value = _digits(token)
        if month is not None or (value is not None and _next_is_month(tokens, i, text)):
            i = _read_date(tokens, i, text, found)
            continue
        if value is None and token in NUMBER_WORDS:
            value = NUMBER_WORDS[token]
            if token == "dozen" and i > 0 and tokens[i - 1].text not in ("a", "one"):
                value = None
        if value is None and token not in _VAGUE:
            i += 1
            continue
        low, high = (value, value) if value is not None else _VAGUE[token]
        j = i
        currency = tokens[i - 1].text if i > 0 and tokens[i - 1].text in "£$€" else ""
        while j + 1 < len(tokens) and tokens[j + 1].text in _SCALES:
            if tokens[j + 1].text in ("m", "k", "bn", "mn") and not currency:
                break
            low, high = low * _SCALES[tokens[j + 1].text], high * _SCALES[tokens[j + 1].text]
            j += 1
        following = tokens[j + 1].text if j + 1 < len(tokens) else ""
        if following in _CURRENCY_WORDS and not currency:
            currency, j = _CURRENCY_WORDS[following], j + 1
        start = i - 1 if currency and tokens[i - 1].text in "£$€" else i
        low, high = _hedge(tokens, start, low, high)
        anchors = _context(tokens, start, j)
        if currency:
            found.append(Quantity(f"money:{currency}", low, high, (), anchors))
        elif following in _PERCENT:
            if following == "per" and (j + 2 >= len(tokens) or tokens[j + 2].text != "cent"):
                i = j + 1
                continue
            found.append(Quantity("percent", low, high, (), anchors))
        elif _is_year(token, following):
            found.append(Quantity("year", low, low, (), anchors))
        elif not _is_time(tokens, i, j, text):
            unit = _unit(tokens, j + 1, text)
            if unit:
                found.append(Quantity("count", low, high, unit, anchors))
        i = j + 1
    return found


def _is_time(tokens: list[_Token], i: int, j: int, text: str) -> bool:
    """ "3:40", "40" of "3:40", "7 pm": a time of day, which no flag compares."""
    end = tokens[j].start + len(tokens[j].text)
    following = tokens[j + 1].text if j + 1 < len(tokens) else ""
    return (
        text[end : end + 1] == ":" or text[tokens[i].start - 1 : tokens[i].start] == ":"
        or following in ("am", "pm", "a", "p")
    )  # fmt: skip


def _is_year(token: str, following: str) -> bool:
    return (
        len(token) == 4 and token.isdigit() and 1000 <= int(token) <= 2100
        and following not in _SCALES and following not in _PERCENT
    )  # fmt: skip


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


def _is_month_name(tokens: list[_Token], i: int, text: str) -> bool:
    token = tokens[i].text
    if token not in _MONTHS:
        return False
    original = text[tokens[i].start : tokens[i].start + len(token)]
    if not original[:1].isupper():  # "may", "mar"
        return False
    nearby = [t.text for t in tokens[max(0, i - 1) : i + 2]]
    return any(_digits(t) is not None for t in nearby)


def _next_is_month(tokens: list[_Token], i: int, text: str) -> bool:
    return i + 1 < len(tokens) and _is_month_name(tokens, i + 1, text)


def _read_date(tokens: list[_Token], i: int, text: str, found: list[Quantity]) -> int:
    """Read "10 September 2001", "September 10, 2001" or "September 2001" at i."""
    day = month = year = None
    j = i
    while j < len(tokens) and j < i + 3:
        token = tokens[j].text
        number = _digits(token)
        if token in _MONTHS and month is None and _is_month_name(tokens, j, text):
            month = _MONTHS[token]
        elif number is not None and number.is_integer() and 1 <= number <= 31 and day is None \
                and len(token) <= 2:  # fmt: skip
            day = int(number)
        elif number is not None and len(token) == 4 and year is None and 1000 <= number <= 2100:
            year = int(number)
        else:
            break
        j += 1
    anchors = _context(tokens, i, j - 1)
    if month is not None and (day is not None or year is not None):
        found.append(Quantity("date", 0, 0, (), anchors, (year, month, day)))
        if year is not None:
            found.append(Quantity("year", year, year, (), anchors))
    return max(j, i + 1)


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


__all__ = ["NUMBER_WORDS", "Quantity", "Statement", "contradiction_flags"]
