"""Reading schema.org ClaimReview as fact-checkers publish it, into library records.

Accepted: ``.json`` (one ClaimReview, an array, an ``@graph``, or a data feed
``{"dataFeedElement": [{"item": [ClaimReview, ...]}]}``, nested in any of these ways),
``.jsonl`` (one ClaimReview, or one such document, per line, streamed whatever the
file's size) and ``.html`` pages (every ``<script type="application/ld+json">``).

Bad input never stops the good: a file that cannot be read or parsed is one problem and
gives nothing (so it is never half-imported); an entry without ``claimReviewed`` or a
rating is one problem, named by its position, and the file's other entries are read.
Objects of other types (the page, its publisher) are ignored.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from review_db.factchecks import NewFactCheck
from workbench.web_url import web_url_problem

from .terms import terms_text

FACTCHECK_SUFFIXES = (".json", ".jsonld", ".jsonl", ".html", ".htm")
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024  # one .json or .html; a .jsonl streams line by line
MAX_LINE_BYTES = 4 * 1024 * 1024
MAX_CLAIM_CHARS = 5_000  # a claim, not an article: longer text is not what was reviewed
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Entry:
    """One item a file held: a fact-check, or the problem that kept it out."""

    factcheck: NewFactCheck | None
    problem: str | None
    size: int  # bytes of the file this item accounts for (for progress)


def read_factcheck_file(path: Path) -> Iterator[Entry]:
    """Every ClaimReview of one file, in order, with a problem for each bad entry."""
    origin = str(path)
    suffix = path.suffix.lower()
    try:
        if not path.is_file():
            yield _problem(f"{origin}: is not a regular file", 0)
            return
        if suffix == ".jsonl":
            with path.open("rb") as stream:
                if b"\x00" in stream.read(4096):
                    yield _problem(f"{origin}: is binary, not JSON lines", path.stat().st_size)
                    return
                stream.seek(0)
                yield from _read_jsonl(stream, origin)
            return
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            yield _problem(
                f"{origin}: is {size / 1024 / 1024:.0f} MB; a .json or .html file of "
                f"fact-checks may be at most {MAX_DOCUMENT_BYTES // 1024 // 1024} MB "
                "(put one ClaimReview per line in a .jsonl file, which streams); refused",
                size,
            )
            return
        data = path.read_bytes()
    except OSError as e:
        yield _problem(f"{origin}: cannot read: {e.strerror}", 0)
        return
    if suffix in (".html", ".htm"):
        yield from _read_html(data, origin)
    else:
        yield from _read_json_document(data, origin, "", len(data))


def _problem(message: str, size: int) -> Entry:
    return Entry(None, message, size)


def _decode(data: bytes, where: str) -> str | Entry:
    if b"\x00" in data[:4096]:
        return _problem(f"{where}: is binary, not JSON", len(data))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _problem(f"{where}: is not UTF-8 text", len(data))


def _parse(text: str, where: str, size: int) -> Any:
    """The JSON value of ``text``, or an Entry naming why there is none."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        return _problem(
            f"{where}: is not valid JSON ({e.msg} at line {e.lineno} column {e.colno})", size
        )
    except RecursionError:
        return _problem(f"{where}: is JSON nested too deeply to be a ClaimReview", size)
    except ValueError as e:  # an integer with more digits than Python converts
        return _problem(f"{where}: is not usable JSON ({e})", size)


def _read_json_document(data: bytes, origin: str, where: str, size: int) -> Iterator[Entry]:
    """The ClaimReviews of one JSON document (a file, a line, or an HTML script)."""
    label = f"{origin}{where}"
    text = _decode(data, label)
    if isinstance(text, Entry):
        yield text
        return
    value = _parse(text, label, size)
    if isinstance(value, Entry):
        yield value
        return
    entries = list(_claim_reviews(value, ""))
    if not entries:
        yield _problem(f"{label}: holds no ClaimReview", size)
        return
    share = size // len(entries)
    for position, item in entries:
        at = f"{label} {position}" if position else label
        try:
            yield Entry(_factcheck(item, origin), None, share)
        except ValueError as e:
            yield _problem(f"{at}: {e}; skipped", share)


def _read_jsonl(stream: Any, origin: str) -> Iterator[Entry]:
    number = 0
    while True:
        line: bytes = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        number += 1
        where = f" line {number}"
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            skipped = len(line) + _skip_rest_of_line(stream)
            yield _problem(
                f"{origin}{where}: is over {MAX_LINE_BYTES // 1024 // 1024} MB, "
                "not one ClaimReview; skipped",
                skipped,
            )
            continue
        if not line.strip():
            continue
        yield from _read_json_document(line, origin, where, len(line))


def _skip_rest_of_line(stream: Any) -> int:
    skipped = 0
    while True:
        chunk: bytes = stream.readline(1024 * 1024)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


class _LdJsonScripts(HTMLParser):
    """Collects the text of every ``<script type="application/ld+json">``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = dict(attrs).get("type") or ""
        if tag == "script" and kind.strip().lower() == "application/ld+json":
            self._inside = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.scripts[-1] += data


def _read_html(data: bytes, origin: str) -> Iterator[Entry]:
    text = _decode(data, origin)
    if isinstance(text, Entry):
        yield text
        return
    parser = _LdJsonScripts()
    parser.feed(text)
    parser.close()
    found = False
    for number, script in enumerate(parser.scripts, start=1):
        entries = list(_read_json_document(script.encode("utf-8"), origin, f" script {number}", 0))
        if all(e.problem and e.problem.endswith("holds no ClaimReview") for e in entries):
            continue  # the page's other JSON-LD (its publisher, breadcrumbs)
        found = True
        yield from entries
    if not found:
        yield _problem(f"{origin}: holds no ClaimReview (no JSON-LD script has one)", len(data))
    else:
        yield Entry(None, None, len(data))


def _is_claim_review(value: dict[str, Any]) -> bool:
    kinds = value.get("@type")
    names = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == "ClaimReview"
               for k in names)  # fmt: skip


def _claim_reviews(value: Any, position: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(position, object) for every ClaimReview in arrays, graphs and data feeds."""
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield from _claim_reviews(item, f"{position}[{i}]")
    elif isinstance(value, dict):
        if _is_claim_review(value):
            yield (f"entry {position}" if position else "", value)
            return
        for key in ("@graph", "dataFeedElement", "item", "itemListElement"):
            if key in value:
                yield from _claim_reviews(value[key], f"{position}.{key}" if position else key)


def _factcheck(item: dict[str, Any], origin: str) -> NewFactCheck:
    """A library record of one ClaimReview; ValueError says what it lacks."""
    claim = _text(item.get("claimReviewed"))
    if claim is None:
        raise ValueError("a ClaimReview without claimReviewed")
    if len(claim) > MAX_CLAIM_CHARS:
        raise ValueError(f"claimReviewed is over {MAX_CLAIM_CHARS:,} characters")
    rating = _first_object(item.get("reviewRating"))
    verdict = _text(rating.get("alternateName")) or _text(rating.get("name"))
    value = _number(rating.get("ratingValue"))
    if verdict is None and value is None:
        raise ValueError(
            "a ClaimReview without a rating (reviewRating alternateName or ratingValue)"
        )
    author = _first_object(item.get("author"))
    reviewed = _first_object(item.get("itemReviewed"))
    claim_author = _first_object(reviewed.get("author"))
    appearances = [
        _web_url(_first_object(a).get("url") if isinstance(a, dict) else a)
        for key in ("appearance", "firstAppearance")
        for a in _as_list(reviewed.get(key))
    ]
    return NewFactCheck(
        claim_reviewed=claim,
        terms=terms_text(claim),
        verdict=verdict,
        rating_value=value,
        best_rating=_number(rating.get("bestRating")),
        worst_rating=_number(rating.get("worstRating")),
        author_name=_text(author.get("name")) or _text(item.get("author")),
        author_url=_web_url(author.get("url")),
        url=_web_url(item.get("url")),
        date_published=_date(item.get("datePublished")),
        claim_author=_text(claim_author.get("name")) or _text(reviewed.get("author")),
        appearances=tuple(dict.fromkeys(url for url in appearances if url)),
        language=_language(item.get("inLanguage") or reviewed.get("inLanguage")),
        origin=origin,
    )


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _first_object(value: Any) -> dict[str, Any]:
    for item in _as_list(value):
        if isinstance(item, dict):
            return item
    return {}


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(unicodedata.normalize("NFC", value).split())
    return text or None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if abs(value) < 1e15 else None
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return number if abs(number) < 1e15 else None
    return None


def _web_url(value: Any) -> str | None:
    text = _text(value) if isinstance(value, str) else None
    return text if text is not None and web_url_problem(text) is None else None


def _date(value: Any) -> str | None:
    text = _text(value)
    found = _DATE.match(text) if text else None
    return found.group() if found else None


def _language(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    text = _text(value)
    return text[:35] if text else None
