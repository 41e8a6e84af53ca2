"""Commands for the team hub: ``hub init``, ``hub add-reviewer`` and ``sync``.

Thin: parse, call ``review_db.hub``, print.  The PostgreSQL driver is imported only when
one of them runs.  A hub URL is printed only masked; a password is read from a hidden
prompt or a file, never from the command line.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from review_db import StoreError
from review_db.hub import (
    HubError,
    RefusedPushError,
    SyncResult,
    add_person,
    init_hub,
    masked_url,
    sync,
)
from review_db.hub.schema import DEFAULT_ROLE_PREFIX

from ..errors import InputError, UsageError
from ..safe_text import printable
from .session import Session, WorkbenchGroup, pass_session

MAX_PASSWORD_BYTES = 1024
TABLE_NOUNS = (
    ("articles", "article"),
    ("claims", "claim"),
    ("sources", "source"),
    ("passages", "passage"),
    ("events", "event"),
)


@contextmanager
def shown_safely() -> Iterator[None]:
    """Hub errors quote what came from outside (a URL, a role name, the server's own
    words): they reach the terminal through ``printable``."""
    try:
        yield
    except StoreError as e:
        raise click.ClickException(printable(e.message, one_line=True)) from None


def _shown(dsn: str) -> str:
    return printable(masked_url(dsn), one_line=True)


def hub_url(session: Session, given: str | None) -> str:
    """The hub to use: ``--hub``, else ``$WORKBENCH_HUB``, else ``hub.url`` in the config."""
    url = session.config.hub(given)
    if url is None:
        raise UsageError(
            "no hub given: pass --hub URL, set WORKBENCH_HUB, or set hub.url in workbench.yaml"
        )
    return url


hub_option = click.option(
    "--hub",
    "given_url",
    envvar="WORKBENCH_HUB",
    metavar="URL",
    help="The hub (or $WORKBENCH_HUB, else hub.url in the config). Passwords come from "
    "PGPASSWORD, ~/.pgpass or a service file.",
)


@click.group(cls=WorkbenchGroup)
def hub() -> None:
    """Set up a team hub: a PostgreSQL database that reviewers sync through."""


@hub.command("init")
@click.argument("url")
@click.option("--upgrade", is_flag=True, help="Upgrade a hub made by an older workbench.")
@click.option(
    "--role-prefix",
    default=DEFAULT_ROLE_PREFIX,
    show_default=True,
    help="Prefix of the group roles (reviewer, adjudicator, reader); one per hub on a server.",
)
def hub_init(url: str, upgrade: bool, role_prefix: str) -> None:
    """Create the hub schema, views, group roles and security rules in the database at URL.

    Run once, as a role that may create schemas and roles. Running it again changes
    nothing; a hub made by an older workbench is upgraded only with --upgrade.
    """
    with shown_safely():
        info = init_hub(url, upgrade=upgrade, role_prefix=role_prefix)
    where = _shown(url)
    if info.created:
        click.echo(f"Created hub {info.hub_id} (schema version {info.schema_version}) at {where}.")
    elif info.upgraded_from is not None:
        click.echo(
            f"Upgraded hub {info.hub_id} at {where} from schema version {info.upgraded_from} "
            f"to {info.schema_version}."
        )
    else:
        click.echo(f"Hub {info.hub_id} at {where} is already at schema version "
                   f"{info.schema_version}; nothing changed.")  # fmt: skip
    roles = ", ".join(printable(name, one_line=True) for name in info.roles.values())
    click.echo(f"Group roles: {roles}.")


def read_password_file(path: Path) -> str:
    """The password in ``path``: its first line, which must not be empty."""
    try:
        with path.open("rb") as f:
            data = f.read(MAX_PASSWORD_BYTES + 1)
    except OSError as e:
        raise InputError(f"cannot read the password file {path}: {e.strerror}") from None
    if len(data) > MAX_PASSWORD_BYTES:
        raise InputError(f"the password file {path} is longer than {MAX_PASSWORD_BYTES} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"the password file {path} is not UTF-8 text") from None
    lines = text.splitlines()
    password = lines[0] if lines else ""
    if not password or "\x00" in password:
        raise InputError(f"the password file {path} holds no usable password on its first line")
    return password


@hub.command("add-reviewer")
@click.argument("name")
@hub_option
@click.option(
    "--password-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the password from the first line of this file instead of a prompt.",
)
@click.option(
    "--as",
    "group",
    type=click.Choice(["reviewer", "adjudicator", "reader"]),
    default="reviewer",
    show_default=True,
    help="adjudicator: may also settle conflicts; reader: may only read (an editor).",
)
@pass_session
def hub_add_reviewer(
    session: Session, name: str, given_url: str | None, password_file: Path | None, group: str
) -> None:
    """Create a login role NAME on the hub; NAME is the reviewer name their verdicts carry.

    Connect as the hub's administrator (--hub). The password is asked for (hidden) unless
    --password-file is given; it reaches the server only as a SCRAM verifier.
    """
    url = hub_url(session, given_url)
    if password_file is not None:
        password = read_password_file(password_file)
    else:
        password = click.prompt(
            f"Password for {printable(name, one_line=True)}",
            hide_input=True,
            confirmation_prompt=True,
        )
    with shown_safely():
        group_role = add_person(url, name, password, group=group)
    click.echo(
        f"Added {printable(name, one_line=True)} to {printable(group_role, one_line=True)} "
        f"on {_shown(url)}."
    )


def _moved(counts: dict[str, int]) -> str:
    parts = [
        f"{counts.get(table, 0)} {noun}{'' if counts.get(table, 0) == 1 else 's'}"
        for table, noun in TABLE_NOUNS
        if counts.get(table, 0)
    ]
    return ", ".join(parts) if parts else "nothing"


def sync_summary(result: SyncResult) -> str:
    """One line saying what a sync moved."""
    where = printable(result.hub, one_line=True)
    if not result.moved:
        return f"Already in sync with {where} ({result.seconds * 1000:.0f} ms)."
    pushed = "nothing (read-only role)" if result.read_only else _moved(result.pushed)
    return (
        f"Synced with {where} in {result.seconds:.1f} s: pushed {pushed}; "
        f"pulled {_moved(result.pulled)}."
    )


def refused_message(result: SyncResult) -> str:
    """Why some local events were not pushed, and who can push them."""
    who = ", ".join(
        f"{count} signed {printable(name, one_line=True)!r}"
        for name, count in sorted(result.refused.items())
    )
    role = printable(result.role, one_line=True)
    return (
        f"the hub takes from you only events signed {role!r} (the role you connect as), "
        f"so these were not pushed: {who}; their own reviewer (or the hub's owner) can push "
        "them, and adjudications need the adjudicator role. Everything else was synced."
    )


@click.command("sync")
@hub_option
@pass_session
def sync_command(session: Session, given_url: str | None) -> None:
    """Push what the hub lacks and pull what --db lacks, in batches.

    Pushes this database's articles, claims, sources, passages and your own events;
    pulls everyone's. Running it again is safe: an interrupted sync is finished, never
    doubled.
    """
    url = hub_url(session, given_url)
    store = session.store(create=True)
    with shown_safely():
        result = sync(store.connection, url)
    click.echo(sync_summary(result))
    for table, row_id, reason in result.rejected:
        click.echo(
            f"Skipped {table[:-1]} {printable(row_id, one_line=True)} from the hub: "
            f"{printable(reason, one_line=True)}",
            err=True,
        )
    if result.held_back:
        click.echo(
            "Some rows on the hub wait for an older transaction there to finish; "
            "sync again shortly to pull them.",
            err=True,
        )
    if result.refused:
        raise click.ClickException(RefusedPushError(refused_message(result)).message)


__all__ = ["HubError", "hub", "sync_command"]
