"""Issue 20, "also decide": a specialist does not see figures for another caseload serving fewer
than five people (one person could be picked out); their own row and admins' views are whole."""

import pytest

from tests.integration.web.world import sign_in
from tests.support.portal_fixtures import portal_client

pytestmark = pytest.mark.anyio


async def _rows(client, name):
    await sign_in(client, name)
    answer = await client.get(
        "/reports/outcomes.json?from=2026-01-01", headers={"accept": "application/json"}
    )
    assert answer.status_code == 200, answer.text
    return {row["key"] for row in answer.json()["by_specialist"]}


async def test_small_caseloads_of_others_are_left_out_for_specialists(settings, world):
    spec1, spec2 = str(world.users["spec1"]), str(world.users["spec2"])
    async with portal_client(settings) as specialist, portal_client(settings) as admin:
        assert await _rows(specialist, "spec1") == {spec1}
        assert await _rows(admin, "admin") >= {spec1, spec2}
