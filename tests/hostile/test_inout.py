"""Attacks on what comes in from PDF, Word and the web: each a one-line error, never a
hang, never all the memory.

Every file is built here: a PDF bomb (a stream that inflates past pypdf's bound), page
counts no document has, a .docx that is not a zip or a zip bomb, a zip with no document,
and metadata with terminal escapes in it.  The web attacks run against a real server on
127.0.0.1: a body that never ends, a Content-Length that lies, a server that trickles,
and escapes in a page and in an address (redirects to file:// and long redirect chains
are in tests/test_fetch.py).
"""

from __future__ import annotations

import contextlib
import io
import time
import zipfile
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from review_db import ReviewStore
from tests.conftest import Invoke
from tests.documents import make_docx, make_pdf
from tests.web_server import Route, WebServer, serve, stream_forever
from workbench.corpus.fetch import fetch_document
from workbench.errors import InputError

from . import OSC_TITLE, assert_inert


def _one_error(result, *fragments: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    assert "Traceback" not in result.output


def _zeros_deflated(size: int) -> bytes:
    packer = zlib.compressobj(9)
    chunk = b"0" * (1024 * 1024)
    parts = [packer.compress(chunk) for _ in range(size // len(chunk))]
    return b"".join(parts) + packer.flush()


def test_pdf_bomb_is_refused(run: Invoke, tmp_path: Path) -> None:
    # 200 MB of content stream in ~200 KB: pypdf stops inflating at its 75 MB bound.
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(make_pdf([], streams=[_zeros_deflated(200 * 1024 * 1024)], compress=True))
    assert bomb.stat().st_size < 1024 * 1024
    _one_error(run("add", "article", str(bomb)), "bomb.pdf: is not a readable PDF")


def test_too_many_pages(run: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(make_pdf([["x"]] * 1_001))
    _one_error(run("add", "article", str(path)), "has 1,001 pages, more than the 1,000")


def test_forged_page_count_is_not_believed(run: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "forged.pdf"
    path.write_bytes(make_pdf([["one page"]]).replace(b"/Count 1", b"/Count 999999999"))
    result = run("add", "article", str(path))  # the pages are counted, not the claim
    assert result.exit_code == 0 and '"one page" (1 claims)' in result.stdout


def test_too_much_text(run: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("workbench.corpus.pdf.MAX_PDF_CHARACTERS", 100)
    path = tmp_path / "wordy.pdf"
    path.write_bytes(make_pdf([["word " * 30], ["word " * 30]]))
    _one_error(run("add", "article", str(path)), "holds more than 100 characters of text")


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\n" + b"\x00garbage" * 100, b"%PDF-1.7\n1 0 obj << /Type /Catalog", b"%PDF-"],
    ids=["garbage", "truncated", "header-only"],
)
def test_broken_pdf(run: Invoke, tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    _one_error(run("add", "article", str(path)), "broken.pdf: is not a readable PDF")


def test_escapes_in_pdf_metadata_are_dropped(run: Invoke, tmp_path: Path, db_path: Path) -> None:
    # UTF-16 metadata can carry any character: an OSC sequence that retitles the terminal.
    title = b"\xfe\xff" + f"Release {OSC_TITLE} now".encode("utf-16-be")
    path = tmp_path / "meta.pdf"
    path.write_bytes(make_pdf([["Text of the release."]], title=title, author=title))
    result = run("add", "article", str(path))
    assert result.exit_code == 0, result.output
    assert_inert(result.stdout)
    with ReviewStore(db_path) as store:
        article = store.article(store.articles()[0].id)
    assert "\x1b" not in article.title and article.title.startswith("Release ")
    assert article.author is not None and "\x1b" not in article.author


def test_docx_that_is_not_a_zip(run: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_bytes(b"This is plain text pretending to be Word.")
    _one_error(run("add", "article", str(path)), "fake.docx: is not a Word document")


def test_docx_zip_bomb(run: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"0" * (1024 * 1024)
            for _ in range(100):  # 100 MB that deflates to ~100 KB
                member.write(block)
    assert path.stat().st_size < 1024 * 1024
    _one_error(run("add", "article", str(path)), "would unpack to", "a zip bomb?")


def test_zip_without_a_document(run: Invoke, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    path = tmp_path / "other.docx"
    path.write_bytes(buffer.getvalue())
    _one_error(run("add", "article", str(path)), "is a zip archive but not a Word document")


def test_docx_with_an_entity_bomb(run: Invoke, tmp_path: Path) -> None:
    source = make_docx(tmp_path / "good.docx", [("para", "Plain text.")])
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;'
        b'&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;'
        b'&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    )
    path = tmp_path / "laughs.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "word/document.xml":
                body = data.split(b"?>", 1)[1].replace(b"Plain text.", b"&d;&d;&d;&d;")
                data = laughs + body
            new.writestr(item, data)
    result = run("add", "article", str(path))
    # Either refused in one line, or read without expanding the entities: never a hang.
    if result.exit_code == 0:
        assert "lollol" not in result.stdout
    else:
        _one_error(result, "laughs.docx")


def test_sources_batch_reports_bad_documents_and_imports_the_rest(
    run: Invoke, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    make_docx(folder / "good.docx", [("para", "The motion carried 7-2 on Monday.")])
    (folder / "scan.pdf").write_bytes(make_pdf([[]]))
    (folder / "fake.docx").write_bytes(b"not a zip")
    result = run("add", "sources", str(folder))
    assert result.exit_code == 1
    assert "Imported 1 documents" in result.stdout
    skipped = [line for line in result.stderr.splitlines() if line.startswith("Skipped: ")]
    assert len(skipped) == 2
    assert any("scan.pdf: has no text layer" in line for line in skipped)
    assert any("fake.docx: is not a Word document" in line for line in skipped)


@pytest.fixture
def web() -> Iterator[WebServer]:
    yield from serve()


def test_server_that_streams_forever_is_cut_at_the_cap(web: WebServer) -> None:
    web.routes["/forever"] = stream_forever
    with pytest.raises(InputError, match=r"/forever: larger than 1 MB; refused"):
        fetch_document(web.url("/forever"), limit=1024 * 1024)


def test_declared_length_past_the_cap_is_refused_unread(web: WebServer) -> None:
    def liar(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(10**12))
        handler.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            handler.wfile.write(b"<p>x</p>")

    web.routes["/liar"] = liar
    with pytest.raises(InputError, match="larger than 16 MB"):
        fetch_document(web.url("/liar"))


def test_a_trickling_server_meets_the_deadline(
    web: WebServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("workbench.corpus.fetch.DOWNLOAD_SECONDS", 0.3)
    monkeypatch.setattr("workbench.corpus.fetch.CHUNK_BYTES", 1)

    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for _ in range(200):
                handler.wfile.write(b"x")
                handler.wfile.flush()
                time.sleep(0.01)

    web.routes["/slow"] = trickle
    with pytest.raises(InputError, match="took longer than 0.3 seconds"):
        fetch_document(web.url("/slow"))


def test_escapes_in_a_page_and_its_address_stay_inert(
    run: Invoke, web: WebServer, db_path: Path
) -> None:
    page = (
        f"<html><head><title>Hi {OSC_TITLE} there</title>"
        f'<meta name="author" content="A {OSC_TITLE} B"></head><body><article>'
        "<p>The council voted 7 to 2 on Monday to build a bridge over the river.</p>"
        "</article></body></html>"
    ).encode()
    web.routes["/esc"] = Route(page, headers={"Content-Type": "text/html"})
    result = run("add", "article", web.url("/esc"), web.url(f"/{OSC_TITLE}"))
    assert_inert(result.stdout + result.stderr)
    assert "refused" in result.stderr  # an address with an ESC in it is not fetched
    with ReviewStore(db_path) as store:
        article = store.article(store.articles()[0].id)
    assert "\x1b" not in article.title and "\x1b" not in (article.author or "")
