"""Portal pages under load: 50 participants, 5,000 open postings, a match for every pair.

Figures: median and p95 time of the specialist's matches page and of the participant's page
(timed from a client process over loopback, so they include a little network time), requests
per second under concurrent load from that second process, and the ratio of each median to the
median of ``GET /health`` measured the same way in the same run. Goal (issue #7): p95 <= 200 ms.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import insert

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from jobs.services.accounts import hash_password  # noqa: E402
from jobs.services.totp import code_at  # noqa: E402
from jobs.settings import Settings  # noqa: E402
from jobs.store import (  # noqa: E402
    CaseloadAssignment,
    Employer,
    Match,
    Participant,
    Posting,
    Source,
    User,
)
from jobs.store.audit import load_or_create_audit_key  # noqa: E402
from jobs.store.encryption import key_ring_source  # noqa: E402
from jobs.store.engine import create_engine, session_factory  # noqa: E402
from jobs.store.migrate import upgrade  # noqa: E402

PARTICIPANTS, POSTINGS, SAMPLES = 50, 5_000, 150
PASSWORD = "bench passphrase long enough"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TIERS = ("eligible", "needs_approval", "excluded")


async def seed(settings: Settings) -> None:
    """Write the data set straight into the tables (no engine, no extraction)."""
    engine = create_engine(
        settings.database, key_ring_source(settings), load_or_create_audit_key(settings.data_dir)
    )
    await upgrade(engine)
    rng = random.Random(7)
    # Participants and users have columns encrypted at rest, sealed per row by the ORM.
    async with session_factory(engine)() as session, session.begin():
        session.add_all(
            Participant(
                id=p,
                external_ref=f"B-{p:03d}",
                name=f"Person {p}",
                home_lat=39.05,
                home_lon=-94.55,
                skills=[],
                credentials=[],
                work_history=[],
                desired_titles=[],
                availability=[],
            )
            for p in range(1, PARTICIPANTS + 1)
        )
        await session.flush()
        hashed = hash_password(PASSWORD)
        session.add_all(
            [
                User(
                    id=1,
                    email="spec@example.org",
                    role="specialist",
                    password_hash=hashed,
                    totp_secret=TOTP_SECRET,
                    totp_enabled_at=datetime.now(UTC),
                ),
                User(
                    id=2,
                    email="part@example.org",
                    role="participant",
                    password_hash=hashed,
                    participant_id=1,
                ),
            ]
        )
    async with engine.begin() as conn:
        await conn.execute(
            insert(Employer),
            [
                {"id": i, "key": f"e{i}", "name": f"Employer {i}", "status": "approved"}
                for i in range(1, 101)
            ],
        )
        await conn.execute(
            insert(Source), [{"id": 1, "name": "bench", "kind": "portal", "config": {}}]
        )
        await conn.execute(
            insert(Posting),
            [
                {
                    "id": i,
                    "source_id": 1,
                    "source_job_id": f"j{i}",
                    "employer_id": 1 + i % 100,
                    "employer_name": f"Employer {1 + i % 100}",
                    "title": f"Warehouse role {i}",
                    "locations": [
                        {
                            "text": "Kansas City, MO",
                            "lat": 39.0 + rng.random() / 5,
                            "lon": -94.6 + rng.random() / 5,
                        }
                    ],
                    "pay_min": 14 + rng.random() * 8,
                    "pay_max": 18 + rng.random() * 8,
                    "pay_unit": "hour",
                    "content_hash": str(i),
                    "status": "open",
                }
                for i in range(1, POSTINGS + 1)
            ],
        )
        await conn.execute(
            insert(CaseloadAssignment),
            [{"specialist_id": 1, "participant_id": p} for p in range(1, PARTICIPANTS + 1)],
        )
        for p in range(1, PARTICIPANTS + 1):
            await conn.execute(
                insert(Match),
                [
                    {
                        "participant_id": p,
                        "posting_id": j,
                        "tier": TIERS[rng.randrange(3)],
                        "score": round(rng.random() * 100, 1),
                        "components": {
                            "skills": 0.5,
                            "title": 0.4,
                            "transit": 0.7,
                            "pay": 0.6,
                            "schedule": 0.5,
                            "fair_chance": 0.5,
                        },
                        "reasons": [
                            {"code": "x", "tier": "eligible", "text": "Matches 2 of 3 skills"}
                        ],
                        "transit": {"minutes": rng.randrange(10, 90), "transfers": 1},
                        "review_status": "new",
                    }
                    for j in range(1, POSTINGS + 1)
                ],
            )
    await engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sign_in(client: httpx.Client, email: str) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    code = code_at(TOTP_SECRET, datetime.now(UTC))  # staff sign in with a second factor
    done = client.post(
        "/login", data={"email": email, "password": PASSWORD, "code": code, "csrf_token": token}
    )
    assert done.status_code == 303, done.status_code


def timed(client: httpx.Client, path: str, n: int) -> list[float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times


def p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


async def load(base: str, cookies: dict[str, httpx.Cookies], seconds: float, workers: int) -> int:
    paths = [("spec", f"/participants/{p}/matches") for p in range(1, PARTICIPANTS + 1)]
    paths.append(("part", "/me/jobs"))
    done = 0
    stop = time.perf_counter() + seconds

    async def worker(seed: int) -> None:
        nonlocal done
        rng = random.Random(seed)
        clients = {
            k: httpx.AsyncClient(base_url=base, cookies=c, timeout=60) for k, c in cookies.items()
        }
        try:
            while time.perf_counter() < stop:
                who, path = rng.choice(paths)
                response = await clients[who].get(path)
                assert response.status_code == 200
                done += 1
        finally:
            for c in clients.values():
                await c.aclose()

    await asyncio.gather(*(worker(i) for i in range(workers)))
    return done


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.sqlite3"
        env = {
            **os.environ,
            "JOBS_DATABASE_URL": url,
            "JOBS_DATA_DIR": folder,
            "PYTHONPATH": str(ROOT / "src"),
        }
        started = time.perf_counter()
        asyncio.run(seed(Settings.from_env(env)))  # sealed with the server's key ring
        print(
            f"seeded {PARTICIPANTS} participants x {POSTINGS} postings "
            f"({PARTICIPANTS * POSTINGS:,} matches) in {time.perf_counter() - started:.1f} s"
        )
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "jobs", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    httpx.get(f"{base}/health", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            with (
                httpx.Client(base_url=base) as spec,
                httpx.Client(base_url=base) as part,
                httpx.Client(base_url=base) as anon,
            ):
                sign_in(spec, "spec@example.org")
                sign_in(part, "part@example.org")
                timed(spec, "/participants/1/matches", 5)  # warm up
                health = timed(anon, "/health", SAMPLES)
                matches = []
                for p in range(1, SAMPLES + 1):
                    matches += timed(spec, f"/participants/{1 + p % PARTICIPANTS}/matches", 1)
                mine = timed(part, "/me/jobs", SAMPLES)
                cookies = {"spec": spec.cookies, "part": part.cookies}
            base_median = statistics.median(health)
            for name, values in (
                ("specialist matches page", matches),
                ("participant my-jobs page", mine),
            ):
                median = statistics.median(values)
                print(
                    f"{name}: median {median:.1f} ms, p95 {p95(values):.1f} ms "
                    f"(x{median / base_median:.1f} of /health {base_median:.1f} ms)"
                    f"{'  OK' if p95(values) <= 200 else '  OVER the 200 ms goal'}",
                    flush=True,
                )
            seconds, workers = 10.0, 4
            count = asyncio.run(load(base, cookies, seconds, workers))
            print(
                f"load: {count / seconds:.0f} requests/s with {workers} concurrent clients "
                f"over {seconds:.0f} s"
            )
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
