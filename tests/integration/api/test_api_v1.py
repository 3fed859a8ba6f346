"""The JSON API: bearer tokens and session cookies, scoping, pagination, strict input."""

from __future__ import annotations

import re

import pytest

from tests.integration.web.world import sign_in

pytestmark = pytest.mark.anyio


async def _token(client, name: str) -> str:
    csrf = await sign_in(client, name)
    page = await client.post(
        "/account/tokens", data={"csrf_token": csrf, "name": "integration", "scope": "read-write"}
    )
    token = re.search(r'<code class="token">([^<]+)</code>', page.text).group(1)
    client.cookies.clear()
    return token


async def test_me_with_a_bearer_token_and_with_the_session_cookie(client):
    token = await _token(client, "spec1")
    by_token = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert by_token.status_code == 200
    assert by_token.json()["role"] == "specialist" and by_token.json()["auth"] == "token"
    await sign_in(client, "emp1")
    by_cookie = await client.get("/api/v1/me")
    assert by_cookie.json()["auth"] == "session" and by_cookie.json()["employer_ids"]
    bad = await client.get("/api/v1/me", headers={"Authorization": "Bearer jobs_nope"})
    assert bad.status_code == 401, "a bad token is refused even beside a good cookie"


async def test_an_unknown_or_revoked_token_is_refused(client):
    assert (
        await client.get("/api/v1/me", headers={"Authorization": "Bearer jobs_unknown"})
    ).status_code == 401


async def test_participants_are_scoped_and_paginated(client, world):
    token = await _token(client, "spec1")
    headers = {"Authorization": f"Bearer {token}"}
    page = await client.get("/api/v1/participants", headers=headers, params={"limit": 1})
    body = page.json()
    assert body["total"] == 1 and body["limit"] == 1
    assert [p["external_ref"] for p in body["items"]] == ["T-1"]
    ben = world.participants["ben"]
    assert (await client.get(f"/api/v1/participants/{ben}", headers=headers)).status_code == 404
    admin = {"Authorization": f"Bearer {await _token(client, 'admin')}"}
    all_people = (await client.get("/api/v1/participants", headers=admin)).json()
    assert all_people["total"] == 2
    second = await client.get(
        "/api/v1/participants", headers=admin, params={"limit": 1, "offset": 1}
    )
    assert [p["external_ref"] for p in second.json()["items"]] == ["T-2"]
    too_many = await client.get("/api/v1/participants", headers=admin, params={"limit": 5000})
    assert too_many.status_code == 400


async def test_writes_refuse_unknown_fields_and_a_cookie_write_needs_the_csrf_header(client, world):
    token = await _token(client, "spec1")
    headers = {"Authorization": f"Bearer {token}"}
    ana = world.participants["ana"]
    sneaky = await client.patch(
        f"/api/v1/participants/{ana}", headers=headers, json={"name": "Ana T", "role": "admin"}
    )
    assert sneaky.status_code == 400
    ok = await client.patch(
        f"/api/v1/participants/{ana}", headers=headers, json={"skills": ["welding"]}
    )
    assert ok.status_code == 200 and ok.json()["participant"]["skills"] == ["welding"]
    csrf = await sign_in(client, "spec1")
    no_header = await client.patch(f"/api/v1/participants/{ana}", json={"name": "Ana Two"})
    assert no_header.status_code == 403
    with_header = await client.patch(
        f"/api/v1/participants/{ana}", json={"name": "Ana Two"}, headers={"x-csrf-token": csrf}
    )
    assert with_header.status_code == 200


async def test_create_participant_and_review_matches(client, world):
    headers = {"Authorization": f"Bearer {await _token(client, 'spec1')}"}
    created = await client.post(
        "/api/v1/participants", headers=headers, json={"external_ref": "API-1", "name": "Dee Api"}
    )
    assert created.status_code == 201
    ana = world.participants["ana"]
    matches = (await client.get(f"/api/v1/participants/{ana}/matches", headers=headers)).json()
    assert [m["title"] for m in matches["eligible"]] == ["Forklift Operator", "Dock Loader"]
    mid = world.matches["ana_loader"]
    refused = await client.patch(
        f"/api/v1/participants/{ana}/matches/{mid}", headers=headers, json={"action": "dismiss"}
    )
    assert refused.status_code == 400 and "reason" in refused.json()["error"]["message"]
    done = await client.patch(
        f"/api/v1/participants/{ana}/matches/{mid}",
        headers=headers,
        json={"action": "dismiss", "reason": "night bus too rare"},
    )
    assert done.json()["dismissal_reason"] == "night bus too rare"


async def test_matches_name_postings_by_the_integer_ids_postings_give(client, world):
    headers = {"Authorization": f"Bearer {await _token(client, 'spec1')}"}
    ana = world.participants["ana"]
    matches = (await client.get(f"/api/v1/participants/{ana}/matches", headers=headers)).json()
    postings = (await client.get("/api/v1/postings", headers=headers)).json()["items"]
    ids = [m["posting_id"] for tier in matches.values() for m in tier]
    assert ids and all(type(i) is int for i in ids)
    assert all(type(p["id"]) is int for p in postings) and set(ids) <= {p["id"] for p in postings}
    one = matches["eligible"][0]
    assert (one["hourly_min"], one["hourly_max"]) == (17.0, 19.0)  # the range, bottom first
    assert one["fit_band"] == "fits_experience"
    assert matches["needs_approval"][0]["fit_band"] == "entry_level"


async def test_employer_api_sees_only_consented_candidates_and_own_postings(client, world):
    spec = {"Authorization": f"Bearer {await _token(client, 'spec1')}"}
    referred = await client.post(
        "/api/v1/referrals",
        headers=spec,
        json={
            "participant_id": world.participants["ana"],
            "match_id": world.matches["ana_forklift"],
            "participant_agreed": True,
            "shared": ["record"],
        },
    )
    assert referred.status_code == 201
    emp = {"Authorization": f"Bearer {await _token(client, 'emp1')}"}
    (candidate,) = (await client.get("/api/v1/referrals", headers=emp)).json()
    assert candidate["record"]["felony"] is True
    assert candidate["address"] is None and candidate["supervision"] is None
    postings = (await client.get("/api/v1/postings", headers=emp)).json()
    assert {p["employer"] for p in postings["items"]} == {"Riverbend Logistics"}
    other = {"Authorization": f"Bearer {await _token(client, 'emp2')}"}
    assert (await client.get("/api/v1/referrals", headers=other)).json() == []


async def test_openapi_describes_the_api(client):
    document = (await client.get("/schema/openapi.json")).json()
    assert "/api/v1/me" in document["paths"] and "/api/v1/participants" in document["paths"]


async def test_a_match_s_trips_there_and_home(client, world):
    headers = {"Authorization": f"Bearer {await _token(client, 'spec1')}"}
    ana, mid = world.participants["ana"], world.matches["ana_forklift"]
    found = await client.get(f"/api/v1/participants/{ana}/matches/{mid}/trip", headers=headers)
    assert found.status_code == 200
    (weekdays,) = found.json()["trips"]
    assert weekdays["days"] == ["mon", "tue", "wed", "thu", "fri"]
    assert weekdays["there"]["steps"] and weekdays["home_first"]["leave"] == weekdays["shift_end"]
    assert weekdays["home_by"] == "22:00"
    other = await client.get(
        f"/api/v1/participants/{world.participants['ben']}/matches/{mid}/trip", headers=headers
    )
    assert other.status_code == 404
