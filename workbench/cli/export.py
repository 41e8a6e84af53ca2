"""The ``export`` command: a review as a report file (or on standard output)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import UsageError
from ..export import FORMATS, format_for_path, render_report, write_report
from ..safe_text import printable
from .session import Session, pass_session


@click.command("export")
@click.option(
    "--format",
    "fmt",
    metavar="FORMAT",
    help=f"One of: {', '.join(FORMATS)} (default: from the -o file name).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File to write (default: standard output).",
)
@click.option("--article", "article_id", help="Only this article (its id, or 4+ characters of it).")
@click.option("--reviewer", help="Only this reviewer's verdicts, notes, evidence and history.")
@click.option("--only-reviewed", is_flag=True, help="Leave out claims without a verdict.")
@click.option(
    "--all-units",
    is_flag=True,
    help="Also headings, captions, credits and other units that are not claims.",
)
@click.option(
    "--internal",
    is_flag=True,
    help="Keep local file paths, ids and scores (for the team, not for publishing).",
)
@click.option(
    "--bom/--no-bom",
    default=True,
    show_default=True,
    help="csv: start with a UTF-8 byte-order mark, so Excel reads accents.",
)
@click.option("--force", is_flag=True, help="Replace output files that already exist.")
@click.option(
    "--one-per-file",
    "folder",
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="claimreview: one <claim id>.json per claim in the folder DIR (created if need be).",
)
@pass_session
def export_report(
    session: Session,
    fmt: str | None,
    output: Path | None,
    article_id: str | None,
    reviewer: str | None,
    only_reviewed: bool,
    all_units: bool,
    internal: bool,
    bom: bool,
    force: bool,
    folder: Path | None,
) -> None:
    """Export reviews as markdown, html, csv, json or claimreview (schema.org JSON-LD).

    The report goes to standard output unless -o names a file, whose suffix gives the
    format when --format is not given (.md, .html, .csv, .json, .jsonld for
    claimreview). Reports show claims and quotes (--all-units: every unit) and hold no
    local paths or internal ids (--internal keeps them). Warnings (claims left out of
    ClaimReview, fields Google wants that a ClaimReview lacks) go to standard error.
    Files are written whole or not at all, and an existing file is replaced only with
    --force.
    """
    if output is not None and folder is not None:
        raise UsageError("give -o FILE or --one-per-file DIR, not both")
    if fmt is None and folder is not None:
        fmt = "claimreview"
    elif fmt is None and output is not None:
        fmt = format_for_path(output)
    elif fmt is None:
        raise UsageError(f"--format is needed: one of {', '.join(FORMATS)}")
    if reviewer is not None and not reviewer.strip():
        raise UsageError("--reviewer must not be empty")
    store = session.store()
    who = reviewer.strip() if reviewer else None
    destination = output or folder
    if destination is None:
        rendered = render_report(
            store,
            session.config,
            fmt.lower(),
            article_id=article_id,
            reviewer=who,
            only_reviewed=only_reviewed,
            all_units=all_units,
            internal=internal,
            bom=bom and not _on_terminal(),
        )
        _warn(rendered.warnings)
        # Reports hold untrusted text: never send its control characters to a terminal;
        # into a pipe the data goes as it is (color=True: click would strip ANSI codes).
        text = printable(rendered.text) if _on_terminal() else rendered.text
        click.echo(text, nl=False, color=True)
        return
    result = write_report(
        store,
        session.config,
        fmt.lower(),
        destination,
        article_id=article_id,
        reviewer=who,
        only_reviewed=only_reviewed,
        all_units=all_units,
        internal=internal,
        bom=bom,
        force=force,
        one_per_file=folder is not None,
    )
    _warn(result.warnings)
    if folder is not None:
        where = printable(str(folder), one_line=True)
        click.echo(f"Wrote {len(result.paths)} ClaimReview files to {where}")
    else:
        click.echo(f"Wrote {printable(str(result.paths[0]), one_line=True)}")


def _on_terminal() -> bool:
    return sys.stdout.isatty()


def _warn(warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        click.echo(f"Warning: {printable(warning, one_line=True)}", err=True)
