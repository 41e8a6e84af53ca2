"""``extract_claims`` gives exactly the claims it gave when the expectations were stored.

The claims pipeline is rewritten for speed and typing now and then; none of that may change
a claim, a signal or a flag, because stored claims, their ids and every ``--json`` contract
are built from this output.  Each text in ``fixtures/extract`` (a generated news-like
article with every flag type the generator makes) and the hand-written articles of the
other tests is run through the pipeline and compared, one claim per line, with its stored
``.claims.jsonl``.  After a deliberate change of output, regenerate with
``.venv/bin/python -m tests.test_extract_golden`` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from review_db import ids
from workbench.claims.extract import extract_claims

from .test_consistency import ECONOMY, RIVER, STORM

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED = FIXTURES / "extract"
TEXTS = {
    "every-kind": (FIXTURES / "articles" / "every-kind.txt").read_text(),
    "news-2000": (EXPECTED / "news-2000.txt").read_text(),
    "river": RIVER,
    "economy": ECONOMY,
    "storm": STORM,
}


def _lines(text: str) -> list[str]:
    """One JSON line per claim: its id as the store computes it, and every field."""
    article_id = ids.article_id(text)
    return [
        json.dumps(
            {
                "id": ids.claim_id(article_id, ordinal, claim.text),
                "text": claim.text,
                "start": claim.start,
                "end": claim.end,
                "kind": claim.kind,
                "worthiness": claim.worthiness,
                "signals": claim.signals,
            },
            ensure_ascii=False,
        )
        for ordinal, claim in enumerate(extract_claims(text), start=1)
    ]


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_extract_claims_output_is_unchanged(name: str) -> None:
    expected = (EXPECTED / f"{name}.claims.jsonl").read_text().splitlines()
    assert _lines(TEXTS[name]) == expected


if __name__ == "__main__":
    for name, text in TEXTS.items():
        (EXPECTED / f"{name}.claims.jsonl").write_text("\n".join(_lines(text)) + "\n")
