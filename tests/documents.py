"""PDF and Word files built at test time: small, readable, and as hostile as a test needs.

The PDF writer is a few lines of the PDF format by hand (one font, text drawn line by
line), so a test can put exactly what it wants in a page, in the metadata or in a
stream, without a PDF library that would refuse to write a broken file.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path


def _literal(text: str | bytes) -> bytes:
    raw = text.encode("cp1252") if isinstance(text, str) else text
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def page_stream(lines: list[str]) -> bytes:
    """A content stream that draws ``lines`` one under the other (an empty list draws
    nothing: a page of a scan has only an image)."""
    if not lines:
        return b"q Q"
    body = b" T* ".join(_literal(line) + b" Tj" for line in lines)
    return b"BT /F1 11 Tf 72 760 Td 14 TL " + body + b" ET"


def make_pdf(
    pages: list[list[str]],
    *,
    title: str | bytes | None = None,
    author: str | bytes | None = None,
    created: str | None = None,
    streams: list[bytes] | None = None,
    compress: bool = False,
) -> bytes:
    """A PDF whose pages draw ``pages`` (lines of text), with an info dictionary.

    ``streams`` replaces the drawn pages' content streams as given (already compressed
    when ``compress``), for streams a test builds itself.
    """
    contents = streams if streams is not None else [page_stream(lines) for lines in pages]
    objects: list[bytes] = []
    count = len(contents)
    first_page = 4
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(count))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count)
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    for i, stream in enumerate(contents):
        data = zlib.compress(stream) if compress and streams is None else stream
        flate = b" /Filter /FlateDecode" if compress else b""
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (first_page + 2 * i + 1)
        )
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(data), flate) + data + b"\nendstream")
    info = []
    if title is not None:
        info.append(b"/Title " + _literal(title))
    if author is not None:
        info.append(b"/Author " + _literal(author))
    if created is not None:
        info.append(b"/CreationDate " + _literal(created))
    objects.append(b"<< " + b" ".join(info) + b" >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, len(objects), xref)
    )
    return out.getvalue()


def make_docx(
    path: Path,
    blocks: list[tuple[str, str]],
    *,
    title: str | None = None,
    author: str | None = None,
) -> Path:
    """A Word document of ``blocks``: ("heading", text), ("para", text) or ("table",
    cells separated by "|" and rows by ";")."""
    import docx

    document = docx.Document()
    for kind, text in blocks:
        if kind == "heading":
            document.add_heading(text, level=1)
        elif kind == "para":
            document.add_paragraph(text)
        else:
            rows = [row.split("|") for row in text.split(";")]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    if title is not None:
        document.core_properties.title = title
    if author is not None:
        document.core_properties.author = author
    document.save(str(path))
    return path
