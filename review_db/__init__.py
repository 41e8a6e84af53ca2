"""Persistence for workbench: the only code that touches SQLite.

It knows nothing of Textual or click; the application imports it, never the reverse.
"""

from .errors import (
    InvalidEventError,
    NewerSchemaError,
    NoDatabaseError,
    NotADatabaseError,
    NotFoundError,
    ReadOnlyError,
    StoreError,
)
from .models import (
    AddedArticle,
    Article,
    ArticleSummary,
    Claim,
    ClaimState,
    Conflict,
    Event,
    HistoryEntry,
    NewClaim,
    Passage,
    Progress,
    Source,
)
from .schema import SCHEMA_VERSION
from .store import ReviewStore

__all__ = [
    "SCHEMA_VERSION",
    "AddedArticle",
    "Article",
    "ArticleSummary",
    "Claim",
    "ClaimState",
    "Conflict",
    "Event",
    "HistoryEntry",
    "InvalidEventError",
    "NewClaim",
    "NewerSchemaError",
    "NoDatabaseError",
    "NotADatabaseError",
    "NotFoundError",
    "Passage",
    "Progress",
    "ReadOnlyError",
    "ReviewStore",
    "Source",
    "StoreError",
]
