"""Where a request's CPU goes: the pages of bench_load's walk, one at a time, in this process.

Builds the demo (as ``bench_load.py`` does), signs in as its participant, employer and
specialist, then asks each page of their walk ``--rounds`` times through the app in this
process (no HTTP server, no other load) and prints, per page kind (the path with its ids as
``{id}``): CPU milliseconds per request (``time.process_time``: every thread of this process,
the database driver's included, so it moves little with the machine's load) and SQL statements
per request. JOBS_BENCH_COST_DATABASE_URL names a PostgreSQL database to use instead of a
SQLite file (it is emptied). ``--profile`` adds cProfile's view of the whole walk: own time by
area (database, templates, audit, sealing, compression, logging, ...) and the costliest
functions. The figures include the in-process test client's own work (httpx, gunzip).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_load import DEMO_ACCOUNTS, PASSWORD, _code_from, _reset_postgres, _sign_in

IDS = re.compile(r"/\d+")
# Own time of a function, by the file it lives in: the first pattern that matches names its area.
AREAS = (
    ("database: sqlalchemy", "/sqlalchemy/"),
    ("database: driver (sqlite3/aiosqlite/asyncpg)", r"/(aiosqlite|asyncpg)/|sqlite3|_sqlite"),
    ("templates: jinja2", r"/jinja2/|<template>|templates/"),
    ("sealed columns: cryptography", r"/cryptography/|jobs/crypto\.py|store/encryption"),
    ("audit chain", r"jobs/(services|store)/audit"),
    ("compression: gzip/zlib", r"gzip|zlib|compression"),
    ("logging", r"/logging/|logging_config|hardening\.py"),
    ("litestar", r"/litestar/"),
    ("advanced_alchemy", r"/advanced_alchemy/"),
    ("msgspec/json", r"msgspec|/json/"),
    ("jobs: web", r"jobs/web/"),
    ("jobs: services", r"jobs/services/"),
    ("jobs: other", r"/jobs/"),
    ("asyncio/threads", r"/asyncio/|threading|selectors|concurrent"),
    ("httpx/anyio (the test client)", r"/httpx/|/anyio/|/httpcore/|litestar/testing"),
)


# Functions whose own time is the profiled thread waiting, not working.
WAITING = frozenset(
    {"<method 'poll' of 'select.epoll' objects>", "<method 'acquire' of '_thread.lock' objects>"}
)


def area_of(filename: str) -> str:
    for name, pattern in AREAS:
        if re.search(pattern, filename):
            return name
    return "other (stdlib, builtins)"


def _demo(folder: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "JOBS_DATA_DIR": str(folder),
        "JOBS_DATABASE_URL": os.environ.get("JOBS_BENCH_COST_DATABASE_URL")
        or f"sqlite+aiosqlite:///{folder / 'jobs.sqlite3'}",
        "JOBS_DEMO_PASSWORD": PASSWORD,
    }
    if os.environ.get("JOBS_BENCH_COST_DATABASE_URL"):
        _reset_postgres(env["JOBS_DATABASE_URL"])  # emptied: its keys are this run's
    for step in (["db", "upgrade"], ["demo"]):
        subprocess.run(
            [sys.executable, "-m", "jobs", *step], env=env, check=True, capture_output=True
        )
    os.environ.update(env)
    return env


async def walk(
    rounds: int, profile: cProfile.Profile | None, show_sql: bool = False, only: str = ""
) -> dict[str, Any]:
    import httpx

    from jobs.app import create_app
    from jobs.cli.runtime import load_runtime

    env = dict(os.environ)
    statements = [0]
    said: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements[0] += 1
        said.append(" ".join(statement.split())[:150])

    event.listen(Engine, "before_cursor_execute", count)
    app = create_app(load_runtime().settings)
    figures: dict[str, list[tuple[float, int]]] = defaultdict(list)
    base = "http://127.0.0.1"
    # The app runs on this thread's event loop (cProfile sees only this thread).
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
    async with lifespan(app), httpx.AsyncClient(transport=transport, base_url=base) as client:
        walks = []
        for email in DEMO_ACCOUNTS:
            client.cookies.clear()
            # Sign in through this app (the helper's own client would need a server).
            cookies, pages = await _sign_in_here(client, email, _code_from(env))
            walks.append((dict(cookies), pages))
        for cookies, pages in walks:  # warm: templates compiled, caches filled
            client.cookies.clear()
            client.cookies.update(cookies)
            for path in pages:
                await client.get(path)
        # Timed rounds first, then (with a profile) as many profiled ones, not counted: cProfile
        # slows what it watches.
        shown: set[str] = set()
        for number in range(rounds * (2 if profile is not None else 1)):
            watching = profile if number >= rounds else None
            for cookies, pages in walks:
                client.cookies.clear()
                client.cookies.update(cookies)
                for path in pages:
                    if only and not re.search(only, IDS.sub("/{id}", path)):
                        continue
                    statements[0] = 0
                    said.clear()
                    if watching is not None:
                        watching.enable()
                    started = time.process_time()
                    answer = await client.get(path, headers={"accept-encoding": "gzip"})
                    spent = time.process_time() - started
                    if watching is not None:
                        watching.disable()
                    if answer.status_code != 200:
                        raise SystemExit(f"{path}: HTTP {answer.status_code}")
                    kind = IDS.sub("/{id}", path)
                    if watching is None:
                        figures[kind].append((spent, statements[0]))
                    if show_sql and kind not in shown:
                        shown.add(kind)
                        print(f"-- {kind}: {len(said)} statements")
                        for line in said:
                            print(f"   {line}")
    event.remove(Engine, "before_cursor_execute", count)
    return figures


@contextlib.asynccontextmanager
async def lifespan(app: Any) -> Any:
    """The app's startup and shutdown, as a server would drive them."""
    to_app: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    from_app: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
    running = asyncio.create_task(app(scope, to_app.get, from_app.put))
    await to_app.put({"type": "lifespan.startup"})
    started = await from_app.get()
    if started["type"] != "lifespan.startup.complete":
        raise SystemExit(f"the app did not start: {started}")
    try:
        yield
    finally:
        await to_app.put({"type": "lifespan.shutdown"})
        await from_app.get()
        await running


async def _sign_in_here(client: Any, email: str, code: Any) -> tuple[Any, list[str]]:
    """bench_load's sign-in, through the in-process client."""
    import bench_load

    real = bench_load.httpx.AsyncClient

    class Same:
        def __init__(self, **_kwargs: Any) -> None:
            pass

        async def __aenter__(self) -> Any:
            return client

        async def __aexit__(self, *_exc: Any) -> None:
            return None

    bench_load.httpx.AsyncClient = Same  # type: ignore[assignment,misc]
    try:
        return await _sign_in("", email, PASSWORD, code)
    finally:
        bench_load.httpx.AsyncClient = real  # type: ignore[misc]


def report(figures: dict[str, list[tuple[float, int]]]) -> None:
    total = sum(len(v) for v in figures.values())
    spent = sum(s for v in figures.values() for s, _ in v)
    print(f"{'page kind':42} {'CPU ms/request':>15} {'SQL/request':>12}")
    for kind, runs in sorted(figures.items(), key=lambda kv: -sum(s for s, _ in kv[1])):
        cpu = sorted(s for s, _ in runs)[len(runs) // 2] * 1000
        sql = sum(n for _, n in runs) / len(runs)
        print(f"{kind:42} {cpu:15.2f} {sql:12.1f}")
    print(f"{'all (mean, walk mix)':42} {spent * 1000 / total:15.2f}")


def profile_report(profile: cProfile.Profile, top: int) -> None:
    stats = pstats.Stats(profile)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    by_area: dict[str, float] = defaultdict(float)
    whole = 0.0
    for (filename, _line, name), (_cc, _nc, own, _cum, _callers) in raw.items():
        if name in WAITING:
            by_area["(waiting: event loop poll, locks; not CPU)"] += own
            continue
        by_area[area_of(filename)] += own
        whole += own
    print("\nown time by area (cProfile, the walk's requests only):")
    for area, own in sorted(by_area.items(), key=lambda kv: -kv[1]):
        share = f"{own / whole:6.1%}" if not area.startswith("(") else ""
        print(f"  {area:48} {own * 1000:9.1f} ms  {share}")
    print(f"\nthe {top} costliest functions by cumulative time in jobs/ and by own time:")
    stats.sort_stats("cumulative").print_stats(r"jobs/", top)
    stats.sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--show-sql", action="store_true", help="Each page kind's statements.")
    parser.add_argument("--only", default="", help="Only the page kinds this pattern matches.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-cost-") as folder:
        _demo(Path(folder))
        # CPU time of this thread (the event loop): waiting and being preempted count nothing.
        profile = cProfile.Profile(time.thread_time) if args.profile else None
        figures = asyncio.run(walk(args.rounds, profile, args.show_sql, args.only))
        report(figures)
        if profile is not None:
            profile_report(profile, args.top)


if __name__ == "__main__":
    main()
