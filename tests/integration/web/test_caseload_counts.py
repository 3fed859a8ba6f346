"""The caseload counts each participant's interests and open referrals (in the statement that
reads the names): its own, and only the referrals still open."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from jobs.services.caseload import dashboard
from jobs.services.web_sessions import Viewer
from jobs.store import Consent, Interest, Referral

pytestmark = pytest.mark.anyio


async def test_interests_and_open_referrals_are_counted_per_participant(session, world):
    ana, ben = world.participants["ana"], world.participants["ben"]
    posts = world.postings
    session.add_all(
        [
            Interest(participant_id=ana, posting_id=posts["forklift"]),
            Interest(participant_id=ana, posting_id=posts["packer"]),
            Interest(participant_id=ben, posting_id=posts["forklift"]),
        ]
    )
    consents = {
        who: Consent(
            participant_id=pid, employer_id=world.employers["riverbend"], fields=[],
            purpose="Referral", granted_at=datetime.now(UTC),
        )
        for who, pid in (("ana", ana), ("ben", ben))
    }  # fmt: skip
    session.add_all(consents.values())
    await session.flush()
    for who, posting, status in (
        ("ana", "forklift", "referred"),
        ("ana", "packer", "interviewing"),
        ("ana", "loader", "hired"),  # no longer open
        ("ben", "forklift", "offered"),
    ):
        session.add(
            Referral(
                participant_id=world.participants[who], posting_id=posts[posting],
                employer_id=world.employers["riverbend"], consent_id=consents[who].id,
                status=status,
            )
        )  # fmt: skip
    await session.commit()
    seen = {}
    for user in ("spec1", "spec2"):
        viewer = Viewer(user_id=world.users[user], role="specialist", email="", display_name=user)
        for row in await dashboard(session, viewer, date(2026, 12, 1)):
            seen[row.id] = (row.interested, row.referrals_open)
    assert seen == {ana: (2, 2), ben: (1, 1)}
