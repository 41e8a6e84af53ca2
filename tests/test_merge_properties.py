"""Merge properties over random review logs: lossless, order-independent, idempotent.

Each generated database holds some of a small universe of articles (one of them split two
ways), sources and events; events are drawn from one shared pool, so two databases may
hold the same event (as when one was copied from the other), the same undo (of an event
both hold), and ties in time.  Every generated log is a valid one (as ``incoming.py``
checks): an undo cancels an event of its reviewer on its claim, evidence names a passage
its database holds.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review_db import ReviewStore, ids
from review_db.merge import merge_databases, merge_many

from .review_logs import add_article, add_events, add_source, check_consistent, ids_of, rows

STORY = "Alpha one. Beta two. Gamma three."
SPLITS = {
    "a": ["Alpha one.", "Beta two.", "Gamma three."],
    "b": ["Alpha one. Beta two.", "Gamma three."],
}
OTHER = "Delta four. Epsilon five."
OTHER_SPLIT = ["Delta four.", "Epsilon five."]
SOURCES = {
    "Minutes": ["Council minutes record a vote.", "The bridge costs money."],
    "Speech": ["Mayor speaks about centuries."],
}
_MINUTES = ids.source_id(" ".join(SOURCES["Minutes"]))
EVIDENCE = ids.passage_id(_MINUTES, 1, SOURCES["Minutes"][0])
REVIEWERS = ("ann", "bob", "cy")
LABELS = ("True", "False", "Mixed")
# Durability is not under test here, and fsyncs on a disk would make these examples
# several times slower: use memory-backed storage where the system has it.
FAST_TMP = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
TABLES = ("articles", "claims", "sources", "passages")
VIEWS = ("events", "claim_status", "conflicts", "adjudications", "reviewer_progress")


@dataclass(frozen=True)
class PoolEvent:
    claim: int  # index into the universe of claims
    reviewer: str
    kind: str
    label: str
    target: int  # for an undo: the pool index of the event it cancels
    second: int  # time, in seconds: ties are likely, on purpose


@dataclass(frozen=True)
class DatabaseSpec:
    split: str | None  # how STORY is split, if it is in this database
    other: bool
    sources: tuple[str, ...]
    title: str  # what this database's reviewer called STORY when importing it
    events: tuple[bool, ...]  # which pool events it holds (when it holds their claim)


pool_events = st.lists(
    st.builds(
        PoolEvent,
        claim=st.integers(0, 6),
        reviewer=st.sampled_from(REVIEWERS),
        kind=st.sampled_from(
            ("verdict", "verdict", "note", "evidence-add", "undo", "adjudication")
        ),
        label=st.sampled_from(LABELS),
        target=st.integers(0, 29),
        second=st.integers(0, 9),
    ),
    min_size=1,
    max_size=30,
)
database_specs = st.builds(
    DatabaseSpec,
    split=st.sampled_from(("a", "a", "b", None)),  # mostly shared, so events overlap
    other=st.booleans(),
    sources=st.lists(st.sampled_from(sorted(SOURCES)), unique=True).map(tuple),
    title=st.sampled_from(("Story", "Bridge story")),
    events=st.lists(st.booleans(), min_size=30, max_size=30).map(tuple),
)


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    """An empty database made once; each example copies it (creating one takes longer)."""
    with tempfile.TemporaryDirectory(dir=FAST_TMP) as folder:
        path = Path(folder) / "empty.db"
        ReviewStore(path, create=True).close()
        yield path


def _build(template: Path, path: Path, spec: DatabaseSpec, pool: list[PoolEvent]) -> None:
    shutil.copyfile(template, path)
    with ReviewStore(path) as store:
        universe: list[str | None] = [None] * 7
        if spec.split:
            claim_ids = add_article(store, STORY, SPLITS[spec.split], title=spec.title)
            offset = 0 if spec.split == "a" else 3
            universe[offset : offset + len(claim_ids)] = claim_ids
        if spec.other:
            universe[5:7] = add_article(store, OTHER, OTHER_SPLIT, title="Other")
        for title in spec.sources:
            add_source(store, title, SOURCES[title])
        events = []
        holds = [
            held
            and universe[e.claim] is not None
            and (e.kind != "evidence-add" or "Minutes" in spec.sources)  # its passage's source
            for e, held in zip(pool, spec.events, strict=False)
        ]
        for index, event in enumerate(pool):
            if not holds[index]:
                continue
            claim, reviewer = universe[event.claim], event.reviewer
            value: dict[str, str]
            if event.kind == "undo":
                # An undo cancels an action of its own reviewer on its own claim, which the
                # database that made it holds: it takes both from the event it names.
                target = event.target % len(pool)
                cancelled = pool[target]
                if target == index or cancelled.kind == "undo" or not holds[target]:
                    continue
                claim, reviewer = universe[cancelled.claim], cancelled.reviewer
                value = {"event": str(uuid.UUID(int=target + 1))}
            elif event.kind == "note":
                value = {"text": event.label.lower()}
            elif event.kind == "evidence-add":
                value = {"passage": EVIDENCE}  # the same event is the same in every database
            else:
                value = {"label": event.label}
            at = f"2026-01-01T00:00:{event.second:02d}.000000Z"
            events.append((str(uuid.UUID(int=index + 1)), claim, reviewer, event.kind, value, at))
        add_events(store, events)


def _databases(
    template: Path, folder: Path, specs: list[DatabaseSpec], pool: list[PoolEvent]
) -> list[Path]:
    paths = []
    for n, spec in enumerate(specs):
        path = folder / f"input{n}.db"
        _build(template, path, spec, pool)
        paths.append(path)
    return paths


def _same(first: Path, second: Path) -> None:
    for view in (*VIEWS, "articles", "sources"):
        assert rows(first, view) == rows(second, view), view
    # Ordinals alone may differ, where two segmentations of one article both number a
    # unit N: the one merged in second is numbered after the last.
    for table in ("claims", "passages"):
        assert _without_ordinal(first, table) == _without_ordinal(second, table), table


def _without_ordinal(path: Path, table: str) -> set[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        keep = ", ".join(f'"{c}"' for c in columns if c not in ("ordinal", "rowid"))
        return set(conn.execute(f"SELECT {keep} FROM {table}").fetchall())
    finally:
        conn.close()


@given(pool=pool_events, specs=st.lists(database_specs, min_size=2, max_size=3))
def test_merge_is_lossless_and_order_independent(
    template: Path, pool: list[PoolEvent], specs: list[DatabaseSpec]
) -> None:
    with tempfile.TemporaryDirectory(dir=FAST_TMP) as name:
        folder = Path(name)
        inputs = _databases(template, folder, specs, pool)
        forward, backward = folder / "forward.db", folder / "backward.db"
        for path, order in ((forward, inputs), (backward, inputs[::-1])):
            shutil.copyfile(template, path)
            with ReviewStore(path) as target:
                merge_many(target, order)
            check_consistent(path)
        _same(forward, backward)
        every_event = set().union(*(rows(p, "events") for p in inputs))
        assert rows(forward, "events") == every_event
        for table in TABLES:
            assert ids_of(forward, table) == set().union(*(ids_of(p, table) for p in inputs))


@given(pool=pool_events, first=database_specs, second=database_specs)
def test_merging_into_each_other_gives_the_same_database(
    template: Path, pool: list[PoolEvent], first: DatabaseSpec, second: DatabaseSpec
) -> None:
    """A then B equals B then A, where each is the other's target."""
    with tempfile.TemporaryDirectory(dir=FAST_TMP) as name:
        folder = Path(name)
        a, b = _databases(template, folder, [first, second], pool)
        a_copy, b_copy = folder / "a-copy.db", folder / "b-copy.db"
        shutil.copyfile(a, a_copy)
        shutil.copyfile(b, b_copy)
        with ReviewStore(a) as target:
            merge_databases(target, b_copy)
        with ReviewStore(b) as target:
            merge_databases(target, a_copy)
        _same(a, b)
        check_consistent(a)
        check_consistent(b)


@given(pool=pool_events, first=database_specs, second=database_specs)
def test_merging_again_changes_nothing(
    template: Path, pool: list[PoolEvent], first: DatabaseSpec, second: DatabaseSpec
) -> None:
    with tempfile.TemporaryDirectory(dir=FAST_TMP) as name:
        folder = Path(name)
        a, b = _databases(template, folder, [first, second], pool)
        with ReviewStore(a) as target:
            merge_databases(target, b)
            before = {t: rows(a, t) for t in (*TABLES, *VIEWS, "meta")}
            assert merge_databases(target, b).added == 0
        assert {t: rows(a, t) for t in before} == before
