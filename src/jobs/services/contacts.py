"""Staff record how a participant may be reached, and which channels they agreed to (the
intake's "contact" part); the participant's texts to the program, for their specialist."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jobs.participant_format import EMAIL_PATTERN, phone_problem
from jobs.services.outbox import contact_of, set_contact
from jobs.services.visibility import audit, require_participant
from jobs.services.web_sessions import Viewer
from jobs.store import ParticipantContact


async def read_contact(
    session: AsyncSession, viewer: Viewer, participant_id: int
) -> ParticipantContact | None:
    """The contact details (staff who may open the participant; employers never)."""
    await require_participant(session, viewer, participant_id, protected=False)
    return await contact_of(session, participant_id)


async def update_contact(
    session: AsyncSession,
    viewer: Viewer,
    participant_id: int,
    *,
    phone: str,
    email: str,
    channels: list[str],
    language: str,
) -> dict[str, str]:
    """Record phone, email, the channels the person agreed to and their language; problems by
    form field (nothing is stored when there are any)."""
    await require_participant(session, viewer, participant_id, protected=False)
    phone, email = phone.strip(), email.strip()
    problems: dict[str, str] = {}
    if phone:
        problem = phone_problem(phone)
        if problem:
            problems["phone"] = f"Phone: {problem}."
    if email and not EMAIL_PATTERN.match(email):
        problems["email"] = "Email: not an email address."
    wanted = [c for c in ("sms", "email") if c in channels]
    if "sms" in wanted and not phone:
        problems.setdefault("phone", "Texts need a phone number.")
    if "email" in wanted and not email:
        problems.setdefault("email", "Email needs an email address.")
    if language not in ("en", "es"):
        problems["language"] = "Choose English or Spanish."
    if problems:
        return problems
    before = await contact_of(session, participant_id)
    had = sorted(before.channels) if before is not None else []
    await set_contact(
        session,
        participant_id,
        phone=phone or None,
        email=email or None,
        channels=wanted,
        language=language,
        recorded_by=viewer.display_name or viewer.email,
    )
    await audit(
        session,
        viewer,
        "contact_changed",
        "participant",
        participant_id,
        participant_id=participant_id,
        detail={"channels_before": had, "channels_after": wanted},
    )
    return {}
