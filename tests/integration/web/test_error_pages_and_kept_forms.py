"""Errors people can read (pages for browsers, JSON for the API) and a form kept when the
session ended under it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from jobs.store import FormDraft, WebSession
from jobs.store.base import utcnow
from jobs.store.engine import session_factory
from tests.integration.web.world import sign_in

pytestmark = pytest.mark.anyio
BROWSER = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


async def test_an_unknown_address_is_a_page_for_a_browser_and_json_for_the_api(client, world):
    await sign_in(client, "spec1")
    page = await client.get("/no/such/page", headers=BROWSER)
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Page not found" in page.text and "<h1>" in page.text
    api = await client.get("/api/v1/no-such-thing", headers=BROWSER)
    assert api.status_code == 404 and api.json()["status_code"] == 404
    anonymous = await client.get("/static/no-such-file.css", headers=BROWSER)
    assert anonymous.status_code == 404


async def test_a_wrong_method_is_a_page_not_raw_json(client, world):
    await sign_in(client, "spec1")
    page = await client.get("/participants", headers=BROWSER)  # the intake form posts here
    assert page.status_code == 405
    assert page.headers["content-type"].startswith("text/html")
    assert "This page cannot do that" in page.text


async def test_a_failure_on_our_side_is_a_page(client, world, monkeypatch):
    from jobs.services import caseload

    async def broken(*_args, **_kwargs):
        raise RuntimeError("the caseload query broke")

    monkeypatch.setattr(caseload, "dashboard", broken)
    await sign_in(client, "spec1")
    page = await client.get("/caseload", headers=BROWSER)
    assert page.status_code == 500
    assert "Something went wrong on our side" in page.text
    assert "the caseload query broke" not in page.text, "no internals shown"


async def _end_sessions(engine) -> None:
    """Let every session go idle past the timeout (as if the person left for lunch)."""
    async with session_factory(engine)() as session, session.begin():
        await session.execute(update(WebSession).values(last_seen_at=utcnow() - timedelta(hours=3)))


INTAKE = {
    "external_ref": "T-77",
    "name": "Dee Kept",
    "home_address": "3900 Prospect Ave",
    "curfew_start": "22:00",
    "curfew_end": "06:00",
    "conditions": ["no_minors", "no_cash_handling"],
    "felony": "1",
    "max_commute_minutes": "45",
}


async def test_a_form_sent_after_the_session_ended_is_kept_and_given_back_after_sign_in(
    client, world, engine
):
    csrf = await sign_in(client, "spec1")
    await client.get("/participants/new")
    await _end_sessions(engine)
    sent = await client.post(
        "/participants",
        data={**INTAKE, "csrf_token": csrf},
        headers={**BROWSER, "referer": "http://testserver.local/participants/new"},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == "/login?next=%2Fparticipants%2Fnew&kept=1"
    async with session_factory(engine)() as session:
        (draft,) = list(await session.scalars(select(FormDraft)))
        assert draft.user_id == world.users["spec1"] and draft.path == "/participants/new"
        assert ["csrf_token", csrf] not in draft.fields, "the old form token is not kept"
    await sign_in(client, "spec1")
    back = await client.get("/participants/new")
    assert "You were signed out — your form is kept" in back.text
    assert 'value="Dee Kept"' in back.text and 'value="45"' in back.text
    assert (
        'value="no_minors" checked' in back.text and 'value="no_cash_handling" checked' in back.text
    )
    assert 'id="felony" name="felony" type="checkbox" value="1" checked' in back.text
    again = await client.get("/participants/new")
    assert "Dee Kept" not in again.text, "the kept form is given back once"


async def test_a_kept_form_is_only_given_back_to_the_person_whose_session_ended(
    client, world, engine
):
    csrf = await sign_in(client, "spec1")
    await _end_sessions(engine)
    await client.post(
        "/participants",
        data={**INTAKE, "csrf_token": csrf},
        headers={**BROWSER, "referer": "http://testserver.local/participants/new"},
        follow_redirects=False,
    )
    await sign_in(client, "spec2")
    other = await client.get("/participants/new")
    assert "Dee Kept" not in other.text and "your form is kept" not in other.text


async def test_a_form_without_a_session_is_not_kept(client, world, engine):
    await client.get("/login")
    sent = await client.post("/participants", data=INTAKE, headers=BROWSER, follow_redirects=False)
    assert sent.status_code in (303, 403)
    async with session_factory(engine)() as session:
        assert list(await session.scalars(select(FormDraft))) == []


async def test_another_form_sent_after_the_session_ended_leads_back_to_its_page(
    client, world, engine
):
    csrf = await sign_in(client, "spec1")
    await _end_sessions(engine)
    sent = await client.post(
        "/reports/checkins/1",
        data={"csrf_token": csrf, "status": "confirmed"},
        headers={**BROWSER, "referer": "http://testserver.local/reports/checkins"},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == "/login?next=%2Freports%2Fcheckins"
    async with session_factory(engine)() as session:
        assert list(await session.scalars(select(FormDraft))) == []
