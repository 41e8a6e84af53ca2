"""The text of a Word document (.docx) as an article or a source.

python-docx reads the body in order: paragraphs and headings each become a block, and a
table becomes one line per row with its cells separated by `` | `` (a statement's table
of figures is text a claim can be checked against).  The first heading, else the
document's title property, is the title; the author property is kept.

A .docx is a zip archive, so it is looked at before python-docx opens it: it must be a
zip, hold at most ``MAX_DOCX_ENTRIES`` files whose declared sizes add up to at most
``MAX_DOCX_UNPACKED_BYTES`` (Python's zip reader never inflates a member past its
declared size, so a zip bomb is refused before any of it is inflated), and have a
``word/document.xml``.  XML entities are not expanded (python-docx's parser), so an
entity bomb inside the XML does nothing.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from workbench.errors import InputError

from .ingest import Document, guess_title, normalise_text

MAX_DOCX_ENTRIES = 2_000
MAX_DOCX_UNPACKED_BYTES = 64 * 1024 * 1024  # a long report with images is a few MB
MAX_DOCX_CHARACTERS = 5 * 1024 * 1024  # as for a text article
_HEADING_STYLES = ("Heading", "Title")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def check_docx_archive(data: bytes, origin: str) -> None:
    """Refuse ``data`` unless it is a zip that a Word document could be, within limits.

    Raises:
        InputError: not a zip, too many members, too large unpacked, or no document part.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise InputError(f"{origin}: is not a Word document (.docx is a zip archive)") from None
    if len(members) > MAX_DOCX_ENTRIES:
        raise InputError(f"{origin}: holds {len(members):,} files, too many for a document")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise InputError(
            f"{origin}: would unpack to {unpacked:,} bytes, more than the "
            f"{MAX_DOCX_UNPACKED_BYTES:,} a document may (a zip bomb?)"
        )
    if "word/document.xml" not in {m.filename for m in members}:
        raise InputError(f"{origin}: is a zip archive but not a Word document")


def docx_to_document(data: bytes, *, origin: str) -> Document:
    """The text, title and author of the Word document ``data``.

    Raises:
        InputError: not a Word document, too large unpacked, unreadable, or no text.
    """
    check_docx_archive(data, origin)
    # Imported here: only .docx imports pay for loading python-docx.
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
        blocks, heading = _blocks(document, origin)
        properties = document.core_properties
        title_property, author = properties.title, properties.author
    except (PackageNotFoundError, XMLSyntaxError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise InputError(
            f"{origin}: is not a readable Word document ({type(e).__name__})"
        ) from None
    text = "\n\n".join(blocks)
    if not text.strip():
        raise InputError(f"{origin}: is empty (no text to check)")
    title = heading or _one_line(title_property) or guess_title(text, origin)
    return Document(
        text=text, title=title, origin=origin, encoding="docx", author=_one_line(author)
    )


def _blocks(document: Any, origin: str) -> tuple[list[str], str | None]:
    """Each paragraph, heading and table row as text, in order; and the first heading."""
    from docx.table import Table

    blocks: list[str] = []
    heading: str | None = None
    total = 0
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = "\n".join(line for line in (_row_text(row) for row in item.rows) if line)
            found = [rows] if rows else []
        else:
            line = _clean(item.text)
            found = [line] if line else []
            style = item.style.name if item.style is not None else ""
            if found and heading is None and style.startswith(_HEADING_STYLES):
                heading = found[0][:300]
        total += sum(len(line) for line in found)
        if total > MAX_DOCX_CHARACTERS:
            raise InputError(
                f"{origin}: holds more than {MAX_DOCX_CHARACTERS:,} characters of text, the "
                "most a document may have; split it"
            )
        blocks += found
    return blocks, heading


def _row_text(row: Any) -> str:
    return " | ".join(" ".join(_clean(cell.text).split()) for cell in row.cells).strip(" |")


def _clean(text: str) -> str:
    """A paragraph's text normalised, its line breaks (Shift+Enter) kept as spaces."""
    return normalise_text(text).replace("\n", " ").strip()


def _one_line(value: object) -> str | None:
    """A document property on one line without control characters, or None."""
    if not isinstance(value, str):
        return None
    return " ".join(_CONTROLS.sub(" ", normalise_text(value)).split())[:300] or None
