"""Commands that bring articles in and list them: ``add article``, ``articles``, ``claims``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from review_db import Article, ReviewStore
from review_db.schema import CLAIM_KINDS

from ..errors import InputError, UsageError
from ..safe_text import printable, shorten
from ..web_url import check_web_url
from .session import Session, echo_json, fit, pass_session

if TYPE_CHECKING:
    from workbench.corpus.ingest import Document


def _parse_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise UsageError(f"--published {value!r} is not a date like 2026-11-25") from None


def _read_input(name: str) -> Document:
    from workbench.corpus.ingest import read_article, read_article_stream

    if name == "-":
        return read_article_stream(sys.stdin.buffer)
    return read_article(Path(name))


@click.command("article")
@click.argument("files", nargs=-1, required=True)
@click.option("--title", help="Title (default: the first line, or the file name).")
@click.option("--url", help="Where the article was published.")
@click.option("--published", help="Publication date, YYYY-MM-DD.")
@click.option("--author", help="Who wrote it (a person, or the outlet for an unsigned piece).")
@pass_session
def add_article(
    session: Session,
    files: tuple[str, ...],
    title: str | None,
    url: str | None,
    published: str | None,
    author: str | None,
) -> None:
    """Import articles (.txt, .md, .html, .pdf, .docx, http(s) addresses; '-' reads
    standard input) and split them into claims.

    Each file is decoded (UTF-8, UTF-16, legacy 8-bit), normalised and split into
    sentences. From an HTML page only the main text is kept, with the title, author,
    date, URL and site name the page gives; from a PDF its text layer (repeated headers
    and footers dropped, hyphenated words joined) and from a Word file its paragraphs,
    headings and tables, each with its title, author and date. The options override
    what the file says. An address is downloaded (at most 5 redirects, 16 MB) and keeps
    its final URL; one that cannot be read is reported and the others are imported.
    Importing the same text again changes nothing and says so.
    """
    # Imported here, not at the top: reading, fetching and splitting are heavy, and the
    # listing commands of this module must start fast.
    from workbench.claims.extract import SEGMENTER_VERSION, extract_claims
    from workbench.claims.worthiness_training import load_model
    from workbench.corpus.fetch import fetch_document, is_web_address

    if len(files) > 1 and (title or url or published or author):
        raise UsageError(
            "--title, --url, --published and --author describe one article; give one file"
        )
    if url is not None:
        check_web_url(url.strip(), what="--url")
    if author is not None and not author.strip():
        raise UsageError("--author must not be empty")
    published = _parse_date(published)
    # Read every file before writing anything, so one bad file saves nothing; an address
    # that fails (a host down, a 404) is reported and the others are still imported.
    documents = []
    skipped = []
    for name in files:
        if not is_web_address(name):
            documents.append(_read_input(name))
            continue
        try:
            documents.append(fetch_document(name))
        except InputError as e:
            skipped.append(e.message)
    for problem in skipped:
        click.echo(f"Skipped: {printable(problem, one_line=True)}", err=True)
    if not documents:
        raise InputError(f"nothing imported: {_count(len(skipped), 'address')} failed")
    store = session.store(create=True)
    session.resplit_outdated()
    for doc in documents:
        result = store.add_article(
            doc.text,
            title=(title or doc.title).strip(),
            claims=extract_claims(doc.text, load_model(store)),
            segmenter=SEGMENTER_VERSION,
            origin=doc.origin,
            url=url or doc.url,
            published=published or doc.published,
            author=" ".join(author.split()) if author else doc.author,
            publisher=doc.publisher,
        )
        article = result.article
        label = printable(article.title, one_line=True)
        if result.created:
            click.echo(
                f'Added article {article.id} "{label}" ({result.claims} claims)'
                + found_details(article)
            )
        else:
            click.echo(
                f'Already imported: article {article.id} "{label}" '
                f"({result.claims} claims); nothing changed"
            )
    if skipped:
        raise InputError(
            f"{_count(len(skipped), 'address')} could not be imported (listed above); "
            "everything else was imported"
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'es' if n != 1 and noun.endswith('s') else 's' if n != 1 else ''}"


_VERDICT_WIDTH = 12  # "Mostly false" whole; longer labels are shortened


def _verdicts(
    store: ReviewStore, article_id: str | None, reviewer: str | None
) -> dict[str, dict[str, str]]:
    """Current verdicts ``{claim_id: {reviewer: label}}`` (one reviewer's, or all), by
    reviewer name."""
    found: dict[str, dict[str, str]] = {}
    for claim_id, by_reviewer in store.article_claim_states(article_id).items():
        for name, state in sorted(by_reviewer.items()):
            if state.verdict is not None and reviewer in (None, name):
                found.setdefault(claim_id, {})[name] = state.verdict
    return found


def found_details(article: Article) -> str:
    """What the import found besides the text, for the import line: ``; by A, date D,
    URL U`` (each part only when known), so a checker sees at once what a report will
    say about the article."""
    parts = []
    if article.author:
        parts.append(f"by {article.author}")
    if article.publisher:
        parts.append(f"in {article.publisher}")
    if article.published:
        parts.append(f"published {article.published}")
    if article.url:
        parts.append(article.url)
    if not parts:
        return "; no date or URL found"
    return "; " + printable(", ".join(parts), one_line=True)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@pass_session
def articles(session: Session, as_json: bool) -> None:
    """List articles with their ids and how many claims and quotes have a verdict.

    REVIEWED counts claims and quotes, which is what a review is about; OTHER shows the
    headings, captions, credits and other units apart (with a verdict / in all), so they
    never keep an article from done. --json adds other_units and other_reviewed.
    """
    rows = session.store().articles()
    if as_json:
        for row in rows:
            echo_json(
                {
                    "id": row.id,
                    "title": row.title,
                    "origin": row.origin,
                    "published": row.published,
                    "added_at": row.added_at,
                    "claims": row.claims,
                    "reviewed": row.reviewed,
                    "other_units": row.other_units,
                    "other_reviewed": row.other_reviewed,
                }
            )
        return
    if not rows:
        click.echo("No articles yet: import one with `workbench add article FILE`.")
        return
    click.echo(f"{'ID':<12}  {'REVIEWED':>9}  {'OTHER':>7}  {'PUBLISHED':<10}  TITLE")
    for row in rows:
        done = f"{row.reviewed}/{row.claims}"
        other = f"{row.other_reviewed}/{row.other_units}" if row.other_units else "-"
        click.echo(
            f"{row.id:<12}  {done:>9}  {other:>7}  {row.published or '-':<10}  {fit(row.title, 46)}"
        )


@click.command()
@click.option("--article", "article_id", help="Only this article (its id, or 4+ characters of it).")
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
@click.option("--reviewer", help="Also show this reviewer's verdict on each unit.")
@click.option("--status", "show_status", is_flag=True, help="Also show every reviewer's verdict.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@pass_session
def claims(
    session: Session,
    article_id: str | None,
    sort: str,
    kinds: tuple[str, ...],
    min_worthiness: float,
    why: bool,
    reviewer: str | None,
    show_status: bool,
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

    --reviewer NAME adds that reviewer's current verdict to each unit, --status every
    reviewer's (nothing is hidden: blind review is for the review screen); with --json
    each object then has verdicts ({reviewer: label}, reviewers with a verdict only).
    """
    if reviewer is not None and show_status:
        raise UsageError("--reviewer shows one reviewer's verdicts, --status everyone's; give one")
    who = session.reviewer(reviewer) if reviewer is not None else None
    store = session.store()
    selected = store.resolve_article_id(article_id) if article_id else None
    verdicts = _verdicts(store, selected, who) if who is not None or show_status else None
    rows = [
        c
        for c in store.claims(selected)
        if c.worthiness >= min_worthiness and (not kinds or c.kind in kinds)
    ]
    if sort == "worthiness":
        rows.sort(key=lambda c: -c.worthiness)  # stable: article order breaks ties
    if as_json:
        for claim in rows:
            echo_json(
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
                    **({} if verdicts is None else {"verdicts": verdicts.get(claim.id, {})}),
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
            click.echo(f"== article {printable(current, one_line=True)}  {title}")
        flags = claim.flags
        marker = f"⚑{len(flags)}" if flags else ""
        column = ""
        if who is not None and verdicts is not None:
            given = shorten(printable(verdicts.get(claim.id, {}).get(who, "-"), one_line=True),
                            _VERDICT_WIDTH)  # fmt: skip
            column = f"{given:<{_VERDICT_WIDTH}} "
        click.echo(
            f"{printable(claim.id, one_line=True):<12} {claim.ordinal:>4}  "
            f"{printable(claim.kind, one_line=True):<7} {claim.worthiness:4.2f} "
            f"{marker:<3} {column}{fit(claim.text, 35 + len(column))}"
        )
        if show_status and verdicts is not None:
            given_by = verdicts.get(claim.id, {})
            shown = ", ".join(f"{name}: {label}" for name, label in given_by.items()) or "-"
            click.echo(f"{'':>19}verdicts: {fit(shown, 29)}")
        if claim.signals.get("speaker"):
            click.echo(f"{'':>19}speaker: {printable(claim.signals['speaker'], one_line=True)}")
        for reason in claim.signals.get("reasons", []) if why else []:
            click.echo(f"{'':>19}why: {printable(reason, one_line=True)}")
        for flag in flags:
            kind = printable(flag.type, one_line=True)
            click.echo(f"{'':>19}⚑ {kind}: {fit(flag.message, 24 + len(kind))}")
