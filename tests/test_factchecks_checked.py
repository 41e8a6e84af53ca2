"""Checked before? Paraphrases found, name-sharing claims refused, earlier reviews reused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from review_db import NewClaim, ReviewStore
from review_db.factchecks import NewFactCheck
from workbench.factchecks.checked import CHECKED_THRESHOLD, find_checked
from workbench.factchecks.terms import claim_terms, terms_text

from .conftest import Invoke

LIBRARY = [
    ("Senator Maria Lopez said Ohio hired 4,200 new nurses in 2023.", "False"),
    ("Maria Lopez claimed that violent crime in Ohio fell by 25 percent last year.", "True"),
    ("Maria Lopez said Ohio hired 3,100 new nurses in 2021.", "Mostly false"),
    ("The government of Texas spent 450 million dollars on a new stadium.", "Misleading"),
    ("Wind farms in Wales killed 12 birds last year.", "False"),
    ("Police in Lyon arrested 85 people at the climate protest.", "True"),
]


def add_library(store: ReviewStore) -> dict[str, str]:
    """The LIBRARY in ``store``; fact-check ids by claim."""
    store.factchecks.add(
        [
            NewFactCheck(
                claim_reviewed=claim,
                terms=terms_text(claim),
                verdict=verdict,
                author_name="Vale Fact Check",
                url=f"https://vfc.example/{i}",
                date_published="2025-06-0" + str(i + 1),
            )
            for i, (claim, verdict) in enumerate(LIBRARY)
        ]
    )
    rows = store.conn.execute("SELECT claim_reviewed, id FROM factchecks").fetchall()
    return dict(rows)


@pytest.fixture
def library(store: ReviewStore) -> dict[str, str]:
    return add_library(store)


def test_terms_fold_numbers_synonyms_and_plurals() -> None:
    def terms(text: str) -> list[str]:
        return [t.term for t in claim_terms(text)]

    assert terms("four thousand two hundred nurses") == terms("4,200 nurse")
    assert terms("It costs four and a half million") == terms("It cost 4.5 million")
    assert terms("twenty-five per cent") == terms("25%") == ["25", "percent"]
    assert terms("Ohio slashed spending") == terms("Ohio cut spending")
    assert terms("crime dropped") == terms("crime fell") == terms("crime decreased")
    assert terms("hospitals were built") == terms("a hospital was constructed")
    kinds = {t.term: t.kind for t in claim_terms("Last year Maria Lopez said NHS hired 40 nurses")}
    assert kinds == {"last": "word", "year": "word", "maria": "name", "lopez": "name",
                     "nhs": "name", "hire": "word", "40": "number", "nurs": "word"}  # fmt: skip


@pytest.mark.parametrize(
    ("how", "claim"),
    [
        ("identical", "Senator Maria Lopez said Ohio hired 4,200 new nurses in 2023."),
        ("reworded", "In 2023 Ohio recruited 4200 additional nurses, according to Maria Lopez."),
        ("reordered", "4,200 new nurses were hired by Ohio in 2023, Maria Lopez said."),
        ("numbers as words", "Ohio hired four thousand two hundred new nurses in 2023."),
        ("singular", "Maria Lopez: Ohio hires 4200 new nurse in 2023."),
        ("shortened", "Ohio hired 4,200 nurses in 2023."),
        (
            "added context",
            "A post shared thousands of times on Facebook says that Senator Maria Lopez "
            "said Ohio hired 4,200 new nurses in 2023, and that the media hides it.",
        ),
    ],
)
def test_restatements_find_the_fact_check(
    store: ReviewStore, library: dict[str, str], how: str, claim: str
) -> None:
    found = find_checked(store, claim, top=3)
    assert found, how
    best = found[0]
    assert best.ident == library[LIBRARY[0][0]], (how, found)
    assert best.score >= CHECKED_THRESHOLD, (how, best.score)
    assert best.kind == "factcheck" and best.verdict == "False"
    assert (best.by, best.url, best.date) == (
        "Vale Fact Check",
        "https://vfc.example/0",
        "2025-06-01",
    )
    start, end = best.span
    assert best.claim_reviewed[start:end] == "Ohio hired 4,200 new nurses in 2023" or how in (
        "identical", "reworded", "reordered", "singular", "added context",
    )  # fmt: skip
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


@pytest.mark.parametrize(
    "claim",
    [
        "Maria Lopez was born in Ohio in 1975.",
        "Senator Maria Lopez will visit Ohio next month to open a library.",
        "Ohio will host a jazz festival in 2023, Maria Lopez announced.",
        "A statue of Maria Lopez was unveiled in Texas.",
    ],
)
def test_unrelated_claims_sharing_a_name_are_not_checked_before(
    store: ReviewStore, library: dict[str, str], claim: str
) -> None:
    assert all(m.score < CHECKED_THRESHOLD for m in find_checked(store, claim, min_score=0))


def test_other_numbers_rank_below_the_same_numbers(
    store: ReviewStore, library: dict[str, str]
) -> None:
    found = find_checked(store, "Maria Lopez said Ohio hired 3,100 nurses in 2021.", min_score=0)
    assert found[0].ident == library[LIBRARY[2][0]]
    assert found[1].ident == library[LIBRARY[0][0]] and found[1].score < found[0].score


def test_no_terms_and_empty_library_find_nothing(store: ReviewStore) -> None:
    assert find_checked(store, "Ohio hired 4,200 nurses.") == []
    assert find_checked(store, "... the, and of!") == []


def _article(store: ReviewStore, text: str, title: str) -> list[str]:
    claims, position = [], 0
    for line in text.split("\n"):
        if line.strip():
            claims.append(NewClaim(text=line, start=position, end=position + len(line)))
        position += len(line) + 1
    added = store.add_article(
        text, title=title, claims=claims, segmenter="test", url="https://news.example/" + title
    )
    return [c.id for c in store.claims(added.article.id)]


def test_earlier_reviewed_claims_of_other_articles_are_found(store: ReviewStore) -> None:
    first = _article(
        store,
        "The mayor said the bridge will cost 12 million pounds.\n"
        "Reviewers disagree about this sentence on bridge costs of 12 million pounds.\n"
        "Nobody reviewed this bridge sentence about 12 million pounds.",
        "first",
    )
    store.record_event(first[0], "ann", "verdict", {"label": "True"})
    store.record_event(first[0], "bob", "verdict", {"label": "True"})
    store.record_event(first[1], "ann", "verdict", {"label": "True"})
    store.record_event(first[1], "bob", "verdict", {"label": "False"})
    second = _article(store, "The mayor said the bridge will cost 12 million pounds.\n", "second")
    second_article = store.claim(second[0]).article_id

    found = find_checked(
        store,
        "The mayor said the bridge will cost twelve million pounds.",
        exclude_article=second_article,
        min_score=0,
    )
    assert [(m.kind, m.ident, m.verdict, m.by) for m in found] == [
        ("review", first[0], "True", "ann, bob")
    ]
    assert found[0].url == "https://news.example/first" and found[0].score >= CHECKED_THRESHOLD
    assert found[0].date is not None and len(found[0].date) == 10
    # its own article's claims never count as "before"
    own = find_checked(store, "the bridge will cost 12 million", exclude_article=first and
                       store.claim(first[0]).article_id, min_score=0)  # fmt: skip
    assert own == []


def test_adjudicated_and_undone_verdicts(store: ReviewStore) -> None:
    first = _article(store, "Crime in Leeds fell by 30 percent last year.\n", "first")
    store.record_event(first[0], "ann", "verdict", {"label": "True"})
    store.record_event(first[0], "bob", "verdict", {"label": "False"})
    assert find_checked(store, "Crime in Leeds fell 30% last year.") == []  # disputed
    store.record_event(first[0], "carol", "adjudication", {"label": "Mostly true"})
    [found] = find_checked(store, "Crime in Leeds fell 30% last year.")
    assert (found.verdict, found.by) == ("Mostly true", "carol")
    store.undo("carol")
    store.undo("bob")
    [found] = find_checked(store, "Crime in Leeds fell 30% last year.")
    assert (found.verdict, found.by) == ("True", "ann")
    store.undo("ann")
    assert find_checked(store, "Crime in Leeds fell 30% last year.") == []


def test_claims_index_follows_resplits(store: ReviewStore) -> None:
    text = "Crime in Leeds fell by 30 percent last year. It was a record.\n"
    old = _article(store, text, "first")
    article = store.claim(old[0]).article_id
    assert store.replace_claims(article, [NewClaim(text=text.strip(), start=0, end=len(text) - 1)],
                                "test-2")  # fmt: skip
    [new] = [c.id for c in store.claims(article)]
    indexed = store.conn.execute("SELECT claim_id, text FROM claims_fts").fetchall()
    assert indexed == [(new, text.strip())]


def test_checked_json_contract(
    run: Invoke, db_path: Path, tmp_path: Path, article_file: Path
) -> None:
    run("add", "article", str(article_file))
    with ReviewStore(db_path) as store:
        ids = add_library(store)
    claims = tmp_path / "claims.jsonl"
    claims.write_text(
        json.dumps({"id": "q1", "claim": "Ohio recruited 4200 nurses in 2023."}) + "\n"
        + json.dumps({"id": 7, "claim": "Maria Lopez has a dog named Biscuit."}) + "\n"
    )  # fmt: skip
    result = run("checked", "--claims-file", str(claims), "--json", "--top", "2")
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.output.splitlines())
    assert first["id"] == "q1" and first["claim"] == "Ohio recruited 4200 nurses in 2023."
    match = first["matches"][0]
    assert list(match) == ["kind", "factcheck_id", "claim_reviewed", "verdict", "by", "url",
                           "date", "score", "span"]  # fmt: skip
    assert match["factcheck_id"] == ids[LIBRARY[0][0]] and match["verdict"] == "False"
    assert CHECKED_THRESHOLD <= match["score"] <= 1 and len(first["matches"]) <= 2
    start, end = match["span"]
    assert match["claim_reviewed"][start:end] == "Ohio hired 4,200 new nurses in 2023"
    # A ranking with scores: the unrelated claim sharing a name scores far below the line.
    assert second["id"] == "7" and second["claim"] == "Maria Lopez has a dog named Biscuit."
    assert all(m["score"] < CHECKED_THRESHOLD for m in second["matches"])
    strict = run("checked", "--claims-file", str(claims), "--json", "--min-score", "0.1")
    assert json.loads(strict.output.splitlines()[1])["matches"] == []


def test_checked_text_output_and_errors(run: Invoke, db_path: Path, article_file: Path) -> None:
    run("add", "article", str(article_file))
    empty = run("checked", "Ohio hired 4,200 nurses in 2023.")
    assert empty.exit_code == 0
    assert "not checked before (import fact-checks with `workbench add factchecks`)" in empty.output
    with ReviewStore(db_path) as store:
        add_library(store)
    found = run("checked", "Ohio hired 4,200 nurses in 2023.")
    assert (
        "fact-check" in found.output and "False, by Vale Fact Check on 2025-06-01" in found.output
    )
    assert "«Ohio hired 4,200 new nurses in 2023»" in found.output
    assert "https://vfc.example/0" in found.output
    for args, message in [
        ((), "Error: give either TEXT or --claims-file, not both\n"),
        (("  ",), "Error: TEXT is empty: give the claim to look up\n"),
    ]:
        result = run("checked", *args)
        assert (result.exit_code, result.output) == (1, message)
