"""Stored check-worthiness models and re-scored claims: the reads and writes behind
``workbench worthiness``.

A model is a JSON document of numbers and words (its reader in ``workbench.claims`` checks
every field); nothing stored here is ever executed or unpickled.  Which model is in use is
the meta key ``worthiness_model``; without it the built-in default scorer applies.
Re-scoring rewrites ``claims.worthiness`` and ``claims.signals``, which are derived from
the text; the event log is never touched.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .errors import StoreError
from .store import ReviewStore, canonical_json, utc_timestamp

ACTIVE_KEY = "worthiness_model"


@dataclass(frozen=True)
class StoredModel:
    """A model row: where it came from and its JSON."""

    id: int
    trained_at: str
    source: str
    examples: int
    positives: int
    model: Any  # parsed JSON, validated by its reader


@dataclass(frozen=True)
class Rescored:
    """A claim's new worthiness and signals."""

    claim_id: str
    worthiness: float
    signals: dict[str, Any]


def save_model(
    store: ReviewStore, model: dict[str, Any], *, source: str, examples: int, positives: int
) -> StoredModel:
    """Store a model and put it in use, in one transaction."""
    trained_at = utc_timestamp()
    with store.write():
        cursor = store.conn.execute(
            "INSERT INTO worthiness_models (trained_at, source, examples, positives, model) "
            "VALUES (?, ?, ?, ?, ?)",
            (trained_at, source, examples, positives, canonical_json(model)),
        )
        row_id = int(cursor.lastrowid or 0)
        store.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (ACTIVE_KEY, str(row_id)),
        )
    return StoredModel(row_id, trained_at, source, examples, positives, model)


def active_model(store: ReviewStore) -> StoredModel | None:
    """The model in use, or None for the default scorer.

    Raises:
        StoreError: the meta key names a model that is missing or not JSON.
    """
    value = store.meta().get(ACTIVE_KEY)
    if not value:
        return None
    row = store.conn.execute(
        "SELECT id, trained_at, source, examples, positives, model FROM worthiness_models "
        "WHERE id = ?",
        (value,),
    ).fetchone()
    if row is None:
        raise StoreError(
            f"{store.path}: the worthiness model in use ({value!r}) is missing; "
            "run `workbench worthiness train` or `--no-model`"
        )
    try:
        model = json.loads(row[5])
    except (ValueError, RecursionError):
        raise StoreError(f"{store.path}: stored worthiness model {row[0]} is not JSON") from None
    return StoredModel(int(row[0]), str(row[1]), str(row[2]), int(row[3]), int(row[4]), model)


def model_count(store: ReviewStore) -> int:
    """How many models have been trained into this database."""
    return int(store.conn.execute("SELECT count(*) FROM worthiness_models").fetchone()[0])


def use_default(store: ReviewStore) -> None:
    """Stop using any trained model (they stay stored)."""
    with store.write():
        store.conn.execute("DELETE FROM meta WHERE key = ?", (ACTIVE_KEY,))


def save_scores(store: ReviewStore, scores: Iterable[Rescored]) -> int:
    """Write re-scored claims in one transaction; returns how many were written."""
    rows = [(s.worthiness, canonical_json(s.signals), s.claim_id) for s in scores]
    with store.write():
        store.conn.executemany("UPDATE claims SET worthiness = ?, signals = ? WHERE id = ?", rows)
    return len(rows)
