"""Forged and malformed databases arriving by merge: each refused whole, in one line.

Every case starts from a genuine reviewer's database, changes it the way a forger (or a
broken disk) would, with SQLite's own checks switched off, and merges it into a target
that already holds work.  The merge must refuse the file with one line naming it, the
table and the row, and leave the target exactly as it was.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st

from review_db import ReviewStore
from review_db.errors import MergeError, NotADatabaseError
from review_db.incoming import COLUMNS
from review_db.merge import merge_databases, merge_many
from review_db.store import canonical_json

from ..conftest import Invoke
from ..review_logs import add_events, reviewer_database, rows
from . import (
    BIDI_OVERRIDE,
    CSI_CLEAR,
    ENDLESS_DEVICE,
    LONE_SURROGATE_JSON,
    deep_json,
    huge_int_json,
    make_fifo,
    make_socket,
)

TABLES = ("articles", "claims", "sources", "passages", "events")
EVENT = "00000000-0000-4000-8000-0000000000e1"  # a well-formed id no genuine log holds


_CHECK = re.compile(r"CHECK \((?:[^()]|\([^()]*\))*\)")


def _forge(path: Path, *statements: str | tuple[str, tuple[object, ...]]) -> None:
    """Run ``statements`` on the database at ``path`` with every safeguard off.

    As a forger would, the CHECK constraints are cut out of the schema itself (else
    SQLite's quick_check would notice the rows that break them) and the append-only
    trigger is dropped; foreign keys are off in a plain connection.
    """
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA writable_schema = ON")
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"):
            if sql and "CHECK" in sql:
                conn.execute(
                    "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
                    (_CHECK.sub("", sql), name),
                )
        conn.execute("PRAGMA writable_schema = OFF")
    finally:
        conn.close()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("DROP TRIGGER events_no_update")
        for statement in statements:
            sql, params = statement if isinstance(statement, tuple) else (statement, ())
            conn.execute(sql, params)
    finally:
        conn.close()


def _value(path: Path, sql: str) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def _first_verdict(path: Path) -> str:
    return _value(path, "SELECT id FROM events WHERE kind = 'verdict' ORDER BY rowid LIMIT 1")


def _event_row(value: str, **changes: str) -> tuple[str, tuple[object, ...]]:
    """A new verdict-shaped event on claim 1 of the file, with ``changes`` to its columns."""
    columns = {
        "id": EVENT,
        "claim_id": "(SELECT id FROM claims WHERE ordinal = 1)",
        "reviewer": "'eve'",
        "kind": "'verdict'",
        "value": "?",
        "at": "'2026-02-01T00:00:00.000000Z'",
    }
    columns["id"] = f"'{EVENT}'"
    columns.update(changes)
    sql = f"INSERT INTO events VALUES ({', '.join(columns.values())})"
    return sql, (value,)


# (what the forger does, the statements, the message the merge must give)
FORGERIES: list[tuple[str, list[str | tuple[str, tuple[object, ...]]], str]] = [
    (
        "claim id that climbs out of an export folder",
        ["UPDATE claims SET id = '../../x' WHERE ordinal = 1"],
        r"claims row 1 \(id '\.\./\.\./x'\): id is not a claim id",
    ),
    (
        "article id not of its text",
        ["UPDATE articles SET text = text || ' Forged.'"],
        r"articles row 1 .*: its id does not match its text",
    ),
    (
        "article id of the wrong form",
        ["UPDATE articles SET id = 'ABCDEF123456'"],
        r"articles row 1 \(id 'ABCDEF123456'\): id is not an article id",
    ),
    (
        "claim text not at its offsets",
        ["UPDATE claims SET text = 'Something else.' WHERE ordinal = 2"],
        r"claims row 2 .*: its offsets \d+-\d+ do not hold its text",
    ),
    (
        "claim offsets past the end",
        ['UPDATE claims SET "end" = 100000 WHERE ordinal = 1'],
        r"claims row 1 .*: end is not a whole number",
    ),
    (
        "claim id not of its content",
        ["UPDATE claims SET id = 'feedfeedfeed' WHERE ordinal = 3"],
        r"claims row 3 \(id 'feedfeedfeed'\): its id does not match its content",
    ),
    (
        "claim of an article nobody has",
        ["UPDATE claims SET article_id = 'abcabcabcabc' WHERE ordinal = 1"],
        r"claims row 1 .*: its article abcabcabcabc is in none of the databases merged",
    ),
    (
        "ordinal that is text",
        ["UPDATE claims SET ordinal = 'one' WHERE ordinal = 1"],
        r"claims row 1 .*: ordinal is not a whole number",
    ),
    (
        "unknown claim kind",
        ["UPDATE claims SET kind = 'evil' WHERE ordinal = 1"],
        r"claims row 1 .*: kind is not one of",
    ),
    (
        "worthiness out of range",
        ["UPDATE claims SET worthiness = 5 WHERE ordinal = 1"],
        r"claims row 1 .*: worthiness is not a number from 0 to 1",
    ),
    (
        "flags that are not objects",
        ["""UPDATE claims SET signals = '{"flags": [7]}' WHERE ordinal = 1"""],
        r"claims row 1 .*: signals flags are not a list of objects",
    ),
    (
        "signals nested past any parser",
        [("UPDATE claims SET signals = ? WHERE ordinal = 1", (deep_json(),))],
        r"claims row 1 .*: signals is not readable JSON",
    ),
    (
        "title that is a blob",
        ["UPDATE articles SET title = x'00ff'"],
        r"articles row 1 .*: title is a blob, not a string",
    ),
    (
        "added_at that is no time",
        ["UPDATE sources SET added_at = 'yesterday'"],
        r"sources row 1 .*: added_at is not a timestamp",
    ),
    (
        "source id not of its text",
        ["UPDATE sources SET text = 'Forged minutes.'"],
        r"sources row 1 .*: its id does not match its text",
    ),
    (
        "passage of a source nobody has",
        ["UPDATE passages SET source_id = 'abcdefabcdefabcd' WHERE ordinal = 2"],
        r"passages row 2 .*: its source abcdefabcdefabcd is in none of the databases merged",
    ),
    (
        "passage id of a path",
        ["UPDATE passages SET id = '../../../etc/pwd' WHERE ordinal = 1"],
        r"passages row 1 \(id '\.\./\.\./\.\./etc/pwd'\): id is not a passage id",
    ),
    (
        "event id of a path",
        ["UPDATE events SET id = '../../x' WHERE rowid = 1"],
        r"events row 1 \(id '\.\./\.\./x'\): id is not an event id",
    ),
    (
        "event on a claim nobody has",
        [_event_row('{"label":"True"}', claim_id="'abcabcabcabc'")],
        r"events row 4 .*: its claim abcabcabcabc is in none of the databases merged",
    ),
    (
        "verdict label that is a number",
        [_event_row('{"label":7}')],
        rf"events row 4 \(id '{EVENT}'\): verdict label is a number, not a string",
    ),
    (
        "note text that is a number",
        [_event_row('{"text":7}', kind="'note'")],
        r"events row 4 .*: note text is a number, not a string",
    ),
    (
        "verdict with a stowaway key",
        [_event_row('{"label":"True","x":1}')],
        r'events row 4 .*: a verdict must be an object with exactly the keys "label"',
    ),
    (
        "value written by hand",
        [_event_row('{"label": "True"}')],
        r"events row 4 .*: value is not written in its one encoding",
    ),
    (
        "value that is not JSON",
        [_event_row("{label: True}")],
        r"events row 4 .*: value is not readable JSON",
    ),
    (
        "note holding a lone surrogate",
        [_event_row(LONE_SURROGATE_JSON, kind="'note'")],
        r"events row 4 .*: note text holds a lone surrogate",
    ),
    (
        "number too long to read",
        [_event_row(huge_int_json(), kind="'note'")],
        r"events row 4 .*: value is not readable JSON",
    ),
    (
        "unknown event kind",
        [_event_row('{"label":"True"}', kind="'shout'")],
        r"events row 4 .*: unknown event kind 'shout'",
    ),
    (
        "evidence that runs a script",
        [_event_row('{"quote":"x","url":"javascript:alert(1)"}', kind="'evidence-add'")],
        r"events row 4 .*: evidence url is not an http:// or https:// address",
    ),
    (
        "evidence address with a space",
        [_event_row('{"quote":"x","url":"https://a.example/ x"}', kind="'evidence-add'")],
        r"events row 4 .*: evidence url holds spaces",
    ),
    (
        "evidence passage nobody has",
        [_event_row('{"passage":"abcdefabcdefabcd"}', kind="'evidence-remove'")],
        r"events row 4 .*: its evidence passage abcdefabcdefabcd is in none of the databases",
    ),
    (
        "reviewer name that clears the screen",
        [_event_row('{"label":"True"}', reviewer=f"'eve{CSI_CLEAR}'")],
        r"events row 4 .*: reviewer name holds the control character U\+001B",
    ),
    (
        "reviewer name that turns text around",
        [_event_row('{"label":"True"}', reviewer=f"'{BIDI_OVERRIDE}'")],
        r"events row 4 .*: reviewer name holds the control character U\+202E",
    ),
    (
        "blank reviewer name",
        [_event_row('{"label":"True"}', reviewer="'  '")],
        r"events row 4 .*: reviewer name is empty",
    ),
    (
        "reviewer name of a page",
        [_event_row('{"label":"True"}', reviewer="'" + "e" * 500 + "'")],
        r"events row 4 .*: reviewer name is longer than 100 characters",
    ),
    (
        "time that is no time",
        [_event_row('{"label":"True"}', at="'2026-02-30T00:00:00.000000Z'")],
        r"events row 4 .*: time is not a real date and time",
    ),
    (
        "time in another format",
        [_event_row('{"label":"True"}', at="'2026-02-01 00:00:00'")],
        r"events row 4 .*: time is not a timestamp of the form",
    ),
    (
        "undo of an event nobody has",
        [_event_row(canonical_json({"event": EVENT.replace("e1", "e2")}), kind="'undo'")],
        r"events row 4 .*: it cancels event \S+, which none of the databases holds",
    ),
]


@pytest.fixture
def target(tmp_path: Path) -> Iterator[tuple[ReviewStore, Path]]:
    """A target holding bob's work, which no refused merge may change."""
    path = tmp_path / "target.db"
    reviewer_database(path, "bob", "False")
    with ReviewStore(path) as store:
        yield store, path


@pytest.fixture
def ann_db(tmp_path: Path) -> Path:
    path = tmp_path / "ann.db"
    reviewer_database(path, "ann", "True")
    return path


def _snapshot(path: Path) -> dict[str, set[tuple[object, ...]]]:
    return {table: rows(path, table) for table in (*TABLES, "meta")}


def _refused(
    target: tuple[ReviewStore, Path], merge: Callable[[ReviewStore], object], message: str
) -> None:
    store, path = target
    before = _snapshot(path)
    with pytest.raises(MergeError, match=message) as refused:
        merge(store)
    assert "\n" not in refused.value.message and refused.value.message.endswith("nothing merged")
    assert _snapshot(path) == before


@pytest.mark.parametrize(
    ("statements", "message"),
    [pytest.param(statements, message, id=what) for what, statements, message in FORGERIES],
)
def test_a_forged_row_refuses_the_whole_file(
    target: tuple[ReviewStore, Path],
    ann_db: Path,
    statements: list[str | tuple[str, tuple[object, ...]]],
    message: str,
) -> None:
    _forge(ann_db, *statements)
    _refused(
        target,
        lambda store: merge_databases(store, ann_db),
        re.escape(str(ann_db)) + ": " + message,
    )


def test_an_undo_may_not_cancel_another_reviewers_event(
    target: tuple[ReviewStore, Path], ann_db: Path
) -> None:
    """mallory's file cancels bob's verdict, which the target holds."""
    _, path = target
    bobs = _first_verdict(path)
    _forge(ann_db, _event_row(canonical_json({"event": bobs}), kind="'undo'", reviewer="'mallory'"))
    _refused(
        target,
        lambda store: merge_databases(store, ann_db),
        rf"events row 4 .*: it cancels event {bobs}, which is not an action of the same reviewer",
    )


def test_an_event_from_the_future_is_refused(
    target: tuple[ReviewStore, Path], ann_db: Path
) -> None:
    """A verdict dated 9999 would outrank bob's real later ones, and his undo would then
    cancel it instead of his real action."""
    store, _ = target
    claim = store.claims()[0].id
    _forge(
        ann_db,
        _event_row(
            '{"label":"Pants on fire"}',
            claim_id=f"'{claim}'",
            reviewer="'bob'",
            at="'9999-12-31T23:59:59.999999Z'",
        ),
    )
    _refused(
        target,
        lambda store: merge_databases(store, ann_db),
        r"events row 4 .*: it is stamped 9999-12-31T23:59:59\.999999Z, more than a day after",
    )
    assert store.claim_state(claim, "bob").verdict == "True"


def test_a_tampered_copy_of_an_event_is_a_conflict(
    target: tuple[ReviewStore, Path], tmp_path: Path
) -> None:
    """bob's own file, his verdict turned round: the target holds the genuine one."""
    _, path = target
    copy = tmp_path / "bob-copy.db"
    copy.write_bytes(path.read_bytes())
    verdict = _first_verdict(copy)
    _forge(copy, f"""UPDATE events SET value = '{{"label":"False"}}' WHERE id = '{verdict}'""")
    _refused(
        target,
        lambda store: merge_databases(store, copy),
        rf"events row \d+ \(id '{verdict}'\): {re.escape(str(path))} holds an event with this "
        "id but another value: one of the two copies was altered",
    )


def test_two_inputs_that_disagree_on_an_event_are_both_refused(
    target: tuple[ReviewStore, Path], ann_db: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "ann-copy.db"
    copy.write_bytes(ann_db.read_bytes())
    verdict = _first_verdict(copy)
    _forge(copy, f"UPDATE events SET at = '2026-01-02T00:00:00.000000Z' WHERE id = '{verdict}'")
    _refused(
        target,
        lambda store: merge_many(store, [ann_db, copy]),
        rf"{re.escape(str(copy))}: events row \d+ .*: {re.escape(str(ann_db))} holds an event "
        "with this id but another at",
    )


@pytest.mark.parametrize(
    ("statements", "message"),
    [
        (["DROP TABLE events"], "has no events table: it is not a review database"),
        (
            [
                "DROP TABLE events",
                # A view that never ends, in place of a table.
                "CREATE VIEW events AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
                "SELECT i + 1 FROM n) SELECT i AS id, i AS claim_id, i AS reviewer, "
                "i AS kind, i AS value, i AS at FROM n",
            ],
            "has no events table: it is not a review database",
        ),
        (
            ["ALTER TABLE articles DROP COLUMN segmenter"],
            r"table articles lacks the column\(s\) segmenter",
        ),
        (
            ["UPDATE articles SET title = CAST(x'1b5b324aff' AS TEXT)"],
            r"articles cannot be read \(it holds text that is not UTF-8\)",
        ),
    ],
)
def test_a_database_of_the_wrong_shape_is_refused(
    target: tuple[ReviewStore, Path], ann_db: Path, statements: list[str], message: str
) -> None:
    _forge(ann_db, *statements)
    _refused(target, lambda store: merge_databases(store, ann_db), message)


def test_a_pipe_socket_or_device_is_refused_at_once(
    target: tuple[ReviewStore, Path], tmp_path: Path
) -> None:
    """Reading a pipe nobody writes to would block for ever; /dev/zero never ends."""
    store, path = target
    before = _snapshot(path)
    fifo = make_fifo(tmp_path / "pipe.db")
    link = tmp_path / "link.db"
    link.symlink_to(fifo)
    sock_path, sock = make_socket(tmp_path / "sock.db")
    try:
        for special in (fifo, link, sock_path, ENDLESS_DEVICE):
            with pytest.raises(NotADatabaseError, match="is not a regular file"):
                merge_databases(store, special)
    finally:
        sock.close()
    assert _snapshot(path) == before


def test_the_cli_refuses_a_forged_file_in_one_line(
    run: Invoke, db_path: Path, ann_db: Path
) -> None:
    _forge(ann_db, "UPDATE claims SET id = '../../x' WHERE ordinal = 1")
    result = run("merge", str(ann_db))
    assert result.exit_code != 0
    assert result.stderr.splitlines() == [
        f"Error: {ann_db}: claims row 1 (id '../../x'): id is not a claim id "
        "(12 lower-case hex digits); nothing merged"
    ]
    assert not db_path.exists()  # checked before --db was created


def test_an_event_a_little_ahead_is_taken(target: tuple[ReviewStore, Path], ann_db: Path):
    """A laptop whose clock runs some hours fast is not a forger."""
    store, _ = target
    ahead = (datetime.now(UTC) + timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    claim = store.claims()[2].id
    with ReviewStore(ann_db) as ann:
        add_events(ann, [(EVENT, claim, "ann", "verdict", {"label": "Mixed"}, ahead)])
    assert merge_databases(store, ann_db).events == 4
    assert store.claim_state(claim, "ann").verdict == "Mixed"


# -- any single cell, any value: refused in one line, or harmless -----------------------

CELL_VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.binary(max_size=8),
    st.sampled_from(
        [
            "../../x",
            CSI_CLEAR,
            BIDI_OVERRIDE,
            "{}",
            "[]",
            '{"label":7}',
            '{"text":null}',
            '{"flags":{}}',
            '{"event":"../x"}',
            "9999-12-31T23:59:59.999999Z",
            "0001-01-01T00:00:00.000000Z",
            "feedfeedfeed",
            "abcdefabcdefabcd",
            "verdict",
            "undo",
        ]
    ),
)
CELLS = st.sampled_from([(table, column) for table in TABLES for column in COLUMNS[table]])


@settings(max_examples=60, deadline=None)
@given(cell=CELLS, row=st.integers(1, 3), value=CELL_VALUES)
def test_any_forged_cell_is_refused_or_harmless(
    tmp_path_factory: pytest.TempPathFactory,
    cell: tuple[str, str],
    row: int,
    value: object,
) -> None:
    """Whatever one cell of a genuine file is changed to, the merge either refuses the file
    in one line, changing nothing, or takes it, and then everything the target holds is
    still of its declared form (the target, checked as if it were arriving, passes)."""
    folder = tmp_path_factory.mktemp("forged")
    source, target_path = folder / "ann.db", folder / "target.db"
    reviewer_database(source, "ann", "True")
    reviewer_database(target_path, "bob", "False")
    table, column = cell
    try:
        _forge(source, (f'UPDATE {table} SET "{column}" = ? WHERE rowid = ?', (value, row)))
    except sqlite3.IntegrityError:
        reject()  # NOT NULL and UNIQUE hold even with checks off: no such file can exist
    with ReviewStore(target_path) as store:
        before = _snapshot(target_path)
        try:
            merge_databases(store, source)
        except MergeError as e:
            assert "\n" not in e.message and e.message.startswith(f"{source}: ")
            assert _snapshot(target_path) == before
            return
    # Taken: the merged target must itself pass every check a merge makes.
    empty = folder / "empty.db"
    ReviewStore(empty, create=True).close()
    with ReviewStore(empty) as into:
        merge_databases(into, target_path)
