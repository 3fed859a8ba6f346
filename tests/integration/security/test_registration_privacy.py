"""Issue 20, Low 8: registering does not tell whether an email already has an account."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jobs.store import AuditEvent, Employer
from tests.integration.web.world import csrf_of

pytestmark = pytest.mark.anyio


async def _register(client, company: str, email: str):
    page = await client.get("/register")
    return await client.post(
        "/register",
        data={
            "csrf_token": csrf_of(page.text),
            "company": company,
            "contact_name": "Pat",
            "email": email,
            "website": "",
            "password": "a long enough passphrase for pat",
        },
        follow_redirects=False,
    )


async def test_the_answer_is_the_same_for_a_new_and_a_known_email(client, world, session):
    new = await _register(client, "Brand New Bakery", "pat@newbakery.example")
    known = await _register(client, "Another Bakery", "EMP1@example.org")
    assert (new.status_code, new.headers["location"]) == (303, "/login?registered=1")
    assert (known.status_code, known.headers["location"]) == (303, "/login?registered=1")
    assert known.text == new.text
    names = set(await session.scalars(select(Employer.name)))
    assert "Brand New Bakery" in names and "Another Bakery" not in names
    refused = await session.scalars(
        select(AuditEvent).where(AuditEvent.action == "request_refused")
    )
    assert [row.detail["reason"] for row in refused] == ["email_taken"]
    notice = await client.get("/login?registered=1")
    assert "If this email was new to us" in notice.text


async def test_registration_confirms_by_email_either_way(client, world, session):
    """Both addresses get an email through the outbox (a new one: waiting for approval; a known
    one: you have an account already), so only the mailbox's owner learns which it was."""
    from jobs.store import OutboxMessage

    await _register(client, "Brand New Bakery", "pat@newbakery.example")
    await _register(client, "Another Bakery", "EMP1@example.org")
    rows = list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    assert [(r.recipient, r.template, r.channel, r.status) for r in rows] == [
        ("pat@newbakery.example", "registration_received", "email", "queued"),
        ("emp1@example.org", "registration_existing", "email", "queued"),
    ]
    assert "already has an account" in rows[1].body
    assert "already" not in rows[0].body
