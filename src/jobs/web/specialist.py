"""Specialist pages (desktop first): caseload, profile and intake, ranked matches with actions,
referral with consent, the officer-approval packet, and the matches map."""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Response, Template
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.clock import program_today
from jobs.matching.pay import pay_text
from jobs.matching.reasons import TIERS
from jobs.matching.score import COMPONENTS
from jobs.outcomes import checkpoint_label
from jobs.services import (
    applications,
    caseload,
    follow_up,
    interviews,
    profiles,
    referrals,
    review,
    sign_in_links,
)
from jobs.services.review import TIER_TITLES
from jobs.services.transit_map import transit_lines
from jobs.web import profile_form
from jobs.web.access import allow, current_viewer
from jobs.web.audit_trail import mark_refused
from jobs.web.ids import Id
from jobs.web.render import page, see_other
from jobs.web.svg import bar_chart, matches_map

AnyRequest = Request[Any, Any, Any]


def component_bars(components: dict[str, Any]) -> str:
    """The score parts as a small SVG bar chart (0–100)."""
    values = [(name.replace("_", " "), float(components.get(name) or 0)) for name in COMPONENTS]
    if values and max(v for _, v in values) <= 1.0:
        values = [(label, v * 100) for label, v in values]
    return bar_chart(values, title="Score parts")


@get("/caseload")
async def caseload_page(request: AnyRequest, db_session: NamedDependency[AsyncSession]) -> Template:
    """Each participant with new matches, pending approvals and upcoming checks."""
    rows = await caseload.dashboard(
        db_session, current_viewer(request), program_today(request.app.state.settings.clock.zone)
    )
    asked = await interviews.recent_for_caseload(db_session, current_viewer(request))
    return page(request, "specialist/caseload.html", rows=rows, interview_requests=asked)


@get("/participants/new")
async def intake_page(request: AnyRequest) -> Template:
    """The intake form for a new participant."""
    return page(
        request,
        "specialist/profile_form.html",
        participant=None,
        values={"max_commute_minutes": 60, "agency": "none"},
    )


@post("/participants")
async def intake_save(
    request: AnyRequest, db_session: NamedDependency[AsyncSession]
) -> Response[Any]:
    """Create the participant; on problems show the form again with messages by the fields."""
    form = await request.form()
    document = profile_form.document_from_form(form)
    participant_id, problems = await profiles.intake(db_session, current_viewer(request), document)
    if problems:
        if ("external_ref", profiles.REFERENCE_REFUSED) in problems:
            mark_refused(request, "reference_taken")  # audited: who tries which references
        await db_session.rollback()
        return page(
            request,
            "specialist/profile_form.html",
            status_code=400,
            participant=None,
            values=profile_form.echo_values(form),
            errors=profile_form.problems_by_field(problems),
        )
    return see_other(f"/participants/{participant_id}?done=created")


@get("/participants/{participant_id:int}")
async def profile_page(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], participant_id: FromPath[Id]
) -> Template:
    """The participant's profile, supervision and record; their jobs with the retention checks
    and the employer incentives' deadlines."""
    return await _profile(request, db_session, participant_id)


async def _profile(
    request: AnyRequest,
    db_session: AsyncSession,
    participant_id: int,
    status_code: int = 200,
    **forms: Any,
) -> Template:
    viewer = current_viewer(request)
    participant = await profiles.read_profile(db_session, viewer, participant_id)
    today = program_today(request.app.state.settings.clock.zone)
    jobs = await follow_up.participant_placements(db_session, viewer, participant_id, today)
    _, sections, _ = await review.review_matches(
        db_session, viewer, participant_id, review.MatchFilters(limit=100, show_dismissed=True)
    )
    matched = [(str(m.posting_id), f"{m.title} · {m.employer}")
               for tier in TIERS if tier != "excluded" for m in sections.get(tier, [])]  # fmt: skip
    return page(
        request,
        "specialist/profile.html",
        status_code=status_code,
        person=participant,
        values=profile_form.form_values(participant),
        jobs=jobs,
        check_label=checkpoint_label,
        today=today,
        applications=await applications.applications_of(db_session, participant.id),
        readiness=await applications.readiness_of(db_session, participant.id),
        matched_jobs=matched,
        step_choices=list(applications.STEP_WORDS.items()),
        status_words=applications.STATUS_WORDS,
        step_values=forms.get("step_values", {"happened_on": today.isoformat()}),
        step_errors=forms.get("step_errors", {}),
        readiness_errors=forms.get("readiness_errors", {}),
        interview_requests=await interviews.for_participant(db_session, viewer, participant_id),
        login=await sign_in_links.login_state(db_session, viewer, participant_id),
    )


@post("/participants/{participant_id:int}/applications")
async def application_step(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], participant_id: FromPath[Id]
) -> Response[Any]:
    """Record a step on the road from interest to hire (dated, with a reason when it ended)."""
    form = await request.form()
    values = {k: str(form.get(k, "")) for k in ("posting_id", "step", "happened_on", "reason")}
    day = applications.parse_day(values["happened_on"])
    posting = values["posting_id"]
    problems = {} if day else {"happened_on": "Enter the date like 2026-12-06."}
    if not posting.isdigit() or len(posting) > 18:
        problems["posting_id"] = "Choose one of this participant's matched jobs."
    if not problems and day is not None:
        problems = await applications.record_step(
            db_session, current_viewer(request), participant_id, int(posting), values["step"],
            day, values["reason"], today=program_today(request.app.state.settings.clock.zone),
        )  # fmt: skip
    if problems:
        await db_session.rollback()
        return await _profile(
            request, db_session, participant_id, 400, step_values=values, step_errors=problems
        )
    return see_other(f"/participants/{participant_id}?done=step#applications")


@post("/participants/{participant_id:int}/readiness")
async def readiness_save(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], participant_id: FromPath[Id]
) -> Response[Any]:
    """Save the work-readiness checklist."""
    form = await request.form()
    today = program_today(request.app.state.settings.clock.zone)
    problems = await applications.save_readiness(
        db_session, current_viewer(request), participant_id, form, today
    )
    if problems:
        await db_session.rollback()
        return await _profile(request, db_session, participant_id, 400, readiness_errors=problems)
    return see_other(f"/participants/{participant_id}?done=readiness#readiness")


@get("/participants/{participant_id:int}/edit")
async def profile_edit_page(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], participant_id: FromPath[Id]
) -> Template:
    """The profile form, filled in."""
    participant = await profiles.read_profile(db_session, current_viewer(request), participant_id)
    return page(
        request,
        "specialist/profile_form.html",
        participant=participant,
        values=profile_form.form_values(participant),
    )


@post("/participants/{participant_id:int}")
async def profile_save(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], participant_id: FromPath[Id]
) -> Response[Any]:
    """Save the profile form."""
    form = await request.form()
    viewer = current_viewer(request)
    document = profile_form.document_from_form(form)
    problems = await profiles.edit_profile(db_session, viewer, participant_id, document)
    if problems:
        await db_session.rollback()
        participant = await profiles.read_profile(db_session, viewer, participant_id)
        return page(
            request,
            "specialist/profile_form.html",
            status_code=400,
            participant=participant,
            values=profile_form.echo_values(form),
            errors=profile_form.problems_by_field(problems),
        )
    return see_other(f"/participants/{participant_id}?done=saved")


@get("/participants/{participant_id:int}/matches")
async def matches_page(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], participant_id: FromPath[Id]
) -> Template:
    """Ranked matches: tiers as sections, score parts, reasons, commute, filters and actions."""
    filters, problems = review.filters_from_query(request.query_params)
    viewer = current_viewer(request)
    participant, sections, counts = await review.review_matches(
        db_session, viewer, participant_id, filters
    )
    # Excluded jobs fold into a count and their reasons unless asked for by tier.
    collapse = filters.tier != "excluded"
    excluded = await review.excluded_summary(db_session, viewer, participant_id) if collapse else []
    opened = str(request.query_params.get("open", ""))
    values = {k: v for k, v in request.query_params.items() if k in review.FILTER_KEYS}
    return page(
        request,
        "specialist/matches.html",
        status_code=400 if problems else 200,
        person=participant,
        sections=sections,
        counts=counts,
        filters=filters,
        errors=problems,
        values=values,
        back=review.filter_query(values),
        opened=int(opened) if opened.isdigit() else None,
        collapse_excluded=collapse,
        excluded_reasons=excluded,
        shortlisted=await review.shortlist_size(db_session, participant.id),
        status_choices=[(s, s.title()) for s in review.STATUS_FILTERS],
        sorts=review.SORTS,
        tiers=TIERS,
        tier_titles=TIER_TITLES,
        bars=component_bars,
        pay_text=pay_text,
        shareable=referrals.SHAREABLE,
        interviews_by_posting=await _interviews_by_posting(request, db_session, participant_id),
    )


async def _interviews_by_posting(
    request: AnyRequest, db_session: AsyncSession, participant_id: int
) -> dict[int, list[interviews.InterviewView]]:
    """Employers' interview requests for this participant, by job (shown on its match card)."""
    found: dict[int, list[interviews.InterviewView]] = {}
    for asked in await interviews.for_participant(
        db_session, current_viewer(request), participant_id
    ):
        found.setdefault(asked.posting_id, []).append(asked)
    return found


@post("/participants/{participant_id:int}/matches/{match_id:int}/review")
async def review_action(
    request: AnyRequest,
    db_session: NamedDependency[AsyncSession],
    participant_id: FromPath[Id],
    match_id: FromPath[Id],
) -> Response[Any]:
    """Shortlist, dismiss with a reason, record application, interview, offer or hire."""
    form = await request.form()
    action = str(form.get("action", ""))
    hire = {
        k: str(form.get(k, ""))
        for k in ("start_date", "hourly_wage", "hours_per_week", "shift", "offered_on")
    }
    problems = await review.review(
        db_session,
        current_viewer(request),
        participant_id,
        match_id,
        action,
        reason=str(form.get("reason", "")),
        hire=hire,
        today=program_today(request.app.state.settings.clock.zone),
    )
    if problems:
        await db_session.rollback()
        participant, view = await review.one_match(
            db_session, current_viewer(request), participant_id, match_id
        )
        return page(
            request,
            "specialist/match_action.html",
            status_code=400,
            person=participant,
            match=view,
            action=action,
            errors=problems,
            values={k: form.get(k) for k in form},
            pay_text=pay_text,
        )
    back = review.filter_query(str(form.get("back", "")))
    return see_other(
        f"/participants/{participant_id}/matches?{back + '&' if back else ''}"
        f"done={action}&open={match_id}#match-{match_id}"
    )


@get("/participants/{participant_id:int}/matches/{match_id:int}/refer")
async def refer_page(
    request: AnyRequest,
    db_session: NamedDependency[AsyncSession],
    participant_id: FromPath[Id],
    match_id: FromPath[Id],
) -> Template:
    """Refer with consent: which protected fields the participant agrees to share."""
    participant, view = await review.one_match(
        db_session, current_viewer(request), participant_id, match_id
    )
    return page(
        request,
        "specialist/refer.html",
        person=participant,
        match=view,
        shareable=referrals.SHAREABLE,
        pay_text=pay_text,
    )


@post("/participants/{participant_id:int}/matches/{match_id:int}/refer")
async def refer_save(
    request: AnyRequest,
    db_session: NamedDependency[AsyncSession],
    participant_id: FromPath[Id],
    match_id: FromPath[Id],
) -> Response[Any]:
    """Record the consent and the referral."""
    form = await request.form()
    viewer = current_viewer(request)
    shared = form.getall("shared") if "shared" in form else []
    problems = await referrals.refer(
        db_session,
        viewer,
        participant_id,
        match_id,
        [str(s) for s in shared],
        form.get("agreed") in ("1", "on"),
    )
    if problems:
        await db_session.rollback()
        participant, view = await review.one_match(db_session, viewer, participant_id, match_id)
        return page(
            request,
            "specialist/refer.html",
            status_code=400,
            person=participant,
            match=view,
            shareable=referrals.SHAREABLE,
            pay_text=pay_text,
            errors=problems,
            values={"shared": shared},
        )
    return see_other(f"/participants/{participant_id}/matches?done=referred#match-{match_id}")


@get("/participants/{participant_id:int}/matches/{match_id:int}/packet")
async def packet_page(
    request: AnyRequest,
    db_session: NamedDependency[AsyncSession],
    participant_id: FromPath[Id],
    match_id: FromPath[Id],
) -> Template:
    """The printable officer-approval packet."""
    packet = await review.approval_packet(
        db_session,
        current_viewer(request),
        participant_id,
        match_id,
        program_today(request.app.state.settings.clock.zone),
    )
    return page(request, "specialist/packet.html", packet=packet, pay_text=pay_text)


@get("/participants/{participant_id:int}/map.svg", media_type="image/svg+xml")
async def map_picture(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], participant_id: FromPath[Id]
) -> Response[str]:
    """The participant's home and best matched job sites as an SVG map."""
    participant, sections, _ = await review.review_matches(
        db_session, current_viewer(request), participant_id, review.MatchFilters(limit=15)
    )
    sites = [
        (v.lat, v.lon, f"{v.title}, {v.employer}", v.tier)
        for tier in TIERS
        for v in sections.get(tier, [])
        if v.lat is not None and v.lon is not None and tier != "excluded"
    ]
    home = None
    if participant.home_lat is not None and participant.home_lon is not None:
        home = (participant.home_lat, participant.home_lon)
    svg = matches_map(
        home,
        sites,
        title=f"Matched jobs around {participant.name}'s home",
        transit=await transit_lines(request.app.state.runtime),
    )
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


specialist_router = Router(
    path="/",
    guards=[allow("specialist", "admin")],
    route_handlers=[
        caseload_page,
        intake_page,
        intake_save,
        profile_page,
        application_step,
        readiness_save,
        profile_edit_page,
        profile_save,
        matches_page,
        review_action,
        refer_page,
        refer_save,
        packet_page,
        map_picture,
    ],
    include_in_schema=False,
)
