"""The JSON API's shapes (msgspec Structs): Read shapes for answers, and write shapes that refuse
unknown fields (no mass assignment: no role, owner or consent field in any of them)."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

import msgspec

from jobs.participant_format import ParticipantIn
from jobs.store.base import MAX_ID

T = TypeVar("T")
IdField = Annotated[int, msgspec.Meta(ge=1, le=MAX_ID)]


class Page(msgspec.Struct, Generic[T]):
    """One page of a list."""

    items: list[T]
    total: int
    limit: int
    offset: int


class MeRead(msgspec.Struct):
    """Who the caller is."""

    id: int
    email: str
    role: str
    display_name: str
    locale: str
    participant_id: int | None
    employer_ids: list[int]
    auth: str


class ParticipantSummary(msgspec.Struct):
    id: int
    external_ref: str
    name: str


class ParticipantRead(msgspec.Struct):
    """A participant in DESIGN's format, with its id."""

    id: int
    participant: ParticipantIn


class ParticipantUpdate(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """Fields a specialist may change; anything else is refused."""

    name: str | None = None
    skills: list[str] | None = None
    credentials: list[str] | None = None
    desired_titles: list[str] | None = None
    max_commute_minutes: int | None = None
    min_hourly_wage: float | None = None


class MatchReview(msgspec.Struct, forbid_unknown_fields=True):
    """A review action on a match (``reason`` is required to dismiss)."""

    action: str
    reason: str = ""


class ReferralCreate(msgspec.Struct, forbid_unknown_fields=True):
    """Refer a participant for a match; ``participant_agreed`` records their consent."""

    participant_id: IdField
    match_id: IdField
    participant_agreed: bool
    shared: list[str] = []


class PlacementRead(msgspec.Struct):
    id: int
    participant_id: int
    employer_id: int
    posting_id: int | None
    job_title: str
    start_date: str
    hourly_wage: float
    hours_per_week: float


class EmployerRead(msgspec.Struct):
    id: int
    name: str
    industry: str
    website: str
    fair_chance_verified: bool
    pledge_signed: bool
    hiring_policy: str


class PlacementCreate(msgspec.Struct, forbid_unknown_fields=True):
    """Record a hire on a match."""

    participant_id: IdField
    match_id: IdField
    start_date: str
    hourly_wage: float
    hours_per_week: float
    shift: str = ""
