"""Mass assignment is refused: every write shape forbids unknown fields and carries no role, owner,
consent or employer field; requests that try it get 400. Employer-facing shapes carry protected
fields only through the consent-gated view."""

from __future__ import annotations

import re
import typing

import msgspec
import pytest

from jobs.app import create_app
from jobs.services.visibility import SHAREABLE, CandidateView
from tests.integration.web.world import sign_in

pytestmark = pytest.mark.anyio

# Fields a caller must never be able to set on a write: who they are, who owns what, consent.
NEVER_WRITTEN = {
    "role",
    "owner",
    "owner_id",
    "user_id",
    "is_active",
    "is_admin",
    "password_hash",
    "consent",
    "consent_id",
    "consents",
    "employer_id",
    "recorded_by",
    "referred_by",
    "reviewed_by",
}
PROFILE = {
    "referral_id",
    "posting_id",
    "job_title",
    "status",
    "referred_at",
    "name",
    "skills",
    "credentials",
    "work_history",
    "desired_titles",
    "availability",
}
PROTECTED_WORDS = re.compile(r"record|supervision|address|treatment|home|felony|offen|curfew")


def _structs(kind: object, seen: set[type]) -> None:
    """Every msgspec Struct reachable from a type annotation."""
    origin = typing.get_origin(kind)
    if origin is typing.Annotated:
        _structs(typing.get_args(kind)[0], seen)
        return
    if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
        if kind in seen:
            return
        seen.add(kind)
        for hint in typing.get_type_hints(kind).values():
            _structs(hint, seen)
        return
    for arg in typing.get_args(kind):
        _structs(arg, seen)


def _api_handlers(settings):
    app = create_app(settings)
    for route in app.routes:
        if not route.path.startswith("/api/"):
            continue
        for handler in getattr(route, "route_handlers", ()):
            yield route.path, handler


def test_every_write_shape_forbids_unknown_fields_and_names_no_owner(settings):
    shapes: set[type] = set()
    writes = 0
    for _path, handler in _api_handlers(settings):
        data = handler.parsed_fn_signature.parameters.get("data")
        if data is not None:
            writes += 1
            _structs(data.annotation, shapes)
    assert writes >= 4 and shapes
    for shape in shapes:
        assert shape.__struct_config__.forbid_unknown_fields, shape.__name__
        assert not set(shape.__struct_fields__) & NEVER_WRITTEN, shape.__name__


def test_employer_shapes_carry_protected_fields_only_through_the_consent_gate(settings):
    """The candidate view: the profile, the shareable fields (each optional), nothing else."""
    fields = set(CandidateView.__struct_fields__)
    assert fields == PROFILE | set(SHAREABLE) | {"shared", "notice"}
    defaults = {f.name: f.default for f in msgspec.structs.fields(CandidateView)}
    for name in SHAREABLE:
        assert defaults[name] is None, f"{name} must be absent unless a consent names it"
    for name in PROFILE:
        assert not PROTECTED_WORDS.search(name), name
    # Every other shape an employer can get back from the API names no protected field.
    employer_reads: set[type] = set()
    for path, handler in _api_handlers(settings):
        if path.startswith(("/api/v1/postings", "/api/v1/employers", "/api/v1/me")):
            _structs(handler.parsed_fn_signature.return_type.annotation, employer_reads)
    for shape in employer_reads:
        for name in shape.__struct_fields__:
            assert not PROTECTED_WORDS.search(name), (shape.__name__, name)


async def _token(client, name: str) -> str:
    csrf = await sign_in(client, name)
    page = await client.post(
        "/account/tokens", data={"csrf_token": csrf, "name": "integration", "scope": "read-write"}
    )
    token = re.search(r'<code class="token">([^<]+)</code>', page.text).group(1)
    client.cookies.clear()
    return token


async def test_extra_fields_are_refused_with_400(client, world):
    headers = {"Authorization": f"Bearer {await _token(client, 'spec1')}"}
    ana, ben = world.participants["ana"], world.participants["ben"]
    attempts = [
        ("PATCH", f"/api/v1/participants/{ana}", {"name": "Ana", "role": "admin"}),
        ("PATCH", f"/api/v1/participants/{ana}", {"name": "Ana", "participant_id": ben}),
        ("PATCH", f"/api/v1/participants/{ana}", {"owner": world.users["spec2"]}),
        (
            "PATCH",
            f"/api/v1/participants/{ana}/matches/{world.matches['ana_loader']}",
            {"action": "shortlist", "reviewed_by": world.users["spec2"]},
        ),
        (
            "POST",
            "/api/v1/referrals",
            {
                "participant_id": ana,
                "match_id": world.matches["ana_forklift"],
                "participant_agreed": True,
                "employer_id": world.employers["northside"],
            },
        ),
        (
            "POST",
            "/api/v1/referrals",
            {
                "participant_id": ana,
                "match_id": world.matches["ana_forklift"],
                "participant_agreed": True,
                "consent_id": 1,
            },
        ),
        ("POST", "/api/v1/participants", {"external_ref": "X-1", "name": "X", "role": "admin"}),
        (
            "POST",
            "/api/v1/placements",
            {
                "participant_id": ana,
                "match_id": world.matches["ana_forklift"],
                "start_date": "2026-12-01",
                "hourly_wage": 17.0,
                "hours_per_week": 40,
                "owner": "spec2",
            },
        ),
    ]
    for method, url, body in attempts:
        response = await client.request(method, url, json=body, headers=headers)
        assert response.status_code == 400, (method, url, body, response.text)
    # Nothing changed: the name is Ana's own and no referral or participant was made.
    me = (await client.get(f"/api/v1/participants/{ana}", headers=headers)).json()
    assert me["participant"]["name"] == "Ana Tester"
    assert (await client.get("/api/v1/referrals", headers=headers)).json() == []


async def test_another_owners_participant_in_a_valid_field_is_not_found(client, world):
    headers = {"Authorization": f"Bearer {await _token(client, 'spec1')}"}
    other = await client.post(
        "/api/v1/referrals",
        headers=headers,
        json={
            "participant_id": world.participants["ben"],
            "match_id": world.matches["ben_forklift"],
            "participant_agreed": True,
        },
    )
    assert other.status_code == 404


async def test_text_the_database_would_refuse_is_a_400_not_a_500(client, world):
    headers = {"Authorization": f"Bearer {await _token(client, 'spec1')}"}
    ana = world.participants["ana"]
    for method, url, body in [
        ("POST", "/api/v1/participants", {"external_ref": "N-1", "name": "A\x00B"}),
        (
            "POST",
            "/api/v1/participants",
            {"external_ref": "N-2", "name": "L", "home": {"address": "x" * 400}},
        ),
        ("PATCH", f"/api/v1/participants/{ana}", {"skills": ["weld\x00ing"]}),
        ("GET", f"/api/v1/participants/{2**40}", None),
        ("GET", "/api/v1/participants?offset=100000000000000000000", None),
        ("GET", "/api/v1/participants?limt=5", None),
    ]:
        response = await client.request(method, url, json=body, headers=headers)
        assert response.status_code == 400, (method, url, response.text)
