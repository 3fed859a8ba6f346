"""Alembic environment. Migrations run on a connection handed in by ``jobs.store.migrate``."""

from __future__ import annotations

from alembic import context

from jobs.store import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when someone runs bare `alembic`
    raise RuntimeError("run migrations with `jobs db upgrade`, which supplies the connection")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
