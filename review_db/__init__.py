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
    AddedSources,
    Article,
    ArticleSummary,
    Claim,
    ClaimBrief,
    ClaimState,
    Conflict,
    Event,
    EvidenceChoice,
    HistoryEntry,
    NewClaim,
    NewSource,
    Passage,
    PassageHit,
    Progress,
    Source,
)
from .schema import SCHEMA_VERSION
from .store import ReviewStore

__all__ = [
    "SCHEMA_VERSION",
    "AddedArticle",
    "AddedSources",
    "Article",
    "ArticleSummary",
    "Claim",
    "ClaimBrief",
    "ClaimState",
    "Conflict",
    "EvidenceChoice",
    "Event",
    "HistoryEntry",
    "InvalidEventError",
    "NewClaim",
    "NewSource",
    "NewerSchemaError",
    "NoDatabaseError",
    "NotADatabaseError",
    "NotFoundError",
    "Passage",
    "PassageHit",
    "Progress",
    "ReadOnlyError",
    "ReviewStore",
    "Source",
    "StoreError",
]
