"""Participants. Supervision and record live in their own tables so they can be protected and
audited apart from the profile."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jobs.store.base import Base, Timestamped
from jobs.store.encryption import EncryptedDate, EncryptedJSON

if TYPE_CHECKING:
    from jobs.store.messages import ParticipantContact

# The longest name and home address a participant may have (the columns hold sealed tokens).
NAME_LENGTH = 200
ADDRESS_LENGTH = 300


class Participant(Timestamped, Base):
    """The profile: who they are, where they live, what they can do and want."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_ref: Mapped[str] = mapped_column(String(64), unique=True)
    # Name and home address are encrypted at rest: sort or search them in Python after loading.
    name: Mapped[str] = mapped_column(EncryptedJSON())
    home_address: Mapped[str] = mapped_column(EncryptedJSON(), default="")
    home_postal_code: Mapped[str] = mapped_column(String(10), default="")
    home_lat: Mapped[float | None] = mapped_column(Float)
    home_lon: Mapped[float | None] = mapped_column(Float)
    home_precision: Mapped[str] = mapped_column(String(20), default="given")
    skills: Mapped[list[Any]] = mapped_column(default=list)
    credentials: Mapped[list[Any]] = mapped_column(default=list)
    training: Mapped[list[Any]] = mapped_column(default=list)
    work_history: Mapped[list[Any]] = mapped_column(default=list)
    desired_titles: Mapped[list[Any]] = mapped_column(default=list)
    drivers_license: Mapped[bool] = mapped_column(Boolean, default=False)
    has_vehicle: Mapped[bool] = mapped_column(Boolean, default=False)
    max_commute_minutes: Mapped[int] = mapped_column(Integer, default=60)
    min_hourly_wage: Mapped[float | None] = mapped_column(Float)
    availability: Mapped[list[Any]] = mapped_column(default=list)

    supervision: Mapped[Supervision | None] = relationship(
        back_populates="participant", cascade="all, delete-orphan", uselist=False
    )
    record: Mapped[CriminalRecord | None] = relationship(
        back_populates="participant", cascade="all, delete-orphan", uselist=False
    )
    # Phone, email and the channels agreed to (store/messages.py); loaded only where asked for.
    contact: Mapped[ParticipantContact | None] = relationship(
        cascade="all, delete-orphan", uselist=False, passive_deletes=True
    )


class Supervision(Timestamped, Base):
    """Probation, parole or supervised-release terms (protected, audited, encrypted at rest:
    nothing queries these columns, so every one of them is sealed)."""

    __tablename__ = "participant_supervision"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    agency: Mapped[str] = mapped_column(EncryptedJSON(), default="none")
    approved_states: Mapped[list[Any]] = mapped_column(EncryptedJSON(), default=list)
    approved_counties: Mapped[list[Any]] = mapped_column(EncryptedJSON(), default=list)
    standing_permits: Mapped[list[Any]] = mapped_column(EncryptedJSON(), default=list)
    curfew_start: Mapped[str | None] = mapped_column(EncryptedJSON())
    curfew_end: Mapped[str | None] = mapped_column(EncryptedJSON())
    electronic_monitoring: Mapped[bool] = mapped_column(EncryptedJSON(), default=False)
    conditions: Mapped[list[Any]] = mapped_column(EncryptedJSON(), default=list)
    restricted_occupations: Mapped[list[Any]] = mapped_column(EncryptedJSON(), default=list)
    restricted_sites: Mapped[list[Any]] = mapped_column(EncryptedJSON(), default=list)
    # Treatment and program appointments live here too (visibility.py shares them as "treatment").
    obligations: Mapped[list[Any]] = mapped_column(EncryptedJSON(), default=list)

    participant: Mapped[Participant] = relationship(back_populates="supervision")


class CriminalRecord(Timestamped, Base):
    """What the record holds that licensing and screening rules look at (protected, audited,
    encrypted at rest)."""

    __tablename__ = "participant_records"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    felony: Mapped[bool] = mapped_column(EncryptedJSON(), default=False)
    offense_categories: Mapped[list[Any]] = mapped_column(EncryptedJSON(), default=list)
    conviction_date: Mapped[date | None] = mapped_column(EncryptedDate())
    release_date: Mapped[date | None] = mapped_column(EncryptedDate())
    registrant: Mapped[bool] = mapped_column(EncryptedJSON(), default=False)

    participant: Mapped[Participant] = relationship(back_populates="record")
