"""The administrator's work: the overview of accounts, employers waiting for approval and
caseloads; creating and disabling accounts, approving employers, assigning caseloads."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from jobs.services.accounts import add_user
from jobs.services.visibility import audit
from jobs.services.web_sessions import Viewer, end_all_sessions, revoke_all_api_tokens
from jobs.store import CaseloadAssignment, Employer, EmployerMember, Participant, User
from jobs.store.base import MAX_ID
from jobs.store.encryption import open_selected


def _admin_only(viewer: Viewer) -> None:
    if viewer.role != "admin":
        raise PermissionDenied("only administrators do this")


async def overview(session: AsyncSession, viewer: Viewer) -> dict[str, Any]:
    """Accounts, employers waiting for approval, and who carries which participant."""
    _admin_only(viewer)
    users = list(await session.scalars(select(User).order_by(User.role, User.email)))
    pending = list(
        await session.scalars(
            select(Employer).where(Employer.status == "pending").order_by(Employer.name)
        )
    )
    renames = list(
        await session.scalars(
            select(Employer).where(Employer.pending_name.is_not(None)).order_by(Employer.name)
        )
    )
    specialists = [u for u in users if u.role == "specialist"]
    participants = [
        (pid, ref, open_selected(session, Participant.name, pid, name))
        for pid, ref, name in await session.execute(
            select(Participant.id, Participant.external_ref, Participant.name).order_by(
                Participant.external_ref
            )
        )
    ]
    employers = list(
        await session.execute(
            select(Employer.id, Employer.name)
            .where(Employer.status == "approved")
            .order_by(Employer.name)
        )
    )
    await audit(session, viewer, "read_admin_overview", "accounts", detail={"users": len(users)})
    return {
        "users": users,
        "pending": pending,
        "renames": renames,
        "specialists": specialists,
        "participants": participants,
        "employers": employers,
    }


async def create_account(session: AsyncSession, viewer: Viewer, data: Any) -> dict[str, str]:
    """Create a specialist, employer or admin account (employers joined to a company)."""
    _admin_only(viewer)
    role = str(data.get("role", ""))
    if role not in ("specialist", "employer", "admin"):
        return {"role": "Choose specialist, employer or admin."}
    employer_id = None
    if role == "employer":
        raw = str(data.get("employer_id", "")).strip()
        employer_id = int(raw) if raw.isascii() and raw.isdigit() else 0
        if not 1 <= employer_id <= MAX_ID or await session.get(Employer, employer_id) is None:
            return {"employer_id": "Choose the company this person works for."}
    try:
        user = await add_user(
            session,
            email=str(data.get("email", "")),
            role=role,
            password=str(data.get("password", "")),
            display_name=str(data.get("display_name", "")).strip()[:200],
        )
    except InvalidInput as exc:
        field = "email" if "email" in exc.message else "password"
        return {field: exc.message[:1].upper() + exc.message[1:] + "."}
    except Conflict as exc:
        return {"email": exc.message[:1].upper() + exc.message[1:] + "."}
    if employer_id is not None:
        session.add(EmployerMember(user_id=user.id, employer_id=employer_id))
    await audit(session, viewer, "account_created", "user", user.id, detail={"role": role})
    return {}


async def approve_employer(session: AsyncSession, viewer: Viewer, employer_id: int) -> None:
    """Approve a registered employer."""
    _admin_only(viewer)
    employer = await session.get(Employer, employer_id)
    if employer is None:
        raise NotFound(f"no employer {employer_id}")
    employer.status = "approved"
    await audit(session, viewer, "employer_approved", "employer", employer_id)


async def assign(
    session: AsyncSession, viewer: Viewer, specialist_id: int, participant_id: int
) -> None:
    """Put a participant on a specialist's caseload."""
    _admin_only(viewer)
    specialist = await session.get(User, specialist_id)
    if specialist is None or specialist.role != "specialist":
        raise InvalidInput("specialist: choose a specialist's account")
    if await session.get(Participant, participant_id) is None:
        raise InvalidInput("participant: choose a participant")
    if await session.get(CaseloadAssignment, (specialist_id, participant_id)) is None:
        session.add(CaseloadAssignment(specialist_id=specialist_id, participant_id=participant_id))
    await audit(
        session,
        viewer,
        "caseload_assigned",
        "caseload",
        specialist_id,
        participant_id=participant_id,
    )


async def disable_account(session: AsyncSession, viewer: Viewer, user_id: int) -> None:
    """Disable an account and end all its sessions."""
    _admin_only(viewer)
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(f"no account {user_id}")
    if user.id == viewer.user_id:
        raise InvalidInput("you cannot disable your own account")
    user.is_active = False
    await end_all_sessions(session, user.id)
    await revoke_all_api_tokens(session, user.id)
    await audit(session, viewer, "account_disabled", "user", user_id)
