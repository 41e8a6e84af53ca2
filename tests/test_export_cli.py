"""``workbench export`` as a user meets it: output, warnings, atomic files, bad input."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from review_db import ReviewStore
from workbench.export import FORMATS

from .conftest import Invoke, add_text
from .export_review import build_review


def _fails(result, message: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code != 0
    assert result.stderr.strip().startswith("Error: "), result.output
    assert message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.output


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_to_stdout(run: Invoke, store: ReviewStore, fmt: str) -> None:
    build_review(store)
    result = run("export", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "council voted 7 to 2" in result.stdout
    warnings = result.stderr.splitlines()
    assert all(line.startswith("Warning: ") for line in warnings)
    if fmt == "claimreview":
        assert len(json.loads(result.stdout)) == 3
        # A disputed claim left out; no review_base_url; then what each claim lacks.
        assert "disputed" not in warnings[0] and "reviewers disagree" in warnings[0]
        assert "review_base_url is not set" in warnings[1]
        assert [w.split(" (")[0] for w in warnings[2:]] == [
            "Warning: claim 2",
            "Warning: claim 3",
            "Warning: claim 4",
        ]
        assert all("lacks required url" in w for w in warnings[2:])
    else:
        assert warnings == []


def test_write_a_file_and_refuse_to_overwrite(
    run: Invoke, store: ReviewStore, tmp_path: Path
) -> None:
    build_review(store)
    out = tmp_path / "report.html"
    result = run("export", "--format", "html", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == f"Wrote {out}\n"
    first = out.read_text(encoding="utf-8")
    assert first.startswith("<!DOCTYPE html>")
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()  # an ordinary file, not 0600
    _fails(run("export", "--format", "html", "-o", str(out)), "already exists: give --force")
    assert out.read_text(encoding="utf-8") == first
    again = run("export", "--format", "markdown", "-o", str(out), "--force")
    assert again.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# Bridge")
    assert _leftovers(tmp_path) == []


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_failed_write_leaves_nothing_behind(
    run: Invoke, store: ReviewStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_review(store)
    out = tmp_path / "report.md"
    out.write_text("the old report", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    _fails(
        run("export", "--format", "markdown", "-o", str(out), "--force"),
        f"cannot write {out}: No space left on device",
    )
    assert out.read_text(encoding="utf-8") == "the old report"
    assert _leftovers(tmp_path) == []
    folder = tmp_path / "reviews"
    folder.mkdir()
    _fails(run("export", "--format", "claimreview", "--one-per-file", str(folder)), "No space")
    assert list(folder.iterdir()) == []  # not one file of the set


def test_one_per_file(run: Invoke, store: ReviewStore, tmp_path: Path) -> None:
    build_review(store)
    folder = tmp_path / "reviews"
    folder.mkdir()
    result = run("export", "--format", "claimreview", "--one-per-file", str(folder))
    assert result.exit_code == 0 and "Wrote 3 ClaimReview files" in result.stdout
    assert len(list(folder.glob("*.json"))) == 3
    _fails(
        run("export", "--format", "claimreview", "--one-per-file", str(folder)),
        "already exist",
    )
    forced = run("export", "--format", "claimreview", "--one-per-file", str(folder), "--force")
    assert forced.exit_code == 0


def test_bad_input(run: Invoke, store: ReviewStore, tmp_path: Path) -> None:
    build_review(store)
    _fails(run("export", "--format", "pdf"), "unknown format 'pdf'; choose one of: markdown")
    _fails(run("export"), "--format is needed")
    _fails(run("export", "--format", "json", "--article", "ffff"), "no article with id 'ffff'")
    _fails(run("export", "--format", "json", "--reviewer", "zed"), "no reviews by 'zed'")
    _fails(run("export", "--format", "json", "--reviewer", " "), "--reviewer must not be empty")
    missing = tmp_path / "nowhere" / "report.json"
    _fails(run("export", "--format", "json", "-o", str(missing)), "does not exist")
    assert not missing.parent.exists()
    _fails(run("export", "--format", "json", "-o", str(tmp_path)), "it is a folder")
    _fails(
        run("export", "--format", "csv", "--one-per-file", str(tmp_path)),
        "for --format claimreview only",
    )
    _fails(
        run("export", "--format", "claimreview", "-o", "x.json", "--one-per-file", str(tmp_path)),
        "not both",
    )
    _fails(
        run("export", "--format", "claimreview", "--one-per-file", str(tmp_path / "no" / "ne")),
        "does not exist",
    )
    assert not (tmp_path / "no").exists()
    _fails(run("export", "-o", str(tmp_path / "r.txt")), "cannot tell the format from the name")


def test_format_from_the_file_name(run: Invoke, store: ReviewStore, tmp_path: Path) -> None:
    build_review(store)
    for name, start in (
        ("review.html", "<!DOCTYPE html>"),
        ("review.MD", "# Bridge"),
        ("review.csv", "\ufeffarticle_title,"),
        ("review.json", '{\n  "format_version"'),
        ("review.jsonld", "[\n  {\n"),
    ):
        result = run("export", "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start), name
    explicit = run("export", "--format", "markdown", "-o", str(tmp_path / "notes.html"))
    assert explicit.exit_code == 0  # --format wins over the name
    assert (tmp_path / "notes.html").read_text(encoding="utf-8").startswith("# Bridge")


def test_one_per_file_creates_its_folder(
    run: Invoke, store: ReviewStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_review(store)
    folder = tmp_path / "reviews"
    result = run("export", "--one-per-file", str(folder))  # claimreview: the only choice
    assert result.exit_code == 0, result.output
    assert len(list(folder.glob("*.json"))) == 3

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    _fails(run("export", "--one-per-file", str(tmp_path / "again")), "No space")
    assert not (tmp_path / "again").exists()  # made for the files, removed with them


def test_claims_only_unless_all_units(run: Invoke, store: ReviewStore) -> None:
    add_text(store)
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE claims SET kind = 'heading' WHERE ordinal = 1")
    default = run("export", "--format", "markdown").stdout
    assert "Council approves new bridge" not in default.split("## Claims")[1]
    assert "- Claims reviewed: 0 of 2" in default
    everything = run("export", "--format", "markdown", "--all-units").stdout
    assert "Council approves new bridge" in everything.split("## Claims")[1]
    # The heading is shown, yet progress still counts claims and quotes only.
    assert "- Claims reviewed: 0 of 2" in everything


def test_no_paths_or_ids_unless_internal(run: Invoke, store: ReviewStore, tmp_path: Path) -> None:
    review = build_review(store)
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE articles SET origin = ?", (str(tmp_path / "drafts" / "a.txt"),))
    for fmt in ("markdown", "html", "csv"):
        public = run("export", "--format", fmt).stdout
        for secret in ("drafts", "minutes.txt", review.passage_id, review.article_id):
            assert secret not in public, (fmt, secret)
        internal = run("export", "--format", fmt, "--internal").stdout
        assert review.passage_id in internal and "drafts" in internal, fmt


def test_read_only_folder(run: Invoke, store: ReviewStore, tmp_path: Path) -> None:
    build_review(store)
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        _fails(run("export", "--format", "csv", "-o", str(folder / "r.csv")), "is not writable")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_empty_and_missing_database(run: Invoke, db_path: Path) -> None:
    _fails(run("export", "--format", "json"), f"no database at {db_path}")
    ReviewStore(db_path, create=True).close()
    _fails(run("export", "--format", "json"), "nothing to export")


def test_only_reviewed_with_nothing_reviewed_warns(run: Invoke, store: ReviewStore) -> None:
    add_text(store)
    result = run("export", "--format", "csv", "--only-reviewed")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 1  # the header alone
    assert "Warning: no claim in the selection has a verdict yet" in result.stderr


def test_control_characters_never_reach_a_terminal(
    run: Invoke, store: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    review = build_review(store)
    store.record_event(review.claims[4], "ann", "note", {"text": "red \x1b[31m alert\u202e"})
    piped = run("export", "--format", "csv")
    assert "\x1b[31m" in piped.stdout  # data for a program is left as it is
    monkeypatch.setattr("workbench.cli.export._on_terminal", lambda: True)
    shown = run("export", "--format", "csv").stdout
    assert "\x1b" not in shown and "\u202e" not in shown
    assert "red \\x1b[31m alert\\u202e" in shown
