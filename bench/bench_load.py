"""Load from a second process: 50 concurrent users against `jobs serve` on loopback.

The users sign in as the demo's participant and employer (a few sessions, created once and
shared), then walk the main pages and the JSON API for a bounded number of requests (5,000 by
default, at most 5 minutes). Figures: requests per second, p50/p95/p99 latency and the error
rate (any transport error or answer that is not 2xx). Goal (issue #8): under 0.1% errors.

``python bench/bench_load.py`` builds a fresh SQLite database with `jobs demo`, serves it and
loads it. With ``--url`` it only loads a server that is already running, signing in with the
``--account EMAIL`` accounts (password from JOBS_DEMO_PASSWORD); ``--json`` prints the figures
as one JSON object (tests/integration/reliability/test_load.py uses both).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
JOB_LINK = re.compile(r'href="/me/jobs/(\d+)"')
DEMO_ACCOUNTS = ("participant@example.org", "employer@example.org")
PASSWORD = "amber lantern orchard drift"
ERROR_GOAL = 0.001


def _pages(role: str, job_ids: list[int]) -> list[str]:
    if role == "participant":
        pages = ["/me/jobs", "/me/profile", "/me/map.svg", "/api/v1/me", "/health"]
        return pages + [f"/me/jobs/{i}" for i in job_ids[:5]]
    return [
        "/employer",
        "/employer/profile",
        "/employer/jobs/new",
        "/api/v1/me",
        "/api/v1/postings",
        "/api/v1/employers",
        "/health",
    ]


async def _sign_in(base: str, email: str, password: str) -> tuple[httpx.Cookies, list[str]]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        login = await client.get("/login")
        token = CSRF.search(login.text)
        answer = await client.post(
            "/login",
            data={
                "email": email,
                "password": password,
                "csrf_token": token.group(1) if token else "",
            },
        )
        if answer.status_code != 303:
            raise SystemExit(f"could not sign in as {email}: HTTP {answer.status_code}")
        me = (await client.get("/api/v1/me")).json()
        role = me.get("role") or me.get("user", {}).get("role") or ""
        jobs = await client.get("/me/jobs") if role == "participant" else None
        job_ids = [int(i) for i in JOB_LINK.findall(jobs.text)] if jobs is not None else []
        return client.cookies, _pages(role, job_ids)


async def load(
    base: str, accounts: list[str], password: str, *, users: int, requests: int, seconds: float
) -> dict:
    """Run the load; return the figures."""
    sessions = [await _sign_in(base, email, password) for email in accounts for _ in range(2)]
    latencies: list[float] = []
    errors: dict[str, int] = {}
    remaining = requests
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)

    async def user(number: int) -> None:
        nonlocal remaining
        cookies, pages = sessions[number % len(sessions)]
        rng = random.Random(number)
        async with httpx.AsyncClient(
            base_url=base, cookies=cookies, timeout=120, limits=limits
        ) as client:
            while remaining > 0 and time.monotonic() < deadline:
                remaining -= 1
                path = rng.choice(pages)
                started = time.perf_counter()
                try:
                    answer = await client.get(path)
                    if not 200 <= answer.status_code < 300:
                        key = f"{path}: HTTP {answer.status_code}"
                        errors[key] = errors.get(key, 0) + 1
                except httpx.HTTPError as exc:
                    key = f"{path}: {type(exc).__name__}"
                    errors[key] = errors.get(key, 0) + 1
                latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(user(n) for n in range(users)))
    elapsed = time.perf_counter() - started
    done = len(latencies)
    cuts = statistics.quantiles(latencies, n=100) if done > 1 else [0.0] * 99
    failed = sum(errors.values())
    return {
        "users": users,
        "requests": done,
        "seconds": round(elapsed, 2),
        "requests_per_second": round(done / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(cuts[49] * 1000, 1),
        "p95_ms": round(cuts[94] * 1000, 1),
        "p99_ms": round(cuts[98] * 1000, 1),
        "errors": failed,
        "error_rate": round(failed / done, 5) if done else 1.0,
        "error_kinds": errors,
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _demo_server(folder: Path) -> tuple[subprocess.Popen, str]:
    env = {
        **os.environ,
        "JOBS_DATA_DIR": str(folder),
        "JOBS_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'jobs.sqlite3'}",
        "JOBS_DEMO_PASSWORD": PASSWORD,
    }
    jobs = [sys.executable, "-m", "jobs"]
    for step in (["db", "upgrade"], ["demo"]):
        subprocess.run([*jobs, *step], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [*jobs, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return server, base
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("jobs serve did not come up")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="Load this running server instead of a fresh demo one.")
    parser.add_argument("--account", action="append", help="Sign in as EMAIL (repeatable).")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    password = os.environ.get("JOBS_DEMO_PASSWORD") or PASSWORD
    server = None
    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        base = args.url
        if base is None:
            server, base = _demo_server(Path(folder))
        try:
            figures = asyncio.run(
                load(
                    base,
                    args.account or list(DEMO_ACCOUNTS),
                    password,
                    users=args.users,
                    requests=args.requests,
                    seconds=args.seconds,
                )
            )
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=60)
    if args.json:
        print(json.dumps(figures))
        return
    print(
        f"load: {figures['users']} users, {figures['requests']} requests in "
        f"{figures['seconds']}s = {figures['requests_per_second']} requests/s; "
        f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, p99 {figures['p99_ms']} ms; "
        f"errors {figures['errors']} ({figures['error_rate']:.3%}, goal < {ERROR_GOAL:.1%})"
    )
    for kind, count in sorted(figures["error_kinds"].items()):
        print(f"  {count} x {kind}")
    if figures["error_rate"] >= ERROR_GOAL:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
