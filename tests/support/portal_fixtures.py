"""The portal's small world of people and jobs, and a test client for the app: fixtures shared
by the web, API and security tests (each of their conftest files imports them)."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient

from jobs.app import create_app
from tests.integration.web.world import build_world


def portal_client(settings) -> AsyncTestClient:
    """A test client for a fresh app on ``settings``, on the host the tests' settings allow."""
    return AsyncTestClient(app=create_app(settings), base_url="http://testserver.local")


@pytest.fixture
async def world(session):
    return await build_world(session)


@pytest.fixture
async def client(settings, engine, world):
    async with portal_client(settings) as client:
        yield client
