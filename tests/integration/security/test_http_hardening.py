"""Security headers on every response; wrong Host names and oversized bodies are refused."""

import dataclasses
import re

import pytest
from litestar.testing import AsyncTestClient

from jobs.app import create_app
from jobs.web.hardening import CONTENT_SECURITY_POLICY
from tests.integration.web.world import sign_in

pytestmark = pytest.mark.anyio

EXPECTED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}


def _assert_hardened(response, *, personal=True):
    csp = response.headers.get("content-security-policy", "")
    assert csp == CONTENT_SECURITY_POLICY
    for part in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
    ):
        assert part in csp
    assert "unsafe-inline" not in csp
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, name
    assert "camera=()" in response.headers.get("permissions-policy", "")
    assert "strict-transport-security" not in response.headers  # development
    if personal:
        assert response.headers.get("cache-control") == "no-store"


async def test_headers_on_pages_the_api_and_error_pages(client):
    _assert_hardened(await client.get("/login"))
    await sign_in(client, "spec1")
    _assert_hardened(await client.get("/caseload"))
    _assert_hardened(await client.get("/api/v1/me"))
    missing = await client.get("/participants/999999")
    assert missing.status_code == 404
    _assert_hardened(missing)
    no_route = await client.get("/no/such/page")
    assert no_route.status_code == 404
    _assert_hardened(no_route)


async def test_headers_on_api_errors_for_strangers(settings, engine):
    async with AsyncTestClient(app=create_app(settings)) as client:
        refused = await client.get("/api/v1/participants")
        assert refused.status_code == 401
        _assert_hardened(refused)


async def test_static_assets_may_be_cached_but_keep_the_other_headers(client):
    response = await client.get("/static/app.css")
    assert response.status_code == 200
    assert response.headers.get("cache-control") != "no-store"
    assert response.headers.get("x-content-type-options") == "nosniff"


async def test_hsts_only_in_production(settings, engine):
    production = dataclasses.replace(settings, env="production")
    async with AsyncTestClient(
        app=create_app(production), base_url="https://testserver.local"
    ) as c:
        response = await c.get("/login")
    assert response.headers["strict-transport-security"].startswith("max-age=")


async def test_templates_need_no_inline_script_or_style():
    from pathlib import Path

    import jobs.web

    templates = Path(jobs.web.__file__).with_name("templates")
    for path in templates.rglob("*.html"):
        text = path.read_text(encoding="utf-8").lower()
        # A script file of our own (script-src 'self') is allowed; script in the page is not.
        # (linked by its fingerprinted name: ``{{ static('name.js') }}``).
        text = re.sub(
            r"<script src=\"(/static/[a-z_-]+\.js|\{\{ static\('[a-z_-]+\.js'\) \}\})\""
            r"( defer)?[^>]*></script>",
            "",
            text,
        )
        for sign in ("<script", "<style", " style=", "javascript:"):
            assert sign not in text, f"{path.name} has {sign!r}: CSP would block it"


@pytest.mark.parametrize("host", ["evil.example", "testserver.local.evil.example", "10.1.2.3"])
async def test_a_host_not_allowed_is_refused(client, host):
    response = await client.get("/login", headers={"host": host})
    assert response.status_code == 400
    assert "invalid host" in response.text


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "[::1]:8080", "testserver"])
async def test_allowed_hosts_answer_whatever_the_port(client, host):
    response = await client.get("/login", headers={"host": host})
    assert response.status_code == 200


async def test_allowed_hosts_come_from_settings(settings, engine):
    server = dataclasses.replace(settings.server, allowed_hosts=("jobs.example.org",))
    app = create_app(dataclasses.replace(settings, server=server))
    async with AsyncTestClient(app=app, base_url="https://jobs.example.org") as c:
        assert (await c.get("/login")).status_code == 200
        assert (await c.get("/login", headers={"host": "127.0.0.1"})).status_code == 400


async def test_an_oversized_body_is_refused_with_413(client):
    limit = client.app.state.settings.server.max_body_bytes
    form = await client.post(
        "/login",
        content=b"x" * (limit + 1),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert form.status_code == 413
    token = await sign_in(client, "spec1")
    api = await client.post(
        "/api/v1/participants",
        content=b"{" + b" " * (limit + 1) + b"}",
        headers={"content-type": "application/json", "x-csrf-token": token},
    )
    assert api.status_code == 413
    _assert_hardened(api)
