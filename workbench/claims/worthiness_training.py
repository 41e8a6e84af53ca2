"""Where a worthiness model's examples come from, and what training changes.

Examples come from a labelled file (JSON lines ``{"text", "label": 0|1, "doc"?}``) and/or
from the team's verdicts in the database: a claim whose settled verdict (the adjudication,
else every reviewer's current verdict) is one of ``not_worth_checking`` taught "not worth
checking", any other verdict "worth checking"; reviewers who disagree across that line
teach nothing.  After training, or on a return to the default scorer, every claim of every
article is re-scored; worthiness is derived from the text, so the event log is untouched.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from review_db import ReviewStore
from review_db.models_store import Rescored, active_model, save_scores
from workbench.claims.kinds import Unit, classify
from workbench.claims.signals import find_signals
from workbench.claims.worthiness_model import Example, WorthinessModel, model_from_json, rate
from workbench.errors import WorkbenchError

MAX_LABEL_LINE = 100_000  # characters: a sentence, not a book


class LabelsError(WorkbenchError):
    """A labelled file that cannot be read as examples."""


@dataclass(frozen=True)
class Labelled:
    """One line of a labelled file."""

    text: str
    label: int
    doc: str


def read_labels(path: Path) -> list[Labelled]:
    """The lines of a labelled file, each checked.

    Raises:
        LabelsError: the file is unreadable, or a line is not an object with a text and a
            0/1 label (the message names the line).
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise LabelsError(f"{path}: cannot read labels: {e}") from None
    out: list[Labelled] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        if len(line) > MAX_LABEL_LINE:
            raise LabelsError(f"{where}: line longer than {MAX_LABEL_LINE} characters")
        try:
            item = json.loads(line)
        except (ValueError, RecursionError):
            raise LabelsError(f"{where}: not a JSON object") from None
        if not isinstance(item, dict):
            raise LabelsError(f"{where}: not a JSON object")
        text, label, doc = item.get("text"), item.get("label"), item.get("doc", "")
        if not isinstance(text, str) or not text.strip():
            raise LabelsError(f'{where}: "text" must be a non-empty string')
        if isinstance(label, bool) or label not in (0, 1):
            raise LabelsError(f'{where}: "label" must be 0 or 1')
        if not isinstance(doc, str | int) or isinstance(doc, bool):
            raise LabelsError(f'{where}: "doc" must be a string')
        out.append(Labelled(text, int(label), str(doc)))
    if not out:
        raise LabelsError(f"{path}: no labelled sentences")
    return out


def labelled_examples(items: list[Labelled]) -> list[Example]:
    """Examples from labelled sentences, each classified among its document's sentences."""
    by_doc: dict[str, list[Labelled]] = {}
    for item in items:
        by_doc.setdefault(item.doc, []).append(item)
    examples: list[Example] = []
    for doc, group in by_doc.items():
        units = [Unit(i, 0, len(x.text), x.text, whole_block=False) for i, x in enumerate(group)]
        classify(units)
        examples += [
            Example(x.text, x.label, doc, u.kind, find_signals(x.text))
            for x, u in zip(group, units, strict=True)
        ]
    return examples


def verdict_examples(store: ReviewStore, not_worth_checking: Iterable[str]) -> list[Example]:
    """Examples from the team's verdicts, one per claim whose verdict is settled."""
    negative = {label.casefold() for label in not_worth_checking}
    settled = {cid: a.verdict for cid, a in store.adjudications().items()}
    examples: list[Example] = []
    for claim_id, by_reviewer in store.current_verdicts().items():
        labels = [settled[claim_id]] if claim_id in settled else list(by_reviewer.values())
        taught = {0 if label.casefold() in negative else 1 for label in labels}
        if len(taught) != 1:
            continue  # reviewers disagree on whether it was worth checking
        claim = store.claim(claim_id)
        flags = len(claim.flags)
        examples.append(
            Example(
                claim.text,
                taught.pop(),
                claim.article_id,
                claim.kind,
                find_signals(claim.text),
                flags,
            )
        )
    return examples


def load_model(store: ReviewStore) -> WorthinessModel | None:
    """The model in use in this database, checked; None for the default scorer."""
    stored = active_model(store)
    return None if stored is None else model_from_json(stored.model)


def rescore_all(store: ReviewStore, model: WorthinessModel | None) -> int:
    """Re-score every claim with ``model`` (None: the default scorer); returns the count.

    Kind, flags and the kind's reasons are kept as they were stored; only the worthiness
    and its reasons change.
    """
    rescored = []
    for claim in store.claims():
        signals = dict(claim.signals)
        kind_reasons = [str(r) for r in signals.get("kind_reasons", [])]
        flags = len(signals.get("flags", []))
        value, reasons = rate(model, claim.kind, find_signals(claim.text), claim.text, flags)
        signals["reasons"] = reasons + kind_reasons
        rescored.append(Rescored(claim.id, value, signals))
    return save_scores(store, rescored)
