"""Errors the review database raises, each with a message a user can act on.

The CLI prints them as one ``Error: ...`` line; the TUI shows them in a modal.  They live
here rather than in ``workbench.errors`` because review_db must not depend on the
application that uses it.
"""

from __future__ import annotations


class StoreError(Exception):
    """Base class for every expected failure of the review database."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NoDatabaseError(StoreError):
    """The database file does not exist and the command may not create it."""


class NotADatabaseError(StoreError):
    """The file exists but is not a workbench review database."""


class NewerSchemaError(StoreError):
    """The database was written by a newer version of workbench."""


class ReadOnlyError(StoreError):
    """A write was attempted on a database that can only be read."""


class NotFoundError(StoreError):
    """An id or prefix matched nothing, or more than one thing."""


class InvalidEventError(StoreError):
    """An event's kind or value is not one the log accepts."""


class MergeError(StoreError):
    """A database cannot be merged (it is the target itself, or it is inconsistent)."""
