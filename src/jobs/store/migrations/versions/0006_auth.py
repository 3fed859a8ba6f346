"""Authentication: account lockout, TOTP second factor, half-done sign-ins and re-authentication.

Revision ID: 0006_auth
Revises: 0002 (it changes web_sessions, which 0002 made)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jobs.store.base import UTCDateTime

revision = "0006_auth"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locked_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("totp_secret", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("totp_enabled_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("stage", sa.String(length=12), nullable=False, server_default="signed_in")
        )
        batch_op.add_column(sa.Column("authenticated_at", UTCDateTime(), nullable=True))
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("failed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_sign_in_failures_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failures")),
    )
    with op.batch_alter_table("sign_in_failures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sign_in_failures_failed_at"), ["failed_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_sign_in_failures_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sign_in_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_failures_user_id"))
        batch_op.drop_index(batch_op.f("ix_sign_in_failures_failed_at"))
    op.drop_table("sign_in_failures")
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.drop_column("authenticated_at")
        batch_op.drop_column("stage")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_enabled_at")
        batch_op.drop_column("totp_secret")
        batch_op.drop_column("locked_at")
