"""Claims: kinds, speakers, check-worthiness with reasons, and consistency flags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review_db import ClaimBrief, NewClaim, ReviewStore, ids
from workbench.claims.extract import SEGMENTER_VERSION, extract_claims, resplit_unreviewed
from workbench.claims.review_order import order_for_review

from .conftest import Invoke

EVERY_KIND = (Path(__file__).parent / "fixtures" / "articles" / "every-kind.txt").read_text()


@pytest.fixture(scope="module")
def units() -> list[NewClaim]:
    return extract_claims(EVERY_KIND)


def _find(units: list[NewClaim], start: str) -> NewClaim:
    return next(u for u in units if u.text.startswith(start))


def test_every_kind_is_recognised(units: list[NewClaim]) -> None:
    kinds = {u.text[:30]: u.kind for u in units}
    assert kinds["Friday, June 12, 2026"] == "heading"
    assert kinds["Storm tears roofs off 300 home"] == "heading"
    assert kinds["• Winds of 140 km/h hit the co"] == "claim"
    assert kinds["Boats piled against the harbou"] == "caption"
    assert kinds["Lena Brandt/Coastline Photos, "] == "credit"
    assert kinds["Map of the storm track across "] == "caption"
    assert kinds["Coastal Survey"] == "credit"
    assert kinds['"We lost everything in ten min'] == "quote"
    assert kinds["Could the town have been bette"] == "other"
    assert kinds["storm port-aldous weather"] == "other"
    assert kinds["Read more: how storms are name"] == "other"
    assert kinds["Mayor Ruth Kessler told report"] == "claim"


def test_repeated_caption_points_at_the_first(units: list[NewClaim]) -> None:
    first, second = [u for u in units if u.text.startswith("Boats piled")]
    assert "duplicate_of" not in first.signals
    ordinal = units.index(first) + 1
    assert second.signals["duplicate_of"] == ids.claim_id(
        ids.article_id(EVERY_KIND), ordinal, first.text
    )


def test_quotes_name_their_speaker(units: list[NewClaim]) -> None:
    opening = _find(units, '"We lost everything')
    assert opening.text.endswith("said fisherman Jonas Whitby.")  # the quotation stays whole
    assert opening.signals["speaker"] == "Jonas Whitby"
    assert _find(units, '"Nobody warned us."').signals["speaker"] == "Jonas Whitby"
    assert _find(units, '"It was the worst night').signals["speaker"] == "Jonas Whitby"


def test_worthiness_ranks_checkable_facts_first(units: list[NewClaim]) -> None:
    storm = _find(units, "The storm struck Port Aldous")
    question = _find(units, "Could the town")
    credit = _find(units, "Lena Brandt")
    assert storm.worthiness > 0.5 and question.worthiness == 0 and credit.worthiness == 0
    reasons = " ".join(storm.signals["reasons"])
    assert "figures: about 300" in reasons and "dates: Wednesday, June 10" in reasons
    assert "absolutes or superlatives: first" in reasons and "names: Port Aldous" in reasons
    assert all(0 <= u.worthiness <= 1 for u in units)
    bridge = "Officials said the new bridge over the river {}cost £4 million."
    hedged = extract_claims(bridge.format("may have "))[0]
    plain = extract_claims(bridge.format(""))[0]
    assert hedged.worthiness < plain.worthiness
    assert any(r.startswith("hedged: may") for r in hedged.signals["reasons"])


def test_signals_offsets_point_into_the_article(units: list[NewClaim]) -> None:
    for unit in units:
        for item in unit.signals["numbers"] + unit.signals["dates"]:
            assert EVERY_KIND[item["start"] : item["end"]] == item["text"]


def _flags(units: list[NewClaim], kind: str) -> list[dict]:
    found: dict[str, dict] = {}
    for unit in units:
        for flag in unit.signals["flags"]:
            if flag["type"] == kind:
                found[flag["message"]] = flag
    return list(found.values())


def _check_flag_places(units: list[NewClaim], flag: dict) -> None:
    assert len(flag["claims"]) >= 2  # every flag names both places
    article = ids.article_id(EVERY_KIND)
    by_id = {ids.claim_id(article, i + 1, u.text): u for i, u in enumerate(units)}
    assert any(flag in by_id[claim_id].signals["flags"] for claim_id in flag["claims"])
    for claim_id, start, end in flag["spans"]:
        unit = by_id[claim_id]
        assert unit.start <= start < end <= unit.end


def test_weekday_that_does_not_fit_its_date(units: list[NewClaim]) -> None:
    (flag,) = _flags(units, "weekday-date-mismatch")
    assert flag["message"] == (
        "“Tuesday, June 10”: June 10, 2026 was a Wednesday, not a Tuesday "
        "(year 2026 from the dateline)"
    )
    _check_flag_places(units, flag)


def test_same_count_given_two_ways(units: list[NewClaim]) -> None:
    flags = _flags(units, "quantity-mismatch")
    messages = sorted(f["message"] for f in flags)
    assert messages == [
        "injured: “dozens” (24–99) against “12” (12) elsewhere in the article",
        "killed: “Two” (2) against “three” (3) elsewhere in the article",
    ]
    for flag in flags:
        _check_flag_places(units, flag)


def test_relative_date_against_the_dateline(units: list[NewClaim]) -> None:
    (flag,) = _flags(units, "relative-date-inconsistent")
    assert flag["message"].startswith("“yesterday” is Thursday by the dateline")
    _check_flag_places(units, flag)


def test_no_year_no_weekday_flag() -> None:
    text = "Storm hits coast\n\nThe storm struck on Tuesday, June 10, flooding the harbour."
    assert all(u.signals["flags"] == [] for u in extract_claims(text))


def test_year_from_another_full_date_and_far_dateline() -> None:
    text = (
        "Saturday, December 4\n\nRally held in capital\n\n"
        "On Wednesday 19 August, crowds gathered in the square.\n\n"
        "Police said on Friday that the crowd had left.\n\n"
        "Marchers in the square on August 19, 2021."
    )
    units = extract_claims(text)
    flags = {f["type"]: f for u in units for f in u.signals["flags"]}
    assert flags["weekday-date-mismatch"]["message"].startswith(
        "“Wednesday 19 August”: August 19, 2021 was a Thursday, not a Wednesday (year 2021 from"
    )
    (ambiguous,) = [
        (u.text, f["message"]) for u in units for f in u.signals["flags"]
        if f["type"] == "relative-date-inconsistent"
    ]  # fmt: skip
    assert ambiguous == (
        "Police said on Friday that the crowd had left.",
        "“on Friday” follows “Wednesday 19 August”, so it may mean Friday, August 20, 2021; "
        "read against the dateline (Saturday, December 4, 2021) it means Friday, December 3, "
        "2021: which is meant?",
    )  # on the one claim that shows it, not on the dateline or the earlier claim


def test_consistent_article_raises_no_flags() -> None:
    text = (
        "Tuesday, March 10, 2026\n\nTown counts the cost\n\n"
        "The river burst its banks on Sunday, March 8. Two people died, police said.\n\n"
        "Police confirmed on Monday that two people were killed."
    )
    assert all(u.signals["flags"] == [] for u in extract_claims(text))


def test_extraction_is_deterministic() -> None:
    assert extract_claims(EVERY_KIND) == extract_claims(EVERY_KIND)


# -- stored and listed -------------------------------------------------------------------------


def test_claims_listing_sorts_filters_and_explains(run: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "storm.txt"
    path.write_text(EVERY_KIND)
    run("add", "article", str(path))
    rows = [
        json.loads(x)
        for x in run("claims", "--json", "--sort", "worthiness").stdout.split("\n")
        if x
    ]
    assert [r["worthiness"] for r in rows] == sorted((r["worthiness"] for r in rows), reverse=True)
    quotes = [
        json.loads(x) for x in run("claims", "--json", "--kind", "quote").stdout.split("\n") if x
    ]
    assert {q["kind"] for q in quotes} == {"quote"} and len(quotes) == 3
    assert quotes[0]["signals"]["speaker"] == "Jonas Whitby"
    top = run("claims", "--min-worthiness", "0.55").stdout
    assert "The storm struck Port Aldous" in top and "Coastal Survey" not in top
    explained = run("claims", "--why", "--kind", "claim").stdout
    assert "why: figures: about 300" in explained
    assert "⚑ weekday-date-mismatch" in explained and "⚑2" in explained
    assert set(rows[0]["signals"]) >= {"reasons", "numbers", "dates", "entities", "flags"}


def test_unreviewed_articles_are_resplit_reviewed_ones_kept(
    run: Invoke, db_path: Path, tmp_path: Path
) -> None:
    with ReviewStore(db_path, create=True) as store:
        whole = [NewClaim(EVERY_KIND, 0, len(EVERY_KIND))]
        store.add_article(EVERY_KIND, title="Old", claims=whole, segmenter="old-1")
        other = "A second story. It is short."
        store.add_article(
            other, title="Reviewed", claims=[NewClaim(other, 0, len(other))], segmenter="old-1"
        )
        reviewed = store.claims()[-1].id
        store.record_event(reviewed, "ann", "verdict", {"label": "True"})
    listed = run("articles")  # a read never writes: the old claims stay until an import
    assert listed.exit_code == 0 and "Re-split" not in listed.stderr
    with ReviewStore(db_path) as store:
        assert store.articles()[0].claims == 1
    third = tmp_path / "third.txt"
    third.write_text("A third story. It is new.\n")
    result = run("add", "article", str(third))
    assert "Re-split article" in result.stderr and "(20 claims; it had no reviews)" in result.stderr
    with ReviewStore(db_path) as store:
        by_title = {a.title: a for a in store.articles()}
        old = by_title["Old"]  # every unit, the headings and credits counted apart
        assert old.claims + old.other_units == 20 and by_title["Reviewed"].claims == 1
        assert store.article(by_title["Old"].id).segmenter == SEGMENTER_VERSION
        assert store.claim(reviewed).text == "A second story. It is short."
        assert resplit_unreviewed(store) == []  # nothing left to do, nothing said twice
    assert "Re-split" not in run("add", "article", str(third)).stderr


@pytest.mark.parametrize(
    "text",
    [
        "no sentence punctuation anywhere just words and more words " * 50,
        "z" * 200_000,
        " \n\t \n",
        "مرحبا بالعالم. قال الوزير إن 12 شخصا قتلوا. 你好，世界。据报道，3人死亡。 🎉 Go!",
        "Prices \x1b[31mcrashed\x1b[0m 40% on Monday.\x00\x07 [bold]Really[/bold]?",
    ],
    ids=["no-punctuation", "one-200kB-line", "whitespace", "mixed-scripts", "controls"],
)
def test_hostile_text_gives_sensible_units(text: str) -> None:
    units = extract_claims(text)
    for unit in units:
        assert text[unit.start : unit.end] == unit.text
        assert unit.kind in ("claim", "quote", "heading", "caption", "credit", "other")
        assert 0 <= unit.worthiness <= 1
    if not text.strip():
        assert units == []


_PIECES = [
    "The ",
    "council ",
    "said ",
    "12 ",
    "people ",
    "died ",
    "on Monday, March 9",
    ". ",
    "\n",
    "\n\n",
    '"',
    "“",
    "”",
    "dozens ",
    "Mr. ",
    "Smith ",
    "? ",
    "• ",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_units_cover_the_text_in_order_without_overlap(text: str) -> None:
    previous = 0
    for unit in extract_claims(text):
        assert previous <= unit.start < unit.end and text[unit.start : unit.end] == unit.text
        assert text[previous : unit.start].strip() == ""
        previous = unit.end
    assert text[previous:].strip() == ""


# -- wire slugs, staff credits and the summary bullets at the top -----------------------------

QUARRY = """Quarry firm fined over dust

• Dellow Stone fined £40,000 for dust breaches
• Residents complained for three years

LONDON (Reuters) - Dellow Stone was fined £40,000 on Thursday for letting dust drift over homes.

The court heard that dust levels were twice the legal limit.

"We have fitted new filters," the firm said.

(Reporting by Ines Varga in London; Additional reporting by Tom Reel; Editing by Kit Moss)

By Ines Varga and Tom Reel

Edited by Kit Moss

Tom Reel contributed reporting from Leeds.
"""

SLUG_ONLY = "Ferry sinks off Kestrel\n\nOSLO (AP) —\n\nA ferry sank off Kestrel on Monday.\n"


def test_agency_slugs_and_staff_credit_variants_are_credits() -> None:
    kinds = {c.text: c.kind for c in extract_claims(QUARRY) + extract_claims(SLUG_ONLY)}
    assert kinds["LONDON (Reuters) -"] == "credit"
    assert kinds["OSLO (AP) —"] == "credit"
    # the claim after the slug is the sentence alone, without the dateline and agency
    assert (
        kinds["Dellow Stone was fined £40,000 on Thursday for letting dust drift over homes."]
        == "claim"
    )
    for credit in (
        "(Reporting by Ines Varga in London; Additional reporting by Tom Reel; "
        "Editing by Kit Moss)",
        "By Ines Varga and Tom Reel",
        "Edited by Kit Moss",
        "Tom Reel contributed reporting from Leeds.",
    ):
        assert kinds[credit] == "credit", credit
    # a bullet before a slug is not a photo caption
    assert kinds["• Residents complained for three years"] == "claim"


def _briefs(text: str) -> list[ClaimBrief]:
    return [
        ClaimBrief(f"c{i}", "a", i, c.text, c.start, c.end, c.kind, c.worthiness, False)
        for i, c in enumerate(extract_claims(text), start=1)
    ]


def test_leading_summary_bullets_are_reviewed_after_the_body() -> None:
    order = [c.text[:24] for c in order_for_review(_briefs(QUARRY))]
    assert order[:5] == [
        "Dellow Stone was fined £",
        "The court heard that dus",
        '"We have fitted new filt',
        "• Dellow Stone fined £40",
        "• Residents complained f",
    ]
    assert order[5] == "Quarry firm fined over d"  # then the headline and the credits


def test_bullets_inside_the_body_keep_their_place() -> None:
    text = "Budget passed\n\nThe council passed its budget on Monday.\n\n- Roads: £2m\n- Parks: £1m"
    assert [c.text for c in order_for_review(_briefs(text))][:3] == [
        "The council passed its budget on Monday.",
        "- Roads: £2m",
        "- Parks: £1m",
    ]


def test_a_sentence_opening_with_by_is_not_a_byline() -> None:
    kinds = {
        c.text: c.kind
        for c in extract_claims(
            "By the way — look at the harbour.\n\n"
            "By cutting bus fares and parking fees, the council hopes to fill the town centre.\n"
        )
    }
    assert set(kinds.values()) == {"claim"}, kinds


def test_the_store_keeps_the_ids_the_pipeline_computed(tmp_path: Path) -> None:
    claims = extract_claims(EVERY_KIND)
    assert all(claim.id for claim in claims)
    with ReviewStore(tmp_path / "ids.db", create=True) as store:
        store.add_article(EVERY_KIND, title="T", claims=claims, segmenter=SEGMENTER_VERSION)
        assert [c.id for c in store.claims()] == [claim.id for claim in claims]


def test_the_store_refuses_a_claim_whose_id_breaks_the_rule(tmp_path: Path) -> None:
    """A claim's id is ids.claim_id(article, 1-based position, text): a list missing a
    claim would give every later claim another claim's ordinal, and the store says so."""
    claims = extract_claims(EVERY_KIND)
    with ReviewStore(tmp_path / "ids.db", create=True) as store:
        with pytest.raises(ValueError, match="claim 2 has id"):
            store.add_article(EVERY_KIND, title="T", claims=[claims[0], *claims[2:]], segmenter="s")
        assert store.claims() == []


def test_flags_cross_as_typed_values_and_bad_stored_ones_are_left_out() -> None:
    from review_db import Claim
    from review_db.models import Flag

    good = {
        "type": "quantity-mismatch",
        "message": "15 against dozens",
        "claims": ["aaaaaaaaaaaa", "bbbbbbbbbbbb"],
        "spans": [["aaaaaaaaaaaa", 4, 6]],
    }
    forged = [7, {"type": 7}, {"type": "x", "message": ["m"]}, {"type": "x", "claims": "ab"}]
    claim = Claim("aaaaaaaaaaaa", "a" * 12, 1, "text", 0, 4, "claim", 0.5,
                  {"flags": [good, *forged]})  # fmt: skip
    (flag,) = claim.flags
    assert isinstance(flag, Flag) and flag.to_json() == good
    assert flag.holders == ("aaaaaaaaaaaa",) and flag.spans == (("aaaaaaaaaaaa", 4, 6),)
    assert Claim(**{**claim.__dict__, "signals": {"flags": "no"}}).flags == ()
