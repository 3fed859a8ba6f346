"""Issue 20, Medium 4: an id of 2^63 or more in any path is bad input (400), never a 500, and
leaves no transaction open behind it (SQLite cannot bind such an integer)."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time

import pytest

from jobs.app import create_app
from tests.integration.web.test_authorization_matrix import ALLOWED, JSON_BODIES
from tests.integration.web.world import sign_in
from tests.support.portal_fixtures import portal_client

pytestmark = pytest.mark.anyio

HUGE = (2**63, 2**64 + 7)
ROLES = ("admin", "spec1", "emp1", "part1")


def _write_lock_free(url: str) -> bool:
    """True when another connection can take SQLite's write lock at once."""
    connection = sqlite3.connect(url.split("///", 1)[1], timeout=0.5, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()


def _routes_with_ids(settings) -> dict[str, list[tuple[str, str]]]:
    """Routes whose path has an id, by the first world role allowed on them."""
    by_role: dict[str, list[tuple[str, str]]] = {role: [] for role in ROLES}
    for route in create_app(settings).routes:
        for method in sorted(getattr(route, "methods", ())):
            if method in ("OPTIONS", "HEAD") or ":int}" not in route.path:
                continue
            allowed = ALLOWED[(method, route.path)]
            role = next(role for role in ROLES if role in allowed)
            by_role[role].append((method, route.path))
    return by_role


async def test_huge_ids_in_every_path_are_refused_as_bad_input(settings, world):
    by_role = _routes_with_ids(settings)
    assert sum(map(len, by_role.values())) >= 30, "every route with an id is sent one"
    sqlite = settings.database.url.startswith("sqlite")
    problems = []
    for role, routes in by_role.items():
        async with portal_client(settings) as client:
            csrf = await sign_in(client, role)
            for method, template in routes:
                for huge in HUGE:
                    url = re.sub(r"\{\w+:int\}", str(huge), template)
                    started = time.monotonic()
                    if template.startswith("/api/"):
                        response = await client.request(
                            method,
                            url,
                            json=JSON_BODIES.get((method, template), {})
                            if method in ("POST", "PATCH")
                            else None,
                            headers={"x-csrf-token": csrf},
                        )
                    else:
                        response = await client.request(
                            method,
                            url,
                            data={"csrf_token": csrf} if method == "POST" else None,
                            follow_redirects=False,
                        )
                    took = time.monotonic() - started
                    if response.status_code != 400 or took > 5:
                        problems.append((role, method, url, response.status_code, round(took, 1)))
                    if sqlite and not await asyncio.to_thread(
                        _write_lock_free, settings.database.url
                    ):
                        problems.append((role, method, url, "left the write lock held"))
            assert (await client.get("/start", follow_redirects=True)).status_code == 200
    assert problems == [], problems


async def test_huge_ids_in_forms_are_refused_as_bad_input(client, world, settings):
    csrf = await sign_in(client, "admin")
    huge = str(2**63)
    forms = {
        "/admin/caseloads": {"specialist_id": huge, "participant_id": huge},
        "/admin/accounts": {
            "role": "employer",
            "employer_id": huge,
            "email": "x@example.org",
            "password": "a long passphrase for somebody",
        },
        f"/participants/{world.participants['ana']}/consents": {
            "employer_id": huge,
            "days": "30",
            "purpose": "x",
            "agreed": "1",
        },
    }
    for path, fields in forms.items():
        response = await client.post(
            path, data={"csrf_token": csrf, **fields}, follow_redirects=False
        )
        assert response.status_code == 400, (path, response.status_code)
    if settings.database.url.startswith("sqlite"):
        assert await asyncio.to_thread(_write_lock_free, settings.database.url)
