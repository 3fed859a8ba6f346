"""The portal's small world of people and jobs, and a test client for the app: fixtures shared
by the web, API and security tests (each of their conftest files imports them)."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient

from jobs.app import create_app
from tests.integration.web.world import build_world


@pytest.fixture
async def world(session):
    return await build_world(session)


@pytest.fixture
async def client(settings, engine, world):
    async with AsyncTestClient(
        app=create_app(settings), base_url="http://testserver.local"
    ) as client:
        yield client
