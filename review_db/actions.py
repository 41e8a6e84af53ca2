"""The typed values of events: a verdict, a note, evidence, an adjudication, an undo.

Each is valid by construction, with one JSON encoding (``to_json``) and one validating
decoder (``from_json``).  The store's own write path and the check of a merged or synced
database both go through them, so what one accepts the other accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar

from . import ids
from .errors import InvalidEventError
from .validation import label_problem, text_problem, web_url_problem

JSONDict = dict[str, Any]


def _require(problem: str | None, what: str) -> None:
    if problem is not None:
        raise InvalidEventError(f"{what} {problem}")


def _fields(value: object, what: str, keys: tuple[str, ...]) -> dict[str, Any]:
    """``value`` as an object with exactly ``keys``: one encoding per value, no extras a
    later reader might trip on."""
    if not isinstance(value, dict) or set(value) != set(keys):
        wanted = ", ".join(f'"{k}"' for k in keys)
        raise InvalidEventError(f"{what} must be an object with exactly the keys {wanted}")
    return value


@dataclass(frozen=True)
class PassageRef:
    """Evidence that is a passage of the source corpus, by id."""

    passage: str

    def __post_init__(self) -> None:
        if not ids.is_passage_id(self.passage):
            raise InvalidEventError("evidence passage is not a passage id (16 hex digits)")

    def to_json(self) -> JSONDict:
        return {"passage": self.passage}


@dataclass(frozen=True)
class OutsideSource:
    """Evidence from outside the corpus: a web address and the words quoted from it."""

    url: str
    quote: str

    def __post_init__(self) -> None:
        _require(web_url_problem(self.url), "evidence url")
        _require(text_problem(self.quote), "evidence quote")

    def to_json(self) -> JSONDict:
        return {"url": self.url, "quote": self.quote}


Evidence = PassageRef | OutsideSource


def decode_evidence(value: object) -> Evidence:
    """The evidence ``value`` encodes (``{"passage": id}`` or ``{"url", "quote"}``).

    Raises:
        InvalidEventError: it is neither, or its parts are not acceptable.
    """
    if isinstance(value, dict) and set(value) == {"passage"}:
        return PassageRef(value["passage"])
    if isinstance(value, dict) and set(value) == {"url", "quote"}:
        return OutsideSource(value["url"], value["quote"])
    raise InvalidEventError('evidence must be {"passage": id} or {"url": ..., "quote": ...}')


def stored_evidence(value: object) -> Evidence:
    """Evidence as the log holds it, read without today's input rules.

    A database written before an input rule existed (an evidence address with a space,
    say) must still open: what it holds is shown and reported, never linked, since every
    renderer checks addresses again.  Anything not even shaped like evidence is refused.
    """
    if isinstance(value, dict) and set(value) == {"passage"}:
        passage = value["passage"]
        if isinstance(passage, str):
            ref = object.__new__(PassageRef)
            object.__setattr__(ref, "passage", passage)
            return ref
    if isinstance(value, dict) and set(value) == {"url", "quote"}:
        url, quote = value["url"], value["quote"]
        if isinstance(url, str) and isinstance(quote, str):
            outside = object.__new__(OutsideSource)
            object.__setattr__(outside, "url", url)
            object.__setattr__(outside, "quote", quote)
            return outside
    raise InvalidEventError('evidence must be {"passage": id} or {"url": ..., "quote": ...}')


@dataclass(frozen=True)
class ReusedFrom:
    """Where a reused verdict came from: a published fact-check or an earlier review.

    Kept in the verdict's value so a report can say "as checked by X on DATE" for as long
    as the verdict stands.
    """

    kind: str  # "factcheck" or "review"
    ident: str  # the fact-check's id, or the earlier claim's
    verdict: str | None
    by: str | None
    date: str | None
    url: str | None

    def __post_init__(self) -> None:
        if self.kind == "factcheck":
            if not ids.is_factcheck_id(self.ident):
                raise InvalidEventError("reused_from names no fact-check id")
        elif self.kind == "review":
            if not ids.is_claim_id(self.ident):
                raise InvalidEventError("reused_from names no claim id")
        else:
            raise InvalidEventError('reused_from kind must be "factcheck" or "review"')
        for name, problem in (
            ("verdict", label_problem),
            ("by", lambda v: text_problem(v, limit=1_000)),
            ("date", lambda v: text_problem(v, limit=100)),
            ("url", web_url_problem),
        ):
            value = getattr(self, name)
            if value is not None:
                _require(problem(value), f"reused_from {name}")

    def to_json(self) -> JSONDict:
        key = "factcheck_id" if self.kind == "factcheck" else "claim_id"
        return {
            "kind": self.kind,
            key: self.ident,
            "verdict": self.verdict,
            "by": self.by,
            "date": self.date,
            "url": self.url,
        }

    @classmethod
    def from_json(cls, value: object) -> ReusedFrom:
        kind = value.get("kind") if isinstance(value, dict) else None
        key = "factcheck_id" if kind == "factcheck" else "claim_id"
        fields = _fields(value, "reused_from", ("kind", key, "verdict", "by", "date", "url"))
        return cls(
            kind=fields["kind"],
            ident=fields[key],
            verdict=fields["verdict"],
            by=fields["by"],
            date=fields["date"],
            url=fields["url"],
        )


@dataclass(frozen=True)
class Verdict:
    """A reviewer's verdict on a claim: a label of the scale, and where it was reused from
    when it repeats an earlier check."""

    KIND: ClassVar[str] = "verdict"
    label: str
    reused_from: ReusedFrom | None = None

    def __post_init__(self) -> None:
        _require(label_problem(self.label), "verdict label")

    def to_json(self) -> JSONDict:
        if self.reused_from is None:
            return {"label": self.label}
        return {"label": self.label, "reused_from": self.reused_from.to_json()}

    @classmethod
    def from_json(cls, value: object) -> Verdict:
        if isinstance(value, dict) and "reused_from" in value:
            fields = _fields(value, "a verdict", ("label", "reused_from"))
            return cls(fields["label"], ReusedFrom.from_json(fields["reused_from"]))
        return cls(_fields(value, "a verdict", ("label",))["label"])


@dataclass(frozen=True)
class Note:
    """A reviewer's note on a claim; an empty text clears it."""

    KIND: ClassVar[str] = "note"
    text: str

    def __post_init__(self) -> None:
        _require(text_problem(self.text), "note text")

    def to_json(self) -> JSONDict:
        return {"text": self.text}

    @classmethod
    def from_json(cls, value: object) -> Note:
        return cls(_fields(value, "a note", ("text",))["text"])


@dataclass(frozen=True)
class EvidenceAdd:
    """A piece of evidence a reviewer holds for a claim."""

    KIND: ClassVar[str] = "evidence-add"
    evidence: Evidence

    def to_json(self) -> JSONDict:
        return self.evidence.to_json()

    @classmethod
    def from_json(cls, value: object) -> EvidenceAdd:
        return cls(decode_evidence(value))


@dataclass(frozen=True)
class EvidenceRemove:
    """A piece of evidence a reviewer no longer holds (the same encoding as its add)."""

    KIND: ClassVar[str] = "evidence-remove"
    evidence: Evidence

    def to_json(self) -> JSONDict:
        return self.evidence.to_json()

    @classmethod
    def from_json(cls, value: object) -> EvidenceRemove:
        return cls(decode_evidence(value))


@dataclass(frozen=True)
class Adjudication:
    """The verdict that settles a claim on which reviewers disagreed."""

    KIND: ClassVar[str] = "adjudication"
    label: str

    def __post_init__(self) -> None:
        _require(label_problem(self.label), "adjudication label")

    def to_json(self) -> JSONDict:
        return {"label": self.label}

    @classmethod
    def from_json(cls, value: object) -> Adjudication:
        return cls(_fields(value, "an adjudication", ("label",))["label"])


@dataclass(frozen=True)
class Undo:
    """The cancelling of one earlier event, named by id."""

    KIND: ClassVar[str] = "undo"
    event: str

    def __post_init__(self) -> None:
        if not ids.is_event_id(self.event):
            raise InvalidEventError("undo names no event id (a UUID)")

    def to_json(self) -> JSONDict:
        return {"event": self.event}

    @classmethod
    def from_json(cls, value: object) -> Undo:
        return cls(_fields(value, "an undo", ("event",))["event"])


Action = Verdict | Note | EvidenceAdd | EvidenceRemove | Adjudication | Undo
ACTION_TYPES: dict[str, type[Action]] = {
    cls.KIND: cls for cls in (Verdict, Note, EvidenceAdd, EvidenceRemove, Adjudication, Undo)
}


class UndoScope(Enum):
    """Which of a reviewer's actions an undo may take back.

    A screen undoes only what it shows: the review screen a verdict, note or evidence,
    the conflicts screen an adjudication; ``workbench undo`` takes the latest of any.
    """

    ANY = (Verdict.KIND, Note.KIND, EvidenceAdd.KIND, EvidenceRemove.KIND, Adjudication.KIND)
    REVIEW = (Verdict.KIND, Note.KIND, EvidenceAdd.KIND, EvidenceRemove.KIND)
    ADJUDICATION = (Adjudication.KIND,)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The event kinds an undo of this scope may cancel."""
        return tuple(self.value)


def decode_action(kind: object, value: object) -> Action:
    """The typed value of an event of ``kind`` whose JSON value is ``value``.

    Raises:
        InvalidEventError: an unknown kind, or a value that is not of its kind's form.
    """
    decoder = ACTION_TYPES.get(kind) if isinstance(kind, str) else None
    if decoder is None:
        raise InvalidEventError(f"unknown event kind {str(kind)[:40]!r}")
    return decoder.from_json(value)
