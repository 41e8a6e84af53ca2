"""The conflicts screen's cases, read without Textual: the same claims the ``conflicts``
view finds (read from the states of fewer claims), plus the settled ones whose reviewers
came to agree; and the narrowed reads they are made of."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review_db import ReviewStore
from review_db.models import UndoScope
from workbench.tui.conflict_cases import read_case, read_cases

from .conftest import add_text

REVIEWERS = ("ann", "bob", "cy")
LABELS = ("True", "False", "Mixed")


@dataclass(frozen=True)
class Step:
    claim: int
    reviewer: str
    kind: str  # "verdict", "adjudication", "undo" or "undo-adjudication"
    label: str


steps = st.lists(
    st.builds(
        Step,
        claim=st.integers(0, 2),
        reviewer=st.sampled_from(REVIEWERS),
        kind=st.sampled_from(
            ("verdict", "verdict", "verdict", "adjudication", "undo", "undo-adjudication")
        ),  # fmt: skip
        label=st.sampled_from(LABELS),
    ),
    max_size=25,
)


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    """A database with one article, made once; each example copies it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.db"
        with ReviewStore(path, create=True) as store:
            add_text(store)
        yield path


@given(steps=steps)
def test_the_cases_are_the_views_conflicts_and_the_settled(
    template: Path, steps: list[Step]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "review.db"
        path.write_bytes(template.read_bytes())
        with ReviewStore(path) as store:
            claims = [c.id for c in store.claims()]
            for step in steps:
                claim = claims[step.claim]
                if step.kind in ("verdict", "adjudication"):
                    store.record_event(claim, step.reviewer, step.kind, {"label": step.label})
                elif step.kind == "undo":
                    store.undo(step.reviewer, claim)
                else:
                    store.undo(step.reviewer, claim, UndoScope.ADJUDICATION)
            cases = read_cases(store, None)
            view = {
                row[0] for row in store.conn.execute("SELECT claim_id FROM conflicts").fetchall()
            }
            settled = store.adjudications()
            assert {c.claim.id for c in cases if c.disputed} == view
            assert {c.claim.id for c in cases} == view | set(settled)
            assert [c.claim.ordinal for c in cases] == sorted(c.claim.ordinal for c in cases)
            for case in cases:
                assert case == read_case(store, case.claim)  # one claim read alone agrees
                assert case.adjudication == settled.get(case.claim.id)
                assert all(state.verdict for state in case.states.values())


def test_evidence_passages_are_read_with_their_sources(
    store: ReviewStore, claim_ids: list[str]
) -> None:
    from review_db import NewSource

    text = "The council voted 7 to 2."
    store.add_sources([NewSource(text, "Minutes", ((0, len(text)),))], segmenter="test")
    (passage,) = [row[0] for row in store.conn.execute("SELECT id FROM passages")]
    missing = "0123456789abcdef"  # evidence merged in whose passage this database lacks
    store.record_events("ann", [(claim_ids[0], "verdict", {"label": "True"}),
                                (claim_ids[0], "evidence-add", {"passage": passage})])  # fmt: skip
    store.record_event(claim_ids[0], "bob", "verdict", {"label": "False"})
    with store.write():
        store.conn.execute(
            "INSERT INTO events (id, claim_id, reviewer, kind, value, at) VALUES "
            "('00000000-0000-4000-8000-000000000001', ?, 'bob', 'evidence-add', ?, "
            "'2030-01-01T00:00:00.000000Z')",
            (claim_ids[0], f'{{"passage":"{missing}"}}'),
        )
    (case,) = read_cases(store, None)
    assert case.passages == {passage: ("Minutes", text)}


def test_states_of_some_claims_in_one_read(store: ReviewStore, claim_ids: list[str]) -> None:
    a, b, c = claim_ids[:3]
    for claim in (a, b, c):
        store.record_event(claim, "ann", "verdict", {"label": "True"})
    store.record_event(b, "bob", "note", {"text": "n"})
    states = store.states_of_claims([a, b])
    assert set(states) == {a, b} and set(states[b]) == {"ann", "bob"}
    assert store.states_of_claims([]) == {}


def test_claims_judged_differently(store: ReviewStore, claim_ids: list[str]) -> None:
    a, b, c = claim_ids[:3]
    store.record_event(a, "ann", "verdict", {"label": "True"})
    store.record_event(a, "bob", "verdict", {"label": "True"})  # agree
    store.record_event(b, "ann", "verdict", {"label": "True"})
    store.record_event(b, "ann", "verdict", {"label": "False"})  # one reviewer, two labels
    store.record_event(c, "ann", "verdict", {"label": "True"})
    store.record_event(c, "bob", "adjudication", {"label": "False"})  # not a verdict
    assert store.claims_judged_differently() == [b]
    (article,) = store.article_ids()
    assert store.claims_judged_differently(article) == [b]
    assert store.claims_judged_differently("f" * 12) == []
