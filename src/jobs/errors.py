"""The project's exception tree. Services raise these; ``app.py`` maps them once to responses.

JobsError
├── ConfigurationError      settings or environment are unusable
├── DatabaseUnavailable     the database cannot be reached or is not migrated
├── InvalidInput            a caller sent something we cannot accept (says what and where)
│   └── ImportRejected      a whole import file refused, with one problem per bad record
├── NotFound                the thing asked for does not exist (or is not visible to the caller)
├── PermissionDenied        the caller may not do this
└── Conflict                the change clashes with what is stored (duplicate email, ...)
"""

from __future__ import annotations


class JobsError(Exception):
    """Base of every error the project raises on purpose."""

    status_code = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigurationError(JobsError):
    """Settings or the environment cannot be used as they are."""


class DatabaseUnavailable(JobsError):
    """The database does not answer, or its schema is missing."""

    status_code = 503


class InvalidInput(JobsError):
    """Input that cannot be accepted; the message says what and where."""

    status_code = 400


class ImportRejected(InvalidInput):
    """An import refused as a whole; ``problems`` lists each bad record and field."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


class NotFound(JobsError):
    """Nothing by that name or id is visible to the caller."""

    status_code = 404


class PermissionDenied(JobsError):
    """The caller is not allowed to do this."""

    status_code = 403


class Conflict(JobsError):
    """The change conflicts with stored data."""

    status_code = 409
