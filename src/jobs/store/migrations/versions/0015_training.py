"""Credentials a participant is training for (participants.training, a JSON list).

Revision ID: 0015_training
Revises: 0001

Plain ADD/DROP COLUMN on both databases: on SQLite a batch copy of ``participants`` would drop
the old table, and its ON DELETE CASCADE children (records, supervision) with it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jobs.store.base import JSONDocument

revision = "0015_training"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "participants",
        sa.Column("training", JSONDocument, nullable=False, server_default=sa.text("'[]'")),
    )


def downgrade() -> None:
    op.execute("ALTER TABLE participants DROP COLUMN training")
