"""`workbench sync`: two review databases meet through the hub; sync is a set union, in
batches, idempotent, and finished by running it again after any interruption."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[dev,hub]')")

import psycopg  # noqa: E402

from review_db import ReviewStore
from review_db.hub import HUB_SCHEMA_VERSION, HubError, HubSchemaError, sync
from review_db.hub.incoming import Incoming, apply_incoming
from review_db.ids import new_event_id

from ..conftest import add_text
from .conftest import Hub, local_db


def local_status(store: ReviewStore) -> set[tuple[Any, ...]]:
    """claim_status as comparable rows (evidence as a sorted JSON list)."""
    return {
        (r[0], r[1], r[2], r[3], r[4], r[5], json.dumps(sorted(json.loads(r[6]), key=str)))
        for r in store.conn.execute(
            "SELECT article_id, claim_id, reviewer, verdict, verdict_at, note, evidence "
            "FROM claim_status"
        )
    }


def hub_status(hub: Hub) -> set[tuple[Any, ...]]:
    return {
        (*r[:6], json.dumps(sorted(r[6], key=str)))
        for r in hub.query(
            "SELECT article_id, claim_id, reviewer, verdict, verdict_at, note, evidence "
            "FROM workbench.claim_status"
        )
    }


def event_ids(store: ReviewStore) -> list[str]:
    return sorted(r[0] for r in store.conn.execute("SELECT id FROM events"))


def hub_event_ids(hub: Hub) -> list[str]:
    return sorted(r[0] for r in hub.query("SELECT id FROM workbench.events"))


def test_two_reviewers_see_each_others_verdicts_and_conflicts(hub: Hub, tmp_path: Path) -> None:
    ann_url, bob_url = hub.person("ann"), hub.person("bob")
    ann_name, bob_name = hub.name("ann"), hub.name("bob")
    ann, bob = local_db(tmp_path, "ann"), local_db(tmp_path, "bob")
    claims = [c.id for c in ann.claims()]
    ann.record_events(
        ann_name, [(claims[0], "verdict", {"label": "True"}), (claims[0], "note", {"text": "ok"})]
    )
    ann.record_event(claims[1], ann_name, "verdict", {"label": "False"})
    ann.undo(ann_name)  # the undo travels too
    bob.record_event(claims[0], bob_name, "verdict", {"label": "False"})

    first = sync(ann.connection, ann_url)
    assert first.pushed["articles"] == 1 and first.pushed["events"] == 4
    second = sync(bob.connection, bob_url)
    assert second.pushed["events"] == 1 and second.pulled["events"] == 4
    third = sync(ann.connection, ann_url)
    assert third.pulled["events"] == 1 and not third.pushed["events"]

    assert event_ids(ann) == event_ids(bob) == hub_event_ids(hub)
    assert local_status(ann) == local_status(bob) == hub_status(hub)
    conflict = ann.conflicts()[0]
    assert conflict.verdicts == {ann_name: "True", bob_name: "False"}
    assert hub.query("SELECT claim_id FROM workbench.conflicts") == [(claims[0],)]


def test_sync_again_moves_nothing(hub: Hub, tmp_path: Path) -> None:
    url = hub.person("ann")
    ann = local_db(tmp_path, "ann")
    ann.record_event(ann.claims()[0].id, hub.name("ann"), "verdict", {"label": "True"})
    assert sync(ann.connection, url).moved == 5  # an article, 3 claims, an event
    again = sync(ann.connection, url)
    assert again.moved == 0 and not again.pushed and not again.refused


def test_many_rows_move_in_batches_each_committed(hub: Hub, tmp_path: Path) -> None:
    url = hub.person("ann")
    ann, bob = local_db(tmp_path, "ann"), local_db(tmp_path, "bob")
    claim = ann.claims()[0].id
    for i in range(45):
        ann.record_event(claim, hub.name("ann"), "note", {"text": str(i)})
    batches: list[tuple[str, str, int]] = []
    sync(ann.connection, url, batch_rows=10, on_batch=lambda *b: batches.append(b))
    assert [b for b in batches if b[:2] == ("push", "events")] == [
        ("push", "events", 10), ("push", "events", 10), ("push", "events", 10),
        ("push", "events", 10), ("push", "events", 5),
    ]  # fmt: skip
    pulled = sync(bob.connection, hub.person("bob"), batch_rows=10)
    assert pulled.pulled["events"] == 45 and event_ids(bob) == event_ids(ann)


def test_an_event_of_another_reviewer_is_refused_and_reported(
    hub: Hub,
    tmp_path: Path,
    run,  # type: ignore[no-untyped-def]
) -> None:
    ann_url = hub.person("ann")
    hub.person("bob")
    db = tmp_path / "ann.db"
    with ReviewStore(db, create=True) as store:
        claim = add_text(store)[0]
        store.record_event(claim, hub.name("bob"), "verdict", {"label": "False"})
        store.record_event(claim, hub.name("ann"), "verdict", {"label": "True"})
    result = run("--db", str(db), "sync", "--hub", ann_url)
    assert result.exit_code == 1
    assert f"1 signed {hub.name('bob')!r}" in result.output
    assert "the hub takes from you only events signed" in result.output
    assert hub.query("SELECT reviewer FROM workbench.events") == [(hub.name("ann"),)]
    # Reported again next time, until its own reviewer (or the owner) pushes it.
    assert run("--db", str(db), "sync", "--hub", ann_url).exit_code == 1
    with ReviewStore(db) as store:
        assert sync(store.connection, hub.admin_dsn).pushed["events"] == 1
    assert run("--db", str(db), "sync", "--hub", ann_url).exit_code == 0


def test_an_adjudication_needs_the_adjudicator_role(hub: Hub, tmp_path: Path) -> None:
    ann = local_db(tmp_path, "ann")
    ann.record_event(ann.claims()[0].id, hub.name("ann"), "adjudication", {"label": "True"})
    assert sync(ann.connection, hub.person("ann")).refused == {hub.name("ann"): 1}
    judge = local_db(tmp_path, "judge")
    judge.record_event(judge.claims()[0].id, hub.name("judge"), "adjudication", {"label": "True"})
    result = sync(judge.connection, hub.person("judge", "adjudicator"))
    assert not result.refused and result.pushed["events"] == 1


def test_an_event_brings_its_claim_along_whatever_the_marks_say(hub: Hub, tmp_path: Path) -> None:
    """A claim the push marks had passed (a re-split reuses rowids) still reaches the hub
    with the event on it; a pull whose claims' turn has not come brings them too."""
    url = hub.person("ann")
    ann = local_db(tmp_path, "ann")
    sync(ann.connection, url)
    hub_id = hub.query("SELECT value FROM workbench.meta WHERE key = 'hub_id'")[0][0]
    other = add_text(ann, "A second article.\nWith two claims.\n")
    ann.record_event(other[-1], hub.name("ann"), "verdict", {"label": "True"})
    with ann.write():
        for table in ("articles", "claims"):
            ann.conn.execute(
                "UPDATE hub_marks SET mark = '999999' WHERE hub = ? AND direction = 'push' "
                'AND "table" = ?',
                (hub_id, table),
            )
    assert sync(ann.connection, url).pushed == {"articles": 1, "claims": 1, "events": 1}

    bob = local_db(tmp_path, "bob", article=False)
    with bob.write():
        for table in ("articles", "claims"):
            bob.conn.execute(
                "INSERT INTO hub_marks VALUES (?, 'pull', ?, '999999999:0')", (hub_id, table)
            )
    pulled = sync(bob.connection, hub.person("bob"))
    assert pulled.pulled["events"] == 1 and pulled.pulled["claims"] == 1
    assert bob.claim_state(other[-1], hub.name("ann")).verdict == "True"


def test_a_cut_connection_mid_sync_is_finished_by_syncing_again(hub: Hub, tmp_path: Path) -> None:
    url = hub.person("ann")
    ann = local_db(tmp_path, "ann")
    claim = ann.claims()[0].id
    for i in range(30):
        ann.record_event(claim, hub.name("ann"), "note", {"text": str(i)})

    def cut(direction: str, table: str, rows: int) -> None:
        if (direction, table) == ("push", "events"):
            hub.query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE usename = %s AND pid <> pg_backend_pid()",
                hub.name("ann"),
            )

    with pytest.raises(HubError, match="run sync again to finish"):
        sync(ann.connection, url, batch_rows=10, on_batch=cut)
    assert len(hub_event_ids(hub)) == 10
    assert sync(ann.connection, url).pushed["events"] == 20
    assert hub_event_ids(hub) == event_ids(ann)


def test_a_newer_hub_is_refused(hub: Hub, tmp_path: Path) -> None:
    url = hub.person("ann")
    hub.query(
        "UPDATE workbench.meta SET value = %s WHERE key = 'schema_version'",
        str(HUB_SCHEMA_VERSION + 1),
    )
    with pytest.raises(HubSchemaError, match="newer than this workbench knows"):
        sync(local_db(tmp_path, "ann").connection, url)


def test_an_older_hub_asks_for_its_upgrade(hub: Hub, tmp_path: Path) -> None:
    url = hub.person("ann")
    hub.query(
        "UPDATE workbench.meta SET value = %s WHERE key = 'schema_version'",
        str(HUB_SCHEMA_VERSION - 1),
    )
    with pytest.raises(HubSchemaError, match="hub init --upgrade"):
        sync(local_db(tmp_path, "ann").connection, url)


def test_a_database_without_a_hub_is_named_masked(empty_database: str, tmp_path: Path) -> None:
    from psycopg.conninfo import make_conninfo

    dsn = make_conninfo(empty_database, password="hunter2")
    with pytest.raises(HubSchemaError) as caught:
        sync(local_db(tmp_path, "ann").connection, dsn)
    assert "has no hub" in caught.value.message and "password=****" in caught.value.message
    assert "hunter2" not in caught.value.message


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://ann:hunter2@127.0.0.1:1/hub",
        "postgres://ann:hunter2@127.0.0.1:1/hub?sslmode=disable",
        "postgresql://ann@127.0.0.1:1/hub?password=hunter2",
        "host=127.0.0.1 port=1 user=ann password=hunter2",
        "host=127.0.0.1 port=1 user=ann password='hunter2'",
    ],
)
def test_connection_errors_never_show_a_password(
    url: str,
    tmp_path: Path,
    run,  # type: ignore[no-untyped-def]
) -> None:
    result = run("--db", str(tmp_path / "r.db"), "sync", "--hub", url)
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot connect to the hub at ")
    assert "hunter2" not in result.output and "****" in result.output


def test_the_hub_comes_from_the_environment_or_the_config(
    hub: Hub,
    tmp_path: Path,
    run,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    url = hub.person("ann")
    db = tmp_path / "ann.db"
    with local_db(tmp_path, "ann") as ann:  # reviewed, so the CLI does not re-split it
        ann.record_event(ann.claims()[0].id, hub.name("ann"), "verdict", {"label": "True"})
    monkeypatch.setenv("WORKBENCH_HUB", url)
    first = run("--db", str(db), "sync")
    assert first.exit_code == 0 and first.output.startswith("Synced with ")
    assert "pushed 1 article, 3 claims, 1 event; pulled nothing." in first.output
    monkeypatch.delenv("WORKBENCH_HUB")
    config = tmp_path / "workbench.yaml"
    config.write_text(f"hub:\n  url: {json.dumps(url)}\n", encoding="utf-8")
    again = run("--db", str(db), "sync")
    assert again.exit_code == 0 and again.output.startswith("Already in sync with ")
    config.unlink()
    missing = run("--db", str(db), "sync")
    assert missing.exit_code == 1
    assert missing.output == (
        "Error: no hub given: pass --hub URL, set WORKBENCH_HUB, or set hub.url in workbench.yaml\n"
    )


def test_pulled_rows_pass_through_the_merge_checks(store: ReviewStore) -> None:
    """What comes down from a hub is held to every rule a merged file is (review_db.incoming):
    each bad row is turned away with its reason, the rest is kept."""
    claim = add_text(store)[0]
    good = {"id": new_event_id(), "claim_id": claim, "reviewer": "bob", "kind": "verdict",
            "value": '{"label":"True"}', "at": "2026-01-01T00:00:00.000000Z"}  # fmt: skip
    held = store.record_event(claim, "ann", "verdict", {"label": "Mixed"})
    bad = {
        "kind": {**good, "id": new_event_id(), "kind": "rewrite-history"},
        "value": {**good, "id": new_event_id(), "value": "[1]"},
        "reviewer": {**good, "id": new_event_id(), "reviewer": " "},
        "path id": {**good, "id": "../../x"},
        "future": {**good, "id": new_event_id(), "at": "9999-12-31T00:00:00.000000Z"},
        "label": {**good, "id": new_event_id(), "value": '{"label":7}'},
        "tampered": {**good, "id": held.id, "value": '{"label":"False"}'},
        "foreign undo": {**good, "id": new_event_id(), "kind": "undo",
                         "value": json.dumps({"event": held.id}, separators=(",", ":"))},
    }  # fmt: skip
    with store.write():
        applied = apply_incoming(store.connection, Incoming(events=[good, *bad.values(), good]))
    assert applied.added["events"] == 1
    assert [r[1] for r in applied.rejected] == [str(row["id"]) for row in bad.values()]
    assert sorted(event_ids(store)) == sorted([good["id"], held.id])
    assert store.claim_state(claim, "ann").verdict == "Mixed"


def test_a_reader_pulls_and_pushes_nothing(hub: Hub, tmp_path: Path) -> None:
    ann = local_db(tmp_path, "ann")
    ann.record_event(ann.claims()[0].id, hub.name("ann"), "verdict", {"label": "True"})
    sync(ann.connection, hub.person("ann"))
    editor = local_db(tmp_path, "editor", article=False)
    result = sync(editor.connection, hub.person("editor", "reader"))
    assert result.read_only and not result.pushed and result.pulled["events"] == 1
    with psycopg.connect(hub.admin_dsn) as conn:
        assert conn.execute("SELECT count(*) FROM workbench.events").fetchone() == (1,)


def test_a_row_committed_late_is_not_skipped(hub: Hub, tmp_path: Path) -> None:
    """A transaction that took its sequence number first and commits last: a pull in
    between must neither take the later rows past it nor lose it afterwards."""
    ann_url, bob_url = hub.person("ann"), hub.person("bob")
    bob = local_db(tmp_path, "bob")
    claim = bob.claims()[0].id
    sync(bob.connection, bob_url)
    ann = local_db(tmp_path, "ann", article=False)
    slow_id = new_event_id()
    with psycopg.connect(hub.admin_dsn) as slow:  # the owner, pushing for carol
        slow.execute(
            "INSERT INTO workbench.events (id, claim_id, reviewer, kind, value, at) "
            "VALUES (%s, %s, 'carol', 'verdict', '{\"label\":\"True\"}', %s)",
            (slow_id, claim, "2026-01-01T00:00:00.000000Z"),
        )
        bob.record_event(claim, hub.name("bob"), "verdict", {"label": "False"})
        assert sync(bob.connection, bob_url).pushed["events"] == 1
        early = sync(ann.connection, ann_url)
        assert early.held_back == ["events"] and not early.pulled["events"]
    # The slow transaction has committed now.
    late = sync(ann.connection, ann_url)
    assert late.pulled["events"] == 2 and not late.held_back
    assert event_ids(ann) == sorted([*event_ids(bob), slow_id])
