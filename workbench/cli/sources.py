"""Commands for the source corpus: ``add sources``, ``match`` and ``eval``."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from workbench.corpus import semantic
from workbench.corpus.evaluation import evaluate, gold_from_reviews, read_gold_file
from workbench.corpus.fetch import is_web_address
from workbench.corpus.ingest import read_text_lines
from workbench.corpus.matching import find_matches, match_json
from workbench.corpus.rerank import RANKERS
from workbench.corpus.sources import collect_files, import_sources

from ..errors import InputError, UsageError
from ..json_lines import parse_json_line
from ..read_limits import os_text
from ..safe_text import printable
from ..web_url import web_url_problem
from .session import Session, echo_json, fit, pass_session, terminal_width

PROGRESS_AFTER_SECONDS = 1.0


class LateProgress:
    """A rich progress bar that appears only once an import has run for a second, and only
    on a terminal: in a pipe or a log it would be noise mixed into the messages.

    It counts bytes (of the files read), or ``unit`` when one is named ("passages").
    """

    def __init__(self, description: str = "Importing sources", unit: str | None = None) -> None:
        self.description = description
        self.unit = unit
        self.started = time.monotonic()
        self.bar: Progress | None = None
        self.task = TaskID(0)
        self.on_terminal = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.on_terminal:
            return
        if self.bar is None:
            if time.monotonic() - self.started < PROGRESS_AFTER_SECONDS:
                return
            count: tuple[ProgressColumn, ...] = (
                (MofNCompleteColumn(), TextColumn(self.unit)) if self.unit else (DownloadColumn(),)
            )
            self.bar = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                *count,
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task(self.description, total=total)
        self.bar.update(self.task, completed=done)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@click.command("sources")
@click.argument("paths", nargs=-1)
@click.option(
    "--urls-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A text file of web addresses, one a line ('#' starts a comment).",
)
@click.option(
    "--embed",
    is_flag=True,
    help="Also compute the semantic ranker's passage vectors now (needs the semantic extra).",
)
@pass_session
def add_sources(
    session: Session, paths: tuple[str, ...], urls_file: Path | None, embed: bool
) -> None:
    """Import source documents to match claims against: files, folders (recursively) or
    web addresses.

    .txt and .md files, .html pages (their main text, title, date and URL), .pdf and
    .docx documents, and .jsonl corpora with one document per line: {"id", "title",
    "text", "url"?, "published"?, "publisher"?}. An http(s) address (given as PATH or in
    --urls-file) is downloaded and read as a page, PDF or Word file, keeping its final
    URL, title, date and site name. A document already imported (same text) is skipped
    and counted. A file, line or address that cannot be used is reported and the rest is
    imported; fix it and run the same command again to add just what was missing.

    --embed computes and keeps the semantic ranker's vectors of these documents'
    passages (otherwise each is computed the first time a claim needs it), in batches:
    passages that already have one are skipped, so an interrupted run is finished by
    running the same command again.
    """
    urls = [p for p in paths if is_web_address(p)]
    if urls_file is not None:
        urls += _read_urls_file(urls_file)
    local = [Path(p) for p in paths if not is_web_address(p)]
    if not local and not urls:
        raise UsageError("give source files, folders or web addresses (or --urls-file FILE)")
    files, ignored = collect_files(local)
    if embed:
        semantic.require_extra(instead="leave out --embed")  # say so before importing
    store = session.store(create=True)
    progress = LateProgress()
    try:
        report = import_sources(store, files, urls=urls, on_progress=progress)
    finally:
        progress.stop()
    for problem in report.problems:
        click.echo(f"Skipped: {printable(problem, one_line=True)}", err=True)
    extra = f", {ignored} other files ignored" if ignored else ""
    click.echo(
        f"Imported {report.documents:,} documents ({report.passages:,} passages); "
        f"skipped {report.skipped:,} already imported{extra}; "
        f"{report.seconds:.1f} seconds"
    )
    if embed:
        progress = LateProgress("Embedding passages", unit="passages")
        try:
            embedded = semantic.embed_sources(store, report.source_ids, on_progress=progress)
        finally:
            progress.stop()
        click.echo(
            f"Embedded {embedded.embedded:,} passages; {embedded.already:,} had their "
            f"vectors already; {embedded.seconds:.1f} seconds"
        )
    if report.problems:
        count = len(report.problems)
        raise InputError(
            f"{count} {'document' if count == 1 else 'documents'} could not be imported "
            "(listed above); everything else was imported. Fix them and run the same "
            "command again: what is already imported is skipped."
        )


def _read_urls_file(path: Path) -> list[str]:
    """The addresses of a --urls-file: one a line, blank lines and '#' comments skipped.

    Raises:
        InputError: the file cannot be read, or a line is not an http(s) address.
    """
    urls = []
    for number, line in enumerate(read_text_lines(path), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        problem = web_url_problem(line)
        if problem is not None:
            raise InputError(f"{os_text(path)} line {number}: not a web address: it {problem}")
        urls.append(line)
    if not urls:
        raise InputError(f"{os_text(path)}: has no web addresses")
    return urls


def read_claims_file(path: Path) -> list[tuple[str | None, str]]:
    """(id, claim) pairs from a .jsonl file of {id, claim}, or one claim per line."""
    lines = read_text_lines(path)
    queries: list[tuple[str | None, str]] = []
    as_jsonl = path.suffix.lower() == ".jsonl"
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if not as_jsonl:
            queries.append((None, line.strip()))
            continue
        record = parse_json_line(line, f"{os_text(path)} line {number}")
        claim = record.get("claim") if isinstance(record, dict) else None
        if not isinstance(claim, str) or not claim.strip():
            raise InputError(f'{os_text(path)} line {number}: needs {{"id": ..., "claim": text}}')
        ident = record.get("id")
        queries.append((None if ident is None else str(ident), claim))
    if not queries:
        raise InputError(f"{os_text(path)}: has no claims")
    return queries


@click.command()
@click.argument("text", required=False)
@click.option(
    "--claims-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help=".jsonl of {id, claim}, or a text file with one claim per line.",
)
@click.option("--top", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per query.")
@click.option(
    "--min-score",
    type=click.FloatRange(0, 100),
    help="Leave out passages scoring less (default: matching.min_score in the config; "
    "with --json none are left out, each carries its score).",
)
@click.option(
    "--ranker",
    type=click.Choice(RANKERS),
    help="lexical, or semantic with the semantic extra (default: matching.ranker).",
)
@pass_session
def match(
    session: Session,
    text: str | None,
    claims_file: Path | None,
    top: int,
    as_json: bool,
    min_score: float | None,
    ranker: str | None,
) -> None:
    """The best source passages for TEXT (or for each claim of --claims-file).

    Each passage has a score (0..100: the chance, in percent, that it is evidence for the
    claim, calibrated on real claims), the span that matches the claim, the shared words
    in bold, and flags: number-mismatch (same subject, other numbers) and negation (one
    side negates). Passages below --min-score are left out (with --json, only when it is
    given: machine output is the ranking, scores included). --json prints, per query and
    in input order: {"id", "claim", "matches": [{"passage_id", "source_id",
    "source_title", "text", "score", "span", "flags", "highlights"}]}; highlights are the
    [start, end] offsets of the shared words.
    """
    if (text is None) == (claims_file is None):
        raise UsageError("give either TEXT or --claims-file, not both")
    queries = read_claims_file(claims_file) if claims_file else [(None, text or "")]
    if not any(claim.strip() for _, claim in queries):
        raise UsageError("TEXT is empty: give the claim to match")
    store = session.store()
    has_sources = store.count_sources() > 0
    settings = session.config.matching
    # Machine output is a ranking: its reader decides where "close" starts.
    default = 0.0 if as_json else settings.min_score
    threshold = default if min_score is None else min_score
    chosen = ranker or settings.ranker
    for ident, claim in queries:
        matches = find_matches(store, claim, top=top, min_score=threshold, ranker=chosen)
        if as_json:
            echo_json({"id": ident, "claim": claim, "matches": [match_json(m) for m in matches]})
            continue
        label = f"{printable(ident, one_line=True)}: " if ident is not None else ""
        click.echo(f"== {label}{fit(claim, 3 + len(label))}")
        if not matches:
            hint = "" if has_sources else " (import sources with `workbench add sources`)"
            close = f"no close passage (none scores {threshold:g} or more)"
            click.echo(f"   {close if has_sources else 'no matching passages'}{hint}")
        for found in matches:
            flags = f"  ⚑ {', '.join(found.flags)}" if found.flags else ""
            click.echo(
                f"{found.score:5.1f}  {found.passage_id}  "
                f"{fit(found.source_title, 26 + len(flags))}{flags}"
            )
            click.echo("       " + highlight(found.text, found.span, found.highlights))


def highlight(text: str, span: tuple[int, int], words: tuple[tuple[int, int], ...] = ()) -> str:
    """The passage, printable: the matched span between «» when not a terminal, else
    underlined with the shared words in bold."""
    start, end = span
    if terminal_width() is None:
        before, inside, after = (printable(part, one_line=True) for part in _cut(text, start, end))
        return f"{before}«{inside}»{after}"
    pieces = []
    for a, b in _runs(len(text), span, words):
        part = printable(text[a:b], one_line=True)
        bold = any(x <= a and b <= y for x, y in words)
        underline = start <= a and b <= end
        pieces.append(
            click.style(part, bold=bold, underline=underline) if bold or underline else part
        )
    return "".join(pieces)


def _runs(
    length: int, span: tuple[int, int], words: tuple[tuple[int, int], ...]
) -> list[tuple[int, int]]:
    """The text cut at every span and word boundary, as consecutive (start, end) runs."""
    cuts = sorted({0, length, *span, *(x for pair in words for x in pair)})
    return list(zip(cuts, cuts[1:], strict=False))


def _cut(text: str, start: int, end: int) -> tuple[str, str, str]:
    return text[:start], text[start:end], text[end:]


@click.command("eval")
@click.option(
    "--top", type=click.IntRange(1, 100), default=10, show_default=True, help="Results ranked."
)
@click.option(
    "--gold",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help='Also score a .jsonl of {"claim", "evidence": passage id or [ids]}.',
)
@pass_session
def evaluate_matching(session: Session, top: int, gold: Path | None) -> None:
    """How well matching finds the evidence reviewers chose: recall@1/5/10 and MRR.

    Every passage a reviewer holds as evidence for a claim is a gold example; --gold adds
    a file of examples. MRR counts the first gold passage within --top results.
    """
    store = session.store()
    sets = []
    reviewed = gold_from_reviews(store)
    if reviewed:
        sets.append(("reviewers' evidence", reviewed))
    if gold is not None:
        sets.append((gold.name, read_gold_file(store, gold)))
    if not sets:
        click.echo(
            "No gold examples yet: mark passages as evidence (`workbench verdict CLAIM "
            "LABEL --evidence PASSAGE_ID`) or give --gold FILE."
        )
        return
    click.echo(f"{'GOLD':<24} {'CLAIMS':>6}  {'R@1':>6}  {'R@5':>6}  {'R@10':>6}  {'MRR':>6}")
    for name, examples in sets:
        result = evaluate(store, examples, name=name, top=top)
        r = result.recall
        click.echo(
            f"{fit(name, 60):<24} {result.examples:>6}  {r[1]:6.3f}  {r[5]:6.3f}  "
            f"{r[10]:6.3f}  {result.mrr:6.3f}"
        )
