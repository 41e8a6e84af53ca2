"""Commands that open the TUI: ``review`` and ``demo``.  Textual is imported only here,
inside the commands, so scripted commands start fast."""

from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path

import click

from .session import Session, pass_session


@click.command()
@click.option("--reviewer", help="Who is reviewing (default: config, else your user name).")
@click.option(
    "--article", "article_id", help="Open this article's review screen directly (q: articles)."
)
@pass_session
def review(session: Session, reviewer: str | None, article_id: str | None) -> None:
    """Open the review TUI: step through claims, see evidence, give verdicts with one key.

    Keys: j/k next/previous, 1-7 verdicts, n note, space evidence, / search, u undo,
    f filter, h history, w article window, tab/shift+tab next/previous panel (claim,
    article, passages), PageUp/PageDown scroll it, ? help, q back (to the articles
    screen, also after --article), ctrl+q quit from anywhere, saving first (ctrl+c too,
    unless text is selected). Laid out for 80x24 and up.
    """
    store = session.store()
    session.resplit_outdated()
    who = session.reviewer(reviewer)
    selected = store.resolve_article_id(article_id) if article_id else None
    _run(session.db_path, session, who, selected)


@click.command()
@click.option("--reviewer", help="Who is reviewing (default: config, else your user name).")
@pass_session
def demo(session: Session, reviewer: str | None) -> None:
    """Open the TUI on the bundled sample article in a temporary database (a copy of
    one built once per version and kept in $XDG_CACHE_HOME/workbench)."""
    from .demo_cache import kept_demo_database  # the store: only when the demo runs

    who = session.reviewer(reviewer)
    with tempfile.TemporaryDirectory(prefix="workbench-demo-") as folder:
        db_path = Path(folder) / "demo.db"
        article_id = kept_demo_database(db_path, build_demo_database)
        click.echo(f"Demo database: {db_path} (deleted when you quit)", err=True)
        _run(db_path, session, who, article_id)


def build_demo_database(db_path: Path) -> str:
    """Fill a new database with the bundled sample article and its sources; returns the
    sample article's id."""
    # Imported here: `review` needs none of the segmenter and importers.
    from review_db import ReviewStore
    from workbench.claims.extract import SEGMENTER_VERSION, extract_claims
    from workbench.corpus.ingest import article_from_bytes
    from workbench.corpus.sources import collect_files, import_sources

    sample = resources.files("workbench") / "sample"
    doc = article_from_bytes((sample / "article.txt").read_bytes(), origin="sample/article.txt")
    with ReviewStore(db_path, create=True) as store:
        with resources.as_file(sample / "sources") as folder:
            files, _ = collect_files([folder])
            import_sources(store, files)
        added = store.add_article(
            doc.text,
            title=doc.title,
            claims=extract_claims(doc.text),
            segmenter=SEGMENTER_VERSION,
            origin=doc.origin,
            url="https://news.example/harlow-vale-floods",
            published="2026-03-10",
        )
        return added.article.id


def _run(db_path: Path, session: Session, reviewer: str, article_id: str | None) -> None:
    from ..tui.app import build_app

    build_app(db_path, session.config, reviewer, article_id, handle_signals=True).run()
