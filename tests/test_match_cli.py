"""The match and eval commands: output, the JSON contract, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from review_db import ReviewStore
from tests.conftest import Invoke

SAMPLE = Path(__file__).resolve().parents[1] / "workbench" / "sample"
MATCH_KEYS = [
    "passage_id", "source_id", "source_title", "text", "score", "span", "flags", "highlights"
]  # fmt: skip


@pytest.fixture
def sourced(run: Invoke) -> Invoke:
    result = run("add", "sources", str(SAMPLE / "sources"))
    assert result.exit_code == 0, result.output
    return run


def test_match_prints_passages_with_the_span_marked(sourced: Invoke) -> None:
    result = sourced("match", "The council opened 14 emergency shelters", "--top", "3")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "== The council opened 14 emergency shelters"
    assert "⚑ number-mismatch" in lines[1]
    assert "«" in lines[2] and "12 emergency shelters" in lines[2]
    assert len([line for line in lines if line.startswith(" ") and "«" in line]) <= 3


def test_match_json_follows_the_contract(sourced: Invoke) -> None:
    result = sourced(
        "match", "148 mm of rain fell in 72 hours", "--json", "--top", "2", "--min-score", "0"
    )
    assert result.exit_code == 0
    (line,) = result.output.splitlines()
    obj = json.loads(line)
    assert list(obj) == ["id", "claim", "matches"]
    assert obj["id"] is None and obj["claim"] == "148 mm of rain fell in 72 hours"
    assert len(obj["matches"]) == 2
    for m in obj["matches"]:
        assert list(m) == MATCH_KEYS
        start, end = m["span"]
        assert 0 <= start < end <= len(m["text"])
        assert 0 <= m["score"] <= 100 and isinstance(m["flags"], list)


def test_claims_file_jsonl_gives_one_line_per_claim_in_input_order(
    sourced: Invoke, tmp_path: Path
) -> None:
    claims = tmp_path / "claims.jsonl"
    rows = [
        {"id": "c2", "claim": "Two people died in the flooding"},
        {"id": 7, "claim": "The wall cost £11.5 million"},
        {"id": "c3", "claim": "zzzz unknown words qqqq"},
    ]
    claims.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    result = sourced("match", "--claims-file", str(claims), "--json", "--top", "1")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == ["c2", "7", "c3"]
    assert [o["claim"] for o in out] == [r["claim"] for r in rows]
    assert "two people have died" in out[0]["matches"][0]["text"]
    assert out[2]["matches"] == []


def test_claims_file_of_plain_lines(sourced: Invoke, tmp_path: Path) -> None:
    claims = tmp_path / "claims.txt"
    claims.write_text("Two people died\n\nA man in his sixties is missing\n")
    result = sourced("match", "--claims-file", str(claims), "--json")
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [(o["id"], o["claim"]) for o in out] == [
        (None, "Two people died"),
        (None, "A man in his sixties is missing"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": 1, "claim": "ok"}\n{"id": 2, "claim": \n', "line 2: is not valid JSON"),
        ('{"id": 1, "text": "no claim key"}\n', 'line 1: needs {"id": ..., "claim": text}'),
        ("\n\n", "has no claims"),
    ],
)
def test_bad_claims_file_is_refused_before_any_output(
    sourced: Invoke, tmp_path: Path, content: str, message: str
) -> None:
    claims = tmp_path / "claims.jsonl"
    claims.write_text(content)
    result = sourced("match", "--claims-file", str(claims), "--json")
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and message in result.output
    assert result.output.count("\n") == 1


def test_match_needs_text_or_a_file_but_not_both(sourced: Invoke, tmp_path: Path) -> None:
    assert "give either TEXT or --claims-file" in sourced("match").output
    f = tmp_path / "c.txt"
    f.write_text("x\n")
    both = sourced("match", "x", "--claims-file", str(f))
    assert both.exit_code == 1 and "not both" in both.output
    assert "TEXT is empty" in sourced("match", "  ").output


def test_match_without_a_database_says_so(run: Invoke, db_path: Path) -> None:
    result = run("match", "anything")
    assert result.exit_code == 1
    assert result.output == f"Error: no database at {db_path}\n"


def test_match_on_a_database_without_sources_says_how_to_add_them(
    run: Invoke, article_file: Path
) -> None:
    run("add", "article", str(article_file))
    result = run("match", "The council voted 7 to 2")
    assert result.exit_code == 0
    assert "no matching passages (import sources with `workbench add sources`)" in result.output


def test_eval_scores_reviewers_evidence_and_a_gold_file(
    sourced: Invoke, tmp_path: Path, db_path: Path
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Flood report\n\nThe council opened 14 emergency shelters on Sunday.\n\n"
        "Two people died in the flooding, police said.\n"
    )
    sourced("add", "article", str(article))
    with ReviewStore(db_path) as store:
        claims = {c.text: c.id for c in store.claims()}
        shelters = find_passage(store, "12 emergency shelters")
        died = find_passage(store, "two people have died")
    claim_id = claims["The council opened 14 emergency shelters on Sunday."]
    verdict = sourced("verdict", claim_id, "false", "--evidence", shelters)
    assert verdict.exit_code == 0, verdict.output
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"claim": "Police said two people died", "evidence": died[:8]})
        + "\n"
        + json.dumps({"claim": "Shelters opened: 14", "evidence": [shelters]})
        + "\n"
    )
    result = sourced("eval", "--gold", str(gold))
    assert result.exit_code == 0, result.output
    header, reviewers, from_file = result.output.splitlines()
    assert header.split() == ["GOLD", "CLAIMS", "R@1", "R@5", "R@10", "MRR"]
    assert reviewers.split()[-5:] == ["1", "1.000", "1.000", "1.000", "1.000"]
    assert from_file.startswith("gold.jsonl") and from_file.split()[1] == "2"


def find_passage(store: ReviewStore, words: str) -> str:
    rows = store.search_passages(" ".join(f'"{w}"' for w in words.split()), 1)
    assert rows, words
    return rows[0].passage_id


def test_eval_without_gold_explains_how_to_get_some(sourced: Invoke) -> None:
    result = sourced("eval")
    assert result.exit_code == 0
    assert result.output.startswith("No gold examples yet")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"claim": "x", "evidence": "ffffffff"}\n', "line 1: no passage with id 'ffffffff'"),
        ('{"claim": "x"}\n', 'line 1: needs {"claim": text, "evidence"'),
        ("not json\n", "line 1: is not valid JSON"),
        ("\n", "has no examples"),
    ],
)
def test_eval_refuses_a_bad_gold_file_whole(
    sourced: Invoke, tmp_path: Path, content: str, message: str
) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(content)
    result = sourced("eval", "--gold", str(gold))
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and message in result.output
