"""Articles and sources from the web: one page, PDF or Word file per address.

A download is bounded like a file read (``read_limits``): ``http``/``https`` only (the
rule of ``web_url``, applied again at every redirect, so a redirect to ``file://`` or
``javascript:`` goes nowhere), at most ``MAX_REDIRECTS`` redirects, a connect and a read
timeout, a deadline for the whole download (a server that trickles bytes forever is cut
off), and a size cap enforced while the body streams in (never after: a server that
streams forever is stopped at the cap).  The response's Content-Type decides how it is
read (an HTML page, a PDF, a Word file, plain text); anything else is refused, and each
reader checks the bytes again (a "text/html" body that is a PDF is refused by the HTML
reader).  Every failure is an ``InputError`` of one line naming the address.

What a page declares about itself is kept: title, author, date and site name
(trafilatura reads meta tags and JSON-LD), with the final address after redirects.
"""

from __future__ import annotations

import time
from dataclasses import replace
from email.message import Message
from urllib.parse import urljoin

import urllib3

from workbench.errors import InputError
from workbench.read_limits import describe_size
from workbench.safe_text import printable
from workbench.web_url import web_url_problem

from .ingest import (
    MAX_DOCUMENT_BYTES,
    Document,
    article_from_bytes,
    html_to_document,
    office_document,
)

MAX_REDIRECTS = 5
CONNECT_SECONDS = 10.0
READ_SECONDS = 20.0  # the longest silence between two chunks
DOWNLOAD_SECONDS = 60.0  # the whole body, however the server paces it
CHUNK_BYTES = 64 * 1024
USER_AGENT = "workbench (fact-checking; +https://github.com/)"
_REDIRECTS = (301, 302, 303, 307, 308)
_KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/plain": "text",
}


def is_web_address(value: str) -> bool:
    """Whether a command-line argument names a web address rather than a file."""
    return value.lower().startswith(("http://", "https://"))


def shown(url: str) -> str:
    """An address as it may appear in a message: one line, no live characters, short."""
    return printable(url[:300], one_line=True)


def fetch_document(url: str, *, limit: int = MAX_DOCUMENT_BYTES) -> Document:
    """Download ``url`` and read it as a page, PDF, Word file or plain text.

    Raises:
        InputError: the address is refused, the host cannot be reached, the server
            answers with an error, too many redirects, a type that is not a document, a
            body larger than ``limit``, a download past the deadline, or a document
            with no text.
    """
    final, content_type, data = download(url, limit=limit)
    origin = shown(final)
    kind = _KINDS.get(content_type)
    if kind is None:
        raise InputError(
            f"{origin}: is {printable(content_type or 'of no stated type', one_line=True)}, "
            "not an HTML page, a PDF or a Word document"
        )
    if kind == "html":
        document = html_to_document(data, origin=origin, url=final)
    elif kind == "text":
        document = article_from_bytes(data, origin=origin)
    else:
        document = office_document(data, origin=origin, suffix=f".{kind}")
    return replace(document, url=final)


def download(url: str, *, limit: int) -> tuple[str, str, bytes]:
    """(final address, media type, body) of ``url``, following at most ``MAX_REDIRECTS``.

    Raises:
        InputError: as ``fetch_document``, for the transfer.
    """
    http = urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=CONNECT_SECONDS, read=READ_SECONDS),
        retries=False,
        headers={"User-Agent": USER_AGENT, "Accept": ", ".join(_KINDS)},
    )
    address = url
    for _ in range(MAX_REDIRECTS + 1):
        problem = web_url_problem(address)
        if problem is not None:
            where = "" if address == url else f" (redirected from {shown(url)})"
            raise InputError(f"{shown(address)}{where}: refused: the address {problem}")
        try:
            response = http.request("GET", address, preload_content=False, redirect=False)
        except urllib3.exceptions.HTTPError as e:
            raise InputError(f"{shown(address)}: cannot be reached ({_reason(e)})") from None
        try:
            if response.status in _REDIRECTS:
                target = response.headers.get("Location")
                if not target:
                    raise InputError(f"{shown(address)}: redirects without saying where")
                address = urljoin(address, target)
                continue
            if response.status >= 400:
                raise InputError(
                    f"{shown(address)}: the server answered {response.status} "
                    f"{printable(response.reason or '', one_line=True)}".rstrip()
                )
            media = _media_type(response.headers.get("Content-Type", ""))
            return address, media, _read_body(response, address, limit)
        finally:
            response.release_conn()
    raise InputError(f"{shown(url)}: more than {MAX_REDIRECTS} redirects; refused")


def _read_body(response: urllib3.BaseHTTPResponse, address: str, limit: int) -> bytes:
    """The body, in chunks, refused as soon as it passes ``limit`` or the deadline."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(address, limit)
    deadline = time.monotonic() + DOWNLOAD_SECONDS
    chunks: list[bytes] = []
    total = 0
    try:
        for chunk in response.stream(CHUNK_BYTES):
            total += len(chunk)
            if total > limit:
                raise _too_large(address, limit)
            if time.monotonic() > deadline:
                raise InputError(
                    f"{shown(address)}: the download took longer than "
                    f"{DOWNLOAD_SECONDS:g} seconds; refused"
                )
            chunks.append(chunk)
    except urllib3.exceptions.HTTPError as e:
        raise InputError(f"{shown(address)}: the download failed ({_reason(e)})") from None
    return b"".join(chunks)


def _too_large(address: str, limit: int) -> InputError:
    return InputError(f"{shown(address)}: larger than {describe_size(limit)}; refused")


def _media_type(header: str) -> str:
    message = Message()
    message["Content-Type"] = header
    return message.get_content_type() if header else ""


def _reason(error: Exception) -> str:
    """The root cause of a transfer error in a few words (urllib3 nests them)."""
    reason = getattr(error, "reason", None) or error
    text = str(reason)
    if "timed out" in text.lower():
        return "timed out"
    if "Name or service not known" in text or "NameResolution" in type(reason).__name__:
        return "no such host"
    if "refused" in text.lower():
        return "connection refused"
    return printable(text.split(": ", 1)[-1][:120], one_line=True)
