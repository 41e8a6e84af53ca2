"""The ``workbench`` command line: parse arguments, call the library, print.

Commands are thin and live in one module per topic; this module builds the group and
registers them.  Textual is imported only by the commands that open the TUI, so scripted
commands start fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .. import __version__
from .articles import add_article, articles, claims
from .export import export_report
from .factchecks import add_factchecks, checked
from .review import history, status, undo, verdict
from .session import Session, WorkbenchGroup, pass_session
from .sources import add_sources, evaluate_matching, match
from .team import conflicts, merge
from .tui import demo, review


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


@cli.group(cls=WorkbenchGroup)
def add() -> None:
    """Import articles or sources into the review database (creating it if needed)."""


@cli.command("config")
@pass_session
def show_config(session: Session) -> None:
    """Print the effective configuration as YAML (a starting point for workbench.yaml)."""
    click.echo(session.config.to_yaml(), nl=False)


add.add_command(add_article)
add.add_command(add_sources)
add.add_command(add_factchecks)
for command in (
    articles, claims, verdict, undo, history, status,
    match, evaluate_matching,  # sources and matching
    checked,  # fact-checks
    merge, conflicts,  # team sharing
    export_report,  # reports
    review, demo,  # the TUI
):  # fmt: skip
    cli.add_command(command)


def main() -> None:
    """Entry point of the ``workbench`` console script."""
    try:
        cli(prog_name="workbench")
    except BrokenPipeError:  # `workbench claims | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
