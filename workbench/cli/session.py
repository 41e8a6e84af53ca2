"""What every command shares: the database and settings of this run, and output helpers.

Expected failures (``WorkbenchError``, ``StoreError``) become one ``Error: ...`` line and
exit status 1 in ``WorkbenchGroup``; nothing prints a traceback for them.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import UsageError, WorkbenchError
from ..safe_text import printable, shorten

if TYPE_CHECKING:
    from review_db import ReviewStore

    from ..config import Config


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
            from ..config import find_config, load_config  # YAML and the scale: when used

            self._config = load_config(find_config(self.config_path, self.db_path))
        return self._config

    def store(self, *, create: bool = False) -> ReviewStore:
        """The review database, opened once per command (created only when allowed).

        Opening never writes (beyond a schema upgrade): a command that only reads works on
        a read-only file, and re-splitting is left to the commands that import or review.
        """
        if self._store is None:
            from review_db import ReviewStore  # not for `--version` or `--help`

            self._store = ReviewStore(self.db_path, create=create)
            click.get_current_context().call_on_close(self._store.close)
            store = self._store
            if store.upgraded_from is not None:
                click.echo(
                    f"Upgraded {printable(str(self.db_path))} from schema version "
                    f"{store.upgraded_from} to {store.schema_version} "
                    f"(backup: {printable(str(store.backup_path))})",
                    err=True,
                )
        return self._store

    def resplit_outdated(self) -> None:
        """Re-split unreviewed articles made by an older segmenter, saying so on stderr.

        Done where claims are about to be added or reviewed (``add article``, ``review``),
        so every later command sees the new claims and no read ever writes.
        """
        # Imported here: the segmenter is heavy, and re-splitting is rare (an upgrade).
        from workbench.claims.segment import SEGMENTER_VERSION

        store = self.store()
        if store.readonly or not store.articles_needing_resplit(SEGMENTER_VERSION):
            return
        from workbench.claims.extract import resplit_unreviewed

        for article_id, title, count in resplit_unreviewed(store):
            click.echo(
                f'Re-split article {article_id} "{printable(title, one_line=True)}" '
                f"with segmenter {SEGMENTER_VERSION} ({count} claims; it had no reviews)",
                err=True,
            )

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
        except sqlite3.DatabaseError as e:
            session = ctx.find_object(Session)
            where = printable(str(session.db_path), one_line=True) if session else "the database"
            if "locked" in str(e) or "busy" in str(e):
                # A lock held past the busy timeout: say so plainly, not "database is locked".
                raise click.ClickException(
                    f"{where} stayed busy (another process held a lock on it); "
                    "nothing was changed, try again"
                ) from None
            raise click.ClickException(f"{where}: {e} (nothing was changed)") from None
        except Exception as e:
            message = _expected_failure(e)
            if message is None:
                raise
            # Messages quote what the user typed and ids read from (possibly merged) files.
            raise click.ClickException(printable(message, one_line=True)) from None


def _expected_failure(error: Exception) -> str | None:
    """The message of a ``WorkbenchError`` or ``StoreError``; None for anything else.

    ``StoreError`` is looked up only once the database layer is loaded: until then none
    can be raised, and importing it just to name it would cost every command (``--help``
    too) the database layer's start-up time.
    """
    if isinstance(error, WorkbenchError):
        return error.message
    errors = sys.modules.get("review_db.errors")
    if errors is not None and isinstance(error, errors.StoreError):
        return str(error.message)
    return None


pass_session = click.make_pass_decorator(Session)


def echo_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


def when(stamp: str | None) -> str:
    """A stored UTC timestamp, to the second, for people."""
    return printable(stamp[:19].replace("T", " ") + "Z", one_line=True) if stamp else "-"


def terminal_width() -> int | None:
    """The width to shorten listings to, or None when output is not a terminal."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def fit(text: str, used: int) -> str:
    width = terminal_width()
    line = printable(text, one_line=True)
    return shorten(line, width - used) if width else line
