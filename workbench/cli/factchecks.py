"""Commands for published fact-checks: ``add factchecks`` and ``checked``."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.factchecks.library import collect_factcheck_files, import_factchecks

from ..errors import InputError
from ..safe_text import printable
from .session import Session, pass_session
from .sources import _LateProgress


@click.command("factchecks")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@pass_session
def add_factchecks(session: Session, paths: tuple[Path, ...]) -> None:
    """Import published fact-checks (schema.org ClaimReview) into the library.

    .json files (one ClaimReview, an array, an @graph or a DataFeed), .jsonl files (one
    per line) and .html pages (their application/ld+json scripts); folders are searched.
    A fact-check already in the library is skipped and counted. An entry without
    claimReviewed or a rating, or a file that is not JSON, is listed with its position
    and skipped; everything else is imported, and the command exits 1.
    """
    files = collect_factcheck_files(list(paths))
    store = session.store(create=True)
    progress = _LateProgress("Importing fact-checks")
    try:
        report = import_factchecks(store, files, on_progress=progress)
    finally:
        progress.stop()
    for problem in report.problems:
        click.echo(f"Skipped: {printable(problem, one_line=True)}", err=True)
    click.echo(
        f"Imported {report.added:,} fact-checks; skipped {report.skipped:,} already "
        f"imported, {len(report.problems):,} unusable; {report.seconds:.1f} seconds"
    )
    if report.problems:
        count = len(report.problems)
        raise InputError(
            f"{count} {'entry' if count == 1 else 'entries'} could not be imported (listed "
            "above); everything else was imported. Fix them and run the same command "
            "again: what is already imported is skipped."
        )
