"""Employer names and the links they make.

A name is never proof of who a company is: two employers may not share a name (compared by
``company_name_key``), an approved employer's new name waits for an admin, and a synced posting
links to an employer only through its source's employer or an alias an admin confirmed, and
only while that employer is approved.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from jobs.services.visibility import audit
from jobs.services.web_sessions import Viewer
from jobs.store import Employer, EmployerAlias
from jobs.store.base import utcnow
from jobs.store.employers import company_name_key

TAKEN = "A company with this name is in the portal already. Give your company's full name."


async def name_taken(session: AsyncSession, name: str, *, besides: int | None = None) -> bool:
    """True when another employer (not ``besides``) has this name or asked for it."""
    key = company_name_key(name)
    query = select(Employer.id).where(Employer.name_key == key)
    if besides is not None:
        query = query.where(Employer.id != besides)
    if await session.scalar(query) is not None:
        return True
    waiting = await session.execute(
        select(Employer.id, Employer.pending_name).where(Employer.pending_name.is_not(None))
    )
    return any(
        company_name_key(other) == key for employer_id, other in waiting if employer_id != besides
    )


async def ask_for_name(session: AsyncSession, viewer: Viewer, employer: Employer, name: str) -> str:
    """Rename the viewer's employer: at once while it waits for approval, else the new name
    waits for an admin. Returns a problem for the form ('' when none)."""
    if name == employer.name:
        return ""
    if await name_taken(session, name, besides=employer.id):
        return TAKEN
    if employer.status == "pending":
        employer.name = name
    else:
        employer.pending_name = name
        await audit(session, viewer, "employer_name_requested", "employer", employer.id)
    return ""


async def decide_name(
    session: AsyncSession, viewer: Viewer, employer_id: int, approve: bool
) -> None:
    """An admin approves or refuses the name an employer asked for."""
    if viewer.role != "admin":
        raise PermissionDenied("only administrators do this")
    employer = await session.get(Employer, employer_id)
    if employer is None or employer.pending_name is None:
        raise NotFound(f"no new name waiting for employer {employer_id}")
    name = employer.pending_name
    employer.pending_name = None
    if approve:
        if await name_taken(session, name, besides=employer.id):
            raise Conflict("another company has this name now")
        employer.name = name
    action = "employer_name_approved" if approve else "employer_name_refused"
    await audit(session, viewer, action, "employer", employer_id)


async def confirm_alias(
    session: AsyncSession, viewer: Viewer | None, employer_id: int, name: str
) -> EmployerAlias:
    """Record that synced postings naming ``name`` are this employer's (an admin's word)."""
    name = " ".join(name.split())
    if not 2 <= len(name) <= 200:
        raise InvalidInput("alias: give the company name as job boards write it (2-200 characters)")
    if viewer is not None and viewer.role != "admin":
        raise PermissionDenied("only administrators confirm which postings are an employer's")
    if await session.get(Employer, employer_id) is None:
        raise NotFound(f"no employer {employer_id}")
    key = company_name_key(name)
    alias = await session.scalar(select(EmployerAlias).where(EmployerAlias.name_key == key))
    if alias is not None and alias.employer_id != employer_id:
        raise Conflict(f"{name!r} already links postings to employer {alias.employer_id}")
    if alias is None:
        alias = EmployerAlias(employer_id=employer_id, name=name, name_key=key)
        session.add(alias)
    alias.confirmed_by = viewer.user_id if viewer else None
    alias.confirmed_at = utcnow()
    await session.flush()
    await audit(
        session, viewer, "employer_alias_confirmed", "employer", employer_id, detail={"name": name}
    )
    return alias


async def posting_links(session: AsyncSession) -> tuple[dict[str, int], set[int]]:
    """Confirmed aliases of approved employers (name key → employer id), and the ids of every
    approved employer."""
    approved = set(await session.scalars(select(Employer.id).where(Employer.status == "approved")))
    rows = await session.execute(select(EmployerAlias.name_key, EmployerAlias.employer_id))
    return {key: employer_id for key, employer_id in rows if employer_id in approved}, approved
