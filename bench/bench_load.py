"""Load from a second process: 50 concurrent users against `jobs serve` on loopback.

The users sign in as the demo's participant, employer and specialist (a few sessions, created
once and shared), then walk the main pages of each role and the JSON API for a bounded number of
requests (5,000 by default, at most 5 minutes). Figures: requests per second, p50/p95/p99
latency and the error rate (any transport error or answer that is not 2xx). Goals: under 0.1%
errors (issue #8); SQLite in one process >= 150 requests/s and p95 <= 500 ms, PostgreSQL with
2 web processes >= 300 requests/s and p95 <= 250 ms (issue #19, which measured 79 requests/s,
p50 493 ms, p95 1.49 s on SQLite before its work).

The machine is shared, so each run also prints its own baselines: a fixed pure-Python loop
timed in this process before the load (how fast this machine is right now) and the median of
``GET /health`` answered by the same server with no other load; the p50 under load is printed as
a ratio of that median, which moves less with the machine than the raw figures do.

``python bench/bench_load.py`` builds a fresh SQLite database with `jobs demo`, serves it and
loads it; ``--database-url postgresql+asyncpg://...`` uses that (emptied) database instead and
``--workers N`` serves with N web processes. With neither (``make bench``) it runs the two
configurations of the issue one after the other: SQLite with 1 process, then, when
JOBS_BENCH_DATABASE_URL names a PostgreSQL database it may empty, that one with 2 processes.
With ``--url`` it only loads a server that is already running, signing in with the ``--account
EMAIL`` accounts (password from JOBS_DEMO_PASSWORD); ``--json`` prints the figures as one JSON
object (tests/integration/reliability/test_load.py uses both).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
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
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

import httpx

from load_client import Answer, HttpError, KeepAliveClient

ROOT = Path(__file__).resolve().parents[1]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
JOB_LINK = re.compile(r'href="/me/jobs/(\d+)"')
PAGE_IDS = re.compile(r"/\d+")  # a page kind: its path with the ids as {id}
PARTICIPANT_LINK = re.compile(r'href="/participants/(\d+)"')
DEMO_ACCOUNTS = ("participant@example.org", "employer@example.org", "specialist@example.org")
PASSWORD = "amber lantern orchard drift"
ERROR_GOAL = 0.001
API_LIMIT_FOR_50_USERS = 1200 * 50 // 6  # the default limit per session, x 50 users / 6 sessions
# Issue #19's figures before its work, and its goals (requests/s, p95 ms).
BEFORE = {"sqlite": (79.0, 493.0, 1490.0)}
GOALS = {("sqlite", 1): (150.0, 500.0), ("postgresql", 2): (300.0, 250.0)}


def _pages(role: str, job_ids: list[int], participant_ids: list[int]) -> list[str]:
    if role == "participant":
        pages = ["/me/jobs", "/me/profile", "/me/map.svg", "/api/v1/me", "/health"]
        return pages + [f"/me/jobs/{i}" for i in job_ids[:5]]
    if role == "specialist":
        pages = ["/caseload", "/api/v1/me", "/api/v1/participants", "/api/v1/postings"]
        for i in participant_ids[:3]:
            pages += [
                f"/participants/{i}",
                f"/participants/{i}/matches",
                f"/api/v1/participants/{i}",
                f"/api/v1/participants/{i}/matches",
            ]
        return pages
    return [
        "/employer",
        "/employer/profile",
        "/employer/jobs/new",
        "/api/v1/me",
        "/api/v1/postings",
        "/api/v1/employers",
        "/health",
    ]


async def _sign_in(
    base: str, email: str, password: str, code: Callable[[str], str] | None = None
) -> tuple[httpx.Cookies, list[str]]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        login = await client.get("/login")
        token = CSRF.search(login.text)
        form = {"email": email, "password": password, "csrf_token": token.group(1) if token else ""}
        if code is not None and email.startswith(("specialist", "admin")):
            form["code"] = code(email)
        answer = await client.post("/login", data=form)
        if answer.status_code != 303:
            raise SystemExit(f"could not sign in as {email}: HTTP {answer.status_code}")
        me = (await client.get("/api/v1/me")).json()
        role = me.get("role") or me.get("user", {}).get("role") or ""
        jobs = await client.get("/me/jobs") if role == "participant" else None
        job_ids = [int(i) for i in JOB_LINK.findall(jobs.text)] if jobs is not None else []
        caseload = await client.get("/caseload") if role == "specialist" else None
        people = (
            sorted({int(i) for i in PARTICIPANT_LINK.findall(caseload.text)})
            if caseload is not None
            else []
        )
        return client.cookies, _pages(role, job_ids, people)


async def load(
    base: str,
    accounts: list[str],
    password: str,
    *,
    users: int,
    requests: int,
    seconds: float,
    code: Callable[[str], str] | None = None,
    client: str = "lean",
) -> dict:
    """Run the load; return the figures. ``client``: "lean" (``load_client``, what a browser on
    another machine costs these cores: nothing but the socket) or "httpx"."""
    sessions = [await _sign_in(base, email, password, code) for email in accounts for _ in range(2)]
    latencies: list[float] = []
    by_page: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    remaining = requests
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)

    def record(path: str, status: int | None, failure: str | None, started: float) -> None:
        if failure is not None or status is None or not 200 <= status < 300:
            key = f"{path}: {failure or f'HTTP {status}'}"
            errors[key] = errors.get(key, 0) + 1
        took = time.perf_counter() - started
        latencies.append(took)
        by_page.setdefault(PAGE_IDS.sub("/{id}", path), []).append(took)

    @contextlib.asynccontextmanager
    async def getter(cookies: httpx.Cookies) -> AsyncIterator[Callable[[str], Awaitable[int]]]:
        """A user's GET, answering the status code, by the client asked for."""
        if client == "lean":
            address = httpx.URL(base)
            jar = {c.name: c.value for c in cookies.jar}
            lean = KeepAliveClient(address.host, address.port or 80, jar)
            try:
                yield lambda path: _status(lean.get(path))
            finally:
                await lean.close()
            return
        async with httpx.AsyncClient(
            base_url=base, cookies=cookies, timeout=120, limits=limits
        ) as agent:
            yield lambda path: _status_code(agent.get(path))

    async def user(number: int) -> None:
        nonlocal remaining
        cookies, pages = sessions[number % len(sessions)]
        rng = random.Random(number)
        async with getter(cookies) as get:
            while remaining > 0 and time.monotonic() < deadline:
                remaining -= 1
                path = rng.choice(pages)
                started = time.perf_counter()
                try:
                    record(path, await get(path), None, started)
                except HttpError as exc:
                    record(path, None, str(exc), started)
                except httpx.HTTPError as exc:
                    record(path, None, type(exc).__name__, started)

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
        "client": client,
        "p95_ms_by_page": {
            page: round(_p95(times) * 1000, 1) for page, times in sorted(by_page.items())
        },
    }


async def _status(answer: Awaitable[Answer]) -> int:
    return (await answer).status


async def _status_code(answer: Awaitable[httpx.Response]) -> int:
    return (await answer).status_code


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=100)[94] if len(times) > 1 else times[0]


def _run(work: Coroutine[Any, Any, dict]) -> dict:
    """Run the load on uvloop where installed (as the server runs), else asyncio's loop."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(work)
    return uvloop.run(work)


def cpu_baseline() -> float:
    """Milliseconds for a fixed pure-Python loop: how fast this (shared) machine is now."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for i in range(300_000):
            total += i * i % 7
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def health_baseline(base: str, samples: int = 50) -> float:
    """Median milliseconds of ``GET /health`` one at a time, with no other load."""
    times = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for _ in range(samples):
            started = time.perf_counter()
            client.get("/health")
            times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 2)


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` and its live descendants
    (the web processes of ``--workers``), read from /proc; 0.0 where /proc is missing."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        # After the name: state, ppid, ... utime (12th), stime (13th).
        parents[int(stat.parent.name)] = int(fields[1])
        used[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / tick
    tree = {pid}
    grew = True
    while grew:
        grew = False
        for child, parent in parents.items():
            if parent in tree and child not in tree:
                tree.add(child)
                grew = True
    return sum(used.get(p, 0.0) for p in tree)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _reset_postgres(url: str) -> None:
    """Empty the benchmark's own PostgreSQL database (every table of its public schema)."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    async def reset() -> None:
        engine = create_async_engine(url)
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await engine.dispose()

    asyncio.run(reset())


def _demo_server(
    folder: Path, database_url: str | None = None, workers: int = 1, log: str | None = None
) -> tuple[subprocess.Popen, str, dict[str, str]]:
    env = {
        **os.environ,
        "JOBS_DATA_DIR": str(folder),
        "JOBS_DATABASE_URL": database_url or f"sqlite+aiosqlite:///{folder / 'jobs.sqlite3'}",
        "JOBS_DEMO_PASSWORD": PASSWORD,
        # 50 users share six sessions here (a staff account signs in once per 30-second code),
        # so the API's per-session limit is raised to what 50 sessions would have between them.
        "JOBS_RATE_API": os.environ.get("JOBS_RATE_API", str(API_LIMIT_FOR_50_USERS)),
    }
    if database_url:
        _reset_postgres(database_url)
    jobs = [sys.executable, "-m", "jobs"]
    for step in (["db", "upgrade"], ["demo"]):
        subprocess.run([*jobs, *step], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [
            *jobs,
            "serve",
            "--port",
            str(port),
            *(["--workers", str(workers)] if workers > 1 else []),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(log, "a") if log else subprocess.DEVNULL,  # noqa: SIM115 (the server's)
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return server, base, env
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("jobs serve did not come up")


def _code_from(env: dict[str, str]) -> Callable[[str], str]:
    """The current sign-in code of a demo staff account (``jobs users code``)."""

    used: set[tuple[str, str]] = set()

    def code(email: str) -> str:
        # A code signs in once (replays are refused): a second session of the same account
        # waits for the next 30-second code.
        deadline = time.monotonic() + 45
        while True:
            run = subprocess.run(
                [sys.executable, "-m", "jobs", "users", "code", email],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            found = run.stdout.strip().split()[-1]
            if (email, found) not in used or time.monotonic() > deadline:
                used.add((email, found))
                return found
            time.sleep(2)

    return code


def run_once(args: argparse.Namespace, database_url: str | None, workers: int) -> dict:
    """Serve (unless ``--url``), measure the baselines, load; the figures."""
    password = os.environ.get("JOBS_DEMO_PASSWORD") or PASSWORD
    server = None
    code = None
    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        base = args.url
        if base is None:
            server, base, env = _demo_server(Path(folder), database_url, workers, args.server_log)
            code = _code_from(env)
        try:
            health = health_baseline(base)
            cpu_before = tree_cpu_seconds(server.pid) if server is not None else 0.0
            client_before = time.process_time()
            figures = _run(
                load(
                    base,
                    args.account or list(DEMO_ACCOUNTS),
                    password,
                    users=args.users,
                    requests=args.requests,
                    seconds=args.seconds,
                    code=code,
                    client=args.client,
                )
            )
            if figures["requests"]:
                # This process is the load's client, on the same cores as the server.
                spent_here = time.process_time() - client_before
                figures["client_cpu_ms_per_request"] = round(
                    spent_here * 1000 / figures["requests"], 2
                )
            if server is not None and figures["requests"]:
                spent = tree_cpu_seconds(server.pid) - cpu_before
                figures["server_cpu_ms_per_request"] = round(spent * 1000 / figures["requests"], 2)
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=60)
    figures["health_ms"] = health
    figures["p50_over_health"] = round(figures["p50_ms"] / health, 1) if health else None
    figures["database"] = (
        "postgresql" if database_url else "sqlite" if args.url is None else "the running server"
    )
    figures["workers"] = workers
    return figures


def report(figures: dict) -> None:
    kind, workers = figures["database"], figures["workers"]
    print(
        f"load ({kind}, {workers} web process{'es' if workers > 1 else ''}): "
        f"{figures['users']} users, {figures['requests']} requests in "
        f"{figures['seconds']}s = {figures['requests_per_second']} requests/s; "
        f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, p99 {figures['p99_ms']} ms; "
        f"errors {figures['errors']} ({figures['error_rate']:.3%}, goal < {ERROR_GOAL:.1%})"
    )
    print(
        f"  baselines this run: /health alone {figures['health_ms']} ms "
        f"(p50 under load = x{figures['p50_over_health']}), "
        f"CPU loop {figures['cpu_ms']} ms; load average {figures['load_average']}"
    )
    if "server_cpu_ms_per_request" in figures:
        print(
            f"  server CPU per request (all its processes, user + system): "
            f"{figures['server_cpu_ms_per_request']} ms"
        )
    if "client_cpu_ms_per_request" in figures:
        print(
            f"  the load's own client CPU per request ({figures['client']}, this process, the "
            f"same cores): "
            f"{figures['client_cpu_ms_per_request']} ms"
        )
    slowest = sorted(figures["p95_ms_by_page"].items(), key=lambda kv: -kv[1])[:5]
    print("  slowest pages by p95: " + ", ".join(f"{page} {ms:.0f} ms" for page, ms in slowest))
    goal = GOALS.get((kind, workers))
    if goal:
        rate, p95 = goal
        met = figures["requests_per_second"] >= rate and figures["p95_ms"] <= p95
        print(
            f"  goal: >= {rate:.0f} requests/s, p95 <= {p95:.0f} ms: {'met' if met else 'NOT met'}"
        )
    if kind in BEFORE and workers == 1:
        rate, p50, p95 = BEFORE[kind]
        print(
            f"  before issue #19 (its own run): {rate:.0f} requests/s, p50 {p50:.0f} ms, "
            f"p95 {p95:.0f} ms; now x{figures['requests_per_second'] / rate:.2f} the rate"
        )
    for kind_of_error, count in sorted(figures["error_kinds"].items()):
        print(f"  {count} x {kind_of_error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="Load this running server instead of a fresh demo one.")
    parser.add_argument("--account", action="append", help="Sign in as EMAIL (repeatable).")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--database-url", help="Serve this (emptied!) PostgreSQL database.")
    parser.add_argument("--workers", type=int, default=1, help="Web processes to serve with.")
    parser.add_argument(
        "--both",
        action="store_true",
        help="SQLite with 1 process, then JOBS_BENCH_DATABASE_URL with 2 (skipped when unset).",
    )
    parser.add_argument(
        "--client",
        choices=["lean", "httpx"],
        default="lean",
        help="The users' HTTP client: lean (load_client: a browser elsewhere costs these cores "
        "nothing) or httpx (about 1.4 ms of CPU per request on the server's cores).",
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--server-log", help="Append the served app's log to this file.")
    args = parser.parse_args()
    cpu = cpu_baseline()
    runs = [(args.database_url, args.workers)]
    if args.both or (args.url is None and args.database_url is None and args.workers == 1):
        runs = [(None, 1)]
        if os.environ.get("JOBS_BENCH_DATABASE_URL"):
            runs.append((os.environ["JOBS_BENCH_DATABASE_URL"], 2))
        else:
            print("(PostgreSQL run skipped: JOBS_BENCH_DATABASE_URL is not set)")
    failed = False
    for database_url, workers in runs:
        figures = run_once(args, database_url, workers)
        figures["cpu_ms"] = cpu
        figures["load_average"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
        if args.json:
            print(json.dumps(figures))
        else:
            report(figures)
        failed = failed or figures["error_rate"] >= ERROR_GOAL
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
