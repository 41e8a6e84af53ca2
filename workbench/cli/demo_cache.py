"""The demo's database, built once for this version of the code and kept in the user's
cache: each ``workbench demo`` works on a copy.

Why kept: building it segments the sample article and imports its sources, which with
the modules that takes is most of a second on a 2-core machine, and the demo's first
claim should be on screen within a second.  The copy is named for the code and the
sample it was built from (each file's path, size and modification time), so changing
either builds it anew; a kept copy that cannot be copied or opened is built anew too,
and a cache that cannot be written is simply not used.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import review_db
import workbench
from review_db import ReviewStore, StoreError

KEPT_PREFIX = "demo-"


def kept_demo_database(db_path: Path, build: Callable[[Path], str]) -> str:
    """Fill ``db_path`` (new) with the demo database: a copy of the kept one, else one
    ``build`` makes (then kept); returns the sample article's id."""
    cache = _cache_folder()
    kept = cache / f"{KEPT_PREFIX}{_code_digest()}.db" if cache is not None else None
    if kept is not None and kept.is_file() and not kept.is_symlink():
        try:
            shutil.copyfile(kept, db_path)
            with ReviewStore(db_path) as store:
                (article,) = store.articles()
            return article.id
        except (OSError, StoreError, sqlite3.Error, ValueError):
            db_path.unlink(missing_ok=True)  # built anew below
    article_id = build(db_path)
    if kept is not None:
        _keep(db_path, kept)
    return article_id


def _cache_folder() -> Path | None:
    """``$XDG_CACHE_HOME/workbench`` (default ``~/.cache/workbench``), made private if
    new; None when it cannot be made."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "workbench"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return folder if folder.is_dir() else None


def _code_digest() -> str:
    """A digest of the files of the packages that build and read the demo database."""
    digest = hashlib.sha256()
    for package in (workbench, review_db):
        root = Path(str(package.__file__)).parent
        for path in sorted(root.rglob("*")):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            stat = path.stat()
            line = f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n"
            digest.update(line.encode())
    return digest.hexdigest()[:16]


def _keep(db_path: Path, kept: Path) -> None:
    """Keep a copy of ``db_path`` as ``kept`` (whole or not at all), dropping the copies
    older code made."""
    try:
        handle, name = tempfile.mkstemp(dir=kept.parent, prefix=".demo-", suffix=".db")
    except OSError:
        return
    os.close(handle)
    partial = Path(name)
    try:
        shutil.copyfile(db_path, partial)
        os.replace(partial, kept)
    except OSError:
        partial.unlink(missing_ok=True)
        return
    for old in kept.parent.glob(f"{KEPT_PREFIX}*.db"):
        if old != kept:
            old.unlink(missing_ok=True)
