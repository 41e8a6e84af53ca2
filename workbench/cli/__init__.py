"""The ``workbench`` command line: parse arguments, call the library, print.

Commands are thin and live in one module per topic; this module builds the group and
names them.  A command's module is imported only when that command runs (``LazyGroup``),
and each module imports its heavy libraries inside the commands that need them, so
``workbench --version``, ``verdict`` and ``claims`` start in a fraction of a second
(``benchmarks/cli_start.py``).
"""

from __future__ import annotations

import functools
import importlib
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..errors import UsageError
from ..json_lines import has_lone_surrogate
from ..safe_text import printable
from .session import Session, WorkbenchGroup, pass_session


class LazyGroup(WorkbenchGroup):
    """A group whose commands are imported when first used: ``{name: "module:attr"}``.

    Every command gets the CLI-wide parameter rules (``_prepare``) as it is loaded, so a
    lazily loaded command is the same as an eagerly registered one.
    """

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            module_name, attr = self.lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name, __name__), attr)
            _prepare(command)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


def _prepare(command: click.Command) -> None:
    """The rules every command follows, applied to it and its subcommands once."""
    _session_options_after_subcommands(command)
    _text_parameters_refuse_undecodable_bytes(command)


class _WorkbenchCli(LazyGroup):
    """The top-level group: the one place every ``Error:`` message passes on its way out.

    Messages name files and repeat what the user typed, and a file name can hold an
    escape sequence or a newline; each message is made printable (one line) here, so no
    command can forget it.
    """

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.ClickException as e:
            raise _printable_error(e) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as e:
            raise _printable_error(e) from None


def _printable_error(error: click.ClickException) -> click.ClickException:
    # click declares message final, yet show() formats it only when printing.
    error.message = printable(error.message, one_line=True)  # type: ignore[misc]
    return error


class _Utf8Text(click.types.StringParamType):
    """Free text typed on the command line, refused when it is not UTF-8.

    Bytes that are not UTF-8 reach Python as lone surrogates (``surrogateescape``), which
    no database or terminal can hold: refused with one line, before anything is stored.
    """

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = super().convert(value, param, ctx)
        if has_lone_surrogate(text):
            what = param.get_error_hint(ctx) if param is not None and ctx is not None else "text"
            raise UsageError(
                f"{what} holds bytes that are not UTF-8 text (check the terminal's "
                "encoding); nothing was changed"
            )
        return text


def _text_parameters_refuse_undecodable_bytes(command: click.Command) -> None:
    """Give every free-text parameter of ``command`` and its subcommands the UTF-8 check.

    Done once here, over the whole command tree, so that a new command cannot forget it;
    file names are ``click.Path`` parameters and keep their bytes.
    """
    for param in command.params:
        if type(param.type) is click.types.StringParamType:
            param.type = _Utf8Text()
    for sub in getattr(command, "commands", {}).values():
        _text_parameters_refuse_undecodable_bytes(sub)


def _session_options_after_subcommands(command: click.Command) -> None:
    """Let every command take ``--db`` and ``--config`` after its name as well.

    The README promises that every command takes them, and a user types them where they
    type the rest (``workbench articles --db x.db``).  Given in both places, the one after
    the subcommand wins.  The settings are read just before the command runs, so a
    broken config file is reported before any work is done, whichever file that is.
    """
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _session_options_after_subcommands(sub)
        return
    command.params += [
        click.Option(
            ["--db", "db_path"],
            type=click.Path(path_type=Path),
            expose_value=False,
            callback=_set_session_field,
            help="The review database (as before the command).",
        ),
        click.Option(
            ["--config", "config_path"],
            type=click.Path(path_type=Path),
            expose_value=False,
            callback=_set_session_field,
            help="Settings file (as before the command).",
        ),
    ]
    run = command.callback
    if run is not None:
        command.callback = functools.update_wrapper(_config_checked(run), run)


def _set_session_field(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    session = ctx.find_object(Session)
    if value is not None and session is not None and param.name is not None:
        setattr(session, param.name, value)


def _config_checked(run: Callable[..., Any]) -> Callable[..., Any]:
    def checked(*args: Any, **kwargs: Any) -> Any:
        session = click.get_current_context().find_object(Session)
        if session is not None:
            session.config  # a broken config file stops the command first  # noqa: B018
        return run(*args, **kwargs)

    return checked


@click.group(
    cls=_WorkbenchCli,
    context_settings={"help_option_names": ["-h", "--help"]},
    lazy={
        "articles": ".articles:articles",
        "claims": ".articles:claims",
        "verdict": ".review:verdict",
        "adjudicate": ".review:adjudicate",
        "undo": ".review:undo",
        "history": ".review:history",
        "status": ".status:status",
        "match": ".sources:match",  # sources and matching
        "eval": ".sources:evaluate_matching",
        "checked": ".factchecks:checked",  # fact-checks
        "merge": ".team:merge",  # team sharing
        "conflicts": ".team:conflicts",
        "hub": ".hub:hub",  # the team hub
        "sync": ".hub:sync_command",
        "export": ".export:export_report",  # reports
        "review": ".tui:review",  # the TUI
        "demo": ".tui:demo",
        "worthiness": ".worthiness:worthiness",  # check-worthiness models
    },
)
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
    # The config is read once the subcommand's own --db/--config are known (see
    # ``_session_options_after_subcommands``).
    ctx.obj = Session(db_path, config_path)


@cli.group(
    cls=LazyGroup,
    lazy={
        "article": ".articles:add_article",
        "sources": ".sources:add_sources",
        "factchecks": ".factchecks:add_factchecks",
    },
)
def add() -> None:
    """Import articles or sources into the review database (creating it if needed)."""


@cli.command("config")
@pass_session
def show_config(session: Session) -> None:
    """Print the effective configuration as YAML (a starting point for workbench.yaml)."""
    click.echo(session.config.to_yaml(), nl=False)


_prepare(cli)


def main() -> None:
    """Entry point of the ``workbench`` console script."""
    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show a character (PYTHONIOENCODING=latin-1) gets an
        # escape such as \u201c instead of a crash.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        cli(prog_name="workbench")
    except BrokenPipeError:  # `workbench claims | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
