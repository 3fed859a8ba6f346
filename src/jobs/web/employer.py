"""Employer pages: the dashboard (jobs and referred candidates), company profile with hiring
rules, posting and editing a job, and marking interview, offer and hire."""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, get, post
from litestar.background_tasks import BackgroundTask
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Response, Template
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.clock import program_today
from jobs.days import DAY_NAMES
from jobs.errors import NotFound
from jobs.matching.pay import pay_text
from jobs.services import employer_postings, referrals
from jobs.services.follow_up import hire_for_employer
from jobs.store.portal import RECORD_CHECK_TIMES
from jobs.web.access import allow, current_viewer
from jobs.web.ids import Id
from jobs.web.interviews import reach_of_candidate
from jobs.web.matching_queue import queue_of
from jobs.web.render import page, see_other

AnyRequest = Request[Any, Any, Any]
RECORD_CHECK_WORDS = {
    "not_stated": "Not stated",
    "never": "We do not check records",
    "after_offer": "Only after a conditional offer",
    "after_interview": "After the interview",
    "before_interview": "Before the interview",
}


@get("/employer")
async def employer_home(request: AnyRequest, db_session: NamedDependency[AsyncSession]) -> Template:
    """Your jobs and the candidates referred to them (or the approval notice)."""
    viewer = current_viewer(request)
    employer, _ = await employer_postings.own_employer(db_session, viewer)
    if not viewer.employer_approved:
        return page(request, "employer/pending.html", employer=employer)
    jobs = await employer_postings.employer_postings(db_session, viewer)
    # The list shows names only: no protected field is copied for it.
    participants = await referrals.candidates(db_session, viewer, with_shared=False)
    return page(
        request,
        "employer/home.html",
        employer=employer,
        jobs=jobs,
        candidates=participants,
        pay_text=pay_text,
    )


@get("/employer/profile")
async def profile_page(request: AnyRequest, db_session: NamedDependency[AsyncSession]) -> Template:
    """The company profile and hiring policy."""
    employer, rules = await employer_postings.own_employer(db_session, current_viewer(request))
    return page(
        request,
        "employer/profile.html",
        employer=employer,
        values=_profile_values(employer, rules),
        record_checks=[(k, RECORD_CHECK_WORDS[k]) for k in RECORD_CHECK_TIMES],
    )


def _profile_values(employer: Any, rules: Any) -> dict[str, Any]:
    return {
        "name": employer.name,
        "website": employer.website,
        "address_text": employer.address_text,
        "contact_name": employer.contact_name,
        "hiring_policy": employer.hiring_policy,
        "pledge_signed": employer.pledge_signed,
        "record_check": rules.record_check,
        "barred_roles": rules.barred_roles,
    }


@post("/employer/profile")
async def profile_save(
    request: AnyRequest, db_session: NamedDependency[AsyncSession]
) -> Response[Any]:
    """Save the company profile."""
    viewer = current_viewer(request)
    form = await request.form()
    data = {k: str(form.get(k, "")) for k in form}
    problems = await employer_postings.update_own_employer(db_session, viewer, data)
    if problems:
        await db_session.rollback()
        employer, _ = await employer_postings.own_employer(db_session, viewer)
        values: dict[str, object] = {
            **data,
            "pledge_signed": data.get("pledge_signed") in ("1", "on"),
        }
        return page(
            request,
            "employer/profile.html",
            status_code=400,
            employer=employer,
            values=values,
            errors=problems,
            record_checks=[(k, RECORD_CHECK_WORDS[k]) for k in RECORD_CHECK_TIMES],
        )
    return see_other("/employer/profile?done=saved")


@get("/employer/jobs/new")
async def job_new_page(request: AnyRequest) -> Template:
    """The form for a new job."""
    return page(
        request,
        "employer/job_form.html",
        day_names=DAY_NAMES,
        job_id=None,
        values=employer_postings.PostingForm(),
    )


@post("/employer/jobs")
async def job_create(
    request: AnyRequest, db_session: NamedDependency[AsyncSession]
) -> Response[Any]:
    """Post a new job through the same upsert as synced postings."""
    return await _save(request, db_session, None)


@get("/employer/jobs/{posting_id:int}/edit")
async def job_edit_page(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], posting_id: FromPath[Id]
) -> Template:
    """The form of one of your jobs, filled in."""
    posting = await employer_postings.posted_job(db_session, current_viewer(request), posting_id)
    return page(
        request,
        "employer/job_form.html",
        day_names=DAY_NAMES,
        job_id=posting.id,
        values=employer_postings.posting_form_of(posting),
    )


@post("/employer/jobs/{posting_id:int}")
async def job_update(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], posting_id: FromPath[Id]
) -> Response[Any]:
    """Save changes to one of your jobs."""
    return await _save(request, db_session, posting_id)


@post("/employer/jobs/{posting_id:int}/close")
async def job_close(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], posting_id: FromPath[Id]
) -> Response[Any]:
    """Take a job down."""
    await employer_postings.close_posting(db_session, current_viewer(request), posting_id)
    return see_other("/employer?done=closed")


async def _save(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], posting_id: int | None
) -> Response[Any]:
    form = employer_postings.posting_form_from(await request.form())
    runtime = request.app.state.runtime
    # With a task queue (PostgreSQL) the workers place, read and re-match the job; on SQLite
    # it happens here, in the request.
    queued: list[int] | None = [] if runtime.settings.queue.backend == "procrastinate" else None
    saved, problems = await employer_postings.save_posting(
        db_session, runtime, current_viewer(request), form, posting_id=posting_id, queued=queued
    )
    if problems:
        await db_session.rollback()
        return page(
            request,
            "employer/job_form.html",
            day_names=DAY_NAMES,
            status_code=400,
            job_id=posting_id,
            values=form,
            errors=problems,
        )
    response = see_other(
        f"/employer?done={'posted' if posting_id is None else 'saved'}#job-{saved}"
    )
    if queued:
        # Queued once the response (whose transaction commits first) is sent.
        response.background = BackgroundTask(queue_of(request).postings_changed, queued)
    return response


HIRE_FIELDS = ("start_date", "hourly_wage", "hours_per_week", "shift", "offered_on")


async def _candidate(
    request: AnyRequest,
    db_session: AsyncSession,
    referral_id: int,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    **extra: Any,
) -> Template:
    viewer = current_viewer(request)
    found = await referrals.candidates(db_session, viewer, referral_id=referral_id)
    if not found:
        raise NotFound(f"no candidate {referral_id} for your company")
    today = program_today(request.app.state.settings.clock.zone)
    hire = await hire_for_employer(db_session, viewer, referral_id, today)
    return page(
        request,
        "employer/candidate.html",
        status_code=status_code,
        candidate=found[0],
        shareable=referrals.SHAREABLE,
        hire=hire,
        today=today,
        errors=errors or {},
        values=values or {},
        **{**(await reach_of_candidate(request, db_session, referral_id)), **extra},
    )


@get("/employer/candidates/{referral_id:int}")
async def candidate_page(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], referral_id: FromPath[Id]
) -> Template:
    """One referred candidate: the profile and only the fields their consent names; once
    hired, the hire with the incentive deadlines the consent lets us show."""
    return await _candidate(request, db_session, referral_id)


@post("/employer/candidates/{referral_id:int}/status")
async def candidate_status(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], referral_id: FromPath[Id]
) -> Response[Any]:
    """Mark interview, offer or decline; or record the hire (first day, wage, hours)."""
    form = await request.form()
    viewer = current_viewer(request)
    status = str(form.get("status", ""))
    today = program_today(request.app.state.settings.clock.zone)
    if status == "hired":
        values = {name: str(form.get(name, "")) for name in HIRE_FIELDS}
        problems = await employer_postings.record_employer_hire(
            db_session, viewer, referral_id, values, today
        )
        if problems:
            await db_session.rollback()
            return await _candidate(
                request, db_session, referral_id, status_code=400, errors=problems, values=values
            )
        return see_other(f"/employer/candidates/{referral_id}?done=hired#hire")
    await referrals.set_referral_status(
        db_session,
        viewer,
        referral_id,
        status,
        program_today(request.app.state.settings.clock.zone),
    )
    return see_other(f"/employer/candidates/{referral_id}?done=status")


employer_router = Router(
    path="/",
    guards=[allow("employer")],
    route_handlers=[
        profile_page,
        profile_save,
        job_new_page,
        job_create,
        job_edit_page,
        job_update,
        job_close,
        candidate_page,
        candidate_status,
    ],
    include_in_schema=False,
)
# The dashboard also answers a company that still waits for approval.
employer_home_router = Router(
    path="/",
    guards=[allow("employer", approved_employer=False)],
    route_handlers=[employer_home],
    include_in_schema=False,
)
