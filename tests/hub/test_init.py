"""`hub init`: the schema, views and roles appear; a second run changes nothing; a newer
hub is refused and an older one upgraded only on request; no driver, a clear message."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from review_db.hub import HUB_SCHEMA_VERSION, HubSchemaError, NoDriverError, init_hub
from review_db.hub.admin import apply_steps, group_roles
from review_db.hub.driver import driver
from workbench.cli import cli

from .conftest import Hub, PgServer, dsn_with


def test_init_creates_tables_views_and_group_roles(hub: Hub) -> None:
    relations = {
        row[0]
        for row in hub.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'workbench'"
        )
    }
    assert {"articles", "claims", "sources", "passages", "events", "meta"} <= relations
    assert {"claim_status", "conflicts", "reviewer_progress", "live_events"} <= relations
    prefix = hub.server.prefix
    roles = {
        r[0]
        for r in hub.query("SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)", prefix)
    }
    assert set(group_roles(prefix).values()) <= roles
    version = hub.query("SELECT value FROM workbench.meta WHERE key = 'schema_version'")
    assert version == [(str(HUB_SCHEMA_VERSION),)]


def test_init_again_changes_nothing(hub: Hub) -> None:
    before = hub.query("SELECT value FROM workbench.meta WHERE key = 'hub_id'")
    info = init_hub(hub.admin_dsn, role_prefix=hub.server.prefix)
    assert not info.created and info.upgraded_from is None
    assert [(info.hub_id,)] == before


def test_newer_hub_is_refused_by_init(hub: Hub) -> None:
    hub.query(
        "UPDATE workbench.meta SET value = %s WHERE key = 'schema_version'",
        str(HUB_SCHEMA_VERSION + 1),
    )
    with pytest.raises(HubSchemaError, match="newer than this workbench knows"):
        init_hub(hub.admin_dsn, upgrade=True, role_prefix=hub.server.prefix)


def _older_hub(pg_server: PgServer) -> str:
    """A hub that stopped one step short of this workbench's schema."""
    import psycopg

    dsn = dsn_with(pg_server.base, dbname=pg_server.new_database())
    with psycopg.connect(dsn, autocommit=True) as conn, conn.transaction():
        roles = group_roles(pg_server.prefix)
        apply_steps(conn, roles, stop=HUB_SCHEMA_VERSION - 1)
        for key, value in [("hub_id", "older"), *((f"{g}_role", r) for g, r in roles.items())]:
            conn.execute("INSERT INTO workbench.meta VALUES (%s, %s)", (key, value))
    return dsn


def test_older_hub_is_upgraded_only_with_upgrade(pg_server: PgServer) -> None:
    dsn = _older_hub(pg_server)
    with pytest.raises(HubSchemaError, match="hub init --upgrade"):
        init_hub(dsn, role_prefix=pg_server.prefix)
    info = init_hub(dsn, upgrade=True, role_prefix=pg_server.prefix)
    assert info.upgraded_from == HUB_SCHEMA_VERSION - 1
    assert info.schema_version == HUB_SCHEMA_VERSION and info.hub_id == "older"


def test_cli_init_and_again(empty_database: str, pg_server: PgServer, run) -> None:  # type: ignore[no-untyped-def]
    first = run("hub", "init", empty_database, "--role-prefix", pg_server.prefix)
    assert first.exit_code == 0, first.output
    assert "Created hub" in first.output and f"{pg_server.prefix}reviewer" in first.output
    again = run("hub", "init", empty_database, "--role-prefix", pg_server.prefix)
    assert again.exit_code == 0 and "nothing changed" in again.output


def test_without_the_driver_commands_say_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails
    with pytest.raises(NoDriverError, match=r"pip install 'workbench\[hub\]'"):
        driver()
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "r.db"), "sync", "--hub", "postgresql://h/db"]
    )
    assert result.exit_code == 1
    assert result.output == (
        "Error: the team hub needs the PostgreSQL driver psycopg; "
        "install the hub extra: pip install 'workbench[hub]'\n"
    )


def test_scripted_cli_does_not_load_the_driver() -> None:
    import subprocess

    code = "import workbench.cli, review_db.hub, sys; print('psycopg' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
