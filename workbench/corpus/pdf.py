"""The text of a PDF (a press release, a report, a statement) as an article or a source.

pypdf reads the text layer page by page, in the order the page draws it.  What a PDF
adds to the words is undone so that sentences come out whole: a word hyphenated at the
end of a line is joined again ("govern-/ment"), the lines of a paragraph are joined with
spaces, and a line that opens or closes most pages (a running header, "Page 3 of 12",
the footer with the address) is dropped.  The result is normalised like any article, so
offsets into the stored text stay exact.

A PDF is a program for a printer, not a text, so every limit is checked: the number of
pages, the characters extracted (the same limit as a text article), and pypdf's own
bounds on decompressed streams (75 MB per stream), so a "PDF bomb" is refused rather
than read into memory.  A PDF with no text layer (a scan) is refused with a message
that says so, rather than imported as nothing.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import date

from workbench.errors import InputError

from .ingest import Document, guess_title, normalise_text

MAX_PDF_PAGES = 1_000  # a long government report; a page count past it is a hostile file
MAX_PDF_CHARACTERS = 5 * 1024 * 1024  # as for a text article
# A line opening or closing at least this share of the pages is a running header/footer.
REPEATED_SHARE = 0.5
MIN_PAGES_FOR_REPEATS = 3

_HYPHENATED = re.compile(r"(?<=[a-zà-ÿ])-\n(?=[a-zà-ÿ])")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)]$")
_DIGITS = re.compile(r"\d+")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")


def pdf_to_document(data: bytes, *, origin: str) -> Document:
    """The text, title, author and date of the PDF ``data``.

    Raises:
        InputError: not a readable PDF, encrypted, too many pages, too much text, or no
            text layer at all (a scanned document).
    """
    # Imported here: only PDF imports pay for loading pypdf.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{origin}: is an encrypted PDF; save an unprotected copy")
        count = len(reader.pages)
        if count > MAX_PDF_PAGES:
            raise InputError(
                f"{origin}: has {count:,} pages, more than the {MAX_PDF_PAGES:,} a document "
                "may have; split it"
            )
        pages = []
        total = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            total += len(text)
            if total > MAX_PDF_CHARACTERS:
                raise InputError(
                    f"{origin}: holds more than {MAX_PDF_CHARACTERS:,} characters of text, "
                    "the most a document may have; split it"
                )
            pages.append(text)
        metadata = reader.metadata
        title = _metadata_text(metadata.title if metadata else None)
        author = _metadata_text(metadata.author if metadata else None)
        created = _pdf_date(metadata.get("/CreationDate") if metadata else None)
    except InputError:
        raise
    # pypdf reports a malformed file with its own errors and, on some damage, with
    # Python's; either way the file is not a PDF we can read.
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as e:
        raise InputError(f"{origin}: is not a readable PDF ({type(e).__name__})") from None
    except RecursionError:
        raise InputError(f"{origin}: is not a readable PDF (nested too deeply)") from None
    text = pdf_text(pages)
    if not text.strip():
        raise InputError(
            f"{origin}: has no text layer (a scanned PDF holds only images); run OCR on it "
            "(for example ocrmypdf) and import the result"
        )
    return Document(
        text=text,
        title=title or guess_title(text, origin),
        origin=origin,
        encoding="pdf",
        published=created,
        author=author,
    )


def pdf_text(pages: list[str]) -> str:
    """The pages' text as paragraphs: repeated headers and footers dropped, hyphenated
    words joined, the lines of a paragraph joined with spaces."""
    pages = [normalise_text(page) for page in pages]
    repeated = _repeated_lines(pages)
    paragraphs: list[str] = []
    for page in pages:
        lines = [line.strip() for line in page.split("\n")]
        lines = [line for line in lines if _key(line) not in repeated or not line]
        paragraphs += _paragraphs("\n".join(lines))
    return "\n\n".join(paragraphs)


def _key(line: str) -> str:
    """A line with its numbers blanked, so "Page 3" and "Page 4" are the same footer."""
    return _DIGITS.sub("#", " ".join(line.split()))


def _repeated_lines(pages: list[str]) -> set[str]:
    if len(pages) < MIN_PAGES_FOR_REPEATS:
        return set()
    edges: Counter[str] = Counter()
    for page in pages:
        lines = [line for line in page.split("\n") if line.strip()]
        edges.update({_key(line) for line in lines[:2] + lines[-2:]})
    return {key for key, n in edges.items() if n >= REPEATED_SHARE * len(pages) and key}


def _paragraphs(page: str) -> list[str]:
    """Lines joined into paragraphs: a blank line, or a short line that ends a sentence,
    ends a paragraph."""
    page = _HYPHENATED.sub("", page)
    lines = page.split("\n")
    width = max((len(line) for line in lines), default=0)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(line)
        if len(line) < 0.7 * width and _SENTENCE_END.search(line):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _metadata_text(value: object) -> str | None:
    """A metadata string on one line without control characters, or None (metadata can
    hold anything, terminal escapes included)."""
    if not isinstance(value, str):
        return None
    text = " ".join(_CONTROLS.sub(" ", normalise_text(value)).split())
    return text[:300] or None


def _pdf_date(value: object) -> str | None:
    """``D:20260309...`` as ``2026-03-09`` (None when it is not a real date)."""
    m = _PDF_DATE.match(value) if isinstance(value, str) else None
    if m is None:
        return None
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
