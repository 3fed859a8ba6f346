"""Raw-record digests on postings (fast resync) and the geocoding cache.

Revision ID: 0004_sync_geocodes
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jobs.store.base import UTCDateTime

revision = "0004_sync_geocodes"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("postings") as batch:
        batch.add_column(sa.Column("raw_hash", sa.String(length=64), nullable=True))
    op.create_table(
        "geocoded_places",
        sa.Column("query", sa.String(length=400), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("precision", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=400), nullable=False),
        sa.Column("looked_up_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("query", name=op.f("pk_geocoded_places")),
    )


def downgrade() -> None:
    op.drop_table("geocoded_places")
    with op.batch_alter_table("postings") as batch:
        batch.drop_column("raw_hash")
