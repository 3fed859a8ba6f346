"""Who may see which participant, referral, posting, employer and placement, said once as query
clauses, and the audit trail of each look.

Scoping happens in the query: a participant outside the viewer's reach is simply not found, the
same answer as for one that does not exist. The API's lists and reads come from here too, so a
controller never builds a query of its own.

What an employer sees of a referred candidate is built in one place, ``employer_view``: it copies
the profile, then only the protected fields (address, record, supervision, treatment) that a
valid consent naming that employer names. Templates and API schemas get nothing else, so a
forgotten check in a template cannot leak a field.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, cast

import msgspec
from sqlalchemy import Integer, Select, and_, bindparam, exists, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, joinedload

from jobs.errors import NotFound, PermissionDenied
from jobs.services.audit import Actor, Outcome
from jobs.services.audit import append as append_audit
from jobs.services.postings import DOCUMENT_COLUMNS, posting_document
from jobs.services.web_sessions import Viewer
from jobs.store import (
    CaseloadAssignment,
    Consent,
    Employer,
    Participant,
    Placement,
    Posting,
    Referral,
    Source,
)
from jobs.store.base import utcnow
from jobs.store.column_reads import read_columns
from jobs.store.encryption import open_selected

# Fields an employer never sees unless a valid consent names them (key -> plain words).
SHAREABLE = {
    "address": "Home address",
    "record": "Criminal record (felony, offence kinds, dates)",
    "supervision": "Supervision terms (agency, curfew, conditions)",
    "treatment": "Treatment and program appointments (days and times)",
}
# Fields that may carry treatment information: showing them shows the redisclosure notice.
TREATMENT_FIELDS = frozenset({"treatment"})
# Audited actions that are refusals rather than things done.
REFUSED_ACTIONS = frozenset({"sign_in_failed"})
REDISCLOSURE_NOTICE = (
    "This information about treatment was shared with you only because the candidate agreed to "
    "it in writing, for this referral. The law protects it: you may not pass it on to anyone "
    "else, or use it for any other purpose, unless the candidate agrees again in writing or the "
    "law plainly allows it. A general permission to share information is not enough. It must "
    "never be used to bring a criminal charge against the candidate or to investigate them."
)


def visible_participant_ids(viewer: Viewer) -> Select[tuple[int]]:
    """Ids of the participants whose own profile the viewer may open (never employers)."""
    return _visible_ids_bound(_reach_of(viewer)).params(_reach_params(viewer))


def consent_is_valid(now: Any = None) -> Any:
    """A consent that is neither revoked nor expired (as a query clause)."""
    now = now or utcnow()
    return and_(
        Consent.revoked_at.is_(None), or_(Consent.expires_at.is_(None), Consent.expires_at > now)
    )


def consent_holds(consent: Consent, now: datetime | None = None) -> bool:
    """A consent that is neither revoked nor expired (on a loaded row)."""
    now = now or utcnow()
    return consent.revoked_at is None and (consent.expires_at is None or consent.expires_at > now)


def referrals_visible_to(
    viewer: Viewer, *, now: datetime | None = None
) -> Select[tuple[Referral, Consent]]:
    """Referrals (with the consent given at referral) the viewer may see.

    Employers: only to their own employers, and only while some consent of the participant
    naming that employer holds.
    """
    query = select(Referral, Consent).join(Consent, Consent.id == Referral.consent_id)
    if viewer.role == "admin":
        return query
    if viewer.role == "employer":
        if not viewer.employer_ids or not viewer.employer_approved:
            return query.where(false())
        other = aliased(Consent)
        now = now or utcnow()
        holding = exists().where(
            other.participant_id == Referral.participant_id,
            other.employer_id == Referral.employer_id,
            other.revoked_at.is_(None),
            or_(other.expires_at.is_(None), other.expires_at > now),
        )
        return query.where(Referral.employer_id.in_(viewer.employer_ids), holding)
    return query.where(Referral.participant_id.in_(visible_participant_ids(viewer)))


async def visible_referral(
    session: AsyncSession, viewer: Viewer, referral_id: int, missing: str
) -> Referral:
    """One referral the viewer may see; NotFound (saying ``missing``) otherwise."""
    row = (
        await session.execute(referrals_visible_to(viewer).where(Referral.id == referral_id))
    ).first()
    if row is None:
        raise NotFound(missing)
    return row[0]


class CandidateView(msgspec.Struct, kw_only=True):
    """A referred candidate as an employer sees them: the profile, plus consented fields only.

    ``shared`` names the protected fields present; ``notice`` is the redisclosure notice, set
    whenever treatment information is present.
    """

    referral_id: int
    posting_id: int
    job_title: str
    status: str
    referred_at: str
    name: str
    skills: list[str]
    credentials: list[str]
    work_history: list[dict[str, Any]]
    desired_titles: list[str]
    availability: list[dict[str, Any]]
    shared: list[str]
    notice: str | None = None
    address: str | None = None
    record: dict[str, Any] | None = None
    supervision: dict[str, Any] | None = None
    treatment: list[dict[str, Any]] | None = None


def _address(participant: Participant) -> str | None:
    return participant.home_address or None


def _record(participant: Participant) -> dict[str, Any] | None:
    rec = participant.record
    if rec is None:
        return None
    return {
        "felony": rec.felony,
        "offense_categories": list(rec.offense_categories),
        "conviction_date": rec.conviction_date.isoformat() if rec.conviction_date else None,
        "release_date": rec.release_date.isoformat() if rec.release_date else None,
    }


def _supervision(participant: Participant) -> dict[str, Any] | None:
    sup = participant.supervision
    if sup is None:
        return None
    return {
        "agency": sup.agency,
        "curfew": f"{sup.curfew_start}–{sup.curfew_end}" if sup.curfew_start else None,
        "conditions": list(sup.conditions),
    }


def _treatment(participant: Participant) -> list[dict[str, Any]] | None:
    sup = participant.supervision
    if sup is None:
        return None
    return [
        {
            "label": str(item.get("label", "")),
            "days": list(item.get("days", [])),
            "start": item.get("start"),
            "end": item.get("end"),
        }
        for item in sup.obligations
        if isinstance(item, dict)
    ]


# One copier per protected field: the only code that reads a protected value for an employer.
_COPIERS: dict[str, Callable[[Participant], Any]] = {
    "address": _address,
    "record": _record,
    "supervision": _supervision,
    "treatment": _treatment,
}
assert set(_COPIERS) == set(SHAREABLE), "every shareable field needs exactly one copier"


def consented_fields(
    consents: Iterable[Consent], employer_id: int, now: datetime | None = None
) -> set[str]:
    """The protected fields that valid consents naming this employer name."""
    named: set[str] = set()
    for consent in consents:
        if consent.employer_id == employer_id and consent_holds(consent, now):
            named.update(f for f in consent.fields if f in SHAREABLE)
    return named


def employer_view(
    referral: Referral,
    consents: Iterable[Consent],
    participant: Participant,
    job_title: str,
    *,
    now: datetime | None = None,
) -> CandidateView:
    """The one builder of what an employer sees of a referred candidate.

    The profile is always there; each protected field is copied only when a valid consent of
    this participant naming the referral's employer names it. ``person`` needs its record and
    supervision loaded when a consent names them.
    """
    if participant.id != referral.participant_id:
        raise ValueError("the person is not the one referred")
    allowed = consented_fields(
        (c for c in consents if c.participant_id == participant.id), referral.employer_id, now
    )
    view = CandidateView(
        referral_id=referral.id,
        posting_id=referral.posting_id,
        job_title=job_title,
        status=referral.status,
        referred_at=referral.created_at.date().isoformat(),
        name=participant.name,
        skills=list(participant.skills),
        credentials=list(participant.credentials),
        work_history=list(participant.work_history),
        desired_titles=list(participant.desired_titles),
        availability=list(participant.availability),
        shared=[],
    )
    for field in sorted(allowed):
        value = _COPIERS[field](participant)
        if value is not None:
            setattr(view, field, value)
            view.shared.append(field)
    if TREATMENT_FIELDS & set(view.shared):
        view.notice = REDISCLOSURE_NOTICE
    return view


def employer_list_view(referral: Referral, name: str, job_title: str) -> CandidateView:
    """A referred candidate as a list of names shows them: the referral and the name only, no
    profile and no protected field (``employer_view`` builds the full view)."""
    return CandidateView(
        referral_id=referral.id,
        posting_id=referral.posting_id,
        job_title=job_title,
        status=referral.status,
        referred_at=referral.created_at.date().isoformat(),
        name=name,
        skills=[],
        credentials=[],
        work_history=[],
        desired_titles=[],
        availability=[],
        shared=[],
    )


async def require_participant(
    session: AsyncSession, viewer: Viewer, participant_id: int, *, protected: bool = True
) -> Participant:
    """The participant if the viewer may open their profile; NotFound otherwise."""
    if viewer.role == "employer":
        raise PermissionDenied("employers see candidates only through referrals")
    seen = _seen_this_read(session)
    key = (viewer.user_id, viewer.role, participant_id)
    found = seen.get(key) if seen is not None else None
    if found is not None and (found[1] or not protected):
        return found[0]
    params = {"participant_id": participant_id, **_reach_params(viewer)}
    row = await session.scalar(_participant_statement(_reach_of(viewer), protected), params)
    if row is None:
        raise NotFound(f"no participant {participant_id} on your list")
    seen = _seen_this_read(session)  # the read's transaction began with the query, if not before
    if seen is not None:
        seen[key] = (row, protected)
    return row


def _reach_of(viewer: Viewer) -> str:
    """Which shape of ``visible_participant_ids`` the viewer's reach takes."""
    if viewer.role in ("admin", "specialist"):
        return viewer.role
    if viewer.role == "participant" and viewer.participant_id is not None:
        return "participant"
    return "none"


def _reach_params(viewer: Viewer) -> dict[str, int]:
    """The viewer's ids that ``_visible_ids_bound`` binds."""
    reach = _reach_of(viewer)
    if reach == "specialist":
        return {"viewer_user_id": viewer.user_id}
    if reach == "participant":
        return {"viewer_participant_id": cast(int, viewer.participant_id)}
    return {}


def _visible_ids_bound(reach: str) -> Select[tuple[int]]:
    """Who a kind of viewer may see, the viewer's ids left as bound parameters: one statement
    per kind of viewer (``require_participant`` caches it), the ids bound per request."""
    if reach == "admin":
        return select(Participant.id)
    if reach == "specialist":
        return select(CaseloadAssignment.participant_id).where(
            CaseloadAssignment.specialist_id == bindparam("viewer_user_id", type_=Integer)
        )
    if reach == "participant":
        return select(Participant.id).where(
            Participant.id == bindparam("viewer_participant_id", type_=Integer)
        )
    return select(Participant.id).where(false())


@functools.lru_cache(maxsize=16)
def _participant_statement(reach: str, protected: bool) -> Select[tuple[Participant]]:
    """``require_participant``'s statement, scoped in the query: built, and its cache key made,
    once per kind of viewer (both cost more than running it on SQLite)."""
    query = select(Participant).where(
        Participant.id == bindparam("participant_id", type_=Integer),
        Participant.id.in_(_visible_ids_bound(reach)),
    )
    if protected:
        # One row each (uselist=False): joined into the participant's statement, not two more.
        query = query.options(joinedload(Participant.supervision), joinedload(Participant.record))
    return query


def _seen_this_read(
    session: AsyncSession,
) -> dict[tuple[Any, ...], tuple[Participant, bool]] | None:
    """The participants already found visible in this read-only transaction (a page asks
    several times for the one it shows; nothing in a read changes who may see whom), or None
    for a session that writes, whose every check reads again."""
    info = session.info
    if not info.get("read_only") or info.get("writing"):
        return None
    transaction = session.sync_session.get_transaction()
    if transaction is None:
        return None
    kept = info.get(_SEEN_KEY)
    if kept is None or kept[0] is not transaction:
        kept = info[_SEEN_KEY] = (transaction, {})
    return cast(dict[tuple[Any, ...], tuple[Participant, bool]], kept[1])


_SEEN_KEY = "participants_seen_this_read"


async def _count(session: AsyncSession, query: Select[Any]) -> int:
    counted = await read_columns(session, select(func.count()).select_from(query.subquery()))
    return counted.scalar() or 0


async def visible_participants(
    session: AsyncSession, viewer: Viewer, *, limit: int, offset: int
) -> tuple[list[tuple[int, str, str]], int]:
    """One page of (id, external_ref, name) of the participants the viewer may open, by
    external_ref, and how many there are."""
    ids = visible_participant_ids(viewer)
    total = await _count(session, ids)
    rows = await read_columns(
        session,
        select(Participant.id, Participant.external_ref, Participant.name)
        .where(Participant.id.in_(ids))
        .order_by(Participant.external_ref)
        .limit(limit)
        .offset(offset),
    )
    return [(i, r, open_selected(session, Participant.name, i, n)) for i, r, n in rows], total


async def visible_placements(
    session: AsyncSession, viewer: Viewer, *, limit: int, offset: int
) -> tuple[list[Placement], int]:
    """One page of the placements of the participants the viewer may open, and how many there
    are."""
    query = select(Placement).where(Placement.participant_id.in_(visible_participant_ids(viewer)))
    total = await _count(session, query)
    rows = await session.scalars(query.order_by(Placement.id).limit(limit).offset(offset))
    return list(rows), total


def postings_visible_to(viewer: Viewer) -> Select[tuple[Posting, str]]:
    """Postings, with their source's name, the viewer may read: staff every one, employers their
    own. Participants see their matched jobs instead (PermissionDenied)."""
    if viewer.role == "participant":
        raise PermissionDenied("participants see their matched jobs at /me/jobs")
    query = select(Posting, Source.name).join(Source, Source.id == Posting.source_id)
    if viewer.role == "employer":
        query = query.where(Posting.employer_id.in_(viewer.employer_ids or (-1,)))
    return query


async def visible_postings(
    session: AsyncSession, viewer: Viewer, *, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of the open postings the viewer may read, as posting documents, and how many
    there are."""
    query = postings_visible_to(viewer).where(Posting.status == "open")
    total = await _count(session, query.with_only_columns(Posting.id))
    rows = await read_columns(
        session,
        query.with_only_columns(*DOCUMENT_COLUMNS, Source.name.label("source_name"))
        .order_by(Posting.id)
        .limit(limit)
        .offset(offset),
    )
    return [posting_document(row, row.source_name) for row in rows], total


async def visible_posting(session: AsyncSession, viewer: Viewer, posting_id: int) -> dict[str, Any]:
    """One posting the viewer may read, as its document; NotFound otherwise."""
    row = (
        await session.execute(postings_visible_to(viewer).where(Posting.id == posting_id))
    ).first()
    if row is None:
        raise NotFound(f"no posting {posting_id}")
    return posting_document(row[0], row[1])


def employers_visible_to(viewer: Viewer, *, approved_only: bool = True) -> Select[tuple[Employer]]:
    """Employers the viewer may read: staff the approved ones (any, with ``approved_only``
    false), employers their own company whatever its status. Participants see employers
    through their matched jobs (PermissionDenied)."""
    if viewer.role == "participant":
        raise PermissionDenied("participants see employers through their matched jobs")
    if viewer.role == "employer":
        return select(Employer).where(Employer.id.in_(viewer.employer_ids or (-1,)))
    query = select(Employer)
    return query.where(Employer.status == "approved") if approved_only else query


# What a list of employers shows of each (the API's ``EmployerRead``): these columns, not whole
# rows.
LISTED_EMPLOYER_COLUMNS = (
    Employer.id,
    Employer.name,
    Employer.industry,
    Employer.website,
    Employer.fair_chance_verified,
    Employer.pledge_signed,
    Employer.hiring_policy,
)


async def visible_employers(
    session: AsyncSession, viewer: Viewer, *, limit: int, offset: int
) -> tuple[list[Any], int]:
    """One page of the employers the viewer may read, by name, as rows of
    ``LISTED_EMPLOYER_COLUMNS``, and how many there are."""
    query = employers_visible_to(viewer)
    total = await _count(session, query.with_only_columns(Employer.id))
    rows = await read_columns(
        session,
        query.with_only_columns(*LISTED_EMPLOYER_COLUMNS)
        .order_by(Employer.name)
        .limit(limit)
        .offset(offset),
    )
    return list(rows), total


async def visible_employer(session: AsyncSession, viewer: Viewer, employer_id: int) -> Employer:
    """One employer the viewer may read (staff: any); NotFound otherwise."""
    query = employers_visible_to(viewer, approved_only=False)
    row = await session.scalar(query.where(Employer.id == employer_id))
    if row is None:
        raise NotFound(f"no employer {employer_id}")
    return row


async def audit(
    session: AsyncSession,
    viewer: Viewer | None,
    action: str,
    subject_type: str,
    subject_id: object = "",
    *,
    participant_id: int | None = None,
    detail: dict[str, Any] | None = None,
    outcome: Outcome | None = None,
) -> None:
    """Append one audit event: who did what to which record (no secrets, no field values)."""
    actor = Actor(viewer.user_id, viewer.role) if viewer else Actor()
    await append_audit(
        session,
        actor,
        action,
        subject_type,
        subject_id,
        participant_id=participant_id,
        outcome=outcome or ("refused" if action in REFUSED_ACTIONS else "ok"),
        detail=detail,
    )
