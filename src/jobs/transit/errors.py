"""Errors raised by the transit package.

TransitError            base class
├── FeedError           the GTFS feed cannot be used at all (not GTFS, required file missing, ...)
└── QueryError          a question the feed cannot answer (bad coordinates, date outside service)
"""


class TransitError(Exception):
    """Base class for transit errors; the message says what went wrong and where."""


class FeedError(TransitError):
    """The GTFS feed cannot be used: nothing usable remains, or a required file is missing."""


class QueryError(TransitError):
    """A travel question is malformed or outside what the feed covers."""
