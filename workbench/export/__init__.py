"""Reports: a review leaves the workbench as Markdown, HTML, CSV, JSON or ClaimReview.

UI-free (no Textual, no click): the CLI calls it, and the TUI calls it from a worker.
``gather`` reads the selection once; each format module only renders it; ``atomic``
writes files so that nothing partial is ever left behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from review_db import ReviewStore

from ..config import Config
from ..errors import ExportError
from . import claimreview, csv, html, json, markdown
from .atomic import check_file, check_folder, file_name_for, write_files
from .gather import Report, gather_report

_RENDERERS: dict[str, Callable[[Report], str]] = {
    "markdown": markdown.render,
    "html": html.render,
    "csv": csv.render,
    "json": json.render,
}
# ClaimReview also reports the claims it leaves out, so it is rendered on its own.
FORMATS = (*_RENDERERS, "claimreview")


@dataclass(frozen=True)
class RenderedReport:
    """A report as text, with what the reader should know about it."""

    text: str
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class ReportResult:
    """What ``write_report`` wrote: the files (one, or one per claim) and the warnings."""

    paths: tuple[Path, ...]
    warnings: tuple[str, ...]


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def _render(fmt: str, report: Report) -> RenderedReport:
    if fmt == "claimreview":
        built = claimreview.build(report)
        return RenderedReport(built.text(), report.warnings + built.warnings)
    return RenderedReport(_RENDERERS[fmt](report), report.warnings)


def render_report(
    store: ReviewStore,
    config: Config,
    fmt: str,
    *,
    article_id: str | None = None,
    reviewer: str | None = None,
    only_reviewed: bool = False,
) -> RenderedReport:
    """The report as text (for standard output), with its warnings.

    Args:
        store: the review database.
        config: the verdict scale and the organisation.
        fmt: one of ``FORMATS``.
        article_id: one article (any unique id prefix); None for every article.
        reviewer: only this reviewer's work; None for every reviewer.
        only_reviewed: leave out claims without a verdict.

    Raises:
        ExportError: unknown format, nothing to export, or a reviewer who reviewed nothing.
        StoreError: no article has that id.
    """
    _check_format(fmt)
    report = gather_report(
        store, config, article_id=article_id, reviewer=reviewer, only_reviewed=only_reviewed
    )
    return _render(fmt, report)


def write_report(
    store: ReviewStore,
    config: Config,
    fmt: str,
    path: Path,
    *,
    article_id: str | None = None,
    reviewer: str | None = None,
    only_reviewed: bool = False,
    force: bool = False,
    one_per_file: bool = False,
) -> ReportResult:
    """Write the report to ``path``, atomically; with ``one_per_file`` (ClaimReview only),
    ``path`` is a folder that receives one ``<claim id>.json`` per ClaimReview (an id
    that is not a plain name gets a sanitised name: see ``atomic.file_name_for``).

    Arguments as for ``render_report``; ``force`` replaces existing files.  The
    destination is checked before anything is read, and nothing is left half-written.
    The TUI calls this from a thread worker, with a store opened in that thread.

    Raises:
        ExportError: as for ``render_report``, or the destination's folder is missing or
            not writable, or a file exists and ``force`` is not given.
    """
    _check_format(fmt)
    if one_per_file and fmt != "claimreview":
        raise ExportError("one file per claim is for --format claimreview only")
    if one_per_file:
        check_folder(path, [], force=force)
    else:
        check_file(path, force=force)
    report = gather_report(
        store, config, article_id=article_id, reviewer=reviewer, only_reviewed=only_reviewed
    )
    if not one_per_file:
        rendered = _render(fmt, report)
        write_files([(path, rendered.text)])
        return ReportResult((path,), rendered.warnings)
    built = claimreview.build(report)
    files = [
        (path / file_name_for(claim, ".json"), claimreview.review_text(r))
        for claim, r in built.reviews
    ]
    names = [target.name for target, _ in files]
    if len(set(names)) != len(names):  # two claims with one id: a forged database
        raise ExportError("two ClaimReviews would share one file name; nothing was written")
    check_folder(path, names, force=force)
    write_files(files)
    return ReportResult(tuple(target for target, _ in files), report.warnings + built.warnings)


__all__ = [
    "FORMATS",
    "RenderedReport",
    "ReportResult",
    "render_report",
    "write_report",
]
