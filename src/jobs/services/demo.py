"""The Kansas City demo data set (``jobs demo``): employers, postings, participants, accounts.

Loading is idempotent: every row is keyed (employer key, posting source_job_id, participant
external_ref, account email) and only written when it differs, so a second load changes nothing.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.connectors.posting import Listing, Location, Pay, PostingIn, with_hash
from jobs.errors import InvalidInput
from jobs.participant_format import parse_participants
from jobs.services.accounts import (
    add_user,
    find_user,
    hash_password_in_thread,
    verify_password_in_thread,
)
from jobs.services.demo_outcomes import load_demo_outcomes
from jobs.services.employer_names import confirm_alias
from jobs.services.participants import (
    ids_for_refs,
    import_participants,
    to_participant_format,
)
from jobs.services.passphrases import check_passphrase
from jobs.services.referrals import CONSENT_DAYS
from jobs.services.refresh import participants_changed, postings_changed
from jobs.services.sign_in import enroll_with_secret
from jobs.services.sync import store_listing
from jobs.services.totp import new_secret
from jobs.store import (
    CaseloadAssignment,
    Consent,
    Employer,
    EmployerAlias,
    EmployerMember,
    Match,
    Participant,
    Posting,
    Referral,
    Source,
    User,
)
from jobs.store.base import utcnow
from jobs.store.employers import company_name_key

if TYPE_CHECKING:
    from jobs.runtime import Runtime

DEMO_SOURCE = "kc-demo"
DEMO_ACCOUNTS = {
    "admin@example.org": "admin",
    "specialist@example.org": "specialist",
    "employer@example.org": "employer",
    "participant@example.org": "participant",
}
PASSWORD_FILE = "demo_password"


@dataclass
class DemoSet:
    """The demo files, parsed."""

    employers: list[dict[str, Any]]
    postings: list[dict[str, Any]]
    participants_raw: bytes
    caseloads: dict[str, Any]


@dataclass
class DemoReport:
    """What a load did, and the logins to print."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str]] = field(default_factory=list)
    password: str = ""
    password_note: str = ""
    # Email -> TOTP secret of the demo accounts that sign in with a code (specialist, admin).
    second_factors: dict[str, str] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        target = self.created if created else self.updated
        target[kind] = target.get(kind, 0) + 1


def read_demo_set() -> DemoSet:
    """Read the demo files shipped in the package (``jobs/demo/``)."""
    folder = resources.files("jobs") / "demo"

    def load(name: str) -> Any:
        return json.loads((folder / name).read_text(encoding="utf-8"))

    return DemoSet(
        employers=load("employers.json"),
        postings=load("postings.json"),
        participants_raw=(folder / "participants.json").read_bytes(),
        caseloads=load("caseloads.json"),
    )


def _new_password() -> str:
    """Three random groups (about 140 bits) that pass the passphrase rules."""
    while True:
        password = "-".join(secrets.token_urlsafe(6) for _ in range(3))
        try:
            check_passphrase(password)
        except InvalidInput:
            continue
        return password


def demo_password(data_dir: Path, from_env: str | None, *, renew: bool) -> tuple[str, str]:
    """The demo accounts' password and where it came from.

    JOBS_DEMO_PASSWORD wins; otherwise one is generated once and kept (owner-only) in the data
    dir, so a later ``make run`` can print the logins again.
    """
    if from_env:
        return from_env, "from JOBS_DEMO_PASSWORD"
    path = data_dir / PASSWORD_FILE
    if path.exists() and not renew:
        return path.read_text(encoding="utf-8").strip(), f"kept in {path}"
    data_dir.mkdir(parents=True, exist_ok=True)
    password = _new_password()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    return password, f"generated and kept in {path}"


def _set(row: Any, values: dict[str, Any]) -> bool:
    """Assign only what differs; True when anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _employer_values(item: dict[str, Any]) -> dict[str, Any]:
    address = item.get("address") or {}
    policy = item.get("fair_chance") or {}
    contact = item.get("contact") or {}
    return {
        "name": item["name"],
        "status": "approved",
        "industry": item.get("industry", ""),
        "naics": item.get("naics", ""),
        "size": item.get("size", ""),
        "website": item.get("website", ""),
        "address_text": address.get("text", ""),
        "city": address.get("city", ""),
        "region": address.get("region", ""),
        "postal_code": address.get("postal_code", ""),
        "country": address.get("country", "US"),
        "lat": address.get("lat"),
        "lon": address.get("lon"),
        "fair_chance_verified": bool(policy.get("verified")),
        "pledge_signed": bool(policy.get("pledge_signed")),
        "kc_ordinance": bool(policy.get("kc_ordinance")),
        "hiring_policy": policy.get("policy", ""),
        "contact_name": contact.get("name", ""),
        "contact_email": contact.get("email", ""),
    }


def demo_posting(item: dict[str, Any]) -> PostingIn:
    """A demo posting in the normalised shape every source hands to sync."""
    pay = item.get("pay")
    return with_hash(
        PostingIn(
            source_job_id=item["source_job_id"],
            title=item["title"],
            employer=item["employer_name"],
            url=item.get("apply_url"),
            apply_url=item.get("apply_url"),
            description_text=item.get("description", ""),
            locations=msgspec.convert(item.get("locations", []), list[Location]),
            workplace=item.get("workplace", "on_site"),
            employment_types=list(item.get("employment_types", [])),
            pay=msgspec.convert(pay, Pay) if pay else None,
            posted_at=datetime.fromisoformat(item["posted_at"]) if item.get("posted_at") else None,
            closes_at=datetime.fromisoformat(item["closes_at"]) if item.get("closes_at") else None,
            raw=item,
        )
    )


async def _load_employers(
    session: AsyncSession, demo: DemoSet, report: DemoReport
) -> dict[str, Employer]:
    keys = [item["key"] for item in demo.employers]
    rows = {e.key: e for e in await session.scalars(select(Employer).where(Employer.key.in_(keys)))}
    for item in demo.employers:
        row = rows.get(item["key"])
        if row is None:
            row = rows[item["key"]] = Employer(key=item["key"])
            session.add(row)
            _set(row, _employer_values(item))
            report.count("employers", created=True)
        elif _set(row, _employer_values(item)):
            report.count("employers", created=False)
    await session.flush()
    return rows


async def _load_postings(
    session: AsyncSession,
    demo: DemoSet,
    employers: dict[str, Employer],
    report: DemoReport,
    runtime: Runtime,
) -> None:
    source = await session.scalar(select(Source).where(Source.name == DEMO_SOURCE))
    if source is None:
        source = Source(name=DEMO_SOURCE, kind="portal", config={"origin": "jobs demo"})
        session.add(source)
        await session.flush()
    # The demo's postings name the demo's employers: the program vouches for those links.
    aliases = set(await session.scalars(select(EmployerAlias.name_key)))
    for employer in employers.values():
        if company_name_key(employer.name) not in aliases:
            await confirm_alias(session, None, employer.id, employer.name)
    listing = Listing(
        postings=[
            demo_posting({**item, "employer_name": employers[item["employer"]].name})
            for item in demo.postings
        ],
        complete=True,
    )
    plan, touched = await store_listing(session, source, listing)
    await postings_changed(session, runtime, touched)
    report.created["postings"] = len(plan.creates)
    report.updated["postings"] = len(plan.updates) + len(plan.reopens)


async def _load_participants(
    session: AsyncSession, demo: DemoSet, report: DemoReport, runtime: Runtime
) -> None:
    items = parse_participants(demo.participants_raw, source="demo participants.json")
    stored = {
        p.external_ref: p
        for p in await session.scalars(
            select(Participant).where(Participant.external_ref.in_([i.external_ref for i in items]))
        )
    }
    changed = []
    for item in items:
        row = stored.get(item.external_ref)
        if row is not None:
            await session.refresh(row, ["supervision", "record", "contact"])
            if to_participant_format(row) == item:
                continue
        changed.append(item)
    created, updated = await import_participants(session, changed)
    await participants_changed(
        session, runtime, await ids_for_refs(session, [item.external_ref for item in changed])
    )
    report.created["participants"] = created
    report.updated["participants"] = updated


async def _ensure_account(
    session: AsyncSession, email: str, role: str, password: str, name: str, report: DemoReport
) -> User:
    user = await find_user(session, email)
    if user is None:
        user = await add_user(session, email=email, role=role, password=password, display_name=name)
        report.count("accounts", created=True)
    elif user.role != role:
        user.role = role
        report.count("accounts", created=False)
    return user


async def load_demo(session: AsyncSession, runtime: Runtime, *, reset: bool = False) -> DemoReport:
    """Load (or with ``reset``, remove and reload) the Kansas City demo data set."""
    settings = runtime.settings
    data_dir, password_env = settings.data_dir, settings.demo_password
    demo = read_demo_set()
    report = DemoReport()
    if reset:
        await _remove_demo(session, demo)
    password, note = demo_password(data_dir, password_env, renew=reset)
    report.password, report.password_note = password, note

    employers = await _load_employers(session, demo, report)
    await _load_postings(session, demo, employers, report, runtime)
    await _load_participants(session, demo, report, runtime)
    await session.flush()

    caseloads = demo.caseloads
    participants = {p.external_ref: p for p in await session.scalars(select(Participant))}
    accounts: dict[str, User] = {}
    for email, role in DEMO_ACCOUNTS.items():
        accounts[email] = await _ensure_account(session, email, role, password, "", report)
    for specialist in caseloads["specialists"]:
        user = accounts.get(specialist["email"]) or await _ensure_account(
            session, specialist["email"], "specialist", password, specialist["name"], report
        )
        if specialist["email"] in accounts and user.display_name != specialist["name"]:
            user.display_name = specialist["name"]
        assigned = {
            a.participant_id
            for a in await session.scalars(
                select(CaseloadAssignment).where(CaseloadAssignment.specialist_id == user.id)
            )
        }
        for ref in specialist["participants"]:
            if participants[ref].id not in assigned:
                session.add(
                    CaseloadAssignment(specialist_id=user.id, participant_id=participants[ref].id)
                )
                report.count("caseload assignments", created=True)

    participant_user = accounts["participant@example.org"]
    participant = participants[caseloads["participant_account"]]
    if participant_user.participant_id != participant.id:
        participant_user.participant_id = participant.id
        participant_user.display_name = participant.name
    employer_user = accounts["employer@example.org"]
    employer = employers[caseloads["employer_account"]]
    member = await session.get(EmployerMember, (employer_user.id, employer.id))
    if member is None:
        session.add(EmployerMember(user_id=employer_user.id, employer_id=employer.id))
        employer_user.display_name = employer.contact_name or employer.name
    if password_env:
        # An explicit password is the truth for every demo account.
        for user in accounts.values():
            if not await verify_password_in_thread(user.password_hash, password_env):
                user.password_hash = await hash_password_in_thread(password_env)
    await session.flush()
    first = caseloads["specialists"][0]
    caseload = [participants[ref] for ref in first["participants"]]
    await _demo_referral(session, caseload, accounts[first["email"]], employer, report)
    for kind, count in (await load_demo_outcomes(session)).items():
        report.created[kind] = count
    report.logins = [(email, role) for email, role in DEMO_ACCOUNTS.items()]
    for email, user in accounts.items():
        if user.role in settings.security.require_totp_roles:
            if user.totp_enabled_at is None or not user.totp_secret:
                enroll_with_secret(user, new_secret(), utcnow())
            report.second_factors[email] = user.totp_secret or ""
    await session.flush()
    return report


DEMO_CONSENT_FIELDS = ["record"]


async def _demo_referral(
    session: AsyncSession,
    caseload: list[Participant],
    specialist: User,
    employer: Employer,
    report: DemoReport,
) -> None:
    """One candidate of the first specialist's caseload referred, with consent, to the demo
    employer, and at the interview stage, so the employer account has something to see. The
    best match that is not excluded is used; nothing is made when there is none."""
    ids = [p.id for p in caseload]
    if await session.scalar(
        select(Referral.id).where(
            Referral.employer_id == employer.id, Referral.participant_id.in_(ids)
        )
    ):
        return
    match = await session.scalar(
        select(Match)
        .join(Posting, Posting.id == Match.posting_id)
        .where(
            Match.participant_id.in_(ids),
            Posting.employer_id == employer.id,
            Posting.status == "open",
            Match.tier != "excluded",
        )
        .order_by(Match.tier == "needs_approval", Match.score.desc(), Match.id)
        .limit(1)
    )
    if match is None:
        return
    now = utcnow()
    consent = Consent(
        participant_id=match.participant_id,
        employer_id=employer.id,
        fields=DEMO_CONSENT_FIELDS,
        purpose=f"Referral for posting {match.posting_id} (demo)",
        granted_at=now,
        expires_at=now + timedelta(days=CONSENT_DAYS),
        recorded_by=specialist.id,
    )
    session.add(consent)
    await session.flush()
    session.add(
        Referral(
            participant_id=match.participant_id,
            posting_id=match.posting_id,
            employer_id=employer.id,
            consent_id=consent.id,
            referred_by=specialist.id,
            status="interviewing",
        )
    )
    match.review_status = "interviewing"
    match.reviewed_by, match.reviewed_at = specialist.id, now
    report.count("referrals", created=True)


def demo_emails() -> set[str]:
    """Every demo account's email: the four role accounts and the demo specialists."""
    return set(DEMO_ACCOUNTS) | {s["email"] for s in read_demo_set().caseloads["specialists"]}


async def _remove_demo(session: AsyncSession, demo: DemoSet) -> None:
    """Delete what the demo set created (its source, participants, employers and accounts)."""
    refs = [json_ref["external_ref"] for json_ref in json.loads(demo.participants_raw)]
    emails = set(DEMO_ACCOUNTS) | {s["email"] for s in demo.caseloads["specialists"]}
    await session.execute(delete(User).where(User.email.in_(emails)))
    await session.execute(delete(Source).where(Source.name == DEMO_SOURCE))
    await session.execute(delete(Participant).where(Participant.external_ref.in_(refs)))
    await session.execute(
        delete(Employer).where(Employer.key.in_([e["key"] for e in demo.employers]))
    )
    await session.flush()
