"""Commands for the source corpus: ``add sources``, ``match`` and ``eval``."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TimeRemainingColumn

from workbench.corpus.evaluation import evaluate, gold_from_reviews, read_gold_file
from workbench.corpus.ingest import read_text_lines
from workbench.corpus.matching import find_matches, match_json
from workbench.corpus.rerank import RANKERS
from workbench.corpus.sources import collect_files, import_sources

from ..errors import InputError, UsageError
from ..safe_text import printable
from .session import Session, echo_json, fit, pass_session, terminal_width

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


def _read_claims_file(path: Path) -> list[tuple[str | None, str]]:
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
        try:
            record: Any = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"{path} line {number}: is not valid JSON ({e.msg})") from None
        claim = record.get("claim") if isinstance(record, dict) else None
        if not isinstance(claim, str) or not claim.strip():
            raise InputError(f'{path} line {number}: needs {{"id": ..., "claim": text}}')
        ident = record.get("id")
        queries.append((None if ident is None else str(ident), claim))
    if not queries:
        raise InputError(f"{path}: has no claims")
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
    help="Leave out passages scoring less (default: matching.min_score in the config).",
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
    side negates). Passages below --min-score are left out. --json prints, per query and
    in input order: {"id", "claim", "matches": [{"passage_id", "source_id",
    "source_title", "text", "score", "span", "flags", "highlights"}]}; highlights are the
    [start, end] offsets of the shared words.
    """
    if (text is None) == (claims_file is None):
        raise UsageError("give either TEXT or --claims-file, not both")
    queries = _read_claims_file(claims_file) if claims_file else [(None, text or "")]
    if not any(claim.strip() for _, claim in queries):
        raise UsageError("TEXT is empty: give the claim to match")
    store = session.store()
    has_sources = store.count_sources() > 0
    settings = session.config.matching
    threshold = settings.min_score if min_score is None else min_score
    chosen = ranker or settings.ranker
    for ident, claim in queries:
        matches = find_matches(store, claim, top=top, min_score=threshold, ranker=chosen)
        if as_json:
            echo_json({"id": ident, "claim": claim, "matches": [match_json(m) for m in matches]})
            continue
        label = f"{ident}: " if ident is not None else ""
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
            click.echo("       " + _highlight(found.text, found.span, found.highlights))


def _highlight(text: str, span: tuple[int, int], words: tuple[tuple[int, int], ...] = ()) -> str:
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
