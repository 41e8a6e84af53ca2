"""Passage embeddings kept in the database, per passage and model.

The semantic ranker embeds the candidate passages of each claim on demand; keeping the
vectors means each passage is embedded once per model, so a corpus needs no slow import
step and a warm matcher only embeds the claim.  Vectors are unit-length float32, stored
little-endian.
"""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence

from .store import ReviewStore

_CHUNK = 500  # ids per query: under SQLite's variable limit


def to_blob(vector: Sequence[float]) -> bytes:
    """A vector as little-endian float32 bytes."""
    values = array("f", vector)
    if sys.byteorder == "big":
        values.byteswap()
    return values.tobytes()


def from_blob(blob: bytes) -> array[float]:
    """The vector stored by ``to_blob``."""
    values = array("f")
    values.frombytes(blob)
    if sys.byteorder == "big":
        values.byteswap()
    return values


def load_embeddings(
    store: ReviewStore, model: str, passage_ids: Sequence[str]
) -> dict[str, array[float]]:
    """The stored vectors of these passages for ``model``, by passage id (missing: absent)."""
    found: dict[str, array[float]] = {}
    for start in range(0, len(passage_ids), _CHUNK):
        chunk = list(passage_ids[start : start + _CHUNK])
        marks = ", ".join("?" * len(chunk))
        for pid, blob in store.conn.execute(
            f"SELECT passage_id, vector FROM passage_embeddings "
            f"WHERE model = ? AND passage_id IN ({marks})",
            [model, *chunk],
        ):
            found[pid] = from_blob(blob)
    return found


def save_embeddings(
    store: ReviewStore,
    model: str,
    vectors: Iterable[tuple[str, Sequence[float]]],
    *,
    expire_matches: bool = False,
) -> int:
    """Keep vectors for ``model`` (one transaction); returns how many were written.

    Args:
        expire_matches: also move ``embeddings_version`` on, so semantic matches cached
            before these vectors were kept are computed again (``add sources --embed``;
            not for the few vectors a claim embeds on the way, which would expire every
            cached match at every new claim).

    Raises:
        ReadOnlyError: the database is read-only.
    """
    rows = [(pid, model, to_blob(vector)) for pid, vector in vectors]
    if rows:
        with store.write():
            store.conn.executemany(
                "INSERT OR REPLACE INTO passage_embeddings (passage_id, model, vector) "
                "VALUES (?, ?, ?)",
                rows,
            )
            if expire_matches:
                store.connection.set_meta("embeddings_version", str(embeddings_version(store) + 1))
    return len(rows)


def embeddings_version(store: ReviewStore) -> int:
    """A number that moves on when vectors are kept ahead of time (``save_embeddings``)."""
    row = store.conn.execute("SELECT value FROM meta WHERE key = 'embeddings_version'").fetchone()
    return int(row[0]) if row else 0


def embedded_share(store: ReviewStore, model: str, source_ids: Sequence[str]) -> tuple[int, int]:
    """(passages, those with a stored vector for ``model``) of these sources."""
    passages = embedded = 0
    for chunk in _chunks(source_ids):
        row = store.conn.execute(
            "SELECT count(*), count(e.passage_id) FROM passages AS p "
            "LEFT JOIN passage_embeddings AS e ON e.passage_id = p.id AND e.model = ? "
            "WHERE p.source_id IN (SELECT value FROM json_each(?))",
            (model, chunk),
        ).fetchone()
        passages += row[0]
        embedded += row[1]
    return passages, embedded


def unembedded_passages(
    store: ReviewStore, model: str, source_ids: Sequence[str]
) -> Iterator[list[tuple[str, str]]]:
    """The (id, text) of these sources' passages with no vector for ``model``, in import
    order, a list per few hundred sources: each list is read whole before it is handed
    over, so the caller may write vectors between lists."""
    for chunk in _chunks(source_ids):
        rows = store.conn.execute(
            "SELECT p.id, p.text FROM passages AS p "
            "WHERE p.source_id IN (SELECT value FROM json_each(?)) AND NOT EXISTS ("
            "SELECT 1 FROM passage_embeddings AS e WHERE e.passage_id = p.id AND e.model = ?) "
            "ORDER BY p.rowid",
            (chunk, model),
        ).fetchall()
        if rows:
            yield [(pid, text) for pid, text in rows]


def _chunks(source_ids: Sequence[str]) -> Iterator[str]:
    """The ids as JSON arrays of at most ``_CHUNK`` (read by ``json_each``)."""
    for start in range(0, len(source_ids), _CHUNK):
        yield json.dumps(list(source_ids[start : start + _CHUNK]))


__all__ = [
    "embedded_share",
    "embeddings_version",
    "from_blob",
    "load_embeddings",
    "save_embeddings",
    "to_blob",
    "unembedded_passages",
]
