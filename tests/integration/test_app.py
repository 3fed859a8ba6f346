"""The app factory: health, OpenAPI, static files, and the exception tree mapped once."""

import re

import pytest
from litestar import get
from litestar.testing import AsyncTestClient

from jobs.app import WEB, create_app
from jobs.errors import ImportRejected, NotFound
from jobs.services.accounts import add_user
from jobs.settings import Settings
from jobs.store.engine import session_factory

pytestmark = pytest.mark.anyio
PASSWORD = "a long enough test passphrase"


@pytest.fixture
async def client(settings, engine):
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield client


async def test_health_answers_ok_when_the_database_does(client):
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_health_is_503_when_the_database_does_not_answer(tmp_path):
    settings = Settings.from_env(
        {
            "JOBS_DATA_DIR": str(tmp_path),
            "JOBS_DATABASE_URL": "postgresql+asyncpg://nobody@127.0.0.1:1/nothing",
        }
    )
    async with AsyncTestClient(app=create_app(settings)) as client:
        response = await client.get("/health")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


async def test_openapi_document_is_served_as_json(client):
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert "/health" in document["paths"]


async def test_front_page_and_static_files_are_served(client):
    page = await client.get("/")
    assert page.status_code == 200
    assert 'name="viewport"' in page.text
    css = await client.get("/static/app.css")
    assert css.status_code == 200


def test_templates_and_static_files_load_nothing_from_elsewhere():
    for path in list((WEB / "templates").rglob("*")) + list((WEB / "static").rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"(src|href)=\"(https?:)?//", text), path
            assert "@import url(http" not in text, path


async def test_the_shared_http_client_lives_for_the_app(settings, engine):
    app = create_app(settings)
    async with AsyncTestClient(app=app):
        client = app.state.runtime.http
        assert not client.is_closed
        assert client.timeout.read == settings.http.timeout_seconds
    assert client.is_closed and app.state.runtime.http is None


@pytest.mark.parametrize(
    ("error", "status"),
    [(NotFound("no participant KC-9"), 404), (ImportRejected("bad file", ["record 1: x"]), 400)],
)
async def test_project_errors_become_json_for_the_api_and_a_page_for_people(
    settings, engine, error, status
):
    @get("/api/v1/boom", sync_to_thread=False)
    def api_boom() -> None:
        raise error

    @get("/boom", sync_to_thread=False)
    def page_boom() -> None:
        raise error

    app = create_app(settings)
    app.register(api_boom)
    app.register(page_boom)
    async with session_factory(engine)() as session, session.begin():
        # A participant: staff would need a second factor, which is not what this test is about.
        await add_user(session, email="staff@example.org", role="participant", password=PASSWORD)
    async with AsyncTestClient(app=app) as client:
        login = await client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', login.text).group(1)
        signed_in = await client.post(
            "/login",
            data={"email": "staff@example.org", "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        assert signed_in.status_code == 303
        api = await client.get("/api/v1/boom")
        page = await client.get("/boom", headers={"accept": "text/html"})
    assert api.status_code == status
    assert api.json()["error"]["message"] == error.message
    assert api.json()["error"]["type"] == type(error).__name__
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html")
    assert error.message in page.text
