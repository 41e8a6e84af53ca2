"""Naming a claim on the command line: its number, ARTICLE:N, or an id prefix of 4+.

Ids are forged with plain sqlite3 where a test needs two ids to share a prefix, or an id
to start with a claim's number: content-derived ids would make that a matter of luck.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import Result

from review_db import NewClaim, ReviewStore
from workbench.claims.extract import SEGMENTER_VERSION

from .conftest import Invoke
from .hostile import OSC_TITLE, assert_inert


def _article(db_path: Path, name: str, count: int) -> str:
    """An article of ``count`` one-line claims; returns its id."""
    lines = [f"{name} sentence number {n} is here." for n in range(1, count + 1)]
    text = "\n".join(lines)
    claims, position = [], 0
    for line in lines:
        claims.append(NewClaim(text=line, start=position, end=position + len(line)))
        position += len(line) + 1
    with ReviewStore(db_path, create=True) as store:
        added = store.add_article(text, title=name, claims=claims, segmenter=SEGMENTER_VERSION)
    return added.article.id


def _claim_id(db_path: Path, article: str, ordinal: int) -> str:
    with sqlite3.connect(db_path) as db:
        row = db.execute(
            "SELECT id FROM claims WHERE article_id = ? AND ordinal = ?", (article, ordinal)
        ).fetchone()
    return str(row[0])


def _forge_id(db_path: Path, article: str, ordinal: int, new_id: str) -> None:
    """Give a claim another id, as a forged (merged) database could."""
    with sqlite3.connect(db_path) as db:
        db.execute(
            "UPDATE claims SET id = ? WHERE article_id = ? AND ordinal = ?",
            (new_id, article, ordinal),
        )


def _verdict_on(run: Invoke) -> dict[str, str]:
    """claim id -> verdict, from the JSON report."""
    report = json.loads(run("export", "--format", "json").stdout)
    return {c["id"]: c["verdict"] for a in report["articles"] for c in a["claims"] if c["verdict"]}


def _fails(result: Result, *messages: str) -> str:
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1
    for message in messages:
        assert message in result.stderr, result.stderr
    assert "Traceback" not in result.output
    return result.stderr


def test_a_number_in_an_empty_database_is_not_found(run: Invoke, db_path: Path) -> None:
    ReviewStore(db_path, create=True).close()
    _fails(run("verdict", "8", "true"), "no claim #8 (run `workbench claims`")


def test_a_number_is_the_claims_number_not_an_id_prefix(run: Invoke, db_path: Path) -> None:
    article = _article(db_path, "One", 10)
    _forge_id(db_path, article, 3, "8aaaaaaaaaaa")  # the only id starting with "8"
    result = run("verdict", "8", "not a claim")
    assert result.exit_code == 0, result.output
    eighth = _claim_id(db_path, article, 8)
    assert _verdict_on(run) == {eighth: "Not a claim"}
    assert f"on claim #8 ({eighth})" in result.stdout
    history = run("history", "8")
    assert history.exit_code == 0 and f"Claim #8 ({eighth})" in history.stdout


def test_several_articles_need_article_or_prefix(run: Invoke, db_path: Path) -> None:
    first = _article(db_path, "First", 9)
    second = _article(db_path, "Second", 9)
    _fails(run("verdict", "8", "true"), "'8' is a claim number", "ARTICLE:8", "--article")
    _fails(run("history", "8"), "ARTICLE:8")
    assert run("verdict", f"{second[:4]}:8", "true").exit_code == 0
    assert run("verdict", "8", "false", "--article", first[:6]).exit_code == 0
    assert run("history", "8", "--article", first[:4], "--json").stdout.count('"verdict"') == 1
    assert _verdict_on(run) == {
        _claim_id(db_path, second, 8): "True",
        _claim_id(db_path, first, 8): "False",
    }
    _fails(run("verdict", f"{second[:4]}:12", "true"), f"article {second} has no claim #12")
    _fails(run("verdict", f"{second[:4]}:x", "true"), "comes the claim's number")
    _fails(run("verdict", f"{second[:4]}:8", "true", "--article", first), "but --article is")
    _fails(run("verdict", "12", "true", "--article", first), "no claim #12 in article")


def test_short_prefixes_are_refused(run: Invoke, db_path: Path) -> None:
    article = _article(db_path, "One", 3)
    cid = _claim_id(db_path, article, 2)
    _fails(run("verdict", cid[:3], "true"), f"claim id '{cid[:3]}' is too short", "at least 4")
    _fails(run("claims", "--article", article[:3]), "too short")
    _fails(run("export", "--format", "json", "--article", article[:2]), "too short")
    assert run("verdict", cid[:4], "true").exit_code == 0
    assert _verdict_on(run) == {cid: "True"}


def test_a_prefix_that_could_mean_two_claims_names_both(run: Invoke, db_path: Path) -> None:
    article = _article(db_path, "One", 9)
    _forge_id(db_path, article, 4, "3f2a91000000")
    _forge_id(db_path, article, 9, "3f2ab0000000")
    message = _fails(run("verdict", "3f2a", "true"), '"3f2a" could mean claim')
    assert f"3f2a91000000 (article {article}, #4) or 3f2ab0000000 (#9)" in message
    _fails(run("history", "3f2a"), "3f2a91000000", "3f2ab0000000")
    assert run("verdict", "3f2ab", "true").exit_code == 0
    assert _verdict_on(run) == {"3f2ab0000000": "True"}


def test_a_number_that_is_also_an_id_prefix_is_refused(run: Invoke, db_path: Path) -> None:
    article = _article(db_path, "One", 3)
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE claims SET ordinal = 1234 WHERE ordinal = 3")
    _forge_id(db_path, article, 1, "123400000000")
    message = _fails(run("verdict", "1234", "true"), '"1234" could mean claim')
    assert "123400000000" in message and "#1234" in message
    second = _article(db_path, "Two", 2)  # several articles: still both meanings
    _fails(run("verdict", "1234", "true"), "123400000000", "#1234")
    assert run("verdict", f"{article[:4]}:1234", "true").exit_code == 0
    _forge_id(db_path, second, 2, "567800000000")  # no claim numbered 5678 anywhere
    assert run("verdict", "5678", "false").exit_code == 0
    assert _verdict_on(run) == {
        _claim_id(db_path, article, 1234): "True",
        "567800000000": "False",
    }


def test_an_article_prefix_that_could_mean_two_is_refused(run: Invoke, db_path: Path) -> None:
    first = _article(db_path, "First", 2)
    second = _article(db_path, "Second", 2)
    with sqlite3.connect(db_path) as db:
        for old, new in ((first, "abcd11111111"), (second, "abcd22222222")):
            db.execute("UPDATE articles SET id = ? WHERE id = ?", (new, old))
            db.execute("UPDATE claims SET article_id = ? WHERE article_id = ?", (new, old))
    _fails(run("claims", "--article", "abcd"), "article abcd11111111 or article abcd22222222")
    _fails(run("verdict", "abcd:1", "true"), '"abcd" could mean article')
    assert run("verdict", "abcd2:1", "true").exit_code == 0


def test_hostile_references_are_shown_inert(run: Invoke, db_path: Path) -> None:
    _article(db_path, "One", 2)
    for ref in (OSC_TITLE, f"{OSC_TITLE}:1", "12\u202e34"):
        result = run("verdict", ref, "true")
        assert result.exit_code == 1
        assert_inert(result.output)
    assert_inert(_fails(run("verdict", "1", "true", "--article", OSC_TITLE)))
