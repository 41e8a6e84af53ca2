"""The hub's rules hold at the server, whatever a client sends: each event is signed by
the role that pushed it, nothing is ever changed or removed, a reviewer reads only the
hub, and a password never appears in SQL, a log or a process's arguments."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[dev,hub]')")

import psycopg  # noqa: E402

from review_db.hub import add_person
from review_db.hub.errors import HubError

from ..conftest import SHORT_ARTICLE
from .conftest import Hub, local_db

Conn = psycopg.Connection[tuple[Any, ...]]


def _seed(hub: Hub, tmp_path: Path) -> str:
    """The test article and its claims on the hub; returns a claim id."""
    store = local_db(tmp_path, "seed")
    from review_db.hub import sync

    sync(store.connection, hub.admin_dsn)
    claim = store.claims()[0].id
    store.close()
    return claim


def _insert_event(
    conn: Conn, claim: str, reviewer: str, kind: str = "verdict", value: Any = None
) -> str:
    event_id = str(uuid.uuid4())
    conn.execute(
        "INSERT INTO workbench.events (id, claim_id, reviewer, kind, value, at) "
        "VALUES (%s, %s, %s, %s, %s, '2026-01-01T00:00:00.000000Z')",
        (event_id, claim, reviewer, kind, json.dumps(value or {"label": "True"})),
    )
    return event_id


def test_a_reviewer_inserts_only_events_signed_with_their_own_role(
    hub: Hub, tmp_path: Path
) -> None:
    claim = _seed(hub, tmp_path)
    ann, bob = hub.name("ann"), hub.name("bob")
    hub.person("bob")
    with psycopg.connect(hub.person("ann"), autocommit=True) as conn:
        _insert_event(conn, claim, ann)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            _insert_event(conn, claim, bob)
    assert hub.query("SELECT reviewer, pushed_by FROM workbench.events") == [(ann, ann)]


def test_only_adjudicators_write_adjudications(hub: Hub, tmp_path: Path) -> None:
    claim = _seed(hub, tmp_path)
    with psycopg.connect(hub.person("ann"), autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _insert_event(conn, claim, hub.name("ann"), "adjudication")
    with psycopg.connect(hub.person("judge", "adjudicator"), autocommit=True) as conn:
        _insert_event(conn, claim, hub.name("judge"), "adjudication")
        _insert_event(conn, claim, hub.name("judge"), "verdict")  # and is a reviewer too
    assert len(hub.query("SELECT 1 FROM workbench.events")) == 2


def test_a_reader_reads_the_views_and_writes_nothing(hub: Hub, tmp_path: Path) -> None:
    claim = _seed(hub, tmp_path)
    with psycopg.connect(hub.person("ann"), autocommit=True) as conn:
        _insert_event(conn, claim, hub.name("ann"))
    with psycopg.connect(hub.person("editor", "reader"), autocommit=True) as conn:
        status = conn.execute("SELECT reviewer, verdict FROM workbench.claim_status").fetchall()
        assert status == [(hub.name("ann"), "True")]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _insert_event(conn, claim, hub.name("editor"))


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE workbench.events SET reviewer = current_user",
        "DELETE FROM workbench.events",
        "TRUNCATE workbench.events",
        "UPDATE workbench.claims SET text = 'changed'",
        "DELETE FROM workbench.articles",
    ],
)
def test_nobody_changes_or_removes_rows(hub: Hub, tmp_path: Path, statement: str) -> None:
    claim = _seed(hub, tmp_path)
    with psycopg.connect(hub.person("ann"), autocommit=True) as conn:
        _insert_event(conn, claim, hub.name("ann"))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(statement)
    # Not even the owner: the triggers refuse it, as SQLite's do.
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
        hub.query(statement)
    assert len(hub.query("SELECT 1 FROM workbench.events")) == 1


def test_an_undo_cancels_only_its_own_reviewers_event(hub: Hub, tmp_path: Path) -> None:
    claim = _seed(hub, tmp_path)
    with psycopg.connect(hub.person("bob"), autocommit=True) as conn:
        bobs = _insert_event(conn, claim, hub.name("bob"))
    with psycopg.connect(hub.person("ann"), autocommit=True) as conn:
        with pytest.raises(psycopg.errors.ForeignKeyViolation, match="names no event"):
            _insert_event(conn, claim, hub.name("ann"), "undo", {"event": bobs})
    assert hub.query("SELECT verdict FROM workbench.claim_status") == [("True",)]


def test_sync_position_and_signature_cannot_be_forged(hub: Hub, tmp_path: Path) -> None:
    claim = _seed(hub, tmp_path)
    with psycopg.connect(hub.person("ann"), autocommit=True) as conn:
        for column, value in (("tx", "'1'::xid8"), ("pushed_by", "'bob'"), ("seq", "1")):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(
                    "INSERT INTO workbench.events "
                    f"(id, claim_id, reviewer, kind, value, at, {column}) OVERRIDING SYSTEM VALUE "
                    f"VALUES ('x', %s, current_user, 'verdict', '{{}}', 'now', {value})",
                    (claim,),
                )


def test_a_reviewer_reads_nothing_outside_the_hub_schema(hub: Hub) -> None:
    hub.query("CREATE TABLE public.outside (secret text)")
    hub.query("INSERT INTO public.outside VALUES ('s')")
    with psycopg.connect(hub.person("ann"), autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM public.outside")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("CREATE TABLE workbench.mine (x int)")


def test_a_password_reaches_the_server_only_as_a_scram_verifier(hub: Hub) -> None:
    name = hub.name("carol")
    add_person(hub.admin_dsn, name, "correct horse battery staple")
    hub.server.roles.add(name)
    stored = hub.query("SELECT rolpassword FROM pg_authid WHERE rolname = %s", name)
    assert stored[0][0].startswith("SCRAM-SHA-256$")
    assert "correct horse" not in stored[0][0]


def test_add_reviewer_reads_the_password_from_a_file_never_argv(
    hub: Hub,
    tmp_path: Path,
    run,  # type: ignore[no-untyped-def]
) -> None:
    secret = tmp_path / "password"
    secret.write_text("s3cret-from-file\n", encoding="utf-8")
    name = hub.name("dave")
    result = run(
        "hub", "add-reviewer", name, "--hub", hub.admin_dsn, "--password-file", str(secret)
    )
    hub.server.roles.add(name)
    assert result.exit_code == 0, result.output
    assert "s3cret" not in result.output
    assert hub.query(
        "SELECT 1 FROM pg_auth_members AS m JOIN pg_roles AS r ON r.oid = m.member "
        "JOIN pg_roles AS g ON g.oid = m.roleid WHERE r.rolname = %s AND g.rolname = %s",
        name,
        hub.name("reviewer"),
    )
    again = run("hub", "add-reviewer", name, "--hub", hub.admin_dsn, "--password-file", str(secret))
    assert again.exit_code == 1
    assert again.output == f"Error: a role named {name!r} already exists on this server\n"


def test_add_reviewer_prompts_without_echo(hub: Hub, run) -> None:  # type: ignore[no-untyped-def]
    name = hub.name("erin")
    result = run("hub", "add-reviewer", name, "--hub", hub.admin_dsn, stdin="pw-typed\npw-typed\n")
    hub.server.roles.add(name)
    assert result.exit_code == 0, result.output
    assert "pw-typed" not in result.output
    assert "Password for" in result.output


def test_password_file_problems_are_errors(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty"
    empty.write_text("\n")
    result = run("hub", "add-reviewer", "x", "--hub", "host=nowhere", "--password-file", str(empty))
    assert result.exit_code == 1
    assert (
        result.output
        == f"Error: the password file {empty} holds no usable password on its first line\n"
    )


@pytest.mark.parametrize("name", ["", "pg_evil", "x" * 64, "a\x00b"])
def test_unusable_role_names_are_refused_before_any_sql(name: str) -> None:
    with pytest.raises(HubError):
        add_person("host=unused", name, "pw")


def test_a_password_is_never_in_the_process_arguments(hub: Hub, tmp_path: Path) -> None:
    """A child running add-reviewer from a file is inspected while it runs: its argv
    holds the file's name, not the password."""
    secret = tmp_path / "fifo"
    os.mkfifo(secret)
    name = hub.name("frank")
    child = subprocess.Popen(
        [str(Path(sys.executable).parent / "workbench"), "hub", "add-reviewer", name,
         "--hub", hub.admin_dsn, "--password-file", str(secret)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    hub.server.roles.add(name)
    argv = Path(f"/proc/{child.pid}/cmdline").read_bytes()
    # The child blocks reading the FIFO until it is written; if it failed before opening
    # it, there is no reader (ENXIO) and the test must not hang waiting for one.
    while True:
        try:
            fd = os.open(secret, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError:
            assert child.poll() is None, child.communicate()[0]
            time.sleep(0.02)
    os.write(fd, b"fifo-secret\n")
    os.close(fd)
    output, _ = child.communicate(timeout=60)
    assert child.returncode == 0, output
    assert b"fifo-secret" not in argv and "fifo-secret" not in output


def test_hostile_text_rides_in_parameters_only(hub: Hub, tmp_path: Path) -> None:
    """SQL in reviewer names, labels, notes and ids is stored as text, never run."""
    from review_db.hub import sync

    evil = "x'); DROP TABLE workbench.events; --"
    store = local_db(tmp_path, "evil")
    claim = store.claims()[0].id
    role = hub.name('o"brien; drop role x')
    hub.person('o"brien; drop role x')
    store.record_events(
        role, [(claim, "verdict", {"label": evil}), (claim, "note", {"text": evil})]
    )
    sync(store.connection, hub.dsn_for(role))
    assert hub.query("SELECT reviewer, verdict, note FROM workbench.claim_status") == [
        (role, evil, evil)
    ]
    assert SHORT_ARTICLE in hub.query("SELECT text FROM workbench.articles")[0]
