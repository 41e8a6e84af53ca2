"""Quotation speakers: a person or an organisation, never the document that carried the
words ("the tweet", "the statement", "the report")."""

from __future__ import annotations

from workbench.claims.extract import extract_claims

BATHS = """Council closes Brinley baths

The Brinley council voted on Tuesday to close the town's only public baths.

Councillor Edda Marsh posted on social media that the vote was a mistake.

"This is a sad day for the town," the post said.

The baths trust said in a statement that it would appeal.

"Repairs would have cost less than closure," the statement added.

"Use fell by half in five years," the report said.

"Nobody asked the swimmers," a spokesman told reporters.

"We will appeal," said the Friends of Brinley Baths.
"""


def _speakers(text: str) -> dict[str, str | None]:
    return {c.text: c.signals.get("speaker") for c in extract_claims(text) if c.kind == "quote"}


def test_a_document_is_never_the_speaker() -> None:
    speakers = _speakers(BATHS)
    assert speakers['"This is a sad day for the town," the post said.'] == "Councillor Edda Marsh"
    assert speakers['"Repairs would have cost less than closure," the statement added.'] == (
        "the baths trust"
    )
    # Nobody before it wrote a report, and "told reporters" is not a report: unknown.
    assert speakers['"Use fell by half in five years," the report said.'] is None


def test_people_and_organisations_stay_speakers() -> None:
    speakers = _speakers(BATHS)
    assert speakers['"Nobody asked the swimmers," a spokesman told reporters.'] == "a spokesman"
    assert speakers['"We will appeal," said the Friends of Brinley Baths.'] == (
        "Friends of Brinley Baths"
    )
