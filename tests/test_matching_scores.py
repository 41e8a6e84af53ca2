"""One calibrated score in rank order, a threshold for "no close passage", and highlights
of whole shared words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from review_db import NewSource, ReviewStore
from tests.conftest import Invoke
from workbench.config import parse_config
from workbench.corpus.highlights import shared_words, word_bounds
from workbench.corpus.matching import DEFAULT_MIN_SCORE, find_matches, rank_passages, search_corpus
from workbench.corpus.rerank import LEXICAL
from workbench.corpus.sources import collect_files, import_sources

SAMPLE_SOURCES = Path(__file__).resolve().parents[1] / "workbench" / "sample" / "sources"


@pytest.fixture
def corpus(store: ReviewStore) -> ReviewStore:
    files, _ = collect_files([SAMPLE_SOURCES])
    import_sources(store, files)
    return store


@pytest.mark.parametrize(
    "claim",
    [
        "The government would release £20 million, the largest payment since 2015",
        "The council had opened 14 emergency shelters",
        "flood insurance on Bridge Street",
    ],
)
def test_the_score_shown_is_the_order_shown(corpus: ReviewStore, claim: str) -> None:
    scores = [m.score for m in rank_passages(corpus, claim, top=20)]
    assert len(scores) > 2
    assert scores == sorted(scores, reverse=True)


def test_the_score_is_a_probability_that_rises_with_the_evidence() -> None:
    weak = (0.0, 0.1, 0.2, 0.1, 0.0, 0.1, 0.0, 0.0)
    strong = (1.0, 1.0, 0.9, 0.9, 0.5, 0.6, 0.5, 1.0)
    assert 0 < LEXICAL.probability(weak) < 0.05 < 0.5 < LEXICAL.probability(strong) < 1


def test_an_unrelated_passage_sharing_one_word_scores_below_the_threshold(db_path: Path) -> None:
    text = "Engineers expect to restore supply to most homes within three days."
    with ReviewStore(db_path, create=True) as store:
        store.add_sources([NewSource(text, "Update", ((0, len(text)),))], segmenter="test")
        claim = "Fighters recaptured three districts in Baghlan."
        (weak,) = find_matches(store, claim, min_score=0)
        assert weak.score < 15
        assert find_matches(store, claim, min_score=DEFAULT_MIN_SCORE) == []


def test_match_says_no_close_passage_and_takes_a_threshold(sourced: Invoke) -> None:
    result = sourced("match", "Fighters recaptured three districts in Baghlan")
    assert result.exit_code == 0
    assert "no close passage (none scores 15 or more)" in result.output
    loose = sourced("match", "Fighters recaptured three districts in Baghlan", "--min-score", "0")
    assert "within three" in loose.output
    # --json is the ranking itself, scores included: nothing left out unless asked.
    ranked = json.loads(sourced("match", "Fighters recaptured three districts in Baghlan",
                                "--json").output)["matches"]  # fmt: skip
    assert ranked and all(m["score"] < 15 for m in ranked)
    strict = sourced("match", "Fighters recaptured three districts in Baghlan", "--json",
                     "--min-score", "15")  # fmt: skip
    assert json.loads(strict.output)["matches"] == []


def test_config_sets_the_threshold(sourced: Invoke, db_path: Path) -> None:
    (db_path.parent / "workbench.yaml").write_text("matching:\n  min_score: 0\n")
    result = sourced("match", "Fighters recaptured three districts in Baghlan")
    assert "within three" in result.output
    assert parse_config("matching:\n  min_score: 40\n", "x").matching.min_score == 40


@pytest.fixture
def sourced(run: Invoke) -> Invoke:
    result = run("add", "sources", str(SAMPLE_SOURCES))
    assert result.exit_code == 0, result.output
    return run


def test_json_highlights_are_whole_shared_words(sourced: Invoke) -> None:
    claim = "The council has opened 12 emergency shelters in schools"
    result = sourced("match", claim, "--json", "--top", "1")
    (found,) = json.loads(result.output)["matches"]
    words = [found["text"][a:b] for a, b in found["highlights"]]
    assert words == ["council", "opened", "12", "emergency", "shelters", "schools"]
    start, end = found["span"]
    assert all(start <= a and b <= end for a, b in found["highlights"])


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("Fighting near Pul-e-Hesar district", 20, 25, "Pul-e-Hesar"),
        ("The party's leader", 4, 9, "party's"),
        ("It cost £38 million", 9, 11, "£38"),
        ("About 4,200 people", 6, 8, "4,200"),
        ("rose 4.2 metres.", 5, 6, "4.2"),
        ("ends here. Next", 5, 10, "here."),
    ],
)
def test_spans_never_start_or_end_inside_a_word(
    text: str, start: int, end: int, expected: str
) -> None:
    a, b = word_bounds(text, start, end)
    assert text[a:b] == expected


def test_highlights_take_names_numbers_and_stems_not_near_numbers() -> None:
    text = "Fighters took four districts of Pul-e-Hesar; 4,200 fled, not 4,201."
    marks = shared_words(text, {"distr", "hesar"}, {"4200"})
    assert [text[a:b] for a, b in marks] == ["districts", "Pul-e-Hesar", "4,200"]


def test_search_and_match_rank_alike(corpus: ReviewStore) -> None:
    query = "bakery insurance"
    assert [m.passage_id for m in search_corpus(corpus, query, top=5)] == [
        m.passage_id for m in rank_passages(corpus, query, top=5)
    ]
