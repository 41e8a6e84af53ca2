"""What each unit of an article is: a claim, a quote, a heading, a caption, a credit, other.

Non-claims stay reviewable, but a reviewer's time goes to claims first, so this has to
recognise what news pages are made of besides sentences: datelines, headlines, photo and
map captions (often printed twice in a row when a page is copied), credit lines such as
"Name/Agency, Name/Agency", and tag lines.  Each decision records its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench.claims.lexicon import MONTHS, SPEECH_VERBS, title_alternation
from workbench.claims.segment import AGENCY_SLUG
from workbench.claims.signals import find_entities

_MONTH_NAMES = title_alternation(MONTHS)

_TERMINAL = re.compile(r"[.!?…][\"”’')\]]*$|[\"”’]$")
_DATELINE = re.compile(
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    rf"(?:(?:{_MONTH_NAMES})\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}\s+(?:{_MONTH_NAMES}))"
    r"(?:,?\s+\d{4})?"
    r"(?:,?\s+\d{1,2}[:.]\d{2}\s*(?:a\.m\.|p\.m\.|am|pm|GMT|UTC|BST|ET|EST|EDT|PT)?)?"
    r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day",
    re.IGNORECASE,
)
_CAPTION_CUE = re.compile(
    r"^(?:Map|Maps|Photo|Photograph|Image|Picture|Video|Graphic|Chart|Screenshot|Illustration"
    r"|Aerial (?:view|photo|image)|A view|View of|Pictured|Above|Below|Top|Inset|File photo)\b",
    re.IGNORECASE,
)
_CAPTION_POSITION = re.compile(
    r"\((?:left|right|centre|center|pictured|top|bottom|above|below|front|second (?:left|right)"
    r"|file(?: photo)?|inset)\)",
    re.IGNORECASE,
)
# The wire format: "... in Kabul, Afghanistan on August 19, 2021." (REUTERS/Name)
_WIRE_CAPTION = re.compile(
    r"\bin [A-Z][\w'’.-]*(?:[ ,]+[A-Z][\w'’.-]*)*,? (?:on )?"
    rf"(?:{_MONTH_NAMES}) \d{{1,2}}, \d{{4}}\.?"
    r"(?:\s*(?:REUTERS|AP|AFP|EPA)/.*)?$"
)
_SLASH_CREDIT = re.compile(
    r"^[A-Z][^/,]{0,60}/[A-Z][^/,]{0,60}(?:\s*(?:,|and|&)\s*[A-Z][^/,]{0,60}/[A-Z][^/,]{0,60})*$"
)
_CREDIT_CUE = re.compile(
    r"^(?:Photo|Photograph|Photos|Image|Picture|Credit|Source|Courtesy|Illustration|Video)"
    r"(?:\s+by|\s*:)\s",
    re.IGNORECASE,
)
# Wire credits: "Reporting by X; Editing by Y", "Additional reporting by Z", "Edited by
# Y", a byline of one or more names, "X contributed reporting".
# Case-sensitive inside the case-blind pattern: "By the way" and "By eliminating tax
# breaks and loopholes," are not bylines.
_NAME = r"(?-i:[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})"
_STAFF_CREDIT = re.compile(
    r"^\(?(?:(?:Additional\s+)?reporting\s+by|(?:Writing|Editing|Edited|Compiled|Produced"
    r"|Reported|Written)\s+by"
    rf"|By\s+{_NAME}(?:\s*(?:,|and|&)\s+{_NAME})*\s*(?:$|,|\||•|[-–—]\s|in\s))",
    re.IGNORECASE,
)
_CONTRIBUTED = re.compile(
    r"^[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,8}\s+(?:also\s+)?contributed\s+(?:reporting"
    r"|to\s+this\s+(?:report|story|article))\b"
)
_CREDIT_NAMES = {
    "google maps", "google earth", "openstreetmap", "ordnance survey", "getty images",
    "reuters", "ap", "afp", "epa", "shutterstock", "alamy", "pa", "pa media", "bloomberg",
    "nasa", "wikimedia commons", "associated press", "planet labs", "maxar technologies",
}  # fmt: skip
_BOILERPLATE = re.compile(
    r"^(?:Read more|Sign up|Subscribe|Follow (?:us|@)|Click here|Share (?:this|on)|Copyright"
    r"|©|All rights reserved|Advertisement|Related:|Watch:|Listen:|Most read)",
    re.IGNORECASE,
)
_OPEN_QUOTE = '“"‘«'
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")
_SPEECH = re.compile(rf"\b(?:{'|'.join(SPEECH_VERBS)})\b")
_PRONOUN_OR_NOUN = re.compile(r"^[\s,]*(?P<who>he|she|they|it|(?:the|a|an) [a-z-]+(?: [a-z-]+)?)\b")
_PRONOUNS = {"he", "she", "they", "it"}
# What is written or published rather than who speaks: "the tweet said" names a document,
# and the speaker is whoever wrote it.
_DOCUMENT = re.compile(
    r"(?:the|a|an)(?: [a-z-]+)?? (?P<noun>tweet|post|statement|report|letter|e-?mail|message"
    r"|release|video|memo|document|filing|study|survey|notice|announcement|website|blog"
    r"|article|petition|leaflet|transcript|ruling|judgment|order|complaint|lawsuit"
    r"|update|bulletin|advert|advertisement|poster|sign|caption|book|record|minutes)s?"
)
_PLACE_WORDS = {
    "Street",
    "Road",
    "Avenue",
    "Square",
    "Bridge",
    "Valley",
    "Province",
    "River",
    "City",
    "County",
    "District",
    "Park",
    "Lane",
    "Hill",
    "Mountains",
    "Sea",
}


@dataclass
class Unit:
    """A unit of an article with what classification decided about it."""

    index: int
    start: int
    end: int
    text: str
    whole_block: bool  # the unit is the whole of its block: a line or paragraph on its own
    kind: str = "claim"
    reasons: list[str] = field(default_factory=list)
    speaker: str | None = None
    duplicate_of: int | None = None  # index of the unit this one repeats
    dateline: bool = False  # a line giving the date of writing, which resolves the others

    @property
    def words(self) -> int:
        return len(self.text.split())


def _comparable(text: str) -> str:
    return " ".join(text.casefold().rstrip(".").split())


def _is_dateline(unit: Unit) -> bool:
    return unit.whole_block and bool(_DATELINE.fullmatch(unit.text.strip(" .")))


def _is_credit(unit: Unit) -> bool:
    text = unit.text.strip()
    if not unit.whole_block or unit.words > 14 or text.endswith((".", "!", "?")):
        return _CREDIT_CUE.match(text) is not None and unit.words <= 14
    return (
        bool(_SLASH_CREDIT.match(text))
        or bool(_CREDIT_CUE.match(text))
        or _comparable(text) in _CREDIT_NAMES
    )


def _is_staff_credit(text: str) -> bool:
    return bool(_STAFF_CREDIT.match(text) or _CONTRIBUTED.match(text))


def _looks_like_caption(unit: Unit) -> bool:
    if not unit.whole_block or unit.words > 60:
        return False
    text = unit.text
    return bool(
        _CAPTION_CUE.match(text) or _CAPTION_POSITION.search(text) or _WIRE_CAPTION.search(text)
    )


def _short_name_line(unit: Unit) -> bool:
    """A short line of capitalised words without sentence punctuation: "Ordnance Survey"."""
    words = unit.text.split()
    return (
        unit.whole_block
        and 1 <= len(words) <= 5
        and not _TERMINAL.search(unit.text)
        and all(w[:1].isupper() or w.lower() in ("of", "and", "&", "the") for w in words)
    )


def classify(units: list[Unit]) -> None:
    """Give every unit its kind (and reasons, speaker, duplicate_of), in place."""
    slugs = [AGENCY_SLUG.fullmatch(u.text.strip()) is not None for u in units]
    staff = [_is_staff_credit(u.text.strip()) and u.words <= 30 for u in units]
    for unit, is_slug, is_staff in zip(units, slugs, staff, strict=True):
        if is_slug:
            unit.kind, unit.reasons = "credit", ["agency slug: a dateline and credit"]
        elif is_staff:
            unit.kind, unit.reasons = "credit", ["byline or reporting credit"]
        elif _is_credit(unit):
            unit.kind, unit.reasons = "credit", ["photo or map credit line"]
    for i, unit in enumerate(units):
        if unit.kind != "claim":
            continue
        previous = units[i - 1] if i > 0 else None
        following = units[i + 1] if i + 1 < len(units) else None
        if (
            previous is not None
            and previous.whole_block
            and unit.whole_block
            and _comparable(previous.text) == _comparable(unit.text)
            and previous.kind in ("claim", "caption")
        ):
            previous.kind, unit.kind = "caption", "caption"
            previous.reasons = previous.reasons or ["caption: repeated in the next line"]
            unit.duplicate_of = (
                previous.duplicate_of if previous.duplicate_of is not None else i - 1
            )
            unit.reasons = [f"caption repeated: a duplicate of unit {unit.duplicate_of + 1}"]
        elif _looks_like_caption(unit):
            unit.kind, unit.reasons = "caption", ["photo or map caption"]
        elif (
            following is not None
            and following.kind == "credit"
            and not (staff[i + 1] or slugs[i + 1])  # they follow a headline, not a photo
            and unit.whole_block
        ):
            unit.kind, unit.reasons = "caption", ["caption: followed by a credit line"]
    for i, unit in enumerate(units):
        if unit.kind == "claim" and i > 0 and units[i - 1].kind == "caption":
            if _short_name_line(unit):
                unit.kind, unit.reasons = "credit", ["credit line after a caption"]
    for i, unit in enumerate(units):
        if unit.kind != "claim":
            continue
        _classify_text(unit, units[:i], first_block=i < 3)


def _classify_text(unit: Unit, before: list[Unit], first_block: bool) -> None:
    text = unit.text.strip()
    if _is_dateline(unit):
        unit.kind, unit.reasons, unit.dateline = "heading", ["dateline"], True
    elif _BOILERPLATE.match(text):
        unit.kind, unit.reasons = "other", ["page furniture, not part of the story"]
    elif (
        unit.whole_block and text == text.lower() and not _TERMINAL.search(text) and unit.words <= 8
    ):
        unit.kind, unit.reasons = "other", ["tag or keyword line"]
    elif _is_heading(unit, first_block):
        unit.kind, unit.reasons = "heading", ["headline or heading: a short line of its own"]
    elif _is_quote(text):
        unit.kind = "quote"
        unit.speaker = find_speaker(text, before)
        who = f" by {unit.speaker}" if unit.speaker else ""
        unit.reasons = [f"direct quotation{who}"]
    elif text.rstrip("”’\"')").endswith("?"):
        unit.kind, unit.reasons = "other", ["a question, not a statement"]
    elif unit.words < 3 and not any(ch.isdigit() for ch in text):
        unit.kind, unit.reasons = "other", ["too short to state a fact"]


def _is_heading(unit: Unit, first_block: bool) -> bool:
    text = unit.text.strip()
    if not unit.whole_block or _TERMINAL.search(text) or unit.words > 20 or not text[:1].isupper():
        return False
    if text[:1] in "•-*–—" or re.match(r"\d{1,3}[.)]\s", text):
        return False  # a list item
    words = [w for w in text.split() if w[:1].isalpha()]
    capitalised = sum(w[:1].isupper() for w in words) / max(len(words), 1)
    return first_block or capitalised >= 0.6 or text.startswith("#")


def _is_quote(text: str) -> bool:
    if text[:1] in _OPEN_QUOTE:
        return True
    quoted = sum(len(m.group()) for m in _QUOTED.finditer(text))
    return quoted >= 0.5 * len(text)


def find_speaker(text: str, before: list[Unit]) -> str | None:
    """Who a quotation is attributed to: a person or organisation, never a document.

    A pronoun, a document ("the tweet", "the statement"), or no attribution at all right
    after another quotation is resolved from the few story units before it, else left
    unknown."""
    position = 0
    stretches = []
    for m in _QUOTED.finditer(text):
        stretches.append(text[position : m.start()])
        position = m.end()
    stretches.append(text[position:])
    who: str | None = None
    for stretch in stretches:
        verb = _SPEECH.search(stretch)
        if verb:
            who = _who(stretch[: verb.start()]) or _who_after_verb(stretch[verb.end() :])
            if who:
                break
    story = [u for u in before if u.kind in ("claim", "quote")]
    if who is None and before and before[-1].kind == "quote":
        return before[-1].speaker  # the same speaker, quoted on
    if who in _PRONOUNS:
        return _previous_speaker(story)
    document = _DOCUMENT.fullmatch(who) if who else None
    if document:
        return _document_author(document.group("noun"), story)
    return who


def _document_author(noun: str, story: list[Unit]) -> str | None:
    """Who wrote "the tweet" or "the statement": the person or organisation named just
    before the word in one of the few story units before ("Marsh posted ...", "the board
    said in a statement ..."), else unknown; a document is never the speaker."""
    stem = re.compile(rf"\b{re.escape(noun)}(?:s|ed|ing)?\b", re.IGNORECASE)
    for unit in reversed(story[-3:]):
        found = stem.search(unit.text)
        if found is None:
            continue
        if unit.speaker:
            return unit.speaker
        return _best_name(find_entities(unit.text[: found.start()])) or _subject(
            unit.text[: found.start()]
        )
    return None


def _subject(clause: str) -> str | None:
    """A speaker named by a common noun ("the board", "a spokesman"), if not a document."""
    m = _PRONOUN_OR_NOUN.match(clause.lower())
    if m is None or m.group("who") in _PRONOUNS or _DOCUMENT.fullmatch(m.group("who")):
        return None
    return m.group("who")


def _best_name(names: list[str]) -> str | None:
    """The name most likely to be a person: the first of two or more words that is not a
    place, else the last name found."""
    for name in names:
        words = name.split(" of ")[0].split()
        if len(words) >= 2 and words[-1] not in _PLACE_WORDS:
            return " ".join(words)
    return names[-1] if names else None


def _who(stretch: str) -> str | None:
    """The speaker before a speech verb: the name right before it ("Massoud wrote"), else
    the likeliest person in the clause ("Shuja, 28, a former soldier, told")."""
    names = find_entities(stretch)
    adjacent = [n for n in names if stretch.rstrip().removesuffix("’s").endswith(n)]
    name = adjacent[-1] if adjacent and adjacent[-1].split()[-1] not in _PLACE_WORDS else None
    name = name or _best_name(names)
    if name:
        return name
    m = _PRONOUN_OR_NOUN.match(stretch.lower())
    return m.group("who") if m else None


def _who_after_verb(stretch: str) -> str | None:
    """The speaker named right after the verb: '... ," said Dr. Okafor, leader of ...'."""
    return _best_name(find_entities(stretch.split(",")[0][:80]))


def _previous_speaker(story: list[Unit]) -> str | None:
    for unit in reversed(story[-3:]):
        if unit.speaker:
            return unit.speaker
        verb = _SPEECH.search(unit.text)
        if verb:
            name = _best_name(find_entities(unit.text[: verb.start()]))
            if name:
                return name
    return None
