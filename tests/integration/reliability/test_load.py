"""Load test, short version of bench/bench_load.py: 50 concurrent users in a second process
against `jobs serve` on loopback, a bounded 500 requests over the main pages and the JSON API,
signed in as a participant and an employer; fewer than 0.1% of the answers may be errors."""

import json
import os
import subprocess
import sys

from tests.conftest import ROOT
from tests.integration.web.world import PASSWORD
from tests.support.served import free_port, start_server, stop_server, world_database


def test_fifty_concurrent_users_get_almost_no_errors(settings, cli_env):
    world_database(settings)
    port = free_port()
    server = start_server(cli_env, port)
    try:
        run = subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "bench_load.py"),
                "--url",
                f"http://127.0.0.1:{port}",
                "--account",
                "part1@example.org",
                "--account",
                "emp1@example.org",
                "--users",
                "50",
                "--requests",
                "500",
                "--seconds",
                "40",
                "--json",
            ],
            env={**os.environ, "JOBS_DEMO_PASSWORD": PASSWORD},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        output = stop_server(server)
    assert run.returncode == 0, run.stderr + output[-3000:]
    figures = json.loads(run.stdout)
    print("load test:", figures)
    assert figures["requests"] >= 200, figures  # bounded by time on a slow machine, not by luck
    assert figures["error_rate"] < 0.001, figures
