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


async def test_specialist_records_contact_and_confirms_a_texted_yes(client, world, engine):
    from datetime import date

    from jobs.store import Checkpoint, InboundMessage, Placement

    ana = world.participants["ana"]
    csrf = await sign_in(client, "spec1")
    bad = await client.post(
        f"/participants/{ana}/contact",
        data={"csrf_token": csrf, "phone": "816-555-0123", "channels": "sms", "language": "en"},
    )
    assert bad.status_code == 400 and "E.164" in bad.text
    saved = await client.post(
        f"/participants/{ana}/contact",
        data={"csrf_token": csrf, "phone": "+18165550123", "channels": "sms", "language": "es"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    async with session_factory(engine)() as session, session.begin():
        contact = await session.get(ParticipantContact, ana)
        assert (contact.channels, contact.language) == (["sms"], "es")
        assert contact.consent_recorded_by and contact.consent_recorded_at is not None
        job = Placement(
            participant_id=ana,
            employer_id=world.employers["riverbend"],
            job_title="Packer",
            start_date=date(2026, 10, 1),
            hourly_wage=17.0,
            hours_per_week=40,
        )
        job.checkpoints = [Checkpoint(kind="30", due_on=date(2026, 10, 31))]
        session.add(job)
        await session.flush()
        reply = InboundMessage(
            participant_id=ana,
            checkpoint_id=job.checkpoints[0].id,
            provider_id="SMyes",
            kind="yes",
            body="yes",
        )
        session.add(reply)
        await session.flush()
        reply_id, check_id = reply.id, job.checkpoints[0].id
    profile = await client.get(f"/participants/{ana}")
    assert "Confirm: record the check as confirmed" in profile.text
    done = await client.post(
        f"/participants/{ana}/replies/confirm",
        data={"csrf_token": csrf, "reply_id": str(reply_id)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    async with session_factory(engine)() as session:
        check = await session.get(Checkpoint, check_id)
        assert check.status == "confirmed" and "self-reported by text" in check.note
