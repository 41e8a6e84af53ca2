"""The PostgreSQL driver, imported only when a hub is used, and connecting to a hub.

psycopg is an optional extra (``pip install 'workbench[hub]'``): nothing else in
workbench imports it, so every other command starts fast and works without it.  Driver
errors become :class:`HubError` messages with the URL masked and any password scrubbed.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

from .connection_url import masked_url, scrub
from .errors import HubError, NoDriverError

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT_SECONDS = 10
INSTALL_HINT = "install the hub extra: pip install 'workbench[hub]'"


def driver() -> ModuleType:
    """The psycopg module, or a ``NoDriverError`` that says how to install it."""
    try:
        return importlib.import_module("psycopg")
    except ImportError:
        raise NoDriverError(
            f"the team hub needs the PostgreSQL driver psycopg; {INSTALL_HINT}"
        ) from None


def connect(dsn: str, *, autocommit: bool = False) -> psycopg.Connection[tuple[object, ...]]:
    """A connection to the hub at ``dsn`` (a URL or libpq ``key=value`` words).

    Passwords come from libpq's usual places (``PGPASSWORD``, ``~/.pgpass``, a service
    file) or the URL itself; none is ever shown in a message.
    """
    psycopg_module = driver()
    try:
        conn: psycopg.Connection[tuple[object, ...]] = psycopg_module.connect(
            dsn,
            autocommit=autocommit,
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
            application_name="workbench",
        )
    except psycopg_module.Error as e:
        raise HubError(
            f"cannot connect to the hub at {masked_url(dsn)}: {describe(e, dsn)}"
        ) from None
    return conn


def describe(error: BaseException, dsn: str) -> str:
    """A driver error as one line a user can act on, with no password in it."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return scrub("; ".join(lines) or type(error).__name__, dsn)


def is_driver_error(error: BaseException) -> bool:
    """Whether ``error`` came from psycopg (and should become a ``HubError``)."""
    return isinstance(error, driver().Error)


def error_from(error: BaseException, dsn: str, doing: str) -> HubError:
    """A ``HubError`` for a driver error met while ``doing`` something with the hub."""
    return HubError(f"{doing} at {masked_url(dsn)} failed: {describe(error, dsn)}")
