"""`jobs serve` as a real process: it answers /health on the port it was given."""

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from click.testing import CliRunner

from jobs.cli import main


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def migrated_env(cli_env):
    assert CliRunner().invoke(main, ["db", "upgrade"], env=cli_env).exit_code == 0
    return cli_env


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
