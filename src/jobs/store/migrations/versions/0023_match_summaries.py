"""Match summaries: a participant's last whole ranking summed up (postings per tier, rows kept,
postings per reason code), so that only the best of each tier is kept as match rows.

``tiers`` holds a sealed token (EncryptedJSON is text).

Revision ID: 0023_match_summaries
Revises: 0022_outbox
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jobs.store.base import UTCDateTime

revision = "0023_match_summaries"
down_revision = "0022_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "match_summaries",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("kept_per_tier", sa.Integer(), nullable=False),
        sa.Column("tiers", sa.Text(), nullable=False),
        sa.Column("computed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_match_summaries_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("participant_id", name=op.f("pk_match_summaries")),
    )


def downgrade() -> None:
    op.drop_table("match_summaries")
