"""`jobs serve --workers 2`: two processes answer, a session made through one works on the
other (sessions live in the database), /metrics adds up both processes and answers loopback
only, and JOBS_LOG_FORMAT=json writes one JSON object a line with the request id."""

from __future__ import annotations

import json
import re

import httpx

from tests.integration.web.world import PASSWORD
from tests.support.served import free_port, start_server, stop_server, world_database

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def test_two_web_processes_share_sessions_metrics_and_log_json(settings, cli_env):
    world_database(settings)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(
        {**cli_env, "JOBS_LOG_FORMAT": "json"}, port, "--workers", "2", timeout=180
    )
    try:
        with httpx.Client(base_url=base, timeout=30) as browser:
            login = browser.get("/login")
            token = CSRF.search(login.text)
            assert token
            signed_in = browser.post(
                "/login",
                data={
                    "email": "part1@example.org",
                    "password": PASSWORD,
                    "csrf_token": token.group(1),
                },
            )
            assert signed_in.status_code == 303
            cookies = browser.cookies
        answers = []
        for _ in range(40):
            # A new connection each time: the kernel hands it to either process.
            with httpx.Client(base_url=base, cookies=cookies, timeout=30) as fresh:
                answers.append(fresh.get("/api/v1/me", headers={"Accept": "application/json"}))
        assert {answer.status_code for answer in answers} == {200}
        with httpx.Client(base_url=base, timeout=30) as operator:
            scraped = operator.get("/metrics")
            proxied = operator.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
        assert scraped.status_code == 200
        assert proxied.status_code == 404
        counted = re.search(
            r'jobs_http_request_duration_seconds_count\{method="GET",route="/api/v1/me",'
            r'status="2xx"\} (\d+(?:\.\d+)?)',
            scraped.text,
        )
        assert counted and float(counted.group(1)) >= 40  # both processes' counts added up
    finally:
        output = stop_server(server)
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert lines, output[-2000:]
    served_by = {
        line["process"]
        for line in lines
        if line.get("request_id") and "/api/v1/me" in line["message"]
    }
    assert len(served_by) == 2, (served_by, output[-2000:])
    assert all(
        re.fullmatch(r"[0-9a-f]{32}", line["request_id"])
        for line in lines
        if line.get("request_id")
    )
