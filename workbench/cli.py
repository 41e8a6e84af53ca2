"""The ``workbench`` command line: parse arguments, call the library, print.

Commands are thin.  Expected failures (``WorkbenchError``, ``StoreError``) become one
``Error: ...`` line and exit status 1; nothing here prints a traceback for them.  Textual
is imported only by the commands that open the TUI, so scripted commands start fast.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

import click

from review_db import Event, ReviewStore, StoreError
from review_db.schema import CLAIM_KINDS

from . import __version__
from .claims import SEGMENTER_VERSION, extract_claims, resplit_unreviewed
from .config import Config, find_config, load_config
from .errors import UsageError, WorkbenchError
from .ingest import Document, article_from_bytes, read_article
from .safe_text import printable, shorten


class Session:
    """What every command shares: where the database is, and the settings."""

    def __init__(self, db_path: Path, config_path: Path | None) -> None:
        self.db_path = db_path
        self.config_path = config_path
        self._config: Config | None = None
        self._store: ReviewStore | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(find_config(self.config_path, self.db_path))
        return self._config

    def store(self, *, create: bool = False) -> ReviewStore:
        """The review database, opened once per command (created only when allowed)."""
        if self._store is None:
            self._store = ReviewStore(self.db_path, create=create)
            click.get_current_context().call_on_close(self._store.close)
            store = self._store
            if store.upgraded_from is not None:
                click.echo(
                    f"Upgraded {self.db_path} from schema version {store.upgraded_from} "
                    f"to {store.schema_version} (backup: {store.backup_path})",
                    err=True,
                )
            if not store.readonly:
                for article_id, title, count in resplit_unreviewed(store):
                    click.echo(
                        f'Re-split article {article_id} "{printable(title, one_line=True)}" '
                        f"with segmenter {SEGMENTER_VERSION} ({count} claims; it had no reviews)",
                        err=True,
                    )
        return self._store

    def reviewer(self, given: str | None) -> str:
        name = (given if given is not None else self.config.default_reviewer()).strip()
        if not name:
            raise UsageError("--reviewer must not be empty")
        return name


class WorkbenchGroup(click.Group):
    """A click group that turns expected failures into one clear error line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (WorkbenchError, StoreError) as e:
            raise click.ClickException(e.message) from None
        except sqlite3.DatabaseError as e:
            session = ctx.find_object(Session)
            where = session.db_path if session else "the database"
            raise click.ClickException(f"{where}: {e} (nothing was changed)") from None


pass_session = click.make_pass_decorator(Session)


@click.group(cls=WorkbenchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    envvar="WORKBENCH_DB",
    default="review.db",
    show_default=True,
    type=click.Path(path_type=Path),
    help="The review database (or $WORKBENCH_DB).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    help="Settings file (default: workbench.yaml beside the database, else built-in).",
)
@click.version_option(__version__, prog_name="workbench")
@click.pass_context
def cli(ctx: click.Context, db_path: Path, config_path: Path | None) -> None:
    """A keyboard-driven terminal workbench for fact-checking news articles.

    Import an article, list its claims, record verdicts with notes and evidence, and see
    progress. Every verdict is saved the moment it is given.
    """
    ctx.obj = Session(db_path, config_path)
    ctx.obj.config  # a broken config file is reported before any work is done  # noqa: B018


def _echo_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


def _when(stamp: str | None) -> str:
    """A stored UTC timestamp, to the second, for people."""
    return stamp[:19].replace("T", " ") + "Z" if stamp else "-"


def _terminal_width() -> int | None:
    """The width to shorten listings to, or None when output is not a terminal."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def _fit(text: str, used: int) -> str:
    width = _terminal_width()
    line = printable(text, one_line=True)
    return shorten(line, width - used) if width else line


# -- add -----------------------------------------------------------------------------------


@cli.group(cls=WorkbenchGroup)
def add() -> None:
    """Import articles into the review database (creating it if needed)."""


def _parse_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise UsageError(f"--published {value!r} is not a date like 2026-11-25") from None


def _read_input(name: str) -> Document:
    if name == "-":
        data = sys.stdin.buffer.read()
        return article_from_bytes(data, origin="<stdin>")
    return read_article(Path(name))


@add.command("article")
@click.argument("files", nargs=-1, required=True)
@click.option("--title", help="Title (default: the first line, or the file name).")
@click.option("--url", help="Where the article was published.")
@click.option("--published", help="Publication date, YYYY-MM-DD.")
@pass_session
def add_article(
    session: Session,
    files: tuple[str, ...],
    title: str | None,
    url: str | None,
    published: str | None,
) -> None:
    """Import articles (.txt or .md; '-' reads standard input) and split them into claims.

    Each file is decoded (UTF-8, UTF-16, legacy 8-bit), normalised and split into
    sentences. Importing the same text again changes nothing and says so.
    """
    if len(files) > 1 and (title or url or published):
        raise UsageError("--title, --url and --published describe one article; give one file")
    if url is not None and not url.strip().lower().startswith(("http://", "https://")):
        raise UsageError(f"--url {url!r} is not a web address (http:// or https://)")
    published = _parse_date(published)
    # Read every file before writing anything, so one bad file saves nothing.
    documents = [_read_input(name) for name in files]
    store = session.store(create=True)
    for doc in documents:
        result = store.add_article(
            doc.text,
            title=(title or doc.title).strip(),
            claims=extract_claims(doc.text),
            segmenter=SEGMENTER_VERSION,
            origin=doc.origin,
            url=url,
            published=published,
        )
        article = result.article
        label = printable(article.title, one_line=True)
        if result.created:
            click.echo(f'Added article {article.id} "{label}" ({result.claims} claims)')
        else:
            click.echo(
                f'Already imported: article {article.id} "{label}" '
                f"({result.claims} claims); nothing changed"
            )


# -- listing -------------------------------------------------------------------------------


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@pass_session
def articles(session: Session, as_json: bool) -> None:
    """List articles with their ids and how many claims have a verdict."""
    rows = session.store().articles()
    if as_json:
        for row in rows:
            _echo_json(
                {
                    "id": row.id,
                    "title": row.title,
                    "origin": row.origin,
                    "published": row.published,
                    "added_at": row.added_at,
                    "claims": row.claims,
                    "reviewed": row.reviewed,
                }
            )
        return
    if not rows:
        click.echo("No articles yet: import one with `workbench add article FILE`.")
        return
    click.echo(f"{'ID':<12}  {'REVIEWED':>9}  {'PUBLISHED':<10}  TITLE")
    for row in rows:
        done = f"{row.reviewed}/{row.claims}"
        click.echo(f"{row.id:<12}  {done:>9}  {row.published or '-':<10}  {_fit(row.title, 37)}")


@cli.command()
@click.option("--article", "article_id", help="Only this article (id or unique prefix).")
@click.option(
    "--sort",
    type=click.Choice(["article", "worthiness"]),
    default="article",
    show_default=True,
    help="Article order, or most check-worthy first.",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(list(CLAIM_KINDS)),
    help="Only units of this kind (repeatable).",
)
@click.option(
    "--min-worthiness",
    type=click.FloatRange(0, 1),
    default=0.0,
    help="Only units at least this check-worthy (0..1).",
)
@click.option("--why", is_flag=True, help="Also show the reasons behind each score.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@pass_session
def claims(
    session: Session,
    article_id: str | None,
    sort: str,
    kinds: tuple[str, ...],
    min_worthiness: float,
    why: bool,
    as_json: bool,
) -> None:
    """List the units of articles: ordinal, kind, worthiness, flags and the sentence.

    Kinds: claim, quote, heading, caption, credit, other. Worthiness (0..1) comes from
    numbers, dates, names, attribution, absolutes and comparisons, less hedges,
    questions and opinion; --why shows the reasons. Consistency flags (a weekday that
    does not fit its date, a count given two ways, a relative date the dateline
    contradicts) are printed under the claims they concern.

    --json prints one object per line: id, article_id, ordinal, text, start, end, kind,
    worthiness, signals (reasons, numbers, dates, entities, attribution, speaker,
    duplicate_of, flags). Offsets are character offsets into the article text.
    """
    store = session.store()
    selected = store.resolve_article_id(article_id) if article_id else None
    rows = [
        c
        for c in store.claims(selected)
        if c.worthiness >= min_worthiness and (not kinds or c.kind in kinds)
    ]
    if sort == "worthiness":
        rows.sort(key=lambda c: -c.worthiness)  # stable: article order breaks ties
    if as_json:
        for claim in rows:
            _echo_json(
                {
                    "id": claim.id,
                    "article_id": claim.article_id,
                    "ordinal": claim.ordinal,
                    "text": claim.text,
                    "start": claim.start,
                    "end": claim.end,
                    "kind": claim.kind,
                    "worthiness": claim.worthiness,
                    "signals": claim.signals,
                }
            )
        return
    if not rows:
        click.echo(
            "No claims match: import an article with `workbench add article FILE`, "
            "or loosen the filters."
        )
        return
    titles = {a.id: a.title for a in store.articles()}
    current = None
    for claim in rows:
        if claim.article_id != current and (selected is None or current is None):
            current = claim.article_id
            title = printable(titles.get(current, ""), one_line=True)
            click.echo(f"== article {current}  {title}")
        flags = claim.signals.get("flags", [])
        marker = f"⚑{len(flags)}" if flags else ""
        click.echo(
            f"{claim.id:<12} {claim.ordinal:>4}  {claim.kind:<7} {claim.worthiness:4.2f} "
            f"{marker:<3} {_fit(claim.text, 35)}"
        )
        if claim.signals.get("speaker"):
            click.echo(f"{'':>19}speaker: {printable(claim.signals['speaker'], one_line=True)}")
        for reason in claim.signals.get("reasons", []) if why else []:
            click.echo(f"{'':>19}why: {printable(reason, one_line=True)}")
        for flag in flags:
            click.echo(f"{'':>19}⚑ {flag['type']}: {_fit(flag['message'], 24 + len(flag['type']))}")


# -- reviewing -----------------------------------------------------------------------------


@cli.command()
@click.argument("claim_id")
@click.argument("label")
@click.option("--note", help="A note to keep with the verdict.")
@click.option(
    "--evidence", "evidence", multiple=True, help="A passage id backing the verdict (repeatable)."
)
@click.option("--evidence-url", help="Evidence from outside the corpus: its web address.")
@click.option("--quote", help="With --evidence-url: the words quoted from it.")
@click.option("--reviewer", help="Who gives the verdict (default: config, else your user name).")
@pass_session
def verdict(
    session: Session,
    claim_id: str,
    label: str,
    note: str | None,
    evidence: tuple[str, ...],
    evidence_url: str | None,
    quote: str | None,
    reviewer: str | None,
) -> None:
    """Record a verdict on a claim: LABEL is a label of the scale (any case) or its key.

    The default scale: True, Mostly true, Mixed, Mostly false, False, Unverifiable,
    Not a claim (keys 1-7). The verdict, note and evidence are saved together, at once.
    """
    if (evidence_url is None) != (quote is None):
        raise UsageError("--evidence-url and --quote go together: the address and its words")
    entry = session.config.find_label(label)
    who = session.reviewer(reviewer)
    store = session.store()
    claim = store.claim(claim_id)
    items: list[tuple[str, str, dict[str, Any]]] = [(claim.id, "verdict", {"label": entry.label})]
    if note is not None:
        items.append((claim.id, "note", {"text": note}))
    for passage in evidence:
        items.append((claim.id, "evidence-add", {"passage": store.resolve_passage_id(passage)}))
    if evidence_url is not None and quote is not None:
        items.append((claim.id, "evidence-add", {"url": evidence_url, "quote": quote}))
    store.record_events(who, items)
    extras = []
    if note is not None:
        extras.append("note")
    if len(items) - 1 - len(extras):
        extras.append(f"{len(items) - 1 - len(extras)} evidence")
    more = f" with {' and '.join(extras)}" if extras else ""
    click.echo(
        f"Saved: {entry.label} on claim {claim.id}{more}, by {printable(who)}\n"
        f"  {_fit(claim.text, 2)}"
    )


def _describe(event: Event) -> str:
    value = event.value
    if event.kind in ("verdict", "adjudication"):
        return f"{event.kind} {value.get('label')!r}"
    if event.kind == "note":
        return f"note {printable(str(value.get('text', '')), one_line=True)!r}"
    if event.kind.startswith("evidence"):
        what = value.get("passage") or f'{value.get("url")} "{value.get("quote")}"'
        return f"{event.kind} {printable(str(what), one_line=True)}"
    if event.kind == "undo":
        return f"undo of event {value.get('event')}"
    return event.kind


@cli.command()
@click.option("--reviewer", help="Whose action to undo (default: config, else your user name).")
@pass_session
def undo(session: Session, reviewer: str | None) -> None:
    """Undo the reviewer's latest action (a verdict with its note and evidence, say).

    The undo is itself recorded, so history shows both.
    """
    who = session.reviewer(reviewer)
    store = session.store()
    cancelled = store.undo(who)
    if not cancelled:
        click.echo(f"Nothing to undo for {printable(who)}.")
        return
    claim = store.claim(cancelled[0].claim_id)
    what = ", ".join(_describe(e) for e in cancelled)
    click.echo(f"Undid {what} on claim {claim.id}\n  {_fit(claim.text, 2)}")


@cli.command()
@click.argument("claim_id")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@pass_session
def history(session: Session, claim_id: str, as_json: bool) -> None:
    """Every event on a claim, oldest first: who did what, when, and what was undone."""
    store = session.store()
    claim = store.claim(claim_id)
    entries = store.history(claim.id)
    if as_json:
        for entry in entries:
            e = entry.event
            _echo_json(
                {
                    "id": e.id,
                    "claim_id": e.claim_id,
                    "reviewer": e.reviewer,
                    "kind": e.kind,
                    "value": e.value,
                    "at": e.at,
                    "undone_by": entry.undone_by,
                }
            )
        return
    click.echo(f"Claim {claim.id}: {_fit(claim.text, 20)}")
    if not entries:
        click.echo("  no events yet")
    for entry in entries:
        e = entry.event
        undone = "  (undone)" if entry.undone_by else ""
        click.echo(f"  {_when(e.at)}  {printable(e.reviewer):<12}  {_describe(e)}{undone}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line (per article).")
@pass_session
def status(session: Session, as_json: bool) -> None:
    """Progress per article and reviewer: claims with a verdict, of all claims."""
    store = session.store()
    summaries = store.articles()
    by_article: dict[str, list[tuple[str, int]]] = {}
    for row in store.progress():
        by_article.setdefault(row.article_id, []).append((row.reviewer, row.reviewed))
    if as_json:
        for a in summaries:
            _echo_json(
                {
                    "article_id": a.id,
                    "title": a.title,
                    "claims": a.claims,
                    "reviewed": a.reviewed,
                    "reviewers": [
                        {"reviewer": name, "reviewed": done}
                        for name, done in by_article.get(a.id, [])
                    ],
                }
            )
        return
    if not summaries:
        click.echo("No articles yet: import one with `workbench add article FILE`.")
        return
    for a in summaries:
        click.echo(f"{a.id}  {_fit(a.title, 14)}")
        click.echo(f"  {_progress_text(a.reviewed, a.claims)} reviewed by anyone")
        for name, done in by_article.get(a.id, []):
            click.echo(f"  {_progress_text(done, a.claims)} {printable(name)}")


def _progress_text(done: int, total: int) -> str:
    percent = f"{100 * done / total:.0f}%" if total else "-"
    return f"{done:>5}/{total:<5} {percent:>4}"


@cli.command("config")
@pass_session
def show_config(session: Session) -> None:
    """Print the effective configuration as YAML (a starting point for workbench.yaml)."""
    click.echo(session.config.to_yaml(), nl=False)


def main() -> None:
    """Entry point of the ``workbench`` console script."""
    try:
        cli(prog_name="workbench")
    except BrokenPipeError:  # `workbench claims | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
