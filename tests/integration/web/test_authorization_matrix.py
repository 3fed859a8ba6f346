"""Every route × role × owner: who gets in, who is refused, and who is sent to sign in.

The table must name every route the app has: a new route without a row fails this test.
"""

from __future__ import annotations

import datetime
import inspect
import re

import pytest

from jobs.app import create_app
from jobs.services.web_sessions import Viewer, create_api_token
from jobs.store import Checkpoint, Consent, Match, Placement, Referral
from jobs.store.engine import session_factory
from jobs.web.access import is_public
from tests.integration.web.world import sign_in
from tests.support.portal_fixtures import portal_client

pytestmark = pytest.mark.anyio

STAFF = {"admin", "spec1"}
EVERYONE = {"admin", "spec1", "part1", "emp1"}
PUBLIC = EVERYONE | {"anon"}
# Route template -> roles allowed. Routes marked owned also have an "other owner" variant that
# every role but admin must be refused.
ALLOWED: dict[tuple[str, str], set[str]] = {
    ("GET", "/"): PUBLIC,
    ("GET", "/health"): PUBLIC,
    # Provider webhooks: no role opens them; only Twilio's signature does (tests/integration/
    # messages).
    ("POST", "/hooks/sms/twilio"): set(),
    ("POST", "/hooks/sms/twilio/status"): set(),
    # Open to loopback or the metrics token only, neither of which the test client has
    # (test_cheaper_requests.py covers both); to everyone else it answers 404.
    ("GET", "/metrics"): set(),
    ("GET", "/static/{name:str}"): PUBLIC,
    ("HEAD", "/static/{name:str}"): PUBLIC,
    ("GET", "/schema/openapi.json"): PUBLIC,
    ("GET", "/schema"): EVERYONE,
    ("GET", "/schema/{path:str}"): set(),
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("GET", "/register"): PUBLIC,
    ("POST", "/register"): PUBLIC,
    ("POST", "/logout"): EVERYONE,
    ("GET", "/start"): EVERYONE,
    ("GET", "/session/alive"): EVERYONE,
    ("GET", "/account"): EVERYONE,
    ("POST", "/account/password"): EVERYONE,
    ("POST", "/account/language"): EVERYONE,
    ("POST", "/account/tokens"): EVERYONE,
    ("POST", "/account/tokens/{token_id:int}/revoke"): EVERYONE,
    ("GET", "/account/two-step"): EVERYONE,
    ("POST", "/account/two-step"): EVERYONE,
    ("GET", "/reauth"): EVERYONE,
    ("POST", "/reauth"): EVERYONE,
    ("GET", "/caseload"): STAFF,
    ("GET", "/participants/new"): STAFF,
    ("POST", "/participants"): STAFF,
    ("GET", "/participants/{participant_id:int}"): STAFF,
    ("POST", "/participants/{participant_id:int}"): STAFF,
    ("GET", "/participants/{participant_id:int}/edit"): STAFF,
    ("GET", "/participants/{participant_id:int}/matches"): STAFF,
    ("POST", "/participants/{participant_id:int}/matches/{match_id:int}/review"): STAFF,
    ("GET", "/participants/{participant_id:int}/matches/{match_id:int}/refer"): STAFF,
    ("POST", "/participants/{participant_id:int}/matches/{match_id:int}/refer"): STAFF,
    ("GET", "/participants/{participant_id:int}/matches/{match_id:int}/packet"): STAFF,
    ("POST", "/participants/{participant_id:int}/matches/{match_id:int}/packet/phone"): STAFF,
    ("GET", "/participants/{participant_id:int}/map.svg"): STAFF,
    ("GET", "/reports"): STAFF,
    ("GET", "/reports/outcomes.csv"): STAFF,
    ("GET", "/reports/outcomes.json"): STAFF,
    ("GET", "/reports/checkins"): STAFF,
    ("POST", "/reports/checkins/{checkpoint_id:int}"): STAFF,
    ("GET", "/reports/incentives"): STAFF,
    ("GET", "/employer"): {"emp1"},
    ("GET", "/employer/profile"): {"emp1"},
    ("POST", "/employer/profile"): {"emp1"},
    ("GET", "/employer/jobs/new"): {"emp1"},
    ("POST", "/employer/jobs"): {"emp1"},
    ("GET", "/employer/jobs/{posting_id:int}/edit"): {"emp1"},
    ("POST", "/employer/jobs/{posting_id:int}"): {"emp1"},
    ("POST", "/employer/jobs/{posting_id:int}/close"): {"emp1"},
    ("GET", "/employer/candidates/{referral_id:int}"): {"emp1"},
    ("POST", "/employer/candidates/{referral_id:int}/status"): {"emp1"},
    ("GET", "/me/jobs"): {"part1"},
    ("GET", "/me/jobs/{posting_id:int}"): {"part1"},
    ("POST", "/me/jobs/{posting_id:int}/interest"): {"part1"},
    ("POST", "/me/jobs/{posting_id:int}/interest/undo"): {"part1"},
    ("GET", "/me/profile"): {"part1"},
    ("POST", "/me/profile"): {"part1"},
    ("POST", "/me/contact"): {"part1"},
    ("GET", "/me/map.svg"): {"part1"},
    ("GET", "/me/consents"): {"part1"},
    ("POST", "/me/consents/{consent_id:int}/revoke"): {"part1"},
    ("GET", "/participants/{participant_id:int}/consents"): STAFF,
    ("POST", "/participants/{participant_id:int}/consents"): STAFF,
    ("POST", "/participants/{participant_id:int}/consents/{consent_id:int}/revoke"): STAFF,
    ("GET", "/admin"): {"admin"},
    ("GET", "/admin/outbox"): {"admin"},
    ("POST", "/admin/accounts"): {"admin"},
    ("POST", "/admin/accounts/{user_id:int}/disable"): {"admin"},
    ("POST", "/admin/accounts/{user_id:int}/unlock"): {"admin"},
    ("POST", "/admin/accounts/{user_id:int}/role"): {"admin"},
    ("POST", "/admin/employers/{employer_id:int}/approve"): {"admin"},
    ("POST", "/admin/employers/{employer_id:int}/name"): {"admin"},
    ("POST", "/admin/caseloads"): {"admin"},
    ("POST", "/participants/{participant_id:int}/applications"): STAFF,
    ("POST", "/participants/{participant_id:int}/contact"): STAFF,
    ("POST", "/participants/{participant_id:int}/replies/confirm"): STAFF,
    ("POST", "/participants/{participant_id:int}/readiness"): STAFF,
    ("GET", "/api/v1/me"): EVERYONE,
    ("GET", "/api/v1/participants"): EVERYONE,
    ("POST", "/api/v1/participants"): STAFF,
    ("GET", "/api/v1/participants/{participant_id:int}"): STAFF | {"part1"},
    ("PATCH", "/api/v1/participants/{participant_id:int}"): STAFF,
    ("GET", "/api/v1/participants/{participant_id:int}/matches"): STAFF,
    ("PATCH", "/api/v1/participants/{participant_id:int}/matches/{match_id:int}"): STAFF,
    ("GET", "/api/v1/participants/{participant_id:int}/matches/{match_id:int}/trip"): STAFF,
    ("GET", "/api/v1/postings"): STAFF | {"emp1"},
    ("GET", "/api/v1/postings/{posting_id:int}"): STAFF | {"emp1"},
    ("GET", "/api/v1/referrals"): STAFF | {"emp1"},
    ("POST", "/api/v1/referrals"): STAFF,
    ("GET", "/api/v1/placements"): STAFF,
    ("POST", "/api/v1/placements"): STAFF,
    ("GET", "/api/v1/employers"): STAFF | {"emp1"},
    ("GET", "/api/v1/employers/{employer_id:int}"): STAFF | {"emp1"},
    ("GET", "/api/v1/consents"): STAFF | {"part1"},
    ("POST", "/api/v1/consents/{consent_id:int}/revoke"): STAFF | {"part1"},
    # Reaching people (sign-in help, participants' logins, interview requests).
    ("GET", "/login/forgot"): PUBLIC,
    ("POST", "/login/forgot"): PUBLIC,
    ("GET", "/login/link/{token:str}"): PUBLIC,
    ("POST", "/login/link/{token:str}"): PUBLIC,
    ("POST", "/language"): PUBLIC,
    ("GET", "/participants/{participant_id:int}/login"): STAFF,
    ("POST", "/participants/{participant_id:int}/login"): STAFF,
    ("POST", "/participants/{participant_id:int}/login/resend"): STAFF,
    ("POST", "/participants/{participant_id:int}/login/disable"): STAFF,
    ("POST", "/employer/candidates/{referral_id:int}/interview"): {"emp1"},
    ("GET", "/account/phone"): STAFF,
    ("POST", "/account/phone"): STAFF,
}
# Routes whose path names somebody's record: the other owner's must be refused (admin excepted).
OWNED = {
    template
    for template in ALLOWED
    if re.search(
        r"\{(participant_id|match_id|posting_id|referral_id|token_id|employer_id|consent_id)",
        template[1],
    )
    and not template[1].startswith("/admin")
}


# For these, only the listed roles are scoped to their own records (staff see every posting).
OWNER_ROLES = {
    ("GET", "/api/v1/postings/{posting_id:int}"): {"emp1"},
    ("GET", "/api/v1/employers/{employer_id:int}"): {"emp1"},
    # Tokens belong to their user, admins included.
    ("POST", "/account/tokens/{token_id:int}/revoke"): {"admin", "spec1", "part1", "emp1"},
}
JSON_BODIES = {
    ("PATCH", "/api/v1/participants/{participant_id:int}"): {"name": "New Name"},
    ("PATCH", "/api/v1/participants/{participant_id:int}/matches/{match_id:int}"): {
        "action": "shortlist"
    },
}


def _routes(app) -> set[tuple[str, str]]:
    found = set()
    for route in app.routes:
        for method in getattr(route, "methods", ()):
            if method != "OPTIONS":
                found.add((method, route.path))
    return found


def test_the_matrix_names_every_route(settings):
    routes = _routes(create_app(settings))
    assert routes - set(ALLOWED) == set(), "add the new routes to the matrix"
    assert set(ALLOWED) - routes == set(), "the matrix names routes the app no longer has"
    public = {t for t, roles in ALLOWED.items() if "anon" in roles}
    for method, path in public:
        sample = path.replace("{name:str}", "app.css").replace("{token:str}", "t" * 43)
        assert is_public(sample), (method, path)


def test_every_guard_runs_on_the_event_loop(settings):
    """A plain-function guard is run in Litestar's thread pool: a thread hop per request for a
    check that never blocks. Every guard of every route is a coroutine function."""
    app = create_app(settings)
    in_threads = {
        (route.path, getattr(guard, "func", guard).__qualname__)
        for route in app.routes
        for handler in getattr(route, "route_handlers", ())
        for guard in handler.resolve_guards()
        if not inspect.iscoroutinefunction(guard)
    }
    assert in_threads == set()


@pytest.fixture
async def targets(engine, world):
    """Ids to put in the paths: one owned by the signed-in role, one by somebody else."""
    async with session_factory(engine)() as session:
        ben_packer = Match(
            participant_id=world.participants["ben"],
            posting_id=world.postings["packer"],
            tier="eligible",
            score=50,
        )
        session.add(ben_packer)
        ana_job = Placement(
            participant_id=world.participants["ana"],
            employer_id=world.employers["riverbend"],
            job_title="Packer",
            start_date=datetime.date(2026, 10, 1),
            hourly_wage=17.0,
            hours_per_week=40,
        )
        session.add(ana_job)
        await session.flush()
        ana_check = Checkpoint(
            placement_id=ana_job.id, kind="30", due_on=datetime.date(2026, 10, 31)
        )
        session.add(ana_check)
        await session.flush()
        referrals, consents = {}, {}
        for key, person, posting, employer in (
            ("own", "ana", "forklift", "riverbend"),
            ("other", "ben", "packer", "northside"),
        ):
            consent = Consent(
                participant_id=world.participants[person],
                employer_id=world.employers[employer],
                fields=[],
                purpose="test",
            )
            session.add(consent)
            await session.flush()
            referral = Referral(
                participant_id=world.participants[person],
                posting_id=world.postings[posting],
                employer_id=world.employers[employer],
                consent_id=consent.id,
            )
            session.add(referral)
            await session.flush()
            referrals[key] = referral.id
            consents[key] = consent.id
        tokens = {}
        for name in ("admin", "spec1", "part1", "emp1", "spec2"):
            viewer = Viewer(user_id=world.users[name], role="x", email="", display_name="")
            await create_api_token(session, viewer, f"token of {name}")
            tokens[name] = await session.scalar(
                __import__("sqlalchemy").text("SELECT max(id) FROM api_tokens")
            )
        await session.commit()
    return {
        "referrals": referrals,
        "consents": consents,
        "tokens": tokens,
        "ben_packer": ben_packer.id,
        "ana_check": ana_check.id,
    }


def _url(template: str, role: str, owner: str, world, targets) -> str:
    own = owner == "own"
    values = {
        "participant_id": world.participants["ana" if own else "ben"],
        "match_id": world.matches["ana_packer"] if own else targets["ben_packer"],
        "posting_id": world.postings["forklift" if own else "cook"],
        "referral_id": targets["referrals"]["own" if own else "other"],
        "consent_id": targets["consents"]["own" if own else "other"],
        "token_id": targets["tokens"].get(role if own else "spec2", targets["tokens"]["spec2"]),
        "user_id": world.users["spec2"],
        "employer_id": world.employers["riverbend" if own else "northside"]
        if template.startswith("/api")
        else world.employers["pending"],
        "checkpoint_id": targets["ana_check"],
        "name": "app.css",  # a static file
        "token": "t" * 43,
        "path": "swagger",
    }
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: str(values[m.group(1)]), template)


def _denied(response, path: str) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code in (302, 303) and response.headers.get("location", "").startswith(
        "/login?next="
    )


@pytest.mark.parametrize("role", ["anon", "admin", "spec1", "part1", "emp1"])
async def test_route_role_owner_matrix(settings, world, targets, role):
    problems = []
    async with portal_client(settings) as client:
        csrf = await sign_in(client, role) if role != "anon" else ""
        if role == "anon":
            page = await client.get("/login")
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        rows = sorted(ALLOWED.items(), key=lambda item: item[0] == ("POST", "/logout"))
        for (method, template), roles in rows:
            owners = ["own", "other"] if (method, template) in OWNED else ["own"]
            for owner in owners:
                url = _url(template, role, owner, world, targets)
                if template.startswith("/api/"):
                    response = await client.request(
                        method,
                        url,
                        json=JSON_BODIES.get((method, template), {})
                        if method in ("POST", "PATCH")
                        else None,
                        headers={"x-csrf-token": csrf},
                        follow_redirects=False,
                    )
                else:
                    response = await client.request(
                        method,
                        url,
                        data={"csrf_token": csrf} if method == "POST" else None,
                        follow_redirects=False,
                    )
                assert response.status_code < 500, (method, url, role, response.text[:500])
                scoped = OWNER_ROLES.get((method, template), EVERYONE - {"admin"})
                expect_allowed = role in roles and not (owner == "other" and role in scoped)
                if expect_allowed == _denied(response, url):
                    problems.append((method, url, role, owner, response.status_code))
                if role == "anon" and not expect_allowed and not is_public(url):
                    wanted = 401 if template.startswith("/api/") else 303
                    if response.status_code != wanted:
                        problems.append((method, url, "anon-status", response.status_code))
    assert problems == [], problems
