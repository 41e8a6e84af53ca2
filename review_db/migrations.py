"""The schema's steps as ``sqlite_utils.Migrations``: imported only when a database is
created or upgraded.

sqlite-utils loads numpy and dateutil (about 0.2 s, ``benchmarks/cli_start.py
--imports``), which no command needs to read or record a verdict; opening a database
reads which steps are applied with sqlite3 alone (``Connection``).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database, Migrations

from .schema import MIGRATION_SET, STEPS

migrations = Migrations(MIGRATION_SET)


def _step(statements: list[str]) -> Callable[[Database], None]:
    def apply(db: Database) -> None:
        for statement in statements:
            db.execute(statement)

    return apply


for _name, _statements in STEPS:
    migrations(name=_name)(_step(_statements))
