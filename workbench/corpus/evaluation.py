"""How well matching works: recall@k and MRR against gold evidence, and the precision
and recall of the contradiction flags on labelled pairs.

Every passage a reviewer marks as evidence for a claim is a gold example; so is each line
of a ``{claim, evidence}`` .jsonl file.  A claim counts as found at k when any of its gold
passages is among the matcher's first k results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from review_db import NotFoundError, ReviewStore
from workbench.corpus.contradiction import Statement, contradiction_flags
from workbench.corpus.ingest import read_text_lines
from workbench.corpus.matching import rank_passages
from workbench.errors import InputError
from workbench.json_lines import parse_json_line
from workbench.read_limits import os_text

RECALL_AT = (1, 5, 10)


@dataclass(frozen=True)
class GoldExample:
    """A claim and the passages that are its evidence."""

    claim: str
    evidence: frozenset[str]  # full passage ids


@dataclass(frozen=True)
class Evaluation:
    """Recall at 1, 5 and 10 and mean reciprocal rank over a set of gold examples."""

    name: str
    examples: int
    recall: dict[int, float]
    mrr: float


def gold_from_reviews(store: ReviewStore) -> list[GoldExample]:
    """One example per claim that some reviewer currently holds passage evidence for."""
    by_claim: dict[str, tuple[str, set[str]]] = {}
    for choice in store.evidence_choices():
        by_claim.setdefault(choice.claim_id, (choice.claim_text, set()))[1].add(choice.passage_id)
    return [GoldExample(text, frozenset(passages)) for text, passages in by_claim.values()]


def read_gold_file(store: ReviewStore, path: Path) -> list[GoldExample]:
    """Examples from a .jsonl file of ``{"claim": str, "evidence": id or [ids]}``.

    Passage ids may be unique prefixes.  The file is small and must be right as a whole:
    a bad line is refused with its number rather than skipped, so that a score is never
    computed on fewer examples than the team thinks.

    Raises:
        InputError: the file is missing or unreadable, or a line is malformed or names a
            passage the database does not hold.
    """
    lines = read_text_lines(path)
    examples = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{os_text(path)} line {number}"
        try:
            record = parse_json_line(line, where)
        except InputError as e:
            raise InputError(f"{e.message}; nothing evaluated") from None
        claim = record.get("claim") if isinstance(record, dict) else None
        evidence = record.get("evidence") if isinstance(record, dict) else None
        ids = [evidence] if isinstance(evidence, str) else evidence
        if not isinstance(claim, str) or not claim.strip() or not isinstance(ids, list) or not ids:
            raise InputError(
                f'{where}: needs {{"claim": text, "evidence": passage id or [ids]}}; '
                "nothing evaluated"
            )
        resolved = set()
        for passage in ids:
            try:
                resolved.add(store.resolve_passage_id(str(passage)))
            except NotFoundError as e:
                raise InputError(f"{where}: {e.message}; nothing evaluated") from None
        examples.append(GoldExample(claim, frozenset(resolved)))
    if not examples:
        raise InputError(f"{os_text(path)}: has no examples")
    return examples


def evaluate(
    store: ReviewStore, examples: Sequence[GoldExample], *, name: str, top: int = 10
) -> Evaluation:
    """Run the matcher on every example and score where the gold passages came."""
    depth = max(top, *RECALL_AT)
    found = dict.fromkeys(RECALL_AT, 0)
    reciprocal = 0.0
    for example in examples:
        ranked = [m.passage_id for m in rank_passages(store, example.claim, top=depth)]
        hits = [i for i, pid in enumerate(ranked[:top], start=1) if pid in example.evidence]
        first = hits[0] if hits else None
        if first is not None:
            reciprocal += 1 / first
        for k in RECALL_AT:
            if any(pid in example.evidence for pid in ranked[:k]):
                found[k] += 1
    count = len(examples)
    return Evaluation(
        name=name,
        examples=count,
        recall={k: found[k] / count if count else 0.0 for k in RECALL_AT},
        mrr=reciprocal / count if count else 0.0,
    )


@dataclass(frozen=True)
class LabelledPair:
    """A claim, a passage, and the contradiction flags a careful reader would raise."""

    claim: str
    passage: str
    flags: frozenset[str]


@dataclass(frozen=True)
class FlagScore:
    """How one flag fares on labelled pairs."""

    flag: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        fired = self.true_positives + self.false_positives
        return self.true_positives / fired if fired else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0


FLAGS = ("number-mismatch", "date-mismatch", "negation")


def read_labelled_pairs(path: Path) -> list[LabelledPair]:
    """Pairs from a .jsonl of ``{"claim", "passage", "flags": [...]}`` (a test fixture)."""
    pairs = []
    for number, line in enumerate(read_text_lines(path), start=1):
        if not line.strip():
            continue
        record = parse_json_line(line, f"{path} line {number}")
        try:
            claim, passage, flags = record["claim"], record["passage"], frozenset(record["flags"])
        except (KeyError, TypeError):
            raise InputError(
                f'{path} line {number}: needs {{"claim", "passage", "flags": [...]}}'
            ) from None
        if not flags <= set(FLAGS) or not isinstance(claim, str) or not isinstance(passage, str):
            raise InputError(f"{path} line {number}: unknown flag in {sorted(map(str, flags))}")
        pairs.append(LabelledPair(claim, passage, flags))
    return pairs


def score_flags(pairs: Sequence[LabelledPair]) -> list[FlagScore]:
    """Precision and recall of each contradiction flag on labelled pairs."""
    counts = {flag: [0, 0, 0] for flag in FLAGS}
    for pair in pairs:
        fired = set(contradiction_flags(Statement(pair.claim), Statement(pair.passage)))
        for flag in FLAGS:
            if flag in fired:
                counts[flag][0 if flag in pair.flags else 1] += 1
            elif flag in pair.flags:
                counts[flag][2] += 1
    return [FlagScore(flag, *counts[flag]) for flag in FLAGS]
