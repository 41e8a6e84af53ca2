"""Errors of the team hub, each with a message a user can act on.

They are ``StoreError`` subclasses, so the CLI prints them as one ``Error: ...`` line and
the TUI as a modal, like every other failure of the review database.  No message ever
carries a password: every URL in one is masked first (see ``connection_url``).
"""

from __future__ import annotations

from ..errors import StoreError


class HubError(StoreError):
    """The hub cannot be reached, read or written, or refused what was sent."""


class NoDriverError(HubError):
    """The optional PostgreSQL driver is not installed."""


class HubSchemaError(HubError):
    """The hub is not initialised, or its schema is newer or older than this workbench's."""


class RefusedPushError(HubError):
    """Some local events were not pushed: the connecting role may not sign them."""
