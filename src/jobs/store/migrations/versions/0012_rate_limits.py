"""Request counts per client and window, for rate limits shared by every app process.

Revision ID: 0012_rate_limits
Revises: 0009_work_claims
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jobs.store.base import UTCDateTime

revision = "0012_rate_limits"
down_revision = "0009_work_claims"  # on top of the other shared-store table: no new head
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_counts",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("window_start", UTCDateTime(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", "window_start", name=op.f("pk_rate_counts")),
    )
    op.create_index("ix_rate_counts_expires_at", "rate_counts", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_rate_counts_expires_at", table_name="rate_counts")
    op.drop_table("rate_counts")
