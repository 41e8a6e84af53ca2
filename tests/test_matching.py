"""Matching claims to source passages: ranking, spans, flags, cache, threads."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from review_db import ReviewStore
from workbench.corpus.matching import (
    DEFAULT_MIN_SCORE,
    Fusion,
    Match,
    build_query,
    cached_matches,
    content_words,
    find_matches,
    rank_passages,
    search_corpus,
)
from workbench.corpus.sources import collect_files, import_sources

SAMPLE_SOURCES = Path(__file__).resolve().parents[1] / "workbench" / "sample" / "sources"


@pytest.fixture
def corpus(store: ReviewStore) -> ReviewStore:
    files, _ = collect_files([SAMPLE_SOURCES])
    report = import_sources(store, files)
    assert report.problems == []
    return store


def best(store: ReviewStore, claim: str) -> Match:
    matches = find_matches(store, claim, top=5)
    assert matches, claim
    return matches[0]


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        # paraphrases and reorderings of what a source says
        ("Okafor put the repair bill at £38 million or more", "at no less than £38 million"),
        (
            "About 800 homes were protected by the wall, which worked as designed",
            "protected about 800 homes",
        ),
        ("Around 1,200 residents were moved to emergency shelters", "About 1,200 residents"),
        ("The baker on Bridge Street lost equipment and stock worth £40,000", "worth £40,000"),
        ("A man in his sixties is still missing", "A third person"),
    ],
)
def test_paraphrases_find_the_passage_that_says_it(
    corpus: ReviewStore, claim: str, expected: str
) -> None:
    assert expected in best(corpus, claim).text


def test_every_match_has_a_score_a_span_inside_its_text_and_source_details(
    corpus: ReviewStore,
) -> None:
    claim = "The river gauge at Kettle Bridge reached 4.2 metres"
    matches = find_matches(corpus, claim, top=10, min_score=0)
    assert 1 < len(matches) <= 10
    scores = [m.score for m in matches]
    assert all(0 <= s <= 100 for s in scores)
    for m in matches:
        start, end = m.span
        assert 0 <= start < end <= len(m.text)
        assert m.text[start:end] == m.text[start:end].strip()
        assert corpus.passage(m.passage_id).text == m.text
        assert corpus.source(m.source_id).title == m.source_title
    top = matches[0]
    assert top.source_title == "Environment Agency statement on the River Esk at Kettle Bridge"
    assert "4.2 metres" in top.text[top.span[0] : top.span[1]]


def test_span_covers_the_matched_words_not_the_whole_passage(corpus: ReviewStore) -> None:
    m = best(corpus, "the substation on Mill Lane flooded")
    assert m.text[m.span[0] : m.span[1]] == "the substation on Mill Lane flooded"


def test_html_source_keeps_its_url_and_publisher(corpus: ReviewStore) -> None:
    m = best(corpus, "The council has opened 12 emergency shelters")
    assert m.url == "https://harlowvale.example.gov/news/flood-update-3"
    assert m.publisher == "Harlow Vale District Council"
    assert m.published == "2026-03-09"


@pytest.mark.parametrize(
    ("claim", "flagged"),
    [
        ("The council had opened 14 emergency shelters", "12 emergency shelters"),
        ("162 mm of rain fell on the Esk catchment in 72 hours", "148 mm"),
        ("Two people died in the flooding, police confirmed", None),
        ("The government would release £20 million, the largest payment since 2015", "since 2013"),
    ],
)
def test_number_mismatch_marks_a_passage_with_other_numbers(
    corpus: ReviewStore, claim: str, flagged: str | None
) -> None:
    matches = find_matches(corpus, claim, top=5)
    marked = [m.text for m in matches if "number-mismatch" in m.flags]
    if flagged is None:
        assert not any("two people have died" in t for t in marked)
    else:
        assert any(flagged in t for t in marked), marked


def test_a_passage_with_the_same_numbers_and_a_time_of_day_is_not_a_mismatch(
    corpus: ReviewStore,
) -> None:
    m = best(corpus, "The gauge at Kettle Bridge recorded a peak of 4.2 metres, beating 1979")
    assert "4.2 metres at 3:40" in m.text
    assert m.flags == ()


def test_negation_is_flagged_when_one_side_negates(corpus: ReviewStore) -> None:
    matches = find_matches(corpus, "Police believe more people have died in the flooding", top=5)
    negated = [m for m in matches if "negation" in m.flags]
    assert any("do not believe" in m.text for m in negated)
    agreeing = find_matches(corpus, "The Harlow Vale flood defences did not fail", top=1)[0]
    assert agreeing.text == "The Harlow Vale flood defences did not fail."
    assert "negation" not in agreeing.flags


def test_no_less_than_is_not_a_negation(corpus: ReviewStore) -> None:
    m = best(
        corpus, "Council leader Dr. Miriam Okafor said repairs would cost at least £38 million"
    )
    assert "no less than £38 million" in m.text
    assert "negation" not in m.flags


def test_results_are_cached_until_sources_change(corpus: ReviewStore, tmp_path: Path) -> None:
    claim = "148 mm of rain fell in 72 hours"
    assert cached_matches(corpus, claim) is None
    fresh = find_matches(corpus, claim)
    assert cached_matches(corpus, claim) == fresh
    assert cached_matches(corpus, claim, top=3) is None  # another depth, another entry
    extra = tmp_path / "new.txt"
    extra.write_text("A new gauge says 148 mm of rain fell in 72 hours at Harlow Vale.\n")
    import_sources(corpus, [extra])
    assert cached_matches(corpus, claim) is None
    assert "A new gauge" in find_matches(corpus, claim)[0].text


def test_an_empty_corpus_returns_nothing(store: ReviewStore) -> None:
    assert find_matches(store, "Two people died") == []
    assert search_corpus(store, "flood") == []


def test_words_the_corpus_does_not_know_return_nothing(corpus: ReviewStore) -> None:
    assert rank_passages(corpus, "zyxwv qqqq") == []
    assert rank_passages(corpus, "the of and") == []


def test_the_query_uses_the_rarest_content_words(corpus: ReviewStore) -> None:
    assert content_words("The River Esk rose 4.2 metres, the river said.") == [
        "river",
        "esk",
        "rose",
        "4.2",
        "metres",
    ]
    query = build_query(corpus, 'He said "Harlow" and 1,200 "people"')
    assert query is not None
    assert '"harlow"' in query and '"1,200"' in query


def test_search_corpus_takes_a_reviewers_words(corpus: ReviewStore) -> None:
    found = search_corpus(corpus, "bakery insurance", top=3)
    assert found and all(isinstance(m, Match) for m in found)
    assert any("bakery" in m.text or "insur" in m.text for m in found)


def test_find_matches_runs_in_a_worker_thread_with_its_own_store(
    corpus: ReviewStore, db_path: Path
) -> None:
    results: list[list[Match]] = []

    def work() -> None:
        with ReviewStore(db_path) as own:
            results.append(find_matches(own, "Two people died in the flooding"))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert results and "two people have died" in results[0][0].text
    assert cached_matches(corpus, "Two people died in the flooding") == results[0]


def test_a_read_only_database_is_matched_but_not_cached(corpus: ReviewStore, db_path: Path) -> None:
    corpus.close()
    db_path.chmod(0o444)
    try:
        with ReviewStore(db_path) as reader:
            assert reader.readonly
            assert find_matches(reader, "Two people died")
            assert cached_matches(reader, "Two people died") is None
    finally:
        db_path.chmod(0o644)


def test_common_words_join_the_query_as_one_and_group(corpus: ReviewStore) -> None:
    tight = Fusion(posting_budget=1)  # every word counts as common
    query = build_query(corpus, "flood defences council", fusion=tight)
    assert query is not None
    assert query.startswith("(") and query.count(" AND ") == 2
    loose = Fusion(posting_budget=10_000)
    assert " AND " not in (build_query(corpus, "flood defences council", fusion=loose) or "")
    assert build_query(corpus, "flood", fusion=tight) == '"flood"'


def test_a_claim_with_nothing_close_can_widen_its_search(corpus: ReviewStore) -> None:
    claim = "Bridge Street shop owners have no insurance for floods"
    narrow = Fusion(posting_budget=1, min_terms=0)
    wide = Fusion(posting_budget=1, min_terms=0, widen_below=1.0)
    found = {m.passage_id for m in rank_passages(corpus, claim, top=50, fusion=narrow)}
    widened = {m.passage_id for m in rank_passages(corpus, claim, top=50, fusion=wide)}
    assert found < widened


def test_one_shared_word_is_not_corroboration(db_path: Path) -> None:
    from review_db import NewSource

    text = "Engineers expect to restore supply to most homes within three days."
    with ReviewStore(db_path, create=True) as store:
        store.add_sources([NewSource(text, "Update", ((0, len(text)),))], segmenter="test")
        claim = "Fighters recaptured three districts in Baghlan."
        assert find_matches(store, claim, min_score=DEFAULT_MIN_SCORE) == []
        (found,) = find_matches(store, "Supply will be restored to homes within days.")
        assert found.text == text
        assert search_corpus(store, "three") != []  # a reviewer's own word is enough
