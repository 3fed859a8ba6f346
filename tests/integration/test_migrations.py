"""Migrations go up, down and up again, and agree with the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from jobs.store import metadata
from jobs.store.migrate import current_revision, downgrade, head_revision, upgrade
from tests.support.db import engine_for

pytestmark = pytest.mark.anyio


def _tables(sync_conn):
    return set(inspect(sync_conn).get_table_names()) - {"alembic_version"}


def _differences(sync_conn):
    context = MigrationContext.configure(sync_conn, opts={"compare_type": True})
    return compare_metadata(context, metadata)


async def test_upgrade_downgrade_upgrade(settings):
    engine = engine_for(settings)
    try:
        await upgrade(engine)
        assert await current_revision(engine) == head_revision()
        async with engine.connect() as conn:
            assert await conn.run_sync(_tables) == set(metadata.tables)
        await downgrade(engine, "base")
        assert await current_revision(engine) is None
        async with engine.connect() as conn:
            assert await conn.run_sync(_tables) == set()
        await upgrade(engine)
        assert await current_revision(engine) == head_revision()
    finally:
        await engine.dispose()


async def test_models_and_migrations_agree(engine):
    async with engine.connect() as conn:
        differences = await conn.run_sync(_differences)
    assert differences == [], f"models and migrations disagree: {differences}"
