"""PDF and Word documents as articles and sources: text in reading order, offsets exact."""

from __future__ import annotations

from pathlib import Path

from review_db import ReviewStore

from .conftest import Invoke
from .documents import make_docx, make_pdf

HEADER = "Harlow Vale Council — press office"
PAGES = [
    [
        HEADER,
        "The council voted 7 to 2 on Monday to build a bridge over the",
        "river. The cost of construc-",
        "tion is £4.5 million, officials said.",
        "Page 1 of 3",
    ],
    [HEADER, "Work on the bridge starts in May 2026.", "Page 2 of 3"],
    [HEADER, "The mayor said the bridge will last a century.", "Page 3 of 3"],
]
PDF_TEXT = (
    "The council voted 7 to 2 on Monday to build a bridge over the river. The cost of "
    "construction is £4.5 million, officials said.\n\n"
    "Work on the bridge starts in May 2026.\n\n"
    "The mayor said the bridge will last a century."
)


def _pdf(tmp_path: Path, name: str = "release.pdf", **options: object) -> Path:
    path = tmp_path / name
    path.write_bytes(make_pdf(PAGES, **options))  # type: ignore[arg-type]
    return path


def test_pdf_article_in_reading_order_without_headers_or_hyphens(
    run: Invoke, tmp_path: Path, db_path: Path
) -> None:
    path = _pdf(tmp_path, title="Bridge vote", author="Jane Doe", created="D:20260309120000Z")
    result = run("add", "article", str(path))
    assert result.exit_code == 0, result.output
    assert '"Bridge vote"' in result.stdout
    assert result.stdout.rstrip().endswith("; by Jane Doe, published 2026-03-09")
    with ReviewStore(db_path) as store:
        (article,) = [store.article(a.id) for a in store.articles()]
        assert article.text == PDF_TEXT  # no "Page 1 of 3", no header, "construction"
        assert article.author == "Jane Doe" and article.published == "2026-03-09"
        for claim in store.claims(article.id):  # offsets are exact into the stored text
            assert article.text[claim.start : claim.end] == claim.text


def test_compressed_pdf_reads_the_same(run: Invoke, tmp_path: Path, db_path: Path) -> None:
    assert run("add", "article", str(_pdf(tmp_path, compress=True))).exit_code == 0
    with ReviewStore(db_path) as store:
        (summary,) = store.articles()
        assert store.article(summary.id).text == PDF_TEXT


def test_scanned_pdf_is_refused_with_the_reason(run: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([[], []]))
    result = run("add", "article", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}: has no text layer (a scanned PDF holds only images); run OCR on it "
        "(for example ocrmypdf) and import the result\n"
    )


def test_word_document_paragraphs_headings_and_tables(
    run: Invoke, tmp_path: Path, db_path: Path
) -> None:
    path = make_docx(
        tmp_path / "statement.docx",
        [
            ("heading", "Statement on the bridge"),
            ("para", "The council voted 7 to 2 on Monday."),
            ("table", "Item|Cost;Bridge|£4.5m;Road|£1m"),
            ("para", "Work starts in May."),
        ],
        author="Harlow Vale Council",
    )
    result = run("add", "article", str(path), "--url", "https://council.example/s")
    assert result.exit_code == 0, result.output
    assert '"Statement on the bridge"' in result.stdout
    assert "by Harlow Vale Council, https://council.example/s" in result.stdout
    with ReviewStore(db_path) as store:
        (summary,) = store.articles()
        article = store.article(summary.id)
    assert article.text == (
        "Statement on the bridge\n\nThe council voted 7 to 2 on Monday.\n\n"
        "Item | Cost\nBridge | £4.5m\nRoad | £1m\n\nWork starts in May."
    )
    assert article.author == "Harlow Vale Council"


def test_author_option_overrides_the_document(run: Invoke, tmp_path: Path, db_path: Path) -> None:
    path = _pdf(tmp_path, author="Press Office")
    result = run("add", "article", str(path), "--author", "  Ada   Okafor ")
    assert result.exit_code == 0 and "by Ada Okafor" in result.stdout
    with ReviewStore(db_path) as store:
        assert store.article(store.articles()[0].id).author == "Ada Okafor"
    empty = run("add", "article", str(path), "--author", " ")
    assert empty.exit_code == 1 and empty.stderr == "Error: --author must not be empty\n"


def test_pdf_and_word_files_as_sources(run: Invoke, tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    _pdf(folder, created="D:20260301")
    make_docx(folder / "minutes.docx", [("heading", "Minutes"), ("para", "Carried 7-2.")])
    result = run("add", "sources", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Imported 2 documents")
    with ReviewStore(db_path) as store:
        ids = [row[0] for row in store.conn.execute("SELECT id FROM sources")]
        titles = {s.title: s for s in store.sources(ids).values()}
    assert titles["Minutes"].text == "Minutes\n\nCarried 7-2."
    pdf = next(s for s in titles.values() if s.origin and s.origin.endswith(".pdf"))
    assert pdf.text == PDF_TEXT and pdf.published == "2026-03-01"
