"""Issue 20, Low 11: a specialist learns nothing about other caseloads from a taken reference:
the answer is the same whether or not the person exists elsewhere, and the try is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jobs.store import AuditEvent, Participant
from tests.integration.web.world import sign_in

pytestmark = pytest.mark.anyio

PERSON = {
    "name": "Someone New",
    "home": {"address": "1 Main St, Kansas City, MO", "postal_code": "64106"},
}


async def test_a_reference_in_another_caseload_is_not_revealed(client, world, session):
    csrf = await sign_in(client, "spec1")
    headers = {"x-csrf-token": csrf}
    other = await client.post(
        "/api/v1/participants", json={**PERSON, "external_ref": "T-2"}, headers=headers
    )
    own = await client.post(
        "/api/v1/participants", json={**PERSON, "external_ref": "T-1"}, headers=headers
    )
    assert other.status_code == own.status_code == 400
    assert other.json() == own.json(), "the same answer for a reference in another caseload"
    message = other.json()["error"]["message"]
    assert "exist" not in message and "T-2" not in message, message
    page = await client.post(
        "/participants",
        data={
            "csrf_token": csrf,
            "external_ref": "T-2",
            "name": "Someone New",
            "max_commute_minutes": "60",
        },
    )
    assert page.status_code == 400 and "exists already" not in page.text
    assert "cannot be used" in page.text
    refs = list(await session.scalars(select(Participant.external_ref)))
    assert sorted(refs) == ["T-1", "T-2"]
    refused = await session.scalars(
        select(AuditEvent).where(AuditEvent.action == "request_refused")
    )
    tries = [row for row in refused if (row.detail or {}).get("reason") == "reference_taken"]
    assert len(tries) == 3
