"""A demo database loaded through the CLI, shared by a test module (loading takes a while)."""

from __future__ import annotations

import asyncio
import os

from click.testing import CliRunner

from jobs.cli import main
from tests.conftest import POSTGRES_URL, _empty_postgres

DEMO_PASSWORD = "amber lantern orchard drift"


def demo_env(folder) -> dict[str, str]:
    """Migrate a fresh database (PostgreSQL when the suite runs on it) in ``folder``, load the
    Kansas City demo into it, and return the CLI environment that reaches it."""
    url = POSTGRES_URL or f"sqlite+aiosqlite:///{folder / 'demo.sqlite3'}"
    if POSTGRES_URL:
        asyncio.run(_empty_postgres(POSTGRES_URL))
    env = {
        "JOBS_DATA_DIR": str(folder / "var"),
        "JOBS_DATABASE_URL": url,
        "JOBS_DEMO_PASSWORD": DEMO_PASSWORD,
        "PATH": os.environ.get("PATH", ""),
    }
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"], env=env).exit_code == 0
    loaded = runner.invoke(main, ["demo"], env=env)
    assert loaded.exit_code == 0, loaded.output
    return env
