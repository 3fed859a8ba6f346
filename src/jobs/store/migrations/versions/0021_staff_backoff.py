"""Staff sign-in back-off: ``users.locked_until`` says when a progressive back-off ends.

Added with ADD COLUMN (never a table copy: SQLite would cascade child rows away). Downgrading
drops it; locks then fall back to ``locked_at`` plus the fixed wait.

Revision ID: 0021_staff_backoff
Revises: 0014_api_token_limits
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jobs.store.base import UTCDateTime

revision = "0021_staff_backoff"
down_revision = "0014_api_token_limits"  # on top of an existing head: no new branch
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("locked_until", UTCDateTime(), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE users DROP COLUMN locked_until")
