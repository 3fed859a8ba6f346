"""Reaching people: forgot password by a one-time link, the help phone on the sign-in page, a
participant's login made from their page (invitation, resend, turn off), and the employer's
contact at the program with "request an interview" that the specialist sees."""

from __future__ import annotations

import dataclasses
import logging
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from jobs.services.web_sessions import digest
from jobs.settings import ProgramSettings
from jobs.store import (
    AuditEvent,
    CaseloadAssignment,
    InterviewRequest,
    Participant,
    SignInFailure,
    SignInLink,
    StaffContact,
    User,
)
from jobs.store.base import utcnow
from jobs.store.engine import session_factory
from tests.integration.web.world import PASSWORD, csrf_of, sign_in
from tests.support.portal_fixtures import portal_client

pytestmark = pytest.mark.anyio
LINK = re.compile(r"/login/link/([A-Za-z0-9_-]{30,60})")
NEW_PASSPHRASE = "purple tractor sings over quiet rivers"


async def _actions(engine) -> list[str]:
    async with session_factory(engine)() as session:
        return list(await session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


async def _forgot(client, email: str):
    page = await client.get("/login/forgot")
    return await client.post(
        "/login/forgot", data={"email": email, "csrf_token": csrf_of(page.text)}
    )


async def _set(client, token: str, passphrase: str, again: str | None = None):
    page = await client.get("/login")  # a spent link's page has no form to take the token from
    return await client.post(
        f"/login/link/{token}",
        data={
            "password": passphrase,
            "confirm_password": passphrase if again is None else again,
            "csrf_token": csrf_of(page.text),
        },
        follow_redirects=False,
    )


async def _sign_in_with(client, email: str, password: str):
    page = await client.get("/login")
    return await client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )


async def test_forgot_password_answers_alike_and_logs_a_single_use_link(
    client, world, engine, caplog
):
    caplog.set_level(logging.WARNING, logger="jobs")
    known = await _forgot(client, "part1@example.org")
    unknown = await _forgot(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    notice = "If an account uses that email, we sent it a link"
    assert notice in known.text and notice in unknown.text
    strip = lambda text: re.sub(r'value="[^"]+"', "", text)  # noqa: E731  (the form token differs)
    assert strip(known.text) == strip(unknown.text), "the page must not tell who has an account"
    found = LINK.findall(caplog.text)
    assert len(found) == 1, "one link, for the account that exists, written to the log"
    assert "Someone asked for a new password for your account" in caplog.text
    token = found[0]
    async with session_factory(engine)() as session:
        stored = list(await session.scalars(select(SignInLink)))
    assert [s.token_hash for s in stored] == [digest(token)], "only the digest is kept"
    assert stored[0].expires_at - stored[0].created_at == timedelta(hours=1)

    weak = await _set(client, token, "password")
    assert weak.status_code == 400 and 'id="password-error"' in weak.text
    mismatch = await _set(client, token, NEW_PASSPHRASE, "something else entirely here")
    assert mismatch.status_code == 400 and "not the same" in mismatch.text
    done = await _set(client, token, NEW_PASSPHRASE)
    assert done.status_code == 303 and done.headers["location"] == "/login?passphrase_set=1"
    again = await client.get(f"/login/link/{token}")
    assert again.status_code == 410 and "no longer works" in again.text
    assert (await _set(client, token, "another long passphrase of mine")).status_code == 410
    assert (await _sign_in_with(client, "part1@example.org", PASSWORD)).status_code == 400
    assert (await _sign_in_with(client, "part1@example.org", NEW_PASSPHRASE)).status_code == 303
    actions = await _actions(engine)
    assert actions.count("password_reset_requested") == 2 and "password_reset" in actions


async def test_an_expired_link_no_longer_works(client, world, engine, caplog):
    caplog.set_level(logging.WARNING, logger="jobs")
    await _forgot(client, "part1@example.org")
    token = LINK.findall(caplog.text)[0]
    async with session_factory(engine)() as session:
        await session.execute(update(SignInLink).values(expires_at=utcnow() - timedelta(seconds=1)))
        await session.commit()
    assert (await client.get(f"/login/link/{token}")).status_code == 410
    assert (await _set(client, token, NEW_PASSPHRASE)).status_code == 410


async def test_a_reset_opens_a_locked_account(client, world, engine, caplog):
    caplog.set_level(logging.WARNING, logger="jobs")
    for _ in range(5):
        await _sign_in_with(client, "part1@example.org", "not the password at all, no")
    async with session_factory(engine)() as session:
        user = await session.get(User, world.users["part1"])
        assert user is not None and user.locked_at is not None, "five failures lock the account"
    await _forgot(client, "part1@example.org")
    token = LINK.findall(caplog.text)[0]
    assert (await _set(client, token, NEW_PASSPHRASE)).status_code == 303
    await _sign_in_with(client, "part1@example.org", "one more wrong try after the reset")
    assert (await _sign_in_with(client, "part1@example.org", NEW_PASSPHRASE)).status_code == 303
    async with session_factory(engine)() as session:
        assert list(await session.scalars(select(SignInFailure))) == []


async def test_sign_in_page_has_help_phone_forgot_link_and_spanish(settings, engine, world):
    settings = dataclasses.replace(settings, program=ProgramSettings(help_phone="816-555-0100"))
    async with portal_client(settings) as client:
        english = await client.get("/login")
        assert "816-555-0100" in english.text and 'href="tel:816-555-0100"' in english.text
        assert 'href="/login/forgot"' in english.text
        spanish = await client.get("/login", headers={"Accept-Language": "es-MX,es;q=0.9"})
        assert "Iniciar sesión" in spanish.text and "¿Olvidó su contraseña?" in spanish.text
        assert "Llame al programa" in spanish.text and 'lang="es"' in spanish.text
        switched = await client.post(
            "/language",
            data={"language": "es", "next": "/login", "csrf_token": csrf_of(english.text)},
            follow_redirects=False,
        )
        assert switched.status_code == 303
        assert "Iniciar sesión" in (await client.get("/login")).text
        forgot = await client.get("/login/forgot")
        assert "Envíenme un enlace" in forgot.text


async def _new_participant(engine, world) -> int:
    async with session_factory(engine)() as session:
        person = Participant(external_ref="T-9", name="Cy Newcomer", home_postal_code="64130")
        session.add(person)
        await session.flush()
        session.add(
            CaseloadAssignment(specialist_id=world.users["spec1"], participant_id=person.id)
        )
        await session.commit()
        return person.id


async def test_specialist_creates_resends_and_turns_off_a_participant_login(
    client, world, engine, caplog
):
    caplog.set_level(logging.WARNING, logger="jobs")
    pid = await _new_participant(engine, world)
    csrf = await sign_in(client, "spec1")
    profile = await client.get(f"/participants/{pid}")
    assert "Phone-view login:" in profile.text and "none yet" in profile.text
    bad = await client.post(
        f"/participants/{pid}/login", data={"csrf_token": csrf, "email": "not an email"}
    )
    assert bad.status_code == 400 and 'id="email-error"' in bad.text
    taken = await client.post(
        f"/participants/{pid}/login", data={"csrf_token": csrf, "email": "part2@example.org"}
    )
    assert taken.status_code == 409
    made = await client.post(
        f"/participants/{pid}/login",
        data={"csrf_token": csrf, "email": "Cy@Example.org", "language": "es"},
    )
    assert made.status_code == 200 and "Invitation link" in made.text
    first = LINK.findall(made.text)[0]
    again = await client.post(
        f"/participants/{pid}/login", data={"csrf_token": csrf, "email": "x@example.org"}
    )
    assert again.status_code == 409, "one login per participant"
    resent = await client.post(f"/participants/{pid}/login/resend", data={"csrf_token": csrf})
    second = LINK.findall(resent.text)[0]
    assert second != first
    state = (await client.get(f"/participants/{pid}/login")).text
    assert "cy@example.org" in state and "the link works until" in state, "an open invitation"
    assert "Su especialista le abrió una cuenta" in caplog.text, "the email is in Spanish"
    assert second in caplog.text, "in development the email with the link goes to the log"
    client.cookies.clear()
    assert (await client.get(f"/login/link/{first}")).status_code == 410, "resend stops it"
    welcome = await client.get(f"/login/link/{second}")
    assert welcome.status_code == 200 and "Elija su contraseña" in welcome.text, (
        "the invitation opens in the language the specialist chose"
    )
    assert (await _set(client, second, NEW_PASSPHRASE)).status_code == 303
    signed = await _sign_in_with(client, "cy@example.org", NEW_PASSPHRASE)
    assert signed.status_code == 303 and signed.headers["location"] == "/me/jobs"
    assert (await client.get("/me/profile")).status_code == 200
    phone = client.cookies.get("jobs_session")

    client.cookies.clear()
    csrf = await sign_in(client, "spec1")
    assert "in use" in (await client.get(f"/participants/{pid}/login")).text
    off = await client.post(
        f"/participants/{pid}/login/disable", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert off.status_code == 303
    assert "turned off" in (await client.get(f"/participants/{pid}/login")).text
    client.cookies.clear()
    client.cookies.set("jobs_session", phone)
    assert (await client.get("/me/jobs", follow_redirects=False)).status_code == 303
    assert (await _sign_in_with(client, "cy@example.org", NEW_PASSPHRASE)).status_code == 400

    client.cookies.clear()
    csrf = await sign_in(client, "spec2")
    other = await client.post(f"/participants/{pid}/login/resend", data={"csrf_token": csrf})
    assert other.status_code == 404, "not on spec2's caseload"
    assert (await client.get(f"/participants/{pid}/login")).status_code == 404
    actions = await _actions(engine)
    for action in (
        "participant_login_created",
        "participant_login_resent",
        "invitation_accepted",
        "participant_login_disabled",
    ):
        assert action in actions, action
    async with session_factory(engine)() as session:
        user = await session.scalar(select(User).where(User.email == "cy@example.org"))
        assert user is not None and user.locale == "es" and user.participant_id == pid


async def test_participants_cannot_open_the_login_pages_of_staff(client, world):
    csrf = await sign_in(client, "part1")
    pid = world.participants["ana"]
    response = await client.post(f"/participants/{pid}/login/resend", data={"csrf_token": csrf})
    assert response.status_code == 403


async def _referral_id(client, world) -> int:
    csrf = await sign_in(client, "spec1")
    pid, mid = world.participants["ana"], world.matches["ana_forklift"]
    response = await client.post(
        f"/participants/{pid}/matches/{mid}/refer",
        data={"csrf_token": csrf, "shared": ["record", "supervision"], "agreed": "1"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    phone = await client.post(
        "/account/phone", data={"csrf_token": csrf, "phone": "816-555-0142"}, follow_redirects=False
    )
    assert phone.status_code == 303
    client.cookies.clear()
    await sign_in(client, "emp1")
    home = await client.get("/employer")
    return int(home.text.split("/employer/candidates/")[1].split('"')[0])


async def test_employer_sees_the_specialist_and_requests_an_interview(client, world, engine):
    referral_id = await _referral_id(client, world)
    page = await client.get(f"/employer/candidates/{referral_id}")
    assert 'id="contact-name">spec1<' in page.text
    assert "(816) 555-0142" in page.text and 'href="tel:8165550142"' in page.text
    assert "mailto:spec1@example.org" in page.text
    assert "drug possession" in page.text and "drug_possession" not in page.text
    assert "Missouri Probation and Parole" in page.text and "missouri_pp" not in page.text
    assert "no places that serve alcohol" in page.text
    assert re.search(r"on [A-Z][a-z]+ \d{1,2}, \d{4}", page.text), "the referral date written out"
    csrf = csrf_of(page.text)

    empty = await client.post(
        f"/employer/candidates/{referral_id}/interview", data={"csrf_token": csrf}
    )
    assert empty.status_code == 400 and 'id="option_1-error"' in empty.text
    past = await client.post(
        f"/employer/candidates/{referral_id}/interview",
        data={"csrf_token": csrf, "option_1": "2020-01-02T10:00"},
    )
    assert past.status_code == 400 and "has not passed" in past.text
    soon = (utcnow() + timedelta(days=3)).date()
    later = soon + timedelta(days=1)
    sent = await client.post(
        f"/employer/candidates/{referral_id}/interview",
        data={
            "csrf_token": csrf,
            "option_1": f"{later}T14:30",
            "option_2": f"{soon}T10:00",
            "note": "Ask for Dana at the dock office.",
        },
        follow_redirects=False,
    )
    assert sent.status_code == 303
    async with session_factory(engine)() as session:
        stored = list(await session.scalars(select(InterviewRequest)))
    assert [r.options for r in stored] == [[f"{soon}T10:00", f"{later}T14:30"]]
    assert "interview_requested" in await _actions(engine)
    shown = await client.get(f"/employer/candidates/{referral_id}")
    assert "Ask for Dana" in shown.text and "10:00 AM" in shown.text.replace("\u202f", " ")

    client.cookies.clear()
    await sign_in(client, "emp2")
    csrf = csrf_of((await client.get("/employer")).text)
    other = await client.post(
        f"/employer/candidates/{referral_id}/interview",
        data={"csrf_token": csrf, "option_1": f"{soon}T10:00"},
    )
    assert other.status_code == 404

    client.cookies.clear()
    await sign_in(client, "spec1")
    profile = await client.get(f"/participants/{world.participants['ana']}")
    assert "Interview requests" in profile.text
    assert (
        "Riverbend Logistics" in profile.text and "Ask for Dana at the dock office." in profile.text
    )
    assert soon.strftime("%B") in profile.text and "2:30 PM" in profile.text.replace("\u202f", " ")
    matches = await client.get(f"/participants/{world.participants['ana']}/matches")
    card = matches.text.split(f'id="match-{world.matches["ana_forklift"]}"')[1].split("</article>")[
        0
    ]
    assert "Interview requested" in card and "Ask for Dana at the dock office." in card
    caseload = await client.get("/caseload")
    assert "Interview requests (last 14 days)" in caseload.text
    assert "Riverbend Logistics, Forklift Operator" in caseload.text
    client.cookies.clear()
    await sign_in(client, "spec2")
    other = (await client.get("/caseload")).text
    assert "Ask for Dana" not in other and "Interview requests" not in other


async def test_staff_phone_is_checked_and_kept_in_e164(client, world, engine):
    csrf = await sign_in(client, "spec1")
    for bad_phone in ("call me <b>", "555-0142", "+1 816 555 0142 +2"):
        bad = await client.post("/account/phone", data={"csrf_token": csrf, "phone": bad_phone})
        assert bad.status_code == 400 and 'id="phone-error"' in bad.text, bad_phone
    async with session_factory(engine)() as session:
        assert list(await session.scalars(select(StaffContact))) == []
    await client.post("/account/phone", data={"csrf_token": csrf, "phone": "1 (816) 555-0142"})
    async with session_factory(engine)() as session:
        (stored,) = await session.scalars(select(StaffContact))
    assert stored.phone == "+18165550142"
    assert 'value="(816) 555-0142"' in (await client.get("/account/phone")).text
