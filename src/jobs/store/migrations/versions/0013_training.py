"""Credentials a participant is training for (participants.training, a JSON list).

Revision ID: 0013_training
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jobs.store.base import JSONDocument

revision = "0013_training"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.add_column(
            sa.Column("training", JSONDocument, nullable=False, server_default=sa.text("'[]'"))
        )
    with op.batch_alter_table("participants") as batch:
        batch.alter_column("training", server_default=None)  # the model fills it


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("training")
