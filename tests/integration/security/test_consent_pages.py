"""Consent through the pages: a specialist records one (confirming their password), the employer
sees exactly the named fields with the redisclosure notice on treatment, the participant sees
who looked and stops sharing with one tap, and the employer loses the candidate at once."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from jobs.store import Consent, Disclosure, Supervision
from tests.integration.web.world import csrf_of, sign_in

pytestmark = pytest.mark.anyio


@pytest.fixture
async def treatment(session, world):
    supervision = await session.get(Supervision, world.participants["ana"])
    supervision.obligations = [
        {"label": "outpatient treatment", "days": ["mon", "wed"], "start": "17:30", "end": "19:00"}
    ]
    await session.commit()


async def _record(client, world, **changes):
    ana = world.participants["ana"]
    page = await client.get(f"/participants/{ana}/consents")
    form = {
        "csrf_token": csrf_of(page.text),
        "employer_id": str(world.employers["riverbend"]),
        "fields": ["record", "treatment"],
        "purpose": "to apply for the forklift job",
        "days": "90",
        "agreed": "1",
        **changes,
    }
    return await client.post(f"/participants/{ana}/consents", data=form, follow_redirects=False)


async def test_a_consent_recorded_shown_disclosed_and_revoked(client, world, session, treatment):
    ana = world.participants["ana"]
    csrf = await sign_in(client, "spec1")
    unagreed = await _record(client, world, agreed="")
    assert unagreed.status_code == 400
    assert (await session.scalars(select(Consent))).all() == []
    await session.rollback()  # end the read, so the app can write
    done = await _record(client, world)
    assert done.status_code == 303
    referred = await client.post(
        "/api/v1/referrals",
        json={
            "participant_id": ana,
            "match_id": world.matches["ana_forklift"],
            "participant_agreed": True,
        },
        headers={"x-csrf-token": csrf},
    )
    assert referred.status_code == 201, referred.text
    client.cookies.clear()

    await sign_in(client, "emp1")
    home = await client.get("/employer")
    (referral_id,) = {int(x) for x in re.findall(r"/employer/candidates/(\d+)", home.text)}
    seen = await client.get(f"/employer/candidates/{referral_id}")
    assert "drug possession" in seen.text and "outpatient treatment" in seen.text
    assert "Do not pass this on" in seen.text
    assert "Secret Home St" not in seen.text and "no_alcohol_venues" not in seen.text
    (by_api,) = (await client.get("/api/v1/referrals")).json()
    assert sorted(by_api["shared"]) == ["record", "treatment"] and by_api["notice"]
    assert by_api["address"] is None and by_api["supervision"] is None
    client.cookies.clear()

    await sign_in(client, "emp2")
    assert (await client.get(f"/employer/candidates/{referral_id}")).status_code == 404
    client.cookies.clear()

    await sign_in(client, "part1")
    mine = await client.get("/me/consents")
    assert mine.status_code == 200 and mine.text.count("Riverbend Logistics") >= 3
    assert "Who has seen my information" in mine.text
    for consent_id in re.findall(r'action="/me/consents/(\d+)/revoke"', mine.text):
        stopped = await client.post(
            f"/me/consents/{consent_id}/revoke",
            data={"csrf_token": csrf_of(mine.text)},
            follow_redirects=False,
        )
        assert stopped.status_code == 303
    after = await client.get("/me/consents")
    assert "/revoke" not in after.text and "You stopped sharing" in after.text
    client.cookies.clear()

    await sign_in(client, "emp1")
    assert (await client.get(f"/employer/candidates/{referral_id}")).status_code == 404
    assert (await client.get("/api/v1/referrals")).json() == []
    session.expire_all()
    rows = (await session.scalars(select(Disclosure).order_by(Disclosure.id))).all()
    assert {r.channel for r in rows} == {"page", "api"}
    assert all(r.employer_id == world.employers["riverbend"] for r in rows)
    assert ["record", "treatment"] in [r.fields for r in rows]


async def test_a_participant_cannot_revoke_anothers_consent(client, world, session):
    other = Consent(
        participant_id=world.participants["ben"],
        employer_id=world.employers["northside"],
        fields=["record"],
        purpose="test",
    )
    session.add(other)
    await session.commit()
    csrf = await sign_in(client, "part1")
    refused = await client.post(
        f"/me/consents/{other.id}/revoke", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert refused.status_code == 404
    by_api = await client.post(
        f"/api/v1/consents/{other.id}/revoke", headers={"x-csrf-token": csrf}
    )
    assert by_api.status_code == 404
    await session.refresh(other)
    assert other.revoked_at is None


async def test_recording_a_consent_needs_a_recent_sign_in(client, world, session, settings):
    from datetime import timedelta

    from jobs.store import WebSession
    from jobs.store.base import utcnow

    await sign_in(client, "spec1")
    page = await client.get(f"/participants/{world.participants['ana']}/consents")
    csrf = csrf_of(page.text)
    # Pretend the sign-in happened long ago: the override must ask for the password again.
    long_ago = settings.security.reauth_minutes + 1
    for row in (await session.scalars(select(WebSession))).all():
        row.authenticated_at = utcnow() - timedelta(minutes=long_ago)
    await session.commit()
    refused = await _record(client, world, csrf_token=csrf)
    assert refused.status_code == 303 and refused.headers["location"].startswith("/reauth")
    assert (await session.scalars(select(Consent))).all() == []
