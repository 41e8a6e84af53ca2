"""Administering a hub: create or upgrade its schema, and add people as login roles.

Run by whoever administers the database (a role that may create schemas and roles).  A
password is never part of any SQL text: it is hashed on the client into a SCRAM
verifier (as psql's ``\\password`` does), so the server's statement log cannot show it.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .driver import connect, driver, error_from
from .errors import HubError, HubSchemaError
from .schema import DEFAULT_ROLE_PREFIX, GROUPS, HUB_SCHEMA_VERSION, HUB_STEPS

if TYPE_CHECKING:
    import psycopg

MAX_ROLE_NAME_BYTES = 63  # PostgreSQL's NAMEDATALEN - 1: longer names are cut silently
_INIT_LOCK = 0x776F726B  # advisory lock key: two `hub init`s never interleave


@dataclass(frozen=True)
class HubInfo:
    """What ``hub init`` did and what the hub is now."""

    hub_id: str
    schema_version: int
    upgraded_from: int | None  # the version before, when it was an upgrade
    created: bool  # False when the hub was already initialised and current
    roles: Mapping[str, str]  # group -> role name


def group_roles(prefix: str) -> dict[str, str]:
    """The three group role names for a role prefix."""
    return {group: f"{prefix}{group}" for group in GROUPS}


def check_role_name(name: str, what: str = "role name") -> str:
    """``name`` if PostgreSQL can hold it exactly as given, else a ``HubError``."""
    if not name or not name.strip():
        raise HubError(f"a {what} must not be empty")
    if "\x00" in name:
        raise HubError(f"a {what} must not contain a NUL character")
    if len(name.encode("utf-8")) > MAX_ROLE_NAME_BYTES:
        raise HubError(f"a {what} may be at most {MAX_ROLE_NAME_BYTES} bytes long")
    if name.lower().startswith("pg_"):
        raise HubError(f"a {what} may not start with 'pg_' (PostgreSQL reserves it)")
    return name


def hub_version(conn: psycopg.Connection[tuple[object, ...]]) -> int | None:
    """The hub schema version of the database, or None when it has no hub."""
    row = conn.execute("SELECT to_regclass('workbench.meta') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return None
    found = conn.execute("SELECT value FROM workbench.meta WHERE key = 'schema_version'").fetchone()
    if found is None:
        return 0
    try:
        return int(str(found[0]))
    except ValueError:
        raise HubSchemaError(f"the hub has an unreadable schema version {found[0]!r}") from None


def hub_meta(conn: psycopg.Connection[tuple[object, ...]]) -> dict[str, str]:
    """Every key of the hub's meta table."""
    return {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM workbench.meta")}


def init_hub(dsn: str, *, upgrade: bool = False, role_prefix: str = DEFAULT_ROLE_PREFIX) -> HubInfo:
    """Create the hub schema, views, group roles and rules, or upgrade an older hub.

    Idempotent on a current hub.  A newer hub is refused; an older one is upgraded only
    when ``upgrade`` is given.  Everything is one transaction: a failure leaves the
    database as it was.
    """
    for role in group_roles(role_prefix).values():
        check_role_name(role, "group role name (prefix + group)")
    with connect(dsn, autocommit=True) as conn:
        try:
            return _init(conn, upgrade, role_prefix)
        except HubError:
            raise
        except driver().Error as e:
            raise error_from(e, dsn, "initialising the hub") from None


def _init(conn: psycopg.Connection[tuple[object, ...]], upgrade: bool, role_prefix: str) -> HubInfo:
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_INIT_LOCK,))
        version = hub_version(conn)
        if version is not None and version > HUB_SCHEMA_VERSION:
            raise HubSchemaError(
                f"the hub has schema version {version}, newer than this workbench knows "
                f"({HUB_SCHEMA_VERSION}): upgrade workbench"
            )
        if version is not None and version < HUB_SCHEMA_VERSION and not upgrade:
            raise HubSchemaError(
                f"the hub has schema version {version}, older than this workbench's "
                f"({HUB_SCHEMA_VERSION}): run `workbench hub init --upgrade URL` to upgrade it"
            )
        meta = hub_meta(conn) if version is not None else {}
        roles = (
            {group: meta[f"{group}_role"] for group in GROUPS}
            if f"{GROUPS[0]}_role" in meta
            else group_roles(role_prefix)
        )
        created = version is None
        if version == HUB_SCHEMA_VERSION:
            return HubInfo(meta["hub_id"], version, None, False, roles)
        apply_steps(conn, roles, start=version or 0)
        hub_id = meta.get("hub_id") or str(uuid.uuid4())
        _set_meta(conn, "hub_id", hub_id)
        for group, role in roles.items():
            _set_meta(conn, f"{group}_role", role)
        return HubInfo(hub_id, HUB_SCHEMA_VERSION, None if created else version, created, roles)


def apply_steps(
    conn: psycopg.Connection[tuple[object, ...]],
    roles: Mapping[str, str],
    *,
    start: int = 0,
    stop: int = HUB_SCHEMA_VERSION,
) -> None:
    """Apply hub steps ``start``..``stop`` (inside the caller's transaction) and record
    the version reached; group roles that do not exist yet are created first."""
    sql = driver().sql
    for role in roles.values():
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
    names = {group: sql.Identifier(role) for group, role in roles.items()}
    for _name, statements in HUB_STEPS[start:stop]:
        for statement in statements:
            conn.execute(
                sql.SQL(statement).format(
                    **names, adjudicator_name=sql.Literal(roles["adjudicator"])
                )
            )
    _set_meta(conn, "schema_version", str(stop))


def _set_meta(conn: psycopg.Connection[tuple[object, ...]], key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO workbench.meta (key, value) VALUES (%s, %s) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def add_person(dsn: str, name: str, password: str, *, group: str = "reviewer") -> str:
    """Create login role ``name`` in one of the hub's groups; returns the group role.

    Args:
        dsn: an administrator's connection to the hub.
        name: the role name, which is also the reviewer name their events carry.
        password: the login password, sent only as a SCRAM verifier.
        group: ``reviewer``, ``adjudicator`` or ``reader``.
    """
    check_role_name(name, "reviewer name")
    if group not in GROUPS:
        raise HubError(f"unknown group {group!r}; choose one of {', '.join(GROUPS)}")
    if not password:
        raise HubError("a password must not be empty")
    psycopg_module = driver()
    sql = psycopg_module.sql
    with connect(dsn, autocommit=True) as conn:
        try:
            version = hub_version(conn)
            if version is None:
                raise HubSchemaError("this database has no hub yet: run `workbench hub init URL`")
            group_role = hub_meta(conn)[f"{group}_role"]
            with conn.transaction():
                if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
                    raise HubError(f"a role named {name!r} already exists on this server")
                verifier = conn.pgconn.encrypt_password(
                    password.encode("utf-8"), name.encode("utf-8"), b"scram-sha-256"
                )
                conn.execute(
                    sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                        sql.Identifier(name),
                        sql.Literal(verifier.decode("ascii")),
                        sql.Identifier(group_role),
                    )
                )
                database = conn.execute("SELECT current_database()").fetchone()
                assert database is not None
                # psql users land in the hub's schema: `SELECT * FROM claim_status` works.
                conn.execute(
                    sql.SQL("ALTER ROLE {} IN DATABASE {} SET search_path = workbench").format(
                        sql.Identifier(name), sql.Identifier(str(database[0]))
                    )
                )
        except HubError:
            raise
        except psycopg_module.Error as e:
            raise error_from(e, dsn, f"adding {name!r}") from None
    return group_role
