"""Sync: a review database and a hub exchange what the other lacks, in batches.

Because rows are immutable and their ids content-derived (or UUIDs for events), sync is a
set union, like merge.  *Push* sends the local articles, claims, sources, passages and
this reviewer's events the hub lacks; *pull* brings down everything the local database
lacks.  Each batch is one transaction on each side, and where each side has got to is
remembered (``hub_marks`` locally; the hub's ``tx``/``seq`` position of each row):

- a push batch is committed on the hub first, then its local mark moves on; killed in
  between, the next sync sends the batch again and the hub skips what it has;
- a pull batch is written locally in the same transaction as its mark.

So a sync interrupted at any moment (kill -9, a server restart, a network cut) is
finished by running it again, with nothing lost and nothing doubled.

Pulls resume from a position (transaction id, sequence).  A row is pulled only once
every transaction older than it has finished (``pg_snapshot_xmin``): a sequence number
alone would skip a row whose transaction took its number early and committed late.

An event whose reviewer is not the connecting role is not sent (the hub would refuse
it): it is counted in ``refused`` and reported, and it is tried again on every sync until
its own reviewer (or the hub's owner) has pushed it.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..connection import Connection
from .admin import hub_meta, hub_version
from .connection_url import masked_url
from .driver import connect, driver, error_from
from .errors import HubError, HubSchemaError
from .incoming import Incoming, apply_incoming
from .schema import HUB_SCHEMA_VERSION
from .tables import EVENTS, SYNCED_TABLES, SyncedTable

if TYPE_CHECKING:
    import psycopg

    PgConnection = psycopg.Connection[tuple[Any, ...]]

Row = dict[str, Any]
Position = tuple[str, int]  # (transaction id as text, sequence)
START: Position = ("0", 0)


@dataclass
class SyncResult:
    """What one sync moved, and what it could not."""

    hub: str  # the hub's URL, password masked
    hub_id: str  # the hub's identity (kept in hub_marks)
    role: str  # the role this sync connected as: the reviewer name it may push
    pushed: Counter[str] = field(default_factory=Counter)
    pulled: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)  # reviewer -> events not pushed
    rejected: list[tuple[str, str, str]] = field(default_factory=list)  # pulled, turned away
    read_only: bool = False  # the role may only read the hub: nothing was pushed
    # Tables with rows a pull could not take yet: an older transaction on the server was
    # still open, and a row is only pulled once all older ones have finished.
    held_back: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def moved(self) -> int:
        return sum(self.pushed[t.name] for t in SYNCED_TABLES) + sum(
            self.pulled[t.name] for t in SYNCED_TABLES
        )


@dataclass(frozen=True)
class _Identity:
    role: str
    may_sign_for_others: bool  # the hub's owner (or a superuser): row-level security waived
    adjudicator: bool
    may_write: bool


def sync(
    connection: Connection,
    dsn: str,
    *,
    push: bool = True,
    pull: bool = True,
    batch_rows: int | None = None,
    on_batch: Callable[[str, str, int], None] | None = None,
) -> SyncResult:
    """Push what the hub lacks, then pull what the local database lacks.

    Args:
        connection: the local review database (opened for writing).
        dsn: the hub's URL or libpq ``key=value`` words.
        push, pull: which directions to run.
        batch_rows: at most this many rows per batch (default: each table's own size).
        on_batch: called after each committed batch with (direction, table, rows).
    """
    began = time.perf_counter()
    psycopg_module = driver()
    with connect(dsn, autocommit=True) as pg:
        try:
            hub_id, identity = _check_hub(pg, dsn)
            tables = [
                replace(t, batch=min(t.batch, batch_rows)) if batch_rows else t
                for t in SYNCED_TABLES
            ]
            result = _Sync(connection, pg, hub_id, identity, dsn, on_batch, tables).run(push, pull)
        except HubError:
            raise
        except psycopg_module.Error as e:
            error = error_from(e, dsn, "syncing with the hub")
            raise HubError(
                f"{error.message}; what was synced before this stays, run sync again to finish"
            ) from None
    result.seconds = time.perf_counter() - began
    return result


def _check_hub(pg: PgConnection, dsn: str) -> tuple[str, _Identity]:
    version = hub_version(pg)
    where = masked_url(dsn)
    if version is None:
        raise HubSchemaError(
            f"{where} has no hub: its administrator runs `workbench hub init URL` first"
        )
    if version > HUB_SCHEMA_VERSION:
        raise HubSchemaError(
            f"the hub at {where} has schema version {version}, newer than this workbench "
            f"knows ({HUB_SCHEMA_VERSION}): upgrade workbench to sync with it"
        )
    if version < HUB_SCHEMA_VERSION:
        raise HubSchemaError(
            f"the hub at {where} has schema version {version}, older than this workbench's "
            f"({HUB_SCHEMA_VERSION}): its administrator runs `workbench hub init --upgrade URL`"
        )
    meta = hub_meta(pg)
    row = pg.execute(
        """
        SELECT current_user,
            pg_has_role(current_user, (
                SELECT relowner FROM pg_class WHERE oid = 'workbench.events'::regclass
            ), 'MEMBER')
            OR (SELECT rolbypassrls FROM pg_roles WHERE rolname = current_user),
            pg_has_role(current_user, %s, 'MEMBER'),
            has_any_column_privilege('workbench.events', 'INSERT')
        """,
        (meta["adjudicator_role"],),
    ).fetchone()
    assert row is not None
    return meta["hub_id"], _Identity(str(row[0]), bool(row[1]), bool(row[2]), bool(row[3]))


def unpushed_events(connection: Connection, hub_id: str | None) -> int:
    """Local events after the push mark of hub ``hub_id`` (all of them for an unknown
    hub): what is waiting to go up, for a status line."""
    mark = None
    if hub_id is not None:
        row = connection.conn.execute(
            "SELECT mark FROM hub_marks WHERE hub = ? AND direction = 'push' AND \"table\" = ?",
            (hub_id, EVENTS.name),
        ).fetchone()
        mark = int(row[0]) if row else None
    found = connection.conn.execute(
        "SELECT count(*) FROM events WHERE rowid > ?", (mark or 0,)
    ).fetchone()
    return int(found[0])


class _Sync:
    """One sync run: the two connections, the marks, and the counts."""

    def __init__(
        self,
        local: Connection,
        pg: PgConnection,
        hub_id: str,
        identity: _Identity,
        dsn: str,
        on_batch: Callable[[str, str, int], None] | None,
        tables: list[SyncedTable],
    ) -> None:
        self.tables = tables
        self.by_name = {t.name: t for t in tables}
        self.local = local
        self.pg = pg
        self.hub_id = hub_id
        self.identity = identity
        self.on_batch = on_batch
        self.result = SyncResult(hub=masked_url(dsn), hub_id=hub_id, role=identity.role)

    def run(self, push: bool, pull: bool) -> SyncResult:
        if push and not self.identity.may_write:
            self.result.read_only = True
        elif push:
            for table in self.tables:
                self._push_table(table)
        if pull:
            for table in self.tables:
                self._pull_table(table)
        return self.result

    # -- marks ----------------------------------------------------------------------

    def _mark(self, direction: str, table: str) -> str | None:
        row = self.local.conn.execute(
            'SELECT mark FROM hub_marks WHERE hub = ? AND direction = ? AND "table" = ?',
            (self.hub_id, direction, table),
        ).fetchone()
        return str(row[0]) if row else None

    def _set_mark(self, direction: str, table: str, mark: str) -> None:
        self.local.conn.execute(
            'INSERT INTO hub_marks (hub, direction, "table", mark) VALUES (?, ?, ?, ?) '
            'ON CONFLICT (hub, direction, "table") DO UPDATE SET mark = excluded.mark',
            (self.hub_id, direction, table, mark),
        )

    def _max_rowid(self, table: str) -> int:
        row = self.local.conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()
        return int(row[0])

    # -- push -----------------------------------------------------------------------

    def _push_table(self, table: SyncedTable) -> None:
        """Local rows after the push mark, a batch at a time; the mark stops before the
        first refused event so it is tried again next time."""
        after = int(self._mark("push", table.name) or 0)
        stuck = False
        select = (
            f"SELECT rowid, {table.quoted_columns} FROM {table.name} "
            f"WHERE rowid > ? ORDER BY rowid LIMIT {int(table.batch)}"
        )
        while True:
            cursor = self.local.conn.execute(select, (after,))
            names = [d[0] for d in cursor.description]
            rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
            if not rows:
                return
            with self.pg.transaction():
                # Rows the hub has are skipped by the insert itself; only rows this role
                # may not sign are looked up, to tell "already there" from "refused".
                others = [r for r in rows if not self._may_push(table, r)]
                refused = self._hub_lacks(table, others) if others else []
                if refused:
                    stuck = True
                    for r in refused:
                        self.result.refused[str(r["reviewer"])] += 1
                held = {id(r) for r in others}
                sent = self._push_rows(table, [r for r in rows if id(r) not in held])
            if not stuck:
                with self.local.write():
                    self._set_mark("push", table.name, str(rows[-1]["rowid"]))
            after = int(rows[-1]["rowid"])
            if self.on_batch:
                self.on_batch("push", table.name, sent)
            if len(rows) < table.batch:
                return

    def _may_push(self, table: SyncedTable, row: Row) -> bool:
        if table.name != EVENTS.name or self.identity.may_sign_for_others:
            return True
        if row["reviewer"] != self.identity.role:
            return False
        return row["kind"] != "adjudication" or self.identity.adjudicator

    def _hub_lacks(self, table: SyncedTable, rows: list[Row]) -> list[Row]:
        ids = [r["id"] for r in rows]
        present = {
            r[0]
            for r in self.pg.execute(
                f"SELECT id FROM workbench.{table.name} WHERE id = ANY(%s)", (ids,)
            )
        }
        return [r for r in rows if r["id"] not in present]

    def _push_rows(self, table: SyncedTable, rows: list[Row]) -> int:
        """Insert rows the hub lacks, with any parent rows it lacks first; returns how many
        of ``rows`` the hub took."""
        if not rows:
            return 0
        if table.parent is not None:
            column, parent_name = table.parent
            parent = self.by_name[parent_name]
            wanted = sorted({str(r[column]) for r in rows})
            lacking = self._hub_lacks(parent, [{"id": i} for i in wanted])
            if lacking:
                self._push_rows(parent, self._local_rows(parent, [r["id"] for r in lacking]))
        arrays = ", ".join(f"%s::{t}[]" for t in table.pg_types)
        cursor = self.pg.execute(
            f"INSERT INTO workbench.{table.name} ({table.quoted_columns}) "
            f"SELECT * FROM unnest({arrays}) ON CONFLICT (id) DO NOTHING",
            [[r[c] for r in rows] for c in table.columns],
        )
        self.result.pushed[table.name] += cursor.rowcount
        return cursor.rowcount

    def _local_rows(self, table: SyncedTable, ids: list[str]) -> list[Row]:
        marks = ", ".join("?" for _ in ids)
        cursor = self.local.conn.execute(
            f"SELECT {table.quoted_columns} FROM {table.name} WHERE id IN ({marks})", ids
        )
        return [dict(zip(table.columns, r, strict=True)) for r in cursor.fetchall()]

    # -- pull -----------------------------------------------------------------------

    def _pull_table(self, table: SyncedTable) -> None:
        stored = self._mark("pull", table.name)
        position: Position = START
        if stored:
            tx, seq = stored.split(":")
            position = (tx, int(seq))
        select = (
            f"SELECT {table.quoted_columns}, tx::text, seq FROM workbench.{table.name} "
            "WHERE (tx, seq) > (%s::xid8, %s) AND tx < pg_snapshot_xmin(pg_current_snapshot()) "
            f"ORDER BY tx, seq LIMIT {int(table.batch)}"
        )
        while True:
            fetched = self.pg.execute(select, position).fetchall()
            if not fetched:
                self._note_held_back(table, position)
                return
            width = len(table.columns)
            rows = [dict(zip(table.columns, r[:width], strict=True)) for r in fetched]
            position = (str(fetched[-1][width]), int(fetched[-1][width + 1]))
            incoming = Incoming()
            getattr(incoming, table.name).extend(rows)
            self._add_parents(table, rows, incoming)
            with self.local.write():
                tops = {t.name: self._max_rowid(t.name) for t in SYNCED_TABLES}
                applied = apply_incoming(self.local, incoming)
                self._set_mark("pull", table.name, f"{position[0]}:{position[1]}")
                # Rows just pulled are on the hub: when nothing local was waiting to be
                # pushed, the push mark moves past them, so they are never sent back.
                for name, top in tops.items():
                    if int(self._mark("push", name) or 0) == top:
                        self._set_mark("push", name, str(self._max_rowid(name)))
            self.result.pulled.update(applied.added)
            self.result.rejected.extend(applied.rejected)
            if self.on_batch:
                self.on_batch("pull", table.name, applied.added[table.name])
            if len(fetched) < table.batch:
                self._note_held_back(table, position)
                return

    def _note_held_back(self, table: SyncedTable, position: Position) -> None:
        """Whether rows past ``position`` wait for an older transaction to finish: the
        caller should pull again shortly rather than wait for the next notification."""
        row = self.pg.execute(
            f"SELECT EXISTS (SELECT 1 FROM workbench.{table.name} "
            "WHERE (tx, seq) > (%s::xid8, %s) AND tx >= pg_snapshot_xmin(pg_current_snapshot()))",
            position,
        ).fetchone()
        if row and row[0]:
            self.result.held_back.append(table.name)

    def _add_parents(self, table: SyncedTable, rows: list[Row], incoming: Incoming) -> None:
        """Bring along the parent rows the local side lacks (a claim pulled before its
        article's position came up, say), recursively."""
        if table.parent is None or not rows:
            return
        column, parent_name = table.parent
        parent = self.by_name[parent_name]
        wanted = sorted({str(r[column]) for r in rows})
        marks = ", ".join("?" for _ in wanted)
        present = {
            r[0]
            for r in self.local.conn.execute(
                f"SELECT id FROM {parent.name} WHERE id IN ({marks})", wanted
            )
        }
        lacking = [i for i in wanted if i not in present]
        if not lacking:
            return
        found = self.pg.execute(
            f"SELECT {parent.quoted_columns} FROM workbench.{parent.name} WHERE id = ANY(%s)",
            (lacking,),
        ).fetchall()
        parents = [dict(zip(parent.columns, r, strict=True)) for r in found]
        getattr(incoming, parent.name).extend(parents)
        self._add_parents(parent, parents, incoming)
