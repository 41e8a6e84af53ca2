"""Writing report files so that a failure never leaves a partial or clobbered file.

Each file is written to a temporary name in the destination folder (so the rename stays
on one file system) and renamed over the target only once it is complete.  Destinations
are checked before any work is done, so a bad path fails fast with a clear message.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import uuid
from collections.abc import Sequence
from pathlib import Path

from ..errors import ExportError


def _check_folder(folder: Path, what: str) -> None:
    if not folder.exists():
        raise ExportError(f"cannot write {what}: folder {folder} does not exist")
    if not folder.is_dir():
        raise ExportError(f"cannot write {what}: {folder} is not a folder")
    # Like the review database: a folder with no write bit is meant read-only, even for root.
    mode = folder.stat().st_mode
    if not os.access(folder, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise ExportError(f"cannot write {what}: folder {folder} is not writable")


def _check_replaceable(path: Path) -> bool:
    """Whether ``path`` exists; refuse it outright if it is anything but a regular file.

    ``--force`` replaces a report, never a folder, a pipe, a device or a symbolic link
    (which could point anywhere: a link planted in an output folder must not turn an
    export into a write elsewhere).
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return False
    if stat.S_ISDIR(mode):
        raise ExportError(f"cannot write {path}: it is a folder")
    if stat.S_ISLNK(mode):
        raise ExportError(f"cannot write {path}: it is a symbolic link, which is never replaced")
    if not stat.S_ISREG(mode):
        raise ExportError(
            f"cannot write {path}: it is not a regular file (a pipe, socket or device), "
            "which is never replaced"
        )
    return True


def check_file(path: Path, *, force: bool) -> None:
    """Refuse a destination file that cannot or may not be written.

    Raises:
        ExportError: its folder is missing or read-only, it is a folder or anything else
            that is not a regular file, or it exists and ``force`` is not given.
    """
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    _check_folder(path.parent, str(path))
    if _check_replaceable(path) and not force:
        raise ExportError(f"{path} already exists: give --force to replace it")


# What a file name built from an id may hold: ids are hex, but a merged database may
# carry anything ("../../x", "con", a name with a newline).
_PLAIN_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,63}")


def file_name_for(identifier: str, suffix: str) -> str:
    """A file name for ``identifier`` that stays in its folder whatever the id holds.

    A plain id is used as it is; any other is cut to its safe characters and given a
    hash of the whole id, so two different ids never share a file.
    """
    if _PLAIN_NAME.fullmatch(identifier):
        return identifier + suffix
    kept = re.sub(r"[^0-9A-Za-z_-]+", "_", identifier).strip("_-")[:40]
    digest = hashlib.sha256(identifier.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{kept}-{digest}{suffix}" if kept else f"id-{digest}{suffix}"


def check_folder(folder: Path, names: Sequence[str], *, force: bool) -> None:
    """Refuse a destination folder, or any file in it, that cannot or may not be written.

    Every name must be a plain file name that resolves inside ``folder`` (no separators,
    no symbolic link in the folder pointing out of it).
    """
    _check_folder(folder, f"into {folder}")
    inside = folder.resolve()
    existing = []
    for name in names:
        target = folder / name
        if Path(name).name != name or name in (".", ".."):
            raise ExportError(f"cannot write {name!r}: it is not a file name inside {folder}")
        if _check_replaceable(target):
            existing.append(name)
        if target.resolve().parent != inside:
            raise ExportError(f"cannot write {target}: it leads out of {folder}")
    if existing and not force:
        more = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
        raise ExportError(
            f"{folder / existing[0]}{more} already exist{'s' if not more else ''}: "
            "give --force to replace"
        )


def make_folder(folder: Path) -> None:
    """Create ``folder`` (its parent must exist: a typo in a path makes no tree of folders).

    Raises:
        ExportError: it cannot be created.
    """
    try:
        folder.mkdir()
    except OSError as e:
        raise ExportError(f"cannot create folder {folder}: {e.strerror or e}") from None


def write_files(files: Sequence[tuple[Path, str]]) -> None:
    """Write every (path, text) as UTF-8: all temporary files first, then the renames.

    If writing any of them fails, every temporary file is removed and no target is
    touched.
    """
    written: list[tuple[Path, Path]] = []
    target = files[0][0] if files else Path()
    try:
        for target, text in files:
            temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
            written.append((temporary, target))
            _write_new(temporary, text.encode("utf-8"))
        for temporary, target in written:
            os.replace(temporary, target)
    except OSError as e:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
        raise ExportError(f"cannot write {target}: {e.strerror or e}") from None


def _write_new(path: Path, data: bytes) -> None:
    # os.open with 0o666 lets the umask decide the permissions, as for any new file
    # (mkstemp would make the report readable by its owner only).
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
