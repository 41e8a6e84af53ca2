"""The reading view's layout: each claim's place in the printable text, and wrapping."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from review_db import ClaimBrief
from workbench.safe_text import printable
from workbench.tui.reading_layout import (
    _SINGLE_CELLS,
    _wrap_single_cells,
    _wrap_words,
    run_steps,
    shown_article,
    units_on,
    wrap,
)


def _claims(text: str, *parts: str) -> list[ClaimBrief]:
    """Briefs for ``parts`` (each found in ``text`` after the one before)."""
    found, at = [], 0
    for ordinal, part in enumerate(parts, start=1):
        start = text.index(part, at)
        at = start + len(part)
        found.append(
            ClaimBrief(
                id=f"c{ordinal}", article_id="a", ordinal=ordinal, text=part, start=start,
                end=at, kind="claim", worthiness=0.5, flagged=False,
            )
        )  # fmt: skip
    return found


def _shown(text: str, claims: list[ClaimBrief]) -> dict[str, str]:
    article = shown_article(text, claims)
    return {unit.claim.id: article.text[unit.start : unit.end] for unit in article.units}


def test_escapes_and_bidi_before_and_inside_a_claim_keep_every_claim_in_place() -> None:
    first = "The \x1b[31mcouncil\x1b[0m said 40 homes flooded."
    second = "Abc \u202edetalf\u202c were \u2066isolated\u2069 [bold]not markup[/bold]."
    third = "Repairs cost £2.4 million."
    text = f"Intro \x07\u200f line.\n\n{first} {second}\t{third}"
    claims = _claims(text, first, second, third)
    shown = _shown(text, claims)
    assert shown == {c.id: printable(c.text) for c in claims}
    assert "\\x1b[31mcouncil" in shown["c1"] and "\\u202edetalf" in shown["c2"]
    assert shown_article(text, claims).text == printable(text).replace("\t", " ")


def test_text_without_escapes_keeps_the_stored_offsets() -> None:
    text = "One claim here.\tAnother one there."
    claims = _claims(text, "One claim here.", "Another one there.")
    article = shown_article(text, claims)
    assert [(u.start, u.end) for u in article.units] == [(c.start, c.end) for c in claims]
    assert article.text == "One claim here. Another one there."


def test_offsets_that_do_not_hold_are_cut_to_what_does() -> None:
    text = "First sentence. Second sentence."
    first, second = _claims(text, "First sentence.", "Second sentence.")
    beyond = replace(second, end=500)  # ends past the text
    inside = replace(second, id="c3", ordinal=3, start=3)  # starts inside the first
    swallowed = replace(first, id="c4", ordinal=4, end=10)  # lies inside the first
    article = shown_article(text, [first, beyond, inside, swallowed])
    spans = {u.claim.id: (u.start, u.end) for u in article.units}
    # c3 keeps what follows c1; then nothing is left of c2 (inside c3) or of c4.
    assert spans == {"c1": (0, 15), "c3": (15, 32)}


def _lines(text: str, width: int) -> list[str]:
    wrapped = wrap(text, width)
    return [text[a:b] for a, b in zip(wrapped.starts, wrapped.ends, strict=True)]


def test_wrapping_breaks_at_spaces_and_folds_what_is_longer_than_a_line() -> None:
    text = "The storm struck Port Aldous on Wednesday.\n\nSee https://example.com/a/very/long/path"
    assert _lines(text, 20) == [
        "The storm struck ",
        "Port Aldous on ",
        "Wednesday.",
        "",
        "See ",
        "https://example.com/",
        "a/very/long/path",
    ]


def test_wide_characters_are_measured_in_cells() -> None:
    text = "東京都は 二〇二六年 六月に 発表した"
    for line in _lines(text, 10):
        assert cell_len(line.rstrip(" ")) <= 10
    assert "".join(_lines(text, 10)) == text


def test_a_no_break_space_keeps_its_words_on_one_line() -> None:
    assert _lines("costs £2.4\xa0million today", 12) == ["costs ", "£2.4\xa0million ", "today"]


def test_every_character_taken_as_one_cell_is_one_cell() -> None:
    ranges = [c for c in map(chr, range(0x20, 0x20C1)) if _SINGLE_CELLS.fullmatch(c)]
    assert len(ranges) > 1000
    assert [c for c in ranges if cell_len(c) != 1] == []
    assert not _SINGLE_CELLS.fullmatch("e\u0301")  # a combining accent takes no cell
    assert not _SINGLE_CELLS.fullmatch("東")


_WORDS = st.text(alphabet=st.sampled_from("ab £—“”• "), max_size=120)


@given(text=_WORDS, width=st.integers(min_value=1, max_value=30))
def test_counting_characters_cuts_where_measuring_cells_does(text: str, width: int) -> None:
    by_cells: tuple[list[int], list[int]] = ([], [])
    by_words: tuple[list[int], list[int]] = ([], [])
    _wrap_single_cells(text, 0, len(text), width, *by_cells)
    run_steps(_wrap_words(text, 0, len(text), width, *by_words))
    assert by_cells == by_words


@given(
    text=st.text(alphabet=st.sampled_from("ab 東\u0301\n"), max_size=200),
    width=st.integers(min_value=2, max_value=30),
)
def test_lines_cover_the_text_and_fit_the_width(text: str, width: int) -> None:
    wrapped = wrap(text, width)
    at = 0
    for start, end in zip(wrapped.starts, wrapped.ends, strict=True):
        if start != at:  # a new paragraph: the line before ended at its newline
            assert text[at] == "\n" and start == at + 1
        assert "\n" not in text[start:end]
        assert cell_len(text[start:end].rstrip(" ")) <= width
        at = end
    assert at == len(text)


def test_units_on_a_line_are_those_overlapping_it() -> None:
    text = "One. Two. Three. Four."
    article = shown_article(text, _claims(text, "One.", "Two.", "Three.", "Four."))
    ends = [unit.end for unit in article.units]
    found = units_on(article.units, ends, 7, 12)  # "o. Th"
    assert [article.units[i].claim.text for i in found] == ["Two.", "Three."]
    assert list(units_on(article.units, ends, 9, 10)) == []  # the space between
