"""From article text to claims: units, their kinds, check-worthiness and consistency flags.

The pipeline is: segment into sentences and stand-alone lines (``segment``), decide what
each unit is (``kinds``), find what makes it worth checking (``signals``, ``worthiness``),
then look across the article for contradictions (``consistency``).  Everything is
deterministic, and every score and flag carries the reasons a reviewer is shown.

Offsets in ``signals`` (numbers, dates, flag spans) are into the article text, like the
claim's own ``start`` and ``end``.
"""

from __future__ import annotations

from typing import Any

from review_db import NewClaim, ReviewStore
from review_db import ids as id_rules
from workbench.claims.consistency import Place, held_flags
from workbench.claims.kinds import Unit, classify
from workbench.claims.segment import SEGMENTER_VERSION, segment_sentences
from workbench.claims.signals import find_signals
from workbench.claims.worthiness_model import WorthinessModel, rate
from workbench.claims.worthiness_training import load_model

__all__ = ["SEGMENTER_VERSION", "extract_claims", "resplit_unreviewed"]


def extract_claims(text: str, model: WorthinessModel | None = None) -> list[NewClaim]:
    """Every unit of ``text`` in order, with kind, worthiness and signals; worthiness by
    ``model`` when one is given, else by the default scorer."""
    spans = segment_sentences(text)
    units = []
    for index, span in enumerate(spans):
        block_spans = [s for s in spans[max(0, index - 1) : index + 2] if s.block == span.block]
        units.append(
            Unit(
                index=index,
                start=span.start,
                end=span.end,
                text=text[span.start : span.end],
                whole_block=len(block_spans) == 1,
            )
        )
    classify(units)
    article_id = id_rules.article_id(text)
    places = [
        Place(
            unit, id_rules.claim_id(article_id, unit.index + 1, unit.text), find_signals(unit.text)
        )
        for unit in units
    ]
    flags = held_flags(places)
    claims = []
    for place in places:
        unit = place.unit
        held = flags.get(place.claim_id, [])
        worthiness, reasons = rate(model, unit.kind, place.signals, unit.text, len(held))
        signals = _signals_json(place, reasons + unit.reasons)
        signals["kind_reasons"] = unit.reasons
        if unit.speaker:
            signals["speaker"] = unit.speaker
        if unit.duplicate_of is not None:
            signals["duplicate_of"] = places[unit.duplicate_of].claim_id
        signals["flags"] = [flag.to_json() for flag in held]
        claims.append(
            NewClaim(
                text=unit.text,
                start=unit.start,
                end=unit.end,
                kind=unit.kind,
                worthiness=worthiness,
                signals=signals,
                id=place.claim_id,
            )
        )
    return claims


def _signals_json(place: Place, reasons: list[str]) -> dict[str, Any]:
    s = place.signals
    offset = place.unit.start

    def shifted(item: dict[str, Any]) -> dict[str, Any]:
        return {**item, "start": item["start"] + offset, "end": item["end"] + offset}

    return {
        "reasons": reasons,
        "numbers": [shifted(q.as_json()) for q in s.numbers],
        "dates": [shifted(d.as_json()) for d in s.dates],
        "entities": s.entities,
        "attribution": s.attribution,
    }


def resplit_unreviewed(store: ReviewStore) -> list[tuple[str, str, int]]:
    """Re-split articles made by an older segmenter, unless someone has reviewed them.

    Returns (article id, title, new claim count) for each article re-split; reviewed
    articles keep their claims, since verdicts point at them.
    """
    done = []
    needing = store.articles_needing_resplit(SEGMENTER_VERSION)
    model = load_model(store) if needing else None
    for article_id in needing:
        article = store.article(article_id)
        claims = extract_claims(article.text, model)
        if store.replace_claims(article_id, claims, SEGMENTER_VERSION):
            done.append((article_id, article.title, len(claims)))
    return done
