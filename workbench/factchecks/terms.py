"""A claim read as the fact-check matcher compares claims: normalised words with offsets.

Two wordings of one claim should give the same terms, so the matcher folds what varies
between restatements and keeps what distinguishes claims:

- numbers written as words, with thousands separators or with a scale word become one
  digit string ("four and a half million", "4,500,000" and "4.5 million" all give
  ``4500000``; "per cent", "percent" and "%" give ``percent``);
- common verbs and their synonyms fold to one term ("cut", "reduced", "slashed" give
  ``cut``; "said", "claimed", "stated" give ``say``), irregular forms included;
- plurals and regular verb endings are stripped by a light stemmer (``hospitals`` and
  ``hospital``, ``vaccinated`` and ``vaccinates``);
- stop words and negations are dropped (a fact-check of "X did not happen" answers the
  claim "X happened" too);
- names (capitalised words inside a sentence, acronyms) are marked, so the scorer can
  tell a shared name from a shared statement.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from workbench.claims.lexicon import NUMBER_WORDS


@dataclass(frozen=True)
class Term:
    """One normalised word of a claim and where it came from (``text[start:end]``)."""

    term: str
    start: int
    end: int
    kind: str  # "word", "name" or "number"


_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*|%")

_STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from into onto over under about
    as than then that this these those there here it its it's is are was were be been being
    am do does did done has have had having will would shall should can could may might
    must i me my we our us you your he him his she her they them their who whom whose
    which what when where why how all any both each few more most other some such only
    own same so too very just also not no nor never none neither n't dont didnt doesnt
    isnt wasnt werent arent wont cant cannot up down out off again further once while
    during before after above below between through against s t according per cent
    percent said claim claims claimed says say stated state states told tell tells
    reportedly report reports reported show shows showed shown""".split()
)
# "said", "claimed", "reported" and their like introduce a claim rather than make one:
# "X said Y" and "Y, X claimed" state the same Y, so attribution verbs are not terms.

_VERB_SYNONYMS: dict[str, str] = {
    "rise": (
        "rise rises rose risen rising increase increases increased increasing grow grows"
        " grew grown growing climb climbs climbed climbing jump jumps jumped soar soars"
        " soared surge surges surged go_up went_up"
    ),
    "fall": (
        "fall falls fell fallen falling decrease decreases decreased decreasing decline"
        " declines declined declining drop drops dropped dropping plunge plunged plunges"
        " shrink shrank shrunk shrinks"
    ),
    "cut": (
        "cut cuts cutting reduce reduces reduced reducing slash slashes slashed lower"
        " lowers lowered trim trims trimmed"
    ),
    "ban": "ban bans banned banning prohibit prohibits prohibited outlaw outlaws outlawed forbid"
    " forbids forbade forbidden",
    "buy": "buy buys bought buying purchase purchases purchased acquire acquires acquired",
    "sell": "sell sells sold selling",
    "build": "build builds built building construct constructs constructed",
    "kill": "kill kills killed killing slay slew slain",
    "die": "die dies died dying",
    "give": (
        "give gives gave given giving grant grants granted award awards awarded donate"
        " donates donated"
    ),
    "pay": "pay pays paid paying",
    "spend": "spend spends spent spending",
    "win": "win wins won winning",
    "lose": "lose loses lost losing",
    "approve": "approve approves approved approving pass passes passed endorse endorsed",
    "reject": "reject rejects rejected block blocks blocked veto vetoes vetoed",
    "cause": "cause causes caused causing trigger triggers triggered",
    "make": "make makes made making create creates created",
    "open": "open opens opened opening launch launches launched",
    "close": "close closes closed closing shut shuts",
    "hire": "hire hires hired hiring employ employs employed recruit recruits recruited",
    "fire": "fire fires fired sack sacks sacked dismiss dismisses dismissed",
    "find": "find finds found finding discover discovers discovered",
    "receive": "receive receives received receiving get gets got",
    "arrest": "arrest arrests arrested detain detains detained",
    "double": "double doubles doubled doubling",
    "triple": "triple triples tripled tripling",
    "take": "take takes took taken taking",
    "leave": "leave leaves left leaving quit quits",
    "eat": "eat eats ate eaten",
    "write": "write writes wrote written",
    "send": "send sends sent",
    "run": "run runs ran running",
    "hold": "hold holds held",
    "meet": "meet meets met",
    "vote": "vote votes voted voting",
    "keep": "keep keeps kept",
    "begin": "begin begins began begun start starts started",
    "end": "end ends ended finish finishes finished",
    "steal": "steal steals stole stolen",
    "fly": "fly flies flew flown",
    "see": "see sees saw seen",
    "know": "know knows knew known",
    "child": "child children kid kids",
    "person": "person people persons",
    "man": "man men",
    "woman": "woman women",
}
_SYNONYM = {
    form.replace("_", " "): canonical
    for canonical, forms in _VERB_SYNONYMS.items()
    for form in forms.split()
}

_UNITS = {"zero": 0, **NUMBER_WORDS, "dozen": 12}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "bn": 1_000_000_000}  # fmt: skip
_PERCENT = frozenset({"percent", "%", "pct"})
_NUMBER_STARTS = frozenset({*_UNITS, "a"})


def claim_terms(text: str) -> list[Term]:
    """The normalised terms of ``text``, in order, each with its span in ``text``."""
    tokens = [(m.group(), _fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    terms: list[Term] = []
    i = 0
    while i < len(tokens):
        word, lower, start, end = tokens[i]
        if lower in _PERCENT or (lower == "per" and _next(tokens, i) == "cent"):
            last = i + 1 if lower == "per" else i
            terms.append(Term("percent", start, tokens[last][3], "word"))
            i = last + 1
            continue
        number = _read_number(tokens, i) if lower[0].isdigit() or lower in _NUMBER_STARTS else None
        if number is not None:
            value, last = number
            terms.append(Term(_number_text(value), start, tokens[last][3], "number"))
            i = last + 1
            continue
        two = f"{lower} {_next(tokens, i)}"
        if two in _SYNONYM:
            terms.append(Term(_SYNONYM[two], start, tokens[i + 1][3], "word"))
            i += 2
            continue
        i += 1
        if lower in _STOPWORDS or len(lower) < 2:
            continue
        kind = "name" if _is_name(word, text, start, tokens, i - 1) else "word"
        terms.append(Term(_word_term(lower), start, end, kind))
    return terms


def terms_text(text: str) -> str:
    """The terms of ``text`` joined by spaces: what the library's index holds."""
    return " ".join(t.term for t in claim_terms(text))


def surface_forms(term: Term, text: str) -> list[str]:
    """What an index of unnormalised text may hold for a term of ``text``: the words as
    written, a number's digits, and the other forms of a folded synonym."""
    forms = [" ".join(_fold(m.group()) for m in _TOKEN.finditer(text[term.start : term.end]))]
    if term.kind == "number":
        forms.append(term.term)
    forms.extend(f for f, canonical in _SYNONYM.items() if canonical == term.term and " " not in f)
    return list(dict.fromkeys(f for f in forms if f))


def stem(word: str) -> str:
    """A light English stemmer: plurals and regular verb endings, nothing cleverer.

    Light on purpose: "policy"/"police" or "university"/"universe" must stay apart, and
    a wrong merge costs more in this task than a missed one.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "ches", "shes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
    elif word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]  # stopped -> stopp -> stop
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]  # increase / increased / increasing
    return word


@lru_cache(maxsize=1 << 16)
def _word_term(folded: str) -> str:
    """The term of a word: its synonym group's name, else its stem (cached: a library's
    vocabulary is small, and importing reads each word thousands of times)."""
    return _SYNONYM.get(folded) or stem(folded)


@lru_cache(maxsize=1 << 16)
def _fold(word: str) -> str:
    folded = word.lower()
    if not folded.isascii():
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
        folded = folded.replace("’", "'")
    if folded.endswith("'s"):
        folded = folded[:-2]
    return folded.replace("'", "")


_Tokens = list[tuple[str, str, int, int]]  # (as written, folded, start, end)


def _next(tokens: _Tokens, i: int) -> str:
    return tokens[i + 1][1] if i + 1 < len(tokens) else ""


def _read_number(tokens: _Tokens, i: int) -> tuple[float, int] | None:
    """The value of a number starting at token ``i`` and the index of its last token."""
    word = tokens[i][1]
    if word[0].isdigit():
        value = _digits(word)
        if value is None:
            return None
        last = i
    else:
        words = _number_words(tokens, i)
        if words is None:
            return None
        value, last = words
    while _next(tokens, last) in _SCALES:  # "4.5 million", "3 billion"
        value *= _SCALES[_next(tokens, last)]
        last += 1
    return value, last


def _number_words(tokens: _Tokens, i: int) -> tuple[float, int] | None:
    """ "twenty-five", "two hundred and fifty", "a million", "four and a half million"."""
    total = current = 0.0
    last: int | None = None
    j = i
    while j < len(tokens):
        word = tokens[j][1]
        ahead = [t[1] for t in tokens[j + 1 : j + 3]]
        if word in _UNITS:
            current += _UNITS[word]
        elif word == "a" and j == i and ahead[:1] and ahead[0] in _SCALES:
            current = 1
        elif word == "and" and last is not None and ahead == ["a", "half"]:
            current += 0.5
            j += 2
        elif word == "and" and last is not None and ahead[:1] and ahead[0] in _UNITS:
            pass
        elif word in _SCALES and last is not None:
            if _SCALES[word] == 100:
                current *= 100
            else:
                total += current * _SCALES[word]
                current = 0
        else:
            break
        last = j
        j += 1
    if last is None:
        return None
    return total + current, last


def _digits(word: str) -> float | None:
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", word):
        word = word.replace(",", "")
    elif "," in word:
        word = word.replace(",", ".") if word.count(",") == 1 else word.replace(",", "")
    try:
        return float(word)
    except ValueError:
        return None


def _number_text(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:.6g}"


def _is_name(word: str, text: str, start: int, tokens: _Tokens, i: int) -> bool:
    """A capitalised word inside a sentence, or an acronym; a sentence's first word only
    when the next word is capitalised too ("Joe Biden said ...")."""
    if not word[0].isupper():
        return False
    if len(word) > 1 and word.isupper():
        return True
    before = start - 1
    while before >= 0 and text[before] in " \t":
        before -= 1
    if before >= 0 and text[before] not in ".!?:\"“‘'(\n":
        return True
    return i + 1 < len(tokens) and tokens[i + 1][0][0].isupper()
