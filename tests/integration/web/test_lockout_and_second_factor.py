"""Lockout per account (with an injected clock), no account enumeration, the TOTP second factor
(enrollment, codes, replays), re-authentication before exports and role changes, unlocking."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from jobs.services import accounts
from jobs.services.accounts import add_user
from jobs.services.sign_in import (
    SignInStep,
    check_code,
    check_password,
    finish_second_step,
    is_locked,
    sign_in_with_password,
)
from jobs.services.totp import code_at
from jobs.services.web_sessions import Viewer, create_api_token, digest
from jobs.store import AuditEvent, SignInFailure, User, WebSession
from jobs.store.engine import session_factory
from tests.integration.web.world import (
    PASSWORD,
    TOTP_SECRET,
    code_now,
    csrf_of,
    forget_last_code,
    now,
    sign_in,
)
from tests.support.portal_fixtures import portal_client

pytestmark = pytest.mark.anyio
WRONG = "not the password at all"


async def _post_login(client, **data):
    page = await client.get("/login")
    return await client.post(
        "/login", data={**data, "csrf_token": csrf_of(page.text)}, follow_redirects=False
    )


async def _fresh_user(engine, email):
    async with session_factory(engine)() as session:
        return await session.scalar(select(User).where(User.email == email))


# --- lockout, with the clock passed in -------------------------------------------------------


async def test_five_failures_in_fifteen_minutes_lock_a_participant(session, settings, world):
    security, start = settings.security, now()
    for minute in (0, 3, 6, 9, 14):
        moment = start + timedelta(minutes=minute)
        assert (
            await check_password(session, "part1@example.org", WRONG, security, now=moment) is None
        )
    user = await session.get(User, world.users["part1"])
    assert is_locked(user, security, start + timedelta(minutes=14))
    later = start + timedelta(minutes=20)
    assert await check_password(session, "part1@example.org", PASSWORD, security, now=later) is None
    actions = list(await session.scalars(select(AuditEvent.action)))
    assert actions.count("account_locked") == 1 and actions.count("sign_in_failed") == 6


async def test_five_failures_spread_over_sixteen_minutes_do_not(session, settings, world):
    security, start = settings.security, now()
    for minute in (0, 4, 8, 12, 16):
        moment = start + timedelta(minutes=minute)
        assert (
            await check_password(session, "spec1@example.org", WRONG, security, now=moment) is None
        )
    user = await session.get(User, world.users["spec1"])
    assert not is_locked(user, security, start + timedelta(minutes=16))
    at = start + timedelta(minutes=16, seconds=5)
    assert await check_password(session, "spec1@example.org", PASSWORD, security, now=at) == user


async def test_a_lock_opens_by_itself_after_the_wait(session, settings, world):
    security, start = settings.security, now()
    for second in range(5):
        moment = start + timedelta(seconds=second)
        await check_password(session, "part2@example.org", WRONG, security, now=moment)
    locked_at = start + timedelta(seconds=4)
    wait = timedelta(minutes=security.lockout_wait_minutes)
    before = locked_at + wait - timedelta(seconds=1)
    assert (
        await check_password(session, "part2@example.org", PASSWORD, security, now=before) is None
    )
    after = locked_at + wait
    user = await check_password(session, "part2@example.org", PASSWORD, security, now=after)
    assert user is not None and user.id == world.users["part2"]
    # Failures before the lock do not count again: one more wrong try does not re-lock.
    await check_password(session, "part2@example.org", WRONG, security, now=after)
    assert not is_locked(user, security, after)


async def test_wrong_and_replayed_codes_count_towards_the_lockout(session, settings, world):
    security, start = settings.security, now()
    user = await session.get(User, world.users["spec1"])
    for second in range(5):
        assert not await check_code(session, user, "000000", security, now=start)
        start += timedelta(seconds=second)
    assert is_locked(user, security, start)
    good = code_at(TOTP_SECRET, start)
    assert not await check_code(session, user, good, security, now=start), "locked means locked"


# --- one answer for unknown, wrong and locked ---------------------------------------------


def _answer(response, email):
    body = re.sub(r'name="csrf_token" value="[^"]+"', "", response.text)
    return response.status_code, body.replace(email, "EMAIL")


async def test_unknown_wrong_and_locked_get_the_same_answer_after_the_same_work(
    client, monkeypatch
):
    for _ in range(5):
        await _post_login(client, email="spec2@example.org", password=WRONG)
    verified: list[str] = []
    real = accounts._hasher

    class CountingHasher:
        def hash(self, password):
            return real.hash(password)

        def verify(self, stored, given):
            verified.append(given)
            return real.verify(stored, given)

    monkeypatch.setattr(accounts, "_hasher", CountingHasher())
    unknown = await _post_login(client, email="nobody@example.org", password=WRONG)
    wrong = await _post_login(client, email="spec1@example.org", password=WRONG)
    locked = await _post_login(client, email="spec2@example.org", password=PASSWORD)
    assert len(verified) == 3, "one argon2 verification each"
    assert _answer(unknown, "nobody@example.org") == _answer(wrong, "spec1@example.org")
    assert _answer(wrong, "spec1@example.org") == _answer(locked, "spec2@example.org")
    assert unknown.status_code == 400 and 'id="password-error"' in unknown.text
    assert "jobs_session" not in locked.cookies


async def test_an_admin_unlocks_an_account_on_the_admin_page(settings, engine, world):
    async with (
        portal_client(settings) as stranger,
        portal_client(settings) as admin,
    ):
        for _ in range(5):
            await _post_login(stranger, email="spec1@example.org", password=WRONG)
        refused = await _post_login(
            stranger, email="spec1@example.org", password=PASSWORD, code=code_now()
        )
        assert refused.status_code == 400
        csrf = await sign_in(admin, "admin")
        listing = await admin.get("/admin")
        assert "locked after failed sign-ins" in listing.text
        done = await admin.post(
            f"/admin/accounts/{world.users['spec1']}/unlock",
            data={"csrf_token": csrf},
            follow_redirects=False,
        )
        assert done.status_code == 303
        await forget_last_code(settings, "spec1@example.org")
        again = await _post_login(
            stranger, email="spec1@example.org", password=PASSWORD, code=code_now()
        )
        assert again.status_code == 303 and again.headers["location"] == "/caseload"
    async with session_factory(engine)() as session:
        left = await session.scalar(
            select(SignInFailure).where(SignInFailure.user_id == world.users["spec1"])
        )
        actions = list(await session.scalars(select(AuditEvent.action)))
    assert left is None, "a full sign-in forgets the failures"
    assert "account_unlocked" in actions and "staff_sign_in_backoff" in actions


# --- the second factor ---------------------------------------------------------------------


async def test_staff_give_a_code_on_a_second_step_and_a_used_code_is_refused(client, engine):
    await forget_last_code(client.app.state.settings, "spec1@example.org")
    first = await _post_login(client, email="spec1@example.org", password=PASSWORD)
    assert first.status_code == 303 and first.headers["location"] == "/login"
    pending = first.cookies.get("jobs_session")
    halfway = await client.get("/caseload", follow_redirects=False)
    assert halfway.status_code == 303, "a password alone signs nobody in"
    step = await client.get("/login")
    assert "Enter your code" in step.text
    wrong = await client.post(
        "/login",
        data={"step": "code", "code": "000000", "csrf_token": csrf_of(step.text)},
        follow_redirects=False,
    )
    assert wrong.status_code == 400 and 'id="code-error"' in wrong.text
    code = code_now()
    done = await client.post(
        "/login",
        data={"step": "code", "code": code, "csrf_token": csrf_of(step.text)},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/caseload"
    assert done.cookies.get("jobs_session") not in (None, pending), "a new id after the code"
    assert (await client.get("/caseload")).status_code == 200
    # The same code again, even with the right password, is a replay.
    client.cookies.clear()
    replay = await _post_login(client, email="spec1@example.org", password=PASSWORD, code=code)
    assert replay.status_code == 400


async def test_the_sign_in_sequence_runs_without_a_web_request(session, settings, world):
    """The service alone: password, a half-done sign-in, the code, a new session in its place;
    a wrong code keeps the second step open, and a finished one cannot be finished again."""
    security, moment = settings.security, now()
    first = await sign_in_with_password(
        session, "spec1@example.org", PASSWORD, "", security, user_agent="test", now=moment
    )
    assert (first.status, first.stage) == ("second_step", "code") and first.session_token
    wrong = await finish_second_step(
        session, first.session_token, "code", "000000", security, now=moment
    )
    assert (wrong.status, wrong.stage) == ("wrong_code", "code")
    code = code_at(TOTP_SECRET, moment)
    done = await finish_second_step(
        session, first.session_token, "code", code, security, now=moment
    )
    assert done.status == "signed_in" and done.session_token not in ("", first.session_token)
    again = await finish_second_step(
        session, first.session_token, "code", code, security, now=moment
    )
    assert again.status == "expired"
    refused = await sign_in_with_password(
        session, "spec1@example.org", WRONG, "", security, now=moment
    )
    assert refused == SignInStep("refused")


async def test_a_code_one_step_away_is_taken_and_two_steps_away_is_not(session, settings, world):
    security, moment = settings.security, now()
    user = await session.get(User, world.users["spec1"])
    for offset, taken in ((-2, False), (2, False), (-1, True), (0, True), (1, True)):
        user.totp_last_step = None
        code = code_at(TOTP_SECRET, moment + timedelta(seconds=30 * offset))
        assert await check_code(session, user, code, security, now=moment) is taken, offset


async def test_a_new_specialist_enrolls_at_the_first_sign_in(client, engine, session, world):
    await add_user(
        session,
        email="newcomer@example.org",
        role="specialist",
        password="river stones and paper lanterns",
        display_name="Newcomer",
    )
    await session.commit()
    first = await _post_login(
        client, email="newcomer@example.org", password="river stones and paper lanterns"
    )
    assert first.status_code == 303
    enroll = await client.get("/login")
    assert "Set up two-step sign-in" in enroll.text and "otpauth://totp/" in enroll.text
    secret = re.search(r'data-secret="([A-Z2-7]+)"', enroll.text).group(1)
    assert (await client.get("/login")).text.count(secret) >= 1, "reloading keeps the secret"
    wrong = await client.post(
        "/login",
        data={"step": "enroll", "code": "123456", "csrf_token": csrf_of(enroll.text)},
        follow_redirects=False,
    )
    assert wrong.status_code == 400
    done = await client.post(
        "/login",
        data={
            "step": "enroll",
            "code": code_at(secret, now()),
            "csrf_token": csrf_of(enroll.text),
        },
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/caseload"
    user = await _fresh_user(engine, "newcomer@example.org")
    assert user.totp_enabled_at is not None and user.totp_secret == secret
    account = await client.get("/account")
    assert "On: each sign-in asks for a code" in account.text


async def test_participants_may_turn_the_second_factor_on(client, engine, world):
    csrf = await sign_in(client, "part1")
    page = await client.get("/account/two-step")
    secret = re.search(r'data-secret="([A-Z2-7]+)"', page.text).group(1)
    done = await client.post(
        "/account/two-step",
        data={"csrf_token": csrf, "code": code_at(secret, now())},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert (await _fresh_user(engine, "part1@example.org")).totp_enabled_at is not None
    client.cookies.clear()
    without = await _post_login(client, email="part1@example.org", password=PASSWORD)
    assert without.headers["location"] == "/login", "now a code is asked for"


# --- re-authentication -----------------------------------------------------------------------


async def _age_sign_in(engine, client, minutes):
    token = client.cookies.get("jobs_session")
    async with session_factory(engine)() as session, session.begin():
        await session.execute(
            update(WebSession)
            .where(WebSession.id == digest(token))
            .values(authenticated_at=now() - timedelta(minutes=minutes))
        )


async def test_exports_need_a_recent_sign_in_then_pass(client, engine, world):
    await sign_in(client, "spec1")
    assert (await client.get("/reports/outcomes.csv")).status_code == 200, "just signed in"
    await _age_sign_in(engine, client, 6)
    asked = await client.get("/reports/outcomes.csv?from=2026-01-01", follow_redirects=False)
    assert asked.status_code == 303
    assert asked.headers["location"] == "/reauth?next=%2Freports%2Foutcomes.csv%3Ffrom%3D2026-01-01"
    api = await client.get("/reports/outcomes.json", headers={"accept": "application/json"})
    assert api.status_code == 401 and api.json()["error"]["type"] == "ReauthenticationRequired"
    form = await client.get(asked.headers["location"])
    assert "Confirm it is you" in form.text and 'name="code"' in form.text
    await forget_last_code(client.app.state.settings, "spec1@example.org")
    bad = await client.post(
        "/reauth",
        data={"csrf_token": csrf_of(form.text), "password": WRONG, "code": code_now()},
    )
    assert bad.status_code == 400 and 'id="password-error"' in bad.text
    no_code = await client.post(
        "/reauth",
        data={"csrf_token": csrf_of(form.text), "password": PASSWORD, "code": "000000"},
    )
    assert no_code.status_code == 400 and 'id="code-error"' in no_code.text
    good = await client.post(
        "/reauth",
        data={
            "csrf_token": csrf_of(form.text),
            "password": PASSWORD,
            "code": code_now(),
            "next": "/reports/outcomes.csv?from=2026-01-01",
        },
        follow_redirects=False,
    )
    assert good.status_code == 303
    assert good.headers["location"] == "/reports/outcomes.csv?from=2026-01-01"
    assert (await client.get(good.headers["location"])).status_code == 200


async def test_a_bearer_token_cannot_export(client, session, world):
    viewer = Viewer(
        user_id=world.users["spec1"], role="specialist", email="spec1@example.org", display_name=""
    )
    token = await create_api_token(session, viewer, "reports")
    await session.commit()
    client.cookies.clear()
    answer = await client.get(
        "/reports/outcomes.json",
        headers={"authorization": f"Bearer {token}"},
        follow_redirects=False,
    )
    # A token opens only the JSON API: on a page it is nobody, sent to sign in.
    assert answer.status_code == 303, answer.text[:300]
    assert answer.headers["location"].startswith("/login")


async def test_a_role_change_needs_a_recent_sign_in_and_signs_the_person_out(
    settings, engine, world
):
    async with (
        portal_client(settings) as admin,
        portal_client(settings) as spec2,
    ):
        await sign_in(spec2, "spec2")
        csrf = await sign_in(admin, "admin")
        await _age_sign_in(engine, admin, 10)
        target = f"/admin/accounts/{world.users['spec2']}/role"
        stale = await admin.post(
            target,
            data={"csrf_token": csrf, "role": "admin"},
            headers={"referer": "http://testserver.local/admin"},
            follow_redirects=False,
        )
        assert stale.status_code == 303 and stale.headers["location"] == "/reauth?next=%2Fadmin"
        assert (await _fresh_user(engine, "spec2@example.org")).role == "specialist"
        await forget_last_code(settings, "admin@example.org")
        confirmed = await admin.post(
            "/reauth",
            data={"csrf_token": csrf, "password": PASSWORD, "code": code_now(), "next": "/admin"},
            follow_redirects=False,
        )
        assert confirmed.status_code == 303
        done = await admin.post(
            target, data={"csrf_token": csrf, "role": "admin"}, follow_redirects=False
        )
        assert done.status_code == 303
        assert (await _fresh_user(engine, "spec2@example.org")).role == "admin"
        gone = await spec2.get("/caseload", follow_redirects=False)
        assert gone.status_code == 303, "the old session under the old role has ended"
        await sign_in(spec2, "spec2")
        assert (await spec2.get("/admin")).status_code == 200, "a new session, the new role"


async def test_disabling_an_account_ends_its_sessions(settings, world):
    async with (
        portal_client(settings) as admin,
        portal_client(settings) as part2,
    ):
        await sign_in(part2, "part2")
        assert (await part2.get("/me/jobs")).status_code == 200
        csrf = await sign_in(admin, "admin")
        done = await admin.post(
            f"/admin/accounts/{world.users['part2']}/disable",
            data={"csrf_token": csrf},
            follow_redirects=False,
        )
        assert done.status_code == 303
        assert (await part2.get("/me/jobs", follow_redirects=False)).status_code == 303


# --- passphrases where accounts are made or changed ---------------------------------------


async def test_a_refused_passphrase_is_explained_next_to_its_field(client):
    csrf = await sign_in(client, "part1")
    bad = "Kansas City Reentry 2026"
    answer = await client.post(
        "/account/password",
        data={
            "csrf_token": csrf,
            "current_password": PASSWORD,
            "new_password": bad,
            "confirm_password": bad,
        },
    )
    assert answer.status_code == 400
    assert 'id="new_password-error"' in answer.text and "Choose another passphrase" in answer.text


async def test_employer_sign_up_and_admin_accounts_refuse_common_passphrases(client, world):
    page = await client.get("/register")
    answer = await client.post(
        "/register",
        data={
            "csrf_token": csrf_of(page.text),
            "company": "Lantern Works",
            "contact_name": "Robin Vale",
            "email": "robin@lantern.example",
            "password": "robinvale robinvale 1",
        },
    )
    assert answer.status_code == 400 and "Choose another passphrase" in answer.text
    csrf = await sign_in(client, "admin")
    made = await client.post(
        "/admin/accounts",
        data={
            "csrf_token": csrf,
            "role": "specialist",
            "email": "kim@example.org",
            "display_name": "Kim",
            "password": "qwertyuiop password",
        },
    )
    assert made.status_code == 400 and 'id="password-error"' in made.text
