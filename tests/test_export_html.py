"""The HTML report, parsed by a real HTML parser: nothing from the review becomes markup."""

from __future__ import annotations

import sqlite3
from html.parser import HTMLParser

from review_db import ReviewStore
from workbench.config import Config, Organisation
from workbench.export import render_report

from .export_review import NOTE, OUTSIDE_QUOTE, SOURCE_TITLE, TITLE, build_review


class Page(HTMLParser):
    """Collects what a browser would see: elements, ids, links, text, styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.external: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False
        self.open: list[str] = []  # elements not yet closed
        self.misnested: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in ("meta", "br", "hr", "img", "link"):
            self.open.append(tag)
        for name, value in attrs:
            value = value or ""
            if name == "id":
                self.ids.add(value)
            if name == "href":
                self.links.append(value)
            if name in ("src", "srcset", "action") or (tag == "link" and name == "href"):
                self.external.append((tag, name, value))
            if name.startswith("on"):
                self.external.append((tag, name, value))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False
        if self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.misnested.append(tag)

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)


def _page(store: ReviewStore, config: Config | None = None) -> tuple[str, Page]:
    html = render_report(store, config or Config(), "html").text
    page = Page()
    page.feed(html)
    page.close()
    return html, page


def test_untrusted_text_is_escaped_and_shown_as_written(store: ReviewStore) -> None:
    build_review(store)
    html, page = _page(store)
    # The only elements are the template's own: no <script>, <b> or <i> from the data.
    assert not {"script", "b", "i", "iframe", "img", "link"} & set(page.tags)
    assert page.external == []
    text = "".join(page.text)
    for shown in (TITLE, NOTE, OUTSIDE_QUOTE, SOURCE_TITLE, "<script>alert(1)</script>"):
        assert shown in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert page.open == [] and page.misnested == []  # well-formed, whatever the data
    assert "[bold red]Rich markup[/bold red]" in text


def test_self_contained_print_friendly_page(store: ReviewStore) -> None:
    build_review(store)
    html, page = _page(store)
    style = "".join(page.styles)
    assert "@media print" in style and "url(" not in style and "@import" not in style
    assert "default-src 'none'" in html  # the page may load nothing from anywhere
    for link in page.links:  # every link is an in-page anchor or a web page to follow
        assert link.startswith(("#", "https://")), link


def test_anchors_per_claim_and_evidence_and_verdict_colours(store: ReviewStore) -> None:
    review = build_review(store)
    html, page = _page(store)
    for claim_id in review.claims:
        assert f"claim-{claim_id}" in page.ids
    assert {"evidence-1", "evidence-2"} <= page.ids
    internal = {link[1:] for link in page.links if link.startswith("#")}
    assert internal <= page.ids  # no dangling anchor
    assert "https://council.example/m" in page.links  # the passage's source, to follow
    evidence = html.split('id="evidence-1"')[1].split("</li>")[0]
    assert f'<a href="#claim-{review.claims[0]}">claim 2</a>' in evidence  # and back
    assert "background: #e03131" in html  # False, from the default scale


def test_summary_table_counts_verdicts(store: ReviewStore) -> None:
    build_review(store)
    _, page = _page(store)
    text = " ".join(" ".join(page.text).split())
    assert "Claims reviewed: 4 of 6" in text
    assert "Disputed (no adjudication) 1" in text
    assert "Cohen's kappa" in text


def test_configured_colours_and_hostile_links(store: ReviewStore) -> None:
    build_review(store, url="javascript:alert(1)")
    scale = tuple(
        type(e)(e.label, e.key, "red" if e.label == "False" else e.colour, e.rating)
        for e in Config().scale
    )
    config = Config(scale=scale, organisation=Organisation(name="Desk <&>", url="https://d.ex"))
    html, page = _page(store, config)
    assert "background: #800000" in html  # 'red' as the terminal names it, in CSS hex
    assert not any(link.startswith("javascript") for link in page.links)
    assert "javascript:alert(1)" in "".join(page.text)  # shown, not linked
    assert "Desk <&>" in "".join(page.text)


def test_at_a_glance_table_flags_and_quiet_units(store: ReviewStore) -> None:
    review = build_review(store)
    with sqlite3.connect(store.path) as db:  # the first line becomes the heading it is
        db.execute("UPDATE claims SET kind = 'heading' WHERE ordinal = 1")
    html, page = _page(store)
    glance = html.split('<table class="glance">')[1].split("</table>")[0]
    rows = glance.split("<tr>")[2:]
    assert len(rows) == 5  # claims and quotes only: the heading is not a row
    assert f'href="#claim-{review.claims[0]}">2</a>' in rows[0] and "#e03131" in rows[0]
    assert "⚑ quantity-mismatch" in rows[1]
    assert "disputed" in rows[3] and "not reviewed" in rows[4]
    annotated = html.split('<div class="annotated">')[1].split("</div>")[0]
    assert '<span class="quiet">Council news</span>' in annotated  # marked, quietly
    flagged = annotated.split("It will cost")[1].split("\n")[0]
    assert 'class="flag"' in flagged and "⚑" in flagged  # unreviewed or not, flagged
    assert "quantity-mismatch: £4.5 million &lt;here&gt; against £5m" in flagged
    assert "Council news" not in html.split("<h2>Claims</h2>")[1]  # no empty section
    style = "".join(page.styles)
    assert ".date, .badge { white-space: nowrap; }" in style
    assert '<td class="date">' in html and '<dd class="date">2026-03-09</dd>' in html


def test_published_page_has_no_paths_or_ids(store: ReviewStore) -> None:
    review = build_review(store)
    html, page = _page(store)
    text = " ".join(page.text)
    for internal in (review.passage_id, review.article_id, "minutes.txt", "worthiness"):
        assert internal not in html
    assert "Speaker: the mayor" in text
    evidence = html.split('id="evidence-1"')[1].split("</li>")[0]
    assert "Harlow Vale Council, 2026-03-09" in evidence
    assert 'href="https://council.example/m"' in evidence
    team = render_report(store, Config(), "html", internal=True).text
    assert review.passage_id in team and "minutes.txt" in team and "worthiness" in team
