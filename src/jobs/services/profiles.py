"""A participant's profile as program staff work on it: intake, reading and editing, from the
profile form and from the API. Every read and change is scoped to the viewer's participants and
audited.

Problems come back as ``(path, message)`` pairs, the path naming a place in DESIGN's participant
document (``home.lat``, ``supervision.curfew``); the web shows each next to its form field.
"""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import InvalidInput, PermissionDenied
from jobs.participant_format import ParticipantIn, _check_meaning, _readable
from jobs.services.participants import import_participants, to_participant_format
from jobs.services.visibility import audit, require_participant
from jobs.services.web_sessions import Viewer
from jobs.store import CaseloadAssignment, Participant
from jobs.store.participants import ADDRESS_LENGTH, NAME_LENGTH

Problem = tuple[str, str]  # (path in the participant document, what is wrong there)


def check_document(document: dict[str, Any]) -> tuple[ParticipantIn | None, list[Problem]]:
    """Validate a participant document: the participant, or what is wrong and where."""
    try:
        item = msgspec.convert(document, ParticipantIn)
    except msgspec.ValidationError as exc:
        return None, [_problem(_readable(str(exc)))]
    problems = [_problem(text) for text in _check_meaning(item)]
    return (None, problems) if problems else (item, [])


def _problem(text: str) -> Problem:
    path, _, message = text.partition(": ")
    return path, message


def storable_problems(item: ParticipantIn) -> list[str]:
    """What the database would refuse: NUL characters, and text longer than its column."""
    problems = []
    if "\\u0000" in msgspec.json.encode(item).decode():
        problems.append("text: NUL characters are not allowed")
    for field, value, limit in (
        ("name", item.name, NAME_LENGTH),
        ("home.address", item.home.address, ADDRESS_LENGTH),
    ):
        if len(value) > limit:
            problems.append(f"{field}: at most {limit} characters")
    return problems


def merge_changes(current: ParticipantIn, changes: dict[str, Any]) -> ParticipantIn:
    """The participant with the named top-level fields replaced and the rest kept; InvalidInput
    when the result is not a valid participant."""
    document = msgspec.to_builtins(current)
    document.update(changes)
    try:
        return msgspec.convert(document, ParticipantIn)
    except msgspec.ValidationError as exc:
        raise InvalidInput(str(exc)) from None


def _staff_only(viewer: Viewer, message: str) -> None:
    if not viewer.is_staff:
        raise PermissionDenied(message)


# Said of every taken reference, in the viewer's caseload or not: which references other
# caseloads hold is not the viewer's to learn.
REFERENCE_REFUSED = (
    "this reference cannot be used here; if the person is in the program already, ask an "
    "administrator to put them on your caseload"
)


class ReferenceRefused(InvalidInput):
    """The reference is taken (by whom is not said)."""


async def _reference_taken(session: AsyncSession, external_ref: str) -> bool:
    found = await session.scalar(
        select(Participant.id).where(Participant.external_ref == external_ref)
    )
    return found is not None


async def _add(session: AsyncSession, viewer: Viewer, item: ParticipantIn) -> int:
    """Store a new participant (audited); a specialist's new participant joins their caseload."""
    await import_participants(session, [item], recorded_by=f"user:{viewer.user_id}")
    participant_id = (
        await session.execute(
            select(Participant.id).where(Participant.external_ref == item.external_ref)
        )
    ).scalar_one()
    if viewer.role == "specialist":
        session.add(CaseloadAssignment(specialist_id=viewer.user_id, participant_id=participant_id))
        await session.flush()
    await audit(
        session,
        viewer,
        "participant_created",
        "participant",
        participant_id,
        participant_id=participant_id,
    )
    return participant_id


async def intake(
    session: AsyncSession, viewer: Viewer, document: dict[str, Any]
) -> tuple[int | None, list[Problem]]:
    """A new participant from the intake form's document, put on the specialist's caseload;
    the new id, or the problems (nothing is saved when there are any)."""
    _staff_only(viewer, "intake is for program staff")
    item, problems = check_document(document)
    if item is None:
        return None, problems
    if await _reference_taken(session, item.external_ref):
        return None, [("external_ref", REFERENCE_REFUSED)]
    return await _add(session, viewer, item), []


async def read_profile(session: AsyncSession, viewer: Viewer, participant_id: int) -> Participant:
    """A participant's full profile (protected parts included) for staff; audited."""
    participant = await require_participant(session, viewer, participant_id)
    await audit(
        session,
        viewer,
        "read_profile",
        "participant",
        participant.id,
        participant_id=participant.id,
    )
    return participant


async def edit_profile(
    session: AsyncSession, viewer: Viewer, participant_id: int, document: dict[str, Any]
) -> list[Problem]:
    """Replace the profile with the form's document (the stored external_ref stays); the
    problems (nothing is saved when there are any)."""
    _staff_only(viewer, "profiles are edited by program staff")
    participant = await require_participant(session, viewer, participant_id)
    item, problems = check_document({**document, "external_ref": participant.external_ref})
    if item is None:
        return problems
    await import_participants(session, [item], recorded_by=f"user:{viewer.user_id}")
    await audit(
        session,
        viewer,
        "participant_updated",
        "participant",
        participant.id,
        participant_id=participant.id,
    )
    return []


async def create_participant(
    session: AsyncSession, viewer: Viewer, item: ParticipantIn
) -> Participant:
    """A new participant from the API (a specialist's joins their caseload); InvalidInput names
    every problem."""
    _staff_only(viewer, "participants are created by program staff")
    problems = _check_meaning(item) + storable_problems(item)
    if problems:
        raise InvalidInput("; ".join(problems))
    if await _reference_taken(session, item.external_ref):
        raise ReferenceRefused(f"external_ref: {REFERENCE_REFUSED}")
    participant_id = await _add(session, viewer, item)
    return await require_participant(session, viewer, participant_id)


async def update_participant(
    session: AsyncSession, viewer: Viewer, participant_id: int, changes: dict[str, Any]
) -> Participant:
    """Change the named profile fields, keeping the others as stored (the API's partial update);
    InvalidInput says what is wrong."""
    _staff_only(viewer, "profiles are changed by program staff")
    participant = await require_participant(session, viewer, participant_id)
    item = merge_changes(to_participant_format(participant), changes)
    problems = storable_problems(item)
    if problems:
        raise InvalidInput("; ".join(problems))
    await import_participants(session, [item], recorded_by=f"user:{viewer.user_id}")
    await audit(
        session,
        viewer,
        "participant_updated",
        "participant",
        participant_id,
        participant_id=participant_id,
        detail={"fields": sorted(changes)},
    )
    return await require_participant(session, viewer, participant_id)
