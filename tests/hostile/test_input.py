"""Attacks on what workbench reads: special files, endless streams, hostile bytes and names.

Commands that could hang (a FIFO, a device) run in a subprocess with a timeout, so a
regression fails instead of blocking the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from review_db import ReviewStore
from workbench.corpus import sources
from workbench.corpus.ingest import decode_bytes, markdown_to_text
from workbench.corpus.sources import collect_files, import_sources
from workbench.errors import InputError

from ..conftest import Invoke
from . import (
    ENDLESS_DEVICE,
    LONE_SURROGATE_JSON,
    MIXED_ENCODING,
    OSC_BEL,
    OSC_TITLE,
    assert_inert,
    deep_json,
    huge_int_json,
    make_fifo,
    make_socket,
)

# Generous: only there so that a regression that blocks fails instead of hanging.
HANG_TIMEOUT_SECONDS = 120
_MAIN = "from workbench.cli import main; main()"


def workbench(
    *args: str | bytes | Path, stdin: int | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """The real console entry point, in a subprocess that cannot outlive the test."""
    return subprocess.run(
        [sys.executable, "-c", _MAIN, *args],
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        timeout=HANG_TIMEOUT_SECONDS,
        env={**os.environ, **(env or {})},
        check=False,
    )


def _one_error_line(result: subprocess.CompletedProcess[bytes], message: str) -> None:
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode != 0, err
    assert err.startswith("Error: ") and message in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err


@pytest.fixture
def db(run: Invoke, article_file: Path, db_path: Path) -> Path:
    assert run("add", "article", str(article_file)).exit_code == 0
    return db_path


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    return make_fifo(tmp_path / "pipe.txt")


@pytest.fixture
def sock() -> Iterator[Path]:
    # AF_UNIX paths are short: tmp_path can be too long for one.
    folder = Path(tempfile.mkdtemp(prefix="wb-"))
    path, server = make_socket(folder / "s.txt")
    yield path
    server.close()
    shutil.rmtree(folder)


@pytest.mark.parametrize(
    ("command", "what"),
    [
        (("add", "article", "{fifo}"), "is a named pipe (FIFO), not a file"),
        (("add", "article", "{sock}"), "is a socket, not a file"),
        (("add", "article", "{zero}"), "/dev/zero: is a device, not a file"),
        (("add", "sources", "{fifo}"), "is a named pipe (FIFO), not a source file"),
        (("add", "sources", "{zero}"), "/dev/zero: is a device, not a source file"),
        (("--config", "{fifo}", "claims"), "is a named pipe (FIFO), not a config file"),
        (("--config", "{zero}", "claims"), "/dev/zero: is a device, not a config file"),
        (("--db", "{fifo}", "claims"), "is not a regular file, not a review database"),
        (("--db", "{sock}", "add", "article", "{article}"), "is not a regular file"),
        (("merge", "{fifo}"), "is a named pipe (FIFO), not a review database"),
        (("merge", "{zero}"), "/dev/zero: is a device, not a review database"),
        (("match", "--claims-file", "{fifo}"), "is a named pipe (FIFO), not a file"),
        (("match", "--claims-file", "{zero}"), "/dev/zero: is a device, not a file"),
        (("eval", "--gold", "{fifo}"), "is a named pipe (FIFO), not a file"),
    ],
)
def test_fifos_sockets_and_devices_are_refused_at_once(
    command: tuple[str, ...], what: str, db: Path, fifo: Path, sock: Path, article_file: Path
) -> None:
    names = {"fifo": fifo, "sock": sock, "zero": ENDLESS_DEVICE, "article": article_file}
    args = [part.format(**names) for part in command]
    _one_error_line(workbench("--db", str(db), *args), what)


def test_an_endless_stdin_stops_at_the_article_limit(db: Path) -> None:
    with ENDLESS_DEVICE.open("rb") as zero:
        result = workbench("--db", str(db), "add", "article", "-", stdin=zero.fileno())
    _one_error_line(result, "<stdin>: larger than 5 MB, the most an article may be")


def test_a_jsonl_line_past_the_limit_is_skipped_without_holding_it(
    tmp_path: Path, store: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_SOURCE_BYTES", 64 * 1024)
    corpus = tmp_path / "c.jsonl"
    with corpus.open("wb") as f:  # 16 MB of NUL bytes with no newline (sparse: no disk used)
        f.truncate(16 * 1024 * 1024)
        f.seek(0, os.SEEK_END)
        f.write(b"\n" + json.dumps({"text": "The bridge opened in May."}).encode() + b"\n")
    tracemalloc.start()
    try:
        report = import_sources(store, [corpus])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.documents == 1
    assert report.problems == [
        f"{corpus} line 1: larger than 65,536 bytes, the most one source document may be "
        "(split it, or put its parts in a .jsonl file, which streams); refused"
    ]
    assert peak < 4 * 1024 * 1024, peak  # the line was read through, never held


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (huge_int_json(), "holds a number too long to read"),
        (deep_json(), "is nested too deeply to read"),
        (LONE_SURROGATE_JSON, "holds a lone surrogate escape"),
    ],
    ids=["huge-int", "deep", "lone-surrogate"],
)
def test_hostile_jsonl_lines_are_listed_and_the_rest_imported(
    tmp_path: Path, run: Invoke, line: str, problem: str
) -> None:
    corpus = tmp_path / "c.jsonl"
    good = json.dumps({"text": "The bridge opened in May."})
    corpus.write_text(f"{good}\n{line}\n")
    result = run("add", "sources", str(corpus))
    assert result.exit_code == 1
    assert f"Skipped: {corpus} line 2: {problem}" in result.stderr
    assert "Imported 1 documents" in result.stdout


@pytest.mark.parametrize(
    "line",
    [huge_int_json(), deep_json(), '{"claim": "\\ud800", "evidence": "abc"}'],
    ids=["huge", "deep", "lone"],
)
def test_hostile_claims_and_gold_files_are_one_error_line(
    tmp_path: Path, run: Invoke, article_file: Path, line: str
) -> None:
    run("add", "article", str(article_file))
    hostile = tmp_path / "h.jsonl"
    hostile.write_text(line + "\n")
    for command in (("match", "--claims-file", str(hostile)), ("eval", "--gold", str(hostile))):
        result = run(*command)
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert result.stderr.startswith(f"Error: {hostile} line 1: "), result.stderr
        assert len(result.stderr.splitlines()) == 1


def test_a_latin1_file_name_in_a_sources_folder_is_imported_with_the_rest(
    tmp_path: Path, run: Invoke, db_path: Path
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text("The bridge opened in May.")
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "wb") as f:
        f.write(b"The cafe opened in June.")
    result = run("add", "sources", str(folder))
    assert result.exit_code == 0, result.output
    assert "Imported 2 documents" in result.stdout
    with ReviewStore(db_path) as store:
        origins = {row[0] for row in store.conn.execute("SELECT origin FROM sources")}
    assert f"{folder}/caf\\xe9.txt" in origins


def test_skipped_file_names_and_error_paths_are_inert(tmp_path: Path, run: Invoke) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text("The bridge opened in May.")
    (folder / f"bad{OSC_TITLE}.txt").write_bytes(b"\x89PNG not text")
    result = run("add", "sources", str(folder))
    assert "Skipped: " in result.stderr
    assert_inert(result.output)
    missing = run("add", "article", str(tmp_path / f"x{OSC_BEL}\nEvil: line.txt"))
    assert missing.exit_code == 1
    assert_inert(missing.output)
    assert len(missing.stderr.splitlines()) == 1, missing.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("add", "article", "{article}", "--title", "caf\udce9"),
        ("match", "caf\udce9"),
        ("verdict", "{claim}", "true", "--note", "caf\udce9"),
        ("verdict", "{claim}", "true", "--reviewer", "jos\udce9"),
    ],
    ids=["title", "match", "note", "reviewer"],
)
def test_arguments_that_are_not_utf8_are_refused_with_one_line(
    run: Invoke, article_file: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    run("add", "article", str(article_file))
    claim = json.loads(run("claims", "--json").stdout.splitlines()[0])["id"]
    other = tmp_path / "other.txt"
    other.write_text("Another article. It has words.")
    result = run(*(a.format(article=other, claim=claim) for a in args))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "not UTF-8" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert len(run("articles", "--json").stdout.splitlines()) == 1
    assert "verdict" not in run("history", claim).stdout


def test_bytes_on_the_real_command_line_are_refused(db: Path) -> None:
    result = workbench("--db", str(db), "match", b"caf\xe9")
    _one_error_line(result, "holds bytes that are not UTF-8 text")


def test_a_terminal_that_cannot_show_a_character_does_not_crash(tmp_path: Path, db: Path) -> None:
    article = tmp_path / "quote.txt"
    article.write_text("“It is done,” she said — on Monday.\n")
    workbench("--db", str(db), "add", "article", str(article))
    result = workbench("--db", str(db), "claims", env={"PYTHONIOENCODING": "latin-1"})
    assert result.returncode == 0, result.stderr
    assert b"\\u201cIt is done,\\u201d she said" in result.stdout


def test_a_database_in_a_folder_we_cannot_write_is_read(
    run: Invoke, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = db.parent
    if os.getuid() == 0:  # root may write anywhere: make the folder read-only to workbench
        real_access = os.access

        def access(path: str | Path, mode: int, **kwargs: bool) -> bool:
            if Path(path) == folder and mode & os.W_OK:
                return False
            return real_access(path, mode, **kwargs)

        monkeypatch.setattr(os, "access", access)
    else:
        folder.chmod(0o555)
    before = sorted(folder.iterdir())
    try:
        with ReviewStore(db) as store:  # WAL could not make its -wal and -shm files here
            assert store.readonly
        for command in (("claims",), ("status",), ("export", "--format", "json")):
            result = run(*command)
            assert result.exit_code == 0, result.output
            assert "Council approves new bridge" in result.stdout
    finally:
        folder.chmod(0o755)
    assert sorted(folder.iterdir()) == before  # no -wal, -shm or journal was made


def test_mixed_encodings_are_refused_not_turned_into_mojibake() -> None:
    with pytest.raises(InputError, match="mixes UTF-8 with another encoding"):
        decode_bytes(MIXED_ENCODING, "x.txt")


def test_deeply_nested_markdown_keeps_every_item_and_what_follows() -> None:
    for depth in (25, 1_000):
        source = "".join("  " * i + f"- item {i}\n" for i in range(depth)) + "\nThe end.\n"
        text, _ = markdown_to_text(source)
        assert all(f"item {i}" in text for i in range(depth)), depth
        assert "The end." in text


def test_only_regular_files_and_folders_are_collected(tmp_path: Path, fifo: Path) -> None:
    with pytest.raises(InputError, match="is a named pipe"):
        collect_files([fifo])
