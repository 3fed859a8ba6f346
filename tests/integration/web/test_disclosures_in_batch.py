"""An employer's page notes what it disclosed (services/referrals.candidates) without turning
its read into a writer's transaction: the disclosure goes in the group commit's batch with the
page's audit rows."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from jobs.services.audit import Actor, append, keep_record, keep_rows_for_later, write_later_rows
from jobs.services.group_commit import GroupCommit
from jobs.services.referrals import DISCLOSURES
from jobs.store import Disclosure
from jobs.store.base import utcnow
from jobs.store.engine import session_factory
from tests.support.db import statements_sent

pytestmark = pytest.mark.anyio


async def test_a_record_kept_with_the_audit_rows_is_written_in_their_batch(engine, world):
    """An employer's page notes a disclosure: in a reader's session it is kept with the page's
    audit rows and written in the same batch, before them, instead of turning the read into a
    writer's transaction for the rest of the page."""
    writes = GroupCommit(engine)
    readers = session_factory(engine)
    disclosed = {
        "disclosed_at": utcnow(),
        "participant_id": world.participants["ana"],
        "employer_id": world.employers["riverbend"],
        "viewer_user_id": None,
        "consent_ids": [],
        "referral_id": None,
        "fields": ["name"],
        "channel": "page",
    }
    async with readers() as session:
        keep_rows_for_later(session)
        assert keep_record(session, DISCLOSURES, disclosed)
        await append(session, Actor(label="employer"), "candidate_viewed", "referral", 1)
        assert not session.info.get("writing")  # the read stayed a read
        await session.commit()
        with statements_sent(engine) as said:
            assert await write_later_rows(session, writes) == 1
    inserts = [s.split("(")[0].strip() for s in said if s.upper().startswith("INSERT")]
    assert inserts == ["INSERT INTO disclosures", "INSERT INTO audit_events"]
    assert writes.batches == 1
    async with readers() as session:
        assert await session.scalar(select(func.count()).select_from(Disclosure)) == 1
    async with readers() as session, session.begin():  # a writer's session keeps nothing
        assert not keep_record(session, DISCLOSURES, disclosed)
