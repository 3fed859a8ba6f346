"""`jobs serve` as a real process on a free loopback port, and signing in to it over HTTP."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence

import httpx
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.settings import Settings
from jobs.store import Match, Posting, Source
from jobs.store.engine import session_factory
from jobs.store.migrate import upgrade
from tests.integration.web.world import World, build_world
from tests.support.db import engine_for

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(
    env: Mapping[str, str], port: int, *extra: str, timeout: float = 60.0
) -> subprocess.Popen:
    """Start `jobs serve` and wait until /health answers; fail with its output if it cannot.

    The output goes to a temporary file, not a pipe: a pipe nobody reads fills up after a few
    hundred logged requests and then blocks the server in the middle of answering.
    """
    output = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop_server
    process = subprocess.Popen(
        [sys.executable, "-m", "jobs", "serve", "--port", str(port), *extra],
        env={**os.environ, **env},
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    process.output_file = output  # type: ignore[attr-defined]
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            text = stop_server(process)
            raise AssertionError(f"jobs serve did not come up:\n{text}")
        time.sleep(0.1)


def stop_server(process: subprocess.Popen, timeout: float = 30.0) -> str:
    """Stop the server if it still runs (SIGTERM, then SIGKILL); return its output."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)
    output = process.output_file  # type: ignore[attr-defined]
    output.seek(0)
    text = output.read().decode(errors="replace")
    output.close()
    return text


def csrf_of(html: str) -> str:
    """The form token of a rendered page."""
    found = CSRF.search(html)
    assert found, "page has no form token"
    return found.group(1)


def sign_in(client: httpx.Client, email: str, password: str, page: str = "/account") -> str:
    """Sign in through the form; returns the form token of ``page`` afterwards."""
    login = client.get("/login")
    response = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf_of(login.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:500]
    return csrf_of(client.get(page).text)


def job_form(csrf: str, title: str, extra: Sequence[tuple[str, str]] = ()) -> dict[str, str]:
    """The fields of an employer's new-job form."""
    return {
        "csrf_token": csrf,
        "title": title,
        "address": "1 Front St",
        "city": "Kansas City",
        "region": "MO",
        "postal_code": "64120",
        "pay_min": "17",
        "pay_max": "19",
        "pay_unit": "hour",
        "description": "Load and unload trucks.",
        **dict(extra),
    }


def world_database(settings: Settings, matched_postings: int = 0) -> World:
    """Migrate the database and write the portal tests' small world into it; with
    ``matched_postings``, that many more open postings, each an eligible match for Ana."""

    async def build() -> World:
        engine = engine_for(settings)
        try:
            await upgrade(engine)
            async with session_factory(engine)() as session:
                world = await build_world(session)
                if matched_postings:
                    await _more_matches(session, world, matched_postings)
            return world
        finally:
            await engine.dispose()

    return asyncio.run(build())


async def _more_matches(session: AsyncSession, world: World, count: int) -> None:
    # No stored commute to refresh: `jobs serve` then re-matches nobody when it starts.
    await session.execute(update(Match).values(transit={}))
    source = await session.scalar(select(Source).where(Source.name == "test-board"))
    postings = [
        Posting(
            source_id=source.id,
            source_job_id=f"many-{n}",
            employer_id=world.employers["riverbend"],
            employer_name="Riverbend Logistics",
            title=f"Warehouse Associate {n}",
            locations=[{"text": "Kansas City, MO", "city": "Kansas City", "region": "MO"}],
            workplace="on_site",
            content_hash=f"many-{n}",
            status="open",
        )
        for n in range(count)
    ]
    session.add_all(postings)
    await session.flush()
    session.add_all(
        Match(
            participant_id=world.participants["ana"],
            posting_id=posting.id,
            tier="eligible",
            score=50.0,
            components={},
            reasons=[],
            transit={},
        )
        for posting in postings
    )
    await session.commit()
    world.postings.update({p.source_job_id: p.id for p in postings})
