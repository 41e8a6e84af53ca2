"""Reports: a review leaves the workbench as Markdown, HTML, CSV, JSON or ClaimReview.

UI-free (no Textual, no click): the CLI calls it, and the TUI calls it from a worker.
``gather`` reads the selection once; each format module only renders it; ``atomic``
writes files so that nothing partial is ever left behind.

By default a report is one an editor can publish as it is: claims and quotes only
(``all_units`` adds headings, captions and credits), no local file paths or internal ids
(``internal`` keeps them for the team's own use), and CSV with a byte-order mark so that
Excel reads its accents (``bom``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from review_db import ReviewStore

from ..config import Config
from ..errors import ExportError
from . import claimreview, csv, html, json, markdown
from .atomic import check_file, check_folder, file_name_for, make_folder, write_files
from .gather import Report, gather_report

_RENDERERS: dict[str, Callable[[Report], str]] = {
    "markdown": markdown.render,
    "html": html.render,
    "json": json.render,
}
# CSV takes the byte-order mark option, and ClaimReview also reports the claims it leaves
# out, so both are rendered on their own.
FORMATS = ("markdown", "html", "csv", "json", "claimreview")
# The format a file name asks for, so that `-o review.html` needs no --format.
SUFFIX_FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".json": "json",
    ".jsonld": "claimreview",
}


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


def format_for_path(path: Path) -> str:
    """The format a file name's suffix names (``review.html`` is html).

    Raises:
        ExportError: the suffix names no format.
    """
    found = SUFFIX_FORMATS.get(path.suffix.lower())
    if found is None:
        known = ", ".join(f"{suffix} ({fmt})" for suffix, fmt in SUFFIX_FORMATS.items())
        raise ExportError(
            f"cannot tell the format from the name {path.name!r}: give --format, or a name "
            f"ending in {known}"
        )
    return found


def _render(fmt: str, report: Report, bom: bool) -> RenderedReport:
    if fmt == "claimreview":
        built = claimreview.build(report)
        return RenderedReport(built.text(), report.warnings + built.warnings)
    if fmt == "csv":
        return RenderedReport(csv.render(report, bom=bom), report.warnings)
    return RenderedReport(_RENDERERS[fmt](report), report.warnings)


def render_report(
    store: ReviewStore,
    config: Config,
    fmt: str,
    *,
    article_id: str | None = None,
    reviewer: str | None = None,
    only_reviewed: bool = False,
    all_units: bool = False,
    internal: bool = False,
    bom: bool = True,
) -> RenderedReport:
    """The report as text (for standard output), with its warnings.

    Args:
        store: the review database.
        config: the verdict scale and the organisation.
        fmt: one of ``FORMATS``.
        article_id: one article (any unique id prefix); None for every article.
        reviewer: only this reviewer's work; None for every reviewer.
        only_reviewed: leave out claims without a verdict.
        all_units: every unit of the articles, not only claims, quotes and reviewed units.
        internal: keep local file paths and internal ids (the team's own copy).
        bom: start CSV with a UTF-8 byte-order mark (Excel on Windows needs it).

    Raises:
        ExportError: unknown format, nothing to export, or a reviewer who reviewed nothing.
        StoreError: no article has that id.
    """
    _check_format(fmt)
    report = gather_report(
        store,
        config,
        article_id=article_id,
        reviewer=reviewer,
        only_reviewed=only_reviewed,
        all_units=all_units,
        internal=internal,
    )
    return _render(fmt, report, bom)


def write_report(
    store: ReviewStore,
    config: Config,
    fmt: str,
    path: Path,
    *,
    article_id: str | None = None,
    reviewer: str | None = None,
    only_reviewed: bool = False,
    all_units: bool = False,
    internal: bool = False,
    bom: bool = True,
    force: bool = False,
    one_per_file: bool = False,
) -> ReportResult:
    """Write the report to ``path``, atomically; with ``one_per_file`` (ClaimReview only),
    ``path`` is a folder that receives one ``<claim id>.json`` per ClaimReview (an id
    that is not a plain name gets a sanitised name: see ``atomic.file_name_for``).  The
    folder is created when its parent exists (and removed again if writing fails).

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
    create = one_per_file and not path.exists() and not path.is_symlink()
    if create:
        check_folder(path.parent, [], force=force)
    elif one_per_file:
        check_folder(path, [], force=force)
    else:
        check_file(path, force=force)
    report = gather_report(
        store,
        config,
        article_id=article_id,
        reviewer=reviewer,
        only_reviewed=only_reviewed,
        all_units=all_units,
        internal=internal,
    )
    if not one_per_file:
        rendered = _render(fmt, report, bom)
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
    if create:
        make_folder(path)
    try:
        check_folder(path, names, force=force)
        write_files(files)
    except ExportError:
        if create:
            path.rmdir()  # it was made for these files, and none of them was written
        raise
    return ReportResult(tuple(target for target, _ in files), report.warnings + built.warnings)


__all__ = [
    "FORMATS",
    "SUFFIX_FORMATS",
    "format_for_path",
    "RenderedReport",
    "ReportResult",
    "render_report",
    "write_report",
]
