"""A review written for the report tests: several reviewers, hostile and awkward text.

Notes carry newlines, quotes, ``<script>``, ``=HYPERLINK(...)``, Rich markup and emoji;
evidence comes from corpus passages (inserted directly: importing sources is another
feature) and from outside URLs; one claim is settled by adjudication, one is left
disputed, one is unanimous on a label without a rating.
"""

from __future__ import annotations

from dataclasses import dataclass

from review_db import NewClaim, NewSource, ReviewStore, ids

TITLE = 'Bridge <b>plan</b> & "costs" 🌉'
LINES = [
    "The council voted 7 to 2 on Monday to build a bridge.",
    "It will cost £4.5 million, officials said.",
    '=HYPERLINK("http://evil.example","click") appeared in print.',
    '"This bridge will last a century <script>alert(1)</script>," said the mayor.',
    "[bold red]Rich markup[/bold red] and a line nobody reviewed.",
]
TEXT = "Council news\n\n" + "\n".join(LINES) + "\n"
NOTE = 'Minutes say 7-2.\nSecond line: "quoted" <script>alert("x")</script> 🎉 [bold]b[/bold]'
FORMULA_NOTE = '=HYPERLINK("http://evil.example","x")'
OUTSIDE_URL = "https://council.example/minutes?a=1&b=2"
OUTSIDE_QUOTE = "carried 7-2 <i>unanimously</i>"
SOURCE_TITLE = "Council <minutes> & records"


@dataclass(frozen=True)
class Review:
    article_id: str
    claims: list[str]  # claim ids of LINES, in order (the heading is not included)
    passage_id: str
    source_id: str


def add_source(store: ReviewStore, title: str, text: str, url: str | None) -> tuple[str, str]:
    """Store a source that is one passage, as `add sources` would; (source id, passage id)."""
    store.add_sources(
        [
            NewSource(
                text=text,
                title=title,
                passages=((0, len(text)),),
                origin="corpus/minutes.txt",
                url=url,
                publisher="Harlow Vale Council",
                published="2026-03-09",
            )
        ],
        segmenter="test",
    )
    source_id = ids.source_id(text)
    return source_id, ids.passage_id(source_id, 1, text)


def build_review(store: ReviewStore, *, url: str | None = "https://news.example/bridge") -> Review:
    claims = []
    position = 0
    for line in TEXT.split("\n"):
        if line.strip():
            kind = "quote" if line.startswith('"') else "claim"
            signals = {"speaker": "the mayor"} if kind == "quote" else {}
            if line.startswith("It will cost"):
                signals = {
                    "flags": [
                        {
                            "type": "quantity-mismatch",
                            "message": "£4.5 million <here> against £5m",
                            "claims": [],
                            "spans": [],
                        }
                    ]
                }
            claims.append(
                NewClaim(
                    text=line,
                    start=position,
                    end=position + len(line),
                    kind=kind,
                    worthiness=0.5,
                    signals=signals,
                )
            )
        position += len(line) + 1
    added = store.add_article(
        TEXT, title=TITLE, claims=claims, segmenter="test", url=url, published="2026-03-09"
    )
    article_id = added.article.id
    claim_ids = [c.id for c in store.claims(article_id)][1:]
    source_id, passage_id = add_source(
        store, SOURCE_TITLE, "The motion carried 7-2 on Monday.", "https://council.example/m"
    )
    one, two, three, four, _ = claim_ids
    store.record_events(
        "ann",
        [
            (one, "verdict", {"label": "False"}),
            (one, "note", {"text": NOTE}),
            (one, "evidence-add", {"passage": passage_id}),
        ],
    )
    store.record_events(
        "bob",
        [
            (one, "verdict", {"label": "False"}),
            (one, "evidence-add", {"passage": passage_id}),
            (one, "evidence-add", {"url": OUTSIDE_URL, "quote": OUTSIDE_QUOTE}),
        ],
    )
    store.record_event(two, "ann", "verdict", {"label": "True"})
    store.record_event(two, "bob", "verdict", {"label": "Mostly true"})
    store.record_event(two, "carol", "adjudication", {"label": "Mostly true"})
    store.record_events(
        "ann",
        [(three, "verdict", {"label": "Unverifiable"}), (three, "note", {"text": FORMULA_NOTE})],
    )
    store.record_event(three, "bob", "verdict", {"label": "Unverifiable"})
    store.record_event(four, "ann", "verdict", {"label": "Mixed"})
    store.record_event(four, "bob", "verdict", {"label": "True"})
    store.undo("bob")  # bob's verdict on four is taken back ...
    store.record_event(four, "bob", "verdict", {"label": "False"})  # ... and given again
    return Review(article_id, claim_ids, passage_id, source_id)


__all__ = ["Review", "add_source", "build_review"]
