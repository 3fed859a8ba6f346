"""Specialist pages (desktop first): caseload, profile and intake, ranked matches with actions,
referral with consent, the officer-approval packet, and the matches map."""

from __future__ import annotations

import functools
from typing import Any

from litestar import Request, Router, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Response, Template
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.clock import program_today
from jobs.matching.pay import pay_text
from jobs.matching.reasons import TIERS
from jobs.outcomes import checkpoint_label
from jobs.services import (
    applications,
    caseload,
    contacts,
    follow_up,
    interviews,
    matching,
    officer_packet,
    profiles,
    referrals,
    review,
    sign_in_links,
    sms_replies,
)
from jobs.services.officer_packet import AGENCY_NAMES, CONDITION_WORDS
from jobs.services.review import TIER_TITLES
from jobs.services.transit_map import transit_lines
from jobs.web import profile_form
from jobs.web.access import allow, current_viewer
from jobs.web.audit_trail import mark_refused
from jobs.web.drafts import KEPT_NOTICE, forget_draft_cookie, kept_form
from jobs.web.ids import Id, form_id
from jobs.web.match_card import match_row
from jobs.web.matching_queue import queue_matching, queue_of
from jobs.web.render import page, see_other
from jobs.web.svg import matches_map

AnyRequest = Request[Any, Any, Any]


@get("/caseload")
async def caseload_page(request: AnyRequest, db_session: NamedDependency[AsyncSession]) -> Template:
    """Each participant with new matches, pending approvals and upcoming checks."""
    rows = await caseload.dashboard(
        db_session, current_viewer(request), program_today(request.app.state.settings.clock.zone)
    )
    asked = await interviews.recent_for_caseload(db_session, current_viewer(request))
    return page(request, "specialist/caseload.html", rows=rows, interview_requests=asked)


def _profile_form(
    request: AnyRequest,
    participant: Any,
    values: dict[str, Any],
    *,
    errors: dict[str, str] | None = None,
    kept: bool = False,
) -> Response[Any]:
    """The intake or profile form: its values, the problems by field with the summary on top,
    and the note when it was kept across a sign-out."""
    response = page(
        request,
        "specialist/profile_form.html",
        status_code=400 if errors else 200,
        participant=participant,
        values=values,
        errors=errors or {},
        error_list=profile_form.in_form_order(errors or {}),
        condition_words=CONDITION_WORDS,
        agency_names=AGENCY_NAMES,
        kept_notice=KEPT_NOTICE if kept else "",
    )
    return forget_draft_cookie(response) if kept else response


@get("/participants/new")
async def intake_page(
    request: AnyRequest, db_session: NamedDependency[AsyncSession]
) -> Response[Any]:
    """The intake form for a new participant (as it was left, when the session ended under it)."""
    kept = await kept_form(request, db_session)
    if kept is not None:
        return _profile_form(request, None, profile_form.echo_values(kept), kept=True)
    return _profile_form(request, None, {"max_commute_minutes": 60, "agency": "none"})


@post("/participants")
async def intake_save(
    request: AnyRequest, db_session: NamedDependency[AsyncSession]
) -> Response[Any]:
    """Create the participant and queue their matching; on problems show the form again with
    every message by its field."""
    form = await request.form()
    document, errors = profile_form.read_form(form)
    participant_id = None
    if not errors:
        participant_id, problems = await profiles.intake(
            db_session, current_viewer(request), document
        )
        if ("external_ref", profiles.REFERENCE_REFUSED) in problems:
            mark_refused(request, "reference_taken")  # audited: who tries which references
        errors = profile_form.problems_by_field(problems)
    if errors or participant_id is None:
        await db_session.rollback()
        return _profile_form(request, None, profile_form.echo_values(form), errors=errors)
    return queue_matching(
        request, see_other(f"/participants/{participant_id}?done=created"), participant_id
    )


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
    matched = [
        (str(posting_id), f"{title} · {employer}")
        for posting_id, title, employer in await review.matched_jobs(db_session, participant)
    ]
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
        contact=await contacts.read_contact(db_session, viewer, participant_id),
        texts=await sms_replies.inbox(db_session, viewer, participant_id),
        contact_errors=forms.get("contact_errors", {}),
        matching=queue_of(request).status(participant.id),
        agency_names=AGENCY_NAMES,
        condition_words=CONDITION_WORDS,
    )


@post("/participants/{participant_id:int}/applications")
async def application_step(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], participant_id: FromPath[Id]
) -> Response[Any]:
    """Record a step on the road from interest to hire (dated, with a reason when it ended)."""
    form = await request.form()
    values = {
        k: str(form.get(k, ""))[:500]
        for k in ("posting_id", "step", "happened_on", "reason", "time_of_day")
    }
    day = applications.parse_day(values["happened_on"])
    posting = values["posting_id"]
    problems = {} if day else {"happened_on": "Enter the date like 2026-12-06."}
    if not posting.isdigit() or len(posting) > 18:
        problems["posting_id"] = "Choose one of this participant's matched jobs."
    if not problems and day is not None:
        problems = await applications.record_step(
            db_session, current_viewer(request), participant_id, int(posting), values["step"],
            day, values["reason"], today=program_today(request.app.state.settings.clock.zone),
            time_of_day=values["time_of_day"],
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
) -> Response[Any]:
    """The profile form, filled in (as it was left, when the session ended under it)."""
    participant = await profiles.read_profile(db_session, current_viewer(request), participant_id)
    kept = await kept_form(request, db_session)
    if kept is not None:
        return _profile_form(request, participant, profile_form.echo_values(kept), kept=True)
    return _profile_form(request, participant, profile_form.form_values(participant))


@post("/participants/{participant_id:int}")
async def profile_save(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], participant_id: FromPath[Id]
) -> Response[Any]:
    """Save the profile form and queue the participant's matching again."""
    form = await request.form()
    viewer = current_viewer(request)
    document, errors = profile_form.read_form(form)
    if not errors:
        problems = await profiles.edit_profile(db_session, viewer, participant_id, document)
        errors = profile_form.problems_by_field(problems)
    if errors:
        await db_session.rollback()
        participant = await profiles.read_profile(db_session, viewer, participant_id)
        return _profile_form(request, participant, profile_form.echo_values(form), errors=errors)
    return queue_matching(
        request, see_other(f"/participants/{participant_id}?done=saved"), participant_id
    )


@get("/participants/{participant_id:int}/matches")
async def matches_page(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], participant_id: FromPath[Id]
) -> Template:
    """Ranked matches: tiers as sections, score parts, reasons, commute, filters and actions."""
    filters, problems = review.filters_from_query(request.query_params)
    viewer = current_viewer(request)
    # Excluded jobs fold into a count and their reasons unless asked for by tier: their rows
    # are counted, not built (nor audited as shown).
    collapse = filters.tier != "excluded"
    participant, sections, counts = await review.review_matches(
        db_session, viewer, participant_id, filters, folded=("excluded",) if collapse else ()
    )
    # The whole ranking summed up: the tiers hold more jobs than the rows kept (statestore).
    listed, shortlisted, summary = await review.listed_shortlisted_and_summary(
        db_session, participant.id
    )
    whole = await matching.whole_ranking(db_session, participant.id, listed, summary)
    excluded: list[tuple[str, int]] = []
    if collapse:
        excluded = whole["excluded"].reasons if whole else []
        excluded = excluded or await review.excluded_summary(db_session, viewer, participant_id)
    asked = str(request.query_params.get("open", ""))
    opened = int(asked) if asked.isdigit() else None
    values = {k: v for k, v in request.query_params.items() if k in review.FILTER_KEYS}
    back = review.filter_query(values)
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
        back=back,
        opened=opened,
        collapse_excluded=collapse,
        excluded_reasons=excluded,
        whole=whole,
        shortlisted=shortlisted,
        status_choices=[(s, s.title()) for s in review.STATUS_FILTERS],
        sorts=review.SORTS,
        tiers=TIERS,
        tier_titles=TIER_TITLES,
        row=functools.partial(
            match_row,
            person_id=participant.id,
            back=back,
            interviews_by_posting=await _interviews_by_posting(request, db_session, participant_id),
            opened=opened,
        ),
        pay_text=pay_text,
        shareable=referrals.SHAREABLE,
        matching=queue_of(request).status(participant.id),
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


def _refer_page(
    request: AnyRequest,
    participant: Any,
    view: review.MatchView,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> Template:
    """The refer form: the match's tier and what needs approval, the officer's approval for a
    needs-approval job, what is shared and the participant's consent."""
    return page(
        request,
        "specialist/refer.html",
        status_code=400 if errors else 200,
        person=participant,
        match=view,
        tier_titles=TIER_TITLES,
        approval_reasons=[r for r in view.reasons if r.get("tier") == "needs_approval"],
        shareable=referrals.SHAREABLE,
        pay_text=pay_text,
        errors=errors or {},
        values=values or {},
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
    return _refer_page(request, participant, view)


@post("/participants/{participant_id:int}/matches/{match_id:int}/refer")
async def refer_save(
    request: AnyRequest,
    db_session: NamedDependency[AsyncSession],
    participant_id: FromPath[Id],
    match_id: FromPath[Id],
) -> Response[Any]:
    """Record the consent and the referral (for a needs-approval job, with the officer's
    approval: who and when)."""
    form = await request.form()
    viewer = current_viewer(request)
    shared = form.getall("shared") if "shared" in form else []
    approval: referrals.OfficerApproval | None = None
    problems: dict[str, str] = {}
    if form.get("approved_by") is not None or form.get("approved_on") is not None:
        approval, problems = referrals.read_approval(
            str(form.get("approved_by", "")),
            str(form.get("approved_on", "")),
            program_today(request.app.state.settings.clock.zone),
        )
    if not problems:
        problems = await referrals.refer(
            db_session,
            viewer,
            participant_id,
            match_id,
            [str(s) for s in shared],
            form.get("agreed") in ("1", "on"),
            approval=approval,
            approval_required=True,
        )
    if problems:
        await db_session.rollback()
        participant, view = await review.one_match(db_session, viewer, participant_id, match_id)
        values = {k: form.get(k) for k in ("approved_by", "approved_on", "agreed")}
        return _refer_page(
            request, participant, view, errors=problems, values={**values, "shared": shared}
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
    packet = await officer_packet.approval_packet(
        db_session,
        current_viewer(request),
        participant_id,
        match_id,
        program_today(request.app.state.settings.clock.zone),
    )
    return page(request, "specialist/packet.html", packet=packet, pay_text=pay_text)


@post("/participants/{participant_id:int}/matches/{match_id:int}/packet/phone")
async def packet_phone_save(
    request: AnyRequest,
    db_session: NamedDependency[AsyncSession],
    participant_id: FromPath[Id],
    match_id: FromPath[Id],
) -> Response[Any]:
    """Keep the preparer's work phone (printed on every packet they prepare)."""
    form = await request.form()
    await officer_packet.save_phone(
        db_session, current_viewer(request), participant_id, match_id, str(form.get("phone", ""))
    )
    return see_other(f"/participants/{participant_id}/matches/{match_id}/packet?done=phone")


@get("/participants/{participant_id:int}/map.svg", media_type="image/svg+xml")
async def map_picture(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], participant_id: FromPath[Id]
) -> Response[str]:
    """The participant's home and best matched job sites as an SVG map."""
    participant, sections, _ = await review.review_matches(
        db_session,
        current_viewer(request),
        participant_id,
        review.MatchFilters(limit=15),
        folded=("excluded",),  # the map leaves excluded jobs out
    )
    sites = [
        (v.lat, v.lon, f"{v.title}, {v.employer}", v.tier)
        for tier in TIERS
        for v in sections.get(tier, [])
        if v.lat is not None and v.lon is not None
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


@post("/participants/{participant_id:int}/contact")
async def contact_save(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], participant_id: FromPath[Id]
) -> Response[Any]:
    """Record phone, email, the channels the participant agreed to, and their language."""
    form = await request.form()
    problems = await contacts.update_contact(
        db_session,
        current_viewer(request),
        participant_id,
        phone=str(form.get("phone", ""))[:40],
        email=str(form.get("email", ""))[:254],
        channels=[str(c) for c in form.getall("channels", [])][:2],
        language=str(form.get("language", "en"))[:5],
    )
    if problems:
        await db_session.rollback()
        return await _profile(
            request, db_session, participant_id, status_code=400, contact_errors=problems
        )
    return see_other(f"/participants/{participant_id}?done=contact#reach-h")


@post("/participants/{participant_id:int}/replies/confirm")
async def reply_confirm(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], participant_id: FromPath[Id]
) -> Response[Any]:
    """Confirm a YES or NO the participant texted to a check-in: the check is recorded."""
    # Whose participant first (refused before any field is read), then which reply.
    await contacts.read_contact(db_session, current_viewer(request), participant_id)
    form = await request.form()
    reply_id = form_id(form, "reply_id")
    await sms_replies.confirm_self_report(
        db_session,
        current_viewer(request),
        participant_id,
        reply_id,
        today=program_today(request.app.state.settings.clock.zone),
    )
    return see_other(f"/participants/{participant_id}?done=check#reach-h")


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
        packet_phone_save,
        map_picture,
        contact_save,
        reply_confirm,
    ],
    include_in_schema=False,
)
