"""The Markdown report: title block, summary, annotated article, claims, evidence footnotes."""

from __future__ import annotations

import html
import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from review_db import ReviewStore
from workbench.config import Config
from workbench.export import render_report
from workbench.export.markdown import escape

from .export_review import build_review


def _markdown(store: ReviewStore, **options: Any) -> str:
    return render_report(store, Config(), "markdown", **options).text


def test_sections_in_order_with_summary(store: ReviewStore) -> None:
    build_review(store)
    text = _markdown(store)
    headings = re.findall(r"^##? .*$", text, re.MULTILINE)
    assert headings[1:] == ["## Summary", "## Annotated article", "## Claims", "## Evidence"]
    assert "- **Reviewers:** ann, bob" in text
    assert "| Mostly true | 1 |" in text and "| Disputed (no adjudication) | 1 |" in text
    assert "- Claims reviewed: 4 of 6" in text and "- Flagged claims: 1" in text
    assert "Agreement between reviewers: 50% of 4 claims compared; Cohen's kappa" in text


def test_annotated_article_marks_reviewed_claims_with_footnotes(store: ReviewStore) -> None:
    build_review(store)
    text = _markdown(store)
    annotated = text.split("## Annotated article")[1].split("## Claims")[0]
    assert "build a bridge. **(False)**[^1][^2]" in annotated
    assert "said the mayor. **(ann: Mixed · bob: False)**" in annotated
    assert "nobody reviewed." in annotated and "nobody reviewed. **" not in annotated
    footnotes = re.findall(r"^\[\^(\d+)\]: (.*)$", text, re.MULTILINE)
    assert [n for n, _ in footnotes] == ["1", "2"]
    assert "*Council \\<minutes\\> & records*" in footnotes[0][1]
    assert "<https://council.example/m>" in footnotes[0][1]


def test_each_claim_lists_reviewers_notes_and_evidence(store: ReviewStore) -> None:
    build_review(store)
    text = _markdown(store)
    claim = text.split("### Claim 2: False")[1].split("### Claim 3")[0]
    assert "- ann: **False**" in claim and "- bob: **False**" in claim
    assert "  > Minutes say 7-2.\n  > Second line:" in claim  # a note's lines stay together
    assert "Evidence 1: *Council" in claim and "> The motion carried 7-2 on Monday." in claim
    assert "Adjudicated: **Mostly true** by carol" in text
    assert "speaker: the mayor" in text
    assert "Flag `quantity-mismatch`" in text


def test_untrusted_text_renders_as_written() -> None:
    md = MarkdownIt("commonmark")
    for raw in [
        '<script>alert("x")</script>',
        "**bold** _it_ [a](http://x)",
        "# head",
        "- item",
        "1. one",
        "a &amp; b",
        "`code`",
        "| pipe |",
        "x\x1b[31m",
        "    indented like code",
        "\tafter a tab",
    ]:
        page = md.render(escape(raw))
        assert "<script" not in page and "<strong>" not in page and "<a " not in page
        assert "<h1>" not in page and "<li>" not in page and "<code>" not in page
        assert page.startswith("<p>")


def test_only_reviewed_and_one_reviewer(store: ReviewStore) -> None:
    build_review(store)
    text = _markdown(store, only_reviewed=True)
    assert "nobody reviewed" not in text.split("## Claims")[1]
    ann = _markdown(store, reviewer="ann")
    assert "- bob:" not in ann and "Only reviewer:** ann" in ann
    assert "### Claim 5: Mixed" in ann  # ann's verdict alone settles it in her report
    assert "Agreement" not in ann


@given(st.text(st.sampled_from(list("ab1 .\\`*_[]<>|~#&;!()-+=:/\"'")), max_size=40))
def test_escaped_line_renders_exactly_as_written(raw: str) -> None:
    line = " ".join(raw.split())
    rendered = MarkdownIt("commonmark").render(escape(line)).strip()
    if line:
        assert rendered.startswith("<p>") and rendered.endswith("</p>")
        inner = rendered[3:-4]
        assert "<" not in inner and html.unescape(inner) == line


def test_at_a_glance_table_and_flags_in_the_article(store: ReviewStore) -> None:
    build_review(store)
    text = _markdown(store)
    summary = text.split("## Summary")[1].split("## Annotated article")[0]
    assert "| # | Claim | Verdict | Flags |" in summary
    assert "| 2 | The council voted 7 to 2 on Monday to build a bridge. | False |  |" in summary
    flagged = "| 3 | It will cost £4.5 million, officials said. | Mostly true | quantity-mismatch |"
    assert flagged in summary
    assert "| disputed \\(ann: Mixed · bob: False\\) |" in summary
    assert "| not reviewed |" in summary
    annotated = text.split("## Annotated article")[1].split("## Claims")[0]
    assert "officials said. **(Mostly true)** ⚑ quantity-mismatch" in annotated


def test_no_paths_or_ids_unless_internal(store: ReviewStore) -> None:
    review = build_review(store)
    text = _markdown(store)
    for internal in (review.passage_id, review.article_id, review.claims[0], "minutes.txt"):
        assert internal not in text
    assert "Kind:" not in text and "speaker: the mayor" in text
    assert (
        '[^1]: "The motion carried 7-2 on Monday." — *Council \\<minutes\\> & records*, '
        "Harlow Vale Council, 2026-03-09, <https://council.example/m>" in text
    )
    team = _markdown(store, internal=True)
    assert f"passage {review.passage_id}" in team and "- **Article id:**" in team
