"""Claims on background work (scheduled sync) with a lease.

Revision ID: 0009_work_claims
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jobs.store.base import UTCDateTime

revision = "0009_work_claims"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "work_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("worker", sa.String(length=200), nullable=True),
        sa.Column("claimed_at", UTCDateTime(), nullable=True),
        sa.Column("lease_expires_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_claims")),
        sa.UniqueConstraint("kind", "key", name=op.f("uq_work_claims_kind_key")),
    )


def downgrade() -> None:
    op.drop_table("work_claims")
