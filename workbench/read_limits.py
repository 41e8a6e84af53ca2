"""Reading what a user names, safely: only regular files, and never more than a limit.

A path on the command line (or in a sources folder) can name a FIFO, which blocks a
reader forever, a socket, or a device such as /dev/zero, which never ends; standard input
can be endless too.  Every reader here looks at what a path is before reading it and
reads in bounded chunks, stopping as soon as a limit is passed, so no input can hang a
command or make it hold more than its limit in memory.  The limit is checked while
reading, never after: a size from ``stat`` only lets a too-large file be refused sooner.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from .errors import InputError

CHUNK_BYTES = 64 * 1024
_MB = 1024 * 1024

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def os_text(value: Path | str) -> str:
    """A file name (or other string from the operating system) as text that can be stored
    and printed: bytes that are not UTF-8, which Python carries as lone surrogates, are
    shown as ``\\xe9`` escapes."""
    return os.fsencode(value).decode("utf-8", "backslashreplace")


def total_size(paths: Iterable[Path]) -> int:
    """The bytes ``paths`` hold, for a progress bar over files (one that cannot be
    statted counts 0: reading it will say what is wrong)."""
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError:
            pass
    return total


def describe_size(limit: int) -> str:
    """``limit`` bytes for a message: whole megabytes when it is at least one."""
    if limit >= _MB:
        return f"{limit / _MB:g} MB"
    return f"{limit:,} bytes"


def not_regular_reason(mode: int) -> str | None:
    """What a file of this ``st_mode`` is when it is not a regular file, else None."""
    for test, what in _KINDS:
        if test(mode):
            return what
    return None if stat.S_ISREG(mode) else "not a regular file"


def require_regular_file(path: Path, what: str = "file") -> os.stat_result:
    """The ``stat`` of ``path``, which must be a regular file (symbolic links followed).

    Raises:
        InputError: the path is missing or unreadable, or names a folder, FIFO, socket or
            device (reading those blocks forever or never ends).
    """
    try:
        status = path.stat()
    except FileNotFoundError:
        raise InputError(f"{os_text(path)}: no such {what}") from None
    except OSError as e:
        raise InputError(f"{os_text(path)}: cannot read: {e.strerror}") from None
    reason = not_regular_reason(status.st_mode)
    if reason is not None:
        raise InputError(f"{os_text(path)}: is {reason}, not a {what}")
    return status


def refuse_special_file(path: Path, what: str = "file") -> None:
    """Refuse ``path`` if it names a FIFO, socket or device; anything else passes, for the
    caller's own checks (missing files, folders) to report in its own words.

    Raises:
        InputError: the path is a FIFO, socket or device.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return
    raise InputError(f"{os_text(path)}: is {not_regular_reason(mode)}, not a {what}")


def open_regular(path: Path, what: str = "file") -> IO[bytes]:
    """``path`` opened for reading in binary, refused unless it is a regular file.

    Opened without blocking and checked again on the open descriptor, so a FIFO put in
    the file's place after the first check still cannot make the open or a read hang.

    Raises:
        InputError: as ``require_regular_file``, or the file cannot be opened.
    """
    require_regular_file(path, what)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise InputError(f"{os_text(path)}: cannot read: {e.strerror}") from None
    reason = not_regular_reason(os.fstat(fd).st_mode)
    if reason is not None:
        os.close(fd)
        raise InputError(f"{os_text(path)}: is {reason}, not a {what}")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def too_large(origin: str, limit: int, advice: str = "") -> InputError:
    """The one message for input past its limit: ``ORIGIN: larger than N MB``."""
    return InputError(f"{origin}: larger than {describe_size(limit)}{advice}")


def read_limited(stream: IO[bytes], limit: int, origin: str, advice: str = "") -> bytes:
    """All of ``stream``, read in chunks, refused as soon as it passes ``limit`` bytes.

    Raises:
        InputError: the stream holds more than ``limit`` bytes (at most ``limit`` plus one
            chunk has been read when this is raised).
    """
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(CHUNK_BYTES, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            raise too_large(origin, limit, advice)
        chunks.append(chunk)


def read_file_limited(path: Path, limit: int, what: str = "file", advice: str = "") -> bytes:
    """The bytes of the regular file ``path``, refused when larger than ``limit``.

    Raises:
        InputError: not a regular file, unreadable, or larger than ``limit``.
    """
    with open_regular(path, what) as stream:
        if os.fstat(stream.fileno()).st_size > limit:
            raise too_large(os_text(path), limit, advice)
        try:
            return read_limited(stream, limit, os_text(path), advice)
        except OSError as e:
            raise InputError(f"{os_text(path)}: cannot read: {e.strerror}") from None


def limited_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[bytes | None, int]]:
    """Each line of ``stream`` (newline included) and its length in bytes.

    A line longer than ``limit`` comes as ``(None, length)``: it is read through in
    chunks and dropped, so memory never holds more than ``limit`` plus one chunk.
    """
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit:
            yield line, len(line)
            continue
        length = len(line)
        while not line.endswith(b"\n"):
            line = stream.readline(CHUNK_BYTES)
            if not line:
                break
            length += len(line)
        yield None, length
