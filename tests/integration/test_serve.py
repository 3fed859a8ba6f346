"""`jobs serve` as a real process: it answers /health on the port it was given, and SIGTERM
lets the requests in flight finish before it exits 0."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from urllib.parse import urlencode

import httpx
import pytest
import uvicorn
import uvloop
from click.testing import CliRunner
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from jobs.cli import main
from jobs.cli.serve import tcp_socket
from tests.integration.web.world import PASSWORD
from tests.support.db import query
from tests.support.served import (
    free_port,
    sign_in,
    start_server,
    stop_server,
    world_database,
)


@pytest.fixture
def migrated_env(cli_env):
    assert CliRunner().invoke(main, ["db", "upgrade"], env=cli_env).exit_code == 0
    return cli_env


def test_serve_parses_http_in_c_on_uvloop():
    """The runtime dependencies httptools and uvloop are what uvicorn picks for `jobs serve` (its
    "auto" choices), not h11's pure-Python parser and asyncio's own loop."""

    async def app(scope, receive, send):  # pragma: no cover (never called)
        raise AssertionError

    config = uvicorn.Config(app, log_config=None)
    config.load()
    assert config.http_protocol_class is HttpToolsProtocol
    assert config.get_loop_factory() is uvloop.new_event_loop


def test_web_processes_answer_without_nagle_delays_on_asyncio_too():
    """`--workers N` hands its processes one listening socket; on asyncio's loop (no uvloop),
    each connection accepted from it must have Nagle's algorithm off, or a response sent as
    head then body waits about 40 ms for the client's delayed ACK."""

    async def accepted_nodelay() -> int:
        config = uvicorn.Config("jobs.cli.serve:app_from_environment", port=free_port())
        listening = tcp_socket(config.bind_socket())
        seen: asyncio.Queue[int] = asyncio.Queue()

        def on_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            connection = writer.get_extra_info("socket")
            seen.put_nowait(connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(on_connection, sock=listening)
        async with server:
            _, writer = await asyncio.open_connection("127.0.0.1", config.port)
            value = await asyncio.wait_for(seen.get(), 10)
            writer.close()
        return value

    with asyncio.Runner() as runner:  # asyncio's own loop, whatever uvicorn would pick
        assert runner.run(accepted_nodelay()) != 0


def test_serve_answers_health_over_real_http(migrated_env):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "jobs", "serve", "--port", str(port)],
        env={**os.environ, **migrated_env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.stdout else ""
                    pytest.fail(f"jobs serve did not come up:\n{output}")
                time.sleep(0.2)
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok"}
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()


def test_sigterm_lets_requests_in_flight_finish_then_exits_cleanly(settings, cli_env):
    """Three "I'm interested" forms are mid-upload when SIGTERM comes: all are answered and
    kept."""
    world = world_database(settings, matched_postings=3)
    postings = sorted(world.postings.values())[-3:]
    port = free_port()
    process = start_server(cli_env, port, "--shutdown-grace", "20")
    titles = [f"/me/jobs/{posting_id}/interest" for posting_id in postings]
    uploading = [threading.Event() for _ in titles]
    carry_on = threading.Event()
    answers: dict[str, int | str] = {}
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=30) as signing:
            csrf = sign_in(signing, "part1@example.org", PASSWORD, page="/me/profile")
            cookies = dict(signing.cookies)

        def upload(index: int) -> None:
            body = urlencode({"csrf_token": csrf, "padding": "x" * 40}).encode()

            def slowly():
                yield body[:20]  # the request has begun: headers and a first piece of body
                uploading[index].set()
                carry_on.wait(30)
                yield body[20:]

            try:
                with httpx.Client(base_url=base, cookies=cookies, timeout=30) as client:
                    response = client.post(
                        titles[index],
                        content=slowly(),
                        headers={"Content-Type": "application/x-www-form-urlencoded"},
                    )
                answers[titles[index]] = response.status_code
            except httpx.HTTPError as exc:
                answers[titles[index]] = repr(exc)

        threads = [threading.Thread(target=upload, args=(i,)) for i in range(len(titles))]
        for thread in threads:
            thread.start()
        assert all(event.wait(30) for event in uploading)
        time.sleep(0.5)  # let the server read the first pieces
        process.send_signal(signal.SIGTERM)
        time.sleep(0.5)  # the server is shutting down while the uploads go on
        carry_on.set()
        for thread in threads:
            thread.join(30)
        exit_code = process.wait(timeout=60)
    finally:
        carry_on.set()
        output = stop_server(process)
    assert answers == dict.fromkeys(titles, 303), output
    assert exit_code == 0, output
    assert "Application shutdown complete" in output and "stopped" in output, output
    stored = query(cli_env["JOBS_DATABASE_URL"], "SELECT posting_id FROM interests")
    assert set(postings) <= {posting_id for (posting_id,) in stored}
