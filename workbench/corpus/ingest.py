"""Reading articles from files: decode, reject what is not text, normalise.

Every stored text has Unix newlines and NFC Unicode, so offsets computed on it stay exact
and the same article read from a Windows file or a Mac file gets the same id.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import charset_normalizer
from markdown_it import MarkdownIt
from markdown_it.token import Token

from workbench.errors import InputError
from workbench.read_limits import os_text, read_file_limited, read_limited, too_large

MAX_ARTICLE_BYTES = 5 * 1024 * 1024  # a long news article is well under 1 MB
MAX_TEXT_FILE_BYTES = 20 * 1024 * 1024  # a claims or gold file: a few hundred thousand lines
_TOO_LARGE_ADVICE = ", the most an article may be (split it, or import it as sources)"
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
DOCUMENT_SUFFIXES = (".pdf", ".docx")
# A PDF or Word file carries fonts and images besides its text; the text taken from it is
# held to the article limit (pdf.py, docx.py).
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"SQLite format 3", "a SQLite database"),
    (b"\x1f\x8b", "a gzip archive"),
)

# A line that is only a weekday and what follows it ("Monday, February 9, 2026"): the
# dateline above many articles, which is never their title.
_DATELINE = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? .{0,40}", re.IGNORECASE)
# A well-formed UTF-8 sequence of two to four bytes: rare by chance in a legacy 8-bit text.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# Controls other than tab, newline, form feed: many in a text mean it was never text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Document:
    """A text ready to segment, with what we learnt about it on the way."""

    text: str
    title: str
    origin: str
    encoding: str
    url: str | None = None  # what an HTML page says about itself
    published: str | None = None
    publisher: str | None = None
    author: str | None = None


def read_article(path: Path) -> Document:
    """Read an article file (.txt, .md, .html for its main text, .pdf, .docx) into
    normalised text.

    Raises:
        InputError: the file is missing, a folder, FIFO, socket or device, too large,
            empty, binary or undecodable; an HTML page with no main text; a PDF or Word
            document that cannot be read or has no text.
    """
    origin = os_text(path)
    if path.is_dir():
        raise InputError(f"{origin}: is a folder; give the article files inside it")
    suffix = path.suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:
        data = read_file_limited(path, MAX_DOCUMENT_BYTES, advice=_TOO_LARGE_ADVICE)
        return office_document(data, origin=origin, suffix=suffix)
    data = read_file_limited(path, MAX_ARTICLE_BYTES, advice=_TOO_LARGE_ADVICE)
    if suffix in HTML_SUFFIXES:
        return html_to_document(data, origin=origin)
    return article_from_bytes(data, origin=origin, markdown=suffix in MARKDOWN_SUFFIXES)


def office_document(data: bytes, *, origin: str, suffix: str) -> Document:
    """A PDF (``suffix`` ``.pdf``) or Word document (``.docx``) as a ``Document``.

    Raises:
        InputError: as ``pdf_to_document`` or ``docx_to_document``.
    """
    # Imported here: each pulls in a library only its own files need.
    if suffix == ".pdf":
        from .pdf import pdf_to_document

        return pdf_to_document(data, origin=origin)
    from .docx import docx_to_document

    return docx_to_document(data, origin=origin)


def read_article_stream(stream: BinaryIO, origin: str = "<stdin>") -> Document:
    """Read an article from a stream (standard input), refused once past the size limit."""
    data = read_limited(stream, MAX_ARTICLE_BYTES, origin, _TOO_LARGE_ADVICE)
    return article_from_bytes(data, origin=origin)


def read_text_lines(path: Path, limit: int = MAX_TEXT_FILE_BYTES) -> list[str]:
    """The lines of a small UTF-8 text file the user names (claims, gold examples).

    Raises:
        InputError: the file is not a regular file, is larger than ``limit``, cannot be
            read or is not UTF-8.
    """
    data = read_file_limited(path, limit)
    try:
        return data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise InputError(f"{path}: is not UTF-8 text") from None


def article_from_bytes(data: bytes, *, origin: str, markdown: bool = False) -> Document:
    """Decode, normalise and title an article given as bytes (a file's or stdin's)."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise too_large(origin, MAX_ARTICLE_BYTES, _TOO_LARGE_ADVICE)
    text, encoding = decode_bytes(data, origin)
    text = normalise_text(text)
    title = None
    if markdown:
        text, title = markdown_to_text(text)
    if not text.strip():
        raise InputError(f"{origin}: is empty (no text to check)")
    return Document(
        text=text, title=title or guess_title(text, origin), origin=origin, encoding=encoding
    )


def decode_bytes(data: bytes, origin: str) -> tuple[str, str]:
    """Text and encoding name of ``data``: BOM first, then UTF-8, then a legacy guess.

    Raises:
        InputError: empty, binary, or in no encoding we can tell.
    """
    if not data.strip():
        raise InputError(f"{origin}: is empty (no text to check)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise InputError(
                    f"{origin}: has a {encoding} byte-order mark but is not valid {encoding}"
                ) from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{origin}: is {what}, not a text file")
    if b"\x00" in data:
        raise InputError(f"{origin}: is a binary file, not text")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        if _UTF8_SEQUENCE.search(data):
            # UTF-8 text with bytes of another encoding in it: any one decoding turns one
            # of the two parts into mojibake ("ZÃ¼rich"), so it is refused, not guessed.
            raise InputError(
                f"{origin}: mixes UTF-8 with another encoding (byte {e.start + 1} is not "
                "UTF-8); save it all as UTF-8 and try again"
            ) from None
        best = charset_normalizer.from_bytes(data).best()
        if best is None:
            raise InputError(
                f"{origin}: cannot tell its text encoding; save it as UTF-8 and try again"
            ) from None
        text, encoding = str(best), best.encoding
    if len(_CONTROL.findall(text)) > max(8, len(text) // 100):
        raise InputError(f"{origin}: is a binary file, not text")
    return text, encoding


def normalise_text(text: str) -> str:
    """Unix newlines, NFC, no byte-order mark: the form every offset is counted in."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n").lstrip("\ufeff")
    return unicodedata.normalize("NFC", text)


def guess_title(text: str, origin: str) -> str:
    """The first short line that is not a dateline, else the file name."""
    for line in text.splitlines():
        line = line.strip()
        if not line or _DATELINE.fullmatch(line):
            continue
        if len(line) <= 160:
            return line
        break
    name = Path(origin).stem
    return name if name and not origin.startswith("<") else "Untitled article"


# markdown-it stops parsing at this depth and silently drops the rest of the document; a
# real article nests a few levels, so reaching it means a hostile or broken file.
MAX_MARKDOWN_NESTING = 100
_markdown = MarkdownIt("commonmark", {"maxNesting": MAX_MARKDOWN_NESTING})


def markdown_to_text(source: str) -> tuple[str, str | None]:
    """Plain text of a Markdown article, and its first heading as a title.

    Claims are sentences of what a reader sees, so markup (emphasis, link targets, heading
    marks) is dropped; paragraphs, headings and list items stay separate blocks.  A
    document nested deeper than the parser follows is kept as written, marks and all,
    since the parser would drop everything after the deep part.
    """
    tokens = _markdown.parse(source)
    if any(token.level >= MAX_MARKDOWN_NESTING - 1 for token in tokens):
        return source, None
    blocks: list[str] = []
    title: str | None = None
    prefix = ""
    list_depth = 0
    ordered: list[int] = []
    in_heading = False
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
            ordered.append(0 if token.type == "ordered_list_open" else -1)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
            ordered.pop()
        elif token.type == "list_item_open":
            if ordered and ordered[-1] >= 0:
                ordered[-1] += 1
                prefix = "  " * (list_depth - 1) + f"{ordered[-1]}. "
            else:
                prefix = "  " * (list_depth - 1) + "• "
        elif token.type == "heading_open":
            in_heading = True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type == "inline":
            content = _inline_text(token)
            if in_heading and title is None:
                title = content.strip()
            blocks.append(prefix + content)
            prefix = ""
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
    return "\n\n".join(blocks), title


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def html_to_document(data: bytes, *, origin: str, url: str | None = None) -> Document:
    """The main text of an HTML page, with the title, author, date, URL and site it
    gives (meta tags and JSON-LD); ``url`` is where it was downloaded from, if it was.

    trafilatura drops navigation, adverts and footers offline (it never fetches
    anything).  Its paragraphs become blank-line separated blocks, so a sentence never
    runs from one paragraph into the next.

    Raises:
        InputError: empty, binary or undecodable, or a page with no main text.
    """
    # Imported here: trafilatura (with lxml) is the heaviest import of any command, and
    # only HTML needs it, so `workbench claims` and friends stay quick to start.
    import trafilatura

    markup, encoding = decode_bytes(data, origin)
    page = trafilatura.bare_extraction(markup, url=url, with_metadata=True)
    found: dict[str, Any] = (
        {} if page is None else page if isinstance(page, dict) else page.as_dict()
    )
    body = normalise_text(found.get("text") or "")
    blocks = [line.strip() for line in body.split("\n") if line.strip()]
    if not blocks:
        raise InputError(
            f"{origin}: no main text found in this HTML page "
            "(only navigation or scripts?); save the article text as .txt instead"
        )
    text = "\n\n".join(blocks)
    title = _one_line(found.get("title")) or guess_title(text, origin)
    return Document(
        text=text,
        title=title,
        origin=origin,
        encoding=encoding,
        url=found.get("url") or None,
        published=found.get("date") or None,
        publisher=_one_line(found.get("sitename")),
        author=_one_line(found.get("author")),
    )


def _one_line(value: object) -> str | None:
    """A page's metadata string on one line, without control characters, or None."""
    if not isinstance(value, str):
        return None
    return " ".join(_CONTROL.sub(" ", normalise_text(value)).split())[:300] or None
