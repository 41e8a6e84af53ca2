"""The team hub: review databases that sync through a shared PostgreSQL database.

The driver (psycopg) is an optional extra, imported only when a hub is used.
"""

from .admin import HubInfo, add_person, init_hub
from .connection_url import masked_url
from .errors import HubError, HubSchemaError, NoDriverError, RefusedPushError
from .incoming import Incoming, apply_incoming
from .schema import HUB_SCHEMA_VERSION, NOTIFY_CHANNEL
from .sync import SyncResult, sync

__all__ = [
    "HUB_SCHEMA_VERSION",
    "NOTIFY_CHANNEL",
    "HubError",
    "HubInfo",
    "HubSchemaError",
    "Incoming",
    "NoDriverError",
    "RefusedPushError",
    "SyncResult",
    "add_person",
    "apply_incoming",
    "init_hub",
    "masked_url",
    "sync",
]
