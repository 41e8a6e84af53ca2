"""Commands for working as a team: ``merge`` other reviewers' databases, list ``conflicts``."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from review_db import ReviewStore
from review_db.merge import MergeSummary, merge_opened, open_sources

from ..read_limits import refuse_special_file
from ..safe_text import printable
from .session import Session, echo_json, fit, pass_session, when


@click.command()
@click.argument(
    "databases", metavar="FROM.db...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@click.option("--dry-run", is_flag=True, help="Say what would be added; change nothing.")
@pass_session
def merge(session: Session, databases: tuple[Path, ...], dry_run: bool) -> None:
    """Merge other review databases into --db, creating it if needed.

    Copies the articles, claims, sources, passages and events --db lacks, in short
    transactions, so people reviewing in --db can go on meanwhile. Merging again, or in
    another order, gives the same result; every event of every database is kept. The
    FROM databases are only read.
    """
    # Every FROM is checked before --db is created or touched.
    for path in databases:  # reading a FIFO or a device would never end
        refuse_special_file(path, "review database")
    with open_sources(databases, session.db_path) as opened:
        if dry_run and not session.db_path.exists():
            # A dry run creates nothing: rehearse against an empty database instead.
            with tempfile.TemporaryDirectory(prefix="workbench-dry-run-") as folder:
                with ReviewStore(Path(folder) / "empty.db", create=True) as empty:
                    summaries = merge_opened(empty, opened)
        else:
            summaries = merge_opened(session.store(create=True), opened, dry_run=dry_run)
    for summary in summaries:
        click.echo(_summary_line(summary, dry_run))
    if len(summaries) > 1:
        total = sum(s.added for s in summaries)
        click.echo(f"{'Would add' if dry_run else 'Added'} {_count(total, 'row')} in all.")
    if dry_run:
        click.echo(f"Dry run: {printable(str(session.db_path))} was not changed.")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _summary_line(summary: MergeSummary, dry_run: bool) -> str:
    counts = ", ".join(
        _count(n, noun)
        for n, noun in (
            (summary.articles, "article"),
            (summary.claims, "claim"),
            (summary.sources, "source"),
            (summary.passages, "passage"),
            (summary.events, "event"),
        )
    )
    verb = "would add" if dry_run else "added"
    line = f"{printable(summary.source)}: {verb} {counts}"
    notes = []
    if summary.renumbered:
        what = "claim or passage" if summary.renumbered == 1 else "claims or passages"
        notes.append(
            f"{summary.renumbered} {what} of another segmentation numbered after the existing ones"
        )
    if summary.updated:
        what = "article or source" if summary.updated == 1 else "articles or sources"
        notes.append(f"{summary.updated} {what} both held took the details of the earlier import")
    if summary.upgraded_from is not None:
        notes.append(f"read from schema version {summary.upgraded_from}, upgraded in a copy")
    return line + (f" ({'; '.join(notes)})" if notes else "")


@click.command()
@click.option("--article", "article_id", help="Only this article's claims (id or prefix).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@pass_session
def conflicts(session: Session, article_id: str | None, as_json: bool) -> None:
    """Claims on which reviewers' current verdicts differ, with each reviewer's note and
    any adjudication.

    --json prints one object per claim: claim_id, article_id, text, verdicts
    ({reviewer: label}), notes ({reviewer: note}, reviewers with a note only) and
    adjudication (null, or label, adjudicator and at, its UTC time).
    """
    store = session.store()
    selected = store.resolve_article_id(article_id) if article_id else None
    found = store.conflicts(selected)
    states = store.article_claim_states(selected) if found else {}
    settled = store.adjudications(selected) if found else {}
    notes = {
        c.claim_id: {
            name: state.note
            for name, state in sorted(states.get(c.claim_id, {}).items())
            if state.note
        }
        for c in found
    }
    if as_json:
        for c in found:
            at = settled[c.claim_id].at if c.claim_id in settled else None
            adjudication = (
                {"label": c.adjudicated, "adjudicator": c.adjudicator, "at": at}
                if c.adjudicated
                else None
            )
            echo_json(
                {
                    "claim_id": c.claim_id,
                    "article_id": c.article_id,
                    "text": c.text,
                    "verdicts": c.verdicts,
                    "notes": notes[c.claim_id],
                    "adjudication": adjudication,
                }
            )
        return
    if not found:
        click.echo("No conflicts: every claim's reviewers agree (or only one reviewed it).")
        return
    width = max(len(printable(name)) for c in found for name in c.verdicts)
    for c in found:
        click.echo(f"{c.claim_id}  {fit(c.text, 14)}")
        for name, label in c.verdicts.items():
            click.echo(f"  {printable(name):<{width}}  {printable(label)}")
            note = notes[c.claim_id].get(name)
            if note:
                click.echo(f"  {'':<{width}}  note: {fit(note, width + 10)}")
        if c.adjudicated:
            on = f", {when(settled[c.claim_id].at)}" if c.claim_id in settled else ""
            click.echo(
                f"  adjudicated: {printable(c.adjudicated)} "
                f"(by {printable(c.adjudicator or '-')}{on})"
            )
    adjudicated = sum(1 for c in found if c.adjudicated)
    click.echo(f"{_count(len(found), 'conflict')}, {adjudicated} adjudicated.")
