"""What the outcomes package reads: participants' enrollment, placements with their checkpoints,
returns to custody, and the period a report covers. Plain msgspec Structs, built by the services
from the store or by hand in tests."""

from __future__ import annotations

from datetime import date
from typing import Literal

import msgspec

from jobs.errors import InvalidInput

CheckpointKind = Literal["30", "90", "180", "q2", "q4"]
CheckpointStatus = Literal["due", "confirmed", "missed", "unknown"]
CustodyKind = Literal["new_offense", "technical_violation"]
SeparationKind = Literal["quit", "discharged", "laid_off", "custody", "other"]

RETENTION_DAYS: dict[str, int] = {"30": 30, "90": 90, "180": 180}
FEDERAL_QUARTERS: dict[str, int] = {"q2": 2, "q4": 4}
CHECKPOINT_KINDS: tuple[str, ...] = ("30", "90", "180", "q2", "q4")
CHECKPOINT_STATUSES: tuple[str, ...] = ("due", "confirmed", "missed", "unknown")
CUSTODY_KINDS: tuple[str, ...] = ("new_offense", "technical_violation")
SEPARATION_KINDS: tuple[str, ...] = ("quit", "discharged", "laid_off", "custody", "other")


class CheckpointRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One retention check as recorded: ``due`` until someone confirms, misses or cannot tell."""

    kind: CheckpointKind
    due_on: date
    status: CheckpointStatus = "due"
    earnings: float | None = None  # quarterly earnings, on q2/q4 checks, when known


class PlacementRecord(msgspec.Struct, frozen=True, kw_only=True):
    """A hire: who, where, from when, at what pay, and how it ended (if it did)."""

    id: int
    participant_id: int
    employer_id: int
    employer_name: str = ""
    job_title: str = ""
    start_date: date
    hourly_wage: float
    hours_per_week: float
    shift: str = ""
    offered_on: date | None = None
    separated_on: date | None = None
    separation_kind: SeparationKind | None = None
    separation_reason: str | None = None
    checkpoints: tuple[CheckpointRecord, ...] = ()

    def __post_init__(self) -> None:
        where = f"placement {self.id}"
        if self.separated_on is not None and self.separated_on < self.start_date:
            raise InvalidInput(
                f"{where}: separated on {self.separated_on} before its start on {self.start_date}"
            )
        if not self.hourly_wage >= 0:
            raise InvalidInput(f"{where}: hourly wage must be zero or more, not {self.hourly_wage}")
        if not self.hours_per_week >= 0:
            raise InvalidInput(
                f"{where}: hours a week must be zero or more, not {self.hours_per_week}"
            )

    def employed_on(self, day: date) -> bool:
        """True when ``day`` falls between the start and the separation (inclusive)."""
        return self.start_date <= day and (self.separated_on is None or day <= self.separated_on)


class ParticipantRecord(msgspec.Struct, frozen=True, kw_only=True):
    """A participant's time in the program and who works with them."""

    id: int
    external_ref: str = ""
    name: str = ""
    intake_on: date
    exited_on: date | None = None
    felony: bool = False
    conviction_date: date | None = None
    release_date: date | None = None
    specialist_ids: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.exited_on is not None and self.exited_on < self.intake_on:
            raise InvalidInput(
                f"participant {self.external_ref or self.id}: exit on {self.exited_on} "
                f"is before intake on {self.intake_on}"
            )

    def served_during(self, period: Period) -> bool:
        """Enrolled on at least one day of ``period``."""
        return self.intake_on <= period.end and (
            self.exited_on is None or self.exited_on >= period.start
        )


class CustodyRecord(msgspec.Struct, frozen=True, kw_only=True):
    """A return to custody: a new offence or a technical violation of supervision."""

    participant_id: int
    kind: CustodyKind
    occurred_on: date


class Period(msgspec.Struct, frozen=True, kw_only=True):
    """The days a report covers, both ends included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidInput(f"period: the end {self.end} is before the start {self.start}")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


class Projection(msgspec.Struct, frozen=True, kw_only=True):
    """What the program promised its funder for a period."""

    start: date
    end: date
    participants: int
    placements: int | None = None


class Specialist(msgspec.Struct, frozen=True, kw_only=True):
    """A specialist, for the by-specialist table."""

    id: int
    name: str


class ProgramRecords(msgspec.Struct, frozen=True, kw_only=True):
    """Everything a program report is computed from."""

    participants: tuple[ParticipantRecord, ...] = ()
    placements: tuple[PlacementRecord, ...] = ()
    custody_events: tuple[CustodyRecord, ...] = ()
    specialists: tuple[Specialist, ...] = ()
    projections: tuple[Projection, ...] = ()
