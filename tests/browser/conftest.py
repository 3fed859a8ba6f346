"""A live app on 127.0.0.1 (uvicorn in a thread) over a seeded SQLite file, and Chromium."""

from __future__ import annotations

import asyncio
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from jobs.settings import Settings
from jobs.store.engine import session_factory
from jobs.store.migrate import upgrade
from tests.integration.web.world import PASSWORD, World, build_world, code_now
from tests.support.db import engine_for

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path("/tmp/shots")
# Each live server's SQLite file, by its address (so ``sign_in`` can reach it).
DATABASES: dict[str, Path] = {}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _seed(settings: Settings) -> World:
    engine = engine_for(settings)  # seals with the key ring the app will use
    try:
        await upgrade(engine)
        async with session_factory(engine)() as session:
            return await build_world(session)
    finally:
        await engine.dispose()


class LiveServer:
    def __init__(self, url: str, world: World, settings: Settings) -> None:
        self.url = url
        self.world = world
        self.settings = settings


@pytest.fixture(scope="module")
def live_server(request, tmp_path_factory) -> Iterator[LiveServer]:
    """The app served on a free loopback port for the module's tests (a module may add
    ``JOBS_*`` settings in ``LIVE_SERVER_ENV``)."""
    import uvicorn

    from jobs.app import create_app

    folder = tmp_path_factory.mktemp("live")
    settings = Settings.from_env(
        {
            "JOBS_DATA_DIR": str(folder),
            "JOBS_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'live.sqlite3'}",
            **getattr(request.module, "LIVE_SERVER_ENV", {}),
        }
    )
    world = asyncio.run(_seed(settings))
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    DATABASES[f"http://127.0.0.1:{port}"] = folder / "live.sqlite3"
    yield LiveServer(f"http://127.0.0.1:{port}", world, settings)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless (skips when it is not installed)."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield context.new_page()
    context.close()


def shot(page, name: str) -> None:
    """Keep a full-page screenshot for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _forget_last_code(base: str, email: str) -> None:
    # One person signs in many times a minute here; a real code is used once only.
    with closing(sqlite3.connect(DATABASES[base])) as db, db:
        db.execute("UPDATE users SET totp_last_step = NULL WHERE email = ?", (email,))


def sign_in(page, base: str, name: str) -> None:
    """Sign the world's user ``name`` in through the sign-in page (staff type the world's
    TOTP code on the second step)."""
    email = f"{name}@example.org"
    if base in DATABASES:
        _forget_last_code(base, email)
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if page.get_by_role("heading", name="Enter your code").count():
        page.get_by_label("Code").fill(code_now())
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


def no_sideways_scroll(page) -> None:
    """Fail when the page is wider than the viewport (phones must not scroll sideways)."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
