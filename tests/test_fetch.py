"""Articles and sources by address, from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from review_db import ReviewStore
from workbench.corpus.fetch import MAX_REDIRECTS, fetch_document
from workbench.errors import InputError

from .conftest import Invoke
from .documents import make_docx, make_pdf
from .web_server import Route, WebServer, redirect_to, serve

PAGE = """<!DOCTYPE html><html><head>
<title>Bridge vote | Vale News</title>
<meta property="og:title" content="Council votes 7-2 for the bridge">
<meta property="og:site_name" content="Vale News">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2026-03-09T10:00:00Z">
<script type="application/ld+json">{"@context": "https://schema.org", "@type":
"NewsArticle", "headline": "Council votes 7-2 for the bridge", "datePublished":
"2026-03-09", "author": {"@type": "Person", "name": "Jane Doe"},
"publisher": {"@type": "Organization", "name": "Vale News"}}</script>
</head><body><nav>Home | News | Sport</nav><article>
<h1>Council votes 7-2 for the bridge</h1>
<p>The council voted 7 to 2 on Monday to build a bridge over the river Vale.</p>
<p>It will cost £4.5 million, officials said, and work starts in May.</p>
<p>"This bridge will last a century," said the mayor, Ada Okafor.</p>
</article><footer>Copyright Vale News</footer></body></html>""".encode()
HTML = {"Content-Type": "text/html; charset=utf-8"}
PDF = {"Content-Type": "application/pdf"}
DOCX = {"Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@pytest.fixture
def web(tmp_path: Path) -> Iterator[WebServer]:
    yield from serve()


def test_article_page_keeps_what_it_declares(run: Invoke, web: WebServer, db_path: Path) -> None:
    web.routes["/story"] = Route(PAGE, headers=HTML)
    web.routes["/short"] = redirect_to("/story", 301)
    result = run("add", "article", web.url("/short"))
    assert result.exit_code == 0, result.output
    line = result.stdout.strip()
    assert '"Council votes 7-2 for the bridge"' in line
    assert line.endswith(f"by Jane Doe, in Vale News, published 2026-03-09, {web.url('/story')}")
    with ReviewStore(db_path) as store:
        article = store.article(store.articles()[0].id)
    assert article.url == web.url("/story")  # the final address, after the redirect
    assert article.author == "Jane Doe" and article.publisher == "Vale News"
    assert "Home | News" not in article.text and "river Vale." in article.text


def test_pdf_and_word_files_by_address(web: WebServer) -> None:
    web.routes["/release.pdf"] = Route(make_pdf([["The motion carried 7-2."]]), headers=PDF)
    document = fetch_document(web.url("/release.pdf"))
    assert document.text == "The motion carried 7-2." and document.url == web.url("/release.pdf")


def test_word_file_by_address(web: WebServer, tmp_path: Path) -> None:
    path = make_docx(tmp_path / "s.docx", [("heading", "Statement"), ("para", "We agree.")])
    web.routes["/statement"] = Route(path.read_bytes(), headers=DOCX)
    document = fetch_document(web.url("/statement"))
    assert document.title == "Statement" and document.text == "Statement\n\nWe agree."


@pytest.mark.parametrize(
    ("route", "message"),
    [
        (Route(b"gone", 404, {"Content-Type": "text/plain"}), "the server answered 404 Not Found"),
        (Route(b"\x89PNG....", headers={"Content-Type": "image/png"}), "is image/png, not an"),
        (Route(b"%PDF-1.4 not html", headers=HTML), "is a PDF document, not a text file"),
        (
            Route(b"<html><body><script>x()</script></body></html>", headers=HTML),
            "no main text found in this HTML page",
        ),
        (redirect_to("file:///etc/passwd"), "is not an http:// or https:// address"),
        (redirect_to("javascript:alert(1)"), "refused"),
        (Route(b"", 302), "redirects without saying where"),
    ],
    ids=["404", "image", "wrong-type", "no-text", "to-file", "to-javascript", "no-location"],
)
def test_each_failure_is_one_line(web: WebServer, route: Route, message: str) -> None:
    web.routes["/x"] = route
    with pytest.raises(InputError) as caught:
        fetch_document(web.url("/x"))
    assert message in caught.value.message and "\n" not in caught.value.message


def test_redirect_chain_stops_after_five(web: WebServer) -> None:
    for hop in range(6):
        web.routes[f"/hop{hop}"] = redirect_to(f"/hop{hop + 1}")
    web.routes["/hop6"] = Route(PAGE, headers=HTML)
    assert fetch_document(web.url("/hop1")).url == web.url("/hop6")  # five hops: fine
    with pytest.raises(InputError, match=f"more than {MAX_REDIRECTS} redirects"):
        fetch_document(web.url("/hop0"))  # six
    web.routes["/loop"] = redirect_to("/loop")
    with pytest.raises(InputError, match="redirects; refused"):
        fetch_document(web.url("/loop"))


def test_a_batch_imports_what_it_can(run: Invoke, web: WebServer, db_path: Path) -> None:
    web.routes["/story"] = Route(PAGE, headers=HTML)
    closed = web.url("/story").replace(str(web.httpd.server_address[1]), "9")  # port 9: closed
    result = run("add", "article", web.url("/missing"), web.url("/story"), closed)
    assert result.exit_code == 1
    assert result.stdout.startswith("Added article ")
    errors = result.stderr.splitlines()
    assert errors[0].startswith("Skipped: ") and "answered 404" in errors[0]
    assert errors[1].startswith("Skipped: ") and "cannot be reached" in errors[1]
    assert errors[2] == (
        "Error: 2 addresses could not be imported (listed above); everything else was imported"
    )
    with ReviewStore(db_path) as store:
        assert len(store.articles()) == 1


def test_sources_from_addresses_and_a_urls_file(
    run: Invoke, web: WebServer, tmp_path: Path, db_path: Path
) -> None:
    web.routes["/story"] = Route(PAGE, headers=HTML)
    web.routes["/release.pdf"] = Route(make_pdf([["The motion carried 7-2."]]), headers=PDF)
    listing = tmp_path / "urls.txt"
    listing.write_text(
        f"# sources for the bridge story\n\n{web.url('/release.pdf')}\n{web.url('/gone')}\n",
        encoding="utf-8",
    )
    result = run("add", "sources", web.url("/story"), "--urls-file", str(listing))
    assert result.exit_code == 1
    assert result.stdout.startswith("Imported 2 documents")
    assert result.stderr.splitlines()[0].startswith("Skipped: ") and "404" in result.stderr
    with ReviewStore(db_path) as store:
        ids = [row[0] for row in store.conn.execute("SELECT id FROM sources")]
        found = {s.url: s for s in store.sources(ids).values()}
    page = found[web.url("/story")]
    assert page.title == "Council votes 7-2 for the bridge" and page.publisher == "Vale News"
    assert page.published == "2026-03-09"
    assert found[web.url("/release.pdf")].text == "The motion carried 7-2."


def test_urls_file_lines_must_be_web_addresses(run: Invoke, tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text("https://ok.example/a\nfile:///etc/passwd\n", encoding="utf-8")
    result = run("add", "sources", "--urls-file", str(listing))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {listing} line 2: not a web address: it is not an http:// or https:// address\n"
    )
    assert run("add", "sources").stderr.startswith("Error: give source files")
