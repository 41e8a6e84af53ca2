"""Commands for published fact-checks: ``add factchecks`` and ``checked``."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.factchecks.checked import CHECKED_THRESHOLD, MIN_SCORE, checked_json, find_checked
from workbench.factchecks.library import collect_factcheck_files, import_factchecks

from ..errors import InputError, UsageError
from ..safe_text import printable
from .session import Session, echo_json, fit, pass_session
from .sources import LateProgress, highlight, read_claims_file


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
    progress = LateProgress("Importing fact-checks")
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


@click.command()
@click.argument("text", required=False)
@click.option(
    "--claims-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help=".jsonl of {id, claim}, or a text file with one claim per line.",
)
@click.option("--top", type=click.IntRange(1, 100), default=5, show_default=True)
@click.option(
    "--min-score",
    type=click.FloatRange(0, 1),
    default=None,
    help=f"Leave out weaker matches (default {MIN_SCORE}; with --json none are left out, "
    f"each carries its score; {CHECKED_THRESHOLD} and above: checked before).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per query.")
@pass_session
def checked(
    session: Session,
    text: str | None,
    claims_file: Path | None,
    top: int,
    min_score: float | None,
    as_json: bool,
) -> None:
    """Was TEXT (or each claim of --claims-file) checked before? Fact-checks of the library
    and reviewed claims of this database that state it, best first.

    Each match has a score (0..1, the chance it is the same claim; from 0.3 it counts as
    checked before), the verdict, who gave it and when, and the span of its text that
    aligns with the claim. Reviewed claims count with a settled verdict: adjudicated,
    else the one every reviewer gave. --json prints, per query and in input order:
    {"id", "claim", "matches": [{"kind": "factcheck"|"review", "factcheck_id"|"claim_id",
    "claim_reviewed", "verdict", "by", "url", "date", "score", "span"}]}.
    """
    if (text is None) == (claims_file is None):
        raise UsageError("give either TEXT or --claims-file, not both")
    queries = read_claims_file(claims_file) if claims_file else [(None, text or "")]
    if not any(claim.strip() for _, claim in queries):
        raise UsageError("TEXT is empty: give the claim to look up")
    store = session.store()
    # Machine output is a ranking: its reader decides where "checked before" starts.
    floor = min_score if min_score is not None else (0.0 if as_json else MIN_SCORE)
    for ident, claim in queries:
        matches = find_checked(store, claim, top=top, min_score=floor)
        if as_json:
            echo_json({"id": ident, "claim": claim, "matches": [checked_json(m) for m in matches]})
            continue
        label = f"{ident}: " if ident is not None else ""
        click.echo(f"== {label}{fit(claim, 3 + len(label))}")
        if not matches:
            hint = (
                ""
                if store.factchecks.count()
                else " (import fact-checks with `workbench add factchecks`)"
            )
            click.echo(f"   not checked before{hint}")
        for found in matches:
            kind = "fact-check" if found.kind == "factcheck" else "reviewed claim"
            said = f"{found.verdict or '(no verdict)'}, by {found.by or 'unknown'}"
            click.echo(
                f"{found.score:5.2f}  {kind} {found.ident}  "
                f"{fit(said + (' on ' + found.date if found.date else ''), 40)}"
            )
            click.echo("       " + highlight(found.claim_reviewed, found.span))
            if found.url:
                click.echo("       " + printable(found.url, one_line=True))
