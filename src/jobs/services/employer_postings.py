"""Employers in the portal: sign-up (pending approval), the company profile with its hiring
rules, and posting or editing a job through the same upsert as synced postings.
"""

from __future__ import annotations

import re
import secrets
from datetime import date
from typing import TYPE_CHECKING, Any

import msgspec
from sqlalchemy import bindparam, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.connectors.posting import Listing, Location, Pay, PostingIn, with_hash
from jobs.days import DAYS
from jobs.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from jobs.services.accounts import add_user, hash_password_in_thread
from jobs.services.employer_names import TAKEN, ask_for_name, name_taken
from jobs.services.referrals import set_referral_status
from jobs.services.refresh import postings_changed
from jobs.services.review import record_hire
from jobs.services.sync import store_listing
from jobs.services.visibility import audit, visible_referral
from jobs.services.web_sessions import Viewer
from jobs.store import Employer, EmployerMember, HiringRules, Posting, Source
from jobs.store.column_reads import read_columns
from jobs.store.portal import RECORD_CHECK_TIMES

if TYPE_CHECKING:
    from jobs.runtime import Runtime

CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
PAY_UNITS = ("hour", "week", "year")


class PostingForm(msgspec.Struct, kw_only=True):
    """The structured fields of a job an employer posts."""

    title: str = ""
    address: str = ""
    city: str = "Kansas City"
    region: str = "MO"
    postal_code: str = ""
    shift_start: str = ""
    shift_end: str = ""
    days: list[str] = []
    pay_min: str = ""
    pay_max: str = ""
    pay_unit: str = "hour"
    requirements: str = ""
    description: str = ""


# The problem key that means "this email has an account": nothing is saved, and the answer is
# the same as for a new registration.
EMAIL_TAKEN = "email_taken"


async def register_employer(
    session: AsyncSession,
    *,
    company: str,
    contact_name: str,
    email: str,
    website: str,
    password: str,
) -> dict[str, str]:
    """A new employer waiting for approval, with its first account; problems by field (or
    ``EMAIL_TAKEN`` alone, when the email has an account already)."""
    problems: dict[str, str] = {}
    if not 2 <= len(company) <= 200:
        problems["company"] = "Give the company's name."
    if not contact_name:
        problems["contact_name"] = "Give the name of the person we can call."
    if website and not website.startswith(("https://", "http://")):
        problems["website"] = "Give the web address starting with https://"
    if "company" not in problems and await name_taken(session, company):
        problems["company"] = TAKEN
    if problems:
        return problems
    key = re.sub(r"[^a-z0-9]+", "-", company.lower()).strip("-")[:60] or "employer"
    if await session.scalar(select(Employer.id).where(Employer.key == key)) is not None:
        key = f"{key}-{secrets.token_hex(3)}"
    employer = Employer(
        key=key,
        name=company,
        status="pending",
        website=website,
        contact_name=contact_name,
        contact_email=email,
    )
    session.add(employer)
    await session.flush()
    try:
        user = await add_user(
            session, email=email, role="employer", password=password, display_name=contact_name
        )
    except InvalidInput as exc:
        field = "email" if "email" in exc.message else "password"
        return {field: exc.message[0].upper() + exc.message[1:] + "."}
    except Conflict:
        # Answered like a new registration (the caller saves nothing): whether an email has
        # an account is not for anyone to learn here. Hash anyway, so it takes as long.
        await hash_password_in_thread(password)
        return {EMAIL_TAKEN: "an account with this email exists"}
    session.add(EmployerMember(user_id=user.id, employer_id=employer.id))
    session.add(HiringRules(employer_id=employer.id))
    await audit(session, None, "employer_registered", "employer", employer.id)
    return {}


def own_employer_id(viewer: Viewer) -> int:
    """The employer an employer account acts for."""
    if viewer.role != "employer" or not viewer.employer_ids:
        raise PermissionDenied("this page is for employer accounts")
    return viewer.employer_ids[0]


# The company and its hiring rules, in one statement built once (every employer page runs it).
_OWN_EMPLOYER = (
    select(Employer, HiringRules)
    .outerjoin(HiringRules, HiringRules.employer_id == Employer.id)
    .where(Employer.id == bindparam("employer_id"))
)


async def own_employer(session: AsyncSession, viewer: Viewer) -> tuple[Employer, HiringRules]:
    """The viewer's company and its hiring rules."""
    found = (await session.execute(_OWN_EMPLOYER, {"employer_id": own_employer_id(viewer)})).first()
    if found is None:
        raise NotFound("your company is no longer in the portal")
    employer, rules = found
    if rules is None:
        # Two first visits at once must not both insert the default row.
        insert = (
            postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        )
        await session.execute(
            insert(HiringRules).values(employer_id=employer.id).on_conflict_do_nothing()
        )
        rules = await session.get(HiringRules, employer.id, populate_existing=True)
        if rules is None:  # pragma: no cover - the row was just made or already there
            raise NotFound("your company's hiring rules could not be made")
    return employer, rules


async def update_own_employer(
    session: AsyncSession, viewer: Viewer, form: dict[str, str]
) -> dict[str, str]:
    """Save the company profile and hiring policy; problems by field."""
    employer, rules = await own_employer(session, viewer)
    problems: dict[str, str] = {}
    name = form.get("name", "").strip()
    if not 2 <= len(name) <= 200:
        problems["name"] = "Give the company's name."
    check = form.get("record_check", "not_stated")
    if check not in RECORD_CHECK_TIMES:
        problems["record_check"] = "Choose when you look at criminal records."
    website = form.get("website", "").strip()
    if website and not website.startswith(("https://", "http://")):
        problems["website"] = "Give the web address starting with https://"
    if not problems:
        problem = await ask_for_name(session, viewer, employer, name)
        if problem:
            problems["name"] = problem
    if problems:
        return problems
    employer.website = website
    employer.address_text = form.get("address_text", "").strip()[:300]
    employer.contact_name = form.get("contact_name", "").strip()[:200]
    employer.hiring_policy = form.get("hiring_policy", "").strip()[:5000]
    employer.pledge_signed = form.get("pledge_signed") in ("1", "on")
    rules.record_check = check
    rules.barred_roles = form.get("barred_roles", "").strip()[:2000]
    await audit(session, viewer, "employer_profile_updated", "employer", employer.id)
    return {}


async def portal_source(session: AsyncSession, employer: Employer) -> Source:
    """The employer's own source of kind "portal" (made on first use)."""
    name = f"portal-{employer.key}"
    source = await session.scalar(select(Source).where(Source.name == name))
    if source is None:
        source = Source(
            name=name, kind="portal", employer_id=employer.id, config={"origin": "employer portal"}
        )
        session.add(source)
        await session.flush()
    return source


# What the dashboard shows of each job: these columns, not whole postings (a posting's
# description and raw feed item are most of its bytes).
LISTED_COLUMNS = (
    Posting.id,
    Posting.title,
    Posting.locations,
    Posting.pay_min,
    Posting.pay_max,
    Posting.pay_unit,
    Posting.status,
)
_LISTED = (
    select(
        *LISTED_COLUMNS,
        ((Source.kind == "portal") & (Source.employer_id == bindparam("employer_id"))).label(
            "posted_here"
        ),
    )
    .join(Source, Source.id == Posting.source_id)
    .where(Posting.employer_id == bindparam("employer_id"))
    .order_by(Posting.status, Posting.first_seen_at.desc(), Posting.id.desc())
)


async def employer_postings(session: AsyncSession, viewer: Viewer) -> list[tuple[Any, bool]]:
    """The viewer's company's postings, newest first, as rows of ``LISTED_COLUMNS``, each with
    whether the company posted it here (only those it may edit or close)."""
    rows = await read_columns(session, _LISTED, {"employer_id": own_employer_id(viewer)})
    return [(row, bool(row.posted_here)) for row in rows]


async def posted_job(session: AsyncSession, viewer: Viewer, posting_id: int) -> Posting:
    """A job the viewer's company posted in the portal (NotFound for any other, synced
    postings linked to the company included: those are the job board's to close)."""
    employer_id = own_employer_id(viewer)
    posting = await session.scalar(
        select(Posting)
        .join(Source, Source.id == Posting.source_id)
        .where(
            Posting.id == posting_id,
            Posting.employer_id == employer_id,
            Source.kind == "portal",
            Source.employer_id == employer_id,
        )
    )
    if posting is None:
        raise NotFound(f"no job {posting_id} your company posted here")
    return posting


def posting_form_of(posting: Posting) -> PostingForm:
    """The form values of a stored portal posting."""
    form = (posting.raw or {}).get("form")
    if isinstance(form, dict):
        return msgspec.convert(form, PostingForm)
    loc = (posting.locations or [{}])[0]
    return PostingForm(
        title=posting.title,
        address=loc.get("text", ""),
        city=loc.get("city") or "",
        region=loc.get("region") or "",
        postal_code=loc.get("postal_code") or "",
        pay_min="" if posting.pay_min is None else f"{posting.pay_min:g}",
        pay_max="" if posting.pay_max is None else f"{posting.pay_max:g}",
        pay_unit=posting.pay_unit or "hour",
        description=posting.description_text,
    )


def _money(raw: str, field: str, problems: dict[str, str]) -> float | None:
    raw = raw.strip().lstrip("$").replace(",", "")
    if not raw:
        return None
    try:
        value = float(raw)
        if not 0 < value < 1_000_000:
            raise ValueError
        return value
    except ValueError:
        problems[field] = "Give an amount in dollars, like 17.50."
        return None


def check_posting_form(form: PostingForm) -> dict[str, str]:
    """Problems with a job form, by field."""
    problems: dict[str, str] = {}
    if not 3 <= len(form.title.strip()) <= 300:
        problems["title"] = "Give the job title (3 to 300 characters)."
    if not form.address.strip():
        problems["address"] = "Give the street address where the work is done."
    if form.postal_code and not re.fullmatch(r"\d{5}", form.postal_code.strip()):
        problems["postal_code"] = "Give a five-digit ZIP code."
    for name in ("shift_start", "shift_end"):
        value = getattr(form, name).strip()
        if value and not CLOCK.match(value):
            problems[name] = "Give a time as HH:MM, for example 07:00 or 15:30."
    if bool(form.shift_start.strip()) != bool(form.shift_end.strip()):
        problems["shift_end"] = "Give both the start and the end of the shift."
    if any(day not in DAYS for day in form.days):
        problems["days"] = "Choose days from Monday to Sunday."
    if form.pay_unit not in PAY_UNITS:
        problems["pay_unit"] = "Choose hour, week or year."
    low = _money(form.pay_min, "pay_min", problems)
    high = _money(form.pay_max, "pay_max", problems)
    if low is not None and high is not None and high < low:
        problems["pay_max"] = "The top of the pay range is below its bottom."
    if len(form.description) > 20_000:
        problems["description"] = "Keep the description under 20,000 characters."
    return problems


def _posting_from(form: PostingForm, employer: Employer, source_job_id: str) -> PostingIn:
    days = [d for d in DAYS if d in form.days]
    lines = [form.description.strip()]
    if form.shift_start:
        day_text = ", ".join(d.capitalize() for d in days) or "days to be agreed"
        lines.append(f"Shift: {day_text}, {form.shift_start} to {form.shift_end}.")
    requirements = [r.strip() for r in form.requirements.splitlines() if r.strip()]
    if requirements:
        lines.append("Requirements: " + "; ".join(requirements) + ".")
    if employer.pledge_signed or employer.fair_chance_verified:
        lines.append("We are a fair-chance employer and welcome people with a record.")
    low = _money(form.pay_min, "pay_min", {})
    high = _money(form.pay_max, "pay_max", {})
    # check_job has refused any pay_unit outside PAY_UNITS before a posting is built.
    pay = Pay(min=low, max=high, unit=form.pay_unit) if (low or high) else None  # type: ignore[arg-type]
    return with_hash(
        PostingIn(
            source_job_id=source_job_id,
            title=form.title.strip(),
            employer=employer.name,
            description_text="\n\n".join(line for line in lines if line),
            locations=[
                Location(
                    text=", ".join(p for p in (form.address.strip(), form.city, form.region) if p),
                    city=form.city or None,
                    region=form.region or None,
                    postal_code=form.postal_code.strip() or None,
                    country="US",
                )
            ],
            workplace="on_site",
            employment_types=["full_time"],
            pay=pay,
            raw={"form": msgspec.to_builtins(form), "origin": "employer portal"},
        )
    )


async def save_posting(
    session: AsyncSession,
    runtime: Runtime,
    viewer: Viewer,
    form: PostingForm,
    *,
    posting_id: int | None = None,
    queued: list[int] | None = None,
) -> tuple[int | None, dict[str, str]]:
    """Post a new job or edit one, through the sync upsert; then place, extract and re-match it
    once, under the re-match lease (``services.refresh``). With ``queued`` (a task queue
    runs that work), the changed posting ids are added to it instead, for the caller to queue
    once this transaction has committed."""
    if posting_id is not None:
        await posted_job(session, viewer, posting_id)  # another company's job is simply not found
    problems = check_posting_form(form)
    if problems:
        return None, problems
    employer, _ = await own_employer(session, viewer)
    source = await portal_source(session, employer)
    if posting_id is None:
        source_job_id = "job-" + secrets.token_hex(6)
    else:
        posting = await posted_job(session, viewer, posting_id)
        if posting.source_id != source.id:
            raise PermissionDenied("this job came from a job board; edit it there")
        source_job_id = posting.source_job_id
    listing = Listing(postings=[_posting_from(form, employer, source_job_id)], complete=False)
    _, touched = await store_listing(session, source, listing)
    saved_id = await session.scalar(
        select(Posting.id).where(
            Posting.source_id == source.id, Posting.source_job_id == source_job_id
        )
    )
    if touched and queued is not None:
        queued.extend(touched)
    elif touched:
        await postings_changed(session, runtime, touched)
    await audit(
        session,
        viewer,
        "job_posted" if posting_id is None else "job_edited",
        "posting",
        saved_id,
    )
    return saved_id, {}


async def close_posting(session: AsyncSession, viewer: Viewer, posting_id: int) -> None:
    """Take a job down (it stays on record as closed)."""
    from jobs.store.base import utcnow

    posting = await posted_job(session, viewer, posting_id)
    posting.status = "closed"
    posting.closed_at = utcnow()
    await audit(session, viewer, "job_closed", "posting", posting.id)


async def record_employer_hire(
    session: AsyncSession, viewer: Viewer, referral_id: int, form: dict[str, str], today: date
) -> dict[str, str]:
    """The employer marks a referred candidate hired: the placement is recorded the same way as
    a specialist's (``review.record_hire``), then the referral says "hired"; problems by field.
    """
    referral = await visible_referral(
        session, viewer, referral_id, f"no candidate {referral_id} for your company"
    )
    posting = await session.get(Posting, referral.posting_id)
    if posting is None:
        raise NotFound(f"no job {referral.posting_id}")
    placement_id, problems = await record_hire(
        session, viewer, referral.participant_id, posting, form
    )
    if problems:
        return problems
    await set_referral_status(session, viewer, referral_id, "hired", today)
    await audit(
        session,
        viewer,
        "hire_recorded",
        "placement",
        placement_id,
        participant_id=referral.participant_id,
        detail={"referral_id": referral_id, "posting_id": posting.id},
    )
    return {}


def posting_form_from(data: Any) -> PostingForm:
    """A JobForm from submitted form data (unknown names ignored, multi-value days kept)."""
    values = {
        name: str(data.get(name, "") or "")[:20_000]
        for name in PostingForm.__struct_fields__
        if name != "days"
    }
    days = data.getall("days", []) if hasattr(data, "getall") else data.get("days", [])
    return PostingForm(**values, days=[str(d) for d in days or []])
