"""For registrants the match card and the officer packet name the nearest listed school or
child-care site and its distance; the admin page shows coverage and each list's age."""

from __future__ import annotations

import math
from pathlib import Path

import msgspec
import pytest
from sqlalchemy import select

from jobs.matching import ChildPlace, ChildPlaces, ListCoverage, assess
from jobs.matching.child_places import EARTH_RADIUS_M
from jobs.services.child_places import import_nces
from jobs.store import Match
from jobs.store.engine import session_factory
from tests.integration.web.world import sign_in
from tests.unit.matching.builders import KCMO, TODAY, person, posting

pytestmark = pytest.mark.anyio
PUBLIC = Path(__file__).resolve().parents[2] / "fixtures" / "child_places"
NEAREST = "Nearest listed school: Example Elementary, 400 m (1,312 ft) from the job site"


def _registrant_reasons() -> list[dict]:
    """What the rules store for a registrant's job 400 m from a listed school in a county whose
    lists are current."""
    site = {**KCMO, "lat": KCMO["lat"] + math.degrees(400 / EARTH_RADIUS_M)}
    places = ChildPlaces(
        [ChildPlace("Example Elementary", KCMO["lat"], KCMO["lon"])],
        [
            ListCoverage(state="MO", county="jackson", kind=kind, source="x", as_of=TODAY)
            for kind in ("school", "child_care")
        ],
    )
    registrant = person(record={"felony": True, "offense_categories": ["sex"], "registrant": True})
    found = assess(registrant, posting(locations=[site]), TODAY, child_places=places)
    return msgspec.to_builtins(found.reasons)


async def _give_reasons(engine, match_id: int, reasons: list[dict]) -> None:
    async with session_factory(engine)() as session, session.begin():
        match = await session.scalar(select(Match).where(Match.id == match_id))
        assert match is not None
        match.reasons = [*match.reasons, *reasons]


async def test_the_card_and_the_packet_name_the_nearest_listed_place(client, world, engine):
    reasons = _registrant_reasons()
    assert NEAREST in [r["text"] for r in reasons]
    pid, mid = world.participants["ana"], world.matches["ana_packer"]
    await _give_reasons(engine, mid, reasons)
    await sign_in(client, "spec1")
    card = await client.get(f"/participants/{pid}/matches")
    assert card.status_code == 200
    assert card.text.count(NEAREST) == 1  # its own line, not again among the reasons
    assert 'class="nearest-child-place"' in card.text
    packet = await client.get(f"/participants/{pid}/matches/{mid}/packet")
    assert packet.status_code == 200
    assert "Nearest listed school or child care" in packet.text
    assert packet.text.count(NEAREST) == 1


async def test_a_match_without_a_registrant_says_nothing_of_schools(client, world):
    await sign_in(client, "spec1")
    pid, mid = world.participants["ana"], world.matches["ana_packer"]
    packet = await client.get(f"/participants/{pid}/matches/{mid}/packet")
    assert "Nearest listed school" not in packet.text


async def test_the_admin_page_shows_coverage_and_each_lists_age(client, world, engine):
    await sign_in(client, "admin")
    before = await client.get("/admin")
    assert before.status_code == 200
    assert "No list imported: the rules use the bundled Kansas City demo list" in before.text
    assert "Jackson County, MO" in before.text and "demo hand list (partial)" in before.text
    async with session_factory(engine)() as session, session.begin():
        await import_nces(session, PUBLIC / "EDGE_GEOCODE_PUBLICSCH_2324.csv")
        await import_nces(session, PUBLIC / "EDGE_GEOCODE_PRIVATESCH_2122.txt")
    after = await client.get("/admin")
    assert "No list imported" not in after.text
    assert "NCES EDGE public schools" in after.text and "NCES EDGE private schools" in after.text
    assert "2024-06-30" in after.text and "2022-06-30" in after.text
    assert "Clay County, MO" in after.text and "Wyandotte County, KS" in after.text
    assert "(too old)" in after.text  # the 2021-22 private-school list, years before today
