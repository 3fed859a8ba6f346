"""The participant's own pages: matched jobs in plain words, "I'm interested", my profile."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import bindparam, case, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import Conflict, NotFound, PermissionDenied
from jobs.matching.reasons import TIERS
from jobs.services.applications import add_step
from jobs.services.review import MatchView, _match_rows_query, _place, _row_views
from jobs.services.visibility import audit
from jobs.services.web_sessions import Viewer
from jobs.store import Interest, Match, Participant, Posting, Referral, Supervision
from jobs.store.base import utcnow
from jobs.store.column_reads import read_columns
from jobs.store.encryption import open_selected

SHOWN_TIERS = TIERS[:2]  # eligible and needs approval; never the excluded


async def me(session: AsyncSession, viewer: Viewer) -> Participant:
    """The participant record of a participant account."""
    if viewer.role != "participant" or viewer.participant_id is None:
        raise PermissionDenied("these pages are for participants")
    participant = await session.get(Participant, viewer.participant_id)
    if participant is None:
        raise NotFound("your profile is not in the portal yet: ask your specialist")
    await audit(
        session,
        viewer,
        "read_own_profile",
        "participant",
        participant.id,
        participant_id=participant.id,
    )
    return participant


# Where I live, for the pages that read nothing else of my record.
_MY_HOME = select(Participant.id, Participant.home_lat, Participant.home_lon).where(
    Participant.id == bindparam("participant_id")
)


# The same, with the curfew my job's directions plan the way home by (one row at most: the
# supervision terms are keyed by the participant).
_MY_HOME_AND_CURFEW = _MY_HOME.add_columns(Supervision.curfew_start).outerjoin(
    Supervision, Supervision.participant_id == Participant.id
)


async def me_at_home(session: AsyncSession, viewer: Viewer) -> Participant:
    """``me`` for the pages that read only my record's id and home (my jobs, one job, my
    map): those three columns, in a record not loaded from the session (its sealed name and
    address are not read, and it is never saved); checked and audited as ``me``."""
    row = await _my_home_row(session, viewer, _MY_HOME)
    return Participant(id=row.id, home_lat=row.home_lat, home_lon=row.home_lon)


async def me_at_home_with_curfew(
    session: AsyncSession, viewer: Viewer
) -> tuple[Participant, str | None]:
    """``me_at_home`` and my curfew's start ("HH:MM", None without one), in one statement:
    my job's page plans the last way home by it. Only the curfew of my supervision terms is
    opened; the others stay sealed."""
    row = await _my_home_row(session, viewer, _MY_HOME_AND_CURFEW)
    curfew = open_selected(session, Supervision.curfew_start, row.id, row.curfew_start)
    return Participant(id=row.id, home_lat=row.home_lat, home_lon=row.home_lon), curfew or None


async def _my_home_row(session: AsyncSession, viewer: Viewer, statement: Any) -> Any:
    if viewer.role != "participant" or viewer.participant_id is None:
        raise PermissionDenied("these pages are for participants")
    params = {"participant_id": viewer.participant_id}
    row = (await read_columns(session, statement, params)).first()
    if row is None:
        raise NotFound("your profile is not in the portal yet: ask your specialist")
    await audit(session, viewer, "read_own_profile", "participant", row.id, participant_id=row.id)
    return row


async def my_matches(session: AsyncSession, viewer: Viewer, limit: int = 30) -> list[MatchView]:
    """My matched jobs, best first: eligible, then those that need my officer's approval."""
    participant = await me_at_home(session, viewer)
    rows = list(
        await read_columns(session, _MY_MATCHES, {"participant_id": participant.id, "limit": limit})
    )
    views = await _row_views(session, participant, rows, trips=False)
    views.sort(key=lambda v: (SHOWN_TIERS.index(v.tier), -v.score))
    await _audit_read_own_matches(session, viewer, participant)
    return views


async def _audit_read_own_matches(
    session: AsyncSession, viewer: Viewer, participant: Participant
) -> None:
    await audit(
        session,
        viewer,
        "read_own_matches",
        "participant",
        participant.id,
        participant_id=participant.id,
    )


# The statements of these pages, built once (their parameters bound at each run): building and
# keying a statement of this size costs a participant's page about half a millisecond.
_MY_MATCHES = (
    _match_rows_query(bindparam("participant_id"))
    .where(Match.tier.in_(SHOWN_TIERS), Match.review_status != "dismissed")
    .order_by(case((Match.tier == "eligible", 0), else_=1), Match.score.desc(), Match.id)
    .limit(bindparam("limit"))
)
_MY_MATCH_PLACES = _MY_MATCHES.with_only_columns(
    Match.tier, Match.transit, Posting.title, Posting.employer_name, Posting.locations
)
_MY_MATCH = _match_rows_query(bindparam("participant_id")).where(
    Match.posting_id == bindparam("posting_id"), Match.tier.in_(SHOWN_TIERS)
)


async def my_match_places(
    session: AsyncSession, viewer: Viewer, participant: Participant, limit: int = 30
) -> list[tuple[float, float, str, str]]:
    """Where my matched jobs are (lat, lon, "title, employer", tier), best first, for the map:
    the jobs of ``my_matches`` without what only their cards show (reasons, readings, trips).
    ``participant``: my record (``me``)."""
    if participant.id != viewer.participant_id:
        participant = await me_at_home(session, viewer)
    rows = await read_columns(
        session, _MY_MATCH_PLACES, {"participant_id": participant.id, "limit": limit}
    )
    places = []
    for tier, transit, title, employer, locations in rows:
        _, lat, lon = _place(locations, transit or {})
        if lat is not None and lon is not None:
            places.append((lat, lon, f"{title}, {employer}" if employer else title, tier))
    await _audit_read_own_matches(session, viewer, participant)
    return places


async def my_match(
    session: AsyncSession, viewer: Viewer, posting_id: int, participant: Participant | None = None
) -> MatchView:
    """One of my matched jobs (``participant``: my record, when the caller has read it)."""
    view, _ = await my_match_and_sites(session, viewer, posting_id, participant)
    return view


async def my_match_and_sites(
    session: AsyncSession, viewer: Viewer, posting_id: int, participant: Participant | None = None
) -> tuple[MatchView, list[dict[str, Any]] | None]:
    """``my_match``, with the posting's stored locations (for its directions, unread again)."""
    if participant is None or participant.id != viewer.participant_id:
        participant = await me_at_home(session, viewer)
    rows = list(
        await read_columns(
            session, _MY_MATCH, {"participant_id": participant.id, "posting_id": posting_id}
        )
    )
    if not rows:
        raise NotFound("this job is not in your list")
    await audit(
        session, viewer, "read_own_match", "posting", posting_id, participant_id=participant.id
    )
    return (await _row_views(session, participant, rows, trips=False))[0], rows[0].locations


async def say_interested(
    session: AsyncSession, viewer: Viewer, posting_id: int, today: date
) -> None:
    """Tell my specialist I'm interested in this job (once); ``today`` dates the step."""
    participant = await me(session, viewer)
    exists = await session.scalar(
        select(Match.id).where(
            Match.participant_id == participant.id,
            Match.posting_id == posting_id,
            Match.tier.in_(SHOWN_TIERS),
        )
    )
    if exists is None:
        raise NotFound("this job is not in your list")
    if await session.get(Interest, (participant.id, posting_id)) is None:
        session.add(
            Interest(participant_id=participant.id, posting_id=posting_id, created_at=utcnow())
        )
        await add_step(session, participant.id, posting_id, "interested", today, viewer.user_id)
        await audit(
            session, viewer, "interested", "posting", posting_id, participant_id=participant.id
        )


async def take_back_interest(session: AsyncSession, viewer: Viewer, posting_id: int) -> None:
    """Take back my "interested" in a job, until my specialist has referred me to it."""
    participant = await me(session, viewer)
    interest = await session.get(Interest, (participant.id, posting_id))
    if interest is None:
        raise NotFound("you have not said you are interested in this job")
    referred = await session.scalar(
        select(Referral.id).where(
            Referral.participant_id == participant.id, Referral.posting_id == posting_id
        )
    )
    if referred is not None:
        raise Conflict("your specialist has already sent you to this job: ask them to stop it")
    await session.delete(interest)
    await audit(
        session, viewer, "interest_taken_back", "posting", posting_id, participant_id=participant.id
    )


def _lines(text: str) -> list[str]:
    return [line.strip()[:200] for line in text.splitlines() if line.strip()][:50]


async def update_my_profile(session: AsyncSession, viewer: Viewer, data: Any) -> dict[str, str]:
    """What a participant may change themselves: skills, wished-for jobs, longest ride."""
    participant = await me(session, viewer)
    problems: dict[str, str] = {}
    raw = str(data.get("max_commute_minutes", "")).strip()
    try:
        minutes = int(raw)
        if not 5 <= minutes <= 240:
            raise ValueError
    except ValueError:
        problems["max_commute_minutes"] = "commute"
        minutes = participant.max_commute_minutes
    if problems:
        return problems
    participant.skills = _lines(str(data.get("skills", "")))
    participant.desired_titles = _lines(str(data.get("desired_titles", "")))
    participant.max_commute_minutes = minutes
    await audit(
        session,
        viewer,
        "participant_updated_self",
        "participant",
        participant.id,
        participant_id=participant.id,
    )
    return {}
