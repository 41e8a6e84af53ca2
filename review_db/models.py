"""Plain records that ReviewStore takes and returns, and (re-exported from ``actions``)
the typed values of events.

No SQL here.  Records have no behaviour beyond shape; an event's value is a typed value
of ``actions`` (valid by construction, one JSON encoding, one validating decoder).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import ids

# The typed values of events live in ``actions``; importable from here as well.
from .actions import (
    ACTION_TYPES,
    Action,
    Adjudication,
    Evidence,
    EvidenceAdd,
    EvidenceRemove,
    JSONDict,
    Note,
    OutsideSource,
    PassageRef,
    ReusedFrom,
    Undo,
    UndoScope,
    Verdict,
    decode_action,
    decode_evidence,
    stored_evidence,
)


@dataclass(frozen=True)
class NewClaim:
    """A unit of an article as the segmenter found it.

    ``id`` is the id the pipeline computed for it (``ids.claim_id`` of the article id, the
    claim's 1-based position among the article's claims, and its text); the store checks it
    and refuses a claim whose id does not follow that rule.  None lets the store compute it
    (hand-made claims in tests and benchmarks).
    """

    text: str
    start: int
    end: int
    kind: str = "claim"
    worthiness: float = 0.0
    signals: JSONDict = field(default_factory=dict)
    id: str | None = None


@dataclass(frozen=True)
class Flag:
    """A consistency flag: places of one article that disagree, and the claims showing it.

    ``claims`` names every claim the flag concerns; ``holders`` are those that show it (a
    dateline that only supplied a year is named but does not hold the flag, or one dateline
    would collect every flag of a long article).  Only the holder stores a flag, in its
    signals, so ``holders`` is not part of the stored JSON.
    """

    type: str
    message: str
    claims: tuple[str, ...]
    spans: tuple[tuple[str, int, int], ...]
    holders: tuple[str, ...]

    def to_json(self) -> JSONDict:
        """The flag as claims' signals store it and ``--json`` shows it."""
        return {
            "type": self.type,
            "message": self.message,
            "claims": list(self.claims),
            "spans": [list(span) for span in self.spans],
        }

    @classmethod
    def stored(cls, value: object, holder: str) -> Flag | None:
        """The flag a claim's signals hold (``holder`` is that claim), or None when the
        stored value is not shaped like one (a damaged or foreign row is shown without
        it rather than crashing a screen or a report)."""
        if not isinstance(value, dict):
            return None
        kind, message = value.get("type"), value.get("message", "")
        claims, spans = value.get("claims", []), value.get("spans", [])
        if not isinstance(kind, str) or not isinstance(message, str):
            return None
        if not isinstance(claims, list) or not isinstance(spans, list):
            return None
        return cls(
            type=kind,
            message=message,
            claims=tuple(str(c) for c in claims),
            spans=tuple(
                (str(x[0]), int(x[1]), int(x[2]))
                for x in spans
                if isinstance(x, list | tuple)
                and len(x) == 3
                and all(isinstance(n, int) and not isinstance(n, bool) for n in x[1:])
            ),
            holders=(holder,),
        )


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    origin: str | None
    url: str | None
    published: str | None
    text: str
    segmenter: str
    added_at: str
    author: str | None = None  # as the page or the importer gave it
    publisher: str | None = None  # the site or outlet that published it


@dataclass(frozen=True)
class ArticleSummary:
    """An article with the counts a listing needs, without its text."""

    id: str
    title: str
    origin: str | None
    published: str | None
    added_at: str
    claims: int  # claims and quotes (REVIEWED_KINDS): what progress counts
    reviewed: int  # of those, the ones with a current verdict from any reviewer
    other_units: int = 0  # headings, captions, credits and other units, counted apart
    other_reviewed: int = 0  # of those, the ones someone gave a verdict anyway


@dataclass(frozen=True)
class AddedArticle:
    article: Article
    created: bool  # False when the same text was already in the database
    claims: int


@dataclass(frozen=True)
class Claim:
    id: str
    article_id: str
    ordinal: int
    text: str
    start: int
    end: int
    kind: str
    worthiness: float
    signals: JSONDict

    @property
    def flags(self) -> tuple[Flag, ...]:
        """The consistency flags this claim holds, typed (its signals store them as JSON)."""
        stored = self.signals.get("flags", [])
        if not isinstance(stored, list):
            return ()
        found = (Flag.stored(value, self.id) for value in stored)
        return tuple(flag for flag in found if flag is not None)


@dataclass(frozen=True)
class ClaimBrief:
    """A claim without its signals: enough to order, filter and step through thousands of
    claims without decoding every claim's JSON."""

    id: str
    article_id: str
    ordinal: int
    text: str
    start: int
    end: int
    kind: str
    worthiness: float
    flagged: bool  # carries at least one consistency flag


@dataclass(frozen=True)
class Event:
    id: str
    claim_id: str
    reviewer: str
    kind: str
    value: JSONDict
    at: str


@dataclass(frozen=True)
class HistoryEntry:
    event: Event
    undone_by: str | None  # id of the undo event that cancels this one, if any


@dataclass(frozen=True)
class ClaimState:
    """One reviewer's current view of one claim, derived from the event log."""

    claim_id: str
    reviewer: str
    verdict: str | None
    verdict_at: str | None
    note: str | None
    evidence: tuple[Evidence, ...]

    def passage_ids(self) -> frozenset[str]:
        """The passages this reviewer holds as evidence."""
        return frozenset(e.passage for e in self.evidence if isinstance(e, PassageRef))


@dataclass(frozen=True)
class Progress:
    """One reviewer's progress on one article: ``reviewed`` of its ``claims`` (claims and
    quotes); the other units apart."""

    article_id: str
    title: str
    reviewer: str
    reviewed: int
    claims: int
    other_reviewed: int = 0
    other_units: int = 0


@dataclass(frozen=True)
class Source:
    """A document of the source corpus."""

    id: str
    external_id: str | None
    title: str
    origin: str | None
    url: str | None
    publisher: str | None
    published: str | None
    text: str
    added_at: str


@dataclass(frozen=True)
class Passage:
    """A sentence-level piece of a source, with offsets into the source text."""

    id: str
    source_id: str
    ordinal: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Conflict:
    """A claim whose reviewers' current verdicts differ, and its adjudication if any."""

    claim_id: str
    article_id: str
    text: str
    verdicts: dict[str, str]  # reviewer -> current verdict label
    adjudicated: str | None  # the settled label, if an adjudicator gave one
    adjudicator: str | None


# -- sources and matching -------------------------------------------------------------


@dataclass(frozen=True)
class NewSource:
    """A source document as the importer read it, with its passages' offsets, before ids."""

    text: str
    title: str
    passages: tuple[tuple[int, int], ...]  # (start, end) into text, in order
    origin: str | None = None
    external_id: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    # The content-derived ids, computed with the value: an import builds sources on the
    # thread that reads the files, so hashing overlaps SQLite's indexing of the last batch.
    source_id: str = field(init=False, repr=False, compare=False)
    passage_ids: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        sid = ids.source_id(self.text)
        object.__setattr__(self, "source_id", sid)
        object.__setattr__(
            self,
            "passage_ids",
            tuple(
                ids.passage_id(sid, ordinal, self.text[start:end])
                for ordinal, (start, end) in enumerate(self.passages, start=1)
            ),
        )


@dataclass(frozen=True)
class AddedSources:
    """What one batch of ``ReviewStore.add_sources`` changed."""

    documents: int  # new documents stored
    passages: int  # their passages
    skipped: int  # documents already in the database (or twice in the batch)
    # Every document of the batch, new or already stored, once each in batch order: what
    # ``add sources --embed`` embeds, so running it again finishes an interrupted run.
    source_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class PassageHit:
    """A passage found by full-text search, with its source's details and its BM25 rank."""

    passage_id: str
    source_id: str
    source_title: str
    publisher: str | None
    published: str | None
    url: str | None
    text: str
    rank: float  # FTS5 bm25: more negative is better


@dataclass(frozen=True)
class EvidenceChoice:
    """A passage a reviewer currently holds as evidence for a claim: a gold example."""

    claim_id: str
    claim_text: str
    passage_id: str


@dataclass(frozen=True)
class SettledVerdict:
    """The settled verdict of a claim on which reviewers disagreed: its latest live
    adjudication."""

    claim_id: str
    adjudicator: str
    verdict: str
    at: str


__all__ = [
    "ACTION_TYPES",
    "Action",
    "AddedArticle",
    "AddedSources",
    "Adjudication",
    "Article",
    "ArticleSummary",
    "Claim",
    "ClaimBrief",
    "ClaimState",
    "Conflict",
    "Event",
    "Evidence",
    "EvidenceAdd",
    "EvidenceChoice",
    "EvidenceRemove",
    "Flag",
    "HistoryEntry",
    "JSONDict",
    "NewClaim",
    "NewSource",
    "Note",
    "OutsideSource",
    "Passage",
    "PassageHit",
    "PassageRef",
    "Progress",
    "ReusedFrom",
    "SettledVerdict",
    "Source",
    "Undo",
    "UndoScope",
    "Verdict",
    "decode_action",
    "decode_evidence",
    "stored_evidence",
]
