"""The command line as a user meets it: every command, and every bad input refused cleanly."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from review_db import SCHEMA_VERSION, ReviewStore
from workbench.corpus.ingest import MAX_ARTICLE_BYTES

from .conftest import SHORT_ARTICLE, Invoke

SAMPLE = Path(__file__).resolve().parents[1] / "workbench" / "sample" / "article.txt"


def _claims(run: Invoke) -> list[dict]:
    result = run("claims", "--json")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def _fails(result, message: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code != 0
    assert result.stderr.strip().startswith("Error: "), result.output
    assert message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.output


def test_add_article_then_list_it(run: Invoke, article_file: Path, db_path: Path) -> None:
    result = run(
        "add",
        "article",
        str(article_file),
        "--url",
        "https://news.example/bridge",
        "--published",
        "2026-03-09",
    )
    assert result.exit_code == 0
    assert "Added article" in result.stdout and "Council approves new bridge" in result.stdout
    again = run("add", "article", str(article_file))
    assert again.exit_code == 0 and "Already imported" in again.stdout
    listing = run("articles")
    assert "0/3" in listing.stdout and "0/1" in listing.stdout and "2026-03-09" in listing.stdout
    (row,) = [json.loads(x) for x in run("articles", "--json").stdout.splitlines()]
    assert row["claims"] == 3 and row["other_units"] == 1 and row["published"] == "2026-03-09"


def test_claims_json_contract(run: Invoke, article_file: Path) -> None:
    run("add", "article", str(article_file))
    claims = _claims(run)
    assert [c["ordinal"] for c in claims] == [1, 2, 3, 4]
    for claim in claims:
        assert set(claim) == {
            "id",
            "article_id",
            "ordinal",
            "text",
            "start",
            "end",
            "kind",
            "worthiness",
            "signals",
        }
        assert SHORT_ARTICLE[claim["start"] : claim["end"]] == claim["text"]
    assert claims[1]["text"] == "The council voted 7 to 2 on Monday to build a new bridge."


def test_claims_of_one_article_by_prefix(run: Invoke, article_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Another story entirely. It has two sentences.")
    run("add", "article", str(article_file), str(other))
    article_id = _claims(run)[-1]["article_id"]
    only = run("claims", "--article", article_id[:5], "--json")
    assert len(only.stdout.splitlines()) == 2
    listing = run("claims").stdout
    assert listing.count("== article") == 2


def test_stdin_article(run: Invoke) -> None:
    result = run("add", "article", "-", "--title", "Piped", stdin="Piped text is here. Twice.")
    assert result.exit_code == 0 and '"Piped"' in result.stdout


def test_verdict_note_evidence_history_undo_status(run: Invoke, article_file: Path) -> None:
    run("add", "article", str(article_file))
    claim = _claims(run)[1]
    cid = claim["id"][:6]
    result = run(
        "verdict",
        cid,
        "mostly-true",
        "--note",
        "Minutes confirm 7-2",
        "--evidence-url",
        "https://council.example/minutes",
        "--quote",
        "carried 7-2",
    )
    assert result.exit_code == 0, result.output
    assert "Saved: Mostly true" in result.stdout and "by ann" in result.stdout
    run("verdict", cid, "5", "--reviewer", "bob")
    status = json.loads(run("status", "--json").stdout.splitlines()[0])
    assert status["reviewed"] == 1
    assert {r["reviewer"]: r["reviewed"] for r in status["reviewers"]} == {"ann": 1, "bob": 1}
    history = [json.loads(x) for x in run("history", cid, "--json").stdout.splitlines()]
    assert [h["kind"] for h in history] == ["verdict", "note", "evidence-add", "verdict"]
    assert history[2]["value"] == {"url": "https://council.example/minutes", "quote": "carried 7-2"}
    undone = run("undo")
    assert "Undid verdict 'Mostly true', note" in undone.stdout
    assert "evidence-add" in undone.stdout
    text_history = run("history", cid).stdout
    assert text_history.count("(undone)") == 3 and "bob" in text_history
    assert "Nothing to undo for ann" in run("undo").stdout
    human = run("status").stdout
    assert "bob" in human and "1/3" in human


def test_verdict_is_committed_for_another_process(
    run: Invoke, article_file: Path, db_path: Path
) -> None:
    run("add", "article", str(article_file))
    cid = _claims(run)[0]["id"]
    run("verdict", cid, "true")
    plain = sqlite3.connect(db_path)
    assert plain.execute("SELECT verdict FROM claim_status").fetchall() == [("True",)]


def test_config_prints_effective_yaml(run: Invoke, tmp_path: Path) -> None:
    result = run("config")
    assert result.exit_code == 0
    assert "label: 'True'" in result.stdout and "Not a claim" in result.stdout
    custom = tmp_path / "workbench.yaml"
    custom.write_text(
        "reviewer: zed\nscale:\n  - {label: Correct, key: c, colour: green, rating: 1}\n"
    )
    assert "Correct" in run("--config", str(custom), "config").stdout


def test_custom_scale_and_reviewer_apply(run: Invoke, article_file: Path, tmp_path: Path) -> None:
    (tmp_path / "workbench.yaml").write_text(
        "reviewer: zed\nscale:\n  - {label: Correct, key: c, colour: green, rating: 1}\n"
    )
    run("add", "article", str(article_file))
    cid = _claims(run)[0]["id"]
    assert "Saved: Correct" in run("verdict", cid, "c").stdout
    assert "by zed" in run("verdict", cid, "correct").stdout
    _fails(run("verdict", cid, "true"), "valid labels: 'Correct' (c)")


def test_untrusted_text_is_printed_inert(run: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "evil.txt"
    path.write_text("Prices \x1b[2J\x1b[31mcrashed\x1b[0m 40% on Monday. [bold]Not bold[/bold].")
    run("add", "article", str(path))
    out = run("claims").stdout
    assert "\x1b" not in out and "\\x1b[2J" in out and "[bold]Not bold[/bold]" in out


# -- bad input: one clear line, non-zero exit, nothing saved changed ------------------------


def test_commands_on_a_missing_database(run: Invoke, db_path: Path) -> None:
    for args in (["claims"], ["articles"], ["status"], ["undo"], ["verdict", "abc", "true"]):
        _fails(run(*args), f"no database at {db_path}")
    assert not db_path.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "is a PNG image, not a text file"),
        (bytes(range(0x80, 0x100)) * 40, "cannot tell its text encoding"),
    ],
    ids=["empty", "png", "undecodable"],
)
def test_bad_article_files(
    run: Invoke, tmp_path: Path, db_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    _fails(run("add", "article", str(path)), message)
    assert not db_path.exists()


def test_missing_and_folder_articles(run: Invoke, tmp_path: Path) -> None:
    _fails(run("add", "article", str(tmp_path / "nope.txt")), "nope.txt: no such file")
    _fails(run("add", "article", str(tmp_path)), "is a folder")


def test_one_bad_file_saves_nothing(
    run: Invoke, article_file: Path, tmp_path: Path, db_path: Path
) -> None:
    run("add", "article", str(article_file))
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    other = tmp_path / "other.txt"
    other.write_text("A good second article. With two sentences.")
    _fails(run("add", "article", str(other), str(empty)), "is empty")
    assert len(run("articles", "--json").stdout.splitlines()) == 1


def test_huge_article_is_refused_quickly(run: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"The flood was large. " * (50 * 1024 * 1024 // 21))
    assert path.stat().st_size > MAX_ARTICLE_BYTES
    _fails(run("add", "article", str(path)), "larger than 5 MB, the most an article may be")


def test_bad_arguments(run: Invoke, article_file: Path, tmp_path: Path) -> None:
    _fails(
        run("add", "article", str(article_file), "--published", "March 9"),
        "is not a date like 2026-11-25",
    )
    _fails(
        run("add", "article", str(article_file), "--url", "javascript:alert(1)"),
        "is not an http:// or https:// address",
    )
    _fails(
        run(
            "add", "article", str(article_file), "--url", "https://x.example/a\n[Click](https://e)"
        ),
        "spaces, quotes, angle brackets or control characters",
    )
    _fails(
        run("add", "article", str(article_file), str(article_file), "--title", "T"),
        "describe one article",
    )
    run("add", "article", str(article_file))
    cid = _claims(run)[0]["id"]
    _fails(run("verdict", "ffffffffff", "true"), "no claim with id 'ffffffffff'")
    _fails(run("verdict", cid, "probably"), "unknown verdict label 'probably'; valid labels:")
    _fails(run("verdict", cid, "true", "--evidence", "0123"), "no passage with id '0123'")
    _fails(
        run("verdict", cid, "true", "--evidence-url", "https://x.example"),
        "--evidence-url and --quote go together",
    )
    _fails(run("history", "not-hex"), "no claim with id 'not-hex'")
    _fails(run("claims", "--article", "ffff"), "no article with id 'ffff'")
    _fails(run("verdict", cid, "true", "--reviewer", " "), "--reviewer must not be empty")
    assert json.loads(run("status", "--json").stdout.splitlines()[0])["reviewed"] == 0


def test_broken_config_stops_every_command(run: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("scale:\n  - label: X\n    key: x\n    colour: green\n    ratng: 1\n")
    _fails(run("--config", str(bad), "config"), f"{bad}:5: unknown key 'ratng' in scale item 1")
    _fails(run("--config", str(tmp_path / "none.yaml"), "claims"), "no such config file")


def test_corrupt_and_newer_databases(run: Invoke, db_path: Path, article_file: Path) -> None:
    db_path.write_bytes(b"not a database at all\n" * 100)
    _fails(run("claims"), "is not a SQLite database (left untouched)")
    _fails(run("add", "article", str(article_file)), "is not a SQLite database")
    assert db_path.read_bytes() == b"not a database at all\n" * 100
    db_path.unlink()
    run("add", "article", str(article_file))
    with ReviewStore(db_path) as store:
        store.set_meta("schema_version", str(SCHEMA_VERSION + 3))
    _fails(run("claims"), "was written by a newer workbench")


def test_read_only_database(run: Invoke, db_path: Path, article_file: Path) -> None:
    run("add", "article", str(article_file))
    cid = _claims(run)[0]["id"]
    with ReviewStore(db_path) as store:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db_path.chmod(0o444)
    try:
        assert run("claims").exit_code == 0
        _fails(run("verdict", cid, "true"), "is read-only: nothing was written")
    finally:
        db_path.chmod(0o644)


def test_sample_article_imports(run: Invoke) -> None:
    result = run("add", "article", str(SAMPLE))
    assert result.exit_code == 0
    assert "River Esk floods force 1,200 from homes" in result.stdout
    assert len(_claims(run)) > 20


def test_help_lists_the_commands(run: Invoke) -> None:
    out = run("--help").stdout
    listed = {line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.strip()}
    for command in ("add", "articles", "claims", "verdict", "undo", "history", "status", "config"):
        assert command in listed
