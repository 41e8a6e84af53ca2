"""The review use cases both faces share: a verdict, a note, evidence, an adjudication
(given, changed, taken back), undo.

The CLI and the TUI call these rather than the store, so a verdict given with a key and
one given on the command line are the same action: the same typed values, one
transaction each, and the same answer back (the reviewer's state of the claim as saved),
which the caller shows instead of deriving it again.  Each takes the claim it acts on
explicitly: a screen passes the claim that was shown when the key was pressed, never the
one shown when the write runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from review_db import ClaimState, Event, ReviewStore
from review_db.models import (
    Action,
    Adjudication,
    Evidence,
    EvidenceAdd,
    EvidenceRemove,
    Note,
    PassageRef,
    SettledVerdict,
    UndoScope,
    Verdict,
)

from .errors import UsageError


@dataclass(frozen=True)
class Recorded:
    """What one action wrote, and the reviewer's state of the claim after it."""

    events: tuple[Event, ...]
    state: ClaimState


@dataclass(frozen=True)
class Settled:
    """What one adjudication action wrote (or took back), and how the claim is settled
    after it: its current adjudication, None when it is open."""

    events: tuple[Event, ...]
    adjudication: SettledVerdict | None


def give_verdict(
    store: ReviewStore,
    reviewer: str,
    claim_id: str,
    label: str,
    *,
    note: str | None = None,
    evidence: Sequence[Evidence] = (),
) -> Recorded:
    """Record a verdict, with its note and evidence, as one action (one undo takes it back)."""
    actions: list[Action] = [Verdict(label)]
    if note is not None:
        actions.append(Note(note))
    actions.extend(EvidenceAdd(item) for item in evidence)
    return _record(store, reviewer, claim_id, actions)


def save_note(store: ReviewStore, reviewer: str, claim_id: str, text: str) -> Recorded:
    """Record the reviewer's note on a claim (an empty text clears it)."""
    return _record(store, reviewer, claim_id, [Note(text)])


def add_evidence(store: ReviewStore, reviewer: str, claim_id: str, evidence: Evidence) -> Recorded:
    """Hold ``evidence`` (a passage, or an outside source) for the claim."""
    return _record(store, reviewer, claim_id, [EvidenceAdd(evidence)])


def toggle_passage(
    store: ReviewStore, reviewer: str, claim_id: str, passage_id: str
) -> tuple[Recorded, bool]:
    """Hold a passage as evidence, or let it go if it is held; and whether it is held now.

    Decided against what is saved when the write runs, so two quick presses (queued one
    behind the other) add and then remove, whatever the screen showed in between.
    """
    held = passage_id in store.claim_state(claim_id, reviewer).passage_ids()
    evidence = PassageRef(passage_id)
    action: Action = EvidenceRemove(evidence) if held else EvidenceAdd(evidence)
    return _record(store, reviewer, claim_id, [action]), not held


def adjudicate(store: ReviewStore, adjudicator: str, claim_id: str, label: str) -> Settled:
    """Settle a claim on which reviewers disagree, or change how it was settled: the
    latest adjudication is the one that counts, and undoing it brings back the one before.

    Raises:
        UsageError: the claim's reviewers agree (or one reviewed it) and nobody settled
            it: there is nothing to settle.
    """
    verdicts = {s.verdict for s in store.claim_states(claim_id).values() if s.verdict}
    if len(verdicts) < 2 and not store.adjudications(claim=claim_id):
        raise UsageError(
            "the claim's reviewers do not disagree (see `workbench conflicts`): "
            "there is nothing to settle"
        )
    events = store.record_actions(adjudicator, [(claim_id, Adjudication(label))])
    return Settled(tuple(events), store.adjudications(claim=claim_id).get(claim_id))


def undo_adjudication(store: ReviewStore, adjudicator: str, claim_id: str) -> Settled:
    """Take back the adjudication that settles the claim now, if it is the adjudicator's
    own; the one it replaced, if any, settles the claim again.

    ``events`` are the events cancelled (empty when the claim is not settled).

    Raises:
        UsageError: another adjudicator's verdict settles the claim (an undo cancels only
            its own reviewer's actions; giving another verdict changes it).
    """
    current = store.adjudications(claim=claim_id).get(claim_id)
    if current is None:
        return Settled((), None)
    if current.adjudicator != adjudicator:
        raise UsageError(
            f"the claim was settled by {current.adjudicator}, and only they can undo it; "
            "give another verdict to change it"
        )
    cancelled = store.undo(adjudicator, claim_id, UndoScope.ADJUDICATION)
    return Settled(tuple(cancelled), store.adjudications(claim=claim_id).get(claim_id))


def undo_latest(
    store: ReviewStore,
    reviewer: str,
    claim_id: str | None = None,
    scope: UndoScope = UndoScope.ANY,
) -> Recorded:
    """Take back the reviewer's latest action (on ``claim_id`` only, when given; of
    ``scope`` only: the review screen never takes back an adjudication it does not show).

    ``events`` are the events cancelled (empty when there was nothing to undo); ``state``
    is the reviewer's state of the claim they were on, or of ``claim_id``.
    """
    cancelled = store.undo(reviewer, claim_id, scope)
    target = claim_id or (cancelled[0].claim_id if cancelled else None)
    state = (
        store.claim_state(target, reviewer)
        if target is not None
        else ClaimState("", reviewer, None, None, None, ())
    )
    return Recorded(tuple(cancelled), state)


def _record(
    store: ReviewStore, reviewer: str, claim_id: str, actions: Sequence[Action]
) -> Recorded:
    events = store.record_actions(reviewer, [(claim_id, action) for action in actions])
    return Recorded(tuple(events), store.claim_state(claim_id, reviewer))
