"""The five tables a hub shares with every review database, as both sides see them.

Rows move between SQLite and PostgreSQL column for column, in the order of the merge's
column lists (a later migration that adds a column must decide here whether it syncs).
Each table also names its parent (the row a foreign key points at), which a batch brings
along when the other side lacks it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..merge import (
    ARTICLE_COLUMNS,
    CLAIM_COLUMNS,
    EVENT_COLUMNS,
    PASSAGE_COLUMNS,
    SOURCE_COLUMNS,
)


@dataclass(frozen=True)
class SyncedTable:
    """One table as sync moves it."""

    name: str
    columns: tuple[str, ...]
    pg_types: tuple[str, ...]  # the PostgreSQL type of each column, for typed arrays
    batch: int  # rows per transaction: big rows (whole texts) in small batches
    parent: tuple[str, str] | None = None  # (column, table) its foreign key points at

    @property
    def quoted_columns(self) -> str:
        return ", ".join(f'"{c}"' for c in self.columns)


ARTICLES = SyncedTable("articles", ARTICLE_COLUMNS, ("text",) * len(ARTICLE_COLUMNS), batch=100)
CLAIMS = SyncedTable(
    "claims",
    CLAIM_COLUMNS,
    ("text", "text", "integer", "text", "integer", "integer", "text", "double precision", "text"),
    batch=5000,
    parent=("article_id", "articles"),
)
SOURCES = SyncedTable("sources", SOURCE_COLUMNS, ("text",) * len(SOURCE_COLUMNS), batch=100)
PASSAGES = SyncedTable(
    "passages",
    PASSAGE_COLUMNS,
    ("text", "text", "integer", "text", "integer", "integer"),
    batch=5000,
    parent=("source_id", "sources"),
)
EVENTS = SyncedTable(
    "events",
    EVENT_COLUMNS,
    ("text",) * len(EVENT_COLUMNS),
    batch=5000,
    parent=("claim_id", "claims"),
)

# Parents before children, so every foreign key finds its row.
SYNCED_TABLES = (ARTICLES, CLAIMS, SOURCES, PASSAGES, EVENTS)
