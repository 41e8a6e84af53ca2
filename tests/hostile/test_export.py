"""Attacks on reports: what a forged or merged database can put in every format.

The database is built with plain sqlite3 where the store would refuse the input (an
evidence address with a newline, a claim id ``../../x``), as a forged file arriving by
``merge`` would carry it.  Each format must keep every string as data: no script
breaking out of JSON-LD, no Markdown or HTML link the review did not intend, no formula
a spreadsheet runs, and JSON that gives back exactly the string that went in.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from review_db import NewClaim, NewSource, ReviewStore, ids
from tests.conftest import Invoke
from workbench.claims.extract import SEGMENTER_VERSION

from . import (
    CSV_FORMULA,
    MARKDOWN_LINK,
    MARKUP_BRACKETS,
    MARKUP_CLOSING,
    OSC_TITLE,
    SCRIPT_BREAKOUT,
    assert_inert,
    make_fifo,
    make_socket,
)

NASTY = f"{SCRIPT_BREAKOUT} {MARKDOWN_LINK} <!-- \u2028\u2029 & [x]: https://evil.example/ref"
CLAIM_TEXT = f"{CSV_FORMULA} {NASTY}"
NOTE = f"{CSV_FORMULA}\n{NASTY}\n) [a](https://evil.example/note)"
QUOTE = f"{NASTY} quoted"
SOURCE_TITLE = f"{NASTY} source"
GOOD_URL = "https://good.example/page"
# Addresses that are not plain web links: each must be shown as text, never linked.
BAD_URLS = [
    "https://ok.example/\n[Click me](https://evil.example/phish)",
    "https://ok.example/ [Click me](https://evil.example/phish)",
    "https://ok.example/>[Click me](https://evil.example/phish)",
    'https://ok.example/" onmouseover="alert(1)',
    "javascript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
]
FORGED_ID = "../../x"
LABELS = (MARKUP_CLOSING, MARKUP_BRACKETS)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "scale.yaml"
    path.write_text(
        "organisation:\n  name: Desk\n  review_base_url: https://desk.example/r\nscale:\n"
        + "".join(
            f"- label: '{label}'\n  key: '{n}'\n  colour: '#2f9e44'\n  rating: {n}\n"
            for n, label in enumerate(LABELS, start=1)
        ),
        encoding="utf-8",
    )
    return path


def _event(db: sqlite3.Connection, claim: str, n: int, kind: str, value: object) -> None:
    db.execute(
        "INSERT INTO events (id, claim_id, reviewer, kind, value, at) VALUES (?, ?, ?, ?, ?, ?)",
        (f"e{n:04d}", claim, "ann", kind, json.dumps(value), f"2026-11-25T10:00:{n:02d}.0Z"),
    )


@pytest.fixture
def forged(db_path: Path) -> Path:
    """A database holding hostile text in every field a report shows."""
    text = f"Heading\n\n{CLAIM_TEXT}\n"
    start = text.index(CLAIM_TEXT)
    claims = [NewClaim(CLAIM_TEXT, start, start + len(CLAIM_TEXT))]
    passage_text = f"{NASTY} passage"
    with ReviewStore(db_path, create=True) as store:
        article = store.add_article(
            text, title=NASTY, claims=claims, segmenter=SEGMENTER_VERSION
        ).article.id
        source = NewSource(passage_text, SOURCE_TITLE, ((0, len(passage_text)),), url=GOOD_URL)
        store.add_sources([source], segmenter="test")
    (claim,) = [c.id for c in ReviewStore(db_path).claims()]
    source_id = ids.source_id(passage_text)
    passage = ids.passage_id(source_id, 1, passage_text)
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE articles SET url = ? WHERE id = ?", (BAD_URLS[0], article))
        db.execute("UPDATE sources SET url = ? WHERE id = ?", (BAD_URLS[1], source_id))
        db.execute(
            'INSERT INTO claims (id, article_id, ordinal, text, start, "end", kind, '
            "worthiness, signals) VALUES (?, ?, 99, ?, ?, ?, 'claim', 0.5, '{}')",
            (FORGED_ID, article, CLAIM_TEXT, start, start + len(CLAIM_TEXT)),
        )
        n = 0
        for target, label in ((claim, LABELS[0]), (FORGED_ID, LABELS[1])):
            for kind, value in [
                ("verdict", {"label": label}),
                ("note", {"text": NOTE}),
                ("evidence-add", {"passage": passage}),
                ("evidence-add", {"url": GOOD_URL, "quote": QUOTE}),
                *[("evidence-add", {"url": url, "quote": QUOTE}) for url in BAD_URLS],
            ]:
                n += 1
                _event(db, target, n, kind, value)
    return db_path


def _export(run: Invoke, config: Path, fmt: str, *more: str) -> str:
    result = run("--config", str(config), "export", "--format", fmt, *more)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_claimreview_is_safe_inside_a_script_element(
    run: Invoke, forged: Path, config: Path
) -> None:
    text = _export(run, config, "claimreview")
    for unsafe in ("<", ">", "&", "\u2028", "\u2029"):
        assert unsafe not in text
    page = f'<script type="application/ld+json">{text}</script>'
    assert page.lower().count("</script") == 1
    reviews = json.loads(text)
    assert {r["claimReviewed"] for r in reviews} == {CLAIM_TEXT}
    assert {r["reviewRating"]["alternateName"] for r in reviews} == set(LABELS)
    assert "https://desk.example/r/..%2F..%2Fx" in {r["url"] for r in reviews}
    for review in reviews:  # the article's address is not a link: it is not published
        assert "appearance" not in review["itemReviewed"]


def test_json_gives_back_exactly_what_went_in(run: Invoke, forged: Path, config: Path) -> None:
    report = json.loads(_export(run, config, "json"))
    (article,) = report["articles"]
    assert article["title"] == NASTY and article["url"] == BAD_URLS[0]
    assert {c["text"] for c in article["claims"]} == {CLAIM_TEXT}
    assert {r["note"] for c in article["claims"] for r in c["reviews"]} == {NOTE}
    urls = [e["url"] for e in report["evidence"] if e["type"] == "url"]
    assert sorted(urls) == sorted([GOOD_URL, *BAD_URLS])
    assert {e["quote"] for e in report["evidence"] if e["type"] == "url"} == {QUOTE}
    (passage,) = [e for e in report["evidence"] if e["type"] == "passage"]
    assert passage["source"]["title"] == SOURCE_TITLE
    assert passage["source"]["url"] == BAD_URLS[1]


def test_csv_runs_no_formula_and_keeps_text(run: Invoke, forged: Path, config: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(run, config, "csv"))))
    assert len(rows) == 2
    for row in rows:
        assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())
        assert row["text"] == "'" + CLAIM_TEXT and row["note"] == "'" + NOTE
        assert row["verdict"] in LABELS


class _Links(HTMLParser):
    """Every link target and every element name of an HTML text."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.tags: set[str] = set()
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.hrefs += [value or "" for name, value in attrs if name in ("href", "src")]
        self.handlers += [name for name, _ in attrs if name.startswith("on")]


def _links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def test_markdown_links_only_what_the_review_intends(
    run: Invoke, forged: Path, config: Path
) -> None:
    text = _export(run, config, "markdown")
    for label in LABELS:
        escaped = label.replace("[", "\\[").replace("]", "\\]")
        assert f"**{escaped}**" in text
    # CommonMark: links, autolinks and link reference definitions.
    commonmark = _links(MarkdownIt("commonmark").enable("table").render(text))
    assert set(commonmark.hrefs) == {GOOD_URL}
    assert "script" not in commonmark.tags and not commonmark.handlers
    rendered = MarkdownIt("commonmark").render(text)
    for label in LABELS:
        assert label in rendered  # the label reads as configured, brackets and all
    # A Markdown line never holds a raw newline from a URL or a title.
    assert "\n[Click me]" not in text


def test_html_links_only_http_and_anchors(run: Invoke, forged: Path, config: Path) -> None:
    page = _export(run, config, "html")
    links = _links(page)
    assert "script" not in links.tags and not links.handlers
    outside = {h for h in links.hrefs if not h.startswith("#")}
    assert outside == {GOOD_URL}
    for label in LABELS:
        assert label in page


def test_terminal_output_of_every_format_is_inert(run: Invoke, forged: Path) -> None:
    with sqlite3.connect(forged) as db:
        db.execute("UPDATE articles SET title = ?", (OSC_TITLE,))
    for fmt in ("markdown", "html", "csv", "json", "claimreview"):
        result = run("export", "--format", fmt)
        assert result.exit_code == 0
        assert_inert(result.stderr)
        if fmt == "markdown":
            assert_inert(result.stdout)


def test_one_per_file_stays_in_its_folder(
    run: Invoke, forged: Path, config: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "deep" / "site" / "reviews"
    folder.mkdir(parents=True)
    victim = tmp_path / "deep" / "x.json"
    victim.write_text("keep me", encoding="utf-8")
    for attempt in ((), ("--force",)):
        result = run(
            "--config", str(config), "export", "--format", "claimreview",
            "--one-per-file", str(folder), *attempt,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "keep me"
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 2 and all("/" not in n and not n.startswith(".") for n in names)
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["site", "x.json"]
    forged_file = next(n for n in names if n.endswith(".json") and len(n) > 17)
    assert json.loads((folder / forged_file).read_text(encoding="utf-8"))["url"].endswith(
        "..%2F..%2Fx"
    )


def test_one_per_file_refuses_a_planted_symlink(
    run: Invoke, forged: Path, config: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "reviews"
    folder.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    (claim,) = [c.id for c in ReviewStore(forged).claims() if c.id != FORGED_ID]
    (folder / f"{claim}.json").symlink_to(outside)
    result = run(
        "--config", str(config), "export", "--format", "claimreview",
        "--one-per-file", str(folder), "--force",
    )  # fmt: skip
    assert result.exit_code == 1 and "symbolic link" in result.stderr
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in folder.iterdir()) == [f"{claim}.json"]


def test_force_replaces_only_regular_files(run: Invoke, forged: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(outside)
    fifo = make_fifo(tmp_path / "pipe.md")
    sock_path, sock = make_socket(tmp_path / "sock.md")
    folder = tmp_path / "folder.md"
    folder.mkdir()
    try:
        for target, why in (
            (link, "symbolic link"),
            (fifo, "not a regular file"),
            (sock_path, "not a regular file"),
            (folder, "it is a folder"),
        ):
            result = run("export", "--format", "markdown", "-o", str(target), "--force")
            assert result.exit_code == 1, result.output
            assert result.stderr.startswith("Error: ") and why in result.stderr
            assert len(result.stderr.splitlines()) == 1
    finally:
        sock.close()
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert link.is_symlink() and fifo.is_fifo() and sock_path.is_socket() and folder.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []
    regular = tmp_path / "report.md"
    regular.write_text("old", encoding="utf-8")
    assert run("export", "--format", "markdown", "-o", str(regular), "--force").exit_code == 0
    assert regular.read_text(encoding="utf-8") != "old"
    assert os.stat(regular).st_size > 0
