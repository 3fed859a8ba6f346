"""Issue 20, "also decide": concurrent sessions are capped — a sixth signed-in browser ends the
account's least recently used one."""

from datetime import timedelta

import pytest

from jobs.services.web_sessions import start_session, viewer_from_session
from jobs.store import User
from tests.integration.web.world import now

pytestmark = pytest.mark.anyio


async def test_a_sixth_sign_in_ends_the_least_recently_used_browser(session, settings, world):
    security, start = settings.security, now()
    user = await session.get(User, world.users["spec1"])
    tokens = []
    for minute in range(6):
        at = start + timedelta(minutes=minute)
        tokens.append(await start_session(session, user, security, now=at))
    later = start + timedelta(minutes=6)
    alive = [await viewer_from_session(session, t, security, now=later) for t in tokens]
    assert alive[0] is None, "the oldest browser was signed out"
    assert all(viewer is not None for viewer in alive[1:])
    other = await session.get(User, world.users["spec2"])
    assert await start_session(session, other, security, now=later)
    assert await viewer_from_session(session, tokens[1], security, now=later) is not None
