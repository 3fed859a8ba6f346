"""The specialist's caseload: the dashboard, intake of a new participant, editing a profile,
and the admin's work of creating accounts, approving employers and assigning caseloads.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from jobs.outcomes import CheckpointRecord, PlacementRecord, checkpoint_label, needs_check_in
from jobs.participant_format import ParticipantIn, _check_meaning, _readable
from jobs.services.accounts import add_user
from jobs.services.participants import import_participants, to_participant_format
from jobs.services.visibility import audit, require_participant, visible_participant_ids
from jobs.services.web_sessions import Viewer, end_all_sessions
from jobs.store import (
    CaseloadAssignment,
    Checkpoint,
    Employer,
    EmployerMember,
    Interest,
    Match,
    Participant,
    Placement,
    Referral,
    User,
)

CHECK_HORIZON_DAYS = 30  # the dashboard shows checks overdue or due within this many days


class DueCheck(msgspec.Struct, kw_only=True):
    """A placement check on the dashboard: what, for which job, when, and how late."""

    label: str
    job_title: str
    due_on: date
    days_overdue: int = 0


class CaseloadRow(msgspec.Struct, kw_only=True):
    """One participant on the dashboard."""

    id: int
    external_ref: str
    name: str
    new_eligible: int = 0
    new_needs_approval: int = 0
    interested: int = 0
    referrals_open: int = 0
    checkpoints_due: list[DueCheck] = []


async def dashboard(session: AsyncSession, viewer: Viewer, today: date) -> list[CaseloadRow]:
    """Each visible participant with new matches, pending approvals and upcoming checkpoints."""
    if not viewer.is_staff:
        raise PermissionDenied("the caseload is for program staff")
    ids = visible_participant_ids(viewer)
    people = list(
        await session.execute(
            select(Participant.id, Participant.external_ref, Participant.name)
            .where(Participant.id.in_(ids))
            .order_by(Participant.name)
        )
    )
    rows = {pid: CaseloadRow(id=pid, external_ref=ref, name=name) for pid, ref, name in people}
    if not rows:
        return []
    counts = await session.execute(
        select(Match.participant_id, Match.tier, func.count())
        .where(Match.participant_id.in_(ids), Match.review_status == "new")
        .group_by(Match.participant_id, Match.tier)
    )
    for pid, tier, count in counts:
        if pid in rows and tier == "eligible":
            rows[pid].new_eligible = count
        elif pid in rows and tier == "needs_approval":
            rows[pid].new_needs_approval = count
    for pid, count in await session.execute(
        select(Interest.participant_id, func.count())
        .where(Interest.participant_id.in_(ids))
        .group_by(Interest.participant_id)
    ):
        rows[pid].interested = count
    for pid, count in await session.execute(
        select(Referral.participant_id, func.count())
        .where(
            Referral.participant_id.in_(ids),
            Referral.status.in_(("referred", "interviewing", "offered")),
        )
        .group_by(Referral.participant_id)
    ):
        rows[pid].referrals_open = count
    for pid, kind, due, title, start, separated in await session.execute(
        select(
            Placement.participant_id,
            Checkpoint.kind,
            Checkpoint.due_on,
            Placement.job_title,
            Placement.start_date,
            Placement.separated_on,
        )
        .join(Checkpoint, Checkpoint.placement_id == Placement.id)
        .where(
            Placement.participant_id.in_(ids),
            Checkpoint.status == "due",
            Checkpoint.due_on <= today + timedelta(days=CHECK_HORIZON_DAYS),
        )
        .order_by(Checkpoint.due_on, Checkpoint.id)
    ):
        check = CheckpointRecord(kind=kind, due_on=due, status="due")
        job = PlacementRecord(
            id=0,
            participant_id=pid,
            employer_id=0,
            start_date=start,
            hourly_wage=0,
            hours_per_week=1,
            separated_on=separated,
        )
        if needs_check_in(check, job):  # a job that ended before the check needs no call
            rows[pid].checkpoints_due.append(
                DueCheck(
                    label=checkpoint_label(kind),
                    job_title=title,
                    due_on=due,
                    days_overdue=max(0, (today - due).days),
                )
            )
    await audit(session, viewer, "read_caseload", "caseload", viewer.user_id)
    return list(rows.values())


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _bool(data: Any, name: str) -> bool:
    return str(data.get(name, "")) in ("1", "on", "true")


def _getall(data: Any, name: str) -> list[str]:
    if hasattr(data, "getall"):
        return [str(v) for v in data.getall(name)] if name in data else []
    value = data.get(name, [])
    return [str(v) for v in (value if isinstance(value, list) else [value])]


def document_from_form(data: Any, external_ref: str) -> dict[str, Any]:
    """DESIGN's participant document from the profile form (lists one item per line)."""

    def num(name: str) -> Any:
        raw = str(data.get(name, "")).strip()
        if not raw:
            return None
        try:
            return float(raw)
        except ValueError:
            return raw  # the schema check names the field

    def history() -> list[dict[str, Any]]:
        items = []
        for line in _lines(str(data.get("work_history", ""))):
            title, _, years = line.rpartition(",")
            try:
                items.append({"title": title.strip() or line, "years": float(years)})
            except ValueError:
                items.append({"title": line, "years": 0.0})
        return items

    def availability() -> list[dict[str, Any]]:
        items = []
        for line in _lines(str(data.get("availability", ""))):
            # "mon tue wed 07:00-15:00"
            parts = line.replace(",", " ").split()
            times = parts[-1] if parts else ""
            start, _, end = times.partition("-")
            items.append({"days": [p.lower()[:3] for p in parts[:-1]], "start": start, "end": end})
        return items

    def sites() -> list[dict[str, Any]]:
        items = []
        for line in _lines(str(data.get("restricted_sites", ""))):
            # "label; lat, lon; radius_m"
            parts = [p.strip() for p in line.split(";")]
            lat, _, lon = (parts[1] if len(parts) > 1 else "").partition(",")
            items.append(
                {
                    "label": parts[0],
                    "lat": _float_or_text(lat),
                    "lon": _float_or_text(lon),
                    "radius_m": _float_or_text(parts[2] if len(parts) > 2 else ""),
                }
            )
        return items

    def obligations() -> list[dict[str, Any]]:
        items = []
        for line in _lines(str(data.get("obligations", ""))):
            # "label; thu; 18:00-20:00"
            parts = [p.strip() for p in line.split(";")]
            start, _, end = (parts[2] if len(parts) > 2 else "").partition("-")
            days = (parts[1] if len(parts) > 1 else "").replace(",", " ").split()
            items.append(
                {
                    "label": parts[0],
                    "days": [d.lower()[:3] for d in days],
                    "start": start,
                    "end": end,
                }
            )
        return items

    curfew_start = str(data.get("curfew_start", "")).strip()
    curfew_end = str(data.get("curfew_end", "")).strip()
    lat, lon = num("home_lat"), num("home_lon")
    commute = num("max_commute_minutes")
    document = {
        "external_ref": external_ref,
        "name": str(data.get("name", "")).strip(),
        "home": {
            "address": str(data.get("home_address", "")).strip(),
            "postal_code": str(data.get("home_postal_code", "")).strip(),
            "lat": lat,
            "lon": lon,
        },
        "skills": _lines(str(data.get("skills", ""))),
        "credentials": _lines(str(data.get("credentials", ""))),
        "work_history": history(),
        "desired_titles": _lines(str(data.get("desired_titles", ""))),
        "drivers_license": _bool(data, "drivers_license"),
        "has_vehicle": _bool(data, "has_vehicle"),
        "max_commute_minutes": int(commute) if isinstance(commute, float) else (commute or 60),
        "min_hourly_wage": num("min_hourly_wage"),
        "availability": availability(),
        "supervision": {
            "agency": str(data.get("agency", "none")),
            "approved_states": [
                s.upper() for s in _lines(str(data.get("approved_states", "")).replace(",", "\n"))
            ],
            "approved_counties": _lines(str(data.get("approved_counties", "")).replace(",", "\n")),
            "curfew": {"start": curfew_start, "end": curfew_end}
            if curfew_start or curfew_end
            else None,
            "electronic_monitoring": _bool(data, "electronic_monitoring"),
            "conditions": _getall(data, "conditions"),
            "restricted_occupations": _lines(str(data.get("restricted_occupations", ""))),
            "restricted_sites": sites(),
            "obligations": obligations(),
        },
        "record": {
            "felony": _bool(data, "felony"),
            "offense_categories": _getall(data, "offense_categories"),
            "conviction_date": str(data.get("conviction_date", "")).strip() or None,
            "release_date": str(data.get("release_date", "")).strip() or None,
            "registrant": _bool(data, "registrant"),
        },
    }
    return document


def _float_or_text(raw: str) -> Any:
    try:
        return float(raw)
    except ValueError:
        return raw.strip()


# The form field each document path is shown next to.
_FIELD_OF = {
    "home.lat": "home_lat",
    "home.lon": "home_lon",
    "home": "home_lat",
    "home.postal_code": "home_postal_code",
    "home.address": "home_address",
    "supervision.curfew": "curfew_start",
    "supervision.approved_states": "approved_states",
    "supervision.approved_counties": "approved_counties",
    "supervision.restricted_sites": "restricted_sites",
    "supervision.obligations": "obligations",
    "supervision.restricted_occupations": "restricted_occupations",
    "supervision.conditions": "conditions",
    "supervision.agency": "agency",
    "record.conviction_date": "conviction_date",
    "record.release_date": "release_date",
    "record.offense_categories": "offense_categories",
}


def _field_for(path: str) -> str:
    base = path.split("[")[0]
    for key in sorted(_FIELD_OF, key=len, reverse=True):
        if path.startswith(key) or base == key:
            return _FIELD_OF[key]
    return base.split(".")[0]


def check_document(document: dict[str, Any]) -> tuple[ParticipantIn | None, dict[str, str]]:
    """Validate a participant document; problems keyed by the form field they belong to."""
    try:
        item = msgspec.convert(document, ParticipantIn)
    except msgspec.ValidationError as exc:
        text = _readable(str(exc))
        path, _, message = text.partition(": ")
        return None, {_field_for(path): message[:1].upper() + message[1:] + "."}
    problems: dict[str, str] = {}
    for problem in _check_meaning(item):
        path, _, message = problem.partition(": ")
        problems[_field_for(path)] = message[:1].upper() + message[1:] + "."
    return (None, problems) if problems else (item, {})


async def intake(
    session: AsyncSession, viewer: Viewer, data: Any
) -> tuple[int | None, dict[str, str]]:
    """A new participant from the intake form, put on the specialist's caseload."""
    if not viewer.is_staff:
        raise PermissionDenied("intake is for program staff")
    ref = str(data.get("external_ref", "")).strip()
    document = document_from_form(data, ref)
    item, problems = check_document(document)
    if item is None:
        return None, problems
    if await session.scalar(select(Participant.id).where(Participant.external_ref == ref)):
        return None, {"external_ref": "A participant with this reference exists already."}
    await import_participants(session, [item])
    participant_id = await session.scalar(
        select(Participant.id).where(Participant.external_ref == ref)
    )
    if viewer.role == "specialist":
        session.add(CaseloadAssignment(specialist_id=viewer.user_id, participant_id=participant_id))
    await audit(
        session,
        viewer,
        "participant_created",
        "participant",
        participant_id,
        participant_id=participant_id,
    )
    return participant_id, {}


async def profile(session: AsyncSession, viewer: Viewer, participant_id: int) -> Participant:
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
    session: AsyncSession, viewer: Viewer, participant_id: int, data: Any
) -> dict[str, str]:
    """Save the profile form; problems by field (nothing is saved when there are any)."""
    if not viewer.is_staff:
        raise PermissionDenied("profiles are edited by program staff")
    participant = await require_participant(session, viewer, participant_id)
    document = document_from_form(data, participant.external_ref)
    item, problems = check_document(document)
    if item is None:
        return problems
    await import_participants(session, [item])
    await audit(
        session,
        viewer,
        "participant_updated",
        "participant",
        participant.id,
        participant_id=participant.id,
    )
    return {}


def form_values(participant: Participant) -> dict[str, Any]:
    """The profile form filled from a stored participant."""
    item = to_participant_format(participant)
    sup, rec = item.supervision, item.record
    return {
        "external_ref": item.external_ref,
        "name": item.name,
        "home_address": item.home.address,
        "home_postal_code": item.home.postal_code,
        "home_lat": "" if item.home.lat is None else item.home.lat,
        "home_lon": "" if item.home.lon is None else item.home.lon,
        "skills": "\n".join(item.skills),
        "credentials": "\n".join(item.credentials),
        "work_history": "\n".join(f"{w.title}, {w.years:g}" for w in item.work_history),
        "desired_titles": "\n".join(item.desired_titles),
        "drivers_license": item.drivers_license,
        "has_vehicle": item.has_vehicle,
        "max_commute_minutes": item.max_commute_minutes,
        "min_hourly_wage": "" if item.min_hourly_wage is None else item.min_hourly_wage,
        "availability": "\n".join(
            f"{' '.join(a.days)} {a.start}-{a.end}" for a in item.availability
        ),
        "agency": sup.agency,
        "approved_states": ", ".join(sup.approved_states),
        "approved_counties": ", ".join(sup.approved_counties),
        "curfew_start": sup.curfew.start if sup.curfew else "",
        "curfew_end": sup.curfew.end if sup.curfew else "",
        "electronic_monitoring": sup.electronic_monitoring,
        "conditions": list(sup.conditions),
        "restricted_occupations": "\n".join(sup.restricted_occupations),
        "restricted_sites": "\n".join(
            f"{s.label}; {s.lat}, {s.lon}; {s.radius_m:g}" for s in sup.restricted_sites
        ),
        "obligations": "\n".join(
            f"{o.label}; {' '.join(o.days)}; {o.start}-{o.end}" for o in sup.obligations
        ),
        "felony": rec.felony,
        "offense_categories": list(rec.offense_categories),
        "conviction_date": rec.conviction_date.isoformat() if rec.conviction_date else "",
        "release_date": rec.release_date.isoformat() if rec.release_date else "",
        "registrant": rec.registrant,
    }


# --- admin -----------------------------------------------------------------------------------


def _admin_only(viewer: Viewer) -> None:
    if viewer.role != "admin":
        raise PermissionDenied("only administrators do this")


async def admin_overview(session: AsyncSession, viewer: Viewer) -> dict[str, Any]:
    """Accounts, employers waiting for approval, and who carries which participant."""
    _admin_only(viewer)
    users = list(await session.scalars(select(User).order_by(User.role, User.email)))
    pending = list(
        await session.scalars(
            select(Employer).where(Employer.status == "pending").order_by(Employer.name)
        )
    )
    specialists = [u for u in users if u.role == "specialist"]
    participants = list(
        await session.execute(
            select(Participant.id, Participant.external_ref, Participant.name).order_by(
                Participant.external_ref
            )
        )
    )
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
        "specialists": specialists,
        "participants": participants,
        "employers": employers,
    }


async def admin_create_account(session: AsyncSession, viewer: Viewer, data: Any) -> dict[str, str]:
    """Create a specialist, employer or admin account (employers joined to a company)."""
    _admin_only(viewer)
    role = str(data.get("role", ""))
    if role not in ("specialist", "employer", "admin"):
        return {"role": "Choose specialist, employer or admin."}
    employer_id = None
    if role == "employer":
        try:
            employer_id = int(str(data.get("employer_id", "")))
        except ValueError:
            return {"employer_id": "Choose the company this person works for."}
        if await session.get(Employer, employer_id) is None:
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
    await audit(session, viewer, "account_disabled", "user", user_id)
