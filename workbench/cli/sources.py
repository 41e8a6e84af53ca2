"""Commands for the source corpus: ``add sources``, ``match`` and ``eval``."""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TimeRemainingColumn

from ..errors import InputError
from ..sources import collect_files, import_sources
from .session import Session, pass_session

PROGRESS_AFTER_SECONDS = 1.0


class _LateProgress:
    """A rich progress bar that appears only once an import has run for a second."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.bar: Progress | None = None
        self.task = TaskID(0)

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.started < PROGRESS_AFTER_SECONDS:
                return
            self.bar = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                DownloadColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("Importing sources", total=total)
        self.bar.update(self.task, completed=done)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@click.command("sources")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@pass_session
def add_sources(session: Session, paths: tuple[Path, ...]) -> None:
    """Import source documents to match claims against: files, or folders (recursively).

    .txt and .md files, .html pages (their main text, title, date and URL), and .jsonl
    corpora with one document per line: {"id", "title", "text", "url"?, "published"?,
    "publisher"?}. A document already imported (same text) is skipped and counted. A file
    or line that cannot be used is reported with its line number and the rest is
    imported; fix it and run the same command again to add just what was missing.
    """
    files, ignored = collect_files(list(paths))
    store = session.store(create=True)
    progress = _LateProgress()
    try:
        report = import_sources(store, files, on_progress=progress)
    finally:
        progress.stop()
    for problem in report.problems:
        click.echo(f"Skipped: {problem}", err=True)
    extra = f", {ignored} other files ignored" if ignored else ""
    click.echo(
        f"Imported {report.documents:,} documents ({report.passages:,} passages); "
        f"skipped {report.skipped:,} already imported{extra}; "
        f"{report.seconds:.1f} seconds"
    )
    if report.problems:
        count = len(report.problems)
        raise InputError(
            f"{count} {'document' if count == 1 else 'documents'} could not be imported "
            "(listed above); everything else was imported. Fix them and run the same "
            "command again: what is already imported is skipped."
        )
