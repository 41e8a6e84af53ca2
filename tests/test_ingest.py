"""Reading article files: encodings, normalisation, and everything that is not an article."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from workbench.corpus.ingest import (
    MAX_ARTICLE_BYTES,
    article_from_bytes,
    decode_bytes,
    markdown_to_text,
    read_article,
)
from workbench.errors import InputError

TEXT = "Café owners said prices rose 12% in März.\nZoë agreed — “a lot”."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM, native order
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16-be", "utf16-le", "utf32"],
)
def test_unicode_encodings_decode_to_the_same_text(data: bytes) -> None:
    assert article_from_bytes(data, origin="x").text == TEXT


def test_legacy_8_bit_text_is_detected() -> None:
    legacy = (
        "Les habitants de la région ont déclaré que les prix avaient augmenté. "
        "Le maire a promis une aide financière aux familles touchées dès vendredi. "
    ) * 4
    text, encoding = decode_bytes(legacy.encode("cp1252"), "x")
    assert text == legacy and encoding.replace("_", "").lower() in {"cp1252", "latin1", "iso88591"}


def test_newlines_and_unicode_are_normalised() -> None:
    doc = article_from_bytes("Cafe\u0301 one.\r\nTwo.\rThree.".encode(), origin="x")
    assert doc.text == "Café one.\nTwo.\nThree."


def test_title_skips_the_dateline() -> None:
    doc = article_from_bytes(b"Tuesday, March 10, 2026\n\nFloods hit town\n\nBody.", origin="a.txt")
    assert doc.title == "Floods hit town"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"  \n\t\n ", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"abc\x00def\x00" * 50, "binary file"),
        (bytes([0x01, 0x02, 0x03, 0x04, 0x05, 0x06]) * 100, "binary file"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfd bad", "utf-8-sig"),
    ],
    ids=["empty", "whitespace", "png", "pdf", "nul-bytes", "controls", "bad-bom"],
)
def test_what_is_not_text_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        article_from_bytes(data, origin="x")


def test_undecodable_bytes_are_refused() -> None:
    data = bytes(range(0x80, 0x100)) * 40
    with pytest.raises(InputError):
        article_from_bytes(data, origin="x")


def test_missing_folder_and_huge_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_article(tmp_path)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(MAX_ARTICLE_BYTES + 1)
    with pytest.raises(InputError, match="larger than 5 MB"):
        read_article(huge)


def test_markdown_becomes_plain_blocks() -> None:
    text, title = markdown_to_text(
        "# Floods **hit** town\n\nThe river rose *4 metres* on [Sunday](https://x.org).\n"
        "A wrapped\nline.\n\n- first item\n- second item\n\n1. one\n2. two\n"
    )
    assert title == "Floods hit town"
    assert text.split("\n\n") == [
        "Floods hit town",
        "The river rose 4 metres on Sunday. A wrapped line.",
        "• first item",
        "• second item",
        "1. one",
        "2. two",
    ]


def test_markdown_file_is_read_as_markdown(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# Title here\n\nBody *text*.\n", encoding="utf-8")
    doc = read_article(path)
    assert doc.title == "Title here" and doc.text == "Title here\n\nBody text."
