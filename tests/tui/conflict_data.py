"""Disagreements written into a test database: a flagged claim that ann and bob judge
differently, each with a note and evidence (a passage of a source, an outside page)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from review_db import Claim, NewSource, ReviewStore

SOURCE_TITLE = "Coastguard incident log"
SOURCE_TEXT = (
    "Two people died when the storm reached Port Aldous on Wednesday night, the "
    "coastguard said. Rescue crews answered forty calls before dawn."
)


@dataclass(frozen=True)
class Disputed:
    flagged: Claim  # ann True (note, passage), bob False (note, outside source)
    plain: Claim  # ann Mixed, bob Mostly false: no flags, no notes
    passage_id: str


def write_disputes(
    db_path: Path,
    article_id: str,
    *,
    source_title: str = SOURCE_TITLE,
    ann_note: str = "The coastguard log says two died.",
    bob_note: str = "The mayor says three: not settled.",
    quote: str = "three people were killed",
) -> Disputed:
    """Two disputed claims of the article (the first flagged one, and a plain claim)."""
    with ReviewStore(db_path) as store:
        store.add_sources(
            [NewSource(SOURCE_TEXT, source_title, ((0, len(SOURCE_TEXT)),))], segmenter="test"
        )
        (passage_id,) = [row[0] for row in store.conn.execute("SELECT id FROM passages")]
        claims = store.claims(article_id)
        flagged = next(c for c in claims if c.flags and c.kind == "claim")
        plain = next(c for c in claims if not c.flags and c.kind == "claim")
        store.record_events(
            "ann",
            [
                (flagged.id, "verdict", {"label": "True"}),
                (flagged.id, "note", {"text": ann_note}),
                (flagged.id, "evidence-add", {"passage": passage_id}),
            ],
        )
        store.record_events(
            "bob",
            [
                (flagged.id, "verdict", {"label": "False"}),
                (flagged.id, "note", {"text": bob_note}),
                (
                    flagged.id,
                    "evidence-add",
                    {"url": "https://herald.example/storm", "quote": quote},
                ),
            ],
        )
        store.record_event(plain.id, "ann", "verdict", {"label": "Mixed"})
        store.record_event(plain.id, "bob", "verdict", {"label": "Mostly false"})
        return Disputed(flagged, plain, passage_id)
