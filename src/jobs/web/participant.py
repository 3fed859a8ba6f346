"""Participant pages (phone first, plain words, English and Spanish): my jobs, one job with
how to get there, "I'm interested", my profile, and the map of my jobs."""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Response, Template
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.clock import program_today
from jobs.services import audit as audit_log
from jobs.services import my_matches, outbox
from jobs.services.review import shift_kind
from jobs.services.transit_map import transit_lines
from jobs.services.trip_directions import match_directions
from jobs.web.access import allow, current_viewer
from jobs.web.i18n import translations
from jobs.web.ids import Id
from jobs.web.job_card import fit_words, hourly_pay, job_card
from jobs.web.render import language_of, page, see_other
from jobs.web.svg import matches_map, trip_picture

AnyRequest = Request[Any, Any, Any]


@get("/me/jobs")
async def my_jobs_page(request: AnyRequest, db_session: NamedDependency[AsyncSession]) -> Template:
    """My matched jobs."""
    jobs = await my_matches.my_matches(db_session, current_viewer(request))
    return page(
        request, "participant/jobs.html", jobs=jobs, shift_kind=shift_kind, job_card=job_card
    )


@get("/me/jobs/{posting_id:int}")
async def my_job_page(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], posting_id: FromPath[Id]
) -> Template:
    """One job: where, when, how long by bus and how, pay, what is needed."""
    viewer = current_viewer(request)
    participant, curfew = await my_matches.me_at_home_with_curfew(db_session, viewer)
    job, sites = await my_matches.my_match_and_sites(db_session, viewer, posting_id, participant)
    directions = await match_directions(
        db_session, request.app.state.runtime, participant, posting_id,
        known=job, locations=sites, curfew=curfew,
    )  # fmt: skip
    picture = None
    if directions is not None and len(directions.points) > 2:
        words = translations(language_of(request)).gettext("The trip to %(job)s")
        picture = trip_picture(directions.points, title=words % {"job": job.title})
    return page(
        request, "participant/job.html", job=job, directions=directions, picture=picture,
        fit_words=fit_words, hourly_pay=hourly_pay,
    )  # fmt: skip


@post("/me/jobs/{posting_id:int}/interest")
async def interested(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], posting_id: FromPath[Id]
) -> Response[Any]:
    """Tell my specialist I'm interested."""
    today = program_today(request.app.state.settings.clock.zone)
    await my_matches.say_interested(db_session, current_viewer(request), posting_id, today)
    return see_other(f"/me/jobs/{posting_id}?done=interested")


@post("/me/jobs/{posting_id:int}/interest/undo")
async def not_interested(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], posting_id: FromPath[Id]
) -> Response[Any]:
    """Take back "I'm interested" (until the specialist has referred me)."""
    await my_matches.take_back_interest(db_session, current_viewer(request), posting_id)
    return see_other(f"/me/jobs/{posting_id}")


@get("/me/profile")
async def my_profile_page(
    request: AnyRequest, db_session: NamedDependency[AsyncSession]
) -> Template:
    """My profile."""
    participant = await my_matches.me(db_session, current_viewer(request))
    return page(
        request,
        "participant/profile.html",
        person=participant,
        values=_values(participant),
        contact=await outbox.contact_of(db_session, participant.id),
    )


def _values(participant: Any) -> dict[str, Any]:
    return {
        "skills": "\n".join(participant.skills),
        "desired_titles": "\n".join(participant.desired_titles),
        "max_commute_minutes": participant.max_commute_minutes,
    }


@post("/me/profile")
async def my_profile_save(
    request: AnyRequest, db_session: NamedDependency[AsyncSession]
) -> Response[Any]:
    """Save what I may change myself."""
    viewer = current_viewer(request)
    form = await request.form()
    problems = await my_matches.update_my_profile(db_session, viewer, form)
    if problems:
        await db_session.rollback()
        participant = await my_matches.me(db_session, viewer)
        return page(
            request,
            "participant/profile.html",
            status_code=400,
            person=participant,
            values={k: form.get(k) for k in form},
            errors=problems,
            contact=await outbox.contact_of(db_session, participant.id),
        )
    return see_other("/me/profile?done=saved")


@post("/me/contact")
async def my_contact_save(
    request: AnyRequest, db_session: NamedDependency[AsyncSession]
) -> Response[Any]:
    """Turn texts and email from the program on or off."""
    viewer = current_viewer(request)
    participant = await my_matches.me(db_session, viewer)
    form = await request.form()
    channels = [str(value) for value in form.getall("channels", [])][:2]
    actor = audit_log.Actor(user_id=viewer.user_id, role=viewer.role)
    await outbox.set_my_channels(db_session, participant.id, channels, actor=actor)
    return see_other("/me/profile?done=contact")


@get("/me/map.svg", media_type="image/svg+xml")
async def my_map(request: AnyRequest, db_session: NamedDependency[AsyncSession]) -> Response[str]:
    """My home and my jobs on a small map."""
    viewer = current_viewer(request)
    participant = await my_matches.me_at_home(db_session, viewer)
    sites = await my_matches.my_match_places(db_session, viewer, participant, limit=15)
    home = None
    if participant.home_lat is not None and participant.home_lon is not None:
        home = (participant.home_lat, participant.home_lon)
    return Response(
        matches_map(
            home,
            sites,
            title=translations(language_of(request)).gettext("My jobs around my home"),
            transit=await transit_lines(request.app.state.runtime),
        ),
        media_type="image/svg+xml",
        headers={"Cache-Control": "no-store"},
    )


participant_router = Router(
    path="/",
    guards=[allow("participant")],
    route_handlers=[
        my_jobs_page,
        my_job_page,
        interested,
        not_interested,
        my_profile_page,
        my_profile_save,
        my_contact_save,
        my_map,
    ],
    include_in_schema=False,
)
