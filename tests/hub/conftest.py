"""A real PostgreSQL for the hub tests: a throwaway database per test, roles per session.

Tests never mock the server.  The server is ``$WORKBENCH_TEST_PG`` (libpq words or a URL,
default the local one on 127.0.0.1:5432, as the connecting OS user); when it cannot be
reached, or psycopg is not installed, the tests are skipped with the reason, unless
``WORKBENCH_REQUIRE_HUB=1`` (set by ``.ci/run``), which makes that a failure.

Roles are global to a PostgreSQL server, so every role a session creates carries a
prefix unique to the session (parallel runs never collide) and is dropped at the end,
with the databases.  The local server trusts connections from 127.0.0.1, so test roles
log in without a password; production hubs use passwords (scram-sha-256).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from review_db import ReviewStore
from review_db.hub import add_person, init_hub

from ..conftest import add_text

DEFAULT_SERVER = "host=127.0.0.1 port=5432 dbname=postgres"
PASSWORD = "not-used-with-trust-auth"


def _unavailable(reason: str) -> None:
    if os.environ.get("WORKBENCH_REQUIRE_HUB") == "1":
        pytest.fail(f"hub tests need PostgreSQL (WORKBENCH_REQUIRE_HUB=1): {reason}")
    pytest.skip(f"no PostgreSQL for the hub tests: {reason}")


def dsn_with(base: str, **words: str) -> str:
    """libpq words ``base`` with some replaced (database, user)."""
    from psycopg.conninfo import make_conninfo

    return make_conninfo(base, **words)


@dataclass
class PgServer:
    """The test server, with what this session created on it."""

    base: str
    prefix: str
    databases: list[str] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)

    def admin(self) -> Any:
        import psycopg

        return psycopg.connect(self.base, autocommit=True)

    def new_database(self) -> str:
        """The session's database with no hub in it (dropping a database costs a
        checkpoint, seconds; dropping the hub's schema costs milliseconds)."""
        import psycopg
        from psycopg import sql

        if not self.databases:
            name = f"{self.prefix}db"
            with self.admin() as conn:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            self.databases.append(name)
        name = self.databases[0]
        with psycopg.connect(dsn_with(self.base, dbname=name), autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            conn.execute("DROP SCHEMA IF EXISTS workbench CASCADE")
            conn.execute("DROP TABLE IF EXISTS public.outside")
        return name


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    try:
        import psycopg
        from psycopg import sql
    except ImportError:
        _unavailable("psycopg is not installed (pip install -e '.[dev,hub]')")
    base = os.environ.get("WORKBENCH_TEST_PG", DEFAULT_SERVER)
    try:
        psycopg.connect(base, connect_timeout=3).close()
    except psycopg.Error as e:
        _unavailable(f"cannot connect to {base!r}: {str(e).strip()}")
    server = PgServer(base=base, prefix=f"wbt{uuid.uuid4().hex[:8]}_")
    yield server
    with server.admin() as conn:
        for name in server.databases:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        rows = conn.execute(
            "SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s) ORDER BY rolname",
            (server.prefix,),
        ).fetchall()
        # Members before groups: a group cannot go while a member still needs it.
        groups = {f"{server.prefix}{g}" for g in ("reviewer", "adjudicator", "reader")}
        for (role,) in sorted(rows, key=lambda r: r[0] in groups):
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


@dataclass
class Hub:
    """One freshly initialised hub database, and the people on it."""

    server: PgServer
    database: str

    @property
    def admin_dsn(self) -> str:
        return dsn_with(self.server.base, dbname=self.database)

    def name(self, person: str) -> str:
        """The session-unique role (and reviewer) name of a person."""
        return f"{self.server.prefix}{person}"

    def person(self, person: str, group: str = "reviewer") -> str:
        """Create ``person`` (once per session) and return their connection string."""
        role = self.name(person)
        if role not in self.server.roles:
            add_person(self.admin_dsn, role, PASSWORD, group=group)
            self.server.roles.add(role)
        return self.dsn_for(role)

    def dsn_for(self, role: str) -> str:
        return dsn_with(self.server.base, dbname=self.database, user=role)

    def query(self, text: str, *params: Any) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            cursor = conn.execute(text, params or None)
            return cursor.fetchall() if cursor.description else []


@pytest.fixture
def hub(pg_server: PgServer) -> Hub:
    database = pg_server.new_database()
    found = Hub(pg_server, database)
    init_hub(found.admin_dsn, role_prefix=pg_server.prefix)
    return found


@pytest.fixture
def empty_database(pg_server: PgServer) -> str:
    """A database with no hub in it yet, as libpq words for its administrator."""
    return dsn_with(pg_server.base, dbname=pg_server.new_database())


def local_db(folder: Path, name: str, *, article: bool = True) -> ReviewStore:
    """A reviewer's own review database, holding the test article unless told otherwise."""
    store = ReviewStore(folder / f"{name}.db", create=True)
    if article:
        add_text(store)
    return store
