"""API tokens get a scope (read or read-write) and an expiry.

Tokens made before this kept every right they had (read-write) but now expire 30 days after
the upgrade, so an integration has time to get a new one.

Revision ID: 0014_api_token_limits
Revises: 0013_employer_names
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from alembic import op

from jobs.store.base import UTCDateTime, utcnow

revision = "0014_api_token_limits"
down_revision = "0013_employer_names"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scope", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("expires_at", UTCDateTime(), nullable=True))
    tokens = sa.table("api_tokens", sa.column("scope"), sa.column("expires_at", UTCDateTime()))
    op.get_bind().execute(
        tokens.update().values(scope="read-write", expires_at=utcnow() + timedelta(days=30))
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.alter_column("scope", existing_type=sa.String(length=10), nullable=False)
        batch_op.alter_column("expires_at", existing_type=UTCDateTime(), nullable=False)
        batch_op.create_check_constraint(
            op.f("ck_api_tokens_scope"), "scope IN ('read','read-write')"
        )


def downgrade() -> None:
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_api_tokens_scope"), type_="check")
        batch_op.drop_column("expires_at")
        batch_op.drop_column("scope")
