"""A small world of people, jobs and matches for portal tests, written directly (no engine).

Every role has two owners so tests can check that one never sees the other's things.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.services.accounts import hash_password
from jobs.services.totp import code_at
from jobs.store import (
    CaseloadAssignment,
    CriminalRecord,
    Employer,
    EmployerMember,
    HiringRules,
    Match,
    Participant,
    Posting,
    Source,
    Supervision,
    User,
)
from jobs.store.engine import create_engine

PASSWORD = "amber lantern orchard drift"
_HASH = hash_password(PASSWORD)
# Staff sign in with a second factor: every world account of theirs uses this TOTP secret.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class World:
    """Ids of everything made, by a short name."""

    users: dict[str, int] = field(default_factory=dict)
    participants: dict[str, int] = field(default_factory=dict)
    employers: dict[str, int] = field(default_factory=dict)
    postings: dict[str, int] = field(default_factory=dict)
    matches: dict[str, int] = field(default_factory=dict)

    def email(self, name: str) -> str:
        return f"{name}@example.org"


def _posting(
    source: Source, key: str, title: str, employer: Employer, lat: float, lon: float, pay: float
) -> Posting:
    return Posting(
        source_id=source.id,
        source_job_id=key,
        employer_id=employer.id,
        employer_name=employer.name,
        title=title,
        locations=[
            {
                "text": f"{title} site, Kansas City, MO",
                "city": "Kansas City",
                "region": "MO",
                "lat": lat,
                "lon": lon,
            }
        ],
        workplace="on_site",
        pay_min=pay,
        pay_max=pay + 2,
        pay_currency="USD",
        pay_unit="hour",
        content_hash=key,
        status="open",
    )


BAND_TEXT = {
    "fits_experience": "Fits experience: the job is like past or wanted work",
    "entry_level": "Entry-level: no experience needed; the job trains",
}


def _match(
    participant: Participant,
    posting: Posting,
    tier: str,
    score: float,
    band: str = "fits_experience",
) -> Match:
    return Match(
        participant_id=participant.id,
        posting_id=posting.id,
        tier=tier,
        score=score,
        components={
            "skills": 0.8,
            "title": 0.6,
            "transit": 0.7,
            "pay": 0.9,
            "schedule": 0.5,
            "fair_chance": 1.0,
        },
        reasons=[
            {"code": band, "tier": "eligible", "text": BAND_TEXT[band], "kind": "fit"},
            {"code": "skills_fit", "tier": "eligible", "text": "Matches 3 of 4 required skills"},
            *(
                [
                    {
                        "code": "travel_permit_state",
                        "tier": "needs_approval",
                        "text": "Job is in Kansas: needs a travel permit before the start date",
                    },
                    {
                        "code": "credential_to_get",
                        "tier": "eligible",
                        "text": "Get a food handler card within 30 days of hire — about 2 hours"
                        " online, a small fee; the employer pays",
                        "source": "posting requirement",
                        "kind": "todo",
                        # Its facts, as the matcher keeps them for pages in other languages.
                        "params": {
                            "credential": "food handler card",
                            "when": "within",
                            "within": 30,
                            "unit": "day",
                            "posted_words": "within 30 days of hire",
                            "how": "about 2 hours online, a small fee",
                            "employer_pays": True,
                        },
                    },
                ]
                if tier == "needs_approval"
                else []
            ),
            *(
                [
                    {
                        "code": "curfew",
                        "tier": "excluded",
                        "text": "Shift ends 23:30, after the 22:00 curfew",
                    }
                ]
                if tier == "excluded"
                else []
            ),
        ],
        transit={
            "minutes": 35 if tier != "excluded" else 80,
            "transfers": 1,
            "home_after_shift": True,
            # As matching stores it: the trip to the shift (DESIGN's transit reach fields).
            "to_work": {
                "reachable": True,
                "minutes": 35,
                "depart": "2026-12-07T06:10:00",
                "arrive": "2026-12-07T06:45:00",
                "transfers": 0,
                "walk_meters": 700,
                "legs": [
                    {
                        "mode": "walk",
                        "route": None,
                        "from": "origin",
                        "to": "Prospect & 39th",
                        "depart": "2026-12-07T06:10:00",
                        "arrive": "2026-12-07T06:15:00",
                    },
                    {
                        "mode": "transit",
                        "route": "71",
                        "from": "Prospect & 39th",
                        "to": "Front St",
                        "depart": "2026-12-07T06:18:00",
                        "arrive": "2026-12-07T06:40:00",
                    },
                    {
                        "mode": "walk",
                        "route": None,
                        "from": "Front St",
                        "to": "destination",
                        "depart": "2026-12-07T06:40:00",
                        "arrive": "2026-12-07T06:45:00",
                    },
                ],
            },
        },
    )


async def build_world(session: AsyncSession) -> World:
    """Two of each: specialists (each with a caseload), employers, participants; and jobs."""
    world = World()
    employers = {
        "riverbend": Employer(
            key="riverbend",
            name="Riverbend Logistics",
            status="approved",
            address_text="1 Front St, Kansas City, MO",
            fair_chance_verified=True,
            hiring_policy="We hire people with records.",
        ),
        "northside": Employer(key="northside", name="Northside Foods", status="approved"),
        "pending": Employer(key="pending-co", name="Pending Co", status="pending"),
    }
    session.add_all(employers.values())
    await session.flush()
    session.add_all(HiringRules(employer_id=e.id) for e in employers.values())
    people = {}
    for name, ref, lat in (("ana", "T-1", 39.05), ("ben", "T-2", 39.08)):
        person = Participant(
            external_ref=ref,
            name=f"{name.title()} Tester",
            home_address=f"{ref} Secret Home St",
            home_postal_code="64130",
            home_lat=lat,
            home_lon=-94.55,
            skills=["forklift operation"],
            desired_titles=["warehouse associate"],
        )
        person.supervision = Supervision(
            agency="missouri_pp",
            curfew_start="22:00",
            curfew_end="06:00",
            conditions=["no_alcohol_venues"],
        )
        person.record = CriminalRecord(felony=True, offense_categories=["drug_possession"])
        people[name] = person
    session.add_all(people.values())
    await session.flush()
    users = {
        "admin": User(email="admin@example.org", role="admin"),
        "spec1": User(email="spec1@example.org", role="specialist"),
        "spec2": User(email="spec2@example.org", role="specialist"),
        "emp1": User(email="emp1@example.org", role="employer"),
        "emp2": User(email="emp2@example.org", role="employer"),
        "emppending": User(email="emppending@example.org", role="employer"),
        "part1": User(
            email="part1@example.org", role="participant", participant_id=people["ana"].id
        ),
        "part2": User(
            email="part2@example.org", role="participant", participant_id=people["ben"].id
        ),
    }
    for key, user in users.items():
        user.password_hash = _HASH
        user.display_name = key
        if user.role in ("admin", "specialist"):
            user.totp_secret, user.totp_enabled_at = TOTP_SECRET, datetime.now(UTC)
    session.add_all(users.values())
    await session.flush()
    session.add_all(
        [
            EmployerMember(user_id=users["emp1"].id, employer_id=employers["riverbend"].id),
            EmployerMember(user_id=users["emp2"].id, employer_id=employers["northside"].id),
            EmployerMember(user_id=users["emppending"].id, employer_id=employers["pending"].id),
            CaseloadAssignment(specialist_id=users["spec1"].id, participant_id=people["ana"].id),
            CaseloadAssignment(specialist_id=users["spec2"].id, participant_id=people["ben"].id),
        ]
    )
    source = Source(name="test-board", kind="portal")
    # Riverbend posted its jobs in the portal (so it may edit and close them); Northside's
    # came from a job board.
    riverbend_portal = Source(
        name="portal-riverbend", kind="portal", employer_id=employers["riverbend"].id
    )
    session.add_all([source, riverbend_portal])
    await session.flush()
    postings = {
        "forklift": _posting(
            riverbend_portal, "j1", "Forklift Operator", employers["riverbend"], 39.10, -94.58, 17
        ),
        "packer": _posting(source, "j2", "Packer", employers["northside"], 39.03, -94.66, 15),
        "cook": _posting(source, "j3", "Night Cook", employers["northside"], 39.09, -94.57, 16),
        "loader": _posting(
            riverbend_portal, "j4", "Dock Loader", employers["riverbend"], 39.11, -94.59, 18
        ),
    }
    session.add_all(postings.values())
    await session.flush()
    matches = {
        "ana_forklift": _match(people["ana"], postings["forklift"], "eligible", 82),
        "ana_packer": _match(
            people["ana"], postings["packer"], "needs_approval", 64, "entry_level"
        ),
        "ana_cook": _match(people["ana"], postings["cook"], "excluded", 30),
        "ana_loader": _match(people["ana"], postings["loader"], "eligible", 71),
        "ben_forklift": _match(people["ben"], postings["forklift"], "eligible", 75),
    }
    session.add_all(matches.values())
    await session.flush()
    world.users = {k: u.id for k, u in users.items()}
    world.participants = {k: p.id for k, p in people.items()}
    world.employers = {k: e.id for k, e in employers.items()}
    world.postings = {k: p.id for k, p in postings.items()}
    world.matches = {k: m.id for k, m in matches.items()}
    await session.commit()
    return world


def csrf_of(html: str) -> str:
    """The form token of a rendered page."""
    found = CSRF.search(html)
    assert found, "page has no form token"
    return found.group(1)


async def forget_last_code(settings, email: str) -> None:
    """Let the account use the current code again (one person signs in many times a test)."""
    engine = create_engine(settings.database)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                update(User).where(User.email == email).values(totp_last_step=None)
            )
    finally:
        await engine.dispose()


def code_now() -> str:
    """The world's current TOTP code."""
    return code_at(TOTP_SECRET, datetime.now(UTC))


async def sign_in(client, name: str) -> str:
    """Sign ``name`` in through the form (with the world's TOTP code for staff); returns the
    CSRF token of the first page after."""
    email = f"{name}@example.org"
    await forget_last_code(client.app.state.settings, email)
    page = await client.get("/login")
    response = await client.post(
        "/login",
        data={
            "email": email,
            "password": PASSWORD,
            "code": code_now(),
            "csrf_token": csrf_of(page.text),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    account = await client.get("/account")
    return csrf_of(account.text)


def now() -> datetime:
    return datetime.now(UTC)
