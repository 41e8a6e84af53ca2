"""Attacks on the hub commands: terminal escapes in reviewer names, role names and hub
URLs reach the terminal inert; SQL in them reaches the server as parameters only (see
tests/hub/test_security.py::test_hostile_text_rides_in_parameters_only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_db import ReviewStore
from review_db.connection import utc_timestamp
from review_db.ids import new_event_id
from tests.conftest import add_text
from tests.hostile import OSC_TITLE, TERMINAL_ATTACKS, assert_inert
from tests.hub.conftest import Hub, hub, pg_server  # noqa: F401  (the hub fixtures)
from tests.review_logs import add_events


@pytest.mark.parametrize("attack", sorted(TERMINAL_ATTACKS.values()))
def test_a_hub_url_with_escapes_is_shown_inert(
    attack: str,
    tmp_path: Path,
    run,  # type: ignore[no-untyped-def]
) -> None:
    pytest.importorskip("psycopg")
    result = run(
        "--db", str(tmp_path / "r.db"), "sync", "--hub", f"host=127.0.0.1 port=1 dbname={attack}"
    )
    assert result.exit_code == 1 and result.output.startswith("Error: ")
    assert_inert(result.output)


def test_escapes_in_a_foreign_reviewer_name_are_shown_inert(
    hub: Hub,  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
    run,  # type: ignore[no-untyped-def]
) -> None:
    db = tmp_path / "ann.db"
    with ReviewStore(db, create=True) as store:
        claim = add_text(store)[0]
        # The store refuses such a name now; a database written before it did may hold one.
        forged = (new_event_id(), claim, f"mallory{OSC_TITLE}", "verdict", {"label": "True"})
        add_events(store, [(*forged, utc_timestamp())])
        store.record_event(claim, hub.name("ann"), "verdict", {"label": "True"})
    result = run("--db", str(db), "sync", "--hub", hub.person("ann"))
    assert result.exit_code == 1 and "signed" in result.output
    assert_inert(result.output)


def test_escapes_in_a_new_reviewer_name_are_shown_inert(
    hub: Hub,  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
    run,  # type: ignore[no-untyped-def]
) -> None:
    secret = tmp_path / "pw"
    secret.write_text("pw\n")
    name = hub.name("x") + OSC_TITLE
    result = run(
        "hub", "add-reviewer", name, "--hub", hub.admin_dsn, "--password-file", str(secret)
    )
    hub.server.roles.add(name)
    assert result.exit_code == 0, result.output
    assert_inert(result.output)
