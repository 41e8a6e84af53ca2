"""The fast passage splitter for sources: exact offsets, abbreviations kept whole."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.corpus.passages import MAX_PASSAGE_CHARS, split_passages


def texts(text: str) -> list[str]:
    return [text[start:end] for start, end in split_passages(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello World. My name is Jonas.", ["Hello World.", "My name is Jonas."]),
        (
            "Dr. Miriam Okafor spoke. Gov. Pryce did not.",
            ["Dr. Miriam Okafor spoke.", "Gov. Pryce did not."],
        ),
        (
            "I work for the U.S. Government in Virginia.",
            ["I work for the U.S. Government in Virginia."],
        ),
        ("I live in the U.S. How about you?", ["I live in the U.S.", "How about you?"]),
        ("At 5 a.m. Mr. Smith went to the bank.", ["At 5 a.m.", "Mr. Smith went to the bank."]),
        ("She has $100.00 in her bag. It is safe.", ["She has $100.00 in her bag.", "It is safe."]),
        ("Please turn to p. 55. Then read on.", ["Please turn to p. 55.", "Then read on."]),
        ("My name is Jonas E. Smith.", ["My name is Jonas E. Smith."]),
        ('She said, "This is great." she smiled.', ['She said, "This is great." she smiled.']),
        ("Hello!! Long time no see.", ["Hello!!", "Long time no see."]),
        ("A headline\nA line of its own", ["A headline", "A line of its own"]),
        ("1. The first item. 2. The second item.", ["1. The first item.", "2. The second item."]),
    ],
)
def test_sentences_split_where_a_reader_would(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_blank_and_punctuation_only_lines_make_no_passage() -> None:
    assert texts("\n\n   \n...\n- \nReal text.\n") == ["Real text."]


def test_a_run_on_line_is_cut_at_spaces_into_readable_passages() -> None:
    text = " ".join(["word"] * 1000)
    spans = split_passages(text)
    assert len(spans) > 1
    assert all(end - start <= MAX_PASSAGE_CHARS for start, end in spans)
    assert " ".join(text[s:e] for s, e in spans) == text


@given(st.text(alphabet=st.sampled_from("ab .!?\n\"'DrU.S1,"), max_size=300))
def test_spans_slice_the_text_in_order_trimmed_and_within_lines(text: str) -> None:
    previous_end = 0
    for start, end in split_passages(text):
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip() and "\n" not in piece
        assert any(ch.isalnum() for ch in piece)
        previous_end = end
