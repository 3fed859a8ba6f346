"""Participants: import in DESIGN's format, listing, and reading back in that format."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from jobs.errors import NotFound
from jobs.participant_format import ParticipantIn, RecordFacts, SupervisionTerms
from jobs.services.outbox import set_contact
from jobs.store import CriminalRecord, Participant, Supervision


def _apply_profile(row: Participant, item: ParticipantIn) -> None:
    row.name = item.name
    row.home_address = item.home.address
    row.home_postal_code = item.home.postal_code
    row.home_lat = item.home.lat
    row.home_lon = item.home.lon
    row.home_precision = "given" if item.home.lat is not None else "none"
    row.skills = list(item.skills)
    row.credentials = list(item.credentials)
    row.training = [
        {"credential": t.credential, "expected": t.expected and t.expected.isoformat()}
        for t in item.training
    ]
    row.work_history = [{"title": w.title, "years": w.years} for w in item.work_history]
    row.desired_titles = list(item.desired_titles)
    row.drivers_license = item.drivers_license
    row.has_vehicle = item.has_vehicle
    row.max_commute_minutes = item.max_commute_minutes
    row.min_hourly_wage = item.min_hourly_wage
    row.availability = [
        {"days": list(a.days), "start": a.start, "end": a.end} for a in item.availability
    ]


def _apply_supervision(row: Supervision, terms: SupervisionTerms) -> None:
    row.agency = terms.agency
    row.approved_states = list(terms.approved_states)
    row.approved_counties = list(terms.approved_counties)
    row.standing_permits = list(terms.standing_permits)
    row.curfew_start = terms.curfew.start if terms.curfew else None
    row.curfew_end = terms.curfew.end if terms.curfew else None
    row.electronic_monitoring = terms.electronic_monitoring
    row.conditions = list(terms.conditions)
    row.restricted_occupations = list(terms.restricted_occupations)
    row.restricted_sites = [
        {"label": s.label, "lat": s.lat, "lon": s.lon, "radius_m": s.radius_m}
        for s in terms.restricted_sites
    ]
    row.obligations = [
        {
            "label": o.label,
            "days": list(o.days),
            "start": o.start,
            "end": o.end,
            "lat": o.lat,
            "lon": o.lon,
            "movable": o.movable,
        }
        for o in terms.obligations
    ]


def _apply_record(row: CriminalRecord, facts: RecordFacts) -> None:
    row.felony = facts.felony
    row.offense_categories = list(facts.offense_categories)
    row.conviction_date = facts.conviction_date
    row.release_date = facts.release_date
    row.registrant = facts.registrant


def _with_protected():
    return (
        selectinload(Participant.supervision),
        selectinload(Participant.record),
        selectinload(Participant.contact),
    )


async def import_participants(
    session: AsyncSession, items: Sequence[ParticipantIn], *, recorded_by: str = "import"
) -> tuple[int, int]:
    """Create or update participants by external_ref; returns (created, updated). A ``contact``
    is stored with its consent, recorded by ``recorded_by``; an item without one leaves the
    stored contact as it is."""
    refs = [item.external_ref for item in items]
    existing = {
        p.external_ref: p
        for p in await session.scalars(
            select(Participant)
            .where(Participant.external_ref.in_(refs))
            .options(*_with_protected())
        )
    }
    created = updated = 0
    for item in items:
        row = existing.get(item.external_ref)
        if row is None:
            row = Participant(external_ref=item.external_ref)
            row.supervision = Supervision()
            row.record = CriminalRecord()
            session.add(row)
            created += 1
        else:
            updated += 1
            if row.supervision is None:
                row.supervision = Supervision()
            if row.record is None:
                row.record = CriminalRecord()
        _apply_profile(row, item)
        _apply_supervision(row.supervision, item.supervision)
        _apply_record(row.record, item.record)
    await session.flush()
    for item in items:
        if item.contact is None:
            continue
        row = existing.get(item.external_ref) or await session.scalar(
            select(Participant).where(Participant.external_ref == item.external_ref)
        )
        assert row is not None
        await set_contact(
            session,
            row.id,
            phone=item.contact.phone,
            email=item.contact.email,
            channels=item.contact.channels,
            language=item.contact.language,
            recorded_by=recorded_by,
        )
    return created, updated


async def ids_for_refs(session: AsyncSession, refs: Sequence[str]) -> list[int]:
    """Participant ids for these external_refs (unknown refs are skipped)."""
    rows = await session.scalars(
        select(Participant.id).where(Participant.external_ref.in_(list(refs)))
    )
    return list(rows)


async def list_participants(session: AsyncSession) -> list[Participant]:
    """Every participant, by external_ref (callers scope by caseload where they must)."""
    return list(await session.scalars(select(Participant).order_by(Participant.external_ref)))


async def get_participant(session: AsyncSession, key: str | int) -> Participant:
    """A participant by numeric id or external_ref, with supervision and record loaded."""
    query = select(Participant).options(*_with_protected())
    text = str(key)
    if text.isdigit():
        row = await session.scalar(query.where(Participant.id == int(text)))
        if row is not None:
            return row
    row = await session.scalar(query.where(Participant.external_ref == text))
    if row is None:
        raise NotFound(f"no participant with id or external_ref {text!r}")
    return row


def to_participant_format(row: Participant) -> ParticipantIn:
    """Read a stored participant back into DESIGN's format (protected parts included)."""
    sup, rec = row.supervision, row.record
    document = {
        "external_ref": row.external_ref,
        "name": row.name,
        "home": {
            "address": row.home_address,
            "postal_code": row.home_postal_code,
            "lat": row.home_lat,
            "lon": row.home_lon,
        },
        "skills": row.skills,
        "credentials": row.credentials,
        "training": [
            {
                "credential": t["credential"],
                "expected": date.fromisoformat(t["expected"]) if t.get("expected") else None,
            }
            for t in row.training or []
        ],
        "work_history": row.work_history,
        "desired_titles": row.desired_titles,
        "drivers_license": row.drivers_license,
        "has_vehicle": row.has_vehicle,
        "max_commute_minutes": row.max_commute_minutes,
        "min_hourly_wage": row.min_hourly_wage,
        "availability": row.availability,
    }
    if sup is not None:
        document["supervision"] = {
            "agency": sup.agency,
            "approved_states": sup.approved_states,
            "approved_counties": sup.approved_counties,
            "standing_permits": sup.standing_permits,
            "curfew": (
                {"start": sup.curfew_start, "end": sup.curfew_end} if sup.curfew_start else None
            ),
            "electronic_monitoring": sup.electronic_monitoring,
            "conditions": sup.conditions,
            "restricted_occupations": sup.restricted_occupations,
            "restricted_sites": sup.restricted_sites,
            "obligations": sup.obligations,
        }
    if rec is not None:
        document["record"] = {
            "felony": rec.felony,
            "offense_categories": rec.offense_categories,
            "conviction_date": rec.conviction_date,
            "release_date": rec.release_date,
            "registrant": rec.registrant,
        }
    contact = row.__dict__.get("contact")  # only when it was loaded (never lazily here)
    if contact is not None:
        document["contact"] = {
            "phone": contact.phone,
            "email": contact.email,
            "channels": contact.channels,
            "language": contact.language,
        }
    return msgspec.convert(document, ParticipantIn, builtin_types=(date,))
