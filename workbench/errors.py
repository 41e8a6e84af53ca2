"""Errors of the application, each with a message a user can act on.

The CLI prints ``Error: <message>`` and exits non-zero; the TUI shows the message in a
modal.  Expected failures never show a traceback; unexpected ones are never swallowed.
Errors of the review database (``review_db.StoreError``) are handled the same way.
"""

from __future__ import annotations


class WorkbenchError(Exception):
    """Base class for every expected failure of workbench itself."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(WorkbenchError):
    """A file or text given to workbench cannot be used (missing, empty, binary, ...)."""


class ConfigError(WorkbenchError):
    """The configuration file is malformed or invalid."""


class UsageError(WorkbenchError):
    """Arguments that do not fit together, or a value outside what is allowed."""


class ExportError(WorkbenchError):
    """A report cannot be made or written (nothing to export, output path unusable)."""
