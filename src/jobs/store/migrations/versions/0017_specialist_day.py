"""The specialist's day: a staff phone for the officer's packet, the officer's approval recorded
on a referral, and forms kept across an expired session.

Revision ID: 0017_specialist_day
Revises: 0008_encryption

Plain ADD/DROP COLUMN on both databases (no SQLite batch copy: a copy of ``users`` would cascade
away the rows that refer to it).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jobs.store.base import UTCDateTime

revision = "0017_specialist_day"
down_revision = "0008_encryption"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("phone", sa.String(length=40), nullable=False, server_default=""),
    )
    op.add_column("referrals", sa.Column("approved_by", sa.String(length=200), nullable=True))
    op.add_column("referrals", sa.Column("approved_on", sa.Date(), nullable=True))
    op.create_table(
        "form_drafts",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_form_drafts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_form_drafts")),
    )
    op.create_index("ix_form_drafts_user_id", "form_drafts", ["user_id"])
    op.create_index("ix_form_drafts_expires_at", "form_drafts", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_form_drafts_expires_at", table_name="form_drafts")
    op.drop_index("ix_form_drafts_user_id", table_name="form_drafts")
    op.drop_table("form_drafts")
    op.execute("ALTER TABLE referrals DROP COLUMN approved_on")
    op.execute("ALTER TABLE referrals DROP COLUMN approved_by")
    op.execute("ALTER TABLE users DROP COLUMN phone")
