"""Schema migrations through Alembic, on the project's own engine (SQLite or PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    """An Alembic config pointing at our migration scripts (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _run(sync_connection: Any, action: str, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = sync_connection
    getattr(command, action)(config, revision)


async def upgrade(engine: AsyncEngine, revision: str = "heads") -> None:
    """Create or upgrade the schema to ``revision`` (every branch's newest by default)."""
    async with engine.begin() as conn:
        await conn.run_sync(_run, "upgrade", revision)


async def downgrade(engine: AsyncEngine, revision: str = "base") -> None:
    """Take the schema back to ``revision`` (``base`` drops every table)."""
    async with engine.begin() as conn:
        await conn.run_sync(_run, "downgrade", revision)


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision(s) the database is at, comma-separated, or None when never migrated."""

    def read(sync_connection: Any) -> tuple[str, ...]:
        return MigrationContext.configure(sync_connection).get_current_heads()

    async with engine.connect() as conn:
        heads = await conn.run_sync(read)
    return ",".join(sorted(heads)) or None


def head_revision() -> str | None:
    """The newest revision(s) among the migration scripts, comma-separated.

    Features developed side by side may each add a branch from the same parent; ``heads``
    upgrades them all, and a merge revision joins them later.
    """
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    return ",".join(sorted(heads)) or None
