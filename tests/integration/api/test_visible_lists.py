"""What each role may list and read through the API, said once in services/visibility.py:
postings, employers and participants, scoped in the query."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jobs.api.v1 import _employer
from jobs.errors import NotFound, PermissionDenied
from jobs.services.postings import posting_document
from jobs.services.visibility import (
    postings_visible_to,
    visible_employer,
    visible_employers,
    visible_participants,
    visible_posting,
    visible_postings,
)
from jobs.services.web_sessions import Viewer
from jobs.store import Employer, Posting, Source

pytestmark = pytest.mark.anyio


def _viewer(world, name: str, role: str, **more) -> Viewer:
    return Viewer(
        user_id=world.users[name], role=role, email=world.email(name), display_name=name, **more
    )


async def test_employers_see_their_own_postings_and_staff_every_open_one(session, world):
    emp1 = _viewer(world, "emp1", "employer", employer_ids=(world.employers["riverbend"],))
    own, total = await visible_postings(session, emp1, limit=50, offset=0)
    assert total == 2 and {p["title"] for p in own} == {"Forklift Operator", "Dock Loader"}
    assert (await visible_posting(session, emp1, world.postings["loader"]))[
        "title"
    ] == "Dock Loader"
    with pytest.raises(NotFound, match="no posting"):
        await visible_posting(session, emp1, world.postings["packer"])
    admin = _viewer(world, "admin", "admin")
    page, total = await visible_postings(session, admin, limit=1, offset=1)
    assert total == 4 and len(page) == 1


async def test_listed_postings_are_the_documents_of_their_whole_rows(session, world):
    # The list reads only the columns a document shows; each document is still the one its
    # whole stored posting makes.
    admin = _viewer(world, "admin", "admin")
    listed, total = await visible_postings(session, admin, limit=50, offset=0)
    rows = await session.execute(
        select(Posting, Source.name)
        .join(Source, Source.id == Posting.source_id)
        .where(Posting.status == "open")
        .order_by(Posting.id)
    )
    whole = [posting_document(posting, name) for posting, name in rows]
    assert total == len(whole) == 4
    assert listed == whole
    assert listed[0] == await visible_posting(session, admin, listed[0]["id"])


async def test_listed_employers_read_as_their_whole_rows(session, world):
    spec1 = _viewer(world, "spec1", "specialist")
    rows, _ = await visible_employers(session, spec1, limit=50, offset=0)
    for row in rows:
        assert _employer(row) == _employer(await session.get(Employer, row.id))


async def test_participants_see_no_posting_list_and_no_employer_list(session, world):
    part1 = _viewer(world, "part1", "participant", participant_id=world.participants["ana"])
    with pytest.raises(PermissionDenied, match="/me/jobs"):
        postings_visible_to(part1)
    with pytest.raises(PermissionDenied, match="/me/jobs"):
        await visible_posting(session, part1, world.postings["forklift"])
    with pytest.raises(PermissionDenied, match="matched jobs"):
        await visible_employers(session, part1, limit=50, offset=0)
    with pytest.raises(PermissionDenied, match="matched jobs"):
        await visible_employer(session, part1, world.employers["riverbend"])


async def test_staff_list_approved_employers_and_employers_only_their_own(session, world):
    spec1 = _viewer(world, "spec1", "specialist")
    rows, total = await visible_employers(session, spec1, limit=50, offset=0)
    assert total == 2 and [e.name for e in rows] == ["Northside Foods", "Riverbend Logistics"]
    pending = await visible_employer(session, spec1, world.employers["pending"])
    assert pending.name == "Pending Co", "staff read any employer by id"
    waiting = _viewer(world, "emppending", "employer", employer_ids=(world.employers["pending"],))
    rows, total = await visible_employers(session, waiting, limit=50, offset=0)
    assert total == 1 and [e.name for e in rows] == ["Pending Co"]
    emp1 = _viewer(world, "emp1", "employer", employer_ids=(world.employers["riverbend"],))
    with pytest.raises(NotFound, match="no employer"):
        await visible_employer(session, emp1, world.employers["northside"])


async def test_participants_listed_are_the_caseload_everyone_or_oneself(session, world):
    ana, ben = world.participants["ana"], world.participants["ben"]
    spec1 = _viewer(world, "spec1", "specialist")
    assert await visible_participants(session, spec1, limit=50, offset=0) == (
        [(ana, "T-1", "Ana Tester")],
        1,
    )
    admin = _viewer(world, "admin", "admin")
    rows, total = await visible_participants(session, admin, limit=1, offset=1)
    assert total == 2 and rows == [(ben, "T-2", "Ben Tester")]
    part2 = _viewer(world, "part2", "participant", participant_id=ben)
    assert await visible_participants(session, part2, limit=50, offset=0) == (
        [(ben, "T-2", "Ben Tester")],
        1,
    )
