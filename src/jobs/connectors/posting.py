"""The normalised shapes every connector hands to the sync service."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, Literal

import msgspec

Workplace = Literal["on_site", "hybrid", "remote", "unknown"]
PayUnit = Literal["hour", "day", "week", "month", "year"]


class Location(msgspec.Struct, kw_only=True):
    """One place a job is done, as precise as the source gives it."""

    text: str = ""
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class Pay(msgspec.Struct, kw_only=True):
    """A pay range in one currency per one unit of time."""

    min: float | None = None
    max: float | None = None
    currency: str = "USD"
    unit: PayUnit = "year"


class PostingIn(msgspec.Struct, kw_only=True):
    """One opening read from a source and normalised into the posting fields of DESIGN."""

    source_job_id: str
    title: str
    employer: str | None = None
    url: str | None = None
    apply_url: str | None = None
    description_text: str = ""
    description_html: str = ""
    locations: list[Location] = msgspec.field(default_factory=list)
    workplace: Workplace = "unknown"
    employment_types: list[str] = msgspec.field(default_factory=list)
    pay: Pay | None = None
    posted_at: datetime | None = None
    closes_at: datetime | None = None
    ats_identity: str | None = None
    # sha256 over the raw record, this code's NORMALISATION_VERSION and the source config: equal
    # digests mean normalising again would give the same posting.
    raw_hash: str = ""
    # What normalisation had to assume or drop, e.g. a date read in the source's zone.
    notes: list[str] = msgspec.field(default_factory=list)
    raw: dict[str, Any] = msgspec.field(default_factory=dict)
    content_hash: str = ""


class Quarantined(msgspec.Struct, kw_only=True):
    """A record that could not become a posting, with the reason, kept for a later fix."""

    reason: str
    source_job_id: str | None = None
    position: int | None = None
    raw: Any = None


class Listing(msgspec.Struct, kw_only=True):
    """Everything one fetch of a source produced.

    ``complete`` is True only when every page of the source was read; only a complete listing
    may close postings that vanished.
    """

    postings: list[PostingIn] = msgspec.field(default_factory=list)
    quarantined: list[Quarantined] = msgspec.field(default_factory=list)
    complete: bool = False
    errors: list[str] = msgspec.field(default_factory=list)
    # Ids whose raw record equals the ``known`` digest the caller gave: still listed upstream,
    # not normalised again (their stored posting is current).
    carried: list[str] = msgspec.field(default_factory=list)


# Bump when normalisation changes, so carried-over postings are normalised again.
NORMALISATION_VERSION = "2"
_HASHED_OUT = frozenset({"raw", "content_hash", "notes", "raw_hash"})
_encoder = msgspec.json.Encoder(order="sorted")


def content_hash(posting: PostingIn) -> str:
    """A stable sha256 over the normalised fields (never the raw payload or notes)."""
    fields = {
        name: value
        for name, value in msgspec.structs.asdict(posting).items()
        if name not in _HASHED_OUT
    }
    return hashlib.sha256(_encoder.encode(fields)).hexdigest()


def with_hash(posting: PostingIn) -> PostingIn:
    """Return the posting with its ``content_hash`` filled in."""
    return msgspec.structs.replace(posting, content_hash=content_hash(posting))


class RecordError(ValueError):
    """A record that cannot become a posting (missing title, unusable id...)."""


def require(value: object, what: str) -> str:
    """The value as trimmed text, or a RecordError saying what is missing."""
    text = " ".join(str(value).split()) if value is not None else ""
    if not text:
        raise RecordError(f"missing {what}")
    return text


_RECORD_FAILURES = (RecordError, ValueError, TypeError, KeyError, AttributeError, IndexError)


def raw_digest(raw: Any, salt: str = "") -> str:
    """sha256 over a raw record (keys sorted), salted with the version and source config."""
    body = _encoder.encode(raw)
    return hashlib.sha256(f"{NORMALISATION_VERSION}|{salt}|".encode() + body).hexdigest()


def config_salt(kind: str, config: Mapping[str, str]) -> str:
    """The part of a source's identity that changes how its records normalise."""
    return kind + "|" + "|".join(f"{k}={v}" for k, v in sorted(config.items()))


class ListingBuilder:
    """Collects one source's postings, quarantines and errors; drops repeats of an id.

    ``known`` maps source job ids of the source's *open* stored postings to their ``raw_hash``;
    a record whose raw digest matches is carried over without normalising it again.
    """

    def __init__(
        self, source: str, *, known: Mapping[str, str] | None = None, salt: str = ""
    ) -> None:
        self.source = source
        self.known = known or {}
        self.salt = salt
        self._carried: dict[str, None] = {}
        self._postings: dict[str, PostingIn] = {}
        self._quarantined: list[Quarantined] = []
        self._errors: list[str] = []
        self.repeats = 0

    def carry(self, ident: object, digest: str) -> bool:
        """Carry the record over when its id is known with this raw digest; say whether."""
        if ident in (None, "") or self.known.get(str(ident)) != digest:
            return False
        self._carried[str(ident)] = None
        return True

    def add(self, posting: PostingIn) -> None:
        """Keep a posting; a second record with the same id (feeds repeat items) is dropped."""
        if posting.source_job_id in self._postings or posting.source_job_id in self._carried:
            self.repeats += 1
            return
        self._postings[posting.source_job_id] = with_hash(posting)

    def quarantine(
        self,
        reason: str,
        *,
        raw: Any,
        source_job_id: str | None = None,
        position: int | None = None,
    ) -> None:
        """Set a record aside with the reason it could not be read."""
        where = f"record {source_job_id!r}" if source_job_id else f"record #{position}"
        self._quarantined.append(
            Quarantined(
                reason=f"{self.source}: {where}: {reason}",
                source_job_id=source_job_id,
                position=position,
                raw=raw,
            )
        )

    def read(
        self,
        records: Iterable[Any],
        convert: Callable[[Any], PostingIn | None],
        *,
        id_of: Callable[[Any], object] = lambda record: None,
        raw_of: Callable[[Any], Any] = lambda record: record,
        start: int = 0,
    ) -> None:
        """Convert each record; one that fails is quarantined and the rest go on.

        ``convert`` returns None for a record the source marks as not to be shown.
        """
        for position, record in enumerate(records, start=start):
            digest = ""
            try:
                digest = raw_digest(raw_of(record), self.salt)
                if self.known and self.carry(id_of(record), digest):
                    continue
                posting = convert(record)
            except _RECORD_FAILURES as exc:
                try:
                    ident = id_of(record)
                except _RECORD_FAILURES:
                    ident = None
                reason = (
                    str(exc) if isinstance(exc, RecordError) else f"{type(exc).__name__}: {exc}"
                )
                raw = raw_of(record)
                self.quarantine(
                    reason,
                    raw=raw,
                    source_job_id=str(ident) if ident not in (None, "") else None,
                    position=position,
                )
            else:
                if posting is not None:
                    self.add(msgspec.structs.replace(posting, raw_hash=digest))

    def error(self, message: str) -> None:
        """Record a problem that did not stop the listing."""
        self._errors.append(message)

    def __len__(self) -> int:
        return len(self._postings) + len(self._carried)

    def build(self, *, complete: bool) -> Listing:
        """The listing; ``complete`` says every page was read."""
        return Listing(
            postings=list(self._postings.values()),
            quarantined=list(self._quarantined),
            complete=complete,
            errors=list(self._errors),
            carried=[key for key in self._carried if key not in self._postings],
        )
