"""Importing sources: every format, incremental re-import, and every bad input."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from review_db import ReviewStore
from tests.conftest import Invoke
from workbench.corpus import sources
from workbench.corpus.passages import PASSAGE_SEGMENTER_VERSION
from workbench.corpus.sources import collect_files, import_sources

HTML = """<html><head><title>Gauge report | Vale Courier</title>
<meta property="og:url" content="https://vale.example/gauge">
<meta name="date" content="2026-03-09"></head>
<body><nav>Home | Sport | Weather</nav><article><h1>Gauge report</h1>
<p>The gauge at Kettle Bridge recorded 4.2 metres on Sunday, the agency said.</p>
<p>About 1,200 people left their homes, officials said on Monday.</p></article>
<footer>Copyright Vale Courier</footer></body></html>"""


def write_corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "police.txt").write_text(
        "Police statement\n\nTwo people have died. A third person is missing.\n"
    )
    (folder / "rain.md").write_text("# Rainfall\n\n- **148 mm** of rain fell in 72 hours.\n")
    (folder / "page.html").write_text(HTML)
    (folder / "wire.jsonl").write_text(
        json.dumps({"id": "w1", "title": "Wall", "text": "The wall cost £11.5 million."})
        + "\n\n"
        + json.dumps(
            {"id": 7, "title": "Bakery", "text": "A bakery lost £40,000.", "publisher": "VC"}
        )
        + "\n"
    )
    return folder


def sources_by_title(store: ReviewStore) -> dict[str, dict[str, object]]:
    return {row["title"]: row for row in store.query("SELECT * FROM sources ORDER BY title")}


def test_every_format_is_imported_with_passages_that_slice_the_text(
    tmp_path: Path, run: Invoke, db_path: Path
) -> None:
    folder = write_corpus(tmp_path / "corpus")
    result = run("add", "sources", str(folder))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Imported 5 documents (")
    assert "skipped 0 already imported" in result.output
    with ReviewStore(db_path) as store:
        found = sources_by_title(store)
        assert set(found) == {"Police statement", "Rainfall", "Gauge report", "Wall", "Bakery"}
        page = found["Gauge report"]
        assert page["url"] == "https://vale.example/gauge"
        assert page["published"] == "2026-03-09"
        assert "Home | Sport" not in str(page["text"])
        assert found["Bakery"]["external_id"] == "7"
        assert found["Bakery"]["publisher"] == "VC"
        assert found["Rainfall"]["text"] == "Rainfall\n\n• 148 mm of rain fell in 72 hours."
        passages = list(
            store.query(
                "SELECT p.*, s.text AS source FROM passages AS p "
                "JOIN sources AS s ON s.id = p.source_id"
            )
        )
        assert len(passages) == store.passage_count() >= 8
        for p in passages:
            assert p["source"][p["start"] : p["end"]] == p["text"]
            assert store.passage(p["id"]).text == p["text"]
        meta = store.meta()
        assert meta["passage_segmenter"] == PASSAGE_SEGMENTER_VERSION
        assert store.corpus_version() == 1


def test_reimport_is_incremental_and_counts_duplicates(
    tmp_path: Path, run: Invoke, db_path: Path
) -> None:
    folder = write_corpus(tmp_path / "corpus")
    run("add", "sources", str(folder))
    with ReviewStore(db_path) as store:
        before = store.passage_count()
    again = run("add", "sources", str(folder))
    assert again.exit_code == 0
    assert again.output.startswith("Imported 0 documents (0 passages); skipped 5 already")
    (folder / "more.txt").write_text("New evidence arrived on Tuesday.\n")
    more = run("add", "sources", str(folder))
    assert more.output.startswith("Imported 1 documents (1 passages); skipped 5 already")
    with ReviewStore(db_path) as store:
        assert store.passage_count() == before + 1
        assert store.corpus_version() == 2  # moved on only when passages were added


def test_same_content_twice_in_one_import_is_stored_once(
    tmp_path: Path, store: ReviewStore
) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Same words here.\n")
    b.write_text("Same words here.\r\n")  # other newlines, same normalised text
    report = import_sources(store, [a, b])
    assert (report.documents, report.skipped, report.problems) == (1, 1, [])


def test_html_article_takes_main_text_title_date_and_url(
    tmp_path: Path, run: Invoke, db_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text(HTML)
    result = run("add", "article", str(page))
    assert result.exit_code == 0, result.output
    assert '"Gauge report"' in result.output
    with ReviewStore(db_path) as store:
        (article,) = [store.article(a.id) for a in store.articles()]
        assert article.url == "https://vale.example/gauge"
        assert article.published == "2026-03-09"
        assert article.text.startswith("Gauge report\n\nThe gauge at Kettle Bridge")
        assert "Copyright" not in article.text


def test_empty_folder_is_refused(tmp_path: Path, run: Invoke, db_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run("add", "sources", str(tmp_path / "empty"))
    assert result.exit_code == 1
    assert "Error: " in result.output and "no source files in this folder" in result.output
    assert not db_path.exists()


def test_folder_of_binaries_is_refused_naming_what_it_holds(
    tmp_path: Path, run: Invoke, db_path: Path
) -> None:
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "data.bin").write_bytes(bytes(range(256)) * 4)
    result = run("add", "sources", str(folder))
    assert result.exit_code == 1
    assert "no source files in this folder (2 other files, none of them text)" in result.output
    assert not db_path.exists()


def test_binary_with_a_text_suffix_is_skipped_and_reported(
    tmp_path: Path, run: Invoke, db_path: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "fake.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "real.txt").write_text("A real sentence about floods.\n")
    result = run("add", "sources", str(folder))
    assert result.exit_code == 1
    assert (
        "Skipped: " in result.output
        and "fake.txt: is a PNG image, not a text file" in result.output
    )
    assert "Imported 1 documents" in result.output
    assert "everything else was imported" in result.output


def test_malformed_jsonl_line_is_reported_by_number_and_the_rest_imported(
    tmp_path: Path, run: Invoke, db_path: Path
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    good = [
        json.dumps({"id": str(i), "title": f"T{i}", "text": f"Fact number {i}."}) for i in range(4)
    ]
    corpus.write_text(
        "\n".join([good[0], good[1], '{"id": "x", "text": ', good[2], "[1, 2]", good[3]]) + "\n"
    )
    result = run("add", "sources", str(corpus))
    assert result.exit_code == 1
    assert f"Skipped: {corpus} line 3: is not valid JSON" in result.output
    assert f"Skipped: {corpus} line 5: is not a JSON object" in result.output
    assert "Imported 4 documents (4 passages)" in result.output
    assert "2 documents could not be imported" in result.output
    # Fixing the lines and importing again adds exactly what was missing.
    corpus.write_text("\n".join([*good, json.dumps({"id": "x", "text": "Fixed fact."})]) + "\n")
    again = run("add", "sources", str(corpus))
    assert again.exit_code == 0
    assert again.output.startswith("Imported 1 documents (1 passages); skipped 4 already")


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"id": "a", "title": "No text"}, 'has no "text"'),
        ({"id": "a", "text": "  "}, 'has no "text"'),
        ({"id": ["a"], "text": "Words."}, '"id" must be a string or a number'),
        ({"id": "a", "text": "Words.", "url": 5}, '"url" must be a string'),
        ({"id": "a", "text": "Words.", "title": {"x": 1}}, '"title" must be a string'),
    ],
)
def test_jsonl_records_of_the_wrong_shape_are_reported(
    tmp_path: Path, store: ReviewStore, record: dict[str, object], message: str
) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps(record) + "\n")
    report = import_sources(store, [corpus])
    assert report.documents == 0
    assert report.problems == [f"{corpus} line 1: {message}" + report.problems[0].split(message)[1]]


def test_html_page_with_no_main_text_is_reported(tmp_path: Path, run: Invoke) -> None:
    page = tmp_path / "empty.html"
    page.write_text(
        "<html><head><title>Nothing</title></head><body><script>x()</script></body></html>"
    )
    result = run("add", "sources", str(page))
    assert result.exit_code == 1
    assert "no main text found in this HTML page" in result.output
    article = run("add", "article", str(page))
    assert article.exit_code == 1
    assert article.output.count("Error:") == 1 and "no main text found" in article.output


def test_a_document_over_the_size_limit_is_refused_but_a_big_jsonl_streams(
    tmp_path: Path, store: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_SOURCE_BYTES", 2000)
    big = tmp_path / "big.txt"
    big.write_text("A long sentence about floods. " * 100)
    corpus = tmp_path / "many.jsonl"
    lines = [
        json.dumps({"id": str(i), "text": f"Document {i} says something new."}) for i in range(200)
    ]
    corpus.write_text("\n".join(lines) + "\n")
    assert corpus.stat().st_size > 2000 * 4
    report = import_sources(store, [big, corpus])
    assert report.documents == 200
    assert len(report.problems) == 1
    assert (
        "big.txt: larger than 2,000 bytes, the most one source document may be"
        in (report.problems[0])
    )
    assert "refused" in report.problems[0]


def test_one_jsonl_line_over_the_limit_is_refused_by_line(
    tmp_path: Path, store: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_SOURCE_BYTES", 500)
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"id": "a", "text": "Short."})
        + "\n"
        + json.dumps({"id": "b", "text": "x " * 400})
        + "\n"
    )
    report = import_sources(store, [corpus])
    assert report.documents == 1
    assert report.problems[0].startswith(f"{corpus} line 2: larger than 500 bytes")


def test_missing_path_is_refused_before_anything_is_created(
    tmp_path: Path, run: Invoke, db_path: Path
) -> None:
    result = run("add", "sources", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'nope'}: no such file or folder\n"
    assert not db_path.exists()


def test_hidden_files_are_not_collected(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    (folder / ".git").mkdir(parents=True)
    (folder / ".git" / "notes.txt").write_text("hidden")
    (folder / "a.txt").write_text("shown")
    (folder / "b.png").write_bytes(b"\x89PNG")
    files, ignored = collect_files([folder])
    assert [f.name for f in files] == ["a.txt"]
    assert ignored == 1


def test_batches_commit_as_they_go_and_report_progress(
    tmp_path: Path, store: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "BATCH_PASSAGES", 3)
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": str(i), "text": f"Fact {i}. More {i}."}) + "\n" for i in range(5))
    )
    seen: list[tuple[int, int]] = []
    report = import_sources(
        store, [corpus], on_progress=lambda done, total: seen.append((done, total))
    )
    assert report.passages == 10
    assert store.corpus_version() == 3  # batches of 4, 4 and 2 passages
    assert len(seen) == 3 and seen[-1][0] == seen[-1][1] == corpus.stat().st_size


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_appears_only_on_a_terminal_after_a_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workbench.cli import sources as cli_sources

    monkeypatch.setattr(cli_sources, "PROGRESS_AFTER_SECONDS", 0.0)
    piped = cli_sources.LateProgress()  # stderr is captured here: not a terminal
    piped(10, 100)
    assert piped.bar is None  # a bar in a pipe or a log would be noise
    monkeypatch.setattr(sys, "stderr", _Terminal())
    monkeypatch.setattr(cli_sources, "PROGRESS_AFTER_SECONDS", 3600.0)
    quick = cli_sources.LateProgress()
    quick(10, 100)
    assert quick.bar is None  # an import that ends within the delay shows no bar
    monkeypatch.setattr(cli_sources, "PROGRESS_AFTER_SECONDS", 0.0)
    slow = cli_sources.LateProgress()
    slow(10, 100)
    slow(60, 100)
    assert slow.bar is not None
    assert slow.bar.tasks[0].completed == 60 and slow.bar.tasks[0].total == 100
    slow.stop()


def test_read_ahead_keeps_the_order_and_raises_where_the_reader_failed() -> None:
    def documents() -> Iterator[int]:
        yield from range(5000)  # more than the read-ahead queue holds
        raise ValueError("line 5001 is broken")

    seen = []
    with pytest.raises(ValueError, match="line 5001"):
        for item in sources.read_ahead(documents()):
            seen.append(item)
    assert seen == list(range(5000))


def test_abandoning_read_ahead_stops_its_reader() -> None:
    produced = []

    def documents() -> Iterator[int]:
        for i in range(100_000):
            produced.append(i)
            yield i

    items = sources.read_ahead(documents())
    assert next(items) == 0
    items.close()  # joins the reader, which must not fill the whole input
    assert len(produced) < 100_000
