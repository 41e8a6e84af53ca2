"""Importing a source corpus: files, folders and .jsonl collections, in batches.

Sources are what claims are checked against.  Each document is decoded with the same rules
as articles (``ingest``), split into passages (``passages``) and stored with its passages
and their full-text rows in batched transactions (``ReviewStore.add_sources``), so a
million passages import at the pace SQLite can index them and reviewers can still write
between batches.  Documents are content-addressed: importing a corpus again adds only
what is new.

Bad input never stops the good: each file or .jsonl line that cannot be used is reported
as a problem (with its line number) and the rest is imported.  Documents are independent
and their ids come from their content, so fixing the reported line and importing the file
again adds exactly the missing documents and nothing twice.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from queue import Full, Queue
from typing import IO, TypeVar, cast

from review_db import NewSource, ReviewStore
from workbench.corpus.ingest import (
    DOCUMENT_SUFFIXES,
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    MAX_DOCUMENT_BYTES,
    Document,
    decode_bytes,
    guess_title,
    html_to_document,
    markdown_to_text,
    normalise_text,
    office_document,
)
from workbench.corpus.passages import PASSAGE_SEGMENTER_VERSION, split_passages
from workbench.errors import InputError
from workbench.json_lines import parse_json_line
from workbench.read_limits import (
    limited_lines,
    open_regular,
    os_text,
    read_file_limited,
    require_regular_file,
    too_large,
    total_size,
)

# One document; a .jsonl corpus of any size streams. 8 MB keeps an import under 200 MB of
# memory (benchmarks/input_memory.py; measured 174 MB at 8 MB, 206 at 10, 837 at 49).
MAX_SOURCE_BYTES = 8 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".text", *MARKDOWN_SUFFIXES)
SOURCE_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, *DOCUMENT_SUFFIXES, ".jsonl")
T = TypeVar("T")
BATCH_PASSAGES = 20_000  # per transaction: big enough to be fast, short enough to share
_OPTIONAL_FIELDS = ("url", "published", "publisher")
_TOO_LARGE_ADVICE = (
    ", the most one source document may be (split it, or put its parts in a .jsonl file, "
    "which streams); refused"
)


@dataclass
class ImportReport:
    """What an import did: counts for the summary line, and every problem met."""

    documents: int = 0
    passages: int = 0
    skipped: int = 0  # duplicates: already stored, or repeated within the import
    problems: list[str] = field(default_factory=list)
    # Every source the import named, new or already stored (``add sources --embed``).
    source_ids: list[str] = field(default_factory=list)
    seconds: float = 0.0


def collect_files(paths: Sequence[Path]) -> tuple[list[Path], int]:
    """The source files named by ``paths`` (folders searched recursively), and how many
    other files the folders held.

    Raises:
        InputError: a path does not exist, or a folder holds no source file at all.
    """
    files: list[Path] = []
    ignored = 0
    for path in paths:
        if not path.exists():
            raise InputError(f"{os_text(path)}: no such file or folder")
        if not path.is_dir():
            require_regular_file(path, "source file")
            files.append(path)
            continue
        inside = sorted(
            p
            for p in path.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        found = [p for p in inside if p.suffix.lower() in SOURCE_SUFFIXES]
        if not found:
            others = f" ({len(inside)} other files, none of them text)" if inside else ""
            raise InputError(
                f"{os_text(path)}: no source files in this folder{others}; sources are "
                + ", ".join(SOURCE_SUFFIXES[:-1])
                + " and .jsonl files"
            )
        ignored += len(inside) - len(found)
        files.extend(found)
    return files, ignored


def import_sources(
    store: ReviewStore,
    files: Sequence[Path],
    *,
    urls: Sequence[str] = (),
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import source files and web addresses into ``store``, in batches, and report what
    happened.

    Args:
        store: the review database.
        files: files to read (see ``collect_files``); .jsonl files stream line by line.
        urls: web pages, PDFs and Word files to download (see ``fetch``); one that
            cannot be read is a problem, and the rest are imported.
        on_progress: called with (bytes read, bytes in all files) after every batch.
    """
    report = ImportReport()
    started = time.perf_counter()
    total = total_size(files)
    done = 0
    batch: list[NewSource] = []
    batch_passages = 0

    def flush() -> None:
        nonlocal batch, batch_passages
        if batch:
            added = store.add_sources(batch, segmenter=PASSAGE_SEGMENTER_VERSION)
            report.documents += added.documents
            report.passages += added.passages
            report.skipped += added.skipped
            report.source_ids.extend(added.source_ids)
            batch, batch_passages = [], 0
        if on_progress is not None:
            on_progress(done, total)

    def documents() -> Iterator[tuple[NewSource | None, int]]:
        for path in files:
            yield from _read_file(path, report.problems)
        for url in urls:
            yield from _read_url(url, report.problems)

    for source, size in read_ahead(documents()):
        done += size
        if source is None:
            continue
        batch.append(source)
        batch_passages += len(source.passages)
        if batch_passages >= BATCH_PASSAGES:
            flush()
    flush()
    report.seconds = time.perf_counter() - started
    return report


READ_AHEAD = 2_000  # documents parsed ahead of the writer: a few MB


def read_ahead(items: Iterator[T]) -> Iterator[T]:
    """``items``, produced by a thread while the caller consumes them.

    Reading and splitting documents is Python; indexing a batch is mostly SQLite, which
    lets go of the GIL, so the two overlap on a second core.  An exception in the
    producer is raised here, in order; abandoning the iterator stops the producer.
    """
    queue: Queue[tuple[bool, object]] = Queue(maxsize=READ_AHEAD)
    stop = threading.Event()

    def offer(entry: tuple[bool, object]) -> bool:
        """Queue ``entry`` unless the consumer has gone; whether it was queued."""
        while not stop.is_set():
            try:
                queue.put(entry, timeout=0.1)
                return True
            except Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not offer((True, item)):
                    return
            offer((False, None))
        except BaseException as e:  # handed to the consumer, which raises it
            offer((False, e))

    thread = threading.Thread(target=produce, name="read-sources", daemon=True)
    thread.start()
    try:
        while True:
            more, value = queue.get()
            if not more:
                if isinstance(value, BaseException):
                    raise value
                return
            yield cast(T, value)
    finally:
        stop.set()
        thread.join()


def _read_url(url: str, problems: list[str]) -> Iterator[tuple[NewSource | None, int]]:
    """The document at ``url`` (bytes are not counted: progress is over the files)."""
    from workbench.corpus.fetch import fetch_document  # urllib3: only for addresses

    try:
        yield source_from_document(fetch_document(url)), 0
    except InputError as e:
        problems.append(e.message)


def _read_file(path: Path, problems: list[str]) -> Iterator[tuple[NewSource | None, int]]:
    """(document, bytes consumed) for each document of a file; problems are appended."""
    suffix = path.suffix.lower()
    origin = os_text(path)
    try:
        if suffix == ".jsonl":
            with open_regular(path, "source file") as stream:
                yield from _read_jsonl(stream, origin, problems)
            return
        limit = MAX_DOCUMENT_BYTES if suffix in DOCUMENT_SUFFIXES else MAX_SOURCE_BYTES
        data = read_file_limited(path, limit, "source file", _TOO_LARGE_ADVICE)
    except OSError as e:
        problems.append(f"{origin}: cannot read: {e.strerror}")
        return
    except InputError as e:
        problems.append(e.message)
        return
    try:
        yield _document_from_bytes(data, origin, suffix), len(data)
    except InputError as e:
        problems.append(e.message)
        yield None, len(data)


def _document_from_bytes(data: bytes, origin: str, suffix: str) -> NewSource:
    if suffix in HTML_SUFFIXES:
        return source_from_document(html_to_document(data, origin=origin))
    if suffix in DOCUMENT_SUFFIXES:
        return source_from_document(office_document(data, origin=origin, suffix=suffix))
    text, _ = decode_bytes(data, origin)
    text = normalise_text(text)
    title = None
    if suffix in MARKDOWN_SUFFIXES:
        text, title = markdown_to_text(text)
    return _new_source(text, title or guess_title(text, origin), origin=origin)


def source_from_document(document: Document) -> NewSource:
    """A source made of a document read from a page, a PDF or a Word file, with what it
    says about itself."""
    return _new_source(
        document.text,
        document.title,
        origin=document.origin,
        url=document.url,
        published=document.published,
        publisher=document.publisher,
    )


def _new_source(text: str, title: str, *, origin: str, **details: str | None) -> NewSource:
    passages = tuple(split_passages(text))
    if not passages:
        raise InputError(f"{origin}: has no text to match claims against")
    return NewSource(text=text, title=title.strip(), passages=passages, origin=origin, **details)


def _read_jsonl(
    stream: IO[bytes], origin: str, problems: list[str]
) -> Iterator[tuple[NewSource | None, int]]:
    for number, (line, size) in enumerate(limited_lines(stream, MAX_SOURCE_BYTES), start=1):
        where = f"{origin} line {number}"
        try:
            if line is None:
                raise too_large(where, MAX_SOURCE_BYTES, _TOO_LARGE_ADVICE)
            if not line.strip():
                yield None, size
                continue
            yield _jsonl_document(line, where, origin), size
        except InputError as e:
            problems.append(e.message)
            yield None, size


def _jsonl_document(line: bytes, where: str, origin: str) -> NewSource:
    record = parse_json_line(line, where)
    if not isinstance(record, dict):
        raise InputError(f"{where}: is not a JSON object like {{id, title, text}}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f'{where}: has no "text" (a non-empty string is needed)')
    external = record.get("id")
    if external is not None and not isinstance(external, str | int):
        raise InputError(f'{where}: "id" must be a string or a number')
    details: dict[str, str | None] = {}
    for name in _OPTIONAL_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(f'{where}: "{name}" must be a string')
        details[name] = value or None
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        raise InputError(f'{where}: "title" must be a string')
    text = normalise_text(text)
    return _new_source(
        text,
        normalise_text(title) if title and title.strip() else guess_title(text, origin),
        origin=origin,
        external_id=None if external is None else str(external),
        **details,
    )
