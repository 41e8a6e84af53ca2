"""Importing fact-check files into the library, in batches, with a report of what happened.

Fact-checks are content-addressed, so importing a feed again adds only what is new, and
an import interrupted between batches is completed by running it again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from review_db import ReviewStore
from review_db.factchecks import NewFactCheck
from workbench.errors import InputError
from workbench.read_limits import total_size

from .reading import FACTCHECK_SUFFIXES, read_factcheck_file

BATCH = 5_000  # fact-checks per transaction: fast, and short enough for reviewers to write


@dataclass
class FactCheckImport:
    """Counts for the summary line, and every entry or file that was left out."""

    added: int = 0
    skipped: int = 0  # duplicates: already in the library, or repeated in the import
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


def collect_factcheck_files(paths: Sequence[Path]) -> list[Path]:
    """The files named by ``paths``, folders searched recursively for fact-check files.

    Raises:
        InputError: a path does not exist, or a folder holds no fact-check file.
    """
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(
            p
            for p in path.rglob("*")
            if p.is_file()
            and p.suffix.lower() in FACTCHECK_SUFFIXES
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        if not found:
            raise InputError(
                f"{path}: no fact-check files in this folder ({', '.join(FACTCHECK_SUFFIXES)})"
            )
        files.extend(found)
    return files


def import_factchecks(
    store: ReviewStore,
    files: Sequence[Path],
    *,
    on_progress: Callable[[int, int], None] | None = None,
) -> FactCheckImport:
    """Import ClaimReview files into the library and report what happened.

    Args:
        store: the review database.
        files: files to read (see ``collect_factcheck_files``).
        on_progress: called with (bytes read, bytes in all files) after every batch.
    """
    report = FactCheckImport()
    started = time.perf_counter()
    total = total_size(files)
    done = 0
    batch: list[NewFactCheck] = []

    def flush() -> None:
        nonlocal batch
        if batch:
            added = store.factchecks.add(batch)
            report.added += added.added
            report.skipped += added.skipped
            batch = []
        if on_progress is not None:
            on_progress(done, total)

    for path in files:
        for entry in read_factcheck_file(path):
            done += entry.size
            if entry.problem is not None:
                report.problems.append(entry.problem)
            if entry.factcheck is not None:
                batch.append(entry.factcheck)
                if len(batch) >= BATCH:
                    flush()
    flush()
    report.seconds = time.perf_counter() - started
    return report
