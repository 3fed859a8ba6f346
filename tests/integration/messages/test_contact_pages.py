"""Contact and consent on the pages: the participant turns texts off and on from their own page
(recorded and audited), and an employer never sees a participant's phone or email."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jobs.services.outbox import set_contact
from jobs.store import AuditEvent, ParticipantContact
from jobs.store.engine import session_factory
from tests.integration.web.world import sign_in

pytestmark = pytest.mark.anyio


async def test_participant_changes_channels_on_their_own_page(client, world, engine):
    ana = world.participants["ana"]
    async with session_factory(engine)() as session, session.begin():
        await set_contact(
            session,
            ana,
            phone="+18165550123",
            email="ana@example.org",
            channels=["sms"],
            language="en",
            recorded_by="user:spec1",
        )
    csrf = await sign_in(client, "part1")
    page = await client.get("/me/profile")
    assert "How we reach you" in page.text and "+18165550123" in page.text
    answer = await client.post(
        "/me/contact",
        data={"csrf_token": csrf, "channels": ["email"]},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    refused = await client.post("/me/contact", data={"channels": "sms"}, follow_redirects=False)
    assert refused.status_code == 403  # CSRF still applies here
    async with session_factory(engine)() as session:
        contact = await session.get(ParticipantContact, ana)
        assert contact.channels == ["email"]
        assert contact.consent_recorded_by == "participant, on their own page"
        actions = list(
            await session.scalars(select(AuditEvent.action).where(AuditEvent.participant_id == ana))
        )
    assert "contact_channels_changed" in actions


async def test_an_employer_never_sees_phone_or_email(client, world, engine):
    for person in ("ana", "ben"):
        async with session_factory(engine)() as session, session.begin():
            await set_contact(
                session,
                world.participants[person],
                phone="+18165550177",
                email="secret-address@example.org",
                channels=["sms", "email"],
                language="en",
                recorded_by="test",
            )
    await sign_in(client, "emp1")
    seen = ""
    for path in ("/employer", "/api/v1/referrals", "/employer/candidates"):
        answer = await client.get(path)
        seen += answer.text
    assert "+18165550177" not in seen and "secret-address@example.org" not in seen
