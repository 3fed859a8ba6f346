"""Crash test: `jobs serve` is killed with SIGKILL at a random moment while a participant says
"I'm interested" in job after job, 20 times over; every interest that was acknowledged (a 303
answer) is still there after each restart, and SQLite's ``PRAGMA integrity_check`` stays clean.

Runs on SQLite by default and on PostgreSQL when JOBS_TEST_DATABASE_URL is set (there the
database's own check is PostgreSQL's business; the acknowledged writes are still checked).
"""

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import httpx
from sqlalchemy.engine import make_url

from tests.conftest import ROOT
from tests.integration.web.world import PASSWORD
from tests.support.db import query
from tests.support.served import csrf_of, free_port, sign_in, world_database

ROUNDS = 20
WRITERS = 3
MATCHED = 1500


def _wait_until_up(base: str, pid: int, log_path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    raise AssertionError(f"jobs serve did not come up:\n{log_path.read_text()[-3000:]}")


def _say_interested(base, cookies, csrf, postings, acknowledged, stop) -> None:
    """Say "I'm interested" in one job after another until the server dies; note each
    acknowledged one."""
    with httpx.Client(base_url=base, cookies=cookies, timeout=10) as client:
        while not stop.is_set():
            try:
                posting_id = postings.pop()
            except IndexError:
                return
            try:
                response = client.post(
                    f"/me/jobs/{posting_id}/interest",
                    data={"csrf_token": csrf},
                    follow_redirects=False,
                )
            except httpx.TransportError:
                return  # the server was killed under us: this write was never acknowledged
            assert response.status_code == 303, response.text[:300]
            acknowledged.append(posting_id)


def _integrity(url: str) -> list[str]:
    path = make_url(url).database
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]


def test_every_acknowledged_write_survives_sigkill(settings, cli_env, tmp_path):
    world = world_database(settings, matched_postings=MATCHED)
    ana = world.participants["ana"]
    postings = sorted(world.postings.values())
    url = settings.database.url
    log_path = tmp_path / "serve.log"
    forks = subprocess.Popen(
        [sys.executable, "-m", "tests.support.forked_server", str(log_path)],
        cwd=ROOT,
        env={**os.environ, **cli_env, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    rng = random.Random(8)
    acknowledged: list[str] = []
    session: tuple[dict, str] | None = None
    try:
        for round_no in range(ROUNDS):
            port = free_port()
            forks.stdin.write(f"--port {port}\n")
            forks.stdin.flush()
            pid = int(forks.stdout.readline())
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(base, pid, log_path)
            if session is None:  # sessions live in the database: one sign-in outlives crashes
                with httpx.Client(base_url=base, timeout=10) as client:
                    csrf = sign_in(client, "part1@example.org", PASSWORD, "/me/profile")
                    session = (dict(client.cookies), csrf)
            else:
                with httpx.Client(base_url=base, cookies=session[0], timeout=10) as client:
                    assert csrf_of(client.get("/me/profile").text) == session[1]
            stop = threading.Event()
            writers = [
                threading.Thread(
                    target=_say_interested,
                    args=(base, session[0], session[1], postings, acknowledged, stop),
                )
                for _ in range(WRITERS)
            ]
            for writer in writers:
                writer.start()
            # Kill at a random moment once the stream of writes is flowing.
            flowing = len(acknowledged) + 1
            deadline = time.monotonic() + 60
            while len(acknowledged) < flowing and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 1.0))
            os.kill(pid, signal.SIGKILL)
            stop.set()
            for writer in writers:
                writer.join(15)
            stored = {
                posting_id
                for (posting_id,) in query(
                    url, "SELECT posting_id FROM interests WHERE participant_id = :p", p=ana
                )
            }
            missing = [posting_id for posting_id in acknowledged if posting_id not in stored]
            assert missing == [], f"round {round_no}: acknowledged but lost: {missing}"
            if settings.database.is_sqlite:
                assert _integrity(url) == ["ok"], f"round {round_no}"
    finally:
        forks.stdin.close()
        forks.wait(timeout=10)
        forks.stdout.close()
    print(f"crash test: {ROUNDS} SIGKILLs, {len(acknowledged)} acknowledged writes, none lost")
    assert len(acknowledged) >= ROUNDS  # writes were flowing in every round
