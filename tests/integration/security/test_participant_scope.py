"""``require_participant`` (its statement built once per kind of viewer, the viewer's ids bound
at each run) finds exactly the participants ``visible_participant_ids`` lists for that viewer."""

from __future__ import annotations

import pytest

from jobs.errors import NotFound, PermissionDenied
from jobs.services.visibility import require_participant, visible_participant_ids
from jobs.services.web_sessions import Viewer
from jobs.store.engine import read_session_factory

pytestmark = pytest.mark.anyio

VIEWERS = {
    "admin": ("admin", None),
    "spec1": ("specialist", None),
    "spec2": ("specialist", None),
    "part1": ("participant", "ana"),
    "part2": ("participant", "ben"),
    "lost": ("participant", ""),  # a participant account whose record is gone
}


def _viewer(world, name: str) -> Viewer:
    role, person = VIEWERS[name]
    return Viewer(
        user_id=world.users.get(name, 10**6),
        role=role,
        email=f"{name}@example.org",
        display_name=name,
        participant_id=world.participants[person] if person else None,
    )


@pytest.mark.parametrize("protected", [True, False])
@pytest.mark.parametrize("name", list(VIEWERS))
async def test_a_viewer_finds_exactly_the_participants_listed_for_them(
    engine, world, name, protected
):
    viewer = _viewer(world, name)
    async with read_session_factory(engine)() as session:
        listed = set((await session.scalars(visible_participant_ids(viewer))).all())
    for person_id in world.participants.values():
        # A fresh session each time: no participant found earlier in the read is reused.
        async with read_session_factory(engine)() as session:
            try:
                found = await require_participant(session, viewer, person_id, protected=protected)
            except NotFound:
                assert person_id not in listed
            else:
                assert person_id in listed and found.id == person_id
    assert listed or name == "lost"


async def test_an_employer_is_refused(engine, world):
    viewer = Viewer(user_id=world.users["emp1"], role="employer", email="e", display_name="e")
    async with read_session_factory(engine)() as session:
        with pytest.raises(PermissionDenied):
            await require_participant(session, viewer, world.participants["ana"])
